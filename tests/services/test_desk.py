"""The desk reads (compounds, contracts, bills, a unit's account, receipts) and the vacancy flag."""

from __future__ import annotations

from datetime import date

import pytest

from propdesk.core.errors import UserError
from propdesk.db.store import Book
from propdesk.services import billing, desk, payments
from tests.fees_fixtures import setup_compound


def test_desk_reads_follow_the_book(book: Book) -> None:
    setup_compound(book)
    with book.write() as s:
        billing.run_billing(s, 202602)
    with book.read() as s:
        (c,) = desk.compounds(s)
        assert (c.name, c.units, c.area, c.unsold, c.vacant) == ("幸福里小区", 5, 45110, 1, 0)
        (k,) = desk.contract_rows(s, c.id)
        assert k.rates == {"residential": 8500, "shop": 15000} and k.cycle_months == 1
        rows = desk.bills(s, period=202602, compound_id=c.id)
        assert len(rows) == 5 and sum(r.outstanding for r in rows) == 46144
        first = rows[0]
        assert (first.unit, first.payer, first.item, first.amount) == (
            "1-1-101",
            "张三",
            "物业服务费",
            7608,
        )
        acc = desk.unit_account(s, first.unit_id, date(2026, 3, 1))
        assert (acc.owner, acc.owed, acc.prepaid, acc.prepay_cap) == ("张三", 7608, 0, 76080)
    with book.write() as s:
        payments.take_payment(s, desk.unit_by_id(s, first.unit_id), 10000, "cash", date(2026, 3, 2))
        assert desk.set_vacant(s, [first.unit_id], True) == 1
        assert desk.set_vacant(s, [first.unit_id], True) == 0
    with book.read() as s:
        (r,) = desk.receipts(s, date(2026, 3, 1), date(2026, 3, 31))
        assert (r.label, r.unit, r.amount, r.void) == ("No.00000001", "1-1-101", 10000, False)
        assert desk.receipts(s, date(2026, 4, 1)) == []
        acc = desk.unit_account(s, first.unit_id, date(2026, 3, 2))
        assert (acc.owed, acc.prepaid, acc.prepay_room) == (0, 2392, acc.prepay_cap - 2392)
        assert desk.compounds(s)[0].vacant == 1
        assert desk.bills(s, unit_id=first.unit_id, open_only=True) == []
        with pytest.raises(UserError):
            desk.unit_by_id(s, 999)
