"""PDF of 记账凭证: one voucher or a month's batch, one or two per A4 page.

A voucher with more lines than fit in its half (or whole) page continues on the next form,
numbered 记字第 0005 号（1/2）, with 过次页 / 承前页 rows carrying the running totals, and the
合计 row (figures and words) on its last form — as on paper vouchers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, BinaryIO

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, FrameBreak, Spacer, Table

from propdesk.core.money import format_amount
from propdesk.reports.common import day_label, month_label
from propdesk.reports.pdf.base import (
    CELL_PAD,
    PORTRAIT,
    SHADE,
    PageDecor,
    build,
    content_height,
    content_width,
    fit_size,
    grid_table,
    layout_table,
    para,
    style,
)
from propdesk.reports.vouchers import VoucherBatch, VoucherLine, VoucherPrint

SIGNERS = ("会计主管", "记账", "审核", "出纳", "制单")
FRAME_GAP = 5 * mm  # between the two vouchers of a page (see base.frames)


class _Form:
    """Builds the pieces of one voucher form at a given width."""

    def __init__(self, width: float, amount_size: float) -> None:
        self.width = width
        self.widths = [width * 0.30, width * 0.36, width * 0.17, width * 0.17]
        self.text = style(9)
        self.head = style(9.5, TA_CENTER)
        self.amount = style(amount_size, TA_RIGHT)

    def title(self, v: VoucherPrint, part: int, parts: int, company: str) -> list[Flowable]:
        number = v.number_label + (f"（{part}/{parts}）" if parts > 1 else "")
        info = layout_table(
            [[
                para(f"核算单位：{company}", style(8.5)),
                para(day_label(v.date), style(9, TA_CENTER)),
                para(number, style(9, TA_RIGHT)),
                para(f"附件 {v.attachments} 张", style(9, TA_RIGHT)),
            ]],
            [self.width * 0.38, self.width * 0.22, self.width * 0.24, self.width * 0.16],
            [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
             ("VALIGN", (0, 0), (-1, -1), "BOTTOM")],
        )  # fmt: skip
        return [para("记 账 凭 证", style(16, TA_CENTER, leading=20)), Spacer(1, 1.5 * mm), info]

    def header_row(self) -> list[Any]:
        return [para(h, self.head) for h in ("摘要", "会计科目", "借方金额", "贷方金额")]

    def line_row(self, ln: VoucherLine) -> list[Any]:
        return [
            para(ln.summary, self.text),
            para(f"{ln.account_code} {ln.account_name}", self.text),
            para(format_amount(ln.debit, symbol=False) if ln.debit else "", self.amount),
            para(format_amount(ln.credit, symbol=False) if ln.credit else "", self.amount),
        ]

    def blank_row(self) -> list[Any]:
        return [para("", self.text), "", "", ""]

    def sum_row(self, label: str, debit: int, credit: int) -> list[Any]:
        return [
            para(label, self.text),
            "",
            para(format_amount(debit, symbol=False), self.amount),
            para(format_amount(credit, symbol=False), self.amount),
        ]

    def table(self, rows: list[list[Any]], sum_rows: Sequence[int]) -> Table:
        extra: list[tuple[Any, ...]] = []
        for i in sum_rows:
            extra += [("SPAN", (0, i), (1, i)), ("BACKGROUND", (0, i), (-1, i), SHADE)]
        return grid_table(rows, self.widths, extra=extra)

    def signatures(self, preparer: str) -> Table:
        cells: list[Any] = []
        for who in SIGNERS:
            cells += [
                para(who, style(8.5, TA_CENTER)),
                para(preparer if who == "制单" else "", self.text),
            ]
        pair = self.width / len(SIGNERS)
        return grid_table(
            [cells], [pair * 0.42, pair * 0.58] * len(SIGNERS), header_rows=0,
            extra=[("BACKGROUND", (i, 0), (i, 0), SHADE) for i in range(0, 2 * len(SIGNERS), 2)]
            + [("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)],
        )  # fmt: skip

    def height(self, flowables: Sequence[Flowable], avail: float) -> float:
        return sum(f.wrap(self.width, avail)[1] for f in flowables)


MIN_ROWS = 5  # a form shows at least this many line rows, blank ones padding, like paper forms


def _parts(
    v: VoucherPrint, form: _Form, avail: float, company: str
) -> list[tuple[tuple[VoucherLine, ...], int]]:
    """Split the lines so every form (title, lines, sums, signatures) fits in `avail` height;
    with each part, how many blank rows still fit to pad it to `MIN_ROWS`."""
    fixed = [*form.title(v, 1, 2, company), Spacer(1, 2 * mm), form.signatures(v.preparer)]
    head = form.table([form.header_row()], [])
    sum_h = form.height([form.table([form.sum_row(v.total_in_words, 1, 1)], [0])], avail)
    blank_h = form.height([form.table([form.blank_row()], [])], avail)
    overhead = form.height([*fixed, head], avail) + sum_h + 2  # +2: rounding and rules
    heights = [form.height([form.table([form.line_row(ln)], [])], avail) for ln in v.lines]
    parts: list[tuple[tuple[VoucherLine, ...], int]] = []
    start = 0
    while start < len(v.lines) or not parts:
        used = overhead + (sum_h if parts else 0)  # 承前页 on every form but the first
        end = start
        while end < len(v.lines) and (end == start or used + heights[end] <= avail):
            used += heights[end]
            end += 1
        pad = max(0, min(MIN_ROWS - (end - start), int((avail - used) // blank_h)))
        parts.append((tuple(v.lines[start:end]), pad))
        start = end
    return parts


def _voucher_story(
    v: VoucherPrint, form: _Form, avail: float, company: str
) -> list[list[Flowable]]:
    parts = _parts(v, form, avail, company)
    out = []
    debit = credit = 0
    for n, (lines, pad) in enumerate(parts, start=1):
        rows: list[list[Any]] = [form.header_row()]
        sum_rows = []
        if n > 1:
            rows.append(form.sum_row("承前页", debit, credit))
            sum_rows.append(len(rows) - 1)
        rows += [form.line_row(ln) for ln in lines]
        rows += [form.blank_row() for _ in range(pad)]
        debit += sum(ln.debit for ln in lines)
        credit += sum(ln.credit for ln in lines)
        label = f"合计：{v.total_in_words}" if n == len(parts) else "过次页"
        rows.append(form.sum_row(label, debit, credit))
        sum_rows.append(len(rows) - 1)
        out.append(
            [
                *form.title(v, n, len(parts), company),
                form.table(rows, sum_rows),
                Spacer(1, 2 * mm),
                form.signatures(v.preparer),
            ]
        )
    return out


def render_vouchers(data: VoucherBatch, fp: BinaryIO, *, per_page: int = 2) -> None:
    """记账凭证 on A4: `per_page` 2 puts two forms on each page with a cut line between."""
    if per_page not in (1, 2):
        raise ValueError(f"per_page is 1 or 2, not {per_page}")
    width = content_width(PORTRAIT)
    avail = content_height(PORTRAIT) / per_page - (FRAME_GAP / 2 if per_page > 1 else 0) - 1
    amounts = [
        format_amount(x, symbol=False)
        for v in data.vouchers
        for x in (v.total_debit, *(ln.debit or ln.credit for ln in v.lines))
    ]
    form = _Form(width, fit_size(amounts, width * 0.17 - 2 * CELL_PAD - 1, 9))
    story: list[Flowable] = []
    for v in data.vouchers:
        for part in _voucher_story(v, form, avail, data.head.company):
            if story:
                story.append(FrameBreak())
            story.extend(part)
    subtitle = month_label(data.period)
    if len(data.vouchers) == 1:
        subtitle += " " + data.vouchers[0].number_label
    decor = PageDecor(data.head, "记账凭证", subtitle, cut_line=per_page > 1)
    build(fp, story, decor, pagesize=PORTRAIT, per_page=per_page)


__all__ = ["render_vouchers"]
