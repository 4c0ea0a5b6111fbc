"""PDF of the trial balance (科目余额表), income statement (利润表) and balance sheet (资产负债表)."""

from __future__ import annotations

from typing import Any, BinaryIO

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from propdesk.core.money import format_amount
from propdesk.core.periods import last_day
from propdesk.reports.common import UNIT_YUAN, day_label, month_label, range_label
from propdesk.reports.ledgers import TrialBalanceReport
from propdesk.reports.pdf.base import (
    CELL_PAD,
    LANDSCAPE,
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
from propdesk.reports.statements import (
    BLANK,
    HEADING,
    SUBTOTAL,
    TOTAL,
    BalanceSheet,
    IncomeStatement,
    StatementLine,
)

SIGNERS = ("单位负责人", "主管会计工作负责人", "会计机构负责人")


def _amount_style(texts: list[str], col_width: float, size: float) -> Any:
    return style(fit_size(texts, col_width - 2 * CELL_PAD - 1, size), TA_RIGHT)


# -- 科目余额表 ------------------------------------------------------------------------------
def render_trial_balance(data: TrialBalanceReport, fp: BinaryIO) -> None:
    """科目余额表 on landscape A4: opening, movements and closing, debit and credit."""
    tb = data.tb
    pagesize = LANDSCAPE
    width = content_width(pagesize)
    amount_w = (width - 70 - 180) / 6
    widths = [70, 180, *[amount_w] * 6]
    all_rows = [*tb.rows, tb.totals]
    values = [
        (r.opening_debit, r.opening_credit, r.debit, r.credit, r.closing_debit, r.closing_credit)
        for r in all_rows
    ]
    amt = _amount_style([amount_text(v) for vs in values for v in vs], amount_w, 8.5)
    head = style(9, TA_CENTER)
    text = style(8.5)
    rows: list[list[Any]] = [
        [para("科目编码", head), para("科目名称", head), para("期初余额", head), "",
         para("本期发生额", head), "", para("期末余额", head), ""],
        ["", "", *[para(s, head) for s in ("借方", "贷方") * 3]],
    ]  # fmt: skip
    for r, vs in zip(all_rows, values, strict=True):
        if r is tb.totals:
            rows.append(
                [para("合计", style(9, TA_CENTER)), "", *(para(amount_text(v), amt) for v in vs)]
            )
        else:
            name = para(r.name, style(8.5, indent=(r.level - 1) * 8))
            rows.append([para(r.code, text), name, *(para(amount_text(v), amt) for v in vs)])
    last = len(rows) - 1
    table = grid_table(
        rows,
        widths,
        header_rows=2,
        extra=[
            ("SPAN", (0, 0), (0, 1)),
            ("SPAN", (1, 0), (1, 1)),
            ("SPAN", (2, 0), (3, 0)),
            ("SPAN", (4, 0), (5, 0)),
            ("SPAN", (6, 0), (7, 0)),
            ("SPAN", (0, last), (1, last)),
            ("BACKGROUND", (0, last), (-1, last), SHADE),
        ],
    )
    period = range_label(tb.start, tb.end)
    story: list[Flowable] = [
        *title_block("科目余额表", left=f"编制单位：{data.head.company}", center=period,
                     right=UNIT_YUAN, width=width),
        table,
        Spacer(1, 3 * mm),
        para("试算平衡" if tb.balanced else "试算不平衡，请检查账簿", style(9)),
    ]  # fmt: skip
    build(fp, story, PageDecor(data.head, "科目余额表", period), pagesize=pagesize)


# -- 利润表 ----------------------------------------------------------------------------------
def _statement_amount(line: StatementLine, value: int) -> str:
    if not line.has_amounts:
        return ""
    return amount_text(value, blank_zero=line.kind not in (SUBTOTAL, TOTAL))


def _label(line: StatementLine, size: float) -> Paragraph:
    return para(line.label, style(size, indent=line.indent * size))


def _row_no(line: StatementLine, size: float) -> Paragraph:
    return para("" if line.row is None else line.row, style(size, TA_CENTER))


def render_income_statement(data: IncomeStatement, fp: BinaryIO) -> None:
    """利润表 (会小企02表): 项目 / 行次 / 本月金额 / 本年累计金额, signatures and seal."""
    pagesize = PORTRAIT
    width = content_width(pagesize)
    widths = [width - 40 - 2 * 105, 40, 105, 105]
    texts = [format_amount(v, symbol=False) for ln in data.lines for v in (ln.amount, ln.prior)]
    amt = _amount_style(texts, 105, 10)
    head = style(10, TA_CENTER)
    rows: list[list[Any]] = [[para(h, head) for h in ("项目", "行次", "本月金额", "本年累计金额")]]
    extra: list[tuple[Any, ...]] = []
    for i, ln in enumerate(data.lines, start=1):
        rows.append([
            _label(ln, 10), _row_no(ln, 10),
            para(_statement_amount(ln, ln.amount), amt), para(_statement_amount(ln, ln.prior), amt),
        ])  # fmt: skip
        if ln.kind in (SUBTOTAL, TOTAL):
            extra.append(("BACKGROUND", (0, i), (-1, i), SHADE))
    extra += [("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
    month = month_label(data.period)
    story: list[Flowable] = [
        *title_block("利 润 表", form=data.form, left=f"编制单位：{data.head.company}",
                     center=month, right=UNIT_YUAN, width=width),
        grid_table(rows, widths, extra=extra),
        Spacer(1, 6 * mm),
        KeepTogether([signature_block(SIGNERS, data.head.seal_text, width)]),
    ]  # fmt: skip
    build(fp, story, PageDecor(data.head, "利润表", month), pagesize=pagesize)


# -- 资产负债表 ------------------------------------------------------------------------------
def render_balance_sheet(data: BalanceSheet, fp: BinaryIO) -> None:
    """资产负债表 (会小企01表), two-sided as on the official form: 资产 left, 负债和所有者权益 right."""
    pagesize = PORTRAIT
    width = content_width(pagesize)
    amount_w = 58.0
    label_w = (width - 2 * 22 - 4 * amount_w) / 2
    widths = [label_w, 22, amount_w, amount_w, label_w, 22, amount_w, amount_w]
    lines = [*data.assets, *data.claims]
    texts = [format_amount(v, symbol=False) for ln in lines for v in (ln.amount, ln.prior)]
    size = 8.0
    amt = _amount_style(texts, amount_w, size)
    head = style(8.5, TA_CENTER)
    rows: list[list[Any]] = [[
        para("资产", head), para("行次", head), para("期末余额", head), para("年初余额", head),
        para("负债和所有者权益（或股东权益）", head), para("行次", head), para("期末余额", head),
        para("年初余额", head),
    ]]  # fmt: skip
    extra: list[tuple[Any, ...]] = []
    for i, (a, c) in enumerate(zip(data.assets, data.claims, strict=True), start=1):
        cells: list[Any] = []
        for ln in (a, c):
            if ln.kind == BLANK:
                cells += ["", "", "", ""]
                continue
            cells += [
                _label(ln, size), _row_no(ln, size),
                para(_statement_amount(ln, ln.amount), amt), para(_statement_amount(ln, ln.prior), amt),
            ]  # fmt: skip
        rows.append(cells)
        for side, ln in ((0, a), (4, c)):
            if ln.kind in (SUBTOTAL, TOTAL):
                extra.append(("BACKGROUND", (side, i), (side + 3, i), SHADE))
            elif ln.kind == HEADING:
                extra.append(("SPAN", (side, i), (side + 3, i)))
    day = day_label(last_day(data.period))
    story: list[Flowable] = [
        *title_block("资 产 负 债 表", form=data.form, left=f"编制单位：{data.head.company}",
                     center=day, right=UNIT_YUAN, width=width),
        grid_table(rows, widths, extra=extra),
        Spacer(1, 5 * mm),
    ]  # fmt: skip
    if not data.balanced:
        story.append(para("注意：资产总计与负债和所有者权益总计不相等，请检查账簿", style(9)))
    story.append(KeepTogether([signature_block(SIGNERS, data.head.seal_text, width)]))
    build(fp, story, PageDecor(data.head, "资产负债表", day), pagesize=pagesize)


__all__ = ["render_balance_sheet", "render_income_statement", "render_trial_balance"]
