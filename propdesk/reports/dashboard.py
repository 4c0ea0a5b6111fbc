"""概览 (the dashboard): what a clerk, secretary or accountant wants to see on opening the book.

Plain data, read in one session: the collection rate of the open month and its 12-month trend,
income by source for the year to date (the owners' common income shown apart: it is held for
the owners, not earned), the largest arrears, contracts and agreements needing action, votes in
progress with their live tally, and the period status. The figures use the same definitions as
the monthly statement (reports/fees.py): a month's collection rate is what of its bills was
settled by the month's end (or by `today`, for the open month) over what was billed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from propdesk.core import ratios
from propdesk.core.periods import add_months, last_day, year_start
from propdesk.core.votes import Tally
from propdesk.db.models import Allocation, Bill
from propdesk.reports.fees import common_income, pl_lines
from propdesk.services import arrears as arrears_svc
from propdesk.services import contract_life, resources, votes
from propdesk.services.arrears import ArrearsRow
from propdesk.services.books import BookStatus, book_status
from propdesk.services.contract_life import ContractAction
from propdesk.services.resources import Expiring
from propdesk.services.votes import VoteInfo

TREND_MONTHS = 12
TOP_ARREARS = 10
AGREEMENT_DAYS = 30  # agreements ending within this many days are listed


@dataclass(frozen=True, slots=True)
class MonthRate:
    period: int
    billed: int  # fen: the month's bills
    settled: int  # fen: of those, paid (incl. prepayment applied) by the month's end

    @property
    def rate_bp(self) -> int | None:
        """Collection rate in basis points (1 bp = 0.01 %), half-up; None when nothing billed."""
        return ratios.rate_bp(self.settled, self.billed)


@dataclass(frozen=True, slots=True)
class IncomeSource:
    code: str  # account code; "224101" for the owners' common income
    name: str
    amount: int  # fen, year to date
    owners: bool = False  # held for the owners (Civil Code 282), not the company's income


@dataclass(frozen=True, slots=True)
class OpenVote:
    info: VoteInfo
    tally: Tally


@dataclass(frozen=True, slots=True)
class Dashboard:
    status: BookStatus
    today: date
    period: int  # the month shown: the open period
    trend: tuple[MonthRate, ...]  # oldest first; the last one is `period`
    income: tuple[IncomeSource, ...]  # largest first
    arrears_total: int
    arrears_units: int
    arrears_top: tuple[ArrearsRow, ...]
    contracts: tuple[ContractAction, ...]
    agreements: tuple[Expiring, ...]
    votes: tuple[OpenVote, ...]

    @property
    def month(self) -> MonthRate:
        return self.trend[-1]


def collection_trend(
    session: Session, period: int, today: date, months: int = TREND_MONTHS
) -> tuple[MonthRate, ...]:
    """Billed and settled-by-month-end for `months` months ending with `period`; two queries."""
    first = add_months(period, -(months - 1))
    billed = dict(
        session.execute(
            select(Bill.period, func.sum(Bill.amount))
            .where(Bill.period.between(first, period))
            .group_by(Bill.period)
        ).all()
    )
    settled: dict[int, int] = defaultdict(int)
    for p, day, amount in session.execute(
        select(Bill.period, Allocation.date, func.sum(Allocation.amount))
        .join(Bill, Bill.id == Allocation.bill_id)
        .where(Bill.period.between(first, period))
        .group_by(Bill.period, Allocation.date)
    ):
        if day <= min(last_day(p), today):
            settled[p] += int(amount)
    return tuple(
        MonthRate(p, int(billed.get(p, 0)), settled[p])
        for p in (add_months(first, i) for i in range(months))
    )


def income_by_source(session: Session, period: int) -> tuple[IncomeSource, ...]:
    """The company's income accounts, year to date through `period`, and the owners' common
    income credited in the same months (as one separate source)."""
    income, _expenses = pl_lines(session, period, None)
    out = [IncomeSource(x.code, x.short, x.ytd) for x in income if x.ytd > 0]
    owners = sum(
        common_income(session, p, None).income
        for p in (add_months(year_start(period), i) for i in range(period % 100))
    )
    if owners > 0:
        out.append(IncomeSource("224101", "业主共有收益", owners, owners=True))
    out.sort(key=lambda s: (-s.amount, s.code))
    return tuple(out)


def dashboard(session: Session, today: date) -> Dashboard:
    status = book_status(session)
    period = status.open_period
    report = arrears_svc.arrears(session, today)
    top = sorted(report.rows, key=lambda r: (-r.total, r.compound, r.unit))[:TOP_ARREARS]
    open_votes = tuple(
        OpenVote(v, votes.live_tally(session, votes.get_vote(session, v.id)))
        for v in votes.list_votes(session)
        if v.status == "open"
    )
    return Dashboard(
        status=status,
        today=today,
        period=period,
        trend=collection_trend(session, period, today),
        income=income_by_source(session, period),
        arrears_total=report.total,
        arrears_units=len(report.rows),
        arrears_top=tuple(top),
        contracts=tuple(contract_life.contracts_needing_action(session, today)),
        agreements=tuple(resources.expiring(session, today, AGREEMENT_DAYS)),
        votes=open_votes,
    )
