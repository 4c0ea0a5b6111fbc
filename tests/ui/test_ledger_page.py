"""凭证与账簿: manual vouchers by keyboard, refusals beside the line, drill-down from the trial
balance to a voucher, reversal, close and reopen, search/sort, exports, the table models."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from propdesk.services import ledger
from propdesk.ui.dialogs.voucher_dialogs import (
    AccountIndex,
    CloseMonthDialog,
    ReopenDialog,
    ReverseDialog,
    VoucherDialog,
    VoucherEntryDialog,
)
from propdesk.ui.main_window import MainWindow
from propdesk.ui.pages.journal import TAB_DETAIL, TAB_GENERAL, TAB_JOURNAL, TAB_TRIAL, JournalPage
from propdesk.ui.pages.ledger_tabs import dl_model, gl_model, tb_model
from propdesk.ui.print_preview import PrintPreviewDialog
from propdesk.ui.widgets.table import LazyTableModel

from .conftest import Dialogs, wait_op
from .desk_helpers import cell, ime_type, shown_rows

MARCH = date(2026, 3, 5)
# The completion list is a popup: the offscreen platform says it cannot raise it or grab the
# keyboard (about the test platform, like conftest's size hints; the closest mark wins).
offscreen = pytest.mark.qt_log_ignore("This plugin does not support")


def post(win: MainWindow, day: date, summary: str, *lines: ledger.Line) -> ledger.VoucherRef:
    with win.book.write() as s:  # type: ignore[union-attr]
        return ledger.post_voucher(s, ledger.NewVoucher(day, summary, lines))


def ledger_page(win: MainWindow, *, seed: bool = True) -> JournalPage:
    if seed:
        post(win, date(2026, 3, 2), "收取物业费",
             ledger.Line("1001", debit=140950), ledger.Line("500101", credit=140950))  # fmt: skip
        post(win, date(2026, 3, 3), "现金存入银行",
             ledger.Line("1002", debit=100000), ledger.Line("1001", credit=100000))  # fmt: skip
    win.show_page("ledger")
    page = win.pages["ledger"]
    assert isinstance(page, JournalPage)
    page.refresh()
    return page


def vouchers(win: MainWindow) -> int:
    with win.book.read() as s:  # type: ignore[union-attr]
        return len({r.voucher_id for r in ledger.journal(s)})


def double_click(qtbot: Any, view: Any, row: int, col: int) -> None:
    table = view.table
    pos = table.visualRect(view.proxy.index(row, col)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def press_enter(qtbot: Any, dlg: QWidget) -> None:
    widget = dlg.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def type_here(qtbot: Any, dlg: QWidget, text: str) -> None:
    widget = dlg.focusWidget()
    assert widget is not None
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        ime_type(widget, text)


def new_voucher_by_ctrl_n(qtbot: Any, page: JournalPage) -> VoucherEntryDialog:
    page.last_dialog = None
    page.view.table.setFocus()
    qtbot.keyClick(page.view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(page.last_dialog, VoucherEntryDialog))
    dlg = page.last_dialog
    assert isinstance(dlg, VoucherEntryDialog)
    qtbot.waitExposed(dlg)
    dlg.activateWindow()
    return dlg


@offscreen
def test_a_balanced_voucher_typed_with_the_keyboard(qtbot: Any, opened: MainWindow) -> None:
    page = ledger_page(opened)
    window_new_book = []
    opened.act_new.triggered.connect(lambda *_: window_new_book.append(1))
    dlg = new_voucher_by_ctrl_n(qtbot, page)
    assert not window_new_book  # Ctrl+N on this page is 新建凭证, not a new book
    dlg.date.set_value(MARCH)
    dlg.summary.setFocus()
    type_here(qtbot, dlg, "购买办公用品")
    press_enter(qtbot, dlg)  # → first line's summary
    assert dlg.focusWidget() is dlg.lines[0].summary
    press_enter(qtbot, dlg)  # summary left empty: the voucher's
    assert dlg.focusWidget() is dlg.lines[0].account
    type_here(qtbot, dlg, "销售费用")  # part of the name
    press_enter(qtbot, dlg)
    assert dlg.lines[0].account.text() == "5601 销售费用"
    assert dlg.focusWidget() is dlg.lines[0].debit.edit
    type_here(qtbot, dlg, "320.5")
    press_enter(qtbot, dlg)  # a debit: straight on to the next line
    assert "差额 ￥320.50" in dlg.totals.text()
    assert dlg.focusWidget() is dlg.lines[1].summary
    press_enter(qtbot, dlg)
    type_here(qtbot, dlg, "1001")  # a code
    press_enter(qtbot, dlg)
    assert dlg.lines[1].account.text() == "1001 库存现金"
    press_enter(qtbot, dlg)  # no debit
    assert dlg.focusWidget() is dlg.lines[1].credit.edit
    type_here(qtbot, dlg, "320.50")
    press_enter(qtbot, dlg)  # the last line: a new one is added
    assert len(dlg.lines) == 3
    assert "差额 ￥0.00" in dlg.totals.text() and "借贷平衡" in dlg.totals.text()
    assert vouchers(opened) == 2
    qtbot.keyClick(
        dlg.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )  # Ctrl+Enter posts
    assert dlg.posted is not None and dlg.posted.label == "2026-03 记-0003"
    assert dlg.result() == VoucherEntryDialog.DialogCode.Accepted

    # the journal shows it
    page.view.set_search("购买办公用品")
    rows = shown_rows(page.view)
    assert [(r.account_code, r.debit, r.credit) for r in rows] == [
        ("5601", 32050, 0), ("1001", 0, 32050),
    ]  # fmt: skip
    assert cell(page.view, 0, "voucher") == "2026-03 记-0003"
    # and the trial balance
    page.show_tab(TAB_TRIAL)
    page.trial.set_range(202603)
    tb = {r.code: r for r in page.trial.model.rows()}
    assert tb["5601"].debit == 32050
    assert tb["1001"].debit == 140950 and tb["1001"].credit == 100000 + 32050
    assert tb["1001"].closing_debit == 140950 - 132050
    total = shown_rows(page.trial.view)[-1]
    assert total.code == "" and total.debit == total.credit == 140950 + 100000 + 32050
    assert page.trial.status.text() == "试算平衡"


@offscreen
def test_an_unbalanced_voucher_is_refused_with_the_difference(
    qtbot: Any, opened: MainWindow
) -> None:
    page = ledger_page(opened)
    dlg = page.new_voucher()
    dlg.date.set_value(MARCH)
    dlg.summary.setText("报销差旅费")
    first, second = dlg.lines
    first.account.setText("5601")
    first.debit.setText("100")
    second.account.setText("1001")
    second.credit.setText("90")
    assert "差额 ￥10.00" in dlg.totals.text()
    assert not dlg.post()
    assert dlg.isVisible()
    assert "凭证未记账" in dlg.problem.text()
    assert "差额 ￥10.00" in dlg.problem.text()
    assert vouchers(opened) == 2  # nothing posted

    # a controlled account and a parent account: each problem beside its own line
    first.account.setText("112201")
    dlg._check_account(first)
    assert "由收费模块自动记账" in first.problem.text()
    second.account.setText("5602")
    second.credit.setText("100")
    assert not dlg.post()
    assert "112201" in first.problem.text() and "收费模块" in first.problem.text()
    assert "5602" in second.problem.text() and "末级科目" in second.problem.text()
    assert vouchers(opened) == 2

    # a bad amount is named beside its line; the ledger is not asked
    second.account.setText("1001")
    second.credit.setText("abc")
    assert not dlg.post()
    assert second.problem.text()
    assert vouchers(opened) == 2


@offscreen
def test_account_completion_offers_only_usable_leaf_accounts(opened: MainWindow) -> None:
    page = ledger_page(opened, seed=False)
    dlg = page.new_voucher()
    labels = dlg.index.labels()
    assert "1001 库存现金" in labels and "5601 销售费用" in labels
    assert not any(lbl.startswith(("112201", "220301", "5602 ", "1122 ")) for lbl in labels)
    index: AccountIndex = dlg.index
    assert index.resolve("银行存款")[0].code == "1002"  # type: ignore[union-attr]
    acc, why = index.resolve("112201")
    assert acc is not None and why is not None and "收费模块" in why
    assert index.resolve("没有这个科目") == (None, "找不到科目「没有这个科目」")
    acc, why = index.resolve("收入")
    assert acc is None and why is not None and "个科目" in why
    dlg.reject()


@offscreen
def test_drill_down_from_the_trial_balance_to_a_voucher(qtbot: Any, opened: MainWindow) -> None:
    page = ledger_page(opened)
    page.show_tab(TAB_TRIAL)
    page.trial.set_range(202603)
    rows = shown_rows(page.trial.view)
    i = next(n for n, r in enumerate(rows) if r.code == "1001")
    assert cell(page.trial.view, i, "name") == "库存现金"
    assert cell(page.trial.view, i, "closing_debit") == "409.50"
    double_click(qtbot, page.trial.view, i, 2)
    assert page.tabs.currentIndex() == TAB_DETAIL
    assert page.detail.account.code() == "1001"
    assert page.detail.dates() == (date(2026, 3, 1), date(2026, 3, 31))
    lines = shown_rows(page.detail.view)
    assert [ln.kind for ln in lines] == ["opening", "line", "line", "month", "year", "closing"]
    assert [ln.balance for ln in lines if ln.kind == "line"] == [140950, 40950]
    assert (
        cell(page.detail.view, 2, "side") == "借"
        and cell(page.detail.view, 2, "balance") == "409.50"
    )
    double_click(qtbot, page.detail.view, 2, 3)
    dlg = page.last_dialog
    assert isinstance(dlg, VoucherDialog)
    assert dlg.values["number"].text() == "2026-03 记-0002"
    assert dlg.values["summary"].text() == "现金存入银行"
    assert dlg.values["status"].text() == "已记账"
    assert [(r.account_code, r.account_name, r.debit, r.credit) for r in dlg.model.rows()] == [
        ("1002", "银行存款", 100000, 0), ("1001", "库存现金", 0, 100000),
        ("", "", 100000, 100000),
    ]  # fmt: skip
    assert not dlg.link_button.isVisible()
    preview = dlg.print_()
    assert isinstance(preview, PrintPreviewDialog)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(preview.data)).pages)
    assert "记字第 0002 号" in text and "现金存入银行" in text and "制单" in text
    preview.close()
    dlg.close()

    # the general ledger drills to a month too
    page.show_tab(TAB_GENERAL)
    page.general.show_account("1001", 2026)
    rows = shown_rows(page.general.view)
    assert [(r.kind, r.debit, r.credit, r.balance) for r in rows] == [
        ("opening", 0, 0, 0), ("month", 140950, 100000, 40950), ("year", 140950, 100000, 40950),
    ]  # fmt: skip
    page.general._on_activated(rows[1])
    assert page.tabs.currentIndex() == TAB_DETAIL
    assert page.detail.dates() == (date(2026, 3, 1), date(2026, 3, 31))

    # the journal opens a voucher on double-click as well
    page.show_tab(TAB_JOURNAL)
    page.view._on_activated(page.view.proxy.index(0, 0))
    dlg = page.last_dialog
    assert isinstance(dlg, VoucherDialog) and dlg.values["number"].text() == "2026-03 记-0001"
    dlg.close()


@offscreen
def test_reverse_a_voucher(qtbot: Any, opened: MainWindow, dialogs: Dialogs) -> None:
    page = ledger_page(opened)
    page.show_tab(TAB_JOURNAL)
    assert page.reverse_selected() is None
    assert dialogs.warnings[-1] == "请先在序时账或明细账中选中一张凭证的分录"
    page.view.table.setCurrentIndex(page.view.proxy.index(0, 0))  # 记-0001
    dlg = page.reverse_selected()
    assert isinstance(dlg, ReverseDialog)
    assert not dlg.submit()  # the reason is required
    assert dlg.error_text("reason") == "请填写原因"
    assert vouchers(opened) == 2
    dlg.reason.setText("金额录错")  # type: ignore[attr-defined]
    assert dlg.submit()
    assert vouchers(opened) == 3
    rows = page.model.rows()
    rev = [r for r in rows if r.number == 3]
    assert [(r.account_code, r.debit, r.credit) for r in rev] == [
        ("1001", 0, 140950), ("500101", 140950, 0),
    ]  # fmt: skip
    assert rev[0].voucher_summary.startswith("冲销 2026-03 记-0001")

    # the original now says so and links to its reversal; reversing again is refused
    view = page.open_voucher(rows[0].voucher_id)
    assert view.values["status"].text() == "已被冲销（2026-03 记-0003）"
    assert not view.reverse_button.isEnabled()
    assert view.link_button.text() == "打开冲销凭证（2026-03 记-0003）"
    other = view.open_link()
    assert other is not None and other.values["status"].text() == "冲销凭证，冲销 2026-03 记-0001"
    other.close()
    view.close()
    page.view.table.setCurrentIndex(page.view.proxy.index(0, 0))
    assert page.reverse_selected() is None
    assert dialogs.warnings[-1] == "凭证 2026-03 记-0001 不能冲销：已被 2026-03 记-0003 冲销"
    assert vouchers(opened) == 3


@offscreen
def test_close_and_reopen_with_a_reason(qtbot: Any, opened: MainWindow, dialogs: Dialogs) -> None:
    page = ledger_page(opened)
    assert page.status.text() == "当前会计期间 2026-03"
    assert page.reopen_month() is None
    assert dialogs.warnings[-1] == "还没有已结账的期间，无需反结账"
    dlg = page.close_month()
    assert isinstance(dlg, CloseMonthDialog)
    assert dlg.checks.text().startswith("账簿检查全部通过")
    assert "2026-03" in dlg.windowTitle()
    assert dlg.close_button.isEnabled()
    dlg.close_button.click()
    with opened.book.read() as s:  # type: ignore[union-attr]
        assert ledger.closed_through(s) == 202603
    assert page.status.text() == "当前会计期间 2026-04，已结账至 2026-03"
    n = vouchers(opened)
    assert n == 3  # the P&L carry voucher

    # posting into the closed month is refused, in Chinese, and nothing changes
    entry = page.new_voucher()
    entry.date.set_value(MARCH)
    entry.summary.setText("补记")
    entry.lines[0].account.setText("5601")
    entry.lines[0].debit.setText("5")
    entry.lines[1].account.setText("1001")
    entry.lines[1].credit.setText("5")
    assert not entry.post()
    assert "2026-03 已结账" in entry.problem.text()
    entry.reject()
    assert vouchers(opened) == n

    # reopen: the reason is required
    re = page.reopen_month()
    assert isinstance(re, ReopenDialog)
    assert "2026-03" in re.windowTitle()
    assert not re.submit()
    assert re.error_text("reason") == "请填写原因"
    with opened.book.read() as s:  # type: ignore[union-attr]
        assert ledger.closed_through(s) == 202603
    re.reason.setText("补记漏记的费用")  # type: ignore[attr-defined]
    assert re.submit()
    with opened.book.read() as s:  # type: ignore[union-attr]
        assert ledger.closed_through(s) is None
    assert page.status.text() == "当前会计期间 2026-03"


@offscreen
def test_close_is_refused_while_an_earlier_month_is_open(qtbot: Any, opened: MainWindow) -> None:
    page = ledger_page(opened)
    dlg = page.close_month()
    dlg.period = 202604  # as if the month shown were not the first open one
    assert not dlg.close_month()
    assert dlg.problem.text() == "请先结账 2026-03"
    with opened.book.read() as s:  # type: ignore[union-attr]
        assert ledger.closed_through(s) is None


@offscreen
def test_search_and_sort(qtbot: Any, opened: MainWindow) -> None:
    page = ledger_page(opened)
    post(opened, date(2026, 3, 9), "支付网格员补贴",
         ledger.Line("560201", debit=50000), ledger.Line("1002", credit=50000))  # fmt: skip
    page.refresh()
    view = page.view
    assert view.proxy.rowCount() == 6
    view.set_search("网格")
    assert view.proxy.rowCount() == 2
    view.set_search("")
    col = page.model.column_index("debit")
    view.table.sortByColumn(col, Qt.SortOrder.DescendingOrder)
    assert [r.debit for r in shown_rows(view)][:3] == [140950, 100000, 50000]

    page.show_tab(TAB_TRIAL)
    page.trial.set_range(202603)
    tv = page.trial.view
    tv.table.sortByColumn(page.trial.model.column_index("debit"), Qt.SortOrder.DescendingOrder)
    shown = shown_rows(tv)
    assert shown[-1].code == ""  # the totals row stays last
    assert shown[0].debit == max(r.debit for r in shown[:-1])
    tv.set_search("网格")
    assert [r.code for r in shown_rows(tv)] == ["560201"]
    page.trial.level1.setChecked(True)
    tv.set_search("")
    assert all(r.level == 1 for r in shown_rows(tv)[:-1])
    assert "5602" in [r.code for r in shown_rows(tv)]


@offscreen
def test_detail_ledger_of_a_compound(qtbot: Any, opened: MainWindow) -> None:
    from tests.fees_fixtures import setup_compound

    setup_compound(opened.book)  # type: ignore[arg-type]
    page = ledger_page(opened)
    with opened.book.read() as s:  # type: ignore[union-attr]
        from propdesk.services import desk

        cid = desk.compounds(s)[0].id
    post(opened, date(2026, 3, 10), "小区维修",
         ledger.Line("5401", debit=8000, compound_id=cid), ledger.Line("1001", credit=8000))  # fmt: skip
    post(opened, date(2026, 3, 11), "公司办公",
         ledger.Line("5401", debit=1000), ledger.Line("1001", credit=1000))  # fmt: skip
    page.show_tab(TAB_DETAIL)
    page.detail.show_account("5401", date(2026, 3, 1), date(2026, 3, 31))
    assert [r.debit for r in shown_rows(page.detail.view) if r.kind == "line"] == [8000, 1000]
    page.detail.compound.set_compound_id(cid)
    assert [r.debit for r in shown_rows(page.detail.view) if r.kind == "line"] == [8000]
    assert page.detail.unit.isEnabled() and page.detail.unit.count() > 0


@offscreen
def test_exports_and_print(qtbot: Any, opened: MainWindow, tmp_path: Path) -> None:
    page = ledger_page(opened)
    target = tmp_path / "journal.xlsx"
    page.show_tab(TAB_JOURNAL)
    wait_op(qtbot, page.export_current(target))
    ws = load_workbook(target).active
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "收取物业费" in values and "现金存入银行" in values

    page.show_tab(TAB_TRIAL)
    page.trial.set_range(202603)
    target = tmp_path / "tb.xlsx"
    wait_op(qtbot, page.export_current(target))
    ws = load_workbook(target).active
    rows = [r for r in ws.iter_rows(values_only=True) if r and r[0] == "1001"]
    assert rows and 1409.5 in rows[0] and 409.5 in rows[0]

    preview = page.print_document()
    assert isinstance(preview, PrintPreviewDialog)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(preview.data)).pages)
    assert "科目余额表" in text and "库存现金" in text and "试算平衡" in text
    preview.close()

    page.show_tab(TAB_DETAIL)
    page.detail.show_account("1001", date(2026, 3, 1), date(2026, 3, 31))
    target = tmp_path / "dl.xlsx"
    wait_op(qtbot, page.export_current(target))
    wb = load_workbook(target)
    values = [c for row in wb.active.iter_rows(values_only=True) for c in row if c is not None]
    assert "现金存入银行" in values

    page.show_tab(TAB_GENERAL)
    page.general.show_account("1001", 2026)
    target = tmp_path / "gl.xlsx"
    wait_op(qtbot, page.export_current(target))
    assert load_workbook(target).sheetnames


@offscreen
def test_ledger_models(qtmodeltester: Any, opened: MainWindow) -> None:
    page = ledger_page(opened)
    page.show_tab(TAB_TRIAL)
    page.trial.set_range(202603)
    page.show_tab(TAB_GENERAL)
    page.general.show_account("1001", 2026)
    page.show_tab(TAB_DETAIL)
    page.detail.show_account("1001", date(2026, 3, 1), date(2026, 3, 31))
    for make, rows in (
        (tb_model, page.trial.model.rows()),
        (gl_model, page.general.model.rows()),
        (lambda: dl_model(page_size=2), page.detail.model.rows()),  # pages in
    ):
        assert rows
        model = make()
        model.set_rows(rows)
        qtmodeltester.check(model, force_py=True)
    dlg = page.open_voucher(page.model.rows()[0].voucher_id)
    qtmodeltester.check(dlg.model, force_py=True)
    dlg.close()
    from propdesk.ui.pages.journal import COLUMNS

    journal = LazyTableModel(COLUMNS, page_size=1)
    journal.set_rows(page.model.rows())
    qtmodeltester.check(journal, force_py=True)
    QApplication.processEvents()


@offscreen
def test_equals_fills_the_balancing_amount(qtbot: Any, opened: MainWindow) -> None:
    page = ledger_page(opened, seed=False)
    dlg = page.new_voucher()
    first, second = dlg.lines
    first.debit.setText("1,409.50")
    qtbot.keyClick(second.credit.edit, Qt.Key.Key_Equal)
    assert second.credit.value_fen() == 140950
    assert "借贷差额 ￥0.00" in dlg.totals.text()
    qtbot.keyClick(second.debit.edit, Qt.Key.Key_Equal)  # balanced already: nothing to fill
    assert second.debit.text() == ""
    dlg.reject()


@offscreen
def test_a_voucher_file_fills_the_form(qtbot: Any, opened: MainWindow, tmp_path: Path) -> None:
    page = ledger_page(opened)
    src = tmp_path / "v.csv"
    src.write_text(
        "日期,摘要,科目编码,借方,贷方,附件数\n"
        "2026-03-20,支付水电费,5601,88.80,,2\n"
        "2026-03-20,支付水电费,1002,,88.80,\n",
        encoding="utf-8",
    )
    dlg = page.new_voucher()
    assert dlg.fill_from_file(src)
    assert (dlg.date.value(), dlg.summary.text(), dlg.attachments.value()) == (
        date(2026, 3, 20), "支付水电费", 2,
    )  # fmt: skip
    assert [ln.account.text() for ln in dlg.lines] == ["5601 销售费用", "1002 银行存款"]
    assert "借贷差额 ￥0.00" in dlg.totals.text()
    assert vouchers(opened) == 2  # read, not posted
    assert dlg.post()
    assert vouchers(opened) == 3
    bad = tmp_path / "bad.csv"
    bad.write_text("日期,摘要\n2026-03-20,x\n", encoding="utf-8")
    again = page.new_voucher()
    assert not again.fill_from_file(bad)
    assert "缺少列" in again.problem.text()
    again.reject()


@offscreen
def test_enter_in_the_completion_list_picks_and_moves_on(qtbot: Any, opened: MainWindow) -> None:
    page = ledger_page(opened, seed=False)
    dlg = page.new_voucher()
    qtbot.waitExposed(dlg)
    ln = dlg.lines[0]
    ln.account.setFocus()
    qtbot.keyClicks(ln.account, "560")
    popup = ln.account.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dlg.focusWidget() is ln.debit.edit
    assert ln.account.text() == "5601 销售费用"
    assert ln.problem.text() == ""
    dlg.reject()


@offscreen
def test_close_waits_for_clean_checks(
    qtbot: Any, opened: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from propdesk.services import check

    page = ledger_page(opened)
    bad = check.CheckReport((("vouchers balance", "凭证 2026-03 记-0001 借贷不平"),), 14)
    monkeypatch.setattr(check, "run_checks", lambda _s: bad)
    dlg = page.close_month()
    assert dlg.checks.text() == "账簿检查发现 1 处问题，请先处理后再结账："
    assert dlg.problems.item(0).text() == "[vouchers balance] 凭证 2026-03 记-0001 借贷不平"
    assert not dlg.close_button.isEnabled()
    assert not dlg.close_month()
    with opened.book.read() as s:  # type: ignore[union-attr]
        assert ledger.closed_through(s) is None
    dlg.reject()


@offscreen
def test_reversal_into_a_closed_month_is_refused(qtbot: Any, opened: MainWindow) -> None:
    page = ledger_page(opened)
    page.view.table.setCurrentIndex(page.view.proxy.index(0, 0))
    dlg = page.reverse_selected()
    assert isinstance(dlg, ReverseDialog)
    assert dlg.on.value() == date(2026, 3, 2)  # type: ignore[attr-defined]  # its own open month
    with opened.book.write() as s:  # type: ignore[union-attr]
        ledger.close_period(s, 202603)
    n = vouchers(opened)
    dlg.reason.setText("录错")  # type: ignore[attr-defined]
    assert not dlg.submit()
    assert "2026-03 已结账" in dlg.problem.text()
    assert vouchers(opened) == n


@offscreen
def test_ctrl_p_prints_the_trial_balance_and_english(qtbot: Any, opened: MainWindow) -> None:
    page = ledger_page(opened)
    page.show_tab(TAB_TRIAL)
    page.trial.set_range(202603)
    assert opened.act_print.isEnabled()
    opened.print_current()
    assert isinstance(page.last_dialog, PrintPreviewDialog)
    assert page.last_dialog.page_count() >= 1
    page.last_dialog.close()
    opened.set_language("en")
    assert [page.tabs.tabText(i) for i in range(4)] == [
        "Journal", "General ledger", "Detail ledger", "Trial balance",
    ]  # fmt: skip
    assert page.new_button.text() == "New voucher (Ctrl+N)"
    assert page.status.text() == "Current period 2026-03"
    assert page.trial.model.headerData(4, Qt.Orientation.Horizontal) == "Period debit"


@offscreen
def test_row_menu_opens_reverses_and_prints(qtbot: Any, opened: MainWindow) -> None:
    from PySide6.QtWidgets import QMenu

    page = ledger_page(opened)
    row = page.model.rows()[2]  # 记-0002
    menu = QMenu(page)
    page._voucher_menu(menu, [row])
    acts = {a.text(): a for a in menu.actions()}
    assert list(acts) == ["打开凭证", "冲销凭证…", "打印凭证…"]
    acts["打开凭证"].trigger()
    assert isinstance(page.last_dialog, VoucherDialog)
    assert page.last_dialog.values["number"].text() == "2026-03 记-0002"
    page.last_dialog.close()
    acts["冲销凭证…"].trigger()
    assert isinstance(page.last_dialog, ReverseDialog)
    page.last_dialog.reject()
    acts["打印凭证…"].trigger()
    assert isinstance(page.last_dialog, PrintPreviewDialog)
    page.last_dialog.close()
    opening = page.detail  # a ledger's opening row has no voucher: no menu
    opening.show_account("1001", date(2026, 3, 1), date(2026, 3, 31))
    empty = QMenu(page)
    page._voucher_menu(empty, [opening.model.rows()[0]])
    assert empty.isEmpty()
