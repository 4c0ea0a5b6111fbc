"""A seeded journal (序时账) file of any size for the bulk journal import, written as a stream.

The lines are what another bookkeeping program exports: one row per posting, vouchers of two to
six lines in date order, numbered per month, on cash, bank, income, expense and payable
accounts, some carrying a compound and a unit, some on sub-accounts the book does not have yet
(named in 科目名称). The expected totals by account are computed while writing.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

HEADER_ZH = ("日期", "凭证号", "科目编码", "科目名称", "小区", "房号", "借方", "贷方", "摘要")
HEADER_EN = ("date", "voucher", "account", "account_name", "compound", "unit", "debit",
             "credit", "summary")  # fmt: skip

# (debit side, credit side, summary); codes the standard chart lacks carry their name
NEW_ACCOUNTS = {
    "112202": "其他单位",
    "224102": "装修押金",
    "560204": "差旅费",
    "560205": "通讯费",
    "540105": "电梯维保",
    "224103": "代收水电费",
}
KINDS = [
    (("1002",), ("505101",), "停车场管理分成收入"),
    (("1001",), ("505102",), "快递柜场地收入"),
    (("540105", "540105"), ("1002",), "电梯维保费"),
    (("560204",), ("1001",), "报销差旅费"),
    (("560205",), ("1002",), "支付通讯费"),
    (("1002",), ("224102",), "收取装修押金"),
    (("224102",), ("1002",), "退还装修押金"),
    (("112202",), ("505102",), "应收广告位租金"),
    (("1002",), ("112202",), "收到广告位租金"),
    (("5603",), ("1002",), "银行手续费"),
    (("1002",), ("224103",), "代收水电费"),
]


@dataclass
class JournalTotals:
    lines: int = 0
    vouchers: int = 0
    debit: int = 0
    by_account: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    first: date | None = None
    last: date | None = None


def _yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def write_journal_csv(
    path: str | Path,
    postings: int,
    *,
    seed: int = 20160101,
    start: date = date(2016, 1, 1),
    end: date = date(2025, 12, 31),
    units: dict[str, list[str]] | None = None,
    english: bool = False,
) -> JournalTotals:
    """Write about `postings` lines (whole vouchers; at least `postings`) dated start..end.

    `units` maps compound name -> unit codes; lines on 224103 (代收水电费) and 505101 carry
    one of them when given.
    """
    rng = random.Random(seed)
    tot = JournalTotals()
    days = (end - start).days + 1
    compounds = sorted(units) if units else []
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER_EN if english else HEADER_ZH)
        number = 0
        month = None
        while tot.lines < postings:
            d = start + timedelta(days=min(days - 1, tot.lines * days // postings))
            if (d.year, d.month) != month:
                month, number = (d.year, d.month), 0
            number += 1
            debits, credits, summary = KINDS[rng.randrange(len(KINDS))]
            amount = rng.randint(1_000, 2_000_000)
            n_credit = rng.choice((1, 1, 2, 3)) if len(credits) == 1 else len(credits)
            parts = _split(rng, amount, n_credit)
            dr_parts = _split(rng, amount, len(debits))
            comp = unit = ""
            if compounds:
                comp = compounds[rng.randrange(len(compounds))]
                unit = rng.choice(units[comp]) if rng.random() < 0.5 else ""  # type: ignore[index]
            voucher = f"记-{number:04d}"
            rows = [(c, a, 0) for c, a in zip(debits, dr_parts, strict=True)]
            rows += [(credits[0], 0, a) for a in parts]
            for code, dr, cr in rows:
                dims = ("", "")
                if compounds and code in ("224103", "505101"):
                    dims = (comp, unit)
                w.writerow((
                    d.isoformat(), voucher, code, NEW_ACCOUNTS.get(code, ""), *dims,
                    _yuan(dr) if dr else "", _yuan(cr) if cr else "", summary,
                ))  # fmt: skip
                acc = tot.by_account[code]
                acc[0] += dr
                acc[1] += cr
                tot.lines += 1
            tot.vouchers += 1
            tot.debit += amount
            tot.first = tot.first or d
            tot.last = d
    tot.by_account = {k: list(v) for k, v in tot.by_account.items()}
    return tot


def _split(rng: random.Random, amount: int, n: int) -> list[int]:
    if n == 1:
        return [amount]
    cuts = sorted(rng.sample(range(1, amount), n - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, amount], strict=True)]
