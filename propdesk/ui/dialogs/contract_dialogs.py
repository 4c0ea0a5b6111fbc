"""合同 dialogs and rows: the contract list with its status and notice deadlines, and the steps of a
contract's life (new draft, sign behind a vote, activate, notice, terminate, renew), trial
service periods and the services given in them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget
from sqlalchemy import select

from propdesk.core import votes as core
from propdesk.core.errors import UserError
from propdesk.core.i18n import Text, bilingual
from propdesk.core.money import format_amount
from propdesk.core.periods import fmt_period
from propdesk.db.models import Contract, TrialService, Vote, Voucher
from propdesk.db.store import Book
from propdesk.services import contract_life, contracts, desk, trial
from propdesk.services.contract_life import NON_RENEWAL_DAYS, ContractAction
from propdesk.services.desk import CompoundRow, ContractRow
from propdesk.ui.dialogs.fee_dialogs import ContractDialog
from propdesk.ui.dialogs.form import FormDialog, parse_money
from propdesk.ui.dialogs.kit import CompoundCombo
from propdesk.ui.widgets.date_edit import DateEdit
from propdesk.ui.widgets.money_edit import MoneyEdit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# the statuses as the page shows them; an active contract past its end with no decision runs on
# without a fixed term (Civil Code 948): 不定期
UNFIXED = "unfixed"
STATUS: dict[str, Text] = {
    "draft": bilingual("草拟", "Draft"),
    "signed": bilingual("已签订", "Signed"),
    "active": bilingual("履行中", "Active"),
    "expired": bilingual("已到期", "Expired"),
    "terminated": bilingual("已终止", "Terminated"),
    UNFIXED: bilingual("不定期", "Unfixed term"),
}
NOTICE_SHORT: dict[str, Text] = {
    "dismissal": bilingual("解聘通知（提前 60 天）", "Dismissal (60 days' notice)"),
    "non_renewal": bilingual("不续聘通知（期满前 90 天）", "Non-renewal (90 days before the end)"),
    "termination": bilingual("解除不定期合同（提前 60 天）", "Ending an unfixed term (60 days)"),
}
NOTICE_NAME: dict[str, Text] = {
    "dismissal": bilingual("解聘通知", "dismissal"),
    "non_renewal": bilingual("不续聘通知", "non-renewal"),
    "termination": bilingual("解除通知", "termination"),
}
PARTY: dict[str, Text] = {
    "owners": bilingual("业主（业主共同决定）", "The owners (by their vote)"),
    "company": bilingual("物业公司", "The company"),
}
T_REQUIRED = bilingual("必填", "required")
T_NOTICE_LINE = bilingual(
    "{kind}：{given} 发出，{effective} 生效", "{kind}: given {given}, effective {effective}"
)
T_NON_RENEWAL_BY = bilingual("不续聘通知截止 {date}", "Non-renewal notice by {date}")
T_NOTICE_BY = bilingual("已通知：{kind} {effective} 生效", "Noticed: {kind} effective {effective}")
T_VOTE_ITEM = bilingual(
    "表决 {id}：{title}（{closed} 结束，通过）", "Vote {id}: {title} (closed {closed}, passed)"
)
# dialogs
T_DRAFT_TITLE = bilingual("新建合同草案", "New draft contract")
T_DRAFT_NOTE = bilingual(
    "草案不计费；须经业主表决（选聘和解聘物业服务企业）通过后才能签订。",
    "A draft is not billed; it can be signed once the owners' hire-manager vote has passed.",
)
T_SIGN_TITLE = bilingual("签订合同 {number}", "Sign contract {number}")
T_SIGN_VOTE = bilingual("授权表决：", "Authorising vote:")
T_SIGN_ON = bilingual("签订日期：", "Signed on:")
T_LINK_TITLE = bilingual("关联授权表决 {number}", "Link the authorising vote: {number}")
T_LINK_NOTE = bilingual(
    "本合同在表决关联功能之前录入，尚未记录授权它的业主表决。请选择已通过的选聘物业服务人表决；"
    "一次表决只能授权一份合同。",
    "This contract was entered before contracts were tied to votes and names no authorising"
    " vote. Choose the passed vote hiring the property company; one vote authorises one"
    " contract.",
)
T_ACTIVATE_TITLE = bilingual("合同 {number} 生效", "Activate contract {number}")
T_ACTIVATE_ON = bilingual("生效日期：", "Active from:")
T_ACTIVATE_NOTE = bilingual(
    "生效后按合同的收费标准自 {billing} 起计费。", "Once active it is billed from {billing}."
)
T_NOTICE_TITLE = bilingual("登记书面通知 — 合同 {number}", "Written notice — contract {number}")
T_NOTICE_KIND = bilingual("通知类型：", "Kind of notice:")
T_NOTICE_GIVEN = bilingual("发出日期：", "Given on:")
T_NOTICE_EFFECTIVE = bilingual("生效日期：", "Takes effect:")
T_NOTICE_VOTE = bilingual("业主表决：", "Owners' vote:")
T_NOTICE_PARTY = bilingual("通知方：", "Notified by:")
T_NOTICE_TEXT = bilingual("通知内容：", "Text:")
T_NOTICE_HINT = {
    "dismissal": bilingual(
        "业主共同决定解聘物业公司，须提前 60 天书面通知（民法典第九百四十六条），须另有一项已通过的"
        "「选聘和解聘物业服务企业」表决。最早生效日：{earliest}。",
        "The owners dismiss the company with 60 days' written notice (Civil Code 946), on a "
        "separate passed hire-manager vote. Earliest effective date: {earliest}.",
    ),
    "non_renewal": bilingual(
        "物业公司不续聘，应在合同期满（{end}）前 90 天、即 {deadline} 前书面通知业主（民法典第九百四十七条）；"
        "通知于期满日生效。",
        "The company not renewing notifies the owners 90 days before the contract ends ({end}), "
        "by {deadline} (Civil Code 947); it takes effect at the end.",
    ),
    "termination": bilingual(
        "合同已于 {end} 期满并按不定期合同继续履行，任何一方可提前 60 天书面通知解除（民法典第九百四十八条）。"
        "最早生效日：{earliest}。",
        "The contract ended on {end} and runs on without a fixed term; either side may end it "
        "with 60 days' written notice (Civil Code 948). Earliest effective date: {earliest}.",
    ),
}
T_NO_VOTE_CHOICE = bilingual("（本小区最近一次通过的表决）", "(the compound's latest passed vote)")
T_TERMINATE_TITLE = bilingual("解除合同 {number}", "Terminate contract {number}")
T_TERMINATE_ON = bilingual("解除日期：", "Terminated on:")
T_TERMINATE_REASON = bilingual("原因：", "Reason:")
T_TERMINATE_AGREED = bilingual("双方协商一致解除", "Ended by the parties' agreement")
T_TERMINATE_NOTE = bilingual(
    "履行中的合同须先登记已生效的解聘或解除通知，或由双方协商一致解除。",
    "A contract in force needs a dismissal or termination notice in effect, or the parties' agreement.",
)
T_RENEW_TITLE = bilingual("续签合同 {number}", "Renew contract {number}")
T_RENEW_NUMBER = bilingual("新合同编号：", "New contract number:")
T_RENEW_START = bilingual("开始日期：", "Starts:")
T_RENEW_END = bilingual("终止日期：", "Ends:")
T_RENEW_NOTE = bilingual(
    "续签合同沿用原合同的收费标准，作为草案保存，须经新的业主表决通过后签订。",
    "The renewal keeps the old fee terms and is saved as a draft, to be signed after a new vote.",
)
T_TRIAL_TITLE = bilingual("新增试运行期（先尝后买）", "New trial period")
T_TRIAL_COMPOUND = bilingual("小区：", "Compound:")
T_TRIAL_START = bilingual("开始日期：", "Starts:")
T_TRIAL_END = bilingual("结束日期：", "Ends:")
T_TRIAL_NOTES = bilingual("说明：", "Notes:")
T_TRIAL_NOTE = bilingual(
    "试运行期间免费服务，不收取物业费；服务成本计入公司费用（主营业务成本—试运行服务成本）。",
    "Service in a trial is free: nothing is billed; its costs are the company's expense.",
)
T_SERVICE_TITLE = bilingual("登记试运行服务 — {compound}", "Trial service — {compound}")
T_SERVICE_DATE = bilingual("服务日期：", "Date:")
T_SERVICE_KIND = bilingual("服务类型：", "Kind:")
T_SERVICE_DESC = bilingual("服务内容：", "Service given:")
T_SERVICE_COST = bilingual("成本（元）：", "Cost (yuan):")
T_SERVICE_PAID = bilingual("支付方式：", "Paid from:")
T_COST_FIELD = bilingual("成本", "Cost")
PAID_FROM: dict[str, Text] = {
    "bank": bilingual("银行存款", "Bank"),
    "cash": bilingual("库存现金", "Cash"),
}


# -- rows -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class NoticeRow:
    kind: str
    party: str
    given_on: date
    effective_on: date
    vote_id: int | None
    text: str

    def line(self) -> str:
        return T_NOTICE_LINE.format(kind=contract_life.NOTICE_KINDS[self.kind].format(),
                                    given=self.given_on, effective=self.effective_on)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ContractItem:
    """A contract as the 合同 page lists it: the fee row, its life and what needs doing."""

    row: ContractRow
    shown: str  # a STATUS key: the stored status, or UNFIXED
    vote_id: int | None
    signed_on: date | None
    ended_on: date | None
    renewal_of: str | None
    notices: tuple[NoticeRow, ...]
    action: ContractAction | None

    @property
    def id(self) -> int:
        return self.row.id

    @property
    def compound_id(self) -> int:
        return self.row.compound_id

    @property
    def compound(self) -> str:
        return self.row.compound

    @property
    def number(self) -> str:
        return self.row.number

    @property
    def status(self) -> str:
        return self.row.status

    @property
    def start(self) -> date:
        return self.row.start

    @property
    def end(self) -> date:
        return self.row.end

    @property
    def non_renewal_deadline(self) -> date:
        return self.row.end - timedelta(days=NON_RENEWAL_DAYS)

    def deadlines(self) -> str:
        """The notice deadlines a secretary watches: a notice given, or the 90-day date."""
        if self.notices:
            n = self.notices[-1]
            return T_NOTICE_BY.format(kind=NOTICE_NAME[n.kind].format(), effective=n.effective_on)
        if self.status in ("signed", "active") and self.shown != UNFIXED:
            return T_NON_RENEWAL_BY.format(date=self.non_renewal_deadline)
        return ""


def contract_items(
    session: Session, today: date, compound_id: int | None = None
) -> list[ContractItem]:
    rows = desk.contract_rows(session, compound_id)
    actions = {a.number: a for a in contract_life.contracts_needing_action(session, today)}
    by_id = {c.id: c for c in session.execute(select(Contract)).scalars()}
    out = []
    for r in rows:
        c = by_id[r.id]
        notices = tuple(
            NoticeRow(n.kind, n.party, n.given_on, n.effective_on, n.vote_id, n.text)
            for n in contract_life.notices(session, c)
        )
        action = actions.get(r.number)
        shown = UNFIXED if action is not None and action.kind == "unfixed_term" else r.status
        old = by_id.get(c.renewal_of_id) if c.renewal_of_id is not None else None
        out.append(ContractItem(r, shown, c.vote_id, c.signed_on, c.ended_on,
                                old.number if old is not None else None, notices, action))  # fmt: skip
    return out


@dataclass(frozen=True, slots=True)
class VoteChoice:
    id: int
    title: str
    closed_on: date

    def text(self) -> str:
        return T_VOTE_ITEM.format(id=self.id, title=self.title, closed=self.closed_on)


def passed_votes(session: Session, compound_id: int, *, unused: bool = True) -> list[VoteChoice]:
    """Closed, passed hire-manager votes of a compound, newest first; with `unused`, only those
    that authorise no contract yet (one vote, one contract)."""
    q = select(Vote).where(
        Vote.compound_id == compound_id, Vote.matter == core.HIRE_MANAGER,
        Vote.status == "closed", Vote.passed.is_(True),
    ).order_by(Vote.closed_on.desc(), Vote.id.desc())  # fmt: skip
    if unused:
        q = q.where(Vote.id.not_in(select(Contract.vote_id).where(Contract.vote_id.is_not(None))))
    return [VoteChoice(v.id, v.title, v.closed_on) for v in session.execute(q).scalars()
            if v.closed_on is not None]  # fmt: skip


@dataclass(frozen=True, slots=True)
class ServiceRow:
    id: int
    trial_id: int
    date: date
    kind: str
    description: str
    cost: int
    voucher_id: int | None
    voucher: str  # 记-12 (2026-03), as the ledger shows it


def trial_services(session: Session, trial_id: int) -> list[ServiceRow]:
    return [
        ServiceRow(t.id, t.trial_id, t.date, t.kind, t.description, int(t.cost), t.voucher_id,
                   f"{word}-{number}（{fmt_period(period)}）" if number is not None else "")
        for t, word, number, period in session.execute(
            select(TrialService, Voucher.word, Voucher.number, Voucher.period)
            .join(Voucher, Voucher.id == TrialService.voucher_id, isouter=True)
            .where(TrialService.trial_id == trial_id)
            .order_by(TrialService.date, TrialService.id)
        )
    ]  # fmt: skip


# -- dialogs ----------------------------------------------------------------------------------
def _vote_combo(choices: list[VoteChoice]) -> QComboBox:
    """The passed votes a contract may rest on, each carrying its id."""
    combo = QComboBox()
    for v in choices:
        combo.addItem(v.text(), v.id)
    return combo


def _note(text: str) -> QLabel:
    lbl = QLabel(text)
    lbl.setObjectName("muted")
    lbl.setWordWrap(True)
    return lbl


class DraftContractDialog(ContractDialog):
    """新建合同草案: the fee-standard form of 收费, saved as a draft for the owners' vote."""

    def __init__(
        self,
        book: Book,
        compounds: list[CompoundRow],
        compound_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(book, compounds, compound_id, parent)
        self.setWindowTitle(T_DRAFT_TITLE.format())
        self.body.insertWidget(0, _note(T_DRAFT_NOTE.format()))

    def save(self, session: Session) -> int:
        cid = self.compound.compound_id()
        assert cid is not None
        compound = desk.compound_by_id(session, cid)
        return contract_life.add_draft(session, compound, self.new_contract()).id


class SignDialog(FormDialog):
    """签订: which passed hire-manager vote authorises the draft, and the day it is signed."""

    def __init__(
        self,
        book: Book,
        item: ContractItem,
        choices: list[VoteChoice],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(book, parent, T_SIGN_TITLE.format(number=item.number))
        self.item = item
        self.vote = _vote_combo(choices)
        latest = max((v.closed_on for v in choices), default=date.today())
        self.on = DateEdit(max(latest, min(date.today(), item.start)))  # after the vote closed
        self.add_field("vote", T_SIGN_VOTE.format(), self.vote)
        self.add_field("on", T_SIGN_ON.format(), self.on)
        self.setMinimumWidth(560)

    def validate(self) -> dict[str, str]:
        return {} if self.vote.currentData() is not None else {"vote": T_REQUIRED.format()}

    def save(self, session: Session) -> Contract:
        c = contracts.contract_by_number(session, self.item.number)
        vote = session.get(Vote, int(self.vote.currentData()))
        return contract_life.sign_contract(session, c, vote, self.on.value())

    def field_of(self, exc: UserError) -> str | None:
        if exc.text is contract_life.T_BEFORE_VOTE:
            return "on"
        if exc.text in (contract_life.T_VOTE_INVALID, contract_life.T_VOTE_USED):
            return "vote"
        return None


class LinkVoteDialog(FormDialog):
    """关联表决: the passed vote that authorised a contract entered before the vote gate."""

    def __init__(
        self,
        book: Book,
        item: ContractItem,
        choices: list[VoteChoice],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(book, parent, T_LINK_TITLE.format(number=item.number))
        self.item = item
        self.body.insertWidget(0, _note(T_LINK_NOTE.format()))
        self.vote = _vote_combo(choices)
        self.add_field("vote", T_SIGN_VOTE.format(), self.vote)
        self.setMinimumWidth(560)

    def validate(self) -> dict[str, str]:
        return {} if self.vote.currentData() is not None else {"vote": T_REQUIRED.format()}

    def save(self, session: Session) -> Contract:
        c = contracts.contract_by_number(session, self.item.number)
        vote = session.get(Vote, int(self.vote.currentData()))
        assert vote is not None
        return contract_life.link_vote(session, c, vote)

    def field_of(self, exc: UserError) -> str | None:
        if exc.text in (contract_life.T_VOTE_INVALID, contract_life.T_VOTE_USED):
            return "vote"
        return None


class ActivateDialog(FormDialog):
    """生效: the day a signed contract comes into force (billed from its billing start)."""

    def __init__(self, book: Book, item: ContractItem, parent: QWidget | None = None) -> None:
        super().__init__(book, parent, T_ACTIVATE_TITLE.format(number=item.number))
        self.item = item
        start = max(item.start, item.signed_on or item.start)
        self.on = DateEdit(start)
        self.add_field("on", T_ACTIVATE_ON.format(), self.on)
        billing = f"{item.row.billing_start // 100}-{item.row.billing_start % 100:02d}"
        self.body.addWidget(_note(T_ACTIVATE_NOTE.format(billing=billing)))

    def save(self, session: Session) -> Contract:
        c = contracts.contract_by_number(session, self.item.number)
        return contract_life.activate_contract(session, c, self.on.value())

    def field_of(self, exc: UserError) -> str | None:
        return "on" if exc.text is contract_life.T_BEFORE_SIGNED else None


class NoticeDialog(FormDialog):
    """登记书面通知: dismissal (the owners, 60 days), non-renewal (the company, 90 days before the
    end) or ending an unfixed-term contract (either side, 60 days)."""

    def __init__(
        self,
        book: Book,
        item: ContractItem,
        choices: list[VoteChoice],
        parent: QWidget | None = None,
        *,
        kind: str | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(book, parent, T_NOTICE_TITLE.format(number=item.number))
        self.item = item
        self.setMinimumWidth(620)
        today = today or date.today()
        self.kind = QComboBox()
        for code, text in NOTICE_SHORT.items():
            self.kind.addItem(text.format(), code)
        default = kind or ("termination" if item.shown == UNFIXED else "non_renewal")
        self.kind.setCurrentIndex(max(0, self.kind.findData(default)))
        self.given = DateEdit(today)
        self.effective = DateEdit(today)
        self.vote = QComboBox()
        self.vote.addItem(T_NO_VOTE_CHOICE.format(), None)
        for v in choices:
            if v.id != item.vote_id:
                self.vote.addItem(v.text(), v.id)
        self.party = QComboBox()
        for code, text in PARTY.items():
            self.party.addItem(text.format(), code)
        self.text = QPlainTextEdit()
        self.text.setMaximumHeight(70)
        self.hint = _note("")
        self.form.addRow(self.hint)
        self.add_field("kind", T_NOTICE_KIND.format(), self.kind)
        self.add_field("given", T_NOTICE_GIVEN.format(), self.given)
        self.add_field("effective", T_NOTICE_EFFECTIVE.format(), self.effective)
        self.add_field("vote", T_NOTICE_VOTE.format(), self.vote)
        self.add_field("party", T_NOTICE_PARTY.format(), self.party)
        self.add_field("text", T_NOTICE_TEXT.format(), self.text)
        self.kind.currentIndexChanged.connect(lambda _i: self._follow())
        self.given.dateChanged.connect(lambda _d: self._follow())
        self.party.currentIndexChanged.connect(lambda _i: self._follow())
        self._follow()

    def notice_kind(self) -> str:
        return str(self.kind.currentData())

    def earliest(self) -> date:
        kind = self.notice_kind()
        if kind == "non_renewal":
            return self.item.end
        days = (contract_life.DISMISSAL_DAYS if kind == "dismissal"
                else contract_life.UNFIXED_TERM_DAYS)  # fmt: skip
        return self.given.value() + timedelta(days=days)

    def _follow(self) -> None:
        """The effective date, the vote and the party follow the kind of notice."""
        kind = self.notice_kind()
        end = self.item.end
        self.effective.set_value(self.earliest())
        self.effective.setEnabled(kind != "non_renewal")
        self.vote.setEnabled(kind == "dismissal" or (kind == "termination" and
                                                     self.party.currentData() == "owners"))  # fmt: skip
        self.party.setEnabled(kind == "termination")
        if kind != "termination":
            self.party.setCurrentIndex(
                self.party.findData("owners" if kind == "dismissal" else "company")
            )
        self.hint.setText(T_NOTICE_HINT[kind].format(
            earliest=self.earliest(), end=end, deadline=end - timedelta(days=NON_RENEWAL_DAYS)))  # fmt: skip

    def validate(self) -> dict[str, str]:
        if self.notice_kind() != "non_renewal" and self.effective.value() < self.earliest():
            days = (contract_life.DISMISSAL_DAYS if self.notice_kind() == "dismissal"
                    else contract_life.UNFIXED_TERM_DAYS)  # fmt: skip
            return {"effective": contract_life.T_NOTICE_SHORT.format(
                days=days, given=self.given.value(), earliest=self.earliest())}  # fmt: skip
        return {}

    def save(self, session: Session) -> int:
        c = contracts.contract_by_number(session, self.item.number)
        kind = self.notice_kind()
        vote_id = self.vote.currentData() if self.vote.isEnabled() else None
        vote = session.get(Vote, int(vote_id)) if vote_id is not None else None
        n = contract_life.give_notice(
            session, c, kind, self.given.value(),
            effective_on=None if kind == "non_renewal" else self.effective.value(),
            vote=vote, party=str(self.party.currentData()) if kind == "termination" else None,
            text=self.text.toPlainText(),
        )  # fmt: skip
        return n.id

    def field_of(self, exc: UserError) -> str | None:
        return {
            id(contract_life.T_NOTICE_SHORT): "effective",
            id(contract_life.T_NON_RENEWAL_LATE): "given",
            id(contract_life.T_FIXED_ENDED): "kind",
            id(contract_life.T_NOT_UNFIXED): "kind",
            id(contract_life.T_NOTICE_EXISTS): "kind",
            id(contract_life.T_OWNERS_VOTE): "vote",
            id(contract_life.T_BEFORE_VOTE): "given",
        }.get(id(exc.text))


class TerminateDialog(FormDialog):
    """解除: the day, the reason, and whether the parties agreed."""

    def __init__(self, book: Book, item: ContractItem, parent: QWidget | None = None) -> None:
        super().__init__(book, parent, T_TERMINATE_TITLE.format(number=item.number))
        self.item = item
        due = [n.effective_on for n in item.notices if n.kind in ("dismissal", "termination")]
        self.on = DateEdit(max(due) if due else date.today())
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.agreed = QCheckBox(T_TERMINATE_AGREED.format())
        self.add_field("on", T_TERMINATE_ON.format(), self.on)
        self.add_field("reason", T_TERMINATE_REASON.format(), self.reason)
        self.add_field("agreed", "", self.agreed)
        if item.status == "active":
            self.body.addWidget(_note(T_TERMINATE_NOTE.format()))

    def validate(self) -> dict[str, str]:
        return {} if self.reason.text().strip() else {"reason": contract_life.T_REASON.format()}

    def save(self, session: Session) -> Contract:
        c = contracts.contract_by_number(session, self.item.number)
        return contract_life.terminate_contract(session, c, self.on.value(),
                                                reason=self.reason.text(),
                                                by_agreement=self.agreed.isChecked())  # fmt: skip


class RenewDialog(FormDialog):
    """续签: a draft with the old contract's fee terms, from the day after it ends."""

    def __init__(self, book: Book, item: ContractItem, parent: QWidget | None = None) -> None:
        super().__init__(book, parent, T_RENEW_TITLE.format(number=item.number))
        self.item = item
        start = item.end + timedelta(days=1)
        self.number = QLineEdit(_next_number(item.number))
        self.number.setMaxLength(64)
        self.start = DateEdit(start)
        try:
            end = start.replace(year=start.year + 3) - timedelta(days=1)
        except ValueError:  # 29 February
            end = start.replace(year=start.year + 3, day=28)
        self.end = DateEdit(end)
        self.add_field("number", T_RENEW_NUMBER.format(), self.number)
        self.add_field("start", T_RENEW_START.format(), self.start)
        self.add_field("end", T_RENEW_END.format(), self.end)
        self.body.addWidget(_note(T_RENEW_NOTE.format()))

    def validate(self) -> dict[str, str]:
        errors = {}
        if not self.number.text().strip():
            errors["number"] = T_REQUIRED.format()
        if self.start.value() <= self.item.end:
            errors["start"] = contract_life.T_RENEW_START.format(end=self.item.end)
        if self.end.value() < self.start.value():
            errors["end"] = contracts.T_BAD_TERM.format(
                start=self.start.value(), end=self.end.value()
            )
        return errors

    def save(self, session: Session) -> Contract:
        old = contracts.contract_by_number(session, self.item.number)
        return contract_life.renew_contract(session, old, self.number.text(),
                                            end=self.end.value(), start=self.start.value())  # fmt: skip

    def field_of(self, exc: UserError) -> str | None:
        return {
            id(contracts.T_NUMBER_EXISTS): "number",
            id(contract_life.T_RENEW_START): "start",
            id(contracts.T_BAD_TERM): "end",
        }.get(id(exc.text))


def _next_number(number: str) -> str:
    """HT-2026-01 -> HT-2026-01-续 (the clerk may change it)."""
    return f"{number}-续"[:64]


class TrialDialog(FormDialog):
    """新增试运行期: a compound served free of charge for a while, before any contract."""

    def __init__(
        self,
        book: Book,
        compounds: list[CompoundRow],
        compound_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(book, parent, T_TRIAL_TITLE.format())
        today = date.today()
        self.compound = CompoundCombo(with_all=False)
        self.compound.fill(compounds)
        self.compound.set_compound_id(compound_id)
        self.start = DateEdit(today)
        self.end = DateEdit(today + timedelta(days=90))
        self.notes = QLineEdit()
        self.add_field("compound", T_TRIAL_COMPOUND.format(), self.compound)
        self.add_field("start", T_TRIAL_START.format(), self.start)
        self.add_field("end", T_TRIAL_END.format(), self.end)
        self.add_field("notes", T_TRIAL_NOTES.format(), self.notes)
        self.body.addWidget(_note(T_TRIAL_NOTE.format()))

    def validate(self) -> dict[str, str]:
        errors = {}
        if self.compound.compound_id() is None:
            errors["compound"] = T_REQUIRED.format()
        if self.end.value() < self.start.value():
            errors["end"] = trial.T_BAD_TERM.format(start=self.start.value(), end=self.end.value())
        return errors

    def save(self, session: Session) -> int:
        cid = self.compound.compound_id()
        assert cid is not None
        compound = desk.compound_by_id(session, cid)
        t = trial.add_trial(session, compound, self.start.value(), self.end.value(),
                            notes=self.notes.text())  # fmt: skip
        return t.id

    def field_of(self, exc: UserError) -> str | None:
        return "start" if exc.text in (trial.T_TRIAL_OVERLAP, trial.T_CONTRACT_OVERLAP) else None


class TrialServiceDialog(FormDialog):
    """登记试运行服务: what was done and what it cost; a cost posts the company's expense."""

    def __init__(self, book: Book, row: trial.TrialRow, parent: QWidget | None = None) -> None:
        super().__init__(book, parent, T_SERVICE_TITLE.format(compound=row.compound))
        self.row = row
        self.on = DateEdit(min(max(date.today(), row.start), row.end))
        self.kind = QComboBox()
        for code, text in trial.SERVICE_KINDS.items():
            self.kind.addItem(text.format(), code)
        self.description = QLineEdit()
        self.description.setMaxLength(200)
        self.cost = MoneyEdit(field=T_COST_FIELD, allow_zero=True)
        self.paid = QComboBox()
        for code, text in PAID_FROM.items():
            self.paid.addItem(text.format(), code)
        self.add_field("date", T_SERVICE_DATE.format(), self.on)
        self.add_field("kind", T_SERVICE_KIND.format(), self.kind)
        self.add_field("description", T_SERVICE_DESC.format(), self.description)
        self.add_field("cost", T_SERVICE_COST.format(), self.cost)
        self.add_field("paid", T_SERVICE_PAID.format(), self.paid)

    def validate(self) -> dict[str, str]:
        errors = {}
        if not self.description.text().strip():
            errors["description"] = trial.T_NO_DESCRIPTION.format()
        _fen, err = parse_money(self.cost, required=False)
        if err is not None:
            errors["cost"] = err
        d = self.on.value()
        if not self.row.start <= d <= self.row.end:
            errors["date"] = trial.T_OUTSIDE.format(date=d, start=self.row.start, end=self.row.end)
        return errors

    def save(self, session: Session) -> int:
        fen, _ = parse_money(self.cost, required=False)
        t = trial.get_trial(session, self.row.id)
        s = trial.record_service(session, t, self.on.value(), str(self.kind.currentData()),
                                 self.description.text(), fen or 0,
                                 paid_from=str(self.paid.currentData()))  # fmt: skip
        return s.id

    def field_of(self, exc: UserError) -> str | None:
        if exc.text is trial.T_OUTSIDE:
            return "date"
        return "cost" if exc.text is trial.T_NEGATIVE else None


def cost_text(fen: int) -> str:
    return format_amount(fen, symbol=False) if fen else ""


__all__ = [
    "NOTICE_SHORT",
    "STATUS",
    "UNFIXED",
    "ActivateDialog",
    "ContractItem",
    "DraftContractDialog",
    "NoticeDialog",
    "RenewDialog",
    "ServiceRow",
    "SignDialog",
    "TerminateDialog",
    "TrialDialog",
    "TrialServiceDialog",
    "VoteChoice",
    "contract_items",
    "cost_text",
    "passed_votes",
    "trial_services",
]
