"""网格与驿站: three tabs — 网格 (grids with their compounds and leader), 网格员 (grid workers
filtered by grid, kind and whether serving today; bank accounts masked) and 驿站与项目
(stations and their projects: budget, funded by allocations, spent, status). Add and edit from
buttons, row menus, double-click or Ctrl+N (a new record of the current tab)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QKeyCombination, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from propdesk.core.i18n import Text, bilingual
from propdesk.services import desk, grids
from propdesk.services.desk import CompoundRow
from propdesk.services.grids import GridRow, ProjectRow, StationRow, WorkerRow
from propdesk.ui.dialogs.grid_dialogs import (
    KIND_SHORT,
    GridDialog,
    ProjectDialog,
    StationDialog,
    WorkerDialog,
    kind_text,
)
from propdesk.ui.dialogs.kit import MUTED_BRUSH, DeskTableModel, fmt_flag, row_menu
from propdesk.ui.errors import show_warning
from propdesk.ui.pages.base import Page, PageContext
from propdesk.ui.widgets.table import CENTER, RIGHT, Column, TableView, fmt_date, money_column

T_TITLE = bilingual("网格与驿站", "Grids & stations")
T_TAB_GRIDS = bilingual("网格", "Grids")
T_TAB_WORKERS = bilingual("网格员", "Grid workers")
T_TAB_STATIONS = bilingual("驿站与项目", "Stations && projects")  # && is a literal &
T_NEW_GRID = bilingual("新增网格 (Ctrl+N)", "New grid (Ctrl+N)")
T_NEW_WORKER = bilingual("新增网格员 (Ctrl+N)", "New worker (Ctrl+N)")
T_NEW_STATION = bilingual("新增驿站 (Ctrl+N)", "New station (Ctrl+N)")
T_NEW_PROJECT = bilingual("新增项目…", "New project…")
T_EDIT = bilingual("修改…", "Edit…")
T_ADD_WORKER_HERE = bilingual("在此网格新增网格员…", "New worker in this grid…")
T_ADD_STATION_HERE = bilingual("在此网格新增驿站…", "New station in this grid…")
T_SHOW_WORKERS = bilingual("查看本网格的网格员", "Show this grid's workers")
T_SHOW_STATIONS = bilingual("查看本网格的驿站", "Show this grid's stations")
T_ADD_PROJECT_HERE = bilingual("为此驿站新增项目…", "New project for this station…")
T_GRID_FILTER = bilingual("网格：", "Grid:")
T_KIND_FILTER = bilingual("类别：", "Kind:")
T_ALL_GRIDS = bilingual("全部网格", "All grids")
T_ALL_KINDS = bilingual("全部类别", "All kinds")
T_ACTIVE = bilingual("只看在任", "Serving today only")
T_PROJECTS_OF = bilingual("{station} 的项目", "Projects of {station}")
T_ALL_PROJECTS = bilingual("全部驿站项目", "All station projects")
T_PICK = bilingual("请先选中一行", "Select a row first")
T_NO_GRID = bilingual("请先新增网格", "Add a grid first")
T_NO_STATION = bilingual("请先新增驿站", "Add a station first")
T_GRID_SUMMARY = bilingual(
    "{grids} 个网格，在任网格员 {workers} 人，驿站 {stations} 个",
    "{grids} grid(s), {workers} worker(s) serving, {stations} station(s)",
)

GRID_COLUMNS = (
    Column("code", bilingual("编号", "Code"), width=8),
    Column("name", bilingual("名称", "Name"), width=16),
    Column("leader", bilingual("网格长", "Leader"), width=10),
    Column("compounds", bilingual("所辖小区", "Compounds"), value=lambda r: "、".join(r.compounds),
           stretch=True),
    Column("workers", bilingual("在任网格员", "Workers"), align=RIGHT, width=10),
    Column("stations", bilingual("驿站", "Stations"), align=RIGHT, width=6),
)  # fmt: skip


def _serving(r: WorkerRow, on: date | None = None) -> bool:
    on = on or date.today()
    return r.start <= on and (r.end is None or r.end >= on)


WORKER_COLUMNS = (
    Column("name", bilingual("姓名", "Name"), width=10),
    Column("kind", bilingual("类别", "Kind"), fmt=kind_text, width=10, align=CENTER),
    Column("grid_code", bilingual("网格", "Grid"), value=lambda r: f"{r.grid_code} {r.grid_name}",
           width=14),
    Column("start", bilingual("任职日期", "From"), fmt=fmt_date, width=10),
    Column("end", bilingual("离任日期", "Until"), fmt=fmt_date, width=10),
    money_column("base_stipend", bilingual("基本补贴（月）", "Base stipend"), width=12),
    Column("employee", bilingual("本公司职工", "Employee"), fmt=fmt_flag, width=8, align=CENTER),
    Column("phone", bilingual("电话", "Phone"), width=12),
    Column("bank_name", bilingual("开户银行", "Bank"), width=12, hidden=True),
    Column("bank_account", bilingual("银行账号", "Bank account"), stretch=True),
)  # fmt: skip

STATION_COLUMNS = (
    Column("grid_code", bilingual("网格", "Grid"), width=8),
    Column("name", bilingual("驿站", "Station"), width=24),
    Column("address", bilingual("地址", "Address"), stretch=True),
    Column("projects", bilingual("项目数", "Projects"), align=RIGHT, width=7),
)

PROJECT_COLUMNS = (
    Column("station", bilingual("驿站", "Station"), width=24),
    Column("name", bilingual("项目", "Project"), stretch=True),
    money_column("budget", bilingual("预算", "Budget"), width=12),
    money_column("funded", bilingual("已拨付", "Funded"), width=12),
    money_column("spent", bilingual("已支出", "Spent"), width=12),
    money_column("unfunded", bilingual("待拨付", "Unfunded"), width=12),
    Column("status", bilingual("状态", "Status"), fmt=lambda s: grids.PROJECT_STATUSES[s].format()
           if s in grids.PROJECT_STATUSES else s, width=11, align=CENTER),
)  # fmt: skip


class GridsPage(Page):
    GRIDS, WORKERS, STATIONS = range(3)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.last_dialog: Any = None
        self.compounds: list[CompoundRow] = []
        self.grid_rows: list[GridRow] = []
        self.station_rows: list[StationRow] = []
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        bar = QHBoxLayout()
        bar.addWidget(self.heading)
        bar.addStretch(1)
        bar.addWidget(self.summary)

        # 网格 -------------------------------------------------------------------------------
        self.grid_model = DeskTableModel(GRID_COLUMNS, self)
        self.grid_view = TableView(self.grid_model, self, name="grids", state_store=ctx.settings)
        self.grid_view.activated.connect(lambda r: self.edit_grid(r))
        row_menu(self.grid_view, self._grid_menu)
        self.new_grid_button = QPushButton()
        self.new_grid_button.setObjectName("primary")
        self.new_grid_button.clicked.connect(lambda: self.new_grid())
        self.edit_grid_button = QPushButton()
        self.edit_grid_button.clicked.connect(lambda: self.edit_grid())
        grid_tab = self._tab(self.grid_view, [self.new_grid_button, self.edit_grid_button])

        # 网格员 -----------------------------------------------------------------------------
        self.worker_model = DeskTableModel(
            WORKER_COLUMNS, self, foreground=lambda r: None if _serving(r) else MUTED_BRUSH
        )
        self.worker_view = TableView(
            self.worker_model, self, name="grid_workers", state_store=ctx.settings
        )
        self.worker_view.activated.connect(lambda r: self.edit_worker(r))
        row_menu(self.worker_view, self._worker_menu)
        self.grid_filter_label = QLabel()
        self.grid_filter = QComboBox()
        self.grid_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.grid_filter_label.setBuddy(self.grid_filter)
        self.grid_filter.currentIndexChanged.connect(lambda _i: self.refresh_workers())
        self.kind_filter_label = QLabel()
        self.kind_filter = QComboBox()
        self.kind_filter.addItem(T_ALL_KINDS.format(), None)
        for key, text in KIND_SHORT.items():
            self.kind_filter.addItem(text.format(), key)
        self.kind_filter_label.setBuddy(self.kind_filter)
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.refresh_workers())
        self.active_only = QCheckBox()
        self.active_only.toggled.connect(lambda _c: self.refresh_workers())
        self.new_worker_button = QPushButton()
        self.new_worker_button.setObjectName("primary")
        self.new_worker_button.clicked.connect(lambda: self.new_worker())
        self.edit_worker_button = QPushButton()
        self.edit_worker_button.clicked.connect(lambda: self.edit_worker())
        worker_tab = self._tab(
            self.worker_view,
            [self.new_worker_button, self.edit_worker_button],
            [self.grid_filter_label, self.grid_filter, self.kind_filter_label, self.kind_filter,
             self.active_only],
        )  # fmt: skip

        # 驿站与项目 -------------------------------------------------------------------------
        self.station_model = DeskTableModel(STATION_COLUMNS, self)
        self.station_view = TableView(
            self.station_model, self, name="stations", state_store=ctx.settings
        )
        self.station_view.activated.connect(lambda r: self.edit_station(r))
        row_menu(self.station_view, self._station_menu)
        self.station_view.table.selectionModel().currentRowChanged.connect(
            lambda *_: self.refresh_projects()
        )
        self.project_model = DeskTableModel(
            PROJECT_COLUMNS, self,
            foreground=lambda r: MUTED_BRUSH if r.status == "cancelled" else None,
        )  # fmt: skip
        self.project_view = TableView(
            self.project_model, self, name="station_projects", state_store=ctx.settings
        )
        self.project_view.activated.connect(lambda r: self.edit_project(r))
        row_menu(self.project_view, self._project_menu)
        self.projects_title = QLabel()
        self.projects_title.setObjectName("statCaption")
        self.new_station_button = QPushButton()
        self.new_station_button.setObjectName("primary")
        self.new_station_button.clicked.connect(lambda: self.new_station())
        self.edit_station_button = QPushButton()
        self.edit_station_button.clicked.connect(lambda: self.edit_station())
        self.new_project_button = QPushButton()
        self.new_project_button.clicked.connect(lambda: self.new_project())
        lower = QWidget()
        lcol = QVBoxLayout(lower)
        lcol.setContentsMargins(0, 0, 0, 0)
        lcol.addWidget(self.projects_title)
        lcol.addWidget(self.project_view, 1)
        self.station_split = QSplitter(Qt.Orientation.Vertical)
        self.station_split.addWidget(self.station_view)
        self.station_split.addWidget(lower)
        self.station_split.setChildrenCollapsible(False)
        self.station_split.setSizes([260, 320])
        station_tab = self._tab(
            self.station_split,
            [self.new_station_button, self.edit_station_button, self.new_project_button],
        )

        self.tabs = QTabWidget()
        self.tabs.addTab(grid_tab, "")
        self.tabs.addTab(worker_tab, "")
        self.tabs.addTab(station_tab, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        self.retranslate()

    @staticmethod
    def _tab(
        body: QWidget, buttons: list[QPushButton], filters: list[QWidget] | None = None
    ) -> QWidget:
        tab = QWidget()
        col = QVBoxLayout(tab)
        col.setContentsMargins(8, 8, 8, 8)
        row = QHBoxLayout()
        for b in buttons:
            row.addWidget(b)
        row.addStretch(1)
        for w in filters or []:
            row.addWidget(w)
        col.addLayout(row)
        col.addWidget(body, 1)
        return tab

    # reading ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        with self.book.read() as s:
            self.compounds = desk.compounds(s)
            self.grid_rows = grids.list_grids(s)
            self.station_rows = grids.list_stations(s)
        keep = self.grid_filter.currentData()
        self.grid_filter.blockSignals(True)
        self.grid_filter.clear()
        self.grid_filter.addItem(T_ALL_GRIDS.format(), None)
        for g in self.grid_rows:
            self.grid_filter.addItem(f"{g.code} {g.name}", g.id)
        self.grid_filter.setCurrentIndex(max(self.grid_filter.findData(keep), 0))
        self.grid_filter.blockSignals(False)
        self.grid_model.set_rows(self.grid_rows)
        self.summary.setText(T_GRID_SUMMARY.format(
            grids=len(self.grid_rows), workers=sum(g.workers for g in self.grid_rows),
            stations=len(self.station_rows)))  # fmt: skip
        keep_station = self._current_station()
        self.station_model.set_rows(self.station_rows)
        if keep_station is not None:
            self._select(self.station_view, lambda r: r.id == keep_station.id)
        self.refresh_workers()
        self.refresh_projects()

    def refresh_workers(self) -> None:
        gid = self.grid_filter.currentData()
        kind = self.kind_filter.currentData()
        on = date.today() if self.active_only.isChecked() else None
        with self.book.read() as s:
            rows = grids.list_workers(s, gid, on=on, kind=kind)
        self.worker_model.set_rows(rows)

    def refresh_projects(self) -> None:
        st = self._current_station()
        with self.book.read() as s:
            rows = grids.list_projects(s, st.id if st else None)
        self.project_model.set_rows(rows)
        self.projects_title.setText(
            T_PROJECTS_OF.format(station=st.name) if st else T_ALL_PROJECTS.format()
        )

    def _current_station(self) -> StationRow | None:
        r = self.station_view.current_row()
        return r if isinstance(r, StationRow) else None

    @staticmethod
    def _select(view: TableView, match: Any) -> None:
        for i in range(view.proxy.rowCount()):
            row = view.proxy.index(i, 0).data(Qt.ItemDataRole.UserRole + 1)
            if match(row):
                view.table.setCurrentIndex(view.proxy.index(i, 0))
                view.table.selectRow(i)
                return

    # dialogs ---------------------------------------------------------------------------------
    def _open(self, dlg: Any, select: Any = None) -> Any:
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if select is not None:
            dlg.accepted.connect(lambda: select(dlg.result_value))
        dlg.open()
        self.last_dialog = dlg
        return dlg

    def new_grid(self) -> GridDialog:
        return self._open(GridDialog(self.book, self.compounds, parent=self),
                          lambda r: self._select(self.grid_view, lambda x: x.id == r.id))  # fmt: skip

    def edit_grid(self, row: Any = None) -> GridDialog | None:
        r = row if isinstance(row, GridRow) else self.grid_view.current_row()
        if not isinstance(r, GridRow):
            show_warning(self, T_PICK.format())
            return None
        return self._open(GridDialog(self.book, self.compounds, r, parent=self),
                          lambda g: self._select(self.grid_view, lambda x: x.id == g.id))  # fmt: skip

    def new_worker(self, grid_id: int | None = None) -> WorkerDialog | None:
        if not self.grid_rows:
            show_warning(self, T_NO_GRID.format())
            return None
        gid = grid_id if grid_id is not None else self.grid_filter.currentData()
        dlg = WorkerDialog(self.book, self.grid_rows, grid_id=gid, parent=self)
        return self._open(dlg, self._select_worker)  # type: ignore[no-any-return]

    def edit_worker(self, row: Any = None) -> WorkerDialog | None:
        r = row if isinstance(row, WorkerRow) else self.worker_view.current_row()
        if not isinstance(r, WorkerRow):
            show_warning(self, T_PICK.format())
            return None
        return self._open(WorkerDialog(self.book, self.grid_rows, r, parent=self),
                          self._select_worker)  # fmt: skip

    def _select_worker(self, w: WorkerRow | None) -> None:
        if w is not None:
            self._select(self.worker_view, lambda x: x.id == w.id)

    def new_station(self, grid_id: int | None = None) -> StationDialog | None:
        if not self.grid_rows:
            show_warning(self, T_NO_GRID.format())
            return None
        dlg = StationDialog(self.book, self.grid_rows, grid_id=grid_id, parent=self)
        return self._open(dlg, lambda r: self._select(self.station_view, lambda x: x.id == r.id))  # type: ignore[no-any-return]

    def edit_station(self, row: Any = None) -> StationDialog | None:
        r = row if isinstance(row, StationRow) else self._current_station()
        if r is None:
            show_warning(self, T_PICK.format())
            return None
        return self._open(StationDialog(self.book, self.grid_rows, r, parent=self))  # type: ignore[no-any-return]

    def new_project(self, station_id: int | None = None) -> ProjectDialog | None:
        if not self.station_rows:
            show_warning(self, T_NO_STATION.format())
            return None
        if station_id is None:
            st = self._current_station()
            station_id = st.id if st else None
        dlg = ProjectDialog(self.book, self.station_rows, station_id=station_id, parent=self)
        return self._open(dlg, lambda r: self._select(self.project_view, lambda x: x.id == r.id))  # type: ignore[no-any-return]

    def edit_project(self, row: Any = None) -> ProjectDialog | None:
        r = row if isinstance(row, ProjectRow) else self.project_view.current_row()
        if not isinstance(r, ProjectRow):
            show_warning(self, T_PICK.format())
            return None
        return self._open(ProjectDialog(self.book, self.station_rows, r, parent=self))  # type: ignore[no-any-return]

    def show_workers_of(self, grid_id: int) -> None:
        self.grid_filter.setCurrentIndex(max(self.grid_filter.findData(grid_id), 0))
        self.tabs.setCurrentIndex(self.WORKERS)

    def show_stations_of(self, grid: GridRow) -> None:
        self.tabs.setCurrentIndex(self.STATIONS)
        self.station_view.set_search(grid.code)

    # menus -----------------------------------------------------------------------------------
    def _add(self, menu: QMenu, text: Text, slot: Any) -> None:
        act = menu.addAction(text.format())
        act.triggered.connect(lambda _c=False: slot())

    def _grid_menu(self, menu: QMenu, rows: list[Any]) -> None:
        r = rows[0]
        self._add(menu, T_EDIT, lambda: self.edit_grid(r))
        self._add(menu, T_ADD_WORKER_HERE, lambda: self.new_worker(r.id))
        self._add(menu, T_ADD_STATION_HERE, lambda: self.new_station(r.id))
        menu.addSeparator()
        self._add(menu, T_SHOW_WORKERS, lambda: self.show_workers_of(r.id))
        self._add(menu, T_SHOW_STATIONS, lambda: self.show_stations_of(r))

    def _worker_menu(self, menu: QMenu, rows: list[Any]) -> None:
        r = rows[0]
        self._add(menu, T_EDIT, lambda: self.edit_worker(r))
        self._add(menu, T_ADD_WORKER_HERE, lambda: self.new_worker(r.grid_id))

    def _station_menu(self, menu: QMenu, rows: list[Any]) -> None:
        r = rows[0]
        self._add(menu, T_EDIT, lambda: self.edit_station(r))
        self._add(menu, T_ADD_PROJECT_HERE, lambda: self.new_project(r.id))

    def _project_menu(self, menu: QMenu, rows: list[Any]) -> None:
        r = rows[0]
        self._add(menu, T_EDIT, lambda: self.edit_project(r))

    # -- Ctrl+N: a new record of the current tab ---------------------------------------------------
    def new_record(self) -> Any:
        return (self.new_grid, self.new_worker, self.new_station)[self.tabs.currentIndex()]()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            combo = QKeyCombination(event.modifiers(), Qt.Key(event.key()))
            if QKeySequence(combo).matches(QKeySequence(QKeySequence.StandardKey.New)) == (
                QKeySequence.SequenceMatch.ExactMatch
            ):
                event.accept()
                QTimer.singleShot(0, self.new_record)
                return True
        return super().event(event)

    def retranslate(self) -> None:
        self.heading.setText(T_TITLE.format())
        for i, t in enumerate((T_TAB_GRIDS, T_TAB_WORKERS, T_TAB_STATIONS)):
            self.tabs.setTabText(i, t.format())
        self.new_grid_button.setText(T_NEW_GRID.format())
        self.edit_grid_button.setText(T_EDIT.format())
        self.new_worker_button.setText(T_NEW_WORKER.format())
        self.edit_worker_button.setText(T_EDIT.format())
        self.new_station_button.setText(T_NEW_STATION.format())
        self.edit_station_button.setText(T_EDIT.format())
        self.new_project_button.setText(T_NEW_PROJECT.format())
        self.grid_filter_label.setText(T_GRID_FILTER.format())
        self.kind_filter_label.setText(T_KIND_FILTER.format())
        self.active_only.setText(T_ACTIVE.format())
        if self.grid_filter.count():
            self.grid_filter.setItemText(0, T_ALL_GRIDS.format())
        self.kind_filter.setItemText(0, T_ALL_KINDS.format())
        for i, text in enumerate(KIND_SHORT.values(), start=1):
            self.kind_filter.setItemText(i, text.format())
        for m in (self.grid_model, self.worker_model, self.station_model, self.project_model):
            m.retranslate()
        self.refresh_projects_title()

    def refresh_projects_title(self) -> None:
        st = self._current_station()
        self.projects_title.setText(
            T_PROJECTS_OF.format(station=st.name) if st else T_ALL_PROJECTS.format()
        )


__all__ = ["GRID_COLUMNS", "PROJECT_COLUMNS", "STATION_COLUMNS", "WORKER_COLUMNS", "GridsPage"]
