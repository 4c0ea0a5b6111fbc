"""支出 page: a new expense by keyboard posts its voucher and shows its row; bad amounts and closed
months are refused beside the field with nothing posted; pay, reverse, search, sort, the
summary by category, the voucher on double-click, and the models under qtmodeltester."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from propdesk.core.periods import period_of
from propdesk.db.models import Voucher
from propdesk.services import expenses, ledger, registry
from propdesk.services.expenses import NewExpense
from propdesk.ui.dialogs.expense_dialogs import ExpenseDialog, PayDialog, ReverseExpenseDialog
from propdesk.ui.dialogs.kit import DeskTableModel
from propdesk.ui.dialogs.voucher_dialogs import VoucherDialog
from propdesk.ui.main_window import MainWindow
from propdesk.ui.pages.expenses_page import COLUMNS, SUMMARY_COLUMNS, ExpensesPage
from tests.helpers import snapshot

from .desk_helpers import cell, ime_type, shown_rows

MARCH = date(2026, 3, 12)


def _seed(win: MainWindow) -> None:
    book = win.book
    assert book is not None
    with book.write() as s:
        a = registry.add_compound(s, "幸福里小区")
        b = registry.add_compound(s, "和平新村")
        for on, cat, amount, payee, method, cid in (
            (date(2026, 3, 3), "utilities", 450_000, "供电公司", "bank", a.id),
            (date(2026, 3, 8), "repairs", 36_000, "李师傅", "cash", b.id),
            (date(2026, 3, 15), "office", 12_800, "文具店", "cash", None),
            (date(2026, 3, 20), "cleaning", 600_000, "绿洁保洁", "payable", a.id),
        ):
            expenses.record_expense(s, NewExpense(on, cat, amount, payee=payee, method=method,
                                                  compound_id=cid))  # fmt: skip


def page_of(win: MainWindow, period: int = 202603) -> ExpensesPage:
    win.show_page("expenses")
    page = win.pages["expenses"]
    assert isinstance(page, ExpensesPage)
    page.period.set_period(period)
    return page


def _dialog(page: ExpensesPage) -> ExpenseDialog:
    dlg = page.new_expense()
    dlg.on.set_value(MARCH)
    return dlg


def test_rows_totals_and_the_summary_by_category(opened: MainWindow) -> None:
    _seed(opened)
    page = page_of(opened)
    rows = shown_rows(page.view)
    assert len(rows) == 5 and cell(page.view, 4, "voucher") == "合计"
    assert [cell(page.view, i, "payee") for i in range(4)] == [
        "供电公司",
        "李师傅",
        "文具店",
        "绿洁保洁",
    ]
    assert cell(page.view, 0, "category_label") == "水电"
    assert cell(page.view, 0, "compound") == "幸福里小区"
    assert cell(page.view, 3, "status") == "未付 ￥6,000.00"
    assert cell(page.view, 4, "amount") == "10,988.00"
    summary = shown_rows(page.summary_view)
    assert [(r.label, r.amount) for r in summary] == [
        ("保洁绿化", 600_000), ("维修", 36_000), ("水电", 450_000), ("办公", 12_800), ("合计", 1_098_800),
    ]  # fmt: skip
    assert cell(page.summary_view, 0, "account") == "540102 主营业务成本—清洁绿化"
    assert "4 笔支出，合计 ￥10,988.00" in page.summary_title.text()

    page.compound.set_compound_id(2)  # 和平新村
    assert [r.payee for r in page.rows()] == ["李师傅"]
    assert [r.label for r in shown_rows(page.summary_view)] == ["维修", "合计"]
    page.compound.set_compound_id(None)
    page.category.setCurrentIndex(page.category.findData("office"))
    assert [r.payee for r in page.rows()] == ["文具店"]
    page.category.setCurrentIndex(0)
    page._on_summary_activated(shown_rows(page.summary_view)[2])  # 水电
    assert [r.payee for r in page.rows()] == ["供电公司"]


def test_search_and_sort_keep_the_totals_row_last(opened: MainWindow) -> None:
    _seed(opened)
    page = page_of(opened)
    page.view.set_search("李师傅")
    shown = shown_rows(page.view)
    assert [getattr(r, "payee", None) for r in shown] == ["李师傅"]
    page.view.set_search("")
    col = page.model.column_index("amount")
    for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
        page.view.table.sortByColumn(col, order)
        shown = shown_rows(page.view)
        assert isinstance(shown[-1], type(page.model.rows()[-1])) and not hasattr(
            shown[-1], "payee"
        )
        amounts = [r.amount for r in shown[:-1]]
        assert amounts == sorted(amounts, reverse=order == Qt.SortOrder.DescendingOrder)


def new_expense_by_ctrl_n(qtbot: Any, page: ExpensesPage) -> ExpenseDialog:
    page.last_dialog = None
    page.view.table.setFocus()
    qtbot.keyClick(page.view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(page.last_dialog, ExpenseDialog))
    dlg = page.last_dialog
    assert isinstance(dlg, ExpenseDialog)
    qtbot.waitExposed(dlg)
    dlg.activateWindow()
    return dlg


def test_new_expense_by_keyboard(qtbot: Any, opened: MainWindow) -> None:
    _seed(opened)
    page = page_of(opened)
    new_book = []
    opened.act_new.triggered.connect(lambda *_: new_book.append(1))
    dlg = new_expense_by_ctrl_n(qtbot, page)
    assert not new_book  # Ctrl+N on this page is 新增支出, not a new book
    dlg.on.set_value(MARCH)
    dlg.category.setFocus()
    dlg.category.setCurrentIndex(dlg.category.findData("repairs"))
    qtbot.keyClick(dlg.category, Qt.Key.Key_Down)  # 维修 -> 水电
    assert dlg.category.currentData() == "utilities"
    qtbot.keyClick(dlg.category, Qt.Key.Key_Tab)
    assert dlg.amount.edit.hasFocus()
    qtbot.keyClicks(dlg.amount.edit, "1,280.5")
    qtbot.keyClick(dlg.amount.edit, Qt.Key.Key_Tab)
    assert dlg.method.hasFocus()
    qtbot.keyClick(dlg.method, Qt.Key.Key_Up)  # 银行 -> 现金
    assert dlg.method.currentData() == "cash"
    qtbot.keyClick(dlg.method, Qt.Key.Key_Tab)
    ime_type(dlg.payee, "自来水公司")
    dlg.compound.setCurrentIndex(dlg.compound.findData(1))
    ime_type(dlg.summary, "3月公共用水")
    assert "借 540104 主营业务成本—公共水电 / 贷 1001 库存现金" in dlg.posts.text()
    qtbot.keyClick(dlg.summary, Qt.Key.Key_Return)
    assert dlg.result_value is not None and not dlg.isVisible()
    ref = dlg.result_value
    assert ref.label == "2026-03 记-0005"
    with opened.book.read() as s:  # type: ignore[union-attr]
        lines = [(ln.account_code, ln.debit, ln.credit) for ln in ledger.voucher_lines(s, ref.id)]
    assert lines == [("540104", 128_050, 0), ("1001", 0, 128_050)]
    row = next(r for r in page.rows() if r.voucher_id == ref.id)
    assert (row.payee, row.compound, row.summary) == (
        "自来水公司",
        "幸福里小区",
        "幸福里小区 3月公共用水（自来水公司）",
    )
    assert page.view.current_row() == row
    assert cell(page.view, shown_rows(page.view).index(row), "summary") == "3月公共用水"
    assert cell(page.view, len(page.rows()), "amount") == "12,268.50"


def test_bad_amount_is_shown_beside_the_field_and_nothing_posts(
    qtbot: Any, opened: MainWindow
) -> None:
    _seed(opened)
    page = page_of(opened)
    before = snapshot(opened.book)  # type: ignore[arg-type]
    dlg = _dialog(page)
    qtbot.keyClicks(dlg.amount.edit, "12.345")
    qtbot.keyClick(dlg.amount.edit, Qt.Key.Key_Tab)
    assert "小数超过两位" in dlg.error_text("amount")
    assert not dlg.submit()
    dlg.amount.setText("0")
    assert not dlg.submit()
    assert "零" in dlg.error_text("amount")
    dlg.amount.setText("")
    assert not dlg.submit()
    assert dlg.error_text("amount")
    assert snapshot(opened.book) == before  # type: ignore[arg-type]
    dlg.attach([str(Path("/nonexistent/发票.pdf"))])
    dlg.amount.setText("10")
    assert not dlg.submit() and "文件不存在" in dlg.error_text("evidence")
    assert snapshot(opened.book) == before  # type: ignore[arg-type]
    dlg.reject()


def test_a_closed_month_is_refused_beside_the_date(opened: MainWindow, tmp_path: Path) -> None:
    _seed(opened)
    with opened.book.write() as s:  # type: ignore[union-attr]
        ledger.close_period(s, 202603)
    page = page_of(opened)
    before = snapshot(opened.book)  # type: ignore[arg-type]
    dlg = page.new_expense()
    assert period_of(dlg.on.value()) >= 202604  # offered the first open month
    dlg.on.set_value(date(2026, 3, 31))
    dlg.amount.setText("99")
    assert not dlg.submit()
    assert dlg.error_text("on") == "2026-03 已结账，不能在该期间记账（如需更正，请先反结账）"
    assert snapshot(opened.book) == before  # type: ignore[arg-type]
    scan = tmp_path / "收据.jpg"
    scan.write_bytes(b"jpeg")
    dlg.attach([str(scan)])
    dlg.on.set_value(date(2026, 4, 1))
    assert dlg.submit()
    with opened.book.read() as s:  # type: ignore[union-attr]
        v = s.get(Voucher, dlg.result_value.id)
        assert v is not None and (v.period, v.attachments, v.source) == (202604, 1, "expense")
    assert page.period.period() == 202604
    assert [r.evidence for r in page.rows()] == [(str(scan),)]


def test_reverse_with_confirmation(opened: MainWindow, dialogs: Any) -> None:
    _seed(opened)
    page = page_of(opened)
    target = next(r for r in page.rows() if r.payee == "李师傅")
    dlg = page.reverse(target)
    assert isinstance(dlg, ReverseExpenseDialog) and dlg.ok_button.text() == "冲销"
    assert not dlg.submit() and dlg.error_text("reason") == "请填写原因"
    ime_type(dlg.reason, "重复录入")
    assert dlg.submit()
    row = next(r for r in page.rows() if r.voucher_id == target.voucher_id)
    i = shown_rows(page.view).index(row)
    assert cell(page.view, i, "status") == f"已冲销（{row.reversed_by}）"
    assert cell(page.view, len(page.rows()), "amount") == "10,628.00"  # 10,988.00 − 360.00
    assert [r.label for r in shown_rows(page.summary_view)] == ["保洁绿化", "水电", "办公", "合计"]
    assert page.reverse(row) is None and dialogs.warnings == ["这笔支出已冲销"]


def test_pay_a_payable_then_reversal_needs_the_payment_reversed(
    opened: MainWindow, dialogs: Any
) -> None:
    _seed(opened)
    page = page_of(opened)
    owed = next(r for r in page.rows() if r.outstanding)
    dlg = page.pay(owed)
    assert isinstance(dlg, PayDialog) and dlg.amount.value_fen() == 600_000
    dlg.on.set_value(date(2026, 3, 25))
    dlg.amount.setText("6,000.01")
    assert "超过支出" in dlg.error_text("amount")
    dlg.amount.setText("2000")
    assert dlg.submit()
    row = next(r for r in page.rows() if r.voucher_id == owed.voucher_id)
    assert (row.paid, row.outstanding) == (200_000, 400_000)
    rev = page.reverse(row)
    assert rev is not None
    ime_type(rev.reason, "录错")
    assert not rev.submit() and "请先冲销付款" in rev.problem.text()
    rev.reject()


def test_double_click_opens_the_voucher(qtbot: Any, opened: MainWindow) -> None:
    _seed(opened)
    page = page_of(opened)
    table = page.view.table
    where = table.visualRect(page.view.proxy.index(1, 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    with qtbot.waitSignal(page.view.activated):
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    dlg = page.last_dialog
    assert isinstance(dlg, VoucherDialog)
    assert dlg.values["number"].text() == "2026-03 记-0002"
    assert dlg.values["source"].text() == "支出"
    assert [r.account_code for r in dlg.model.rows() if not r.total] == ["540103", "1001"]
    dlg.reject()


def test_english(opened: MainWindow) -> None:
    _seed(opened)
    page = page_of(opened)
    opened.set_language("en")
    assert page.new_button.text() == "New expense (Ctrl+N)"
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Voucher"
    assert cell(page.view, 0, "category_label") == "Water and power"
    assert cell(page.view, 3, "status") == "Owing ￥6,000.00"


def test_models(qtmodeltester: Any, opened: MainWindow) -> None:
    _seed(opened)
    page = page_of(opened)
    for cols, rows in ((COLUMNS, page.model.rows()), (SUMMARY_COLUMNS, page.summary_model.rows())):
        model = DeskTableModel(cols)
        model.set_rows(rows)
        qtmodeltester.check(model, force_py=True)
