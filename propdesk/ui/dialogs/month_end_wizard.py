"""月末结账 wizard: choose the first open month → the book checks (a failing book stops here)
→ the month's billing run and resource dues (in the background, cancellable) → the month's
figures and the trial balance to review → close (carry voucher) → what was posted."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from propdesk.core.errors import UserError
from propdesk.core.i18n import Text, bilingual
from propdesk.core.money import format_amount
from propdesk.core.periods import fmt_period, next_period
from propdesk.core.progress import Progress
from propdesk.core.roles import PermissionDenied
from propdesk.db.models import Bill
from propdesk.db.store import Book
from propdesk.reports.fees import MonthlyStatement, monthly_statement
from propdesk.services import billing, ledger, resources
from propdesk.services.billing import BillingResult
from propdesk.services.check import CheckReport, run_checks
from propdesk.services.ledger import CloseResult, TrialBalance
from propdesk.ui.dialogs.kit import PeriodEdit
from propdesk.ui.dialogs.steps import commit_step
from propdesk.ui.errors import show_error
from propdesk.ui.ops import Op

T_WIZARD = bilingual("月末结账", "Month-end close")
T_BACK = bilingual("< 上一步", "< Back")
T_NEXT = bilingual("下一步 >", "Next >")
T_FINISH = bilingual("完成", "Finish")
T_CANCEL = bilingual("关闭", "Close")

T_PERIOD = bilingual("1. 选择月份", "1. Choose the month")
T_PERIOD_SUB = bilingual(
    "结账按月份顺序进行：只能结第一个未结账的月份。",
    "Months are closed in order: only the first open month can be closed.",
)
T_MONTH = bilingual("结账月份：", "Month:")
T_OPEN = bilingual("当前会计期间：{period}", "Current period: {period}")
T_CLOSED_THROUGH = bilingual("已结账至 {period}", "Closed through {period}")
T_NOTHING_CLOSED = bilingual("尚无已结账月份", "No month has been closed yet")

T_CHECKS = bilingual("2. 账簿检查", "2. Book checks")
T_CHECKS_SUB = bilingual(
    "结账前检查账簿：凭证借贷平衡、凭证号连续、已结账期间未被改动等。",
    "The book is checked before closing: vouchers balance, numbers are continuous, closed"
    " months are unchanged, and more.",
)
T_CHECKS_OK = bilingual("账簿检查全部通过（{count} 项）。", "All {count} book checks passed.")
T_CHECKS_FAILED = bilingual(
    "账簿检查发现 {count} 处问题：",
    "The book checks found {count} problem(s):",
)
T_CHECKS_BLOCK = bilingual(
    "账簿未通过检查，不能继续结账。请先更正以上问题（或从备份恢复），再重新打开本向导。",
    "The book failed its checks, so the close cannot go on. Fix the problems above (or restore"
    " a backup), then open this wizard again.",
)

T_BILLING = bilingual("3. 开单", "3. Billing")
T_BILLING_SUB = bilingual(
    "为本月生成物业费账单和公共资源租金应收。重复开单不会重复生成：已有的账单会跳过。",
    "Bills the month's fees and the common resources' rent due. Running it again adds nothing:"
    " existing bills are skipped.",
)
T_RUN = bilingual("开始开单", "Run billing")
T_RUN_AGAIN = bilingual("重新开单", "Run again")
T_RUN_TITLE = bilingual("正在为 {period} 开单", "Billing {period}")
T_NOT_RUN = bilingual(
    "尚未开单。点击「开始开单」为 {period} 开单（可随时取消，取消后不写入任何账单）。",
    "Not billed yet. Click Run billing to bill {period} (you may cancel; a cancelled run writes"
    " nothing).",
)
T_BILLED = bilingual(
    "{period} 开单完成：新生成账单 {bills} 张，合计 {amount}；已有账单 {skipped} 张未重复生成；"
    "预收款冲抵 {prepaid}；公共资源租金应收新增 {dues} 笔。",
    "{period} billed: {bills} new bills, {amount} in all; {skipped} existing bills skipped;"
    " prepayments applied {prepaid}; {dues} new common-resource rent dues.",
)
T_MONTH_BILLS = bilingual(
    "本月账单共 {count} 张，合计 {amount}。", "The month has {count} bills, {amount} in all."
)
T_CANCELLED = bilingual("开单已取消：没有写入任何账单。", "Billing cancelled: nothing was written.")
T_SKIP_NOTE = bilingual(
    "你的角色不能开单，本步跳过：请确认收费员已为本月开单。",
    "Your role may not bill; this step is skipped: make sure the clerk has billed the month.",
)

T_REVIEW = bilingual("4. 核对", "4. Review")
T_REVIEW_SUB = bilingual(
    "请核对本月数字（全公司）。数字取自月度收支报表和科目余额表。",
    "Check the month's figures (whole company), taken from the monthly statement and the trial"
    " balance.",
)
T_FIGURE_BILLED = bilingual("本月应收：", "Billed:")
T_FIGURE_COLLECTED = bilingual("本月实收：", "Collected:")
T_FIGURE_RATE = bilingual("本月收缴率：", "Collection rate:")
T_FIGURE_ARREARS = bilingual("月末欠费：", "Arrears at month end:")
T_ARREARS_TEXT = bilingual("{amount}（{units} 户）", "{amount} ({units} units)")
T_FIGURE_INCOME = bilingual("本月收入：", "Income:")
T_FIGURE_COSTS = bilingual("本月成本费用：", "Costs:")
T_FIGURE_SURPLUS = bilingual("本月盈余：", "Surplus:")
T_TB_HEAD = bilingual("科目余额表（{period}）", "Trial balance ({period})")
T_TB_PERIOD = bilingual("本期发生额：", "Movement:")
T_TB_CLOSING = bilingual("期末余额：", "Closing balances:")
T_TB_SIDES = bilingual("借方 {dr}　贷方 {cr}", "debit {dr}  credit {cr}")
T_TB_BALANCED = bilingual("借贷平衡：", "Balanced:")
T_YES = bilingual("是", "yes")
T_NO = bilingual("否", "no")
T_TB_BLOCK = bilingual(
    "科目余额表借贷不平，不能结账。", "The trial balance does not balance; the month cannot close."
)

T_CLOSE = bilingual("5. 结账", "5. Close")
T_CLOSE_SUB = bilingual(
    "结账把本月损益结转到本年利润（12 月还把本年利润转入未分配利润），并锁定该月：之后不能再在"
    "该月记账，除非反结账。",
    "Closing carries the month's profit and loss to current-year profit (in December also to"
    " retained earnings) and locks the month: nothing more can be posted to it unless it is"
    " reopened.",
)
T_CLOSE_TEXT = bilingual(
    "将结账 {period}。本月盈余 {surplus}。", "{period} will be closed. Surplus {surplus}."
)
T_CLOSE_BUTTON = bilingual("结账 >", "Close the month >")
T_CONFIRM = bilingual(
    "确认结账 {period}？结账后该月不能再记账，除非反结账。",
    "Close {period}? Nothing more can be posted to it unless it is reopened.",
)

T_DONE = bilingual("6. 完成", "6. Done")
T_DONE_SUB = bilingual(
    "已结账。结转凭证可在「凭证与账簿」页查看。",
    "Closed. See the carry voucher on the Vouchers page.",
)
T_DONE_TEXT = bilingual("{period} 已结账。", "{period} is closed.")
T_CARRY = bilingual("损益结转凭证：{ref}", "Profit and loss carried by voucher {ref}")
T_NO_CARRY = bilingual(
    "本月没有损益发生额，无需结转凭证。", "No profit or loss this month: no carry voucher."
)
T_YEAR_END = bilingual("年末结转凭证：{ref}", "Year-end carry voucher {ref}")
T_NEXT_OPEN = bilingual("当前会计期间：{period}", "Current period: {period}")


def _t(text: Text, **params: object) -> str:
    return text.format(**params)


def close_refusal(session: Session, period: int) -> UserError | None:
    """Why `ledger.close_period` would refuse `period` because of the month order, with its words."""
    last = ledger.closed_through(session)
    label = fmt_period(period)
    if last is not None and period <= last:
        return UserError(ledger.T_ALREADY_CLOSED, period=label)
    if last is not None and period != next_period(last):
        return UserError(ledger.T_CLOSE_ORDER, period=fmt_period(next_period(last)))
    if last is None:
        first = ledger.first_voucher_period(session)
        if first is not None and first < period:
            return UserError(ledger.T_CLOSE_ORDER, period=fmt_period(first))
    return None


def month_bills(session: Session, period: int) -> tuple[int, int]:
    """(count, total) of the month's bills."""
    n, total = session.execute(
        select(func.count(Bill.id), func.coalesce(func.sum(Bill.amount), 0)).where(
            Bill.period == period
        )
    ).one()
    return int(n), int(total)


@dataclass(frozen=True, slots=True)
class BillingDone:
    result: BillingResult
    dues: int
    bills: int  # the month's bills after the run
    total: int


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("errorText")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def _value_label(bold: bool = False) -> QLabel:
    v = QLabel()
    v.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    v.setMinimumWidth(200)
    v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold:
        v.setStyleSheet("font-weight: bold;")
    return v


# -- the wizard's pages ------------------------------------------------------------------------
class PeriodPage(QWizardPage):
    def __init__(self, wizard: MonthEndWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(_t(T_PERIOD))
        self.setSubTitle(_t(T_PERIOD_SUB))
        with wizard.book.read() as s:
            current = ledger.current_period(s)
            last = ledger.closed_through(s)
        self.month = PeriodEdit(current)
        self.month.dateChanged.connect(lambda _d: self.problem.setVisible(False))
        self.open = QLabel(_t(T_OPEN, period=fmt_period(current)))
        self.open.setStyleSheet("font-weight: bold;")
        self.closed = QLabel(
            _t(T_CLOSED_THROUGH, period=fmt_period(last)) if last else _t(T_NOTHING_CLOSED)
        )
        self.closed.setObjectName("muted")
        self.problem = _error_label()
        form = QFormLayout(self)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(_t(T_MONTH), self.month)
        form.addRow("", self.open)
        form.addRow("", self.closed)
        form.addRow(self.problem)

    def validatePage(self) -> bool:
        period = self.month.period()
        with self.w.book.read() as s:
            refusal = close_refusal(s, period)
        if refusal is not None:
            self.problem.setText(refusal.message)
            self.problem.setVisible(True)
            return False
        self.problem.setVisible(False)
        self.w.period = period
        return True


class ChecksPage(QWizardPage):
    def __init__(self, wizard: MonthEndWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(_t(T_CHECKS))
        self.setSubTitle(_t(T_CHECKS_SUB))
        self.report: CheckReport | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.problems = QListWidget()
        self.reason = _error_label()
        self.reason.setText(_t(T_CHECKS_BLOCK))
        col = QVBoxLayout(self)
        col.addWidget(self.summary)
        col.addWidget(self.problems, 1)
        col.addWidget(self.reason)
        col.addStretch(0)  # takes the room the list leaves when there is nothing to list
        self.col = col

    def initializePage(self) -> None:
        with self.w.book.read() as s:
            self.report = run_checks(s)
        r = self.report
        self.problems.clear()
        for name, msg in r.violations:
            self.problems.addItem(f"[{name}] {msg}")
        self.problems.setVisible(not r.ok)
        self.reason.setVisible(not r.ok)
        self.col.setStretch(3, 1 if r.ok else 0)
        if r.ok:
            self.summary.setObjectName("")
            self.summary.setText(_t(T_CHECKS_OK, count=r.checks_run))
        else:
            self.summary.setObjectName("errorText")
            self.summary.setText(_t(T_CHECKS_FAILED, count=len(r.violations)))
        self.summary.style().polish(self.summary)
        self.completeChanged.emit()

    def violations(self) -> list[str]:
        return [self.problems.item(i).text() for i in range(self.problems.count())]

    def isComplete(self) -> bool:
        return self.report is not None and self.report.ok

    def validatePage(self) -> bool:  # QWizard.next() does not ask isComplete
        return self.isComplete()


class BillingPage(QWizardPage):
    def __init__(self, wizard: MonthEndWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(_t(T_BILLING))
        self.setSubTitle(_t(T_BILLING_SUB))
        self.done: BillingDone | None = None
        self.skipped = False  # the role may not bill: the month goes on with the bills it has
        self.op: Op[BillingDone] | None = None
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.month_total = QLabel()
        self.month_total.setStyleSheet("font-weight: bold;")
        self.problem = _error_label()
        self.run_button = QPushButton(_t(T_RUN))
        self.run_button.setAutoDefault(False)
        self.run_button.clicked.connect(lambda: self.run())
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addStretch(1)
        col = QVBoxLayout(self)
        col.addWidget(self.status)
        col.addWidget(self.month_total)
        col.addLayout(buttons)
        col.addWidget(self.problem)
        col.addStretch(1)

    def initializePage(self) -> None:
        if self.done is None or self.done.result.period != self.w.period:
            self.done, self.skipped = None, False
            self.status.setText(_t(T_NOT_RUN, period=fmt_period(self.w.period)))
            self.run_button.setText(_t(T_RUN))
            self.problem.setVisible(False)
            self._show_month()
        self.completeChanged.emit()

    def _show_month(self) -> None:
        with self.w.book.read() as s:
            n, total = month_bills(s, self.w.period)
        self.month_total.setText(_t(T_MONTH_BILLS, count=n, amount=format_amount(total)))

    def run(self) -> Op[BillingDone]:
        """开单 in the background, one transaction: Cancel (or Esc) rolls the whole run back."""
        book, period = self.w.book, self.w.period

        def work(progress: Progress) -> BillingDone:
            with book.write() as s:
                result = billing.run_billing(s, period, progress=progress)
                dues = resources.generate_dues(s, period)
                progress.check()  # a cancel that arrives now still rolls back
                n, total = month_bills(s, period)
                return BillingDone(result, dues, n, total)

        self.problem.setVisible(False)
        self.run_button.setEnabled(False)
        op: Op[BillingDone] = Op(self, work, title=_t(T_RUN_TITLE, period=fmt_period(period)))
        op.on_done(self._billed).on_cancelled(self._cancelled).on_error(self._failed)
        op.signals.finished.connect(lambda _o: self.run_button.setEnabled(True))
        self.op = op
        op.run()
        return op

    def _billed(self, done: BillingDone) -> None:
        self.done = done
        r = done.result
        self.status.setText(_t(
            T_BILLED, period=fmt_period(r.period), bills=r.bills, amount=format_amount(r.amount),
            skipped=r.skipped_existing, prepaid=format_amount(r.prepaid_applied), dues=done.dues,
        ))  # fmt: skip
        self.month_total.setText(
            _t(T_MONTH_BILLS, count=done.bills, amount=format_amount(done.total))
        )
        self.run_button.setText(_t(T_RUN_AGAIN))
        self.completeChanged.emit()

    def _cancelled(self) -> None:
        self.status.setText(_t(T_CANCELLED))
        self._show_month()
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            text = exc.message
            if isinstance(exc, PermissionDenied):
                # an accountant closes the month; billing is the clerk's
                self.skipped = True
                text += "\n" + _t(T_SKIP_NOTE)
            self.problem.setText(text)
            self.problem.setVisible(True)
        else:
            show_error(exc, self)
        self._show_month()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        running = self.op is not None and self.op.running
        return not running and (self.done is not None or self.skipped)

    def validatePage(self) -> bool:
        return self.isComplete()


class ReviewPage(QWizardPage):
    FIGURES = (("billed", T_FIGURE_BILLED), ("collected", T_FIGURE_COLLECTED),
               ("rate", T_FIGURE_RATE), ("arrears", T_FIGURE_ARREARS),
               ("income", T_FIGURE_INCOME), ("costs", T_FIGURE_COSTS),
               ("surplus", T_FIGURE_SURPLUS))  # fmt: skip

    def __init__(self, wizard: MonthEndWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(_t(T_REVIEW))
        self.setSubTitle(_t(T_REVIEW_SUB))
        self.statement: MonthlyStatement | None = None
        self.tb: TrialBalance | None = None
        self.values: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for key, caption in self.FIGURES:
            self.values[key] = _value_label(bold=key == "surplus")
            form.addRow(_t(caption), self.values[key])
        self.tb_head = QLabel()
        self.tb_head.setObjectName("statCaption")
        form.addItem(QSpacerItem(0, 12))
        form.addRow(self.tb_head)
        for key, caption in (("tb_period", T_TB_PERIOD), ("tb_closing", T_TB_CLOSING),
                             ("balanced", T_TB_BALANCED)):  # fmt: skip
            self.values[key] = _value_label(bold=key == "balanced")
            form.addRow(_t(caption), self.values[key])
        self.problem = _error_label()
        self.problem.setText(_t(T_TB_BLOCK))
        col = QVBoxLayout(self)
        col.addLayout(form)
        col.addWidget(self.problem)
        col.addStretch(1)

    def initializePage(self) -> None:
        period = self.w.period
        with self.w.book.read() as s:
            st = self.statement = monthly_statement(s, period)
            tb = self.tb = ledger.trial_balance(s, period)
        f = st.fees
        self.setTitle(f"{_t(T_REVIEW)} · {fmt_period(period)}")
        shown = {
            "billed": format_amount(f.billed),
            "collected": format_amount(f.collected),
            "rate": f.rate,
            "arrears": _t(
                T_ARREARS_TEXT, amount=format_amount(f.arrears_total), units=f.arrears_units
            ),
            "income": format_amount(st.revenue[0]),
            "costs": format_amount(st.costs[0]),
            "surplus": format_amount(st.surplus[0]),
        }
        t = tb.totals
        shown["tb_period"] = _t(T_TB_SIDES, dr=format_amount(t.debit), cr=format_amount(t.credit))
        shown["tb_closing"] = _t(
            T_TB_SIDES, dr=format_amount(t.closing_debit), cr=format_amount(t.closing_credit)
        )
        shown["balanced"] = _t(T_YES if tb.balanced else T_NO)
        for key, text in shown.items():
            self.values[key].setText(text)
        self.values["balanced"].setObjectName("" if tb.balanced else "errorText")
        self.values["balanced"].style().polish(self.values["balanced"])
        self.tb_head.setText(_t(T_TB_HEAD, period=fmt_period(period)))
        self.problem.setVisible(not tb.balanced)
        self.completeChanged.emit()

    def shown(self, key: str) -> str:
        return self.values[key].text()

    def isComplete(self) -> bool:
        return self.tb is not None and self.tb.balanced

    def validatePage(self) -> bool:
        return self.isComplete()


class ClosePage(QWizardPage):
    def __init__(self, wizard: MonthEndWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(_t(T_CLOSE))
        self.setSubTitle(_t(T_CLOSE_SUB))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.problem = _error_label()
        col = QVBoxLayout(self)
        col.addWidget(self.text)
        col.addWidget(self.problem)
        col.addStretch(1)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _t(T_CLOSE_BUTTON))

    def initializePage(self) -> None:
        self.problem.setVisible(False)
        st = self.w.review_page.statement
        surplus = format_amount(st.surplus[0]) if st is not None else ""
        self.text.setText(_t(T_CLOSE_TEXT, period=fmt_period(self.w.period), surplus=surplus))

    def validatePage(self) -> bool:
        label = fmt_period(self.w.period)
        answer = QMessageBox.question(self, _t(T_WIZARD), _t(T_CONFIRM, period=label))
        if answer != QMessageBox.StandardButton.Yes:
            return False

        def close(s: Session) -> None:
            self.w.result = ledger.close_period(s, self.w.period)

        return commit_step(self, self.w.book, close, self.problem)


class DonePage(QWizardPage):
    def __init__(self, wizard: MonthEndWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(_t(T_DONE))
        self.setSubTitle(_t(T_DONE_SUB))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        col = QVBoxLayout(self)
        col.addWidget(self.text)
        col.addStretch(1)
        self.setFinalPage(True)

    def initializePage(self) -> None:
        r = self.w.result
        if r is None:
            return
        lines = [_t(T_DONE_TEXT, period=fmt_period(r.period))]
        lines.append(_t(T_CARRY, ref=r.carry.label) if r.carry else _t(T_NO_CARRY))
        if r.year_end is not None:
            lines.append(_t(T_YEAR_END, ref=r.year_end.label))
        lines.append(_t(T_NEXT_OPEN, period=fmt_period(next_period(r.period))))
        self.text.setText("<br>".join(lines))


class MonthEndWizard(QWizard):
    """month → checks → billing → review → close → done; `result` is set once closed."""

    PERIOD, CHECKS, BILLING, REVIEW, CLOSE, DONE = range(6)

    def __init__(self, book: Book, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.result: CloseResult | None = None
        self.setWindowTitle(_t(T_WIZARD))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in ((QWizard.WizardButton.BackButton, T_BACK),
                             (QWizard.WizardButton.NextButton, T_NEXT),
                             (QWizard.WizardButton.FinishButton, T_FINISH),
                             (QWizard.WizardButton.CancelButton, T_CANCEL)):  # fmt: skip
            self.setButtonText(button, text.format())
        self.period_page = PeriodPage(self)
        self.period = self.period_page.month.period()
        self.checks_page = ChecksPage(self)
        self.billing_page = BillingPage(self)
        self.review_page = ReviewPage(self)
        self.close_page = ClosePage(self)
        self.done_page = DonePage(self)
        for i, page in enumerate((self.period_page, self.checks_page, self.billing_page,
                                  self.review_page, self.close_page, self.done_page)):  # fmt: skip
            self.setPage(i, page)
        self.resize(820, 560)

    def reject(self) -> None:
        if self.billing_page.op is not None and self.billing_page.op.running:
            self.billing_page.op.cancel()  # the run rolls back; the wizard stays until it has
            return
        super().reject()


__all__ = ["MonthEndWizard", "close_refusal"]
