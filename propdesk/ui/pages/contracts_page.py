"""合同: the service contracts of every compound through their life — draft, signed behind the
owners' vote, active, expired or terminated, and those running on without a fixed term — with
their notice deadlines and what needs doing; and the trial service periods (先尝后买) with the
services given and their cost."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from propdesk.core.errors import UserError
from propdesk.core.i18n import Text, bilingual
from propdesk.core.money import format_amount
from propdesk.core.periods import fmt_period
from propdesk.services import contract_life, contracts, desk, trial
from propdesk.services.desk import CompoundRow
from propdesk.services.trial import TrialRow
from propdesk.ui.dialogs.contract_dialogs import (
    STATUS,
    UNFIXED,
    ActivateDialog,
    ContractItem,
    DraftContractDialog,
    LinkVoteDialog,
    NoticeDialog,
    RenewDialog,
    ServiceRow,
    SignDialog,
    TerminateDialog,
    TrialDialog,
    TrialServiceDialog,
    contract_items,
    passed_votes,
    trial_services,
)
from propdesk.ui.dialogs.fee_dialogs import T_EDIT_STANDARD, ContractDialog, rates_text
from propdesk.ui.dialogs.kit import (
    ALERT_BRUSH,
    MODE,
    DeskTableModel,
    compound_tab_page,
    label,
    row_menu,
    select_first,
    write_action,
)
from propdesk.ui.errors import show_error
from propdesk.ui.pages.base import Page, PageContext
from propdesk.ui.signals import signals
from propdesk.ui.widgets.table import CENTER, ROW_ROLE, Column, TableView, fmt_date, money_column

T_HEADING = bilingual("合同", "Contracts")
T_COMPOUND = bilingual("小区：", "Compound:")
T_SHOW = bilingual("显示：", "Show:")
T_TAB_CONTRACTS = bilingual("物业服务合同", "Service contracts")
T_TAB_TRIALS = bilingual("试用服务", "Trial service")
NEEDING = "needing"
FILTERS: tuple[tuple[str | None, Text], ...] = (
    (None, bilingual("全部合同", "All contracts")),
    (NEEDING, bilingual("需处理", "Needing action")),
    *((k, t) for k, t in STATUS.items()),
)
T_NEW = bilingual("新建草案…", "New draft…")
T_SIGN = bilingual("签订…", "Sign…")
T_ACTIVATE = bilingual("生效…", "Activate…")
T_NOTICE = bilingual("登记通知…", "Give notice…")
T_DISMISS = bilingual("解聘通知（提前 60 天）…", "Dismissal notice (60 days)…")
T_NON_RENEW = bilingual("不续聘通知（期满前 90 天）…", "Non-renewal notice (90 days)…")
T_TERMINATE = bilingual("解除…", "Terminate…")
T_RENEW = bilingual("续签…", "Renew…")
T_LINK = bilingual("关联授权表决…", "Link the authorising vote…")
T_NO_PASSED_VOTE = bilingual(
    "小区「{compound}」没有尚未使用的已通过选聘表决，无法关联。",
    'Compound "{compound}" has no unused passed vote hiring the property company to link.',
)
T_EXPIRE = bilingual("标记到期", "Mark expired")
T_DETAILS = bilingual("查看详情", "Details")
T_NEW_TRIAL = bilingual("新增试运行期…", "New trial period…")
T_SERVICE = bilingual("登记服务及成本…", "Record a service and its cost…")
T_NEEDING = bilingual(
    "{count} 份合同需要处理（红色标出），可在「显示」中选择「需处理」。",
    "{count} contract(s) need action (in red); choose “Needing action” under Show.",
)
T_CHOOSE = bilingual("请先在列表中选择一份合同。", "Choose a contract in the list first.")
T_NOT_DRAFT = bilingual(
    "合同 {number} 不是草拟状态，不能签订。", "Contract {number} is not a draft."
)
T_SIGNED_OK = bilingual("合同 {number} 已签订。", "Contract {number} signed.")
T_REFUSED = bilingual("未签订：{message}", "Not signed: {message}")
T_EXPIRED = bilingual("已标记为到期：{numbers}", "Marked expired: {numbers}")
T_NONE_EXPIRED = bilingual(
    "没有需要标记为到期的合同（期满且已有续聘或不续聘决定的合同才会标记）。",
    "No contract to mark expired (only those past their end with a decision are).",
)
T_CHOOSE_TRIAL = bilingual("请先选择一个试运行期。", "Choose a trial period first.")
T_SERVICES = bilingual(
    "试运行服务：{compound} {start} 至 {end}（{count} 次，成本 {cost}）",
    "Services of the trial: {compound} {start} to {end} ({count}, cost {cost})",
)
T_SERVICES_NONE = bilingual("试运行服务", "Services of the trial")
T_NO_CONTRACT = bilingual("（未选择合同）", "(no contract chosen)")
# the detail panel
D_NUMBER = bilingual("合同编号", "Number")
D_COMPOUND = bilingual("小区", "Compound")
D_STATUS = bilingual("状态", "Status")
D_TERM = bilingual("合同期", "Term")
D_SIGNED = bilingual("签订日期", "Signed on")
D_VOTE = bilingual("授权表决", "Authorising vote")
D_NO_VOTE = bilingual("无（表决前录入的合同）", "none (entered before vote gating)")
D_BILLING = bilingual("开始计费", "Billed from")
D_MODE = bilingual("模式", "Mode")
D_RATES = bilingual("物业费单价", "Service fee")
D_RENEWS = bilingual("续签自", "Renews")
D_ENDED = bilingual("终止/到期日", "Ended on")
D_DEADLINE = bilingual("不续聘通知截止", "Non-renewal notice by")
D_NOTICES = bilingual("书面通知", "Written notices")
D_ACTION = bilingual("待处理", "To do")
D_NOTES = bilingual("备注", "Notes")
T_NONE = bilingual("无", "none")

CONTRACT_COLUMNS = (
    Column("compound", bilingual("小区", "Compound")),
    Column("number", bilingual("合同编号", "Number")),
    Column("shown", bilingual("状态", "Status"), align=CENTER, fmt=lambda v: label(STATUS, v)),
    Column("start", bilingual("开始日期", "Starts"), align=CENTER, fmt=fmt_date),
    Column("end", bilingual("终止日期", "Ends"), align=CENTER, fmt=fmt_date),
    Column("deadlines", bilingual("通知期限", "Notice deadlines"), value=lambda c: c.deadlines()),
    Column("vote", bilingual("授权表决", "Vote"), align=CENTER, value=lambda c: c.vote_id,
           fmt=lambda v: f"#{v}" if v is not None else ""),
    Column("signed_on", bilingual("签订日期", "Signed"), align=CENTER, fmt=fmt_date, hidden=True),
    Column("action", bilingual("待处理事项", "To do"), stretch=True,
           value=lambda c: c.action.text if c.action is not None else ""),
)  # fmt: skip

TRIAL_COLUMNS = (
    Column("compound", bilingual("小区", "Compound")),
    Column("start", bilingual("开始日期", "Starts"), align=CENTER, fmt=fmt_date),
    Column("end", bilingual("结束日期", "Ends"), align=CENTER, fmt=fmt_date),
    Column("services", bilingual("服务次数", "Services"), align=CENTER),
    money_column("cost", bilingual("服务成本", "Cost")),
    Column("notes", bilingual("说明", "Notes"), stretch=True),
)

SERVICE_COLUMNS = (
    Column("date", bilingual("服务日期", "Date"), align=CENTER, fmt=fmt_date),
    Column("kind", bilingual("服务类型", "Kind"), fmt=lambda k: label(trial.SERVICE_KINDS, k)),
    Column("description", bilingual("服务内容", "Service"), stretch=True),
    money_column("cost", bilingual("成本", "Cost")),
    Column("voucher", bilingual("记账凭证", "Voucher")),
)


def contract_model(parent: Any = None) -> DeskTableModel:
    """The contracts; those needing action are shaded red with the reason as a tooltip."""
    return DeskTableModel(
        CONTRACT_COLUMNS, parent,
        background=lambda c: ALERT_BRUSH if c.action is not None else None,
        tooltip=lambda c: c.action.text if c.action is not None else "",
    )  # fmt: skip


class ContractsPage(Page):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.today: Callable[[], date] = date.today
        self.compounds: list[CompoundRow] = []
        self.items: list[ContractItem] = []
        self.trials: list[TrialRow] = []
        self.dialog: Any = None  # the last dialog opened (tests, screenshots)

        compound_tab_page(self, [lambda: self._contracts_tab(ctx), lambda: self._trials_tab(ctx)])
        self.retranslate()
        self._update_buttons()

    # building --------------------------------------------------------------------------------
    def _button(self, slot: Callable[[], object]) -> QPushButton:
        b = QPushButton()
        b.clicked.connect(lambda _c=False: slot())
        return b

    def _contracts_tab(self, ctx: PageContext) -> QWidget:
        w = QWidget()
        self.filter_label = QLabel()
        self.filter = QComboBox()
        for key, _t in FILTERS:
            self.filter.addItem("", key)
        self.filter_label.setBuddy(self.filter)
        self.filter.currentIndexChanged.connect(lambda _i: self._show_contracts())
        self.new_button = self._button(self.new_draft)
        self.sign_button = self._button(self.sign)
        self.activate_button = self._button(self.activate)
        self.notice_button = self._button(self.give_notice)
        self.terminate_button = self._button(self.terminate)
        self.renew_button = self._button(self.renew)
        self.expire_button = self._button(self.expire)
        self.model = contract_model(self)
        self.view = TableView(self.model, self, name="contract_life", state_store=ctx.settings)
        self.view.activated.connect(lambda c: self.show_details(c))
        self.view.table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._on_row(cur)
        )
        row_menu(self.view, self._contract_menu)
        self.detail = QLabel()
        self.detail.setObjectName("contractDetail")
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMargin(8)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.detail)
        scroll.setMinimumHeight(120)
        # the details below the list: the list keeps the full width for its columns
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([420, 220])
        split.setChildrenCollapsible(False)
        top = QHBoxLayout()
        top.addWidget(self.filter_label)
        top.addWidget(self.filter)
        top.addStretch(1)
        for b in (self.new_button, self.sign_button, self.activate_button, self.notice_button,
                  self.terminate_button, self.renew_button, self.expire_button):  # fmt: skip
            top.addWidget(b)
        col = QVBoxLayout(w)
        col.addLayout(top)
        col.addWidget(split, 1)
        return w

    def _trials_tab(self, ctx: PageContext) -> QWidget:
        w = QWidget()
        self.new_trial_button = self._button(self.new_trial)
        self.service_button = self._button(lambda: self.record_service())
        self.trial_model = DeskTableModel(TRIAL_COLUMNS, self)
        self.trial_view = TableView(self.trial_model, self, name="trials", state_store=ctx.settings)
        self.trial_view.activated.connect(lambda r: self.record_service(r))
        self.trial_view.table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._show_services()
        )
        row_menu(self.trial_view, self._trial_menu)
        self.services_title = QLabel()
        self.services_title.setObjectName("statCaption")
        self.service_model = DeskTableModel(SERVICE_COLUMNS, self)
        self.service_view = TableView(
            self.service_model, self, name="trial_services", state_store=ctx.settings
        )
        lower = QWidget()
        lcol = QVBoxLayout(lower)
        lcol.setContentsMargins(0, 0, 0, 0)
        lcol.addWidget(self.services_title)
        lcol.addWidget(self.service_view, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.trial_view)
        split.addWidget(lower)
        split.setChildrenCollapsible(False)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.new_trial_button)
        top.addWidget(self.service_button)
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
            self.items = contract_items(s, self.today(), cid)
            self.trials = trial.list_trials(s, cid)
        self._show_contracts()
        keep = self.current_trial()
        self.trial_model.set_rows(self.trials)
        self._select(self.trial_view, keep.id if keep is not None else None)
        if self.current_trial() is None:  # its services show without a click
            select_first(self.trial_view)
        self._show_services()
        needing = sum(1 for c in self.items if c.action is not None)
        self._say(T_NEEDING.format(count=needing) if needing else "")

    def _show_contracts(self) -> None:
        keep = self.current()
        want = self.filter.currentData()
        rows = self.items
        if want == NEEDING:
            rows = [c for c in rows if c.action is not None]
        elif want is not None:
            rows = [c for c in rows if c.shown == want]
        self.model.set_rows(rows)
        self._select(self.view, keep.id if keep is not None else None)
        self._show_detail()
        self._update_buttons()

    @staticmethod
    def _select(view: TableView, row_id: int | None) -> None:
        for r in range(view.proxy.rowCount()):
            row = view.proxy.index(r, 0).data(ROW_ROLE)
            if row is not None and row.id == row_id:
                view.table.setCurrentIndex(view.proxy.index(r, 0))
                view.table.selectRow(r)
                return

    def select_contract(self, number: str) -> ContractItem | None:
        for r in range(self.view.proxy.rowCount()):
            row = self.view.proxy.index(r, 0).data(ROW_ROLE)
            if row is not None and row.number == number:
                self.view.table.setCurrentIndex(self.view.proxy.index(r, 0))
                self.view.table.selectRow(r)
                return row  # type: ignore[no-any-return]
        return None

    def current(self) -> ContractItem | None:
        row = self.view.current_row() if hasattr(self, "view") else None
        return row if isinstance(row, ContractItem) else None

    def current_trial(self) -> TrialRow | None:
        row = self.trial_view.current_row() if hasattr(self, "trial_view") else None
        return row if isinstance(row, TrialRow) else None

    def _on_row(self, _index: Any) -> None:
        self._show_detail()
        self._update_buttons()

    def _update_buttons(self) -> None:
        c = self.current()
        status = c.status if c is not None else None
        self.sign_button.setEnabled(status == "draft")
        self.activate_button.setEnabled(status == "signed")
        self.notice_button.setEnabled(status in ("signed", "active"))
        self.terminate_button.setEnabled(status in ("draft", "signed", "active"))
        self.renew_button.setEnabled(status in ("signed", "active"))
        self.service_button.setEnabled(self.current_trial() is not None)

    def _show_detail(self) -> None:
        c = self.current()
        if c is None:
            self.detail.setText(f"<p style='color:#8a8f98'>{escape(T_NO_CONTRACT.format())}</p>")
            return
        r = c.row
        rows: list[tuple[Text, str]] = [
            (D_NUMBER, r.number),
            (D_COMPOUND, r.compound),
            (D_STATUS, label(STATUS, c.shown)),
            (D_TERM, f"{r.start.isoformat()} ~ {r.end.isoformat()}"),
            (D_SIGNED, fmt_date(c.signed_on)),
            (D_VOTE, f"#{c.vote_id}" if c.vote_id is not None
             else (D_NO_VOTE.format() if r.status not in ("draft",) else "")),
            (D_BILLING, fmt_period(r.billing_start)),
            (D_MODE, label(MODE, r.mode)),
            (D_RATES, rates_text(r.rates)),
        ]  # fmt: skip
        if c.renewal_of:
            rows.append((D_RENEWS, c.renewal_of))
        if c.ended_on is not None:
            rows.append((D_ENDED, c.ended_on.isoformat()))
        if r.status in ("signed", "active") and c.shown != UNFIXED:
            rows.append((D_DEADLINE, c.non_renewal_deadline.isoformat()))
        rows.append((D_NOTICES, "<br>".join(escape(n.line()) for n in c.notices)
                     or T_NONE.format()))  # fmt: skip
        if c.action is not None:
            rows.append((D_ACTION, f"<span style='color:#b3261e'>{escape(c.action.text)}</span>"))
        if r.notes:
            rows.append((D_NOTES, r.notes))
        cells = [
            f"<td style='color:#5f6368;padding-right:8px;white-space:nowrap'>"
            f"{escape(k.format())}</td><td style='padding-right:24px'>"
            f"{v if k in (D_NOTICES, D_ACTION) else escape(v)}</td>"
            for k, v in rows
        ]
        half = (len(cells) + 1) // 2  # two columns of captions and values, read downwards
        left, right = (
            cells[:half],
            cells[half:] + ["<td></td><td></td>"] * (half - len(cells[half:])),
        )
        html = "".join(f"<tr>{a}{b}</tr>" for a, b in zip(left, right, strict=True))
        self.detail.setText(f"<table cellspacing='3'>{html}</table>")

    def detail_text(self) -> str:
        """What the detail panel shows, as plain text (tests)."""
        from PySide6.QtGui import QTextDocument

        doc = QTextDocument()
        doc.setHtml(self.detail.text())
        return doc.toPlainText()

    def _show_services(self) -> None:
        t = self.current_trial()
        rows: list[ServiceRow] = []
        if t is not None:
            with self.book.read() as s:
                rows = trial_services(s, t.id)
            self.services_title.setText(T_SERVICES.format(
                compound=t.compound, start=t.start, end=t.end, count=t.services,
                cost=format_amount(t.cost)))  # fmt: skip
        else:
            self.services_title.setText(T_SERVICES_NONE.format())
        self.service_model.set_rows(rows)
        if hasattr(self, "sign_button"):
            self._update_buttons()

    def _say(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def _need(self, item: ContractItem | None) -> ContractItem | None:
        item = item or self.current()
        if item is None:
            self._say(T_CHOOSE.format())
        return item

    def _open(self, dlg: Any) -> Any:
        self.dialog = dlg
        dlg.open()
        return dlg

    # contracts -------------------------------------------------------------------------------
    def new_draft(self) -> DraftContractDialog:
        """新建草案 for the compound chosen at the top, else the current contract's."""
        cid = self.compound.compound_id()
        if cid is None and (c := self.current()) is not None:
            cid = c.compound_id
        return self._open(DraftContractDialog(self.book, self.compounds, cid, self))  # type: ignore[no-any-return]

    def edit_standard(self, item: ContractItem | None = None) -> ContractDialog | None:
        """修改收费标准 of a contract nothing was billed under yet (a draft, mostly); the form
        saves against the version shown, so another clerk's change meanwhile is kept."""
        item = item or self.current()
        if item is None:
            return None
        dlg = ContractDialog(self.book, self.compounds, parent=self, contract=item.row)
        return self._open(dlg)  # type: ignore[no-any-return]

    def show_details(self, item: ContractItem) -> None:
        self.select_contract(item.number)
        self._show_detail()

    def sign(self, item: ContractItem | None = None) -> SignDialog | None:
        """签订: choose the passed vote; with none, the refusal says which vote is missing."""
        item = self._need(item)
        if item is None:
            return None
        if item.status != "draft":
            self._say(T_NOT_DRAFT.format(number=item.number))
            return None
        with self.book.read() as s:
            choices = passed_votes(s, item.compound_id)
        if not choices:
            self._refused_sign(item)
            return None
        return self._open(SignDialog(self.book, item, choices, self))  # type: ignore[no-any-return]

    def link_vote(self, item: ContractItem | None = None) -> LinkVoteDialog | None:
        """关联表决: a contract entered before the vote gate (signed or active, no vote) gets the
        passed hire-manager vote that authorised it."""
        item = self._need(item)
        if item is None:
            return None
        with self.book.read() as s:
            choices = passed_votes(s, item.compound_id)
        if not choices:
            self._say(T_NO_PASSED_VOTE.format(compound=item.row.compound))
            return None
        return self._open(LinkVoteDialog(self.book, item, choices, self))  # type: ignore[no-any-return]

    def _refused_sign(self, item: ContractItem) -> None:
        """Ask the service itself (it names the missing vote); a refusal writes nothing."""
        try:
            with self.book.write() as s:
                c = contracts.contract_by_number(s, item.number)
                contract_life.sign_contract(s, c, None, self.today())
        except UserError as exc:
            self._say(T_REFUSED.format(message=exc.message))
            show_error(exc, self)
            return
        except Exception as exc:
            show_error(exc, self)
            return
        self._say(T_SIGNED_OK.format(number=item.number))
        signals().data_changed.emit()

    def activate(self, item: ContractItem | None = None) -> ActivateDialog | None:
        item = self._need(item)
        if item is None or item.status != "signed":
            return None
        return self._open(ActivateDialog(self.book, item, self))  # type: ignore[no-any-return]

    def give_notice(
        self, item: ContractItem | None = None, kind: str | None = None
    ) -> NoticeDialog | None:
        item = self._need(item)
        if item is None or item.status not in ("signed", "active"):
            return None
        with self.book.read() as s:
            choices = passed_votes(s, item.compound_id, unused=False)
        dlg = NoticeDialog(self.book, item, choices, self, kind=kind, today=self.today())
        return self._open(dlg)  # type: ignore[no-any-return]

    def terminate(self, item: ContractItem | None = None) -> TerminateDialog | None:
        item = self._need(item)
        if item is None or item.status not in ("draft", "signed", "active"):
            return None
        return self._open(TerminateDialog(self.book, item, self))  # type: ignore[no-any-return]

    def renew(self, item: ContractItem | None = None) -> RenewDialog | None:
        item = self._need(item)
        if item is None or item.status not in ("signed", "active"):
            return None
        return self._open(RenewDialog(self.book, item, self))  # type: ignore[no-any-return]

    def expire(self) -> list[str] | None:
        """标记到期: the contracts past their end whose end was decided."""
        today = self.today()
        done = write_action(self.book, self, lambda s: contract_life.expire_contracts(s, today))
        if done is not None:
            self._say(
                T_EXPIRED.format(numbers="、".join(done)) if done else T_NONE_EXPIRED.format()
            )
        return done

    def _contract_menu(self, menu: QMenu, rows: list[ContractItem]) -> None:
        c = rows[0]
        self.select_contract(c.number)
        st = c.status
        self._add(menu, T_DETAILS, lambda: self.show_details(c))
        menu.addSeparator()
        self._add(menu, T_EDIT_STANDARD, lambda: self.edit_standard(c), st in ("draft", "signed"))
        self._add(menu, T_SIGN, lambda: self.sign(c), st == "draft")
        self._add(menu, T_ACTIVATE, lambda: self.activate(c), st == "signed")
        live = st in ("signed", "active")
        self._add(menu, T_DISMISS, lambda: self.give_notice(c, "dismissal"), live)
        self._add(menu, T_NON_RENEW, lambda: self.give_notice(c, "non_renewal"), live)
        self._add(menu, T_NOTICE, lambda: self.give_notice(c), live)
        self._add(menu, T_RENEW, lambda: self.renew(c), live)
        self._add(menu, T_LINK, lambda: self.link_vote(c), st != "draft" and c.vote_id is None)
        menu.addSeparator()
        self._add(menu, T_TERMINATE, lambda: self.terminate(c), st in ("draft", "signed", "active"))
        menu.addSeparator()
        self._add(menu, T_NEW, self.new_draft)

    # trials ----------------------------------------------------------------------------------
    def new_trial(self) -> TrialDialog:
        return self._open(  # type: ignore[no-any-return]
            TrialDialog(self.book, self.compounds, self.compound.compound_id(), self)
        )

    def record_service(self, row: TrialRow | None = None) -> TrialServiceDialog | None:
        row = row or self.current_trial()
        if row is None:
            self._say(T_CHOOSE_TRIAL.format())
            return None
        return self._open(TrialServiceDialog(self.book, row, self))  # type: ignore[no-any-return]

    def _trial_menu(self, menu: QMenu, rows: list[TrialRow]) -> None:
        r = rows[0]
        self._add(menu, T_SERVICE, lambda: self.record_service(r))
        self._add(menu, T_NEW_TRIAL, self.new_trial)

    # --------------------------------------------------------------------------------------
    def _add(self, menu: QMenu, text: Text, slot: Any, enabled: bool = True) -> QAction:
        act = menu.addAction(text.format())
        act.setEnabled(enabled)
        act.triggered.connect(lambda _c=False: slot())
        return act

    def retranslate(self) -> None:
        self.heading.setText(T_HEADING.format())
        self.compound_label.setText(T_COMPOUND.format())
        self.compound.retranslate()
        self.tabs.setTabText(0, T_TAB_CONTRACTS.format())
        self.tabs.setTabText(1, T_TAB_TRIALS.format())
        self.filter_label.setText(T_SHOW.format())
        for i, (_k, t) in enumerate(FILTERS):
            self.filter.setItemText(i, t.format())
        for b, t in ((self.new_button, T_NEW), (self.sign_button, T_SIGN),
                     (self.activate_button, T_ACTIVATE), (self.notice_button, T_NOTICE),
                     (self.terminate_button, T_TERMINATE), (self.renew_button, T_RENEW),
                     (self.expire_button, T_EXPIRE), (self.new_trial_button, T_NEW_TRIAL),
                     (self.service_button, T_SERVICE)):  # fmt: skip
            b.setText(t.format())
        for m in (self.model, self.trial_model, self.service_model):
            m.retranslate()
        self._show_detail()
        self._show_services()
