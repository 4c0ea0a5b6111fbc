"""收据 dialogs: 作废 (reason required), 重开 (void and take again with the right amount), 退预收款."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from propdesk.core.errors import UserError
from propdesk.core.i18n import bilingual
from propdesk.core.money import format_amount
from propdesk.db.store import Book
from propdesk.services import desk, payments
from propdesk.services.desk import ReceiptRow, UnitAccount
from propdesk.services.payments import PaymentResult
from propdesk.ui.dialogs.form import FormDialog, parse_money
from propdesk.ui.dialogs.kit import METHOD, label
from propdesk.ui.widgets.date_edit import DateEdit
from propdesk.ui.widgets.money_edit import MoneyEdit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def receipt_text(r: ReceiptRow) -> str:
    return (
        f"{r.label}  {r.date.isoformat()}  {r.compound} {r.unit}  {r.payer}\n"
        f"{format_amount(r.amount)}  {label(METHOD, r.method)}"
    )


def method_combo() -> QComboBox:
    """现金 / 银行转账 / 微信 / 支付宝, numbered so 1–4 pick one from the keyboard."""
    combo = QComboBox()
    for n, (code, text) in enumerate(METHOD.items(), start=1):
        combo.addItem(f"{n} {text.format()}", code)
    return combo


class VoidDialog(FormDialog):
    """作废: the receipt keeps its number, marked void with the reason; its payment is reversed."""

    def __init__(self, book: Book, receipt: ReceiptRow, parent: QWidget | None = None) -> None:
        super().__init__(book, parent, self.tr("Void receipt %1").replace("%1", receipt.label))
        self.receipt = receipt
        self.form.addRow(QLabel(receipt_text(receipt)))
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("e.g. 金额开错"))
        self.on = DateEdit(date.today())
        self.add_field("reason", self.tr("Reason:"), self.reason)
        self.add_field("on", self.tr("Date:"), self.on)
        self.ok_button.setText(self.tr("Void"))

    def validate(self) -> dict[str, str]:
        return {} if self.reason.text().strip() else {"reason": payments.T_REASON.format()}

    def save(self, session: Session) -> str:
        payments.void_receipt(session, self.receipt.number, self.reason.text(), self.on.value())
        return self.receipt.label

    def field_of(self, exc: UserError) -> str | None:
        return "reason" if exc.text is payments.T_REASON else None


class ReissueDialog(FormDialog):
    """重开: a wrong amount is never edited: the receipt is voided and a new one taken."""

    def __init__(self, book: Book, receipt: ReceiptRow, parent: QWidget | None = None) -> None:
        super().__init__(book, parent, self.tr("Reissue receipt %1").replace("%1", receipt.label))
        self.receipt = receipt
        self.form.addRow(QLabel(receipt_text(receipt)))
        self.amount = MoneyEdit(field=bilingual("正确金额", "Correct amount"), allow_zero=False)
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("e.g. 金额开错"))
        self.on = DateEdit(date.today())
        self.add_field("amount", self.tr("Correct amount:"), self.amount)
        self.add_field("reason", self.tr("Reason:"), self.reason)
        self.add_field("on", self.tr("Date:"), self.on)
        self.ok_button.setText(self.tr("Void and reissue"))

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        _fen, err = parse_money(self.amount)
        if err is not None:
            errors["amount"] = err
        if not self.reason.text().strip():
            errors["reason"] = payments.T_REASON.format()
        return errors

    def save(self, session: Session) -> PaymentResult:
        fen, _ = parse_money(self.amount)
        assert fen is not None
        return payments.reissue_receipt(
            session, self.receipt.number, fen, self.reason.text(), self.on.value()
        )

    def field_of(self, exc: UserError) -> str | None:
        if exc.text is payments.T_REASON:
            return "reason"
        if exc.text in (payments.T_PREPAY_CAP, payments.T_NO_PREPAY, payments.T_AMOUNT_POSITIVE):
            return "amount"
        return None


class RefundDialog(FormDialog):
    """退预收款: pay back (part of) a unit's prepaid balance, with the reason."""

    def __init__(self, book: Book, account: UnitAccount, parent: QWidget | None = None) -> None:
        super().__init__(book, parent, self.tr("Refund prepayment"))
        self.account = account
        self.form.addRow(
            QLabel(
                f"{account.compound} {account.code}  {account.owner}\n"
                + self.tr("Prepaid balance: %1").replace("%1", format_amount(account.prepaid))
            )
        )
        self.amount = MoneyEdit(field=bilingual("退款金额", "Refund"), allow_zero=False)
        self.amount.set_fen(account.prepaid or None)
        self.method = method_combo()
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("e.g. 合同终止，退还预收物业费"))
        self.on = DateEdit(date.today())
        self.add_field("amount", self.tr("Amount:"), self.amount)
        self.add_field("method", self.tr("Paid back by:"), self.method)
        self.add_field("reason", self.tr("Reason:"), self.reason)
        self.add_field("on", self.tr("Date:"), self.on)

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        fen, err = parse_money(self.amount)
        if err is not None:
            errors["amount"] = err
        elif fen is not None and fen > self.account.prepaid:
            errors["amount"] = payments.T_REFUND_TOO_MUCH.format(
                amount=format_amount(fen), balance=format_amount(self.account.prepaid)
            )
        if not self.reason.text().strip():
            errors["reason"] = payments.T_REASON.format()
        return errors

    def save(self, session: Session) -> str:
        fen, _ = parse_money(self.amount)
        assert fen is not None
        unit = desk.unit_by_id(session, self.account.unit_id)
        return payments.refund_prepayment(
            session, unit, fen, str(self.method.currentData()), self.on.value(), self.reason.text()
        )

    def field_of(self, exc: UserError) -> str | None:
        if exc.text in (payments.T_REFUND_TOO_MUCH, payments.T_AMOUNT_POSITIVE):
            return "amount"
        return "reason" if exc.text is payments.T_REASON else None
