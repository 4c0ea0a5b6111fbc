"""Fee registers to Excel: 收费明细 (receipts of a period), 欠费账龄 (arrears aging as of a
date, per unit and per compound) and the roster (房屋及业主名册, ID numbers masked)."""

from __future__ import annotations

from typing import Any, BinaryIO

from propdesk.core.fees import AGING_BUCKETS
from propdesk.reports.common import dates_label, day_label
from propdesk.reports.fees import ArrearsExport, CollectionRegister, RosterExport
from propdesk.reports.xlsx.base import (
    CODE,
    DATE,
    INT,
    MONEY,
    TEXT,
    Column,
    TableSheet,
    discard,
    new_workbook,
)
from propdesk.services.registry import AREA_SOURCES, UNIT_KINDS

# An area is held in hundredths of a m², as money is in fen: the MONEY kind writes it as the
# exact Decimal with two decimals (#,##0.00).
AREA = MONEY
FLAG = "是"

COLLECTION_COLUMNS = (
    Column("收据号", CODE, 12),
    Column("日期", DATE, 11),
    Column("类别", TEXT, 8),
    Column("小区", TEXT, 10),
    Column("房屋", CODE, 9),
    Column("交款人", TEXT, 8),
    Column("收费项目", TEXT, 30),
    Column("金额", MONEY),
    Column("收款方式", TEXT, 8),
    Column("参考号", TEXT, 8),
    Column("收款人", TEXT, 8),
    Column("状态", TEXT, 6),
    Column("作废原因", TEXT, 10),
)
BUCKET_COLUMNS = tuple(Column(label, MONEY) for _k, label, _lo, _hi in AGING_BUCKETS)
ARREARS_COLUMNS = (
    Column("小区", TEXT, 10),
    Column("房屋", CODE, 9),
    Column("业主", TEXT, 8),
    Column("建筑面积（㎡）", AREA, 10),
    Column("欠费笔数", INT, 8),
    Column("最早应缴日", DATE, 11),
    *BUCKET_COLUMNS,
    Column("欠费合计", MONEY),
    Column("超过三年", TEXT, 8),
)
COMPOUND_COLUMNS = (
    Column("小区", TEXT, 12),
    Column("欠费户数", INT, 8),
    *BUCKET_COLUMNS,
    Column("欠费合计", MONEY),
    Column("超过三年户数", INT, 10),
)
ROSTER_COLUMNS = (
    Column("小区", TEXT, 10),
    Column("房屋编号", CODE, 10),
    Column("楼栋", CODE, 6),
    Column("单元", CODE, 6),
    Column("房号", CODE, 6),
    Column("建筑面积（㎡）", AREA, 10),
    Column("面积来源", TEXT, 8),
    Column("房屋类型", TEXT, 8),
    Column("交付日期", DATE, 11),
    Column("未售", TEXT, 6),
    Column("空置", TEXT, 6),
    Column("业主", TEXT, 8),
    Column("身份证号（脱敏）", CODE, 20),
    Column("联系电话", CODE, 13),
    Column("共有人", TEXT, 10),
)


def write_collections(data: CollectionRegister, fp: BinaryIO) -> int:
    """收费明细: one row per receipt (void ones marked 作废), totals of valid and void receipts.
    Returns the number of receipts."""
    wb = new_workbook(data.head, "收费明细")
    try:
        rows = [
            [r.label, r.date, r.kind, r.compound, r.unit, r.payer, r.items, r.amount, r.method,
             r.reference, r.clerk, "作废" if r.void else "有效", r.void_reason]
            for r in data.rows
        ]  # fmt: skip
        sheet = TableSheet(
            wb, "收费明细", COLLECTION_COLUMNS, head=data.head, report="收费明细",
            period=dates_label(data.start, data.end), sample=rows[:500], freeze_col=2,
        )  # fmt: skip
        for row in rows:
            sheet.append(row)
        blank: list[Any] = [None] * len(COLLECTION_COLUMNS)
        valid = sum(1 for r in data.rows if not r.void)
        sheet.append_total(
            [f"有效收据 {valid} 张", *blank[1:6], "合计", data.valid_total, *blank[8:]]
        )
        voided = len(data.rows) - valid
        sheet.append_total(
            [f"作废收据 {voided} 张", *blank[1:6], "合计", data.void_total, *blank[8:]]
        )
        sheet.finish()
        wb.save(fp)
    except BaseException:
        discard(wb)
        raise
    return len(data.rows)


def write_arrears(data: ArrearsExport, fp: BinaryIO) -> int:
    """欠费账龄: per unit (sheet 1) and per compound (sheet 2); debts past three years are
    marked 是 in 超过三年 for the secretary. Returns the number of households."""
    rep = data.report
    keys = [b[0] for b in AGING_BUCKETS]
    period = f"截至{day_label(rep.as_of)}"
    wb = new_workbook(data.head, "欠费账龄")
    try:
        rows = [
            [r.compound, r.unit, r.owner, data.areas.get(r.unit_id), r.bills, r.oldest_due,
             *(r.buckets.get(k, 0) for k in keys), r.total, FLAG if r.flagged else None]
            for r in rep.rows
        ]  # fmt: skip
        sheet = TableSheet(wb, "欠费明细", ARREARS_COLUMNS, head=data.head, report="欠费账龄分析",
                           period=period, sample=rows[:500], freeze_col=3, landscape=True)  # fmt: skip
        for row in rows:
            sheet.append(row)
        flagged = sum(1 for r in rep.rows if r.flagged)
        sheet.append_total(["合计", f"{len(rep.rows)} 户", None, None, sum(r.bills for r in rep.rows),
                            None, *(rep.totals.get(k, 0) for k in keys), rep.total,
                            f"{flagged} 户"])  # fmt: skip
        sheet.finish()
        by_compound = rep.by_compound()
        flags: dict[str, int] = {}
        for r in rep.rows:
            flags[r.compound] = flags.get(r.compound, 0) + (1 if r.flagged else 0)
        crows = [[name, agg["units"], *(agg[k] for k in keys), agg["total"], flags.get(name, 0)]
                 for name, agg in sorted(by_compound.items())]  # fmt: skip
        sheet = TableSheet(wb, "按小区汇总", COMPOUND_COLUMNS, head=data.head,
                           report="欠费账龄分析（按小区）", period=period, sample=crows,
                           landscape=True)  # fmt: skip
        for row in crows:
            sheet.append(row)
        sheet.append_total(["合计", len(rep.rows), *(rep.totals.get(k, 0) for k in keys),
                            rep.total, flagged])  # fmt: skip
        sheet.finish()
        wb.save(fp)
    except BaseException:
        discard(wb)
        raise
    return len(rep.rows)


def write_roster(data: RosterExport, fp: BinaryIO) -> int:
    """房屋及业主名册 of the day, ID numbers masked. Returns the number of units."""
    wb = new_workbook(data.head, "房屋及业主名册")
    try:
        rows = [
            [u.compound, u.code, u.building, u.entrance, u.room, u.area,
             AREA_SOURCES.get(u.area_source, u.area_source), UNIT_KINDS.get(u.kind, u.kind),
             u.delivered_on, "是" if u.developer_held else None, "是" if u.vacant else None,
             u.owner, u.id_number_masked, u.phone, u.co_owners]
            for u in data.units
        ]  # fmt: skip
        sheet = TableSheet(wb, "房屋及业主名册", ROSTER_COLUMNS, head=data.head,
                           report="房屋及业主名册", period=f"{data.scope} {day_label(data.on)}",
                           sample=rows[:500], freeze_col=3, landscape=True)  # fmt: skip
        for row in rows:
            sheet.append(row)
        sheet.append_total([f"{len(rows)} 户", None, None, None, None,
                            sum(u.area for u in data.units), *[None] * 9])  # fmt: skip
        sheet.finish()
        wb.save(fp)
    except BaseException:
        discard(wb)
        raise
    return len(rows)


__all__ = ["write_arrears", "write_collections", "write_roster"]
