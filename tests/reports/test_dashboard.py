"""概览 data: collection rate and trend, income by source, arrears top list, votes in progress."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from propdesk.core.periods import add_months, next_period, prev_period
from propdesk.db.store import Book
from propdesk.reports.dashboard import MonthRate, collection_trend, dashboard, income_by_source
from propdesk.services import billing, ledger, payments, registry, votes
from tests.fees_fixtures import setup_compound

# monthly fees of the fixture's units: 89.50 m² × 0.85 → 76.08; 102.35 × 0.85 → 87.00;
# the developer's 64.00 × 0.85 → 54.40; the shop 120.00 × 1.50 → 180.00; 75.25 × 0.85 → 63.96
# (delivered in March: the developer pays until then)
JAN = 7608 + 8700 + 5440 + 18000 + 6396


def _book(book: Book) -> None:
    setup_compound(book)
    with book.write() as s:
        for p in (202601, 202602, 202603):
            billing.run_billing(s, p)
        unit = registry.unit_by_code(s, "幸福里小区", "1-1-101")
        payments.take_payment(s, unit, 7608, "cash", date(2026, 1, 15))  # the January bill
        payments.take_payment(s, unit, 7608, "cash", date(2026, 3, 5))  # February's, late
        shop = registry.unit_by_code(s, "幸福里小区", "1-2-101")
        payments.take_payment(s, shop, 18000, "bank", date(2026, 2, 20))  # the January bill
        ledger.close_period(s, 202601)
        ledger.close_period(s, 202602)


def test_the_months_rate_counts_what_was_settled_by_its_end(book: Book) -> None:
    _book(book)
    with book.read() as s:
        trend = collection_trend(s, 202603, date(2026, 3, 10), months=3)
    assert [m.period for m in trend] == [202601, 202602, 202603]
    jan, feb, _mar = trend
    assert jan.billed == JAN
    assert jan.settled == 7608  # the shop paid January's bill on 20 February: late
    assert jan.rate_bp == 1649  # 7608 / 46144 = 16.4875… %
    assert feb.settled == 0  # 张三 paid February on 5 March
    assert all(m.billed > 0 for m in trend)


def test_the_dashboard_shows_the_open_month_arrears_and_votes(book: Book) -> None:
    _book(book)
    with book.write() as s:
        c = registry.compound_by_name(s, "幸福里小区")
        vote = votes.create_vote(s, c, "hire-manager", "续聘物业服务企业",
                                 opens=date(2026, 3, 1), closes=date(2026, 3, 31))  # fmt: skip
        votes.cast_ballot(s, vote, "1-1-101", "agree", date(2026, 3, 2))
    with book.read() as s:
        d = dashboard(s, date(2026, 3, 10))
    assert d.period == 202603 and d.status.closed_through == 202602
    assert d.month == d.trend[-1] and d.month.period == 202603 and len(d.trend) == 12
    # owed on 10 March: everything billed but the three bills paid
    billed = sum(m.billed for m in d.trend)
    assert d.arrears_total == billed - 7608 - 7608 - 18000
    assert [r.total for r in d.arrears_top] == sorted(
        (r.total for r in d.arrears_top), reverse=True
    )
    assert d.arrears_top[0].unit == "1-2-101" and d.arrears_top[0].total == 2 * 18000
    (open_vote,) = d.votes
    assert open_vote.info.title == "续聘物业服务企业"
    assert open_vote.tally.yes_count == 1 and open_vote.tally.yes_area == 8950


def test_income_by_source_is_the_ledgers_year_to_date(book: Book) -> None:
    _book(book)
    with book.read() as s:
        sources = income_by_source(s, 202603)
        tb = {r.code: r for r in ledger.trial_balance(s, 202601, 202603).rows}
    assert sum(x.amount for x in sources) == sum(
        r.credit
        for code, r in tb.items()
        if code.startswith("5001") and r.is_leaf  # the carry debits them
    )
    assert not any(x.owners for x in sources)  # no common-resource income in this book


@given(st.integers(0, 10**9), st.integers(1, 10**9))
def test_rate_is_half_up_to_a_basis_point(settled: int, billed: int) -> None:
    exact = Decimal(settled) * 10_000 / Decimal(billed)
    assert MonthRate(202601, billed, settled).rate_bp == int(
        exact.quantize(Decimal(1), ROUND_HALF_UP)
    )


@given(st.integers(200001, 209912), st.integers(-500, 500))
def test_add_months_walks_like_next_and_prev(period: int, n: int) -> None:
    if not 1 <= period % 100 <= 12:
        return
    walked = period
    for _ in range(abs(n)):
        walked = next_period(walked) if n > 0 else prev_period(walked)
    assert add_months(period, n) == walked
    assert add_months(add_months(period, n), -n) == period
