"""欠费: aging buckets on a known book, the totals row, the compound summary, >3 years flagged, statements."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from propdesk.services import billing
from propdesk.ui.dialogs.kit import ALERT_BRUSH, TOTAL_BRUSH, DeskTableModel
from propdesk.ui.dialogs.statement import StatementDialog
from propdesk.ui.main_window import MainWindow
from propdesk.ui.pages.arrears_page import COMPOUND_COLUMNS, UNIT_COLUMNS, ArrearsPage
from tests.fees_fixtures import setup_compound

from .desk_helpers import cell, shown_rows

MONTHS = (202201, 202503, 202512, 202602)  # due on the 1st: >3 years, 365, 90 and 28 days before
AS_OF = date(2026, 3, 1)


def arrears_page(win: MainWindow) -> ArrearsPage:
    setup_compound(win.book, start=date(2022, 1, 1), end=date(2026, 12, 31))  # type: ignore[arg-type]
    with win.book.write() as s:  # type: ignore[union-attr]
        for p in MONTHS:
            billing.run_billing(s, p)
    win.show_page("arrears")
    page = win.pages["arrears"]
    assert isinstance(page, ArrearsPage)
    page.as_of.set_value(AS_OF)
    return page


def test_buckets_totals_and_the_limitation_flag(opened: MainWindow) -> None:
    page = arrears_page(opened)
    rows = shown_rows(page.view)
    assert rows[-1].total_row and len(rows) == 6  # five units and the totals
    zhang = next(r for r in rows if r.unit == "1-1-101")
    assert (zhang.owner, zhang.total) == ("张三", 4 * 7608)
    i = rows.index(zhang)
    assert [cell(page.view, i, k) for k in ("0-30", "31-90", "91-180", "181-365", "1-3y", ">3y", "total")] == [
        "76.08", "76.08", "", "76.08", "", "76.08", "304.32",
    ]  # fmt: skip
    assert cell(page.view, i, "note") == "超三年（民法典第188条）"
    index = page.view.proxy.index(i, 0)
    assert index.data(Qt.ItemDataRole.BackgroundRole) == ALERT_BRUSH
    shop = next(r for r in rows if r.unit == "1-2-101")  # 120 m² × 1.50 a month
    assert shop.buckets[">3y"] == 18000 and shop.total == 72000
    total = len(rows) - 1
    assert cell(page.view, total, "compound") == "合计"
    assert cell(page.view, total, "total") == "1,845.76"
    assert page.view.proxy.index(total, 0).data(Qt.ItemDataRole.BackgroundRole) == TOTAL_BRUSH
    assert "5 户欠费超过三年" in page.flag_note.text() and page.flag_note.isVisible()

    # sorting either way keeps the totals row last
    col = page.model.column_index("total")
    for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
        page.view.table.sortByColumn(col, order)
        shown = shown_rows(page.view)
        assert shown[-1].total_row
        totals = [r.total for r in shown[:-1]]
        assert totals == sorted(totals, reverse=order == Qt.SortOrder.DescendingOrder)

    (compound, grand) = shown_rows(page.summary_view)
    assert (compound.compound, compound.units, compound.total) == (
        "幸福里小区",
        5,
        184576,
    )  # 4 × (76.08 + 87.00 + 54.40 + 180.00 + 63.96)
    assert grand.total_row and cell(page.summary_view, 1, "compound") == "合计"
    assert "5 户欠费" in page.summary_title.text()

    page.as_of.set_value(date(2024, 12, 31))  # before the 2025 bills: only January 2022, 1–3 years
    (only, _t) = (r for r in shown_rows(page.view) if r.unit == "1-1-101" or r.total_row)
    assert only.buckets["1-3y"] == 7608 and only.total == 7608 and not only.flagged
    assert not page.flag_note.isVisible()


def test_double_click_opens_the_household_statement(qtbot: Any, opened: MainWindow) -> None:
    page = arrears_page(opened)
    i = next(i for i, r in enumerate(shown_rows(page.view)) if r.unit == "1-1-101")
    table = page.view.table
    where = table.visualRect(page.view.proxy.index(i, 1)).center()
    assert table.viewport().rect().contains(where)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    with qtbot.waitSignal(page.view.activated):
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    (st,) = [d for d in page.findChildren(StatementDialog) if d.isVisible()]
    assert st.statement.unit == "1-1-101"
    assert st.owner.text() == "张三"
    assert st.owed.text() == "￥304.32"
    assert [ln.charge for ln in st.lines()] == [7608] * 4
    assert [ln.balance for ln in st.lines()] == [7608, 15216, 22824, 30432]
    assert "对账单" in st.windowTitle()


def test_arrears_models(qtmodeltester: Any, opened: MainWindow) -> None:
    page = arrears_page(opened)
    for cols, rows in (
        (UNIT_COLUMNS, page.model.rows()),
        (COMPOUND_COLUMNS, page.summary_model.rows()),
    ):
        model = DeskTableModel(cols, pinned=lambda r: r.total_row, bold=lambda r: r.total_row)
        model.set_rows(rows)
        qtmodeltester.check(model, force_py=True)
