"""公共收益公示 to Excel: a compound's common income for a quarter by resource, the owners' share
worked out (gross − reasonable costs − the company's share), what the owners' money was used for,
and the balance agreed with the ledger. No personal data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from sqlalchemy.orm import Session

from propdesk.reports.common import Letterhead, letterhead
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
from propdesk.services import resources
from propdesk.services.resources import CommonIncomeReport

INCOME_COLUMNS = (
    Column("资源类型", TEXT, 8),
    Column("编号", CODE, 8),
    Column("位置", TEXT, 16),
    Column("经营收入", MONEY),
    Column("公司管理分成", MONEY),
)
SUMMARY_COLUMNS = (Column("项目", TEXT, 16), Column("金额", MONEY))
USE_COLUMNS = (
    Column("日期", DATE, 11),
    Column("用途", TEXT, 10),
    Column("金额", MONEY),
    Column("依据", TEXT, 20),
)
SUMMARY_ROWS = (
    ("opening", "期初余额"),
    ("gross", "经营收入"),
    ("costs", "减：合理成本"),
    ("company_share", "减：公司管理分成"),
    ("owners_share", "业主共有收益"),
    ("used", "减：本期动用"),
    ("closing", "期末余额"),
)


@dataclass(frozen=True, slots=True)
class CommonIncomeExport:
    head: Letterhead
    report: CommonIncomeReport


def common_income_export(session: Session, compound_id: int, quarter: str) -> CommonIncomeExport:
    from propdesk.db.models import Compound

    compound = session.get(Compound, compound_id)
    assert compound is not None
    return CommonIncomeExport(letterhead(session), resources.disclosure(session, compound, quarter))


def write_common_income(data: CommonIncomeExport, fp: BinaryIO) -> int:
    """Three sheets: income by resource, the summary, the uses. Returns the number of resources."""
    rep = data.report
    title = f"{rep.compound}公共收益公示"
    period = f"{rep.quarter}（{rep.start} 至 {rep.end}）"
    wb = new_workbook(data.head, title)
    try:
        rows = [
            [resources.KINDS[r.kind].zh if r.kind in resources.KINDS else r.kind, r.code,
             r.location, r.gross, r.company_share]
            for r in rep.income
        ]  # fmt: skip
        sheet = TableSheet(wb, "收入明细", INCOME_COLUMNS, head=data.head, report=title,
                           period=period, sample=rows)  # fmt: skip
        for row in rows:
            sheet.append(row)
        sheet.append_total(["合计", None, None, rep.gross, rep.company_share])
        sheet.finish()

        summary = TableSheet(wb, "收支汇总", SUMMARY_COLUMNS, head=data.head, report=title,
                             period=period, sample=[[t, 0] for _k, t in SUMMARY_ROWS])  # fmt: skip
        for key, label in SUMMARY_ROWS:
            summary.append([label, getattr(rep, key)], bold=key in ("owners_share", "closing"))
        summary.append(["与总账核对：" + ("一致" if rep.reconciles else "不一致"), None])
        summary.append(["总账期初余额", rep.ledger_opening], indent=1)
        summary.append(["总账期末余额", rep.ledger_closing], indent=1)
        summary.append(["公司自有资源收入（不属业主）", rep.own_income])
        summary.finish()

        uses = [
            [u.date, resources.USE_KINDS[u.kind].zh if u.kind in resources.USE_KINDS else u.kind,
             u.amount, u.decision]
            for u in rep.uses
        ]  # fmt: skip
        used = TableSheet(wb, "动用明细", USE_COLUMNS, head=data.head, report=title, period=period,
                          sample=uses)  # fmt: skip
        for row in uses:
            used.append(row)
        used.append_total(["合计", None, rep.used, None])
        used.finish()
        wb.save(fp)
    except BaseException:
        discard(wb)
        raise
    return len(rep.income)
