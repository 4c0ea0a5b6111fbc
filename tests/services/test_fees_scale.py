"""A 5,000-unit roster, a year of billing and payments, with totals computed independently."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from propdesk.core.fees import parse_rate, reference_area_fee
from propdesk.db.models import Bill, Receipt, Unit
from propdesk.services import arrears, billing, contracts, ledger, payments, registry, roster
from propdesk.services.check import run_checks
from tests.factories import make_roster_xlsx

RATES = {"residential": "0.85", "shop": "1.50", "garage": "0.30", "other": "0.50"}


def test_five_thousand_units_a_year_of_fees(book, tmp_path: Path) -> None:
    expected = make_roster_xlsx(tmp_path / "roster.xlsx", compounds=2, units=5000)
    with book.write() as s:
        result = roster.import_roster(s, tmp_path / "roster.xlsx")
    assert result.created_units == 5000 == expected.units
    with book.write() as s:
        for c in {u.compound for u in expected.rows}:
            contracts.add_contract(s, registry.compound_by_name(s, c), contracts.NewContract(
                f"HT-{c}", date(2026, 1, 1), date(2026, 12, 31),
                rates={k: parse_rate(v) for k, v in RATES.items()}))  # fmt: skip
    for month in range(1, 13):
        with book.write() as s:
            billing.run_billing(s, 202600 + month)

    # what a year must bill, unit by unit, through Decimal arithmetic rather than the service's
    monthly = {
        (u.compound, u.code): reference_area_fee(Decimal(u.area) / 100, Decimal(RATES[u.kind]), 1)
        for u in expected.rows
    }
    billed_total = 12 * sum(monthly.values())
    with book.read() as s:
        assert s.execute(select(func.count(Bill.id))).scalar_one() == 12 * 5000
        assert s.execute(select(func.sum(Bill.amount))).scalar_one() == billed_total

    # nine households in ten pay the whole year on 2026-12-20; the tenth pays nothing
    with book.read() as s:
        units = s.execute(select(Unit.id, Unit.code, Unit.compound_id).order_by(Unit.id)).all()
        names = {c.id: c.name for c in s.execute(select(registry.Compound)).scalars()}
    payers = [
        (uid, 12 * monthly[(names[cid], code)])
        for n, (uid, code, cid) in enumerate(units)
        if n % 10
    ]
    with book.write() as s:
        results = payments.take_payments(
            s, [payments.PaymentIn(uid, amt, "bank", date(2026, 12, 20)) for uid, amt in payers]
        )
    assert [r.receipt_number for r in results] == list(range(1, len(payers) + 1))
    collected = sum(a for _, a in payers)
    with book.read() as s:
        assert s.execute(select(func.max(Receipt.number))).scalar_one() == 4500
        rep = arrears.arrears(s, date(2026, 12, 31))
        tb = {r.code: r for r in ledger.trial_balance(s, 202601, 202612).rows}
        report = run_checks(s)
    assert report.ok, report.violations
    assert rep.total == billed_total - collected and len(rep.rows) == 500
    assert tb["112201"].debit == billed_total and tb["112201"].credit == collected
    assert tb["112201"].closing_debit == billed_total - collected
    assert tb["500101"].credit == billed_total
