"""Charges outside the monthly run's area fees: meter readings for metered items, one-off charges."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from propdesk.core.errors import UserError
from propdesk.core.i18n import bilingual
from propdesk.core.periods import first_day, fmt_period, period_of
from propdesk.db.models import Bill, FeeItem, MeterReading, Unit
from propdesk.services import audit, contracts, ledger, registry
from propdesk.services.billing import RECEIVABLE
from propdesk.services.ledger import Line, NewVoucher

T_NO_ITEM = bilingual(
    "当前合同没有收费项目「{item}」（类型 {kind}）",
    'the contract in force has no {kind} fee item "{item}"',
)
T_NO_CONTRACT = bilingual(
    "{compound} 在 {period} 没有生效的合同", "{compound} has no contract in force in {period}"
)
T_BAD_READING = bilingual(
    "读数「{text}」无效（非负数，最多两位小数）",
    'reading "{text}" is invalid (>= 0, up to 2 decimals)',
)
T_BACKWARDS = bilingual(
    "本期读数 {current} 小于上期读数 {previous}",
    "the current reading {current} is below the previous {previous}",
)
T_ONE_OFF = bilingual("{unit} {item}", "{unit} {item}")


def parse_reading(text: str) -> int:
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        raise UserError(T_BAD_READING, text=text) from None
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        raise UserError(T_BAD_READING, text=text)
    return int(value * 100)


def _item(session: Session, unit: Unit, name: str, kind: str, period: int) -> FeeItem:
    contract = contracts.billable_contract(session, unit.compound_id, period)
    if contract is None:
        from propdesk.db.models import Compound

        c = session.get(Compound, unit.compound_id)
        raise UserError(
            T_NO_CONTRACT, compound=c.name if c else unit.compound_id, period=fmt_period(period)
        )
    item = session.execute(
        select(FeeItem).where(
            FeeItem.contract_id == contract.id, FeeItem.name == name.strip(), FeeItem.kind == kind
        )
    ).scalar_one_or_none()
    if item is None:
        raise UserError(T_NO_ITEM, item=name, kind=contracts.ITEM_KINDS[kind])
    return item


def record_reading(
    session: Session, unit: Unit, item_name: str, period: int, previous: str, current: str
) -> MeterReading:
    item = _item(session, unit, item_name, "metered", period)
    prev, cur = parse_reading(previous), parse_reading(current)
    if cur < prev:
        raise UserError(T_BACKWARDS, current=current, previous=previous)
    found = session.execute(
        select(MeterReading).where(
            MeterReading.unit_id == unit.id,
            MeterReading.item_id == item.id,
            MeterReading.period == period,
        )
    ).scalar_one_or_none()
    before = None
    if found is None:
        found = MeterReading(
            unit_id=unit.id, item_id=item.id, period=period, previous=prev, current=cur
        )
        session.add(found)
    else:
        before = {"previous": found.previous, "current": found.current}
        found.previous, found.current = prev, cur
    session.flush()
    audit.record(session, "meter.reading", "unit", unit.id, before=before,
                 after={"item": item.name, "period": fmt_period(period), "previous": prev, "current": cur})  # fmt: skip
    return found


def charge_one_off(session: Session, unit: Unit, item_name: str, on: date) -> int:
    """Bill a one-off item (e.g. 门禁卡工本费) to the unit's owner of the day; returns the bill id."""
    item = _item(session, unit, item_name, "one_off", period_of(on))
    payer = registry.payer_on(session, unit.id, on)
    desc = T_ONE_OFF.format(unit=unit.code, item=item.name)
    ref = ledger.post_vouchers(session, [NewVoucher(on, desc, [
        Line(RECEIVABLE, debit=item.amount, compound_id=unit.compound_id, unit_id=unit.id, person_id=payer.id),
        Line(item.income_account, credit=item.amount, compound_id=unit.compound_id),
    ], source="billing")], audit_action="charge.one_off")[0]  # fmt: skip
    bill = Bill(compound_id=unit.compound_id, unit_id=unit.id, person_id=payer.id, contract_id=item.contract_id,
                item_id=item.id, kind="one_off", period=period_of(on), months=1, description=desc, due_date=on,
                amount=item.amount, voucher_id=ref.id, created_at=datetime.now(UTC).replace(tzinfo=None, microsecond=0))  # fmt: skip
    session.add(bill)
    session.flush()
    return bill.id


_unused = first_day
