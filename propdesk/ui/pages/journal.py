"""凭证与账簿: the journal (序时账), every posting in voucher order, paged in as you scroll."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from propdesk.core.i18n import bilingual
from propdesk.core.periods import first_day, last_day
from propdesk.services import ledger
from propdesk.services.ledger import JournalRow
from propdesk.ui.pages.base import Page, PageContext
from propdesk.ui.widgets.date_edit import DateEdit
from propdesk.ui.widgets.table import (
    CENTER,
    Column,
    LazyTableModel,
    TableView,
    fmt_date,
    money_column,
)

SOURCES = {
    ledger.SOURCE_MANUAL: bilingual("手工", "Manual"),
    ledger.SOURCE_CARRY: bilingual("结转损益", "P&L carry"),
    ledger.SOURCE_YEAR_END: bilingual("年末结转", "Year-end carry"),
    ledger.SOURCE_REVERSAL: bilingual("冲销", "Reversal"),
}


def _source(code: str) -> str:
    text = SOURCES.get(code)
    return text.format() if text is not None else code


def _voucher(r: JournalRow) -> str:
    return ledger.voucher_label(r.period, r.number)


COLUMNS = (
    Column("date", bilingual("日期", "Date"), align=CENTER, fmt=fmt_date),
    Column("voucher", bilingual("凭证号", "Voucher"), value=_voucher),
    Column("line_no", bilingual("行", "Line"), align=CENTER, hidden=True),
    Column("summary", bilingual("摘要", "Summary"), stretch=True),
    Column("account_code", bilingual("科目编码", "Account"), width=10),
    Column("account_name", bilingual("科目名称", "Account name")),
    money_column("debit", bilingual("借方金额", "Debit"), width=16),
    money_column("credit", bilingual("贷方金额", "Credit"), width=16),
    Column("source", bilingual("来源", "Source"), fmt=_source, hidden=True),
)


class JournalPage(Page):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.all_dates = QCheckBox()
        self.all_dates.setChecked(True)
        self.from_label = QLabel()
        self.to_label = QLabel()
        today = date.today()
        self.start = DateEdit(today.replace(day=1))
        self.end = DateEdit(today)
        self.from_label.setBuddy(self.start)
        self.to_label.setBuddy(self.end)
        for w in (self.start, self.end):
            w.dateChanged.connect(self.refresh)
        self.all_dates.toggled.connect(self._on_all_dates)
        self._on_all_dates(True)
        self.model = LazyTableModel(COLUMNS, self, page_size=500)
        self.view = TableView(self.model, self, name="journal", state_store=ctx.settings)
        bar = QHBoxLayout()
        bar.addWidget(self.heading)
        bar.addStretch(1)
        bar.addWidget(self.all_dates)
        bar.addSpacing(12)
        for w in (self.from_label, self.start, self.to_label, self.end):
            bar.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.retranslate()

    def date_range(self) -> tuple[date | None, date | None]:
        if self.all_dates.isChecked():
            return None, None
        return self.start.value(), self.end.value()

    def _on_all_dates(self, checked: bool) -> None:
        for w in (self.from_label, self.start, self.to_label, self.end):
            w.setEnabled(not checked)
        if not checked:
            with self.book.read() as s:
                period = ledger.current_period(s)
            self.start.blockSignals(True)
            self.end.blockSignals(True)
            self.start.set_value(first_day(period))
            self.end.set_value(last_day(period))
            self.start.blockSignals(False)
            self.end.blockSignals(False)
        if hasattr(self, "model"):
            self.refresh()

    def _rows(self) -> Iterator[JournalRow]:
        start, end = self.date_range()
        # The read session stays open while rows page in; closing the generator ends it.
        with self.book.read() as s:
            yield from ledger.journal(s, start, end)

    def refresh(self) -> None:
        self.model.set_iterator_source(self._rows)

    def close_page(self) -> None:
        self.model.close()
        super().close_page()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Journal"))
        self.all_dates.setText(self.tr("All dates"))
        self.from_label.setText(self.tr("From"))
        self.to_label.setText(self.tr("to"))
