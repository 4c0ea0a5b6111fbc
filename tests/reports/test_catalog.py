"""The document catalog: every entry makes its document from a small book and the content is
right (PDF text holds the figures, Excel cells equal the ledger's); every CLI print/export KIND
has an entry; parameters are checked, remembered and read back."""

from __future__ import annotations

import argparse
import io
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from propdesk.cli.base import build_parser
from propdesk.core.errors import UserError
from propdesk.core.i18n import bilingual
from propdesk.core.money import format_amount
from propdesk.core.periods import next_period
from propdesk.core.progress import Cancelled, Progress
from propdesk.db.models import Compound, Receipt, Unit
from propdesk.db.store import Book
from propdesk.reports import catalog
from propdesk.reports.catalog import Document
from propdesk.services import grids, ledger, surplus, votes
from tests.reports.conftest import pdf_text, squash
from tests.reports.test_fee_documents import COMPANY, A, build_fee_book
from tests.reports.test_xlsx import fen

VOTE_TITLE = "利用小区共有部分设置快递柜"
# the parameters the test book has figures for (every other one keeps the book's default)
OVERRIDES: dict[str, Any] = {
    "months": (202601, 202604),
    "period": 202604,
    "range": (date(2026, 1, 1), date(2026, 4, 30)),
    "as_of": date(2026, 4, 30),
    "year": 2026,
    "issued": date(2026, 4, 30),
    "posted_from": date(2026, 5, 1),
    "quarter": "2026-Q2",
}


@pytest.fixture(scope="module")
def small_book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Book]:
    """The fee documents' book (two compounds billed Jan–Apr 2026, receipts, common income)
    with an open vote in 幸福里小区, a grid worker, and the first quarter closed and its surplus
    allocated (draft)."""
    book = build_fee_book(tmp_path_factory.mktemp("catalog") / "catalog.db")
    with book.write() as s:
        comp = s.execute(select(Compound).where(Compound.name == A)).scalar_one()
        votes.create_vote(s, comp, "common-use", VOTE_TITLE, opens=date(2026, 4, 1),
                          closes=date(2026, 4, 30), method="door-to-door")  # fmt: skip
        g = grids.add_grid(s, "G01", "幸福网格", "李网格长", [A])
        grids.add_worker(
            s, g.id, "张专职", "专职", date(2025, 1, 1), bank_account="6222021234567890123"
        )
        period = 202201  # 向阳新村 was billed from January 2022: every month since is closed
        while period <= 202603:
            ledger.close_period(s, period)
            period = next_period(period)
        surplus.draft_allocation(s, "2026-Q1")
    yield book
    book.close()


def params_for(book: Book, doc: Document) -> dict[str, Any]:
    with book.read() as s:
        params = doc.defaults(s)
    params.update({k: v for k, v in OVERRIDES.items() if k in params})
    return params


def make(book: Book, doc: Document, params: dict[str, Any] | None = None) -> bytes:
    buf = io.BytesIO()
    doc.make(book, params if params is not None else params_for(book, doc), buf)
    return buf.getvalue()


def cells(data: bytes) -> list[list[Any]]:
    """Every cell value of every sheet, row by row."""
    wb = load_workbook(io.BytesIO(data))
    return [list(r) for ws in wb.worksheets for r in ws.iter_rows(values_only=True)]


# -- what each document must hold (a new entry gets the generic check) -------------------------
Check = Callable[[Book, dict[str, Any], bytes], None]


def _tb_pdf(book: Book, p: dict[str, Any], data: bytes) -> None:
    with book.read() as s:
        t = ledger.trial_balance(s, *p["months"]).totals
    text = squash("".join(pdf_text(data)))
    assert "科目余额表" in text and "2026年01月—2026年04月" in text
    assert format_amount(t.debit, symbol=False) in text
    assert format_amount(t.closing_debit, symbol=False) in text


def _tb_xlsx(book: Book, p: dict[str, Any], data: bytes) -> None:
    with book.read() as s:
        t = ledger.trial_balance(s, *p["months"]).totals
    total = next(r for r in cells(data) if "合计" in r)
    assert [fen(x) for x in total[2:8]] == [t.opening_debit, t.opening_credit, t.debit, t.credit,
                                            t.closing_debit, t.closing_credit]  # fmt: skip


def _is_pdf(book: Book, p: dict[str, Any], data: bytes) -> None:
    from propdesk.reports.statements import income_statement

    with book.read() as s:
        st = income_statement(s, p["period"])
    text = squash("".join(pdf_text(data)))
    assert format_amount(st.net_profit.prior, symbol=False) in text


def _is_xlsx(book: Book, p: dict[str, Any], data: bytes) -> None:
    from propdesk.reports.statements import income_statement

    with book.read() as s:
        st = income_statement(s, p["period"])
    row = next(r for r in cells(data) if r[0] == st.net_profit.label)
    assert (fen(row[2]), fen(row[3])) == (st.net_profit.amount, st.net_profit.prior)


def _bs_pdf(book: Book, p: dict[str, Any], data: bytes) -> None:
    from propdesk.reports.statements import balance_sheet

    with book.read() as s:
        total = balance_sheet(s, p["period"]).line("total_assets").amount
    assert format_amount(total, symbol=False) in squash("".join(pdf_text(data)))


def _bs_xlsx(book: Book, p: dict[str, Any], data: bytes) -> None:
    from propdesk.reports.statements import balance_sheet

    with book.read() as s:
        total = balance_sheet(s, p["period"]).line("total_assets").amount
    last = next(r for r in cells(data) if r[0] == "资产总计")
    assert fen(last[2]) == fen(last[6]) == total


def _journal(book: Book, p: dict[str, Any], data: bytes) -> None:
    with book.read() as s:
        rows = list(ledger.journal(s, *p["range"]))
    total = next(r for r in cells(data) if "合计" in r)
    assert fen(total[5]) == fen(total[6]) == sum(r.debit for r in rows) > 0


def _general_ledger(book: Book, p: dict[str, Any], data: bytes) -> None:
    with book.read() as s:
        gl = ledger.general_ledger(s, "1002", p["year"])
    found = [r for r in cells(data) if any(fen(x) == gl[-1].balance for x in r[2:] if
                                           isinstance(x, int | float))]  # fmt: skip
    assert found, "the bank's closing balance of the year"


def _detail_ledger(book: Book, p: dict[str, Any], data: bytes) -> None:
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames[0] == "目录"
    assert any(name.startswith("1002") for name in wb.sheetnames)


def _voucher(book: Book, p: dict[str, Any], data: bytes) -> None:
    from propdesk.reports.vouchers import voucher_batch

    with book.read() as s:
        batch = voucher_batch(s, p["period"], p["number"])
    text = squash("".join(pdf_text(data)))
    v = batch.vouchers[0]
    assert "记账凭证" in text and format_amount(v.total_debit, symbol=False) in text


def _receipt(book: Book, p: dict[str, Any], data: bytes) -> None:
    with book.read() as s:
        r = s.execute(select(Receipt).where(Receipt.number == p["numbers"][0])).scalar_one()
        amount = r.amount
    text = squash("".join(pdf_text(data)))
    assert f"No.{p['numbers'][0]:08d}" in text and format_amount(amount) in text


def _household(book: Book, p: dict[str, Any], data: bytes) -> None:
    with book.read() as s:
        unit = s.get(Unit, p["unit"])
        assert unit is not None
        code = unit.code
    assert code in squash("".join(pdf_text(data)))


def _collections(book: Book, p: dict[str, Any], data: bytes) -> None:
    from propdesk.reports.fees import collection_register

    with book.read() as s:
        reg = collection_register(s, *p["range"])
    values = [fen(x) for r in cells(data) for x in r if isinstance(x, int | float)]
    assert reg.valid_total in values


def _vote(book: Book, p: dict[str, Any], data: bytes) -> None:
    assert squash(VOTE_TITLE) in squash("".join(pdf_text(data)))


def _allocation(book: Book, p: dict[str, Any], data: bytes) -> None:
    with book.read() as s:
        view = surplus.allocation_view(s, p["allocation"])
    values = {fen(x) for r in cells(data) for x in r if isinstance(x, int | float)}
    assert {ln.amount for ln in view.lines} <= values and view.surplus in values


def _common_income(book: Book, p: dict[str, Any], data: bytes) -> None:
    from propdesk.services import resources

    with book.read() as s:
        rep = resources.disclosure(s, s.get(Compound, p["compound"]), p["quarter"])
    rows = {r[0]: r[1] for r in cells(data) if isinstance(r[0], str) and len(r) == 2}
    assert fen(rows["期末余额"]) == rep.closing and fen(rows["期初余额"]) == rep.opening
    assert fen(rows["业主共有收益"]) == rep.owners_share
    assert fen(rows["公司自有资源收入（不属业主）"]) == rep.own_income


CHECKS: dict[str, Check] = {
    "pdf:trial-balance": _tb_pdf,
    "xlsx:trial-balance": _tb_xlsx,
    "pdf:income-statement": _is_pdf,
    "xlsx:income-statement": _is_xlsx,
    "pdf:balance-sheet": _bs_pdf,
    "xlsx:balance-sheet": _bs_xlsx,
    "xlsx:journal": _journal,
    "xlsx:general-ledger": _general_ledger,
    "xlsx:detail-ledger": _detail_ledger,
    "pdf:voucher": _voucher,
    "pdf:receipt": _receipt,
    "pdf:household": _household,
    "xlsx:collections": _collections,
    "pdf:vote-announcement": _vote,
    "pdf:ballot-forms": _vote,
    "xlsx:allocation": _allocation,
    "xlsx:common-income": _common_income,
}


def _generic(doc: Document, data: bytes) -> None:
    """Whatever the document: it opens, and says whose it is."""
    if doc.format == catalog.PDF:
        assert data.startswith(b"%PDF")
        pages = PdfReader(io.BytesIO(data)).pages
        assert len(pages) >= 1
        assert squash(COMPANY) in squash("".join(pdf_text(data)))
    else:
        rows = cells(data)
        assert rows and rows[0][0] == COMPANY


@pytest.mark.parametrize("doc", catalog.documents(), ids=lambda d: d.id)
def test_every_entry_makes_its_document(small_book: Book, doc: Document) -> None:
    params = params_for(small_book, doc)
    assert doc.check(params) == {}, "the book's defaults are complete"
    data = make(small_book, doc, params)
    assert len(data) > 1000
    _generic(doc, data)
    check = CHECKS.get(doc.id)
    if check is not None:
        check(small_book, params, data)
    assert doc.suggested_name(params).endswith("." + doc.format)


def _cli_kinds() -> set[tuple[str, str]]:
    parser = build_parser()
    top = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    out = set()
    for command, fmt in (("print", catalog.PDF), ("export", catalog.XLSX)):
        group = top.choices[command]
        kinds = next(a for a in group._actions if isinstance(a, argparse._SubParsersAction))
        out |= {(fmt, kind) for kind in kinds.choices}
    return out


# Made from a city database of many books, not from the open book the catalog serves: in the
# app, 工具 → 全市汇总… (tests/city/test_city_dialog.py).
NOT_OF_ONE_BOOK = {("pdf", "city"), ("xlsx", "city")}


def test_every_cli_print_and_export_kind_is_in_the_catalog() -> None:
    kinds = _cli_kinds()
    assert ("pdf", "trial-balance") in kinds and ("xlsx", "journal") in kinds
    assert kinds >= NOT_OF_ONE_BOOK
    missing = sorted(
        f"{f}:{k}" for f, k in kinds - NOT_OF_ONE_BOOK if catalog.by_command(f, k) is None
    )
    assert missing == []


def test_groups_and_titles_are_bilingual() -> None:
    ids = [d.id for d in catalog.documents()]
    assert len(ids) == len(set(ids))
    for doc in catalog.documents():
        assert doc.group in catalog.GROUPS
        assert doc.title.zh and doc.title.en and doc.title.zh != doc.title.en
        for p in doc.params:
            assert p.label.zh and p.label.en


def test_a_compound_document_refuses_without_a_compound(small_book: Book) -> None:
    doc = catalog.document("pdf:disclosure")
    params = {**params_for(small_book, doc), "compound": None}
    assert doc.check(params) == {"compound": "请选择小区"}
    with pytest.raises(UserError, match="请选择小区"):
        make(small_book, doc, params)
    # where the compound may be left out, None is the whole company
    monthly = catalog.document("pdf:monthly")
    data = make(small_book, monthly, {**params_for(small_book, monthly), "compound": None})
    assert "全公司" in squash("".join(pdf_text(data))) or COMPANY in "".join(pdf_text(data))


def test_a_range_backwards_is_named() -> None:
    doc = catalog.document("xlsx:journal")
    problems = doc.check({"range": (date(2026, 4, 1), date(2026, 1, 1))})
    assert list(problems) == ["range"] and "2026-04-01" in problems["range"]
    assert doc.check({"range": None}) == {}  # the whole book


def test_the_journal_streams_progress_and_cancels(small_book: Book) -> None:
    doc = catalog.document("xlsx:journal")
    seen: list[tuple[int, int, str]] = []
    progress = Progress(lambda d, t, text: seen.append((d, t, text)))
    buf = io.BytesIO()
    lines = doc.make(small_book, {"range": None}, buf, progress)
    assert lines > 0 and seen and seen[-1][0] == lines
    stop = Progress()
    stop.cancel()
    with pytest.raises(Cancelled):
        doc.make(small_book, {"range": None}, io.BytesIO(), stop)


def test_parameters_survive_the_settings_round_trip(small_book: Book) -> None:
    for doc in catalog.documents():
        params = params_for(small_book, doc)
        assert catalog.load_params(doc, catalog.dump_params(doc, params)) == params
    # something the settings hold that no longer fits is left out, not fatal
    tb = catalog.document("pdf:trial-balance")
    assert catalog.load_params(tb, {"months": "garbage"}) == {}


def test_quarter_of_a_month() -> None:
    assert [catalog.quarter_of(p) for p in (202601, 202603, 202604, 202612)] == [
        "2026-Q1", "2026-Q1", "2026-Q2", "2026-Q4"]  # fmt: skip
    assert [catalog.last_full_quarter(p) for p in (202601, 202603, 202605, 202612)] == [
        "2025-Q4", "2026-Q1", "2026-Q1", "2026-Q4"]  # fmt: skip


def test_receipt_numbers_are_parsed_like_the_cli() -> None:
    assert catalog.parse_receipt_numbers("12, 13 No.00000014；15") == (12, 13, 14, 15)
    with pytest.raises(UserError, match="x1"):
        catalog.parse_receipt_numbers("12, x1")


def test_register_adds_a_document_that_the_app_lists() -> None:
    def write(book: Book, p: Any, fp: Any, progress: Progress) -> None:
        fp.write(b"%PDF-1.4 test")

    doc = Document("test-doc", catalog.PDF, bilingual("测试", "Test"), catalog.G_SURPLUS,
                   (), write)  # fmt: skip
    catalog.register(doc)
    try:
        assert catalog.document("pdf:test-doc") is doc
        assert catalog.documents()[-1] is doc  # 盈余分配 is the last group
        # an area taking over an entry replaces it in its place
        old = catalog.document("xlsx:allocation")
        ids = [d.id for d in catalog.documents()]
        mine = Document("allocation", catalog.XLSX, old.title, old.group, old.params, write)
        catalog.register(mine)
        assert catalog.document("xlsx:allocation") is mine
        assert [d.id for d in catalog.documents()] == ids
    finally:
        catalog._CATALOG.pop(doc.id)
        catalog.register(old)


def test_the_cli_makes_the_same_common_income_sheet(
    small_book: Book, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from propdesk.cli.base import main

    out = tmp_path / "公示.xlsx"
    code = main(["--book", str(small_book.path), "export", "common-income", "--compound", A,
                 "--quarter", "2026-q2", "--out", str(out)])  # fmt: skip
    assert code == 0 and f"：{out}" in capsys.readouterr().out
    doc = catalog.document("xlsx:common-income")
    with small_book.read() as s:
        cid = s.execute(select(Compound.id).where(Compound.name == A)).scalar_one()
    app = make(small_book, doc, {"compound": cid, "quarter": "2026-Q2"})
    strip = lambda rows: [r for r in rows if not str(r[0]).startswith("打印时间")]  # noqa: E731
    assert strip(cells(out.read_bytes())) == strip(cells(app))
