"""The registry: compounds, buildings, units, owners, co-owners and ownership transfers.

Owner identity: the same person when ID numbers match; lacking ID numbers, when name and phone
both match. Each compound has one developer person who holds its unsold/undelivered units.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from propdesk.core import roles
from propdesk.core.errors import UserError
from propdesk.core.fees import format_area, mask_id_number
from propdesk.core.i18n import bilingual
from propdesk.db.models import Building, Compound, Ownership, Person, Unit
from propdesk.db.ordering import by_code
from propdesk.db.upsert import insert_returning_ids, insert_rows
from propdesk.services import audit
from propdesk.services.users import role_of

T_NO_COMPOUND = bilingual("小区「{name}」不存在", 'compound "{name}" does not exist')
T_COMPOUND_EXISTS = bilingual("小区「{name}」已存在", 'compound "{name}" already exists')
T_NO_UNIT = bilingual(
    "小区「{compound}」没有房屋 {code}", 'compound "{compound}" has no unit {code}'
)
T_UNIT_EXISTS = bilingual("房屋 {code} 已存在", "unit {code} already exists")
T_NAME_NEEDED = bilingual("名称不能为空", "a name is required")
T_TRANSFER_DATE = bilingual(
    "过户日期 {date} 早于现业主的起始日期 {start}",
    "transfer date {date} is before the current owner's start {start}",
)
T_NO_OWNER = bilingual("请填写业主姓名", "the owner's name is required")
T_BAD_KIND = bilingual("房屋类型「{kind}」无效", 'unit type "{kind}" is invalid')
T_BAD_SOURCE = bilingual("面积来源「{source}」无效", 'area source "{source}" is invalid')

UNIT_KINDS = {"residential": "住宅", "shop": "商铺", "garage": "车库", "other": "其他"}
AREA_SOURCES = {"register": "产权登记", "survey": "测绘", "contract": "合同"}
KIND_BY_LABEL = {v: k for k, v in UNIT_KINDS.items()}
SOURCE_BY_LABEL = {v: k for k, v in AREA_SOURCES.items()} | {
    "产权": "register",
    "登记": "register",
    "测量": "survey",
    "销售合同": "contract",
}


def unit_code(building: str, entrance: str, room: str) -> str:
    return f"{building}-{entrance}-{room}"


# -- compounds ----------------------------------------------------------------------------------
def add_compound(
    session: Session, name: str, address: str = "", community: str = "", street: str = ""
) -> Compound:
    name = name.strip()
    if not name:
        raise UserError(T_NAME_NEEDED)
    if session.execute(select(Compound.id).where(Compound.name == name)).first():
        raise UserError(T_COMPOUND_EXISTS, name=name)
    dev = Person(name=f"{name}建设单位（开发商）", is_developer=True, phone="")
    session.add(dev)
    session.flush()
    c = Compound(
        name=name,
        address=address.strip(),
        community=community.strip(),
        street=street.strip(),
        developer_id=dev.id,
    )
    session.add(c)
    session.flush()
    audit.record(
        session, "compound.add", "compound", c.id, after={"name": name, "address": address}
    )
    return c


def compound_by_name(session: Session, name: str) -> Compound:
    c = session.execute(select(Compound).where(Compound.name == name.strip())).scalar_one_or_none()
    if c is None:
        raise UserError(T_NO_COMPOUND, name=name)
    return c


def get_or_add_compound(session: Session, name: str) -> Compound:
    c = session.execute(select(Compound).where(Compound.name == name.strip())).scalar_one_or_none()
    return c if c is not None else add_compound(session, name)


def building(session: Session, compound: Compound, code: str) -> Building:
    b = session.execute(
        select(Building).where(Building.compound_id == compound.id, Building.code == code)
    ).scalar_one_or_none()
    if b is None:
        b = Building(compound_id=compound.id, code=code, name=f"{code}号楼")
        session.add(b)
        session.flush()
    return b


# -- people -----------------------------------------------------------------------------------
def find_person(
    session: Session, name: str, id_number: str | None, phone: str | None
) -> Person | None:
    """Same person: same ID number; lacking ID numbers, same name and phone."""
    if id_number:
        return session.execute(
            select(Person).where(Person.id_number == id_number)
        ).scalar_one_or_none()
    if phone:
        return session.execute(
            select(Person)
            .where(Person.name == name, Person.phone == phone, Person.is_developer.is_(False))
            .limit(1)
        ).scalar_one_or_none()
    return None


def get_or_add_person(
    session: Session, name: str, id_number: str | None = None, phone: str | None = None
) -> Person:
    name = name.strip()
    if not name:
        raise UserError(T_NO_OWNER)
    found = find_person(session, name, id_number, phone)
    if found is not None:
        return found
    p = Person(name=name, id_number=id_number or None, phone=phone or "")
    session.add(p)
    session.flush()
    return p


# -- units ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class NewUnit:
    building: str
    entrance: str
    room: str
    area: int  # hundredths of m²
    area_source: str = "register"
    kind: str = "residential"
    delivered_on: date | None = None
    developer_held: bool = False
    owner: str | None = None
    id_number: str | None = None
    phone: str | None = None
    co_owners: tuple[str, ...] = ()
    vacant: bool = False


UNIT_BATCH = 1000  # units written per batch by add_units (progress is reported per batch)
OWNED_SINCE_UNKNOWN = date(1990, 1, 1)  # ownership start when neither a date nor delivery is known


def add_unit(
    session: Session, compound: Compound, u: NewUnit, *, since: date | None = None
) -> Unit:
    (unit_id,) = add_units(session, [(compound, u)], since=since)
    unit = session.get(Unit, unit_id)
    assert unit is not None
    return unit


class _People:
    """Finds or queues people for a batch of units by the identity rule: same ID number = same
    person; without one, same name and phone; co-owners (no ID, no phone) are always new."""

    def __init__(self, session: Session, units: Sequence[NewUnit]) -> None:
        self.session = session
        self.by_id: dict[str, list[int | None]] = {}
        self.by_name_phone: dict[tuple[str, str], list[int | None]] = {}
        self.pending: list[tuple[list[int | None], dict[str, object]]] = []
        owners = [u for u in units if u.owner and not u.developer_held]
        for chunk in _chunks(sorted({u.id_number for u in owners if u.id_number})):
            q = select(Person.id_number, Person.id).where(Person.id_number.in_(chunk))
            for idn, pid in session.execute(q):
                self.by_id[str(idn)] = [pid]
        for chunk in _chunks(sorted({u.phone for u in owners if not u.id_number and u.phone})):
            q2 = (
                select(Person.name, Person.phone, Person.id)
                .where(Person.phone.in_(chunk), Person.is_developer.is_(False))
                .order_by(Person.id)
            )
            for name, phone, pid in session.execute(q2):
                self.by_name_phone.setdefault((name, phone), [pid])

    def get(self, name: str, id_number: str | None, phone: str | None) -> list[int | None]:
        name = name.strip()
        if not name:
            raise UserError(T_NO_OWNER)
        if id_number:
            found = self.by_id.get(id_number)
        elif phone:
            found = self.by_name_phone.get((name, phone))
        else:
            found = None
        if found is not None:
            return found
        ref: list[int | None] = [None]
        self.pending.append((ref, {"name": name, "id_number": id_number or None, "phone": phone or "",
                                   "is_developer": False, "version": 1}))  # fmt: skip
        if id_number:
            self.by_id[id_number] = ref
        if phone:
            self.by_name_phone.setdefault((name, phone), ref)
        return ref

    def flush(self) -> int:
        rows = [values for _, values in self.pending]
        ids = insert_returning_ids(
            self.session, Person.__table__, rows, ("name", "id_number", "phone")
        )
        for (ref, _), pid in zip(self.pending, ids, strict=True):
            ref[0] = pid
        self.pending.clear()
        return len(ids)


def _chunks(items: Sequence[str], size: int = 500) -> list[Sequence[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _buildings(session: Session, wanted: set[tuple[int, str]]) -> dict[tuple[int, str], int]:
    """(compound id, building code) -> building id, adding the missing buildings in one
    statement (a roster names a hundred buildings: one SELECT and flush each was a fifth of
    its import)."""
    out: dict[tuple[int, str], int] = {}
    for cid in sorted({cid for cid, _ in wanted}):
        codes = sorted(code for c2, code in wanted if c2 == cid)
        for part in _chunks(codes):
            q = select(Building.code, Building.id).where(
                Building.compound_id == cid, Building.code.in_(part)
            )
            out.update(((cid, code), bid) for code, bid in session.execute(q))
    missing = sorted(wanted - out.keys())
    rows = [{"compound_id": cid, "code": code, "name": f"{code}号楼"} for cid, code in missing]
    for key, bid in zip(
        missing,
        insert_returning_ids(session, Building.__table__, rows, ("compound_id", "code")),
        strict=True,
    ):
        out[key] = bid
    return out


def add_units(
    session: Session,
    units: Sequence[tuple[Compound, NewUnit]],
    *,
    since: date | None = None,
    batch: int | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> list[int]:
    """Register many units with their owners in a few statements per batch; the new unit ids.

    Refused (UserError) on an invalid type or area source or a unit code already taken.
    `on_batch(done)` is called after each batch (progress and cancel for long imports).
    """
    seen: set[tuple[int, str]] = set()
    for compound, u in units:
        if u.kind not in UNIT_KINDS:
            raise UserError(T_BAD_KIND, kind=u.kind)
        if u.area_source not in AREA_SOURCES:
            raise UserError(T_BAD_SOURCE, source=u.area_source)
        key = (compound.id, unit_code(u.building, u.entrance, u.room))
        if key in seen:
            raise UserError(T_UNIT_EXISTS, code=key[1])
        seen.add(key)
    for cid in {c.id for c, _ in units}:
        codes = sorted(code for c2, code in seen if c2 == cid)
        for part in _chunks(codes):
            q = select(Unit.code).where(Unit.compound_id == cid, Unit.code.in_(part))
            taken = session.execute(q).first()
            if taken:
                raise UserError(T_UNIT_EXISTS, code=taken[0])
    buildings = _buildings(session, {(c.id, u.building) for c, u in units})
    people = _People(session, [u for _, u in units])
    batch = batch or UNIT_BATCH
    new_ids: list[int] = []
    for start in range(0, len(units), batch):
        chunk = units[start : start + batch]
        owners: list[list[tuple[list[int | None], bool]]] = []
        for compound, u in chunk:
            if u.developer_held or not u.owner:
                owners.append([([compound.developer_id], True)])
                continue
            main = people.get(u.owner, u.id_number, u.phone)
            owners.append(
                [(main, True), *((people.get(n, None, None), False) for n in u.co_owners)]
            )
        people.flush()
        ids = insert_returning_ids(session, Unit.__table__, [
            {"compound_id": c.id, "building_id": buildings[(c.id, u.building)], "entrance": u.entrance,
             "room": u.room, "code": unit_code(u.building, u.entrance, u.room), "area": u.area,
             "area_source": u.area_source, "kind": u.kind, "delivered_on": u.delivered_on,
             "developer_held": u.developer_held or not u.owner, "vacant": u.vacant, "version": 1}
            for c, u in chunk
        ], ("compound_id", "code"))  # fmt: skip
        insert_rows(session, Ownership.__table__, [
            {"unit_id": uid, "person_id": ref[0], "primary": primary,
             "start": since or u.delivered_on or OWNED_SINCE_UNKNOWN, "end": None}
            for (_c, u), uid, refs in zip(chunk, ids, owners, strict=True)
            for ref, primary in refs
        ])  # fmt: skip
        new_ids += ids
        if on_batch is not None:
            on_batch(start + len(chunk))
    return new_ids


def unit_by_code(session: Session, compound_name: str, code: str) -> Unit:
    c = compound_by_name(session, compound_name)
    unit = session.execute(
        select(Unit).where(Unit.compound_id == c.id, Unit.code == code.strip())
    ).scalar_one_or_none()
    if unit is None:
        raise UserError(T_NO_UNIT, compound=compound_name, code=code)
    return unit


def owners_on(session: Session, unit_id: int, on: date) -> list[Person]:
    """The owners of a unit on a day, the primary (billed) owner first."""
    rows = session.execute(
        select(Person, Ownership.primary)
        .join(Ownership, Ownership.person_id == Person.id)
        .where(
            Ownership.unit_id == unit_id,
            Ownership.start <= on,
            or_(Ownership.end.is_(None), Ownership.end >= on),
        )
        .order_by(Ownership.primary.desc(), Ownership.id)
    ).all()
    return [p for p, _ in rows]


def owners_shown(session: Session, unit_id: int, on: date) -> list[tuple[str, str]]:
    """(name, ID number as the session's role may see it) of a unit's owners on a day, the
    primary owner first."""
    role = role_of(session)
    return [(p.name, roles.shown(role, roles.ID_NUMBER, p.id_number))
            for p in owners_on(session, unit_id, on)]  # fmt: skip


def payer_on(session: Session, unit_id: int, on: date) -> Person:
    owners = owners_on(session, unit_id, on)
    if owners:
        return owners[0]
    # before the first recorded ownership: whoever owned it first
    first = session.execute(
        select(Person).join(Ownership, Ownership.person_id == Person.id)
        .where(Ownership.unit_id == unit_id).order_by(Ownership.start, Ownership.primary.desc()).limit(1)
    ).scalar_one()  # fmt: skip
    return first


def transfer(
    session: Session,
    unit: Unit,
    on: date,
    owner: str,
    id_number: str | None = None,
    phone: str | None = None,
    co_owners: tuple[str, ...] = (),
    *,
    expected_version: int | None = None,
) -> Person:
    """过户: the current owners' ownership ends the day before; the new owners start on `on`.
    `expected_version`: the unit's version the transfer form showed; a transfer made meanwhile
    by another clerk is kept and this one refused (grids.check_version)."""
    from propdesk.services.grids import check_version

    check_version(unit, expected_version, f"{unit.code}")
    current = (
        session.execute(
            select(Ownership).where(Ownership.unit_id == unit.id, Ownership.end.is_(None))
        )
        .scalars()
        .all()
    )
    before = []
    for o in current:
        if o.start > on:
            raise UserError(T_TRANSFER_DATE, date=on, start=o.start)
        before.append(o.person_id)
        o.end = on - timedelta(days=1)
    new = get_or_add_person(session, owner, id_number, phone)
    session.add(Ownership(unit_id=unit.id, person_id=new.id, primary=True, start=on))
    for name in co_owners:
        co = get_or_add_person(session, name)
        session.add(Ownership(unit_id=unit.id, person_id=co.id, primary=False, start=on))
    if unit.developer_held:
        unit.developer_held = False
    flag_modified(unit, "developer_held")  # a new version: the owners changed
    session.flush()
    audit.record(session, "unit.transfer", "unit", unit.id, before={"owners": before},
                 after={"owner": new.id, "on": on.isoformat(), "co_owners": list(co_owners)})  # fmt: skip
    return new


# -- reads ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class UnitRow:
    id: int
    compound: str
    code: str
    building: str
    entrance: str
    room: str
    area: int
    area_source: str
    kind: str
    delivered_on: date | None
    developer_held: bool
    vacant: bool
    owner: str
    id_number_masked: str  # for documents that leave the book (the roster export)
    phone: str
    co_owners: str
    id_number: str = ""  # as the session's role may see it: whole (admin, clerk) or masked
    version: int = 1  # give it back to a transfer: one made meanwhile is not overwritten

    @property
    def area_text(self) -> str:
        return format_area(self.area)


def list_units(
    session: Session, compound_id: int | None = None, on: date | None = None
) -> list[UnitRow]:
    """Units with their owners of the day (one query for units, one for owners); the owner's ID
    number whole or masked as the session's role may see it (core/roles.shown)."""
    on = on or date.today()
    role = role_of(session)
    q = (
        select(Unit, Compound.name)
        .join(Compound, Compound.id == Unit.compound_id)
        .order_by(by_code(Compound.name), Unit.id)
    )
    if compound_id is not None:
        q = q.where(Unit.compound_id == compound_id)
    units = session.execute(q).all()
    oq = (
        select(Ownership.unit_id, Ownership.primary, Person.name, Person.id_number, Person.phone)
        .join(Person, Person.id == Ownership.person_id)
        .where(Ownership.start <= on, or_(Ownership.end.is_(None), Ownership.end >= on))
        .order_by(Ownership.unit_id, Ownership.primary.desc(), Ownership.id)
    )
    if compound_id is not None:
        oq = oq.join(Unit, Unit.id == Ownership.unit_id).where(Unit.compound_id == compound_id)
    owners: dict[int, list[tuple[bool, str, str | None, str]]] = {}
    for uid, primary, name, idn, phone in session.execute(oq):
        owners.setdefault(uid, []).append((primary, name, idn, phone))
    out = []
    for u, cname in units:
        os_ = owners.get(u.id, [])
        main = next((o for o in os_ if o[0]), None)
        co = "、".join(o[1] for o in os_ if not o[0])
        out.append(
            UnitRow(
                u.id, cname, u.code, u.code.split("-")[0], u.entrance, u.room, u.area, u.area_source, u.kind,
                u.delivered_on, u.developer_held, u.vacant, main[1] if main else "",
                mask_id_number(main[2]) if main else "", main[3] if main else "", co,
                roles.shown(role, roles.ID_NUMBER, main[2] if main else None), u.version,
            )
        )  # fmt: skip
    return out


def compound_summary(session: Session) -> list[tuple[int, str, int, int]]:
    """(id, name, unit count, total area in 0.01 m²) per compound."""
    return [
        (cid, name, int(n or 0), int(a or 0))
        for cid, name, n, a in session.execute(
            select(Compound.id, Compound.name, func.count(Unit.id), func.sum(Unit.area))
            .join(Unit, Unit.compound_id == Compound.id, isouter=True)
            .group_by(Compound.id)
            .order_by(by_code(Compound.name))
        )
    ]
