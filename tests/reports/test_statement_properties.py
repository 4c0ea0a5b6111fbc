"""Property: random balanced vouchers and closes → the balance sheet balances every month, and the
year's net profit equals the change in 未分配利润 since the start of the year."""

from __future__ import annotations

import itertools
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from propdesk.db.store import Book
from propdesk.reports.statements import balance_sheet, income_statement
from propdesk.services import ledger
from propdesk.services.books import create_book
from propdesk.services.ledger import Line, NewVoucher

# every kind of line on the form, contra accounts, cost accounts, P&L on both sides;
# never 3103/3104 directly (only the close touches them)
LEAVES = [
    "1001", "1002", "112202", "112203", "1123", "1221", "1403", "1405", "1601", "1602", "1701", "1702",
    "1901", "2001", "2202", "220302", "2211", "2221", "224102", "2501", "3001", "3101", "4001",
    "4301", "500101", "505101", "5111", "5301", "5401", "5403", "560201", "5603", "5711", "5801",
]  # fmt: skip
PERIODS = [202511, 202512, 202601, 202602]
_counter = itertools.count()

amounts = st.integers(min_value=1, max_value=5_000_000_00)


@st.composite
def vouchers(draw: st.DrawFn, period: int) -> NewVoucher:
    debits = draw(st.lists(st.tuples(st.sampled_from(LEAVES), amounts), min_size=1, max_size=3))
    total = sum(a for _, a in debits)
    cut = draw(st.integers(0, total)) if total > 1 else 0
    parts = [p for p in (cut, total - cut) if p > 0]
    credits = [(draw(st.sampled_from(LEAVES)), p) for p in parts]
    day = draw(st.integers(1, 28))
    lines = [Line(a, debit=x) for a, x in debits] + [Line(a, credit=x) for a, x in credits]
    return NewVoucher(date(period // 100, period % 100, day), "随机凭证", lines)


@st.composite
def plans(draw: st.DrawFn) -> list[tuple[int, list[NewVoucher], bool]]:
    return [(p, draw(st.lists(vouchers(p), max_size=4)), draw(st.booleans())) for p in PERIODS]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "template.db"
    book = create_book(path)
    with book.write() as s:  # 112201/220301/224101 are modules': random vouchers use others
        for code, name in (
            ("112202", "其他物业费"),
            ("112203", "多收待退"),
            ("220302", "预收其他"),
            ("224102", "代收代付"),
        ):
            ledger.ensure_account(s, code, name)
    book.close()
    return path


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("prop")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans())
def test_balance_sheet_balances_and_profit_moves_retained_earnings(
    template: Path, workdir: Path, plan: list[tuple[int, list[NewVoucher], bool]]
) -> None:
    path = workdir / f"b{next(_counter)}.db"
    shutil.copy(template, path)
    book = Book.open(path)
    try:
        closing = True  # closes are sequential: once a month stays open, later ones do too
        for period, vs, close in plan:
            if vs:
                with book.write() as s:
                    ledger.post_vouchers(s, vs)
            closing = closing and close
            if closing:
                with book.write() as s:
                    ledger.close_period(s, period)
        with book.read() as s:
            sheets = {p: balance_sheet(s, p) for p in PERIODS}
            for p in PERIODS:
                bs = sheets[p]
                assert bs.balanced, p
                assert ledger.trial_balance(s, p).balanced
                retained = bs.line("retained")
                profit = income_statement(s, p).net_profit
                assert profit.prior == retained.amount - retained.prior, p
            # 年初余额 of 2026 is the closing balance of December 2025, line by line
            for a, b in zip(sheets[202602].assets, sheets[202512].assets, strict=True):
                assert a.prior == b.amount, a.key
            for a, b in zip(sheets[202602].claims, sheets[202512].claims, strict=True):
                assert a.prior == b.amount, a.key
    finally:
        book.close()
        path.unlink()
