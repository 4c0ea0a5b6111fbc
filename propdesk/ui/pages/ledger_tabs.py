"""The ledger tabs of 凭证与账簿: general ledger (总账), detail ledger (明细账, with an optional
compound/unit dimension and a running balance) and trial balance (科目余额表), each exporting
to Excel through the existing renderers; drill-down is signalled to the page."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from propdesk.core.i18n import bilingual
from propdesk.core.periods import first_day, fmt_period, last_day
from propdesk.core.progress import Progress
from propdesk.db.store import Book
from propdesk.services import desk, ledger, ledger_views
from propdesk.services.ledger import GLRow, LedgerLine, TBRow
from propdesk.ui.dialogs.kit import TOTAL_BRUSH, CompoundCombo, DeskTableModel, PeriodEdit
from propdesk.ui.widgets.date_edit import DateEdit
from propdesk.ui.widgets.picker import SearchPicker
from propdesk.ui.widgets.table import CENTER, Column, TableView, fmt_date, money_column

XLSX_FILTER = "Excel (*.xlsx)"
SUMMARY_KINDS = ("opening", "month", "year", "closing")
PARENT_BRUSH = QBrush(QColor("#f6f8fb"))

T_ACCOUNT = bilingual("科目：", "Account:")
T_YEAR = bilingual("年度：", "Year:")
T_FROM = bilingual("从", "From")
T_TO = bilingual("至", "to")
T_COMPOUND = bilingual("小区：", "Compound:")
T_UNIT = bilingual("房屋：", "Unit:")
T_LEVEL1 = bilingual("只看一级科目", "First-level accounts only")
T_PICK_ACCOUNT = bilingual("请选择科目", "Pick an account")
T_BALANCED = bilingual("试算平衡", "The trial balance balances")
T_UNBALANCED = bilingual("试算不平衡，请检查账簿", "The trial balance does not balance")
T_DRILL_HINT = bilingual(
    "双击余额查看该科目本期明细账", "Double-click a balance for the account's detail ledger"
)
T_DL_HINT = bilingual("双击分录打开凭证", "Double-click a line to open its voucher")
T_GL_HINT = bilingual("双击月份查看该月明细账", "Double-click a month for its detail ledger")
T_ANY_UNIT = bilingual("全部房屋", "All units")


def side(net: int) -> str:
    return ledger.balance_side(net)[0]


def side_amount(net: int) -> int:
    return ledger.balance_side(net)[1]


def _indent(r: TBRow) -> str:
    return r.name if r.level <= 1 else "　" * (r.level - 1) + r.name


# -- trial balance ----------------------------------------------------------------------------
TB_COLUMNS = (
    Column("code", bilingual("科目编码", "Code"), width=10),
    Column("name", bilingual("科目名称", "Account name"), value=_indent, stretch=True),
    money_column("opening_debit", bilingual("期初借方", "Opening debit"), width=14),
    money_column("opening_credit", bilingual("期初贷方", "Opening credit"), width=14),
    money_column("debit", bilingual("本期借方", "Period debit"), width=14),
    money_column("credit", bilingual("本期贷方", "Period credit"), width=14),
    money_column("closing_debit", bilingual("期末借方", "Closing debit"), width=14),
    money_column("closing_credit", bilingual("期末贷方", "Closing credit"), width=14),
)


def _tb_total(r: TBRow) -> bool:
    return r.code == ""


def tb_model(parent: Any = None) -> DeskTableModel:
    return DeskTableModel(
        TB_COLUMNS, parent, pinned=_tb_total, bold=lambda r: _tb_total(r) or r.level == 1,
        background=lambda r: TOTAL_BRUSH if _tb_total(r) else (None if r.is_leaf else PARENT_BRUSH),
    )  # fmt: skip


class TrialBalanceTab(QWidget):
    """科目余额表 for a month or a range of months; parents roll up their children."""

    drill = Signal(str, object, object)  # account code, start date, end date

    def __init__(self, book: Book, settings: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.tb: ledger.TrialBalance | None = None
        self.from_label = QLabel()
        self.to_label = QLabel()
        self.start = PeriodEdit()
        self.end = PeriodEdit()
        self.from_label.setBuddy(self.start)
        self.to_label.setBuddy(self.end)
        self.level1 = QCheckBox()
        self.status = QLabel()
        self.hint = QLabel()
        self.hint.setObjectName("muted")
        for w in (self.start, self.end):
            w.dateChanged.connect(lambda _d: self.refresh())
        self.level1.toggled.connect(lambda _on: self.refresh())
        self.model = tb_model(self)
        self.view = TableView(self.model, self, name="trial_balance", state_store=settings)
        self.model.attach(self.view)
        self.view.activated.connect(self._on_activated)
        bar = QHBoxLayout()
        for w in (self.from_label, self.start, self.to_label, self.end):
            bar.addWidget(w)
        bar.addSpacing(12)
        bar.addWidget(self.level1)
        bar.addStretch(1)
        bar.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.hint)
        self._initialised = False
        self.retranslate()

    def set_range(self, start: int, end: int | None = None) -> None:
        for w, p in ((self.start, start), (self.end, end or start)):
            w.blockSignals(True)
            w.set_period(p)
            w.blockSignals(False)
        self.refresh()

    def periods(self) -> tuple[int, int]:
        a, b = self.start.period(), self.end.period()
        return (a, b) if a <= b else (b, a)

    def refresh(self) -> None:
        if not self._initialised:
            self._initialised = True
            with self.book.read() as s:
                current = ledger.current_period(s)
            self.set_range(current)
            return
        start, end = self.periods()
        with self.book.read() as s:
            tb = self.tb = ledger.trial_balance(s, start, end)
        rows = [r for r in tb.rows if r.level == 1] if self.level1.isChecked() else list(tb.rows)
        self.model.set_rows([*rows, tb.totals] if rows else [])
        self.status.setText((T_BALANCED if tb.balanced else T_UNBALANCED).format())
        self.status.setObjectName("" if tb.balanced else "errorText")
        self.status.setStyleSheet("" if tb.balanced else "color: #c62828;")

    def _on_activated(self, row: TBRow | None) -> None:
        if row is None or _tb_total(row):
            return
        start, end = self.periods()
        self.drill.emit(row.code, first_day(start), last_day(end))

    def export_bytes(self, _progress: Progress) -> bytes:
        from propdesk.reports.ledgers import trial_balance_report
        from propdesk.reports.xlsx.ledgers import write_trial_balance

        start, end = self.periods()
        buf = io.BytesIO()
        with self.book.read() as s:
            write_trial_balance(trial_balance_report(s, start, end), buf)
        return buf.getvalue()

    def export_name(self) -> str:
        start, end = self.periods()
        span = fmt_period(start) if start == end else f"{fmt_period(start)}至{fmt_period(end)}"
        return f"科目余额表{span}.xlsx"

    def pdf_bytes(self) -> bytes:
        from propdesk.reports.ledgers import trial_balance_report
        from propdesk.reports.pdf.statements import render_trial_balance

        start, end = self.periods()
        buf = io.BytesIO()
        with self.book.read() as s:
            render_trial_balance(trial_balance_report(s, start, end), buf)
        return buf.getvalue()

    def retranslate(self) -> None:
        self.from_label.setText(T_FROM.format())
        self.to_label.setText(T_TO.format())
        self.level1.setText(T_LEVEL1.format())
        self.hint.setText(T_DRILL_HINT.format())
        self.model.retranslate()
        if self.tb is not None:
            self.status.setText((T_BALANCED if self.tb.balanced else T_UNBALANCED).format())


# -- account picking --------------------------------------------------------------------------
class AccountPicker(SearchPicker):
    """Any account (parents too: their ledgers include their sub-accounts), by code or name."""

    def fill(self, book: Book) -> None:
        with book.read() as s:
            choices = ledger_views.account_choices(s)
        self.set_items((c.code, c.label) for c in choices)

    def code(self) -> str | None:
        key = self.current_key()
        return str(key) if key is not None else None


# -- general ledger ---------------------------------------------------------------------------
GL_COLUMNS = (
    Column("period", bilingual("期间", "Month"), align=CENTER, width=9,
           fmt=lambda p: fmt_period(p) if p else ""),
    Column("label", bilingual("摘要", "Summary"), stretch=True),
    money_column("debit", bilingual("借方", "Debit"), width=16),
    money_column("credit", bilingual("贷方", "Credit"), width=16),
    Column("side", bilingual("方向", "Dr/Cr"), align=CENTER, width=4,
           value=lambda r: side(r.balance)),
    money_column("balance", bilingual("余额", "Balance"), width=16,
                 value=lambda r: side_amount(r.balance)),
)  # fmt: skip


def gl_model(parent: Any = None) -> DeskTableModel:
    return DeskTableModel(
        GL_COLUMNS, parent, bold=lambda r: r.kind != "month",
        background=lambda r: TOTAL_BRUSH if r.kind != "month" else None,
    )  # fmt: skip


class GeneralLedgerTab(QWidget):
    """总账 of an account for a year: opening, then each month's movement, year-to-date, balance."""

    drill = Signal(str, object, object)

    def __init__(self, book: Book, settings: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.account_label = QLabel()
        self.account = AccountPicker()
        self.account.setMinimumContentsLength(24)
        self.account_label.setBuddy(self.account)
        self.year_label = QLabel()
        self.year = QSpinBox()
        self.year.setRange(1990, 2999)
        self.year.setValue(date.today().year)
        self.year_label.setBuddy(self.year)
        self.hint = QLabel()
        self.hint.setObjectName("muted")
        self.account.picked.connect(lambda _k: self.refresh_rows())
        self.year.valueChanged.connect(lambda _v: self.refresh_rows())
        self.model = gl_model(self)
        self.view = TableView(self.model, self, name="general_ledger", state_store=settings)
        self.view.table.setSortingEnabled(False)
        self.view.activated.connect(self._on_activated)
        bar = QHBoxLayout()
        for w in (self.account_label, self.account, self.year_label, self.year):
            bar.addWidget(w)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.hint)
        self._initialised = False
        self.retranslate()

    def show_account(self, code: str, year: int | None = None) -> None:
        self.account.blockSignals(True)
        self.year.blockSignals(True)
        self.account.set_current_key(code)
        if year is not None:
            self.year.setValue(year)
        self.account.blockSignals(False)
        self.year.blockSignals(False)
        self.refresh_rows()

    def refresh(self) -> None:
        self.account.fill(self.book)
        if not self._initialised:
            self._initialised = True
            with self.book.read() as s:
                self.year.blockSignals(True)
                self.year.setValue(ledger.current_period(s) // 100)
                self.year.blockSignals(False)
            if self.account.code() is None:
                self.account.set_current_key("1002")
        self.refresh_rows()

    def refresh_rows(self) -> None:
        code = self.account.code()
        if code is None:
            self.model.set_rows([])
            return
        with self.book.read() as s:
            rows = ledger.general_ledger(s, code, self.year.value())
        self.model.set_rows(rows)

    def _on_activated(self, line: GLRow | None) -> None:
        code = self.account.code()
        if line is None or code is None:
            return
        year = self.year.value()
        if line.period is None:  # the opening row: the whole year
            self.drill.emit(code, date(year, 1, 1), date(year, 12, 31))
        else:
            self.drill.emit(code, first_day(line.period), last_day(line.period))

    def export_bytes(self, _progress: Progress) -> bytes:
        from propdesk.reports.ledgers import general_ledger_report
        from propdesk.reports.xlsx.ledgers import write_general_ledger

        buf = io.BytesIO()
        with self.book.read() as s:
            write_general_ledger(
                general_ledger_report(s, self.year.value(), self.account.code()), buf
            )
        return buf.getvalue()

    def export_name(self) -> str:
        code = self.account.code()
        return f"总账{self.year.value()}" + (f"-{code}" if code else "") + ".xlsx"

    def retranslate(self) -> None:
        self.account_label.setText(T_ACCOUNT.format())
        self.account.lineEdit().setPlaceholderText(T_PICK_ACCOUNT.format())
        self.year_label.setText(T_YEAR.format())
        self.hint.setText(T_GL_HINT.format())
        self.model.retranslate()


# -- detail ledger ----------------------------------------------------------------------------
def _dl_amount(key: str) -> Callable[[LedgerLine], int]:
    def get(r: LedgerLine) -> int:
        return 0 if r.kind in ("opening", "closing") else int(getattr(r, key))

    return get


DL_COLUMNS = (
    Column("date", bilingual("日期", "Date"), align=CENTER, fmt=fmt_date, width=11),
    Column("voucher", bilingual("凭证号", "Voucher"), width=9),
    Column("account_code", bilingual("科目编码", "Code"), width=10),
    Column("summary", bilingual("摘要", "Summary"), stretch=True),
    money_column("debit", bilingual("借方", "Debit"), value=_dl_amount("debit"), width=16),
    money_column("credit", bilingual("贷方", "Credit"), value=_dl_amount("credit"), width=16),
    Column("side", bilingual("方向", "Dr/Cr"), align=CENTER, width=4,
           value=lambda r: side(r.balance)),
    money_column("balance", bilingual("余额", "Balance"), width=16,
                 value=lambda r: side_amount(r.balance)),
)  # fmt: skip


def dl_model(parent: Any = None, *, page_size: int = 2000) -> DeskTableModel:
    # paged like the journal: a receivable's ledger over a year may run to many thousand lines
    return DeskTableModel(
        DL_COLUMNS, parent, bold=lambda r: r.kind in SUMMARY_KINDS,
        background=lambda r: TOTAL_BRUSH if r.kind in SUMMARY_KINDS else None,
        page_size=page_size,
    )  # fmt: skip


class DetailLedgerTab(QWidget):
    """明细账 of an account (and its sub-accounts) over dates, optionally of one compound/unit."""

    open_voucher = Signal(int)

    def __init__(self, book: Book, settings: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.account_label = QLabel()
        self.account = AccountPicker()
        self.account.setMinimumContentsLength(24)
        self.account_label.setBuddy(self.account)
        self.from_label = QLabel()
        self.to_label = QLabel()
        today = date.today()
        self.start = DateEdit(today.replace(day=1))
        self.end = DateEdit(today)
        self.compound_label = QLabel()
        self.compound = CompoundCombo(with_all=True)
        self.compound_label.setBuddy(self.compound)
        self.unit_label = QLabel()
        self.unit = SearchPicker()
        self.unit.setMinimumContentsLength(10)
        self.unit_label.setBuddy(self.unit)
        self.hint = QLabel()
        self.hint.setObjectName("muted")
        self.account.picked.connect(lambda _k: self.refresh_rows())
        for w in (self.start, self.end):
            w.dateChanged.connect(lambda _d: self.refresh_rows())
        self.compound.changed.connect(self._on_compound)
        self.unit.picked.connect(lambda _k: self.refresh_rows())
        self.model = dl_model(self)
        self.view = TableView(self.model, self, name="detail_ledger", state_store=settings)
        self.view.activated.connect(self._on_activated)
        bar = QHBoxLayout()
        for w in (self.account_label, self.account, self.from_label, self.start, self.to_label,
                  self.end, self.compound_label, self.compound, self.unit_label,
                  self.unit):  # fmt: skip
            bar.addWidget(w)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.hint)
        self._initialised = False
        self.retranslate()

    def _set_quietly(self, fn: Callable[[], None]) -> None:
        widgets = (self.account, self.start, self.end, self.compound, self.unit)
        for w in widgets:
            w.blockSignals(True)
        try:
            fn()
        finally:
            for w in widgets:
                w.blockSignals(False)

    def show_account(
        self, code: str, start: date, end: date, compound_id: int | None = None,
        unit_id: int | None = None,
    ) -> None:  # fmt: skip
        """The detail ledger of `code` from `start` to `end` (drill-down from a balance)."""
        if not self._initialised:
            self.refresh()

        def apply() -> None:
            self.account.set_current_key(code)
            self.start.set_value(start)
            self.end.set_value(end)
            self.compound.set_compound_id(compound_id)
            self._fill_units()
            self.unit.set_current_key(unit_id)

        self._set_quietly(apply)
        self.refresh_rows()

    def filter(self) -> ledger.LedgerFilter:
        unit = self.unit.current_key()
        return ledger.LedgerFilter(
            compound_id=self.compound.compound_id(),
            unit_id=int(unit) if unit is not None else None,  # type: ignore[call-overload]
        )

    def refresh(self) -> None:
        self.account.fill(self.book)
        with self.book.read() as s:
            compounds = desk.compounds(s)
            current = ledger.current_period(s)
        self.compound.fill(compounds)
        if not self._initialised:
            self._initialised = True

            def first() -> None:
                self.start.set_value(first_day(current))
                self.end.set_value(last_day(current))
                if self.account.code() is None:
                    self.account.set_current_key("1002")

            self._set_quietly(first)
        self.refresh_rows()

    def _on_compound(self, _cid: object) -> None:
        self._set_quietly(self._fill_units)
        self.refresh_rows()

    def _fill_units(self) -> None:
        cid = self.compound.compound_id()
        if cid is None:
            self.unit.set_items([])
        else:
            with self.book.read() as s:
                self.unit.set_items((u.id, u.code) for u in ledger_views.units_of(s, cid))
        self.unit.setEnabled(cid is not None)

    def dates(self) -> tuple[date, date]:
        a, b = self.start.value(), self.end.value()
        return (a, b) if a <= b else (b, a)

    def refresh_rows(self) -> None:
        code = self.account.code()
        if code is None:
            self.model.set_rows([])
            return
        start, end = self.dates()
        flt = self.filter()
        book = self.book

        def rows() -> Iterator[LedgerLine]:
            # the read session stays open while rows page in; closing the generator ends it
            with book.read() as s:
                yield from ledger.detail_ledger(s, code, start, end, flt)

        with book.read() as s:
            leaf = ledger.account(s, code).is_leaf
        self.model.set_iterator_source(rows)
        # the code column matters only when sub-accounts are included
        self.view.table.setColumnHidden(self.model.column_index("account_code"), leaf)

    def _on_activated(self, line: LedgerLine | None) -> None:
        if line is not None and line.voucher_id is not None:
            self.open_voucher.emit(line.voucher_id)

    def current_voucher_id(self) -> int | None:
        row = self.view.current_row()
        return row.voucher_id if isinstance(row, LedgerLine) else None

    def export_bytes(self, progress: Progress) -> bytes:
        from propdesk.reports.common import letterhead
        from propdesk.reports.ledgers import DetailLedgerReport, DLSection
        from propdesk.reports.xlsx.ledgers import write_detail_ledger

        code = self.account.code()
        if code is None:
            from propdesk.core.errors import UserError

            raise UserError(T_PICK_ACCOUNT)
        start, end = self.dates()
        flt = self.filter()
        buf = io.BytesIO()
        with self.book.read() as s:
            name = ledger.full_name(s, code)
            section = DLSection(code, name, ledger.detail_ledger(s, code, start, end, flt))
            report = DetailLedgerReport(letterhead(s), start, end, ((code, name),), [section])
            write_detail_ledger(report, buf, cancelled=progress.cancelled)
        return buf.getvalue()

    def export_name(self) -> str:
        start, end = self.dates()
        return f"明细账-{self.account.code() or ''}-{start}至{end}.xlsx"

    def retranslate(self) -> None:
        self.account_label.setText(T_ACCOUNT.format())
        self.account.lineEdit().setPlaceholderText(T_PICK_ACCOUNT.format())
        self.from_label.setText(T_FROM.format())
        self.to_label.setText(T_TO.format())
        self.compound_label.setText(T_COMPOUND.format())
        self.compound.retranslate()
        self.unit_label.setText(T_UNIT.format())
        self.unit.lineEdit().setPlaceholderText(T_ANY_UNIT.format())
        self.hint.setText(T_DL_HINT.format())
        self.model.retranslate()


__all__ = [
    "DL_COLUMNS",
    "GL_COLUMNS",
    "TB_COLUMNS",
    "AccountPicker",
    "DetailLedgerTab",
    "GeneralLedgerTab",
    "TrialBalanceTab",
    "dl_model",
    "gl_model",
    "tb_model",
]
