"""Company expenses: one balanced voucher each, payables paid later, reversals, the list and the
month totals read back from the books, and every refusal leaving the book unchanged."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from propdesk.core import i18n
from propdesk.core.errors import UserError
from propdesk.db.models import Voucher
from propdesk.db.store import Book
from propdesk.services import expenses, ledger, registry, trial, votes
from propdesk.services.books import create_book
from propdesk.services.check import run_checks
from propdesk.services.expenses import NewExpense
from tests.helpers import snapshot


def _compound(book: Book, name: str = "幸福里小区") -> int:
    with book.write() as s:
        return registry.add_compound(s, name).id


def _add(book: Book, **kw: object) -> ledger.VoucherRef:
    args: dict[str, object] = {"date": date(2026, 3, 12), "category": "repairs", "amount": 12_345}
    args.update(kw)
    with book.write() as s:
        return expenses.record_expense(s, NewExpense(**args))  # type: ignore[arg-type]


def _lines(book: Book, voucher_id: int) -> list[tuple[str, int, int]]:
    with book.read() as s:
        return [(r.account_code, r.debit, r.credit) for r in ledger.voucher_lines(s, voucher_id)]


def _balance(book: Book, code: str, period: int = 202603) -> int:
    with book.read() as s:
        tb = ledger.trial_balance(s, 202601, period)
    row = next((r for r in tb.rows if r.code == code), None)
    return 0 if row is None else row.closing_debit - row.closing_credit


def test_expense_posts_one_voucher_and_lists_back(book: Book, tmp_path: Path) -> None:
    cid = _compound(book)
    scan = tmp_path / "发票.pdf"
    scan.write_bytes(b"%PDF fake invoice")
    ev = votes.evidence_from_file(scan)
    ref = _add(book, category="维修", amount=12_345, payee="李师傅", method="cash",
               compound_id=cid, summary="更换楼道灯", evidence=(ev,))  # fmt: skip
    assert ref.label == "2026-03 记-0001"
    assert _lines(book, ref.id) == [("540103", 12_345, 0), ("1001", 0, 12_345)]
    with book.read() as s:
        v = s.get(Voucher, ref.id)
        assert v is not None
        assert (v.source, v.attachments) == ("expense", 1)
        assert v.summary == "幸福里小区 更换楼道灯（李师傅）"
        assert ledger.full_name(s, "540103") == "主营业务成本—维修材料"
        [row] = expenses.list_expenses(s, 202603)
    assert (row.voucher, row.category, row.category_label, row.amount) == (
        "2026-03 记-0001", "repairs", "维修", 12_345)  # fmt: skip
    assert (row.payee, row.method, row.compound, row.account) == (
        "李师傅", "cash", "幸福里小区", "540103")  # fmt: skip
    assert row.evidence == (str(scan),)
    assert not row.reversed and row.outstanding == 0
    with book.read() as s:
        assert run_checks(s).ok


def test_categories_post_to_their_accounts(book: Book) -> None:
    for n, key in enumerate(expenses.CATEGORIES, start=1):
        _add(book, category=key, amount=100 * n, method="bank")
    with book.read() as s:
        accounts = {
            key: expenses.category_account(s, key, create=False) for key in expenses.CATEGORIES
        }
        rows = expenses.list_expenses(s, 202603)
        names = {code: ledger.full_name(s, code) for code in accounts.values() if code}
    assert accounts["staff"] == "540101" and accounts["office"] == "560202"
    assert accounts["finance"] == "5603" and accounts["non_operating"] == "5711"
    assert names["540106"] == "主营业务成本—垃圾清运费"
    assert names["560204"] == "管理费用—网格运营费"
    assert len(rows) == len(expenses.CATEGORIES)
    assert {r.category for r in rows} == set(expenses.CATEGORIES)


def test_an_account_of_the_same_name_is_reused_and_a_taken_code_skipped(book: Book) -> None:
    with book.write() as s:
        ledger.add_account(s, "560204", "差旅费", "5602")  # a journal import put travel here
    _add(book, category="travel", amount=500)
    _add(book, category="grid", amount=700)
    with book.read() as s:
        assert expenses.category_account(s, "travel") == "560204"
        grid = expenses.category_account(s, "grid")
        assert grid is not None and ledger.full_name(s, grid) == "管理费用—网格运营费"
        assert grid not in {c.code for c in expenses.CATEGORIES.values()}


def test_payable_paid_later_in_parts(book: Book) -> None:
    ref = _add(book, category="cleaning", amount=60_000, payee="绿洁保洁公司", method="payable")
    assert _lines(book, ref.id) == [("540102", 60_000, 0), ("2202", 0, 60_000)]
    with book.write() as s:
        first = expenses.pay_payable(s, ref.id, date(2026, 3, 20), amount=20_000)
    with book.read() as s:
        [row] = expenses.list_expenses(s, 202603)
    assert (row.method, row.paid, row.outstanding) == ("payable", 20_000, 40_000)
    before = snapshot(book)
    with pytest.raises(UserError, match="超过支出"), book.write() as s:
        expenses.pay_payable(s, ref.id, date(2026, 3, 21), amount=40_001)
    assert snapshot(book) == before
    with book.write() as s:
        rest = expenses.pay_payable(s, ref.id, date(2026, 3, 25), method="cash")
    assert _lines(book, first.id) == [("2202", 20_000, 0), ("1002", 0, 20_000)]
    assert _lines(book, rest.id) == [("2202", 40_000, 0), ("1001", 0, 40_000)]
    assert _balance(book, "2202") == 0
    with book.read() as s:
        [row] = expenses.list_expenses(s, 202603)
        v = s.get(Voucher, rest.id)
        assert v is not None and v.source == "expense_pay" and "绿洁保洁公司" in v.summary
    assert (row.paid, row.outstanding) == (60_000, 0)
    with pytest.raises(UserError, match="已付清"), book.write() as s:
        expenses.pay_payable(s, ref.id, date(2026, 3, 26))


def test_wages_accrued_then_paid(book: Book) -> None:
    ref = _add(book, category="staff", amount=3_100_000, method="salary", summary="计提3月工资")
    assert _lines(book, ref.id) == [("540101", 3_100_000, 0), ("221101", 0, 3_100_000)]
    with book.write() as s:
        expenses.pay_payable(s, ref.id, date(2026, 3, 15))
    assert _balance(book, "221101") == 0


def test_paying_an_expense_paid_at_once_is_refused(book: Book) -> None:
    ref = _add(book, method="bank")
    with pytest.raises(UserError, match="已当时付款"), book.write() as s:
        expenses.pay_payable(s, ref.id, date(2026, 3, 20))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"amount": 0}, "金额必须大于零"),
        ({"amount": -5}, "金额必须大于零"),
        ({"category": "吃饭"}, "支出类别「吃饭」无效"),
        ({"method": "刷脸"}, "付款方式「刷脸」无效"),
        ({"compound_id": 99}, "小区 99 不存在"),
        ({"payee": "某" * 101}, "收款方最长 100 字"),
    ],
)
def test_refusals_leave_the_book_unchanged(book: Book, change: dict, message: str) -> None:
    before = snapshot(book)
    with pytest.raises(UserError, match=message):
        _add(book, **change)
    assert snapshot(book) == before


def test_a_closed_month_is_refused(book: Book) -> None:
    _add(book, date=date(2026, 2, 10))
    with book.write() as s:
        ledger.close_period(s, 202602)
    before = snapshot(book)
    with pytest.raises(UserError, match="2026-02 已结账"):
        _add(book, date=date(2026, 2, 27))
    assert snapshot(book) == before


def test_refusals_in_english(book: Book) -> None:
    i18n.set_language(i18n.EN)
    with pytest.raises(UserError, match='expense category "food" is invalid'):
        _add(book, category="food")
    with pytest.raises(UserError, match="greater than zero"):
        _add(book, amount=0)
    assert _add(book, category="Office").label == "2026-03 记-0001"


def test_reverse_expense(book: Book) -> None:
    cid = _compound(book)
    ref = _add(book, category="office", amount=8_800, compound_id=cid)
    with book.write() as s:
        rev = expenses.reverse_expense(s, ref.id, on=date(2026, 4, 2), reason="重复录入")
    assert _lines(book, rev.id) == [("560202", 0, 8_800), ("1002", 8_800, 0)]
    with book.read() as s:
        [row] = expenses.list_expenses(s, 202603, 202604)
        march = expenses.month_totals(s, 202603)
        april = expenses.month_totals(s, 202604)
    assert row.reversed_by == rev.label == "2026-04 记-0001"
    assert [(t.category, t.amount) for t in march] == [("office", 8_800)]
    assert [(t.category, t.amount) for t in april] == [("office", -8_800)]
    with pytest.raises(UserError, match="已被冲销"), book.write() as s:
        expenses.reverse_expense(s, ref.id, on=date(2026, 4, 3), reason="再次")


def test_a_paid_payable_is_reversed_after_its_payment(book: Book) -> None:
    ref = _add(book, method="payable", amount=5_000)
    with book.write() as s:
        pay = expenses.pay_payable(s, ref.id, date(2026, 3, 20))
    with pytest.raises(UserError, match="请先冲销付款"), book.write() as s:
        expenses.reverse_expense(s, ref.id, on=date(2026, 3, 28), reason="录错")
    with book.write() as s:
        expenses.reverse_expense(s, pay.id, on=date(2026, 3, 28), reason="付款录错")
    with book.read() as s:
        [row] = expenses.list_expenses(s, 202603)
    assert (row.paid, row.outstanding) == (0, 5_000)
    with book.write() as s:
        expenses.reverse_expense(s, ref.id, on=date(2026, 3, 28), reason="录错")
    assert _balance(book, "2202") == 0 and _balance(book, "540103") == 0


def test_only_expenses_are_reversed_here(book: Book) -> None:
    with book.write() as s:
        ref = ledger.post_voucher(s, ledger.NewVoucher(date(2026, 3, 1), "投资", [
            ledger.Line("1002", debit=100), ledger.Line("3001", credit=100)]))  # fmt: skip
    with pytest.raises(UserError, match="不是支出凭证"), book.write() as s:
        expenses.reverse_expense(s, ref.id, on=date(2026, 3, 2), reason="x")


def test_filters_and_totals_by_compound(book: Book) -> None:
    a = _compound(book, "幸福里小区")
    b = _compound(book, "和平新村")
    _add(book, category="utilities", amount=1_000, compound_id=a)
    _add(book, category="utilities", amount=2_000, compound_id=b)
    _add(book, category="repairs", amount=400, compound_id=b)
    _add(book, category="office", amount=300)
    _add(book, category="office", amount=50, date=date(2026, 4, 1))
    with book.read() as s:
        assert len(expenses.list_expenses(s, 202603)) == 4
        assert len(expenses.list_expenses(s)) == 5
        assert [r.amount for r in expenses.list_expenses(s, 202603, compound_id=b)] == [2_000, 400]
        water = expenses.list_expenses(s, 202603, category="水电")
        assert [r.amount for r in water] == [1_000, 2_000]
        assert expenses.list_expenses(s, 202603, category="travel") == []
        by_cat = [(t.label, t.amount) for t in expenses.month_totals(s, 202603)]
        by_compound = [(t.label, t.compound, t.amount)
                       for t in expenses.month_totals(s, 202603, by_compound=True)]  # fmt: skip
        only_b = [(t.category, t.amount) for t in expenses.month_totals(s, 202603, compound_id=b)]
    assert by_cat == [("维修", 400), ("水电", 3_000), ("办公", 300)]
    assert by_compound == [("维修", "和平新村", 400), ("水电", "和平新村", 2_000),
                           ("水电", "幸福里小区", 1_000), ("办公", "", 300)]  # fmt: skip
    assert only_b == [("repairs", 400), ("utilities", 2_000)]


def test_trial_costs_post_through_expenses_and_are_listed(book: Book) -> None:
    cid = _compound(book)
    with book.write() as s:
        c = registry.compound_by_name(s, "幸福里小区")
        t = trial.add_trial(s, c, date(2026, 3, 1), date(2026, 3, 31))
        svc = trial.record_service(s, t, date(2026, 3, 5), "cleaning", "楼道保洁", 30_000)
        assert svc.voucher_id is not None
        [row] = expenses.list_expenses(s, 202603)
    assert (row.category, row.source, row.compound_id) == ("trial", "trial", cid)
    assert _lines(book, row.voucher_id) == [("540105", 30_000, 0), ("1002", 0, 30_000)]


# -- property: the category totals are the ledger balances of the categories' accounts ------------
@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "template.db"
    book = create_book(path)
    with book.write() as s:
        registry.add_compound(s, "幸福里小区")
        registry.add_compound(s, "和平新村")
    book.close()
    return path


expense_st = st.tuples(
    st.sampled_from(list(expenses.CATEGORIES)),
    st.integers(min_value=1, max_value=5_000_000_00),
    st.sampled_from(["cash", "bank", "payable", "salary"]),
    st.sampled_from([None, 1, 2]),
    st.sampled_from([202601, 202602, 202603]),
    st.integers(1, 28),
    st.booleans(),  # reversed
)

_runs = iter(range(10**6))


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])  # fmt: skip
@given(items=st.lists(expense_st, min_size=1, max_size=8))
def test_category_totals_equal_ledger_balances(
    template: Path, tmp_path: Path, items: list[tuple]
) -> None:
    path = tmp_path / f"p{next(_runs)}.db"
    shutil.copy(template, path)
    book = Book.open(path)
    try:
        for key, amount, method, cid, period, day, undo in items:
            on = date(period // 100, period % 100, day)
            with book.write() as s:
                ref = expenses.record_expense(
                    s, NewExpense(on, key, amount, method=method, compound_id=cid)
                )
                if undo:
                    expenses.reverse_expense(s, ref.id, on=date(2026, 3, 28), reason="测试")
        with book.read() as s:
            tb = ledger.trial_balance(s, 202601, 202603)
            totals = expenses.totals(s, 202601, 202603)
            by_month = [t for p in (202601, 202602, 202603) for t in expenses.month_totals(s, p)]
            rows = expenses.list_expenses(s, 202601, 202603)
            by_compound = expenses.totals(s, 202601, 202603, by_compound=True)
            assert run_checks(s).ok
        balances = {r.code: r.closing_debit - r.closing_credit for r in tb.rows if r.is_leaf}
        for t in totals:
            assert t.amount == balances.get(t.account, 0)
        for key in {k for k, *_ in items}:
            code = next(t.account for t in totals if t.category == key)
            assert sum(t.amount for t in by_month if t.category == key) == balances[code]
            assert sum(t.amount for t in by_compound if t.category == key) == balances[code]
        live = sum(r.amount for r in rows if not r.reversed)
        assert sum(t.amount for t in totals) == live == sum(a for _, a, *_, u in items if not u)
        assert len(rows) == len(items)
    finally:
        book.close()


def test_dates_of_payments_and_reversals_are_checked(book: Book) -> None:
    ref = _add(book, date=date(2026, 2, 10), method="payable", amount=900)
    with book.write() as s:
        ledger.close_period(s, 202602)
    before = snapshot(book)
    with pytest.raises(UserError, match="早于支出日期"), book.write() as s:
        expenses.pay_payable(s, ref.id, date(2026, 2, 9))
    with pytest.raises(UserError, match="2026-02 已结账"), book.write() as s:
        expenses.pay_payable(s, ref.id, date(2026, 2, 20))
    with pytest.raises(UserError, match="2026-02 已结账"), book.write() as s:
        expenses.reverse_expense(s, ref.id, on=date(2026, 2, 28), reason="录错")
    with pytest.raises(UserError, match="付款方式「wechat」无效"), book.write() as s:
        expenses.pay_payable(s, ref.id, date(2026, 3, 1), method="wechat")
    assert snapshot(book) == before
    with book.write() as s:
        pay = expenses.pay_payable(s, ref.id, date(2026, 3, 1))
        rev = expenses.reverse_expense(s, pay.id, on=date(2026, 3, 2), reason="付错账户")
    assert _lines(book, rev.id) == [("2202", 0, 900), ("1002", 900, 0)]
