"""小区与房屋: compounds, the units of the chosen one with their owners, transfers, vacancy, the roster import."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from propdesk.core.fees import format_area
from propdesk.core.i18n import bilingual
from propdesk.services import desk, registry
from propdesk.services.desk import CompoundRow
from propdesk.services.registry import UnitRow
from propdesk.ui.dialogs.compound_wizard import NewCompoundWizard
from propdesk.ui.dialogs.kit import (
    AREA_SOURCE,
    MUTED_BRUSH,
    UNIT_KIND,
    DeskTableModel,
    fmt_flag,
    label,
    row_menu,
    select_first,
    write_action,
)
from propdesk.ui.dialogs.registry_dialogs import TransferDialog
from propdesk.ui.dialogs.roster_wizard import RosterWizard, export_template
from propdesk.ui.dialogs.statement import StatementDialog
from propdesk.ui.pages.base import Page, PageContext
from propdesk.ui.widgets.table import CENTER, RIGHT, ROW_ROLE, Column, TableView, fmt_date

COMPOUND_COLUMNS = (
    Column("name", bilingual("小区", "Compound"), stretch=True),
    Column("community", bilingual("社区", "Community")),
    Column("street", bilingual("街道", "Street"), hidden=True),
    Column("address", bilingual("地址", "Address"), hidden=True),
    Column("units", bilingual("房屋数", "Units"), align=RIGHT),
    Column("area", bilingual("总面积(㎡)", "Area (m²)"), align=RIGHT, fmt=format_area),
    Column("unsold", bilingual("未售", "Unsold"), align=RIGHT, hidden=True),
    Column("vacant", bilingual("空置", "Vacant"), align=RIGHT, hidden=True),
)

UNIT_COLUMNS = (
    Column("code", bilingual("房屋", "Unit"), width=10),
    Column("area", bilingual("面积(㎡)", "Area (m²)"), align=RIGHT, fmt=format_area, width=9),
    Column(
        "area_source", bilingual("面积来源", "Area source"), fmt=lambda v: label(AREA_SOURCE, v)
    ),
    Column("kind", bilingual("户型", "Type"), fmt=lambda v: label(UNIT_KIND, v)),
    Column("owner", bilingual("业主", "Owner"), width=14),
    Column("id_number", bilingual("证件号码", "ID number"), width=19),  # as the role may see it
    Column("phone", bilingual("联系电话", "Phone"), width=12),
    Column("co_owners", bilingual("共有人", "Co-owners"), stretch=True),
    Column("delivered_on", bilingual("交付日期", "Delivered"), align=CENTER, fmt=fmt_date),
    Column("developer_held", bilingual("未售", "Unsold"), align=CENTER, fmt=fmt_flag),
    Column("vacant", bilingual("空置", "Vacant"), align=CENTER, fmt=fmt_flag),
)


class RegistryPage(Page):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.compound_id: int | None = None
        self.compound_rows: list[CompoundRow] = []
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.add_compound_button = QPushButton()
        self.add_compound_button.clicked.connect(lambda: self.add_compound())
        self.import_button = QPushButton()
        self.import_button.clicked.connect(lambda: self.import_roster())
        self.template_button = QPushButton()
        self.template_button.clicked.connect(lambda: export_template(self))
        bar = QHBoxLayout()
        bar.addWidget(self.heading)
        bar.addStretch(1)
        for b in (self.add_compound_button, self.import_button, self.template_button):
            bar.addWidget(b)

        self.compound_model = DeskTableModel(COMPOUND_COLUMNS, self)
        self.compound_view = TableView(
            self.compound_model, self, name="compounds", state_store=ctx.settings
        )
        self.compound_view.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.compound_view.table.selectionModel().currentRowChanged.connect(self._on_compound_row)
        self.compound_view.activated.connect(lambda _r: self.unit_view.table.setFocus())
        row_menu(self.compound_view, self._compound_menu)

        self.units_title = QLabel()
        self.units_title.setObjectName("statCaption")
        self.transfer_button = QPushButton()
        self.transfer_button.clicked.connect(lambda: self.transfer())
        self.vacant_button = QPushButton()
        self.vacant_button.clicked.connect(lambda: self.toggle_vacant())
        self.statement_button = QPushButton()
        self.statement_button.clicked.connect(lambda: self.statement())
        self.unit_model = DeskTableModel(
            UNIT_COLUMNS, self, foreground=lambda u: MUTED_BRUSH if u.developer_held else None
        )
        self.unit_view = TableView(self.unit_model, self, name="units", state_store=ctx.settings)
        self.unit_view.activated.connect(lambda u: self.statement(u))
        self.unit_view.table.selectionModel().currentRowChanged.connect(
            lambda *_: self._update_buttons()
        )
        row_menu(self.unit_view, self._unit_menu)
        unit_bar = QHBoxLayout()
        unit_bar.addWidget(self.units_title)
        unit_bar.addStretch(1)
        for b in (self.transfer_button, self.vacant_button, self.statement_button):
            unit_bar.addWidget(b)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.compound_view)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addLayout(unit_bar)
        bottom_layout.addWidget(self.unit_view, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([170, 480])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        self.retranslate()

    # reading ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        with self.book.read() as s:
            self.compound_rows = desk.compounds(s)
        self.compound_model.set_rows(self.compound_rows)
        ids = [c.id for c in self.compound_rows]
        if self.compound_id not in ids:
            self.compound_id = ids[0] if ids else None
        self._select_compound(self.compound_id)
        self.refresh_units()

    def refresh_units(self) -> None:
        rows: list[UnitRow] = []
        if self.compound_id is not None:
            with self.book.read() as s:
                rows = registry.list_units(s, self.compound_id, date.today())
        current = self.current_unit()
        self.unit_model.set_rows(rows)
        if current is None or not self.select_unit(current.id):
            select_first(self.unit_view)
        self._update_title()
        self._update_buttons()

    def _select_compound(self, cid: int | None) -> None:
        proxy = self.compound_view.proxy
        for r in range(proxy.rowCount()):
            row = proxy.index(r, 0).data(ROW_ROLE)
            if row.id == cid:
                table = self.compound_view.table
                table.selectionModel().blockSignals(True)
                table.setCurrentIndex(proxy.index(r, 0))
                table.selectRow(r)
                table.selectionModel().blockSignals(False)
                return

    def select_compound(self, cid: int) -> None:
        """Show the units of a compound (as clicking its row does)."""
        self._select_compound(cid)
        if cid != self.compound_id:
            self.compound_id = cid
            self.refresh_units()

    def _on_compound_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.data(ROW_ROLE) if current.isValid() else None
        if row is not None and row.id != self.compound_id:
            self.compound_id = row.id
            self.refresh_units()

    def current_compound(self) -> CompoundRow | None:
        return next((c for c in self.compound_rows if c.id == self.compound_id), None)

    def current_unit(self) -> UnitRow | None:
        row = self.unit_view.current_row()
        return row if isinstance(row, UnitRow) else None

    def select_unit(self, unit_id: int) -> bool:
        proxy = self.unit_view.proxy
        for r in range(proxy.rowCount()):
            if proxy.index(r, 0).data(ROW_ROLE).id == unit_id:
                self.unit_view.table.setCurrentIndex(proxy.index(r, 0))
                self.unit_view.table.selectionModel().select(
                    proxy.index(r, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                return True
        return False

    def _update_title(self) -> None:
        c = self.current_compound()
        if c is None:
            self.units_title.setText(self.tr("No compound yet: add one or import the roster."))
        else:
            self.units_title.setText(
                self.tr("Units of %1: %2, %3 m²")
                .replace("%1", c.name)
                .replace("%2", self.locale().toString(c.units))
                .replace("%3", format_area(c.area))
            )

    def _update_buttons(self) -> None:
        unit = self.current_unit()
        for b in (self.transfer_button, self.vacant_button, self.statement_button):
            b.setEnabled(unit is not None)
        self.vacant_button.setText(
            self.tr("Not vacant") if unit is not None and unit.vacant else self.tr("Mark vacant")
        )

    # actions ---------------------------------------------------------------------------------
    def add_compound(self) -> NewCompoundWizard:
        """新增小区: the compound, its buildings and its roster, step by step."""
        wizard = NewCompoundWizard(self.book, self)

        def finished(_result: int) -> None:
            if wizard.compound_id is not None:
                self.refresh()
                self.select_compound(wizard.compound_id)

        wizard.finished.connect(finished)
        wizard.open()
        return wizard

    def import_roster(self) -> RosterWizard:
        wizard = RosterWizard(self.book, self)
        wizard.open()
        return wizard

    def transfer(self, unit: UnitRow | None = None) -> TransferDialog | None:
        unit = unit or self.current_unit()
        if unit is None:
            return None
        dlg = TransferDialog(self.book, unit, self)
        dlg.open()
        return dlg

    def toggle_vacant(self, units: list[UnitRow] | None = None) -> int | None:
        """设为空置 / 取消空置 for the selected units (to the opposite of the first one)."""
        units = units or [u for u in self.unit_view.selected_rows() if isinstance(u, UnitRow)]
        if not units:
            return None
        vacant = not units[0].vacant
        ids = [u.id for u in units]
        return write_action(self.book, self, lambda s: desk.set_vacant(s, ids, vacant))

    def statement(self, unit: UnitRow | None = None) -> StatementDialog | None:
        unit = unit or self.current_unit()
        if unit is None:
            return None
        dlg = StatementDialog(self.book, unit.id, self)
        dlg.open()
        return dlg

    def _compound_menu(self, menu: QMenu, rows: list[CompoundRow]) -> None:
        self._add(menu, self.tr("New compound…"), self.add_compound)
        self._add(menu, self.tr("Import the roster…"), self.import_roster)

    def _unit_menu(self, menu: QMenu, rows: list[UnitRow]) -> None:
        first = rows[0]
        self._add(menu, self.tr("Statement of account…"), lambda: self.statement(first))
        self._add(menu, self.tr("Transfer…"), lambda: self.transfer(first))
        menu.addSeparator()
        text = self.tr("Not vacant") if first.vacant else self.tr("Mark vacant")
        self._add(menu, text, lambda: self.toggle_vacant(rows))

    def _add(self, menu: QMenu, text: str, slot: object) -> QAction:
        act = menu.addAction(text)
        act.triggered.connect(lambda _c=False: slot())  # type: ignore[operator]
        return act

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Compounds & units"))
        self.add_compound_button.setText(self.tr("New compound…"))
        self.import_button.setText(self.tr("Import the roster…"))
        self.template_button.setText(self.tr("Export the roster template…"))
        self.transfer_button.setText(self.tr("Transfer…"))
        self.statement_button.setText(self.tr("Statement of account…"))
        self.transfer_button.setToolTip(
            self.tr(
                "Record a change of owner (sale, inheritance): the old owners end the day before"
            )
        )
        self.vacant_button.setToolTip(
            self.tr("Vacant units get the contract's vacancy discount from the next billing run")
        )
        self._update_title()
        self._update_buttons()
        self.compound_model.retranslate()
        self.unit_model.retranslate()
