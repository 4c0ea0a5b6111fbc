"""PDF of a household's statement of account (住户费用对账单): every charge, payment, waiver,
refund and void of one unit with the running balance, what is owed and what is prepaid."""

from __future__ import annotations

from typing import Any, BinaryIO

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from propdesk.core.fees import format_area
from propdesk.core.money import format_amount
from propdesk.reports.common import UNIT_YUAN, day_label
from propdesk.reports.fees import HouseholdStatement
from propdesk.reports.pdf.base import (
    CELL_PAD,
    PORTRAIT,
    SHADE,
    PageDecor,
    amount_text,
    build,
    content_width,
    fit_size,
    grid_table,
    para,
    signature_block,
    style,
    title_block,
)

TITLE = "住户费用对账单"
SIGNERS = ("制表", "审核")


def _balance(fen: int) -> str:
    """Owed as a plain figure; in credit (prepaid) as 预收 x."""
    if fen < 0:
        return f"预收 {format_amount(-fen, symbol=False)}"
    return format_amount(fen, symbol=False)


def render_household(data: HouseholdStatement, fp: BinaryIO) -> None:
    st = data.statement
    width = content_width(PORTRAIT)
    widths = [
        width * 0.12, width * 0.08, width * 0.30, width * 0.12, width * 0.12, width * 0.14,
        width * 0.12,
    ]  # fmt: skip
    amounts = [format_amount(x, symbol=False) for ln in st.lines for x in (ln.charge, ln.credit)]
    amounts += [_balance(ln.balance) for ln in st.lines]
    amt = style(fit_size(amounts, widths[5] - 2 * CELL_PAD - 1, 8.5), TA_RIGHT)
    head = style(8.5, TA_CENTER)
    text = style(8.5)
    rows: list[list[Any]] = [[para(h, head) for h in
                              ("日期", "类型", "摘要", "应收", "收款/减免", "余额", "收据号")]]  # fmt: skip
    charge = credit = 0
    for ln, ref in zip(st.lines, data.references, strict=True):
        rows.append([
            para(ln.date.isoformat(), text), para(ln.kind, text), para(ln.description, text),
            para(amount_text(ln.charge), amt), para(amount_text(ln.credit), amt),
            para(_balance(ln.balance), amt), para(ref, text),
        ])  # fmt: skip
        charge += ln.charge
        credit += ln.credit
    rows.append([para("合计", head), "", "", para(format_amount(charge, symbol=False), amt),
                 para(format_amount(credit, symbol=False), amt), "", ""])  # fmt: skip
    last = len(rows) - 1
    table = grid_table(rows, widths, extra=[("SPAN", (0, last), (2, last)),
                                            ("BACKGROUND", (0, last), (-1, last), SHADE)])  # fmt: skip
    info = grid_table(
        [[para("小区", text), para(st.compound, text), para("房屋", text), para(st.unit, text)],
         [para("业主", text), para(st.owner, text), para("建筑面积", text),
          para(f"{format_area(st.area)} ㎡", text)],
         [para("未缴合计", text), para(format_amount(st.owed), text), para("预收余额", text),
          para(format_amount(st.prepaid), text)]],
        [width * 0.14, width * 0.36, width * 0.14, width * 0.36], header_rows=0,
        extra=[("BACKGROUND", (0, 0), (0, -1), SHADE), ("BACKGROUND", (2, 0), (2, -1), SHADE)],
    )  # fmt: skip
    as_of = day_label(data.as_of)
    story: list[Flowable] = [
        *title_block(TITLE, left=f"编制单位：{data.head.company}", center=f"截至{as_of}",
                     right=UNIT_YUAN, width=width),
        info,
        Spacer(1, 3 * mm),
        table,
        Spacer(1, 2 * mm),
        para("余额为应缴未缴金额，“预收”表示已预缴、将自动抵扣以后各期费用。如对账目有疑问，"
             "请携带收据与物业服务中心核对。", style(8)),
        Spacer(1, 5 * mm),
        KeepTogether([signature_block(SIGNERS, data.head.seal_text, width),
                      para(f"日期：{as_of}", style(9))]),
    ]  # fmt: skip
    build(fp, story, PageDecor(data.head, TITLE, f"{st.compound} {st.unit}"), pagesize=PORTRAIT)


__all__ = ["render_household"]
