"""概览: the book at a glance — period status, this month's collection rate and its 12-month
trend, income by source (QtCharts), the largest arrears, contracts and agreements needing
action, votes in progress with their live tally. Each item opens its page."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QMargins, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from propdesk.core.i18n import Text, bilingual
from propdesk.core.money import format_amount
from propdesk.core.periods import fmt_period
from propdesk.core.ratios import bp_text, rate_bp
from propdesk.reports.dashboard import Dashboard, MonthRate, OpenVote, dashboard
from propdesk.services.books import BookStatus
from propdesk.services.contract_life import ContractAction
from propdesk.services.resources import Expiring
from propdesk.ui.dialogs.kit import DeskTableModel
from propdesk.ui.pages.base import Page, PageContext
from propdesk.ui.widgets.table import CENTER, RIGHT, Column, TableView, fmt_date, money_column

T_RATE = bilingual("本月收缴率", "Collection rate this month")
T_RATE_OF = bilingual("已收 {settled} / 应收 {billed}", "{settled} of {billed} billed")
T_NOTHING_BILLED = bilingual("本月尚未开单", "Nothing billed this month")
T_ARREARS = bilingual("欠费总额", "Arrears")
T_ARREARS_UNITS = bilingual("{n} 户", "{n} households")
T_TREND = bilingual("近12个月收缴率", "Collection rate, last 12 months")
T_INCOME = bilingual("本年收入来源", "Income by source, year to date")
T_OWNERS = bilingual("（代管）", " (owners')")
T_MONTH_AXIS = bilingual("月份", "Month")
T_NO_INCOME = bilingual("本年尚无收入", "No income this year yet")
T_TOP = bilingual("欠费前十户", "Largest arrears")
T_ACTIONS = bilingual("待办合同与协议", "Contracts and agreements needing action")
T_VOTES = bilingual("进行中的表决", "Votes in progress")
T_AGREEMENT = bilingual(
    "{compound} {resource} 协议（{party}）{days} 天后到期",
    "{compound} {resource}: agreement with {party} ends in {days} days",
)
T_PASSING = bilingual("可通过", "would pass")
T_NOT_YET = bilingual("未达通过", "not passed yet")

# what each list and card opens
ARREARS_PAGE, CONTRACTS_PAGE, RESOURCES_PAGE, VOTES_PAGE = (
    "arrears",
    "contracts",
    "resources",
    "votes",
)
BILLING_PAGE, LEDGER_PAGE = "billing", "ledger"


class StatCard(QFrame):
    """A titled figure on the dashboard; a click opens the page it belongs to."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.caption = QLabel()
        self.caption.setObjectName("statCaption")
        self.value = QLabel()
        self.value.setObjectName("statValue")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail = QLabel()
        self.detail.setObjectName("muted")
        self.detail.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)

    def set_detail(self, text: str) -> None:
        self.detail.setText(text)
        self.detail.setVisible(bool(text))

    def make_link(self) -> None:
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


def _panel(title: QLabel, body: QWidget) -> QFrame:
    frame = QFrame()
    frame.setObjectName("statCard")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(12, 8, 12, 8)
    layout.addWidget(title)
    layout.addWidget(body, 1)
    return frame


def _caption() -> QLabel:
    label = QLabel()
    label.setObjectName("statCaption")
    return label


class Action:
    """A row of the needing-action list: a contract or an expiring agreement."""

    __slots__ = ("due", "kind", "page", "text")

    def __init__(self, kind: Text, text: str, due: date | None, page: str) -> None:
        self.kind = kind
        self.text = text
        self.due = due
        self.page = page


T_CONTRACT = bilingual("合同", "Contract")
T_AGREEMENT_KIND = bilingual("资源协议", "Agreement")

ARREARS_COLUMNS = [
    Column("compound", bilingual("小区", "Compound"), width=10),
    Column("unit", bilingual("房号", "Unit"), width=8),
    Column("owner", bilingual("业主", "Owner"), stretch=True),
    money_column("total", bilingual("欠费", "Owed"), width=10),
    Column("oldest_due", bilingual("最早到期", "Oldest due"), align=CENTER, fmt=fmt_date, width=11),
]
ACTION_COLUMNS = [
    Column("kind", bilingual("类别", "Kind"), fmt=lambda t: t.format()),
    Column("text", bilingual("事项", "What to do"), stretch=True),
    Column("due", bilingual("期限", "Due"), fmt=fmt_date),
]
VOTE_COLUMNS = [
    Column("compound", bilingual("小区", "Compound"), value=lambda v: v.info.compound),
    Column("title", bilingual("表决事项", "Subject"), value=lambda v: v.info.title, stretch=True),
    Column("closes", bilingual("截止", "Closes"), value=lambda v: v.info.closes, fmt=fmt_date),
    Column("part", bilingual("参与（人数）", "Turnout (heads)"), align=RIGHT,
           value=lambda v: rate_bp(v.tally.part_count, v.tally.total_count), fmt=bp_text),
    Column("yes_area", bilingual("同意（面积）", "Agree (area)"), align=RIGHT,
           value=lambda v: rate_bp(v.tally.yes_area, v.tally.total_area), fmt=bp_text),
    Column("yes_count", bilingual("同意（人数）", "Agree (heads)"), align=RIGHT,
           value=lambda v: rate_bp(v.tally.yes_count, v.tally.total_count), fmt=bp_text),
    Column("passed", bilingual("结果", "Result"), value=lambda v: v.tally.passed,
           fmt=lambda p: (T_PASSING if p else T_NOT_YET).format()),
]  # fmt: skip


def actions_of(
    contracts: tuple[ContractAction, ...], agreements: tuple[Expiring, ...]
) -> list[Action]:
    rows = [Action(T_CONTRACT, f"{c.compound} {c.number}：{c.text}", c.due, CONTRACTS_PAGE)
            for c in contracts]  # fmt: skip
    rows += [
        Action(T_AGREEMENT_KIND,
               T_AGREEMENT.format(compound=a.compound, resource=a.resource, party=a.party or a.plate,
                                  days=a.days_left),
               a.end, RESOURCES_PAGE)
        for a in agreements
    ]  # fmt: skip
    rows.sort(key=lambda a: (a.due or date.max, a.text))
    return rows


class OverviewPage(Page):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.status: BookStatus | None = None
        self.data: Dashboard | None = None
        self.today = date.today  # the day the figures are "as of" (tests pin it)
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.heading.setWordWrap(True)
        self.path_label = QLabel()
        self.path_label.setObjectName("muted")
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.company = StatCard()
        self.period = StatCard()
        self.closed = StatCard()
        self.vouchers = StatCard()
        self.rate = StatCard()
        self.arrears = StatCard()
        for card, key in ((self.period, LEDGER_PAGE), (self.closed, LEDGER_PAGE),
                          (self.vouchers, LEDGER_PAGE), (self.rate, BILLING_PAGE),
                          (self.arrears, ARREARS_PAGE)):  # fmt: skip
            card.make_link()
            card.clicked.connect(lambda key=key: self.open_page(key))
        cards = QGridLayout()
        cards.setSpacing(12)
        cards.addWidget(self.company, 0, 0, 1, 2)
        cards.addWidget(self.rate, 0, 2)
        cards.addWidget(self.arrears, 0, 3)
        cards.addWidget(self.period, 1, 0)
        cards.addWidget(self.closed, 1, 1)
        cards.addWidget(self.vouchers, 1, 2, 1, 2)

        # charts
        self.trend_title, self.income_title = _caption(), _caption()
        self.trend_chart = QChart()
        self.income_chart = QChart()
        for chart in (self.trend_chart, self.income_chart):
            chart.setBackgroundVisible(False)
            chart.setMargins(QMargins(0, 0, 0, 0))
            chart.legend().setVisible(False)
        self.income_chart.legend().setVisible(True)
        self.income_chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        self.income_chart.legend().setMinimumWidth(240)  # whole names, the pie gives way
        self.trend_view = QChartView(self.trend_chart)
        self.income_view = QChartView(self.income_chart)
        for view in (self.trend_view, self.income_view):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(220)
            view.setStyleSheet("background: transparent")
        self.trend_series: QBarSeries | None = None
        self.income_series: QPieSeries | None = None
        charts = QHBoxLayout()
        charts.setSpacing(12)
        charts.addWidget(_panel(self.trend_title, self.trend_view), 1)
        charts.addWidget(_panel(self.income_title, self.income_view), 1)

        # lists
        self.top_title, self.actions_title, self.votes_title = _caption(), _caption(), _caption()
        self.top_model = DeskTableModel(ARREARS_COLUMNS, self)
        self.top_view = TableView(self.top_model, self, name="overview_arrears")
        self.actions_model = DeskTableModel(ACTION_COLUMNS, self)
        self.actions_view = TableView(self.actions_model, self, name="overview_actions")
        self.votes_model = DeskTableModel(VOTE_COLUMNS, self)
        self.votes_view = TableView(self.votes_model, self, name="overview_votes")
        for view in (self.top_view, self.actions_view, self.votes_view):
            view.model.attach(view)  # type: ignore[attr-defined]
            view.load_all_button.setVisible(False)
            view.setMinimumHeight(200)
        self.top_view.activated.connect(lambda _row: self.open_page(ARREARS_PAGE))
        self.actions_view.activated.connect(lambda row: self.open_page(row.page))
        self.votes_view.activated.connect(self._open_vote)
        lists = QGridLayout()
        lists.setSpacing(12)
        lists.addWidget(_panel(self.top_title, self.top_view), 0, 0)
        lists.addWidget(_panel(self.actions_title, self.actions_view), 0, 1)
        lists.addWidget(_panel(self.votes_title, self.votes_view), 1, 0, 1, 2)

        self.hint = QLabel()
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.heading)
        layout.addWidget(self.path_label)
        layout.addSpacing(8)
        layout.addLayout(cards)
        layout.addSpacing(8)
        layout.addLayout(charts)
        layout.addSpacing(8)
        layout.addLayout(lists)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.retranslate()

    # -- behaviour -------------------------------------------------------------------------
    def open_page(self, key: str) -> None:
        show = getattr(self.ctx.window, "show_page", None)
        if show is not None:
            show(key)

    def _open_vote(self, row: OpenVote) -> None:
        self.open_page(VOTES_PAGE)
        window = self.ctx.window
        page = window.pages.get(VOTES_PAGE) if hasattr(window, "pages") else None
        select = getattr(page, "select_vote", None)
        if select is not None:
            select(row.info.id)

    def refresh(self) -> None:
        with self.book.read() as s:
            self.data = dashboard(s, self.today())
        self.status = self.data.status
        self._fill()

    def _fill(self) -> None:
        from propdesk.ui.book_files import book_target  # a server book's URL, no password

        self.path_label.setText(book_target(self.book))
        d = self.data
        if d is None:
            return
        st = d.status
        loc = QLocale()
        self.company.value.setText(st.company_name)
        self.period.value.setText(fmt_period(st.open_period))
        self.closed.value.setText(
            fmt_period(st.closed_through) if st.closed_through else self.tr("No month closed yet")
        )
        self.vouchers.value.setText(loc.toString(st.vouchers))
        month = d.month
        self.rate.value.setText(bp_text(month.rate_bp))
        self.rate.set_detail(
            T_RATE_OF.format(
                settled=format_amount(month.settled), billed=format_amount(month.billed)
            )
            if month.billed
            else T_NOTHING_BILLED.format()
        )
        self.arrears.value.setText(format_amount(d.arrears_total))
        self.arrears.set_detail(T_ARREARS_UNITS.format(n=d.arrears_units))
        self._fill_trend(d.trend)
        self._fill_income(d)
        self.top_model.set_rows(d.arrears_top)
        self.actions_model.set_rows(actions_of(d.contracts, d.agreements))
        self.votes_model.set_rows(d.votes)

    def _fill_trend(self, trend: tuple[MonthRate, ...]) -> None:
        chart = self.trend_chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        bars = QBarSet(T_RATE.format())
        bars.setColor(QColor("#1f77b4"))
        for m in trend:
            bars.append((m.rate_bp or 0) / 100)
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(False)
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append([str(m.period % 100) for m in trend])
        x.setTitleText(T_MONTH_AXIS.format())
        small = x.labelsFont()
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        x.setLabelsFont(small)
        x.setTitleFont(small)
        y = QValueAxis()
        y.setRange(0, 100)
        y.setLabelFormat("%d%%")
        y.setTickCount(6)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        self.trend_series = series

    def _fill_income(self, d: Dashboard) -> None:
        chart = self.income_chart
        chart.removeAllSeries()
        series = QPieSeries()
        self.income_tips: dict[str, str] = {}
        total = sum(s.amount for s in d.income)
        palette = ["#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf", "#bcbd22"]
        for i, src in enumerate(d.income):
            name = src.name + (T_OWNERS.format() if src.owners else "")
            label = f"{name} {bp_text(rate_bp(src.amount, total))}"
            piece = series.append(label, src.amount / 100)  # a pie's geometry, not money
            self.income_tips[label] = format_amount(src.amount)
            piece.setColor(QColor("#d62728") if src.owners else QColor(palette[i % len(palette)]))
        if not d.income:
            empty = series.append(T_NO_INCOME.format(), 1)
            empty.setColor(QColor("#d9dde3"))
        series.setPieSize(0.8)
        series.hovered.connect(self._on_slice_hovered)
        chart.addSeries(series)
        self.income_series = series

    def _on_slice_hovered(self, piece: Any, state: bool) -> None:
        tip = f"{piece.label()}：{self.income_tips.get(piece.label(), '')}" if state else ""
        self.income_view.setToolTip(tip)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Overview"))
        self.company.caption.setText(self.tr("Company"))
        self.period.caption.setText(self.tr("Open period"))
        self.closed.caption.setText(self.tr("Closed through"))
        self.vouchers.caption.setText(self.tr("Vouchers posted"))
        self.rate.caption.setText(T_RATE.format())
        self.arrears.caption.setText(T_ARREARS.format())
        self.trend_title.setText(T_TREND.format())
        self.income_title.setText(T_INCOME.format())
        self.top_title.setText(T_TOP.format())
        self.actions_title.setText(T_ACTIONS.format())
        self.votes_title.setText(T_VOTES.format())
        self.hint.setText(
            self.tr("Ctrl+1 to Ctrl+9 switch pages, F5 reloads the page, Ctrl+F searches a table.")
        )
        for model in (self.top_model, self.actions_model, self.votes_model):
            model.retranslate()
        self._fill()
