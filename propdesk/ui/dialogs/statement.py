"""The household statement of account (对账单): every charge, payment, waiver and refund, a running balance."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from propdesk.core.fees import format_area
from propdesk.core.i18n import bilingual
from propdesk.core.money import format_amount
from propdesk.db.store import Book
from propdesk.services import arrears
from propdesk.services.arrears import AccountStatement, StatementLine
from propdesk.ui.dialogs.kit import MUTED_BRUSH, DeskTableModel
from propdesk.ui.widgets.table import CENTER, RIGHT, Column, TableView, fmt_date, money_column


def _balance(fen: int) -> str:
    return format_amount(fen, symbol=False)


STATEMENT_COLUMNS = (
    Column("date", bilingual("日期", "Date"), align=CENTER, fmt=fmt_date),
    Column("kind", bilingual("类别", "Kind")),
    Column("description", bilingual("摘要", "Description"), stretch=True),
    Column("reference", bilingual("收据号", "Receipt")),
    money_column("charge", bilingual("应收", "Charged")),
    money_column("credit", bilingual("已收/减免", "Paid/waived")),
    Column("balance", bilingual("余额", "Balance"), align=RIGHT, fmt=_balance),
)


class StatementDialog(QDialog):
    """One household's account: who, where, the lines with a running balance, owed and prepaid."""

    def __init__(self, book: Book, unit_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        with book.read() as s:
            self.statement: AccountStatement = arrears.account_statement(s, unit_id)
        st = self.statement
        self.setWindowTitle(
            self.tr("Statement of account: %1 %2").replace("%1", st.compound).replace("%2", st.unit)
        )
        self.resize(900, 560)
        head = QFormLayout()
        self.owner = QLabel(st.owner)
        self.area = QLabel(f"{format_area(st.area)} ㎡")
        self.owed = QLabel(format_amount(st.owed))
        self.owed.setObjectName("statValue")
        self.prepaid = QLabel(format_amount(st.prepaid))
        self.prepaid.setObjectName("statValue")
        head.addRow(self.tr("Unit:"), QLabel(f"{st.compound} {st.unit}"))
        head.addRow(self.tr("Owner:"), self.owner)
        head.addRow(self.tr("Floor area:"), self.area)
        money = QFormLayout()
        money.addRow(self.tr("Owed:"), self.owed)
        money.addRow(self.tr("Prepaid:"), self.prepaid)
        top = QHBoxLayout()
        top.addLayout(head, 1)
        top.addLayout(money)
        self.model = DeskTableModel(
            STATEMENT_COLUMNS,
            self,
            foreground=lambda ln: MUTED_BRUSH if ln.charge == 0 and ln.credit == 0 else None,
        )
        self.model.set_rows(st.lines)
        self.view = TableView(self.model, self, name="statement")
        note = QLabel(
            self.tr("Balance: positive is owed by the household, negative is in its favour.")
        )
        note.setObjectName("muted")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def lines(self) -> tuple[StatementLine, ...]:
        return self.statement.lines
