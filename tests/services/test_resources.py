"""Common resources and the owners' money: the vote gate, agreements and dues, income with
receipts, reasonable costs, the owners' share fenced off from company revenue, uses, the
area split, the quarterly disclosure against the ledger, and the check."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from propdesk.core.errors import UserError
from propdesk.db.models import Compound, Prepayment, Receipt, ResourceDue, ResourceIncome, Unit
from propdesk.db.store import Book
from propdesk.services import check, ledger, payments, resources
from propdesk.services.books import create_book
from propdesk.services.resources import NewAgreement
from propdesk.services.votes import evidence_from_bytes
from tests.fees_fixtures import setup_compound
from tests.helpers import snapshot

EV = evidence_from_bytes("电费单.pdf", b"%PDF electricity")


def _compound(s, cid: int) -> Compound:  # type: ignore[no-untyped-def]
    c = s.get(Compound, cid)
    assert c is not None
    return c


@pytest.fixture
def cid(book: Book) -> int:
    return setup_compound(book)


@pytest.fixture
def voted(book: Book, cid: int) -> int:
    with book.write() as s:
        resources._pass_common_use_vote(s, _compound(s, cid), date(2026, 1, 5))
        resources.set_share(s, _compound(s, cid), 2000, date(2026, 1, 1), "管理协议 20%")
    return cid


def _tb_credit(book: Book, code: str) -> int:
    with book.read() as s:
        tb = ledger.trial_balance(s, 202601, 202612)
    return sum(r.credit for r in tb.rows if r.code == code)


def test_common_part_without_its_vote_is_refused_and_changes_nothing(book: Book, cid: int) -> None:
    with book.write() as s:
        r = resources.add_resource(s, _compound(s, cid), "parking", "P001", location="东侧道路")
        assert r.common and r.status == "idle"
    before = snapshot(book)
    for action in (
        lambda s, r: resources.operate(s, r, date(2026, 2, 1)),
        lambda s, r: resources.add_agreement(s, r, NewAgreement(
            "card", "王先生", date(2026, 2, 1), date(2026, 12, 31), rent=15000)),
        lambda s, r: resources.record_income(s, r, 15000, "cash", date(2026, 2, 1)),
    ):  # fmt: skip
        with pytest.raises(UserError, match="没有已结束并通过的业主表决"), book.write() as s:
            action(s, resources.resource_by_code(s, _compound(s, cid), "P001"))
    assert snapshot(book) == before


def test_company_resource_needs_no_vote_and_is_company_revenue(book: Book, cid: int) -> None:
    with book.write() as s:
        r = resources.add_resource(s, _compound(s, cid), "parking", "G01", owner="company")
        res = resources.record_income(s, r, 20000, "bank", date(2026, 2, 3), payer="周女士")
        assert (res.company_share, res.owners_share) == (0, 0)
    assert _tb_credit(book, "505102") == 20000
    assert _tb_credit(book, "224101") == 0


def test_income_receipt_shares_and_vouchers(book: Book, voted: int) -> None:
    with book.write() as s:
        c = _compound(s, voted)
        r = resources.add_resource(s, c, "parking", "P001")
        a = resources.add_agreement(s, r, NewAgreement(
            "card", "王先生", date(2026, 2, 1), date(2026, 4, 30), rent=15005, plate="鲁b12345"))  # fmt: skip
        assert a.plate == "鲁B12345"
        assert resources.generate_dues(s, 202602) == 1
        assert resources.generate_dues(s, 202602) == 0  # idempotent
        res = resources.record_income(s, r, 15005, "cash", date(2026, 2, 5), agreement=a)
        # 20 % of 150.05 = 30.01 exactly; half-up checked below
        assert (res.company_share, res.owners_share) == (3001, 12004)
        assert res.receipt == payments.receipt_label(1)
        assert s.execute(select(func.sum(ResourceDue.paid))).scalar() == 15005
        assert s.execute(select(Receipt.payer)).scalar() == "王先生"
        lines = ledger.voucher_lines(s, s.execute(select(ResourceIncome.voucher_id)).scalar_one())
        assert [(ln.account_code, ln.debit, ln.credit) for ln in lines] == [
            ("1001", 15005, 0), ("22410101", 0, 15005), ("22410101", 3001, 0), ("505101", 0, 3001),
        ]  # fmt: skip
    assert resources.share_of(15005, 2500) == 3751  # 37.5125 -> 37.51
    assert resources.share_of(2, 2500) == 1  # 0.5 fen -> 1 (half-up)


def test_cost_needs_evidence_and_comes_out_of_the_owners_money(book: Book, voted: int) -> None:
    with book.write() as s:
        c = _compound(s, voted)
        r = resources.add_resource(s, c, "parking", "TEMP")
        resources.record_temporary_parking(s, r, 100000, "wechat", date(2026, 2, 28))
        cost = resources.record_cost(s, c, 12000, date(2026, 2, 28), "electricity", EV, resource=r)
        assert cost.evidence_sha256 == EV.sha256 and cost.common
        assert resources.owners_balance(s, c.id) == 100000 - 20000 - 12000
        assert resources.ledger_balance(s, c) == 68000
        assert check.run_checks(s).ok


def test_expiring_and_renewal(book: Book, voted: int) -> None:
    with book.write() as s:
        r = resources.add_resource(s, _compound(s, voted), "ad", "L1", location="1 号楼电梯")
        a = resources.add_agreement(s, r, NewAgreement(
            "ad", "新潮传媒", date(2026, 1, 1), date(2026, 3, 31), rent=30000, cycle_months=3))  # fmt: skip
        assert [e.agreement_id for e in resources.expiring(s, date(2026, 3, 10))] == [a.id]
        assert resources.generate_dues(s, 202602) == 0  # quarterly: due in January only
        assert resources.generate_dues(s, 202601) == 1
        new = resources.renew_agreement(s, a, date(2026, 6, 30))
        assert new.start == date(2026, 4, 1) and new.renewal_of_id == a.id
        assert resources.expiring(s, date(2026, 3, 10)) == []


def test_uses_need_a_decision_and_the_fee_offset_credits_units(book: Book, voted: int) -> None:
    with book.write() as s:
        c = _compound(s, voted)
        r = resources.add_resource(s, c, "stall", "S1")
        resources.record_income(s, r, 100000, "bank", date(2026, 2, 1))
    before = snapshot(book)
    with pytest.raises(UserError, match="业主的决定"), book.write() as s:
        resources.use_owners_money(s, _compound(s, voted), "fee_offset", 10000, date(2026, 2, 2))
    with pytest.raises(UserError, match="不足"), book.write() as s:
        resources.use_owners_money(s, _compound(s, voted), "fund", 80001, date(2026, 2, 2),
                                   decision="业主大会决定补充维修资金", decided_on=date(2026, 2, 1))  # fmt: skip
    assert snapshot(book) == before
    with book.write() as s:
        c = _compound(s, voted)
        res = resources.use_owners_money(s, c, "fee_offset", 50001, date(2026, 2, 2),
                                         decision="抵扣物业费", decided_on=date(2026, 2, 1))  # fmt: skip
        assert sum(res.shares.values()) == 50001
        prepaid = dict(s.execute(select(Prepayment.unit_id, Prepayment.amount)).all())
        assert prepaid == res.shares
        resources.use_owners_money(s, c, "fund", 10000, date(2026, 2, 3),
                                   decision="补充维修资金", decided_on=date(2026, 2, 1))  # fmt: skip
        assert resources.owners_balance(s, c.id) == 80000 - 50001 - 10000
        assert resources.ledger_balance(s, c) == 80000 - 50001 - 10000
        assert check.run_checks(s).ok


def test_disclosure_equals_the_ledger(book: Book, voted: int) -> None:
    with book.write() as s:
        c = _compound(s, voted)
        p, ad = (resources.add_resource(s, c, "parking", "P1"),
                 resources.add_resource(s, c, "ad", "L1"))  # fmt: skip
        resources.record_income(s, p, 30000, "cash", date(2026, 3, 20))
        resources.record_income(s, p, 45000, "cash", date(2026, 4, 2))
        resources.record_income(s, ad, 90000, "bank", date(2026, 5, 2))
        resources.record_cost(s, c, 5000, date(2026, 3, 21), "cleaning", EV)
        resources.record_cost(s, c, 7000, date(2026, 6, 1), "staff", EV, resource=ad)
        resources.use_owners_money(s, c, "other", 3000, date(2026, 6, 30),
                                   decision="购置健身器材", decided_on=date(2026, 6, 1))  # fmt: skip
    with book.read() as s:
        c = _compound(s, voted)
        q1 = resources.disclosure(s, c, "2026-Q1")
        q2 = resources.disclosure(s, c, "2026-q2")
    assert (q1.opening, q1.gross, q1.costs, q1.company_share) == (0, 30000, 5000, 6000)
    assert q1.closing == 19000 == q2.opening
    assert (q2.gross, q2.costs, q2.company_share, q2.used) == (135000, 7000, 27000, 3000)
    assert q2.owners_share == 135000 - 7000 - 27000
    assert q2.closing == 19000 + q2.owners_share - 3000
    assert q1.reconciles and q2.reconciles
    assert [(ln.code, ln.gross) for ln in q2.income] == [("L1", 90000), ("P1", 45000)]
    with pytest.raises(UserError), book.read() as s:
        resources.disclosure(s, _compound(s, voted), "2026-5")


@given(st.lists(st.integers(1, 10_000), min_size=1, max_size=30), st.integers(0, 10**9))
def test_split_by_area_sums_exactly(areas: list[int], amount: int) -> None:
    units = [(i + 1, a) for i, a in enumerate(areas)]
    parts = resources.split_by_area(units, amount)
    assert sum(parts.values()) == amount
    total = sum(areas)
    for uid, a in units:  # each part is its exact share rounded down or up
        assert amount * a // total <= parts[uid] <= amount * a // total + 1
    assert resources.split_by_area(list(reversed(units)), amount) == parts  # deterministic


def test_split_to_units_uses_floor_areas(book: Book, cid: int) -> None:
    with book.read() as s:
        parts = resources.split_to_units(s, cid, 100)
        areas = dict(s.execute(select(Unit.id, Unit.area).where(Unit.compound_id == cid)).all())
    assert sum(parts.values()) == 100 and set(parts) == set(areas)
    assert resources.split_by_area([(1, 1), (2, 1), (3, 1)], 2) == {1: 1, 2: 1, 3: 0}  # ties: id


INCOMES = st.lists(st.tuples(st.integers(1, 5_000_000), st.booleans()), min_size=1, max_size=8)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(INCOMES, st.lists(st.integers(1, 200_000), max_size=4), st.integers(0, 10000))
def test_owners_share_never_reaches_company_revenue(
    incomes: list[tuple[int, bool]], costs: list[int], share_bp: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        book = create_book(Path(tmp) / "b.db", company_name="测试")
        try:
            cid = setup_compound(book)
            with book.write() as s:
                c = _compound(s, cid)
                resources._pass_common_use_vote(s, c, date(2026, 1, 5))
                resources.set_share(s, c, share_bp, date(2026, 1, 1))
                common = resources.add_resource(s, c, "parking", "P1")
                own = resources.add_resource(s, c, "parking", "G1", owner="company")
                shares = []
                for amount, is_common in incomes:
                    r = common if is_common else own
                    shares.append(resources.record_income(s, r, amount, "bank", date(2026, 3, 1)))
                for amount in costs:
                    resources.record_cost(s, c, amount, date(2026, 3, 2), "other", EV)
                gross = sum(a for a, ok in incomes if ok)
                company = sum(x.company_share for x in shares)
                owners = resources.ledger_balance(s, c)
                assert owners + company + sum(costs) == gross  # to the fen
                assert company == sum(resources.share_of(a, share_bp) for a, ok in incomes if ok)
                assert check.run_checks(s).ok
            own_gross = sum(a for a, ok in incomes if not ok)
            assert _tb_credit(book, "505101") == company
            assert _tb_credit(book, "505102") == own_gross
            assert _tb_credit(book, "5051") == company + own_gross  # never the owners' share
        finally:
            book.close()


def test_demo_resources_a_year_behind_passed_votes(book: Book, cid: int) -> None:
    import random

    resources.demo_resources(book, random.Random(7), today=date(2026, 12, 20))
    with book.read() as s:
        c = _compound(s, cid)
        assert resources.owners_balance(s, cid) == resources.ledger_balance(s, c) > 0
        rep = resources.disclosure(s, c, "2026-Q2")
        assert rep.reconciles and {r.code for r in rep.income} >= {"P001", "L1", "K1", "S1", "TEMP"}
        assert check.run_checks(s).ok


def test_resource_receipt_prints_and_is_not_voided_as_a_fee(book: Book, cid: int) -> None:
    from propdesk.core.errors import UserError
    from propdesk.services import payments

    with book.write() as s:
        r = resources.add_resource(s, _compound(s, cid), "parking", "G09", owner="company")
        res = resources.record_income(s, r, 20000, "bank", date(2026, 2, 3), payer="周女士")
    with book.write() as s:
        data = payments.receipt_for_print(s, res.receipt_number)
    assert (data.payer, data.amount, data.words, data.copy) == (
        "周女士",
        20000,
        "人民币贰佰元整",
        False,
    )
    with pytest.raises(UserError, match="公共资源收入"), book.write() as s:
        payments.void_receipt(s, res.receipt_number, "x", date(2026, 2, 4))
