"""Excel exports read back: cells equal the ledger's figures, formats, panes, filters, no formulas."""

from __future__ import annotations

import io
import tempfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from propdesk.core.money import fen_to_decimal
from propdesk.core.progress import Cancelled
from propdesk.db.store import Book
from propdesk.reports.common import Letterhead
from propdesk.reports.ledgers import (
    JournalReport,
    detail_ledger_report,
    general_ledger_report,
    journal_report,
    trial_balance_report,
)
from propdesk.reports.statements import balance_sheet, income_statement
from propdesk.reports.xlsx.base import MONEY_FORMAT, display_width
from propdesk.reports.xlsx.journal import write_journal
from propdesk.reports.xlsx.ledgers import (
    write_detail_ledger,
    write_general_ledger,
    write_trial_balance,
)
from propdesk.reports.xlsx.statements import write_balance_sheet, write_income_statement
from propdesk.services import ledger
from propdesk.services.ledger import JournalRow, balance_side
from tests.reports.conftest import COMPANY, INJECTIONS, sheet_xml

HEADER_ROW = 5  # title block: company, report, period, printed-at


def fen(value: Any) -> int:
    """A money cell read back → fen, exactly (None is zero)."""
    if value is None:
        return 0
    assert isinstance(value, int | float), value
    d = Decimal(repr(value))
    assert d == d.quantize(Decimal("0.01")), value
    return int(d * 100)


def load(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


def export(fn, data, **kw) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    fn(data, buf, **kw)
    return buf.getvalue()


def assert_title(ws: Worksheet, report: str) -> None:
    assert ws["A1"].value == COMPANY
    assert str(ws["A2"].value).startswith(report)
    assert str(ws["A4"].value).startswith("打印时间：")


def money_cells_formatted(ws: Worksheet, cols: str, first: int) -> None:
    for col in cols:
        for cell in ws[col][first - 1 :]:
            if isinstance(cell.value, int | float):
                assert cell.number_format == MONEY_FORMAT, cell.coordinate


def test_journal_export_equals_the_ledger(known_book: Book) -> None:
    with known_book.read() as s:
        expected = list(ledger.journal(s))
        names = {r.account_code: ledger.full_name(s, r.account_code) for r in expected}
        data = export(write_journal, journal_report(s))
    ws = load(data).active
    assert ws.title == "序时账"
    assert_title(ws, "序时账")
    header = [c.value for c in ws[HEADER_ROW]]
    assert header == ["日期", "凭证字号", "摘要", "科目编码", "科目名称", "借方金额", "贷方金额"]
    body = list(ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    assert len(body) == len(expected) + 1  # and the 合计 row
    for row, r in zip(body, expected, strict=False):
        assert row[0] == datetime.combine(r.date, datetime.min.time())
        assert row[1] == r.voucher
        assert row[2] == r.summary
        assert row[3] == r.account_code
        assert row[4] == names[r.account_code]
        assert (fen(row[5]), fen(row[6])) == (r.debit, r.credit)
    total = body[-1]
    assert total[2] == "合计"
    assert fen(total[5]) == fen(total[6]) == sum(r.debit for r in expected)
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    assert ws.auto_filter.ref == f"A{HEADER_ROW}:G{HEADER_ROW + len(body)}"
    money_cells_formatted(ws, "FG", HEADER_ROW + 1)
    assert ws[f"A{HEADER_ROW + 1}"].number_format == "yyyy-mm-dd"


def test_journal_text_that_looks_like_a_formula_stays_text(known_book: Book) -> None:
    with known_book.read() as s:
        data = export(write_journal, journal_report(s))
    ws = load(data).active
    found = {}
    for row in ws.iter_rows(min_row=HEADER_ROW + 1):
        if row[2].value in INJECTIONS:
            found[row[2].value] = row[2]
    assert set(found) == set(INJECTIONS)
    for cell in found.values():
        assert cell.data_type == "s" and isinstance(cell.value, str)
        assert cell.quotePrefix
    xml = sheet_xml(data)
    assert "<f>" not in xml and "<f " not in xml


def test_journal_column_widths_fit_the_content(known_book: Book) -> None:
    with known_book.read() as s:
        rows = list(ledger.journal(s))
        data = export(write_journal, journal_report(s))
    ws = load(data).active
    widths = {c: ws.column_dimensions[c].width for c in "ABCDEFG"}
    longest = max(display_width(r.summary) for r in rows)
    assert widths["C"] >= min(60, longest + 2)  # CJK counts double; capped at 60
    assert widths["C"] <= 60
    assert widths["F"] >= len("99,999,999.99")


def test_journal_streams_reports_progress_and_cancels(
    known_book: Book, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    head = Letterhead(COMPANY, "章", datetime(2026, 1, 1), "admin")
    made = 0

    def rows(n: int):  # type: ignore[no-untyped-def]
        nonlocal made
        for i in range(n):
            made += 1
            yield JournalRow(i, 202601, i + 1, date(2026, 1, 1), "批量", 1, "1001", "库存现金",
                             f"第{i}行", 100 + i, 0, "manual")  # fmt: skip

    seen: list[tuple[int, int]] = []
    report = JournalReport(head, None, None, 1200, {"1001": "库存现金"}, rows(1200))
    data = export(write_journal, report, progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (500, 1200) and seen[-1] == (1200, 1200)
    assert load(data).active.max_row == HEADER_ROW + 1200 + 1

    # cancelled half-way: Cancelled is raised, nothing is written, no temp files are left
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    made = 0
    report = JournalReport(head, None, None, 5000, {}, rows(5000))
    buf = io.BytesIO()
    with pytest.raises(Cancelled):
        write_journal(report, buf, cancelled=lambda: made >= 1000)
    assert buf.getvalue() == b""
    assert made < 1600  # it stopped reading the stream
    assert not list(tmp_path.glob("openpyxl*"))


def test_trial_balance_export(known_book: Book) -> None:
    with known_book.read() as s:
        tb = ledger.trial_balance(s, 202601, 202602)
        data = export(write_trial_balance, trial_balance_report(s, 202601, 202602))
    ws = load(data).active
    assert_title(ws, "科目余额表")
    assert ws["A3"].value == "2026年01月—2026年02月"
    assert [c.value for c in ws[5]][:3] == ["科目编码", "科目名称", "期初余额"]
    assert [c.value for c in ws[6]][2:] == ["借方", "贷方"] * 3
    body = list(ws.iter_rows(min_row=7, values_only=True))
    assert len(body) == len(tb.rows) + 1
    for row, r in zip(body, [*tb.rows, tb.totals], strict=True):
        if r is not tb.totals:
            assert (row[0], row[1]) == (r.code, r.name)
        got = [fen(x) for x in row[2:]]
        assert got == [r.opening_debit, r.opening_credit, r.debit, r.credit,
                       r.closing_debit, r.closing_credit]  # fmt: skip
    assert ws.freeze_panes == "C7"
    assert ws.auto_filter.ref == f"A6:H{6 + len(body)}"
    assert "C5:D5" in {str(r) for r in ws.merged_cells.ranges}
    money_cells_formatted(ws, "CDEFGH", 7)
    # sub-accounts are indented under their parent
    sub = next(i for i, r in enumerate(tb.rows) if r.level == 2)
    assert ws.cell(row=7 + sub, column=2).alignment.indent == 1


def test_income_statement_export(known_book: Book) -> None:
    with known_book.read() as s:
        st = income_statement(s, 202602)
        data = export(write_income_statement, st)
    ws = load(data).active
    assert_title(ws, "利润表（会小企02表）")
    assert [c.value for c in ws[5]] == ["项目", "行次", "本月金额", "本年累计金额"]
    body = list(ws.iter_rows(min_row=6, values_only=True))
    assert len(body) == len(st.lines)
    for row, ln in zip(body, st.lines, strict=True):
        assert row[0] == ln.label and row[1] == ln.row
        assert (fen(row[2]), fen(row[3])) == (ln.amount, ln.prior)
    assert ws.freeze_panes == "A6" and ws.auto_filter.ref == f"A5:D{5 + len(body)}"
    money_cells_formatted(ws, "CD", 6)


def test_balance_sheet_export_is_two_sided(known_book: Book) -> None:
    with known_book.read() as s:
        bs = balance_sheet(s, 202602)
        data = export(write_balance_sheet, bs)
    ws = load(data).active
    assert_title(ws, "资产负债表（会小企01表）")
    assert ws["A3"].value == "2026年02月28日"
    assert [c.value for c in ws[5]] == ["资产", "行次", "期末余额", "年初余额",
                                        "负债和所有者权益（或股东权益）", "行次", "期末余额", "年初余额"]  # fmt: skip
    body = list(ws.iter_rows(min_row=6, values_only=True))
    assert len(body) == len(bs.assets) == len(bs.claims)
    for row, a, c in zip(body, bs.assets, bs.claims, strict=True):
        for cells, ln in ((row[:4], a), (row[4:], c)):
            if ln.has_amounts:
                assert cells[0] == ln.label and cells[1] == ln.row
                assert (fen(cells[2]), fen(cells[3])) == (ln.amount, ln.prior)
            else:
                assert cells[1:] == (None, None, None)
    last = body[-1]
    assert (last[0], last[4]) == ("资产总计", "负债和所有者权益（或股东权益）总计")
    assert fen(last[2]) == fen(last[6]) == bs.line("total_assets").amount
    money_cells_formatted(ws, "CDGH", 6)


def test_general_ledger_export(known_book: Book) -> None:
    with known_book.read() as s:
        report = general_ledger_report(s, 2026)
        one = general_ledger_report(s, 2026, "1002")
        data = export(write_general_ledger, report)
        single = export(write_general_ledger, one)
    ws = load(data).active
    assert_title(ws, "总账")
    body = list(ws.iter_rows(min_row=6, values_only=True))
    assert len(body) == sum(len(a.rows) for a in report.accounts)
    assert {a.code for a in report.accounts} >= {"1001", "1002", "1122", "1601", "1602", "3001"}
    assert all(len(a.code) == 4 for a in report.accounts)
    i = 0
    for acc in report.accounts:
        for r in acc.rows:
            row = body[i]
            i += 1
            assert (row[0], row[1], row[3]) == (acc.code, acc.name, r.label)
            side, amount = balance_side(r.balance)
            assert (row[6], fen(row[7])) == (side, amount)
            if r.kind != "opening":
                assert (fen(row[4]), fen(row[5])) == (r.debit, r.credit)
    ws1 = load(single).active
    codes = {row[0] for row in ws1.iter_rows(min_row=6, values_only=True)}
    assert codes == {"1002"}


def test_detail_ledger_export_one_sheet_per_account(known_book: Book) -> None:
    start, end = date(2026, 1, 1), date(2026, 2, 28)
    with known_book.read() as s:
        report = detail_ledger_report(s, start, end)
        expected = {
            code: list(ledger.detail_ledger(s, code, start, end)) for code, _ in report.accounts
        }
        data = export(write_detail_ledger, report)
    wb = load(data)
    assert wb.sheetnames[0] == "目录"
    index = list(wb["目录"].iter_rows(min_row=6, values_only=True))
    assert len(index) == len(wb.sheetnames) - 1
    assert "112203 应收账款—多收待退" in wb.sheetnames
    for code, name, sheet, o_side, o_amt, dr, cr, c_side, c_amt in index:
        lines = expected[code]
        ws = wb[sheet]
        assert ws["A3"].value.startswith(f"科目：{code} {name}")
        body = list(ws.iter_rows(min_row=6, values_only=True))
        assert len(body) == len(lines)
        for row, ln in zip(body, lines, strict=True):
            assert row[3] == ln.summary
            assert (row[6], fen(row[7])) == balance_side(ln.balance)
            if ln.kind not in ("opening", "closing"):
                assert (fen(row[4]), fen(row[5])) == (ln.debit, ln.credit)
        assert (o_side, fen(o_amt)) == balance_side(lines[0].balance)
        assert (c_side, fen(c_amt)) == balance_side(lines[-1].balance)
        assert fen(dr) == sum(ln.debit for ln in lines if ln.kind == "line")
        assert fen(cr) == sum(ln.credit for ln in lines if ln.kind == "line")
        assert ws.freeze_panes == "A6"
        assert ws.auto_filter.ref == f"A5:H{5 + len(body)}"


def test_detail_ledger_of_one_account_has_no_index(known_book: Book) -> None:
    with known_book.read() as s:
        data = export(
            write_detail_ledger,
            detail_ledger_report(s, date(2026, 1, 1), date(2026, 1, 31), "1122"),
        )
    wb = load(data)
    assert wb.sheetnames == ["1122 应收账款"]
    codes = {r[2] for r in wb.active.iter_rows(min_row=6, values_only=True)} - {None}
    assert codes == {"112202"}  # the parent's ledger lists its sub-accounts' lines
    assert fen_to_decimal(140_950) == Decimal("1409.50")


def test_detail_ledger_of_an_empty_book_says_so(book: Book) -> None:
    with book.read() as s:
        data = export(
            write_detail_ledger, detail_ledger_report(s, date(2026, 1, 1), date(2026, 1, 31))
        )
    ws = load(data).active
    assert ws.title == "明细账" and ws["A6"].value == "本期间没有余额或发生额"
