"""Payments, receipts, prepayments, refunds, waivers and late fees at the cashier's counter.

Payments go to the oldest open bills unless bills are chosen; the rest becomes prepayment,
capped at 12 months of the unit's fees and never beyond the contract's end. Receipts are
numbered continuously per book and never reused; a wrong one is voided (the number stays,
marked 作废 with a reason) and reissued.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from propdesk.core.errors import UserError
from propdesk.core.fees import late_fee
from propdesk.core.i18n import bilingual
from propdesk.core.money import format_amount
from propdesk.core.periods import first_day, fmt_period, next_period, period_of
from propdesk.db.models import (
    Allocation,
    Bill,
    Compound,
    Counter,
    FeeItem,
    Ownership,
    Payment,
    Person,
    Prepayment,
    Receipt,
    Unit,
    Waiver,
)
from propdesk.db.upsert import insert_ignore, insert_returning_ids
from propdesk.services import audit, billing, contracts, ledger, registry
from propdesk.services.billing import PREPAID, RECEIVABLE, apply_paid
from propdesk.services.ledger import Line, NewVoucher

METHODS = {"cash": "现金", "bank": "银行转账", "wechat": "微信", "alipay": "支付宝"}
METHOD_BY_LABEL = {v: k for k, v in METHODS.items()} | {
    "转账": "bank",
    "银行": "bank",
    "微信支付": "wechat",
}
METHOD_ACCOUNTS = {
    "cash": ("1001", None),
    "bank": ("1002", None),
    "wechat": ("101201", "微信"),
    "alipay": ("101202", "支付宝"),
}
LATE_FEE_ACCOUNT = "5301"  # 营业外收入 (违约金)

T_BAD_METHOD = bilingual(
    "收款方式「{method}」无效（现金 / 银行转账 / 微信 / 支付宝）",
    'payment method "{method}" is invalid (cash / bank / wechat / alipay)',
)
T_AMOUNT_POSITIVE = bilingual("金额必须大于零", "the amount must be greater than zero")
T_NOT_UNIT_BILL = bilingual(
    "账单 {bill} 不属于该房屋或已结清", "bill {bill} is not an open bill of this unit"
)
T_PREPAY_CAP = bilingual(
    "预收款超过上限：本户最多可再预收 {cap}（12 个月费用且不超过合同期），本次将预收 {want}",
    "prepayment over the limit: this unit may prepay at most {cap} more (12 months of fees, within the contract), this payment would prepay {want}",
)
T_NO_PREPAY = bilingual(
    "本户没有生效的合同或收费标准，不能预收；本次最多收 {owed}",
    "no contract or fee standard for this unit, so no prepayment: at most {owed} can be taken",
)
T_NOT_FEE_RECEIPT = bilingual(
    "收据 {number} 是公共资源收入的收据，不能在收费中作废",
    "receipt {number} is for common-resource income, not fees; it cannot be voided here",
)
T_PREPAID_LINE = bilingual("预收物业费", "prepaid fees")
T_NO_RECEIPT = bilingual("收据 {number} 不存在", "receipt {number} does not exist")
T_ALREADY_VOID = bilingual("收据 {number} 已作废", "receipt {number} is already void")
T_REASON = bilingual("请填写原因", "a reason is required")
T_APPROVER = bilingual("请填写审批人", "an approver is required")
T_PREPAID_USED = bilingual(
    "收据 {number} 的预收款已被后续账单冲抵，不能作废；请先办理退款或调整",
    "the prepayment of receipt {number} has already been applied to later bills; it cannot be voided",
)
T_REFUND_TOO_MUCH = bilingual(
    "退款 {amount} 超过预收余额 {balance}", "refund {amount} exceeds the prepaid balance {balance}"
)
T_WAIVE_TOO_MUCH = bilingual(
    "减免金额 {amount} 超过未缴金额 {outstanding}",
    "waiver {amount} exceeds the outstanding {outstanding}",
)
T_NO_BILL = bilingual("账单 {bill} 不存在", "bill {bill} does not exist")
T_PAY_SUMMARY = bilingual(
    "收 {unit} {payer} 款（收据 {receipt}）", "received from {unit} {payer} (receipt {receipt})"
)
T_REFUND_SUMMARY = bilingual(
    "退 {unit} 预收物业费：{reason}", "refund of {unit} prepayment: {reason}"
)
T_WAIVE_SUMMARY = bilingual("减免 {unit} {desc}：{reason}", "waiver {unit} {desc}: {reason}")
T_VOID_REASON = bilingual("作废收据 {number}：{reason}", "void receipt {number}: {reason}")
T_LATE_SUMMARY = bilingual("{compound} 违约金 截至 {date}", "{compound} late fees as of {date}")
T_LATE_DESC = bilingual("{unit} 违约金 截至 {date}", "{unit} late fee as of {date}")


def receipt_label(number: int) -> str:
    return f"No.{number:08d}"


def _method(method: str) -> str:
    m = METHOD_BY_LABEL.get(method.strip(), method.strip().lower())
    if m not in METHODS:
        raise UserError(T_BAD_METHOD, method=method)
    return m


def cash_account(session: Session, method: str) -> str:
    code, name = METHOD_ACCOUNTS[method]
    if name is not None:
        ledger.ensure_account(session, code, name)
    return code


def next_number(session: Session, name: str) -> int:
    """Take the next value of a book-wide counter inside the caller's transaction."""
    insert_ignore(session, Counter.__table__, [{"name": name, "value": 0}])
    return session.execute(
        update(Counter)
        .where(Counter.name == name)
        .values(value=Counter.value + 1)
        .returning(Counter.value)
    ).scalar_one()


def open_bills(session: Session, unit_id: int) -> list[Bill]:
    return list(
        session.execute(
            select(Bill)
            .where(Bill.unit_id == unit_id, Bill.amount - Bill.waived - Bill.paid > 0)
            .order_by(Bill.due_date, Bill.id)
        ).scalars()
    )


def monthly_fee(session: Session, unit: Unit, period: int) -> int:
    """One month of the unit's recurring fees under the contract billing it in `period`."""
    t = contracts.terms(session, unit.compound_id, period)
    if t is None:
        return 0
    items = [it for it in t.items if it.kind in ("area", "fixed")]
    return sum(
        a
        for _, a, _ in billing.unit_bill_amounts(
            unit, 1, t.contract.vacancy_discount_bp, items, t.rates, {}
        )
    )


def prepayment_cap(session: Session, unit: Unit, on: date) -> int:
    """12 months of fees, never beyond the contract's end, from the first month not yet billed."""
    last_billed = session.execute(
        select(func.max(Bill.period)).where(Bill.unit_id == unit.id, Bill.kind == "fee")
    ).scalar()
    start = next_period(last_billed) if last_billed else period_of(on)
    t = contracts.terms(session, unit.compound_id, max(start, period_of(on)))
    if t is None:
        return 0
    end = period_of(t.contract.end)
    months = 0
    p = start
    while p <= end and months < 12:
        months += 1
        p = next_period(p)
    return monthly_fee(session, unit, max(start, period_of(on))) * months


@dataclass(frozen=True, slots=True)
class PaymentResult:
    payment_id: int
    receipt_number: int
    receipt: str
    voucher: str
    allocated: int
    prepaid: int
    bills: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class PaymentIn:
    """One payment at the counter (or one line of a bank statement being imported)."""

    unit_id: int
    amount: int
    method: str
    on: date
    reference: str = ""
    bill_ids: Sequence[int] | None = None
    reissue_of: int | None = None


def take_payment(
    session: Session,
    unit: Unit,
    amount: int,
    method: str,
    on: date,
    *,
    reference: str = "",
    bill_ids: Sequence[int] | None = None,
    reissue_of: int | None = None,
) -> PaymentResult:
    return take_payments(
        session, [PaymentIn(unit.id, amount, method, on, reference, bill_ids, reissue_of)]
    )[0]


def _payers(
    session: Session, unit_ids: list[int]
) -> dict[int, list[tuple[date, date | None, int, str]]]:
    """Primary ownership periods per unit: (start, end, person id, name), oldest first."""
    out: dict[int, list[tuple[date, date | None, int, str]]] = {}
    for unit_id, start, end, pid, name in session.execute(
        select(Ownership.unit_id, Ownership.start, Ownership.end, Person.id, Person.name)
        .join(Person, Person.id == Ownership.person_id)
        .where(Ownership.unit_id.in_(unit_ids), Ownership.primary.is_(True))
        .order_by(Ownership.unit_id, Ownership.start)
    ):
        out.setdefault(unit_id, []).append((start, end, pid, name))
    return out


def _payer_on(periods: list[tuple[date, date | None, int, str]], on: date) -> tuple[int, str]:
    for start, end, pid, name in periods:
        if start <= on and (end is None or end >= on):
            return pid, name
    return periods[0][2], periods[0][3]


def take_payments(session: Session, items: Sequence[PaymentIn]) -> list[PaymentResult]:
    """Take many payments in one go: every check first, then bulk writes. Refused whole."""
    if not items:
        return []
    for it in items:
        if type(it.amount) is not int or it.amount <= 0:
            raise UserError(T_AMOUNT_POSITIVE)
    methods = [_method(it.method) for it in items]
    unit_ids = sorted({it.unit_id for it in items})
    units = {u.id: u for u in session.execute(select(Unit).where(Unit.id.in_(unit_ids))).scalars()}
    open_: dict[int, list[list]] = {}
    for bid, uid, person, desc, out in session.execute(
        select(
            Bill.id,
            Bill.unit_id,
            Bill.person_id,
            Bill.description,
            Bill.amount - Bill.waived - Bill.paid,
        )
        .where(Bill.unit_id.in_(unit_ids), Bill.amount - Bill.waived - Bill.paid > 0)
        .order_by(Bill.unit_id, Bill.due_date, Bill.id)
    ):
        open_.setdefault(uid, []).append([bid, person, desc, int(out)])
    balances = billing.prepaid_balances(session, unit_ids)
    owners = _payers(session, unit_ids)
    plans = []
    for it in items:
        unit = units[it.unit_id]
        bills = open_.get(unit.id, [])
        if it.bill_ids is not None:
            by_id = {b[0]: b for b in bills}
            chosen = []
            for bid in it.bill_ids:
                if bid not in by_id or by_id[bid][3] <= 0:
                    raise UserError(T_NOT_UNIT_BILL, bill=bid)
                chosen.append(by_id[bid])
            bills = chosen
        left = it.amount
        allocs = []
        for b in bills:
            if left <= 0:
                break
            take = min(left, b[3])
            if take <= 0:
                continue
            b[3] -= take  # later payments in the batch see what is left
            allocs.append((b[0], b[1], b[2], take))
            left -= take
        prepaid = left
        if prepaid > 0:
            cap = prepayment_cap(session, unit, it.on)
            if cap == 0:
                raise UserError(T_NO_PREPAY, owed=format_amount(it.amount - prepaid))
            room = max(cap - balances.get(unit.id, 0), 0)
            if prepaid > room:
                raise UserError(T_PREPAY_CAP, cap=format_amount(room), want=format_amount(prepaid))
            balances[unit.id] = balances.get(unit.id, 0) + prepaid
        plans.append((it, unit, allocs, prepaid, _payer_on(owners[unit.id], it.on)))

    n = len(items)
    last = session.execute(
        update(Counter)
        .where(Counter.name == "receipt")
        .values(value=Counter.value + n)
        .returning(Counter.value)
    ).scalar()
    if last is None:
        insert_ignore(session, Counter.__table__, [{"name": "receipt", "value": 0}])
        last = session.execute(
            update(Counter)
            .where(Counter.name == "receipt")
            .values(value=Counter.value + n)
            .returning(Counter.value)
        ).scalar_one()
    numbers = list(range(last - n + 1, last + 1))
    user = audit.current_user(session)
    cash = {m: cash_account(session, m) for m in set(methods)}
    receipt_ids = insert_returning_ids(
        session,
        Receipt.__table__,
        [
            {"number": num, "date": it.on, "payer": payer[1], "unit_id": unit.id, "amount": it.amount,
             "method": m, "clerk": user, "status": "valid", "reissue_of_id": it.reissue_of, "prints": 0}
            for num, m, (it, unit, _a, _p, payer) in zip(numbers, methods, plans, strict=True)
        ],
        ("number",),
    )  # fmt: skip
    vouchers = []
    for num, m, (it, unit, allocs, prepaid, payer) in zip(numbers, methods, plans, strict=True):
        dims = {"compound_id": unit.compound_id, "unit_id": unit.id}
        lines = [Line(cash[m], debit=it.amount, person_id=payer[0], **dims)]
        lines += [
            Line(RECEIVABLE, credit=take, summary=desc, person_id=person, **dims)
            for _b, person, desc, take in allocs
        ]
        if prepaid:
            lines.append(Line(PREPAID, credit=prepaid, person_id=payer[0], **dims))
        summary = T_PAY_SUMMARY.format(unit=unit.code, payer=payer[1], receipt=receipt_label(num))[
            :200
        ]
        vouchers.append(NewVoucher(it.on, summary, lines, source="payment"))
    refs = ledger.post_vouchers(session, vouchers, audit_action=None)
    payment_ids = insert_returning_ids(
        session,
        Payment.__table__,
        [
            {"unit_id": unit.id, "person_id": payer[0], "date": it.on, "amount": it.amount, "kind": "payment",
             "method": m, "reference": it.reference.strip(), "receipt_id": rid, "voucher_id": ref.id, "voided": False}
            for m, rid, ref, (it, unit, _a, _p, payer) in zip(methods, receipt_ids, refs, plans, strict=True)
        ],
        ("voucher_id",),
    )  # fmt: skip
    allocations = [
        {"bill_id": bid, "payment_id": pid, "date": it.on, "amount": take, "source": "payment"}
        for pid, (it, _u, allocs, _p, _payer) in zip(payment_ids, plans, strict=True)
        for bid, _person, _desc, take in allocs
    ]
    if allocations:
        session.execute(insert(Allocation.__table__), allocations)
        apply_paid(session, [{"bid": a["bill_id"], "add": a["amount"]} for a in allocations])
    prepayments = [
        {
            "unit_id": unit.id,
            "date": it.on,
            "amount": prepaid,
            "kind": "overpay",
            "payment_id": pid,
            "bill_id": None,
        }
        for pid, (it, unit, _a, prepaid, _payer) in zip(payment_ids, plans, strict=True)
        if prepaid
    ]
    if prepayments:
        session.execute(insert(Prepayment.__table__), prepayments)
    session.expire_all()  # bills changed underneath any loaded objects
    results = [
        PaymentResult(
            pid,
            num,
            receipt_label(num),
            ref.label,
            it.amount - prepaid,
            prepaid,
            tuple(a[0] for a in allocs),
        )
        for pid, num, ref, (it, _u, allocs, prepaid, _payer) in zip(
            payment_ids, numbers, refs, plans, strict=True
        )
    ]
    if len(results) == 1:
        it, unit, _a, prepaid, _payer = plans[0]
        audit.record(session, "payment.take", "receipt", results[0].receipt,
                     after={"unit": unit.code, "amount": it.amount, "method": methods[0], "reference": it.reference,
                            "allocated": it.amount - prepaid, "prepaid": prepaid, "voucher": results[0].voucher})  # fmt: skip
    else:
        audit.record(session, "payment.take", "receipt", f"{results[0].receipt}..{results[-1].receipt}",
                     after={"count": len(results), "amount": sum(it.amount for it in items),
                            "vouchers": [results[0].voucher, results[-1].voucher]})  # fmt: skip
    return results


def receipt_by_number(session: Session, number: int) -> Receipt:
    r = session.execute(select(Receipt).where(Receipt.number == number)).scalar_one_or_none()
    if r is None:
        raise UserError(T_NO_RECEIPT, number=receipt_label(number))
    return r


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    description: str
    amount: int


@dataclass(frozen=True, slots=True)
class ReceiptData:
    """What a printed receipt (收据) shows; `copy` marks a reprint (副本), `void` a voided one."""

    number: int
    label: str
    date: date
    payer: str
    compound: str
    unit: str
    lines: tuple[ReceiptLine, ...]
    amount: int
    words: str  # 人民币… amount in words
    method: str  # Chinese label
    reference: str
    clerk: str
    copy: bool
    void: bool
    void_reason: str | None


def receipt_for_print(session: Session, number: int) -> ReceiptData:
    """The receipt's content for printing; every print after the first is a copy (副本)."""
    from propdesk.core.money import money_in_words

    r = receipt_by_number(session, number)
    payment = session.execute(
        select(Payment).where(Payment.receipt_id == r.id)
    ).scalar_one_or_none()
    if payment is None:
        return _resource_receipt(session, r)
    unit = session.get(Unit, payment.unit_id)
    assert unit is not None
    compound = session.get(Compound, unit.compound_id)
    assert compound is not None
    lines = [
        ReceiptLine(desc, int(amount))
        for desc, amount in session.execute(
            select(Bill.description, func.sum(Allocation.amount))
            .join(Bill, Bill.id == Allocation.bill_id)
            .where(Allocation.payment_id == payment.id, Allocation.source == "payment")
            .group_by(Bill.id)
            .order_by(Bill.due_date, Bill.id)
        )
    ]
    prepaid = session.execute(
        select(func.coalesce(func.sum(Prepayment.amount), 0)).where(
            Prepayment.payment_id == payment.id, Prepayment.kind == "overpay"
        )
    ).scalar_one()
    if prepaid:
        lines.append(ReceiptLine(T_PREPAID_LINE.format(), int(prepaid)))
    copy = r.prints > 0
    r.prints += 1
    session.flush()
    audit.record(session, "receipt.print", "receipt", receipt_label(number), after={"copy": copy})
    return ReceiptData(
        r.number, receipt_label(r.number), r.date, r.payer, compound.name, unit.code, tuple(lines), r.amount,
        money_in_words(r.amount), METHODS[r.method], payment.reference, r.clerk, copy, r.status == "void", r.void_reason,
    )  # fmt: skip


def _resource_receipt(session: Session, r: Receipt) -> ReceiptData:
    """A receipt for common-resource income (parking, ads, ...): same counter, same print."""
    from propdesk.core.money import money_in_words
    from propdesk.db.models import Resource, ResourceIncome
    from propdesk.services.resources import KINDS

    desc, kind, code, compound = session.execute(
        select(ResourceIncome.description, Resource.kind, Resource.code, Compound.name)
        .join(Resource, Resource.id == ResourceIncome.resource_id)
        .join(Compound, Compound.id == ResourceIncome.compound_id)
        .where(ResourceIncome.receipt_id == r.id)
    ).one()
    unit = session.get(Unit, r.unit_id) if r.unit_id else None
    line = ReceiptLine(
        resource_item(KINDS[kind].format() if kind in KINDS else kind, code, desc), int(r.amount)
    )
    copy = r.prints > 0
    r.prints += 1
    session.flush()
    audit.record(session, "receipt.print", "receipt", receipt_label(r.number), after={"copy": copy})
    return ReceiptData(
        r.number, receipt_label(r.number), r.date, r.payer, compound, unit.code if unit is not None else "",
        (line,), int(r.amount), money_in_words(int(r.amount)), METHODS.get(r.method, r.method), "", r.clerk,
        copy, r.status == "void", r.void_reason,
    )  # fmt: skip


def resource_item(kind: str, code: str, description: str) -> str:
    """停车位 P001 月卡 — the description left off when it only repeats the kind."""
    return f"{kind} {code}" + (f" {description}" if description and description != kind else "")


def void_receipt(session: Session, number: int, reason: str, on: date) -> Receipt:
    """作废: reverse the payment's voucher, take back its allocations and prepayment."""
    if not reason or not reason.strip():
        raise UserError(T_REASON)
    r = receipt_by_number(session, number)
    label = receipt_label(number)
    if r.status == "void":
        raise UserError(T_ALREADY_VOID, number=label)
    payment = session.execute(
        select(Payment).where(Payment.receipt_id == r.id)
    ).scalar_one_or_none()
    if payment is None:
        raise UserError(T_NOT_FEE_RECEIPT, number=label)
    prepaid = session.execute(
        select(func.coalesce(func.sum(Prepayment.amount), 0)).where(
            Prepayment.payment_id == payment.id
        )
    ).scalar_one()
    if prepaid:
        balance = billing.prepaid_balances(session, [payment.unit_id]).get(payment.unit_id, 0)
        if balance < prepaid:
            raise UserError(T_PREPAID_USED, number=label)
    ledger.reverse_voucher(
        session,
        payment.voucher_id,
        on=on,
        reason=T_VOID_REASON.format(number=label, reason=reason.strip()),
    )
    allocs = session.execute(
        select(Allocation.bill_id, func.sum(Allocation.amount))
        .where(Allocation.payment_id == payment.id)
        .group_by(Allocation.bill_id)
    ).all()
    if allocs:
        session.execute(insert(Allocation.__table__), [
            {"bill_id": bid, "payment_id": payment.id, "date": on, "amount": -int(a), "source": "void"} for bid, a in allocs if a
        ])  # fmt: skip
        apply_paid(session, [{"bid": bid, "add": -int(a)} for bid, a in allocs if a])
    if prepaid:
        session.add(
            Prepayment(
                unit_id=payment.unit_id,
                date=on,
                amount=-int(prepaid),
                kind="void",
                payment_id=payment.id,
            )
        )
    r.status = "void"
    r.void_reason = reason.strip()
    r.voided_at = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    payment.voided = True
    session.flush()
    audit.record(
        session,
        "receipt.void",
        "receipt",
        label,
        reason=reason.strip(),
        before={"status": "valid"},
        after={"status": "void"},
    )
    return r


def reissue_receipt(
    session: Session, number: int, amount: int, reason: str, on: date
) -> PaymentResult:
    """A wrong amount: void the receipt and take the payment again under a new number."""
    old = receipt_by_number(session, number)
    payment = session.execute(
        select(Payment).where(Payment.receipt_id == old.id)
    ).scalar_one_or_none()
    if payment is None:
        raise UserError(T_NOT_FEE_RECEIPT, number=receipt_label(number))
    unit = session.get(Unit, payment.unit_id)
    assert unit is not None
    void_receipt(session, number, reason, on)
    return take_payment(
        session, unit, amount, payment.method, on, reference=payment.reference, reissue_of=old.id
    )


def refund_prepayment(
    session: Session, unit: Unit, amount: int, method: str, on: date, reason: str
) -> str:
    if amount <= 0:
        raise UserError(T_AMOUNT_POSITIVE)
    if not reason or not reason.strip():
        raise UserError(T_REASON)
    method = _method(method)
    balance = billing.prepaid_balances(session, [unit.id]).get(unit.id, 0)
    if amount > balance:
        raise UserError(
            T_REFUND_TOO_MUCH, amount=format_amount(amount), balance=format_amount(balance)
        )
    payer = registry.payer_on(session, unit.id, on)
    summary = T_REFUND_SUMMARY.format(unit=unit.code, reason=reason.strip())[:200]
    ref = ledger.post_vouchers(session, [NewVoucher(on, summary, [
        Line(PREPAID, debit=amount, compound_id=unit.compound_id, unit_id=unit.id, person_id=payer.id),
        Line(cash_account(session, method), credit=amount, compound_id=unit.compound_id, unit_id=unit.id, person_id=payer.id),
    ], source="refund")], audit_action="prepayment.refund")[0]  # fmt: skip
    p = Payment(unit_id=unit.id, person_id=payer.id, date=on, amount=amount, kind="refund", method=method,
                reference=reason.strip()[:100], voucher_id=ref.id)  # fmt: skip
    session.add(p)
    session.flush()
    session.add(
        Prepayment(unit_id=unit.id, date=on, amount=-amount, kind="refund", payment_id=p.id)
    )
    session.flush()
    audit.record(
        session,
        "prepayment.refund",
        "unit",
        unit.id,
        reason=reason.strip(),
        after={"amount": amount, "method": method},
    )
    return ref.label


def refund_all_prepayments(
    session: Session, compound: Compound, method: str, on: date, reason: str
) -> int:
    """When a contract ends: refund every unit's unearned prepayment. Returns the total."""
    units = {
        u.id: u
        for u in session.execute(select(Unit).where(Unit.compound_id == compound.id)).scalars()
    }
    total = 0
    for unit_id, bal in sorted(billing.prepaid_balances(session, list(units)).items()):
        if bal > 0:
            refund_prepayment(session, units[unit_id], bal, method, on, reason)
            total += bal
    return total


def waive(session: Session, bill_id: int, amount: int, reason: str, approver: str, on: date) -> str:
    """减免 part or all of a bill for a hardship household."""
    if amount <= 0:
        raise UserError(T_AMOUNT_POSITIVE)
    if not reason or not reason.strip():
        raise UserError(T_REASON)
    if not approver or not approver.strip():
        raise UserError(T_APPROVER)
    b = session.get(Bill, bill_id)
    if b is None:
        raise UserError(T_NO_BILL, bill=bill_id)
    outstanding = b.amount - b.waived - b.paid
    if amount > outstanding:
        raise UserError(
            T_WAIVE_TOO_MUCH, amount=format_amount(amount), outstanding=format_amount(outstanding)
        )
    unit = session.get(Unit, b.unit_id)
    assert unit is not None
    item = session.get(FeeItem, b.item_id) if b.item_id else None
    income = item.income_account if item is not None else LATE_FEE_ACCOUNT
    summary = T_WAIVE_SUMMARY.format(unit=unit.code, desc=b.description, reason=reason.strip())[
        :200
    ]
    ref = ledger.post_vouchers(session, [NewVoucher(on, summary, [
        Line(income, debit=amount, compound_id=b.compound_id, unit_id=b.unit_id, person_id=b.person_id),
        Line(RECEIVABLE, credit=amount, compound_id=b.compound_id, unit_id=b.unit_id, person_id=b.person_id),
    ], source="waiver")], audit_action="waiver.post")[0]  # fmt: skip
    session.add(
        Waiver(
            bill_id=b.id,
            date=on,
            amount=amount,
            reason=reason.strip(),
            approver=approver.strip(),
            voucher_id=ref.id,
        )
    )
    session.execute(update(Bill).where(Bill.id == b.id).values(waived=Bill.waived + amount))
    session.expire(b)
    session.flush()
    audit.record(
        session,
        "bill.waive",
        "bill",
        b.id,
        reason=reason.strip(),
        after={"amount": amount, "approver": approver.strip()},
    )
    return ref.label


# -- late fees ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class LateFeeLine:
    unit_id: int
    unit_code: str
    compound_id: int
    person_id: int
    bills: int
    outstanding: int
    fee: int


def late_fees_due(
    session: Session, as_of: date, compound_id: int | None = None
) -> list[LateFeeLine]:
    """违约金 per unit as of a date under each contract's rule (none by default)."""
    q = (
        select(Bill, Unit.code)
        .join(Unit, Unit.id == Bill.unit_id)
        .where(
            Bill.kind != "late_fee",
            Bill.amount - Bill.waived - Bill.paid > 0,
            Bill.due_date < as_of,
        )
        .order_by(Bill.unit_id, Bill.due_date)
    )
    if compound_id is not None:
        q = q.where(Bill.compound_id == compound_id)
    acc: dict[int, list] = {}
    rules = {}
    for b, code in session.execute(q):
        if b.contract_id not in rules:
            from propdesk.db.models import Contract

            c = session.get(Contract, b.contract_id) if b.contract_id else None
            rules[b.contract_id] = contracts.rule_of(c) if c is not None else None
        rule = rules[b.contract_id]
        if rule is None:
            continue
        out = b.amount - b.waived - b.paid
        fee = late_fee(rule, out, b.due_date, as_of)
        if fee <= 0:
            continue
        row = acc.setdefault(b.unit_id, [code, b.compound_id, b.person_id, 0, 0, 0])
        row[3] += 1
        row[4] += out
        row[5] += fee
    return [LateFeeLine(u, r[0], r[1], r[2], r[3], r[4], r[5]) for u, r in acc.items()]


def charge_late_fees(session: Session, lines: Sequence[LateFeeLine], as_of: date) -> int:
    """Charge the confirmed late fees as bills (one per unit per month); returns the count."""
    period = period_of(as_of)
    already = set(
        session.execute(
            select(Bill.unit_id).where(Bill.kind == "late_fee", Bill.period == period)
        ).scalars()
    )
    todo = [ln for ln in lines if ln.unit_id not in already and ln.fee > 0]
    by_compound: dict[int, list[LateFeeLine]] = {}
    for ln in todo:
        by_compound.setdefault(ln.compound_id, []).append(ln)
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    for cid, lns in by_compound.items():
        compound = session.get(Compound, cid)
        assert compound is not None
        summary = T_LATE_SUMMARY.format(compound=compound.name, date=as_of)
        vlines = [
            Line(
                RECEIVABLE,
                debit=ln.fee,
                compound_id=cid,
                unit_id=ln.unit_id,
                person_id=ln.person_id,
            )
            for ln in lns
        ]
        vlines.append(Line(LATE_FEE_ACCOUNT, credit=sum(ln.fee for ln in lns), compound_id=cid))
        ref = ledger.post_vouchers(
            session,
            [NewVoucher(as_of, summary, vlines, source="late_fee")],
            audit_action="late_fee.post",
        )[0]
        session.execute(insert(Bill.__table__), [
            {"compound_id": cid, "unit_id": ln.unit_id, "person_id": ln.person_id, "contract_id": None, "item_id": None,
             "kind": "late_fee", "period": period, "months": 1, "description": T_LATE_DESC.format(unit=ln.unit_code, date=as_of),
             "due_date": as_of, "amount": ln.fee, "waived": 0, "paid": 0, "voucher_id": ref.id, "created_at": now}
            for ln in lns
        ])  # fmt: skip
    if todo:
        audit.record(
            session,
            "late_fee.charge",
            "period",
            fmt_period(period),
            after={"units": len(todo), "amount": sum(ln.fee for ln in todo)},
        )
    return len(todo)


_unused = first_day
