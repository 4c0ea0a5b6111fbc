"""Payments, prepayments, receipts, voids, refunds, waivers, late fees, arrears, statements."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from propdesk.core.errors import UserError
from propdesk.core.fees import LateFeeRule
from propdesk.db.models import Bill, Receipt
from propdesk.services import arrears, billing, ledger, payments, registry
from propdesk.services.check import run_checks
from tests.fees_fixtures import setup_compound
from tests.helpers import snapshot


@pytest.fixture
def billed(book):
    setup_compound(book, late=LateFeeRule("daily", daily_ppm=500, grace_days=30))
    for p in (202601, 202602, 202603):
        with book.write() as s:
            billing.run_billing(s, p)
    return book


def pay(book, code, amount, on=date(2026, 3, 15), method="cash", **kw):
    with book.write() as s:
        return payments.take_payment(
            s, registry.unit_by_code(s, "幸福里小区", code), amount, method, on, **kw
        )


def open_amounts(book, code):
    with book.read() as s:
        unit = registry.unit_by_code(s, "幸福里小区", code)
        return [(b.period, b.amount - b.waived - b.paid) for b in payments.open_bills(s, unit.id)]


def assert_ok(book):
    with book.read() as s:
        report = run_checks(s)
    assert report.ok, report.violations


def test_oldest_bills_first(billed):
    r = pay(billed, "1-1-101", 10000)  # bills of 76.08 each
    assert (r.allocated, r.prepaid, r.receipt) == (10000, 0, "No.00000001")
    assert open_amounts(billed, "1-1-101") == [(202602, 7608 - (10000 - 7608)), (202603, 7608)]
    assert_ok(billed)


def test_chosen_bills(billed):
    with billed.read() as s:
        unit = registry.unit_by_code(s, "幸福里小区", "1-1-101")
        march = s.execute(
            select(Bill.id).where(Bill.unit_id == unit.id, Bill.period == 202603)
        ).scalar_one()
    pay(billed, "1-1-101", 7608, bill_ids=[march])
    assert open_amounts(billed, "1-1-101") == [(202601, 7608), (202602, 7608)]


def test_overpayment_becomes_prepayment_and_is_consumed(billed):
    r = pay(billed, "1-1-101", 3 * 7608 + 2 * 7608)
    assert (r.allocated, r.prepaid) == (3 * 7608, 2 * 7608)
    with billed.write() as s:
        res = billing.run_billing(s, 202604)
    assert res.prepaid_applied >= 7608
    assert open_amounts(billed, "1-1-101") == []
    with billed.read() as s:
        unit = registry.unit_by_code(s, "幸福里小区", "1-1-101")
        assert billing.prepaid_balances(s, [unit.id]) == {unit.id: 7608}
        tb = {r.code: r for r in ledger.trial_balance(s, 202604).rows}
    assert tb["220301"].closing_credit == 7608
    assert_ok(billed)


def test_prepayment_cap_twelve_months_and_contract_end(billed):
    before = snapshot(billed)
    # contract ends 2026-12: from April that is 9 months of 76.08 = 684.72 on top of what is owed
    owed = 3 * 7608
    with pytest.raises(UserError, match="预收款超过上限") as err:
        pay(billed, "1-1-101", owed + 9 * 7608 + 1)
    assert "￥684.72" in err.value.message
    assert snapshot(billed) == before
    r = pay(billed, "1-1-101", owed + 9 * 7608)
    assert r.prepaid == 9 * 7608


def test_no_contract_no_prepayment(book):
    with book.write() as s:
        c = registry.add_compound(s, "无合同小区")
        registry.add_unit(s, c, registry.NewUnit("1", "1", "101", 8000, owner="甲"))
    with pytest.raises(UserError, match="不能预收"), book.write() as s:
        payments.take_payment(
            s, registry.unit_by_code(s, "无合同小区", "1-1-101"), 100, "cash", date(2026, 1, 1)
        )


def test_wechat_goes_to_other_monetary_funds(billed):
    pay(billed, "1-1-102", 8700, method="微信", reference="WX4200001234")
    with billed.read() as s:
        tb = {r.code: r for r in ledger.trial_balance(s, 202603).rows}
    assert tb["101201"].debit == 8700 and tb["1012"].debit == 8700


def test_void_keeps_number_reverses_and_reopens_bills(billed):
    pay(billed, "1-1-101", 7608)
    pay(billed, "1-1-102", 8700)
    with billed.write() as s:
        payments.void_receipt(s, 1, "收款金额录错", date(2026, 3, 16))
    with billed.read() as s:
        rs = {r.number: (r.status, r.void_reason) for r in s.execute(select(Receipt)).scalars()}
    assert rs == {1: ("void", "收款金额录错"), 2: ("valid", None)}
    assert open_amounts(billed, "1-1-101")[0] == (202601, 7608)
    r = pay(billed, "1-1-101", 100)
    assert r.receipt_number == 3  # never reused
    with pytest.raises(UserError, match="已作废"), billed.write() as s:
        payments.void_receipt(s, 1, "again", date(2026, 3, 16))
    with pytest.raises(UserError, match="原因"), billed.write() as s:
        payments.void_receipt(s, 2, " ", date(2026, 3, 16))
    assert_ok(billed)


def test_reissue_with_the_right_amount(billed):
    pay(billed, "1-1-101", 760)  # meant 76.08
    with billed.write() as s:
        r = payments.reissue_receipt(s, 1, 7608, "少收一位小数", date(2026, 3, 15))
    assert r.receipt_number == 2
    with billed.read() as s:
        new = s.execute(select(Receipt).where(Receipt.number == 2)).scalar_one()
        assert new.reissue_of_id is not None and new.amount == 7608
    assert open_amounts(billed, "1-1-101") == [(202602, 7608), (202603, 7608)]
    assert_ok(billed)


def test_void_refused_when_prepayment_already_used(billed):
    pay(billed, "1-1-101", 4 * 7608)
    with billed.write() as s:
        billing.run_billing(s, 202604)
    before = snapshot(billed)
    with pytest.raises(UserError, match="已被后续账单冲抵"), billed.write() as s:
        payments.void_receipt(s, 1, "x", date(2026, 4, 2))
    assert snapshot(billed) == before


def test_refund_prepayment(billed):
    pay(billed, "1-1-101", 5 * 7608)
    with billed.write() as s:
        unit = registry.unit_by_code(s, "幸福里小区", "1-1-101")
        with pytest.raises(UserError, match="超过预收余额"):
            payments.refund_prepayment(s, unit, 2 * 7608 + 1, "cash", date(2026, 3, 20), "搬离")
    with billed.write() as s:
        unit = registry.unit_by_code(s, "幸福里小区", "1-1-101")
        payments.refund_prepayment(s, unit, 2 * 7608, "bank", date(2026, 3, 20), "合同终止退还")
        assert billing.prepaid_balances(s, [unit.id]) == {}
    assert_ok(billed)


def test_waiver_needs_reason_and_approver(billed):
    with billed.read() as s:
        unit = registry.unit_by_code(s, "幸福里小区", "1-1-102")
        bill_id = payments.open_bills(s, unit.id)[0].id
    for reason, approver, msg in (("", "书记", "原因"), ("低保户", "", "审批人")):
        with pytest.raises(UserError, match=msg), billed.write() as s:
            payments.waive(s, bill_id, 100, reason, approver, date(2026, 3, 1))
    with pytest.raises(UserError, match="超过未缴金额"), billed.write() as s:
        payments.waive(s, bill_id, 8701, "低保户", "王书记", date(2026, 3, 1))
    with billed.write() as s:
        payments.waive(s, bill_id, 8700, "低保户困难减免", "王书记", date(2026, 3, 1))
    assert open_amounts(billed, "1-1-102") == [(202602, 8700), (202603, 8700)]
    with billed.read() as s:
        tb = {r.code: r for r in ledger.trial_balance(s, 202603).rows}
    assert tb["500101"].debit == 8700
    assert_ok(billed)


def test_late_fees_only_when_confirmed(billed):
    as_of = date(2026, 4, 15)
    with billed.read() as s:
        lines = payments.late_fees_due(s, as_of)
    fees = {ln.unit_code: ln.fee for ln in lines}
    # 张三: each 76.08 bill is late by (days since due - 30 grace) days at 0.05 % a day:
    # January 104 - 30 = 74 days, February 73 - 30 = 43, March 45 - 30 = 15
    assert fees["1-1-101"] == sum((7608 * 5 * d + 5000) // 10000 for d in (74, 43, 15))
    with billed.read() as s:  # listing charges nothing
        assert s.execute(select(Bill.id).where(Bill.kind == "late_fee")).first() is None
    with billed.write() as s:
        n = payments.charge_late_fees(s, lines, as_of)
    assert n == len(lines)
    with billed.write() as s:
        assert payments.charge_late_fees(s, lines, as_of) == 0  # once per unit and month
    assert_ok(billed)


def test_arrears_aging_as_of_dates(billed):
    pay(billed, "1-1-101", 7608, on=date(2026, 2, 10))
    with billed.read() as s:
        early = arrears.arrears(s, date(2026, 1, 31))
        later = arrears.arrears(s, date(2026, 4, 15))
    by_unit = {r.unit: r for r in early.rows}
    assert by_unit["1-1-101"].total == 7608  # the February payment had not come yet
    z = {r.unit: r for r in later.rows}["1-1-101"]
    # February's bill is 73 days old and March's 45 days on 15 April
    assert (
        z.total == 2 * 7608 and z.buckets["31-90"] == 2 * 7608 and z.oldest_due == date(2026, 2, 1)
    )
    assert later.total == sum(r.total for r in later.rows)
    assert later.by_compound()["幸福里小区"]["units"] == 5
    assert later.by_owner()["张三"] == 2 * 7608


def test_over_three_years_flagged(book):
    setup_compound(book, start=date(2022, 1, 1), end=date(2027, 12, 31))
    with book.write() as s:
        billing.run_billing(s, 202201)
    with book.read() as s:
        rep = arrears.arrears(s, date(2026, 11, 25))
    assert all(r.flagged for r in rep.rows) and rep.totals[">3y"] == rep.total


def test_household_statement(billed):
    pay(billed, "1-1-101", 10000, on=date(2026, 2, 5))
    with billed.read() as s:
        st = arrears.account_statement(s, registry.unit_by_code(s, "幸福里小区", "1-1-101").id)
    assert [(ln.kind, ln.charge, ln.credit, ln.balance) for ln in st.lines] == [
        ("应收", 7608, 0, 7608),
        ("应收", 7608, 0, 15216),
        ("收款", 0, 10000, 5216),
        ("应收", 7608, 0, 12824),
    ]
    assert st.owed == 12824 and st.prepaid == 0 and st.owner == "张三"


def test_receipt_for_print_then_copies(billed):
    pay(billed, "1-1-101", 3 * 7608 + 1000)
    with billed.write() as s:
        first = payments.receipt_for_print(s, 1)
    with billed.write() as s:
        second = payments.receipt_for_print(s, 1)
    assert (first.copy, second.copy) == (False, True)
    assert first.label == "No.00000001" and first.payer == "张三" and first.unit == "1-1-101"
    assert [ln.amount for ln in first.lines] == [7608, 7608, 7608, 1000]
    assert first.lines[-1].description == "预收物业费"
    assert first.words == "人民币贰佰叁拾捌元贰角肆分" and first.method == "现金"
    with billed.write() as s:
        payments.void_receipt(s, 1, "录错", date(2026, 3, 16))
        voided = payments.receipt_for_print(s, 1)
    assert voided.void and voided.void_reason == "录错" and voided.copy
