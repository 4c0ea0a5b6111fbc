"""收费: contracts through the dialog, billing runs (idempotent, cancellable), bills, waivers, readings, late fees."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from PySide6.QtWidgets import QMenu

from propdesk.core.fees import LateFeeRule
from propdesk.services import billing, desk
from propdesk.services.contracts import NewItem
from propdesk.ui import ops
from propdesk.ui.dialogs.kit import DeskTableModel
from propdesk.ui.main_window import MainWindow
from propdesk.ui.pages.fees_page import BILL_COLUMNS, CONTRACT_COLUMNS, LATE_COLUMNS, BillingPage
from tests.fees_fixtures import setup_compound
from tests.helpers import snapshot

from .conftest import wait_op
from .desk_helpers import cell, ime_type, shown_rows


def page_of(win: MainWindow) -> BillingPage:
    win.show_page("billing")
    page = win.pages["billing"]
    assert isinstance(page, BillingPage)
    return page


def test_add_contract_through_the_dialog(qtbot: Any, opened: MainWindow) -> None:
    book = opened.book
    assert book is not None
    with book.write() as s:
        from propdesk.services import registry

        registry.add_compound(s, "和平新村")
    page = page_of(opened)
    page.refresh()
    page.tabs.setCurrentIndex(1)
    dlg = page.new_contract()
    assert dlg.compound.currentText() == "和平新村"
    ime_type(dlg.number, "HT-2026-01")
    dlg.start.set_value(date(2026, 1, 1))
    dlg.end.set_value(date(2028, 12, 31))
    qtbot.keyClicks(dlg.rates["residential"], "0.85555")  # five decimals: said beside the field
    assert "0.85555" in dlg.error_text("rate_residential")
    assert "四位小数" in dlg.error_text("rate_residential")
    assert not dlg.submit()
    dlg.rates["residential"].clear()
    qtbot.keyClicks(dlg.rates["residential"], "0.8555")
    assert dlg.error_text("rate_residential") == ""
    qtbot.keyClicks(dlg.rates["shop"], "1.5")
    dlg.cycle.setCurrentIndex(1)  # quarterly
    ime_type(dlg.item_name, "垃圾清运费")
    qtbot.keyClicks(dlg.item_value, "5")
    assert dlg.add_item()
    ime_type(dlg.item_name, "水费")
    dlg.item_kind.setCurrentIndex(1)  # metered
    qtbot.keyClicks(dlg.item_value, "3.456")
    assert dlg.add_item()
    assert dlg.item_list.count() == 2
    dlg.vacancy.setText("30")
    dlg.late_rule.setCurrentIndex(1)  # daily
    dlg.late_daily.setText("abc")
    assert "abc" in dlg.error_text("late_daily")
    dlg.late_daily.setText("0.05")
    dlg.late_grace.setValue(30)
    assert dlg.submit()
    (c,) = page.contract_model.rows()
    assert (c.number, c.cycle_months, c.vacancy_discount_bp) == ("HT-2026-01", 3, 3000)
    assert c.rates == {"residential": 8555, "shop": 15000}
    assert [(i.name, i.kind, i.amount, i.price_e4) for i in c.items[1:]] == [
        ("垃圾清运费", "fixed", 500, 0), ("水费", "metered", 0, 34560),
    ]  # fmt: skip
    assert (c.late_fee_rule, c.late_fee_daily_ppm, c.late_fee_grace_days) == ("daily", 500, 30)
    view = page.contract_view
    assert cell(view, 0, "rates") == "住宅 0.8555 · 商铺 1.50"
    assert cell(view, 0, "cycle_months") == "每季度"
    assert cell(view, 0, "late") == "每日 0.05%，宽限 30 天"
    record = page.show_contract(c)
    assert "HT-2026-01" in record.windowTitle()
    record.reject()

    again = page.new_contract()  # the same number is refused beside the field
    ime_type(again.number, "HT-2026-01")
    again.start.set_value(date(2030, 1, 1))
    again.end.set_value(date(2030, 12, 31))
    qtbot.keyClicks(again.rates["residential"], "1")
    assert not again.submit()
    assert again.error_text("number") == "合同编号 HT-2026-01 已存在"
    again.reject()


def test_billing_run_via_the_page_is_idempotent(qtbot: Any, opened: MainWindow) -> None:
    setup_compound(opened.book)  # type: ignore[arg-type]
    page = page_of(opened)
    page.refresh()
    page.period.set_period(202602)
    assert page.bill_model.rowCount() == 0
    dlg = page.billing_dialog()
    dlg.period.set_period(202602)
    dlg.accept()
    wait_op(qtbot, page.op)
    assert page.bill_model.rowCount() == 5
    assert "生成账单 5 张" in page.banner.text() and "￥461.44" in page.banner.text()
    assert "5 张账单" in page.bill_totals.text() and "未收 ￥461.44" in page.bill_totals.text()
    first = shown_rows(page.bill_view)[0]
    assert (first.unit, first.item, first.amount) == ("1-1-101", "物业服务费", 7608)
    assert cell(page.bill_view, 0, "outstanding") == "76.08"

    before = snapshot(opened.book)  # type: ignore[arg-type]
    wait_op(qtbot, page.run_billing(202602))
    assert "生成账单 0 张" in page.banner.text() and "跳过 5 张" in page.banner.text()
    assert page.bill_model.rowCount() == 5
    after = snapshot(opened.book)  # type: ignore[arg-type]
    assert after["bill"] == before["bill"] and after["voucher"] == before["voucher"]


def test_cancelled_billing_run_leaves_the_book_unchanged(
    qtbot: Any, opened: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup_compound(opened.book)  # type: ignore[arg-type]
    page = page_of(opened)
    page.refresh()
    before = snapshot(opened.book)  # type: ignore[arg-type]
    billed, go_on = threading.Event(), threading.Event()
    real = billing.run_billing

    def slow_run(*a: Any, **k: Any) -> billing.BillingResult:
        result = real(*a, **k)  # the bills are written in the transaction...
        billed.set()
        go_on.wait(5)  # ...and the clerk presses Cancel before it commits
        return result

    monkeypatch.setattr(billing, "run_billing", slow_run)
    op = page.run_billing(202602)
    assert billed.wait(5)
    op.cancel()
    go_on.set()
    wait_op(qtbot, op)
    assert op.outcome == ops.CANCELLED
    assert "计费已取消" in page.banner.text()
    assert snapshot(opened.book) == before  # type: ignore[arg-type]
    assert page.bill_model.rowCount() == 0


def test_waiver_needs_an_approver(qtbot: Any, opened: MainWindow) -> None:
    setup_compound(opened.book)  # type: ignore[arg-type]
    with opened.book.write() as s:  # type: ignore[union-attr]
        billing.run_billing(s, 202602)
    page = page_of(opened)
    page.refresh()
    page.period.set_period(202602)
    bill = next(b for b in page.bill_model.rows() if b.unit == "1-1-102")
    dlg = page.waive(bill)
    assert dlg is not None
    assert dlg.amount.value_fen() == bill.outstanding == 8700
    dlg.amount.setText("100")
    assert "超过未缴金额" in dlg.error_text("amount")
    dlg.amount.setText("50")
    ime_type(dlg.reason, "低保户")
    before = snapshot(opened.book)  # type: ignore[arg-type]
    assert not dlg.submit()
    assert dlg.error_text("approver") == "请填写审批人"
    assert snapshot(opened.book) == before  # type: ignore[arg-type]
    ime_type(dlg.approver, "王书记")
    assert dlg.submit()
    row = next(b for b in page.bill_model.rows() if b.unit == "1-1-102")
    assert (row.waived, row.outstanding) == (5000, 3700)
    assert cell(page.bill_view, shown_rows(page.bill_view).index(row), "waived") == "50.00"


def test_meter_reading_then_billing_charges_it(qtbot: Any, opened: MainWindow) -> None:
    setup_compound(opened.book, items=(NewItem("水费", "metered", price_e4=35000),))  # type: ignore[arg-type]
    page = page_of(opened)
    page.refresh()
    page.period.set_period(202603)
    dlg = page.meter_reading()
    assert dlg is not None  # one compound: it is the one
    assert dlg.item.currentText() == "水费"
    dlg.unit.setEditText("1-1-101")  # one unit matches: leaving the field picks it
    dlg.unit.lineEdit().editingFinished.emit()
    assert dlg.unit.currentText() == "1-1-101 张三"
    qtbot.keyClicks(dlg.previous, "120")
    qtbot.keyClicks(dlg.current, "110")
    assert "小于上期读数" in dlg.error_text("current")
    dlg.current.setText("132.5")
    assert dlg.submit()
    wait_op(qtbot, page.run_billing(202603))
    water = [b for b in page.bill_model.rows() if b.item == "水费"]
    assert [(b.unit, b.amount) for b in water] == [("1-1-101", 4375)]  # 12.5 × 3.50


def test_late_fees_computed_then_only_ticked_charged(qtbot: Any, opened: MainWindow) -> None:
    setup_compound(opened.book, late=LateFeeRule("daily", 500, 0, 10))  # type: ignore[arg-type]
    with opened.book.write() as s:  # type: ignore[union-attr]
        billing.run_billing(s, 202602)
    page = page_of(opened)
    page.refresh()
    page.tabs.setCurrentIndex(2)
    page.as_of.set_value(date(2026, 3, 3))  # 30 days after the 1 February due date
    wait_op(qtbot, page.compute_late_fees())
    rows = shown_rows(page.late_view)
    assert len(rows) == 5 and len(page.late_model.checked_rows()) == 5
    zhang = next(r for r in rows if r[0].unit_code == "1-1-101")
    assert zhang[0].fee == 76  # 76.08 × 0.05 % × 20 days
    keep = {r[0].unit_id for r in rows if r[0].unit_code in ("1-1-101", "1-1-102")}
    page._check_all(False)
    assert not page.charge_button.isEnabled()
    for i, r in enumerate(shown_rows(page.late_view)):
        if r[0].unit_id in keep:
            page.late_view.proxy.setData(
                page.late_view.proxy.index(i, 0), 2, 10
            )  # Qt.CheckStateRole
    assert "已选 2 / 5 户" in page.late_totals.text()
    menu = QMenu()  # the row menu: 不计收 on one of them
    one = next(r for r in shown_rows(page.late_view) if r[0].unit_code == "1-1-102")
    page._late_menu(menu, [one])
    assert [a.text() for a in menu.actions() if a.text()] == ["计收", "不计收", "对账单…"]
    menu.actions()[1].trigger()
    assert "已选 1 / 5 户" in page.late_totals.text()
    menu.actions()[0].trigger()
    assert page.charge_late_fees() == 2
    assert page.late_model.rowCount() == 0
    with opened.book.read() as s:  # type: ignore[union-attr]
        late = [b for b in desk.bills(s) if b.kind == "late_fee"]
    assert sorted(b.unit_id for b in late) == sorted(keep)


def test_fee_models(qtmodeltester: Any, opened: MainWindow) -> None:
    setup_compound(opened.book, late=LateFeeRule("fixed", 0, 1000, 0))  # type: ignore[arg-type]
    with opened.book.write() as s:  # type: ignore[union-attr]
        billing.run_billing(s, 202602)
    page = page_of(opened)
    page.refresh()
    page.period.set_period(202602)
    for cols, rows, kw in (
        (CONTRACT_COLUMNS, page.contract_model.rows(), {}),
        (BILL_COLUMNS, page.bill_model.rows(), {}),
        (LATE_COLUMNS, [], {"check_key": lambda r: r[0].unit_id}),
    ):
        model = DeskTableModel(cols, **kw)
        model.set_rows(rows)
        qtmodeltester.check(model, force_py=True)
