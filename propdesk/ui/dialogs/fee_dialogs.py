"""收费 dialogs: 新增合同 (checked as typed), 计费 (which month, which compound), 减免, 抄表."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from propdesk.core.errors import UserError
from propdesk.core.fees import LateFeeRule, format_rate, parse_percent, parse_rate
from propdesk.core.i18n import bilingual
from propdesk.core.money import format_amount, parse_amount, to_fen
from propdesk.core.periods import fmt_period, period_of
from propdesk.db.store import Book
from propdesk.services import charges, contracts, desk, payments, registry
from propdesk.services.contracts import NewContract, NewItem
from propdesk.services.desk import BillRow, CompoundRow, ContractRow
from propdesk.ui.dialogs.form import FormDialog, parse_money
from propdesk.ui.dialogs.kit import ITEM_KIND, LATE_RULE, MODE, UNIT_KIND, CompoundCombo, PeriodEdit
from propdesk.ui.widgets.date_edit import DateEdit
from propdesk.ui.widgets.money_edit import MoneyEdit
from propdesk.ui.widgets.picker import SearchPicker

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T_REQUIRED = bilingual("必填", "required")
T_AMOUNT = bilingual("金额", "Amount")
T_ITEM_NAME = bilingual("请填写项目名称", "the item needs a name")
T_BAD_DAILY = bilingual(
    "「{text}」无效：应大于 0，最多 4 位小数（0.05 即每日 0.05%）",
    '"{text}" is invalid: above 0, up to 4 decimals (0.05 = 0.05 % a day)',
)
T_GRACE = bilingual("宽限期不能为负数", "the grace period cannot be negative")
T_NO_METERED = bilingual(
    "{compound} 在 {period} 的合同没有按表计量的收费项目",
    "the contract of {compound} in {period} has no metered fee item",
)
T_CHOOSE_UNIT = bilingual("请选择房屋", "choose a unit")
T_POSITIVE = bilingual("金额必须大于零", "the amount must be greater than zero")
T_EDIT_STANDARD = bilingual("修改收费标准…", "Edit fee standard…")
T_EDIT_TITLE = bilingual("修改收费标准 — 合同 {number}", "Edit fee standard — contract {number}")

CYCLES = (1, 3, 6, 12)


def parse_daily_percent(text: str) -> int:
    """'0.05' (% per day) -> 500 per million per day."""
    s = text.strip().removesuffix("%")
    try:
        value = Decimal(s)
    except InvalidOperation:
        raise UserError(T_BAD_DAILY, text=text) from None
    if (
        not value.is_finite()
        or not (0 < value <= 100)
        or value != value.quantize(Decimal("0.0001"))
    ):
        raise UserError(T_BAD_DAILY, text=text)
    return int(value * 10000)


def rates_text(rates: dict[str, int]) -> str:
    """'住宅 0.85 · 商铺 1.50' in the order of the unit kinds."""
    return " · ".join(
        f"{UNIT_KIND[k].format()} {format_rate(rates[k])}" for k in UNIT_KIND if k in rates
    )


class ContractDialog(FormDialog):
    """新增合同: term, billing start and cycle, mode, rates per unit type, other fee items,
    vacancy discount and the late-fee rule; every field is checked as it is typed.
    With `contract`, 修改收费标准: the same form filled in with the contract's standard (the
    compound fixed), for a contract nothing has been billed under yet; it saves against the
    version it opened, so a change another clerk saved meanwhile is kept and the form says so."""

    def __init__(
        self,
        book: Book,
        compounds: list[CompoundRow],
        compound_id: int | None = None,
        parent: QWidget | None = None,
        *,
        contract: ContractRow | None = None,
    ) -> None:
        super().__init__(book, parent, self.tr("New contract"))
        self.contract = contract
        if contract is not None:
            self.setWindowTitle(T_EDIT_TITLE.format(number=contract.number))
            compound_id = contract.compound_id
        self.setMinimumWidth(700)
        self.items: list[NewItem] = []
        today = date.today()
        self.compound = CompoundCombo(with_all=False)
        self.compound.fill(compounds)
        self.compound.set_compound_id(compound_id)
        self.number = QLineEdit()
        self.number.setMaxLength(64)
        self.start = DateEdit(date(today.year, 1, 1))
        self.end = DateEdit(date(today.year + 2, 12, 31))
        self.billing_start = PeriodEdit(period_of(self.start.value()))
        self.cycle = QComboBox()
        cycle_names = (
            self.tr("Monthly"),
            self.tr("Quarterly (3 months)"),
            self.tr("Half-yearly (6 months)"),
            self.tr("Yearly (12 months)"),
        )
        for n, text in zip(CYCLES, cycle_names, strict=True):
            self.cycle.addItem(text, n)
        self.mode = QComboBox()
        for code, text in MODE.items():
            self.mode.addItem(text.format(), code)
        self.add_field("compound", self.tr("Compound:"), self.compound)
        self.add_field("number", self.tr("Contract number:"), self.number)
        self.add_field("start", self.tr("Term from:"), self.start)
        self.add_field("end", self.tr("Term to:"), self.end)
        self.add_field("billing_start", self.tr("Billing starts:"), self.billing_start)
        self.add_field("cycle", self.tr("Billing cycle:"), self.cycle)
        self.add_field("mode", self.tr("Mode:"), self.mode)

        # rates per unit type
        self.rates: dict[str, QLineEdit] = {}
        rates_box = QGroupBox(self.tr("Service fee (yuan per m² per month; blank: not charged)"))
        grid = QGridLayout(rates_box)
        for i, (kind, text) in enumerate(UNIT_KIND.items()):
            edit = QLineEdit()
            edit.setPlaceholderText("0.0000")
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setObjectName(f"field_rate_{kind}")
            err = QLabel()
            err.setObjectName("errorText")
            err.setWordWrap(True)
            err.setVisible(False)
            caption = QLabel(text.format() + "：")
            caption.setBuddy(edit)
            grid.addWidget(caption, i, 0)
            grid.addWidget(edit, i, 1)
            grid.addWidget(err, i, 2)
            grid.setColumnStretch(2, 1)
            key = f"rate_{kind}"
            self.rates[kind] = edit
            self.fields[key] = edit
            self.error_labels[key] = err
            self.watch(key, edit)
        self.body.addWidget(rates_box)

        # other fee items
        items_box = QGroupBox(self.tr("Other fee items"))
        col = QVBoxLayout(items_box)
        self.item_name = QLineEdit()
        self.item_name.setPlaceholderText(self.tr("e.g. 垃圾清运费"))
        self.item_kind = QComboBox()
        for code in ("fixed", "metered", "one_off"):
            self.item_kind.addItem(ITEM_KIND[code].format(), code)
        self.item_value = QLineEdit()
        self.item_value.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.item_kind.currentIndexChanged.connect(self._item_kind_changed)
        self.item_add = QPushButton(self.tr("Add item"))
        self.item_add.clicked.connect(self.add_item)
        self.item_value.returnPressed.connect(self.add_item)
        row = QHBoxLayout()
        row.addWidget(self.item_name, 2)
        row.addWidget(self.item_kind)
        row.addWidget(self.item_value, 1)
        row.addWidget(self.item_add)
        self.item_error = QLabel()
        self.item_error.setObjectName("errorText")
        self.item_error.setVisible(False)
        self.item_list = QListWidget()
        self.item_list.setMaximumHeight(80)
        self.item_remove = QPushButton(self.tr("Remove item"))
        self.item_remove.clicked.connect(self.remove_item)
        col.addLayout(row)
        col.addWidget(self.item_error)
        col.addWidget(self.item_list)
        col.addWidget(self.item_remove, 0, Qt.AlignmentFlag.AlignRight)
        self.body.addWidget(items_box)
        self._item_kind_changed()

        # vacancy and late fees
        more = QGroupBox(self.tr("Vacancy discount and late fees"))
        form = QFormLayout(more)
        self.vacancy = QLineEdit("0")
        self.vacancy.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.late_rule = QComboBox()
        for code, text in LATE_RULE.items():
            self.late_rule.addItem(text.format(), code)
        self.late_daily = QLineEdit()
        self.late_daily.setPlaceholderText("0.05")
        self.late_fixed = MoneyEdit(field=bilingual("违约金金额", "Late fee"), allow_zero=False)
        self.late_grace = QSpinBox()
        self.late_grace.setRange(0, 3650)
        self.late_grace.setSuffix(self.tr(" days"))
        saved_form, self.form = self.form, form  # add_field puts these rows in the group
        self.add_field("vacancy", self.tr("Vacancy discount (%):"), self.vacancy)
        self.add_field("late_rule", self.tr("Late fee:"), self.late_rule)
        self.add_field("late_daily", self.tr("Daily rate (%):"), self.late_daily)
        self.add_field("late_fixed", self.tr("Fixed late fee:"), self.late_fixed)
        self.add_field("late_grace", self.tr("Grace period:"), self.late_grace)
        self.form = saved_form
        self.body.addWidget(more)
        self.late_rule.currentIndexChanged.connect(self._late_rule_changed)
        self._late_rule_changed()
        self.start.dateChanged.connect(self._start_changed)
        if contract is not None:
            self._fill(contract)

    def _fill(self, c: ContractRow) -> None:
        self.compound.setEnabled(False)
        self.number.setText(c.number)
        self.start.set_value(c.start)
        self.end.set_value(c.end)
        self.billing_start.set_period(c.billing_start)
        self.cycle.setCurrentIndex(max(self.cycle.findData(c.cycle_months), 0))
        self.mode.setCurrentIndex(max(self.mode.findData(c.mode), 0))
        for kind, rate in c.rates.items():
            if kind in self.rates:
                self.rates[kind].setText(format_rate(rate))
        for it in c.items:
            if it.kind != "area":
                item = NewItem(it.name, it.kind, amount=it.amount, price_e4=it.price_e4,
                               income_account=it.income_account, unit_kinds=it.unit_kinds)  # fmt: skip
                self.items.append(item)
                self.item_list.addItem(QListWidgetItem(self.item_text(item)))
        whole, part = divmod(c.vacancy_discount_bp, 100)
        self.vacancy.setText(f"{whole}.{part:02d}".rstrip("0").rstrip("."))
        self.late_rule.setCurrentIndex(max(self.late_rule.findData(c.late_fee_rule), 0))
        if c.late_fee_rule == "daily":
            whole, part = divmod(c.late_fee_daily_ppm, 10000)
            self.late_daily.setText(f"{whole}.{part:04d}".rstrip("0").rstrip("."))
        elif c.late_fee_rule == "fixed":
            self.late_fixed.set_fen(c.late_fee_fixed)
        self.late_grace.setValue(c.late_fee_grace_days)

    # the items list --------------------------------------------------------------------------
    def _item_kind_changed(self, *_: object) -> None:
        metered = self.item_kind.currentData() == "metered"
        self.item_value.setPlaceholderText(
            self.tr("price per unit read (yuan)") if metered else self.tr("amount (yuan)")
        )

    def add_item(self) -> bool:
        name = self.item_name.text().strip()
        kind = str(self.item_kind.currentData())
        problem = ""
        item: NewItem | None = None
        if not name:
            problem = T_ITEM_NAME.format()
        elif name in [it.name for it in self.items] or (name == contracts.SERVICE_FEE):
            problem = contracts.T_DUP_ITEM.format(name=name)
        else:
            try:
                if kind == "metered":
                    price = parse_rate(self.item_value.text())
                    if price <= 0:
                        raise UserError(T_POSITIVE)
                    item = NewItem(name, kind, price_e4=price)
                else:
                    value = parse_amount(self.item_value.text(), allow_zero=False, field=T_AMOUNT)
                    item = NewItem(name, kind, amount=to_fen(value))
            except UserError as exc:
                problem = exc.message
        self.item_error.setText(problem)
        self.item_error.setVisible(bool(problem))
        if item is None:
            return False
        self.items.append(item)
        self.item_list.addItem(QListWidgetItem(self.item_text(item)))
        self.item_name.clear()
        self.item_value.clear()
        self.item_name.setFocus()
        self.check()
        return True

    def item_text(self, it: NewItem) -> str:
        if it.kind == "metered":
            value = self.tr("%1 yuan per unit").replace("%1", format_rate(it.price_e4))
        elif it.kind == "fixed":
            value = self.tr("%1 a month").replace("%1", format_amount(it.amount))
        else:
            value = format_amount(it.amount)
        return f"{it.name} · {ITEM_KIND[it.kind].format()} · {value}"

    def remove_item(self) -> None:
        row = self.item_list.currentRow()
        if 0 <= row < len(self.items):
            self.items.pop(row)
            self.item_list.takeItem(row)
            self.check()

    def _late_rule_changed(self, *_: object) -> None:
        rule = self.late_rule.currentData()
        self.late_daily.setEnabled(rule == "daily")
        self.late_fixed.setEnabled(rule == "fixed")
        self.late_grace.setEnabled(rule != "none")

    def _start_changed(self) -> None:
        if self.billing_start.period() < period_of(self.start.value()):
            self.billing_start.set_period(period_of(self.start.value()))

    # checking and saving ---------------------------------------------------------------------
    def parsed_rates(self) -> tuple[dict[str, int], dict[str, str]]:
        rates: dict[str, int] = {}
        errors: dict[str, str] = {}
        for kind, edit in self.rates.items():
            text = edit.text().strip()
            if not text:
                continue
            try:
                rates[kind] = parse_rate(text)
            except UserError as exc:
                errors[f"rate_{kind}"] = exc.message
        return rates, errors

    def late_fee(self) -> tuple[LateFeeRule, dict[str, str]]:
        rule = str(self.late_rule.currentData())
        errors: dict[str, str] = {}
        daily = fixed = 0
        if rule == "daily":
            try:
                daily = parse_daily_percent(self.late_daily.text())
            except UserError as exc:
                errors["late_daily"] = exc.message
        elif rule == "fixed":
            fen, err = parse_money(self.late_fixed)
            if err is not None:
                errors["late_fixed"] = err
            fixed = fen or 0
        return LateFeeRule(rule, daily, fixed, self.late_grace.value()), errors

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.compound.compound_id() is None:
            errors["compound"] = T_REQUIRED.format()
        if not self.number.text().strip():
            errors["number"] = T_REQUIRED.format()
        start, end = self.start.value(), self.end.value()
        if end < start:
            errors["end"] = contracts.T_BAD_TERM.format(start=start, end=end)
        bs = self.billing_start.period()
        if not (period_of(start) <= bs <= period_of(end)):
            errors["billing_start"] = contracts.T_BAD_BILLING_START.format(period=fmt_period(bs))
        rates, rate_errors = self.parsed_rates()
        errors.update(rate_errors)
        if not rates and not rate_errors and not self.items:
            errors["rate_residential"] = contracts.T_NO_RATES.format()
        try:
            parse_percent(self.vacancy.text() or "0")
        except UserError as exc:
            errors["vacancy"] = exc.message
        errors.update(self.late_fee()[1])
        return errors

    def new_contract(self) -> NewContract:
        rates, _ = self.parsed_rates()
        return NewContract(
            number=self.number.text().strip(),
            start=self.start.value(),
            end=self.end.value(),
            billing_start=self.billing_start.period(),
            cycle_months=int(self.cycle.currentData()),
            mode=str(self.mode.currentData()),
            rates=rates,
            items=tuple(self.items),
            vacancy_discount_bp=parse_percent(self.vacancy.text() or "0"),
            late_fee=self.late_fee()[0],
        )

    def save(self, session: Session) -> int:
        if self.contract is not None:
            return contracts.edit_fee_standard(
                session, self.contract.id, self.new_contract(), expected_version=self.contract.version
            ).id
        cid = self.compound.compound_id()
        assert cid is not None
        c = contracts.add_contract(session, desk.compound_by_id(session, cid), self.new_contract())
        return c.id

    def field_of(self, exc: UserError) -> str | None:
        return {
            id(contracts.T_NUMBER_EXISTS): "number",
            id(contracts.T_OVERLAP): "start",
            id(contracts.T_BAD_TERM): "end",
            id(contracts.T_BAD_BILLING_START): "billing_start",
            id(contracts.T_NO_RATES): "rate_residential",
        }.get(id(exc.text))


class BillingRunDialog(QDialog):
    """计费: the month and the compound (or all); the run itself is the page's Op."""

    def __init__(
        self,
        compounds: list[CompoundRow],
        compound_id: int | None,
        period: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Billing run"))
        self.period = PeriodEdit(period)
        self.compound = CompoundCombo(with_all=True)
        self.compound.fill(compounds)
        self.compound.set_compound_id(compound_id)
        note = QLabel(
            self.tr(
                "Bills every unit for the month under its contract. Running a month twice adds"
                " nothing; prepayments are applied to the new bills."
            )
        )
        note.setWordWrap(True)
        note.setObjectName("muted")
        form = QFormLayout()
        form.addRow(self.tr("Month:"), self.period)
        form.addRow(self.tr("Compound:"), self.compound)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Run billing"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)


class WaiverDialog(FormDialog):
    """减免: part or all of a bill's outstanding amount, with the reason and who approved it."""

    def __init__(self, book: Book, bill: BillRow, parent: QWidget | None = None) -> None:
        super().__init__(book, parent, self.tr("Waive a bill"))
        self.bill = bill
        info = QLabel(
            f"{bill.compound} {bill.unit} {bill.payer}\n{bill.description}\n"
            + self.tr("Outstanding: %1").replace("%1", format_amount(bill.outstanding))
        )
        self.form.addRow(info)
        self.amount = MoneyEdit(field=bilingual("减免金额", "Waiver"), allow_zero=False)
        self.amount.set_fen(bill.outstanding)
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("e.g. 低保户，经业委会同意"))
        self.approver = QLineEdit()
        self.approver.setMaxLength(64)
        self.on = DateEdit(date.today())
        self.add_field("amount", self.tr("Amount waived:"), self.amount)
        self.add_field("reason", self.tr("Reason:"), self.reason)
        self.add_field("approver", self.tr("Approved by:"), self.approver)
        self.add_field("on", self.tr("Date:"), self.on)

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        fen, err = parse_money(self.amount)
        if err is not None:
            errors["amount"] = err
        elif fen is not None and fen > self.bill.outstanding:
            errors["amount"] = payments.T_WAIVE_TOO_MUCH.format(
                amount=format_amount(fen), outstanding=format_amount(self.bill.outstanding)
            )
        if not self.reason.text().strip():
            errors["reason"] = payments.T_REASON.format()
        if not self.approver.text().strip():
            errors["approver"] = payments.T_APPROVER.format()
        return errors

    def save(self, session: Session) -> str:
        fen, _ = parse_money(self.amount)
        assert fen is not None
        return payments.waive(
            session, self.bill.id, fen, self.reason.text(), self.approver.text(), self.on.value()
        )

    def field_of(self, exc: UserError) -> str | None:
        if exc.text in (payments.T_WAIVE_TOO_MUCH, payments.T_AMOUNT_POSITIVE):
            return "amount"
        return {id(payments.T_REASON): "reason", id(payments.T_APPROVER): "approver"}.get(
            id(exc.text)
        )


class MeterReadingDialog(FormDialog):
    """抄表: a unit's previous and current reading of a metered item for a month."""

    def __init__(
        self, book: Book, compound: CompoundRow, period: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(book, parent, self.tr("Meter reading"))
        self.compound = compound
        with book.read() as s:
            units = registry.list_units(s, compound.id)
            names = desk.item_names(s, compound.id, period, "metered")
        self.unit = SearchPicker()
        self.unit.set_items((u.id, f"{u.code} {u.owner}") for u in units)
        self.item = QComboBox()
        self.item.addItems(names)
        self.period = PeriodEdit(period)
        self.previous = QLineEdit()
        self.current = QLineEdit()
        for w in (self.previous, self.current):
            w.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.addRow(QLabel(compound.name))
        self.add_field("unit", self.tr("Unit:"), self.unit)
        self.add_field("item", self.tr("Fee item:"), self.item)
        self.add_field("period", self.tr("Month:"), self.period)
        self.add_field("previous", self.tr("Previous reading:"), self.previous)
        self.add_field("current", self.tr("Current reading:"), self.current)
        self.unit.picked.connect(lambda _k: self.check())
        if not names:
            notice = QLabel(T_NO_METERED.format(compound=compound.name, period=fmt_period(period)))
            notice.setObjectName("errorText")
            notice.setWordWrap(True)
            self.body.addWidget(notice)
            self.ok_button.setEnabled(False)

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.unit.current_key() is None:
            errors["unit"] = T_CHOOSE_UNIT.format()
        if self.item.currentIndex() < 0:
            errors["item"] = T_REQUIRED.format()
        values: dict[str, int] = {}
        for key, edit in (("previous", self.previous), ("current", self.current)):
            if not edit.text().strip():
                errors[key] = T_REQUIRED.format()
                continue
            try:
                values[key] = charges.parse_reading(edit.text())
            except UserError as exc:
                errors[key] = exc.message
        if len(values) == 2 and values["current"] < values["previous"]:
            errors["current"] = charges.T_BACKWARDS.format(
                current=self.current.text().strip(), previous=self.previous.text().strip()
            )
        return errors

    def save(self, session: Session) -> int:
        key = self.unit.current_key()
        assert isinstance(key, int)
        unit = desk.unit_by_id(session, key)
        r = charges.record_reading(
            session, unit, self.item.currentText(), self.period.period(),
            self.previous.text(), self.current.text(),
        )  # fmt: skip
        return r.id
