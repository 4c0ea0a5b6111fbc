"""Monthly billing runs: one receivable per billable unit and fee item, posted per compound.

Idempotent (a second run of a period adds nothing), all-or-nothing (one transaction owned by
the caller), with progress and cancel. The developer is billed for unsold units and for
units not yet delivered; billing an owner starts the month after delivery. Prepayments are
consumed by the new bills, oldest first.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session

from propdesk.core.fees import area_fee, metered_fee
from propdesk.core.i18n import bilingual
from propdesk.core.periods import first_day, fmt_period, months_between, period_of
from propdesk.core.progress import Cancelled, Progress
from propdesk.db.models import (
    Allocation,
    Bill,
    Compound,
    FeeItem,
    MeterReading,
    Ownership,
    Prepayment,
    Unit,
)
from propdesk.db.ordering import by_code
from propdesk.db.upsert import TupleInsert
from propdesk.services import audit, contracts, ledger
from propdesk.services.ledger import Line, NewVoucher

RECEIVABLE = "112201"  # 应收账款—物业费
PREPAID = "220301"  # 预收账款—预收物业费

T_BILL_SUMMARY = bilingual("{compound} {period} 应收物业费", "{compound} {period} fees billed")
T_CONSUME_SUMMARY = bilingual(
    "{compound} {period} 预收款冲抵应收", "{compound} {period} prepayments applied"
)
T_PROGRESS = bilingual("正在计费：{compound}", "Billing {compound}")


BILL_COLUMNS = ("compound_id", "unit_id", "person_id", "contract_id", "item_id", "kind", "period",
                "months", "description", "due_date", "amount", "waived", "paid", "created_at",
                "voucher_id")  # fmt: skip


BATCH_LINES = 50_000  # billing lines held before they are posted together
COMPOUND_CHUNK = 100  # compounds whose units are read together


@dataclass(frozen=True, slots=True)
class _ItemView:
    """A fee item's fields as plain attributes, for the run's inner loop."""

    id: int
    kind: str
    name: str
    amount: int
    price_e4: int
    income_account: str
    unit_kinds: str

    @classmethod
    def of(cls, it: FeeItem) -> _ItemView:
        return cls(it.id, it.kind, it.name, it.amount, it.price_e4, it.income_account,
                   it.unit_kinds)  # fmt: skip


@dataclass(frozen=True, slots=True)
class BillingResult:
    period: int
    compounds: int
    bills: int
    amount: int
    prepaid_applied: int
    skipped_existing: int
    vouchers: tuple[str, ...]


def _payers(session: Session, compound_ids: list[int], on: date) -> dict[int, int]:
    """unit id -> the primary owner on a day (or the first owner before any ownership began)."""
    rows = session.execute(
        select(Ownership.unit_id, Ownership.person_id, Ownership.start, Ownership.end)
        .join(Unit, Unit.id == Ownership.unit_id)
        .where(Unit.compound_id.in_(compound_ids), Ownership.primary.is_(True))
        .order_by(Ownership.unit_id, Ownership.start)
    ).all()
    out: dict[int, int] = {}
    for unit_id, person_id, start, end in rows:
        if unit_id not in out or (start <= on and (end is None or end >= on)):
            out[unit_id] = person_id
    return out


def prepaid_balances(session: Session, unit_ids: list[int] | None = None) -> dict[int, int]:
    q = select(Prepayment.unit_id, func.sum(Prepayment.amount)).group_by(Prepayment.unit_id)
    if unit_ids is not None:
        q = q.where(Prepayment.unit_id.in_(unit_ids))
    return {u: int(a) for u, a in session.execute(q) if a}


def unit_bill_amounts(unit: Unit, months: int, discount_bp: int, items: list[FeeItem],
                      rates: dict[int, dict[str, int]],
                      readings: dict[tuple[int, int], int]) -> list[tuple[FeeItem, int, str]]:  # fmt: skip
    """(item, amount in fen, kind) for one unit and period; zero amounts are left out."""
    out = []
    for item in items:
        if item.kind == "area":
            rate = rates[item.id].get(unit.kind)
            if rate is None:
                continue
            amount = area_fee(unit.area, rate, months, discount_bp if unit.vacant else 0)
        elif item.kind == "fixed":
            if not contracts.applies_to(item, unit.kind):
                continue
            amount = item.amount * months
        elif item.kind == "metered":
            qty = readings.get((unit.id, item.id))
            if qty is None:
                continue
            amount = metered_fee(qty, item.price_e4)
        else:
            continue  # one-off items are charged by the clerk, not by the run
        if amount > 0:
            out.append((item, amount, "metered" if item.kind == "metered" else "fee"))
    return out


def run_billing(
    session: Session,
    period: int,
    *,
    compound_id: int | None = None,
    progress: Progress | None = None,
) -> BillingResult:
    q = select(Compound).order_by(by_code(Compound.name))
    if compound_id is not None:
        q = q.where(Compound.id == compound_id)
    compounds = list(session.execute(q).scalars())
    total_units = session.execute(
        select(func.count(Unit.id)).where(Unit.compound_id.in_([c.id for c in compounds]))
    ).scalar_one()
    done = 0
    n_bills = amount_total = applied_total = skipped = 0
    vouchers: list[str] = []
    on = first_day(period)
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    label = fmt_period(period)
    session.flush()  # the units are read below without the ORM: nothing may be pending
    bills = TupleInsert(session, Bill.__table__, BILL_COLUMNS)
    due, created = bills.value("due_date", on), bills.value("created_at", now)
    # Units with a prepaid balance, asked once: a run takes no payments and consumes only the
    # units of the compound being billed, so compounds without any skip the question.
    prepaid_units = set(
        session.execute(
            select(Prepayment.unit_id)
            .group_by(Prepayment.unit_id)
            .having(func.sum(Prepayment.amount) != 0)
        ).scalars()
    )
    # Compounds billed but not yet posted. Posting them together is one post_vouchers call
    # instead of one per compound (its fixed cost was most of a 500-compound run), with the
    # same vouchers, numbers, ids and audit entries in the same order as one by one.
    pending: list[tuple[Compound, list[tuple[Any, ...]], NewVoucher]] = []
    pending_lines = 0

    def flush() -> None:
        nonlocal pending_lines, applied_total
        if not pending:
            return
        refs = ledger.post_vouchers(session, [nv for _c, _b, nv in pending], audit_action=None)
        for ref, (_c, _b, nv) in zip(refs, pending, strict=True):
            ledger.record_voucher(session, "billing.post", ref, nv)
        for ref, (compound, new_bills, _nv) in zip(refs, pending, strict=True):
            vouchers.append(ref.label)
            bills.insert([(*b, ref.id) for b in new_bills])
            billed = [b[1] for b in new_bills]
            if not prepaid_units.isdisjoint(billed):
                applied, ref2 = _consume_prepayments(session, compound, period, billed)
                applied_total += applied
                if ref2:
                    vouchers.append(ref2)
        pending.clear()
        pending_lines = 0

    for start in range(0, len(compounds), COMPOUND_CHUNK):
        chunk = compounds[start : start + COMPOUND_CHUNK]
        # What the chunk's compounds need, read in one query each rather than one per compound
        # (each query's own cost, times 500 compounds, was a fifth of a city's run); units as
        # plain rows, not entities.
        cids = [c.id for c in chunk]
        units_of: dict[int, list[Any]] = defaultdict(list)
        for row in session.connection().execute(
            select(Unit.compound_id, Unit.id, Unit.code, Unit.area, Unit.kind, Unit.vacant,
                   Unit.developer_held, Unit.delivered_on)
            .where(Unit.compound_id.in_(cids))
            .order_by(Unit.compound_id, Unit.id)
        ):  # fmt: skip
            units_of[row.compound_id].append(row)
        readings = {
            (u, i): cur - prev
            for u, i, prev, cur in session.execute(
                select(
                    MeterReading.unit_id,
                    MeterReading.item_id,
                    MeterReading.previous,
                    MeterReading.current,
                )
                .join(Unit, Unit.id == MeterReading.unit_id)
                .where(Unit.compound_id.in_(cids), MeterReading.period == period)
            )
        }
        existing = set(
            session.execute(
                select(Bill.unit_id, Bill.item_id).where(
                    Bill.compound_id.in_(cids),
                    Bill.period == period,
                    Bill.kind.in_(("fee", "metered")),
                )
            ).all()
        )
        payers = _payers(session, cids, on)
        for compound in chunk:
            if progress is not None:
                progress.report(done, total_units, T_PROGRESS.format(compound=compound.name))
                if progress.cancelled():
                    raise Cancelled()
            units = units_of.get(compound.id, [])
            done += len(units)
            terms = contracts.terms(session, compound.id, period)
            if terms is None or not units:
                continue
            contract = terms.contract
            offset = months_between(contract.billing_start, period)
            cycle = contract.cycle_months
            items = [_ItemView.of(it) for it in terms.items]  # read per unit: no ORM attributes
            if offset % cycle != 0:
                items = [it for it in items if it.kind == "metered"]
                months = 1
            else:
                months = cycle
            suffix = f" 起 {months} 个月" if months > 1 else ""
            rates = terms.rates
            developer = compound.developer_id
            assert developer is not None
            cid, contract_id, discount = compound.id, contract.id, contract.vacancy_discount_bp
            new_bills: list[tuple[Any, ...]] = []
            by_account: dict[str, int] = defaultdict(int)
            lines: list[Line] = []
            for unit in units:
                # undelivered units (delivery in this month or later) are the developer's to pay
                delivered = unit.delivered_on is None or period_of(unit.delivered_on) < period
                payer = (
                    developer
                    if unit.developer_held or not delivered
                    else payers.get(unit.id, developer)
                )
                for item, amount, kind in unit_bill_amounts(
                    unit,  # type: ignore[arg-type]  # a row with the unit's columns
                    months,
                    discount,
                    items,  # type: ignore[arg-type]  # views with the items' fields
                    rates,
                    readings,
                ):
                    if (unit.id, item.id) in existing:
                        skipped += 1
                        continue
                    desc = f"{unit.code} {item.name} {label}{suffix}"
                    new_bills.append(
                        (cid, unit.id, payer, contract_id, item.id, kind, period, months, desc,
                         due, amount, 0, 0, created)
                    )  # fmt: skip
                    lines.append(Line(RECEIVABLE, debit=amount, summary=desc, compound_id=cid,
                                      unit_id=unit.id, person_id=payer))  # fmt: skip
                    by_account[item.income_account] += amount
            if not new_bills:
                continue
            summary = T_BILL_SUMMARY.format(compound=compound.name, period=label)
            for acct, amt in sorted(by_account.items()):
                lines.append(Line(acct, credit=amt, summary=summary, compound_id=cid))
            pending.append((compound, new_bills, NewVoucher(on, summary, lines, source="billing")))
            pending_lines += len(lines)
            n_bills += len(new_bills)
            amount_total += sum(b[10] for b in new_bills)
            # A compound whose prepayments are consumed posts at once, so that its consumption
            # voucher follows its billing voucher as it always has; the others go in batches.
            if pending_lines >= BATCH_LINES or not prepaid_units.isdisjoint(
                b[1] for b in new_bills
            ):
                flush()
    flush()
    if progress is not None:
        progress.report(total_units, total_units, "")
        if progress.cancelled():  # a cancel that came in while the last compound was billed
            raise Cancelled()
    result = BillingResult(
        period, len(compounds), n_bills, amount_total, applied_total, skipped, tuple(vouchers)
    )
    if n_bills:
        audit.record(session, "billing.run", "period", fmt_period(period),
                     after={"bills": n_bills, "amount": amount_total, "prepaid_applied": applied_total,
                            "compound_id": compound_id})  # fmt: skip
    return result


def _consume_prepayments(
    session: Session, compound: Compound, period: int, unit_ids: list[int]
) -> tuple[int, str | None]:
    balances = prepaid_balances(session, sorted(set(unit_ids)))
    if not balances:
        return 0, None
    bills = session.execute(
        select(Bill.id, Bill.unit_id, Bill.person_id, Bill.amount - Bill.waived - Bill.paid)
        .where(Bill.unit_id.in_(list(balances)), Bill.amount - Bill.waived - Bill.paid > 0)
        .order_by(Bill.unit_id, Bill.due_date, Bill.id)
    ).all()
    on = first_day(period)
    lines: list[Line] = []
    allocations = []
    movements = []
    paid_updates: list[dict[str, int]] = []
    left = dict(balances)
    for bill_id, unit_id, person_id, outstanding in bills:
        avail = left.get(unit_id, 0)
        if avail <= 0:
            continue
        take = min(avail, int(outstanding))
        left[unit_id] = avail - take
        allocations.append(
            {
                "bill_id": bill_id,
                "payment_id": None,
                "date": on,
                "amount": take,
                "source": "prepayment",
            }
        )
        movements.append(
            {"unit_id": unit_id, "date": on, "amount": -take, "kind": "consume", "bill_id": bill_id}
        )
        paid_updates.append({"bid": bill_id, "add": take})
        lines.append(
            Line(PREPAID, debit=take, compound_id=compound.id, unit_id=unit_id, person_id=person_id)
        )
        lines.append(
            Line(
                RECEIVABLE,
                credit=take,
                compound_id=compound.id,
                unit_id=unit_id,
                person_id=person_id,
            )
        )
    if not lines:
        return 0, None
    summary = T_CONSUME_SUMMARY.format(compound=compound.name, period=fmt_period(period))
    ref = ledger.post_vouchers(
        session, [NewVoucher(on, summary, lines, source="prepaid")], audit_action="billing.prepaid"
    )[0]
    session.execute(insert(Allocation.__table__), allocations)
    session.execute(insert(Prepayment.__table__), movements)
    apply_paid(session, paid_updates)
    return sum(a["amount"] for a in allocations), ref.label


def apply_paid(session: Session, updates: list[dict[str, int]]) -> None:
    """Add to bills' paid amounts (negative to take back), in one executemany."""
    from sqlalchemy import bindparam

    if updates:
        stmt = (
            update(Bill.__table__)
            .where(Bill.__table__.c.id == bindparam("bid"))
            .values(paid=Bill.__table__.c.paid + bindparam("add"))
        )
        session.connection().execute(stmt, updates)


_unused = or_
