"""The demo book: a realistic community-run property company, filled through the services.

Deterministic (seeded) so screenshots and tests see the same figures. Each area extends it.
"""

from __future__ import annotations

import random
from datetime import date

from propdesk.core.periods import first_day, last_day, next_period, period_of
from propdesk.db.store import Book
from propdesk.services import ledger
from propdesk.services.books import set_meta
from propdesk.services.ledger import Line, NewVoucher

DEMO_COMPANY = "长宁街道红心社区物业服务有限公司"
START = 202501
SUB_ACCOUNTS = [
    ("221101", "工资"),
    ("221102", "网格补贴"),
    ("222101", "应交增值税"),
    ("540101", "人工成本"),
    ("540102", "清洁绿化"),
    ("540103", "维修材料"),
    ("540104", "公共水电"),
    ("560202", "办公费"),
    ("560203", "人工费"),
]


def fill(book: Book, *, today: date | None = None, seed: int = 20250101) -> None:
    today = today or date.today()
    rng = random.Random(seed)
    end = period_of(today)
    with book.write() as s:
        set_meta(s, "company_name", DEMO_COMPANY)
        set_meta(s, "seal_text", DEMO_COMPANY + "财务专用章")
        for code, name in SUB_ACCOUNTS:
            ledger.ensure_account(s, code, name)
        ledger.post_voucher(
            s,
            NewVoucher(date(2025, 1, 2), "收到社区股份经济合作社投入资本", [
                Line("1002", debit=50_000_000), Line("3001", credit=50_000_000)]),
        )  # fmt: skip
    p = START
    while p <= end:
        with book.write() as s:
            ledger.post_vouchers(s, _month(p, rng, today))
        if p < end:
            with book.write() as s:
                ledger.close_period(s, p)
        p = next_period(p)


def _yuan(rng: random.Random, low: int, high: int) -> int:
    """A random amount in fen between low and high yuan, to the jiao like real bills."""
    return rng.randint(low * 10, high * 10) * 10


def _month(p: int, rng: random.Random, today: date) -> list[NewVoucher]:
    first, last = first_day(p), last_day(p)
    if p == period_of(today):
        last = min(last, today)

    def day(d: int) -> date:
        return min(first.replace(day=min(d, 28)), last)

    m = p % 100
    fees_cash = _yuan(rng, 18_000, 26_000)
    fees_bank = _yuan(rng, 60_000, 85_000)
    wages = _yuan(rng, 52_000, 56_000)
    cleaning = _yuan(rng, 6_000, 9_000)
    repairs = _yuan(rng, 1_500, 6_000)
    utilities = _yuan(rng, 3_000, 5_500)
    office = _yuan(rng, 600, 1_800)
    out = [
        NewVoucher(day(5), f"收取{m}月物业费（现金）", [Line("1001", debit=fees_cash), Line("500101", credit=fees_cash)], 12),
        NewVoucher(day(6), "现金存入银行", [Line("1002", debit=fees_cash), Line("1001", credit=fees_cash)], 1),
        NewVoucher(day(8), f"收取{m}月物业费（转账、微信、支付宝）", [Line("1002", debit=fees_bank), Line("500101", credit=fees_bank)], 30),
        NewVoucher(day(10), f"计提{m}月工资", [Line("540101", debit=wages), Line("221101", credit=wages)], 1),
        NewVoucher(day(15), f"发放{m}月工资", [Line("221101", debit=wages), Line("1002", credit=wages)], 2),
        NewVoucher(day(18), "小区清洁绿化外包费", [Line("540102", debit=cleaning), Line("1002", credit=cleaning)], 2),
        NewVoucher(day(20), "楼道灯、水泵维修材料", [Line("540103", debit=repairs), Line("1002", credit=repairs)], 3),
        NewVoucher(day(22), "公共区域水电费", [Line("540104", debit=utilities), Line("1002", credit=utilities)], 2),
        NewVoucher(day(25), "办公用品", [Line("560202", debit=office), Line("1002", credit=office)], 1),
    ]  # fmt: skip
    if m in (3, 6, 9, 12):
        fee = _yuan(rng, 120, 260)
        out.append(
            NewVoucher(
                day(26), "银行账户管理费", [Line("5603", debit=fee), Line("1002", credit=fee)], 1
            )
        )
    return out
