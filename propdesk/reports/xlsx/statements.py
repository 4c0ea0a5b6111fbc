"""利润表 (会小企02表) and 资产负债表 (会小企01表) to Excel, laid out as the official forms."""

from __future__ import annotations

from typing import Any, BinaryIO

from propdesk.core.periods import last_day
from propdesk.reports.common import day_label, month_label
from propdesk.reports.statements import (
    BLANK,
    HEADING,
    SUBTOTAL,
    TOTAL,
    BalanceSheet,
    IncomeStatement,
    StatementLine,
)
from propdesk.reports.xlsx.base import INT, MONEY, TEXT, Column, TableSheet, discard, new_workbook

IS_COLUMNS = (
    Column("项目", TEXT, 30),
    Column("行次", INT, 6),
    Column("本月金额", MONEY, 16),
    Column("本年累计金额", MONEY, 16),
)
BS_COLUMNS = (
    Column("资产", TEXT, 18),
    Column("行次", INT, 6),
    Column("期末余额", MONEY, 16),
    Column("年初余额", MONEY, 16),
    Column("负债和所有者权益（或股东权益）", TEXT, 24),
    Column("行次", INT, 6),
    Column("期末余额", MONEY, 16),
    Column("年初余额", MONEY, 16),
)


def _cells(sheet: TableSheet, ln: StatementLine) -> list[Any]:
    """项目 / 行次 / two amounts of one line; headings and blank filler rows have no amounts."""
    if ln.kind == BLANK:
        return [None, None, None, None]
    bold = ln.kind in (SUBTOTAL, TOTAL, HEADING)
    label = sheet.cell(ln.label, TEXT, indent=ln.indent, bold=bold)
    if ln.kind == HEADING:
        return [label, None, None, None]
    return [
        label,
        ln.row,
        sheet.cell(ln.amount, MONEY, bold=bold),
        sheet.cell(ln.prior, MONEY, bold=bold),
    ]


def write_income_statement(data: IncomeStatement, fp: BinaryIO) -> None:
    wb = new_workbook(data.head, "利润表")
    try:
        sheet = TableSheet(
            wb, "利润表", IS_COLUMNS, head=data.head, report="利润表", form=data.form,
            period=month_label(data.period),
            sample=[[ln.label, ln.row, ln.amount, ln.prior] for ln in data.lines],
            landscape=False,
        )  # fmt: skip
        for ln in data.lines:
            sheet.append(_cells(sheet, ln))
        sheet.finish()
        wb.save(fp)
    except BaseException:
        discard(wb)
        raise


def write_balance_sheet(data: BalanceSheet, fp: BinaryIO) -> None:
    wb = new_workbook(data.head, "资产负债表")
    try:
        sample = [
            [a.label, a.row, a.amount, a.prior, c.label, c.row, c.amount, c.prior]
            for a, c in zip(data.assets, data.claims, strict=True)
        ]
        sheet = TableSheet(
            wb, "资产负债表", BS_COLUMNS, head=data.head, report="资产负债表", form=data.form,
            period=day_label(last_day(data.period)), sample=sample, landscape=False,
        )  # fmt: skip
        for a, c in zip(data.assets, data.claims, strict=True):
            sheet.append([*_cells(sheet, a), *_cells(sheet, c)])
        sheet.finish()
        wb.save(fp)
    except BaseException:
        discard(wb)
        raise


__all__ = ["write_balance_sheet", "write_income_statement"]
