"""盈余分配 page: the allocation wizard end to end on a book with a closed quarter (figures equal
the service's, lines equal the draft, approval posts, the stipend sheet preview names the
workers), an open period refused with the service's message and nothing written, paying the
lines, where the surplus went and what a grid received, the rules, and the models."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from pypdf import PdfReader
from PySide6.QtWidgets import QWizard

from propdesk.core.money import format_amount
from propdesk.db.store import Book
from propdesk.services import ledger, surplus
from propdesk.ui.dialogs.allocation_wizard import (
    LINE_COLUMNS,
    AllocationWizard,
    PayoutDialog,
    RuleDialog,
    percent_to_bp,
)
from propdesk.ui.dialogs.kit import DeskTableModel
from propdesk.ui.main_window import MainWindow
from propdesk.ui.pages.surplus_page import (
    ALLOCATION_COLUMNS,
    RECEIPT_COLUMNS,
    RULE_COLUMNS,
    TRACE_COLUMNS,
    SurplusPage,
)
from propdesk.ui.print_preview import PrintPreviewDialog
from tests.helpers import snapshot
from tests.reports.test_pdf_allocation import LONG_NAME, fill_q1

from .desk_helpers import cell, ime_type, shown_rows


def _book(win: MainWindow) -> Book:
    assert win.book is not None
    return win.book


def page_of(win: MainWindow) -> SurplusPage:
    win.show_page("surplus")
    page = win.pages["surplus"]
    assert isinstance(page, SurplusPage)
    return page


def _pdf_text(dlg: PrintPreviewDialog) -> str:
    return "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(dlg.data)).pages)


def _approve(book: Book) -> int:
    with book.write() as s:
        d = surplus.draft_allocation(s, "2026-Q1")
    with book.write() as s:
        surplus.approve_allocation(s, d.id, "王书记", on=date(2026, 4, 8))
    return d.id


def test_the_wizard_end_to_end(qtbot: Any, opened: MainWindow, dialogs: Any) -> None:
    book = _book(opened)
    fill_q1(book)
    page = page_of(opened)
    wiz = page.new_allocation()
    assert isinstance(wiz, AllocationWizard)
    qtbot.waitExposed(wiz)
    # the latest closed quarter is offered
    assert wiz.period_page.span() == surplus.parse_span("2026-Q1")
    wiz.next()
    assert wiz.currentId() == wiz.FIGURES
    with book.read() as s:
        fig = surplus.surplus_figures(s, "2026-Q1")
    for key in ("revenue", "costs", "surplus", "losses", "distributable"):
        assert wiz.figures_page.shown(key) == format_amount(getattr(fig, key))
    assert wiz.figures_page.shown("surplus") == "￥7,200.00"
    assert "业主共有收益" in wiz.figures_page.note.text()
    wiz.next()  # drafts
    assert wiz.currentId() == wiz.LINES
    assert wiz.draft is not None
    with book.read() as s:
        draft = surplus.allocation_view(s, wiz.draft.id)
        assert [a.status for a in surplus.list_allocations(s)] == ["draft"]
    shown = wiz.lines_page.lines()
    assert [(r.who, r.amount) for r in shown] == [(r.who, r.amount) for r in draft.lines]
    assert f"专职网格员 {LONG_NAME}" in [r.who for r in shown]
    assert "￥3,300.00" in wiz.lines_page.remains.text()  # retained
    wiz.next()
    assert wiz.currentId() == wiz.APPROVE
    assert not wiz.button(QWizard.WizardButton.CommitButton).isEnabled()  # no approver yet
    ime_type(wiz.approve_page.approver, "王书记")
    wiz.approve_page.on.set_value(date(2026, 4, 8))
    vouchers = _count_vouchers(book)
    wiz.next()
    assert dialogs.questions and "2026-Q1" in dialogs.questions[-1]
    assert wiz.currentId() == wiz.DONE
    assert _count_vouchers(book) == vouchers + 1
    with book.read() as s:
        view = surplus.allocation_view(s, draft.id)
    assert view.status == "posted" and view.approved_by == "王书记" and view.voucher
    assert view.voucher in wiz.done_page.text.text()
    preview = wiz.done_page.print_sheet()
    assert isinstance(preview, PrintPreviewDialog)
    text = _pdf_text(preview).replace(" ", "").replace("\n", "")
    assert "网格补贴签字发放表" in text and "张专职" in text and "赵兼职" in text
    assert "2,900.00" in text and "6222021234567890123" not in text
    preview.close()
    wiz.close()
    # the page shows it, newest first, with its lines
    assert cell(page.view, 0, "status") == "已审批记账"
    assert cell(page.view, 0, "allocated") == "3,900.00"
    assert len(shown_rows(page.lines_view)) == len([r for r in view.lines if r.amount or r.asked])


def _count_vouchers(book: Book) -> int:
    from sqlalchemy import func, select

    from propdesk.db.models import Voucher

    with book.read() as s:
        return int(s.execute(select(func.count()).select_from(Voucher)).scalar() or 0)


def test_an_open_period_is_refused_with_the_service_message(qtbot: Any, opened: MainWindow) -> None:
    book = _book(opened)
    fill_q1(book)
    page = page_of(opened)
    before = snapshot(book)
    wiz = page.new_allocation()
    wiz.period_page.set_period("2026-Q2")
    wiz.next()
    assert wiz.currentId() == wiz.PERIOD
    with book.read() as s:
        ledger_closed = ledger.closed_through(s)
    assert ledger_closed == 202603
    assert wiz.period_page.problem.isVisibleTo(wiz)
    assert wiz.period_page.problem.text() == (
        "2026-Q2 尚未结账（已结账至 2026-03），不能分配盈余；请先结账到 2026-06"
    )
    wiz.period_page.set_period("2026")  # a year not closed either
    wiz.next()
    assert wiz.currentId() == wiz.PERIOD and "2026-12" in wiz.period_page.problem.text()
    wiz.close()
    assert snapshot(book) == before


def test_going_back_to_another_period_replaces_the_wizards_draft(
    qtbot: Any, opened: MainWindow
) -> None:
    book = _book(opened)
    fill_q1(book)
    page = page_of(opened)
    wiz = page.new_allocation()
    wiz.next()
    wiz.next()  # drafts 2026-Q1
    assert wiz.currentId() == wiz.LINES
    wiz.back()
    wiz.back()
    wiz.period_page.set_period("2026-03")  # inside the quarter: the old draft would overlap
    wiz.next()
    wiz.next()
    assert wiz.currentId() == wiz.LINES, wiz.figures_page.problem.text()
    with book.read() as s:
        assert [a.period for a in surplus.list_allocations(s)] == ["2026-03"]
    wiz.close()


def test_a_draft_is_approved_or_discarded_from_the_page(qtbot: Any, opened: MainWindow) -> None:
    book = _book(opened)
    fill_q1(book)
    with book.write() as s:
        surplus.draft_allocation(s, "2026-Q1")
    page = page_of(opened)
    assert cell(page.view, 0, "status") == "草稿"
    assert page.approve_button.isEnabled() and not page.pay_all_button.isEnabled()
    wiz = page.approve()
    assert isinstance(wiz, AllocationWizard) and wiz.currentId() == wiz.LINES
    wiz.close()
    assert page.discard()
    assert page.model.rowCount() == 0
    with book.read() as s:
        assert surplus.list_allocations(s) == []


def test_pay_the_lines_and_trace_where_the_money_went(qtbot: Any, opened: MainWindow) -> None:
    book = _book(opened)
    ids = fill_q1(book)
    aid = _approve(book)
    page = page_of(opened)
    assert page.current is not None and page.current.id == aid
    # pay two lines in cash from the selection, then the rest by bank
    page.lines_view.table.selectRow(0)
    dlg = page.pay(selected=True)
    assert isinstance(dlg, PayoutDialog) and len(dlg.lines) == 1
    dlg.method.setCurrentIndex(dlg.method.findData("cash"))
    dlg.on.set_value(date(2026, 4, 10))
    assert dlg.submit()
    assert cell(page.lines_view, 0, "paid") == "1,500.00"
    dlg = page.pay()
    assert isinstance(dlg, PayoutDialog) and len(dlg.lines) == 4  # 2 more stipends, 2 projects
    dlg.on.set_value(date(2026, 4, 10))
    assert dlg.submit()
    assert cell(page.view, 0, "status") == "已发放"
    assert not page.pay_all_button.isEnabled()
    # where did the surplus of 2026-Q1 go
    page.tabs.setCurrentIndex(page.TRACE)
    page.period_edit.setText("2026-Q1")
    rep = page.show_report()
    assert rep is not None and rep.unallocated == 0
    assert "盈余 ￥7,200.00" in page.report_text.text()
    assert len(shown_rows(page.trace_view)) == len(rep.rows)
    assert all(cell(page.trace_view, i, "payouts") for i in range(len(rep.rows) - 1))
    page.period_edit.setText("2026-Q9")
    assert page.show_report() is None and "期间" in page.report_text.text()
    # what did grid G01 receive in 2026
    page.grid_combo.setCurrentIndex(page.grid_combo.findData(ids["grid"]))
    page.year.setValue(2026)
    rec = page.show_receipts()
    assert rec is not None and rec.total == 290_000 + 100_000
    assert "合计 ￥3,900.00" in page.grid_text.text()
    assert {cell(page.receipt_view, i, "period") for i in range(len(rec.rows))} == {"2026-Q1"}
    page.year.setValue(2025)
    assert page.receipts.total == 0


def test_rules_are_added_and_edited_with_problems_beside_the_field(
    qtbot: Any, opened: MainWindow
) -> None:
    book = _book(opened)
    page = page_of(opened)
    page.tabs.setCurrentIndex(page.RULES)
    assert [cell(page.rule_view, i, "priority") for i in range(4)] == ["1", "2", "3", "4"]
    before = snapshot(book)
    dlg = page.new_rule()
    assert isinstance(dlg, RuleDialog)
    dlg.target.setCurrentIndex(dlg.target.findData("auxiliary"))
    dlg.basis.setCurrentIndex(dlg.basis.findData("percent"))
    assert not dlg.amount.isEnabled() and dlg.percent.isEnabled()
    qtbot.keyClicks(dlg.percent, "120")
    assert dlg.error_text("percent") == "比例应为 0–100 之间的数，最多两位小数"
    assert not dlg.submit()
    assert dlg.error_text("name") == "请填写规则名称"
    assert snapshot(book) == before
    dlg.percent.setText("2.5")
    ime_type(dlg.name, "辅助网格员补贴")
    dlg.priority.setValue(2)
    dlg.cap.setText("300")
    assert dlg.submit()
    rules = page.rule_model.rows()
    new = next(r for r in rules if r.name == "辅助网格员补贴")
    assert (new.priority, new.target, new.basis, new.bp, new.cap) == (
        2, "auxiliary", "percent", 250, 30_000,
    )  # fmt: skip
    i = [r.id for r in shown_rows(page.rule_view)].index(new.id)
    assert cell(page.rule_view, i, "bp") == "2.50%"
    ed = page.edit_rule(new)
    assert isinstance(ed, RuleDialog) and ed.percent.text() == "2.50"
    ed.active.setChecked(False)
    assert ed.submit()
    with book.read() as s:
        assert not next(r for r in surplus.list_rules(s) if r.id == new.id).active
    assert percent_to_bp("12.345") is None and percent_to_bp("100") == 10_000


def test_models(qtmodeltester: Any, opened: MainWindow) -> None:
    book = _book(opened)
    ids = fill_q1(book)
    _approve(book)
    page = page_of(opened)
    page.period_edit.setText("2026-Q1")
    page.show_report()
    page.grid_combo.setCurrentIndex(page.grid_combo.findData(ids["grid"]))
    page.year.setValue(2026)
    page.show_receipts()
    for cols, m in ((ALLOCATION_COLUMNS, page.model), (LINE_COLUMNS, page.lines_model),
                    (RULE_COLUMNS, page.rule_model), (TRACE_COLUMNS, page.trace_model),
                    (RECEIPT_COLUMNS, page.receipt_model)):  # fmt: skip
        model = DeskTableModel(cols)
        model.set_rows(m.rows())
        assert model.rowCount()
        qtmodeltester.check(model, force_py=True)


def test_the_wizard_offers_the_latest_closed_period_not_yet_allocated(opened: MainWindow) -> None:
    book = _book(opened)
    fill_q1(book)
    page = page_of(opened)
    with book.write() as s:  # a draft of the quarter is no allocation yet: offered again
        surplus.draft_allocation(s, "2026-Q1")
    wiz = page.new_allocation()
    assert wiz.period_page.span() == surplus.parse_span("2026-Q1")
    wiz.close()
    with book.read() as s:
        draft_id = surplus.list_allocations(s)[0].id
    with book.write() as s:
        surplus.approve_allocation(s, draft_id, "王书记", on=date(2026, 4, 8))
    wiz = page.new_allocation()  # the quarter is allocated and nothing later is closed
    assert wiz.period_page.span() == surplus.parse_span("2026-Q1")
    wiz.next()  # refused with the service's reason, nothing drafted
    assert wiz.currentId() == wiz.PERIOD and "2026-Q1" in wiz.period_page.problem.text()
    wiz.close()
    with book.write() as s:
        ledger.close_period(s, 202604)
        ledger.close_period(s, 202605)
    wiz = page.new_allocation()  # April and May closed since: the latest of them, not Q1 again
    assert wiz.period_page.span() == surplus.parse_span("2026-05")
    wiz.close()
