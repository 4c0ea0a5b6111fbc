"""欠费: arrears aged as of any date, per household and per compound; debts past three years flagged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from propdesk.core.i18n import bilingual
from propdesk.core.money import format_amount
from propdesk.services import arrears, desk
from propdesk.services.arrears import BUCKET_KEYS, ArrearsReport, ArrearsRow
from propdesk.services.desk import CompoundRow
from propdesk.ui.dialogs.kit import (
    ALERT_BRUSH,
    TOTAL_BRUSH,
    CompoundCombo,
    DeskTableModel,
    row_menu,
)
from propdesk.ui.dialogs.statement import StatementDialog
from propdesk.ui.pages.base import Page, PageContext
from propdesk.ui.widgets.date_edit import DateEdit
from propdesk.ui.widgets.table import RIGHT, Column, TableView, fmt_date, money_column

BUCKET_TITLES = {
    "0-30": bilingual("0–30天", "0–30 days"),
    "31-90": bilingual("31–90天", "31–90 days"),
    "91-180": bilingual("91–180天", "91–180 days"),
    "181-365": bilingual("181–365天", "181–365 days"),
    "1-3y": bilingual("1–3年", "1–3 years"),
    ">3y": bilingual("3年以上", "Over 3 years"),
}
assert tuple(BUCKET_TITLES) == BUCKET_KEYS
T_TOTAL = bilingual("合计", "Total")
T_FLAG = bilingual("超三年（民法典第188条）", "Over 3 years (Civil Code art. 188)")


@dataclass(frozen=True, slots=True)
class Line:
    """A row of the arrears tables: a household, a compound, or the totals (`total_row`)."""

    unit_id: int | None
    compound: str
    unit: str
    owner: str
    buckets: dict[str, int]
    total: int
    bills: int = 0
    units: int = 0
    oldest_due: date | None = None
    total_row: bool = False

    @property
    def flagged(self) -> bool:
        return self.buckets.get(">3y", 0) > 0

    @classmethod
    def of(cls, r: ArrearsRow) -> Line:
        return cls(r.unit_id, r.compound, r.unit, r.owner, dict(r.buckets), r.total, r.bills, 1,
                   r.oldest_due)  # fmt: skip


def _bucket(key: str) -> Column:
    return money_column(key, BUCKET_TITLES[key], value=lambda r: r.buckets.get(key, 0), width=11)


def _compound_cell(r: Line) -> str:
    return T_TOTAL.format() if r.total_row else r.compound


def _note(r: Line) -> str:
    return T_FLAG.format() if r.flagged and not r.total_row else ""


UNIT_COLUMNS = (
    Column("compound", bilingual("小区", "Compound"), value=_compound_cell),
    Column("unit", bilingual("房屋", "Unit"), width=10),
    Column("owner", bilingual("业主", "Owner")),
    *(_bucket(k) for k in BUCKET_KEYS),
    money_column("total", bilingual("合计", "Total"), width=12),
    Column("bills", bilingual("账单数", "Bills"), align=RIGHT, hidden=True),
    Column("oldest_due", bilingual("最早应缴", "Oldest due"), fmt=fmt_date, hidden=True),
    Column("note", bilingual("备注", "Note"), value=_note, stretch=True),
)

COMPOUND_COLUMNS = (
    Column("compound", bilingual("小区", "Compound"), value=_compound_cell, width=14),
    Column("units", bilingual("欠费户数", "Households"), align=RIGHT),
    *(_bucket(k) for k in BUCKET_KEYS),
    money_column("total", bilingual("合计", "Total"), width=12),
)


def _background(r: Line) -> QBrush | None:
    if r.total_row:
        return TOTAL_BRUSH
    return ALERT_BRUSH if r.flagged else None


def _tooltip(r: Line) -> str:
    if r.flagged and not r.total_row:
        return T_FLAG.format() + "：" + format_amount(r.buckets.get(">3y", 0))
    return ""


class ArrearsPage(Page):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.report: ArrearsReport | None = None
        self.compounds: list[CompoundRow] = []
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.as_of_label = QLabel()
        self.as_of = DateEdit(date.today())
        self.as_of_label.setBuddy(self.as_of)
        self.as_of.dateChanged.connect(lambda _d: self.refresh_report())
        self.compound_label = QLabel()
        self.compound = CompoundCombo(with_all=True)
        self.compound_label.setBuddy(self.compound)
        self.compound.changed.connect(lambda _c: self.refresh_report())
        self.today_button = QPushButton()
        self.today_button.clicked.connect(lambda: self.as_of.set_value(date.today()))
        bar = QHBoxLayout()
        bar.addWidget(self.heading)
        bar.addStretch(1)
        for w in (
            self.as_of_label,
            self.as_of,
            self.today_button,
            self.compound_label,
            self.compound,
        ):
            bar.addWidget(w)
        self.flag_note = QLabel()
        self.flag_note.setObjectName("errorText")
        self.flag_note.setWordWrap(True)
        self.flag_note.setVisible(False)

        common: dict[str, Any] = {"background": _background, "bold": lambda r: r.total_row,
                                  "pinned": lambda r: r.total_row}  # fmt: skip
        self.model = DeskTableModel(UNIT_COLUMNS, self, tooltip=_tooltip, **common)
        self.view = TableView(self.model, self, name="arrears", state_store=ctx.settings)
        self.model.attach(self.view)
        self.view.activated.connect(lambda r: self.statement(r))
        row_menu(self.view, self._menu)
        self.summary_title = QLabel()
        self.summary_title.setObjectName("statCaption")
        self.summary_model = DeskTableModel(COMPOUND_COLUMNS, self, **common)
        self.summary_view = TableView(
            self.summary_model, self, name="arrears_compounds", state_store=ctx.settings
        )
        self.summary_model.attach(self.summary_view)
        self.summary_view.search.setVisible(False)  # a handful of rows
        self.summary_view.count_label.setVisible(False)
        self.summary_view.activated.connect(self._on_summary_activated)

        bottom = QWidget()
        bcol = QVBoxLayout(bottom)
        bcol.setContentsMargins(0, 0, 0, 0)
        bcol.addWidget(self.summary_title)
        bcol.addWidget(self.summary_view, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([430, 190])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(bar)
        layout.addWidget(self.flag_note)
        layout.addWidget(self.splitter, 1)
        self.retranslate()

    # reading ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        with self.book.read() as s:
            self.compounds = desk.compounds(s)
        self.compound.fill(self.compounds)
        self.refresh_report()

    def refresh_report(self) -> None:
        with self.book.read() as s:
            self.report = arrears.arrears(s, self.as_of.value(), self.compound.compound_id())
        rep = self.report
        lines = [Line.of(r) for r in rep.rows]
        totals = {k: rep.totals.get(k, 0) for k in BUCKET_KEYS}
        total_line = Line(None, "", "", "", totals, rep.total, sum(r.bills for r in rep.rows),
                          len(rep.rows), total_row=True)  # fmt: skip
        self.model.set_rows([*lines, total_line] if lines else [])
        per = [
            Line(
                None,
                name,
                "",
                "",
                {k: agg[k] for k in BUCKET_KEYS},
                agg["total"],
                units=agg["units"],
            )
            for name, agg in sorted(rep.by_compound().items())
        ]
        self.summary_model.set_rows([*per, total_line] if per else [])
        flagged = [ln for ln in lines if ln.flagged]
        self.flag_note.setVisible(bool(flagged))
        if flagged:
            self.flag_note.setText(
                self.tr(
                    "%1 households owe fees older than three years (%2), past the limitation period"
                    " of Civil Code art. 188: the secretary decides how to proceed."
                )
                .replace("%1", str(len(flagged)))
                .replace("%2", format_amount(sum(ln.buckets[">3y"] for ln in flagged)))
            )
        self._update_summary_title()

    def _update_summary_title(self) -> None:
        rep = self.report
        if rep is None:
            return
        self.summary_title.setText(
            self.tr("By compound, as of %1: %2 households owe %3")
            .replace("%1", rep.as_of.isoformat())
            .replace("%2", str(len(rep.rows)))
            .replace("%3", format_amount(rep.total))
        )

    def lines(self) -> list[Line]:
        return self.model.rows()

    # actions ---------------------------------------------------------------------------------
    def statement(self, line: Line | None = None) -> StatementDialog | None:
        line = line or self.view.current_row()
        if not isinstance(line, Line) or line.unit_id is None:
            return None
        dlg = StatementDialog(self.book, line.unit_id, self)
        dlg.open()
        return dlg

    def collect(self, line: Line) -> None:
        """Go to the counter with this household chosen."""
        window: Any = self.ctx.window
        if line.unit_id is None or not hasattr(window, "show_page"):
            return
        window.show_page("payments")
        page = window.pages.get("payments")
        if page is not None and hasattr(page, "pick_unit"):
            page.pick_unit(line.unit_id)

    def _on_summary_activated(self, line: Line) -> None:
        if line.total_row:
            self.compound.set_compound_id(None)
            return
        cid = next((c.id for c in self.compounds if c.name == line.compound), None)
        self.compound.set_compound_id(cid)

    def _menu(self, menu: QMenu, rows: list[Line]) -> None:
        first = rows[0]
        if first.unit_id is None:
            return
        self._add(menu, self.tr("Statement of account…"), lambda: self.statement(first))
        self._add(menu, self.tr("Take a payment…"), lambda: self.collect(first))

    def _add(self, menu: QMenu, text: str, slot: Any) -> QAction:
        act = menu.addAction(text)
        act.triggered.connect(lambda _c=False: slot())
        return act

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Arrears"))
        self.as_of_label.setText(self.tr("As of:"))
        self.today_button.setText(self.tr("Today"))
        self.compound_label.setText(self.tr("Compound:"))
        self.compound.retranslate()
        self.model.retranslate()
        self.summary_model.retranslate()
        self._update_summary_title()
