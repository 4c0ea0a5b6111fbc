"""Surplus allocation: the closed period's surplus from the ledger (owners' money fenced off),
earlier losses first, draft → approve (vouchers) → pay, the sheets, traceability, the check."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from propdesk.core.errors import UserError
from propdesk.db.models import Compound, Posting, Voucher
from propdesk.db.store import Book
from propdesk.services import check, grids, ledger, resources, surplus
from propdesk.services.books import create_book
from tests.fees_fixtures import setup_compound
from tests.helpers import snapshot, v

FT, PT = 50_000, 20_000  # default top-ups per head per month


def _balance(book: Book, prefix: str, name: str | None = None) -> int:
    """Net credit balance of the accounts under `prefix` (optionally only those named `name`)."""
    with book.read() as s:
        accs = ledger.accounts(s)
        ids = [
            a.id
            for c, a in accs.items()
            if c.startswith(prefix) and (name is None or a.name == name)
        ]
        rows = s.execute(
            select(Posting.debit, Posting.credit).where(Posting.account_id.in_(ids))
        ).all()
    return sum(c - d for d, c in rows)


@pytest.fixture
def q1(book: Book) -> dict[str, int]:
    """Q1 2026: a January loss, then two good months; owners' common income in February; a grid
    with two full-time workers (one leaving in February), a part-time worker from February and
    a station with two projects. January to March closed."""
    cid = setup_compound(book)
    with book.write() as s:
        ledger.post_vouchers(s, [
            v(date(2026, 1, 20), "物业费收入", ("1002", 300_000, 0), ("500101", 0, 300_000)),
            v(date(2026, 1, 25), "保洁费用", ("5401", 400_000, 0), ("1002", 0, 400_000)),
            v(date(2026, 2, 20), "物业费收入", ("1002", 600_000, 0), ("500101", 0, 600_000)),
            v(date(2026, 2, 25), "维修费用", ("5401", 200_000, 0), ("1002", 0, 200_000)),
            v(date(2026, 3, 20), "物业费收入", ("1002", 500_000, 0), ("500101", 0, 500_000)),
            v(date(2026, 3, 25), "办公费", ("5603", 100_000, 0), ("1002", 0, 100_000)),
        ])  # fmt: skip
        c = s.get(Compound, cid)
        assert c is not None
        resources._pass_common_use_vote(s, c, date(2026, 1, 5))
        resources.set_share(s, c, 2000, date(2026, 1, 1), "管理协议 20%")
        r = resources.add_resource(s, c, "parking", "P001")
        resources.record_income(s, r, 100_000, "bank", date(2026, 2, 10))  # 20,000 is ours
        g = grids.add_grid(s, "G01", "幸福网格", "李网格长", ["幸福里小区"])
        a = grids.add_worker(
            s, g.id, "张专职", "专职", date(2025, 1, 1), bank_account="6222 0212 3456 7890 123"
        )
        b = grids.add_worker(
            s, g.id, "王专职", "full_time", date(2025, 6, 1), end=date(2026, 2, 10)
        )
        p = grids.add_worker(
            s, g.id, "赵兼职", "兼职", date(2026, 2, 1), bank_account="6217001234567890"
        )
        grids.add_worker(s, g.id, "钱辅助", "辅助", date(2026, 1, 1))  # no default rule for helpers
        st = grids.add_station(s, g.id, "幸福驿站", "长宁路 128 弄 1 号")
        p1 = grids.add_project(s, st.id, "适老化改造", 60_000)
        p2 = grids.add_project(s, st.id, "图书角", 40_000, status="active")
        for period in (202601, 202602, 202603):
            ledger.close_period(s, period)
    return {"grid": g.id, "a": a.id, "b": b.id, "p": p.id, "p1": p1.id, "p2": p2.id}


def test_parse_span() -> None:
    assert surplus.parse_span("2026-09") == surplus.Span("month", 202609, 202609)
    assert surplus.parse_span("2026-Q3") == surplus.Span("quarter", 202607, 202609)
    assert surplus.parse_span("2026q1").label == "2026-Q1"
    assert surplus.parse_span("2026") == surplus.Span("year", 202601, 202612)
    for bad in ("2026-13", "2026-Q5", "26-01", ""):
        with pytest.raises(UserError, match="期间"):
            surplus.parse_span(bad)


def test_open_period_is_refused_and_nothing_changes(book: Book, q1: dict[str, int]) -> None:
    before = snapshot(book)
    for period in ("2026-Q2", "2026-04", "2026"):
        with pytest.raises(UserError, match="尚未结账") as err, book.write() as s:
            surplus.draft_allocation(s, period)
        assert "2026-03" in str(err.value)  # closed through
    assert snapshot(book) == before


def test_surplus_is_own_revenue_minus_costs_never_the_owners_money(
    book: Book, q1: dict[str, int]
) -> None:
    with book.read() as s:
        fig = surplus.surplus_figures(s, "2026-Q1")
    # 300k + 600k + 500k fees and the 20% company share of the 100k parking income, not the 80k
    assert fig.revenue == 1_420_000
    assert fig.costs == 700_000
    assert fig.surplus == 720_000 and fig.losses == 0 and fig.closed
    assert _balance(book, "224101") == 80_000


def test_draft_shows_every_line_and_what_remains(book: Book, q1: dict[str, int]) -> None:
    with book.write() as s:
        d = surplus.draft_allocation(s, "2026-Q1")
    assert d.status == "draft" and d.period == "2026-Q1" and d.surplus == 720_000
    got = {(r.kind, r.who): (r.months, r.amount) for r in d.lines}
    assert got == {
        ("stipend", "专职网格员 张专职"): (3, 3 * FT),
        ("stipend", "专职网格员 王专职"): (2, 2 * FT),  # left on 10 February
        ("stipend", "兼职网格员 赵兼职"): (2, 2 * PT),
        ("station", "幸福驿站 · 适老化改造"): (0, 60_000),
        ("station", "幸福驿站 · 图书角"): (0, 40_000),
        ("retained", "留存"): (0, 720_000 - 5 * FT - 2 * PT - 100_000),
    }
    assert d.stipends == 290_000 and d.stations == 100_000 and d.retained == 330_000
    assert d.loss_cover + d.stipends + d.stations + d.retained == d.surplus
    assert all(r.voucher is None for r in d.lines)
    with book.read() as s:
        assert check.run_checks(s).ok


def test_drafting_again_replaces_the_draft(book: Book, q1: dict[str, int]) -> None:
    with book.write() as s:
        first = surplus.draft_allocation(s, "2026-Q1")
    with book.write() as s:
        second = surplus.draft_allocation(s, "2026-Q1")
        assert [a.id for a in surplus.list_allocations(s)] == [second.id]
    assert first.surplus == second.surplus
    with pytest.raises(UserError, match="重叠"), book.write() as s:
        surplus.draft_allocation(s, "2026-02")


def test_earlier_losses_are_covered_first(book: Book, q1: dict[str, int]) -> None:
    with book.write() as s:
        feb = surplus.draft_allocation(s, "2026-02")
    # February earned 420,000; January lost 100,000, which is covered first
    assert (feb.surplus, feb.losses, feb.loss_cover) == (420_000, 100_000, 100_000)
    assert feb.stipends == 2 * FT + PT and feb.stations == 100_000
    assert feb.retained == 420_000 - 100_000 - feb.stipends - feb.stations
    with book.write() as s:
        surplus.discard_draft(s, feb.id)
        jan = surplus.surplus_figures(s, "2026-01")
        assert jan.surplus == -100_000
        with pytest.raises(UserError, match="没有可分配的盈余"):
            surplus.draft_allocation(s, "2026-01")


def test_approve_posts_balanced_vouchers_that_equal_the_allocation(
    book: Book, q1: dict[str, int]
) -> None:
    owners_before = _balance(book, "224101")
    with book.write() as s:
        d = surplus.draft_allocation(s, "2026-Q1")
        a = surplus.approve_allocation(s, d.id, "王书记", on=date(2026, 4, 5))
    assert a.status == "posted" and a.approved_by == "王书记" and a.voucher is not None
    assert a.voucher.startswith("2026-04 记-")
    assert all(r.voucher == a.voucher for r in a.lines if r.kind != "retained")
    with book.read() as s:
        vid = s.execute(select(Voucher.id).where(Voucher.source == "allocation")).scalar_one()
        lines = ledger.voucher_lines(s, vid)
    assert sum(ln.debit for ln in lines) == sum(ln.credit for ln in lines) == 390_000
    # the ledger's figures equal the allocation's
    assert _balance(book, "560201") == -390_000
    assert _balance(book, "2211", "网格补贴") == 2 * PT  # the part-time worker is on the payroll
    assert _balance(book, "2241", "网格补贴") == 5 * FT
    assert _balance(book, "2241", "网格驿站经费") == 100_000
    assert _balance(book, "224101") == owners_before == 80_000  # owners' money untouched
    with book.read() as s:
        assert check.run_checks(s).ok
        # April's own surplus leaves the Q1 allocation out
        assert surplus.surplus_figures(s, "2026-04").surplus == 0


def test_approve_twice_and_redraft_after_approval_are_refused(
    book: Book, q1: dict[str, int]
) -> None:
    with book.write() as s:
        d = surplus.draft_allocation(s, "2026-Q1")
        surplus.approve_allocation(s, d.id, "王书记", on=date(2026, 4, 5))
    before = snapshot(book)
    with pytest.raises(UserError, match="已审批"), book.write() as s:
        surplus.approve_allocation(s, d.id, "王书记", on=date(2026, 4, 6))
    with pytest.raises(UserError, match="重叠"), book.write() as s:
        surplus.draft_allocation(s, "2026-03")
    with pytest.raises(UserError, match="已审批"), book.write() as s:
        surplus.discard_draft(s, d.id)
    assert snapshot(book) == before


def test_a_stale_draft_is_refused(book: Book, q1: dict[str, int]) -> None:
    with book.write() as s:
        d = surplus.draft_allocation(s, "2026-Q1")
        grids.add_worker(s, q1["grid"], "孙专职", "专职", date(2026, 1, 1))
    with pytest.raises(UserError, match="重新生成"), book.write() as s:
        surplus.approve_allocation(s, d.id, "王书记", on=date(2026, 4, 5))
    with pytest.raises(UserError, match="审批人"), book.write() as s:
        surplus.approve_allocation(s, d.id, " ", on=date(2026, 4, 5))


def test_sheet_and_funding_list(book: Book, q1: dict[str, int]) -> None:
    with book.write() as s:
        d = surplus.draft_allocation(s, "2026-Q1")
        surplus.approve_allocation(s, d.id, "王书记", on=date(2026, 4, 5))
        sheet = surplus.stipend_sheet(s, d.id)
        funding = surplus.station_funding(s, d.id)
    assert sheet.company == "测试社区物业服务有限公司" and sheet.period == "2026-Q1"
    assert [(r.no, r.worker, r.grid, r.kind, r.months, r.amount, r.bank_account, r.signature)
            for r in sheet.rows] == [
        (1, "张专职", "G01 幸福网格", "专职网格员", 3, 150_000, "6222 **** **** 0123", ""),
        (2, "王专职", "G01 幸福网格", "专职网格员", 2, 100_000, "", ""),
        (3, "赵兼职", "G01 幸福网格", "兼职网格员", 2, 40_000, "6217 **** **** 7890", ""),
    ]  # fmt: skip
    assert sheet.total == 290_000 and sheet.approved_by == "王书记"
    assert [(r.station, r.project, r.budget, r.funded_before, r.amount, r.remaining)
            for r in funding.rows] == [
        ("幸福驿站", "适老化改造", 60_000, 0, 60_000, 0),
        ("幸福驿站", "图书角", 40_000, 0, 40_000, 0),
    ]  # fmt: skip
    assert funding.total == 100_000


def test_shortfall_is_shared_pro_rata_and_budgets_stay_funded(
    book: Book, q1: dict[str, int]
) -> None:
    with book.write() as s:
        grids.edit_project(s, q1["p1"], budget=600_000)
        grids.edit_project(s, q1["p2"], budget=400_000)
        d = surplus.draft_allocation(s, "2026-Q1")
    # 720,000 - 290,000 stipends = 430,000 for 1,000,000 of budgets: shared 3:2
    assert [r.amount for r in d.lines if r.kind == "station"] == [258_000, 172_000]
    assert [r.asked for r in d.lines if r.kind == "station"] == [600_000, 400_000]
    assert d.retained == 0
    with book.write() as s:
        surplus.approve_allocation(s, d.id, "王书记", on=date(2026, 4, 5))
        rows = {p.id: p for p in grids.list_projects(s)}
        assert rows[q1["p1"]].funded == 258_000 and rows[q1["p1"]].unfunded == 342_000
        with pytest.raises(UserError, match="少于已拨付"):
            grids.edit_project(s, q1["p1"], budget=100_000)


def test_pay_out_in_cash_and_by_bank(book: Book, q1: dict[str, int]) -> None:
    others_before = _balance(book, "2241")
    with book.write() as s:
        d = surplus.draft_allocation(s, "2026-Q1")
        with pytest.raises(UserError, match="尚未审批"):
            surplus.pay_lines(s, d.id, "cash", date(2026, 4, 6))
        a = surplus.approve_allocation(s, d.id, "王书记", on=date(2026, 4, 5))
        first = next(r for r in a.lines if r.kind == "stipend")
        one = surplus.pay_line(s, first.id, "现金", date(2026, 4, 6))
        assert (one.count, one.amount, one.status) == (1, 150_000, "posted")
        rest = surplus.pay_lines(s, d.id, "bank", date(2026, 4, 8))
        assert (rest.count, rest.amount, rest.status) == (4, 240_000, "paid")
        with pytest.raises(UserError, match="没有待发放"):
            surplus.pay_lines(s, d.id, "bank", date(2026, 4, 9))
        view = surplus.allocation_view(s, d.id)
        assert view.paid_on == date(2026, 4, 8)
        assert all(r.paid == r.amount for r in view.lines if r.kind != "retained")
        assert check.run_checks(s).ok
    assert _balance(book, "1001") == 150_000  # paid out of the cash box (net credit)
    assert _balance(book, "2241") == others_before  # payables cleared; owners' 80,000 still there
    assert _balance(book, "2211") == 0


def test_where_the_surplus_went_and_what_a_grid_received(book: Book, q1: dict[str, int]) -> None:
    with book.write() as s:
        empty = surplus.surplus_report(s, "2026-Q1")
        assert empty.allocation_id is None and empty.unallocated == 720_000
        d = surplus.draft_allocation(s, "2026-Q1")
        surplus.approve_allocation(s, d.id, "王书记", on=date(2026, 4, 5))
        surplus.pay_lines(s, d.id, "bank", date(2026, 4, 8))
        rep = surplus.surplus_report(s, "2026-Q1")
        got = surplus.grid_receipts(s, q1["grid"], 2026)
        none = surplus.grid_receipts(s, q1["grid"], 2025)
    assert (rep.surplus, rep.full_time, rep.part_time, rep.stations, rep.retained) == (
        720_000, 250_000, 40_000, 100_000, 330_000)  # fmt: skip
    assert rep.unallocated == 0 and rep.status == "paid"
    assert rep.loss_cover + rep.stipends + rep.stations + rep.retained == rep.surplus
    traced = [r for r in rep.rows if r.kind != "retained"]
    assert all(r.voucher and r.payouts and r.paid == r.amount for r in traced)
    assert got.grid == "G01 幸福网格" and got.total == 390_000
    assert (got.stipends, got.stations) == (290_000, 100_000)
    assert {r.period for r in got.rows} == {"2026-Q1"}
    assert none.rows == ()


def test_rules_seeded_and_edited(book: Book, q1: dict[str, int]) -> None:
    with book.write() as s:
        rules = surplus.list_rules(s)
        assert [(r.priority, r.target, r.basis, r.amount) for r in rules] == [
            (1, "full_time", "per_head", FT), (2, "part_time", "per_head", PT),
            (3, "stations", "budget", 0), (4, "retained", "remainder", 0),
        ]  # fmt: skip
        with pytest.raises(UserError, match="不能按"):
            surplus.add_rule(s, 5, "错", "stations", "per_head", amount=1)
        # cap the full-time rule at 200,000 and use each worker's base stipend for helpers
        surplus.edit_rule(s, rules[0].id, cap=200_000)
        surplus.add_rule(s, 2, "辅助网格员补贴", "auxiliary", "fixed", amount=30_000)
        d = surplus.draft_allocation(s, "2026-Q1")
    ft = [r.amount for r in d.lines if r.rule == "专职网格员补贴（每人每月）"]
    assert ft == [120_000, 80_000]  # 200,000 shared 3:2
    assert [r.amount for r in d.lines if r.who == "辅助网格员 钱辅助"] == [30_000]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    fees=st.integers(0, 2_000_000),
    costs=st.integers(0, 2_000_000),
    earlier=st.integers(-500_000, 500_000),
    common=st.integers(1, 1_000_000),
    share_bp=st.integers(0, 10_000),
)
def test_owners_money_never_allocated_and_everything_adds_up(
    fees: int, costs: int, earlier: int, common: int, share_bp: int
) -> None:
    """Whatever the figures: the owners' 224101 money is neither in the surplus nor touched by
    approving; loss cover + allocated + retained == surplus; the ledger equals the allocation."""
    with tempfile.TemporaryDirectory() as tmp:
        book = create_book(Path(tmp) / "b.db", company_name="测试")
        try:
            cid = setup_compound(book)
            with book.write() as s:
                c = s.get(Compound, cid)
                assert c is not None
                resources._pass_common_use_vote(s, c, date(2026, 1, 5))
                resources.set_share(s, c, share_bp, date(2026, 1, 1))
                r = resources.add_resource(s, c, "parking", "P1")
                res = resources.record_income(s, r, common, "bank", date(2026, 2, 3))
                vs = []
                if earlier > 0:
                    vs.append(
                        v(
                            date(2026, 1, 9),
                            "一月收入",
                            ("1002", earlier, 0),
                            ("500101", 0, earlier),
                        )
                    )
                elif earlier < 0:
                    vs.append(
                        v(
                            date(2026, 1, 9),
                            "一月费用",
                            ("5401", -earlier, 0),
                            ("1002", 0, -earlier),
                        )
                    )
                if fees:
                    vs.append(v(date(2026, 2, 9), "收入", ("1002", fees, 0), ("500101", 0, fees)))
                if costs:
                    vs.append(v(date(2026, 2, 19), "费用", ("5401", costs, 0), ("1002", 0, costs)))
                ledger.post_vouchers(s, vs)
                g = grids.add_grid(s, "G01", "网格")
                grids.add_worker(s, g.id, "甲", "专职", date(2025, 1, 1))
                grids.add_worker(s, g.id, "乙", "兼职", date(2025, 1, 1))
                st_ = grids.add_station(s, g.id, "驿站")
                grids.add_project(s, st_.id, "项目", 300_000)
                ledger.close_period(s, 202601)
                ledger.close_period(s, 202602)
            owners = common - res.company_share
            assert _balance(book, "224101") == owners
            with book.write() as s:
                fig = surplus.surplus_figures(s, "2026-02")
                assert fig.surplus == fees + res.company_share - costs
                assert fig.losses == max(0, -earlier)
                if fig.distributable <= 0:
                    with pytest.raises(UserError, match="没有可分配的盈余"):
                        surplus.draft_allocation(s, "2026-02")
                    return
                d = surplus.draft_allocation(s, "2026-02")
                a = surplus.approve_allocation(s, d.id, "王书记", on=date(2026, 3, 1))
                assert check.run_checks(s).ok
            assert a.loss_cover + a.stipends + a.stations + a.retained == a.surplus
            assert a.loss_cover == min(fig.surplus, fig.losses)
            assert _balance(book, "224101") == owners
            assert -_balance(book, "560201") == a.stipends + a.stations
        finally:
            book.close()
