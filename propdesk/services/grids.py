"""Grids, grid workers, service stations and their projects (DOMAIN §6): the registry.

A grid (网格) has a code, a name, a grid leader (网格长) and the compounds it serves. Workers
(网格员) are full-time (专职), part-time (兼职, drawn from the property staff) or auxiliary (辅助),
serve one grid from a date to a date, and have a base monthly stipend; their bank account is
stored whole and shown whole only to the roles that pay the stipends, masked to everyone else
(core/roles.shown). A grid service station (网格党群服务驿站) has budgeted projects that surplus
allocations fund (services/surplus.py) up to their budgets.

API (each takes the caller's Session; ids in, frozen rows out):
    add_grid(s, code, name, leader="", compounds=()) -> GridRow
    edit_grid(s, grid_id, *, name=None, leader=None) -> GridRow
    grid_by_code(s, code) -> Grid;  list_grids(s) -> list[GridRow]
    assign_compounds(s, grid_id, compounds) / unassign_compound(s, grid_id, compound)
    add_worker(s, grid_id, name, kind, start, *, end=None, base_stipend=0, employee=None,
               phone="", bank_name="", bank_account="") -> WorkerRow
    edit_worker(s, worker_id, **changes) -> WorkerRow;  list_workers(s, grid_id=None, on=None)
    add_station(s, grid_id, name, address="") -> StationRow;  edit_station;  list_stations
    add_project(s, station_id, name, budget, status="planned") -> ProjectRow
    edit_project(s, project_id, *, name=None, budget=None, status=None, spent=None) -> ProjectRow
    list_projects(s, station_id=None) -> list[ProjectRow];  funded(s, project_ids) -> {id: fen}
    months_served(start, end, first_period, last_period) -> int
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from propdesk.core import roles
from propdesk.core.allocation import mask_account
from propdesk.core.errors import UserError
from propdesk.core.i18n import bilingual
from propdesk.core.periods import first_day, last_day, next_period
from propdesk.db.models import (
    AllocationLine,
    Compound,
    Grid,
    GridCompound,
    Station,
    StationProject,
    SurplusAllocation,
    Worker,
)
from propdesk.db.ordering import by_code
from propdesk.services import audit, registry
from propdesk.services.users import require, role_of

KINDS = {
    "full_time": bilingual("专职网格员", "full-time grid worker"),
    "part_time": bilingual("兼职网格员", "part-time grid worker"),
    "auxiliary": bilingual("辅助网格员", "auxiliary helper"),
}
KIND_BY_LABEL = {"专职": "full_time", "兼职": "part_time", "辅助": "auxiliary"}
PROJECT_STATUSES = {
    "planned": bilingual("计划", "planned"),
    "active": bilingual("实施中", "in progress"),
    "done": bilingual("已完成", "done"),
    "cancelled": bilingual("已取消", "cancelled"),
}
# projects that may still receive funding
OPEN_PROJECT = ("planned", "active")

T_NO_CODE = bilingual("请填写网格编号", "the grid needs a code")
T_NO_NAME = bilingual("请填写名称", "the name is empty")
T_GRID_EXISTS = bilingual("网格编号 {code} 已存在", "grid code {code} already exists")
T_NO_GRID = bilingual("网格 {grid} 不存在", "grid {grid} does not exist")
T_NO_WORKER = bilingual("网格员 {id} 不存在", "grid worker {id} does not exist")
T_NO_STATION = bilingual("驿站 {station} 不存在", "station {station} does not exist")
T_STATION_EXISTS = bilingual("驿站「{name}」已存在", 'station "{name}" already exists')
T_NO_PROJECT = bilingual("驿站项目 {project} 不存在", "station project {project} does not exist")
T_PROJECT_EXISTS = bilingual(
    "驿站「{station}」已有项目「{name}」", 'station "{station}" already has project "{name}"'
)
T_BAD_KIND = bilingual(
    "网格员类别「{kind}」无效（专职 / 兼职 / 辅助）",
    'worker kind "{kind}" is invalid (full_time / part_time / auxiliary)',
)
T_BAD_STATUS = bilingual(
    "项目状态「{status}」无效（{allowed}）", 'status "{status}" is invalid ({allowed})'
)
T_TERM = bilingual("离任日期 {end} 早于任职日期 {start}", "end {end} is before start {start}")
T_MONEY = bilingual("金额必须是不小于零的整数分", "the amount must be whole fen, zero or more")
T_BUDGET_FUNDED = bilingual(
    "预算 {budget} 少于已拨付的 {funded}",
    "budget {budget} is less than the {funded} already funded",
)
T_BAD_FIELD = bilingual("不能修改字段「{field}」", 'field "{field}" cannot be changed')


T_STALE = bilingual(
    "「{what}」在您打开后已被他人修改（您看到的是第 {seen} 版，现在是第 {now} 版）：请刷新后再改",
    '"{what}" was changed by someone else since you opened it (you saw version {seen}, it is now'
    " {now}): refresh and make your change again",
)


def check_version(record: Any, expected: int | None, what: str) -> None:
    """Refuse an edit made from an older version of `record` (None: the caller does not say)."""
    if expected is not None and expected != record.version:
        raise UserError(T_STALE, what=what, seen=expected, now=record.version)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _text(value: str, max_len: int) -> str:
    return " ".join((value or "").split())[:max_len]


def _money(value: int) -> int:
    if type(value) is not int or value < 0:
        raise UserError(T_MONEY)
    return value


def kind_code(kind: str) -> str:
    """'full_time' or its Chinese label ('专职', '专职网格员') -> the stored code."""
    k = (kind or "").strip()
    k = KIND_BY_LABEL.get(k.removesuffix("网格员"), k.lower().replace("-", "_"))
    if k not in KINDS:
        raise UserError(T_BAD_KIND, kind=kind)
    return k


# -- rows crossing the layer -------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class GridRow:
    id: int
    code: str
    name: str
    leader: str
    compounds: tuple[str, ...]
    workers: int  # serving today
    stations: int
    version: int = 1  # give it back to the edit: a change made meanwhile is not overwritten


@dataclass(frozen=True, slots=True)
class WorkerRow:
    id: int
    name: str
    kind: str
    grid_id: int
    grid_code: str
    grid_name: str
    start: date
    end: date | None
    base_stipend: int
    employee: bool
    phone: str
    bank_name: str
    bank_account: str  # whole for admin and accountant, else masked: 6222 **** **** 0123
    version: int = 1

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind].format()


@dataclass(frozen=True, slots=True)
class StationRow:
    id: int
    grid_id: int
    grid_code: str
    name: str
    address: str
    projects: int
    version: int = 1


@dataclass(frozen=True, slots=True)
class ProjectRow:
    id: int
    station_id: int
    station: str
    grid_id: int
    grid_code: str
    name: str
    budget: int
    funded: int  # by approved allocations
    spent: int
    status: str
    version: int = 1

    @property
    def unfunded(self) -> int:
        return max(0, self.budget - self.funded)

    @property
    def status_label(self) -> str:
        return PROJECT_STATUSES[self.status].format()


# -- grids ---------------------------------------------------------------------------------------
def _grid(session: Session, grid_id: int) -> Grid:
    g = session.get(Grid, grid_id)
    if g is None:
        raise UserError(T_NO_GRID, grid=grid_id)
    return g


def grid_by_code(session: Session, code: str) -> Grid:
    g = session.execute(select(Grid).where(Grid.code == code.strip())).scalar_one_or_none()
    if g is None:
        raise UserError(T_NO_GRID, grid=code)
    return g


def _compound(session: Session, compound: str | int) -> Compound:
    if isinstance(compound, int):
        c = session.get(Compound, compound)
        if c is None:
            raise UserError(registry.T_NO_COMPOUND, name=compound)
        return c
    return registry.compound_by_name(session, compound)


def add_grid(
    session: Session, code: str, name: str, leader: str = "", compounds: Sequence[str | int] = ()
) -> GridRow:
    code, name, leader = _text(code, 20), _text(name, 100), _text(leader, 100)
    if not code:
        raise UserError(T_NO_CODE)
    if not name:
        raise UserError(T_NO_NAME)
    if session.execute(select(Grid.id).where(Grid.code == code)).first():
        raise UserError(T_GRID_EXISTS, code=code)
    g = Grid(code=code, name=name, leader=leader, created_at=_now())
    session.add(g)
    session.flush()
    audit.record(
        session, "grid.add", "grid", g.id, after={"code": code, "name": name, "leader": leader}
    )
    if compounds:
        assign_compounds(session, g.id, compounds)
    return grid_row(session, g.id)


def edit_grid(
    session: Session, grid_id: int, *, name: str | None = None, leader: str | None = None,
    expected_version: int | None = None,
) -> GridRow:  # fmt: skip
    g = _grid(session, grid_id)
    check_version(g, expected_version, g.name)
    before = {"name": g.name, "leader": g.leader}
    if name is not None:
        if not _text(name, 100):
            raise UserError(T_NO_NAME)
        g.name = _text(name, 100)
    if leader is not None:
        g.leader = _text(leader, 100)
    session.flush()
    audit.record(session, "grid.edit", "grid", g.id, before=before,
                 after={"name": g.name, "leader": g.leader})  # fmt: skip
    return grid_row(session, g.id)


def assign_compounds(session: Session, grid_id: int, compounds: Iterable[str | int]) -> None:
    """Add compounds to a grid (already assigned ones are left as they are)."""
    g = _grid(session, grid_id)
    have = set(
        session.execute(
            select(GridCompound.compound_id).where(GridCompound.grid_id == g.id)
        ).scalars()
    )
    added = []
    for ref in compounds:
        c = _compound(session, ref)
        if c.id not in have:
            session.add(GridCompound(grid_id=g.id, compound_id=c.id))
            have.add(c.id)
            added.append(c.name)
    session.flush()
    if added:
        audit.record(session, "grid.assign", "grid", g.id, after={"compounds": added})


def unassign_compound(session: Session, grid_id: int, compound: str | int) -> None:
    g = _grid(session, grid_id)
    c = _compound(session, compound)
    link = session.get(GridCompound, (g.id, c.id))
    if link is not None:
        session.delete(link)
        session.flush()
        audit.record(session, "grid.unassign", "grid", g.id, after={"compound": c.name})


def grid_row(session: Session, grid_id: int) -> GridRow:
    rows = list_grids(session, [grid_id])
    if not rows:
        raise UserError(T_NO_GRID, grid=grid_id)
    return rows[0]


def list_grids(
    session: Session, ids: Sequence[int] | None = None, *, on: date | None = None
) -> list[GridRow]:
    on = on or date.today()
    q = select(Grid).order_by(by_code(Grid.code))
    if ids is not None:
        q = q.where(Grid.id.in_(ids))
    grids = session.execute(q).scalars().all()
    names: dict[int, list[str]] = {}
    for gid, cname in session.execute(
        select(GridCompound.grid_id, Compound.name)
        .join(Compound, Compound.id == GridCompound.compound_id)
        .order_by(by_code(Compound.name))
    ):
        names.setdefault(gid, []).append(cname)
    workers = dict(
        session.execute(
            select(Worker.grid_id, func.count())
            .where(Worker.start <= on, (Worker.end.is_(None)) | (Worker.end >= on))
            .group_by(Worker.grid_id)
        ).all()
    )
    stations = dict(
        session.execute(select(Station.grid_id, func.count()).group_by(Station.grid_id)).all()
    )
    return [
        GridRow(g.id, g.code, g.name, g.leader, tuple(names.get(g.id, ())),
                int(workers.get(g.id, 0)), int(stations.get(g.id, 0)), g.version)
        for g in grids
    ]  # fmt: skip


# -- workers -------------------------------------------------------------------------------------
def _worker_row(session: Session, w: Worker, g: Grid) -> WorkerRow:
    """The worker as the session's role may see them: the bank account whole for the roles that
    pay the stipends (admin, accountant), masked for everyone else (core/roles.shown)."""
    account = roles.shown(role_of(session), roles.BANK_ACCOUNT, w.bank_account)
    return WorkerRow(
        w.id, w.name, w.kind, g.id, g.code, g.name, w.start, w.end, w.base_stipend, w.employee,
        w.phone, w.bank_name, account, w.version,
    )  # fmt: skip


def add_worker(
    session: Session,
    grid_id: int,
    name: str,
    kind: str,
    start: date,
    *,
    end: date | None = None,
    base_stipend: int = 0,
    employee: bool | None = None,
    phone: str = "",
    bank_name: str = "",
    bank_account: str = "",
) -> WorkerRow:
    """A grid worker. `employee` defaults to True for part-time workers (drawn from the
    company's property staff, so paid through 2211) and False for everyone else (2241)."""
    g = _grid(session, grid_id)
    name = _text(name, 100)
    if not name:
        raise UserError(T_NO_NAME)
    k = kind_code(kind)
    if end is not None and end < start:
        raise UserError(T_TERM, start=start, end=end)
    w = Worker(
        name=name, kind=k, grid_id=g.id, start=start, end=end, base_stipend=_money(base_stipend),
        employee=(k == "part_time") if employee is None else bool(employee),
        phone=_text(phone, 32), bank_name=_text(bank_name, 100),
        bank_account="".join(bank_account.split())[:40], created_at=_now(),
    )  # fmt: skip
    session.add(w)
    session.flush()
    audit.record(session, "worker.add", "worker", w.id, after={
        "name": name, "kind": k, "grid": g.code, "start": start.isoformat(),
        "end": end.isoformat() if end else None, "base_stipend": w.base_stipend,
        "employee": w.employee, "bank_account": mask_account(w.bank_account),
    })  # fmt: skip
    return _worker_row(session, w, g)


_WORKER_FIELDS = {"name", "kind", "grid_id", "start", "end", "base_stipend", "employee", "phone",
                  "bank_name", "bank_account"}  # fmt: skip


def edit_worker(
    session: Session, worker_id: int, *, expected_version: int | None = None, **changes: Any
) -> WorkerRow:
    """Change a worker's fields (name, kind, grid_id, start, end, base_stipend, employee, phone,
    bank_name, bank_account). Past allocations keep what they paid."""
    w = session.get(Worker, worker_id)
    if w is None:
        raise UserError(T_NO_WORKER, id=worker_id)
    check_version(w, expected_version, w.name)
    for key in changes:
        if key not in _WORKER_FIELDS:
            raise UserError(T_BAD_FIELD, field=key)
    before = {k: _plain(getattr(w, k)) for k in changes}
    for key, value in changes.items():
        if key == "kind":
            value = kind_code(value)
        elif key == "grid_id":
            value = _grid(session, value).id
        elif key == "name":
            value = _text(value, 100)
            if not value:
                raise UserError(T_NO_NAME)
        elif key == "base_stipend":
            value = _money(value)
        elif key == "bank_account":
            value = "".join((value or "").split())[:40]
        elif key in ("phone", "bank_name"):
            value = _text(value, 100 if key == "bank_name" else 32)
        setattr(w, key, value)
    if w.end is not None and w.end < w.start:
        raise UserError(T_TERM, start=w.start, end=w.end)
    session.flush()
    after = {k: _plain(getattr(w, k)) for k in changes}
    if "bank_account" in changes:
        before["bank_account"] = mask_account(str(before["bank_account"] or ""))
        after["bank_account"] = mask_account(w.bank_account)
    audit.record(session, "worker.edit", "worker", w.id, before=before, after=after)
    return _worker_row(session, w, _grid(session, w.grid_id))


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def list_workers(
    session: Session, grid_id: int | None = None, *, on: date | None = None, kind: str | None = None
) -> list[WorkerRow]:
    """Workers by grid code then name; `on` keeps only those serving that day."""
    q = select(Worker, Grid).join(Grid, Grid.id == Worker.grid_id).order_by(Grid.code, Worker.id)
    if grid_id is not None:
        q = q.where(Worker.grid_id == grid_id)
    if kind is not None:
        q = q.where(Worker.kind == kind_code(kind))
    if on is not None:
        q = q.where(Worker.start <= on, (Worker.end.is_(None)) | (Worker.end >= on))
    return [_worker_row(session, w, g) for w, g in session.execute(q).all()]


def bank_account(session: Session, worker_id: int) -> str:
    """The whole account number (for a bank transfer file), for the roles that may see it."""
    require(session, "see_bank_accounts")
    w = session.get(Worker, worker_id)
    if w is None:
        raise UserError(T_NO_WORKER, id=worker_id)
    return w.bank_account


def months_served(start: date, end: date | None, first_period: int, last_period: int) -> int:
    """Months of first_period..last_period (YYYYMM) in which the worker served at least a day."""
    n = 0
    p = first_period
    while p <= last_period:
        if start <= last_day(p) and (end is None or end >= first_day(p)):
            n += 1
        p = next_period(p)
    return n


# -- stations and projects -----------------------------------------------------------------------
def _station(session: Session, station: int | str) -> Station:
    if isinstance(station, int):
        st = session.get(Station, station)
    else:
        st = session.execute(
            select(Station).where(Station.name == station.strip())
        ).scalar_one_or_none()
    if st is None:
        raise UserError(T_NO_STATION, station=station)
    return st


def add_station(session: Session, grid_id: int, name: str, address: str = "") -> StationRow:
    g = _grid(session, grid_id)
    name = _text(name, 100)
    if not name:
        raise UserError(T_NO_NAME)
    if session.execute(select(Station.id).where(Station.name == name)).first():
        raise UserError(T_STATION_EXISTS, name=name)
    st = Station(grid_id=g.id, name=name, address=_text(address, 200), created_at=_now())
    session.add(st)
    session.flush()
    audit.record(session, "station.add", "station", st.id,
                 after={"grid": g.code, "name": name, "address": st.address})  # fmt: skip
    return StationRow(st.id, g.id, g.code, st.name, st.address, 0, st.version)


def edit_station(
    session: Session, station_id: int, *, name: str | None = None, address: str | None = None,
    grid_id: int | None = None, expected_version: int | None = None,
) -> StationRow:  # fmt: skip
    st = _station(session, station_id)
    check_version(st, expected_version, st.name)
    before = {"name": st.name, "address": st.address, "grid_id": st.grid_id}
    if name is not None:
        name = _text(name, 100)
        if not name:
            raise UserError(T_NO_NAME)
        clash = session.execute(
            select(Station.id).where(Station.name == name, Station.id != st.id)
        ).first()
        if clash:
            raise UserError(T_STATION_EXISTS, name=name)
        st.name = name
    if address is not None:
        st.address = _text(address, 200)
    if grid_id is not None:
        st.grid_id = _grid(session, grid_id).id
    session.flush()
    audit.record(session, "station.edit", "station", st.id, before=before,
                 after={"name": st.name, "address": st.address, "grid_id": st.grid_id})  # fmt: skip
    return next(r for r in list_stations(session) if r.id == st.id)


def list_stations(session: Session, grid_id: int | None = None) -> list[StationRow]:
    counts = dict(
        session.execute(
            select(StationProject.station_id, func.count()).group_by(StationProject.station_id)
        ).all()
    )
    q = (
        select(Station, Grid)
        .join(Grid, Grid.id == Station.grid_id)
        .order_by(by_code(Grid.code), by_code(Station.name))
    )
    if grid_id is not None:
        q = q.where(Station.grid_id == grid_id)
    return [
        StationRow(st.id, g.id, g.code, st.name, st.address, int(counts.get(st.id, 0)), st.version)
        for st, g in session.execute(q).all()
    ]


def funded(session: Session, project_ids: Iterable[int] | None = None) -> dict[int, int]:
    """What approved (posted or paid) allocations gave each project, fen."""
    q = (
        select(AllocationLine.project_id, func.sum(AllocationLine.amount))
        .join(SurplusAllocation, SurplusAllocation.id == AllocationLine.allocation_id)
        .where(AllocationLine.project_id.is_not(None), SurplusAllocation.status != "draft")
        .group_by(AllocationLine.project_id)
    )
    if project_ids is not None:
        q = q.where(AllocationLine.project_id.in_(list(project_ids)))
    return {int(p or 0): int(a or 0) for p, a in session.execute(q).all()}


def add_project(
    session: Session, station_id: int | str, name: str, budget: int, status: str = "planned"
) -> ProjectRow:
    st = _station(session, station_id)
    name = _text(name, 100)
    if not name:
        raise UserError(T_NO_NAME)
    if status not in PROJECT_STATUSES:
        raise UserError(T_BAD_STATUS, status=status, allowed=" / ".join(PROJECT_STATUSES))
    if session.execute(
        select(StationProject.id).where(
            StationProject.station_id == st.id, StationProject.name == name
        )
    ).first():
        raise UserError(T_PROJECT_EXISTS, station=st.name, name=name)
    pr = StationProject(station_id=st.id, name=name, budget=_money(budget), status=status,
                        spent=0, created_at=_now())  # fmt: skip
    session.add(pr)
    session.flush()
    audit.record(session, "project.add", "station_project", pr.id,
                 after={"station": st.name, "name": name, "budget": budget, "status": status})  # fmt: skip
    return project_row(session, pr.id)


def edit_project(
    session: Session,
    project_id: int,
    *,
    name: str | None = None,
    budget: int | None = None,
    status: str | None = None,
    spent: int | None = None,
    expected_version: int | None = None,
) -> ProjectRow:
    pr = session.get(StationProject, project_id)
    if pr is None:
        raise UserError(T_NO_PROJECT, project=project_id)
    check_version(pr, expected_version, pr.name)
    before = {"name": pr.name, "budget": pr.budget, "status": pr.status, "spent": pr.spent}
    if name is not None:
        if not _text(name, 100):
            raise UserError(T_NO_NAME)
        pr.name = _text(name, 100)
    if budget is not None:
        got = funded(session, [pr.id]).get(pr.id, 0)
        if _money(budget) < got:
            from propdesk.core.money import format_amount

            raise UserError(
                T_BUDGET_FUNDED, budget=format_amount(budget), funded=format_amount(got)
            )
        pr.budget = budget
    if status is not None:
        if status not in PROJECT_STATUSES:
            raise UserError(T_BAD_STATUS, status=status, allowed=" / ".join(PROJECT_STATUSES))
        pr.status = status
    if spent is not None:
        pr.spent = _money(spent)
    session.flush()
    audit.record(session, "project.edit", "station_project", pr.id, before=before,
                 after={"name": pr.name, "budget": pr.budget, "status": pr.status, "spent": pr.spent})  # fmt: skip
    return project_row(session, pr.id)


def project_row(session: Session, project_id: int) -> ProjectRow:
    rows = list_projects(session, ids=[project_id])
    if not rows:
        raise UserError(T_NO_PROJECT, project=project_id)
    return rows[0]


def project_by_name(session: Session, station: int | str, name: str) -> StationProject:
    st = _station(session, station)
    pr = session.execute(
        select(StationProject).where(
            StationProject.station_id == st.id, StationProject.name == name.strip()
        )
    ).scalar_one_or_none()
    if pr is None:
        raise UserError(T_NO_PROJECT, project=f"{st.name} {name}")
    return pr


def list_projects(
    session: Session, station_id: int | None = None, *, ids: Sequence[int] | None = None
) -> list[ProjectRow]:
    q = (
        select(StationProject, Station, Grid)
        .join(Station, Station.id == StationProject.station_id)
        .join(Grid, Grid.id == Station.grid_id)
        .order_by(Grid.code, Station.name, StationProject.id)
    )
    if station_id is not None:
        q = q.where(StationProject.station_id == station_id)
    if ids is not None:
        q = q.where(StationProject.id.in_(ids))
    rows = session.execute(q).all()
    got = funded(session, [pr.id for pr, _, _ in rows])
    return [
        ProjectRow(pr.id, st.id, st.name, g.id, g.code, pr.name, pr.budget, got.get(pr.id, 0),
                   pr.spent, pr.status, pr.version)
        for pr, st, g in rows
    ]  # fmt: skip
