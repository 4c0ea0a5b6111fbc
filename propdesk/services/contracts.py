"""Service contracts and their fee standards: term, billing cycle, rates per unit type, items.

The consent-vote gating and the contract life (draft -> signed -> active -> expired /
terminated) build on these tables; here a contract is added ready to bill.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from propdesk.core.errors import UserError
from propdesk.core.fees import LateFeeRule
from propdesk.core.i18n import bilingual
from propdesk.core.periods import first_day, fmt_period, period_of
from propdesk.db.models import Bill, Compound, Contract, FeeItem, FeeRate
from propdesk.services import audit, ledger
from propdesk.services.registry import UNIT_KINDS

T_BAD_TERM = bilingual(
    "合同终止日期 {end} 早于开始日期 {start}",
    "the contract ends ({end}) before it starts ({start})",
)
T_BAD_CYCLE = bilingual(
    "计费周期只能是 1、3、6 或 12 个月", "the billing cycle must be 1, 3, 6 or 12 months"
)
T_BAD_BILLING_START = bilingual(
    "开始计费月份 {period} 不在合同期内", "billing start {period} is outside the contract term"
)
T_NUMBER_EXISTS = bilingual("合同编号 {number} 已存在", "contract number {number} already exists")
T_OVERLAP = bilingual(
    "小区「{compound}」在该期间已有生效合同 {number}",
    'compound "{compound}" already has contract {number} in force then',
)
T_NO_RATES = bilingual(
    "至少需要一个收费项目或物业费单价", "at least one fee item or service-fee rate is needed"
)
T_BAD_UNIT_KIND = bilingual("房屋类型「{kind}」无效", 'unit type "{kind}" is invalid')
T_BAD_ITEM_KIND = bilingual("收费项目类型「{kind}」无效", 'fee item kind "{kind}" is invalid')
T_DUP_ITEM = bilingual("收费项目「{name}」重复", 'fee item "{name}" appears twice')
T_BAD_LATE_RULE = bilingual("违约金规则「{rule}」无效", 'late-fee rule "{rule}" is invalid')
T_NO_CONTRACT = bilingual("合同 {number} 不存在", "contract {number} does not exist")

ITEM_KINDS = {"area": "按面积", "fixed": "固定月费", "metered": "按表计量", "one_off": "一次性"}
LATE_RULES = {"none": "不收取", "daily": "按日计收", "fixed": "固定金额"}
MODES = {"lump_sum": "包干制", "cost_plus": "酬金制"}
SERVICE_FEE = "物业服务费"


@dataclass(frozen=True, slots=True)
class NewItem:
    name: str
    kind: str  # fixed | metered | one_off   (area fees come from `rates`)
    amount: int = 0  # fixed monthly / one-off amount, fen
    price_e4: int = 0  # metered price, yuan x 10^4 per unit
    income_account: str = "500101"
    unit_kinds: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NewContract:
    number: str
    start: date
    end: date
    billing_start: int | None = None  # YYYYMM, default the month of `start`
    cycle_months: int = 1
    mode: str = "lump_sum"
    rates: dict[str, int] = field(default_factory=dict)  # unit kind -> yuan/m²/month x 10^4
    items: Sequence[NewItem] = ()
    vacancy_discount_bp: int = 0
    late_fee: LateFeeRule = LateFeeRule()
    notes: str = ""


def add_contract(
    session: Session, compound: Compound, c: NewContract, *, status: str = "active"
) -> Contract:
    """A contract ready to bill (`active`, no vote: the pre-gating path) or a `draft` for the
    owners' vote; a contract becomes signed only through contract_life.sign_contract."""
    if status not in ("active", "draft"):
        raise ValueError(f"a contract is added active or draft, not {status!r}")
    billing_start = _check(session, compound, c)
    contract = Contract(
        compound_id=compound.id, number=c.number, status=status, mode=c.mode, start=c.start, end=c.end,
        billing_start=billing_start, cycle_months=c.cycle_months, vacancy_discount_bp=c.vacancy_discount_bp,
        late_fee_rule=c.late_fee.kind, late_fee_daily_ppm=c.late_fee.daily_ppm, late_fee_fixed=c.late_fee.fixed,
        late_fee_grace_days=c.late_fee.grace_days, notes=c.notes,
    )  # fmt: skip
    session.add(contract)
    session.flush()
    _add_items(session, contract, c)
    forget_terms(session)
    audit.record(
        session, "contract.add", "contract", c.number,
        after={"compound": compound.name, "start": c.start.isoformat(), "end": c.end.isoformat(),
               "rates": c.rates, "items": [it.name for it in c.items], "status": status},
    )  # fmt: skip
    return contract


def _check(session: Session, compound: Compound, c: NewContract, editing: int | None = None) -> int:
    """Refuse a fee standard that cannot be billed; its billing start. `editing`: the contract
    whose standard this replaces (its own number and term do not clash with itself)."""
    if c.end < c.start:
        raise UserError(T_BAD_TERM, start=c.start, end=c.end)
    if c.cycle_months not in (1, 3, 6, 12):
        raise UserError(T_BAD_CYCLE)
    billing_start = c.billing_start or period_of(c.start)
    if not (period_of(c.start) <= billing_start <= period_of(c.end)):
        raise UserError(T_BAD_BILLING_START, period=fmt_period(billing_start))
    if c.late_fee.kind not in LATE_RULES:
        raise UserError(T_BAD_LATE_RULE, rule=c.late_fee.kind)
    if not c.rates and not c.items:
        raise UserError(T_NO_RATES)
    for kind in c.rates:
        if kind not in UNIT_KINDS:
            raise UserError(T_BAD_UNIT_KIND, kind=kind)
    names = [SERVICE_FEE] if c.rates else []
    for it in c.items:
        if it.kind not in ("fixed", "metered", "one_off"):
            raise UserError(T_BAD_ITEM_KIND, kind=it.kind)
        if it.name in names:
            raise UserError(T_DUP_ITEM, name=it.name)
        names.append(it.name)
        ledger.account(session, it.income_account)
    same = select(Contract.id).where(Contract.number == c.number, Contract.id != (editing or 0))
    if session.execute(same).first():
        raise UserError(T_NUMBER_EXISTS, number=c.number)
    clash = session.execute(
        select(Contract.number).where(
            Contract.compound_id == compound.id,
            Contract.status.in_(("active", "signed")),
            Contract.start <= c.end,
            Contract.end >= c.start,
            Contract.id != (editing or 0),
        )
    ).first()
    if clash:
        raise UserError(T_OVERLAP, compound=compound.name, number=clash[0])
    return billing_start


def _add_items(session: Session, contract: Contract, c: NewContract) -> None:
    if c.rates:
        item = FeeItem(
            contract_id=contract.id, name=SERVICE_FEE, kind="area", income_account="500101"
        )
        session.add(item)
        session.flush()
        for kind, rate in c.rates.items():
            session.add(FeeRate(item_id=item.id, unit_kind=kind, rate_e4=rate))
    for it in c.items:
        session.add(
            FeeItem(
                contract_id=contract.id, name=it.name, kind=it.kind, amount=it.amount, price_e4=it.price_e4,
                income_account=it.income_account, unit_kinds=",".join(it.unit_kinds),
            )
        )  # fmt: skip
    session.flush()


T_BILLED = bilingual(
    "合同 {number} 已开始计费，收费标准不能再改：请续签新合同",
    "contract {number} has been billed: its fee standard cannot change; renew it instead",
)
T_ENDED = bilingual(
    "合同 {number} 已到期或终止，收费标准不能再改", "contract {number} has ended: its fee standard cannot change"
)


def edit_fee_standard(
    session: Session, contract_id: int, c: NewContract, *, expected_version: int | None = None
) -> Contract:
    """Replace the fee standard (number, term, billing start and cycle, mode, rates, items,
    vacancy discount, late fees) of a contract nothing has been billed under yet: a draft, or
    one signed or active whose billing has not begun. Once billed, a change needs a renewal
    (bills already posted were figured on the old standard). An edit made from an older
    version (another clerk saved meanwhile) is refused and the other change kept."""
    from propdesk.services.grids import check_version

    contract = session.get(Contract, contract_id)
    if contract is None:
        raise UserError(T_NO_CONTRACT, number=contract_id)
    check_version(contract, expected_version, contract.number)
    if contract.status in ("expired", "terminated"):
        raise UserError(T_ENDED, number=contract.number)
    if session.execute(select(Bill.id).where(Bill.contract_id == contract.id).limit(1)).first():
        raise UserError(T_BILLED, number=contract.number)
    compound = session.get(Compound, contract.compound_id)
    assert compound is not None
    billing_start = _check(session, compound, c, editing=contract.id)
    before = _standard(session, contract)
    for name, value in (
        ("number", c.number), ("start", c.start), ("end", c.end), ("billing_start", billing_start),
        ("cycle_months", c.cycle_months), ("mode", c.mode), ("vacancy_discount_bp", c.vacancy_discount_bp),
        ("late_fee_rule", c.late_fee.kind), ("late_fee_daily_ppm", c.late_fee.daily_ppm),
        ("late_fee_fixed", c.late_fee.fixed), ("late_fee_grace_days", c.late_fee.grace_days),
    ):  # fmt: skip
        setattr(contract, name, value)
    if c.notes:
        contract.notes = c.notes
    _replace_items(session, contract, c)
    flag_modified(contract, "notes")  # a new version even when only the items changed
    session.flush()
    forget_terms(session)
    audit.record(session, "contract.fee_standard", "contract", contract.number,
                 before=before, after=_standard(session, contract))  # fmt: skip
    return contract


def _replace_items(session: Session, contract: Contract, c: NewContract) -> None:
    """The contract's fee items become `c`'s: an item of the same name is updated in place
    (item names are unique per contract), one no longer there is switched off, a new one added.
    Nothing was billed under them (edit_fee_standard checks)."""
    old = {it.name: it for it in session.execute(
        select(FeeItem).where(FeeItem.contract_id == contract.id)).scalars()}  # fmt: skip
    wanted: dict[str, dict[str, object]] = {}
    if c.rates:
        wanted[SERVICE_FEE] = {"kind": "area", "amount": 0, "price_e4": 0,
                               "income_account": "500101", "unit_kinds": ""}  # fmt: skip
    for it in c.items:
        wanted[it.name] = {"kind": it.kind, "amount": it.amount, "price_e4": it.price_e4,
                           "income_account": it.income_account, "unit_kinds": ",".join(it.unit_kinds)}  # fmt: skip
    for name, item in old.items():
        if name not in wanted:
            item.active = False
    for name, fields in wanted.items():
        item = old.get(name)
        if item is None:
            item = FeeItem(contract_id=contract.id, name=name, **fields)
            session.add(item)
        else:
            for key, value in fields.items():
                setattr(item, key, value)
            item.active = True
        session.flush()
        if name == SERVICE_FEE:
            for rate in session.execute(select(FeeRate).where(FeeRate.item_id == item.id)).scalars():
                session.delete(rate)
            session.flush()
            for kind, rate_e4 in c.rates.items():
                session.add(FeeRate(item_id=item.id, unit_kind=kind, rate_e4=rate_e4))
    session.flush()


def _standard(session: Session, c: Contract) -> dict[str, object]:
    items = items_of(session, c.id)
    return {
        "number": c.number, "start": c.start.isoformat(), "end": c.end.isoformat(),
        "billing_start": c.billing_start, "cycle": c.cycle_months, "mode": c.mode,
        "vacancy_bp": c.vacancy_discount_bp, "late_fee": [c.late_fee_rule, c.late_fee_daily_ppm,
                                                          c.late_fee_fixed, c.late_fee_grace_days],
        "rates": {k: r for it in items if it.kind == "area" for k, r in rates_of(session, it.id).items()},
        "items": [[it.name, it.kind, it.amount, it.price_e4] for it in items if it.kind != "area"],
    }  # fmt: skip


def billable_contract(session: Session, compound_id: int, period: int) -> Contract | None:
    """The contract under which a compound is billed for a month.

    An active contract past its end with no decision continues without a fixed term
    (Civil Code 948), so only the start and billing start bound it here.
    """
    return session.execute(
        select(Contract)
        .where(
            Contract.compound_id == compound_id,
            Contract.status == "active",
            Contract.billing_start <= period,
            Contract.start <= first_day(period),
        )
        .order_by(Contract.start.desc())
        .limit(1)
    ).scalar_one_or_none()


@dataclass(frozen=True, slots=True)
class FeeTerms:
    """What a compound is billed under in a month: the contract, its items and area rates."""

    contract: Contract
    items: list[FeeItem]
    rates: dict[int, dict[str, int]]  # area item id -> unit kind -> rate x 10^4


def terms(session: Session, compound_id: int, period: int) -> FeeTerms | None:
    """The fee terms in force, cached for the session (a billing run or a batch of payments)."""
    cache = session.info.setdefault("fee_terms", {})
    key = (compound_id, period)
    if key not in cache:
        contract = billable_contract(session, compound_id, period)
        if contract is None:
            cache[key] = None
        else:
            items = items_of(session, contract.id)
            cache[key] = FeeTerms(
                contract,
                items,
                {it.id: rates_of(session, it.id) for it in items if it.kind == "area"},
            )
    return cache[key]  # type: ignore[no-any-return]


def forget_terms(session: Session) -> None:
    session.info.pop("fee_terms", None)


def contract_by_number(session: Session, number: str) -> Contract:
    c = session.execute(select(Contract).where(Contract.number == number)).scalar_one_or_none()
    if c is None:
        raise UserError(T_NO_CONTRACT, number=number)
    return c


def rule_of(contract: Contract) -> LateFeeRule:
    return LateFeeRule(
        contract.late_fee_rule,
        contract.late_fee_daily_ppm,
        contract.late_fee_fixed,
        contract.late_fee_grace_days,
    )


def items_of(session: Session, contract_id: int) -> list[FeeItem]:
    return list(
        session.execute(
            select(FeeItem)
            .where(FeeItem.contract_id == contract_id, FeeItem.active.is_(True))
            .order_by(FeeItem.id)
        ).scalars()
    )


def rates_of(session: Session, item_id: int) -> dict[str, int]:
    return dict(
        session.execute(
            select(FeeRate.unit_kind, FeeRate.rate_e4).where(FeeRate.item_id == item_id)
        ).all()
    )


def contracts_of(session: Session, compound_id: int | None = None) -> list[Contract]:
    q = select(Contract).order_by(Contract.start)
    if compound_id is not None:
        q = q.where(Contract.compound_id == compound_id)
    return list(session.execute(q).scalars())


def applies_to(item: FeeItem, unit_kind: str) -> bool:
    return not item.unit_kinds or unit_kind in item.unit_kinds.split(",")


_unused = or_
