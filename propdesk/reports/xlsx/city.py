"""The city consolidation to Excel: one row per company and the total, money as exact numbers,
the collection rate as a percentage number (blank where nothing was billed)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, BinaryIO

from openpyxl.cell import WriteOnlyCell

from propdesk.reports.city import TITLE, CityReport, CompanyRow
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

RATE_FORMAT = "0.00%"
COLUMNS = (
    Column("公司代码", CODE, 8),
    Column("公司名称", TEXT, 20),
    Column("小区", INT, 6),
    Column("房屋", INT, 6),
    Column("应收物业费", MONEY),
    Column("期末前已收", MONEY),
    Column("实收物业费", MONEY),
    Column("收缴率", TEXT, 9),
    Column("业主共有收益余额", MONEY),
    Column("盈余", MONEY),
    Column("网格补贴", MONEY),
    Column("驿站经费", MONEY),
    Column("已结账至", TEXT, 9),
)


def _rate(sheet: TableSheet, r: CompanyRow, *, bold: bool = False) -> Any:
    bp = r.rate_bp
    if bp is None:
        return None
    cell = WriteOnlyCell(sheet.ws, Decimal(bp) / 10_000)
    cell.number_format = RATE_FORMAT
    if bold:
        from openpyxl.styles import Font

        cell.font = Font(bold=True)
    return cell


def _values(sheet: TableSheet, r: CompanyRow, *, total: bool = False) -> list[Any]:
    return [
        r.key or None, r.name, r.compounds, r.units, r.billed, r.settled, r.collected,
        _rate(sheet, r, bold=total), r.owners_money, r.surplus, r.stipends, r.stations,
        None if total else r.closed_text,
    ]  # fmt: skip


def write_city(data: CityReport, fp: BinaryIO) -> int:
    """One sheet 全市汇总; returns the number of companies."""
    wb = new_workbook(data.head, TITLE)
    try:
        sample = [[r.key, r.name, r.compounds, r.units, r.billed, r.settled, r.collected, r.rate,
                   r.owners_money, r.surplus, r.stipends, r.stations, r.closed_text]
                  for r in (*data.rows, data.total)]  # fmt: skip
        sheet = TableSheet(wb, "全市汇总", COLUMNS, head=data.head, report=TITLE,
                           period=f"期间：{data.period}", sample=sample, landscape=True,
                           freeze_col=3)  # fmt: skip
        for r in data.rows:
            sheet.append(_values(sheet, r))
        total = data.total
        values = _values(sheet, total, total=True)
        values[1] = f"合计（{len(data.rows)} 家）"
        sheet.append(values, bold=True)  # (append_total cannot take the rate's own cell)
        sheet.finish()
        wb.save(fp)
    except BaseException:
        discard(wb)
        raise
    return len(data.rows)
