"""Arrears as of any date (aging by unit, owner and compound), household statements of account,
and the invariants tying the fee subledgers to the general ledger."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from propdesk.core.fees import AGING_BUCKETS, LIMITATION_BUCKET, aging_bucket
from propdesk.core.i18n import bilingual
from propdesk.core.money import format_amount
from propdesk.db.models import (
    Allocation,
    Bill,
    Compound,
    Counter,
    Payment,
    Person,
    Posting,
    Prepayment,
    Receipt,
    Unit,
    Waiver,
)
from propdesk.services import check, ledger
from propdesk.services.billing import PREPAID, RECEIVABLE

BUCKET_KEYS = tuple(b[0] for b in AGING_BUCKETS)


@dataclass(frozen=True, slots=True)
class ArrearsRow:
    unit_id: int
    compound: str
    unit: str
    owner: str
    buckets: dict[str, int]
    total: int
    bills: int
    oldest_due: date

    @property
    def flagged(self) -> bool:
        """Part of the debt is older than three years (Civil Code 188): the secretary decides."""
        return self.buckets.get(LIMITATION_BUCKET, 0) > 0


@dataclass(frozen=True, slots=True)
class ArrearsReport:
    as_of: date
    rows: tuple[ArrearsRow, ...]
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(r.total for r in self.rows)

    def by_compound(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = defaultdict(
            lambda: dict.fromkeys((*BUCKET_KEYS, "total", "units"), 0)
        )
        for r in self.rows:
            agg = out[r.compound]
            for k, v in r.buckets.items():
                agg[k] += v
            agg["total"] += r.total
            agg["units"] += 1
        return dict(out)

    def by_owner(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for r in self.rows:
            out[r.owner] += r.total
        return dict(out)


def outstanding_as_of(
    session: Session, as_of: date, compound_id: int | None = None, unit_id: int | None = None
):  # type: ignore[no-untyped-def]
    """(bill id, unit id, compound id, person id, due date, outstanding) for bills open on a date."""
    paid = (
        select(Allocation.bill_id, func.sum(Allocation.amount).label("paid"))
        .where(Allocation.date <= as_of)
        .group_by(Allocation.bill_id)
        .subquery()
    )
    waived = (
        select(Waiver.bill_id, func.sum(Waiver.amount).label("waived"))
        .where(Waiver.date <= as_of)
        .group_by(Waiver.bill_id)
        .subquery()
    )
    out = Bill.amount - func.coalesce(paid.c.paid, 0) - func.coalesce(waived.c.waived, 0)
    q = (
        select(Bill.id, Bill.unit_id, Bill.compound_id, Bill.person_id, Bill.due_date, out)
        .join(paid, paid.c.bill_id == Bill.id, isouter=True)
        .join(waived, waived.c.bill_id == Bill.id, isouter=True)
        .where(Bill.due_date <= as_of, out > 0)
    )
    if compound_id is not None:
        q = q.where(Bill.compound_id == compound_id)
    if unit_id is not None:
        q = q.where(Bill.unit_id == unit_id)
    return session.execute(q).all()


def arrears(session: Session, as_of: date, compound_id: int | None = None) -> ArrearsReport:
    acc: dict[int, dict] = {}
    for _bid, unit_id, _cid, person_id, due, out in outstanding_as_of(session, as_of, compound_id):
        row = acc.setdefault(unit_id, {"buckets": dict.fromkeys(BUCKET_KEYS, 0), "total": 0, "bills": 0,
                                       "oldest": due, "person": person_id})  # fmt: skip
        row["buckets"][aging_bucket(due, as_of)] += int(out)
        row["total"] += int(out)
        row["bills"] += 1
        if due < row["oldest"]:
            row["oldest"] = due
            row["person"] = person_id
    if not acc:
        return ArrearsReport(as_of, ())
    units = {
        u: (code, cname)
        for u, code, cname in session.execute(
            select(Unit.id, Unit.code, Compound.name)
            .join(Compound, Compound.id == Unit.compound_id)
            .where(Unit.id.in_(list(acc)))
        )
    }
    people = dict(
        session.execute(
            select(Person.id, Person.name).where(Person.id.in_({r["person"] for r in acc.values()}))
        ).all()
    )
    rows = [
        ArrearsRow(
            u,
            units[u][1],
            units[u][0],
            people.get(r["person"], ""),
            r["buckets"],
            r["total"],
            r["bills"],
            r["oldest"],
        )
        for u, r in acc.items()
    ]
    rows.sort(key=lambda r: (r.compound, -r.total, r.unit))
    totals = dict.fromkeys(BUCKET_KEYS, 0)
    for r in rows:
        for k, v in r.buckets.items():
            totals[k] += v
    totals["total"] = sum(r.total for r in rows)
    return ArrearsReport(as_of, tuple(rows), totals)


# -- household statement of account ---------------------------------------------------------
T_BILL = bilingual("应收", "charge")
T_PAYMENT = bilingual("收款", "payment")
T_WAIVER = bilingual("减免", "waiver")
T_REFUND = bilingual("退款", "refund")
T_VOIDED = bilingual("作废", "void")


@dataclass(frozen=True, slots=True)
class StatementLine:
    date: date
    kind: str
    description: str
    charge: int
    credit: int
    balance: int  # owed (positive) or in credit (negative) after this line
    reference: str = ""


@dataclass(frozen=True, slots=True)
class AccountStatement:
    unit_id: int
    compound: str
    unit: str
    owner: str
    area: int
    lines: tuple[StatementLine, ...]
    owed: int
    prepaid: int


def account_statement(
    session: Session, unit_id: int, start: date | None = None, end: date | None = None
) -> AccountStatement:
    """Everything billed, paid, waived and refunded for one unit, with a running balance."""
    from propdesk.services.payments import METHODS, receipt_label
    from propdesk.services.registry import payer_on

    unit = session.get(Unit, unit_id)
    assert unit is not None
    compound = session.get(Compound, unit.compound_id)
    assert compound is not None
    events: list[tuple[date, int, str, str, int, int, str]] = []
    for b in session.execute(select(Bill).where(Bill.unit_id == unit_id)).scalars():
        events.append((b.due_date, 0, T_BILL.format(), b.description, b.amount, 0, ""))
    pays = session.execute(
        select(Payment, Receipt.number)
        .join(Receipt, Receipt.id == Payment.receipt_id, isouter=True)
        .where(Payment.unit_id == unit_id)
    ).all()
    for p, number in pays:
        ref = receipt_label(number) if number else ""
        if p.kind == "refund":
            events.append((p.date, 2, T_REFUND.format(), p.reference, p.amount, 0, ""))
            continue
        events.append(
            (p.date, 1, T_PAYMENT.format(), METHODS.get(p.method, p.method), 0, p.amount, ref)
        )
    for w, desc in session.execute(
        select(Waiver, Bill.description)
        .join(Bill, Bill.id == Waiver.bill_id)
        .where(Bill.unit_id == unit_id)
    ):
        events.append((w.date, 1, T_WAIVER.format(), f"{desc}：{w.reason}", 0, w.amount, ""))
    # voids take a payment back (its reversal date is the void's allocation date)
    for pid, d, amount in session.execute(
        select(Allocation.payment_id, Allocation.date, func.sum(Allocation.amount))
        .join(Payment, Payment.id == Allocation.payment_id)
        .where(Payment.unit_id == unit_id, Allocation.source == "void")
        .group_by(Allocation.payment_id, Allocation.date)
    ):
        events.append((d, 2, T_VOIDED.format(), "", -int(amount), 0, str(pid)))
    for pid, d, amount in session.execute(
        select(Prepayment.payment_id, Prepayment.date, Prepayment.amount).where(
            Prepayment.unit_id == unit_id, Prepayment.kind == "void"
        )
    ):
        events.append((d, 2, T_VOIDED.format(), "", -int(amount), 0, str(pid)))
    events.sort(key=lambda e: (e[0], e[1]))
    balance = 0
    lines = []
    for d, _o, kind, desc, charge, credit, ref in events:
        balance += charge - credit
        if (start is None or d >= start) and (end is None or d <= end):
            lines.append(StatementLine(d, kind, desc, charge, credit, balance, ref))
    owed = int(
        session.execute(
            select(func.coalesce(func.sum(Bill.amount - Bill.waived - Bill.paid), 0)).where(
                Bill.unit_id == unit_id
            )
        ).scalar_one()
    )
    prepaid = int(
        session.execute(
            select(func.coalesce(func.sum(Prepayment.amount), 0)).where(
                Prepayment.unit_id == unit_id
            )
        ).scalar_one()
    )
    owner = payer_on(session, unit_id, end or date.today()).name
    return AccountStatement(
        unit_id, compound.name, unit.code, owner, unit.area, tuple(lines), owed, prepaid
    )


# -- invariants -------------------------------------------------------------------------------
T_AR = bilingual(
    "应收账款—物业费 {scope}：账单未收 {bills}，总账余额 {ledger}",
    "receivable {scope}: open bills {bills}, ledger balance {ledger}",
)
T_PP = bilingual(
    "预收物业费 {scope}：预收明细 {sub}，总账余额 {ledger}",
    "prepayments {scope}: subledger {sub}, ledger balance {ledger}",
)
T_RECEIPTS = bilingual(
    "收据号不连续：共 {count} 张，最大号 {hi}，计数器 {counter}",
    "receipt numbers are not continuous: {count} receipts, highest {hi}, counter {counter}",
)
T_ALL = bilingual("合计", "in total")
T_UNIT = bilingual("房屋 #{unit}", "unit #{unit}")


def _ledger_by_unit(session: Session, code: str) -> tuple[int, dict[int | None, int]]:
    acc = ledger.accounts(session).get(code)
    if acc is None:
        return 0, {}
    rows = session.execute(
        select(Posting.unit_id, func.sum(Posting.debit - Posting.credit))
        .where(Posting.account_id == acc.id)
        .group_by(Posting.unit_id)
    ).all()
    by_unit = {u: int(n) for u, n in rows if n}
    return sum(by_unit.values()), by_unit


@check.register("receivables equal 112201")
def _receivables(session: Session) -> list[str]:
    total, by_unit = _ledger_by_unit(session, RECEIVABLE)
    bills = {u: int(n) for u, n in session.execute(
        select(Bill.unit_id, func.sum(Bill.amount - Bill.waived - Bill.paid)).group_by(Bill.unit_id)) if n}  # fmt: skip
    out = []
    if sum(bills.values()) != total:
        out.append(
            T_AR.format(
                scope=T_ALL.format(),
                bills=format_amount(sum(bills.values())),
                ledger=format_amount(total),
            )
        )
    for u in sorted(set(bills) | set(by_unit), key=lambda x: (x is None, x or 0)):
        if bills.get(u, 0) != by_unit.get(u, 0):
            out.append(
                T_AR.format(
                    scope=T_UNIT.format(unit=u),
                    bills=format_amount(bills.get(u, 0)),
                    ledger=format_amount(by_unit.get(u, 0)),
                )
            )
    return out


@check.register("prepayments equal 220301")
def _prepayments(session: Session) -> list[str]:
    total, by_unit = _ledger_by_unit(session, PREPAID)
    sub = {u: int(n) for u, n in session.execute(
        select(Prepayment.unit_id, func.sum(Prepayment.amount)).group_by(Prepayment.unit_id)) if n}  # fmt: skip
    out = []
    # the ledger's liability is a credit balance: net debit = -prepaid
    if sum(sub.values()) != -total:
        out.append(
            T_PP.format(
                scope=T_ALL.format(),
                sub=format_amount(sum(sub.values())),
                ledger=format_amount(-total),
            )
        )
    for u in sorted(set(sub) | set(by_unit), key=lambda x: (x is None, x or 0)):
        if sub.get(u, 0) != -by_unit.get(u, 0):
            out.append(
                T_PP.format(
                    scope=T_UNIT.format(unit=u),
                    sub=format_amount(sub.get(u, 0)),
                    ledger=format_amount(-by_unit.get(u, 0)),
                )
            )
    return out


@check.register("receipts continuous")
def _receipts(session: Session) -> list[str]:
    count, lo, hi = session.execute(
        select(func.count(Receipt.id), func.min(Receipt.number), func.max(Receipt.number))
    ).one()
    counter = session.execute(select(Counter.value).where(Counter.name == "receipt")).scalar() or 0
    if (count or 0) == 0 and counter == 0:
        return []
    if lo != 1 or hi != count or counter != count:
        return [T_RECEIPTS.format(count=count, hi=hi, counter=counter)]
    return []
