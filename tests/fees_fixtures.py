"""Builders for fee tests: a compound with units and a contract, in one call."""

from __future__ import annotations

from datetime import date

from propdesk.core.fees import LateFeeRule, parse_area, parse_rate
from propdesk.db.store import Book
from propdesk.services import contracts, registry
from propdesk.services.registry import NewUnit

UNITS = [
    # building, entrance, room, area, owner, kind, delivered, developer
    ("1", "1", "101", "89.50", "张三", "residential", None, False),
    ("1", "1", "102", "102.35", "李四", "residential", None, False),
    ("1", "1", "103", "64.00", None, "residential", None, True),  # unsold: the developer pays
    ("1", "2", "101", "120.00", "王五", "shop", None, False),
    (
        "1",
        "2",
        "102",
        "75.25",
        "赵六",
        "residential",
        date(2026, 3, 10),
        False,
    ),  # delivered in March
]


def setup_compound(
    book: Book,
    *,
    name: str = "幸福里小区",
    rates: dict[str, str] | None = None,
    start: date = date(2026, 1, 1),
    end: date = date(2026, 12, 31),
    cycle: int = 1,
    items: tuple[contracts.NewItem, ...] = (),
    vacancy_bp: int = 0,
    late: LateFeeRule = LateFeeRule(),
) -> int:
    rates = rates if rates is not None else {"residential": "0.85", "shop": "1.50"}
    with book.write() as s:
        c = registry.add_compound(s, name)
        for b, e, r, area, owner, kind, delivered, dev in UNITS:
            registry.add_unit(s, c, NewUnit(b, e, r, parse_area(area), kind=kind, owner=owner,
                                            delivered_on=delivered, developer_held=dev))  # fmt: skip
        contracts.add_contract(s, c, contracts.NewContract(
            f"HT-{name}", start, end, cycle_months=cycle, rates={k: parse_rate(v) for k, v in rates.items()},
            items=items, vacancy_discount_bp=vacancy_bp, late_fee=late))  # fmt: skip
        return c.id
