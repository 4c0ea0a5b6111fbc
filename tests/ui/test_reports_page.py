"""报表: the catalog in a tree with search; the trial balance previewed (pages and the total in
the PDF text); the journal saved to Excel (cells equal the ledger); a compound document refused
without a compound, the message beside the field; Enter and Ctrl+S; parameters remembered."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from propdesk.core.money import format_amount
from propdesk.db.store import Book
from propdesk.services import ledger
from propdesk.ui.main_window import MainWindow
from propdesk.ui.pages.reports_page import ReportsPage
from propdesk.ui.print_preview import PrintPreviewDialog
from tests.reports.conftest import fill_known, pdf_text, squash
from tests.reports.test_xlsx import fen

from .conftest import book_target, open_in, wait_op


@pytest.fixture
def page(qtbot: Any, window: MainWindow, book: Book) -> ReportsPage:
    """The reports page on a book with known vouchers (2025-12 and 2026-01 closed, 2026-02 open)."""
    fill_known(book)
    target = book_target(book)
    book.close()
    assert open_in(qtbot, window, target) is not None
    window.show_page("reports")
    p = window.pages["reports"]
    assert isinstance(p, ReportsPage)
    return p


def _book(page: ReportsPage) -> Book:
    return page.book


def _preview(qtbot: Any, page: ReportsPage) -> PrintPreviewDialog:
    op = page.preview()
    wait_op(qtbot, op)
    assert op is not None and op.outcome == "done"
    dlg = page.last_dialog
    assert isinstance(dlg, PrintPreviewDialog)
    qtbot.addWidget(dlg)
    return dlg


def test_the_tree_lists_every_group_and_the_latest_closed_month_is_the_default(
    page: ReportsPage,
) -> None:
    groups = [g.text() for g in page.group_items()]
    assert groups[:5] == ["财务报表", "账簿", "收费", "公示与通知", "表决"]
    page.select("pdf:trial-balance")
    assert page.doc_title.text() == "科目余额表（PDF）"
    assert page.command.text() == "命令行：propdesk print trial-balance"
    assert page.fields["months"].value() == (202601, 202601)  # the latest closed month
    assert page.preview_button.isEnabled()
    page.select("xlsx:journal")
    assert not page.preview_button.isEnabled() and page.save_button.isEnabled()


def test_preview_the_trial_balance(qtbot: Any, page: ReportsPage) -> None:
    page.select("pdf:trial-balance")
    page.fields["months"].set_value((202512, 202601))
    dlg = _preview(qtbot, page)
    pages = len(PdfReader(io.BytesIO(dlg.data)).pages)
    assert dlg.page_count() == pages >= 1
    with _book(page).read() as s:
        t = ledger.trial_balance(s, 202512, 202601).totals
    text = squash("".join(pdf_text(dlg.data)))
    assert "2025年12月—2026年01月" in text
    assert format_amount(t.debit, symbol=False) in text
    assert format_amount(t.closing_debit, symbol=False) in text
    assert dlg.suggested_name == "科目余额表2025-12至2026-01.pdf"
    # the parameters are remembered for the next time
    page.select("xlsx:journal")
    page.select("pdf:trial-balance")
    assert page.fields["months"].value() == (202512, 202601)


def test_export_the_journal_to_excel(qtbot: Any, page: ReportsPage, tmp_path: Path) -> None:
    page.select("xlsx:journal")
    page.fields["range"].set_value((date(2026, 1, 1), date(2026, 1, 31)))
    target = tmp_path / "序时账.xlsx"
    op = page.save(target)
    wait_op(qtbot, op)
    assert op is not None and op.outcome == "done"
    assert "序时账.xlsx" in page.status.text()
    with _book(page).read() as s:
        rows = list(ledger.journal(s, date(2026, 1, 1), date(2026, 1, 31)))
    ws = load_workbook(target).active
    body = [r for r in ws.iter_rows(min_row=6, values_only=True) if r[0] is not None]
    assert len(body) == len(rows)
    assert [(r[3], fen(r[5]), fen(r[6])) for r in body] == [
        (r.account_code, r.debit, r.credit) for r in rows
    ]
    total = next(r for r in ws.iter_rows(values_only=True) if "合计" in r)
    assert fen(total[5]) == fen(total[6]) == sum(r.debit for r in rows)


def test_the_whole_book_range(qtbot: Any, page: ReportsPage, tmp_path: Path) -> None:
    page.select("xlsx:journal")
    field: Any = page.fields["range"]
    field.all.setChecked(True)
    assert page.fields["range"].value() is None and not field.start.isEnabled()
    op = page.save(tmp_path / "all.xlsx")
    wait_op(qtbot, op)
    with _book(page).read() as s:
        count = sum(1 for _ in ledger.journal(s))
    ws = load_workbook(tmp_path / "all.xlsx").active
    assert sum(1 for r in ws.iter_rows(min_row=6, values_only=True) if r[0] is not None) == count


def test_a_compound_document_refuses_without_a_compound(
    qtbot: Any, page: ReportsPage, dialogs: Any
) -> None:
    page.select("pdf:disclosure")
    assert page.fields["compound"].value() is None  # the book has no compound yet
    assert page.preview() is None
    assert page.error_text("compound") == "请选择小区"
    assert page.problem.isVisibleTo(page) and page.last_dialog is None
    assert dialogs.warnings == []
    # a document where the compound may be left out offers the whole company
    page.select("pdf:monthly")
    combo: Any = page.fields["compound"]
    assert combo.combo.itemText(0) == "全公司"


def test_a_bad_receipt_number_is_named_beside_its_field(page: ReportsPage) -> None:
    page.select("pdf:receipt")
    field: Any = page.fields["numbers"]
    field.edit.setText("12, x1")
    assert page.preview() is None
    assert "x1" in page.error_text("numbers")
    field.edit.setText("")
    assert page.error_text("numbers") == ""  # cleared once the field changes


def test_a_quarter_field(page: ReportsPage) -> None:
    page.select("xlsx:common-income")
    assert page.fields["quarter"].value() == "2025-Q4"  # the last quarter closed (to 2026-01)
    page.fields["quarter"].set_value("2025-Q4")
    assert page.fields["quarter"].value() == "2025-Q4"
    assert page.error_text("compound") == ""
    assert page.save() is None and page.error_text("compound") == "请选择小区"


def test_search_filters_the_tree(page: ReportsPage) -> None:
    page.search.setText("余额表")
    assert page.visible_documents() == ["pdf:trial-balance", "xlsx:trial-balance"]
    page.search.setText("journal")
    assert page.visible_documents() == ["xlsx:journal"]
    hidden = [page.hidden(g) for g in page.group_items()]
    assert hidden.count(False) == 1  # only 账簿 is left
    page.search.setText("excel")
    assert all(d.startswith("xlsx:") for d in page.visible_documents())
    page.search.clear()
    assert len(page.visible_documents()) == len(page.doc_items())


def test_enter_previews_and_ctrl_s_saves(
    qtbot: Any, page: ReportsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.select("pdf:income-statement")
    target = tmp_path / "利润表.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_op(qtbot, page.last_op)
    assert "利润表" in squash("".join(pdf_text(target.read_bytes())))

    calls: list[int] = []
    preview = page.preview
    monkeypatch.setattr(page, "preview", lambda: calls.append(1) or preview())
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    op = page.last_op
    wait_op(qtbot, op)
    assert calls == [1]  # once, not also as the tree's item activation
    dlg = page.last_dialog
    assert isinstance(dlg, PrintPreviewDialog) and dlg.isVisible()
    assert "利润表" in squash("".join(pdf_text(dlg.data)))
    dlg.close()


def test_english(page: ReportsPage) -> None:
    from propdesk.core import i18n
    from propdesk.ui import language

    page.select("pdf:trial-balance")
    page.fields["months"].set_value((202512, 202601))
    language.apply_language(i18n.EN)
    assert page.preview_button.text() == "Preview"
    assert page.doc_title.text() == "Trial balance (PDF)"
    assert page.captions["months"].text() == "Months:"
    assert page.group_items()[0].text() == "Financial statements"
    assert page.fields["months"].value() == (202512, 202601)  # kept across the switch


def test_the_document_tree_model(qtmodeltester: Any, page: ReportsPage) -> None:
    """The tree's model (groups, then one row per catalog document, two columns) holds up under
    the model tester, also while the search hides rows and after a rebuild (language switch)."""
    from propdesk.reports import catalog

    model = page.tree.model()
    try:
        qtmodeltester.check(model, force_py=True)
        docs = list(catalog.documents())
        groups = list(dict.fromkeys(d.group for d in docs))
        top = model.rowCount()
        assert top == len(groups) and model.columnCount() == 2
        assert sum(model.rowCount(model.index(g, 0)) for g in range(top)) == len(docs)
        first = model.index(0, 0, model.index(0, 0))
        assert first.data() == docs[0].title.format()
        page.build_tree()  # as a language switch does: the tester re-checks on every change
        assert model.rowCount() == top
        qtmodeltester.check(model, force_py=True)
        page.search.setText("余额表")  # hides rows: the model is unchanged
        assert page.visible_documents() == ["pdf:trial-balance", "xlsx:trial-balance"]
    finally:  # the tree goes with the window: stop the tester watching it first
        qtmodeltester._cleanup()


# what each document says at its head (PDF text or the workbook's first rows), by catalog id
HEADINGS = {
    "pdf:trial-balance": "科目余额表", "pdf:income-statement": "利润表",
    "pdf:balance-sheet": "资产负债表", "xlsx:trial-balance": "科目余额表",
    "xlsx:income-statement": "利润表（会小企02表）", "xlsx:balance-sheet": "资产负债表（会小企01表）",
    "pdf:monthly": "物业服务收支月报", "pdf:voucher": "记账凭证", "xlsx:journal": "序时账",
    "xlsx:general-ledger": "总账", "xlsx:detail-ledger": "明细账", "pdf:receipt": "收据No.",
    "pdf:reminder-list": "催缴清单（内部，不得张贴或外发）", "pdf:household": "住户费用对账单",
    "xlsx:collections": "收费明细", "xlsx:arrears": "欠费账龄分析", "xlsx:roster": "房屋及业主名册",
    "pdf:notice": "物业费缴费通知单", "pdf:reminder": "物业费催缴通知单",
    "pdf:disclosure": "物业服务收支情况公示", "xlsx:common-income": "公共收益公示",
    "pdf:vote-announcement": "表决结果公告", "pdf:ballot-forms": "业主共同决定事项表决票",
    "xlsx:allocation": "盈余分配汇总", "pdf:stipend-sheet": "网格补贴签字发放表",
    "pdf:station-funding": "网格驿站经费拨付表",
}  # fmt: skip


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo company (a year of fees, votes, resources, an allocation), made once."""
    from propdesk.services.books import create_book

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    create_book(path, demo=True).close()
    return path


def test_every_document_of_the_catalog_is_made_from_the_page(
    qtbot: Any, window: MainWindow, demo_book: Path, tmp_path: Path
) -> None:
    """Each `propdesk print KIND` / `propdesk export KIND` of the catalog, from the 报表 page with
    the parameters it offers on the demo book: the file holds the document, by its title."""
    import shutil

    from propdesk.reports import catalog

    copy = tmp_path / "demo.db"
    shutil.copy(demo_book, copy)
    assert open_in(qtbot, window, copy) is not None
    window.show_page("reports")
    page = window.pages["reports"]
    assert isinstance(page, ReportsPage)
    made = []
    for doc in catalog.documents():
        page.select(doc.id)
        assert page.params() is not None, doc.id  # the defaults are usable
        pdf = doc.format == catalog.PDF
        target = tmp_path / f"{doc.key}.{'pdf' if pdf else 'xlsx'}"
        op = page.save(target)
        wait_op(qtbot, op, timeout=60_000)
        assert op is not None and op.outcome == "done", doc.id
        if pdf:
            text = squash("".join(pdf_text(target.read_bytes())))
        else:
            wb = load_workbook(target, read_only=True)
            text = squash(" ".join(str(v) for ws in wb.worksheets
                                   for row in ws.iter_rows(max_row=6, values_only=True)
                                   for v in row if v is not None) + " ".join(wb.sheetnames))  # fmt: skip
        assert HEADINGS[doc.id] in text[:80] and "长宁街道红心社区物业服务有限公司" in text, (
            doc.id,
            text[:80],
        )
        made.append(doc.id)
    assert made == list(HEADINGS)  # a new document needs its heading here
