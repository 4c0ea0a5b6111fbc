"""支出 dialogs: a new expense (checked as it is typed, evidence files attached), paying a payable
later, and reversing an expense or a payment with a reason (the confirmation)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from propdesk.core.errors import UserError
from propdesk.core.i18n import Text, bilingual
from propdesk.core.money import format_amount
from propdesk.core.periods import fmt_period, period_of
from propdesk.db.store import Book
from propdesk.services import expenses, ledger, votes
from propdesk.services.desk import CompoundRow
from propdesk.services.expenses import ExpenseRow, NewExpense
from propdesk.ui.dialogs import voucher_dialogs
from propdesk.ui.dialogs.form import FormDialog, parse_money
from propdesk.ui.widgets.date_edit import DateEdit
from propdesk.ui.widgets.money_edit import MoneyEdit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# the voucher dialog names a voucher's source; these two are this module's
voucher_dialogs.SOURCES.setdefault(expenses.SOURCE, bilingual("支出", "Expense"))
voucher_dialogs.SOURCES.setdefault(expenses.SOURCE_PAY, bilingual("支付应付款", "Payable paid"))

T_NEW = bilingual("新增支出", "New expense")
T_DATE = bilingual("日期：", "Date:")
T_CATEGORY = bilingual("类别：", "Category:")
T_AMOUNT = bilingual("金额：", "Amount:")
T_AMOUNT_FIELD = bilingual("金额", "Amount")
T_METHOD = bilingual("付款方式：", "Paid by:")
T_PAYEE = bilingual("收款方：", "Payee:")
T_COMPOUND = bilingual("小区：", "Compound:")
T_COMPANY = bilingual("（公司整体，不分小区）", "(the company as a whole)")
T_SUMMARY = bilingual("摘要：", "Summary:")
T_EVIDENCE = bilingual("凭据：", "Evidence:")
T_ADD_FILE = bilingual("添加文件…", "Add file…")
T_REMOVE_FILE = bilingual("移除", "Remove")
T_CHOOSE = bilingual("选择凭据文件", "Choose evidence files")
T_SCANS = bilingual(
    "扫描件 (*.pdf *.jpg *.jpeg *.png);;所有文件 (*)",
    "Scans (*.pdf *.jpg *.jpeg *.png);;All files (*)",
)
T_NO_FILE = bilingual("文件不存在：{path}", "no such file: {path}")
T_PICK_CATEGORY = bilingual("请选择类别", "choose a category")
T_SUMMARY_HINT = bilingual(
    "如 更换3号楼楼道灯（留空则用类别名）", "e.g. stairwell lights (blank: the category)"
)
T_PAYEE_HINT = bilingual("如 供电公司、李师傅", "e.g. the power company")
T_POSTS = bilingual("将记账：借 {debit} / 贷 {credit}", "Will post: Dr {debit} / Cr {credit}")
T_EVIDENCE_NOTE = bilingual(
    "凭据文件只记文件名和校验值（SHA-256），附件张数记在凭证上；原件请按凭证号归档。",
    "Evidence files are kept by name and SHA-256; the voucher counts them. File the originals "
    "with the voucher.",
)
T_PAY = bilingual("支付应付款 {ref}", "Pay what {ref} left owing")
T_PAY_INFO = bilingual("{summary}\n未付：{outstanding}", "{summary}\nStill owed: {outstanding}")
T_PAY_FROM = bilingual("付款账户：", "Paid from:")
T_REVERSE = bilingual("冲销支出 {ref}", "Reverse expense {ref}")
T_REVERSE_NOTE = bilingual(
    "将按原分录借贷互换，生成冲销凭证：{summary}，金额 {amount}。冲销后不能撤回。",
    "A reversing voucher swaps the original's debits and credits: {summary}, {amount}. "
    "It cannot be undone.",
)
T_REVERSE_DATE = bilingual("冲销日期：", "Reversal date:")
T_REASON = bilingual("原因：", "Reason:")
T_REASON_NEEDED = bilingual("请填写原因", "a reason is required")
T_REVERSE_BUTTON = bilingual("冲销", "Reverse")


def _t(text: Text, **params: object) -> str:
    return text.format(**params)


def closed_through(book: Book) -> int | None:
    with book.read() as s:
        return ledger.closed_through(s)


def closed_problem(on: date, locked: int | None) -> str | None:
    if locked is not None and period_of(on) <= locked:
        return _t(expenses.T_CLOSED, period=fmt_period(period_of(on)))
    return None


class ExpenseDialog(FormDialog):
    """新增支出: date, category, amount, how it was paid, payee, compound, summary, evidence.
    Every field is checked as it is typed; OK posts one voucher."""

    def __init__(
        self,
        book: Book,
        compounds: list[CompoundRow],
        *,
        on: date | None = None,
        compound_id: int | None = None,
        category: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(book, parent, _t(T_NEW))
        self.setMinimumWidth(520)
        self.locked = closed_through(book)
        self.on = DateEdit(on or date.today())
        self.category = QComboBox()
        for key, cat in expenses.CATEGORIES.items():
            self.category.addItem(cat.label.format(), key)
        self.category.setCurrentIndex(max(self.category.findData(category or "repairs"), 0))
        self.amount = MoneyEdit(field=T_AMOUNT_FIELD, allow_zero=False)
        self.method = QComboBox()
        for key, text in expenses.METHODS.items():
            self.method.addItem(text.format(), key)
        self.method.setCurrentIndex(self.method.findData("bank"))
        self.payee = QLineEdit()
        self.payee.setMaxLength(100)
        self.payee.setPlaceholderText(_t(T_PAYEE_HINT))
        self.compound = QComboBox()
        self.compound.addItem(_t(T_COMPANY), None)
        for c in compounds:
            self.compound.addItem(c.name, c.id)
        self.compound.setCurrentIndex(max(self.compound.findData(compound_id), 0))
        self.summary = QLineEdit()
        self.summary.setMaxLength(150)
        self.summary.setPlaceholderText(_t(T_SUMMARY_HINT))
        self.files = QListWidget()
        self.files.setMaximumHeight(70)
        self.add_file = QPushButton(_t(T_ADD_FILE))
        self.add_file.clicked.connect(self.choose_files)
        self.remove_file = QPushButton(_t(T_REMOVE_FILE))
        self.remove_file.clicked.connect(self._remove_selected)
        ev = QWidget()
        ev_row = QHBoxLayout(ev)
        ev_row.setContentsMargins(0, 0, 0, 0)
        ev_row.addWidget(self.files, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_file)
        buttons.addWidget(self.remove_file)
        buttons.addStretch(1)
        ev_row.addLayout(buttons)
        ev.setFocusProxy(self.add_file)

        self.add_field("on", _t(T_DATE), self.on)
        self.add_field("category", _t(T_CATEGORY), self.category)
        self.add_field("amount", _t(T_AMOUNT), self.amount)
        self.add_field("method", _t(T_METHOD), self.method)
        self.add_field("payee", _t(T_PAYEE), self.payee)
        self.add_field("compound", _t(T_COMPOUND), self.compound)
        self.add_field("summary", _t(T_SUMMARY), self.summary)
        self.add_field("evidence", _t(T_EVIDENCE), ev, watch=False)
        self.posts = QLabel()
        self.posts.setObjectName("muted")
        self.posts.setWordWrap(True)
        note = QLabel(_t(T_EVIDENCE_NOTE))
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.body.addWidget(self.posts)
        self.body.addWidget(note)
        for w in (self.category, self.method):
            w.currentIndexChanged.connect(self._show_posting)
        self._show_posting()
        self.amount.setFocus(Qt.FocusReason.OtherFocusReason)

    # evidence --------------------------------------------------------------------------------
    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, _t(T_CHOOSE), "", _t(T_SCANS))
        self.attach(names)

    def attach(self, paths: list[str]) -> None:
        have = set(self.evidence_paths())
        for p in paths:
            if p and p not in have:
                self.files.addItem(p)
                have.add(p)
        self._touched.add("evidence")
        self.check()

    def _remove_selected(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))
        self.check()

    def evidence_paths(self) -> list[str]:
        return [self.files.item(i).text() for i in range(self.files.count())]

    # checking --------------------------------------------------------------------------------
    def _read_accounts(self) -> None:
        """The accounts each category and each way of paying posts to in this book (what a
        category will create on first use is shown as it will be named)."""
        self._debit: dict[str, str] = {}
        self._credit: dict[str, str] = {}
        with self.book.read() as s:
            accs = ledger.accounts(s)
            for key, cat in expenses.CATEGORIES.items():
                code = expenses.category_account(s, key, create=False)
                if code is not None:
                    self._debit[key] = f"{code} {ledger.full_name(s, code)}"
                else:
                    name = cat.account_name or cat.label.zh
                    self._debit[key] = f"{ledger.full_name(s, cat.parent)}—{name}"
            for key, (code, name) in expenses.METHOD_ACCOUNTS.items():
                full = (
                    ledger.full_name(s, code)
                    if code in accs
                    else f"{ledger.full_name(s, code[:-2])}—{name}"
                )
                self._credit[key] = f"{code} {full}"

    def _show_posting(self, *_: object) -> None:
        if not hasattr(self, "_debit"):
            self._read_accounts()
        debit = self._debit[str(self.category.currentData())]
        credit = self._credit[str(self.method.currentData())]
        self.posts.setText(_t(T_POSTS, debit=debit, credit=credit))

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        closed = closed_problem(self.on.value(), self.locked)
        if closed:
            errors["on"] = closed
        if self.category.currentData() is None:
            errors["category"] = _t(T_PICK_CATEGORY)
        _fen, err = parse_money(self.amount)
        if err is not None:
            errors["amount"] = err
        missing = [p for p in self.evidence_paths() if not Path(p).is_file()]
        if missing:
            errors["evidence"] = _t(T_NO_FILE, path=missing[0])
        return errors

    def new_expense(self) -> NewExpense:
        fen, _ = parse_money(self.amount)
        assert fen is not None
        cid = self.compound.currentData()
        return NewExpense(
            self.on.value(), str(self.category.currentData()), fen, payee=self.payee.text(),
            method=str(self.method.currentData()), compound_id=int(cid) if cid is not None else None,
            summary=self.summary.text(),
            evidence=tuple(votes.evidence_from_file(p) for p in self.evidence_paths()),
        )  # fmt: skip

    def save(self, session: Session) -> ledger.VoucherRef:
        return expenses.record_expense(session, self.new_expense())

    def field_of(self, exc: UserError) -> str | None:
        return {
            id(expenses.T_AMOUNT): "amount", id(expenses.T_CLOSED): "on",
            id(expenses.T_BAD_CATEGORY): "category", id(expenses.T_BAD_METHOD): "method",
            id(expenses.T_LONG_PAYEE): "payee", id(expenses.T_NO_COMPOUND): "compound",
            id(votes.T_READ_EVIDENCE): "evidence",
        }.get(id(exc.text))  # fmt: skip


class PayDialog(FormDialog):
    """支付应付款: all or part of what an expense left on 应付账款 / 应付工资."""

    def __init__(self, book: Book, row: ExpenseRow, parent: QWidget | None = None) -> None:
        super().__init__(book, parent, _t(T_PAY, ref=row.voucher))
        self.row = row
        self.locked = closed_through(book)
        info = QLabel(
            _t(T_PAY_INFO, summary=row.summary, outstanding=format_amount(row.outstanding))
        )
        info.setWordWrap(True)
        self.form.addRow(info)
        self.amount = MoneyEdit(field=T_AMOUNT_FIELD, allow_zero=False)
        self.amount.set_fen(row.outstanding)
        self.on = DateEdit(max(date.today(), row.date))
        self.method = QComboBox()
        for key in expenses.PAY_METHODS:
            self.method.addItem(expenses.METHODS[key].format(), key)
        self.method.setCurrentIndex(self.method.findData("bank"))
        self.add_field("amount", _t(T_AMOUNT), self.amount)
        self.add_field("on", _t(T_DATE), self.on)
        self.add_field("method", _t(T_PAY_FROM), self.method)

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        fen, err = parse_money(self.amount)
        if err is not None:
            errors["amount"] = err
        elif fen is not None and fen > self.row.outstanding:
            errors["amount"] = _t(expenses.T_OVERPAY, amount=format_amount(fen), ref=self.row.voucher,
                                  outstanding=format_amount(self.row.outstanding))  # fmt: skip
        on = self.on.value()
        if on < self.row.date:
            errors["on"] = _t(expenses.T_BEFORE, date=on, expense_date=self.row.date)
        elif closed := closed_problem(on, self.locked):
            errors["on"] = closed
        return errors

    def save(self, session: Session) -> ledger.VoucherRef:
        fen, _ = parse_money(self.amount)
        return expenses.pay_payable(session, self.row.voucher_id, self.on.value(),
                                    method=str(self.method.currentData()), amount=fen)  # fmt: skip

    def field_of(self, exc: UserError) -> str | None:
        if exc.text in (expenses.T_OVERPAY, expenses.T_AMOUNT, expenses.T_PAID_UP):
            return "amount"
        return "on" if exc.text in (expenses.T_CLOSED, expenses.T_BEFORE) else None


class ReverseExpenseDialog(FormDialog):
    """冲销支出: what will be reversed, the date and the reason; OK is the confirmation."""

    def __init__(self, book: Book, row: ExpenseRow, parent: QWidget | None = None) -> None:
        super().__init__(book, parent, _t(T_REVERSE, ref=row.voucher))
        self.row = row
        self.locked = closed_through(book)
        with book.read() as s:
            current = ledger.current_period(s)
        start = row.date if row.period >= current else max(date.today(), row.date)
        note = QLabel(_t(T_REVERSE_NOTE, summary=row.summary, amount=format_amount(row.amount)))
        note.setWordWrap(True)
        self.form.addRow(note)
        self.on = DateEdit(start)
        self.reason = QLineEdit()
        self.reason.setMaxLength(150)
        self.add_field("on", _t(T_REVERSE_DATE), self.on)
        self.add_field("reason", _t(T_REASON), self.reason)
        self.ok_button.setText(_t(T_REVERSE_BUTTON))
        self.reason.setFocus(Qt.FocusReason.OtherFocusReason)

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if closed := closed_problem(self.on.value(), self.locked):
            errors["on"] = closed
        if not self.reason.text().strip():
            errors["reason"] = _t(T_REASON_NEEDED)
        return errors

    def save(self, session: Session) -> ledger.VoucherRef:
        return expenses.reverse_expense(
            session, self.row.voucher_id, on=self.on.value(), reason=self.reason.text()
        )

    def field_of(self, exc: UserError) -> str | None:
        if exc.text is ledger.T_REASON_NEEDED:
            return "reason"
        return "on" if exc.text is expenses.T_CLOSED else None


__all__ = ["ExpenseDialog", "PayDialog", "ReverseExpenseDialog"]
