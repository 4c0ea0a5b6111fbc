"""利润表 and 资产负债表 data: the official lines, pre-carry figures, a balance sheet that balances."""

from __future__ import annotations

from datetime import date

from propdesk.db.store import Book
from propdesk.reports.statements import balance_sheet, income_statement
from propdesk.services import ledger
from tests.helpers import v

INCOME_ROWS = [1, 2, 3, 11, 14, 18, 20, 21, 22, 24, 30, 31, 32]


def test_income_statement_of_a_closed_month_shows_revenue_before_the_carry(
    known_book: Book,
) -> None:
    with known_book.read() as s:
        assert ledger.closed_through(s) == 202601
        st = income_statement(s, 202601)
    assert [ln.row for ln in st.lines] == INCOME_ROWS
    assert st.form == "会小企02表"
    got = {ln.key: (ln.amount, ln.prior) for ln in st.lines}
    assert got["revenue"] == (741_664, 741_664)  # 1,409.50 + 6,007.14
    assert got["cost"] == (88_800, 88_800)
    assert got["admin"] == (82_504, 82_504)  # 325.04 office + 500.00 depreciation
    assert got["finance"] == (5, 5)
    assert got["non_op_expense"] == (100, 100)
    assert got["operating_profit"] == (570_355, 570_355)
    assert got["total_profit"] == got["net_profit"] == (570_255, 570_255)


def test_income_statement_year_to_date_and_open_month(known_book: Book) -> None:
    with known_book.read() as s:
        feb = income_statement(s, 202602)
        dec = income_statement(s, 202512)
    assert (feb.line("revenue").amount, feb.line("revenue").prior) == (200_000, 941_664)
    assert (feb.line("cost").amount, feb.line("cost").prior) == (12_345, 101_145)
    assert (feb.net_profit.amount, feb.net_profit.prior) == (187_655, 757_910)
    # December's year to date stays in 2025
    assert (dec.net_profit.amount, dec.net_profit.prior) == (100_000, 100_000)


def test_closing_a_month_does_not_change_its_income_statement(book: Book) -> None:
    with book.write() as s:
        ledger.post_vouchers(s, [
            v(date(2026, 3, 2), "物业费", ("1002", 500_000, 0), ("500101", 0, 500_000)),
            v(date(2026, 3, 3), "冲红多记收入", ("500101", 20_000, 0), ("1002", 0, 20_000)),
            v(date(2026, 3, 4), "利息收入", ("1002", 300, 0), ("5603", 0, 300)),
            v(date(2026, 3, 5), "工资", ("5401", 100_000, 0), ("1002", 0, 100_000)),
        ])  # fmt: skip
    with book.read() as s:
        before = income_statement(s, 202603)
    with book.write() as s:
        ledger.close_period(s, 202603)
    with book.read() as s:
        after = income_statement(s, 202603)
        tb = ledger.trial_balance(s, 202603)
    assert before.lines == after.lines
    assert after.line("revenue").amount == 480_000
    assert after.line("finance").amount == -300  # interest income reduces 财务费用
    assert after.net_profit.amount == 480_000 - 100_000 + 300
    # and the P&L accounts really are empty after the carry
    assert all(r.closing_debit == r.closing_credit == 0 for r in tb.rows if r.code[0] == "5")


def test_balance_sheet_lines_and_reclassification(known_book: Book) -> None:
    with known_book.read() as s:
        bs = balance_sheet(s, 202602)
    assert bs.form == "会小企01表"
    assert bs.balanced
    rows = [ln.row for ln in (*bs.assets, *bs.claims) if ln.row is not None]
    assert sorted(rows) == list(range(1, 54))
    assert bs.assets[-1].key == "total_assets" and bs.claims[-1].key == "total_claims"
    assert len(bs.assets) == len(bs.claims)
    line = bs.line
    assert (line("fa_cost").amount, line("depreciation").amount) == (1_000_000, 50_000)
    assert line("fa_net").amount == 950_000
    assert line("receivables").amount == 110_950  # 112202 debit balance
    assert line("advances_received").amount == 5_000  # 112203's credit balance moves here
    assert line("other_payables").amount == 0
    assert line("paid_in_capital").amount == 50_000_000
    # 未分配利润: 2025 profit (carried at year end) + Jan (carried) + Feb (not closed yet)
    assert (line("retained").amount, line("retained").prior) == (857_910, 100_000)
    assert line("total_assets").amount == line("total_claims").amount
    assert line("total_assets").prior == line("total_claims").prior == 50_100_000


def test_balance_sheet_matches_the_trial_balance(known_book: Book) -> None:
    with known_book.read() as s:
        for p in (202512, 202601, 202602):
            bs = balance_sheet(s, p)
            tb = ledger.trial_balance(s, p)
            assert bs.balanced
            cash = sum(
                r.closing_debit - r.closing_credit
                for r in tb.rows
                if r.code in ("1001", "1002", "1012")
            )
            assert bs.line("cash").amount == cash
            leaves = {r.code: r.closing_debit - r.closing_credit for r in tb.rows if r.is_leaf}
            assets = sum(n for c, n in leaves.items() if c[0] in "14")
            # receivables/advances are shown gross: a credit balance in 1122 is a liability,
            # a debit balance in 2203 an asset
            assets -= sum(n for c, n in leaves.items() if c[:4] in ("1122", "1123") and n < 0)
            assets += sum(n for c, n in leaves.items() if c[:4] in ("2202", "2203") and n > 0)
            assert bs.line("total_assets").amount == assets


def test_empty_book_statements(book: Book) -> None:
    with book.read() as s:
        bs = balance_sheet(s, 202601)
        st = income_statement(s, 202601)
    assert bs.balanced and bs.line("total_assets").amount == 0
    assert all(ln.amount == ln.prior == 0 for ln in st.lines)
    assert st.head.company == "测试社区物业服务有限公司"
