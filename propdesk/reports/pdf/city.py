"""PDF of the city consolidation (社区领办物业公司全市汇总表): one row per company, the total,
and what each column means, on landscape A4 with the house header and footer."""

from __future__ import annotations

from typing import Any, BinaryIO

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from propdesk.reports.city import TITLE, CityReport, CompanyRow
from propdesk.reports.common import UNIT_YUAN
from propdesk.reports.pdf.base import (
    CELL_PAD,
    LANDSCAPE,
    SHADE,
    PageDecor,
    amount_text,
    build,
    content_width,
    fit_size,
    grid_table,
    layout_table,
    para,
    style,
    title_block,
)

HEADERS = (
    "序号", "公司", "小区", "房屋", "应收物业费", "实收物业费", "收缴率", "业主共有收益余额",
    "盈余", "网格补贴", "驿站经费", "已结账至",
)  # fmt: skip
# fractions of the width: the company name takes what the figures leave
FRACTIONS = (0.04, 0.195, 0.045, 0.055, 0.09, 0.09, 0.06, 0.105, 0.09, 0.08, 0.08, 0.07)
NOTES = (
    "说明：1. 各项数字取自各公司自己的账套，口径与其月度收支报表、盈余分配相同。",
    "2. 应收物业费为本期各月账单合计；收缴率 = 本期账单于期末前已收（含预收冲抵）÷ 应收；"
    "实收物业费为本期收据合计（含收回欠费和预收）。",
    "3. 业主共有收益余额为期末「其他应付款—业主共有收益」余额，属全体业主所有，不计入公司盈余。",
    "4. 盈余为本期公司收入减成本费用；网格补贴、驿站经费为期间在本期内且已审批的盈余分配数。",
    "5. 已结账至之后的月份尚未结账，其数字仍可能变动。",
)
SIGNERS = ("制表", "审核", "负责人")


def _cells(n: str, r: CompanyRow) -> list[str]:
    return [
        n, r.name, str(r.compounds), str(r.units),
        amount_text(r.billed, blank_zero=False), amount_text(r.collected, blank_zero=False),
        r.rate, amount_text(r.owners_money, blank_zero=False),
        amount_text(r.surplus, blank_zero=False), amount_text(r.stipends, blank_zero=False),
        amount_text(r.stations, blank_zero=False),
        "" if not r.key else r.closed_text,
    ]  # fmt: skip


def _signers(width: float) -> Flowable:
    return layout_table(
        [[para(f"{s}：", style(9.5)) for s in SIGNERS]],
        [width / len(SIGNERS)] * len(SIGNERS),
        [("LEFTPADDING", (0, 0), (-1, -1), 0)],
    )


def render_city(data: CityReport, fp: BinaryIO) -> int:
    """The table and its notes; returns the number of companies."""
    pagesize = LANDSCAPE
    width = content_width(pagesize)
    widths = [f * width for f in FRACTIONS]
    total = data.total
    body = [_cells(str(n), r) for n, r in enumerate(data.rows, start=1)]
    body.append(_cells("", total))
    body[-1][1] = f"合计（{len(data.rows)} 家）"
    # one font size for every figure, the largest at which the widest fits its column
    figure_w = min(widths[4:11])
    size = fit_size([c for row in body for c in row[4:11]], figure_w - 2 * CELL_PAD - 1, 8.5)
    head, name, center, right = (
        style(8.5, TA_CENTER), style(8.5), style(8.5, TA_CENTER), style(size, TA_RIGHT)
    )  # fmt: skip
    rows: list[list[Any]] = [[para(h, head) for h in HEADERS]]
    for cells in body:
        rows.append([
            para(cells[0], center), para(cells[1], name), para(cells[2], right),
            para(cells[3], right), *(para(c, right) for c in cells[4:11]), para(cells[11], center),
        ])  # fmt: skip
    last = len(rows) - 1
    table = grid_table(rows, widths, extra=[("BACKGROUND", (0, last), (-1, last), SHADE)])
    subtitle = data.period
    small = style(8.5, leading=12)
    story: list[Flowable] = [
        *title_block(TITLE, left=f"数据库：{data.database}", center=f"期间：{data.period}",
                     right=UNIT_YUAN, width=width),
        table,
        KeepTogether([Spacer(1, 3 * mm), *(para(t, small) for t in NOTES), Spacer(1, 6 * mm),
                      _signers(width)]),
    ]  # fmt: skip
    build(fp, story, PageDecor(data.head, TITLE, subtitle), pagesize=pagesize)
    return len(data.rows)
