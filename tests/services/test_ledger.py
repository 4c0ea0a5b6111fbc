"""The ledger: posting, refusals that change nothing, numbering, reversal, close, reads."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from propdesk.core.errors import UserError, ValidationError
from propdesk.core.i18n import EN, set_language
from propdesk.db.models import Posting
from propdesk.db.store import Book
from propdesk.services import ledger
from propdesk.services.check import run_checks
from propdesk.services.ledger import Line, NewVoucher
from tests.helpers import snapshot, v

D = date(2026, 3, 10)


def post(book, *vouchers):
    with book.write() as s:
        return ledger.post_vouchers(s, list(vouchers))


def test_post_balanced_voucher_updates_postings_and_summary(book):
    (ref,) = post(book, v(D, "收物业费", ("1001", 140950, 0), ("500101", 0, 140950)))
    assert ref.label == "2026-03 记-0001"
    with book.read() as s:
        rows = s.execute(select(Posting.line_no, Posting.debit, Posting.credit)).all()
        assert rows == [(1, 140950, 0), (2, 0, 140950)]
        tb = ledger.trial_balance(s, 202603)
    by_code = {r.code: r for r in tb.rows}
    assert by_code["1001"].debit == 140950 and by_code["1001"].closing_debit == 140950
    assert by_code["5001"].credit == 140950  # parent rolls up its child
    assert by_code["500101"].closing_credit == 140950
    assert tb.balanced and tb.totals.debit == 140950


REFUSALS = [
    ("unbalanced", v(D, "不平", ("1001", 100, 0), ("500101", 0, 99)), "借贷不平衡"),
    ("one line", v(D, "一行", ("1001", 100, 0)), "至少需要两行"),
    ("zero line", v(D, "零", ("1001", 100, 0), ("500101", 0, 100), ("1002", 0, 0)), "金额为零"),
    ("non-leaf", v(D, "上级科目", ("1001", 100, 0), ("5001", 0, 100)), "只能记到末级科目"),
    ("unknown account", v(D, "无此科目", ("1001", 100, 0), ("9999", 0, 100)), "科目 9999 不存在"),
    ("negative", v(D, "负数", ("1001", -100, 0), ("500101", 0, -100)), "不能为负数"),
    ("both sides", v(D, "两边", ("1001", 100, 100), ("500101", 100, 100)), "只能填一边"),
    ("no summary", v(D, " ", ("1001", 100, 0), ("500101", 0, 100)), "摘要不能为空"),
    (
        "control account",
        v(D, "手工记应收", ("112201", 100, 0), ("500101", 0, 100)),
        "由收费模块自动记账",
    ),
]


@pytest.mark.parametrize(("name", "voucher", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_each_refusal_names_the_problem_and_changes_nothing(book, name, voucher, message):
    post(book, v(D, "先记一张", ("1001", 500, 0), ("500101", 0, 500)))
    before = snapshot(book)
    with pytest.raises(ValidationError) as err:
        post(book, voucher)
    assert message in err.value.message
    assert snapshot(book) == before


def test_float_amount_refused_and_nothing_changes(book):
    before = snapshot(book)
    with pytest.raises(ValidationError, match="以分为单位"):
        post(book, NewVoucher(D, "浮点", [Line("1001", debit=1.5), Line("500101", credit=1.5)]))  # type: ignore[arg-type]
    assert snapshot(book) == before


def test_closed_period_refused_and_nothing_changes(book):
    post(book, v(D, "三月", ("1001", 500, 0), ("500101", 0, 500)))
    with book.write() as s:
        ledger.close_period(s, 202603)
    before = snapshot(book)
    with pytest.raises(ValidationError, match="2026-03 已结账"):
        post(book, v(date(2026, 3, 31), "补记", ("1001", 100, 0), ("500101", 0, 100)))
    with pytest.raises(ValidationError, match="已结账"):
        post(book, v(date(2026, 2, 1), "更早", ("1001", 100, 0), ("500101", 0, 100)))
    assert snapshot(book) == before


def test_refusal_in_english(book):
    set_language(EN)
    with pytest.raises(ValidationError) as err:
        post(book, v(D, "x", ("1001", 100, 0), ("500101", 0, 90)))
    assert "Debits and credits differ" in err.value.message
    assert "￥1.00" in err.value.message and "￥0.90" in err.value.message


def test_every_problem_reported_at_once(book):
    with pytest.raises(ValidationError) as err:
        post(book, v(D, "多处错误", ("5001", 100, 0), ("9999", 0, 0), ("1001", 0, 50)))
    text = err.value.message
    assert "第 1 行" in text and "第 2 行" in text and "借贷不平衡" in text
    assert len(err.value.problems) == 4  # non-leaf, zero, unknown, unbalanced


def test_numbers_continuous_per_month(book):
    refs = post(
        book,
        v(date(2026, 3, 1), "a", ("1001", 1, 0), ("500101", 0, 1)),
        v(date(2026, 4, 1), "b", ("1001", 1, 0), ("500101", 0, 1)),
        v(date(2026, 3, 2), "c", ("1001", 1, 0), ("500101", 0, 1)),
    )
    assert [r.label for r in refs] == ["2026-03 记-0001", "2026-04 记-0001", "2026-03 记-0002"]
    (r,) = post(book, v(date(2026, 3, 5), "d", ("1001", 1, 0), ("500101", 0, 1)))
    assert r.label == "2026-03 记-0003"


def test_failed_batch_leaves_no_numbers_used(book):
    with pytest.raises(ValidationError):
        post(
            book,
            v(D, "ok", ("1001", 1, 0), ("500101", 0, 1)),
            v(D, "bad", ("1001", 1, 0), ("500101", 0, 2)),
        )
    (r,) = post(book, v(D, "ok", ("1001", 1, 0), ("500101", 0, 1)))
    assert r.number == 1


def test_reverse_swaps_sides_and_cannot_repeat(book):
    (orig,) = post(book, v(D, "收费录错", ("1001", 9900, 0), ("500101", 0, 9900)))
    with book.write() as s:
        rev = ledger.reverse_voucher(s, orig.id, on=date(2026, 3, 20), reason="金额录错")
    assert rev.label == "2026-03 记-0002"
    with book.read() as s:
        lines = ledger.voucher_lines(s, rev.id)
        tb = ledger.trial_balance(s, 202603)
    assert [(ln.account_code, ln.debit, ln.credit) for ln in lines] == [
        ("1001", 0, 9900),
        ("500101", 9900, 0),
    ]
    assert "冲销 2026-03 记-0001" in lines[0].voucher_summary
    cash = next(r for r in tb.rows if r.code == "1001")
    assert (cash.closing_debit, cash.closing_credit) == (0, 0)
    before = snapshot(book)
    with pytest.raises(UserError, match="已被冲销"), book.write() as s:
        ledger.reverse_voucher(s, orig.id, on=D, reason="again")
    with pytest.raises(UserError, match="本身是冲销凭证"), book.write() as s:
        ledger.reverse_voucher(s, rev.id, on=D, reason="again")
    with pytest.raises(UserError, match="原因"), book.write() as s:
        ledger.reverse_voucher(s, orig.id, on=D, reason="  ")
    assert snapshot(book) == before


def test_posted_postings_cannot_be_edited_even_with_sql(book):
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    post(book, v(D, "x", ("1001", 100, 0), ("500101", 0, 100)))
    for sql in ("UPDATE posting SET debit = 1", "DELETE FROM posting", "UPDATE voucher SET summary = 'y'",
                "DELETE FROM audit_log"):  # fmt: skip
        with pytest.raises(IntegrityError, match="append-only"), book.write() as s:
            s.execute(text(sql))


def test_close_carries_profit_and_loss_to_current_year_profit(book):
    post(
        book,
        v(date(2026, 1, 5), "收费", ("1002", 100000, 0), ("500101", 0, 100000)),
        v(date(2026, 1, 9), "工资", ("5401", 60000, 0), ("1002", 0, 60000)),
        v(date(2026, 1, 9), "办公", ("5603", 1500, 0), ("1002", 0, 1500)),
    )
    with book.write() as s:
        res = ledger.close_period(s, 202601)
    assert res.carry is not None and res.carry.label == "2026-01 记-0004"
    with book.read() as s:
        lines = {
            (ln.account_code, ln.debit, ln.credit) for ln in ledger.voucher_lines(s, res.carry.id)
        }
        tb = ledger.trial_balance(s, 202601)
    assert lines == {
        ("500101", 100000, 0),
        ("5401", 0, 60000),
        ("5603", 0, 1500),
        ("3103", 0, 38500),
    }
    by = {r.code: r for r in tb.rows}
    assert by["3103"].closing_credit == 38500
    assert by["500101"].closing_credit == 0 and by["500101"].credit == 100000
    assert tb.balanced


def test_close_in_order_and_reopen_latest_only(book):
    post(book, v(date(2026, 1, 5), "一月", ("1002", 100, 0), ("500101", 0, 100)))
    post(book, v(date(2026, 2, 5), "二月", ("1002", 100, 0), ("500101", 0, 100)))
    with pytest.raises(UserError, match="请先结账 2026-01"), book.write() as s:
        ledger.close_period(s, 202602)
    with book.write() as s:
        ledger.close_period(s, 202601)
        ledger.close_period(s, 202602)
    with pytest.raises(UserError, match="已经结账"), book.write() as s:
        ledger.close_period(s, 202602)
    with pytest.raises(UserError, match="只能反结账最近结账的期间 2026-02"), book.write() as s:
        ledger.reopen_period(s, 202601, "x")
    with pytest.raises(UserError, match="原因"), book.write() as s:
        ledger.reopen_period(s, 202602, "")
    with book.write() as s:
        ledger.reopen_period(s, 202602, "补记漏记的收入")
    post(book, v(date(2026, 2, 20), "补记", ("1002", 50, 0), ("500101", 0, 50)))
    with book.write() as s:
        res = ledger.close_period(s, 202602)
    with book.read() as s:
        # the second close carries only what was added after the reopen
        assert {(ln.account_code, ln.credit) for ln in ledger.voucher_lines(s, res.carry.id)} >= {
            ("3103", 50)
        }
        assert run_checks(s).ok
        from propdesk.db.models import AuditEntry

        reasons = (
            s.execute(select(AuditEntry.reason).where(AuditEntry.action == "period.reopen"))
            .scalars()
            .all()
        )
    assert reasons == ["补记漏记的收入"]


def test_year_end_carries_profit_to_undistributed(book):
    post(book, v(date(2025, 12, 5), "收费", ("1002", 80000, 0), ("500101", 0, 80000)))
    post(book, v(date(2025, 12, 6), "成本", ("5401", 30000, 0), ("1002", 0, 30000)))
    with book.write() as s:
        res = ledger.close_period(s, 202512)
    assert res.year_end is not None
    with book.read() as s:
        tb = ledger.trial_balance(s, 202601)
    by = {r.code: r for r in tb.rows}
    assert "3103" not in by  # zero balance, no movement in January
    assert by["310415"].opening_credit == 50000
    assert by["3104"].opening_credit == 50000


def test_trial_balance_opening_and_range(book):
    post(book, v(date(2026, 1, 5), "一月", ("1002", 1000, 0), ("3001", 0, 1000)))
    post(book, v(date(2026, 2, 5), "二月", ("1001", 300, 0), ("1002", 0, 300)))
    with book.read() as s:
        feb = {r.code: r for r in ledger.trial_balance(s, 202602).rows}
        both = {r.code: r for r in ledger.trial_balance(s, 202601, 202602).rows}
    assert (feb["1002"].opening_debit, feb["1002"].credit, feb["1002"].closing_debit) == (
        1000,
        300,
        700,
    )
    assert (both["1002"].opening_debit, both["1002"].debit, both["1002"].closing_debit) == (
        0,
        1000,
        700,
    )
    assert feb["3001"].opening_credit == 1000 and feb["3001"].debit == 0


def test_detail_ledger_running_balance_and_month_totals(book):
    post(book, v(date(2026, 1, 5), "期初投入", ("1001", 10000, 0), ("3001", 0, 10000)))
    post(book, v(date(2026, 2, 3), "收", ("1001", 500, 0), ("500101", 0, 500)))
    post(book, v(date(2026, 2, 9), "付", ("5602" + "01", 800, 0), ("1001", 0, 800)))
    with book.read() as s:
        lines = list(ledger.detail_ledger(s, "1001", date(2026, 2, 1), date(2026, 2, 28)))
    assert [(ln.kind, ln.debit, ln.credit, ln.balance) for ln in lines] == [
        ("opening", 0, 0, 10000),
        ("line", 500, 0, 10500),
        ("line", 0, 800, 9700),
        ("month", 500, 800, 9700),
        ("year", 10500, 800, 9700),
        ("closing", 0, 0, 9700),
    ]


def test_general_ledger_by_month(book):
    post(book, v(date(2025, 12, 5), "去年", ("1002", 700, 0), ("3001", 0, 700)))
    post(book, v(date(2026, 1, 5), "一月", ("1002", 100, 0), ("3001", 0, 100)))
    post(book, v(date(2026, 3, 5), "三月", ("1001", 40, 0), ("1002", 0, 40)))
    with book.read() as s:
        rows = ledger.general_ledger(s, "1002", 2026)
    assert [(r.kind, r.period, r.debit, r.credit, r.balance) for r in rows] == [
        ("opening", None, 0, 0, 700),
        ("month", 202601, 100, 0, 800),
        ("year", 202601, 100, 0, 800),
        ("month", 202603, 0, 40, 760),
        ("year", 202603, 100, 40, 760),
    ]


def test_add_account_rules(book):
    with book.write() as s:
        a = ledger.add_account(s, "122101", "员工借款", "1221")
        assert a.is_leaf and ledger.full_name(s, "122101") == "其他应收款—员工借款"
    post(book, v(D, "借款", ("122101", 100, 0), ("1001", 0, 100)))
    with pytest.raises(UserError, match="已有发生额"), book.write() as s:
        ledger.add_account(s, "12210101", "张三", "122101")
    with pytest.raises(UserError, match="上级科目 1221 加两位数字"), book.write() as s:
        ledger.add_account(s, "12299", "x", "1221")
    with pytest.raises(UserError, match="已存在"), book.write() as s:
        ledger.add_account(s, "122101", "x", "1221")
    with pytest.raises(UserError, match="不存在"), book.write() as s:
        ledger.add_account(s, "999901", "x", "9999")


def test_chart_kept_per_book_follows_every_change(book):
    """The chart is read once per book and shared by its sessions; a new account, a rolled-back
    one, and one added through another handle on the same book (another clerk) all show."""
    with book.read() as s:
        assert "122101" not in ledger.accounts(s)
    with pytest.raises(RuntimeError), book.write() as s:
        ledger.add_account(s, "122101", "员工借款", "1221")
        assert ledger.accounts(s)["122101"].name == "员工借款"
        raise RuntimeError("the action fails after the account was added")
    with book.read() as s:
        assert "122101" not in ledger.accounts(s) and ledger.accounts(s)["1221"].is_leaf
    with book.write() as s:  # the same id again, another name
        ledger.add_account(s, "122101", "备用金", "1221")
    with book.read() as s:
        assert ledger.accounts(s)["122101"].name == "备用金"
        assert not ledger.accounts(s)["1221"].is_leaf
        assert ledger.accounts_by_id(s)[ledger.account(s, "122101").id].code == "122101"
    other = Book.open(book.url)
    try:
        with other.write() as s:
            ledger.add_account(s, "122102", "押金", "1221")
    finally:
        other.close()
    with book.read() as s:
        assert ledger.full_name(s, "122102") == "其他应收款—押金"
    post(book, v(D, "押金", ("122102", 100, 0), ("1001", 0, 100)))
    with book.read() as s:
        assert {r.code: r.debit for r in ledger.trial_balance(s, 202603).rows}["122102"] == 100


def test_standard_chart_seeded(book):
    with book.read() as s:
        accs = ledger.accounts(s)
    for code, name in [("1001", "库存现金"), ("1122", "应收账款"), ("2241", "其他应付款"), ("3103", "本年利润"),
                       ("3104", "利润分配"), ("5001", "主营业务收入"), ("5602", "管理费用"), ("5801", "所得税费用")]:  # fmt: skip
        assert accs[code].name == name and accs[code].level == 1
    assert accs["3001"].category == "equity" and accs["4001"].category == "cost"
    assert (
        accs["1602"].direction == "C"
        and accs["5051"].direction == "C"
        and accs["5401"].direction == "D"
    )


def test_audit_records_who_what_why(book):
    book.user = "会计小王"
    (ref,) = post(book, v(D, "审计", ("1001", 100, 0), ("500101", 0, 100)))
    with book.write() as s:
        ledger.reverse_voucher(s, ref.id, on=D, reason="重复录入")
    from propdesk.db.models import AuditEntry

    with book.read() as s:
        rows = (
            s.execute(
                select(AuditEntry).where(AuditEntry.user == "会计小王").order_by(AuditEntry.id)
            )
            .scalars()
            .all()
        )
    actions = [(e.action, e.entity_id, e.reason) for e in rows]
    assert ("voucher.post", "2026-03 记-0001", None) in actions
    assert ("voucher.reverse.reason", "2026-03 记-0001", "重复录入") in actions
    assert '"1001", 100, 0' in rows[0].after
