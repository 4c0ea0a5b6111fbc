"""Surplus allocation (盈余分配, DOMAIN §5): from a closed period's surplus to stipends and stations.

The **surplus** of a closed period (a month, a quarter or a year) is read from the ledger: the
company's own revenue (credit-natured 损益 accounts: 5001, 5051, 5111, 5301) minus its costs
(the debit-natured ones: 5401 ... 5801), month-end carries left out. Owners' common income never
enters it: it sits in 2241 其他应付款—业主共有收益 and only the company's agreed share ever
reaches 5051. The allocation vouchers themselves (source ``allocation``) are left out too: a
period's surplus is what the period earned, not what allocating an earlier period cost.

**Earlier losses first**: the uncovered loss before the period is what earlier periods lost
beyond what they earned and what earlier allocations paid out (stipends and stations):
``max(0, allocated_before - result_before)``. The waterfall itself is propdesk.core.allocation.

**Life of an allocation**: `draft_allocation` (every line and what remains; drafting the same
period again replaces the draft) → `approve_allocation` by the secretary, which posts one
voucher Dr 560201 管理费用—网格补贴 / Cr the payable of each line — 2211 应付职工薪酬—网格补贴
for workers on the company's payroll, 2241 其他应付款—网格补贴 for other workers, 2241
其他应付款—网格驿站经费 for station projects (3104 利润分配 is for shareholders only) — and
the status becomes ``posted`` → `pay_lines` records the cash (1001) or bank (1002) payment,
one voucher per batch, and the status becomes ``paid`` when every line is paid.

API (each takes the caller's Session):
    parse_span(text) -> Span                      "2026-09", "2026-Q3", "2026"
    surplus_figures(s, period) -> Figures         revenue, costs, surplus, losses (ledger)
    list_rules(s) -> list[RuleRow];  add_rule(...);  edit_rule(s, rule_id, **changes)
    seed_default_rules(s)                         the four default rules, in an empty table
    draft_allocation(s, period) -> AllocationView
    approve_allocation(s, allocation_id, by, *, on=None) -> AllocationView
    pay_lines(s, allocation_id, method, on, line_ids=None) -> PayResult;  pay_line(s, line_id, ...)
    discard_draft(s, allocation_id);  allocation_view(s, id);  list_allocations(s)
    stipend_sheet(s, id) -> StipendSheet          签字发放表 data
    station_funding(s, id) -> StationFunding      驿站经费拨付表 data
    surplus_report(s, period) -> SurplusReport    where did the surplus of a period go
    grid_receipts(s, grid_id, year) -> GridReceipts   what a grid received in a year
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session, aliased

from propdesk.core import allocation as core
from propdesk.core.allocation import Basis, Claim, Rule
from propdesk.core.errors import UserError
from propdesk.core.i18n import bilingual
from propdesk.core.money import format_amount
from propdesk.core.periods import fmt_period, months_between, prev_period
from propdesk.db.models import (
    AccountMonth,
    AllocationLine,
    AllocationRule,
    Grid,
    Payout,
    Posting,
    Station,
    StationProject,
    SurplusAllocation,
    Voucher,
    Worker,
)
from propdesk.services import audit, grids, ledger, users
from propdesk.services.books import get_meta
from propdesk.services.check import register
from propdesk.services.ledger import Line, NewVoucher

SOURCE = "allocation"  # vouchers posted by approvals and payouts
EXPENSE = ("560201", "网格补贴")  # 管理费用—网格补贴
EMPLOYEE_PAYABLE = ("2211", "网格补贴")  # 应付职工薪酬—网格补贴
OTHER_PAYABLE = ("2241", "网格补贴")  # 其他应付款—网格补贴
STATION_PAYABLE = ("2241", "网格驿站经费")  # 其他应付款—网格驿站经费
CASH = {"cash": "1001", "bank": "1002"}

TARGETS = {
    "full_time": bilingual("专职网格员补贴", "full-time grid workers"),
    "part_time": bilingual("兼职网格员补贴", "part-time grid workers"),
    "auxiliary": bilingual("辅助网格员补贴", "auxiliary helpers"),
    "stations": bilingual("网格驿站项目", "grid station projects"),
    "retained": bilingual("留存", "retained"),
}
BASES = {
    "fixed": bilingual("固定金额", "fixed amount"),
    "percent": bilingual("盈余比例", "percentage of surplus"),
    "per_head": bilingual("每人每月", "per head per month"),
    "budget": bilingual("按预算", "by budget"),
    "remainder": bilingual("剩余全部", "all that remains"),
}
STATUSES = {
    "draft": bilingual("草稿", "draft"),
    "approved": bilingual("已审批", "approved"),
    "posted": bilingual("已审批记账", "approved and posted"),
    "paid": bilingual("已发放", "paid"),
}
LINE_KINDS = {
    "stipend": bilingual("网格补贴", "stipend"),
    "station": bilingual("驿站经费", "station funding"),
    "retained": bilingual("留存", "retained"),
}
METHODS = {"cash": bilingual("现金", "cash"), "bank": bilingual("银行转账", "bank transfer")}
WORKER_TARGETS = ("full_time", "part_time", "auxiliary")
# which bases each target may use
ALLOWED = {
    **{t: ("fixed", "percent", "per_head", "budget") for t in WORKER_TARGETS},
    "stations": ("fixed", "percent", "budget"),
    "retained": ("fixed", "percent", "remainder"),
}
DEFAULT_RULES = (
    (1, "专职网格员补贴（每人每月）", "full_time", "per_head", 50_000),
    (2, "兼职网格员补贴（每人每月）", "part_time", "per_head", 20_000),
    (3, "网格驿站项目（按预算）", "stations", "budget", 0),
    (4, "留存（储备）", "retained", "remainder", 0),
)

T_BAD_SPAN = bilingual(
    "期间「{text}」无效，应为月份 2026-09、季度 2026-Q3 或年度 2026",
    'Invalid period "{text}"; use a month 2026-09, a quarter 2026-Q3 or a year 2026',
)
T_OPEN = bilingual(
    "{period} 尚未结账（已结账至 {closed}），不能分配盈余；请先结账到 {last}",
    "{period} is not closed (closed through {closed}); its surplus cannot be allocated until "
    "{last} is closed",
)
T_NOTHING_CLOSED = bilingual("尚无已结账期间", "nothing has been closed yet")
T_NO_SURPLUS = bilingual(
    "{period} 没有可分配的盈余：本期盈余 {surplus}，需先弥补以前期间亏损 {losses}",
    "{period} has no surplus to allocate: surplus {surplus}, earlier losses to cover first {losses}",
)
T_OVERLAP = bilingual(
    "{period} 与已审批的盈余分配 {other}（第 {id} 号）重叠",
    "{period} overlaps the approved allocation {other} (no. {id})",
)
T_OVERLAP_DRAFT = bilingual(
    "{period} 与盈余分配草稿 {other}（第 {id} 号）重叠，请先删除该草稿",
    "{period} overlaps the draft allocation {other} (no. {id}); discard that draft first",
)
T_NO_ALLOCATION = bilingual("盈余分配第 {id} 号不存在", "allocation no. {id} does not exist")
T_NOT_DRAFT = bilingual(
    "盈余分配第 {id} 号已审批（{status}），不能再次审批或修改",
    "allocation no. {id} is already approved ({status}); it cannot be approved or changed again",
)
T_NO_APPROVER = bilingual("请填写审批人", "the approver is required")
T_STALE = bilingual(
    "账簿或登记信息在草稿生成后已变化，请重新生成 {period} 的分配草稿",
    "the books or the registry changed since the draft was made; draft {period} again",
)
T_NOT_POSTED = bilingual(
    "盈余分配第 {id} 号尚未审批，不能发放",
    "allocation no. {id} is not approved; nothing can be paid",
)
T_NOTHING_TO_PAY = bilingual(
    "盈余分配第 {id} 号没有待发放的项目", "allocation no. {id} has nothing left to pay"
)
T_NO_LINE = bilingual("分配明细 {id} 不存在", "allocation line {id} does not exist")
T_BAD_METHOD = bilingual(
    "发放方式「{method}」无效（现金 / 银行）", 'method "{method}" is invalid (cash / bank)'
)
T_BAD_TARGET = bilingual(
    "分配对象「{target}」无效（{allowed}）", 'target "{target}" is invalid ({allowed})'
)
T_BAD_BASIS = bilingual(
    "「{target}」不能按「{basis}」分配（可用：{allowed}）",
    '"{target}" cannot use the basis "{basis}" (allowed: {allowed})',
)
T_NO_RULE = bilingual("分配规则 {id} 不存在", "allocation rule {id} does not exist")
T_RULE_MONEY = bilingual(
    "金额、比例和上限不能为负，比例最多 100%",
    "amounts, percentages and caps cannot be negative; a percentage is at most 100%",
)
T_NO_NAME = bilingual("请填写规则名称", "the rule needs a name")
T_VOUCHER_SUMMARY = bilingual(
    "{period} 盈余分配（第 {id} 号）", "{period} surplus allocation (no. {id})"
)
T_LINE_SUMMARY = bilingual("{period} 盈余分配 {what}", "{period} surplus allocation {what}")
T_PAY_SUMMARY = bilingual(
    "发放 {period} 盈余分配（第 {id} 号）{count} 项",
    "pay {count} item(s) of the {period} allocation (no. {id})",
)
T_PAY_LINE = bilingual("发放 {what}", "pay {what}")
T_RETAINED = bilingual("留存", "retained")
T_LOSS_COVER = bilingual("弥补以前期间亏损", "earlier losses covered")

_SPAN_RE = re.compile(
    r"^\s*(\d{4})\s*(?:[-/.年]?\s*(?:([Qq季])\s*([1-4])|(\d{1,2}))\s*(?:季度|月)?)?\s*年?\s*$"
)


# -- periods: month, quarter, year ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Span:
    kind: str  # month | quarter | year
    start: int  # YYYYMM
    end: int  # YYYYMM

    @property
    def label(self) -> str:
        y, m = divmod(self.start, 100)
        if self.kind == "year":
            return f"{y}"
        if self.kind == "quarter":
            return f"{y}-Q{(m - 1) // 3 + 1}"
        return fmt_period(self.start)

    def months(self) -> int:
        return months_between(self.start, self.end) + 1


def parse_span(text: str) -> Span:
    """'2026-09' (a month), '2026-Q3' (a quarter), '2026' (a year)."""
    m = _SPAN_RE.match(text or "")
    if not m or not 1900 <= int(m.group(1)) <= 2999:
        raise UserError(T_BAD_SPAN, text=text)
    y = int(m.group(1))
    if m.group(3):
        q = int(m.group(3))
        return Span("quarter", y * 100 + 3 * q - 2, y * 100 + 3 * q)
    if m.group(4):
        month = int(m.group(4))
        if not 1 <= month <= 12:
            raise UserError(T_BAD_SPAN, text=text)
        return Span("month", y * 100 + month, y * 100 + month)
    return Span("year", y * 100 + 1, y * 100 + 12)


def _span(period: Span | str) -> Span:
    return period if isinstance(period, Span) else parse_span(period)


def _span_of(a: SurplusAllocation) -> Span:
    return Span(a.period_kind, a.period_start, a.period_end)


# -- the surplus, read from the ledger -----------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Figures:
    period: str
    revenue: int
    costs: int
    surplus: int  # revenue - costs
    result_before: int  # all earlier months' revenue - costs
    allocated_before: int  # stipends and stations paid out of earlier periods' surpluses
    losses: int  # uncovered earlier losses, covered first
    closed: bool

    @property
    def distributable(self) -> int:
        return max(0, self.surplus - self.losses)


def _allocation_vouchers():  # type: ignore[no-untyped-def]
    v = aliased(Voucher)
    return select(v.id).where(v.source == SOURCE)


def _pl(session: Session, start: int | None, end: int) -> tuple[int, int]:
    """Revenue and costs of the months start..end (start None: from the beginning)."""
    accs = ledger.accounts_by_id(session)
    pl = {i: a for i, a in accs.items() if a.category == "pl"}
    if not pl:
        return 0, 0
    net: dict[int, int] = defaultdict(int)  # credit - debit per account
    q = select(
        AccountMonth.account_id,
        func.sum(AccountMonth.credit - AccountMonth.carry_credit),
        func.sum(AccountMonth.debit - AccountMonth.carry_debit),
    ).where(AccountMonth.account_id.in_(list(pl)), AccountMonth.period <= end)
    if start is not None:
        q = q.where(AccountMonth.period >= start)
    for acc, cr, dr in session.execute(q.group_by(AccountMonth.account_id)):
        net[acc] += int(cr or 0) - int(dr or 0)
    # what the allocations themselves posted (and reversals of them) is not the period's result
    q2 = (
        select(Posting.account_id, func.sum(Posting.credit), func.sum(Posting.debit))
        .join(Voucher, Voucher.id == Posting.voucher_id)
        .where(
            Posting.account_id.in_(list(pl)),
            Posting.period <= end,
            or_(Voucher.source == SOURCE, Voucher.reverses_id.in_(_allocation_vouchers())),
        )
    )
    if start is not None:
        q2 = q2.where(Posting.period >= start)
    for acc, cr, dr in session.execute(q2.group_by(Posting.account_id)):
        net[acc] -= int(cr or 0) - int(dr or 0)
    revenue = sum(n for a, n in net.items() if pl[a].direction == "C")
    costs = -sum(n for a, n in net.items() if pl[a].direction == "D")
    return revenue, costs


def _allocated_before(session: Session, start: int) -> int:
    got = session.execute(
        select(func.sum(AllocationLine.amount))
        .join(SurplusAllocation, SurplusAllocation.id == AllocationLine.allocation_id)
        .where(
            SurplusAllocation.status != "draft",
            SurplusAllocation.period_end < start,
            AllocationLine.kind != "retained",
        )
    ).scalar()
    return int(got or 0)


def surplus_figures(session: Session, period: Span | str) -> Figures:
    """The period's surplus and the earlier losses it must cover first (open periods too;
    `closed` says whether it may be allocated)."""
    span = _span(period)
    revenue, costs = _pl(session, span.start, span.end)
    before_rev, before_costs = _pl(session, None, prev_period(span.start))
    result_before = before_rev - before_costs
    allocated_before = _allocated_before(session, span.start)
    closed = (ledger.closed_through(session) or 0) >= span.end
    return Figures(
        span.label, revenue, costs, revenue - costs, result_before, allocated_before,
        max(0, allocated_before - result_before), closed,
    )  # fmt: skip


def _require_closed(session: Session, span: Span) -> None:
    last = ledger.closed_through(session)
    if last is None or last < span.end:
        closed = fmt_period(last) if last is not None else T_NOTHING_CLOSED.format()
        raise UserError(T_OPEN, period=span.label, closed=closed, last=fmt_period(span.end))


# -- rules ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class RuleRow:
    id: int
    priority: int
    name: str
    target: str
    basis: str
    amount: int
    bp: int
    cap: int | None
    active: bool
    version: int = 1

    @property
    def target_label(self) -> str:
        return TARGETS[self.target].format()

    @property
    def basis_label(self) -> str:
        return BASES[self.basis].format()


def _rule_row(r: AllocationRule) -> RuleRow:
    return RuleRow(
        r.id, r.priority, r.name, r.target, r.basis, r.amount, r.bp, r.cap, r.active, r.version
    )


def seed_default_rules(session: Session) -> None:
    """The default rules (DOMAIN §5), once, into a book that has none."""
    if session.execute(select(AllocationRule.id).limit(1)).first():
        return
    for priority, name, target, basis, amount in DEFAULT_RULES:
        session.add(AllocationRule(priority=priority, name=name, target=target, basis=basis,
                                   amount=amount, bp=0, cap=None, active=True))  # fmt: skip
    session.flush()


def list_rules(session: Session) -> list[RuleRow]:
    seed_default_rules(session)
    q = select(AllocationRule).order_by(AllocationRule.priority, AllocationRule.id)
    return [_rule_row(r) for r in session.execute(q).scalars()]


def _check_rule(target: str, basis: str, amount: int, bp: int, cap: int | None) -> None:
    if target not in TARGETS:
        raise UserError(T_BAD_TARGET, target=target, allowed=" / ".join(TARGETS))
    if basis not in ALLOWED[target]:
        raise UserError(T_BAD_BASIS, target=TARGETS[target], basis=basis,
                        allowed=" / ".join(ALLOWED[target]))  # fmt: skip
    for v in (amount, bp) + ((cap,) if cap is not None else ()):
        if type(v) is not int or v < 0:
            raise UserError(T_RULE_MONEY)
    if bp > 10_000:
        raise UserError(T_RULE_MONEY)


def add_rule(
    session: Session, priority: int, name: str, target: str, basis: str, *, amount: int = 0,
    bp: int = 0, cap: int | None = None,
) -> RuleRow:  # fmt: skip
    """A rule: `amount` is fen (fixed) or fen per head per month (per_head; 0 = each worker's
    base stipend); `bp` basis points of the distributable surplus (percent); `cap` in fen."""
    seed_default_rules(session)
    name = " ".join((name or "").split())[:100]
    if not name:
        raise UserError(T_NO_NAME)
    _check_rule(target, basis, amount, bp, cap)
    r = AllocationRule(priority=int(priority), name=name, target=target, basis=basis,
                       amount=amount, bp=bp, cap=cap, active=True)  # fmt: skip
    session.add(r)
    session.flush()
    audit.record(session, "rule.add", "allocation_rule", r.id, after=_rule_dict(r))
    return _rule_row(r)


def _rule_dict(r: AllocationRule) -> dict[str, object]:
    return {"priority": r.priority, "name": r.name, "target": r.target, "basis": r.basis,
            "amount": r.amount, "bp": r.bp, "cap": r.cap, "active": r.active}  # fmt: skip


_RULE_FIELDS = ("priority", "name", "target", "basis", "amount", "bp", "cap", "active")


def edit_rule(
    session: Session, rule_id: int, *, expected_version: int | None = None, **changes: object
) -> RuleRow:
    r = session.get(AllocationRule, rule_id)
    if r is None:
        raise UserError(T_NO_RULE, id=rule_id)
    grids.check_version(r, expected_version, r.name)
    before = _rule_dict(r)
    for key, value in changes.items():
        if key not in _RULE_FIELDS:
            raise UserError(grids.T_BAD_FIELD, field=key)
        setattr(r, key, value)
    if not r.name.strip():
        raise UserError(T_NO_NAME)
    _check_rule(r.target, r.basis, r.amount, r.bp, r.cap)
    session.flush()
    audit.record(session, "rule.edit", "allocation_rule", r.id, before=before, after=_rule_dict(r))
    return _rule_row(r)


# -- the plan ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _PlanLine:
    rule_id: int | None
    kind: str
    worker_id: int | None
    project_id: int | None
    grid_id: int | None
    months: int
    asked: int
    amount: int


def _plan(session: Session, span: Span, fig: Figures) -> tuple[core.Allocation, list[_PlanLine]]:
    rules = [r for r in list_rules(session) if r.active]
    workers = session.execute(select(Worker).join(Grid, Grid.id == Worker.grid_id)
                              .order_by(Grid.code, Worker.id)).scalars().all()  # fmt: skip
    months = {w.id: grids.months_served(w.start, w.end, span.start, span.end) for w in workers}
    by_id = {w.id: w for w in workers}
    projects = [p for p in grids.list_projects(session) if p.unfunded > 0]
    project_grid = {p.id: p.grid_id for p in projects}
    open_ids = {
        pid
        for (pid,) in session.execute(
            select(StationProject.id).where(StationProject.status.in_(grids.OPEN_PROJECT))
        )
    }
    projects = [p for p in projects if p.id in open_ids]
    core_rules: list[Rule] = []
    remainder_rule: int | None = None
    for r in rules:
        if r.target == "retained":
            if r.basis == "remainder":
                remainder_rule = remainder_rule or r.id
                continue
            core_rules.append(Rule(r.id, r.priority, Basis(r.basis), r.amount, r.bp, r.cap, None))
        elif r.target == "stations":
            claims = tuple(Claim(("p", p.id), p.unfunded, p.unfunded) for p in projects)
            core_rules.append(Rule(r.id, r.priority, Basis(r.basis), r.amount, r.bp, r.cap, claims))
        else:
            serving = [w for w in workers if w.kind == r.target and months[w.id] > 0]
            if r.basis in ("budget", "per_head") and (r.basis == "budget" or r.amount == 0):
                # each worker's own base stipend for the months served
                claims = tuple(Claim(("w", w.id), w.base_stipend * months[w.id]) for w in serving)
                core_rules.append(Rule(r.id, r.priority, Basis.BUDGET, 0, 0, r.cap, claims))
            else:
                claims = tuple(Claim(("w", w.id), months[w.id]) for w in serving)
                core_rules.append(
                    Rule(r.id, r.priority, Basis(r.basis), r.amount, r.bp, r.cap, claims)
                )
    res = core.allocate(fig.surplus, core_rules, losses=fig.losses)
    lines: list[_PlanLine] = []
    for sh in res.lines:
        if sh.asked == 0 and sh.amount == 0:
            continue
        rid = int(sh.rule)  # type: ignore[call-overload]
        if sh.claim is None:
            lines.append(_PlanLine(rid, "retained", None, None, None, 0, sh.asked, sh.amount))
            continue
        claim: tuple[str, int] = sh.claim  # type: ignore[assignment]
        tag, key = claim
        if tag == "w":
            w = by_id[key]
            lines.append(
                _PlanLine(rid, "stipend", w.id, None, w.grid_id, months[w.id], sh.asked, sh.amount)
            )
        else:
            lines.append(
                _PlanLine(rid, "station", None, key, project_grid[key], 0, sh.asked, sh.amount)
            )
    if fig.surplus > 0:
        lines.append(_PlanLine(remainder_rule, "retained", None, None, None, 0, 0, res.reserve))
    return res, lines


# -- drafting, approving, paying -----------------------------------------------------------------
def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _overlapping(session: Session, span: Span) -> list[SurplusAllocation]:
    q = select(SurplusAllocation).where(
        SurplusAllocation.period_start <= span.end, SurplusAllocation.period_end >= span.start
    )
    return list(session.execute(q.order_by(SurplusAllocation.id)).scalars())


def _get(session: Session, allocation_id: int) -> SurplusAllocation:
    a = session.get(SurplusAllocation, allocation_id)
    if a is None:
        raise UserError(T_NO_ALLOCATION, id=allocation_id)
    return a


def draft_allocation(session: Session, period: Span | str) -> AllocationView:
    """Draft the allocation of a closed period: every line and what remains. Drafting the same
    period again replaces its draft; an approved allocation of an overlapping period refuses."""
    span = _span(period)
    _require_closed(session, span)
    for other in _overlapping(session, span):
        o = _span_of(other)
        if other.status != "draft":
            raise UserError(T_OVERLAP, period=span.label, other=o.label, id=other.id)
        if o != span:
            raise UserError(T_OVERLAP_DRAFT, period=span.label, other=o.label, id=other.id)
    fig = surplus_figures(session, span)
    if fig.distributable <= 0:
        raise UserError(T_NO_SURPLUS, period=span.label, surplus=format_amount(fig.surplus),
                        losses=format_amount(fig.losses))  # fmt: skip
    res, lines = _plan(session, span, fig)
    for other in _overlapping(session, span):  # the same period's old draft
        session.execute(delete(AllocationLine).where(AllocationLine.allocation_id == other.id))
        session.delete(other)
    session.flush()
    a = SurplusAllocation(
        period_kind=span.kind, period_start=span.start, period_end=span.end, surplus=fig.surplus,
        losses=fig.losses, loss_cover=res.loss_cover, status="draft", created_at=_now(),
        created_by=audit.current_user(session),
    )  # fmt: skip
    session.add(a)
    session.flush()
    session.add_all(
        AllocationLine(allocation_id=a.id, line_no=n, rule_id=ln.rule_id, kind=ln.kind,
                       worker_id=ln.worker_id, project_id=ln.project_id, grid_id=ln.grid_id,
                       months=ln.months, asked=ln.asked, amount=ln.amount)
        for n, ln in enumerate(lines, start=1)
    )  # fmt: skip
    session.flush()
    audit.record(session, "allocation.draft", "allocation", a.id, after={
        "period": span.label, "surplus": fig.surplus, "losses": fig.losses,
        "loss_cover": res.loss_cover, "lines": len(lines),
        "allocated": sum(ln.amount for ln in lines if ln.kind != "retained"),
    })  # fmt: skip
    return allocation_view(session, a.id)


def discard_draft(session: Session, allocation_id: int) -> None:
    a = _get(session, allocation_id)
    if a.status != "draft":
        raise UserError(T_NOT_DRAFT, id=a.id, status=STATUSES[a.status])
    session.execute(delete(AllocationLine).where(AllocationLine.allocation_id == a.id))
    session.delete(a)
    session.flush()
    audit.record(session, "allocation.discard", "allocation", allocation_id,
                 before={"period": _span_of(a).label, "surplus": a.surplus})  # fmt: skip


def _payable(session: Session, parent: str, name: str) -> str:
    """The sub-account `name` under `parent` (made with the next free code when missing; the
    parent itself when it is a leaf that already has postings)."""
    accs = ledger.accounts(session)
    for code, info in accs.items():
        if info.parent_code == parent and info.name == name and info.is_leaf and info.active:
            return code
    par = accs[parent]
    if par.is_leaf:
        used = session.execute(
            select(AccountMonth.account_id).where(AccountMonth.account_id == par.id).limit(1)
        ).first()
        if used:
            return parent
    taken = {
        int(c[len(parent) :]) for c in accs if len(c) == len(parent) + 2 and c.startswith(parent)
    }
    n = next(i for i in range(1, 100) if i not in taken)
    return ledger.add_account(session, f"{parent}{n:02d}", name, parent).code


def _line_lists(session: Session, allocation_id: int) -> list[AllocationLine]:
    return list(session.execute(
        select(AllocationLine).where(AllocationLine.allocation_id == allocation_id)
        .order_by(AllocationLine.line_no)
    ).scalars())  # fmt: skip


def approve_allocation(
    session: Session, allocation_id: int, by: str, *, on: date | None = None
) -> AllocationView:
    """The secretary approves a draft: one voucher Dr 560201 / Cr each line's payable, dated
    `on` (today), and the status becomes posted. Refused when the books or the registry changed
    since the draft (draft again) or when the allocation is not a draft."""
    users.require(session, "approve_allocation")
    a = _get(session, allocation_id)
    if a.status != "draft":
        raise UserError(T_NOT_DRAFT, id=a.id, status=STATUSES[a.status])
    by = " ".join((by or "").split())[:64]
    if not by:
        raise UserError(T_NO_APPROVER)
    span = _span_of(a)
    _require_closed(session, span)
    for other in _overlapping(session, span):
        if other.id != a.id and other.status != "draft":
            raise UserError(T_OVERLAP, period=span.label, other=_span_of(other).label, id=other.id)
    fig = surplus_figures(session, span)
    lines = _line_lists(session, a.id)
    _res, plan = _plan(session, span, fig)
    now_key = [(p.rule_id, p.kind, p.worker_id, p.project_id, p.asked, p.amount) for p in plan]
    was_key = [
        (ln.rule_id, ln.kind, ln.worker_id, ln.project_id, ln.asked, ln.amount) for ln in lines
    ]
    if fig.surplus != a.surplus or fig.losses != a.losses or now_key != was_key:
        raise UserError(T_STALE, period=span.label)
    on = on or date.today()
    ledger.ensure_account(session, *EXPENSE)
    workers = {w.id: w for w in session.execute(select(Worker).where(
        Worker.id.in_([ln.worker_id for ln in lines if ln.worker_id]))).scalars()}  # fmt: skip
    names = _names(session, lines)
    vlines: list[Line] = []
    paying = [ln for ln in lines if ln.kind != "retained" and ln.amount > 0]
    for ln in paying:
        if ln.kind == "stipend":
            parent, name = EMPLOYEE_PAYABLE if workers[ln.worker_id].employee else OTHER_PAYABLE  # type: ignore[index]
        else:
            parent, name = STATION_PAYABLE
        ln.account = _payable(session, parent, name)
        what = T_LINE_SUMMARY.format(period=span.label, what=names[ln.id])[:200]
        vlines.append(Line(EXPENSE[0], debit=ln.amount, summary=what))
        vlines.append(Line(ln.account, credit=ln.amount, summary=what))
    if vlines:
        ref = ledger.post_voucher(session, NewVoucher(
            on, T_VOUCHER_SUMMARY.format(period=span.label, id=a.id), vlines, attachments=1,
            source=SOURCE))  # fmt: skip
        for ln in paying:
            ln.voucher_id = ref.id
    a.status = "posted"
    a.approved_by = by
    a.approved_on = on
    session.flush()
    audit.record(session, "allocation.approve", "allocation", a.id, after={
        "period": span.label, "by": by, "on": on.isoformat(),
        "allocated": sum(ln.amount for ln in paying),
    })  # fmt: skip
    return allocation_view(session, a.id)


def _names(session: Session, lines: Sequence[AllocationLine]) -> dict[int, str]:
    """What each line pays: '专职网格员 张三（G01）', '驿站 · 项目', '留存'."""
    wids = [ln.worker_id for ln in lines if ln.worker_id]
    pids = [ln.project_id for ln in lines if ln.project_id]
    workers = {
        w.id: w for w in session.execute(select(Worker).where(Worker.id.in_(wids))).scalars()
    }
    projects = {
        p.id: (p.name, s.name)
        for p, s in session.execute(
            select(StationProject, Station).join(Station, Station.id == StationProject.station_id)
            .where(StationProject.id.in_(pids))
        ).all()
    }  # fmt: skip
    out = {}
    for ln in lines:
        if ln.worker_id:
            w = workers[ln.worker_id]
            out[ln.id] = f"{grids.KINDS[w.kind].format()} {w.name}"
        elif ln.project_id:
            project, station = projects[ln.project_id]
            out[ln.id] = f"{station} · {project}"
        else:
            out[ln.id] = T_RETAINED.format()
    return out


@dataclass(frozen=True, slots=True)
class PayResult:
    allocation_id: int
    voucher: str
    count: int
    amount: int
    status: str


def _paid(session: Session, line_ids: Sequence[int]) -> dict[int, int]:
    if not line_ids:
        return {}
    q = (
        select(Payout.line_id, func.sum(Payout.amount))
        .where(Payout.line_id.in_(list(line_ids)))
        .group_by(Payout.line_id)
    )
    return {int(k): int(v or 0) for k, v in session.execute(q).all()}


def pay_lines(
    session: Session, allocation_id: int, method: str, on: date | None = None,
    line_ids: Sequence[int] | None = None,
) -> PayResult:  # fmt: skip
    """Pay the unpaid lines (all, or `line_ids`) of an approved allocation in cash or by bank:
    one voucher Dr each line's payable / Cr 1001 or 1002, one payout per line."""
    m = {"现金": "cash", "银行": "bank", "银行转账": "bank"}.get(
        method.strip(), method.strip().lower()
    )
    if m not in CASH:
        raise UserError(T_BAD_METHOD, method=method)
    a = _get(session, allocation_id)
    if a.status == "draft":
        raise UserError(T_NOT_POSTED, id=a.id)
    span = _span_of(a)
    lines = [ln for ln in _line_lists(session, a.id) if ln.kind != "retained" and ln.amount > 0]
    if line_ids is not None:
        wanted = set(line_ids)
        missing = wanted - {ln.id for ln in lines}
        if missing:
            raise UserError(T_NO_LINE, id=min(missing))
        lines = [ln for ln in lines if ln.id in wanted]
    paid = _paid(session, [ln.id for ln in lines])
    due = [(ln, ln.amount - paid.get(ln.id, 0)) for ln in lines]
    due = [(ln, d) for ln, d in due if d > 0]
    if not due:
        raise UserError(T_NOTHING_TO_PAY, id=a.id)
    on = on or date.today()
    names = _names(session, [ln for ln, _ in due])
    total = sum(d for _, d in due)
    vlines = [Line(ln.account or "", debit=d, summary=T_PAY_LINE.format(what=names[ln.id])[:200])
              for ln, d in due]  # fmt: skip
    vlines.append(Line(CASH[m], credit=total))
    ref = ledger.post_voucher(session, NewVoucher(
        on, T_PAY_SUMMARY.format(period=span.label, id=a.id, count=len(due))[:200], vlines,
        attachments=1, source=SOURCE))  # fmt: skip
    now = _now()
    session.add_all(
        Payout(line_id=ln.id, method=m, date=on, amount=d, voucher_id=ref.id, created_at=now)
        for ln, d in due
    )
    session.flush()
    everything = [
        ln for ln in _line_lists(session, a.id) if ln.kind != "retained" and ln.amount > 0
    ]
    all_paid = _paid(session, [ln.id for ln in everything])
    if all(all_paid.get(ln.id, 0) >= ln.amount for ln in everything):
        a.status = "paid"
        a.paid_on = on
    session.flush()
    audit.record(session, "allocation.pay", "allocation", a.id, after={
        "voucher": ref.label, "method": m, "lines": [ln.id for ln, _ in due], "amount": total,
    })  # fmt: skip
    return PayResult(a.id, ref.label, len(due), total, a.status)


def pay_line(session: Session, line_id: int, method: str, on: date | None = None) -> PayResult:
    ln = session.get(AllocationLine, line_id)
    if ln is None:
        raise UserError(T_NO_LINE, id=line_id)
    return pay_lines(session, ln.allocation_id, method, on, [line_id])


# -- views ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class LineRow:
    id: int
    line_no: int
    kind: str
    rule: str  # the rule's name
    who: str  # the worker, the station and project, or 留存
    grid: str  # grid code
    months: int
    asked: int
    amount: int
    account: str | None
    voucher: str | None  # the approval voucher's label
    paid: int

    @property
    def kind_label(self) -> str:
        return LINE_KINDS[self.kind].format()


@dataclass(frozen=True, slots=True)
class AllocationView:
    id: int
    period_kind: str
    period: str  # 2026-Q3
    start: int
    end: int
    status: str
    surplus: int
    losses: int
    loss_cover: int
    stipends: int
    stations: int
    retained: int  # what stays beyond the loss cover
    lines: tuple[LineRow, ...]
    created_by: str
    approved_by: str | None
    approved_on: date | None
    paid_on: date | None
    voucher: str | None

    @property
    def allocated(self) -> int:
        return self.stipends + self.stations

    @property
    def status_label(self) -> str:
        return STATUSES[self.status].format()


def _voucher_labels(session: Session, ids: Sequence[int]) -> dict[int, str]:
    ids = [i for i in set(ids) if i]
    if not ids:
        return {}
    rows = session.execute(
        select(Voucher.id, Voucher.period, Voucher.number).where(Voucher.id.in_(ids))
    )
    return {i: ledger.voucher_label(p, n) for i, p, n in rows}


def allocation_view(session: Session, allocation_id: int) -> AllocationView:
    a = _get(session, allocation_id)
    lines = _line_lists(session, a.id)
    names = _names(session, lines)
    rule_names = dict(session.execute(select(AllocationRule.id, AllocationRule.name)).all())
    grid_codes = dict(session.execute(select(Grid.id, Grid.code)).all())
    labels = _voucher_labels(session, [ln.voucher_id for ln in lines if ln.voucher_id])
    paid = _paid(session, [ln.id for ln in lines])
    rows = tuple(
        LineRow(
            ln.id, ln.line_no, ln.kind,
            rule_names.get(ln.rule_id, T_RETAINED.format()) if ln.rule_id else T_RETAINED.format(),
            names[ln.id], grid_codes.get(ln.grid_id, "") if ln.grid_id else "", ln.months,
            ln.asked, ln.amount, ln.account, labels.get(ln.voucher_id) if ln.voucher_id else None,
            paid.get(ln.id, 0),
        )
        for ln in lines
    )  # fmt: skip
    voucher = next((r.voucher for r in rows if r.voucher), None)
    span = _span_of(a)
    return AllocationView(
        a.id, a.period_kind, span.label, a.period_start, a.period_end, a.status, a.surplus,
        a.losses, a.loss_cover,
        sum(r.amount for r in rows if r.kind == "stipend"),
        sum(r.amount for r in rows if r.kind == "station"),
        sum(r.amount for r in rows if r.kind == "retained"),
        rows, a.created_by, a.approved_by, a.approved_on, a.paid_on, voucher,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class AllocationSummary:
    id: int
    period: str
    status: str
    surplus: int
    allocated: int
    retained: int
    approved_by: str | None
    approved_on: date | None

    @property
    def status_label(self) -> str:
        return STATUSES[self.status].format()


def list_allocations(session: Session) -> list[AllocationSummary]:
    out_q = func.sum(AllocationLine.amount).filter(AllocationLine.kind != "retained")
    kept_q = func.sum(AllocationLine.amount).filter(AllocationLine.kind == "retained")
    sums = {
        i: (int(o or 0), int(k or 0))
        for i, o, k in session.execute(
            select(AllocationLine.allocation_id, out_q, kept_q).group_by(
                AllocationLine.allocation_id
            )
        )
    }
    q = select(SurplusAllocation).order_by(SurplusAllocation.period_start, SurplusAllocation.id)
    return [
        AllocationSummary(
            a.id,
            _span_of(a).label,
            a.status,
            a.surplus,
            *sums.get(a.id, (0, 0)),
            a.approved_by,
            a.approved_on,
        )
        for a in session.execute(q).scalars()
    ]


# -- the stipend payment sheet and the station funding list --------------------------------------
@dataclass(frozen=True, slots=True)
class SheetRow:
    line_id: int
    no: int
    worker: str
    grid: str  # "G01 幸福网格"
    kind: str  # 专职网格员
    months: int
    amount: int
    bank_account: str  # masked
    signature: str = ""  # 签字 — left blank for the worker to sign


@dataclass(frozen=True, slots=True)
class StipendSheet:
    """签字发放表: who receives what, to be signed on paper."""

    allocation_id: int
    company: str
    period: str
    status: str
    approved_by: str | None
    approved_on: date | None
    rows: tuple[SheetRow, ...]
    total: int


@dataclass(frozen=True, slots=True)
class FundingRow:
    line_id: int
    no: int
    station: str
    grid: str
    project: str
    budget: int
    funded_before: int  # by earlier allocations
    amount: int  # this allocation
    remaining: int  # budget still unfunded after it


@dataclass(frozen=True, slots=True)
class StationFunding:
    """驿站经费拨付表: what each station project receives."""

    allocation_id: int
    company: str
    period: str
    status: str
    approved_by: str | None
    approved_on: date | None
    rows: tuple[FundingRow, ...]
    total: int


def stipend_sheet(session: Session, allocation_id: int) -> StipendSheet:
    a = _get(session, allocation_id)
    q = (
        select(AllocationLine, Worker, Grid)
        .join(Worker, Worker.id == AllocationLine.worker_id)
        .join(Grid, Grid.id == AllocationLine.grid_id)
        .where(AllocationLine.allocation_id == a.id, AllocationLine.kind == "stipend",
               AllocationLine.amount > 0)
        .order_by(AllocationLine.line_no)
    )  # fmt: skip
    rows = tuple(
        SheetRow(ln.id, n, w.name, f"{g.code} {g.name}", grids.KINDS[w.kind].format(), ln.months,
                 ln.amount, core.mask_account(w.bank_account))
        for n, (ln, w, g) in enumerate(session.execute(q).all(), start=1)
    )  # fmt: skip
    return StipendSheet(a.id, get_meta(session, "company_name") or "", _span_of(a).label,
                        a.status, a.approved_by, a.approved_on, rows, sum(r.amount for r in rows))  # fmt: skip


def station_funding(session: Session, allocation_id: int) -> StationFunding:
    a = _get(session, allocation_id)
    q = (
        select(AllocationLine, StationProject, Station, Grid)
        .join(StationProject, StationProject.id == AllocationLine.project_id)
        .join(Station, Station.id == StationProject.station_id)
        .join(Grid, Grid.id == Station.grid_id)
        .where(AllocationLine.allocation_id == a.id, AllocationLine.kind == "station",
               AllocationLine.amount > 0)
        .order_by(AllocationLine.line_no)
    )  # fmt: skip
    found = session.execute(q).all()
    before: dict[int, int] = defaultdict(int)
    mine = (a.approved_on or date.max, a.id)
    for pid, amount, aid, approved in session.execute(
        select(AllocationLine.project_id, AllocationLine.amount, SurplusAllocation.id,
               SurplusAllocation.approved_on)
        .join(SurplusAllocation, SurplusAllocation.id == AllocationLine.allocation_id)
        .where(SurplusAllocation.status != "draft", SurplusAllocation.id != a.id,
               AllocationLine.project_id.in_([p.id for _, p, _, _ in found]))
    ):  # fmt: skip
        if (approved or date.max, aid) < mine:
            before[int(pid or 0)] += int(amount)
    rows = tuple(
        FundingRow(ln.id, n, st.name, f"{g.code} {g.name}", p.name, p.budget, before[p.id],
                   ln.amount, max(0, p.budget - before[p.id] - ln.amount))
        for n, (ln, p, st, g) in enumerate(found, start=1)
    )  # fmt: skip
    return StationFunding(a.id, get_meta(session, "company_name") or "", _span_of(a).label,
                          a.status, a.approved_by, a.approved_on, rows, sum(r.amount for r in rows))  # fmt: skip


# -- traceability --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TraceRow:
    kind: str  # stipend | station | retained
    who: str
    grid: str
    amount: int
    paid: int
    voucher: str | None  # approval voucher
    payouts: tuple[str, ...]  # payout voucher labels


@dataclass(frozen=True, slots=True)
class SurplusReport:
    """Where the surplus of a period went."""

    period: str
    closed: bool
    revenue: int
    costs: int
    surplus: int
    losses: int
    allocation_id: int | None
    status: str | None
    loss_cover: int
    full_time: int
    part_time: int
    auxiliary: int
    stations: int
    retained: int
    unallocated: int  # surplus not yet allocated by an approved allocation
    rows: tuple[TraceRow, ...]

    @property
    def stipends(self) -> int:
        return self.full_time + self.part_time + self.auxiliary


def _payout_labels(session: Session, line_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    if not line_ids:
        return {}
    rows = session.execute(
        select(Payout.line_id, Voucher.period, Voucher.number)
        .join(Voucher, Voucher.id == Payout.voucher_id)
        .where(Payout.line_id.in_(list(line_ids)))
        .order_by(Payout.id)
    ).all()
    out: dict[int, list[str]] = defaultdict(list)
    for lid, p, n in rows:
        out[lid].append(ledger.voucher_label(p, n))
    return {k: tuple(v) for k, v in out.items()}


def surplus_report(session: Session, period: Span | str) -> SurplusReport:
    """'Where did the surplus of 2026-Q3 go': the ledger's figures and, line by line, the
    allocation of exactly that period (the approved one, else a draft) with its vouchers."""
    span = _span(period)
    fig = surplus_figures(session, span)
    found = [a for a in _overlapping(session, span) if _span_of(a) == span]
    a = next((x for x in found if x.status != "draft"), found[0] if found else None)
    rows: tuple[TraceRow, ...] = ()
    kinds: dict[str, int] = defaultdict(int)
    loss_cover = retained = 0
    if a is not None:
        view = allocation_view(session, a.id)
        payouts = _payout_labels(session, [r.id for r in view.lines])
        wkinds = dict(session.execute(select(AllocationLine.id, Worker.kind).join(
            Worker, Worker.id == AllocationLine.worker_id).where(AllocationLine.allocation_id == a.id)).all())  # fmt: skip
        for r in view.lines:
            if r.kind == "stipend":
                kinds[wkinds[r.id]] += r.amount
            elif r.kind == "station":
                kinds["stations"] += r.amount
        rows = tuple(
            TraceRow(r.kind, r.who, r.grid, r.amount, r.paid, r.voucher, payouts.get(r.id, ()))
            for r in view.lines
            if r.amount > 0
        )
        loss_cover, retained = view.loss_cover, view.retained
    approved = a is not None and a.status != "draft"
    done = loss_cover + sum(kinds.values()) + retained if approved else 0
    return SurplusReport(
        span.label, fig.closed, fig.revenue, fig.costs, fig.surplus, fig.losses,
        a.id if a else None, a.status if a else None, loss_cover, kinds["full_time"],
        kinds["part_time"], kinds["auxiliary"], kinds["stations"], retained,
        max(0, fig.surplus - done), rows,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class GridReceiptRow:
    allocation_id: int
    period: str  # the period whose surplus paid it
    approved_on: date | None
    kind: str
    who: str
    amount: int
    paid: int


@dataclass(frozen=True, slots=True)
class GridReceipts:
    grid_id: int
    grid: str  # "G01 幸福网格"
    year: int
    rows: tuple[GridReceiptRow, ...]

    @property
    def stipends(self) -> int:
        return sum(r.amount for r in self.rows if r.kind == "stipend")

    @property
    def stations(self) -> int:
        return sum(r.amount for r in self.rows if r.kind == "station")

    @property
    def total(self) -> int:
        return self.stipends + self.stations


def grid_receipts(session: Session, grid_id: int, year: int) -> GridReceipts:
    """What a grid received (stipends for its workers, funding for its stations) from the
    allocations approved in `year`, each row naming the period whose surplus funded it."""
    g = session.get(Grid, grid_id)
    if g is None:
        raise UserError(grids.T_NO_GRID, grid=grid_id)
    q = (
        select(AllocationLine, SurplusAllocation)
        .join(SurplusAllocation, SurplusAllocation.id == AllocationLine.allocation_id)
        .where(
            AllocationLine.grid_id == g.id,
            AllocationLine.kind != "retained",
            AllocationLine.amount > 0,
            SurplusAllocation.status != "draft",
            SurplusAllocation.approved_on >= date(year, 1, 1),
            SurplusAllocation.approved_on <= date(year, 12, 31),
        )
        .order_by(SurplusAllocation.approved_on, SurplusAllocation.id, AllocationLine.line_no)
    )
    found = session.execute(q).all()
    names = _names(session, [ln for ln, _ in found])
    paid = _paid(session, [ln.id for ln, _ in found])
    rows = tuple(
        GridReceiptRow(a.id, _span_of(a).label, a.approved_on, ln.kind, names[ln.id], ln.amount,
                       paid.get(ln.id, 0))
        for ln, a in found
    )  # fmt: skip
    return GridReceipts(g.id, f"{g.code} {g.name}", year, rows)


# -- invariants (propdesk check) -----------------------------------------------------------------
T_CHK_SUM = bilingual(
    "盈余分配第 {id} 号：盈余 {surplus} ≠ 弥补亏损 {cover} + 各项分配 {lines}",
    "allocation no. {id}: surplus {surplus} ≠ loss cover {cover} + lines {lines}",
)
T_CHK_VOUCHER = bilingual(
    "盈余分配第 {id} 号：分配 {lines} 与凭证 {voucher} 的网格补贴 {posted} 不符",
    "allocation no. {id}: lines {lines} differ from voucher {voucher}'s grid subsidies {posted}",
)
T_CHK_NO_VOUCHER = bilingual(
    "盈余分配第 {id} 号已审批，但明细 {line} 没有凭证",
    "allocation no. {id} is approved but line {line} has no voucher",
)
T_CHK_OVERPAID = bilingual(
    "盈余分配第 {id} 号明细 {line}：已发放 {paid} 超过分配 {amount}",
    "allocation no. {id} line {line}: paid {paid} exceeds the {amount} allocated",
)
T_CHK_STATUS = bilingual(
    "盈余分配第 {id} 号状态为{status}，但已发放 {paid} / 应发放 {due}",
    "allocation no. {id} is {status} but {paid} of {due} is paid",
)


@register("surplus allocations add up")
def _check_sums(session: Session) -> list[str]:
    sums = dict(session.execute(
        select(AllocationLine.allocation_id, func.sum(AllocationLine.amount))
        .group_by(AllocationLine.allocation_id)
    ).all())  # fmt: skip
    out = []
    for a in session.execute(select(SurplusAllocation)).scalars():
        lines = int(sums.get(a.id) or 0)
        if a.surplus != a.loss_cover + lines:
            out.append(T_CHK_SUM.format(id=a.id, surplus=format_amount(a.surplus),
                                        cover=format_amount(a.loss_cover), lines=format_amount(lines)))  # fmt: skip
    return out


@register("posted allocation lines equal their vouchers")
def _check_vouchers(session: Session) -> list[str]:
    out = []
    exp = ledger.accounts(session).get(EXPENSE[0])
    rows = session.execute(
        select(AllocationLine.allocation_id, AllocationLine.line_no, AllocationLine.voucher_id,
               AllocationLine.amount)
        .join(SurplusAllocation, SurplusAllocation.id == AllocationLine.allocation_id)
        .where(SurplusAllocation.status != "draft", AllocationLine.kind != "retained",
               AllocationLine.amount > 0)
    ).all()  # fmt: skip
    by_voucher: dict[tuple[int, int], int] = defaultdict(int)
    for aid, no, vid, amount in rows:
        if vid is None:
            out.append(T_CHK_NO_VOUCHER.format(id=aid, line=no))
        else:
            by_voucher[(aid, vid)] += amount
    if not by_voucher:
        return out
    posted = dict(session.execute(
        select(Posting.voucher_id, func.sum(Posting.debit))
        .where(Posting.voucher_id.in_([v for _, v in by_voucher]),
               Posting.account_id == (exp.id if exp else -1))
        .group_by(Posting.voucher_id)
    ).all())  # fmt: skip
    labels = _voucher_labels(session, [v for _, v in by_voucher])
    for (aid, vid), amount in sorted(by_voucher.items()):
        got = int(posted.get(vid) or 0)
        if got != amount:
            out.append(T_CHK_VOUCHER.format(id=aid, lines=format_amount(amount), voucher=labels.get(vid, vid),
                                            posted=format_amount(got)))  # fmt: skip
    return out


@register("allocation payouts within what was allocated")
def _check_paid(session: Session) -> list[str]:
    out = []
    paid = dict(session.execute(
        select(Payout.line_id, func.sum(Payout.amount)).group_by(Payout.line_id)
    ).all())  # fmt: skip
    due: dict[int, int] = defaultdict(int)
    got: dict[int, int] = defaultdict(int)
    for lid, aid, no, amount, kind in session.execute(
        select(AllocationLine.id, AllocationLine.allocation_id, AllocationLine.line_no,
               AllocationLine.amount, AllocationLine.kind)
    ):  # fmt: skip
        p = int(paid.get(lid) or 0)
        if p > amount or (kind == "retained" and p):
            out.append(T_CHK_OVERPAID.format(id=aid, line=no, paid=format_amount(p),
                                             amount=format_amount(amount)))  # fmt: skip
        if kind != "retained":
            due[aid] += amount
            got[aid] += min(p, amount)
    for a in session.execute(select(SurplusAllocation)).scalars():
        wrong = (a.status == "paid" and got[a.id] != due[a.id]) or (
            a.status == "draft" and got[a.id]
        )
        if wrong:
            out.append(T_CHK_STATUS.format(id=a.id, status=STATUSES[a.status], paid=format_amount(got[a.id]),
                                           due=format_amount(due[a.id])))  # fmt: skip
    return out
