"""收费: contracts and their fee standards, billing runs, the bills of a month, waivers, meter readings, late fees."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from propdesk.core.fees import format_rate
from propdesk.core.i18n import bilingual
from propdesk.core.money import format_amount
from propdesk.core.periods import fmt_period
from propdesk.core.progress import Progress
from propdesk.core.ratios import bp_text
from propdesk.services import billing, desk, payments
from propdesk.services.billing import BillingResult
from propdesk.services.desk import BillRow, CompoundRow, ContractRow
from propdesk.services.payments import LateFeeLine
from propdesk.ui.dialogs.fee_dialogs import (
    T_EDIT_STANDARD,
    BillingRunDialog,
    ContractDialog,
    MeterReadingDialog,
    WaiverDialog,
    rates_text,
)
from propdesk.ui.dialogs.form import RecordDialog
from propdesk.ui.dialogs.kit import (
    CONTRACT_STATUS,
    ITEM_KIND,
    MODE,
    DeskTableModel,
    PeriodEdit,
    compound_tab_page,
    label,
    row_menu,
    write_action,
)
from propdesk.ui.dialogs.statement import StatementDialog
from propdesk.ui.ops import Op
from propdesk.ui.pages.base import Page, PageContext
from propdesk.ui.widgets.date_edit import DateEdit
from propdesk.ui.widgets.table import CENTER, RIGHT, Column, TableView, fmt_date, money_column

CYCLE = {
    1: bilingual("每月", "Monthly"),
    3: bilingual("每季度", "Quarterly"),
    6: bilingual("每半年", "Half-yearly"),
    12: bilingual("每年", "Yearly"),
}
T_LATE_DAILY = bilingual("每日 {rate}%，宽限 {grace} 天", "{rate} % a day after {grace} days")
T_LATE_FIXED = bilingual("{amount}，宽限 {grace} 天", "{amount} after {grace} days")
T_MONTH_END = bilingual("月末结账…", "Month end…")


def cycle_text(months: int) -> str:
    return label({str(k): v for k, v in CYCLE.items()}, str(months))


def late_text(c: ContractRow) -> str:
    if c.late_fee_rule == "daily":
        rate = format_rate(c.late_fee_daily_ppm)  # ppm / 10^4 = percent
        return T_LATE_DAILY.format(rate=rate, grace=c.late_fee_grace_days)
    if c.late_fee_rule == "fixed":
        return T_LATE_FIXED.format(
            amount=format_amount(c.late_fee_fixed), grace=c.late_fee_grace_days
        )
    return label({"none": bilingual("不收取", "None")}, c.late_fee_rule)


def items_text(c: ContractRow) -> str:
    return "、".join(it.name for it in c.items if it.kind != "area")


CONTRACT_COLUMNS = (
    Column("compound", bilingual("小区", "Compound")),
    Column("number", bilingual("合同编号", "Number")),
    Column("term", bilingual("合同期", "Term"), align=CENTER,
           value=lambda c: f"{c.start.isoformat()} ~ {c.end.isoformat()}"),
    Column("status", bilingual("状态", "Status"), align=CENTER,
           fmt=lambda v: label(CONTRACT_STATUS, v)),
    Column("billing_start", bilingual("开始计费", "Billing from"), align=CENTER, fmt=fmt_period),
    Column("cycle_months", bilingual("计费周期", "Cycle"), align=CENTER, fmt=cycle_text),
    Column("mode", bilingual("模式", "Mode"), fmt=lambda v: label(MODE, v)),
    Column("rates", bilingual("物业费单价(元/㎡/月)", "Rates (yuan/m²/month)"),
           value=lambda c: rates_text(c.rates)),
    Column("items", bilingual("其他收费项目", "Other items"), value=items_text),
    Column("vacancy", bilingual("空置优惠", "Vacancy discount"), align=RIGHT,
           value=lambda c: c.vacancy_discount_bp, fmt=lambda bp: bp_text(bp, None) if bp else ""),
    Column("late", bilingual("违约金", "Late fee"), value=late_text),
)  # fmt: skip

BILL_COLUMNS = (
    Column("compound", bilingual("小区", "Compound"), hidden=True),
    Column("unit", bilingual("房屋", "Unit"), width=10),
    Column("payer", bilingual("缴费人", "Payer"), width=14),
    Column("item", bilingual("收费项目", "Fee item")),
    Column("description", bilingual("摘要", "Description"), stretch=True),
    Column("period", bilingual("月份", "Month"), align=CENTER, fmt=fmt_period),
    Column("due_date", bilingual("应缴日期", "Due"), align=CENTER, fmt=fmt_date, hidden=True),
    money_column("amount", bilingual("应收", "Amount"), width=12),
    money_column("waived", bilingual("减免", "Waived"), width=11),
    money_column("paid", bilingual("已收", "Paid"), width=12),
    money_column("outstanding", bilingual("未收", "Outstanding"), width=12),
)

# late-fee rows are (LateFeeLine, compound name)
LATE_COLUMNS = (
    Column("unit_code", bilingual("房屋", "Unit"), value=lambda r: r[0].unit_code, width=12),
    Column("compound", bilingual("小区", "Compound"), value=lambda r: r[1]),
    Column(
        "bills", bilingual("逾期账单", "Overdue bills"), align=RIGHT, value=lambda r: r[0].bills
    ),
    money_column("outstanding", bilingual("逾期金额", "Overdue"), value=lambda r: r[0].outstanding),
    money_column("fee", bilingual("违约金", "Late fee"), value=lambda r: r[0].fee),
)


class BillingPage(Page):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.compounds: list[CompoundRow] = []
        self.op: Op[Any] | None = None
        self.last_result: BillingResult | None = None
        self.late_as_of: date | None = None

        compound_tab_page(
            self,
            [
                lambda: self._bills_tab(ctx),
                lambda: self._contracts_tab(ctx),
                lambda: self._late_tab(ctx),
            ],
        )
        self.retranslate()

    # building --------------------------------------------------------------------------------
    def _contracts_tab(self, ctx: PageContext) -> QWidget:
        w = QWidget()
        self.new_contract_button = QPushButton()
        self.new_contract_button.clicked.connect(lambda: self.new_contract())
        self.contract_model = DeskTableModel(CONTRACT_COLUMNS, self)
        self.contract_view = TableView(
            self.contract_model, self, name="contracts", state_store=ctx.settings
        )
        self.contract_view.activated.connect(lambda c: self.show_contract(c))
        row_menu(self.contract_view, self._contract_menu)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.new_contract_button)
        col = QVBoxLayout(w)
        col.addLayout(top)
        col.addWidget(self.contract_view, 1)
        return w

    def _bills_tab(self, ctx: PageContext) -> QWidget:
        w = QWidget()
        self.period_label = QLabel()
        self.period = PeriodEdit()
        self.period_label.setBuddy(self.period)
        self.period.dateChanged.connect(lambda _d: self.refresh_bills())
        self.open_only = QCheckBox()
        self.open_only.toggled.connect(lambda _c: self.refresh_bills())
        self.run_button = QPushButton()
        self.run_button.clicked.connect(lambda: self.billing_dialog())
        self.reading_button = QPushButton()
        self.reading_button.clicked.connect(lambda: self.meter_reading())
        self.waive_button = QPushButton()
        self.waive_button.clicked.connect(lambda: self.waive())
        self.month_end_button = QPushButton()
        self.month_end_button.clicked.connect(lambda: self.month_end())
        self.bill_model = DeskTableModel(BILL_COLUMNS, self)
        self.bill_view = TableView(self.bill_model, self, name="bills", state_store=ctx.settings)
        self.bill_view.activated.connect(lambda b: self.statement(b.unit_id))
        row_menu(self.bill_view, self._bill_menu)
        self.bill_totals = QLabel()
        self.bill_totals.setObjectName("muted")
        top = QHBoxLayout()
        top.addWidget(self.period_label)
        top.addWidget(self.period)
        top.addWidget(self.open_only)
        top.addStretch(1)
        for b in (self.run_button, self.reading_button, self.waive_button, self.month_end_button):
            top.addWidget(b)
        col = QVBoxLayout(w)
        col.addLayout(top)
        col.addWidget(self.bill_view, 1)
        col.addWidget(self.bill_totals)
        return w

    def _late_tab(self, ctx: PageContext) -> QWidget:
        w = QWidget()
        self.as_of_label = QLabel()
        self.as_of = DateEdit(date.today())
        self.as_of_label.setBuddy(self.as_of)
        self.compute_button = QPushButton()
        self.compute_button.clicked.connect(lambda: self.compute_late_fees())
        self.check_all_button = QPushButton()
        self.check_all_button.clicked.connect(lambda: self._check_all(True))
        self.check_none_button = QPushButton()
        self.check_none_button.clicked.connect(lambda: self._check_all(False))
        self.charge_button = QPushButton()
        self.charge_button.clicked.connect(lambda: self.charge_late_fees())
        self.late_model = DeskTableModel(LATE_COLUMNS, self, check_key=lambda r: r[0].unit_id)
        self.late_model.checks_changed.connect(self._late_totals)
        self.late_view = TableView(
            self.late_model, self, name="late_fees", state_store=ctx.settings
        )
        self.late_view.activated.connect(lambda r: self.statement(r[0].unit_id))
        row_menu(self.late_view, self._late_menu)
        self.late_totals = QLabel()
        self.late_totals.setObjectName("muted")
        self.late_note = QLabel()
        self.late_note.setObjectName("muted")
        self.late_note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.as_of_label)
        top.addWidget(self.as_of)
        top.addWidget(self.compute_button)
        top.addStretch(1)
        for b in (self.check_all_button, self.check_none_button, self.charge_button):
            top.addWidget(b)
        col = QVBoxLayout(w)
        col.addLayout(top)
        col.addWidget(self.late_note)
        col.addWidget(self.late_view, 1)
        col.addWidget(self.late_totals)
        self._late_totals()
        return w

    # reading ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        with self.book.read() as s:
            self.compounds = desk.compounds(s)
        self.compound.fill(self.compounds)
        self.refresh_lists()

    def refresh_lists(self) -> None:
        cid = self.compound.compound_id()
        with self.book.read() as s:
            rows = desk.contract_rows(s, cid)
        self.contract_model.set_rows(rows)
        self.refresh_bills()

    def refresh_bills(self) -> None:
        with self.book.read() as s:
            rows = desk.bills(
                s,
                period=self.period.period(),
                compound_id=self.compound.compound_id(),
                open_only=self.open_only.isChecked(),
            )
        self.bill_model.set_rows(rows)
        self._bill_totals()

    def _bill_totals(self) -> None:
        rows: list[BillRow] = self.bill_model.rows()
        self.bill_totals.setText(
            self.tr("%1 bills · charged %2 · waived %3 · paid %4 · outstanding %5")
            .replace("%1", self.locale().toString(len(rows)))
            .replace("%2", format_amount(sum(r.amount for r in rows)))
            .replace("%3", format_amount(sum(r.waived for r in rows)))
            .replace("%4", format_amount(sum(r.paid for r in rows)))
            .replace("%5", format_amount(sum(r.outstanding for r in rows)))
        )

    def _late_totals(self) -> None:
        chosen = self.late_model.checked_rows()
        self.late_totals.setText(
            self.tr("%1 of %2 units chosen · late fees %3")
            .replace("%1", str(len(chosen)))
            .replace("%2", str(self.late_model.rowCount()))
            .replace("%3", format_amount(sum(r[0].fee for r in chosen)))
        )
        self.charge_button.setEnabled(bool(chosen))

    def _say(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    # contracts -------------------------------------------------------------------------------
    def new_contract(self) -> ContractDialog:
        dlg = ContractDialog(self.book, self.compounds, self.compound.compound_id(), self)
        dlg.open()
        return dlg

    def edit_contract(self, c: ContractRow) -> ContractDialog:
        """修改收费标准: refused once the contract has been billed; saves against the version
        shown, so another clerk's change meanwhile is kept."""
        dlg = ContractDialog(self.book, self.compounds, parent=self, contract=c)
        dlg.open()
        return dlg

    def show_contract(self, c: ContractRow) -> RecordDialog:
        items = [
            f"{it.name}（{ITEM_KIND[it.kind].format()}）"
            + (f" {rates_text(dict(it.rates))}" if it.kind == "area" else "")
            + (f" {format_amount(it.amount)}" if it.kind in ("fixed", "one_off") else "")
            + (f" {format_rate(it.price_e4)}" if it.kind == "metered" else "")
            for it in c.items
        ]
        rows = [
            (self.tr("Compound:"), c.compound),
            (self.tr("Contract number:"), c.number),
            (self.tr("Term:"), f"{c.start.isoformat()} ~ {c.end.isoformat()}"),
            (self.tr("Status:"), label(CONTRACT_STATUS, c.status)),
            (self.tr("Billing starts:"), fmt_period(c.billing_start)),
            (self.tr("Billing cycle:"), cycle_text(c.cycle_months)),
            (self.tr("Mode:"), label(MODE, c.mode)),
            (self.tr("Fee items:"), "\n".join(items)),
            (self.tr("Vacancy discount:"), bp_text(c.vacancy_discount_bp, None)),
            (self.tr("Late fee:"), late_text(c)),
        ]
        dlg = RecordDialog(self.tr("Contract %1").replace("%1", c.number), rows, self, c.notes)
        dlg.open()
        return dlg

    def _contract_menu(self, menu: QMenu, rows: list[ContractRow]) -> None:
        self._add(menu, self.tr("Open"), lambda: self.show_contract(rows[0]))
        self._add(menu, T_EDIT_STANDARD.format(), lambda: self.edit_contract(rows[0]))
        self._add(menu, self.tr("New contract…"), self.new_contract)

    # billing ---------------------------------------------------------------------------------
    def billing_dialog(self) -> BillingRunDialog:
        dlg = BillingRunDialog(
            self.compounds, self.compound.compound_id(), self.period.period(), self
        )

        def go() -> None:
            self.run_billing(dlg.period.period(), dlg.compound.compound_id())

        dlg.accepted.connect(go)
        dlg.open()
        return dlg

    def month_end(self) -> Any:
        """月末结账: checks → billing → review → close, in the wizard."""
        from propdesk.ui.dialogs.month_end_wizard import MonthEndWizard

        wiz = MonthEndWizard(self.book, self)
        wiz.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wiz.open()
        return wiz

    def run_billing(self, period: int, compound_id: int | None = None) -> Op[BillingResult]:
        """计费 in the background; Cancel (or Esc) rolls the whole run back."""
        book = self.book

        def work(progress: Progress) -> BillingResult:
            with book.write() as s:
                result = billing.run_billing(s, period, compound_id=compound_id, progress=progress)
                progress.check()  # a cancel that arrives now still rolls back
                return result

        op: Op[BillingResult] = Op(
            self, work, title=self.tr("Billing %1").replace("%1", fmt_period(period))
        )
        op.on_done(self._billed).on_cancelled(
            lambda: self._say(self.tr("Billing run cancelled: nothing was written."))
        )
        self.op = op
        op.run()
        return op

    def _billed(self, r: BillingResult) -> None:
        self.last_result = r
        self._say(
            self.tr(
                "Billing %1 done: %2 bills, %3; prepayments applied %4; %5 bills existed already."
            )
            .replace("%1", fmt_period(r.period))
            .replace("%2", self.locale().toString(r.bills))
            .replace("%3", format_amount(r.amount))
            .replace("%4", format_amount(r.prepaid_applied))
            .replace("%5", self.locale().toString(r.skipped_existing))
        )
        self.tabs.setCurrentIndex(0)
        if self.period.period() != r.period:
            self.period.set_period(r.period)  # refreshes the bills
        else:
            self.refresh_bills()

    def meter_reading(self) -> MeterReadingDialog | None:
        cid = self.compound.compound_id()
        if cid is None and len(self.compounds) == 1:
            cid = self.compounds[0].id
        compound = next((c for c in self.compounds if c.id == cid), None)
        if compound is None:
            self._say(self.tr("Choose a compound first (top right), then enter its readings."))
            self.compound.setFocus()
            return None
        dlg = MeterReadingDialog(self.book, compound, self.period.period(), self)
        dlg.open()
        return dlg

    def waive(self, bill: BillRow | None = None) -> WaiverDialog | None:
        row = bill or self.bill_view.current_row()
        if not isinstance(row, BillRow):
            return None
        if row.outstanding <= 0:
            self._say(self.tr("This bill is settled: nothing to waive."))
            return None
        dlg = WaiverDialog(self.book, row, self)
        dlg.open()
        return dlg

    def statement(self, unit_id: int) -> StatementDialog:
        dlg = StatementDialog(self.book, unit_id, self)
        dlg.open()
        return dlg

    def _bill_menu(self, menu: QMenu, rows: list[BillRow]) -> None:
        first = rows[0]
        act = self._add(menu, self.tr("Waive…"), lambda: self.waive(first))
        act.setEnabled(first.outstanding > 0)
        self._add(menu, self.tr("Statement of account…"), lambda: self.statement(first.unit_id))

    # late fees -------------------------------------------------------------------------------
    def compute_late_fees(self) -> Op[list[LateFeeLine]]:
        """违约金 as of a date, computed in the background; nothing is charged yet."""
        book, as_of, cid = self.book, self.as_of.value(), self.compound.compound_id()
        names = {c.id: c.name for c in self.compounds}

        text = self.tr("Computing late fees…")

        def work(progress: Progress) -> list[LateFeeLine]:
            progress.report(0, 0, text)
            with book.read() as s:
                return payments.late_fees_due(s, as_of, cid)

        op: Op[list[LateFeeLine]] = Op(
            self, work, title=self.tr("Computing late fees"), changes_data=False
        )
        op.on_done(lambda lines: self._show_late_fees(lines, as_of, names))
        self.op = op
        op.run()
        return op

    def _show_late_fees(self, lines: list[LateFeeLine], as_of: date, names: dict[int, str]) -> None:
        self.late_as_of = as_of
        rows = [(ln, names.get(ln.compound_id, "")) for ln in lines]
        self.late_model.set_rows(rows)
        self.late_model.set_checked(ln.unit_id for ln in lines)
        if not lines:
            self._say(
                self.tr("No late fees as of %1 (none of the contracts charges them, or nothing is overdue).")
                .replace("%1", as_of.isoformat())
            )  # fmt: skip

    def prepare_screenshot(self) -> None:
        """For the page renders: the late fees as of today, computed (nothing is charged)."""
        as_of = self.as_of.value()
        with self.book.read() as s:
            lines = payments.late_fees_due(s, as_of, self.compound.compound_id())
        self._show_late_fees(lines, as_of, {c.id: c.name for c in self.compounds})

    def _late_menu(self, menu: QMenu, rows: list[tuple[LateFeeLine, str]]) -> None:
        keys = [r[0].unit_id for r in rows]
        checked = self.late_model.checked
        self._add(menu, self.tr("Charge"), lambda: self.late_model.set_checked(checked | set(keys)))
        self._add(
            menu, self.tr("Do not charge"), lambda: self.late_model.set_checked(checked - set(keys))
        )
        menu.addSeparator()
        self._add(menu, self.tr("Statement of account…"), lambda: self.statement(keys[0]))

    def _check_all(self, on: bool) -> None:
        self.late_model.set_checked(r[0].unit_id for r in self.late_model.rows() if on)

    def charge_late_fees(self) -> int | None:
        """确认计收: only the ticked units are charged, as one bill each."""
        chosen = [r[0] for r in self.late_model.checked_rows()]
        as_of = self.late_as_of
        if not chosen or as_of is None:
            return None
        n = write_action(self.book, self, lambda s: payments.charge_late_fees(s, chosen, as_of))
        if n is not None:
            self.late_model.set_rows([])
            self.late_model.set_checked([])
            self._say(
                self.tr("Late fees charged to %1 units as of %2.")
                .replace("%1", str(n))
                .replace("%2", as_of.isoformat())
            )
        return n

    # --------------------------------------------------------------------------------------
    def _add(self, menu: QMenu, text: str, slot: object) -> QAction:
        act = menu.addAction(text)
        act.triggered.connect(lambda _c=False: slot())  # type: ignore[operator]
        return act

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Billing"))
        self.compound_label.setText(self.tr("Compound:"))
        self.compound.retranslate()
        self.tabs.setTabText(0, self.tr("Bills"))
        self.tabs.setTabText(1, self.tr("Contracts"))
        self.tabs.setTabText(2, self.tr("Late fees"))
        self.new_contract_button.setText(self.tr("New contract…"))
        self.period_label.setText(self.tr("Month:"))
        self.open_only.setText(self.tr("Unpaid only"))
        self.run_button.setText(self.tr("Run billing…"))
        self.reading_button.setText(self.tr("Meter readings…"))
        self.waive_button.setText(self.tr("Waive…"))
        self.month_end_button.setText(T_MONTH_END.format())
        self.as_of_label.setText(self.tr("As of:"))
        self.compute_button.setText(self.tr("Compute late fees"))
        self.check_all_button.setText(self.tr("Tick all"))
        self.check_none_button.setText(self.tr("Tick none"))
        self.charge_button.setText(self.tr("Charge the ticked"))
        self.late_note.setText(
            self.tr(
                "Late fees follow each contract's rule (none unless the contract says so). Untick"
                " the households not to charge, then confirm; each is charged once a month."
            )
        )
        for m in (self.contract_model, self.bill_model, self.late_model):
            m.retranslate()
        self._bill_totals()
        self._late_totals()
