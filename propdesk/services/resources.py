"""Common resources and the owners' money (DOMAIN §4, Civil Code 282-283).

Resources (parking spaces, ad spaces, parcel lockers, market stalls, rented rooms) belong to a
compound. A common part (共有部分) goes into operation only behind a passed common-use vote;
its income is the owners' after reasonable costs and the company's agreed management share,
and stays a liability of the company in 2241 其他应付款—业主共有收益—{compound} (one
sub-account per compound under 224101) until the owners decide how to use it. Income from
resources the company owns or rents is its own revenue (505102).

Vouchers (DOMAIN §7): income Dr cash / Cr 224101xx, with the company's share Dr 224101xx /
Cr 505101 in the same voucher; reasonable cost Dr 224101xx / Cr cash; uses Dr 224101xx / Cr
cash (maintenance fund, other) or Cr 220301 per unit (fees offset by floor area, as
prepayments the next billing run consumes).

The management share is a percentage of each common income's gross amount, in basis points,
rounded half-up to the fen at the time of the income.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from propdesk.core import votes as core_votes
from propdesk.core.errors import UserError
from propdesk.core.i18n import bilingual
from propdesk.core.money import format_amount
from propdesk.core.periods import (
    first_day,
    fmt_period,
    last_day,
    months_between,
    next_period,
    period_of,
)
from propdesk.core.ratios import bp_text
from propdesk.db.models import (
    CommonIncomeTerms,
    Compound,
    OwnersMoneyShare,
    OwnersMoneyUse,
    Posting,
    Prepayment,
    Receipt,
    Resource,
    ResourceAgreement,
    ResourceCost,
    ResourceDue,
    ResourceIncome,
    Unit,
    Vote,
    VoteUnit,
    Voucher,
)
from propdesk.db.ordering import by_code
from propdesk.db.store import Book
from propdesk.db.upsert import insert_ignore
from propdesk.services import audit, grids, ledger, payments, registry, votes
from propdesk.services.billing import PREPAID
from propdesk.services.check import register
from propdesk.services.grids import check_version
from propdesk.services.ledger import Line, NewVoucher
from propdesk.services.votes import Evidence

OWNERS_PARENT = "224101"  # 其他应付款—业主共有收益
COMPANY_SHARE = "505101"  # 其他业务收入—公共资源管理分成
OWN_INCOME = "505102"  # 其他业务收入—自有资源经营收入
OWN_COST = "5402"  # 其他业务成本 (costs of the company's own resources)
SOURCE = "resource"

KINDS = {
    "parking": bilingual("停车位", "parking space"),
    "ad": bilingual("广告位", "ad space"),
    "locker": bilingual("快递柜", "parcel locker"),
    "stall": bilingual("市场摊位", "market stall"),
    "room": bilingual("出租用房", "rented room"),
}
OWNERS = {
    "owners": bilingual("业主共有", "owners in common"),
    "company": bilingual("公司自有", "the company"),
    "third_party": bilingual("第三方（公司承租）", "a third party (rented by the company)"),
}
AGREEMENT_KINDS = {
    "card": bilingual("月卡", "monthly parking card"),
    "temporary": bilingual("临时停车", "temporary parking"),
    "ad": bilingual("广告合同", "ad contract"),
    "locker": bilingual("快递柜经营", "locker operator"),
    "stall": bilingual("摊位租金", "stall rent"),
    "room": bilingual("房屋租金", "room rent"),
}
COST_CATEGORIES = {
    "electricity": bilingual("电费", "electricity"),
    "barrier": bilingual("道闸维护", "barrier upkeep"),
    "cleaning": bilingual("保洁", "cleaning"),
    "staff": bilingual("人员分摊", "staff share"),
    "other": bilingual("其他", "other"),
}
USE_KINDS = {
    "fund": bilingual("补充维修资金", "top up the maintenance fund"),
    "fee_offset": bilingual("按面积抵扣物业费", "offset all units' fees by floor area"),
    "other": bilingual("业主决定的其他用途", "another use the owners decided"),
}

T_BAD_KIND = bilingual(
    "资源类型「{kind}」无效（{allowed}）", 'resource kind "{kind}" is invalid ({allowed})'
)
T_BAD_OWNER = bilingual(
    "归属「{owner}」无效（{allowed}）", 'owner "{owner}" is invalid ({allowed})'
)
T_BAD_AGREEMENT = bilingual(
    "协议类型「{kind}」无效（{allowed}）", 'agreement kind "{kind}" is invalid ({allowed})'
)
T_BAD_CATEGORY = bilingual(
    "成本类别「{cat}」无效（{allowed}）", 'cost category "{cat}" is invalid ({allowed})'
)
T_BAD_USE = bilingual("用途「{kind}」无效（{allowed}）", 'use "{kind}" is invalid ({allowed})')
T_NO_CODE = bilingual("请填写资源编号", "the resource needs a number")
T_EXISTS = bilingual("{compound} 已有{kind} {code}", "{compound} already has {kind} {code}")
T_NO_RESOURCE = bilingual("{compound} 没有资源 {code}", "{compound} has no resource {code}")
T_NO_AGREEMENT = bilingual("协议 {id} 不存在", "agreement {id} does not exist")
T_AMOUNT = bilingual("金额必须是大于零的整数分", "the amount must be whole fen greater than zero")
T_RENT = bilingual("租金不能为负数", "the rent cannot be negative")
T_SHARE = bilingual("分成比例应在 0 到 100% 之间", "the share must be between 0 and 100%")
T_TERM = bilingual("结束日期 {end} 早于开始日期 {start}", "end {end} is before start {start}")
T_CYCLE = bilingual("收费周期应为 1、3、6 或 12 个月", "the cycle must be 1, 3, 6 or 12 months")
T_NO_PARTY = bilingual("请填写对方（车主、广告商、运营商或承租人）", "name the other party")
T_RENEW_END = bilingual(
    "续期结束日 {end} 应晚于原到期日 {old}", "the renewal end {end} must be after {old}"
)
T_NEED_DECISION = bilingual(
    "动用业主共有收益须有业主的决定：表决编号，或决定内容和日期",
    "using the owners' money needs their decision: a vote id, or the decision text and date",
)
T_VOTE_NOT_PASSED = bilingual(
    "表决 {id} 不是 {compound} 已通过的表决", "vote {id} is not a passed vote of {compound}"
)
T_OVERDRAW = bilingual(
    "{compound} 业主共有收益余额 {balance}，不足 {amount}",
    "{compound}'s owners' money is {balance}, less than {amount}",
)
T_NO_UNITS = bilingual(
    "{compound} 没有房屋，无法按面积分摊", "{compound} has no units to split by area"
)
T_BAD_QUARTER = bilingual("季度应写作 2026-Q1：{text}", "a quarter is written 2026-Q1: {text}")
T_ACCOUNT_FULL = bilingual(
    "小区编号 {id} 超出业主共有收益明细科目的两位编码",
    "compound {id} does not fit a two-digit sub-account",
)
T_EVIDENCE = bilingual("合理成本须附凭据（文件）", "a reasonable cost needs its evidence (a file)")
T_INCOME_SUMMARY = bilingual(
    "{compound} {kind} {code} 收入（收据 {receipt}）",
    "{compound} {kind} {code} income (receipt {receipt})",
)
T_SHARE_LINE = bilingual("{compound} 公共资源管理分成 {pct}", "{compound} management share {pct}")
T_COST_SUMMARY = bilingual("{compound} {what} {category}", "{compound} {what} {category}")
T_USE_SUMMARY = bilingual("{compound} 业主共有收益：{kind}", "{compound} owners' money: {kind}")
T_TEMP = bilingual("临时停车收入 {date}", "temporary parking takings {date}")
T_CHECK = bilingual(
    "{compound} 业主共有收益：明细记录 {module}，总账 {code} {ledger}",
    "{compound} owners' money: records {module}, ledger {code} {ledger}",
)
T_COMMON_COSTS = bilingual("共有资源公共成本", "common resources")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _choice(value: str, table: dict, message) -> str:  # type: ignore[no-untyped-def,type-arg]
    v = value.strip()
    for key, label in table.items():
        if v in (key, label.zh, label.en):
            return key
    raise UserError(message, kind=v, owner=v, cat=v, allowed=" / ".join(table))


def _money(amount: int) -> int:
    if type(amount) is not int or amount <= 0:
        raise UserError(T_AMOUNT)
    return amount


def share_of(gross: int, share_bp: int) -> int:
    """The company's management share of `gross` fen at `share_bp` basis points, half-up."""
    return (gross * share_bp + 5000) // 10000


# -- the owners' sub-account -------------------------------------------------------------------
def owners_account(session: Session, compound: Compound) -> str:
    """其他应付款—业主共有收益—{compound}: 224101 + the compound id in two digits."""
    if compound.id > 99:
        raise UserError(T_ACCOUNT_FULL, id=compound.id)
    code = f"{OWNERS_PARENT}{compound.id:02d}"
    ledger.ensure_account(session, code, compound.name)
    return code


# -- resources -----------------------------------------------------------------------------------
def add_resource(
    session: Session, compound: Compound, kind: str, code: str, *, owner: str = "owners",
    location: str = "",
) -> Resource:  # fmt: skip
    """Register a resource; a common part (owned by the owners) starts idle until its vote."""
    kind = _choice(kind, KINDS, T_BAD_KIND)
    owner = _choice(owner, OWNERS, T_BAD_OWNER)
    code = code.strip()
    if not code:
        raise UserError(T_NO_CODE)
    if session.execute(select(Resource.id).where(
        Resource.compound_id == compound.id, Resource.kind == kind, Resource.code == code
    )).first():  # fmt: skip
        raise UserError(T_EXISTS, compound=compound.name, kind=KINDS[kind].format(), code=code)
    r = Resource(compound_id=compound.id, kind=kind, code=code, location=location.strip(),
                 owner=owner, common=owner == "owners", status="idle", created_at=_now())  # fmt: skip
    session.add(r)
    session.flush()
    audit.record(session, "resource.add", "resource", r.id, after={
        "compound": compound.name, "kind": kind, "code": code, "owner": owner, "common": r.common})  # fmt: skip
    return r


def resource_by_code(
    session: Session, compound: Compound, code: str, kind: str | None = None
) -> Resource:
    q = select(Resource).where(Resource.compound_id == compound.id, Resource.code == code.strip())
    if kind:
        q = q.where(Resource.kind == _choice(kind, KINDS, T_BAD_KIND))
    found = list(session.execute(q.order_by(Resource.id)).scalars())
    if not found:
        raise UserError(T_NO_RESOURCE, compound=compound.name, code=code)
    return found[0]


def operate(session: Session, resource: Resource, on: date) -> Resource:
    """Put a resource into operation. A common part needs the compound's passed common-use vote
    (Civil Code 278); without it the refusal names the vote and nothing is written."""
    if resource.status == "operating":
        return resource
    vote_id = None
    if resource.common:
        vote_id = votes.require_passed_vote(session, resource.compound_id, core_votes.COMMON_USE).id
    resource.status = "operating"
    resource.vote_id = vote_id
    resource.operating_since = on
    session.flush()
    audit.record(session, "resource.operate", "resource", resource.id,
                 after={"vote": vote_id, "since": on.isoformat()})  # fmt: skip
    return resource


# -- agreements and dues -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class NewAgreement:
    kind: str
    party: str
    start: date
    end: date
    rent: int = 0  # fen per month
    cycle_months: int = 1
    share_bp: int = 0
    plate: str = ""
    unit_id: int | None = None
    notes: str = ""


def add_agreement(session: Session, resource: Resource, new: NewAgreement) -> ResourceAgreement:
    """An agreement on a resource; puts the resource into operation (behind its vote) first."""
    kind = _choice(new.kind, AGREEMENT_KINDS, T_BAD_AGREEMENT)
    if not new.party.strip():
        raise UserError(T_NO_PARTY)
    if new.end < new.start:
        raise UserError(T_TERM, start=new.start, end=new.end)
    if type(new.rent) is not int or new.rent < 0:
        raise UserError(T_RENT)
    if not 0 <= new.share_bp <= 10000:
        raise UserError(T_SHARE)
    if new.cycle_months not in (1, 3, 6, 12):
        raise UserError(T_CYCLE)
    operate(session, resource, new.start)
    a = ResourceAgreement(
        resource_id=resource.id, kind=kind, party=new.party.strip(), plate=new.plate.strip().upper(),
        unit_id=new.unit_id, start=new.start, end=new.end, rent=new.rent,
        cycle_months=new.cycle_months, share_bp=new.share_bp, notes=new.notes, created_at=_now(),
    )  # fmt: skip
    session.add(a)
    session.flush()
    audit.record(session, "agreement.add", "resource_agreement", a.id, after={
        "resource": resource.id, "kind": kind, "party": a.party, "plate": a.plate,
        "start": a.start.isoformat(), "end": a.end.isoformat(), "rent": a.rent,
        "cycle": a.cycle_months, "share_bp": a.share_bp})  # fmt: skip
    return a


def get_agreement(session: Session, agreement_id: int) -> ResourceAgreement:
    a = session.get(ResourceAgreement, agreement_id)
    if a is None:
        raise UserError(T_NO_AGREEMENT, id=agreement_id)
    return a


T_RENEWED_END = bilingual(
    "协议已续期（续期协议自 {next} 起），不能再改结束日期",
    "the agreement was renewed (the renewal starts {next}): its end cannot change",
)
T_RENEWED_TWICE = bilingual(
    "协议 {id} 已续期（续期协议 {new}）", "agreement {id} was already renewed (agreement {new})"
)
_AGREEMENT_FIELDS = ("party", "plate", "unit_id", "end", "rent", "cycle_months", "share_bp", "notes")


def edit_agreement(
    session: Session, agreement_id: int, *, expected_version: int | None = None, **changes: Any
) -> ResourceAgreement:
    """Change an agreement's other party, plate, unit, end, rent, cycle, share or notes; dues
    already generated keep their amounts. An edit made from an older version (another clerk
    saved meanwhile) is refused and the other change kept (grids.check_version)."""
    a = get_agreement(session, agreement_id)
    check_version(a, expected_version, f"{a.party} {a.plate}".strip())
    for key in changes:
        if key not in _AGREEMENT_FIELDS:
            raise UserError(grids.T_BAD_FIELD, field=key)
    before = {k: _plain(getattr(a, k)) for k in changes}
    if "party" in changes:
        changes["party"] = str(changes["party"]).strip()
        if not changes["party"]:
            raise UserError(T_NO_PARTY)
    if "plate" in changes:
        changes["plate"] = str(changes["plate"] or "").strip().upper()
    if "rent" in changes and (type(changes["rent"]) is not int or changes["rent"] < 0):
        raise UserError(T_RENT)
    if "share_bp" in changes and not 0 <= changes["share_bp"] <= 10000:
        raise UserError(T_SHARE)
    if "cycle_months" in changes and changes["cycle_months"] not in (1, 3, 6, 12):
        raise UserError(T_CYCLE)
    if "end" in changes and changes["end"] != a.end:
        if changes["end"] < a.start:
            raise UserError(T_TERM, start=a.start, end=changes["end"])
        renewal = session.execute(select(ResourceAgreement.start).where(
            ResourceAgreement.renewal_of_id == a.id)).scalar()  # fmt: skip
        if renewal is not None:
            raise UserError(T_RENEWED_END, next=renewal)
    for key, value in changes.items():
        setattr(a, key, value)
    session.flush()
    after = {k: _plain(getattr(a, k)) for k in changes}
    audit.record(session, "agreement.edit", "resource_agreement", a.id,
                 before=before, after=after)  # fmt: skip
    return a


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def renew_agreement(
    session: Session, old: ResourceAgreement, end: date, *, rent: int | None = None
) -> ResourceAgreement:
    """续期: a new agreement from the day after the old one ends, linked to it."""
    if end <= old.end:
        raise UserError(T_RENEW_END, end=end, old=old.end)
    done = session.execute(select(ResourceAgreement.id).where(
        ResourceAgreement.renewal_of_id == old.id)).scalar()  # fmt: skip
    if done is not None:  # two clerks renewing the same agreement: the second is refused
        raise UserError(T_RENEWED_TWICE, id=old.id, new=done)
    resource = session.get(Resource, old.resource_id)
    assert resource is not None
    new = add_agreement(session, resource, NewAgreement(
        old.kind, old.party, old.end + timedelta(days=1), end, old.rent if rent is None else rent,
        old.cycle_months, old.share_bp, old.plate, old.unit_id, old.notes))  # fmt: skip
    new.renewal_of_id = old.id
    session.flush()
    return new


def generate_dues(session: Session, period: int) -> int:
    """Amounts due for `period` under every fixed-rent agreement running then. Idempotent."""
    start, end = first_day(period), last_day(period)
    rows = []
    for a in session.execute(select(ResourceAgreement).where(
        ResourceAgreement.rent > 0, ResourceAgreement.start <= end, ResourceAgreement.end >= start
    )).scalars():  # fmt: skip
        first, last = period_of(a.start), period_of(a.end)
        offset = months_between(first, period)
        if offset % a.cycle_months:
            continue
        months = min(a.cycle_months, months_between(period, last) + 1)
        rows.append({"agreement_id": a.id, "period": period, "months": months,
                     "amount": a.rent * months, "paid": 0})  # fmt: skip
    before = session.execute(select(func.count()).select_from(ResourceDue)).scalar_one()
    if rows:
        insert_ignore(session, ResourceDue.__table__, rows)
    added = session.execute(select(func.count()).select_from(ResourceDue)).scalar_one() - before
    if added:
        audit.record(session, "agreement.dues", "period", fmt_period(period), after={"dues": added})
    return int(added)


@dataclass(frozen=True, slots=True)
class DueRow:
    due_id: int
    agreement_id: int
    resource: str
    party: str
    period: int
    amount: int
    paid: int


def open_dues(session: Session, compound_id: int | None = None) -> list[DueRow]:
    q = (
        select(ResourceDue, ResourceAgreement, Resource)
        .join(ResourceAgreement, ResourceAgreement.id == ResourceDue.agreement_id)
        .join(Resource, Resource.id == ResourceAgreement.resource_id)
        .where(ResourceDue.paid < ResourceDue.amount)
        .order_by(ResourceDue.period, ResourceDue.id)
    )
    if compound_id is not None:
        q = q.where(Resource.compound_id == compound_id)
    return [DueRow(d.id, a.id, r.code, a.party, d.period, d.amount, d.paid)
            for d, a, r in session.execute(q)]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Expiring:
    agreement_id: int
    compound: str
    resource: str
    kind: str
    party: str
    plate: str
    end: date
    days_left: int


def expiring(session: Session, on: date, days: int = 30) -> list[Expiring]:
    """Agreements ending within `days` of `on` that have not been renewed."""
    renewed = select(ResourceAgreement.renewal_of_id).where(
        ResourceAgreement.renewal_of_id.is_not(None)
    )
    q = (
        select(ResourceAgreement, Resource, Compound)
        .join(Resource, Resource.id == ResourceAgreement.resource_id)
        .join(Compound, Compound.id == Resource.compound_id)
        .where(ResourceAgreement.end >= on, ResourceAgreement.end <= on + timedelta(days=days),
               ResourceAgreement.id.not_in(renewed))
        .order_by(ResourceAgreement.end, ResourceAgreement.id)
    )  # fmt: skip
    return [Expiring(a.id, c.name, r.code, a.kind, a.party, a.plate, a.end, (a.end - on).days)
            for a, r, c in session.execute(q)]  # fmt: skip


# -- the management share --------------------------------------------------------------------------
def set_share(
    session: Session, compound: Compound, share_bp: int, start: date, agreement: str = ""
) -> CommonIncomeTerms:
    """The company's agreed management share of the compound's common income from `start`."""
    if type(share_bp) is not int or not 0 <= share_bp <= 10000:
        raise UserError(T_SHARE)
    t = CommonIncomeTerms(compound_id=compound.id, start=start, share_bp=share_bp,
                          agreement=agreement.strip(), created_at=_now())  # fmt: skip
    session.add(t)
    session.flush()
    audit.record(session, "common_income.share", "compound", compound.id,
                 after={"share_bp": share_bp, "start": start.isoformat(), "agreement": agreement})  # fmt: skip
    return t


def share_on(session: Session, compound_id: int, on: date) -> int:
    """The share in force on `on`; none agreed means the company keeps nothing."""
    bp = session.execute(
        select(CommonIncomeTerms.share_bp)
        .where(CommonIncomeTerms.compound_id == compound_id, CommonIncomeTerms.start <= on)
        .order_by(CommonIncomeTerms.start.desc())
        .limit(1)
    ).scalar()
    return int(bp or 0)


# -- income ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class IncomeResult:
    income_id: int
    receipt_number: int
    receipt: str
    voucher: str
    amount: int
    company_share: int
    owners_share: int


def record_income(
    session: Session, resource: Resource, amount: int, method: str, on: date, *,
    agreement: ResourceAgreement | None = None, payer: str | None = None,
    description: str | None = None,
) -> IncomeResult:  # fmt: skip
    """Take money for a resource: a receipt from the book's receipt counter and one voucher."""
    _money(amount)
    m = payments._method(method)
    operate(session, resource, on)  # a common part still without its vote is refused here
    compound = session.get(Compound, resource.compound_id)
    assert compound is not None
    payer = (
        payer or (agreement.party if agreement else "") or KINDS[resource.kind].format()
    ).strip()
    desc = (description or (AGREEMENT_KINDS[agreement.kind].format() if agreement else
                            KINDS[resource.kind].format()))[:200]  # fmt: skip
    number = payments.next_number(session, "receipt")
    receipt = Receipt(number=number, date=on, payer=payer[:100],
                      unit_id=agreement.unit_id if agreement else None, amount=amount, method=m,
                      clerk=audit.current_user(session), status="valid", prints=0)  # fmt: skip
    session.add(receipt)
    session.flush()
    cash = payments.cash_account(session, m)
    dims: dict[str, Any] = {"compound_id": compound.id, "resource_id": resource.id}
    share_bp = share = 0
    if resource.common:
        owners = owners_account(session, compound)
        share_bp = share_on(session, compound.id, on)
        share = share_of(amount, share_bp)
        lines = [Line(cash, debit=amount, **dims), Line(owners, credit=amount, **dims)]
        if share:
            pct = bp_text(share_bp, None)
            text = T_SHARE_LINE.format(compound=compound.name, pct=pct)
            lines += [Line(owners, debit=share, summary=text, **dims),
                      Line(COMPANY_SHARE, credit=share, summary=text, **dims)]  # fmt: skip
    else:
        lines = [Line(cash, debit=amount, **dims), Line(OWN_INCOME, credit=amount, **dims)]
    summary = T_INCOME_SUMMARY.format(compound=compound.name, kind=KINDS[resource.kind].format(),
                                      code=resource.code, receipt=payments.receipt_label(number))  # fmt: skip
    ref = ledger.post_vouchers(session, [NewVoucher(on, summary[:200], lines, source=SOURCE)],
                               audit_action=None)[0]  # fmt: skip
    inc = ResourceIncome(
        compound_id=compound.id, resource_id=resource.id,
        agreement_id=agreement.id if agreement else None, date=on, amount=amount,
        common=resource.common, share_bp=share_bp, company_share=share, method=m, payer=payer[:100],
        description=desc, receipt_id=receipt.id, voucher_id=ref.id,
    )  # fmt: skip
    session.add(inc)
    session.flush()
    if agreement is not None:
        _settle_dues(session, agreement.id, amount)
    audit.record(session, "resource.income", "receipt", payments.receipt_label(number), after={
        "resource": resource.id, "amount": amount, "method": m, "common": resource.common,
        "company_share": share, "voucher": ref.label})  # fmt: skip
    owners_share = amount - share if resource.common else 0
    return IncomeResult(inc.id, number, payments.receipt_label(number), ref.label, amount, share,
                        owners_share)  # fmt: skip


def _settle_dues(session: Session, agreement_id: int, amount: int) -> None:
    left = amount
    for due in session.execute(
        select(ResourceDue)
        .where(ResourceDue.agreement_id == agreement_id, ResourceDue.paid < ResourceDue.amount)
        .order_by(ResourceDue.period)
    ).scalars():
        if left <= 0:
            break
        take = min(left, due.amount - due.paid)
        due.paid += take
        left -= take
    session.flush()


def record_temporary_parking(
    session: Session, resource: Resource, amount: int, method: str, on: date
) -> IncomeResult:
    """A day's temporary parking takings (one receipt for the day's total)."""
    return record_income(session, resource, amount, method, on, payer=T_TEMP.format(date=on),
                         description=T_TEMP.format(date=on))  # fmt: skip


# -- reasonable costs -----------------------------------------------------------------------------
def record_cost(
    session: Session, compound: Compound, amount: int, on: date, category: str,
    evidence: Evidence, *, resource: Resource | None = None, method: str = "bank",
    description: str = "",
) -> ResourceCost:  # fmt: skip
    """A reasonable cost with its evidence. Costs of common parts (or of the compound's common
    resources as a whole) come out of the owners' money; the company's own go to 5402."""
    _money(amount)
    cat = _choice(category, COST_CATEGORIES, T_BAD_CATEGORY)
    if evidence is None or not evidence.sha256:
        raise UserError(T_EVIDENCE)
    m = payments._method(method)
    cash = payments.cash_account(session, m)
    common = resource is None or resource.common
    debit = owners_account(session, compound) if common else OWN_COST
    what = (
        f"{KINDS[resource.kind].format()} {resource.code}" if resource else T_COMMON_COSTS.format()
    )
    summary = T_COST_SUMMARY.format(compound=compound.name, what=what,
                                    category=COST_CATEGORIES[cat].format())  # fmt: skip
    if description.strip():
        summary += f"：{description.strip()}"
    dims: dict[str, Any] = {
        "compound_id": compound.id,
        "resource_id": resource.id if resource else None,
    }
    ref = ledger.post_vouchers(session, [NewVoucher(on, summary[:200], [
        Line(debit, debit=amount, **dims), Line(cash, credit=amount, **dims)], attachments=1,
        source=SOURCE)], audit_action=None)[0]  # fmt: skip
    cost = ResourceCost(
        compound_id=compound.id, resource_id=resource.id if resource else None, date=on,
        category=cat, amount=amount, common=common, method=m, description=summary[:200],
        evidence_name=evidence.name[:500], evidence_sha256=evidence.sha256, voucher_id=ref.id,
    )  # fmt: skip
    session.add(cost)
    session.flush()
    audit.record(session, "resource.cost", "resource_cost", cost.id, after={
        "amount": amount, "category": cat, "common": common, "evidence": evidence.sha256,
        "voucher": ref.label})  # fmt: skip
    return cost


# -- the owners' money ------------------------------------------------------------------------------
def owners_balance(session: Session, compound_id: int, through: date | None = None) -> int:
    """The owners' money by this module's own records: common income less the company's
    share, less reasonable costs, less uses (dates up to `through`)."""

    def total(col, model, *conds) -> int:  # type: ignore[no-untyped-def]
        q = select(func.coalesce(func.sum(col), 0)).where(model.compound_id == compound_id, *conds)
        if through is not None:
            q = q.where(model.date <= through)
        return int(session.execute(q).scalar_one())

    income = total(ResourceIncome.amount - ResourceIncome.company_share, ResourceIncome,
                   ResourceIncome.common.is_(True))  # fmt: skip
    costs = total(ResourceCost.amount, ResourceCost, ResourceCost.common.is_(True))
    uses = total(OwnersMoneyUse.amount, OwnersMoneyUse)
    return income - costs - uses


def ledger_balance(session: Session, compound: Compound, through: date | None = None) -> int:
    """The credit balance of 224101{compound} in the ledger up to `through`."""
    code = f"{OWNERS_PARENT}{compound.id:02d}"
    info = ledger.accounts(session).get(code)
    if info is None:
        return 0
    q = select(func.coalesce(func.sum(Posting.credit - Posting.debit), 0)).where(
        Posting.account_id == info.id
    )
    if through is not None:
        q = q.where(Posting.date <= through)
    return int(session.execute(q).scalar_one())


def split_to_units(session: Session, compound_id: int, amount: int) -> dict[int, int]:
    """Split `amount` fen among the compound's units by floor-area share (Civil Code 283).

    Largest remainder: each unit gets the floor of its share, the fen left over go one each to
    the largest remainders, ties to the lower unit id. The parts sum exactly to `amount`."""
    units = session.execute(
        select(Unit.id, Unit.area).where(Unit.compound_id == compound_id).order_by(Unit.id)
    ).all()
    if not units:
        compound = session.get(Compound, compound_id)
        raise UserError(T_NO_UNITS, compound=compound.name if compound else compound_id)
    return split_by_area([(uid, area) for uid, area in units], amount)


def split_by_area(units: Sequence[tuple[int, int]], amount: int) -> dict[int, int]:
    total = sum(a for _, a in units)
    parts = {uid: amount * area // total for uid, area in units}
    left = amount - sum(parts.values())
    order = sorted(units, key=lambda u: (-(amount * u[1] % total), u[0]))
    for uid, _ in order[:left]:
        parts[uid] += 1
    return parts


@dataclass(frozen=True, slots=True)
class UseResult:
    use_id: int
    voucher: str
    amount: int
    shares: dict[int, int]  # unit id -> fen, for a fee offset


def use_owners_money(
    session: Session, compound: Compound, kind: str, amount: int, on: date, *,
    vote_id: int | None = None, decision: str = "", decided_on: date | None = None,
    description: str = "", method: str = "bank",
) -> UseResult:  # fmt: skip
    """Spend the owners' money on their decision: top up the maintenance fund, offset every
    unit's fees by floor area (credited as prepayments the next billing run consumes), or
    another use they decided. Never more than the balance."""
    kind = _choice(kind, USE_KINDS, T_BAD_USE)
    _money(amount)
    if vote_id is not None:
        vote = session.get(Vote, vote_id)
        if (
            vote is None
            or vote.compound_id != compound.id
            or vote.status != "closed"
            or not vote.passed
        ):
            raise UserError(T_VOTE_NOT_PASSED, id=vote_id, compound=compound.name)
    elif not decision.strip() or decided_on is None:
        raise UserError(T_NEED_DECISION)
    balance = owners_balance(session, compound.id, on)
    if amount > balance:
        raise UserError(T_OVERDRAW, compound=compound.name, balance=format_amount(balance),
                        amount=format_amount(amount))  # fmt: skip
    owners = owners_account(session, compound)
    summary = T_USE_SUMMARY.format(compound=compound.name, kind=USE_KINDS[kind].format())
    if description.strip():
        summary += f"（{description.strip()}）"
    dims: dict[str, Any] = {"compound_id": compound.id}
    shares: dict[int, int] = {}
    if kind == "fee_offset":
        shares = {u: a for u, a in split_to_units(session, compound.id, amount).items() if a}
        lines = [Line(owners, debit=amount, **dims)]
        lines += [Line(PREPAID, credit=a, unit_id=u, **dims) for u, a in shares.items()]
    else:
        cash = payments.cash_account(session, payments._method(method))
        lines = [Line(owners, debit=amount, **dims), Line(cash, credit=amount, **dims)]
    ref = ledger.post_vouchers(session, [NewVoucher(on, summary[:200], lines, source=SOURCE)],
                               audit_action=None)[0]  # fmt: skip
    use = OwnersMoneyUse(compound_id=compound.id, date=on, kind=kind, amount=amount,
                         vote_id=vote_id, decision=decision.strip(), decided_on=decided_on,
                         description=summary[:200], voucher_id=ref.id)  # fmt: skip
    session.add(use)
    session.flush()
    if shares:
        session.execute(insert(OwnersMoneyShare.__table__), [
            {"use_id": use.id, "unit_id": u, "amount": a} for u, a in shares.items()])  # fmt: skip
        session.execute(insert(Prepayment.__table__), [
            {"unit_id": u, "date": on, "amount": a, "kind": "offset", "payment_id": None,
             "bill_id": None} for u, a in shares.items()])  # fmt: skip
    audit.record(session, "owners_money.use", "owners_money_use", use.id, after={
        "compound": compound.name, "kind": kind, "amount": amount, "vote": vote_id,
        "decision": decision, "decided_on": decided_on.isoformat() if decided_on else None,
        "units": len(shares), "voucher": ref.label})  # fmt: skip
    return UseResult(use.id, ref.label, amount, shares)


# -- quarterly disclosure ------------------------------------------------------------------------------
def parse_quarter(text: str) -> tuple[date, date]:
    t = text.strip().upper().replace(" ", "")
    try:
        year, q = t.split("-Q")
        y, n = int(year), int(q)
        if not (1900 <= y <= 2999 and 1 <= n <= 4):
            raise ValueError
    except ValueError:
        raise UserError(T_BAD_QUARTER, text=text) from None
    return first_day(y * 100 + 3 * n - 2), last_day(y * 100 + 3 * n)


@dataclass(frozen=True, slots=True)
class ResourceLine:
    resource_id: int
    kind: str
    code: str
    location: str
    gross: int
    company_share: int


@dataclass(frozen=True, slots=True)
class UseLine:
    date: date
    kind: str
    amount: int
    decision: str


@dataclass(frozen=True, slots=True)
class CommonIncomeReport:
    """收支公示 data of a compound's common income for a quarter (no personal data)."""

    compound: str
    quarter: str
    start: date
    end: date
    opening: int
    income: tuple[ResourceLine, ...]
    gross: int
    costs: int
    company_share: int
    owners_share: int  # gross - costs - company share
    uses: tuple[UseLine, ...]
    used: int
    closing: int
    ledger_opening: int
    ledger_closing: int
    own_income: int  # the company's own resources' income (505102), shown apart

    @property
    def reconciles(self) -> bool:
        return (
            self.opening == self.ledger_opening
            and self.closing == self.ledger_closing
            and self.opening + self.owners_share - self.used == self.closing
        )

    def as_dict(self) -> dict:  # type: ignore[type-arg]
        return {
            "compound": self.compound, "quarter": self.quarter, "start": self.start.isoformat(),
            "end": self.end.isoformat(), "opening": self.opening,
            "income": [{"kind": r.kind, "code": r.code, "location": r.location, "gross": r.gross,
                        "company_share": r.company_share} for r in self.income],
            "gross": self.gross, "costs": self.costs, "company_share": self.company_share,
            "owners_share": self.owners_share,
            "uses": [{"date": u.date.isoformat(), "kind": u.kind, "amount": u.amount,
                      "decision": u.decision} for u in self.uses],
            "used": self.used, "closing": self.closing, "ledger_opening": self.ledger_opening,
            "ledger_closing": self.ledger_closing, "reconciles": self.reconciles,
            "own_income": self.own_income,
        }  # fmt: skip


def disclosure(session: Session, compound: Compound, quarter: str) -> CommonIncomeReport:
    start, end = parse_quarter(quarter)
    before = start - timedelta(days=1)
    income = []
    for r, gross, share in session.execute(
        select(Resource, func.sum(ResourceIncome.amount), func.sum(ResourceIncome.company_share))
        .join(ResourceIncome, ResourceIncome.resource_id == Resource.id)
        .where(ResourceIncome.compound_id == compound.id, ResourceIncome.common.is_(True),
               ResourceIncome.date.between(start, end))
        .group_by(Resource.id)
        .order_by(Resource.kind, Resource.code)
    ):  # fmt: skip
        income.append(ResourceLine(r.id, r.kind, r.code, r.location, int(gross), int(share)))
    own = session.execute(select(func.coalesce(func.sum(ResourceIncome.amount), 0)).where(
        ResourceIncome.compound_id == compound.id, ResourceIncome.common.is_(False),
        ResourceIncome.date.between(start, end))).scalar_one()  # fmt: skip
    costs = session.execute(select(func.coalesce(func.sum(ResourceCost.amount), 0)).where(
        ResourceCost.compound_id == compound.id, ResourceCost.common.is_(True),
        ResourceCost.date.between(start, end))).scalar_one()  # fmt: skip
    uses = tuple(
        UseLine(u.date, u.kind, u.amount,
                f"表决 {u.vote_id}" if u.vote_id else f"{u.decided_on} {u.decision}")
        for u in session.execute(select(OwnersMoneyUse).where(
            OwnersMoneyUse.compound_id == compound.id, OwnersMoneyUse.date.between(start, end)
        ).order_by(OwnersMoneyUse.date, OwnersMoneyUse.id)).scalars()
    )  # fmt: skip
    gross = sum(r.gross for r in income)
    share = sum(r.company_share for r in income)
    costs = int(costs)
    return CommonIncomeReport(
        compound.name, quarter.strip().upper(), start, end,
        owners_balance(session, compound.id, before), tuple(income), gross, costs, share,
        gross - costs - share, uses, sum(u.amount for u in uses),
        owners_balance(session, compound.id, end), ledger_balance(session, compound, before),
        ledger_balance(session, compound, end), int(own),
    )  # fmt: skip


# -- lists for the desk ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ResourceRow:
    id: int
    compound_id: int
    compound: str
    kind: str
    code: str
    location: str
    owner: str
    common: bool
    status: str
    operating_since: date | None
    vote_id: int | None
    agreements: int  # running on `on`
    income: int  # everything taken so far


def resource_rows(
    session: Session, compound_id: int | None = None, on: date | None = None
) -> list[ResourceRow]:
    """Every resource (of a compound) with its running agreements and income so far."""
    on = on or date.today()
    running = (
        select(ResourceAgreement.resource_id, func.count().label("n"))
        .where(ResourceAgreement.start <= on, ResourceAgreement.end >= on)
        .group_by(ResourceAgreement.resource_id)
        .subquery()
    )
    taken = (
        select(ResourceIncome.resource_id, func.sum(ResourceIncome.amount).label("total"))
        .group_by(ResourceIncome.resource_id)
        .subquery()
    )
    q = (
        select(Resource, Compound.name, running.c.n, taken.c.total)
        .join(Compound, Compound.id == Resource.compound_id)
        .join(running, running.c.resource_id == Resource.id, isouter=True)
        .join(taken, taken.c.resource_id == Resource.id, isouter=True)
        .order_by(by_code(Compound.name), Resource.kind, by_code(Resource.code))
    )
    if compound_id is not None:
        q = q.where(Resource.compound_id == compound_id)
    return [ResourceRow(r.id, r.compound_id, name, r.kind, r.code, r.location, r.owner, r.common,
                        r.status, r.operating_since, r.vote_id, int(n or 0), int(total or 0))
            for r, name, n, total in session.execute(q)]  # fmt: skip


@dataclass(frozen=True, slots=True)
class AgreementRow:
    id: int
    compound_id: int
    compound: str
    resource_id: int
    resource_kind: str
    resource: str
    common: bool
    kind: str
    party: str
    plate: str
    unit_id: int | None
    unit: str
    start: date
    end: date
    rent: int  # fen a month
    cycle_months: int
    share_bp: int
    renewal_of_id: int | None
    renewed: bool  # a later agreement continues it
    outstanding: int  # dues generated and not yet received
    notes: str
    version: int = 1  # give it back to the edit: a change made meanwhile is not overwritten

    def days_left(self, on: date) -> int:
        return (self.end - on).days


def agreement_rows(session: Session, compound_id: int | None = None) -> list[AgreementRow]:
    """Every agreement (of a compound), newest term first within a resource."""
    renewed = set(session.execute(select(ResourceAgreement.renewal_of_id).where(
        ResourceAgreement.renewal_of_id.is_not(None))).scalars())  # fmt: skip
    owed = dict(session.execute(
        select(ResourceDue.agreement_id, func.sum(ResourceDue.amount - ResourceDue.paid))
        .group_by(ResourceDue.agreement_id)
    ).all())  # fmt: skip
    q = (
        select(ResourceAgreement, Resource, Compound.name, Unit.code)
        .join(Resource, Resource.id == ResourceAgreement.resource_id)
        .join(Compound, Compound.id == Resource.compound_id)
        .join(Unit, Unit.id == ResourceAgreement.unit_id, isouter=True)
        .order_by(
            by_code(Compound.name),
            Resource.kind,
            by_code(Resource.code),
            ResourceAgreement.start.desc(),
        )
    )
    if compound_id is not None:
        q = q.where(Resource.compound_id == compound_id)
    return [AgreementRow(a.id, r.compound_id, name, r.id, r.kind, r.code, r.common, a.kind,
                         a.party, a.plate, a.unit_id, unit or "", a.start, a.end, a.rent,
                         a.cycle_months, a.share_bp, a.renewal_of_id, a.id in renewed,
                         int(owed.get(a.id) or 0), a.notes, a.version)
            for a, r, name, unit in session.execute(q)]  # fmt: skip


@dataclass(frozen=True, slots=True)
class DueLine:
    id: int
    agreement_id: int
    compound: str
    resource_kind: str
    resource: str
    party: str
    period: int
    months: int
    amount: int
    paid: int

    @property
    def outstanding(self) -> int:
        return self.amount - self.paid


def due_lines(
    session: Session, compound_id: int | None = None, period: int | None = None,
    *, open_only: bool = False,
) -> list[DueLine]:  # fmt: skip
    """Amounts due under the agreements (of a compound, of a period), oldest first."""
    q = (
        select(ResourceDue, ResourceAgreement.party, Resource, Compound.name)
        .join(ResourceAgreement, ResourceAgreement.id == ResourceDue.agreement_id)
        .join(Resource, Resource.id == ResourceAgreement.resource_id)
        .join(Compound, Compound.id == Resource.compound_id)
        .order_by(ResourceDue.period, by_code(Compound.name), Resource.kind, by_code(Resource.code))
    )
    if compound_id is not None:
        q = q.where(Resource.compound_id == compound_id)
    if period is not None:
        q = q.where(ResourceDue.period == period)
    if open_only:
        q = q.where(ResourceDue.paid < ResourceDue.amount)
    return [DueLine(d.id, d.agreement_id, name, r.kind, r.code, party, d.period, d.months,
                    d.amount, d.paid)
            for d, party, r, name in session.execute(q)]  # fmt: skip


@dataclass(frozen=True, slots=True)
class IncomeRow:
    id: int
    date: date
    compound_id: int
    compound: str
    resource_kind: str
    resource: str
    agreement_id: int | None
    payer: str
    description: str
    amount: int
    common: bool
    company_share: int
    method: str
    receipt_number: int
    receipt_void: bool
    voucher: str

    @property
    def owners_share(self) -> int:
        return self.amount - self.company_share if self.common else 0


def income_rows(
    session: Session, compound_id: int | None = None, start: date | None = None,
    end: date | None = None,
) -> list[IncomeRow]:  # fmt: skip
    q = (
        select(ResourceIncome, Resource.kind, Resource.code, Compound.name, Receipt.number,
               Receipt.status, Voucher.period, Voucher.number, Voucher.word)
        .join(Resource, Resource.id == ResourceIncome.resource_id)
        .join(Compound, Compound.id == ResourceIncome.compound_id)
        .join(Receipt, Receipt.id == ResourceIncome.receipt_id)
        .join(Voucher, Voucher.id == ResourceIncome.voucher_id)
        .order_by(ResourceIncome.date.desc(), ResourceIncome.id.desc())
    )  # fmt: skip
    q = _dated(q, ResourceIncome, compound_id, start, end)
    return [IncomeRow(i.id, i.date, i.compound_id, name, kind, code, i.agreement_id, i.payer,
                      i.description, i.amount, i.common, i.company_share, i.method, number,
                      status == "void", ledger.voucher_label(vp, vn, vw))
            for i, kind, code, name, number, status, vp, vn, vw in session.execute(q)]  # fmt: skip


def _dated(q, model, compound_id, start, end):  # type: ignore[no-untyped-def]
    if compound_id is not None:
        q = q.where(model.compound_id == compound_id)
    if start is not None:
        q = q.where(model.date >= start)
    if end is not None:
        q = q.where(model.date <= end)
    return q


@dataclass(frozen=True, slots=True)
class CostRow:
    id: int
    date: date
    compound_id: int
    compound: str
    resource: str  # kind and code, or '' for the compound's common resources as a whole
    category: str
    amount: int
    common: bool
    method: str
    description: str
    evidence_name: str
    evidence_sha256: str
    voucher: str


def cost_rows(
    session: Session, compound_id: int | None = None, start: date | None = None,
    end: date | None = None,
) -> list[CostRow]:  # fmt: skip
    q = (
        select(ResourceCost, Resource.kind, Resource.code, Compound.name, Voucher.period,
               Voucher.number, Voucher.word)
        .join(Compound, Compound.id == ResourceCost.compound_id)
        .join(Resource, Resource.id == ResourceCost.resource_id, isouter=True)
        .join(Voucher, Voucher.id == ResourceCost.voucher_id)
        .order_by(ResourceCost.date.desc(), ResourceCost.id.desc())
    )  # fmt: skip
    q = _dated(q, ResourceCost, compound_id, start, end)
    return [CostRow(c.id, c.date, c.compound_id, name,
                    f"{KINDS[kind].format()} {code}" if kind else "", c.category, c.amount,
                    c.common, c.method, c.description, c.evidence_name, c.evidence_sha256,
                    ledger.voucher_label(vp, vn, vw))
            for c, kind, code, name, vp, vn, vw in session.execute(q)]  # fmt: skip


_Date = date


@dataclass(frozen=True, slots=True)
class UseRow:
    id: int
    date: date
    compound_id: int
    compound: str
    kind: str
    amount: int
    vote_id: int | None
    decision: str  # the vote's title, or the decision text
    decided_on: _Date | None  # (`date` is a field name here)
    description: str
    units: int  # units credited, for a fee offset
    voucher: str


def use_rows(session: Session, compound_id: int | None = None) -> list[UseRow]:
    units = (
        select(OwnersMoneyShare.use_id, func.count().label("n"))
        .group_by(OwnersMoneyShare.use_id)
        .subquery()
    )
    q = (
        select(OwnersMoneyUse, Compound.name, Vote.title, units.c.n, Voucher.period,
               Voucher.number, Voucher.word)
        .join(Compound, Compound.id == OwnersMoneyUse.compound_id)
        .join(Vote, Vote.id == OwnersMoneyUse.vote_id, isouter=True)
        .join(units, units.c.use_id == OwnersMoneyUse.id, isouter=True)
        .join(Voucher, Voucher.id == OwnersMoneyUse.voucher_id)
        .order_by(OwnersMoneyUse.date.desc(), OwnersMoneyUse.id.desc())
    )  # fmt: skip
    q = _dated(q, OwnersMoneyUse, compound_id, None, None)
    return [UseRow(u.id, u.date, u.compound_id, name, u.kind, u.amount, u.vote_id,
                   f"表决 {u.vote_id}：{title}" if u.vote_id else u.decision, u.decided_on,
                   u.description, int(n or 0), ledger.voucher_label(vp, vn, vw))
            for u, name, title, n, vp, vn, vw in session.execute(q)]  # fmt: skip


@dataclass(frozen=True, slots=True)
class OwnersSummary:
    """A compound's owners' money today: the module's figure and its ledger sub-account."""

    compound_id: int
    compound: str
    account: str  # 224101xx
    share_bp: int  # the management share in force on `on`
    gross: int
    company_share: int
    costs: int
    used: int
    balance: int  # by the module's records
    ledger_balance: int  # 224101xx in the ledger

    @property
    def ties(self) -> bool:
        return self.balance == self.ledger_balance


def owners_summaries(
    session: Session, compound_id: int | None = None, on: date | None = None
) -> list[OwnersSummary]:
    """Per compound (that has units or common income): the owners' money and what made it."""
    on = on or date.today()
    q = select(Compound).order_by(by_code(Compound.name))
    if compound_id is not None:
        q = q.where(Compound.id == compound_id)
    out = []

    def total(cid: int, col, model, *conds) -> int:  # type: ignore[no-untyped-def]
        return int(session.execute(select(func.coalesce(func.sum(col), 0)).where(
            model.compound_id == cid, *conds)).scalar_one())  # fmt: skip

    common_income, common_cost = ResourceIncome.common.is_(True), ResourceCost.common.is_(True)
    for c in session.execute(q).scalars():
        gross = total(c.id, ResourceIncome.amount, ResourceIncome, common_income)
        share = total(c.id, ResourceIncome.company_share, ResourceIncome, common_income)
        costs = total(c.id, ResourceCost.amount, ResourceCost, common_cost)
        used = total(c.id, OwnersMoneyUse.amount, OwnersMoneyUse)
        code = f"{OWNERS_PARENT}{c.id:02d}" if c.id <= 99 else ""
        out.append(OwnersSummary(c.id, c.name, code, share_on(session, c.id, on), gross, share,
                                 costs, used, gross - share - costs - used,
                                 ledger_balance(session, c) if code else 0))  # fmt: skip
    return out


@dataclass(frozen=True, slots=True)
class ShareTerm:
    id: int
    start: date
    share_bp: int
    agreement: str


def share_terms(session: Session, compound_id: int) -> list[ShareTerm]:
    """The management shares agreed for a compound, latest first."""
    return [ShareTerm(t.id, t.start, t.share_bp, t.agreement) for t in session.execute(
        select(CommonIncomeTerms).where(CommonIncomeTerms.compound_id == compound_id)
        .order_by(CommonIncomeTerms.start.desc(), CommonIncomeTerms.id.desc())).scalars()]  # fmt: skip


@dataclass(frozen=True, slots=True)
class UnitPart:
    unit_id: int
    code: str
    owner: str
    area: int  # hundredths of m²
    amount: int  # fen


def split_rows(session: Session, compound_id: int, amount: int) -> list[UnitPart]:
    """`amount` split to the compound's units by floor area, with each unit's code and owner."""
    parts = split_to_units(session, compound_id, amount)
    units = {u.id: u for u in registry.list_units(session, compound_id)}
    return [UnitPart(uid, units[uid].code, units[uid].owner, units[uid].area, fen)
            for uid, fen in parts.items()]  # fmt: skip


# -- the book's invariant ---------------------------------------------------------------------------
@register("owners' common income equals 224101")
def _owners_money(session: Session) -> list[str]:
    out = []
    ids = set(session.execute(select(ResourceIncome.compound_id).distinct()).scalars())
    ids |= set(session.execute(select(ResourceCost.compound_id).distinct()).scalars())
    ids |= set(session.execute(select(OwnersMoneyUse.compound_id).distinct()).scalars())
    for code in ledger.accounts(session):
        if code.startswith(OWNERS_PARENT) and len(code) == len(OWNERS_PARENT) + 2:
            ids.add(int(code[-2:]))
    for cid in sorted(ids):
        compound = session.get(Compound, cid)
        if compound is None:
            continue
        mod, led = owners_balance(session, cid), ledger_balance(session, compound)
        if mod != led:
            out.append(T_CHECK.format(compound=compound.name, module=format_amount(mod),
                                      code=f"{OWNERS_PARENT}{cid:02d}", ledger=format_amount(led)))  # fmt: skip
    return out


# -- the demo book ----------------------------------------------------------------------------------
def _pass_common_use_vote(s: Session, compound: Compound, opens: date) -> Vote:
    closes = opens + timedelta(days=20)
    vote = votes.create_vote(s, compound, core_votes.COMMON_USE,
                             "利用小区共有部分设置停车位、广告位、快递柜和便民市场并收取费用",
                             opens=opens, closes=closes, method="door-to-door")  # fmt: skip
    codes = s.execute(select(VoteUnit.code).where(VoteUnit.vote_id == vote.id)
                      .order_by(VoteUnit.id)).scalars().all()  # fmt: skip
    seen_voters: set[int] = set()
    for code in codes:
        vu = votes.vote_unit(s, vote, code)
        if vu.voter_id in seen_voters:
            continue
        seen_voters.add(vu.voter_id)
        votes.cast_ballot(s, vote, code, core_votes.AGREE, opens + timedelta(days=3))
    votes.close_vote(s, vote, closes)
    return vote


def demo_resources(book: Book, rng: random.Random, *, today: date | None = None) -> None:
    """For the demo: per compound a passed common-use vote, a 20 % management share, parking
    (common and the company's own), lift ads, a parcel locker and a small market with about a
    year of income and costs up to `today`, in the open periods."""
    today = today or date.today()
    with book.write() as s:
        compounds = list(s.execute(select(Compound).order_by(Compound.id)).scalars())
        closed = ledger.closed_through(s)
        first = period_of(today - timedelta(days=360))
        if closed is not None and first <= closed:
            first = next_period(closed)
        if first > period_of(today):
            return
        start = first_day(first)
        for compound in compounds:
            if compound.id > 99:
                continue
            if s.execute(select(func.count()).select_from(Unit).where(
                    Unit.compound_id == compound.id)).scalar_one() == 0:  # fmt: skip
                continue
            _pass_common_use_vote(s, compound, start - timedelta(days=40))
            set_share(
                s, compound, 2000, start - timedelta(days=10), "公共收益管理协议：公司提取 20%"
            )
            _demo_compound(s, compound, rng, start, today)


def _demo_compound(
    s: Session, compound: Compound, rng: random.Random, start: date, today: date
) -> None:
    spaces = [add_resource(s, compound, "parking", f"P{n:03d}", location="小区主干道东侧")
              for n in range(1, 9)]  # fmt: skip
    own = add_resource(s, compound, "parking", "G01", owner="company", location="公司自有车库")
    gate = add_resource(s, compound, "parking", "TEMP", location="大门道闸（临时停车）")
    ads = [add_resource(s, compound, "ad", f"L{n}", location=f"{n} 号楼电梯轿厢")
           for n in range(1, 4)]  # fmt: skip
    locker = add_resource(s, compound, "locker", "K1", location="北门快递柜")
    stalls = [add_resource(s, compound, "stall", f"S{n}", location="便民市场") for n in range(1, 4)]
    # two-year terms, so the demo's agreements run today; one advertiser's ends within the month
    # and is listed as expiring (overview, 协议 tab)
    end = date(start.year + 2, start.month, 1) - timedelta(days=1)
    ad_end = [max(today + timedelta(days=20), start + timedelta(days=1)), end, end]
    surnames = "王李张刘陈杨赵黄周吴"
    cards = []
    for r in spaces[:6]:
        cards.append((r, add_agreement(s, r, NewAgreement(
            "card", rng.choice(surnames) + "先生", start, end, rent=rng.choice((12000, 15000)),
            plate=f"鲁B{rng.randint(10000, 99999)}"))))  # fmt: skip
    cards.append((own, add_agreement(s, own, NewAgreement("card", "周女士", start, end, rent=20000,
                                                           plate="鲁B5A888"))))  # fmt: skip
    ad_agreements = [(r, add_agreement(s, r, NewAgreement("ad", "新潮传媒", start, ad_end[i],
                                                          rent=30000, cycle_months=3)))
                     for i, r in enumerate(ads)]  # fmt: skip
    lock = add_agreement(
        s, locker, NewAgreement("locker", "丰巢", start, end, rent=50000, cycle_months=3)
    )
    stall_agreements = [(r, add_agreement(s, r, NewAgreement(
        "stall", rng.choice(surnames) + "记菜摊", start, end, rent=rng.choice((40000, 50000)))))
        for r in stalls]  # fmt: skip
    add_agreement(s, gate, NewAgreement("temporary", "临时停车", start, end))
    p = period_of(start)
    while p <= period_of(today):
        generate_dues(s, p)
        day = first_day(p) + timedelta(days=rng.randint(0, 9))
        if day > today:
            break
        for r, a in cards + stall_agreements:
            record_income(s, r, a.rent, rng.choice(("wechat", "cash", "bank")), day, agreement=a)
        if (p % 100 - period_of(start) % 100) % 3 == 0:
            for r, a in [*ad_agreements, (locker, lock)]:
                record_income(s, r, a.rent * 3, "bank", day, agreement=a)
        takings = sum(rng.randint(2000, 9000) for _ in range(28))
        record_temporary_parking(s, gate, takings, "wechat", min(last_day(p), today))
        ev = votes.evidence_from_bytes(f"电费单-{fmt_period(p)}.pdf", f"{compound.id}-{p}".encode())
        record_cost(s, compound, rng.randint(8000, 15000), day, "electricity", ev, resource=gate)
        ev = votes.evidence_from_bytes(f"保洁-{fmt_period(p)}.pdf", f"c{compound.id}-{p}".encode())
        record_cost(s, compound, rng.randint(10000, 20000), day, "cleaning", ev)
        p = next_period(p)
