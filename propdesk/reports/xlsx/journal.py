"""序时账 to Excel, streamed: flat memory whatever the number of postings."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any, BinaryIO

from propdesk.core.progress import Cancelled
from propdesk.reports.common import dates_label
from propdesk.reports.ledgers import JournalReport
from propdesk.reports.xlsx.base import (
    CODE,
    DATE,
    MONEY,
    TEXT,
    Column,
    TableSheet,
    discard,
    new_workbook,
)
from propdesk.services.ledger import JournalRow

COLUMNS = (
    Column("日期", DATE, 11),
    Column("凭证字号", TEXT, 10),
    Column("摘要", TEXT, 20),
    Column("科目编码", CODE, 10),
    Column("科目名称", TEXT, 16),
    Column("借方金额", MONEY),
    Column("贷方金额", MONEY),
)
SAMPLE = 500  # rows read ahead to size the columns
CHECK_EVERY = 500  # rows between progress reports and cancel checks


def _values(r: JournalRow, names: dict[str, str]) -> list[Any]:
    return [
        r.date,
        r.voucher,
        r.summary,
        r.account_code,
        names.get(r.account_code, r.account_name),
        r.debit or None,
        r.credit or None,
    ]


def write_journal(
    data: JournalReport,
    fp: BinaryIO,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the journal; returns the number of lines. Raises `Cancelled` (nothing written to
    `fp`) when `cancelled()` turns true."""
    wb = new_workbook(data.head, "序时账")
    try:
        rows = iter(data.rows)
        sample = list(itertools.islice(rows, SAMPLE))
        sheet = TableSheet(
            wb, "序时账", COLUMNS, head=data.head, report="序时账",
            period=dates_label(data.start, data.end),
            sample=[_values(r, data.names) for r in sample],
        )  # fmt: skip
        done = debit = credit = 0
        for r in itertools.chain(sample, rows):
            sheet.append(_values(r, data.names))
            debit += r.debit
            credit += r.credit
            done += 1
            if done % CHECK_EVERY == 0:
                if cancelled is not None and cancelled():
                    raise Cancelled()
                if progress is not None:
                    progress(done, data.total)
        sheet.append_total([None, None, "合计", None, None, debit, credit])
        sheet.finish()
        if cancelled is not None and cancelled():
            raise Cancelled()
        wb.save(fp)
    except BaseException:
        discard(wb)
        raise
    if progress is not None:
        progress(done, max(done, data.total))
    return done


__all__ = ["COLUMNS", "write_journal"]
