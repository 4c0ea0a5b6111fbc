"""Reads behind the desk pages (compounds, contracts, bills, receipts, a unit's account) and the vacancy flag."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from propdesk.core.errors import UserError
from propdesk.core.i18n import bilingual
from propdesk.db.models import (
    Bill,
    Compound,
    Contract,
    FeeItem,
    FeeRate,
    Payment,
    Person,
    Receipt,
    Unit,
)
from propdesk.db.ordering import by_code
from propdesk.services import audit, billing, contracts, payments, registry
from propdesk.services.payments import receipt_label

T_NO_UNIT_ID = bilingual("房屋 #{unit} 不存在", "unit #{unit} does not exist")
T_NO_COMPOUND_ID = bilingual("小区 #{compound} 不存在", "compound #{compound} does not exist")
T_LATE_FEE = bilingual("违约金", "Late fee")


# -- compounds and units ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CompoundRow:
    id: int
    name: str
    address: str
    community: str
    street: str
    units: int
    area: int  # hundredths of m²
    unsold: int
    vacant: int


def compounds(session: Session) -> list[CompoundRow]:
    """Every compound with its unit count, total area, unsold and vacant units, by name."""
    q = (
        select(
            Compound.id, Compound.name, Compound.address, Compound.community, Compound.street,
            func.count(Unit.id), func.sum(Unit.area),
            func.sum(case((Unit.developer_held.is_(True), 1), else_=0)),
            func.sum(case((Unit.vacant.is_(True), 1), else_=0)),
        )
        .join(Unit, Unit.compound_id == Compound.id, isouter=True)
        .group_by(Compound.id)
        .order_by(by_code(Compound.name))
    )  # fmt: skip
    return [
        CompoundRow(cid, name, addr or "", comm or "", street or "", int(n or 0), int(a or 0),
                    int(unsold or 0), int(vacant or 0))
        for cid, name, addr, comm, street, n, a, unsold, vacant in session.execute(q)
    ]  # fmt: skip


def unit_by_id(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise UserError(T_NO_UNIT_ID, unit=unit_id)
    return unit


def compound_by_id(session: Session, compound_id: int) -> Compound:
    c = session.get(Compound, compound_id)
    if c is None:
        raise UserError(T_NO_COMPOUND_ID, compound=compound_id)
    return c


def set_vacant(session: Session, unit_ids: list[int], vacant: bool) -> int:
    """设为空置 / 取消空置: the contract's vacancy discount applies from the next billing run.

    Returns how many units changed (those already so are left alone)."""
    changed = 0
    for uid in unit_ids:
        unit = unit_by_id(session, uid)
        if unit.vacant == vacant:
            continue
        unit.vacant = vacant
        unit.version += 1
        changed += 1
        audit.record(session, "unit.vacant", "unit", unit.id,
                     before={"vacant": not vacant}, after={"vacant": vacant})  # fmt: skip
    session.flush()
    return changed


# -- contracts ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ItemRow:
    name: str
    kind: str  # area | fixed | metered | one_off
    amount: int  # fen (fixed monthly, one-off)
    price_e4: int  # metered
    rates: tuple[tuple[str, int], ...]  # area items: (unit kind, rate x 10^4)
    income_account: str = "500101"
    unit_kinds: tuple[str, ...] = ()  # the unit kinds it applies to (none: all)


@dataclass(frozen=True, slots=True)
class ContractRow:
    id: int
    compound_id: int
    compound: str
    number: str
    status: str
    mode: str
    start: date
    end: date
    billing_start: int
    cycle_months: int
    vacancy_discount_bp: int
    late_fee_rule: str
    late_fee_daily_ppm: int
    late_fee_fixed: int
    late_fee_grace_days: int
    items: tuple[ItemRow, ...]
    notes: str
    version: int = 1  # give it back to the fee-standard edit: a change made meanwhile is kept

    @property
    def rates(self) -> dict[str, int]:
        return {k: r for it in self.items if it.kind == "area" for k, r in it.rates}


def contract_rows(session: Session, compound_id: int | None = None) -> list[ContractRow]:
    """Contracts with their fee items and area rates, oldest first."""
    q = select(Contract, Compound.name).join(Compound, Compound.id == Contract.compound_id)
    if compound_id is not None:
        q = q.where(Contract.compound_id == compound_id)
    found = session.execute(q.order_by(by_code(Compound.name), Contract.start)).all()
    ids = [c.id for c, _ in found]
    items: dict[int, list[FeeItem]] = {}
    rates: dict[int, list[tuple[str, int]]] = {}
    if ids:
        for it in session.execute(
            select(FeeItem).where(FeeItem.contract_id.in_(ids), FeeItem.active.is_(True)).order_by(FeeItem.id)
        ).scalars():  # fmt: skip
            items.setdefault(it.contract_id, []).append(it)
        for item_id, kind, rate in session.execute(
            select(FeeRate.item_id, FeeRate.unit_kind, FeeRate.rate_e4)
            .join(FeeItem, FeeItem.id == FeeRate.item_id)
            .where(FeeItem.contract_id.in_(ids))
        ):
            rates.setdefault(item_id, []).append((kind, int(rate)))
    order = {k: i for i, k in enumerate(registry.UNIT_KINDS)}
    return [
        ContractRow(
            c.id,
            c.compound_id,
            cname,
            c.number,
            c.status,
            c.mode,
            c.start,
            c.end,
            c.billing_start,
            c.cycle_months,
            c.vacancy_discount_bp,
            c.late_fee_rule,
            c.late_fee_daily_ppm,
            c.late_fee_fixed,
            c.late_fee_grace_days,
            tuple(
                ItemRow(
                    it.name,
                    it.kind,
                    it.amount,
                    it.price_e4,
                    tuple(sorted(rates.get(it.id, []), key=lambda r: order.get(r[0], 9))),
                    it.income_account,
                    tuple(k for k in it.unit_kinds.split(",") if k),
                )
                for it in items.get(c.id, [])
            ),
            c.notes,
            c.version,
        )
        for c, cname in found
    ]


def item_names(session: Session, compound_id: int, period: int, kind: str) -> list[str]:
    """Names of the fee items of a kind (metered, one_off, ...) in the contract billing a month."""
    t = contracts.terms(session, compound_id, period)
    return [] if t is None else [it.name for it in t.items if it.kind == kind]


# -- bills --------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class BillRow:
    id: int
    compound_id: int
    compound: str
    unit_id: int
    unit: str
    payer: str
    item: str
    description: str
    kind: str  # fee | metered | one_off | late_fee
    period: int
    months: int
    due_date: date
    amount: int
    waived: int
    paid: int

    @property
    def outstanding(self) -> int:
        return self.amount - self.waived - self.paid


def bills(
    session: Session,
    *,
    period: int | None = None,
    compound_id: int | None = None,
    unit_id: int | None = None,
    open_only: bool = False,
) -> list[BillRow]:
    """Bills by compound and unit, oldest due first; filtered by month, compound, unit, open."""
    q = (
        select(Bill, Compound.name, Unit.code, Person.name, FeeItem.name)
        .join(Compound, Compound.id == Bill.compound_id)
        .join(Unit, Unit.id == Bill.unit_id)
        .join(Person, Person.id == Bill.person_id)
        .join(FeeItem, FeeItem.id == Bill.item_id, isouter=True)
    )
    if period is not None:
        q = q.where(Bill.period == period)
    if compound_id is not None:
        q = q.where(Bill.compound_id == compound_id)
    if unit_id is not None:
        q = q.where(Bill.unit_id == unit_id)
    if open_only:
        q = q.where(Bill.amount - Bill.waived - Bill.paid > 0)
    q = q.order_by(by_code(Compound.name), Bill.unit_id, Bill.due_date, Bill.id)
    late = T_LATE_FEE.format()
    return [
        BillRow(
            b.id,
            b.compound_id,
            cname,
            b.unit_id,
            code,
            payer,
            item or (late if b.kind == "late_fee" else ""),
            b.description,
            b.kind,
            b.period,
            b.months,
            b.due_date,
            b.amount,
            b.waived,
            b.paid,
        )
        for b, cname, code, payer, item in session.execute(q)
    ]


# -- a unit at the counter ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class UnitAccount:
    """What the cashier sees for a unit: who, open bills oldest first, prepaid, the cap."""

    unit_id: int
    compound: str
    code: str
    owner: str
    area: int
    kind: str
    bills: tuple[BillRow, ...]
    prepaid: int
    prepay_cap: int  # 12 months of fees within the contract (payments.prepayment_cap)

    @property
    def owed(self) -> int:
        return sum(b.outstanding for b in self.bills)

    @property
    def prepay_room(self) -> int:
        """How much more may be prepaid now."""
        return max(self.prepay_cap - self.prepaid, 0)


def unit_account(session: Session, unit_id: int, on: date) -> UnitAccount:
    unit = unit_by_id(session, unit_id)
    compound = compound_by_id(session, unit.compound_id)
    owners = registry.owners_on(session, unit.id, on)
    owner = owners[0].name if owners else registry.payer_on(session, unit.id, on).name
    open_ = bills(session, unit_id=unit.id, open_only=True)
    open_.sort(key=lambda b: (b.due_date, b.id))
    prepaid = billing.prepaid_balances(session, [unit.id]).get(unit.id, 0)
    cap = payments.prepayment_cap(session, unit, on)
    return UnitAccount(unit.id, compound.name, unit.code, owner, unit.area, unit.kind,
                       tuple(open_), prepaid, cap)  # fmt: skip


# -- receipts -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ReceiptRow:
    number: int
    date: date
    payer: str
    compound: str
    unit_id: int | None
    unit: str
    amount: int
    method: str
    clerk: str
    status: str  # valid | void
    void_reason: str
    reissue_of: int | None  # the number of the receipt this one replaces
    reference: str

    @property
    def label(self) -> str:
        return receipt_label(self.number)

    @property
    def void(self) -> bool:
        return self.status == "void"


def receipts(
    session: Session,
    start: date | None = None,
    end: date | None = None,
    *,
    compound_id: int | None = None,
    unit_id: int | None = None,
) -> list[ReceiptRow]:
    """Receipts, newest number first, by date range, compound or unit."""
    old = aliased(Receipt)
    q = (
        select(Receipt, Unit.code, Compound.name, old.number, Payment.reference)
        .join(Unit, Unit.id == Receipt.unit_id, isouter=True)
        .join(Compound, Compound.id == Unit.compound_id, isouter=True)
        .join(old, old.id == Receipt.reissue_of_id, isouter=True)
        .join(Payment, Payment.receipt_id == Receipt.id, isouter=True)
    )
    if start is not None:
        q = q.where(Receipt.date >= start)
    if end is not None:
        q = q.where(Receipt.date <= end)
    if compound_id is not None:
        q = q.where(Unit.compound_id == compound_id)
    if unit_id is not None:
        q = q.where(Receipt.unit_id == unit_id)
    return [
        ReceiptRow(
            r.number,
            r.date,
            r.payer,
            cname or "",
            r.unit_id,
            code or "",
            r.amount,
            r.method,
            r.clerk,
            r.status,
            r.void_reason or "",
            old_no,
            ref or "",
        )
        for r, code, cname, old_no, ref in session.execute(q.order_by(Receipt.number.desc()))
    ]
