"""盈余分配 wizard and dialogs: choose a closed period (month, quarter or year) → the surplus
figures read from the ledger → the draft lines by rule and what remains → the secretary's
approval (posts the voucher) → the stipend payment sheet and station funding list to print.
Also the rule dialog and the payout dialog of the surplus page."""

from __future__ import annotations

import io
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from sqlalchemy.orm import Session

from propdesk.core.errors import UserError
from propdesk.core.i18n import Text, bilingual
from propdesk.core.money import format_amount
from propdesk.core.periods import add_months, fmt_period
from propdesk.db.store import Book
from propdesk.services import ledger, surplus, surplus_views
from propdesk.services.surplus import AllocationView, Figures, LineRow, RuleRow
from propdesk.ui.dialogs.form import FormDialog, parse_money
from propdesk.ui.dialogs.kit import TOTAL_BRUSH, DeskTableModel
from propdesk.ui.dialogs.steps import commit_step
from propdesk.ui.errors import show_error
from propdesk.ui.print_preview import PrintPreviewDialog, show_print_preview
from propdesk.ui.widgets.date_edit import DateEdit
from propdesk.ui.widgets.money_edit import MoneyEdit
from propdesk.ui.widgets.table import RIGHT, Column, TableView, money_column

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T_WIZARD = bilingual("盈余分配", "Allocate the surplus")
T_BACK = bilingual("< 上一步", "< Back")
T_NEXT = bilingual("下一步 >", "Next >")
T_FINISH = bilingual("完成", "Finish")
T_CANCEL = bilingual("关闭", "Close")

T_PERIOD = bilingual("1. 选择期间", "1. Choose the period")
T_PERIOD_SUB = bilingual(
    "只能分配已结账期间的盈余（月度、季度或年度）。业主共有收益不属于公司，不参与分配。",
    "Only a closed period's surplus (a month, a quarter or a year) can be allocated. The owners'"
    " common income is not the company's and is never allocated.",
)
T_KIND = bilingual("期间类型：", "Period kind:")
T_KINDS = {
    "quarter": bilingual("季度", "Quarter"),
    "month": bilingual("月度", "Month"),
    "year": bilingual("年度", "Year"),
}
T_YEAR = bilingual("年度：", "Year:")
T_PART = bilingual("季度 / 月份：", "Quarter / month:")
T_CHOSEN = bilingual("期间：{period}", "Period: {period}")
T_CLOSED_THROUGH = bilingual("已结账至 {period}", "Closed through {period}")
T_NOTHING_CLOSED = bilingual("尚无已结账期间", "Nothing has been closed yet")

T_FIGURES = bilingual("2. 本期盈余", "2. The surplus")
T_FIGURES_SUB = bilingual(
    "以下数字取自账簿：公司自有收入减成本费用；以前期间的亏损先行弥补。",
    "These figures come from the ledger: the company's own revenue less its costs; earlier"
    " losses are covered first.",
)
T_REVENUE = bilingual("公司自有收入：", "Own revenue:")
T_COSTS = bilingual("成本费用：", "Costs:")
T_SURPLUS = bilingual("本期盈余：", "Surplus:")
T_LOSSES = bilingual("弥补以前期间亏损：", "Earlier losses covered:")
T_DISTRIBUTABLE = bilingual("可分配：", "To allocate:")
T_OWNERS_NOTE = bilingual(
    "注：业主共有收益（停车、广告等公共资源收入中业主的部分）记入其他应付款，不计入公司收入，"
    "已排除在外，不参与分配。",
    "Note: the owners' common income (their part of parking, advertising and other common"
    " resources) is a payable to the owners, not the company's revenue; it is excluded and"
    " never allocated.",
)
T_DRAFT_BUTTON = bilingual("生成分配草稿 >", "Draft the allocation >")

T_LINES = bilingual("3. 分配草稿", "3. The draft")
T_LINES_SUB = bilingual(
    "按分配规则的优先顺序逐项分配；同一顺序不足时按比例分摊，精确到分。",
    "Lines follow the rules in priority order; a shortfall within one priority is shared pro"
    " rata, to the fen.",
)
T_TOTALS = bilingual(
    "盈余 {surplus} ＝ 弥补亏损 {cover} ＋ 网格员补贴 {stipends} ＋ 驿站经费 {stations} ＋ 留存 {retained}",
    "Surplus {surplus} = losses covered {cover} + stipends {stipends} + stations {stations}"
    " + retained {retained}",
)
T_REMAINS = bilingual("分配后剩余（留存）：{amount}", "What remains (retained): {amount}")

T_APPROVE = bilingual("4. 审批", "4. Approve")
T_APPROVE_SUB = bilingual(
    "由书记审批。审批后按分配明细生成记账凭证（借 管理费用—网格补贴，贷 应付职工薪酬 / 其他应付款），"
    "不能再修改。",
    "The secretary approves. Approval posts the voucher (Dr admin expenses — grid stipends,"
    " Cr payroll / other payables); it cannot be changed afterwards.",
)
T_APPROVER = bilingual("审批人：", "Approved by:")
T_APPROVED_ON = bilingual("审批日期：", "Approved on:")
T_APPROVE_BUTTON = bilingual("审批并记账 >", "Approve and post >")
T_CONFIRM = bilingual(
    "确认审批 {period} 盈余分配：网格员补贴 {stipends}，驿站经费 {stations}，留存 {retained}？"
    "审批后将记账，不能撤回。",
    "Approve the {period} allocation: stipends {stipends}, stations {stations}, retained"
    " {retained}? It is posted and cannot be undone.",
)
T_NEED_APPROVER = bilingual("请填写审批人", "the approver is required")

T_DONE = bilingual("5. 发放", "5. Pay out")
T_DONE_SUB = bilingual(
    "已审批记账。请打印签字发放表，由网格员签字领取；驿站经费拨付表由驿站签收。"
    "实际发放后在「盈余分配」页登记现金或银行付款。",
    "Approved and posted. Print the stipend sheet for the workers to sign, and the station"
    " funding list for the stations. Record the cash or bank payout on the Surplus page.",
)
T_DONE_TEXT = bilingual(
    "{period} 盈余分配（第 {id} 号）已审批：凭证 {voucher}，审批人 {by}。",
    "{period} allocation (no. {id}) approved: voucher {voucher}, by {by}.",
)
T_PRINT_SHEET = bilingual("打印签字发放表…", "Print the stipend sheet…")
T_PRINT_FUNDING = bilingual("打印驿站经费拨付表…", "Print the station funding list…")
T_SHEET_DOC = bilingual("{period} 网格补贴签字发放表", "{period} stipend payment sheet")
T_FUNDING_DOC = bilingual("{period} 网格驿站经费拨付表", "{period} station funding list")

LINE_COLUMNS = (
    Column("line_no", bilingual("序号", "No."), align=RIGHT, width=5),
    Column("kind", bilingual("类别", "Kind"), value=lambda r: r.kind_label),
    Column("rule", bilingual("规则", "Rule"), width=26),
    Column("who", bilingual("对象", "For"), stretch=True),
    Column("grid", bilingual("网格", "Grid"), width=6),
    Column("months", bilingual("月数", "Months"), align=RIGHT, width=5,
           fmt=lambda m: str(m) if m else ""),
    money_column("asked", bilingual("应分", "Asked"), width=12),
    money_column("amount", bilingual("分配", "Allocated"), width=12),
    money_column("paid", bilingual("已发放", "Paid"), width=12),
    Column("voucher", bilingual("凭证", "Voucher"), width=14),
    Column("account", bilingual("科目", "Account"), hidden=True),
)  # fmt: skip


def _t(text: Text, **params: object) -> str:
    return text.format(**params)


def print_allocation(
    book: Book, allocation_id: int, what: str, parent: QWidget | None = None
) -> PrintPreviewDialog | None:
    """The stipend sheet ("stipend") or the station funding list ("station") of an allocation,
    made as a PDF and shown in the print preview."""
    from propdesk.reports.common import letterhead
    from propdesk.reports.pdf.allocation import render_station_funding, render_stipend_sheet

    buf = io.BytesIO()
    try:
        with book.read() as s:
            company = letterhead(s).company
            if what == "stipend":
                data: Any = surplus.stipend_sheet(s, allocation_id)
            else:
                data = surplus.station_funding(s, allocation_id)
        if what == "stipend":
            render_stipend_sheet(data, buf, company=company)
            title, name = _t(T_SHEET_DOC, period=data.period), "网格补贴签字发放表"
        else:
            render_station_funding(data, buf, company=company)
            title, name = _t(T_FUNDING_DOC, period=data.period), "网格驿站经费拨付表"
    except Exception as exc:
        show_error(exc, parent)
        return None
    return show_print_preview(
        buf.getvalue(), title=title, suggested_name=f"{name}-{allocation_id}.pdf", parent=parent
    )


def line_model(parent: Any = None) -> DeskTableModel:
    return DeskTableModel(
        LINE_COLUMNS, parent,
        background=lambda r: TOTAL_BRUSH if r.kind == "retained" else None,
        bold=lambda r: r.kind == "retained",
    )  # fmt: skip


# -- the wizard's pages ------------------------------------------------------------------------
class PeriodPage(QWizardPage):
    def __init__(self, wizard: AllocationWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(_t(T_PERIOD))
        self.setSubTitle(_t(T_PERIOD_SUB))
        self.kind = QComboBox()
        for key, text in T_KINDS.items():
            self.kind.addItem(text.format(), key)
        self.year = QSpinBox()
        self.year.setRange(1990, 2999)
        self.year.setValue(date.today().year)
        self.part = QSpinBox()
        self.part.setRange(1, 4)
        self.chosen = QLabel()
        self.chosen.setStyleSheet("font-weight: bold;")
        self.closed = QLabel()
        self.closed.setObjectName("muted")
        self.problem = QLabel()
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        form = QFormLayout(self)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(_t(T_KIND), self.kind)
        form.addRow(_t(T_YEAR), self.year)
        form.addRow(_t(T_PART), self.part)
        form.addRow("", self.chosen)
        form.addRow("", self.closed)
        form.addRow(self.problem)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.year.valueChanged.connect(self._changed)
        self.part.valueChanged.connect(self._changed)
        with wizard.book.read() as s:
            last = surplus_views.closed_through(s)
            span = default_span(s)
        self.closed.setText(
            _t(T_CLOSED_THROUGH, period=fmt_period(last)) if last else _t(T_NOTHING_CLOSED)
        )
        if span is not None:
            self.set_span(span)
        self._changed()

    def _kind_changed(self, *_: object) -> None:
        kind = self.kind.currentData()
        self.part.setEnabled(kind != "year")
        self.part.setRange(1, 12 if kind == "month" else 4)
        self._changed()

    def _changed(self, *_: object) -> None:
        self.problem.setVisible(False)
        self.chosen.setText(_t(T_CHOSEN, period=self.span().label))

    def set_span(self, span: surplus.Span) -> None:
        self.kind.setCurrentIndex(self.kind.findData(span.kind))
        y, m = divmod(span.start, 100)
        self.year.setValue(y)
        self.part.setValue((m - 1) // 3 + 1 if span.kind == "quarter" else m)

    def set_period(self, text: str) -> None:
        self.set_span(surplus.parse_span(text))

    def span(self) -> surplus.Span:
        kind, y, n = self.kind.currentData(), self.year.value(), self.part.value()
        if kind == "year":
            return surplus.Span("year", y * 100 + 1, y * 100 + 12)
        if kind == "month":
            return surplus.Span("month", y * 100 + n, y * 100 + n)
        return surplus.Span("quarter", y * 100 + 3 * n - 2, y * 100 + 3 * n)

    def validatePage(self) -> bool:
        span = self.span()
        try:
            with self.w.book.read() as s:
                surplus_views.check_closed(s, span)
                own = self.w.draft.id if self.w.draft is not None else None
                taken = clash(s, span, ignore=own)
                self.w.figures = surplus.surplus_figures(s, span)
        except UserError as exc:
            taken = exc.message
        if taken is not None:  # said here, not after the figures
            self.problem.setText(taken)
            self.problem.setVisible(True)
            return False
        self.w.span = span
        return True


def clash(session: Session, span: surplus.Span, ignore: int | None = None) -> str | None:
    """Why drafting `span` would be refused by an allocation already there (the service's own
    words), or None: an approved allocation overlapping it, or another period's draft (but not
    `ignore`, the wizard's own draft, which it replaces)."""
    for a in surplus.list_allocations(session):
        if a.id == ignore:
            continue
        other = surplus.parse_span(a.period)
        if other.start > span.end or other.end < span.start:
            continue
        if a.status != "draft":
            return surplus.T_OVERLAP.format(period=span.label, other=other.label, id=a.id)
        if other != span:
            return surplus.T_OVERLAP_DRAFT.format(period=span.label, other=other.label, id=a.id)
    return None


def default_span(session: Session) -> surplus.Span | None:
    """What the wizard offers first: the latest closed quarter, unless it is already allocated;
    then the latest closed month not yet allocated. None when nothing is closed."""
    quarter = surplus_views.latest_closed_span(session)
    last = surplus_views.closed_through(session)
    if last is None or (quarter is not None and clash(session, quarter) is None):
        return quarter
    first = ledger.first_voucher_period(session) or last
    p = last
    while p >= first:  # months before the books began have nothing to allocate
        if clash(session, month := surplus.Span("month", p, p)) is None:
            return month
        p = add_months(p, -1)
    return quarter  # taken: Next says why


class FiguresPage(QWizardPage):
    def __init__(self, wizard: AllocationWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(_t(T_FIGURES))
        self.setSubTitle(_t(T_FIGURES_SUB))
        self.values: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for key, caption in (("revenue", T_REVENUE), ("costs", T_COSTS), ("surplus", T_SURPLUS),
                             ("losses", T_LOSSES), ("distributable", T_DISTRIBUTABLE)):  # fmt: skip
            v = QLabel()
            v.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            v.setMinimumWidth(160)
            if key in ("surplus", "distributable"):
                v.setStyleSheet("font-weight: bold;")
            self.values[key] = v
            form.addRow(_t(caption), v)
        self.note = QLabel(_t(T_OWNERS_NOTE))
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        col = QVBoxLayout(self)
        col.addLayout(form)
        col.addWidget(self.note)
        col.addStretch(1)
        col.addWidget(self.problem)
        self.setButtonText(QWizard.WizardButton.NextButton, _t(T_DRAFT_BUTTON))

    def initializePage(self) -> None:
        self.problem.setVisible(False)
        f = self.w.figures
        if f is None:
            return
        self.setTitle(f"{_t(T_FIGURES)} · {f.period}")
        for key in ("revenue", "costs", "surplus", "losses", "distributable"):
            self.values[key].setText(format_amount(getattr(f, key)))

    def shown(self, key: str) -> str:
        return self.values[key].text()

    def validatePage(self) -> bool:
        if self.w.span is None:
            return False
        span = self.w.span

        def draft(s: Session) -> None:
            old = self.w.draft
            if old is not None and old.period != span.label and old.status == "draft":
                surplus.discard_draft(s, old.id)  # the user went back and chose another period
            self.w.draft = surplus.draft_allocation(s, span)

        return commit_step(self, self.w.book, draft, self.problem)


class LinesPage(QWizardPage):
    def __init__(self, wizard: AllocationWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(_t(T_LINES))
        self.setSubTitle(_t(T_LINES_SUB))
        self.model = line_model(self)
        self.view = TableView(self.model, self)
        self.view.set_column_visible("paid", False)
        self.view.set_column_visible("voucher", False)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.remains = QLabel()
        self.remains.setStyleSheet("font-weight: bold;")
        col = QVBoxLayout(self)
        col.addWidget(self.view, 1)
        col.addWidget(self.totals)
        col.addWidget(self.remains)

    def initializePage(self) -> None:
        d = self.w.draft
        if d is None:
            return
        self.model.set_rows([r for r in d.lines if r.amount or r.asked])
        self.totals.setText(_t(
            T_TOTALS, surplus=format_amount(d.surplus), cover=format_amount(d.loss_cover),
            stipends=format_amount(d.stipends), stations=format_amount(d.stations),
            retained=format_amount(d.retained)))  # fmt: skip
        self.remains.setText(_t(T_REMAINS, amount=format_amount(d.retained)))

    def lines(self) -> list[LineRow]:
        return self.model.rows()


class ApprovePage(QWizardPage):
    def __init__(self, wizard: AllocationWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(_t(T_APPROVE))
        self.setSubTitle(_t(T_APPROVE_SUB))
        self.approver = QLineEdit()
        self.approver.setMaxLength(64)
        self.approver.textChanged.connect(lambda _t: self.completeChanged.emit())
        self.on = DateEdit(date.today())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        form = QFormLayout(self)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.summary)
        form.addRow(_t(T_APPROVER), self.approver)
        form.addRow(_t(T_APPROVED_ON), self.on)
        form.addRow(self.problem)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _t(T_APPROVE_BUTTON))

    def initializePage(self) -> None:
        self.problem.setVisible(False)
        d = self.w.draft
        if d is not None:
            self.summary.setText(self.w.lines_page.totals.text())

    def isComplete(self) -> bool:
        return bool(self.approver.text().strip())

    def validatePage(self) -> bool:
        d = self.w.draft
        if d is None:
            return False
        if not self.approver.text().strip():
            self.problem.setText(_t(T_NEED_APPROVER))
            self.problem.setVisible(True)
            return False
        question = _t(T_CONFIRM, period=d.period, stipends=format_amount(d.stipends),
                      stations=format_amount(d.stations), retained=format_amount(d.retained))  # fmt: skip
        answer = QMessageBox.question(self, _t(T_WIZARD), question)
        if answer != QMessageBox.StandardButton.Yes:
            return False

        def approve(s: Session) -> None:
            self.w.approved = surplus.approve_allocation(
                s, d.id, self.approver.text(), on=self.on.value()
            )

        return commit_step(self, self.w.book, approve, self.problem)


class DonePage(QWizardPage):
    def __init__(self, wizard: AllocationWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(_t(T_DONE))
        self.setSubTitle(_t(T_DONE_SUB))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.sheet_button = QPushButton(_t(T_PRINT_SHEET))
        self.sheet_button.setAutoDefault(False)
        self.sheet_button.clicked.connect(lambda: self.print_sheet())
        self.funding_button = QPushButton(_t(T_PRINT_FUNDING))
        self.funding_button.setAutoDefault(False)
        self.funding_button.clicked.connect(lambda: self.print_funding())
        buttons = QHBoxLayout()
        buttons.addWidget(self.sheet_button)
        buttons.addWidget(self.funding_button)
        buttons.addStretch(1)
        col = QVBoxLayout(self)
        col.addWidget(self.text)
        col.addLayout(buttons)
        col.addStretch(1)
        self.setFinalPage(True)
        self.preview: PrintPreviewDialog | None = None

    def initializePage(self) -> None:
        a = self.w.approved
        if a is not None:
            self.text.setText(_t(T_DONE_TEXT, period=a.period, id=a.id, voucher=a.voucher or "",
                                 by=a.approved_by or ""))  # fmt: skip
            self.funding_button.setEnabled(a.stations > 0)

    def print_sheet(self) -> PrintPreviewDialog | None:
        if self.w.approved is None:
            return None
        self.preview = print_allocation(self.w.book, self.w.approved.id, "stipend", self)
        return self.preview

    def print_funding(self) -> PrintPreviewDialog | None:
        if self.w.approved is None:
            return None
        self.preview = print_allocation(self.w.book, self.w.approved.id, "station", self)
        return self.preview


class AllocationWizard(QWizard):
    """period → figures → draft lines → approve → print; a draft left unapproved stays on the
    surplus page, where it can be approved or discarded later."""

    PERIOD, FIGURES, LINES, APPROVE, DONE = range(5)

    def __init__(self, book: Book, parent: QWidget | None = None, *, approver: str = "") -> None:
        super().__init__(parent)
        self.book = book
        self.span: surplus.Span | None = None
        self.figures: Figures | None = None
        self.draft: AllocationView | None = None
        self.approved: AllocationView | None = None
        self.setWindowTitle(_t(T_WIZARD))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in ((QWizard.WizardButton.BackButton, T_BACK),
                             (QWizard.WizardButton.NextButton, T_NEXT),
                             (QWizard.WizardButton.FinishButton, T_FINISH),
                             (QWizard.WizardButton.CancelButton, T_CANCEL)):  # fmt: skip
            self.setButtonText(button, text.format())
        self.period_page = PeriodPage(self)
        self.figures_page = FiguresPage(self)
        self.lines_page = LinesPage(self)
        self.approve_page = ApprovePage(self)
        self.done_page = DonePage(self)
        for i, page in enumerate((self.period_page, self.figures_page, self.lines_page,
                                  self.approve_page, self.done_page)):  # fmt: skip
            self.setPage(i, page)
        self.approve_page.approver.setText(approver)
        self.resize(1000, 640)


# -- the surplus page's dialogs ---------------------------------------------------------------
T_NEW_RULE = bilingual("新增分配规则", "New allocation rule")
T_EDIT_RULE = bilingual("修改分配规则 {name}", "Edit rule {name}")
T_PRIORITY = bilingual("优先顺序：", "Priority:")
T_RULE_NAME = bilingual("规则名称：", "Name:")
T_TARGET = bilingual("分配对象：", "For:")
T_BASIS = bilingual("分配依据：", "Basis:")
T_AMOUNT = bilingual("金额：", "Amount:")
T_AMOUNT_FIELD = bilingual("金额", "Amount")
T_AMOUNT_HINT = bilingual(
    "固定金额：总额；每人每月：每人每月金额（0 = 按各网格员的基本补贴）",
    "Fixed: the total; per head: per worker per month (0 = each worker's base stipend)",
)
T_PERCENT = bilingual("比例（%）：", "Percentage (%):")
T_PERCENT_BAD = bilingual(
    "比例应为 0–100 之间的数，最多两位小数", "a percentage is 0–100 with at most two decimals"
)
T_CAP = bilingual("上限（可不填）：", "Cap (optional):")
T_CAP_FIELD = bilingual("上限", "Cap")
T_ACTIVE = bilingual("启用", "Active")
T_NEED_RULE_NAME = bilingual("请填写规则名称", "the rule needs a name")
T_BAD_BASIS = bilingual("「{target}」不能按「{basis}」分配", '"{target}" cannot use "{basis}"')

T_PAY_TITLE = bilingual("发放 {period} 盈余分配", "Pay out the {period} allocation")
T_PAY_WHAT = bilingual("发放 {count} 项，合计 {amount}", "Pay {count} item(s), total {amount}")
T_METHOD = bilingual("发放方式：", "Paid by:")
T_PAY_ON = bilingual("发放日期：", "Paid on:")


def percent_to_bp(text: str) -> int | None:
    """'12.5' → 1250 basis points; None when it is not a percentage with ≤ 2 decimals."""
    t = text.strip().rstrip("%").strip() or "0"
    try:
        value = Decimal(t)
    except InvalidOperation:
        return None
    if (
        not value.is_finite()
        or value < 0
        or value > 100
        or value != value.quantize(Decimal("0.01"))
    ):
        return None
    return int((value * 100).quantize(Decimal(1), ROUND_HALF_UP))


class RuleDialog(FormDialog):
    """A rule: priority, name, target, basis (those the target allows), amount or percentage,
    cap; editing also switches it on or off."""

    def __init__(self, book: Book, rule: RuleRow | None = None, parent: QWidget | None = None):
        title = _t(T_EDIT_RULE, name=rule.name) if rule else _t(T_NEW_RULE)
        super().__init__(book, parent, title)
        self.setMinimumWidth(540)
        self.rule = rule
        self.priority = QSpinBox()
        self.priority.setRange(1, 99)
        self.priority.setValue(rule.priority if rule else 1)
        self.name = QLineEdit(rule.name if rule else "")
        self.name.setMaxLength(100)
        self.target = QComboBox()
        for key, text in surplus.TARGETS.items():
            self.target.addItem(text.format(), key)
        self.target.setCurrentIndex(max(self.target.findData(rule.target if rule else None), 0))
        self.basis = QComboBox()
        self.amount = MoneyEdit(field=T_AMOUNT_FIELD)
        self.amount.set_fen(rule.amount if rule else 0)
        self.amount.setToolTip(_t(T_AMOUNT_HINT))
        self.percent = QLineEdit(f"{Decimal(rule.bp) / 100:.2f}" if rule and rule.bp else "")
        self.percent.setPlaceholderText("0–100")
        self.cap = MoneyEdit(field=T_CAP_FIELD)
        if rule and rule.cap is not None:
            self.cap.set_fen(rule.cap)
        self.active = QCheckBox(_t(T_ACTIVE))
        self.active.setChecked(rule.active if rule else True)
        self.active.setVisible(rule is not None)
        self.add_field("priority", _t(T_PRIORITY), self.priority)
        self.add_field("name", _t(T_RULE_NAME), self.name)
        self.add_field("target", _t(T_TARGET), self.target)
        self.add_field("basis", _t(T_BASIS), self.basis)
        self.add_field("amount", _t(T_AMOUNT), self.amount)
        self.add_field("percent", _t(T_PERCENT), self.percent)
        self.add_field("cap", _t(T_CAP), self.cap)
        self.add_field("active", "", self.active)
        hint = QLabel(_t(T_AMOUNT_HINT))
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        self.body.addWidget(hint)
        self.target.currentIndexChanged.connect(self._fill_bases)
        self.basis.currentIndexChanged.connect(self._enable)
        self._fill_bases()
        if rule:
            self.basis.setCurrentIndex(max(self.basis.findData(rule.basis), 0))
        self._enable()
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fill_bases(self, *_: object) -> None:
        keep = self.basis.currentData()
        self.basis.blockSignals(True)
        self.basis.clear()
        for key in surplus.ALLOWED[str(self.target.currentData())]:
            self.basis.addItem(surplus.BASES[key].format(), key)
        self.basis.setCurrentIndex(max(self.basis.findData(keep), 0))
        self.basis.blockSignals(False)
        self._enable()

    def _enable(self, *_: object) -> None:
        basis = self.basis.currentData()
        self.amount.setEnabled(basis in ("fixed", "per_head"))
        self.percent.setEnabled(basis == "percent")

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.name.text().strip():
            errors["name"] = _t(T_NEED_RULE_NAME)
        if self.basis.currentData() is None:
            errors["basis"] = _t(T_BAD_BASIS, target=self.target.currentText(), basis="")
        if self.amount.isEnabled() and self.amount.text().strip():
            _fen, problem = parse_money(self.amount)
            if problem:
                errors["amount"] = problem
        if self.percent.isEnabled() and percent_to_bp(self.percent.text()) is None:
            errors["percent"] = _t(T_PERCENT_BAD)
        if self.cap.text().strip():
            _fen, problem = parse_money(self.cap)
            if problem:
                errors["cap"] = problem
        return errors

    def values(self) -> dict[str, Any]:
        basis = str(self.basis.currentData())
        amount, _ = parse_money(self.amount, required=False)
        cap, _ = parse_money(self.cap, required=False)
        return {
            "priority": self.priority.value(), "name": self.name.text().strip(),
            "target": str(self.target.currentData()), "basis": basis,
            "amount": (amount or 0) if basis in ("fixed", "per_head") else 0,
            "bp": (percent_to_bp(self.percent.text()) or 0) if basis == "percent" else 0,
            "cap": cap,
        }  # fmt: skip

    def save(self, session: Session) -> RuleRow:
        v = self.values()
        if self.rule is None:
            return surplus.add_rule(session, v.pop("priority"), v.pop("name"), v.pop("target"),
                                    v.pop("basis"), **v)  # fmt: skip
        return surplus.edit_rule(session, self.rule.id, expected_version=self.rule.version,
                                 active=self.active.isChecked(), **v)  # fmt: skip

    def field_of(self, exc: UserError) -> str | None:
        return {
            id(surplus.T_NO_NAME): "name", id(surplus.T_BAD_BASIS): "basis",
            id(surplus.T_RULE_MONEY): "amount", id(surplus.T_BAD_TARGET): "target",
        }.get(id(exc.text))  # fmt: skip


class PayoutDialog(FormDialog):
    """发放: the chosen unpaid lines (or all of them) in cash or by bank on a date; OK posts the
    payout voucher."""

    def __init__(
        self,
        book: Book,
        view: AllocationView,
        lines: list[LineRow],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(book, parent, _t(T_PAY_TITLE, period=view.period))
        self.view = view
        self.lines = [ln for ln in lines if ln.kind != "retained" and ln.amount > ln.paid]
        due = sum(ln.amount - ln.paid for ln in self.lines)
        self.what = QLabel(_t(T_PAY_WHAT, count=len(self.lines), amount=format_amount(due)))
        self.what.setWordWrap(True)
        self.method = QComboBox()
        for key, text in surplus.METHODS.items():
            self.method.addItem(text.format(), key)
        self.method.setCurrentIndex(self.method.findData("bank"))
        self.on = DateEdit(date.today())
        self.form.addRow(self.what)
        self.add_field("method", _t(T_METHOD), self.method)
        self.add_field("on", _t(T_PAY_ON), self.on)

    def validate(self) -> dict[str, str]:
        if not self.lines:
            return {"method": surplus.T_NOTHING_TO_PAY.format(id=self.view.id)}
        return {}

    def save(self, session: Session) -> surplus.PayResult:
        return surplus.pay_lines(session, self.view.id, str(self.method.currentData()),
                                 self.on.value(), [ln.id for ln in self.lines])  # fmt: skip

    def field_of(self, exc: UserError) -> str | None:
        from propdesk.services import ledger

        if exc.text is getattr(ledger, "T_CLOSED", None):
            return "on"
        return "method" if exc.text is surplus.T_BAD_METHOD else None


__all__ = [
    "LINE_COLUMNS",
    "AllocationWizard",
    "PayoutDialog",
    "RuleDialog",
    "line_model",
    "percent_to_bp",
    "print_allocation",
]
