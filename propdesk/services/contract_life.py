"""The life of a service contract: draft -> signed (only with the owners' vote) -> active ->
expired / terminated, renewals, the written notices of Civil Code 946-948, and what needs doing.

Contracts added directly as active (contracts.add_contract's default, used by the fees code
and older books) carry no vote; they are legacy and `check` allows them. Every contract that
goes through `sign_contract` names the vote that authorised it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from propdesk.core import votes as core
from propdesk.core.errors import UserError
from propdesk.core.i18n import Text, bilingual
from propdesk.core.periods import period_of
from propdesk.db.models import Compound, Contract, ContractNotice, Vote
from propdesk.services import audit, contracts, users
from propdesk.services.contracts import NewContract, NewItem
from propdesk.services.votes import is_passed, require_passed_vote

DISMISSAL_DAYS = 60  # 946: the owners' dismissal, written notice 60 days ahead
NON_RENEWAL_DAYS = 90  # 947: the company not renewing notifies 90 days before expiry
UNFIXED_TERM_DAYS = 60  # 948: either side ends an unfixed-term contract with 60 days' notice
EXPIRY_WARNING_DAYS = 90

STATUSES = {
    "draft": bilingual("草案", "draft"),
    "signed": bilingual("已签订", "signed"),
    "active": bilingual("履行中", "active"),
    "expired": bilingual("已到期", "expired"),
    "terminated": bilingual("已解除", "terminated"),
}
NOTICE_KINDS = {
    "dismissal": bilingual("解聘通知（业主共同决定）", "dismissal notice (owners' decision)"),
    "non_renewal": bilingual("不续聘通知（物业公司）", "non-renewal notice (the company)"),
    "termination": bilingual("解除不定期合同通知", "notice ending an unfixed-term contract"),
}
PARTIES = ("owners", "company")

T_WRONG_STATUS = bilingual(
    "合同 {number} 的状态是「{status}」，不能{action}",
    'contract {number} is "{status}"; it cannot be {action}',
)
T_ACT_SIGN = bilingual("签订", "signed")
T_ACT_ACTIVATE = bilingual("生效", "activated")
T_ACT_NOTICE = bilingual("登记通知", "given notice")
T_ACT_RENEW = bilingual("续签", "renewed")
T_ACT_LINK = bilingual("关联表决", "linked to a vote")
T_VOTE_INVALID = bilingual(
    "表决 {vote} 不能授权签订合同 {number}：须为本小区已结束并通过的「{matter}」表决",
    'vote {vote} cannot authorise contract {number}: it must be a closed, passed "{matter}" '
    "vote of the same compound",
)
T_VOTE_USED = bilingual(
    "表决 {vote} 已授权合同 {other}，续签或另签须重新表决",
    "vote {vote} already authorised contract {other}; a new contract needs a new vote",
)
T_OWNERS_VOTE = bilingual(
    "表决 {vote} 不能作为业主解聘或解除合同 {number} 的依据：须为本小区另行表决、已结束并通过的「{matter}」表决",
    "vote {vote} cannot ground the owners' dismissal or ending of contract {number}: it must be "
    'a separate, closed and passed "{matter}" vote of the same compound',
)
T_BEFORE_VOTE = bilingual(
    "签订日期 {date} 早于表决结束日期 {closed}",
    "signing date {date} is before the vote closed ({closed})",
)
T_BEFORE_SIGNED = bilingual(
    "生效日期 {date} 早于签订日期 {signed}", "activation date {date} is before signing ({signed})"
)
T_REASON = bilingual("请填写原因", "a reason is required")
T_NEED_NOTICE = bilingual(
    "合同 {number} 正在履行，解除须先登记已到期的书面通知（解聘提前 {days} 天，民法典第九百四十六条），"
    "或注明双方协商一致",
    "contract {number} is in force: ending it needs a written notice that has taken effect "
    "({days} days for a dismissal, Civil Code 946), or the parties' agreement",
)
T_NOTICE_SHORT = bilingual(
    "通知须提前 {days} 天：{given} 发出的通知最早于 {earliest} 生效",
    "the notice needs {days} days: given on {given}, it takes effect on {earliest} at the earliest",
)
T_NON_RENEWAL_LATE = bilingual(
    "不续聘应在合同期满（{end}）前 {days} 天、即 {deadline} 前书面通知业主",
    "not renewing must be notified {days} days before the contract ends ({end}), by {deadline}",
)
T_NOT_UNFIXED = bilingual(
    "合同 {number} 尚未期满（{end}），不是不定期合同",
    "contract {number} has not reached its end ({end}); it is not an unfixed-term contract",
)
T_FIXED_ENDED = bilingual(
    "合同 {number} 已于 {end} 期满，按不定期合同继续履行；请登记「解除不定期合同通知」",
    "contract {number} ended on {end} and continues without a fixed term; give a notice "
    "ending an unfixed-term contract instead",
)
T_BAD_NOTICE = bilingual("通知类型「{kind}」无效", 'notice kind "{kind}" is invalid')
T_BAD_PARTY = bilingual("通知方「{party}」无效", 'notifying party "{party}" is invalid')
T_NOTICE_EXISTS = bilingual(
    "合同 {number} 已有{kind}（{given}）", "contract {number} already has a {kind} ({given})"
)
T_RENEW_START = bilingual(
    "续签合同应在原合同期满（{end}）之后开始",
    "a renewal must start after the old contract ends ({end})",
)
T_HAS_VOTE = bilingual(
    "合同 {number} 已关联表决 {vote}", "contract {number} is already linked to vote {vote}"
)
T_RENEWAL_NOTE = bilingual("续签合同 {number}", "renewal of contract {number}")
# what needs doing
T_EXPIRING = bilingual(
    "将于 {end} 期满（{days} 天后），尚无续聘、另聘或不续聘的决定（物业公司不续聘应于 {deadline} 前通知）",
    "ends on {end} ({days} days), with no decision to renew, re-hire or not renew "
    "(the company's non-renewal notice was due by {deadline})",
)
T_UNFIXED = bilingual(
    "已于 {end} 期满，未作续聘或另聘决定，按不定期合同继续履行并计费；任何一方可提前 60 天书面通知解除",
    "ended on {end} with no decision; it continues without a fixed term and is still billed; "
    "either side may end it with 60 days' written notice",
)
T_TO_EXPIRE = bilingual(
    "已于 {end} 期满且已有决定（{decision}），请标记为到期以停止计费",
    "ended on {end} with a decision ({decision}); mark it expired to stop billing",
)
T_TO_TERMINATE = bilingual(
    "{kind}已于 {date} 生效，请办理解除", "the {kind} took effect on {date}; terminate the contract"
)
T_SIGNED_WAITING = bilingual(
    "已签订，尚未生效（合同开始日期 {start}）",
    "signed, not yet active (the term starts on {start})",
)
T_DRAFT_WAITING = bilingual(
    "草案，等待业主表决（选聘和解聘物业服务企业）",
    "draft waiting for the owners' hire-manager vote",
)
T_DRAFT_READY = bilingual(
    "草案，表决 {vote} 已通过，可以签订", "draft; vote {vote} has passed, it can be signed"
)
T_DECIDED_RENEWAL = bilingual("已签订后续合同 {number}", "followed by contract {number}")
T_ACT_TERMINATE = bilingual("解除", "terminated")


def _status_error(c: Contract, action: Text) -> UserError:
    status = STATUSES[c.status].format()
    return UserError(T_WRONG_STATUS, number=c.number, status=status, action=action.format())


# -- draft, sign, activate --------------------------------------------------------------------
def add_draft(session: Session, compound: Compound, new: NewContract) -> Contract:
    """A contract drafted for the owners to vote on; nothing is billed until it is active."""
    return contracts.add_contract(session, compound, new, status="draft")


def _check_vote(session: Session, contract: Contract, vote: Vote) -> None:
    if not is_passed(vote, core.HIRE_MANAGER, contract.compound_id):
        raise UserError(T_VOTE_INVALID, vote=vote.id, number=contract.number,
                        matter=core.MATTERS[core.HIRE_MANAGER].format())  # fmt: skip
    other = session.execute(
        select(Contract.number).where(Contract.vote_id == vote.id, Contract.id != contract.id)
    ).scalar()
    if other is not None:
        raise UserError(T_VOTE_USED, vote=vote.id, other=other)


def _check_overlap(session: Session, contract: Contract) -> None:
    compound = session.get(Compound, contract.compound_id)
    assert compound is not None
    clash = session.execute(
        select(Contract.number).where(
            Contract.compound_id == contract.compound_id,
            Contract.id != contract.id,
            Contract.status.in_(("active", "signed")),
            Contract.start <= contract.end,
            Contract.end >= contract.start,
        )
    ).scalar()
    if clash is not None:
        raise UserError(contracts.T_OVERLAP, compound=compound.name, number=clash)


def sign_contract(session: Session, contract: Contract, vote: Vote | None, on: date) -> Contract:
    """draft -> signed, authorised by a closed, passed hire-manager vote of the compound.

    Without `vote`, the compound's latest such vote is used; with none, the UserError names
    the missing vote. A refusal changes nothing.
    """
    users.require(session, "sign_contract")
    if contract.status != "draft":
        raise _status_error(contract, T_ACT_SIGN)
    if vote is None:
        vote = require_passed_vote(session, contract.compound_id, core.HIRE_MANAGER)
    _check_vote(session, contract, vote)
    assert vote.closed_on is not None
    if on < vote.closed_on:
        raise UserError(T_BEFORE_VOTE, date=on, closed=vote.closed_on)
    _check_overlap(session, contract)
    contract.status = "signed"
    contract.vote_id = vote.id
    contract.signed_on = on
    session.flush()
    audit.record(session, "contract.sign", "contract", contract.number,
                 before={"status": "draft"},
                 after={"status": "signed", "vote": vote.id, "signed_on": on.isoformat()})  # fmt: skip
    return contract


def activate_contract(session: Session, contract: Contract, on: date) -> Contract:
    """signed -> active: billed from its billing start. A renewal ends the contract it renews."""
    users.require(session, "sign_contract")
    if contract.status != "signed":
        raise _status_error(contract, T_ACT_ACTIVATE)
    if contract.signed_on is not None and on < contract.signed_on:
        raise UserError(T_BEFORE_SIGNED, date=on, signed=contract.signed_on)
    _check_overlap(session, contract)
    contract.status = "active"
    if contract.renewal_of_id is not None:
        # the old contract runs to its end (billing takes the newer one from its start on);
        # expire_contracts ends it then, unless it is already over
        old = session.get(Contract, contract.renewal_of_id)
        if old is not None and old.status == "active" and old.end < on:
            old.status = "expired"
            old.ended_on = old.end
            audit.record(session, "contract.expire", "contract", old.number,
                         before={"status": "active"},
                         after={"status": "expired", "ended_on": old.end.isoformat(),
                                "renewed_by": contract.number})  # fmt: skip
    session.flush()
    contracts.forget_terms(session)
    audit.record(session, "contract.activate", "contract", contract.number,
                 before={"status": "signed"}, after={"status": "active", "on": on.isoformat()})  # fmt: skip
    return contract


def link_vote(session: Session, contract: Contract, vote: Vote) -> Contract:
    """Record the vote that authorised a contract added before gating (a legacy contract)."""
    if contract.vote_id is not None:
        raise UserError(T_HAS_VOTE, number=contract.number, vote=contract.vote_id)
    if contract.status == "draft":
        raise _status_error(contract, T_ACT_LINK)
    _check_vote(session, contract, vote)
    contract.vote_id = vote.id
    contract.signed_on = contract.signed_on or vote.closed_on
    session.flush()
    audit.record(session, "contract.link_vote", "contract", contract.number,
                 after={"vote": vote.id})  # fmt: skip
    return contract


# -- notices, termination, expiry, renewal ----------------------------------------------------
def notices(session: Session, contract: Contract) -> list[ContractNotice]:
    return list(
        session.execute(
            select(ContractNotice)
            .where(ContractNotice.contract_id == contract.id)
            .order_by(ContractNotice.given_on, ContractNotice.id)
        ).scalars()
    )


def give_notice(
    session: Session,
    contract: Contract,
    kind: str,
    given_on: date,
    *,
    effective_on: date | None = None,
    vote: Vote | None = None,
    party: str | None = None,
    text: str = "",
) -> ContractNotice:
    """Record a written notice (Civil Code 946-948).

    dismissal: the owners dismiss the company by a passed hire-manager vote, effective 60
    days or more after the notice. non_renewal: the company does not renew, notified 90 days
    or more before the contract ends; effective at its end. termination: either side ends a
    contract continuing without a fixed term, 60 days ahead (the owners by a vote).
    """
    if kind not in NOTICE_KINDS:
        raise UserError(T_BAD_NOTICE, kind=kind)
    if contract.status not in ("signed", "active"):
        raise _status_error(contract, T_ACT_NOTICE)
    if kind == "dismissal":
        party = "owners"
    elif kind == "non_renewal":
        party = "company"
    elif party not in PARTIES:
        raise UserError(T_BAD_PARTY, party=party)
    for n in notices(session, contract):
        if n.kind == kind:
            raise UserError(T_NOTICE_EXISTS, number=contract.number,
                            kind=NOTICE_KINDS[kind].format(), given=n.given_on)  # fmt: skip
    if party == "owners":
        if vote is None:
            vote = require_passed_vote(session, contract.compound_id, core.HIRE_MANAGER)
        if (
            not is_passed(vote, core.HIRE_MANAGER, contract.compound_id)
            or vote.id == contract.vote_id
        ):
            raise UserError(T_OWNERS_VOTE, vote=vote.id, number=contract.number,
                            matter=core.MATTERS[core.HIRE_MANAGER].format())  # fmt: skip
        assert vote.closed_on is not None
        if given_on < vote.closed_on:
            raise UserError(T_BEFORE_VOTE, date=given_on, closed=vote.closed_on)
    if kind == "non_renewal":
        if contract.end < given_on:
            raise UserError(T_FIXED_ENDED, number=contract.number, end=contract.end)
        deadline = contract.end - timedelta(days=NON_RENEWAL_DAYS)
        if given_on > deadline:
            raise UserError(T_NON_RENEWAL_LATE, end=contract.end, days=NON_RENEWAL_DAYS,
                            deadline=deadline)  # fmt: skip
        effective_on = contract.end
    else:
        if kind == "termination" and contract.end >= given_on:
            raise UserError(T_NOT_UNFIXED, number=contract.number, end=contract.end)
        days = DISMISSAL_DAYS if kind == "dismissal" else UNFIXED_TERM_DAYS
        earliest = given_on + timedelta(days=days)
        effective_on = effective_on or earliest
        if effective_on < earliest:
            raise UserError(T_NOTICE_SHORT, days=days, given=given_on, earliest=earliest)
    notice = ContractNotice(
        contract_id=contract.id, kind=kind, party=party, given_on=given_on,
        effective_on=effective_on, vote_id=vote.id if vote is not None and party == "owners" else None,
        text=text.strip(), created_at=datetime.now(UTC).replace(tzinfo=None, microsecond=0),
    )  # fmt: skip
    session.add(notice)
    session.flush()
    audit.record(session, "contract.notice", "contract", contract.number, after={
        "kind": kind, "party": party, "given_on": given_on.isoformat(),
        "effective_on": effective_on.isoformat(), "vote": notice.vote_id,
    })  # fmt: skip
    return notice


def terminate_contract(
    session: Session, contract: Contract, on: date, *, reason: str, by_agreement: bool = False
) -> Contract:
    """End a contract on `on`. A draft or a signed contract not yet in force may be cancelled
    with a reason; one in force needs a dismissal / termination notice in effect by then, or
    the parties' agreement."""
    reason = reason.strip()
    if not reason:
        raise UserError(T_REASON)
    if contract.status not in ("draft", "signed", "active"):
        raise _status_error(contract, T_ACT_TERMINATE)
    if contract.status == "active" and not by_agreement:
        ok = any(
            n.kind in ("dismissal", "termination") and n.effective_on <= on
            for n in notices(session, contract)
        )
        if not ok:
            raise UserError(T_NEED_NOTICE, number=contract.number, days=DISMISSAL_DAYS)
    before = contract.status
    contract.status = "terminated"
    contract.ended_on = on
    session.flush()
    contracts.forget_terms(session)
    audit.record(session, "contract.terminate", "contract", contract.number,
                 before={"status": before},
                 after={"status": "terminated", "on": on.isoformat(), "by_agreement": by_agreement},
                 reason=reason)  # fmt: skip
    return contract


def renew_contract(
    session: Session, old: Contract, number: str, *, end: date, start: date | None = None
) -> Contract:
    """A renewal (续签): a new draft linked to the old contract with its fee terms, starting the
    day after it ends unless told otherwise. It is signed with a new hire-manager vote."""
    if old.status not in ("signed", "active"):
        raise _status_error(old, T_ACT_RENEW)
    start = start or old.end + timedelta(days=1)
    if start <= old.end:
        raise UserError(T_RENEW_START, end=old.end)
    items = contracts.items_of(session, old.id)
    rates: dict[str, int] = {}
    extra: list[NewItem] = []
    for it in items:
        if it.kind == "area" and it.name == contracts.SERVICE_FEE:
            rates = contracts.rates_of(session, it.id)
        elif it.kind in ("fixed", "metered", "one_off"):
            extra.append(NewItem(it.name, it.kind, it.amount, it.price_e4, it.income_account,
                                 tuple(k for k in it.unit_kinds.split(",") if k)))  # fmt: skip
    compound = session.get(Compound, old.compound_id)
    assert compound is not None
    new = contracts.add_contract(session, compound, NewContract(
        number=number.strip(), start=start, end=end, billing_start=period_of(start),
        cycle_months=old.cycle_months, mode=old.mode, rates=rates, items=extra,
        vacancy_discount_bp=old.vacancy_discount_bp, late_fee=contracts.rule_of(old),
        notes=T_RENEWAL_NOTE.format(number=old.number),
    ), status="draft")  # fmt: skip
    new.renewal_of_id = old.id
    session.flush()
    audit.record(session, "contract.renew", "contract", new.number,
                 after={"renews": old.number, "start": start.isoformat(), "end": end.isoformat()})  # fmt: skip
    return new


def _renewal(session: Session, c: Contract) -> str | None:
    """A signed or active successor: a renewal of the contract (续聘), or another contract of the
    compound starting after it ends (另聘); either is the owners' decision about its end."""
    return session.execute(
        select(Contract.number)
        .where(
            Contract.status.in_(("signed", "active")),
            (Contract.renewal_of_id == c.id)
            | ((Contract.compound_id == c.compound_id) & (Contract.start > c.end)),
        )
        .order_by(Contract.start)
        .limit(1)
    ).scalar()


def _end_decided(session: Session, c: Contract) -> str | None:
    """Why the contract ends at its end date: renewed, or not renewed by notice; else None."""
    renewal = _renewal(session, c)
    if renewal is not None:
        return T_DECIDED_RENEWAL.format(number=renewal)
    if any(n.kind == "non_renewal" for n in notices(session, c)):
        return NOTICE_KINDS["non_renewal"].format()
    return None


def expire_contracts(session: Session, today: date) -> list[str]:
    """Mark expired the active contracts past their end whose end was decided (renewed, or not
    renewed by notice). Those with no decision continue without a fixed term (Civil Code 948)
    and are still billed."""
    done = []
    for c in session.execute(
        select(Contract).where(Contract.status == "active", Contract.end < today).order_by(Contract.id)
    ).scalars():  # fmt: skip
        if _end_decided(session, c) is None:
            continue
        c.status = "expired"
        c.ended_on = c.end
        audit.record(session, "contract.expire", "contract", c.number,
                     before={"status": "active"},
                     after={"status": "expired", "ended_on": c.end.isoformat()})  # fmt: skip
        done.append(c.number)
    session.flush()
    contracts.forget_terms(session)
    return done


@dataclass(frozen=True, slots=True)
class ContractAction:
    """A contract that needs someone to act, and what to do by when."""

    kind: str  # expiring | unfixed_term | to_expire | to_terminate | signed | draft
    number: str
    compound: str
    status: str
    start: date
    end: date
    due: date | None
    text: str


def contracts_needing_action(session: Session, today: date) -> list[ContractAction]:
    """Expiring within 90 days with no decision; expired and continuing without a fixed term;
    past their end with a decision, or with a notice in effect, still active; signed but not
    active; drafts waiting for a vote."""
    names = dict(session.execute(select(Compound.id, Compound.name)).all())
    out: list[ContractAction] = []

    def add(c: Contract, kind: str, due: date | None, text: str) -> None:
        out.append(ContractAction(kind, c.number, names[c.compound_id], c.status, c.start, c.end,
                                  due, text))  # fmt: skip

    for c in session.execute(
        select(Contract).where(Contract.status.in_(("draft", "signed", "active")))
        .order_by(Contract.end, Contract.number)
    ).scalars():  # fmt: skip
        if c.status == "draft":
            ready = session.execute(
                select(Vote.id).where(
                    Vote.compound_id == c.compound_id, Vote.matter == core.HIRE_MANAGER,
                    Vote.status == "closed", Vote.passed.is_(True),
                    Vote.id.not_in(select(Contract.vote_id).where(Contract.vote_id.is_not(None))),
                ).order_by(Vote.id.desc())
            ).scalar()  # fmt: skip
            text = T_DRAFT_READY.format(vote=ready) if ready else T_DRAFT_WAITING.format()
            add(c, "draft", c.start, text)
            continue
        if c.status == "signed":
            add(c, "signed", c.start, T_SIGNED_WAITING.format(start=c.start))
            continue
        given = notices(session, c)
        effective = [n for n in given
                     if n.kind in ("dismissal", "termination") and n.effective_on <= today]  # fmt: skip
        if effective:
            n = effective[0]
            add(c, "to_terminate", n.effective_on,
                T_TO_TERMINATE.format(kind=NOTICE_KINDS[n.kind].format(), date=n.effective_on))  # fmt: skip
            continue
        decided = _end_decided(session, c)
        if c.end < today:
            if decided is not None:
                add(c, "to_expire", c.end, T_TO_EXPIRE.format(end=c.end, decision=decided))
            elif not given:  # a pending dismissal / termination notice is a decision too
                add(c, "unfixed_term", None, T_UNFIXED.format(end=c.end))
        elif (c.end - today).days <= EXPIRY_WARNING_DAYS and decided is None and not given:
            deadline = c.end - timedelta(days=NON_RENEWAL_DAYS)
            add(c, "expiring", c.end, T_EXPIRING.format(end=c.end, days=(c.end - today).days,
                                                        deadline=deadline))  # fmt: skip
    return out
