"""A surplus allocation to Excel: 汇总 (where the surplus went), 分配明细 (every line with its
vouchers), 签字发放表 (stipends, bank accounts masked, a column to sign) and 驿站经费拨付表.

`allocation_export` gathers the data (a plain frozen dataclass); `write_allocation` is the pure
renderer (data, binary file) -> number of lines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from propdesk.reports.common import Letterhead, day_label, letterhead
from propdesk.reports.xlsx.base import (
    CODE,
    INT,
    MONEY,
    TEXT,
    Column,
    TableSheet,
    discard,
    new_workbook,
)
from propdesk.services import surplus
from propdesk.services.surplus import AllocationView, StationFunding, StipendSheet

SUMMARY_COLUMNS = (Column("项目", TEXT, 24), Column("金额", MONEY))
LINE_COLUMNS = (
    Column("序号", INT, 5),
    Column("类别", TEXT, 8),
    Column("对象", TEXT, 24),
    Column("网格", CODE, 6),
    Column("月数", INT, 5),
    Column("应分配", MONEY),
    Column("分配金额", MONEY),
    Column("已发放", MONEY),
    Column("记账凭证", CODE, 16),
)
SHEET_COLUMNS = (
    Column("序号", INT, 5),
    Column("姓名", TEXT, 8),
    Column("网格", TEXT, 12),
    Column("类别", TEXT, 10),
    Column("月数", INT, 5),
    Column("金额", MONEY),
    Column("银行账号", CODE, 22),
    Column("签字", TEXT, 14),
)
FUNDING_COLUMNS = (
    Column("序号", INT, 5),
    Column("驿站", TEXT, 16),
    Column("网格", TEXT, 12),
    Column("项目", TEXT, 14),
    Column("预算", MONEY),
    Column("以前已拨付", MONEY),
    Column("本次拨付", MONEY),
    Column("尚需", MONEY),
)


@dataclass(frozen=True, slots=True)
class AllocationExport:
    head: Letterhead
    view: AllocationView
    sheet: StipendSheet
    funding: StationFunding


def allocation_export(session: Session, allocation_id: int) -> AllocationExport:
    return AllocationExport(
        letterhead(session),
        surplus.allocation_view(session, allocation_id),
        surplus.stipend_sheet(session, allocation_id),
        surplus.station_funding(session, allocation_id),
    )


def _period(view: AllocationView) -> str:
    approved = (
        f"，{view.approved_by} {day_label(view.approved_on)} 审批" if view.approved_on else ""
    )
    return f"{view.period} 盈余分配第 {view.id} 号（{view.status_label}{approved}）"


def write_allocation(data: AllocationExport, fp: BinaryIO) -> int:
    """The four sheets of one allocation. Returns the number of allocation lines."""
    view = data.view
    period = _period(view)
    wb = new_workbook(data.head, "盈余分配")
    try:
        summary: list[list[Any]] = [
            ["本期盈余", view.surplus],
            ["以前期间未弥补亏损", view.losses],
            ["弥补以前期间亏损", view.loss_cover],
            ["网格补贴", view.stipends],
            ["驿站经费", view.stations],
            ["留存", view.retained],
        ]
        sheet = TableSheet(wb, "汇总", SUMMARY_COLUMNS, head=data.head, report="盈余分配汇总",
                           period=period, sample=summary)  # fmt: skip
        for row in summary:
            sheet.append(row)
        sheet.append_total(["合计（弥补亏损 + 分配 + 留存）",
                            view.loss_cover + view.stipends + view.stations + view.retained])  # fmt: skip
        sheet.finish()

        lines = [
            [r.line_no, r.kind_label, r.who, r.grid or None, r.months or None, r.asked or None,
             r.amount, r.paid, r.voucher]
            for r in view.lines
        ]  # fmt: skip
        sheet = TableSheet(wb, "分配明细", LINE_COLUMNS, head=data.head, report="盈余分配明细",
                           period=period, sample=lines[:500], freeze_col=3)  # fmt: skip
        for row in lines:
            sheet.append(row)
        sheet.append_total([None, "合计", f"{len(lines)} 项", None, None, None,
                            sum(r.amount for r in view.lines), sum(r.paid for r in view.lines), None])  # fmt: skip
        sheet.finish()

        rows = [
            [r.no, r.worker, r.grid, r.kind, r.months, r.amount, r.bank_account or None, None]
            for r in data.sheet.rows
        ]
        sheet = TableSheet(wb, "签字发放表", SHEET_COLUMNS, head=data.head,
                           report="网格补贴签字发放表", period=period, sample=rows[:500],
                           freeze_col=3)  # fmt: skip
        for row in rows:
            sheet.append(row)
        sheet.append_total(
            [None, "合计", f"{len(rows)} 人", None, None, data.sheet.total, None, None]
        )
        sheet.finish()

        frows = [
            [r.no, r.station, r.grid, r.project, r.budget, r.funded_before, r.amount, r.remaining]
            for r in data.funding.rows
        ]
        sheet = TableSheet(wb, "驿站经费拨付表", FUNDING_COLUMNS, head=data.head,
                           report="网格驿站经费拨付表", period=period, sample=frows[:500],
                           freeze_col=3)  # fmt: skip
        for row in frows:
            sheet.append(row)
        sheet.append_total([None, "合计", None, f"{len(frows)} 项",
                            sum(r.budget for r in data.funding.rows),
                            sum(r.funded_before for r in data.funding.rows), data.funding.total,
                            sum(r.remaining for r in data.funding.rows)])  # fmt: skip
        sheet.finish()
        wb.save(fp)
    except BaseException:
        discard(wb)
        raise
    return len(view.lines)


__all__ = ["AllocationExport", "allocation_export", "write_allocation"]
