"""Billing runs: exact amounts, idempotency, who pays, cycles, discounts, metered items, cancel."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from propdesk.core.errors import UserError
from propdesk.core.progress import Cancelled, Progress
from propdesk.db.models import Bill, Person
from propdesk.services import billing, charges, contracts, ledger, registry
from propdesk.services.check import run_checks
from tests.fees_fixtures import setup_compound
from tests.helpers import snapshot


def bills(book, period=None):
    with book.read() as s:
        q = (
            select(Bill.description, Bill.amount, Person.name)
            .join(Person, Person.id == Bill.person_id)
            .order_by(Bill.id)
        )
        if period:
            q = q.where(Bill.period == period)
        return [tuple(r) for r in s.execute(q)]


def run(book, period, **kw):
    with book.write() as s:
        return billing.run_billing(s, period, **kw)


def test_january_bills_exact_and_posted(book):
    setup_compound(book)
    r = run(book, 202601)
    assert bills(book) == [
        ("1-1-101 物业服务费 2026-01", 7608, "张三"),  # 89.50 x 0.85 = 76.075
        ("1-1-102 物业服务费 2026-01", 8700, "李四"),  # 102.35 x 0.85 = 86.9975
        ("1-1-103 物业服务费 2026-01", 5440, "幸福里小区建设单位（开发商）"),  # unsold
        ("1-2-101 物业服务费 2026-01", 18000, "王五"),  # shop 120 x 1.50
        ("1-2-102 物业服务费 2026-01", 6396, "幸福里小区建设单位（开发商）"),  # delivered in March
    ]
    assert (r.bills, r.amount) == (5, 46144)
    with book.read() as s:
        tb = {row.code: row for row in ledger.trial_balance(s, 202601).rows}
        assert run_checks(s).ok
    assert tb["112201"].debit == 46144 and tb["500101"].credit == 46144


def test_second_run_adds_nothing(book):
    setup_compound(book)
    run(book, 202601)
    before = snapshot(book)
    r = run(book, 202601)
    assert (r.bills, r.skipped_existing) == (0, 5)
    assert snapshot(book) == before


def test_owner_billed_from_the_month_after_delivery(book):
    setup_compound(book)
    for p in (202603, 202604):
        run(book, p)
    payers = {(d.split()[0], d.split()[-1]): who for d, _a, who in bills(book)}
    assert payers[("1-2-102", "2026-03")] == "幸福里小区建设单位（开发商）"
    assert payers[("1-2-102", "2026-04")] == "赵六"


def test_bills_follow_the_owner_of_the_day(book):
    setup_compound(book)
    run(book, 202601)
    with book.write() as s:
        unit = registry.unit_by_code(s, "幸福里小区", "1-1-101")
        registry.transfer(s, unit, date(2026, 2, 1), "钱七", phone="13900000000")
    run(book, 202602)
    got = [(d, who) for d, _a, who in bills(book) if d.startswith("1-1-101")]
    assert got == [("1-1-101 物业服务费 2026-01", "张三"), ("1-1-101 物业服务费 2026-02", "钱七")]


def test_quarterly_cycle_bills_three_months_once(book):
    setup_compound(book, cycle=3)
    for p in (202601, 202602, 202603, 202604):
        run(book, p)
    got = [(d, a) for d, a, _ in bills(book) if d.startswith("1-1-101")]
    # 89.50 x 0.85 x 3 = 228.225 -> 228.23, rounded once (not 3 x 76.08 = 228.24)
    assert got == [
        ("1-1-101 物业服务费 2026-01 起 3 个月", 22823),
        ("1-1-101 物业服务费 2026-04 起 3 个月", 22823),
    ]


def test_vacancy_discount_and_fixed_items(book):
    setup_compound(
        book,
        vacancy_bp=3000,
        items=(contracts.NewItem("垃圾清运费", "fixed", amount=1000, unit_kinds=("residential",)),),
    )
    with book.write() as s:
        registry.unit_by_code(s, "幸福里小区", "1-1-101").vacant = True
    run(book, 202601)
    got = {d: a for d, a, _ in bills(book)}
    assert got["1-1-101 物业服务费 2026-01"] == 5325  # 76.075 x 70% = 53.2525
    assert got["1-1-101 垃圾清运费 2026-01"] == 1000
    assert "1-2-101 垃圾清运费 2026-01" not in got  # shops are not charged this item


def test_metered_item_billed_from_readings(book):
    setup_compound(book, items=(contracts.NewItem("二次供水费", "metered", price_e4=35000),))
    with book.write() as s:
        unit = registry.unit_by_code(s, "幸福里小区", "1-1-102")
        charges.record_reading(s, unit, "二次供水费", 202601, "100", "112.50")
        with pytest.raises(UserError, match="小于上期读数"):
            charges.record_reading(s, unit, "二次供水费", 202601, "100", "99")
    run(book, 202601)
    got = {d: a for d, a, _ in bills(book)}
    assert got["1-1-102 二次供水费 2026-01"] == 4375  # 12.5 x 3.50
    assert not any(d.startswith("1-1-101 二次供水费") for d in got)


def test_one_compound_only_and_no_contract_no_bills(book):
    setup_compound(book)
    with book.write() as s:
        registry.add_compound(s, "无合同小区")
    with book.write() as s:
        cid = registry.compound_by_name(s, "无合同小区").id
        r = billing.run_billing(s, 202601, compound_id=cid)
    assert r.bills == 0 and bills(book) == []


def test_before_billing_start_nothing(book):
    setup_compound(book, start=date(2026, 5, 1))
    assert run(book, 202604).bills == 0


def test_cancelled_run_leaves_book_unchanged(book):
    setup_compound(book)
    setup_compound(book, name="第二小区")
    before = snapshot(book)
    progress = Progress()
    calls = []

    def on_report(done, total, text):
        calls.append((done, total))
        if len(calls) == 2:
            progress.cancel()

    progress._on_report = on_report  # the UI sets this through Progress(on_report=...)
    with pytest.raises(Cancelled), book.write() as s:
        billing.run_billing(s, 202601, progress=progress)
    assert snapshot(book) == before
    assert calls[0] == (0, 10)


def test_progress_reports_to_the_end(book):
    setup_compound(book)
    seen = []
    with book.write() as s:
        billing.run_billing(
            s, 202601, progress=Progress(on_report=lambda d, t, _x: seen.append((d, t)))
        )
    assert seen[0] == (0, 5) and seen[-1] == (5, 5)
