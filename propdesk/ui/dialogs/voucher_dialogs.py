"""Voucher dialogs: manual entry (新建凭证) with account completion and a live 借贷差额, the
voucher window (lines, status, reversal link, print), reversing, month-end close and reopening."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from propdesk.core.errors import UserError, ValidationError
from propdesk.core.i18n import bilingual
from propdesk.core.money import fen_to_decimal, format_amount
from propdesk.core.periods import first_day, fmt_period
from propdesk.db.store import Book
from propdesk.services import desk, ledger, ledger_views
from propdesk.services.ledger_views import AccountChoice, VoucherView
from propdesk.ui.dialogs.form import FormDialog
from propdesk.ui.dialogs.kit import TOTAL_BRUSH, DeskTableModel
from propdesk.ui.dialogs.steps import commit_step
from propdesk.ui.errors import show_error
from propdesk.ui.signals import signals
from propdesk.ui.widgets.date_edit import DateEdit
from propdesk.ui.widgets.money_edit import MoneyEdit
from propdesk.ui.widgets.table import CENTER, Column, TableView, money_column

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from propdesk.ui.print_preview import PrintPreviewDialog

# -- texts ----------------------------------------------------------------------------------------
SOURCES = {
    ledger.SOURCE_MANUAL: bilingual("手工", "Manual"),
    ledger.SOURCE_IMPORT: bilingual("导入", "Import"),
    ledger.SOURCE_CARRY: bilingual("结转损益", "P&L carry"),
    ledger.SOURCE_YEAR_END: bilingual("年末结转", "Year-end carry"),
    ledger.SOURCE_REVERSAL: bilingual("冲销", "Reversal"),
    "billing": bilingual("收费", "Billing"),
    "payment": bilingual("收款", "Payment"),
    "prepaid": bilingual("预收", "Prepayment"),
    "refund": bilingual("退款", "Refund"),
    "waiver": bilingual("减免", "Waiver"),
    "late_fee": bilingual("违约金", "Late fee"),
    "trial": bilingual("先尝后买", "Trial service"),
}


def source_label(code: str) -> str:
    text = SOURCES.get(code)
    return text.format() if text is not None else code


T_ACCOUNT_FIELD = ledger.T_ACCOUNT_FIELD
T_NEW_VOUCHER = bilingual("新建凭证", "New voucher")
T_DATE = bilingual("日期", "Date")
T_SUMMARY = bilingual("摘要", "Summary")
T_ATTACHMENTS = bilingual("附件张数", "Attachments")
T_SHEETS = bilingual(" 张", "")
T_LINE_SUMMARY = bilingual("分录摘要", "Line summary")
T_ACCOUNT = bilingual("科目", "Account")
T_DEBIT = bilingual("借方金额", "Debit")
T_CREDIT = bilingual("贷方金额", "Credit")
T_COMPOUND = bilingual("小区", "Compound")
T_UNIT = bilingual("房屋", "Unit")
T_PROBLEM = bilingual("问题", "Problem")
T_ADD_LINE = bilingual("增加分录", "Add line")
T_REMOVE_LINE = bilingual("删除分录", "Remove line")
T_POST = bilingual("记账", "Post")
T_CANCEL = bilingual("取消", "Cancel")
T_CLOSE = bilingual("关闭", "Close")
T_TOTALS = bilingual(
    "借方合计 {debit}　贷方合计 {credit}　借贷差额 {diff}",
    "Debits {debit}   Credits {credit}   Difference {diff}",
)
T_BALANCED = bilingual("借贷平衡", "balanced")
T_ACCOUNT_HINT = bilingual("输入科目编码或名称的一部分", "type an account code or part of its name")
T_NO_MATCH = bilingual("找不到科目「{text}」", 'no account matches "{text}"')
T_MANY = bilingual(
    "「{text}」对应 {count} 个科目，请输入更多：{some}",
    '"{text}" matches {count} accounts; type more: {some}',
)
T_SUMMARY_HINT = bilingual("默认同凭证摘要", "the voucher's summary when empty")
T_ENTRY_NOTE = bilingual(
    "回车移到下一格，金额格中按“=”填入平衡金额，Ctrl+回车 记账。"
    "由收费、公共资源模块自动记账的科目和非末级科目不能手工录入。",
    'Enter moves to the next cell, "=" in an amount fills the balancing amount, Ctrl+Enter '
    "posts. Accounts kept by the fees or common-resources modules and accounts with "
    "sub-accounts cannot be posted by hand.",
)
T_POSTED = bilingual("已记账：{ref}", "Posted: {ref}")
T_FROM_FILE = bilingual("从文件读入…", "Read from a file…")
T_ONE_VOUCHER = bilingual(
    "文件中有 {count} 张凭证；这里一次录入一张（多张请用导入序时账）",
    "The file holds {count} vouchers; enter one at a time here (import a journal for many)",
)

T_VOUCHER = bilingual("记账凭证 {ref}", "Voucher {ref}")
T_NUMBER = bilingual("凭证号", "Voucher")
T_PREPARER = bilingual("制单", "Prepared by")
T_POSTED_AT = bilingual("记账时间", "Posted at")
T_SOURCE = bilingual("来源", "Source")
T_STATUS = bilingual("状态", "Status")
T_STATUS_NORMAL = bilingual("已记账", "Posted")
T_STATUS_REVERSED = bilingual("已被冲销（{ref}）", "Reversed by {ref}")
T_STATUS_REVERSAL = bilingual("冲销凭证，冲销 {ref}", "Reversal of {ref}")
T_STATUS_CLOSED = bilingual("，所在期间已结账", "; its month is closed")
T_OPEN_REVERSAL = bilingual("打开冲销凭证", "Open the reversal")
T_OPEN_ORIGINAL = bilingual("打开原凭证", "Open the original")
T_REVERSE = bilingual("冲销…", "Reverse…")
T_PRINT = bilingual("打印…", "Print…")
T_TOTAL = bilingual("合计", "Total")
T_CODE = bilingual("科目编码", "Code")
T_ACCOUNT_NAME = bilingual("科目名称", "Account name")
T_LINE = bilingual("行", "Line")

T_REVERSE_TITLE = bilingual("冲销凭证 {ref}", "Reverse voucher {ref}")
T_REVERSE_NOTE = bilingual(
    "将按原凭证借贷方向相反记一张冲销凭证，原凭证保持不变。摘要：{summary}，金额 {amount}。",
    "A reversing voucher with debits and credits swapped will be posted; the original stays "
    "as it is. Summary: {summary}, amount {amount}.",
)
T_REVERSE_DATE = bilingual("冲销日期", "Reversal date")
T_REASON = bilingual("原因", "Reason")
T_REASON_NEEDED = bilingual("请填写原因", "a reason is required")

T_CLOSE_TITLE = bilingual("月末结账 {period}", "Month-end close {period}")
T_CHECKS_OK = bilingual("账簿检查全部通过（{count} 项）。", "All {count} book checks passed.")
T_CHECKS_FAILED = bilingual(
    "账簿检查发现 {count} 处问题，请先处理后再结账：",
    "The book checks found {count} problem(s); fix them before closing:",
)
T_CLOSE_NOTE = bilingual(
    "结账将把 {period} 的损益结转到本年利润（12 月还将本年利润转入未分配利润），"
    "并锁定该期间：之后不能再在 {period} 记账，除非反结账。",
    "Closing carries {period}'s profit and loss to current-year profit (in December also to "
    "retained earnings) and locks the month: nothing more can be posted to {period} "
    "unless it is reopened.",
)
T_CLOSE_BUTTON = bilingual("结账", "Close the month")
T_CLOSED_DONE = bilingual("{period} 已结账", "{period} is closed")

T_REOPEN_TITLE = bilingual("反结账 {period}", "Reopen {period}")
T_REOPEN_NOTE = bilingual(
    "只能反结账最近结账的期间。反结账后该月解除锁定，可更正后重新结账；原因记入审计日志。",
    "Only the most recently closed month can be reopened. It is unlocked for corrections and "
    "can be closed again; the reason goes to the audit log.",
)
T_NOTHING_CLOSED = bilingual("还没有已结账的期间", "no month has been closed yet")
T_PERIOD = bilingual("期间", "Month")


# -- account completion ---------------------------------------------------------------------------
class AccountIndex:
    """Finds the account meant by what was typed: a code, or any part of the full name."""

    def __init__(self, choices: Sequence[AccountChoice]) -> None:
        self.choices = list(choices)
        self.by_code = {c.code: c for c in self.choices}
        self.usable = [c for c in self.choices if c.usable]

    def labels(self) -> list[str]:
        """What the completer offers: usable leaf accounts only."""
        return [c.label for c in self.usable]

    def resolve(self, text: str) -> tuple[AccountChoice | None, str | None]:
        """(account, None), (account, why it cannot be used), (None, what is wrong) or (None, None)
        for an empty cell."""
        text = text.strip()
        if not text:
            return None, None
        head = text.split()[0]
        found = self.by_code.get(head)
        if found is not None:
            return found, found.reason
        needle = text.lower()
        exact = [c for c in self.choices if needle in (c.name.lower(), c.full_name.lower())]
        exact_usable = [c for c in exact if c.usable]
        if len(exact_usable) == 1:
            return exact_usable[0], None
        matches = [c for c in self.usable if needle in c.label.lower()]
        if len(matches) == 1:
            return matches[0], None
        if len(exact) == 1:
            return exact[0], exact[0].reason
        if not matches:
            blocked = [c for c in self.choices if needle in c.label.lower()]
            if len(blocked) == 1:
                return blocked[0], blocked[0].reason
            return None, T_NO_MATCH.format(text=text)
        some = "、".join(c.label for c in matches[:3]) + ("…" if len(matches) > 3 else "")
        return None, T_MANY.format(text=text, count=len(matches), some=some)


class _CellMoney(MoneyEdit):
    """A MoneyEdit for a grid cell: its complaint goes to the line's problem cell instead."""

    problem = Signal(str)

    def _set_error(self, err: UserError | None) -> None:
        super()._set_error(err)
        self.error_label.setVisible(False)
        self.problem.emit(err.message if err is not None else "")


COL_SUMMARY, COL_ACCOUNT, COL_DEBIT, COL_CREDIT, COL_COMPOUND, COL_UNIT, COL_PROBLEM = range(7)
GRID_TITLES = (T_LINE_SUMMARY, T_ACCOUNT, T_DEBIT, T_CREDIT, T_COMPOUND, T_UNIT, T_PROBLEM)


@dataclass
class EntryLine:
    """The editors of one line of the voucher grid."""

    summary: QLineEdit
    account: QLineEdit
    debit: _CellMoney
    credit: _CellMoney
    compound: QComboBox
    unit: QComboBox
    problem: QLabel
    fit: Callable[[QLabel], None]
    account_problem: str = ""
    money_problem: str = ""

    def blank(self) -> bool:
        return not (
            self.account.text().strip()
            or self.debit.text().strip()
            or self.credit.text().strip()
            or self.summary.text().strip()
        )

    def show_problem(self, extra: Sequence[str] = ()) -> None:
        parts = [p for p in (self.account_problem, self.money_problem, *extra) if p]
        self.problem.setText("\n".join(parts))
        self.problem.setToolTip("\n".join(parts))
        self.fit(self.problem)


class VoucherEntryDialog(QDialog):
    """新建凭证: date, summary, lines; 记账 posts the voucher in one transaction or shows every
    problem the ledger found beside its line."""

    def __init__(self, book: Book, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.posted: ledger.VoucherRef | None = None
        self.setWindowTitle(T_NEW_VOUCHER.format())
        self.setMinimumSize(980, 520)
        with book.read() as s:
            self.index = AccountIndex(ledger_views.account_choices(s))
            self.compounds = [(c.id, c.name) for c in desk.compounds(s)]
            start = ledger_views.entry_date(s)
        self.date = DateEdit(start)
        self.summary = QLineEdit()
        self.summary.setMaxLength(200)
        self.summary.textChanged.connect(self._on_summary)
        self.attachments = QSpinBox()
        self.attachments.setRange(0, 999)
        self.attachments.setSuffix(T_SHEETS.format())
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        head = QHBoxLayout()
        head.addWidget(self.date)
        head.addSpacing(16)
        self.attach_label = QLabel(T_ATTACHMENTS.format())
        self.attach_label.setBuddy(self.attachments)
        head.addWidget(self.attach_label)
        head.addWidget(self.attachments)
        head.addStretch(1)
        self.date_label = QLabel(T_DATE.format())
        self.date_label.setBuddy(self.date)
        self.summary_label = QLabel(T_SUMMARY.format())
        self.summary_label.setBuddy(self.summary)
        form.addRow(self.date_label, head)
        form.addRow(self.summary_label, self.summary)

        self._model = QStringListModel(self.index.labels(), self)
        self.grid = QTableWidget(0, len(GRID_TITLES))
        self.grid.setHorizontalHeaderLabels([t.format() for t in GRID_TITLES])
        self._row_height = self.fontMetrics().height() + 16
        self.grid.verticalHeader().setDefaultSectionSize(self._row_height)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        hdr = self.grid.horizontalHeader()
        chars = self.fontMetrics().horizontalAdvance("0")
        for col, width in ((COL_SUMMARY, 14), (COL_ACCOUNT, 24), (COL_DEBIT, 11), (COL_CREDIT, 11),
                           (COL_COMPOUND, 10), (COL_UNIT, 8)):  # fmt: skip
            self.grid.setColumnWidth(col, chars * width + 16)
        hdr.setSectionResizeMode(COL_PROBLEM, QHeaderView.ResizeMode.Stretch)
        self.lines: list[EntryLine] = []
        self._popups: dict[QObject, EntryLine] = {}
        for _ in range(2):
            self.add_line()

        self.add_button = QPushButton(T_ADD_LINE.format())
        self.add_button.clicked.connect(lambda: self.add_line(focus=True))
        self.remove_button = QPushButton(T_REMOVE_LINE.format())
        self.remove_button.clicked.connect(self.remove_current_line)
        self.file_button = QPushButton(T_FROM_FILE.format())
        self.file_button.clicked.connect(lambda: self.fill_from_file())
        self.totals = QLabel()
        self.totals.setObjectName("statCaption")
        tools = QHBoxLayout()
        tools.addWidget(self.add_button)
        tools.addWidget(self.remove_button)
        tools.addWidget(self.file_button)
        tools.addStretch(1)
        tools.addWidget(self.totals)
        self.note = QLabel(T_ENTRY_NOTE.format())
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.buttons = QDialogButtonBox()
        self.post_button = self.buttons.addButton(
            T_POST.format(), QDialogButtonBox.ButtonRole.AcceptRole
        )
        cancel = self.buttons.addButton(T_CANCEL.format(), QDialogButtonBox.ButtonRole.RejectRole)
        for b in (self.post_button, cancel, self.add_button, self.remove_button, self.file_button):
            b.setAutoDefault(False)
            b.setDefault(False)
        self.post_button.clicked.connect(self.post)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.grid, 1)
        layout.addLayout(tools)
        layout.addWidget(self.note)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        for w in (self.date, self.summary):
            w.installEventFilter(self)
        self.update_totals()
        self.summary.setFocus()

    # -- lines ---------------------------------------------------------------------------------
    def add_line(self, *, focus: bool = False) -> EntryLine:
        row = self.grid.rowCount()
        self.grid.insertRow(row)
        summary = QLineEdit()
        summary.setPlaceholderText(self.summary.text() or T_SUMMARY_HINT.format())
        account = QLineEdit()
        account.setPlaceholderText(T_ACCOUNT_HINT.format())
        completer = QCompleter(self._model, account)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(12)
        account.setCompleter(completer)
        debit = _CellMoney(field=T_DEBIT)
        credit = _CellMoney(field=T_CREDIT)
        for m in (debit, credit):
            m.edit.setMinimumWidth(60)
        compound = QComboBox()
        compound.addItem("", None)
        for cid, name in self.compounds:
            compound.addItem(name, cid)
        unit = QComboBox()
        unit.addItem("", None)
        unit.setEnabled(False)
        problem = QLabel()
        problem.setObjectName("errorText")
        problem.setWordWrap(True)
        problem.setContentsMargins(4, 0, 4, 0)
        line = EntryLine(summary, account, debit, credit, compound, unit, problem, self._fit_row)
        for col, w in enumerate((summary, account, debit, credit, compound, unit, problem)):
            self.grid.setCellWidget(row, col, w)
        account.editingFinished.connect(lambda ln=line: self._check_account(ln))
        completer.activated.connect(lambda _t, ln=line: self._check_account(ln))
        for m in (debit, credit):
            m.valueChanged.connect(lambda _v: self.update_totals())
            m.edit.textChanged.connect(lambda _t: self.update_totals())
            m.problem.connect(lambda text, ln=line: self._money_problem(ln, text))
        compound.currentIndexChanged.connect(lambda _i, ln=line: self._fill_units(ln))
        for w in (summary, account, debit.edit, credit.edit, compound, unit):
            w.installEventFilter(self)
        # Enter in the open completion list: take its choice and move on (our filter on the
        # list runs before the completer's own)
        completer.popup().installEventFilter(self)
        self._popups[completer.popup()] = line
        self.lines.append(line)
        if focus:
            summary.setFocus()
        return line

    def _fit_row(self, label: QLabel) -> None:
        """Grow a line's row so its problems show whole (they wrap in the problem column)."""
        for row in range(self.grid.rowCount()):
            if self.grid.cellWidget(row, COL_PROBLEM) is label:
                width = max(self.grid.columnWidth(COL_PROBLEM), 120)
                need = label.heightForWidth(width) if label.text() else 0
                self.grid.setRowHeight(row, max(self._row_height, need + 6))
                return

    def remove_current_line(self) -> None:
        focus = self.focusWidget()
        for i, ln in enumerate(self.lines):
            if focus is not None and focus in self._editors(ln):
                if len(self.lines) > 2:
                    self.grid.removeRow(i)
                    self.lines.pop(i)
                self.update_totals()
                return

    def _editors(self, ln: EntryLine) -> list[QWidget]:
        return [ln.summary, ln.account, ln.debit.edit, ln.credit.edit, ln.compound, ln.unit]

    def _on_summary(self, text: str) -> None:
        for ln in self.lines:
            ln.summary.setPlaceholderText(text or T_SUMMARY_HINT.format())

    def _check_account(self, ln: EntryLine) -> AccountChoice | None:
        found, why = self.index.resolve(ln.account.text())
        if found is not None and ln.account.text().strip() != found.label:
            ln.account.setText(found.label)
        ln.account_problem = why or ""
        ln.show_problem()
        return found

    def _money_problem(self, ln: EntryLine, text: str) -> None:
        ln.money_problem = text or ln.debit.error() or ln.credit.error() or ""
        ln.show_problem()

    def _fill_units(self, ln: EntryLine) -> None:
        cid = ln.compound.currentData()
        ln.unit.clear()
        ln.unit.addItem("", None)
        if cid is not None:
            with self.book.read() as s:
                for u in ledger_views.units_of(s, int(cid)):
                    ln.unit.addItem(u.code, u.id)
        ln.unit.setEnabled(cid is not None)

    def fill_from_file(self, path: Path | None = None) -> bool:
        """Fill the form from a voucher file (CSV or JSON, see services.voucher_files); it is
        posted only when 记账 is pressed, after the clerk has looked at it."""
        from propdesk.services.voucher_files import read_voucher_file

        if path is None:
            name, _ = QFileDialog.getOpenFileName(
                self, T_FROM_FILE.format(), "", "CSV / JSON (*.csv *.json)"
            )
            if not name:
                return False
            path = Path(name)
        try:
            found = read_voucher_file(path)
        except UserError as exc:
            self._show_general([exc.message])
            return False
        if len(found) != 1:
            self._show_general([T_ONE_VOUCHER.format(count=len(found))])
            return False
        v = found[0]
        self.date.set_value(v.date)
        self.summary.setText(v.summary)
        self.attachments.setValue(v.attachments)
        while len(self.lines) < len(v.lines):
            self.add_line()
        cids = {self.lines[0].compound.itemData(i) for i in range(self.lines[0].compound.count())}
        for i, ln in enumerate(self.lines):
            src = v.lines[i] if i < len(v.lines) else None
            if src is None:
                for w in (ln.summary, ln.account):
                    w.clear()
                ln.debit.set_fen(None)
                ln.credit.set_fen(None)
                continue
            # a line with the voucher's own summary shows it as the placeholder
            ln.summary.setText("" if src.summary in (None, v.summary) else src.summary or "")
            ln.account.setText(src.account)
            if src.account:
                self._check_account(ln)
            ln.debit.set_fen(src.debit or None)
            ln.credit.set_fen(src.credit or None)
            if src.compound_id in cids:
                ln.compound.setCurrentIndex(ln.compound.findData(src.compound_id))
        self._show_general([])
        self.update_totals()
        return True

    # -- keyboard ------------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Equal
            and self._balance_cell(obj)
        ):
            return True
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            popup_of = self._popups.get(obj)
            if popup_of is not None:
                self._take_completion(popup_of)
                self._next_cell(popup_of.account)
            elif event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.post()
            elif obj is self.summary or obj is self.date:
                self.lines[0].summary.setFocus(Qt.FocusReason.TabFocusReason)
            else:
                self._next_cell(obj)
            return True
        return super().eventFilter(obj, event)

    def _balance_cell(self, obj: QObject) -> bool:
        """ "=" in an amount cell: the amount that balances the voucher, when it is on that side."""
        for ln in self.lines:
            for cell, is_debit in ((ln.debit, True), (ln.credit, False)):
                if obj is not cell.edit:
                    continue
                debit, credit = self.sums()
                own = cell.value_fen() or 0
                need = (credit - (debit - own)) if is_debit else (debit - (credit - own))
                if need > 0:
                    cell.edit.setText(str(fen_to_decimal(need)))
                    cell.edit.selectAll()
                    self.update_totals()
                return True
        return False

    def _take_completion(self, ln: EntryLine) -> None:
        popup = ln.account.completer().popup()
        if popup.isVisible():
            chosen = popup.currentIndex()
            if chosen.isValid():
                ln.account.setText(str(chosen.data()))
            popup.hide()

    def _next_cell(self, obj: QObject) -> None:
        for i, ln in enumerate(self.lines):
            order: list[QWidget] = [ln.summary, ln.account, ln.debit.edit, ln.credit.edit]
            if obj in (ln.compound, ln.unit):
                order += [ln.compound, ln.unit]
            if obj not in order:
                continue
            if obj is ln.account:
                self._take_completion(ln)
                self._check_account(ln)
            pos = order.index(obj)  # type: ignore[arg-type]
            # a debit typed: the credit of this line stays empty, go on to the next line
            skip_credit = obj is ln.debit.edit and ln.debit.value_fen()
            if pos + 1 < len(order) and not skip_credit:
                order[pos + 1].setFocus(Qt.FocusReason.TabFocusReason)
                return
            nxt = self.lines[i + 1] if i + 1 < len(self.lines) else None
            if nxt is None:
                if ln.blank():
                    self.post_button.setFocus()
                    return
                nxt = self.add_line()
            self.grid.scrollTo(self.grid.model().index(self.lines.index(nxt), 0))
            nxt.summary.setFocus(Qt.FocusReason.TabFocusReason)
            return

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.post()
            event.accept()  # Enter alone never posts: it moves through the cells
            return
        super().keyPressEvent(event)

    # -- totals --------------------------------------------------------------------------------
    def sums(self) -> tuple[int, int]:
        debit = sum(ln.debit.value_fen() or 0 for ln in self.lines)
        credit = sum(ln.credit.value_fen() or 0 for ln in self.lines)
        return debit, credit

    def difference(self) -> int:
        debit, credit = self.sums()
        return debit - credit

    def update_totals(self) -> None:
        debit, credit = self.sums()
        diff = debit - credit
        text = T_TOTALS.format(
            debit=format_amount(debit), credit=format_amount(credit), diff=format_amount(diff)
        )
        if not diff and debit:
            text += "　" + T_BALANCED.format()
        self.totals.setText(text)
        self.totals.setStyleSheet("color: #c62828;" if diff else "")

    # -- posting -------------------------------------------------------------------------------
    def voucher(self) -> tuple[ledger.NewVoucher, list[int]]:
        """The voucher as typed and, for each of its lines, the grid row it came from."""
        lines: list[ledger.Line] = []
        rows: list[int] = []
        for i, ln in enumerate(self.lines):
            if ln.blank():
                continue
            found, _why = self.index.resolve(ln.account.text())
            code = found.code if found is not None else ln.account.text().strip()
            summary = ln.summary.text().strip() or None
            cid = ln.compound.currentData()
            uid = ln.unit.currentData()
            lines.append(
                ledger.Line(
                    code,
                    debit=ln.debit.value_fen() or 0,
                    credit=ln.credit.value_fen() or 0,
                    summary=summary,
                    compound_id=int(cid) if cid is not None else None,
                    unit_id=int(uid) if uid is not None else None,
                )
            )
            rows.append(i)
        v = ledger.NewVoucher(
            self.date.value(), self.summary.text().strip(), lines,
            attachments=self.attachments.value(),
        )  # fmt: skip
        return v, rows

    def post(self) -> bool:
        """记账: one transaction; refused, every problem is shown and nothing is written."""
        for ln in self.lines:
            for m in (ln.debit, ln.credit):
                if m.text().strip():
                    m.setText(m.text())  # let an amount being typed show its complaint
            ln.show_problem()
        bad_money = [ln for ln in self.lines if ln.money_problem]
        if bad_money:
            self._show_general([])
            bad_money[0].debit.setFocus()
            return False
        v, rows = self.voucher()
        try:
            with self.book.write() as s:
                ref = ledger.post_voucher(s, v)
        except ValidationError as exc:
            self._show_problems(exc, rows)
            return False
        except UserError as exc:
            self._show_general([exc.message])
            return False
        except Exception as exc:
            show_error(exc, self)
            return False
        self.posted = ref
        signals().data_changed.emit()
        self.accept()
        return True

    def _show_problems(self, exc: ValidationError, rows: list[int]) -> None:
        per_row: dict[int, list[str]] = {}
        general: list[str] = []
        for p in exc.problems:
            if p.row is not None and 1 <= p.row <= len(rows):
                named = p.field == T_ACCOUNT_FIELD.format()  # the reason names the account
                text = f"{p.field}：{p.reason}" if p.field and not named else p.reason
                per_row.setdefault(rows[p.row - 1], []).append(text)
            else:
                general.append(f"{p.field}：{p.reason}" if p.field else p.reason)
        for i, ln in enumerate(self.lines):
            ln.account_problem = ""
            ln.show_problem(per_row.get(i, ()))
        head = exc._title.format(**exc.params)
        self._show_general([head, *general])

    def _show_general(self, texts: list[str]) -> None:
        self.problem.setText("\n".join(texts))
        self.problem.setVisible(bool(texts))

    def line_problems(self) -> list[str]:
        return [ln.problem.text() for ln in self.lines]


# -- the voucher window ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _ViewLine:
    line_no: int | None
    summary: str
    account_code: str
    account_name: str
    debit: int
    credit: int
    compound: str
    unit: str
    total: bool = False


VIEW_COLUMNS = (
    Column("line_no", T_LINE, align=CENTER, width=4),
    Column("summary", T_SUMMARY, stretch=True),
    Column("account_code", T_CODE, width=10),
    Column("account_name", T_ACCOUNT_NAME),
    money_column("debit", T_DEBIT, width=14),
    money_column("credit", T_CREDIT, width=14),
    Column("compound", T_COMPOUND, hidden=True),
    Column("unit", T_UNIT, hidden=True),
)


def status_text(v: VoucherView) -> str:
    if v.reversed_by is not None:
        text = T_STATUS_REVERSED.format(ref=v.reversed_by[1])
    elif v.reverses is not None:
        text = T_STATUS_REVERSAL.format(ref=v.reverses[1])
    else:
        text = T_STATUS_NORMAL.format()
    return text + (T_STATUS_CLOSED.format() if v.period_closed else "")


def print_voucher(book: Book, period: int, number: int, parent: QWidget | None) -> Any:
    """The voucher through the print preview (the form with its signature boxes)."""
    from propdesk.reports.pdf.voucher import render_vouchers
    from propdesk.reports.vouchers import voucher_batch
    from propdesk.ui.print_preview import show_print_preview

    buf = io.BytesIO()
    try:
        with book.read() as s:
            render_vouchers(voucher_batch(s, period, number), buf)
    except Exception as exc:
        show_error(exc, parent)
        return None
    label = ledger.voucher_label(period, number)
    return show_print_preview(
        buf.getvalue(),
        title=T_VOUCHER.format(ref=label),
        suggested_name=f"记账凭证{label.replace(' ', '-')}.pdf",
        parent=parent,
    )


class VoucherDialog(QDialog):
    """One voucher, read-only: header, lines, status with its reversal link; print, reverse."""

    def __init__(self, book: Book, voucher_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.voucher_id = voucher_id
        self.setMinimumSize(960, 460)
        self.preview: PrintPreviewDialog | None = None
        self.values: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for key, title in (("number", T_NUMBER), ("date", T_DATE), ("summary", T_SUMMARY),
                           ("attachments", T_ATTACHMENTS), ("preparer", T_PREPARER),
                           ("posted_at", T_POSTED_AT), ("source", T_SOURCE),
                           ("status", T_STATUS)):  # fmt: skip
            lbl = QLabel()
            lbl.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            lbl.setWordWrap(True)
            form.addRow(QLabel(title.format()), lbl)
            self.values[key] = lbl
        self.model = DeskTableModel(
            VIEW_COLUMNS, self, bold=lambda r: r.total,
            background=lambda r: TOTAL_BRUSH if r.total else None,
        )  # fmt: skip
        self.view = TableView(self.model, self)
        self.view.search.setVisible(False)
        self.view.count_label.setVisible(False)
        self.view.table.setSortingEnabled(False)
        self.link_button = QPushButton()
        self.link_button.clicked.connect(self.open_link)
        self.reverse_button = QPushButton(T_REVERSE.format())
        self.reverse_button.clicked.connect(self.reverse)
        self.print_button = QPushButton(T_PRINT.format())
        self.print_button.clicked.connect(self.print_)
        close = QPushButton(T_CLOSE.format())
        close.clicked.connect(self.reject)
        bar = QHBoxLayout()
        for b in (self.link_button, self.reverse_button):
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)
        self.v: VoucherView | None = None
        self.load()

    def load(self) -> None:
        with self.book.read() as s:
            v = self.v = ledger_views.voucher_view(s, self.voucher_id)
        self.setWindowTitle(T_VOUCHER.format(ref=v.label))
        vals = {
            "number": v.label, "date": v.date.isoformat(), "summary": v.summary,
            "attachments": str(v.attachments), "preparer": v.preparer,
            "posted_at": v.posted_at.strftime("%Y-%m-%d %H:%M"), "source": source_label(v.source),
            "status": status_text(v),
        }  # fmt: skip
        for key, text in vals.items():
            self.values[key].setText(text)
        rows = [_ViewLine(ln.line_no, ln.summary, ln.account_code, ln.account_name, ln.debit,
                          ln.credit, ln.compound, ln.unit) for ln in v.lines]  # fmt: skip
        rows.append(_ViewLine(None, T_TOTAL.format(), "", "", v.total_debit, v.total_credit,
                              "", "", total=True))  # fmt: skip
        if any(ln.compound or ln.unit for ln in v.lines):  # before the rows: sized with them
            for key in ("compound", "unit"):
                self.view.set_column_visible(key, True)
        self.model.set_rows(rows)
        link = v.reversed_by or v.reverses
        self.link_button.setVisible(link is not None)
        if link is not None:
            text = T_OPEN_REVERSAL if v.reversed_by is not None else T_OPEN_ORIGINAL
            self.link_button.setText(f"{text.format()}（{link[1]}）")
        self.reverse_button.setEnabled(v.can_reverse)

    def open_link(self) -> VoucherDialog | None:
        v = self.v
        link = (v.reversed_by or v.reverses) if v is not None else None
        if link is None:
            return None
        dlg = VoucherDialog(self.book, link[0], self.parentWidget())
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def reverse(self) -> ReverseDialog | None:
        if self.v is None or not self.v.can_reverse:
            return None
        dlg = ReverseDialog(self.book, self.v, self)
        dlg.accepted.connect(self.load)
        dlg.open()
        return dlg

    def print_(self) -> Any:
        if self.v is None:
            return None
        self.preview = print_voucher(self.book, self.v.period, self.v.number, self)
        return self.preview


# -- reverse, close, reopen -----------------------------------------------------------------------
class ReverseDialog(FormDialog):
    """冲销: the date of the reversing voucher and the reason (required, kept in the audit log)."""

    def __init__(self, book: Book, v: VoucherView, parent: QWidget | None = None) -> None:
        super().__init__(book, parent, T_REVERSE_TITLE.format(ref=v.label))
        self.v = v
        with book.read() as s:
            current = ledger.current_period(s)
        # in the original's month while it is open, else the first open month
        start = v.date if v.period >= current else first_day(current)
        note = QLabel(T_REVERSE_NOTE.format(summary=v.summary, amount=format_amount(v.total_debit)))
        note.setWordWrap(True)
        self.form.insertRow(0, note)
        self.on = self.add_field("on", T_REVERSE_DATE.format(), DateEdit(start))
        self.reason = self.add_field("reason", T_REASON.format(), QLineEdit())
        self.ok_button.setText(T_REVERSE.format().rstrip("…"))
        self.reason.setFocus()

    def validate(self) -> dict[str, str]:
        assert isinstance(self.reason, QLineEdit)
        return {} if self.reason.text().strip() else {"reason": T_REASON_NEEDED.format()}

    def save(self, session: Session) -> ledger.VoucherRef:
        assert isinstance(self.on, DateEdit) and isinstance(self.reason, QLineEdit)
        return ledger.reverse_voucher(
            session, self.v.id, on=self.on.value(), reason=self.reason.text()
        )

    def field_of(self, exc: UserError) -> str | None:
        return "reason" if exc.text is ledger.T_REASON_NEEDED else None


class CloseMonthDialog(QDialog):
    """结账: the book checks first (run_checks), then close the first open month."""

    closed = Signal(int)

    def __init__(self, book: Book, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from propdesk.services.check import run_checks

        self.book = book
        with book.read() as s:
            self.period = ledger.current_period(s)
            self.report = run_checks(s)
        label = fmt_period(self.period)
        self.setWindowTitle(T_CLOSE_TITLE.format(period=label))
        self.setMinimumWidth(520)
        self.checks = QLabel()
        self.checks.setWordWrap(True)
        self.problems = QListWidget()
        for name, msg in self.report.violations:
            self.problems.addItem(f"[{name}] {msg}")
        self.problems.setVisible(not self.report.ok)
        if self.report.ok:
            self.checks.setText(T_CHECKS_OK.format(count=self.report.checks_run))
        else:
            self.checks.setObjectName("errorText")
            self.checks.setText(T_CHECKS_FAILED.format(count=len(self.report.violations)))
        note = QLabel(T_CLOSE_NOTE.format(period=label))
        note.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.buttons = QDialogButtonBox()
        self.close_button = self.buttons.addButton(
            T_CLOSE_BUTTON.format(), QDialogButtonBox.ButtonRole.AcceptRole
        )
        cancel = self.buttons.addButton(T_CANCEL.format(), QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.setEnabled(self.report.ok)
        self.close_button.clicked.connect(self.close_month)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.checks)
        layout.addWidget(self.problems, 1)
        layout.addWidget(note)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def close_month(self) -> bool:
        if not self.report.ok:
            return False
        period = self.period
        if not commit_step(self, self.book, lambda s: ledger.close_period(s, period), self.problem):
            return False
        self.closed.emit(self.period)
        self.accept()
        return True


class ReopenDialog(FormDialog):
    """反结账 of the latest closed month, with a required reason."""

    def __init__(self, book: Book, period: int, parent: QWidget | None = None) -> None:
        super().__init__(book, parent, T_REOPEN_TITLE.format(period=fmt_period(period)))
        self.period = period
        note = QLabel(T_REOPEN_NOTE.format())
        note.setWordWrap(True)
        self.form.insertRow(0, note)
        shown = QLabel(fmt_period(period))
        self.form.insertRow(1, QLabel(T_PERIOD.format()), shown)
        self.reason = self.add_field("reason", T_REASON.format(), QLineEdit())
        self.ok_button.setText(T_REOPEN_TITLE.format(period="").strip())
        self.reason.setFocus()

    def validate(self) -> dict[str, str]:
        assert isinstance(self.reason, QLineEdit)
        return {} if self.reason.text().strip() else {"reason": T_REASON_NEEDED.format()}

    def save(self, session: Session) -> int:
        assert isinstance(self.reason, QLineEdit)
        ledger.reopen_period(session, self.period, self.reason.text())
        return self.period

    def field_of(self, exc: UserError) -> str | None:
        return "reason" if exc.text is ledger.T_REASON_NEEDED else None


def latest_closed(book: Book) -> int | None:
    with book.read() as s:
        return ledger.closed_through(s)


__all__ = [
    "SOURCES",
    "AccountIndex",
    "CloseMonthDialog",
    "ReopenDialog",
    "ReverseDialog",
    "VoucherDialog",
    "VoucherEntryDialog",
    "latest_closed",
    "print_voucher",
    "source_label",
]
