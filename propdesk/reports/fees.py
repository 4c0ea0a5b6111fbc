"""Data for the fee documents: receipts (收据), fee notices and arrears reminders (缴费通知单 /
催缴通知单), household statements of account, the monthly statement (月度收支报表) and its public
disclosure (收支公示), and the registers exported to Excel.

Everything here reads through the services or, where no service read exists, through plain
queries of its own; nothing here writes, except `receipt_batch`, which goes through
`payments.receipt_for_print` and so counts the print (call it inside the caller's write
transaction, and render before that transaction commits).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, func, select, text
from sqlalchemy.orm import Session

from propdesk.core import chart
from propdesk.core.batch import no_cycle_collection
from propdesk.core.errors import UserError
from propdesk.core.fees import AGING_BUCKETS, LateFeeRule, format_rate
from propdesk.core.i18n import bilingual
from propdesk.core.money import format_amount
from propdesk.core.periods import (
    add_months,
    first_day,
    fmt_period,
    last_day,
    period_of,
    year_start,
)
from propdesk.core.ratios import ratio_text
from propdesk.core.settings import RECEIPT_ONE_PER_PAGE, RECEIPT_THREE_PER_A4
from propdesk.db.models import (
    OPEN_BILL_SQL,
    Allocation,
    Bill,
    Compound,
    Contract,
    FeeItem,
    Payment,
    Person,
    Posting,
    Prepayment,
    Receipt,
    Resource,
    ResourceIncome,
    Unit,
    Voucher,
    Waiver,
)
from propdesk.reports.common import Letterhead, letterhead
from propdesk.services import arrears as arrears_svc
from propdesk.services import billing, contracts, ledger, payments, registry
from propdesk.services.arrears import AccountStatement, ArrearsReport, ArrearsRow
from propdesk.services.books import get_meta
from propdesk.services.payments import METHODS, ReceiptData, ReceiptLine

T_NO_RECEIPTS = bilingual("请给出至少一个收据号", "give at least one receipt number")
T_NO_COMPOUND = bilingual("小区 #{compound} 不存在", "compound #{compound} does not exist")
T_BAD_LAYOUT = bilingual(
    "收据版式「{layout}」无效（one_per_page / three_per_a4）",
    'receipt layout "{layout}" is invalid (one_per_page / three_per_a4)',
)

LAYOUTS = (RECEIPT_ONE_PER_PAGE, RECEIPT_THREE_PER_A4)
PAY_METHODS = "、".join(METHODS.values())
LATE_FEE_NAME = "违约金"
PUBLIC_DAYS = 30  # 公示期不少于 30 日 (DOMAIN §4)


# -- shared pieces -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Contact:
    """How a household reaches the company: optional book settings `company_phone` and
    `company_address`; the compound's own address when the company gave none."""

    company: str
    phone: str
    address: str

    def lines(self, fallback_address: str = "") -> list[str]:
        out = [f"物业服务单位：{self.company}"]
        out.append(f"联系电话：{self.phone}" if self.phone else "联系电话：____________")
        address = self.address or fallback_address
        if address:
            out.append(f"地址：{address}")
        return out


def contact(session: Session, compound_address: str = "") -> Contact:
    head = letterhead(session)
    return Contact(
        head.company,
        (get_meta(session, "company_phone") or "").strip(),
        (get_meta(session, "company_address") or "").strip() or compound_address,
    )


def late_fee_text(rule: LateFeeRule | None) -> str:
    """The contract's late-fee rule in words for a notice; none by default (DOMAIN §3)."""
    if rule is None or rule.kind == "none":
        return "本小区物业服务合同未约定违约金，不收取违约金。"
    grace = f"逾期超过 {rule.grace_days} 日" if rule.grace_days else "逾期"
    if rule.kind == "daily":
        # ppm per day / 10^4 = percent per day
        return f"按物业服务合同约定，{grace}的，按欠费金额每日 {format_rate(rule.daily_ppm)}% 计收违约金。"
    return f"按物业服务合同约定，{grace}的，计收违约金 {format_amount(rule.fixed)}。"


def _contract_rule(session: Session, compound_id: int, period: int) -> LateFeeRule | None:
    c = contracts.billable_contract(session, compound_id, period)
    if c is None:  # no contract bills this month: the latest one of the compound speaks
        c = session.execute(
            select(Contract)
            .where(Contract.compound_id == compound_id)
            .order_by(Contract.start.desc())
            .limit(1)
        ).scalar_one_or_none()
    return contracts.rule_of(c) if c is not None else None


def percent_text(part: int, whole: int) -> str:
    """'93.4%' to one decimal, half-up; '—' when there is nothing to divide by."""
    return ratio_text(part, whole, 1)


def period_text(period: int, months: int = 1) -> str:
    """'2026-01', or '2026-01 起 3 个月' for a bill covering a quarter."""
    return fmt_period(period) + (f" 起 {months} 个月" if months > 1 else "")


def _chunks(ids: Sequence[int], size: int = 900) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


# -- receipts ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ReceiptBatch:
    head: Letterhead
    receipts: tuple[ReceiptData, ...]
    layout: str  # one_per_page | three_per_a4
    contact: Contact


def receipt_layout(session: Session) -> str:
    value = get_meta(session, "receipt_layout") or RECEIPT_THREE_PER_A4
    return value if value in LAYOUTS else RECEIPT_THREE_PER_A4


def receipt_batch(
    session: Session, numbers: Sequence[int], layout: str | None = None
) -> ReceiptBatch:
    """The receipts to print, in the order given. Counts each print (a reprint is a copy, 副本):
    call inside the write transaction that the rendering completes in."""
    if not numbers:
        raise UserError(T_NO_RECEIPTS)
    if layout is not None and layout not in LAYOUTS:
        raise UserError(T_BAD_LAYOUT, layout=layout)
    data = tuple(payments.receipt_for_print(session, n) for n in numbers)
    return ReceiptBatch(
        letterhead(session), data, layout or receipt_layout(session), contact(session)
    )


_DESC = re.compile(r"^(?P<name>.+?) (?P<period>\d{4}-\d{2})(?: 起 (?P<months>\d+) 个月)?$")


def _strip_unit(description: str, unit: str) -> str:
    return (
        description[len(unit) + 1 :] if unit and description.startswith(unit + " ") else description
    )


def receipt_lines(r: ReceiptData) -> list[ReceiptLine]:
    """The receipt's lines as printed in full: the unit code (already in the header) left off."""
    return [ReceiptLine(_strip_unit(ln.description, r.unit), ln.amount) for ln in r.lines]


def merge_fee_lines(lines: Sequence[ReceiptLine]) -> list[ReceiptLine]:
    """Each fee item's months in a row as one line (物业服务费 2026-01—2026-03), in the order
    the items first appear; lines that are not monthly bills stay as they are."""
    # per line: [name, first period, last period, amount]; first period 0: not a monthly bill
    merged: list[list] = []  # type: ignore[type-arg]
    latest: dict[str, list] = {}  # type: ignore[type-arg]
    for ln in lines:
        m = _DESC.match(ln.description)
        if m is None:
            merged.append([ln.description, 0, 0, ln.amount])
            continue
        name, p = m["name"], int(m["period"].replace("-", ""))
        last = add_months(p, int(m["months"] or 1) - 1)
        run = latest.get(name)
        if run is not None and add_months(run[2], 1) == p:
            run[2] = last
            run[3] += ln.amount
            continue
        latest[name] = [name, p, last, ln.amount]
        merged.append(latest[name])
    out = []
    for name, p0, p1, amount in merged:
        if not p0:
            out.append(ReceiptLine(name, amount))
        elif p0 == p1:
            out.append(ReceiptLine(f"{name} {fmt_period(p0)}", amount))
        else:
            out.append(ReceiptLine(f"{name} {fmt_period(p0)}—{fmt_period(p1)}", amount))
    return out


def compact_receipt_lines(r: ReceiptData, max_lines: int) -> list[ReceiptLine]:
    """For a third of an A4 page: months merged (`merge_fee_lines`); past `max_lines` the rest
    become one 其余 N 项 line. The amounts always add up to the receipt's."""
    out = merge_fee_lines(receipt_lines(r))
    if len(out) > max_lines:
        rest = out[max_lines - 1 :]
        out = [
            *out[: max_lines - 1],
            ReceiptLine(f"其余 {len(rest)} 项", sum(x.amount for x in rest)),
        ]
    return out


# -- fee notices and arrears reminders ---------------------------------------------------------
NOTICE = "notice"
REMINDER = "reminder"


@dataclass(frozen=True, slots=True)
class NoticeLine:
    first: int  # the first and last month the line covers (YYYYMM)
    last: int
    item: str
    amount: int  # billed
    settled: int  # paid, prepayment applied or waived
    outstanding: int

    @property
    def period(self) -> str:
        """'2026-01', or '2026-01—2026-03' for a quarter's bill or merged months."""
        if self.first == self.last:
            return fmt_period(self.first)
        return f"{fmt_period(self.first)}—{fmt_period(self.last)}"


def merge_notice_lines(lines: Sequence[NoticeLine]) -> list[NoticeLine]:
    """Each item's consecutive months folded into one line (a long arrears history on one
    page); amounts add up exactly. Ordered by first month, then the items' own order."""
    rank: dict[str, int] = {}
    for ln in lines:
        rank.setdefault(ln.item, len(rank))
    runs: dict[str, NoticeLine] = {}
    out: list[NoticeLine] = []
    for ln in sorted(lines, key=lambda x: (x.first, rank[x.item])):
        run = runs.get(ln.item)
        if run is not None and add_months(run.last, 1) == ln.first:
            merged = NoticeLine(run.first, ln.last, ln.item, run.amount + ln.amount,
                                run.settled + ln.settled, run.outstanding + ln.outstanding)  # fmt: skip
            out[out.index(run)] = merged
            runs[ln.item] = merged
            continue
        runs[ln.item] = ln
        out.append(ln)
    return out


@dataclass(frozen=True, slots=True)
class Household:
    unit_id: int
    compound: str
    unit: str
    owner: str
    area: int  # hundredths of m²
    lines: tuple[NoticeLine, ...]
    total: int  # outstanding
    prepaid: int  # prepayment balance, applied to later bills
    late_fee_rule: str  # the contract's rule in words
    late_fee: int  # late fee as of the notice under that rule (0 under the default none)
    address: str = ""  # the compound's address


@dataclass(frozen=True, slots=True)
class NoticeBatch:
    head: Letterhead
    kind: str  # notice | reminder
    period: int | None  # the billing month of a notice
    as_of: date
    issued: date
    households: tuple[Household, ...]
    methods: str
    contact: Contact
    scope: str  # compound name or 全部小区
    late_fee_date: date | None = None  # the day the households' late fees are counted to

    @property
    def title(self) -> str:
        return "物业费缴费通知单" if self.kind == NOTICE else "物业费催缴通知单"

    @property
    def total(self) -> int:
        return sum(h.total for h in self.households)


def _item_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(FeeItem.id, FeeItem.name)).all())


def _bill_item(kind: str, item_id: int | None, names: dict[int, str], desc: str, unit: str) -> str:
    if item_id is not None and item_id in names:
        return names[item_id]
    if kind == "late_fee":
        return LATE_FEE_NAME
    return _strip_unit(desc, unit)


def _compound(session: Session, compound_id: int) -> Compound:
    c = session.get(Compound, compound_id)
    if c is None:
        raise UserError(T_NO_COMPOUND, compound=compound_id)
    return c


@no_cycle_collection()  # a batch of thousands: see propdesk.core.batch
def fee_notices(
    session: Session,
    period: int,
    compound_id: int,
    *,
    unit_id: int | None = None,
    issued: date | None = None,
    owing_only: bool = False,
) -> NoticeBatch:
    """缴费通知单 for a billing month: every household of the compound (or one) with that month's
    bills and anything still open from before, its prepayment balance and the contract's
    late-fee rule. A household with nothing billed that month and nothing open is left out;
    with `owing_only`, so is one that has settled everything."""
    compound = _compound(session, compound_id)
    issued = issued or date.today()
    units = registry.list_units(session, compound_id, on=last_day(period))
    if unit_id is not None:
        units = [u for u in units if u.id == unit_id]
    names = _item_names(session)
    # The month's bills, and the open ones from before through the partial index on open bills
    # (one OR-ed query read every bill of the compound's ten years: ~240,000 for ~24,000 open).
    q = select(Bill.unit_id, Bill.period, Bill.id, Bill.months, Bill.kind, Bill.item_id,
               Bill.description, Bill.amount, Bill.waived + Bill.paid,
               Bill.amount - Bill.waived - Bill.paid, Bill.person_id)  # fmt: skip
    q = q.where(Bill.compound_id == compound_id)
    if unit_id is not None:
        q = q.where(Bill.unit_id == unit_id)
    conn = session.connection()  # Core rows: the ORM's row handling was a third of the data
    rows = [
        *conn.execute(q.where(Bill.period == period)).all(),
        *conn.execute(q.where(Bill.period < period, text(OPEN_BILL_SQL))).all(),
    ]
    rows.sort(key=lambda r: (r[0], r[1], r[2]))  # unit, period, id
    codes = {u.id: u.code for u in units}
    by_unit: dict[int, list[NoticeLine]] = defaultdict(list)
    payer: dict[int, int] = {}
    for uid, p, _id, months, kind, item_id, desc, amount, settled, out, person in rows:
        if uid not in codes:
            continue
        item = _bill_item(kind, item_id, names, desc, codes[uid])
        by_unit[uid].append(
            NoticeLine(p, add_months(p, months - 1), item, int(amount), int(settled), int(out))
        )
        payer[uid] = person
    people = _people(session, set(payer.values()))
    prepaid = billing.prepaid_balances(session, list(by_unit))
    rule = _contract_rule(session, compound_id, period)
    rule_text = late_fee_text(rule)
    late = (
        _late_fees(session, issued, compound_id) if rule is not None and rule.kind != "none" else {}
    )
    households = []
    for u in units:
        lines = by_unit.get(u.id)
        if not lines or (owing_only and not any(ln.outstanding for ln in lines)):
            continue
        households.append(
            Household(u.id, compound.name, u.code, u.owner or people.get(payer[u.id], ""), u.area,
                      tuple(lines), sum(ln.outstanding for ln in lines), prepaid.get(u.id, 0),
                      rule_text, late.get(u.id, 0), compound.address)
        )  # fmt: skip
    return NoticeBatch(letterhead(session), NOTICE, period, last_day(period), issued,
                       tuple(households), PAY_METHODS, contact(session, compound.address),
                       compound.name, issued)  # fmt: skip


def _people(session: Session, ids: Iterable[int]) -> dict[int, str]:
    ids = sorted(set(ids))
    out: dict[int, str] = {}
    for chunk in _chunks(ids):
        out.update(
            session.execute(select(Person.id, Person.name).where(Person.id.in_(chunk))).all()
        )
    return out


def _late_fees(session: Session, as_of: date, compound_id: int | None) -> dict[int, int]:
    return {ln.unit_id: ln.fee for ln in payments.late_fees_due(session, as_of, compound_id)}


def _prepaid_as_of(session: Session, as_of: date, compound_id: int | None) -> dict[int, int]:
    q = (
        select(Prepayment.unit_id, func.sum(Prepayment.amount))
        .join(Unit, Unit.id == Prepayment.unit_id)
        .where(Prepayment.date <= as_of)
        .group_by(Prepayment.unit_id)
    )
    if compound_id is not None:
        q = q.where(Unit.compound_id == compound_id)
    return {u: int(a) for u, a in session.execute(q) if a}


def arrears_reminders(
    session: Session,
    as_of: date,
    compound_id: int | None = None,
    *,
    issued: date | None = None,
    report: ArrearsReport | None = None,
) -> NoticeBatch:
    """催缴通知单 for every household in arrears on a date (services.arrears), with the open
    bills behind each total. Nothing on a household's notice says a debt is past the
    limitation period: that flag is for the secretary's internal list only."""
    rep = report or arrears_svc.arrears(session, as_of, compound_id)
    issued = issued or date.today()
    names = _item_names(session)
    open_ = arrears_svc.outstanding_as_of(session, as_of, compound_id)
    bill_ids = [r[0] for r in open_]
    info: dict[int, tuple[int, int, str, int | None, str, int]] = {}
    for chunk in _chunks(bill_ids):
        for bid, p, months, kind, item_id, desc, amount in session.execute(
            select(Bill.id, Bill.period, Bill.months, Bill.kind, Bill.item_id, Bill.description,
                   Bill.amount).where(Bill.id.in_(chunk))
        ):  # fmt: skip
            info[bid] = (p, months, kind, item_id, desc, int(amount))
    codes = {r.unit_id: r.unit for r in rep.rows}
    by_unit: dict[int, list[tuple[int, int, NoticeLine]]] = defaultdict(list)
    for bid, uid, _cid, _person, _due, out in open_:
        p, months, kind, item_id, desc, amount = info[bid]
        item = _bill_item(kind, item_id, names, desc, codes.get(uid, ""))
        last = add_months(p, months - 1)
        line = NoticeLine(p, last, item, amount, amount - int(out), int(out))
        by_unit[uid].append((p, bid, line))
    unit_rows = {}
    for chunk in _chunks(list(codes)):
        for uid, area, cid in session.execute(
            select(Unit.id, Unit.area, Unit.compound_id).where(Unit.id.in_(chunk))
        ):
            unit_rows[uid] = (int(area), cid)
    prepaid = _prepaid_as_of(session, as_of, compound_id)
    rules: dict[int, str] = {}
    late_kinds: set[int] = set()
    for cid in {c for _a, c in unit_rows.values()}:
        rule = _contract_rule(session, cid, period_of(as_of))
        rules[cid] = late_fee_text(rule)
        if rule is not None and rule.kind != "none":
            late_kinds.add(cid)
    late = _late_fees(session, as_of, compound_id) if late_kinds else {}
    addresses = dict(session.execute(select(Compound.id, Compound.address)).all())
    households = []
    order = sorted(rep.rows, key=lambda r: (r.compound, r.unit_id))
    for r in order:
        area, cid = unit_rows[r.unit_id]
        lines = tuple(ln for _p, _b, ln in sorted(by_unit[r.unit_id], key=lambda t: (t[0], t[1])))
        households.append(
            Household(r.unit_id, r.compound, r.unit, r.owner, area, lines, r.total,
                      prepaid.get(r.unit_id, 0), rules[cid], late.get(r.unit_id, 0),
                      addresses.get(cid, ""))
        )  # fmt: skip
    scope = _compound(session, compound_id).name if compound_id is not None else "全部小区"
    address = _compound(session, compound_id).address if compound_id is not None else ""
    return NoticeBatch(letterhead(session), REMINDER, None, as_of, issued, tuple(households),
                       PAY_METHODS, contact(session, address), scope, as_of)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ArrearsList:
    """The secretary's internal list (催缴清单（内部）): every household in arrears with its
    aging, and the ones with debt past the three-year limitation (Civil Code 188) flagged."""

    head: Letterhead
    report: ArrearsReport
    scope: str

    @property
    def flagged(self) -> tuple[ArrearsRow, ...]:
        return tuple(r for r in self.report.rows if r.flagged)


def arrears_list(session: Session, as_of: date, compound_id: int | None = None) -> ArrearsList:
    scope = _compound(session, compound_id).name if compound_id is not None else "全部小区"
    return ArrearsList(letterhead(session), arrears_svc.arrears(session, as_of, compound_id), scope)


# -- household statement of account -------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class HouseholdStatement:
    head: Letterhead
    statement: AccountStatement
    references: tuple[str, ...]  # per line: 收据号 for payments and voids
    as_of: date


def household_statement(
    session: Session, unit_id: int, *, as_of: date | None = None
) -> HouseholdStatement:
    """services.arrears.account_statement, with each void line's payment shown by its receipt."""
    st = arrears_svc.account_statement(session, unit_id)
    pids = [
        int(ln.reference)
        for ln in st.lines
        if ln.kind == arrears_svc.T_VOIDED.format() and ln.reference.isdigit()
    ]
    labels: dict[int, str] = {}
    if pids:
        labels = {
            pid: payments.receipt_label(n)
            for pid, n in session.execute(
                select(Payment.id, Receipt.number)
                .join(Receipt, Receipt.id == Payment.receipt_id)
                .where(Payment.id.in_(pids))
            )
        }
    refs = tuple(
        labels.get(int(ln.reference), "") if ln.kind == arrears_svc.T_VOIDED.format() and ln.reference.isdigit()
        else ln.reference
        for ln in st.lines
    )  # fmt: skip
    return HouseholdStatement(letterhead(session), st, refs, as_of or date.today())


# -- monthly statement ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AmountLine:
    code: str
    label: str  # full account name: 主营业务收入—物业服务费
    short: str  # the leaf name, for the chart: 物业服务费
    month: int
    ytd: int


@dataclass(frozen=True, slots=True)
class CommonIncome:
    """其他应付款—业主共有收益 (224101 and beneath) for the month: a credit balance."""

    opening: int
    income: int  # credited: the owners' gross share of common-resource income
    company_share: int  # debited against 其他业务收入 (the company's agreed management share)
    other_out: int  # other debits: reasonable costs, fund top-ups, fee offsets
    closing: int


@dataclass(frozen=True, slots=True)
class FeeFigures:
    """Fees of one compound (or all) for a month."""

    name: str
    units: int
    billed: int  # bills of the month
    billed_ytd: int
    waived: int  # waivers dated in the month
    waived_ytd: int
    collected: int  # valid receipts dated in the month (arrears, the month and prepayments)
    collected_ytd: int
    settled: int  # of the month's bills, paid (incl. prepayment applied) by month end
    settled_ytd: int  # of the year's bills to date, paid by month end
    arrears_units: int
    arrears_total: int
    arrears_flagged_units: int
    aging: tuple[tuple[str, str, int], ...]  # key, label, amount

    @property
    def rate(self) -> str:
        return percent_text(self.settled, self.billed)

    @property
    def rate_ytd(self) -> str:
        return percent_text(self.settled_ytd, self.billed_ytd)


@dataclass(frozen=True, slots=True)
class MonthlyStatement:
    head: Letterhead
    period: int
    compound: str | None  # None: the whole company
    fees: FeeFigures
    income: tuple[AmountLine, ...]  # credit-natured P&L accounts, by leaf
    expenses: tuple[AmountLine, ...]  # debit-natured P&L accounts, by leaf
    common: CommonIncome
    stipends: AmountLine  # 560201 网格补贴 (and beneath)
    compounds: tuple[FeeFigures, ...]  # per compound, in the company statement
    shared_costs: tuple[int, int] = (0, 0)  # a compound's statement: company costs posted to
    # no compound (month, year to date), shown beside it, never allocated by guess

    @property
    def scope(self) -> str:
        return self.compound or "全公司"

    @property
    def revenue(self) -> tuple[int, int]:
        return sum(x.month for x in self.income), sum(x.ytd for x in self.income)

    @property
    def costs(self) -> tuple[int, int]:
        return sum(x.month for x in self.expenses), sum(x.ytd for x in self.expenses)

    @property
    def surplus(self) -> tuple[int, int]:
        (rm, ry), (cm, cy) = self.revenue, self.costs
        return rm - cm, ry - cy


COMMON_INCOME = "224101"
STIPENDS = "560201"
SHARE_ACCOUNT = "5051"


def _fee_figures(session: Session, period: int, compound_id: int | None, name: str) -> FeeFigures:
    start, end = first_day(period), last_day(period)
    y0 = year_start(period)

    def scoped(q, col):  # type: ignore[no-untyped-def]
        return q.where(col == compound_id) if compound_id is not None else q

    units = session.execute(scoped(select(func.count(Unit.id)), Unit.compound_id)).scalar_one()
    billed, billed_ytd = session.execute(scoped(
        select(func.coalesce(func.sum(case((Bill.period == period, Bill.amount), else_=0)), 0),
               func.coalesce(func.sum(Bill.amount), 0))
        .where(Bill.period.between(y0, period)), Bill.compound_id)).one()  # fmt: skip
    waived, waived_ytd = session.execute(scoped(
        select(func.coalesce(func.sum(case((Waiver.date >= start, Waiver.amount), else_=0)), 0),
               func.coalesce(func.sum(Waiver.amount), 0))
        .join(Bill, Bill.id == Waiver.bill_id)
        .where(Waiver.date.between(date(period // 100, 1, 1), end)), Bill.compound_id)).one()  # fmt: skip
    coll_q = (
        select(func.coalesce(func.sum(case((Payment.date >= start, Payment.amount), else_=0)), 0),
               func.coalesce(func.sum(Payment.amount), 0))
        .join(Unit, Unit.id == Payment.unit_id)
        .where(Payment.kind == "payment", Payment.voided.is_(False),
               Payment.date.between(date(period // 100, 1, 1), end))
    )  # fmt: skip
    collected, collected_ytd = session.execute(scoped(coll_q, Unit.compound_id)).one()
    settled, settled_ytd = session.execute(scoped(
        select(func.coalesce(func.sum(case((Bill.period == period, Allocation.amount), else_=0)), 0),
               func.coalesce(func.sum(Allocation.amount), 0))
        .join(Bill, Bill.id == Allocation.bill_id)
        .where(Bill.period.between(y0, period), Allocation.date <= end), Bill.compound_id)).one()  # fmt: skip
    rep = arrears_svc.arrears(session, end, compound_id)
    aging = tuple((key, label, rep.totals.get(key, 0)) for key, label, _lo, _hi in AGING_BUCKETS)
    return FeeFigures(
        name, int(units), int(billed), int(billed_ytd), int(waived), int(waived_ytd), int(collected),
        int(collected_ytd), int(settled), int(settled_ytd), len(rep.rows), rep.total,
        sum(1 for r in rep.rows if r.flagged), aging,
    )  # fmt: skip


def pl_lines(
    session: Session, period: int, compound_id: int | None, *, unassigned: bool = False
) -> tuple[list[AmountLine], list[AmountLine]]:
    """Every P&L leaf account's movement for the month and the year to date, as earned (the
    month-end carry to 本年利润 left out); by the account's nature into income and expenses.
    `unassigned`: only what was posted to no compound (the company's shared income and costs)."""
    y0 = year_start(period)
    net = Posting.credit - Posting.debit
    q = (
        select(Posting.account_id,
               func.coalesce(func.sum(case((Posting.period == period, net), else_=0)), 0),
               func.coalesce(func.sum(net), 0))
        .join(Voucher, Voucher.id == Posting.voucher_id)
        .where(Posting.period.between(y0, period), Voucher.source.not_in(ledger.CARRY_SOURCES))
        .group_by(Posting.account_id)
    )  # fmt: skip
    if compound_id is not None:
        q = q.where(Posting.compound_id == compound_id)
    elif unassigned:
        q = q.where(Posting.compound_id.is_(None))
    by_id = ledger.accounts_by_id(session)
    income, expenses = [], []
    for acc_id, month, ytd in session.execute(q):
        info = by_id[acc_id]
        if info.category != chart.Category.PROFIT_LOSS.value or not (month or ytd):
            continue
        label = ledger.full_name(session, info.code)
        if chart.direction_of(info.code[:4]) == chart.CREDIT:
            income.append(AmountLine(info.code, label, info.name, int(month), int(ytd)))
        else:
            expenses.append(AmountLine(info.code, label, info.name, -int(month), -int(ytd)))
    income.sort(key=lambda x: x.code)
    expenses.sort(key=lambda x: x.code)
    return income, expenses


def _account_ids(session: Session, code: str) -> list[int]:
    return (
        [a.id for a in ledger.descendants(session, code)]
        if code in ledger.accounts(session)
        else []
    )


def common_income(session: Session, period: int, compound_id: int | None) -> CommonIncome:
    ids = _account_ids(session, COMMON_INCOME)
    if not ids:
        return CommonIncome(0, 0, 0, 0, 0)
    start = first_day(period)
    scope = [Posting.compound_id == compound_id] if compound_id is not None else []
    opening = session.execute(
        select(func.coalesce(func.sum(Posting.credit - Posting.debit), 0))
        .where(Posting.account_id.in_(ids), Posting.date < start, *scope)
    ).scalar_one()  # fmt: skip
    share_ids = _account_ids(session, SHARE_ACCOUNT)
    shares = (
        select(Posting.voucher_id)
        .where(Posting.account_id.in_(share_ids), Posting.credit > 0, Posting.period == period)
        .scalar_subquery()
    )
    income, share, out = session.execute(
        select(func.coalesce(func.sum(Posting.credit), 0),
               func.coalesce(func.sum(case((Posting.voucher_id.in_(shares), Posting.debit), else_=0)), 0),
               func.coalesce(func.sum(case((Posting.voucher_id.in_(shares), 0), else_=Posting.debit)), 0))
        .where(Posting.account_id.in_(ids), Posting.period == period, *scope)
    ).one()  # fmt: skip
    opening, income, share, out = int(opening), int(income), int(share), int(out)
    return CommonIncome(opening, income, share, out, opening + income - share - out)


def _stipends(session: Session, period: int, compound_id: int | None) -> AmountLine:
    ids = _account_ids(session, STIPENDS)
    label = ledger.full_name(session, STIPENDS) if ids else "管理费用—网格补贴"
    if not ids:
        return AmountLine(STIPENDS, label, "网格补贴", 0, 0)
    net = Posting.debit - Posting.credit
    q = (
        select(func.coalesce(func.sum(case((Posting.period == period, net), else_=0)), 0),
               func.coalesce(func.sum(net), 0))
        .join(Voucher, Voucher.id == Posting.voucher_id)
        .where(Posting.account_id.in_(ids), Posting.period.between(year_start(period), period),
               Voucher.source.not_in(ledger.CARRY_SOURCES))
    )  # fmt: skip
    if compound_id is not None:
        q = q.where(Posting.compound_id == compound_id)
    month, ytd = session.execute(q).one()
    return AmountLine(
        STIPENDS, label, ledger.accounts(session)[STIPENDS].name, int(month), int(ytd)
    )


def monthly_statement(
    session: Session, period: int, compound_id: int | None = None
) -> MonthlyStatement:
    """The secretary's monthly statement (DOMAIN §9) for one compound or the whole company.

    Fees come from the bills, receipts and allocations; income, expenses, surplus, the owners'
    common income and the stipends from the ledger's postings (so any new sub-account of 5001,
    5051 … appears by itself). A compound's statement counts only what was posted to that
    compound: the company's shared costs are in the company statement."""
    name = _compound(session, compound_id).name if compound_id is not None else None
    fees = _fee_figures(session, period, compound_id, name or "全公司")
    income, expenses = pl_lines(session, period, compound_id)
    per_compound: tuple[FeeFigures, ...] = ()
    shared = (0, 0)
    if compound_id is not None:
        _i, company_wide = pl_lines(session, period, None, unassigned=True)
        shared = (sum(x.month for x in company_wide), sum(x.ytd for x in company_wide))
    else:
        per_compound = tuple(
            _fee_figures(session, period, cid, cname)
            for cid, cname, _n, _a in registry.compound_summary(session)
        )
    return MonthlyStatement(
        letterhead(session), period, name, fees, tuple(income), tuple(expenses),
        common_income(session, period, compound_id), _stipends(session, period, compound_id),
        per_compound, shared,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Disclosure:
    """收支公示: the public subset of a compound's monthly statement and the posting period."""

    statement: MonthlyStatement
    posted_from: date
    posted_to: date
    contact: Contact

    @property
    def head(self) -> Letterhead:
        return self.statement.head


def disclosure(
    session: Session, period: int, compound_id: int, *, posted_from: date | None = None
) -> Disclosure:
    """From the day it goes up (default today) for at least 30 days, both days included."""
    st = monthly_statement(session, period, compound_id)
    start = posted_from or date.today()
    return Disclosure(st, start, start + timedelta(days=PUBLIC_DAYS - 1),
                      contact(session, _compound(session, compound_id).address))  # fmt: skip


# -- Excel registers -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CollectionRow:
    number: int
    label: str
    date: date
    kind: str  # 物业费 | 公共资源 (a resource's income, same receipt counter)
    compound: str
    unit: str
    payer: str
    items: str
    amount: int
    method: str
    reference: str
    clerk: str
    void: bool
    void_reason: str


@dataclass(frozen=True, slots=True)
class CollectionRegister:
    head: Letterhead
    start: date | None  # None: from the first receipt / to the last
    end: date | None
    rows: tuple[CollectionRow, ...]

    @property
    def valid_total(self) -> int:
        return sum(r.amount for r in self.rows if not r.void)

    @property
    def void_total(self) -> int:
        return sum(r.amount for r in self.rows if r.void)


def collection_register(
    session: Session, start: date | None, end: date | None
) -> CollectionRegister:
    """收费明细: every receipt dated in the range, valid or void, with what it paid for —
    fee receipts and the common-resources module's receipts (one counter, no gaps)."""

    def dated(q):  # type: ignore[no-untyped-def]
        if start is not None:
            q = q.where(Receipt.date >= start)
        if end is not None:
            q = q.where(Receipt.date <= end)
        return q

    rows = session.execute(dated(
        select(Receipt, Payment.id, Payment.reference, Unit.code, Compound.name)
        .join(Payment, Payment.receipt_id == Receipt.id)
        .join(Unit, Unit.id == Payment.unit_id)
        .join(Compound, Compound.id == Unit.compound_id)
    )).all()  # fmt: skip
    pids = [r[1] for r in rows]
    items: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for chunk in _chunks(pids):
        for pid, desc, amount in session.execute(
            select(Allocation.payment_id, Bill.description, func.sum(Allocation.amount))
            .join(Bill, Bill.id == Allocation.bill_id)
            .where(Allocation.payment_id.in_(chunk), Allocation.source == "payment")
            .group_by(Allocation.payment_id, Bill.id)
            .order_by(Allocation.payment_id, Bill.due_date, Bill.id)
        ):
            items[pid].append((desc, int(amount)))
        for pid, amount in session.execute(
            select(Prepayment.payment_id, func.sum(Prepayment.amount))
            .where(Prepayment.payment_id.in_(chunk), Prepayment.kind == "overpay")
            .group_by(Prepayment.payment_id)
        ):
            if amount:
                items[pid].append((payments.T_PREPAID_LINE.format(), int(amount)))
    out = []
    for r, pid, ref, code, cname in rows:
        paid = merge_fee_lines(
            [ReceiptLine(_strip_unit(d, code), a) for d, a in items.get(pid, [])]
        )
        text = "；".join(
            f"{ln.description} {format_amount(ln.amount, symbol=False)}" for ln in paid
        )
        out.append(
            CollectionRow(r.number, payments.receipt_label(r.number), r.date, "物业费", cname, code,
                          r.payer, text, int(r.amount), METHODS.get(r.method, r.method), ref or "",
                          r.clerk, r.status == "void", r.void_reason or "")
        )  # fmt: skip
    out += _resource_rows(session, dated)
    out.sort(key=lambda x: x.number)
    return CollectionRegister(letterhead(session), start, end, tuple(out))


def _resource_rows(session: Session, dated) -> list[CollectionRow]:  # type: ignore[no-untyped-def]
    from propdesk.services.resources import KINDS

    q = dated(
        select(Receipt, ResourceIncome.description, Resource.kind, Resource.code, Compound.name,
               Unit.code)
        .join(ResourceIncome, ResourceIncome.receipt_id == Receipt.id)
        .join(Resource, Resource.id == ResourceIncome.resource_id)
        .join(Compound, Compound.id == ResourceIncome.compound_id)
        .join(Unit, Unit.id == Receipt.unit_id, isouter=True)
    )  # fmt: skip
    out = []
    for r, desc, kind, code, cname, unit in session.execute(q):
        label = KINDS[kind].format() if kind in KINDS else kind
        out.append(
            CollectionRow(r.number, payments.receipt_label(r.number), r.date, "公共资源", cname,
                          unit or "", r.payer, payments.resource_item(label, code, desc), int(r.amount),
                          METHODS.get(r.method, r.method), "", r.clerk, r.status == "void",
                          r.void_reason or "")
        )  # fmt: skip
    return out


@dataclass(frozen=True, slots=True)
class ArrearsExport:
    head: Letterhead
    report: ArrearsReport
    areas: dict[int, int]


def arrears_export(session: Session, as_of: date, compound_id: int | None = None) -> ArrearsExport:
    rep = arrears_svc.arrears(session, as_of, compound_id)
    areas: dict[int, int] = {}
    ids = [r.unit_id for r in rep.rows]
    for chunk in _chunks(ids):
        areas.update(session.execute(select(Unit.id, Unit.area).where(Unit.id.in_(chunk))).all())
    return ArrearsExport(letterhead(session), rep, areas)


@dataclass(frozen=True, slots=True)
class RosterExport:
    head: Letterhead
    on: date
    scope: str
    units: tuple[registry.UnitRow, ...]


def roster_export(
    session: Session, compound_id: int | None = None, *, on: date | None = None
) -> RosterExport:
    """Units and their owners of the day, ID numbers masked (services.registry.list_units)."""
    on = on or date.today()
    scope = _compound(session, compound_id).name if compound_id is not None else "全部小区"
    return RosterExport(
        letterhead(session), on, scope, tuple(registry.list_units(session, compound_id, on))
    )


__all__ = [
    "NOTICE",
    "REMINDER",
    "AmountLine",
    "ArrearsExport",
    "ArrearsList",
    "CollectionRegister",
    "CollectionRow",
    "CommonIncome",
    "Contact",
    "Disclosure",
    "FeeFigures",
    "Household",
    "HouseholdStatement",
    "MonthlyStatement",
    "NoticeBatch",
    "NoticeLine",
    "ReceiptBatch",
    "RosterExport",
    "arrears_export",
    "arrears_list",
    "arrears_reminders",
    "collection_register",
    "compact_receipt_lines",
    "contact",
    "disclosure",
    "fee_notices",
    "household_statement",
    "late_fee_text",
    "merge_fee_lines",
    "merge_notice_lines",
    "monthly_statement",
    "percent_text",
    "receipt_batch",
    "receipt_lines",
    "roster_export",
]
