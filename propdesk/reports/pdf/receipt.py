"""PDF of 收据: one receipt or a batch, one per A4 page or three per A4 with dashed cut lines.

Each receipt: number, date, payer, compound and unit, what it paid for, the total in figures
(￥1,409.50) and in words (人民币壹仟肆佰零玖元伍角整), method, reference, clerk, the seal box
and "本收据不作为税务发票". A reprint carries a 副本 watermark; a voided receipt 作废 and the
reason (and, being no original any more, 副本 too).
"""

from __future__ import annotations

from functools import partial
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, FrameBreak, PageTemplate, Spacer

from propdesk.core.money import format_amount
from propdesk.core.settings import RECEIPT_ONE_PER_PAGE
from propdesk.reports.common import day_label
from propdesk.reports.fees import ReceiptBatch, compact_receipt_lines, receipt_lines
from propdesk.reports.pdf.base import (
    CELL_PAD,
    FONT,
    MARGIN,
    PORTRAIT,
    SEAL_RED,
    SHADE,
    NumberedCanvas,
    PageDecor,
    SealBox,
    content_height,
    content_width,
    fit_size,
    frames,
    grid_table,
    layout_table,
    para,
    register_font,
    style,
)
from propdesk.services.payments import ReceiptData, ReceiptLine

NOT_AN_INVOICE = "本收据不作为税务发票。"
COPY = "副本"
VOID = "作废"
FRAME_GAP = 5 * mm  # between stacked frames (base.frames)
GREY_STAMP = colors.Color(0.45, 0.45, 0.45)


class _ReceiptCanvas(NumberedCanvas):
    """The numbered canvas, with a dashed cut line between each pair of stacked receipts."""

    def __init__(self, *args: Any, per_page: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._per_page = per_page

    def _decorate(self, n: int, total: int) -> None:
        super()._decorate(n, total)
        if self._per_page < 2:
            return
        w, _h = self._pagesize
        fs = frames(self._pagesize, self._per_page)
        self.saveState()
        self.setStrokeColor(colors.Color(0.5, 0.5, 0.5))
        self.setLineWidth(0.5)
        self.setDash(4, 3)
        for f in fs[1:]:
            y = f._y1 + f._height  # the top edge of every frame but the first
            self.line(MARGIN / 2, y, w - MARGIN / 2, y)
        self.setFont(FONT, 6)
        self.setFillColor(colors.Color(0.5, 0.5, 0.5))
        for f in fs[1:]:
            y = f._y1 + f._height
            self.drawRightString(w - MARGIN / 2, y + 1.2 * mm, "沿虚线剪开")
        self.restoreState()


class _Receipt(Flowable):
    """One receipt drawn as a block (never split), with its watermark over it."""

    def __init__(self, parts: list[Flowable], stamp: str, stamp_color: Any) -> None:
        super().__init__()
        self.parts = parts
        self.stamp = stamp
        self.stamp_color = stamp_color
        self._sizes: list[tuple[float, float]] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._sizes = [p.wrap(availWidth, availHeight) for p in self.parts]
        self.width = availWidth
        self.height = sum(h for _w, h in self._sizes)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        y = self.height
        for p, (_w, h) in zip(self.parts, self._sizes, strict=True):
            y -= h
            p.drawOn(c, 0, y)
        if self.stamp:
            c.saveState()
            c.setFillColor(self.stamp_color)
            c.setFillAlpha(0.28)
            c.setFont(FONT, 54)
            c.translate(self.width * 0.55, self.height * 0.45)
            c.rotate(18)
            c.drawCentredString(0, -18, self.stamp)
            c.restoreState()


class _Form:
    """Builds one receipt at a given width; the styles are made once per batch."""

    def __init__(self, width: float, compact: bool) -> None:
        self.width = width
        self.compact = compact
        base = 8.5 if compact else 10
        self.size = base
        self.text = style(base)
        self.small = style(base - 1)
        self.center = style(base, TA_CENTER)
        self.right = style(base, TA_RIGHT)
        self.title = style(17 if compact else 20, TA_CENTER, leading=22 if compact else 26)
        self.number = style(base + 1.5, TA_RIGHT)
        self.amount_w = 34 * mm
        self.seal_w, self.seal_h = (44 * mm, 19 * mm) if compact else (48 * mm, 22 * mm)
        pad = 1.5 if compact else 3
        self.pad = pad
        self.info_cmds = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                          ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                          ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]  # fmt: skip

    def amount_style(self, texts: list[str]) -> Any:
        return style(fit_size(texts, self.amount_w - 2 * CELL_PAD - 1, self.size), TA_RIGHT)

    def parts(
        self, r: ReceiptData, company: str, seal_text: str, lines: list[ReceiptLine]
    ) -> list[Flowable]:
        w = self.width
        marks = "".join(f"（{m}）" for m, on in ((COPY, r.copy or r.void), (VOID, r.void)) if on)
        top = layout_table(
            [[para(f"收款单位：{company}", self.small), para("收　据", self.title),
              para(f"{r.label}{marks}", self.number)]],
            [w * 0.42, w * 0.22, w * 0.36], self.info_cmds,
        )  # fmt: skip
        info = layout_table(
            [[para(f"交款人：{r.payer}", self.text),
              para(f"房屋：{r.compound} {r.unit}" if r.unit else f"小区：{r.compound}", self.text),
              para(f"日期：{day_label(r.date)}", self.right)]],
            [w * 0.30, w * 0.42, w * 0.28], self.info_cmds,
        )  # fmt: skip
        amounts = [format_amount(ln.amount, symbol=False) for ln in lines]
        total = format_amount(r.amount)
        amt = self.amount_style([*amounts, total])
        rows: list[list[Any]] = [[para("收费项目", self.center), para("金额（元）", self.center)]]
        rows += [
            [para(ln.description, self.text), para(a, amt)]
            for ln, a in zip(lines, amounts, strict=True)
        ]
        rows.append([para(f"合计（大写）：{r.words}", self.text), para(total, amt)])
        last = len(rows) - 1
        items = grid_table(
            rows, [w - self.amount_w, self.amount_w],
            extra=[("BACKGROUND", (0, last), (-1, last), SHADE),
                   ("TOPPADDING", (0, 0), (-1, -1), self.pad),
                   ("BOTTOMPADDING", (0, 0), (-1, -1), self.pad)],
        )  # fmt: skip
        detail = [f"收款方式：{r.method}"]
        if r.reference:
            detail.append(f"参考号：{r.reference}")
        detail.append(f"收款人：{r.clerk}")
        left: list[Any] = [para("\u00a0\u00a0\u00a0\u00a0".join(detail), self.text)]
        if r.void:
            left.append(para(f"作废原因：{r.void_reason or ''}", style(self.size, TA_LEFT)))
        left.append(para(f"注：{NOT_AN_INVOICE}", self.small))
        seal = SealBox(seal_text, self.seal_w, self.seal_h)
        bottom = layout_table(
            [[left, seal]], [w - self.seal_w - 4 * mm, self.seal_w + 4 * mm],
            [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
             ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
             ("TOPPADDING", (0, 0), (-1, -1), 2)],
        )  # fmt: skip
        gap = Spacer(1, 1.2 * mm if self.compact else 3 * mm)
        return [top, info, Spacer(1, 1 * mm), items, gap, bottom]


def _fitting(
    form: _Form, r: ReceiptData, company: str, seal_text: str, avail: float, compact: bool
) -> list[Flowable]:
    """The receipt's parts with as much detail as fits in `avail`: every line, or lines merged
    by fee item, or fewer still with one 其余 N 项 line."""
    candidates: list[list[ReceiptLine]] = []
    if not compact:
        candidates.append(receipt_lines(r))
    merged = compact_receipt_lines(r, 10_000)
    candidates.append(merged)
    candidates += [compact_receipt_lines(r, n) for n in range(len(merged) - 1, 0, -1)]
    for lines in candidates:
        parts = form.parts(r, company, seal_text, lines)
        if sum(p.wrap(form.width, avail)[1] for p in parts) <= avail:
            return parts
    return form.parts(r, company, seal_text, compact_receipt_lines(r, 1))


def render_receipts(data: ReceiptBatch, fp: BinaryIO, *, layout: str | None = None) -> None:
    """收据 on A4: `layout` one_per_page or three_per_a4 (default: the batch's, from the book)."""
    layout = layout or data.layout
    per_page = 1 if layout == RECEIPT_ONE_PER_PAGE else 3
    register_font()
    pagesize = PORTRAIT
    width = content_width(pagesize)
    avail = content_height(pagesize) / per_page - (FRAME_GAP if per_page > 1 else 0) - 2
    form = _Form(width, compact=per_page > 1)
    story: list[Flowable] = []
    for r in data.receipts:
        if story:
            story.append(FrameBreak())
        stamp = VOID if r.void else COPY if r.copy else ""
        color = SEAL_RED if r.void else GREY_STAMP
        story.append(
            _Receipt(
                _fitting(form, r, data.head.company, data.head.seal_text, avail, per_page > 1),
                stamp,
                color,
            )
        )
    labels = [r.label for r in data.receipts]
    subtitle = labels[0] if len(labels) == 1 else f"{labels[0]} 等 {len(labels)} 张"
    decor = PageDecor(data.head, "收据", subtitle)
    doc = BaseDocTemplate(
        fp, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN, bottomMargin=MARGIN, title=f"收据 {subtitle}",
        author=data.head.company, creator="propdesk", subject=subtitle,
        initialFontName=FONT, initialFontSize=9,
    )  # fmt: skip
    doc.addPageTemplates([PageTemplate(id="receipts", frames=frames(pagesize, per_page))])
    doc.build(story, canvasmaker=partial(_ReceiptCanvas, decor=decor, per_page=per_page))


__all__ = ["COPY", "NOT_AN_INVOICE", "VOID", "render_receipts"]
