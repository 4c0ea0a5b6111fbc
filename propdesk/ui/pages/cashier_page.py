"""收款与收据: the cashier's counter (find the household, see what is owed, take the payment) and the receipts."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from propdesk.core.errors import UserError
from propdesk.core.fees import format_area
from propdesk.core.i18n import bilingual
from propdesk.core.money import format_amount
from propdesk.core.periods import fmt_period
from propdesk.reports.fees import receipt_batch
from propdesk.reports.pdf.receipt import render_receipts
from propdesk.services import arrears, desk, payments, registry
from propdesk.services.desk import BillRow, ReceiptRow, UnitAccount
from propdesk.services.payments import PaymentResult
from propdesk.ui.dialogs.form import RecordDialog, parse_money
from propdesk.ui.dialogs.kit import (
    METHOD,
    MUTED_BRUSH,
    VALID,
    VOID,
    DeskTableModel,
    label,
    row_menu,
)
from propdesk.ui.dialogs.receipt_dialogs import (
    RefundDialog,
    ReissueDialog,
    VoidDialog,
    method_combo,
)
from propdesk.ui.dialogs.statement import StatementDialog
from propdesk.ui.errors import show_error
from propdesk.ui.pages.base import Page, PageContext
from propdesk.ui.print_preview import PrintPreviewDialog, show_print_preview
from propdesk.ui.signals import signals
from propdesk.ui.widgets.date_edit import DateEdit
from propdesk.ui.widgets.money_edit import MoneyEdit
from propdesk.ui.widgets.picker import SearchPicker
from propdesk.ui.widgets.table import CENTER, ROW_ROLE, Column, TableView, fmt_date, money_column

T_PAID = bilingual("实收金额", "Amount received")

OPEN_BILL_COLUMNS = (
    Column("period", bilingual("月份", "Month"), align=CENTER, fmt=fmt_period),
    Column("item", bilingual("项目", "Item"), stretch=True),
    Column("description", bilingual("摘要", "Description"), hidden=True),
    Column("due_date", bilingual("应缴日期", "Due"), align=CENTER, fmt=fmt_date, hidden=True),
    money_column("amount", bilingual("应收", "Amount"), hidden=True),
    money_column("outstanding", bilingual("未收", "Outstanding"), width=12),
)

RECEIPT_COLUMNS = (
    Column("number", bilingual("收据号", "Receipt"), value=lambda r: r.number,
           fmt=payments.receipt_label, width=11),
    Column("status", bilingual("状态", "Status"), align=CENTER,
           fmt=lambda s: (VOID if s == "void" else VALID).format()),
    Column("date", bilingual("日期", "Date"), align=CENTER, fmt=fmt_date),
    Column("payer", bilingual("交款人", "Payer"), width=10),  # a developer's long name: its tip
    Column("compound", bilingual("小区", "Compound"), hidden=True),
    Column("unit", bilingual("房屋", "Unit"), width=8),
    money_column("amount", bilingual("金额", "Amount"), width=11),
    Column("method", bilingual("方式", "Method"), fmt=lambda m: label(METHOD, m)),
    Column("clerk", bilingual("收款人", "Clerk")),
    Column("void_reason", bilingual("作废原因", "Void reason"), stretch=True),  # mostly empty
    Column("reissue_of", bilingual("重开自", "Reissue of"),
           fmt=lambda n: payments.receipt_label(n) if n else "", hidden=True),
    Column("reference", bilingual("参考号", "Reference"), hidden=True),
)  # fmt: skip


class CashierPage(Page):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.account: UnitAccount | None = None
        self.last: PaymentResult | None = None
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")

        # the counter ---------------------------------------------------------------------------
        self.picker_label = QLabel()
        self.picker = SearchPicker()
        self.picker.setMinimumWidth(300)
        self.picker_label.setBuddy(self.picker)
        self.picker.picked.connect(self._on_picked)
        self.unit_info = QLabel()
        self.unit_info.setWordWrap(True)
        self.bill_model = DeskTableModel(OPEN_BILL_COLUMNS, self, check_key=lambda b: b.id)
        self.bill_model.checks_changed.connect(self._update_figures)
        self.bill_view = TableView(self.bill_model, self, name="counter_bills")
        self.bill_view.search.setVisible(False)
        self.bill_view.count_label.setVisible(False)
        self.owed_value = QLabel()
        self.prepaid_value = QLabel()
        self.room_value = QLabel()
        self.picked_value = QLabel()
        for w in (self.owed_value, self.prepaid_value, self.room_value, self.picked_value):
            w.setObjectName("statValue")
        self.owed_caption = QLabel()
        self.prepaid_caption = QLabel()
        self.room_caption = QLabel()
        self.picked_caption = QLabel()
        figures = QGridLayout()
        for i, (cap, val) in enumerate(
            (
                (self.owed_caption, self.owed_value),
                (self.picked_caption, self.picked_value),
                (self.prepaid_caption, self.prepaid_value),
                (self.room_caption, self.room_value),
            )
        ):
            cap.setObjectName("statCaption")
            figures.addWidget(cap, 0, i)
            figures.addWidget(val, 1, i)

        self.amount = MoneyEdit(field=T_PAID, allow_zero=False)
        self.amount.edit.setObjectName("counterAmount")
        self.amount_error = QLabel()
        self.amount_error.setObjectName("errorText")
        self.amount_error.setWordWrap(True)
        self.amount_error.setVisible(False)
        self.amount.edit.textEdited.connect(lambda _t: self._amount_problem(""))
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount, 1)
        amount_row.addWidget(self.amount_error, 1)
        self.method = method_combo()
        self.reference = QLineEdit()
        self.reference.setMaxLength(100)
        self.on = DateEdit(date.today())
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount_label = QLabel()
        self.method_label = QLabel()
        self.reference_label = QLabel()
        self.on_label = QLabel()
        for lbl, w in ((self.amount_label, self.amount), (self.method_label, self.method),
                       (self.reference_label, self.reference), (self.on_label, self.on)):  # fmt: skip
            lbl.setBuddy(w.focusProxy() or w)
        self.form.addRow(self.amount_label, amount_row)
        self.form.addRow(self.method_label, self.method)
        self.form.addRow(self.reference_label, self.reference)
        self.form.addRow(self.on_label, self.on)
        self.take_button = QPushButton()
        self.take_button.setObjectName("takePayment")
        self.take_button.clicked.connect(lambda: self.take_payment())
        self.refund_button = QPushButton()
        self.refund_button.clicked.connect(lambda: self.refund())
        self.statement_button = QPushButton()
        self.statement_button.clicked.connect(lambda: self.statement())
        self.problem = QLabel()
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.receipt_label = QLabel()
        self.receipt_label.setObjectName("receiptNumber")
        self.receipt_label.setStyleSheet("font-size: 26px; font-weight: bold; color: #0b3d75;")
        self.receipt_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.receipt_detail = QLabel()
        self.receipt_detail.setObjectName("muted")
        self.receipt_detail.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.statement_button)
        buttons.addWidget(self.refund_button)
        buttons.addStretch(1)
        buttons.addWidget(self.take_button)

        counter = QFrame()
        col = QVBoxLayout(counter)
        col.setContentsMargins(0, 0, 8, 0)
        pick_row = QHBoxLayout()
        pick_row.addWidget(self.picker_label)
        pick_row.addWidget(self.picker, 1)
        col.addLayout(pick_row)
        col.addWidget(self.unit_info)
        col.addWidget(self.bill_view, 1)
        col.addLayout(figures)
        col.addLayout(self.form)
        col.addWidget(self.problem)
        col.addLayout(buttons)
        col.addWidget(self.receipt_label)
        col.addWidget(self.receipt_detail)

        # the receipts --------------------------------------------------------------------------
        today = date.today()
        self.from_label = QLabel()
        self.to_label = QLabel()
        self.start = DateEdit(today.replace(day=1))
        self.end = DateEdit(today)
        for w in (self.start, self.end):
            w.dateChanged.connect(lambda _d: self.refresh_receipts())
        self.receipt_model = DeskTableModel(
            RECEIPT_COLUMNS, self, foreground=lambda r: MUTED_BRUSH if r.void else None
        )
        self.receipt_view = TableView(
            self.receipt_model, self, name="receipts", state_store=ctx.settings
        )
        self.receipt_view.activated.connect(lambda r: self.show_receipt(r))
        self.receipt_view.table.selectionModel().currentRowChanged.connect(
            lambda *_: self._update_receipt_buttons()
        )
        row_menu(self.receipt_view, self._receipt_menu)
        self.void_button = QPushButton()
        self.void_button.clicked.connect(lambda: self.void())
        self.reissue_button = QPushButton()
        self.reissue_button.clicked.connect(lambda: self.reissue())
        self.print_button = QPushButton()
        self.print_button.clicked.connect(lambda: self.print_receipt())
        self.print_button.setShortcut("Ctrl+Shift+P")
        self.receipts_title = QLabel()
        self.receipts_title.setObjectName("statCaption")
        range_row = QHBoxLayout()
        range_row.addWidget(self.receipts_title)
        range_row.addStretch(1)
        for w in (self.from_label, self.start, self.to_label, self.end):
            range_row.addWidget(w)
        receipt_buttons = QHBoxLayout()
        receipt_buttons.addStretch(1)
        for b in (self.void_button, self.reissue_button, self.print_button):
            receipt_buttons.addWidget(b)
        receipts = QWidget()
        rcol = QVBoxLayout(receipts)
        rcol.setContentsMargins(8, 0, 0, 0)
        rcol.addLayout(range_row)
        rcol.addWidget(self.receipt_view, 1)
        rcol.addLayout(receipt_buttons)

        self.splitter = QSplitter()
        self.splitter.addWidget(counter)
        self.splitter.addWidget(receipts)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([480, 700])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.heading)
        layout.addWidget(self.splitter, 1)

        # the keyboard: Enter moves on, Ctrl+Enter takes the payment from anywhere on the counter
        self._keyed = [self.picker.lineEdit(), self.bill_view.table, self.amount.edit,
                       self.method, self.reference, self.on, self.take_button]  # fmt: skip
        for w in self._keyed:
            w.installEventFilter(self)
        self.setTabOrder(self.picker, self.amount.edit)
        self.setTabOrder(self.amount.edit, self.method)
        self.setTabOrder(self.method, self.reference)
        self.setTabOrder(self.reference, self.take_button)
        self._show_account()
        self.retranslate()

    # reading ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        with self.book.read() as s:
            units = registry.list_units(s)
        self.picker.set_items((u.id, f"{u.compound} {u.code} {u.owner}") for u in units)
        self.load_account()
        self.refresh_receipts()

    def refresh_receipts(self) -> None:
        with self.book.read() as s:
            rows = desk.receipts(s, self.start.value(), self.end.value())
        self.receipt_model.set_rows(rows)
        self._update_receipt_buttons()

    def load_account(self) -> None:
        key = self.picker.current_key()
        account = None
        if isinstance(key, int):
            with self.book.read() as s:
                account = desk.unit_account(s, key, self.on.value())
        keep = self.bill_model.checked if account is not None and self.account is not None and account.unit_id == self.account.unit_id else set()  # fmt: skip
        self.account = account
        self.bill_model.set_rows(account.bills if account else ())
        self.bill_model.set_checked(keep & {b.id for b in (account.bills if account else ())})
        self._show_account()

    def _show_account(self) -> None:
        a = self.account
        if a is None:
            self.unit_info.setText(self.tr("Type part of a unit number or the owner's name."))
        else:
            self.unit_info.setText(
                f"<b>{a.compound} {a.code}</b>　{a.owner}　{format_area(a.area)} ㎡"
            )
        self.refund_button.setEnabled(a is not None and a.prepaid > 0)
        self.statement_button.setEnabled(a is not None)
        self.take_button.setEnabled(a is not None)
        self._update_figures()

    def _update_figures(self) -> None:
        a = self.account
        picked = sum(b.outstanding for b in self.bill_model.checked_rows())
        self.owed_value.setText(format_amount(a.owed) if a else "—")
        self.prepaid_value.setText(format_amount(a.prepaid) if a else "—")
        self.room_value.setText(format_amount(a.prepay_room) if a else "—")
        self.picked_value.setText(format_amount(picked) if a and picked else "—")

    def _on_picked(self, key: object) -> None:
        if self.account is not None and key == self.account.unit_id:
            return
        self.bill_model.set_checked([])
        self.load_account()
        if self.account is not None:
            self._clear_entry()
            self.amount.setFocus(Qt.FocusReason.OtherFocusReason)

    def pick_unit(self, unit_id: int) -> None:
        """Choose a household as typing and picking it would."""
        self.picker.set_current_key(unit_id)
        self._on_picked(unit_id)

    def chosen_bills(self) -> list[BillRow]:
        return self.bill_model.checked_rows()

    # taking the payment ----------------------------------------------------------------------
    def _amount_problem(self, text: str) -> None:
        self.amount_error.setText(text)
        self.amount_error.setVisible(bool(text))

    def _clear_entry(self) -> None:
        self.amount.set_fen(None)
        self.reference.clear()
        self._amount_problem("")
        self.problem.setVisible(False)

    def take_payment(self) -> PaymentResult | None:
        """收款 (Ctrl+Enter): one transaction; the receipt number is shown when it is taken."""
        self.problem.setVisible(False)
        if self.account is None:
            self.problem.setText(self.tr("Choose the household first."))
            self.problem.setVisible(True)
            self.picker.setFocus()
            return None
        self.amount.setText(self.amount.text())  # a bad amount is shown beside the field
        fen, err = parse_money(self.amount)
        if err is not None or fen is None:
            if self.amount.error() is None:
                self._amount_problem(err or "")
            self.amount.setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        chosen = [b.id for b in self.chosen_bills()] or None
        unit_id = self.account.unit_id
        method = str(self.method.currentData())
        on, reference = self.on.value(), self.reference.text()
        try:
            with self.book.write() as s:
                unit = desk.unit_by_id(s, unit_id)
                result = payments.take_payment(
                    s, unit, fen, method, on, reference=reference, bill_ids=chosen
                )
        except UserError as exc:
            if exc.text in (
                payments.T_PREPAY_CAP,
                payments.T_NO_PREPAY,
                payments.T_AMOUNT_POSITIVE,
            ):
                self._amount_problem(exc.message)
                self.amount.setFocus(Qt.FocusReason.OtherFocusReason)
            else:
                self.problem.setText(exc.message)
                self.problem.setVisible(True)
            return None
        except Exception as exc:
            show_error(exc, self)
            return None
        self.last = result
        self.bill_model.set_checked([])
        self.receipt_label.setText(self.tr("Receipt %1").replace("%1", result.receipt))
        self.receipt_detail.setText(
            self.tr("Received %1 (%2): %3 to bills, %4 prepaid.")
            .replace("%1", format_amount(fen))
            .replace("%2", label(METHOD, method))
            .replace("%3", format_amount(result.allocated))
            .replace("%4", format_amount(result.prepaid))
        )
        self._clear_entry()
        signals().data_changed.emit()
        self.select_receipt(result.receipt_number)
        self.picker.setFocus(Qt.FocusReason.OtherFocusReason)
        self.picker.lineEdit().selectAll()
        return result

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                    self.take_payment()
                    return True
                if obj is self.amount.edit:
                    self.method.setFocus(Qt.FocusReason.TabFocusReason)
                    return True
                if obj is self.method:
                    self.reference.setFocus(Qt.FocusReason.TabFocusReason)
                    return True
                if obj in (self.reference, self.on):
                    self.take_button.setFocus(Qt.FocusReason.TabFocusReason)
                    return True
                if obj is self.take_button:
                    self.take_payment()
                    return True
        return super().eventFilter(obj, event)

    # receipts --------------------------------------------------------------------------------
    def current_receipt(self) -> ReceiptRow | None:
        row = self.receipt_view.current_row()
        return row if isinstance(row, ReceiptRow) else None

    def select_receipt(self, number: int) -> bool:
        proxy = self.receipt_view.proxy
        for r in range(proxy.rowCount()):
            row = proxy.index(r, 0).data(ROW_ROLE)
            if row.number == number:
                self.receipt_view.table.setCurrentIndex(proxy.index(r, 0))
                self.receipt_view.table.selectRow(r)
                return True
        return False

    def _update_receipt_buttons(self) -> None:
        r = self.current_receipt()
        valid = r is not None and not r.void
        self.void_button.setEnabled(valid)
        self.reissue_button.setEnabled(valid)

    def show_receipt(self, r: ReceiptRow) -> RecordDialog:
        rows = [
            (self.tr("Receipt:"), r.label),
            (self.tr("Date:"), r.date.isoformat()),
            (self.tr("Payer:"), r.payer),
            (self.tr("Unit:"), f"{r.compound} {r.unit}"),
            (self.tr("Amount:"), format_amount(r.amount)),
            (self.tr("Method:"), label(METHOD, r.method)),
            (self.tr("Reference:"), r.reference),
            (self.tr("Clerk:"), r.clerk),
            (self.tr("Status:"), (VOID if r.void else VALID).format()),
        ]
        if r.void:
            rows.append((self.tr("Void reason:"), r.void_reason))
        if r.reissue_of:
            rows.append((self.tr("Reissue of:"), payments.receipt_label(r.reissue_of)))
        dlg = RecordDialog(self.tr("Receipt %1").replace("%1", r.label), rows, self)
        dlg.open()
        return dlg

    def void(self, r: ReceiptRow | None = None) -> VoidDialog | None:
        r = r or self.current_receipt()
        if r is None or r.void:
            return None
        dlg = VoidDialog(self.book, r, self)
        dlg.open()
        return dlg

    def reissue(self, r: ReceiptRow | None = None) -> ReissueDialog | None:
        r = r or self.current_receipt()
        if r is None or r.void:
            return None
        dlg = ReissueDialog(self.book, r, self)

        def done() -> None:
            result: PaymentResult = dlg.result_value
            self.receipt_label.setText(self.tr("Receipt %1").replace("%1", result.receipt))
            self.receipt_detail.setText(
                self.tr("Receipt %1 is void; reissued as %2.")
                .replace("%1", r.label)
                .replace("%2", result.receipt)
            )
            self.select_receipt(result.receipt_number)

        dlg.accepted.connect(done)
        dlg.open()
        return dlg

    def refund(self) -> RefundDialog | None:
        if self.account is None or self.account.prepaid <= 0:
            return None
        dlg = RefundDialog(self.book, self.account, self)
        dlg.open()
        return dlg

    def statement(self, unit_id: int | None = None) -> StatementDialog | None:
        uid = unit_id or (self.account.unit_id if self.account else None)
        if uid is None:
            return None
        dlg = StatementDialog(self.book, uid, self)
        dlg.open()
        return dlg

    def prepare_screenshot(self) -> None:
        """For the screenshot script: the household owing most today, its debt as the amount."""
        with self.book.read() as s:
            rows = arrears.arrears(s, self.on.value()).rows
            unsold = {u.id for u in registry.list_units(s) if u.developer_held}
        rows = tuple(r for r in rows if r.unit_id not in unsold)
        if rows:
            top = max(rows, key=lambda r: (r.total, -r.unit_id))
            self.pick_unit(top.unit_id)
            self.amount.set_fen(top.total)

    def print_receipt(self, number: int | None = None) -> PrintPreviewDialog | None:
        """Print a receipt through the print preview: a reprint is marked 副本, a voided one 作废.

        Each print is counted in the same transaction that renders it (receipt_batch)."""
        if number is None:
            r = self.current_receipt()
            number = (
                r.number if r is not None else (self.last.receipt_number if self.last else None)
            )
        if number is None:
            return None
        buf = io.BytesIO()
        try:
            with self.book.write() as s:
                render_receipts(receipt_batch(s, [number]), buf)
        except Exception as exc:
            show_error(exc, self)
            return None
        label = payments.receipt_label(number)
        return show_print_preview(
            buf.getvalue(),
            title=self.tr("Receipt %1").replace("%1", label),
            suggested_name=f"收据{label}.pdf",
            parent=self,
        )

    def _receipt_menu(self, menu: QMenu, rows: list[ReceiptRow]) -> None:
        r = rows[0]
        self._add(menu, self.tr("Open"), lambda: self.show_receipt(r))
        menu.addSeparator()
        self._add(menu, self.tr("Void…"), lambda: self.void(r)).setEnabled(not r.void)
        self._add(menu, self.tr("Reissue…"), lambda: self.reissue(r)).setEnabled(not r.void)
        self._add(menu, self.tr("Print receipt"), lambda: self.print_receipt(r.number))
        if r.unit_id is not None:
            uid = r.unit_id
            menu.addSeparator()
            self._add(menu, self.tr("Statement of account…"), lambda: self.statement(uid))
            self._add(menu, self.tr("Take a payment for this unit"), lambda: self.pick_unit(uid))

    def _add(self, menu: QMenu, text: str, slot: Any) -> QAction:
        act = menu.addAction(text)
        act.triggered.connect(lambda _c=False: slot())
        return act

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Payments & receipts"))
        self.picker_label.setText(self.tr("&Household:"))
        self.picker.lineEdit().setPlaceholderText(self.tr("unit number or owner's name"))
        self.owed_caption.setText(self.tr("Owed"))
        self.picked_caption.setText(self.tr("Bills ticked"))
        self.prepaid_caption.setText(self.tr("Prepaid"))
        self.room_caption.setText(self.tr("May prepay up to"))
        self.room_caption.setToolTip(
            self.tr("12 months of fees and never beyond the contract's end, less what is prepaid")
        )
        self.bill_view.setToolTip(
            self.tr("Tick bills (Space) to pay only those; none ticked: oldest first")
        )
        self.amount_label.setText(self.tr("&Amount:"))
        self.method_label.setText(self.tr("&Method:"))
        self.reference_label.setText(self.tr("&Reference:"))
        self.on_label.setText(self.tr("Date:"))
        self.reference.setPlaceholderText(self.tr("bank or WeChat transaction number (optional)"))
        self.take_button.setText(self.tr("Take payment (Ctrl+Enter)"))
        self.refund_button.setText(self.tr("Refund prepayment…"))
        self.statement_button.setText(self.tr("Statement…"))
        self.receipts_title.setText(self.tr("Receipts"))
        self.from_label.setText(self.tr("From"))
        self.to_label.setText(self.tr("to"))
        self.void_button.setText(self.tr("Void…"))
        self.reissue_button.setText(self.tr("Reissue…"))
        self.print_button.setText(self.tr("Print receipt"))
        self.print_button.setToolTip(
            self.tr("Print the selected receipt, or the one just taken (Ctrl+Shift+P)")
        )
        for i, text in enumerate(METHOD.values()):
            self.method.setItemText(i, f"{i + 1} {text.format()}")
        self.bill_model.retranslate()
        self.receipt_model.retranslate()
        self._show_account()
