"""公共资源: resources per compound and their vote gate, agreements and amounts due, income
with receipts and reasonable costs, and the owners' money (业主共有收益): its balance against
2241, the company's share, uses, the split by floor area and the quarterly disclosure."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from propdesk.core.i18n import Text, bilingual
from propdesk.core.money import format_amount
from propdesk.core.periods import fmt_period, period_of
from propdesk.services import desk, payments, resources
from propdesk.services.desk import CompoundRow
from propdesk.services.resources import (
    AGREEMENT_KINDS,
    COST_CATEGORIES,
    KINDS,
    OWNERS,
    USE_KINDS,
    AgreementRow,
    CommonIncomeReport,
    CostRow,
    DueLine,
    IncomeResult,
    IncomeRow,
    OwnersSummary,
    ResourceRow,
    UseRow,
)
from propdesk.ui.dialogs.form import RecordDialog
from propdesk.ui.dialogs.kit import (
    ALERT_BRUSH,
    METHOD,
    MUTED_BRUSH,
    TOTAL_BRUSH,
    YES,
    DeskTableModel,
    PeriodEdit,
    compound_tab_page,
    label,
    row_menu,
    write_action,
)
from propdesk.ui.dialogs.resource_dialogs import (
    CYCLES,
    AgreementDialog,
    CostDialog,
    IncomeDialog,
    RenewDialog,
    ResourceDialog,
    ShareDialog,
    SplitDialog,
    UseDialog,
    pct_text,
)
from propdesk.ui.errors import show_error
from propdesk.ui.pages.base import Page, PageContext
from propdesk.ui.print_preview import PrintPreviewDialog, show_print_preview
from propdesk.ui.widgets.date_edit import DateEdit
from propdesk.ui.widgets.table import (
    CENTER,
    RIGHT,
    ROW_ROLE,
    Column,
    TableView,
    fmt_date,
    money_column,
)

EXPIRY_DAYS = 30
STATUS = {"idle": bilingual("闲置", "Idle"), "operating": bilingual("经营中", "Operating")}
NO = bilingual("否", "No")
ALL_KINDS = bilingual("全部类型", "All kinds")
ALL_STATUS = bilingual("全部状态", "Any status")
T_TITLE = bilingual("公共资源", "Common resources")
T_COMPOUND = bilingual("小区：", "Compound:")
T_TABS = (
    bilingual("资源", "Resources"),
    bilingual("协议", "Agreements"),
    bilingual("收入与成本", "Income and costs"),
    bilingual("业主共有收益", "Owners' money"),
)
T_CHOOSE_COMPOUND = bilingual("请先在右上角选择小区。", "Choose a compound first (top right).")
T_OPERATING = bilingual(
    "{kind} {code} 已投入经营（依据表决 {vote}）。",
    "{kind} {code} is in operation (vote {vote}).",
)
T_OPERATING_OWN = bilingual("{kind} {code} 已投入经营。", "{kind} {code} is in operation.")
T_DUES_MADE = bilingual(
    "{period} 新增应收 {count} 笔（已有的不重复生成）。",
    "{period}: {count} new amount(s) due (existing ones are not made twice).",
)
T_INCOME_DONE = bilingual(
    "已收款 {amount}，收据 {receipt}，凭证 {voucher}；公司管理分成 {company}，业主共有收益 {owners}。",
    "Received {amount}: receipt {receipt}, voucher {voucher}; company share {company}, owners'"
    " share {owners}.",
)
T_SAVED = bilingual("已保存。", "Saved.")
T_TIES = bilingual("相符", "agrees")
T_DIFFERS = bilingual("不符", "differs")
T_RUNNING = bilingual("执行中", "Running")
T_NOT_STARTED = bilingual("未开始", "Not started")
T_ENDED = bilingual("已到期", "Ended")
T_RENEWED = bilingual("已续期", "Renewed")
T_EXPIRING = bilingual("{days} 天后到期", "ends in {days} days")
T_COMMON_WHOLE = bilingual("全部共有资源", "all common resources")
T_VOID_MARK = bilingual("（作废）", " (void)")


def _t(text: Text, **params: object) -> str:
    return text.format(**params)


def _flag(value: Any) -> str:
    return YES.format() if value else NO.format()


def agreement_state(a: AgreementRow, on: date) -> str:
    if a.renewed:
        return _t(T_RENEWED)
    if a.end < on:
        return _t(T_ENDED)
    if a.start > on:
        return _t(T_NOT_STARTED)
    left = (a.end - on).days
    return _t(T_EXPIRING, days=left) if left <= EXPIRY_DAYS else _t(T_RUNNING)


def expiring_soon(a: AgreementRow, on: date, days: int = EXPIRY_DAYS) -> bool:
    """The same rule as resources.expiring: ends within `days` and not renewed."""
    return not a.renewed and on <= a.end <= on + timedelta(days=days)


def quarter_of(d: date) -> str:
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}"


def recent_quarters(today: date, count: int = 8) -> list[str]:
    out, y, q = [], today.year, (today.month - 1) // 3 + 1
    for _ in range(count):
        out.append(f"{y}-Q{q}")
        y, q = (y, q - 1) if q > 1 else (y - 1, 4)
    return out


@dataclass(frozen=True, slots=True)
class DisclosureLine:
    """A line of the quarterly disclosure table: a heading, a resource's income, a total."""

    item: str
    amount: int | None = None
    company_share: int | None = None
    note: str = ""
    total: bool = False


def disclosure_lines(rep: CommonIncomeReport) -> list[DisclosureLine]:
    t = bilingual
    rows = [DisclosureLine(_t(t("期初余额", "Opening balance")), rep.opening, total=True)]
    for r in rep.income:
        where = f" {r.location}" if r.location else ""
        rows.append(DisclosureLine(f"  {label(KINDS, r.kind)} {r.code}{where}", r.gross,
                                   r.company_share))  # fmt: skip
    rows += [
        DisclosureLine(_t(t("经营收入合计", "Gross income")), rep.gross, rep.company_share,
                       total=True),
        DisclosureLine(_t(t("减：合理成本", "Less reasonable costs")), rep.costs),
        DisclosureLine(_t(t("减：公司管理分成", "Less the company's share")), rep.company_share),
        DisclosureLine(_t(t("本期业主共有收益", "Owners' share this quarter")), rep.owners_share,
                       total=True),
    ]  # fmt: skip
    for u in rep.uses:
        rows.append(DisclosureLine(f"  {u.date} {label(USE_KINDS, u.kind)}", u.amount,
                                   note=u.decision))  # fmt: skip
    rows += [
        DisclosureLine(_t(t("减：本期动用", "Less uses")), rep.used),
        DisclosureLine(_t(t("期末余额", "Closing balance")), rep.closing, total=True),
        DisclosureLine(_t(t("总账 2241 期末余额", "Ledger 2241 closing")), rep.ledger_closing,
                       note=_t(T_TIES if rep.reconciles else T_DIFFERS)),
    ]  # fmt: skip
    if rep.own_income:
        rows.append(DisclosureLine(_t(t("（另：公司自有资源收入，不属业主）",
                                        "(apart: the company's own resources' income)")),
                                   rep.own_income))  # fmt: skip
    return rows


RESOURCE_COLUMNS = (
    Column("compound", bilingual("小区", "Compound")),
    Column("kind", bilingual("类型", "Kind"), fmt=lambda k: label(KINDS, k)),
    Column("code", bilingual("编号", "Number"), width=8),
    Column("location", bilingual("位置", "Location"), stretch=True),
    Column("common", bilingual("共有部分", "Common part"), align=CENTER, fmt=_flag),
    Column("owner", bilingual("归属", "Owned by"), fmt=lambda o: label(OWNERS, o)),
    Column("status", bilingual("状态", "Status"), align=CENTER, fmt=lambda s: label(STATUS, s)),
    Column("operating_since", bilingual("投入经营", "Since"), align=CENTER, fmt=fmt_date),
    Column("agreements", bilingual("在用协议", "Agreements"), align=RIGHT),
    money_column("income", bilingual("累计收入", "Income so far"), width=12),
)
AGREEMENT_COLUMNS = (
    Column("compound", bilingual("小区", "Compound"), hidden=True),
    Column("resource", bilingual("资源", "Resource"),
           value=lambda a: f"{label(KINDS, a.resource_kind)} {a.resource}"),
    Column("kind", bilingual("协议类型", "Kind"), fmt=lambda k: label(AGREEMENT_KINDS, k)),
    Column("party", bilingual("对方", "Other party"), width=14),
    Column("plate", bilingual("车牌", "Plate"), width=10),
    Column("unit", bilingual("房屋", "Unit"), width=9),
    Column("start", bilingual("开始", "From"), align=CENTER, fmt=fmt_date),
    Column("end", bilingual("到期", "To"), align=CENTER, fmt=fmt_date),
    money_column("rent", bilingual("月租金", "Rent/month"), width=10),
    Column("cycle_months", bilingual("周期", "Paid"), align=CENTER,
           fmt=lambda n: label({str(k): v for k, v in CYCLES.items()}, str(n))),
    Column("share_bp", bilingual("分成", "Share"), align=RIGHT,
           fmt=lambda bp: pct_text(bp) if bp else "", hidden=True),
    money_column("outstanding", bilingual("未收", "Outstanding"), width=10),
    Column("state", bilingual("状态", "State"), value=lambda a: agreement_state(a, date.today())),
)  # fmt: skip
DUE_COLUMNS = (
    Column("period", bilingual("月份", "Month"), align=CENTER, fmt=fmt_period),
    Column("compound", bilingual("小区", "Compound"), hidden=True),
    Column("resource", bilingual("资源", "Resource"),
           value=lambda d: f"{label(KINDS, d.resource_kind)} {d.resource}"),
    Column("party", bilingual("对方", "Other party"), stretch=True),
    Column("months", bilingual("月数", "Months"), align=RIGHT),
    money_column("amount", bilingual("应收", "Due"), width=10),
    money_column("paid", bilingual("已收", "Paid"), width=10),
    money_column("outstanding", bilingual("未收", "Outstanding"), width=10),
)  # fmt: skip
INCOME_COLUMNS = (
    Column("date", bilingual("日期", "Date"), align=CENTER, fmt=fmt_date),
    Column("compound", bilingual("小区", "Compound"), hidden=True),
    Column("resource", bilingual("资源", "Resource"),
           value=lambda i: f"{label(KINDS, i.resource_kind)} {i.resource}"),
    Column("payer", bilingual("交款人", "Payer"), stretch=True),
    Column("description", bilingual("摘要", "Description"), hidden=True),
    money_column("amount", bilingual("金额", "Amount"), width=11),
    Column("common", bilingual("共有", "Common"), align=CENTER, fmt=_flag),
    money_column("company_share", bilingual("公司分成", "Company share"), width=14),
    money_column("owners_share", bilingual("业主共有收益", "Owners' share"), width=14),
    Column("method", bilingual("方式", "Method"), fmt=lambda m: label(METHOD, m)),
    Column("receipt", bilingual("收据号", "Receipt"), value=lambda i: i.receipt_number,
           fmt=payments.receipt_label, width=10),
    Column("voucher", bilingual("凭证", "Voucher"), width=14),
)  # fmt: skip
COST_COLUMNS = (
    Column("date", bilingual("日期", "Date"), align=CENTER, fmt=fmt_date),
    Column("compound", bilingual("小区", "Compound"), hidden=True),
    Column("resource", bilingual("资源", "Resource"),
           value=lambda c: c.resource or _t(T_COMMON_WHOLE)),
    Column("category", bilingual("类别", "Category"), fmt=lambda c: label(COST_CATEGORIES, c)),
    money_column("amount", bilingual("金额", "Amount"), width=11),
    Column("common", bilingual("业主承担", "Owners bear it"), align=CENTER, fmt=_flag),
    Column("description", bilingual("说明", "Description"), stretch=True),
    Column("evidence_name", bilingual("凭据", "Evidence"),
           fmt=lambda n: n.replace("\\", "/").rsplit("/", 1)[-1]),
    Column("voucher", bilingual("凭证", "Voucher"), width=14),
)  # fmt: skip
OWNERS_COLUMNS = (
    Column("compound", bilingual("小区", "Compound")),
    Column("account", bilingual("科目", "Account"), width=9),
    Column("share_bp", bilingual("分成比例", "Share %"), align=RIGHT, fmt=pct_text, width=8),
    money_column("gross", bilingual("共有收入", "Common income"), width=14),
    money_column("company_share", bilingual("公司分成", "Company share"), width=12),
    money_column("costs", bilingual("合理成本", "Costs"), width=11),
    money_column("used", bilingual("已动用", "Used"), width=11),
    money_column("balance", bilingual("业主共有收益余额", "Owners' balance"), width=14),
    money_column("ledger_balance", bilingual("总账 2241", "Ledger 2241"), width=13),
    Column("ties", bilingual("核对", "Check"), align=CENTER,
           fmt=lambda ok: _t(T_TIES if ok else T_DIFFERS)),
)  # fmt: skip
USE_COLUMNS = (
    Column("date", bilingual("日期", "Date"), align=CENTER, fmt=fmt_date),
    Column("compound", bilingual("小区", "Compound"), hidden=True),
    Column("kind", bilingual("用途", "Use"), fmt=lambda k: label(USE_KINDS, k)),
    money_column("amount", bilingual("金额", "Amount"), width=11),
    Column("decision", bilingual("业主的决定", "The owners' decision"), stretch=True),
    Column("decided_on", bilingual("决定日期", "Decided on"), align=CENTER, fmt=fmt_date),
    Column("units", bilingual("分摊户数", "Units"), align=RIGHT, fmt=lambda n: str(n) if n else ""),
    Column("voucher", bilingual("凭证", "Voucher"), width=14),
)
DISCLOSURE_COLUMNS = (
    Column("item", bilingual("项目", "Item"), stretch=True),
    money_column("amount", bilingual("金额", "Amount"), width=13),
    money_column("company_share", bilingual("其中公司分成", "Company share"), width=13),
    Column("note", bilingual("说明", "Note"), width=24),
)


class ResourcesPage(Page):
    printable = True

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.compounds: list[CompoundRow] = []
        self.resource_rows: list[ResourceRow] = []
        self.agreement_rows: list[AgreementRow] = []
        self.summaries: list[OwnersSummary] = []
        self.last_income: IncomeResult | None = None
        self.report: CommonIncomeReport | None = None

        compound_tab_page(
            self,
            [
                lambda: self._resources_tab(ctx),
                lambda: self._agreements_tab(ctx),
                lambda: self._money_tab(ctx),
                lambda: self._owners_tab(ctx),
            ],
        )
        self.retranslate()

    # building --------------------------------------------------------------------------------
    def _button(self, slot: Callable[[], object]) -> QPushButton:
        b = QPushButton()
        b.clicked.connect(lambda _c=False: slot())
        return b

    def _resources_tab(self, ctx: PageContext) -> QWidget:
        w = QWidget()
        self.kind_filter = QComboBox()
        self.status_filter = QComboBox()
        for combo in (self.kind_filter, self.status_filter):
            combo.currentIndexChanged.connect(lambda _i: self._show_resources())
        self.add_resource_button = self._button(self.add_resource)
        self.operate_button = self._button(self.operate)
        self.resource_model = DeskTableModel(
            RESOURCE_COLUMNS, self,
            foreground=lambda r: MUTED_BRUSH if r.status == "idle" else None,
        )  # fmt: skip
        self.resource_view = TableView(
            self.resource_model, self, name="resources", state_store=ctx.settings
        )
        self.resource_view.activated.connect(lambda r: self.show_resource(r))
        row_menu(self.resource_view, self._resource_menu)
        top = QHBoxLayout()
        top.addWidget(self.kind_filter)
        top.addWidget(self.status_filter)
        top.addStretch(1)
        top.addWidget(self.operate_button)
        top.addWidget(self.add_resource_button)
        self.resource_note = QLabel()
        self.resource_note.setObjectName("muted")
        self.resource_note.setWordWrap(True)
        col = QVBoxLayout(w)
        col.addLayout(top)
        col.addWidget(self.resource_view, 1)
        col.addWidget(self.resource_note)
        return w

    def _agreements_tab(self, ctx: PageContext) -> QWidget:
        w = QWidget()
        self.expiring_only = QCheckBox()
        self.expiring_only.toggled.connect(lambda _c: self._show_agreements())
        self.add_agreement_button = self._button(self.add_agreement)
        self.renew_button = self._button(self.renew)
        self.agreement_model = DeskTableModel(
            AGREEMENT_COLUMNS, self,
            background=lambda a: ALERT_BRUSH if expiring_soon(a, date.today()) else None,
            foreground=lambda a: MUTED_BRUSH if a.renewed or a.end < date.today() else None,
        )  # fmt: skip
        self.agreement_view = TableView(
            self.agreement_model, self, name="resource_agreements", state_store=ctx.settings
        )
        self.agreement_view.activated.connect(lambda a: self.show_agreement(a))
        row_menu(self.agreement_view, self._agreement_menu)
        top = QHBoxLayout()
        top.addWidget(self.expiring_only)
        top.addStretch(1)
        top.addWidget(self.renew_button)
        top.addWidget(self.add_agreement_button)

        self.due_title = QLabel()
        self.due_title.setObjectName("statCaption")
        self.due_period_label = QLabel()
        self.due_period = PeriodEdit()
        self.due_period_label.setBuddy(self.due_period)
        self.due_period.dateChanged.connect(lambda _d: self._show_dues())
        self.due_all_periods = QCheckBox()
        self.due_all_periods.toggled.connect(lambda _c: self._show_dues())
        self.due_open_only = QCheckBox()
        self.due_open_only.toggled.connect(lambda _c: self._show_dues())
        self.generate_button = self._button(self.generate_dues)
        self.due_model = DeskTableModel(
            DUE_COLUMNS, self, foreground=lambda d: MUTED_BRUSH if not d.outstanding else None
        )
        self.due_view = TableView(
            self.due_model, self, name="resource_dues", state_store=ctx.settings
        )
        self.due_view.activated.connect(lambda d: self.record_income(due=d))
        row_menu(self.due_view, self._due_menu)
        self.due_totals = QLabel()
        self.due_totals.setObjectName("muted")
        dues_top = QHBoxLayout()
        dues_top.addWidget(self.due_title)
        dues_top.addStretch(1)
        dues_top.addWidget(self.due_period_label)
        dues_top.addWidget(self.due_period)
        dues_top.addWidget(self.due_all_periods)
        dues_top.addWidget(self.due_open_only)
        dues_top.addWidget(self.generate_button)

        upper, lower = QWidget(), QWidget()
        u = QVBoxLayout(upper)
        u.setContentsMargins(0, 0, 0, 0)
        u.addLayout(top)
        u.addWidget(self.agreement_view, 1)
        lo = QVBoxLayout(lower)
        lo.setContentsMargins(0, 0, 0, 0)
        lo.addLayout(dues_top)
        lo.addWidget(self.due_view, 1)
        lo.addWidget(self.due_totals)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        col = QVBoxLayout(w)
        col.addWidget(split, 1)
        return w

    def _money_tab(self, ctx: PageContext) -> QWidget:
        w = QWidget()
        today = date.today()
        self.from_label = QLabel()
        self.date_from = DateEdit(date(today.year - 1, today.month, 1))
        self.from_label.setBuddy(self.date_from)
        self.to_label = QLabel()
        self.date_to = DateEdit(today)
        self.to_label.setBuddy(self.date_to)
        for d in (self.date_from, self.date_to):
            d.dateChanged.connect(lambda _d: self.refresh_money())
        self.income_button = self._button(self.record_income)
        self.temporary_button = self._button(lambda: self.record_income(temporary=True))
        self.print_button = self._button(self.print_receipt)
        self.cost_button = self._button(self.record_cost)
        self.income_title = QLabel()
        self.income_title.setObjectName("statCaption")
        self.income_model = DeskTableModel(
            INCOME_COLUMNS, self, foreground=lambda i: MUTED_BRUSH if i.receipt_void else None
        )
        self.income_view = TableView(
            self.income_model, self, name="resource_income", state_store=ctx.settings
        )
        self.income_view.activated.connect(lambda i: self.show_income(i))
        row_menu(self.income_view, self._income_menu)
        self.income_totals = QLabel()
        self.income_totals.setObjectName("muted")
        self.cost_title = QLabel()
        self.cost_title.setObjectName("statCaption")
        self.cost_model = DeskTableModel(COST_COLUMNS, self)
        self.cost_view = TableView(
            self.cost_model, self, name="resource_costs", state_store=ctx.settings
        )
        self.cost_view.activated.connect(lambda c: self.show_cost(c))
        row_menu(self.cost_view, self._cost_menu)
        self.cost_totals = QLabel()
        self.cost_totals.setObjectName("muted")
        top = QHBoxLayout()
        top.addWidget(self.from_label)
        top.addWidget(self.date_from)
        top.addWidget(self.to_label)
        top.addWidget(self.date_to)
        top.addStretch(1)
        for b in (self.income_button, self.temporary_button, self.print_button, self.cost_button):
            top.addWidget(b)
        upper, lower = QWidget(), QWidget()
        u = QVBoxLayout(upper)
        u.setContentsMargins(0, 0, 0, 0)
        u.addWidget(self.income_title)
        u.addWidget(self.income_view, 1)
        u.addWidget(self.income_totals)
        lo = QVBoxLayout(lower)
        lo.setContentsMargins(0, 0, 0, 0)
        lo.addWidget(self.cost_title)
        lo.addWidget(self.cost_view, 1)
        lo.addWidget(self.cost_totals)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        col = QVBoxLayout(w)
        col.addLayout(top)
        col.addWidget(split, 1)
        return w

    def _owners_tab(self, ctx: PageContext) -> QWidget:
        w = QWidget()
        self.share_button = self._button(self.set_share)
        self.use_button = self._button(self.use_money)
        self.split_button = self._button(self.split)
        self.owners_model = DeskTableModel(
            OWNERS_COLUMNS, self, background=lambda o: None if o.ties else ALERT_BRUSH
        )
        self.owners_view = TableView(
            self.owners_model, self, name="owners_money", state_store=ctx.settings
        )
        self.owners_view.table.selectionModel().currentRowChanged.connect(
            lambda *_: self.refresh_owner_details()
        )
        self.owners_view.activated.connect(lambda o: self.show_owners(o))
        row_menu(self.owners_view, self._owners_menu)
        self.owners_note = QLabel()
        self.owners_note.setObjectName("muted")
        self.owners_note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.owners_note, 1)
        for b in (self.share_button, self.use_button, self.split_button):
            top.addWidget(b)

        self.detail_tabs = QTabWidget()
        uses = QWidget()
        self.use_model = DeskTableModel(USE_COLUMNS, self)
        self.use_view = TableView(
            self.use_model, self, name="owners_uses", state_store=ctx.settings
        )
        self.use_view.activated.connect(lambda u: self.show_use(u))
        ul = QVBoxLayout(uses)
        ul.addWidget(self.use_view)
        disclosure = QWidget()
        self.quarter_label = QLabel()
        self.quarter = QComboBox()
        for q in recent_quarters(date.today()):
            self.quarter.addItem(q, q)
        self.quarter_label.setBuddy(self.quarter)
        self.quarter.currentIndexChanged.connect(lambda _i: self.refresh_disclosure())
        self.disclosure_button = self._button(self.print_disclosure)
        self.disclosure_scope = QLabel()
        self.disclosure_scope.setObjectName("statCaption")
        self.disclosure_model = DeskTableModel(
            DISCLOSURE_COLUMNS, self, bold=lambda r: r.total,
            background=lambda r: TOTAL_BRUSH if r.total else None,
        )  # fmt: skip
        self.disclosure_view = TableView(
            self.disclosure_model, self, name="owners_disclosure", state_store=ctx.settings
        )
        self.disclosure_view.table.setSortingEnabled(False)
        dtop = QHBoxLayout()
        dtop.addWidget(self.disclosure_scope)
        dtop.addStretch(1)
        dtop.addWidget(self.quarter_label)
        dtop.addWidget(self.quarter)
        dtop.addWidget(self.disclosure_button)
        dl = QVBoxLayout(disclosure)
        dl.addLayout(dtop)
        dl.addWidget(self.disclosure_view, 1)
        self.detail_tabs.addTab(disclosure, "")
        self.detail_tabs.addTab(uses, "")

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.owners_view)
        split.addWidget(self.detail_tabs)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        rows = self.owners_view.table.verticalHeader().defaultSectionSize()
        split.setSizes([rows * 6 + 40, rows * 16])  # a few compounds above, the quarter below
        col = QVBoxLayout(w)
        col.addLayout(top)
        col.addWidget(split, 1)
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
            self.resource_rows = resources.resource_rows(s, cid)
            self.agreement_rows = resources.agreement_rows(s, cid)
            self.summaries = resources.owners_summaries(s, cid)
        self._show_resources()
        self._show_agreements()
        self._show_dues()
        self.refresh_money()
        keep = self.owners_compound_id()
        self.owners_model.set_rows(self.summaries)
        self._select_owner(keep)
        self.refresh_owner_details()

    def _show_resources(self) -> None:
        kind, status = self.kind_filter.currentData(), self.status_filter.currentData()
        rows = [r for r in self.resource_rows
                if (kind is None or r.kind == kind) and (status is None or r.status == status)]  # fmt: skip
        self.resource_model.set_rows(rows)

    def _show_agreements(self) -> None:
        today = date.today()
        rows = self.agreement_rows
        if self.expiring_only.isChecked():
            rows = sorted((a for a in rows if expiring_soon(a, today)), key=lambda a: a.end)
        self.agreement_model.set_rows(rows)

    def _show_dues(self) -> None:
        period = None if self.due_all_periods.isChecked() else self.due_period.period()
        self.due_period.setEnabled(period is not None)
        with self.book.read() as s:
            rows = resources.due_lines(
                s, self.compound.compound_id(), period, open_only=self.due_open_only.isChecked()
            )
        self.due_model.set_rows(rows)
        self.due_totals.setText(_t(
            bilingual("{count} 笔 · 应收 {amount} · 已收 {paid} · 未收 {open}",
                      "{count} · due {amount} · paid {paid} · outstanding {open}"),
            count=len(rows), amount=format_amount(sum(d.amount for d in rows)),
            paid=format_amount(sum(d.paid for d in rows)),
            open=format_amount(sum(d.outstanding for d in rows)),
        ))  # fmt: skip

    def refresh_money(self) -> None:
        cid, start, end = self.compound.compound_id(), self.date_from.value(), self.date_to.value()
        with self.book.read() as s:
            incomes = resources.income_rows(s, cid, start, end)
            costs = resources.cost_rows(s, cid, start, end)
        self.income_model.set_rows(incomes)
        self.cost_model.set_rows(costs)
        valid = [i for i in incomes if not i.receipt_void]
        self.income_totals.setText(_t(
            bilingual("{count} 笔 · 收入 {amount} · 公司分成 {company} · 业主共有收益 {owners}",
                      "{count} · income {amount} · company share {company} · owners' share {owners}"),
            count=len(incomes), amount=format_amount(sum(i.amount for i in valid)),
            company=format_amount(sum(i.company_share for i in valid)),
            owners=format_amount(sum(i.owners_share for i in valid)),
        ))  # fmt: skip
        self.cost_totals.setText(_t(
            bilingual("{count} 笔 · 合理成本 {amount}（其中业主承担 {owners}）",
                      "{count} · costs {amount} (borne by the owners {owners})"),
            count=len(costs), amount=format_amount(sum(c.amount for c in costs)),
            owners=format_amount(sum(c.amount for c in costs if c.common)),
        ))  # fmt: skip

    def owners_compound_id(self) -> int | None:
        """The compound the owners' tab is about: the one chosen on top, else the selected row."""
        cid = self.compound.compound_id()
        if cid is not None:
            return cid
        row = self.owners_view.current_row()
        return row.compound_id if isinstance(row, OwnersSummary) else None

    def _select_owner(self, cid: int | None) -> None:
        proxy = self.owners_view.proxy
        for r in range(proxy.rowCount()):
            row = proxy.index(r, 0).data(ROW_ROLE)
            if row.compound_id == cid or (cid is None and r == 0):
                self.owners_view.table.setCurrentIndex(proxy.index(r, 0))
                self.owners_view.table.selectRow(r)
                return

    def owners_summary(self) -> OwnersSummary | None:
        cid = self.owners_compound_id()
        return next((o for o in self.summaries if o.compound_id == cid), None)

    def refresh_owner_details(self) -> None:
        cid = self.owners_compound_id()
        with self.book.read() as s:
            uses = resources.use_rows(s, cid) if cid is not None else []
            terms = resources.share_terms(s, cid) if cid is not None else []
        self.use_model.set_rows(uses)
        o = self.owners_summary()
        if o is None:
            self.owners_note.setText(_t(bilingual(
                "选择一个小区，查看其业主共有收益的季度公示、动用记录，或按面积分摊。",
                "Choose a compound to see its quarterly disclosure and uses, or split by area.")))  # fmt: skip
        else:
            since = f"（{terms[0].start} {terms[0].agreement}）" if terms else ""
            self.owners_note.setText(_t(bilingual(
                "{compound}：业主共有收益余额 {balance}，记于其他应付款—业主共有收益 {account}；"
                "公司管理分成 {pct}{since}。",
                "{compound}: the owners' money is {balance}, kept in {account}; the company's"
                " share is {pct}{since}."),
                compound=o.compound, balance=format_amount(o.balance), account=o.account,
                pct=pct_text(o.share_bp), since=since))  # fmt: skip
        for b in (self.use_button, self.split_button):
            b.setEnabled(o is not None)
        self.refresh_disclosure()

    def refresh_disclosure(self) -> None:
        cid = self.owners_compound_id()
        self.report = None
        if cid is not None:
            with self.book.read() as s:
                self.report = resources.disclosure(
                    s, desk.compound_by_id(s, cid), str(self.quarter.currentData())
                )
        rep = self.report
        self.disclosure_model.set_rows(disclosure_lines(rep) if rep is not None else [])
        self.disclosure_button.setEnabled(rep is not None)
        self.disclosure_scope.setText(
            f"{rep.compound} {rep.quarter}（{rep.start} ~ {rep.end}）" if rep is not None else ""
        )

    def _say(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def _chosen_compound(self, cid: int | None = None) -> CompoundRow | None:
        cid = cid if cid is not None else self.owners_compound_id()
        found = next((c for c in self.compounds if c.id == cid), None)
        if found is None and len(self.compounds) == 1:
            found = self.compounds[0]
        if found is None:
            self._say(_t(T_CHOOSE_COMPOUND))
            self.compound.setFocus()
        return found

    # resources -------------------------------------------------------------------------------
    def add_resource(self) -> ResourceDialog:
        dlg = ResourceDialog(self.book, self.compounds, self.compound.compound_id(), self)
        dlg.open()
        return dlg

    def operate(self, row: ResourceRow | None = None) -> bool:
        """投入经营: a common part needs its compound's passed common-use vote; refused, the
        service's message is shown and nothing changes."""
        r = row or self.resource_view.current_row()
        if not isinstance(r, ResourceRow):
            return False

        def go(s: Any) -> int | None:
            res = resources.operate(s, s.get(resources.Resource, r.id), date.today())
            return res.vote_id

        before = r.status
        vote = write_action(self.book, self, go)
        with self.book.read() as s:
            now = s.get(resources.Resource, r.id)
            done = now is not None and now.status == "operating"
        if done and before != "operating":
            kind = label(KINDS, r.kind)
            self._say(_t(T_OPERATING, kind=kind, code=r.code, vote=vote) if vote
                      else _t(T_OPERATING_OWN, kind=kind, code=r.code))  # fmt: skip
        return done

    def show_resource(self, r: ResourceRow) -> RecordDialog:
        rows = [
            (_t(bilingual("小区：", "Compound:")), r.compound),
            (_t(bilingual("类型：", "Kind:")), label(KINDS, r.kind)),
            (_t(bilingual("编号：", "Number:")), r.code),
            (_t(bilingual("位置：", "Location:")), r.location),
            (_t(bilingual("归属：", "Owned by:")), label(OWNERS, r.owner)),
            (_t(bilingual("共有部分：", "Common part:")), _flag(r.common)),
            (_t(bilingual("状态：", "Status:")), label(STATUS, r.status)),
            (_t(bilingual("投入经营：", "In operation since:")), fmt_date(r.operating_since)),
            (_t(bilingual("依据表决：", "Behind vote:")), str(r.vote_id or "")),
            (_t(bilingual("累计收入：", "Income so far:")), format_amount(r.income)),
        ]
        dlg = RecordDialog(f"{label(KINDS, r.kind)} {r.code}", rows, self)
        dlg.open()
        return dlg

    def _resource_menu(self, menu: QMenu, rows: list[ResourceRow]) -> None:
        r = rows[0]
        self._add(menu, _t(bilingual("打开", "Open")), lambda: self.show_resource(r))
        menu.addSeparator()
        act = self._add(
            menu, _t(bilingual("投入经营", "Put into operation")), lambda: self.operate(r)
        )
        act.setEnabled(r.status != "operating")
        self._add(menu, _t(bilingual("新增协议…", "New agreement…")),
                  lambda: self.add_agreement(r.id))  # fmt: skip
        self._add(menu, _t(bilingual("记录收入…", "Record income…")),
                  lambda: self.record_income(resource_id=r.id))  # fmt: skip
        self._add(menu, _t(bilingual("记录合理成本…", "Record a cost…")),
                  lambda: self.record_cost(r))  # fmt: skip

    # agreements ------------------------------------------------------------------------------
    def add_agreement(self, resource_id: int | None = None) -> AgreementDialog:
        if resource_id is None:
            r = self.resource_view.current_row()
            resource_id = (
                r.id if isinstance(r, ResourceRow) and self.tabs.currentIndex() == 0 else None
            )
        dlg = AgreementDialog(self.book, self.resource_rows, resource_id, self)
        dlg.open()
        return dlg

    def edit_agreement(self, row: AgreementRow | None = None) -> AgreementDialog | None:
        """修改协议: the form filled in; it saves against the version shown."""
        a = row or self.agreement_view.current_row()
        if not isinstance(a, AgreementRow):
            return None
        dlg = AgreementDialog(self.book, self.resource_rows, parent=self, agreement=a)
        dlg.open()
        return dlg

    def renew(self, row: AgreementRow | None = None) -> RenewDialog | None:
        a = row or self.agreement_view.current_row()
        if not isinstance(a, AgreementRow):
            return None
        dlg = RenewDialog(self.book, a, self)
        dlg.open()
        return dlg

    def generate_dues(self, period: int | None = None) -> int | None:
        """应收: the amounts due for a month under every fixed-rent agreement (idempotent)."""
        period = period or self.due_period.period()
        n = write_action(self.book, self, lambda s: resources.generate_dues(s, period))
        if n is not None:
            self.due_all_periods.setChecked(False)
            self.due_period.set_period(period)
            self._say(_t(T_DUES_MADE, period=fmt_period(period), count=n))
        return n

    def show_agreement(self, a: AgreementRow) -> RecordDialog:
        rows = [
            (_t(bilingual("小区：", "Compound:")), a.compound),
            (_t(bilingual("资源：", "Resource:")), f"{label(KINDS, a.resource_kind)} {a.resource}"),
            (_t(bilingual("协议类型：", "Kind:")), label(AGREEMENT_KINDS, a.kind)),
            (_t(bilingual("对方：", "Other party:")), a.party),
            (_t(bilingual("车牌：", "Plate:")), a.plate),
            (_t(bilingual("房屋：", "Unit:")), a.unit),
            (_t(bilingual("协议期：", "Term:")), f"{a.start} ~ {a.end}"),
            (_t(bilingual("月租金：", "Rent a month:")), format_amount(a.rent)),
            (_t(bilingual("收费周期：", "Paid:")),
             label({str(k): v for k, v in CYCLES.items()}, str(a.cycle_months))),
            (_t(bilingual("营业额分成：", "Revenue share:")), pct_text(a.share_bp)),
            (_t(bilingual("未收：", "Outstanding:")), format_amount(a.outstanding)),
            (_t(bilingual("状态：", "State:")), agreement_state(a, date.today())),
        ]  # fmt: skip
        dlg = RecordDialog(
            _t(bilingual("协议 {id}", "Agreement {id}"), id=a.id), rows, self, a.notes
        )
        dlg.open()
        return dlg

    def _agreement_menu(self, menu: QMenu, rows: list[AgreementRow]) -> None:
        a = rows[0]
        self._add(menu, _t(bilingual("打开", "Open")), lambda: self.show_agreement(a))
        menu.addSeparator()
        self._add(menu, _t(bilingual("修改…", "Edit…")), lambda: self.edit_agreement(a))
        self._add(menu, _t(bilingual("续期…", "Renew…")), lambda: self.renew(a)).setEnabled(
            not a.renewed
        )
        self._add(menu, _t(bilingual("记录收入…", "Record income…")),
                  lambda: self.record_income(resource_id=a.resource_id, agreement_id=a.id))  # fmt: skip

    def _due_menu(self, menu: QMenu, rows: list[DueLine]) -> None:
        d = rows[0]
        act = self._add(
            menu, _t(bilingual("收款…", "Take payment…")), lambda: self.record_income(due=d)
        )
        act.setEnabled(d.outstanding > 0)

    # income and costs ------------------------------------------------------------------------
    def record_income(
        self, *, resource_id: int | None = None, agreement_id: int | None = None,
        due: DueLine | None = None, temporary: bool = False,
    ) -> IncomeDialog:  # fmt: skip
        rows = [r for r in self.resource_rows]
        if temporary and resource_id is None:
            resource_id = next((r.id for r in rows if r.kind == "parking" and r.code.upper() == "TEMP"),
                               None)  # fmt: skip
        dlg = IncomeDialog(self.book, rows, self.agreement_rows, resource_id=resource_id,
                           agreement_id=agreement_id, due=due, temporary=temporary, parent=self)  # fmt: skip
        dlg.accepted.connect(lambda: self._income_taken(dlg.result_value))
        dlg.open()
        return dlg

    def _income_taken(self, res: IncomeResult | None) -> None:
        if res is None:
            return
        self.last_income = res
        self._say(_t(T_INCOME_DONE, amount=format_amount(res.amount), receipt=res.receipt,
                     voucher=res.voucher, company=format_amount(res.company_share),
                     owners=format_amount(res.owners_share)))  # fmt: skip

    def record_cost(self, row: ResourceRow | None = None) -> CostDialog:
        cid = row.compound_id if row is not None else self.compound.compound_id()
        dlg = CostDialog(self.book, self.compounds, self.resource_rows, cid,
                         row.id if row is not None else None, self)  # fmt: skip
        dlg.open()
        return dlg

    def print_receipt(self, number: int | None = None) -> PrintPreviewDialog | None:
        """The income's receipt through the print preview, from the cashier's receipts (a
        reprint is a copy, 副本; a voided one is marked 作废)."""
        from propdesk.reports.fees import receipt_batch
        from propdesk.reports.pdf.receipt import render_receipts

        if number is None:
            row = self.income_view.current_row()
            if isinstance(row, IncomeRow):
                number = row.receipt_number
            elif self.last_income is not None:
                number = self.last_income.receipt_number
        if number is None:
            return None
        buf = io.BytesIO()
        try:
            with self.book.write() as s:
                render_receipts(receipt_batch(s, [number]), buf)
        except Exception as exc:
            show_error(exc, self)
            return None
        lbl = payments.receipt_label(number)
        return show_print_preview(
            buf.getvalue(), title=_t(bilingual("收据 {n}", "Receipt {n}"), n=lbl),
            suggested_name=f"收据{lbl}.pdf", parent=self,
        )  # fmt: skip

    def show_income(self, i: IncomeRow) -> RecordDialog:
        rows = [
            (_t(bilingual("日期：", "Date:")), fmt_date(i.date)),
            (_t(bilingual("资源：", "Resource:")), f"{i.compound} {label(KINDS, i.resource_kind)} {i.resource}"),
            (_t(bilingual("交款人：", "Payer:")), i.payer),
            (_t(bilingual("摘要：", "Description:")), i.description),
            (_t(bilingual("金额：", "Amount:")), format_amount(i.amount)),
            (_t(bilingual("公司管理分成：", "Company share:")), format_amount(i.company_share)),
            (_t(bilingual("业主共有收益：", "Owners' share:")), format_amount(i.owners_share)),
            (_t(bilingual("收款方式：", "Method:")), label(METHOD, i.method)),
            (_t(bilingual("收据：", "Receipt:")),
             payments.receipt_label(i.receipt_number) + (_t(T_VOID_MARK) if i.receipt_void else "")),
            (_t(bilingual("凭证：", "Voucher:")), i.voucher),
        ]  # fmt: skip
        dlg = RecordDialog(payments.receipt_label(i.receipt_number), rows, self)
        dlg.open()
        return dlg

    def show_cost(self, c: CostRow) -> RecordDialog:
        rows = [
            (_t(bilingual("日期：", "Date:")), fmt_date(c.date)),
            (_t(bilingual("小区：", "Compound:")), c.compound),
            (_t(bilingual("资源：", "Resource:")), c.resource or _t(T_COMMON_WHOLE)),
            (_t(bilingual("类别：", "Category:")), label(COST_CATEGORIES, c.category)),
            (_t(bilingual("金额：", "Amount:")), format_amount(c.amount)),
            (_t(bilingual("由业主共有收益承担：", "Borne by the owners:")), _flag(c.common)),
            (_t(bilingual("说明：", "Description:")), c.description),
            (_t(bilingual("凭据：", "Evidence:")), c.evidence_name),
            ("SHA-256：", c.evidence_sha256),
            (_t(bilingual("凭证：", "Voucher:")), c.voucher),
        ]
        dlg = RecordDialog(_t(bilingual("合理成本", "Reasonable cost")), rows, self)
        dlg.open()
        return dlg

    def _income_menu(self, menu: QMenu, rows: list[IncomeRow]) -> None:
        i = rows[0]
        self._add(menu, _t(bilingual("打开", "Open")), lambda: self.show_income(i))
        self._add(menu, _t(bilingual("打印收据", "Print receipt")),
                  lambda: self.print_receipt(i.receipt_number))  # fmt: skip

    def _cost_menu(self, menu: QMenu, rows: list[CostRow]) -> None:
        c = rows[0]
        self._add(menu, _t(bilingual("打开", "Open")), lambda: self.show_cost(c))

    # the owners' money ------------------------------------------------------------------------
    def set_share(self) -> ShareDialog:
        dlg = ShareDialog(self.book, self.compounds, self.owners_compound_id(), self)
        dlg.open()
        return dlg

    def use_money(self) -> UseDialog | None:
        o = self.owners_summary()
        c = self._chosen_compound(o.compound_id if o else None)
        if c is None:
            return None
        balance = o.balance if o is not None and o.compound_id == c.id else 0
        dlg = UseDialog(self.book, c, balance, self)
        dlg.open()
        return dlg

    def split(self) -> SplitDialog | None:
        o = self.owners_summary()
        c = self._chosen_compound(o.compound_id if o else None)
        if c is None:
            return None
        balance = o.balance if o is not None and o.compound_id == c.id else 0
        dlg = SplitDialog(self.book, c, balance, self)
        dlg.open()
        return dlg

    def show_owners(self, o: OwnersSummary) -> None:
        self.detail_tabs.setCurrentIndex(0)
        self.refresh_owner_details()

    def show_use(self, u: UseRow) -> RecordDialog:
        rows = [
            (_t(bilingual("日期：", "Date:")), fmt_date(u.date)),
            (_t(bilingual("小区：", "Compound:")), u.compound),
            (_t(bilingual("用途：", "Use:")), label(USE_KINDS, u.kind)),
            (_t(bilingual("金额：", "Amount:")), format_amount(u.amount)),
            (_t(bilingual("业主的决定：", "Decision:")), u.decision),
            (_t(bilingual("决定日期：", "Decided on:")), fmt_date(u.decided_on)),
            (_t(bilingual("分摊户数：", "Units credited:")), str(u.units)),
            (_t(bilingual("凭证：", "Voucher:")), u.voucher),
        ]
        dlg = RecordDialog(_t(bilingual("业主共有收益动用", "Use of the owners' money")), rows, self,
                           u.description)  # fmt: skip
        dlg.open()
        return dlg

    def _owners_menu(self, menu: QMenu, rows: list[OwnersSummary]) -> None:
        self._add(
            menu, _t(bilingual("动用业主共有收益…", "Use the owners' money…")), self.use_money
        )
        self._add(menu, _t(bilingual("按面积分摊…", "Split by floor area…")), self.split)
        self._add(menu, _t(bilingual("设置管理分成…", "Set the company's share…")), self.set_share)

    def disclosure_period(self) -> int | None:
        """The month whose 收支公示 is printed for the quarter: its last month, or this month
        while the quarter is still running."""
        if self.report is None:
            return None
        return min(period_of(self.report.end), period_of(date.today()))

    def print_disclosure(self) -> PrintPreviewDialog | None:
        """收支公示 of the compound through the print preview. The book's disclosure notice is
        monthly (reports/pdf/disclosure.py); it carries the owners' common-income account
        (opening, in, costs, company share, out, closing). The quarter's figures are the table."""
        from propdesk.reports.fees import disclosure
        from propdesk.reports.pdf.disclosure import render_disclosure

        period, cid = self.disclosure_period(), self.owners_compound_id()
        if period is None or cid is None:
            return None
        buf = io.BytesIO()
        try:
            with self.book.read() as s:
                render_disclosure(disclosure(s, period, cid), buf)
        except Exception as exc:
            show_error(exc, self)
            return None
        name = next((c.name for c in self.compounds if c.id == cid), "")
        return show_print_preview(
            buf.getvalue(), title=_t(bilingual("{name} {month} 收支公示", "{name} {month} disclosure"),
                                     name=name, month=fmt_period(period)),
            suggested_name=f"{name}{fmt_period(period)}收支公示.pdf", parent=self,
        )  # fmt: skip

    def print_document(self) -> None:
        if self.tabs.currentIndex() == 3:
            self.print_disclosure()
        else:
            self.print_receipt()

    # --------------------------------------------------------------------------------------
    def _add(self, menu: QMenu, text: str, slot: object) -> QAction:
        act = menu.addAction(text)
        act.triggered.connect(lambda _c=False: slot())  # type: ignore[operator]
        return act

    def retranslate(self) -> None:
        b = bilingual
        self.heading.setText(_t(T_TITLE))
        self.compound_label.setText(_t(T_COMPOUND))
        self.compound.retranslate()
        for i, text in enumerate(T_TABS):
            self.tabs.setTabText(i, _t(text))
        for combo, table, first in ((self.kind_filter, KINDS, ALL_KINDS),
                                    (self.status_filter, STATUS, ALL_STATUS)):  # fmt: skip
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_t(first), None)
            for code, text in table.items():
                combo.addItem(text.format(), code)
            combo.setCurrentIndex(max(combo.findData(keep), 0) if keep else 0)
            combo.blockSignals(False)
        self.add_resource_button.setText(_t(b("新增资源…", "New resource…")))
        self.operate_button.setText(_t(b("投入经营", "Put into operation")))
        self.resource_note.setText(_t(b(
            "共有部分（车位、广告位等属于全体业主的部分）须经业主表决通过“利用共有部分经营”后方可投入经营；"
            "其收益扣除合理成本和公司管理分成后归业主，记入其他应付款—业主共有收益。",
            "A common part can go into operation only after the owners' vote on business use of"
            " common parts has passed; its income, after reasonable costs and the company's share,"
            " is the owners' (其他应付款—业主共有收益).")))  # fmt: skip
        self.expiring_only.setText(_t(b("只看 30 天内到期", "Ending within 30 days")))
        self.add_agreement_button.setText(_t(b("新增协议…", "New agreement…")))
        self.renew_button.setText(_t(b("续期…", "Renew…")))
        self.due_title.setText(_t(b("应收款项", "Amounts due")))
        self.due_period_label.setText(_t(b("月份：", "Month:")))
        self.due_all_periods.setText(_t(b("全部月份", "All months")))
        self.due_open_only.setText(_t(b("只看未收", "Outstanding only")))
        self.generate_button.setText(_t(b("生成本月应收", "Make this month's dues")))
        self.from_label.setText(_t(b("自：", "From:")))
        self.to_label.setText(_t(b("至：", "To:")))
        self.income_button.setText(_t(b("记录收入…", "Record income…")))
        self.temporary_button.setText(_t(b("临时停车日收入…", "Temporary parking…")))
        self.print_button.setText(_t(b("打印收据", "Print receipt")))
        self.cost_button.setText(_t(b("记录合理成本…", "Record a cost…")))
        self.income_title.setText(
            _t(b("收入（收据与收费处共用编号）", "Income (receipts numbered with the counter's)"))
        )
        self.cost_title.setText(_t(b("合理成本（附凭据）", "Reasonable costs (with evidence)")))
        self.share_button.setText(_t(b("管理分成…", "Company share…")))
        self.use_button.setText(_t(b("动用…", "Use…")))
        self.split_button.setText(_t(b("按面积分摊…", "Split by area…")))
        self.detail_tabs.setTabText(0, _t(b("季度公示", "Quarterly disclosure")))
        self.detail_tabs.setTabText(1, _t(b("动用记录", "Uses")))
        self.quarter_label.setText(_t(b("季度：", "Quarter:")))
        self.disclosure_button.setText(_t(b("打印收支公示…", "Print disclosure…")))
        self.disclosure_button.setToolTip(_t(b(
            "打印该季度最后一个月（季度未结束时为本月）的收支公示，其中列有业主共有收益的期初、收入、成本、分成、动用和期末。",
            "Prints the disclosure notice of the quarter's last month (this month while the"
            " quarter runs); it shows the owners' account: opening, income, costs, share, uses,"
            " closing.")))  # fmt: skip
        for m in (self.resource_model, self.agreement_model, self.due_model, self.income_model,
                  self.cost_model, self.owners_model, self.use_model, self.disclosure_model):  # fmt: skip
            m.retranslate()
        if self.report is not None:
            self.disclosure_model.set_rows(disclosure_lines(self.report))
        if not self.compounds:
            return
        self._show_dues()
        self.refresh_money()
        self.refresh_owner_details()

    def prepare_screenshot(self) -> None:
        """For the page renders: the owners' money of the first compound."""
        self.tabs.setCurrentIndex(3)


__all__ = ["ResourcesPage"]
