"""全市汇总: the city-wide consolidation of the companies in one city database.

One row per company, then the total: compounds and units registered, fees billed, collected and
the collection rate, the owners' common income held (224101), the surplus, and what was
allocated to grid workers' stipends and to grid service stations — for a month range.

Each figure is read from the company's own book the way its own reports read it:
- billed / settled / collected: the monthly statement's definitions (reports/fees.py) over the
  range — the range's bills, what of them was paid (incl. prepayment applied) by the range's
  last day, and the valid fee receipts dated in the range. For one month they are the
  statement's 本月 figures, for January..M its 本年累计 ones;
- the collection rate: settled / billed, in basis points (half-up), the total's from the
  totals (never an average of rates);
- owners' money: the closing balance of 224101 业主共有收益 at the range's end
  (reports/fees.common_income, as in the monthly statement);
- surplus: services/surplus.surplus_figures over the range (the allocation service's own
  figure: revenue − costs, owners' money fenced off);
- stipends / stations: the approved allocations of periods inside the range (an allocation's
  money belongs to the period whose surplus funded it), as services/surplus.allocation_view
  sums its lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from propdesk.core.errors import UserError
from propdesk.core.i18n import bilingual
from propdesk.core.periods import first_day, fmt_period, last_day
from propdesk.core.progress import Progress, null_progress
from propdesk.core.ratios import bp_text, rate_bp
from propdesk.db.models import Allocation, Bill, Payment, Unit
from propdesk.reports.common import Letterhead, range_label

TITLE = "社区领办物业公司全市汇总表"
T_TITLE = bilingual("全市汇总", "City consolidation")
T_RANGE_ORDER = bilingual(
    "开始月份 {start} 晚于结束月份 {end}", "the first month {start} is after the last month {end}"
)
T_READING = bilingual("正在读取 {name}（{n}/{total}）…", "Reading {name} ({n}/{total})…")
TOTAL_NAME = "合计"


# -- rows ----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CompanyRow:
    """One company's figures (or the total) for the range; money in fen."""

    key: str  # the company's schema ("" for the total)
    name: str
    compounds: int
    units: int
    billed: int
    settled: int  # of the range's bills, paid by its last day
    collected: int  # fee receipts dated in the range
    owners_money: int  # 224101 balance at the range's end, held for the owners
    surplus: int
    stipends: int  # allocated to grid workers' stipends
    stations: int  # allocated to grid service stations
    closed_through: int | None = None  # the company's last closed month

    @property
    def rate_bp(self) -> int | None:
        return rate_bp(self.settled, self.billed)

    @property
    def rate(self) -> str:
        return bp_text(self.rate_bp)

    @property
    def closed_text(self) -> str:
        return fmt_period(self.closed_through) if self.closed_through else "—"


SUMMED = tuple(
    f.name for f in fields(CompanyRow) if f.name not in ("key", "name", "closed_through")
)


def total_row(rows: Sequence[CompanyRow]) -> CompanyRow:
    sums = {name: sum(getattr(r, name) for r in rows) for name in SUMMED}
    return CompanyRow("", TOTAL_NAME, **sums)


@dataclass(frozen=True, slots=True)
class CityReport:
    database: str  # the city database's name
    start: int  # YYYYMM
    end: int
    rows: tuple[CompanyRow, ...]  # by company key
    printed_at: datetime
    user: str = ""

    @property
    def total(self) -> CompanyRow:
        return total_row(self.rows)

    @property
    def period(self) -> str:
        return range_label(self.start, self.end)

    @property
    def head(self) -> Letterhead:
        company = f"全市汇总（数据库 {self.database}）"
        return Letterhead(company, company, self.printed_at, self.user)


def check_range(start: int, end: int) -> None:
    if start > end:
        raise UserError(T_RANGE_ORDER, start=fmt_period(start), end=fmt_period(end))


# -- one company's figures, read from its own book ------------------------------------------------
def fee_totals(session: Session, start: int, end: int) -> tuple[int, int, int]:
    """(billed, settled by the last day, collected) over the months start..end, as the monthly
    statement counts them for one month or for January..end (reports/fees._fee_figures)."""
    billed = session.execute(
        select(func.coalesce(func.sum(Bill.amount), 0)).where(Bill.period.between(start, end))
    ).scalar_one()
    settled = session.execute(
        select(func.coalesce(func.sum(Allocation.amount), 0))
        .join(Bill, Bill.id == Allocation.bill_id)
        .where(Bill.period.between(start, end), Allocation.date <= last_day(end))
    ).scalar_one()
    collected = session.execute(
        select(func.coalesce(func.sum(Payment.amount), 0))
        .join(Unit, Unit.id == Payment.unit_id)
        .where(Payment.kind == "payment", Payment.voided.is_(False),
               Payment.date.between(first_day(start), last_day(end)))
    ).scalar_one()  # fmt: skip
    return int(billed), int(settled), int(collected)


def allocated(session: Session, start: int, end: int) -> tuple[int, int]:
    """(stipends, stations) of the approved allocations whose period lies inside the range."""
    from propdesk.services import surplus

    stipends = stations = 0
    for a in surplus.list_allocations(session):
        if a.status == "draft":
            continue
        view = surplus.allocation_view(session, a.id)
        if start <= view.start and view.end <= end:
            stipends += view.stipends
            stations += view.stations
    return stipends, stations


def company_row(session: Session, key: str, start: int, end: int) -> CompanyRow:
    from propdesk.reports.fees import common_income
    from propdesk.services import ledger, registry, surplus
    from propdesk.services.books import book_status

    check_range(start, end)
    compounds = registry.compound_summary(session)
    billed, settled, collected = fee_totals(session, start, end)
    span = surplus.Span("month" if start == end else "range", start, end)
    stipends, stations = allocated(session, start, end)
    return CompanyRow(
        key, book_status(session).company_name, len(compounds), sum(n for _i, _c, n, _a in compounds),
        billed, settled, collected, common_income(session, end, None).closing,
        surplus.surplus_figures(session, span).surplus, stipends, stations,
        ledger.closed_through(session),
    )  # fmt: skip


# -- the whole city ------------------------------------------------------------------------------
def city_report(
    db_url: str,
    start: int,
    end: int,
    *,
    progress: Progress | None = None,
    now: datetime | None = None,
    user: str = "",
) -> CityReport:
    """Every company of the city database, each read from its own book (opened, read, closed)."""
    from propdesk.services import city

    check_range(start, end)
    progress = progress or null_progress()
    found = city.companies(db_url)
    rows: list[CompanyRow] = []
    for n, c in enumerate(found, start=1):
        progress.report(n - 1, len(found), T_READING.format(name=c.name or c.key, n=n,
                                                             total=len(found)))  # fmt: skip
        book = city.open_company(db_url, c.key)
        try:
            with book.read() as s:
                rows.append(company_row(s, c.key, start, end))
        finally:
            book.close()
        progress.check()
    progress.report(len(found), len(found), "")
    return CityReport(
        make_url(db_url).database or "", start, end, tuple(rows),
        (now or datetime.now()).replace(microsecond=0), user,
    )  # fmt: skip
