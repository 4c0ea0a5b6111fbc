"""Shared parts of the desk pages and their dialogs: styled/checkable table models, row menus, pickers, labels."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QDate, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMenu,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from propdesk.core.i18n import Text, bilingual
from propdesk.core.periods import period_of
from propdesk.services.desk import CompoundRow
from propdesk.ui.widgets.table import ROW_ROLE, SORT_ROLE, Column, Index, LazyTableModel, TableView

T = TypeVar("T")

# -- bilingual labels for the codes the services store ----------------------------------------
UNIT_KIND = {
    "residential": bilingual("住宅", "Residential"),
    "shop": bilingual("商铺", "Shop"),
    "garage": bilingual("车库", "Garage"),
    "other": bilingual("其他", "Other"),
}
AREA_SOURCE = {
    "register": bilingual("产权登记", "Title register"),
    "survey": bilingual("测绘", "Survey"),
    "contract": bilingual("合同", "Sales contract"),
}
METHOD = {
    "cash": bilingual("现金", "Cash"),
    "bank": bilingual("银行转账", "Bank transfer"),
    "wechat": bilingual("微信", "WeChat Pay"),
    "alipay": bilingual("支付宝", "Alipay"),
}
ITEM_KIND = {
    "area": bilingual("按面积", "By area"),
    "fixed": bilingual("固定月费", "Fixed monthly"),
    "metered": bilingual("按表计量", "Metered"),
    "one_off": bilingual("一次性", "One-off"),
}
LATE_RULE = {
    "none": bilingual("不收取", "None"),
    "daily": bilingual("按日计收", "Daily rate"),
    "fixed": bilingual("固定金额", "Fixed amount"),
}
MODE = {
    "lump_sum": bilingual("包干制", "Lump sum"),
    "cost_plus": bilingual("酬金制", "Cost plus"),
}
CONTRACT_STATUS = {
    "draft": bilingual("草拟", "Draft"),
    "signed": bilingual("已签订", "Signed"),
    "active": bilingual("执行中", "Active"),
    "expired": bilingual("已到期", "Expired"),
    "terminated": bilingual("已终止", "Terminated"),
}
BILL_KIND = {
    "fee": bilingual("周期费用", "Periodic fee"),
    "metered": bilingual("计量费用", "Metered"),
    "one_off": bilingual("一次性", "One-off"),
    "late_fee": bilingual("违约金", "Late fee"),
}
YES = bilingual("是", "Yes")
VOID = bilingual("作废", "Void")
VALID = bilingual("有效", "Valid")


def label(table: dict[str, Text], code: str) -> str:
    """The label of a stored code in the current language (the code itself if unknown)."""
    t = table.get(code)
    return t.format() if t is not None else code


def fmt_flag(value: Any) -> str:
    return YES.format() if value else ""


# -- table models -------------------------------------------------------------------------------
ALERT_BRUSH = QBrush(QColor("#fde2e1"))
TOTAL_BRUSH = QBrush(QColor("#eef2f7"))
MUTED_BRUSH = QBrush(QColor("#8a8f98"))


class PinLast:
    """A sort key that keeps a totals row at the bottom whichever way the column is sorted."""

    def __init__(self, order: Callable[[], Qt.SortOrder]) -> None:
        self.order = order

    def __lt__(self, other: object) -> bool:
        return self.order() == Qt.SortOrder.DescendingOrder

    def __gt__(self, other: object) -> bool:
        return self.order() == Qt.SortOrder.AscendingOrder


class DeskTableModel(LazyTableModel):
    """A LazyTableModel for the desk lists: all rows at once (so search covers every row),
    optional row colours and bold totals, a pinned totals row, and a checkbox column."""

    checks_changed = Signal()

    def __init__(
        self,
        columns: Sequence[Column],
        parent: Any = None,
        *,
        background: Callable[[Any], QBrush | None] | None = None,
        foreground: Callable[[Any], QBrush | None] | None = None,
        bold: Callable[[Any], bool] | None = None,
        tooltip: Callable[[Any], str] | None = None,
        pinned: Callable[[Any], bool] | None = None,
        check_key: Callable[[Any], Hashable] | None = None,
        page_size: int = 1_000_000,
    ) -> None:
        super().__init__(columns, parent, page_size=page_size)
        self.background = background
        self.foreground = foreground
        self.bold = bold
        self.tooltip = tooltip
        self.pinned = pinned
        self.check_key = check_key
        self.checked: set[Hashable] = set()
        self.sort_order: Callable[[], Qt.SortOrder] = lambda: Qt.SortOrder.AscendingOrder
        self._bold_font = QFont()
        self._bold_font.setBold(True)

    def attach(self, view: TableView) -> None:
        """Let a pinned row see the view's sort order."""
        self.sort_order = view.proxy.sortOrder

    # checks ------------------------------------------------------------------------------------
    def set_checked(self, keys: Iterable[Hashable]) -> None:
        self.checked = set(keys)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))
        self.checks_changed.emit()

    def checked_rows(self) -> list[Any]:
        if self.check_key is None:
            return []
        return [r for r in self.rows() if self.check_key(r) in self.checked]

    # QAbstractTableModel -----------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < self.rowCount()):
            return None
        if not (0 <= index.column() < self.columnCount()):
            return None
        row = self.row(index.row())
        if role == SORT_ROLE and self.pinned is not None and self.pinned(row):
            return PinLast(self.sort_order)
        if role == Qt.ItemDataRole.CheckStateRole:
            if self.check_key is None or index.column() != 0:
                return None
            checked = self.check_key(row) in self.checked
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole:
            return self.background(row) if self.background is not None else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row) if self.foreground is not None else None
        if role == Qt.ItemDataRole.FontRole:
            return self._bold_font if self.bold is not None and self.bold(row) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.tooltip(row) if self.tooltip is not None else None
            return tip or super().data(index, role)  # else the column's own, if any
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.CheckStateRole
            or self.check_key is None
            or not index.isValid()
            or index.column() != 0
        ):
            return False
        key = self.check_key(self.row(index.row()))
        state = Qt.CheckState(value) if isinstance(value, int) else value
        if state == Qt.CheckState.Checked:
            self.checked.add(key)
        else:
            self.checked.discard(key)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checks_changed.emit()
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        f = super().flags(index)
        if self.check_key is not None and index.isValid() and index.column() == 0:
            f |= Qt.ItemFlag.ItemIsUserCheckable
        return f


def row_menu(view: TableView, build: Callable[[QMenu, list[Any]], None]) -> None:
    """A right-click (or menu key) menu on a table's rows: `build(menu, selected rows)`."""
    table = view.table
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(pos: QPoint) -> None:
        index = table.indexAt(pos)
        if index.isValid() and not table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            table.selectRow(index.row())
        rows = [r for r in view.selected_rows() if r is not None]
        if not rows:
            return
        menu = QMenu(table)
        build(menu, rows)
        if not menu.isEmpty():
            menu.exec(table.viewport().mapToGlobal(pos))
        menu.deleteLater()

    table.customContextMenuRequested.connect(show)


def select_first(view: TableView) -> None:
    if view.proxy.rowCount():
        view.table.setCurrentIndex(view.proxy.index(0, 0))
        view.table.selectRow(0)


def row_at(view: TableView, proxy_row: int) -> Any:
    return view.proxy.index(proxy_row, 0).data(ROW_ROLE)


# -- pickers ------------------------------------------------------------------------------------
ALL_COMPOUNDS = bilingual("全部小区", "All compounds")


class CompoundCombo(QComboBox):
    """Pick a compound, or all of them (key None) when `with_all`."""

    changed = Signal(object)  # compound id or None

    def __init__(self, parent: QWidget | None = None, *, with_all: bool = True) -> None:
        super().__init__(parent)
        self.with_all = with_all
        self.setMinimumContentsLength(10)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.currentIndexChanged.connect(lambda _i: self.changed.emit(self.compound_id()))

    def fill(self, rows: Iterable[CompoundRow]) -> None:
        keep = self.compound_id()
        self.blockSignals(True)
        self.clear()
        if self.with_all:
            self.addItem(ALL_COMPOUNDS.format(), None)
        for r in rows:
            self.addItem(r.name, r.id)
        i = self.findData(keep) if keep is not None else 0
        self.setCurrentIndex(max(i, 0))
        self.blockSignals(False)

    def compound_id(self) -> int | None:
        value = self.currentData()
        return int(value) if value is not None else None

    def set_compound_id(self, cid: int | None) -> None:
        i = self.findData(cid) if cid is not None else (0 if self.with_all else -1)
        if i >= 0:
            self.setCurrentIndex(i)

    def retranslate(self) -> None:
        if self.with_all and self.count():
            self.setItemText(0, ALL_COMPOUNDS.format())


class PeriodEdit(QDateEdit):
    """A month (YYYY-MM) with a calendar popup, read as a YYYYMM period."""

    def __init__(self, period: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM")
        self.setMinimumDate(QDate(1990, 1, 1))
        self.setMaximumDate(QDate(2999, 12, 31))
        self.set_period(period or period_of(date.today()))

    def period(self) -> int:
        d = self.date()
        return d.year() * 100 + d.month()

    def set_period(self, period: int) -> None:
        self.setDate(QDate(period // 100, period % 100, 1))


def write_action(book: Any, parent: QWidget | None, fn: Callable[[Any], T]) -> T | None:
    """One user action = one transaction; a refusal is shown, the pages refresh on success."""
    from propdesk.ui.errors import show_error
    from propdesk.ui.signals import signals

    try:
        with book.write() as s:
            result = fn(s)
    except Exception as exc:
        show_error(exc, parent)
        return None
    signals().data_changed.emit()
    return result


__all__ = [
    "AREA_SOURCE",
    "BILL_KIND",
    "CONTRACT_STATUS",
    "ITEM_KIND",
    "LATE_RULE",
    "METHOD",
    "MODE",
    "UNIT_KIND",
    "CompoundCombo",
    "DeskTableModel",
    "PeriodEdit",
    "PinLast",
    "label",
    "row_menu",
    "write_action",
]


def compound_tab_page(page: Any, tabs: Sequence[Callable[[], QWidget]]) -> QTabWidget:
    """The frame of a page whose tabs all follow one compound choice (收费, 合同, 公共资源):
    title and 小区 combo (with 全部) on top, a banner for the last action's outcome, then the tabs,
    made by `tabs` after the combo exists. Sets page.heading, compound_label, compound, banner
    and tabs; choosing a compound calls page.refresh_lists()."""
    page.heading = QLabel()
    page.heading.setObjectName("pageTitle")
    page.compound_label = QLabel()
    page.compound = CompoundCombo(with_all=True)
    page.compound_label.setBuddy(page.compound)
    page.compound.changed.connect(lambda _c: page.refresh_lists())
    bar = QHBoxLayout()
    bar.addWidget(page.heading)
    bar.addStretch(1)
    bar.addWidget(page.compound_label)
    bar.addWidget(page.compound)
    page.banner = QLabel()
    page.banner.setObjectName("statCaption")
    page.banner.setWordWrap(True)
    page.banner.setVisible(False)
    page.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    page.tabs = QTabWidget()
    for make in tabs:
        page.tabs.addTab(make(), "")
    layout = QVBoxLayout(page)
    layout.setContentsMargins(16, 12, 16, 12)
    layout.addLayout(bar)
    layout.addWidget(page.banner)
    layout.addWidget(page.tabs, 1)
    return page.tabs
