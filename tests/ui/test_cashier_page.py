"""收款与收据: the keyboard-only counter, receipts, void, reissue, refund, the print hook."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from propdesk.services import billing
from propdesk.ui.dialogs.kit import DeskTableModel
from propdesk.ui.main_window import MainWindow
from propdesk.ui.pages.cashier_page import OPEN_BILL_COLUMNS, RECEIPT_COLUMNS, CashierPage
from tests.fees_fixtures import setup_compound
from tests.helpers import snapshot

from .desk_helpers import cell, ime_type, shown_rows


def counter(win: MainWindow, periods: tuple[int, ...] = (202602,)) -> CashierPage:
    setup_compound(win.book)  # type: ignore[arg-type]
    with win.book.write() as s:  # type: ignore[union-attr]
        for p in periods:
            billing.run_billing(s, p)
    win.show_page("payments")
    page = win.pages["payments"]
    assert isinstance(page, CashierPage)
    page.refresh()
    page.start.set_value(page.start.value().replace(year=2020))
    return page


# the completer's popup, on the offscreen test platform
@pytest.mark.qt_log_ignore(
    r"This plugin does not support (grabbing the keyboard|raise\(\)|propagateSizeHints)"
)
def test_keyboard_only_payment(qtbot: Any, opened: MainWindow) -> None:
    page = counter(opened, (202602, 202603))
    page.picker.setFocus()
    ime_type(page.picker.lineEdit(), "赵")  # part of the owner's name 赵六
    qtbot.keyClick(page.picker.lineEdit(), Qt.Key.Key_Return)
    assert page.account is not None and page.account.code == "1-2-102"
    assert QApplication.focusWidget() is page.amount.edit  # Enter moved on to the amount
    assert page.owed_value.text() == "￥127.92"  # two months of 75.25 m² × 0.85
    assert [b.period for b in shown_rows(page.bill_view)] == [202602, 202603]
    qtbot.keyClicks(page.amount.edit, "100")
    qtbot.keyClick(page.amount.edit, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is page.method
    qtbot.keyClick(page.method, Qt.Key.Key_3)  # 3 微信
    assert page.method.currentData() == "wechat"
    qtbot.keyClick(page.method, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is page.reference
    qtbot.keyClicks(page.reference, "WX123")
    qtbot.keyClick(page.reference, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert page.last is not None
    assert page.receipt_label.text() == "收据 No.00000001"
    assert "冲抵欠费 ￥100.00" in page.receipt_detail.text()
    assert page.owed_value.text() == "￥27.92"  # February settled, March in part
    assert [b.period for b in shown_rows(page.bill_view)] == [202603]
    assert cell(page.bill_view, 0, "outstanding") == "27.92"
    (r,) = page.receipt_model.rows()
    assert (r.label, r.payer, r.unit, r.amount, r.method, r.reference) == (
        "No.00000001", "赵六", "1-2-102", 10000, "wechat", "WX123",
    )  # fmt: skip
    assert cell(page.receipt_view, 0, "method") == "微信"
    assert page.amount.text() == "" and page.reference.text() == ""
    assert page.print_button.isEnabled()


def test_bad_amount_is_shown_beside_the_field_and_nothing_taken(
    qtbot: Any, opened: MainWindow
) -> None:
    page = counter(opened)
    page.pick_unit(next(b.unit_id for b in _bills(opened) if b.unit == "1-1-101"))
    before = snapshot(opened.book)  # type: ignore[arg-type]
    qtbot.keyClicks(page.amount.edit, "abc")
    qtbot.keyClick(page.amount.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert page.last is None
    assert page.amount.error() == "「实收金额」不是数字：abc"
    assert page.amount.error_label.isVisible()
    page.amount.edit.clear()
    page.take_button.click()  # empty: said beside the field too
    assert page.amount_error.text() == "「实收金额」未填写"
    assert snapshot(opened.book) == before  # type: ignore[arg-type]
    assert page.receipt_model.rowCount() == 0


def test_ticked_bills_prepayment_cap_void_reissue_refund(qtbot: Any, opened: MainWindow) -> None:
    page = counter(opened, (202602, 202603))
    unit_id = next(b.unit_id for b in _bills(opened) if b.unit == "1-1-101")
    page.pick_unit(unit_id)
    assert page.account is not None
    march = next(i for i, b in enumerate(shown_rows(page.bill_view)) if b.period == 202603)
    page.bill_view.table.setCurrentIndex(page.bill_view.proxy.index(march, 0))
    qtbot.keyClick(page.bill_view.table, Qt.Key.Key_Space)  # tick March only
    assert [b.period for b in page.chosen_bills()] == [202603]
    assert page.picked_value.text() == "￥76.08"
    page.amount.setText("76.08")
    assert page.take_payment() is not None
    assert [b.period for b in page.account.bills] == [202602]  # February still open

    page.amount.setText("100000")  # far over 12 months of fees
    assert page.take_payment() is None
    assert "预收款超过上限" in page.amount_error.text()

    page.amount.setText("176.08")  # February and a month ahead
    result = page.take_payment()
    assert result is not None and result.prepaid == 10000
    assert page.prepaid_value.text() == "￥100.00"

    # void the first receipt: a reason is required
    page.select_receipt(1)
    dlg = page.void()
    assert dlg is not None
    assert not dlg.submit()
    assert dlg.error_text("reason") == "请填写原因"
    ime_type(dlg.reason, "金额开错")
    assert dlg.submit()
    first = next(r for r in page.receipt_model.rows() if r.number == 1)
    assert first.void and first.void_reason == "金额开错"
    row = shown_rows(page.receipt_view).index(first)
    assert cell(page.receipt_view, row, "status") == "作废"
    assert not page.void_button.isEnabled() or page.current_receipt() != first

    # reissue the second with a new amount
    page.select_receipt(2)
    re = page.reissue()
    assert re is not None
    re.amount.setText("76.08")
    ime_type(re.reason, "多收")
    assert re.submit()
    assert page.receipt_label.text() == "收据 No.00000003"
    numbers = {r.number: r for r in page.receipt_model.rows()}
    assert numbers[2].void and numbers[3].reissue_of == 2 and numbers[3].amount == 7608

    # refund a prepayment (the voids reopened both months; receipt 3 paid February)
    page.amount.setText("200")
    assert page.take_payment() is not None
    assert page.account.prepaid > 0 and page.refund_button.isEnabled()
    refund = page.refund()
    assert refund is not None
    ime_type(refund.reason, "业主要求退款")
    assert refund.submit()
    assert page.account.prepaid == 0

    # printing: the first print is the original, a second one is marked 副本, a voided one 作废
    import io

    from pypdf import PdfReader

    def printed(number: int) -> str:
        dlg = page.print_receipt(number)
        assert dlg is not None
        text = PdfReader(io.BytesIO(dlg.data)).pages[0].extract_text()
        dlg.close()
        return text

    first = printed(3)
    assert "No.00000003" in first and "副本" not in first
    assert "副本" in printed(3)
    assert "作废" in printed(1)


def test_cashier_models(qtmodeltester: Any, opened: MainWindow) -> None:
    page = counter(opened)
    page.pick_unit(next(b.unit_id for b in _bills(opened) if b.unit == "1-1-101"))
    page.amount.setText("10")
    page.take_payment()
    for cols, rows, kw in (
        (OPEN_BILL_COLUMNS, page.bill_model.rows(), {"check_key": lambda b: b.id}),
        (RECEIPT_COLUMNS, page.receipt_model.rows(), {}),
    ):
        model = DeskTableModel(cols, **kw)
        model.set_rows(rows)
        qtmodeltester.check(model, force_py=True)


def _bills(win: MainWindow) -> list[Any]:
    from propdesk.services import desk

    with win.book.read() as s:  # type: ignore[union-attr]
        return desk.bills(s)
