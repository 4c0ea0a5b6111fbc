"""支出: the company's expenses of a month, filtered by compound and category, with a totals row
and the month's summary by category; new expense (Ctrl+N), pay a payable, reverse, open the
voucher. Reasonable costs of common resources are kept on the common-resources page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QKeyCombination, Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
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
from propdesk.core.periods import first_day, fmt_period, period_of
from propdesk.services import desk, expenses, ledger
from propdesk.services.desk import CompoundRow
from propdesk.services.expenses import ExpenseRow
from propdesk.ui.dialogs.expense_dialogs import ExpenseDialog, PayDialog, ReverseExpenseDialog
from propdesk.ui.dialogs.kit import (
    MUTED_BRUSH,
    TOTAL_BRUSH,
    CompoundCombo,
    DeskTableModel,
    PeriodEdit,
    row_menu,
)
from propdesk.ui.dialogs.voucher_dialogs import VoucherDialog
from propdesk.ui.errors import show_warning
from propdesk.ui.pages.base import Page, PageContext
from propdesk.ui.widgets.table import Column, TableView, fmt_date, money_column

T_TITLE = bilingual("支出", "Expenses")
T_MONTH = bilingual("月份：", "Month:")
T_COMPOUND = bilingual("小区：", "Compound:")
T_CATEGORY = bilingual("类别：", "Category:")
T_ALL_CATEGORIES = bilingual("全部类别", "All categories")
T_NEW = bilingual("新增支出 (Ctrl+N)", "New expense (Ctrl+N)")
T_PAY = bilingual("支付应付款…", "Pay payable…")
T_REVERSE = bilingual("冲销…", "Reverse…")
T_VOUCHER = bilingual("查看凭证", "Open voucher")
T_RESOURCE_COSTS = bilingual("公共资源合理成本…", "Common-resource costs…")
T_RESOURCE_HINT = bilingual(
    "停车、广告等公共资源的合理成本从业主共有收益中列支，请在「公共资源」页记录。",
    "Reasonable costs of common resources come out of the owners' money: record them on the "
    "Common resources page.",
)
T_TOTAL = bilingual("合计", "Total")
T_REVERSED = bilingual("已冲销（{ref}）", "Reversed ({ref})")
T_OWING = bilingual("未付 {amount}", "Owing {amount}")
T_PAID = bilingual("已付清", "Paid")
T_SUMMARY_TITLE = bilingual(
    "{period} 按类别：{count} 笔支出，合计 {amount}",
    "{period} by category: {count} expense(s), total {amount}",
)
T_PICK = bilingual("请先选中一笔支出", "Select an expense first")
T_NOT_PAYABLE = bilingual("这笔支出没有未付的应付款", "This expense has nothing left to pay")
T_ALREADY = bilingual("这笔支出已冲销", "This expense has already been reversed")


@dataclass(frozen=True, slots=True)
class TotalLine:
    """The totals row under the expenses: what is not reversed, and what is still owed."""

    amount: int
    outstanding: int
    count: int


def _status(r: ExpenseRow | TotalLine) -> str:
    if isinstance(r, TotalLine):
        return ""
    if r.reversed_by:
        return T_REVERSED.format(ref=r.reversed_by)
    if r.outstanding:
        return T_OWING.format(amount=format_amount(r.outstanding))
    if r.method in expenses.PAYABLE_METHODS:
        return T_PAID.format()
    return ""


def _method(r: ExpenseRow | TotalLine) -> str:
    if isinstance(r, TotalLine):
        return ""
    text = expenses.METHODS.get(r.method)
    return text.format() if text is not None else r.method


def _summary(r: ExpenseRow | TotalLine) -> str | None:
    """The summary without what its own columns show (the voucher's summary names the
    compound and the payee for the journal)."""
    if isinstance(r, TotalLine):
        return None
    text = r.summary
    if r.compound and text.startswith(f"{r.compound} "):
        text = text[len(r.compound) + 1 :]
    if r.payee and text.endswith(f"（{r.payee}）") and len(text) > len(r.payee) + 2:
        text = text[: -len(r.payee) - 2]
    return text


def _field(key: str) -> Any:
    return lambda r: None if isinstance(r, TotalLine) else getattr(r, key)


COLUMNS = (
    Column("voucher", bilingual("凭证", "Voucher"),
           value=lambda r: T_TOTAL.format() if isinstance(r, TotalLine) else r.voucher, width=16),
    Column("date", bilingual("日期", "Date"), value=_field("date"), fmt=fmt_date, width=10),
    Column("category_label", bilingual("类别", "Category"), value=_field("category_label"), width=18),
    Column("compound", bilingual("小区", "Compound"), value=_field("compound"), width=12),
    Column("payee", bilingual("收款方", "Payee"), value=_field("payee"), width=16),
    Column("summary", bilingual("摘要", "Summary"), value=_summary, stretch=True),
    Column("method", bilingual("付款方式", "Paid by"), value=_method, width=13),
    money_column("amount", bilingual("金额", "Amount"), width=12),
    money_column("outstanding", bilingual("未付", "Owing"), width=12, hidden=True),
    Column("status", bilingual("状态", "Status"), value=_status, width=21),
    Column("account", bilingual("科目", "Account"), value=_field("account"), hidden=True),
    Column("evidence", bilingual("凭据", "Evidence"),
           value=lambda r: "" if isinstance(r, TotalLine) else "；".join(r.evidence), hidden=True),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class SummaryLine:
    label: str
    account: str
    amount: int
    total: bool = False


SUMMARY_COLUMNS = (
    Column("label", bilingual("类别", "Category"), width=20),
    Column("account", bilingual("科目", "Account"), stretch=True),
    money_column("amount", bilingual("本月金额", "This month"), width=14),
)


def _foreground(r: ExpenseRow | TotalLine) -> QBrush | None:
    return MUTED_BRUSH if isinstance(r, ExpenseRow) and r.reversed else None


class ExpensesPage(Page):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.compounds: list[CompoundRow] = []
        self.last_dialog: Any = None
        self._period_set = False
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.period_label = QLabel()
        self.period = PeriodEdit()
        self.period_label.setBuddy(self.period)
        self.period.dateChanged.connect(lambda _d: self.refresh_rows())
        self.compound_label = QLabel()
        self.compound = CompoundCombo(with_all=True)
        self.compound_label.setBuddy(self.compound)
        self.compound.changed.connect(lambda _c: self.refresh_rows())
        self.category_label = QLabel()
        self.category = QComboBox()
        self.category.addItem(T_ALL_CATEGORIES.format(), None)
        for key, cat in expenses.CATEGORIES.items():
            self.category.addItem(cat.label.format(), key)
        self.category_label.setBuddy(self.category)
        self.category.currentIndexChanged.connect(lambda _i: self.refresh_rows())
        bar = QHBoxLayout()
        bar.addWidget(self.heading)
        bar.addStretch(1)
        for w in (self.period_label, self.period, self.compound_label, self.compound,
                  self.category_label, self.category):  # fmt: skip
            bar.addWidget(w)

        self.new_button = QPushButton()
        self.new_button.setObjectName("primary")
        self.new_button.clicked.connect(lambda: self.new_expense())
        self.pay_button = QPushButton()
        self.pay_button.clicked.connect(lambda: self.pay())
        self.reverse_button = QPushButton()
        self.reverse_button.clicked.connect(lambda: self.reverse())
        self.voucher_button = QPushButton()
        self.voucher_button.clicked.connect(lambda: self.open_voucher())
        self.resources_button = QPushButton()
        self.resources_button.clicked.connect(self.go_to_resources)
        actions = QHBoxLayout()
        for b in (self.new_button, self.pay_button, self.reverse_button, self.voucher_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.resources_button)

        self.model = DeskTableModel(
            COLUMNS, self, foreground=_foreground,
            background=lambda r: TOTAL_BRUSH if isinstance(r, TotalLine) else None,
            bold=lambda r: isinstance(r, TotalLine), pinned=lambda r: isinstance(r, TotalLine),
            tooltip=lambda r: "；".join(r.evidence) if isinstance(r, ExpenseRow) else "",
        )  # fmt: skip
        self.view = TableView(self.model, self, name="expenses", state_store=ctx.settings)
        self.model.attach(self.view)
        self.view.activated.connect(lambda r: self.open_voucher(r))
        row_menu(self.view, self._menu)

        self.summary_title = QLabel()
        self.summary_title.setObjectName("statCaption")
        self.summary_model = DeskTableModel(
            SUMMARY_COLUMNS, self, bold=lambda r: r.total, pinned=lambda r: r.total,
            background=lambda r: TOTAL_BRUSH if r.total else None,
        )  # fmt: skip
        self.summary_view = TableView(
            self.summary_model, self, name="expenses_summary", state_store=ctx.settings
        )
        self.summary_model.attach(self.summary_view)
        self.summary_view.search.setVisible(False)  # a dozen rows at most
        self.summary_view.count_label.setVisible(False)
        self.summary_view.activated.connect(self._on_summary_activated)
        self.hint = QLabel()
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)

        bottom = QWidget()
        bcol = QVBoxLayout(bottom)
        bcol.setContentsMargins(0, 0, 0, 0)
        bcol.addWidget(self.summary_title)
        bcol.addWidget(self.summary_view, 1)
        bcol.addWidget(self.hint)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([340, 300])  # the summary shows a dozen categories unscrolled
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(bar)
        layout.addLayout(actions)
        layout.addWidget(self.splitter, 1)
        self.retranslate()

    # reading ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        with self.book.read() as s:
            self.compounds = desk.compounds(s)
            current = ledger.current_period(s)
        self.compound.fill(self.compounds)
        if not self._period_set:  # first show: the first open month
            self._period_set = True
            self.period.blockSignals(True)
            self.period.set_period(current)
            self.period.blockSignals(False)
        self.refresh_rows()

    def refresh_rows(self) -> None:
        period = self.period.period()
        cid = self.compound.compound_id()
        key = self.category.currentData()
        with self.book.read() as s:
            rows = expenses.list_expenses(s, period, compound_id=cid, category=key)
            totals = expenses.month_totals(s, period, compound_id=cid)
            names = {t.account: ledger.full_name(s, t.account) for t in totals}
        live = [r for r in rows if not r.reversed]
        total = TotalLine(sum(r.amount for r in live), sum(r.outstanding for r in live), len(live))
        self.model.set_rows([*rows, total] if rows else [])
        self.totals = totals
        lines = [SummaryLine(t.label, f"{t.account} {names[t.account]}", t.amount)
                 for t in totals if t.amount]  # fmt: skip
        grand = sum(t.amount for t in totals)
        if lines:
            lines.append(SummaryLine(T_TOTAL.format(), "", grand, total=True))
        self.summary_model.set_rows(lines)
        self._summary_count = len(live)
        self._update_summary_title()
        self._update_buttons()

    def _update_summary_title(self) -> None:
        if not hasattr(self, "totals"):
            return
        self.summary_title.setText(T_SUMMARY_TITLE.format(
            period=fmt_period(self.period.period()), count=getattr(self, "_summary_count", 0),
            amount=format_amount(sum(t.amount for t in self.totals))))  # fmt: skip

    def rows(self) -> list[ExpenseRow]:
        return [r for r in self.model.rows() if isinstance(r, ExpenseRow)]

    def _current(self, row: Any = None) -> ExpenseRow | None:
        row = row if row is not None else self.view.current_row()
        return row if isinstance(row, ExpenseRow) else None

    def _update_buttons(self) -> None:
        has_rows = bool(self.rows())
        for b in (self.pay_button, self.reverse_button, self.voucher_button):
            b.setEnabled(has_rows)

    # actions ---------------------------------------------------------------------------------
    def new_expense(self) -> ExpenseDialog:
        with self.book.read() as s:
            current = ledger.current_period(s)
        period = max(self.period.period(), current)  # a closed month's expenses go to the next
        today = date.today()
        on = today if period == period_of(today) else first_day(period)
        dlg = ExpenseDialog(self.book, self.compounds, on=on,
                            compound_id=self.compound.compound_id(),
                            category=self.category.currentData(), parent=self)  # fmt: skip
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.accepted.connect(lambda: self._select(dlg.result_value))
        dlg.open()
        self.last_dialog = dlg
        return dlg

    def _select(self, ref: ledger.VoucherRef | None) -> None:
        if ref is None:
            return
        if ref.period != self.period.period():
            self.period.set_period(ref.period)  # show the month it went to
        for i in range(self.view.proxy.rowCount()):
            row = self.view.proxy.index(i, 0).data(Qt.ItemDataRole.UserRole + 1)
            if isinstance(row, ExpenseRow) and row.voucher_id == ref.id:
                self.view.table.selectRow(i)
                break

    def pay(self, row: ExpenseRow | None = None) -> PayDialog | None:
        r = self._current(row)
        if r is None:
            show_warning(self, T_PICK.format())
            return None
        if r.reversed or r.outstanding <= 0:
            show_warning(self, (T_ALREADY if r.reversed else T_NOT_PAYABLE).format())
            return None
        dlg = PayDialog(self.book, r, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        self.last_dialog = dlg
        return dlg

    def reverse(self, row: ExpenseRow | None = None) -> ReverseExpenseDialog | None:
        r = self._current(row)
        if r is None:
            show_warning(self, T_PICK.format())
            return None
        if r.reversed:
            show_warning(self, T_ALREADY.format())
            return None
        dlg = ReverseExpenseDialog(self.book, r, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        self.last_dialog = dlg
        return dlg

    def open_voucher(self, row: Any = None) -> VoucherDialog | None:
        r = self._current(row)
        if r is None:
            if row is None:
                show_warning(self, T_PICK.format())
            return None
        dlg = VoucherDialog(self.book, r.voucher_id, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        self.last_dialog = dlg
        return dlg

    def go_to_resources(self) -> None:
        window: Any = self.ctx.window
        if hasattr(window, "show_page"):
            window.show_page("resources")

    def _on_summary_activated(self, line: SummaryLine) -> None:
        if line.total:
            self.category.setCurrentIndex(0)
            return
        key = next((t.category for t in self.totals if t.label == line.label), None)
        i = self.category.findData(key) if key else -1
        if i >= 0:
            self.category.setCurrentIndex(i)

    def _menu(self, menu: QMenu, rows: list[Any]) -> None:
        r = self._current(rows[0])
        if r is None:
            return
        self._add(menu, T_VOUCHER.format(), lambda: self.open_voucher(r))
        if r.outstanding > 0 and not r.reversed:
            self._add(menu, T_PAY.format(), lambda: self.pay(r))
        if not r.reversed:
            self._add(menu, T_REVERSE.format(), lambda: self.reverse(r))

    def _add(self, menu: QMenu, text: str, slot: Any) -> QAction:
        act = menu.addAction(text)
        act.triggered.connect(lambda _c=False: slot())
        return act

    # -- Ctrl+N while this page is current ------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        # The window's Ctrl+N makes a new book; on this page it is 新增支出 (as 新建凭证 on the
        # vouchers page).
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            combo = QKeyCombination(event.modifiers(), Qt.Key(event.key()))
            if QKeySequence(combo).matches(QKeySequence(QKeySequence.StandardKey.New)) == (
                QKeySequence.SequenceMatch.ExactMatch
            ):
                event.accept()
                QTimer.singleShot(0, self.new_expense)
                return True
        return super().event(event)

    def retranslate(self) -> None:
        self.heading.setText(T_TITLE.format())
        self.period_label.setText(T_MONTH.format())
        self.compound_label.setText(T_COMPOUND.format())
        self.category_label.setText(T_CATEGORY.format())
        self.category.setItemText(0, T_ALL_CATEGORIES.format())
        for i, cat in enumerate(expenses.CATEGORIES.values(), start=1):
            self.category.setItemText(i, cat.label.format())
        self.compound.retranslate()
        self.new_button.setText(T_NEW.format())
        self.pay_button.setText(T_PAY.format())
        self.reverse_button.setText(T_REVERSE.format())
        self.voucher_button.setText(T_VOUCHER.format())
        self.resources_button.setText(T_RESOURCE_COSTS.format())
        self.resources_button.setToolTip(T_RESOURCE_HINT.format())
        self.hint.setText(T_RESOURCE_HINT.format())
        self.model.retranslate()
        self.summary_model.retranslate()
        if hasattr(self, "totals"):
            self.refresh_rows()  # category labels are read in the current language


__all__ = ["COLUMNS", "SUMMARY_COLUMNS", "ExpensesPage"]
