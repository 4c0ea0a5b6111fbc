"""The table base: a lazily paged `LazyTableModel` with column specs, and `TableView` around it.

A model pages rows in with `canFetchMore/fetchMore` from an iterator factory (e.g. a generator
holding a read session open over `ledger.journal`) or from a page-fetch callable
`fetch(offset, limit)`, so a million-row table opens at once. `TableView` bundles the view with
sorting, a search box filtering every column and a header menu to hide and show columns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QEvent,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QHelpEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from propdesk.core.i18n import Text
from propdesk.core.money import format_amount

Index = QModelIndex | QPersistentModelIndex
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter

SORT_ROLE = Qt.ItemDataRole.UserRole  # the raw value (int fen, date, str) for sorting
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the whole row object


def fmt_money(fen: Any) -> str:
    """Amount columns: 1,409.50 (no ￥ in tables; zero shows blank like paper ledgers)."""
    return format_amount(fen, symbol=False) if fen else ""


def fmt_date(d: Any) -> str:
    return d.isoformat() if d is not None else ""


@dataclass(frozen=True, slots=True)
class Column:
    """One column: `key` (attribute of the row unless `value` is given), bilingual title."""

    key: str
    title: Text
    align: Qt.AlignmentFlag = LEFT
    fmt: Callable[[Any], str] | None = None
    value: Callable[[Any], Any] | None = None
    width: int | None = None  # in characters; None: fit the first page
    hidden: bool = False  # hidden until the user shows it
    stretch: bool = False  # takes the width left over (summaries, names)
    tip: Callable[[Any], str] | None = None  # a cell's tooltip from its raw value (full text)

    def get(self, row: Any) -> Any:
        return self.value(row) if self.value is not None else getattr(row, self.key)

    def display(self, raw: Any) -> str:
        if self.fmt is not None:
            return self.fmt(raw)
        return "" if raw is None else str(raw)


def money_column(key: str, title: Text, **kw: Any) -> Column:
    return Column(key, title, align=RIGHT, fmt=fmt_money, **kw)


class LazyTableModel(QAbstractTableModel):
    """Rows of any objects, shown through `columns`; pages in `page_size` rows at a time."""

    def __init__(
        self,
        columns: Sequence[Column],
        parent: Any = None,
        *,
        page_size: int = 500,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.page_size = page_size
        self._col = {c.key: i for i, c in enumerate(self.columns)}
        self._rows: list[Any] = []
        self._factory: Callable[[], Iterable[Any]] | None = None
        self._pages: Callable[[int, int], Sequence[Any]] | None = None
        self._iter: Iterator[Any] | None = None
        self._exhausted = True
        self._fetching = False

    # -- sources ---------------------------------------------------------------------------
    def set_iterator_source(self, factory: Callable[[], Iterable[Any]]) -> None:
        """Rows from a fresh iterator per refresh; a generator is closed when dropped."""
        self._factory, self._pages = factory, None
        self.refresh()

    def set_page_source(self, fetch: Callable[[int, int], Sequence[Any]]) -> None:
        """Rows from `fetch(offset, limit)`; fewer than `limit` rows means the end."""
        self._factory, self._pages = None, fetch
        self.refresh()

    def set_rows(self, rows: Iterable[Any]) -> None:
        """A small list known up front."""
        fixed = list(rows)
        self.set_iterator_source(lambda: fixed)

    def refresh(self) -> None:
        """Drop what was loaded and read the first page again."""
        self.beginResetModel()
        self._close_iter()
        self._rows = []
        self._exhausted = self._factory is None and self._pages is None
        if self._factory is not None:
            self._iter = iter(self._factory())
        if not self._exhausted:
            self._rows = self._next_page()
        self.endResetModel()

    def close(self) -> None:
        """Release the source (e.g. a read session held by a generator)."""
        self._close_iter()
        self._exhausted = True

    def _close_iter(self) -> None:
        it, self._iter = self._iter, None
        close = getattr(it, "close", None)
        if close is not None:
            close()

    def _next_page(self) -> list[Any]:
        try:
            if self._pages is not None:
                page = list(self._pages(len(self._rows), self.page_size))
            else:
                assert self._iter is not None
                page = list(islice(self._iter, self.page_size))
        except BaseException:
            self._exhausted = True
            self._close_iter()
            raise
        if len(page) < self.page_size:
            self._exhausted = True
            self._close_iter()
        return page

    # -- paging ----------------------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        # A listener of rowsInserted may ask for more while we insert: never nest inserts.
        if parent.isValid() or self._exhausted or self._fetching:
            return
        self._fetching = True
        try:
            page = self._next_page()
            if page:
                first = len(self._rows)
                self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
                self._rows.extend(page)
                self.endInsertRows()
        finally:
            self._fetching = False

    @property
    def exhausted(self) -> bool:
        return self._exhausted

    def loaded(self) -> int:
        return len(self._rows)

    def fetch_all(self, limit: int | None = None) -> None:
        while self.canFetchMore() and (limit is None or len(self._rows) < limit):
            self.fetchMore()

    # -- access ----------------------------------------------------------------------------
    def row(self, i: int) -> Any:
        return self._rows[i]

    def rows(self) -> list[Any]:
        return list(self._rows)

    def column_index(self, key: str) -> int:
        return self._col[key]

    def retranslate(self) -> None:
        """Titles and formatted values follow the language; tell the views."""
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1)
            )

    # -- QAbstractTableModel ---------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if not (0 <= r < len(self._rows) and 0 <= c < len(self.columns)):
            return None
        col = self.columns[c]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.display(col.get(self._rows[r]))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return col.align
        if role == SORT_ROLE:
            return col.get(self._rows[r])
        if role == ROW_ROLE:
            return self._rows[r]
        if role == Qt.ItemDataRole.ToolTipRole and col.tip is not None:
            return col.tip(col.get(self._rows[r])) or None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].title.format()
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return self.columns[section].align
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class SortFilterProxy(QSortFilterProxyModel):
    """Sorts by raw values (fen, dates) rather than display text; filters on any column."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            return a is None and b is not None
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)


class ElidedTipDelegate(QStyledItemDelegate):
    """A cell cut short (…) shows its whole text as a tooltip, unless the model gives one."""

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        if event.type() == QEvent.Type.ToolTip and index.data(Qt.ItemDataRole.ToolTipRole) is None:
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if text and self.elided(option, index):
                QToolTip.showText(event.globalPos(), str(text), view)
                return True
        return super().helpEvent(event, view, option, index)

    def elided(self, option: QStyleOptionViewItem, index: Index) -> bool:
        """Whether the cell's text is wider than the room the cell gives it."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        if not opt.text:
            return False
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        room = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        margin = 2 * (
            style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, opt, opt.widget) + 1
        )
        return opt.fontMetrics.horizontalAdvance(opt.text) > room.width() - margin


class TableView(QWidget):
    """A table with a search box, sorting, a column chooser (header right-click) and paging."""

    activated = Signal(object)  # the row object, on double-click or Enter

    def __init__(
        self,
        model: LazyTableModel,
        parent: QWidget | None = None,
        *,
        name: str | None = None,
        state_store: Any = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.name = name
        self.state_store = state_store  # an AppSettings (table_state / set_table_state)
        self.proxy = SortFilterProxy(self)
        self.proxy.setSourceModel(model)

        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(280)
        self.search.setMaximumWidth(400)
        self.search.textChanged.connect(self._on_search_text)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self._apply_search)
        self.count_label = QLabel()
        self.load_all_button = QPushButton()
        self.load_all_button.clicked.connect(self.toggle_load_all)
        self._loading_all = False

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.tip_delegate = ElidedTipDelegate(self.table)
        self.table.setItemDelegate(self.tip_delegate)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # source order until clicked
        header.setSortIndicatorClearable(True)
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(not any(c.stretch for c in model.columns))
        for i, col in enumerate(model.columns):
            if col.stretch:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(self._on_activated)
        for i, col in enumerate(model.columns):
            self.table.setColumnHidden(i, col.hidden)

        top = QHBoxLayout()
        top.addWidget(self.search)
        top.addStretch(1)
        top.addWidget(self.count_label)
        top.addWidget(self.load_all_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self._focus_search)
        self.search.installEventFilter(self)
        self.table.installEventFilter(self)

        model.modelReset.connect(self._on_reset)
        model.rowsInserted.connect(self._update_count)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self._sized = False
        self._restore_state()
        self.retranslate()
        self._on_reset()

    # -- public ----------------------------------------------------------------------------
    def set_search(self, text: str) -> None:
        """Filter now (the search box waits for a pause in typing)."""
        self.search.setText(text)
        self._apply_search()

    def current_row(self) -> Any:
        index = self.table.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def selected_rows(self) -> list[Any]:
        return [i.data(ROW_ROLE) for i in self.table.selectionModel().selectedRows()]

    def visible_columns(self) -> list[str]:
        return [c.key for i, c in enumerate(self.model.columns) if not self.table.isColumnHidden(i)]

    def set_column_visible(self, key: str, visible: bool) -> None:
        self.table.setColumnHidden(self.model.column_index(key), not visible)
        self._save_state()

    def toggle_load_all(self) -> None:
        """Load every remaining row a page per event-loop turn, so the window stays live."""
        self._loading_all = not self._loading_all and self.model.canFetchMore()
        self._update_count()
        if self._loading_all:
            QTimer.singleShot(0, self._load_step)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Search all columns (Ctrl+F)"))
        self.model.retranslate()
        self._update_count()

    # -- internals -------------------------------------------------------------------------
    def _load_step(self) -> None:
        if not self._loading_all:
            return
        if self.model.canFetchMore():
            self.model.fetchMore()
        if self.model.canFetchMore():
            QTimer.singleShot(0, self._load_step)
        else:
            self._loading_all = False
            self._update_count()

    def _on_reset(self) -> None:
        self._loading_all = False
        if not self._sized and self.model.rowCount() > 0:
            self._sized = True
            self._size_columns()
        self._update_count()

    def _size_columns(self) -> None:
        metrics = self.table.fontMetrics()
        self.table.resizeColumnsToContents()
        for i, col in enumerate(self.model.columns):
            if col.stretch:
                continue
            if col.width is not None:
                self.table.setColumnWidth(i, metrics.horizontalAdvance("0") * col.width + 16)
            else:
                self.table.setColumnWidth(i, min(self.table.columnWidth(i) + 16, 360))
        self._restore_state()

    def _update_count(self, *_: object) -> None:
        loc = QLocale()
        shown, loaded = self.proxy.rowCount(), self.model.loaded()
        if shown == loaded:
            text = self.tr("%1 rows").replace("%1", loc.toString(loaded))
        else:
            text = (
                self.tr("%1 of %2 rows")
                .replace("%1", loc.toString(shown))
                .replace("%2", loc.toString(loaded))
            )
        more = self.model.canFetchMore()
        if more:
            text += self.tr(" (more below)")
        self.count_label.setText(text)
        self.load_all_button.setVisible(more or self._loading_all)
        self.load_all_button.setText(self.tr("Stop") if self._loading_all else self.tr("Load all"))

    def _on_search_text(self, _text: str) -> None:
        self._search_timer.start()

    def _apply_search(self) -> None:
        self._search_timer.stop()
        self.proxy.setFilterFixedString(self.search.text().strip())
        self._update_count()

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.activated.emit(index.data(ROW_ROLE))

    def _header_menu(self, pos: QPoint) -> None:
        menu = self.column_menu()
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))
        menu.deleteLater()

    def column_menu(self) -> QMenu:
        """The column chooser: a checkable entry per column (the last visible one stays)."""
        menu = QMenu(self)
        visible = self.visible_columns()
        for i, col in enumerate(self.model.columns):
            act = QAction(col.title.format(), menu)
            act.setCheckable(True)
            act.setChecked(not self.table.isColumnHidden(i))
            act.setEnabled(not (len(visible) == 1 and col.key in visible))
            act.toggled.connect(lambda on, key=col.key: self.set_column_visible(key, on))
            menu.addAction(act)
        menu.addSeparator()
        reset = menu.addAction(self.tr("Show default columns"))
        reset.triggered.connect(self._reset_columns)
        return menu

    def _reset_columns(self) -> None:
        for i, col in enumerate(self.model.columns):
            self.table.setColumnHidden(i, col.hidden)
        self._save_state()

    def _save_state(self) -> None:
        if self.state_store is not None and self.name:
            self.state_store.set_table_state(self.name, self._hidden_state())

    def _hidden_state(self) -> QByteArray:
        hidden = ",".join(
            c.key for i, c in enumerate(self.model.columns) if self.table.isColumnHidden(i)
        )
        return QByteArray(("hidden:" + hidden).encode())

    def _restore_state(self) -> None:
        if self.state_store is None or not self.name:
            return
        data = self.state_store.table_state(self.name)
        if data is None:
            return
        text = bytes(data.data()).decode(errors="replace")
        if not text.startswith("hidden:"):
            return
        hidden = set(filter(None, text.removeprefix("hidden:").split(",")))
        keys = [c.key for c in self.model.columns]
        if hidden >= set(keys):
            return
        for i, key in enumerate(keys):
            self.table.setColumnHidden(i, key in hidden)

    def eventFilter(self, obj: Any, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if obj is self.search and key == Qt.Key.Key_Escape and self.search.text():
                self.set_search("")
                return True
            if obj is self.search and key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.table.setFocus()
                if not self.table.currentIndex().isValid() and self.proxy.rowCount():
                    self.table.setCurrentIndex(self.proxy.index(0, 0))
                return True
            if obj is self.table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._on_activated(self.table.currentIndex())
                return True
        return super().eventFilter(obj, event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


__all__ = [
    "CENTER",
    "LEFT",
    "RIGHT",
    "ROW_ROLE",
    "SORT_ROLE",
    "Column",
    "LazyTableModel",
    "SortFilterProxy",
    "TableView",
    "fmt_date",
    "fmt_money",
    "money_column",
]
