"""Shared widgets: MoneyEdit, DateEdit, SearchPicker, the lazy table model and its view."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from propdesk.core import i18n
from propdesk.core.i18n import bilingual
from propdesk.ui.settings_store import AppSettings
from propdesk.ui.widgets import DateEdit, LazyTableModel, MoneyEdit, SearchPicker, TableView
from propdesk.ui.widgets.table import ROW_ROLE, SORT_ROLE, Column, fmt_date, money_column

# -- MoneyEdit ----------------------------------------------------------------------------------


def test_money_edit_accepts_thousands_and_formats_when_not_focused(qtbot: Any) -> None:
    w = MoneyEdit(field=bilingual("实收金额", "Amount received"))
    qtbot.addWidget(w)
    w.setText("1,409.50")
    assert w.value() == Decimal("1409.50")
    assert w.value_fen() == 140950
    assert w.is_valid() and not w.error_label.isVisibleTo(w)
    assert w.text() == "￥1,409.50"
    w.set_fen(600714)
    assert w.text() == "￥6,007.14" and w.value_fen() == 600714
    w.set_value(None)
    assert w.value() is None and w.text() == ""


def test_money_edit_shows_the_error_beside_the_field(qtbot: Any) -> None:
    w = MoneyEdit(field=bilingual("实收金额", "Amount received"))
    qtbot.addWidget(w)
    w.show()
    w.setText("abc")
    assert w.value() is None and w.value_fen() is None
    assert not w.is_valid()
    assert w.error_label.isVisible()
    assert w.error_label.text() == "「实收金额」不是数字：abc"
    i18n.set_language(i18n.EN)
    QApplication.sendEvent(w, QEvent(QEvent.Type.LanguageChange))
    assert w.error_label.text() == "Amount received is not a number: abc"
    qtbot.keyClicks(w.edit, "x")  # typing clears the complaint until the field is left
    assert not w.error_label.isVisible()


def test_money_edit_typing_and_focus(qtbot: Any) -> None:
    form = QWidget()  # one window: the field and another to move the focus to
    qtbot.addWidget(form)
    w = MoneyEdit(form)
    other = QLineEdit(form)
    QVBoxLayout(form).addWidget(w)
    form.layout().addWidget(other)
    with qtbot.waitActive(form):
        form.show()
        form.activateWindow()
    seen: list[object] = []
    w.valueChanged.connect(seen.append)
    w.edit.setFocus()
    ime = QInputMethodEvent()
    ime.setCommitString("１２３４．5")  # full-width digits committed by a Chinese IME
    QApplication.sendEvent(w.edit, ime)
    assert seen[-1] == Decimal("1234.50")
    other.setFocus()  # leaving the field shows the amount formatted
    assert w.value_fen() == 123450
    assert w.text() == "￥1,234.50"
    w.edit.setFocus()  # coming back: plain digits to edit
    assert w.text() == "1234.50"
    w.setText("-5")
    assert "不能为负数" in (w.error() or "")
    neg = MoneyEdit(allow_negative=True)
    qtbot.addWidget(neg)
    neg.setText("-5")
    assert neg.value_fen() == -500


# -- DateEdit and SearchPicker --------------------------------------------------------------------


def test_date_edit(qtbot: Any) -> None:
    w = DateEdit(date(2026, 3, 5))
    qtbot.addWidget(w)
    assert w.calendarPopup()
    assert w.displayFormat() == "yyyy-MM-dd"
    assert w.text() == "2026-03-05"
    w.set_value(date(2024, 2, 29))
    assert w.value() == date(2024, 2, 29)


def test_search_picker_finds_by_any_part(qtbot: Any) -> None:
    w = SearchPicker()
    qtbot.addWidget(w)
    w.set_items([(1, "幸福里小区 1-101"), (2, "幸福里小区 2-202"), (3, "和平苑 3-303")])
    assert w.current_key() is None
    picked: list[object] = []
    w.picked.connect(picked.append)
    w.completer().setCompletionPrefix("2-2")
    assert w.completer().completionCount() == 1
    assert w.completer().currentCompletion() == "幸福里小区 2-202"
    w.setEditText("和平")  # one item contains it: leaving the field picks it
    w.lineEdit().editingFinished.emit()
    assert w.current_key() == 3 and picked[-1] == 3
    w.setEditText("幸福里")  # two match: nothing picked
    w.lineEdit().editingFinished.emit()
    assert w.current_key() is None and picked[-1] is None
    w.set_current_key(2)
    assert w.currentText() == "幸福里小区 2-202"
    w.set_items([(2, "幸福里小区 2-202"), (4, "新楼 4-404")])  # the choice survives a reload
    assert w.current_key() == 2


# -- LazyTableModel -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    id: int
    name: str
    amount: int
    day: date


def rows(n: int) -> Iterator[Row]:
    for i in range(n):
        yield Row(i, f"行{i:05d}", (i * 7919) % 100000, date(2026, 1 + i % 12, 1 + i % 28))


COLUMNS = [
    Column("id", bilingual("编号", "No.")),
    Column("name", bilingual("名称", "Name"), stretch=True),
    money_column("amount", bilingual("金额", "Amount")),
    Column("day", bilingual("日期", "Date"), fmt=fmt_date),
]


def test_model_pages_in_from_an_iterator(qtmodeltester: Any) -> None:
    model = LazyTableModel(COLUMNS, page_size=100)
    closed: list[bool] = []

    def source() -> Iterator[Row]:
        try:
            yield from rows(1_000_000)
        finally:
            closed.append(True)

    model.set_iterator_source(source)
    assert model.rowCount() == 100  # a million rows open at once: one page read
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 200
    model.refresh()
    assert closed == [True] and model.rowCount() == 100
    model.close()
    assert closed == [True, True] and not model.canFetchMore(QModelIndex())

    model.set_iterator_source(source)
    qtmodeltester.check(model, force_py=True)  # (the tester cannot follow later resets)
    model.fetchMore(QModelIndex())
    assert model.index(3, 2).data() == f"{(3 * 7919) % 100000 / 100:,.2f}"
    assert model.index(3, 2).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert model.index(3, 2).data(SORT_ROLE) == (3 * 7919) % 100000
    assert model.index(3, 0).data(ROW_ROLE) == Row(3, "行00003", 23757, date(2026, 4, 4))
    assert model.headerData(1, Qt.Orientation.Horizontal) == "名称"


def test_model_pages_in_from_a_fetch_callable(qtmodeltester: Any) -> None:
    data = list(rows(250))
    calls: list[tuple[int, int]] = []

    def fetch(offset: int, limit: int) -> list[Row]:
        calls.append((offset, limit))
        return data[offset : offset + limit]

    model = LazyTableModel(COLUMNS, page_size=100)
    model.set_page_source(fetch)
    qtmodeltester.check(model, force_py=True)
    model.fetch_all()
    assert model.rowCount() == 250 and model.exhausted
    assert calls[:3] == [(0, 100), (100, 100), (200, 100)]
    qtmodeltester.check(model, force_py=True)


def test_model_with_a_fixed_list_and_empty(qtmodeltester: Any) -> None:
    model = LazyTableModel(COLUMNS)
    qtmodeltester.check(model, force_py=True)
    model.set_rows(rows(5))
    assert model.rowCount() == 5 and not model.canFetchMore(QModelIndex())
    qtmodeltester.check(model, force_py=True)


# -- TableView ------------------------------------------------------------------------------------


@pytest.fixture
def view(qtbot: Any, tmp_path: Any) -> TableView:
    model = LazyTableModel(COLUMNS, page_size=50)
    model.set_iterator_source(lambda: rows(120))
    v = TableView(model, name="test", state_store=AppSettings.at(tmp_path / "t.ini"))
    qtbot.addWidget(v)
    v.show()
    return v


def test_view_search_filters_all_columns(view: TableView) -> None:
    view.set_search("行0001")
    assert view.proxy.rowCount() == 10  # 行00010 … 行00019 among the 50 loaded
    view.set_search("2026-03-03")  # a date column
    assert view.proxy.rowCount() >= 1
    assert all(view.proxy.index(r, 3).data() == "2026-03-03" for r in range(view.proxy.rowCount()))
    assert view.count_label.text().startswith(f"{view.proxy.rowCount()} / 50 行")
    view.set_search("")
    assert view.proxy.rowCount() == 50


def test_view_sorts_by_raw_values(view: TableView) -> None:
    view.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    amounts = [view.proxy.index(r, 2).data(SORT_ROLE) for r in range(view.proxy.rowCount())]
    assert amounts == sorted(amounts, reverse=True)


def test_view_column_chooser_hides_and_remembers(view: TableView, qtbot: Any) -> None:
    menu = view.column_menu()
    actions = [a for a in menu.actions() if a.isCheckable()]
    assert [a.text() for a in actions] == ["编号", "名称", "金额", "日期"]
    actions[2].setChecked(False)
    assert view.visible_columns() == ["id", "name", "day"]
    again = TableView(view.model, name="test", state_store=view.state_store)
    qtbot.addWidget(again)
    assert again.visible_columns() == ["id", "name", "day"]
    for key in ("id", "name"):
        view.set_column_visible(key, False)
    last = [a for a in view.column_menu().actions() if a.isCheckable()]
    assert not last[3].isEnabled()  # the last visible column cannot be hidden


def test_view_load_all_and_activate(view: TableView, qtbot: Any) -> None:
    assert view.load_all_button.isVisible()
    view.toggle_load_all()
    qtbot.waitUntil(lambda: view.model.exhausted)
    assert view.model.rowCount() == 120
    assert not view.load_all_button.isVisible()
    got: list[Any] = []
    view.activated.connect(got.append)
    view.table.setCurrentIndex(view.proxy.index(5, 1))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert got == [Row(5, "行00005", (5 * 7919) % 100000, date(2026, 6, 6))]


def test_a_cell_cut_short_shows_its_whole_text_as_a_tooltip(qtbot: Any) -> None:
    from PySide6.QtWidgets import QStyleOptionViewItem

    @dataclass
    class Row:
        payer: str
        matter: str

    model = LazyTableModel([
        Column("payer", bilingual("交款人", "Payer")),
        Column("matter", bilingual("事项", "Matter"), fmt=lambda m: m[:4], tip=lambda m: m),
    ])  # fmt: skip
    model.set_rows(
        [Row("临时停车收入 2026-12-05 汇总", "改变共有部分的用途或者利用共有部分从事经营活动")]
    )
    view = TableView(model)
    qtbot.addWidget(view)
    view.resize(800, 300)
    view.show()
    table, delegate = view.table, view.tip_delegate
    payer, matter = view.proxy.index(0, 0), view.proxy.index(0, 1)
    assert matter.data() == "改变共有" and matter.data(Qt.ItemDataRole.ToolTipRole).startswith(
        "改变共有部分的用途"
    )  # the column's own tip: the full wording behind a short label
    assert payer.data(Qt.ItemDataRole.ToolTipRole) is None

    def cut(index: QModelIndex) -> bool:
        option = QStyleOptionViewItem()
        table.initViewItemOption(option)
        option.rect = table.visualRect(index)
        return delegate.elided(option, index)

    table.setColumnWidth(0, 60)
    assert cut(payer)
    table.setColumnWidth(0, table.fontMetrics().horizontalAdvance(payer.data()) + 40)
    assert not cut(payer)
