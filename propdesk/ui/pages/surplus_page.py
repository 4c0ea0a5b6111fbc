"""盈余分配: the allocations (period, surplus, allocated, retained, status) with the selected one's
lines — approve a draft, pay lines in cash or by bank, print the stipend sheet and the station
funding list; the allocation rules; and where the money went (a period's surplus, line by line
with its vouchers; what a grid received in a year). New allocation (Ctrl+N) opens the wizard."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QKeyCombination, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from propdesk.core.errors import UserError
from propdesk.core.i18n import Text, bilingual
from propdesk.core.money import format_amount
from propdesk.core.ratios import bp_text
from propdesk.services import grids, surplus, surplus_views
from propdesk.services.surplus import AllocationSummary, AllocationView, LineRow, RuleRow
from propdesk.ui.dialogs.allocation_wizard import (
    AllocationWizard,
    PayoutDialog,
    RuleDialog,
    line_model,
    print_allocation,
)
from propdesk.ui.dialogs.kit import MUTED_BRUSH, DeskTableModel, fmt_flag, row_menu, write_action
from propdesk.ui.errors import show_warning
from propdesk.ui.pages.base import Page, PageContext
from propdesk.ui.print_preview import PrintPreviewDialog
from propdesk.ui.widgets.table import RIGHT, Column, TableView, fmt_date, money_column

T_TITLE = bilingual("盈余分配", "Surplus allocation")
T_TAB_ALLOCATIONS = bilingual("分配", "Allocations")
T_TAB_RULES = bilingual("分配规则", "Rules")
T_TAB_TRACE = bilingual("去向查询", "Where it went")
T_NEW = bilingual("新建分配… (Ctrl+N)", "New allocation… (Ctrl+N)")
T_APPROVE = bilingual("审批…", "Approve…")
T_DISCARD = bilingual("删除草稿", "Discard draft")
T_PAY_ALL = bilingual("全部发放…", "Pay all…")
T_PAY_SELECTED = bilingual("发放所选…", "Pay selected…")
T_PRINT_SHEET = bilingual("打印签字发放表", "Print stipend sheet")
T_PRINT_FUNDING = bilingual("打印驿站经费拨付表", "Print station funding")
T_NEW_RULE = bilingual("新增规则…", "New rule…")
T_EDIT_RULE = bilingual("修改规则…", "Edit rule…")
T_PICK = bilingual("请先选中一项盈余分配", "Select an allocation first")
T_PICK_RULE = bilingual("请先选中一条规则", "Select a rule first")
T_NOT_DRAFT = bilingual("只有草稿可以审批或删除", "Only a draft can be approved or discarded")
T_CONFIRM_DISCARD = bilingual("删除 {period} 的盈余分配草稿？", "Discard the {period} draft?")
T_LINES_OF = bilingual(
    "{period} 盈余分配（第 {id} 号，{status}）：盈余 {surplus}，弥补亏损 {cover}，网格员补贴 {stipends}，"
    "驿站经费 {stations}，留存 {retained}",
    "{period} allocation (no. {id}, {status}): surplus {surplus}, losses covered {cover},"
    " stipends {stipends}, stations {stations}, retained {retained}",
)
T_NO_SELECTION = bilingual(
    "选择上方的一项盈余分配查看明细", "Select an allocation above to see its lines"
)
T_PERIOD = bilingual("期间：", "Period:")
T_PERIOD_HINT = bilingual("如 2026-Q3、2026-09、2026", "e.g. 2026-Q3, 2026-09, 2026")
T_SHOW = bilingual("查询", "Show")
T_WHERE_WENT = bilingual("这一期间的盈余去了哪里", "Where did this period's surplus go")
T_REPORT = bilingual(
    "{period}{closed}：收入 {revenue} − 成本 {costs} ＝ 盈余 {surplus}。弥补亏损 {cover}，专职补贴 {ft}，"
    "兼职补贴 {pt}，辅助补贴 {aux}，驿站 {stations}，留存 {retained}，尚未分配 {unallocated}。",
    "{period}{closed}: revenue {revenue} − costs {costs} = surplus {surplus}. Losses covered"
    " {cover}, full-time {ft}, part-time {pt}, auxiliary {aux}, stations {stations}, retained"
    " {retained}, not yet allocated {unallocated}.",
)
T_OPEN_MARK = bilingual("（未结账）", " (not closed)")
T_GRID = bilingual("网格：", "Grid:")
T_YEAR = bilingual("年度：", "Year:")
T_GRID_WENT = bilingual("这个网格这一年收到了什么", "What did this grid receive this year")
T_GRID_TOTAL = bilingual(
    "{grid} {year} 年：网格员补贴 {stipends}，驿站经费 {stations}，合计 {total}",
    "{grid} in {year}: stipends {stipends}, stations {stations}, total {total}",
)

ALLOCATION_COLUMNS = (
    Column("id", bilingual("编号", "No."), align=RIGHT, width=5),
    Column("period", bilingual("期间", "Period"), width=9),
    money_column("surplus", bilingual("盈余", "Surplus"), width=13),
    money_column("allocated", bilingual("已分配", "Allocated"), width=13),
    money_column("retained", bilingual("留存", "Retained"), width=13),
    Column("status", bilingual("状态", "Status"), value=lambda r: r.status_label, width=18),
    Column("approved_by", bilingual("审批人", "Approved by"), width=9),
    Column("approved_on", bilingual("审批日期", "Approved on"), fmt=fmt_date, stretch=True),
)

RULE_COLUMNS = (
    Column("priority", bilingual("顺序", "Priority"), align=RIGHT, width=5),
    Column("name", bilingual("规则", "Rule"), stretch=True),
    Column("target", bilingual("对象", "For"), value=lambda r: r.target_label),
    Column("basis", bilingual("依据", "Basis"), value=lambda r: r.basis_label),
    money_column("amount", bilingual("金额", "Amount"), width=11),
    Column("bp", bilingual("比例", "Percentage"), align=RIGHT, width=8,
           fmt=lambda bp: bp_text(bp) if bp else ""),
    Column("cap", bilingual("上限", "Cap"), align=RIGHT, width=12,
           fmt=lambda c: format_amount(c, symbol=False) if c is not None else ""),
    Column("active", bilingual("启用", "Active"), fmt=fmt_flag, width=5),
)  # fmt: skip

TRACE_COLUMNS = (
    Column("kind", bilingual("类别", "Kind"),
           value=lambda r: surplus.LINE_KINDS[r.kind].format()),
    Column("who", bilingual("对象", "For"), stretch=True),
    Column("grid", bilingual("网格", "Grid"), width=6),
    money_column("amount", bilingual("分配", "Allocated"), width=12),
    money_column("paid", bilingual("已发放", "Paid"), width=12),
    Column("voucher", bilingual("审批凭证", "Approval voucher"), width=16),
    Column("payouts", bilingual("发放凭证", "Payout vouchers"), value=lambda r: "、".join(r.payouts),
           width=18),
)  # fmt: skip

RECEIPT_COLUMNS = (
    Column("period", bilingual("盈余期间", "Surplus of"), width=9),
    Column("allocation_id", bilingual("分配编号", "Allocation"), align=RIGHT, width=6),
    Column("approved_on", bilingual("审批日期", "Approved on"), fmt=fmt_date, width=10),
    Column("kind", bilingual("类别", "Kind"),
           value=lambda r: surplus.LINE_KINDS[r.kind].format()),
    Column("who", bilingual("对象", "For"), stretch=True),
    money_column("amount", bilingual("金额", "Amount"), width=12),
    money_column("paid", bilingual("已发放", "Paid"), width=12),
)  # fmt: skip


class SurplusPage(Page):
    printable = True
    ALLOCATIONS, RULES, TRACE = range(3)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.last_dialog: Any = None
        self.current: AllocationView | None = None
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.new_button = QPushButton()
        self.new_button.setObjectName("primary")
        self.new_button.clicked.connect(lambda: self.new_allocation())
        bar = QHBoxLayout()
        bar.addWidget(self.heading)
        bar.addStretch(1)
        bar.addWidget(self.new_button)

        # allocations and the selected one's lines ------------------------------------------
        self.model = DeskTableModel(ALLOCATION_COLUMNS, self)
        self.view = TableView(self.model, self, name="allocations", state_store=ctx.settings)
        self.view.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_lines())
        self.view.activated.connect(lambda _r: self.lines_view.table.setFocus())
        row_menu(self.view, self._allocation_menu)
        self.approve_button = QPushButton()
        self.approve_button.clicked.connect(lambda: self.approve())
        self.discard_button = QPushButton()
        self.discard_button.clicked.connect(lambda: self.discard())
        self.pay_all_button = QPushButton()
        self.pay_all_button.clicked.connect(lambda: self.pay())
        self.pay_selected_button = QPushButton()
        self.pay_selected_button.clicked.connect(lambda: self.pay(selected=True))
        self.sheet_button = QPushButton()
        self.sheet_button.clicked.connect(lambda: self.print_sheet())
        self.funding_button = QPushButton()
        self.funding_button.clicked.connect(lambda: self.print_funding())
        actions = QHBoxLayout()
        for b in (self.approve_button, self.discard_button, self.pay_all_button,
                  self.pay_selected_button):  # fmt: skip
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.sheet_button)
        actions.addWidget(self.funding_button)
        self.lines_title = QLabel()
        self.lines_title.setWordWrap(True)
        self.lines_title.setObjectName("statCaption")
        self.lines_model = line_model(self)
        self.lines_view = TableView(
            self.lines_model, self, name="allocation_lines", state_store=ctx.settings
        )
        row_menu(self.lines_view, self._line_menu)
        lower = QWidget()
        lcol = QVBoxLayout(lower)
        lcol.setContentsMargins(0, 0, 0, 0)
        lcol.addWidget(self.lines_title)
        lcol.addWidget(self.lines_view, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(lower)
        split.setChildrenCollapsible(False)
        split.setSizes([180, 420])
        alloc_tab = QWidget()
        acol = QVBoxLayout(alloc_tab)
        acol.setContentsMargins(8, 8, 8, 8)
        acol.addLayout(actions)
        acol.addWidget(split, 1)

        # rules ------------------------------------------------------------------------------
        self.rule_model = DeskTableModel(
            RULE_COLUMNS, self, foreground=lambda r: None if r.active else MUTED_BRUSH
        )
        self.rule_view = TableView(
            self.rule_model, self, name="allocation_rules", state_store=ctx.settings
        )
        self.rule_view.activated.connect(lambda r: self.edit_rule(r))
        row_menu(self.rule_view, self._rule_menu)
        self.new_rule_button = QPushButton()
        self.new_rule_button.clicked.connect(lambda: self.new_rule())
        self.edit_rule_button = QPushButton()
        self.edit_rule_button.clicked.connect(lambda: self.edit_rule())
        rules_tab = QWidget()
        rcol = QVBoxLayout(rules_tab)
        rcol.setContentsMargins(8, 8, 8, 8)
        rrow = QHBoxLayout()
        rrow.addWidget(self.new_rule_button)
        rrow.addWidget(self.edit_rule_button)
        rrow.addStretch(1)
        rcol.addLayout(rrow)
        rcol.addWidget(self.rule_view, 1)

        # where it went ----------------------------------------------------------------------
        self.period_label = QLabel()
        self.period_edit = QLineEdit()
        self.period_edit.setMaximumWidth(160)
        self.period_label.setBuddy(self.period_edit)
        self.period_edit.returnPressed.connect(lambda: self.show_report())
        self.report_button = QPushButton()
        self.report_button.clicked.connect(lambda: self.show_report())
        self.report_caption = QLabel()
        self.report_caption.setObjectName("statCaption")
        self.report_text = QLabel()
        self.report_text.setWordWrap(True)
        self.trace_model = DeskTableModel(TRACE_COLUMNS, self)
        self.trace_view = TableView(self.trace_model, self, name="surplus_trace",
                                    state_store=ctx.settings)  # fmt: skip
        self.grid_label = QLabel()
        self.grid_combo = QComboBox()
        self.grid_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.grid_label.setBuddy(self.grid_combo)
        self.year_label = QLabel()
        self.year = QSpinBox()
        self.year.setRange(1990, 2999)
        self.year.setValue(date.today().year)
        self.grid_combo.currentIndexChanged.connect(lambda _i: self.show_receipts())
        self.year.valueChanged.connect(lambda _v: self.show_receipts())
        self.grid_caption = QLabel()
        self.grid_caption.setObjectName("statCaption")
        self.grid_text = QLabel()
        self.grid_text.setWordWrap(True)
        self.receipt_model = DeskTableModel(RECEIPT_COLUMNS, self)
        self.receipt_view = TableView(self.receipt_model, self, name="grid_receipts",
                                      state_store=ctx.settings)  # fmt: skip
        top = QWidget()
        tcol = QVBoxLayout(top)
        tcol.setContentsMargins(0, 0, 0, 0)
        trow = QHBoxLayout()
        trow.addWidget(self.report_caption)
        trow.addStretch(1)
        trow.addWidget(self.period_label)
        trow.addWidget(self.period_edit)
        trow.addWidget(self.report_button)
        tcol.addLayout(trow)
        tcol.addWidget(self.report_text)
        tcol.addWidget(self.trace_view, 1)
        bottom = QWidget()
        bcol = QVBoxLayout(bottom)
        bcol.setContentsMargins(0, 0, 0, 0)
        brow = QHBoxLayout()
        brow.addWidget(self.grid_caption)
        brow.addStretch(1)
        for w in (self.grid_label, self.grid_combo, self.year_label, self.year):
            brow.addWidget(w)
        bcol.addLayout(brow)
        bcol.addWidget(self.grid_text)
        bcol.addWidget(self.receipt_view, 1)
        tsplit = QSplitter(Qt.Orientation.Vertical)
        tsplit.addWidget(top)
        tsplit.addWidget(bottom)
        tsplit.setChildrenCollapsible(False)
        trace_tab = QWidget()
        xcol = QVBoxLayout(trace_tab)
        xcol.setContentsMargins(8, 8, 8, 8)
        xcol.addWidget(tsplit, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(alloc_tab, "")
        self.tabs.addTab(rules_tab, "")
        self.tabs.addTab(trace_tab, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        self.retranslate()

    # reading ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        keep = self._selected()
        with self.book.read() as s:
            rows = surplus.list_allocations(s)
            rules = surplus.list_rules(s)
            grid_rows = grids.list_grids(s)
            span = surplus_views.latest_closed_span(s)
        rows = rows[::-1]  # newest first
        self.model.set_rows(rows)
        self.rule_model.set_rows(rules)
        keep_id = keep.id if keep else (rows[0].id if rows else None)
        self._select_allocation(keep_id)
        self.show_lines()
        gkeep = self.grid_combo.currentData()
        self.grid_combo.blockSignals(True)
        self.grid_combo.clear()
        for g in grid_rows:
            self.grid_combo.addItem(f"{g.code} {g.name}", g.id)
        self.grid_combo.setCurrentIndex(max(self.grid_combo.findData(gkeep), 0))
        self.grid_combo.blockSignals(False)
        if not self.period_edit.text().strip():
            first = next((r.period for r in rows if r.status != "draft"), None)
            self.period_edit.setText(first or (span.label if span else ""))
        self.show_report(quiet=True)
        self.show_receipts()
        self._update_buttons()

    def _selected(self) -> AllocationSummary | None:
        r = self.view.current_row()
        return r if isinstance(r, AllocationSummary) else None

    def _select_allocation(self, allocation_id: int | None) -> None:
        for i in range(self.view.proxy.rowCount()):
            row = self.view.proxy.index(i, 0).data(Qt.ItemDataRole.UserRole + 1)
            if row.id == allocation_id:
                self.view.table.setCurrentIndex(self.view.proxy.index(i, 0))
                self.view.table.selectRow(i)
                return

    def show_lines(self) -> None:
        sel = self._selected()
        if sel is None:
            self.current = None
            self.lines_model.set_rows([])
            self.lines_title.setText(T_NO_SELECTION.format())
            self._update_buttons()
            return
        with self.book.read() as s:
            self.current = surplus.allocation_view(s, sel.id)
        v = self.current
        self.lines_model.set_rows([r for r in v.lines if r.amount or r.asked])
        self.lines_title.setText(T_LINES_OF.format(
            period=v.period, id=v.id, status=v.status_label, surplus=format_amount(v.surplus),
            cover=format_amount(v.loss_cover), stipends=format_amount(v.stipends),
            stations=format_amount(v.stations), retained=format_amount(v.retained)))  # fmt: skip
        self._update_buttons()

    def _update_buttons(self) -> None:
        v = self.current
        draft = v is not None and v.status == "draft"
        unpaid = v is not None and any(ln.kind != "retained" and ln.amount > ln.paid
                                       for ln in v.lines)  # fmt: skip
        self.approve_button.setEnabled(draft)
        self.discard_button.setEnabled(draft)
        self.pay_all_button.setEnabled(bool(v) and not draft and unpaid)
        self.pay_selected_button.setEnabled(bool(v) and not draft and unpaid)
        self.sheet_button.setEnabled(v is not None and v.stipends > 0)
        self.funding_button.setEnabled(v is not None and v.stations > 0)

    def show_report(self, *, quiet: bool = False) -> surplus.SurplusReport | None:
        text = self.period_edit.text().strip()
        if not text:
            self.trace_model.set_rows([])
            self.report_text.setText("")
            return None
        try:
            with self.book.read() as s:
                rep = surplus.surplus_report(s, text)
        except UserError as exc:
            self.trace_model.set_rows([])
            self.report_text.setText(exc.message)
            if not quiet:
                self.period_edit.setFocus()
            return None
        f = format_amount
        self.report_text.setText(T_REPORT.format(
            period=rep.period, closed="" if rep.closed else T_OPEN_MARK.format(),
            revenue=f(rep.revenue), costs=f(rep.costs), surplus=f(rep.surplus),
            cover=f(rep.loss_cover), ft=f(rep.full_time), pt=f(rep.part_time),
            aux=f(rep.auxiliary), stations=f(rep.stations), retained=f(rep.retained),
            unallocated=f(rep.unallocated)))  # fmt: skip
        self.trace_model.set_rows(rep.rows)
        self.report = rep
        return rep

    def show_receipts(self) -> surplus.GridReceipts | None:
        gid = self.grid_combo.currentData()
        if gid is None:
            self.receipt_model.set_rows([])
            self.grid_text.setText("")
            return None
        with self.book.read() as s:
            rec = surplus.grid_receipts(s, int(gid), self.year.value())
        self.receipt_model.set_rows(rec.rows)
        self.grid_text.setText(T_GRID_TOTAL.format(
            grid=rec.grid, year=rec.year, stipends=format_amount(rec.stipends),
            stations=format_amount(rec.stations), total=format_amount(rec.total)))  # fmt: skip
        self.receipts = rec
        return rec

    # actions ---------------------------------------------------------------------------------
    def new_allocation(self) -> AllocationWizard:
        wiz = AllocationWizard(self.book, self, approver="")
        wiz.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wiz.open()
        self.last_dialog = wiz
        return wiz

    def _need(self) -> AllocationView | None:
        if self.current is None:
            show_warning(self, T_PICK.format())
        return self.current

    def approve(self) -> AllocationWizard | None:
        """A draft is approved in the wizard, at its approval step."""
        v = self._need()
        if v is None:
            return None
        if v.status != "draft":
            show_warning(self, T_NOT_DRAFT.format())
            return None
        wiz = AllocationWizard(self.book, self)
        wiz.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wiz.span = surplus.parse_span(v.period)
        with self.book.read() as s:
            wiz.figures = surplus.surplus_figures(s, wiz.span)
        wiz.draft = v
        wiz.period_page.set_span(wiz.span)
        wiz.setStartId(AllocationWizard.LINES)
        wiz.open()
        self.last_dialog = wiz
        return wiz

    def discard(self) -> bool:
        v = self._need()
        if v is None:
            return False
        if v.status != "draft":
            show_warning(self, T_NOT_DRAFT.format())
            return False
        answer = QMessageBox.question(self, T_TITLE.format(),
                                      T_CONFIRM_DISCARD.format(period=v.period))  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return (
            write_action(self.book, self, lambda s: surplus.discard_draft(s, v.id) or True) is True
        )

    def pay(self, *, selected: bool = False, lines: list[LineRow] | None = None) -> Any:
        v = self._need()
        if v is None:
            return None
        if lines is None:
            lines = self.lines_view.selected_rows() if selected else list(v.lines)
        dlg = PayoutDialog(self.book, v, lines, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        self.last_dialog = dlg
        return dlg

    def print_sheet(self) -> PrintPreviewDialog | None:
        v = self._need()
        if v is None:
            return None
        self.last_dialog = print_allocation(self.book, v.id, "stipend", self)
        return self.last_dialog  # type: ignore[no-any-return]

    def print_funding(self) -> PrintPreviewDialog | None:
        v = self._need()
        if v is None:
            return None
        self.last_dialog = print_allocation(self.book, v.id, "station", self)
        return self.last_dialog  # type: ignore[no-any-return]

    def print_document(self) -> None:
        self.print_sheet()

    def new_rule(self) -> RuleDialog:
        dlg = RuleDialog(self.book, parent=self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        self.last_dialog = dlg
        return dlg

    def edit_rule(self, row: Any = None) -> RuleDialog | None:
        r = row if isinstance(row, RuleRow) else self.rule_view.current_row()
        if not isinstance(r, RuleRow):
            show_warning(self, T_PICK_RULE.format())
            return None
        dlg = RuleDialog(self.book, r, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        self.last_dialog = dlg
        return dlg

    # menus -----------------------------------------------------------------------------------
    def _add(self, menu: QMenu, text: Text, slot: Any, enabled: bool = True) -> None:
        act = menu.addAction(text.format())
        act.setEnabled(enabled)
        act.triggered.connect(lambda _c=False: slot())

    def _allocation_menu(self, menu: QMenu, rows: list[Any]) -> None:
        self._select_allocation(rows[0].id)
        v = self.current
        if v is None:
            return
        draft = v.status == "draft"
        self._add(menu, T_APPROVE, self.approve, draft)
        self._add(menu, T_DISCARD, self.discard, draft)
        self._add(menu, T_PAY_ALL, self.pay, not draft and v.status != "paid")
        menu.addSeparator()
        self._add(menu, T_PRINT_SHEET, self.print_sheet, v.stipends > 0)
        self._add(menu, T_PRINT_FUNDING, self.print_funding, v.stations > 0)
        self._add(menu, T_WHERE_WENT, lambda: self._trace(v.period))

    def _line_menu(self, menu: QMenu, rows: list[Any]) -> None:
        v = self.current
        if v is None:
            return
        due = [r for r in rows if r.kind != "retained" and r.amount > r.paid]
        self._add(
            menu, T_PAY_SELECTED, lambda: self.pay(lines=due), v.status != "draft" and bool(due)
        )

    def _rule_menu(self, menu: QMenu, rows: list[Any]) -> None:
        self._add(menu, T_EDIT_RULE, lambda: self.edit_rule(rows[0]))
        self._add(menu, T_NEW_RULE, self.new_rule)

    def _trace(self, period: str) -> None:
        self.tabs.setCurrentIndex(self.TRACE)
        self.period_edit.setText(period)
        self.show_report()

    # -- Ctrl+N: a new allocation ---------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            combo = QKeyCombination(event.modifiers(), Qt.Key(event.key()))
            if QKeySequence(combo).matches(QKeySequence(QKeySequence.StandardKey.New)) == (
                QKeySequence.SequenceMatch.ExactMatch
            ):
                event.accept()
                QTimer.singleShot(0, self.new_allocation)
                return True
        return super().event(event)

    def retranslate(self) -> None:
        self.heading.setText(T_TITLE.format())
        for i, t in enumerate((T_TAB_ALLOCATIONS, T_TAB_RULES, T_TAB_TRACE)):
            self.tabs.setTabText(i, t.format())
        for b, t in ((self.new_button, T_NEW), (self.approve_button, T_APPROVE),
                     (self.discard_button, T_DISCARD), (self.pay_all_button, T_PAY_ALL),
                     (self.pay_selected_button, T_PAY_SELECTED), (self.sheet_button, T_PRINT_SHEET),
                     (self.funding_button, T_PRINT_FUNDING), (self.new_rule_button, T_NEW_RULE),
                     (self.edit_rule_button, T_EDIT_RULE), (self.report_button, T_SHOW)):  # fmt: skip
            b.setText(t.format())
        self.period_label.setText(T_PERIOD.format())
        self.period_edit.setPlaceholderText(T_PERIOD_HINT.format())
        self.report_caption.setText(T_WHERE_WENT.format())
        self.grid_caption.setText(T_GRID_WENT.format())
        self.grid_label.setText(T_GRID.format())
        self.year_label.setText(T_YEAR.format())
        for m in (self.model, self.lines_model, self.rule_model, self.trace_model,
                  self.receipt_model):  # fmt: skip
            m.retranslate()
        if self.current is None:
            self.lines_title.setText(T_NO_SELECTION.format())


__all__ = ["ALLOCATION_COLUMNS", "RECEIPT_COLUMNS", "RULE_COLUMNS", "TRACE_COLUMNS", "SurplusPage"]
