"""凭证与账簿: the journal (序时账, paged in as you scroll), general ledger, detail ledger and trial
balance in tabs, drilling down from a balance to its vouchers; manual vouchers (Ctrl+N),
reversal, month-end close and reopening; the current view to Excel or the print preview."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QKeyCombination, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from propdesk.core.i18n import bilingual
from propdesk.core.periods import first_day, fmt_period, last_day
from propdesk.core.progress import Progress
from propdesk.services import ledger, ledger_views
from propdesk.services.ledger import JournalRow
from propdesk.ui.dialogs.kit import row_menu
from propdesk.ui.dialogs.voucher_dialogs import (
    CloseMonthDialog,
    ReopenDialog,
    ReverseDialog,
    VoucherDialog,
    VoucherEntryDialog,
    print_voucher,
    source_label,
)
from propdesk.ui.errors import show_warning
from propdesk.ui.ops import Op
from propdesk.ui.pages.base import Page, PageContext
from propdesk.ui.pages.ledger_tabs import (
    XLSX_FILTER,
    DetailLedgerTab,
    GeneralLedgerTab,
    TrialBalanceTab,
)
from propdesk.ui.widgets.date_edit import DateEdit
from propdesk.ui.widgets.table import (
    CENTER,
    Column,
    LazyTableModel,
    TableView,
    fmt_date,
    money_column,
)


def _source(code: str) -> str:
    return source_label(code)


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

TAB_JOURNAL, TAB_GENERAL, TAB_DETAIL, TAB_TRIAL = range(4)
TAB_TITLES = (
    bilingual("序时账", "Journal"),
    bilingual("总账", "General ledger"),
    bilingual("明细账", "Detail ledger"),
    bilingual("科目余额表", "Trial balance"),
)
T_TITLE = bilingual("凭证与账簿", "Vouchers & ledgers")
T_NEW = bilingual("新建凭证 (Ctrl+N)", "New voucher (Ctrl+N)")
T_REVERSE = bilingual("冲销凭证…", "Reverse voucher…")
T_CLOSE = bilingual("结账…", "Close month…")
T_REOPEN = bilingual("反结账…", "Reopen…")
T_MONTH_END = bilingual("月末结账…", "Month end…")
T_EXPORT = bilingual("导出 Excel…", "Export to Excel…")
T_PRINT = bilingual("打印…", "Print…")
T_STATUS = bilingual("当前会计期间 {current}", "Current period {current}")
T_STATUS_CLOSED = bilingual("，已结账至 {closed}", "; closed through {closed}")
T_PICK_VOUCHER = bilingual(
    "请先在序时账或明细账中选中一张凭证的分录",
    "Select a line of a voucher in the journal or the detail ledger first",
)
T_CANNOT_REVERSE = bilingual(
    "凭证 {ref} 不能冲销：{why}", "Voucher {ref} cannot be reversed: {why}"
)
T_WHY_REVERSED = bilingual("已被 {ref} 冲销", "it was reversed by {ref}")
T_WHY_REVERSAL = bilingual("它本身是冲销凭证", "it is itself a reversal")
T_WHY_CARRY = bilingual(
    "它是结账自动生成的，反结账后重新结账即可",
    "it was made by the month-end close; reopen and close again instead",
)
T_NOTHING_CLOSED = bilingual("还没有已结账的期间，无需反结账", "No month has been closed yet")
T_NO_PDF = bilingual(
    "总账没有打印格式：请导出 Excel 后打印，或在科目余额表、凭证中打印",
    "The general ledger has no print layout: export it to Excel, or print the trial balance "
    "or a voucher",
)
T_EXPORT_TITLE = bilingual("导出 Excel", "Export to Excel")
T_EXPORTING = bilingual("正在导出序时账", "Exporting the journal")
T_TB_TITLE = bilingual("科目余额表", "Trial balance")
T_OPEN = bilingual("打开凭证", "Open the voucher")
T_PRINT_VOUCHER = bilingual("打印凭证…", "Print the voucher…")


class JournalPage(Page):
    printable = True

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.last_dialog: Any = None  # the dialog opened last (tests and screenshots look at it)
        self.last_op: Op[Any] | None = None
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.status = QLabel()
        self.status.setObjectName("statCaption")
        self.new_button = QPushButton()
        self.new_button.clicked.connect(lambda: self.new_voucher())
        self.reverse_button = QPushButton()
        self.reverse_button.clicked.connect(lambda: self.reverse_selected())
        self.close_button = QPushButton()
        self.close_button.clicked.connect(lambda: self.close_month())
        self.reopen_button = QPushButton()
        self.reopen_button.clicked.connect(lambda: self.reopen_month())
        self.month_end_button = QPushButton()
        self.month_end_button.clicked.connect(lambda: self.month_end())
        self.export_button = QPushButton()
        self.export_button.clicked.connect(lambda: self.export_current())
        self.print_button = QPushButton()
        self.print_button.clicked.connect(lambda: self.print_document())

        # -- the journal tab (序时账) --------------------------------------------------------
        self.heading = QLabel()
        self.heading.setObjectName("statCaption")
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
            w.dateChanged.connect(self.refresh_journal)
        self.all_dates.toggled.connect(self._on_all_dates)
        self._on_all_dates(True)
        self.model = LazyTableModel(COLUMNS, self, page_size=500)
        self.view = TableView(self.model, self, name="journal", state_store=ctx.settings)
        self.view.activated.connect(self._on_journal_activated)
        journal_tab = QWidget()
        bar = QHBoxLayout()
        bar.addWidget(self.heading)
        bar.addStretch(1)
        bar.addWidget(self.all_dates)
        bar.addSpacing(12)
        for w in (self.from_label, self.start, self.to_label, self.end):
            bar.addWidget(w)
        jl = QVBoxLayout(journal_tab)
        jl.setContentsMargins(0, 8, 0, 0)
        jl.addLayout(bar)
        jl.addWidget(self.view, 1)

        # -- the ledgers ---------------------------------------------------------------------
        self.general = GeneralLedgerTab(self.book, ctx.settings)
        self.detail = DetailLedgerTab(self.book, ctx.settings)
        self.trial = TrialBalanceTab(self.book, ctx.settings)
        self.general.drill.connect(self.show_detail)
        self.trial.drill.connect(self.show_detail)
        self.detail.open_voucher.connect(self.open_voucher)
        for view in (self.view, self.detail.view):
            row_menu(view, self._voucher_menu)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for w in (journal_tab, self.general, self.detail, self.trial):
            self.tabs.addTab(w, "")
        self._tab_stale = {TAB_GENERAL: True, TAB_DETAIL: True, TAB_TRIAL: True}
        self.tabs.currentChanged.connect(self._on_tab)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        for b in (self.new_button, self.reverse_button, self.month_end_button, self.close_button,
                  self.reopen_button, self.export_button, self.print_button):  # fmt: skip
            top.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        # the period on a line of its own: beside seven buttons it made the English page wider
        # than a 1366-pixel screen
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)
        self.retranslate()

    # -- journal -------------------------------------------------------------------------------
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
            self.refresh_journal()

    def _rows(self) -> Iterator[JournalRow]:
        start, end = self.date_range()
        # The read session stays open while rows page in; closing the generator ends it.
        with self.book.read() as s:
            yield from ledger.journal(s, start, end)

    def refresh_journal(self) -> None:
        self.model.set_iterator_source(self._rows)

    def _on_journal_activated(self, row: JournalRow | None) -> None:
        if row is not None:
            self.open_voucher(row.voucher_id)

    # -- the page ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.refresh_journal()
        self.refresh_status()
        for k in self._tab_stale:
            self._tab_stale[k] = True
        self._refresh_tab(self.tabs.currentIndex())

    def refresh_status(self) -> None:
        with self.book.read() as s:
            current = ledger.current_period(s)
            closed = ledger.closed_through(s)
        text = T_STATUS.format(current=fmt_period(current))
        if closed is not None:
            text += T_STATUS_CLOSED.format(closed=fmt_period(closed))
        self.status.setText(text)
        self.reopen_button.setEnabled(closed is not None)

    def _refresh_tab(self, index: int) -> None:
        if self._tab_stale.get(index):
            self._tab_stale[index] = False
            tab = self.tabs.widget(index)
            tab.refresh()  # type: ignore[attr-defined]

    def _on_tab(self, index: int) -> None:
        self._refresh_tab(index)

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def show_detail(self, code: str, start: date, end: date) -> None:
        """Drill down: the detail ledger of `code` for the dates of the balance clicked."""
        self._tab_stale[TAB_DETAIL] = False
        self.tabs.setCurrentIndex(TAB_DETAIL)
        self.detail.show_account(code, start, end)

    def open_voucher(self, voucher_id: int) -> VoucherDialog:
        dlg = VoucherDialog(self.book, voucher_id, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        self.last_dialog = dlg
        return dlg

    def selected_voucher_id(self) -> int | None:
        index = self.tabs.currentIndex()
        if index == TAB_JOURNAL:
            row = self.view.current_row()
            return row.voucher_id if isinstance(row, JournalRow) else None
        if index == TAB_DETAIL:
            return self.detail.current_voucher_id()
        return None

    def _voucher_menu(self, menu: QMenu, rows: list[Any]) -> None:
        vid = getattr(rows[0], "voucher_id", None)
        if vid is None:
            return  # an opening, total or closing row of a ledger
        for text, slot in (
            (T_OPEN, lambda: self.open_voucher(vid)),
            (T_REVERSE, lambda: self.reverse_voucher(vid)),
            (T_PRINT_VOUCHER, lambda: self.print_voucher_id(vid)),
        ):
            act = menu.addAction(text.format())
            act.triggered.connect(lambda _c=False, slot=slot: slot())

    # -- actions -------------------------------------------------------------------------------
    def new_voucher(self) -> VoucherEntryDialog:
        dlg = VoucherEntryDialog(self.book, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        self.last_dialog = dlg
        return dlg

    def reverse_selected(self) -> ReverseDialog | None:
        vid = self.selected_voucher_id()
        if vid is None:
            show_warning(self, T_PICK_VOUCHER.format())
            return None
        return self.reverse_voucher(vid)

    def reverse_voucher(self, vid: int) -> ReverseDialog | None:
        with self.book.read() as s:
            v = ledger_views.voucher_view(s, vid)
        if not v.can_reverse:
            if v.reversed_by is not None:
                why = T_WHY_REVERSED.format(ref=v.reversed_by[1])
            elif v.reverses is not None:
                why = T_WHY_REVERSAL.format()
            else:
                why = T_WHY_CARRY.format()
            show_warning(self, T_CANNOT_REVERSE.format(ref=v.label, why=why))
            return None
        dlg = ReverseDialog(self.book, v, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        self.last_dialog = dlg
        return dlg

    def close_month(self) -> CloseMonthDialog:
        dlg = CloseMonthDialog(self.book, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        self.last_dialog = dlg
        return dlg

    def month_end(self) -> Any:
        from propdesk.ui.dialogs.month_end_wizard import MonthEndWizard

        wiz = MonthEndWizard(self.book, self)
        wiz.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wiz.open()
        self.last_dialog = wiz
        return wiz

    def reopen_month(self) -> ReopenDialog | None:
        with self.book.read() as s:
            closed = ledger.closed_through(s)
        if closed is None:
            show_warning(self, T_NOTHING_CLOSED.format())
            return None
        dlg = ReopenDialog(self.book, closed, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        self.last_dialog = dlg
        return dlg

    def export_current(self, path: Any = None) -> Op[Any] | None:
        """The current tab to Excel, written in the background with progress and cancel."""
        from propdesk.ui.print_preview import export_file

        index = self.tabs.currentIndex()
        if index == TAB_JOURNAL:
            make, name = self._journal_bytes, self._journal_name()
        else:
            tab: Any = self.tabs.widget(index)
            make, name = tab.export_bytes, tab.export_name()
        op = export_file(self, T_EXPORT_TITLE.format(), name, make, XLSX_FILTER, path)
        self.last_op = op
        return op

    def _journal_name(self) -> str:
        start, end = self.date_range()
        return "序时账.xlsx" if start is None else f"序时账{start}至{end}.xlsx"

    def _journal_bytes(self, progress: Progress) -> bytes:
        from propdesk.reports.ledgers import journal_report
        from propdesk.reports.xlsx.journal import write_journal

        start, end = self.date_range()
        buf = io.BytesIO()
        text = T_EXPORTING.format()
        with self.book.read() as s:
            write_journal(
                journal_report(s, start, end), buf,
                progress=lambda done, total: progress.report(done, total, text),
                cancelled=progress.cancelled,
            )  # fmt: skip
        return buf.getvalue()

    def print_document(self) -> Any:
        """Ctrl+P: the trial balance on its tab; elsewhere the selected line's voucher."""
        from propdesk.ui.print_preview import show_print_preview

        index = self.tabs.currentIndex()
        if index == TAB_TRIAL:
            try:
                data = self.trial.pdf_bytes()
            except Exception as exc:
                from propdesk.ui.errors import show_error

                show_error(exc, self)
                return None
            start, end = self.trial.periods()
            span = fmt_period(start) if start == end else f"{fmt_period(start)}至{fmt_period(end)}"
            self.last_dialog = show_print_preview(
                data, title=T_TB_TITLE.format(), suggested_name=f"科目余额表{span}.pdf",
                parent=self,
            )  # fmt: skip
            return self.last_dialog
        if index == TAB_GENERAL:
            show_warning(self, T_NO_PDF.format())
            return None
        vid = self.selected_voucher_id()
        if vid is None:
            show_warning(self, T_PICK_VOUCHER.format())
            return None
        return self.print_voucher_id(vid)

    def print_voucher_id(self, vid: int) -> Any:
        with self.book.read() as s:
            v = ledger_views.voucher_view(s, vid)
        self.last_dialog = print_voucher(self.book, v.period, v.number, self)
        return self.last_dialog

    # -- Ctrl+N while this page is current ------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        # The window's Ctrl+N makes a new book; on this page a shortcut override turns the
        # key into 新建凭证 before the window's action sees it.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            combo = QKeyCombination(event.modifiers(), Qt.Key(event.key()))
            if QKeySequence(combo).matches(QKeySequence(QKeySequence.StandardKey.New)) == (
                QKeySequence.SequenceMatch.ExactMatch
            ):
                event.accept()
                QTimer.singleShot(0, self.new_voucher)
                return True
        return super().event(event)

    def close_page(self) -> None:
        self.model.close()
        self.detail.model.close()
        super().close_page()

    def retranslate(self) -> None:
        self.title.setText(T_TITLE.format())
        self.new_button.setText(T_NEW.format())
        self.reverse_button.setText(T_REVERSE.format())
        self.close_button.setText(T_CLOSE.format())
        self.reopen_button.setText(T_REOPEN.format())
        self.month_end_button.setText(T_MONTH_END.format())
        self.export_button.setText(T_EXPORT.format())
        self.print_button.setText(T_PRINT.format())
        for i, t in enumerate(TAB_TITLES):
            self.tabs.setTabText(i, t.format())
        self.heading.setText(self.tr("Journal"))
        self.all_dates.setText(self.tr("All dates"))
        self.from_label.setText(self.tr("From"))
        self.to_label.setText(self.tr("to"))
        self.model.retranslate()
        for tab in (self.general, self.detail, self.trial):
            tab.retranslate()
        if hasattr(self, "status") and self.status.text():
            self.refresh_status()


__all__ = ["COLUMNS", "JournalPage"]
