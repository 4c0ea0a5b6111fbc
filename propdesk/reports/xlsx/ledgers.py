"""Trial balance (科目余额表), general ledger (总账) and detail ledger (明细账) to Excel.

The detail ledger of several accounts puts each account on its own sheet, after a 目录 sheet
listing them with opening, movements and closing. A detail ledger is a running balance with
本月合计 / 本年累计 rows: in one long sheet, sorting or filtering by date would mix the
running balances of different accounts and summing a column would count the subtotals twice.
One sheet per account is the 账页 an accountant prints and checks, and every sheet stays
correct on its own; the 目录 gives the overview the long sheet would have.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any, BinaryIO

from propdesk.core.periods import fmt_period
from propdesk.core.progress import Cancelled
from propdesk.reports.common import dates_label, range_label
from propdesk.reports.ledgers import DetailLedgerReport, GeneralLedgerReport, TrialBalanceReport
from propdesk.reports.xlsx.base import (
    CODE,
    DATE,
    MONEY,
    TEXT,
    Column,
    TableSheet,
    discard,
    new_workbook,
    safe_sheet_name,
)
from propdesk.services.ledger import LedgerLine, TBRow, balance_side

SAMPLE = 300
CHECK_EVERY = 500


# -- 科目余额表 ------------------------------------------------------------------------------
TB_COLUMNS = (
    Column("科目编码", CODE, 10),
    Column("科目名称", TEXT, 16),
    *(
        Column(h, MONEY)
        for h in ("期初借方", "期初贷方", "本期借方", "本期贷方", "期末借方", "期末贷方")
    ),
)
TB_HEADER = (
    ("科目编码", "科目名称", "期初余额", None, "本期发生额", None, "期末余额", None),
    (None, None, "借方", "贷方", "借方", "贷方", "借方", "贷方"),
)
TB_MERGES = ((0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 0, 3), (0, 4, 0, 5), (0, 6, 0, 7))


def _tb_values(r: TBRow) -> list[Any]:
    amounts = (r.opening_debit, r.opening_credit, r.debit, r.credit,
               r.closing_debit, r.closing_credit)  # fmt: skip
    return [r.code, r.name, *(a or None for a in amounts)]


def write_trial_balance(data: TrialBalanceReport, fp: BinaryIO) -> None:
    tb = data.tb
    values = _tb_values
    wb = new_workbook(data.head, "科目余额表")
    try:
        sheet = TableSheet(
            wb, "科目余额表", TB_COLUMNS, head=data.head, report="科目余额表",
            period=range_label(tb.start, tb.end), sample=[values(r) for r in tb.rows],
            header_rows=TB_HEADER, header_merges=TB_MERGES, freeze_col=3,
        )  # fmt: skip
        for r in tb.rows:
            sheet.append(values(r), indent=r.level - 1)
        t = values(tb.totals)
        sheet.append_total([None, "合计", *t[2:]])
        sheet.finish()
        wb.save(fp)
    except BaseException:
        discard(wb)
        raise


# -- 总账 ------------------------------------------------------------------------------------
GL_COLUMNS = (
    Column("科目编码", CODE, 10),
    Column("科目名称", TEXT, 14),
    Column("期间", TEXT, 9),
    Column("摘要", TEXT, 10),
    Column("借方金额", MONEY),
    Column("贷方金额", MONEY),
    Column("方向", TEXT, 6),
    Column("余额", MONEY),
)


def write_general_ledger(data: GeneralLedgerReport, fp: BinaryIO) -> None:
    """总账: every account's opening, then per month 本月合计 and 本年累计 with the balance, in one
    sheet with the account on every row so the autofilter picks one account."""
    wb = new_workbook(data.head, "总账")
    try:
        rows: list[tuple[list[Any], bool]] = []
        for acc in data.accounts:
            for r in acc.rows:
                side, amount = balance_side(r.balance)
                period = fmt_period(r.period) if r.period else None
                movement = r.kind != "opening"
                rows.append((
                    [acc.code, acc.name, period, r.label, r.debit if movement else None,
                     r.credit if movement else None, side, amount or None],
                    r.kind == "year",
                ))  # fmt: skip
        sheet = TableSheet(
            wb, "总账", GL_COLUMNS, head=data.head, report="总账", period=f"{data.year}年",
            sample=[v for v, _ in rows[:SAMPLE]], freeze_col=3,
        )  # fmt: skip
        for values, bold in rows:
            sheet.append(values, bold=bold)
        sheet.finish()
        wb.save(fp)
    except BaseException:
        discard(wb)
        raise


# -- 明细账 ----------------------------------------------------------------------------------
DL_COLUMNS = (
    Column("日期", DATE, 11),
    Column("凭证字号", TEXT, 9),
    Column("科目编码", CODE, 10),
    Column("摘要", TEXT, 20),
    Column("借方金额", MONEY),
    Column("贷方金额", MONEY),
    Column("方向", TEXT, 6),
    Column("余额", MONEY),
)
INDEX_COLUMNS = (
    Column("科目编码", CODE, 10),
    Column("科目名称", TEXT, 16),
    Column("工作表", TEXT, 12),
    Column("期初方向", TEXT, 8),
    Column("期初余额", MONEY),
    Column("借方合计", MONEY),
    Column("贷方合计", MONEY),
    Column("期末方向", TEXT, 8),
    Column("期末余额", MONEY),
)
_SUMMARY_KINDS = ("opening", "month", "year", "closing")


def _dl_values(ln: LedgerLine) -> list[Any]:
    side, amount = balance_side(ln.balance)
    movement = ln.kind not in ("opening", "closing")
    return [
        ln.date,
        ln.voucher or None,
        ln.account_code if ln.kind == "line" else None,
        ln.summary,
        (ln.debit or None) if movement else None,
        (ln.credit or None) if movement else None,
        side,
        amount or None,
    ]


def _unique_name(name: str, taken: set[str]) -> str:
    base = safe_sheet_name(name)
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f"~{n}"
        candidate = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(candidate.lower())
    return candidate


def write_detail_ledger(
    data: DetailLedgerReport,
    fp: BinaryIO,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """明细账: one sheet per account (plus a 目录 when there are several), streamed; returns the
    number of accounts written. `progress(done, total)` counts accounts."""
    wb = new_workbook(data.head, "明细账")
    period = dates_label(data.start, data.end)
    taken: set[str] = {"目录"}
    index: TableSheet | None = None
    try:
        if len(data.accounts) > 1:
            index = TableSheet(
                wb, "目录", INDEX_COLUMNS, head=data.head, report="明细账目录", period=period,
                sample=[[c, n, f"{c} {n}"[:31]] for c, n in data.accounts], freeze_col=3,
            )  # fmt: skip
        done = 0
        for section in data.sections:
            if cancelled is not None and cancelled():
                raise Cancelled()
            lines = iter(section.lines)
            sample = list(itertools.islice(lines, SAMPLE))
            title = _unique_name(f"{section.code} {section.name}", taken)
            sheet = TableSheet(
                wb, title, DL_COLUMNS, head=data.head, report="明细账",
                period=f"科目：{section.code} {section.name}    {period}",
                sample=[_dl_values(ln) for ln in sample], freeze_col=1,
            )  # fmt: skip
            opening = closing = debit = credit = 0
            for n, ln in enumerate(itertools.chain(sample, lines), start=1):
                values = _dl_values(ln)
                if ln.kind in _SUMMARY_KINDS:
                    sheet.append_total(values)
                else:
                    sheet.append(values)
                    debit += ln.debit
                    credit += ln.credit
                if ln.kind == "opening":
                    opening = ln.balance
                elif ln.kind == "closing":
                    closing = ln.balance
                if n % CHECK_EVERY == 0 and cancelled is not None and cancelled():
                    raise Cancelled()
            sheet.finish()
            if index is not None:
                o_side, o_amt = balance_side(opening)
                c_side, c_amt = balance_side(closing)
                index.append([section.code, section.name, title, o_side, o_amt or None,
                              debit or None, credit or None, c_side, c_amt or None])  # fmt: skip
            done += 1
            if progress is not None:
                progress(done, len(data.accounts))
        if index is not None:
            index.finish()
        if done == 0 and index is None:  # nothing to show: say so rather than a blank sheet
            empty = TableSheet(
                wb, "明细账", DL_COLUMNS, head=data.head, report="明细账", period=period
            )
            empty.append_heading("本期间没有余额或发生额")
            empty.finish()
        if cancelled is not None and cancelled():
            raise Cancelled()
        wb.save(fp)
    except BaseException:
        discard(wb)
        raise
    return done


__all__ = ["write_detail_ledger", "write_general_ledger", "write_trial_balance"]
