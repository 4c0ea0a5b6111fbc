"""PDF of 缴费通知单 and 催缴通知单 — one household per page, or two per A4 with a cut line —
and the secretary's internal arrears list (催缴清单（内部）).

A batch can be every household of a compound, so the pages are built cheaply: the styles and
table styles are made once per batch, figures go into plain table cells (only text that could
need wrapping becomes a Paragraph), and the font is registered once.

A reminder asks for payment in writing and offers to check the figures or arrange hardship
relief; it threatens nothing (Civil Code 944 forbids cutting off water or power to collect
fees), and it does not mark debts past the limitation period — that is for the internal list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, BinaryIO

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, FrameBreak, Spacer, Table, TableStyle

from propdesk.core.batch import no_cycle_collection
from propdesk.core.fees import AGING_BUCKETS, format_area
from propdesk.core.money import format_amount, money_in_words
from propdesk.reports.common import day_label, month_label
from propdesk.reports.fees import (
    NOTICE,
    ArrearsList,
    Household,
    NoticeBatch,
    NoticeLine,
    merge_notice_lines,
)
from propdesk.reports.pdf.base import (
    CELL_PAD,
    FONT,
    GRID,
    LANDSCAPE,
    PORTRAIT,
    SHADE,
    PageDecor,
    SealBox,
    amount_text,
    build,
    content_height,
    content_width,
    grid_table,
    para,
    register_font,
    style,
    title_block,
)

REMINDER_BODY = (
    "经核对，截至{date}，贵户尚有上表所列物业服务费用未缴纳。物业服务费用是小区保洁、维修、"
    "秩序维护等日常服务的保障，请您在收到本通知之日起十五日内到物业服务中心或通过下列方式缴纳。"
    "如对欠费金额有异议，请携带缴费凭证与我们联系核对；如家庭确有困难，可向物业服务中心申请"
    "减免或分期缴纳。我们以书面通知的方式催缴，将继续按合同为您提供物业服务。感谢您的理解与支持！"
)
NOTICE_BODY = (
    "现将贵户{month}物业服务费用及截至{date}的缴费情况通知如下，请于本月内到物业服务中心或"
    "通过下列方式缴纳。已预缴的费用将自动抵扣当期账单。如对金额有异议，请与我们联系核对。"
)
FOOT_NOTE = "本通知单仅作缴费提示，缴费后以本公司开具的收据为准。"


class _Kit:
    """Styles, widths and table styles shared by every page of a batch."""

    def __init__(self, width: float, compact: bool) -> None:
        register_font()
        self.width_of = pdfmetrics.getFont(FONT).stringWidth  # text_width without its lock
        self.width = width
        self.compact = compact
        size = 8.5 if compact else 10
        self.size = size
        self.text = style(size)
        self.body = ParagraphStyle(
            f"notice-body-{size}", parent=self.text, firstLineIndent=2 * size
        )
        self.small = style(size - 1.5)
        self.center = style(size, TA_CENTER)
        self.right = style(size, TA_RIGHT)
        self.title = style(15 if compact else 18, TA_CENTER, leading=19 if compact else 24)
        self.widths = [w * width for w in (0.2, 0.32, 0.16, 0.16, 0.16)]
        self.item_room = self.widths[1] - 2 * CELL_PAD - 1
        pad = 1.5 if compact else 2.5
        common = [
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("FONTSIZE", (0, 0), (-1, -1), size),
            ("LEADING", (0, 0), (-1, -1), size * 1.25),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("TOPPADDING", (0, 0), (-1, -1), pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("ALIGN", (0, 0), (-1, 0), "CENTER"),
            ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
        ]
        self.items_style = TableStyle([*common, ("BACKGROUND", (0, -1), (-1, -1), SHADE),
                                       ("SPAN", (0, -1), (1, -1))])  # fmt: skip
        self.info_style = TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.5, GRID), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), size),
            ("LEADING", (0, 0), (-1, -1), size * 1.25),
            ("BACKGROUND", (0, 0), (0, -1), SHADE), ("BACKGROUND", (2, 0), (2, -1), SHADE),
            ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ])  # fmt: skip
        lead = size * 1.25
        self.items_look = _GridLook(size, lead, (CELL_PAD, CELL_PAD, pad, pad), self.width_of,
                                    shade_rows=(0, -1), right_from=2, center_header=True,
                                    span_last=True, static_rows=(0,), static_cells=((-1, 0),))  # fmt: skip
        self.info_look = _GridLook(size, lead, (6, 6, pad, pad), self.width_of, shade_cols=(0, 2),
                                   static_cols=(0, 2))  # fmt: skip
        self.info_widths = [w * width for w in (0.14, 0.36, 0.14, 0.36)]
        self.info_room = self.info_widths[1] - 2 * 6 - 1  # reportlab's default padding is 6
        self.seal_w, self.seal_h = (42 * mm, 18 * mm) if compact else (48 * mm, 22 * mm)
        self.sign_cmds = [("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                          ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("ALIGN", (1, 0), (1, 0), "RIGHT")]  # fmt: skip

    def line(self, text: str, *, small: bool = False) -> Flowable:
        """One line of text drawn straight onto the canvas when it fits, else a Paragraph."""
        st = self.small if small else self.text
        if self.width_of(text, st.fontSize) <= self.width:
            return _Line(text, st.fontSize, st.leading)
        return para(text, st)

    def cell(self, text: str, room: float) -> Any:
        """A plain string when it fits on one line (cheap), else a wrapping Paragraph."""
        if self.width_of(text, self.size) <= room:
            return text
        return para(text, self.text)


class _Line(Flowable):
    """A single line of text: what a one-line Paragraph shows, without its machinery (a batch
    of thousands of notices spends most of its time wrapping Paragraphs)."""

    def __init__(self, text: str, size: float, leading: float) -> None:
        super().__init__()
        self.text = text
        self.size = size
        self.leading = leading

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.leading

    def draw(self) -> None:
        self.canv.setFont(FONT, self.size)
        self.canv.drawString(0, self.leading - self.size, self.text)


@dataclass(frozen=True, slots=True)
class _GridLook:
    """How one of the notice's tables is ruled, padded, shaded and aligned (as its TableStyle)."""

    size: float
    leading: float
    pads: tuple[float, float, float, float]  # left, right, top, bottom
    width_of: Callable[[str, float], float]  # a text's width at a size, in our font
    shade_cols: tuple[int, ...] = ()  # columns shaded top to bottom
    shade_rows: tuple[int, ...] = ()  # rows shaded (negative: from the end)
    right_from: int | None = None  # columns from here on are right-aligned below the header
    center_header: bool = False
    span_last: bool = False  # the last row's first two cells are one
    # cells that read the same on every notice (headers, labels): drawn with the rules and
    # shading as one form per table shape (rows and their heights), so a page draws only
    # what is its own
    static_rows: tuple[int, ...] = ()  # negative: from the end
    static_cols: tuple[int, ...] = ()
    static_cells: tuple[tuple[int, int], ...] = ()  # (row, column); row negative from the end

    def static(self, n: int, cols: int) -> frozenset[tuple[int, int]]:
        """The (row, column) of the static cells in a table of `n` rows."""
        return _static(self.static_rows, self.static_cols, self.static_cells, n, cols)


@lru_cache(maxsize=256)
def _static(
    rows: tuple[int, ...], cols: tuple[int, ...], cells: tuple[tuple[int, int], ...], n: int, k: int
) -> frozenset[tuple[int, int]]:
    out = {(r % n, c) for r in rows for c in range(k)} | {(r, c) for r in range(n) for c in cols}
    return frozenset(out | {(r % n, c) for r, c in cells})


class _Grid(Flowable):
    """A ruled table drawn straight onto the canvas: the same rows, lines, shading, padding and
    alignment that reportlab's Table draws for the notice's two tables, without its per-cell
    machinery (a Table cost half of each notice). Plain-string cells print on one line;
    cells that needed wrapping come as Paragraphs and are drawn as the Table draws them."""

    def __init__(self, rows: list[list[Any]], widths: list[float], look: _GridLook) -> None:
        super().__init__()
        self.rows = rows
        self.widths = widths
        self.look = look
        self.heights: list[float] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if not self.heights:
            lk = self.look
            left, right, top, bottom = lk.pads
            plain = lk.leading + top + bottom
            self.heights = [
                max(plain if not isinstance(v, Flowable)
                    else v.wrap(w - left - right, 72000)[1] + top + bottom
                    for v, w in zip(row, self.widths, strict=True))
                for row in self.rows
            ]  # fmt: skip
            self.width = sum(self.widths)
            self.height = sum(self.heights)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        lk = self.look
        marks = lk.static(len(self.rows), len(self.widths))
        static = tuple(
            (r, col, self.rows[r][col]) for r, col in sorted(marks)
            if isinstance(self.rows[r][col], str)
        )  # fmt: skip
        key = (lk, tuple(self.widths), tuple(self.heights), static)
        forms: dict[Any, str] = c.__dict__.setdefault("_propdesk_grids", {})
        name = forms.get(key)
        if name is None:
            name = forms[key] = f"propdeskgrid{len(forms)}"
            # the box reaches past the origin: the rules at x = 0 and y = 0 are half outside it
            c.beginForm(name, -5, -5, self.width + 5, self.height + 5)
            self._draw(c, lambda r, col, v: (r, col) in marks and isinstance(v, str), rules=True)
            c.endForm()
        c.doForm(name)
        self._draw(c, lambda r, col, v: (r, col) not in marks or not isinstance(v, str))

    def _draw(self, c: Any, wanted: Callable[[int, int, Any], bool], *, rules: bool = False) -> None:
        """The shading, the `wanted` cells' text and (`rules`) the lines, as the Table draws
        them: shading under the text, the lines over it."""
        lk = self.look
        xs = [0.0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        ys = [self.height]  # ys[i]: top of row i; ys[i + 1]: its bottom
        for h in self.heights:
            ys.append(ys[-1] - h)
        n = len(self.rows)
        if not rules:
            self._text(c, wanted, xs, ys)
            return
        c.saveState()
        c.setFillColor(SHADE)
        for col in lk.shade_cols:
            c.rect(xs[col], 0, xs[col + 1] - xs[col], self.height, stroke=0, fill=1)
        for row in lk.shade_rows:
            r = row % n
            c.rect(0, ys[r + 1], self.width, ys[r] - ys[r + 1], stroke=0, fill=1)
        c.restoreState()
        self._text(c, wanted, xs, ys)
        c.saveState()
        c.setStrokeColor(GRID)
        c.setLineWidth(0.5)
        c.setLineCap(1)
        c.setLineJoin(1)
        path = c.beginPath()
        for y in ys:
            path.moveTo(0, y)
            path.lineTo(self.width, y)
        for i, x in enumerate(xs):
            path.moveTo(x, ys[0])
            path.lineTo(x, ys[-2] if lk.span_last and i == 1 else ys[-1])
        c.drawPath(path, stroke=1, fill=0)
        c.restoreState()

    def _text(
        self, c: Any, wanted: Callable[[int, int, Any], bool], xs: list[float], ys: list[float]
    ) -> None:
        lk = self.look
        left, right, top, bottom = lk.pads
        n = len(self.rows)
        text = c.beginText()
        text.setFont(FONT, lk.size, lk.leading)
        for r, (row, h) in enumerate(zip(self.rows, self.heights, strict=True)):
            base = ys[r + 1]
            y = base + (bottom + h - top + lk.leading) / 2 - lk.size  # VALIGN MIDDLE, one line
            for col, v in enumerate(row):
                if v == "" or v is None or not wanted(r, col, v):
                    continue
                x0, w = xs[col], self.widths[col]
                if lk.span_last and r == n - 1 and col == 0:
                    w = xs[2] - xs[0]
                if isinstance(v, Flowable):
                    _w, vh = v.wrap(w - left - right, 72000)
                    v.drawOn(c, x0 + left, base + (h + bottom - top + vh) / 2 - vh)
                    continue
                if r == 0 and lk.center_header:
                    x = x0 + (w + left - right) / 2 - lk.width_of(v, lk.size) / 2
                elif r > 0 and lk.right_from is not None and col >= lk.right_from:
                    x = x0 + w - right - lk.width_of(v, lk.size)
                else:
                    x = x0 + left
                text.setTextOrigin(x, y)
                text.textOut(v)
        c.drawText(text)


def _once(canv: Any, part: Flowable, draw: Callable[[Any], None]) -> None:
    """Draw what every page of the batch shows alike (title, body text, sign-off, foot note)
    once, as a form the pages then refer to: the same marks, drawn and stored once instead of
    on each of thousands of pages."""
    forms: set[str] = canv.__dict__.setdefault("_propdesk_forms", set())
    name = f"notice{id(part)}"
    if name not in forms:
        canv.beginForm(name)
        draw(canv)
        canv.endForm()
        forms.add(name)
    canv.doForm(name)


class _Stack(Flowable):
    """A household's notice as one flowable: its parts stacked as the frame would stack them
    (none has space before or after, each starts at the left), without the frame's work per
    part. Should it not fit after all, it splits into its parts, which then flow as before."""

    def __init__(self, parts: list[Flowable]) -> None:
        super().__init__()
        self.parts = parts
        self.sizes: list[float] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.sizes = [p.wrap(availWidth, availHeight)[1] for p in self.parts]
        self.width = availWidth
        self.height = sum(self.sizes)
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return list(self.parts)

    def draw(self) -> None:
        # A spacer draws nothing and a single line is one string: neither needs drawOn's
        # save, translate and restore (a third of the parts' drawing work).
        c = self.canv
        y = self.height
        for part, h in zip(self.parts, self.sizes, strict=True):
            y -= h
            if type(part) is Spacer:
                continue
            if type(part) is _Line:
                c.setFont(FONT, part.size)
                c.drawString(0, y + part.leading - part.size, part.text)
                continue
            part.drawOn(c, 0, y)


class _Shared(Flowable):
    """The same flowable (the batch's body text, foot note) on every page, wrapped once."""

    def __init__(self, inner: Flowable) -> None:
        super().__init__()
        self.inner = inner
        self._size: tuple[float, float, float] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._size is None or self._size[0] != availWidth:
            w, h = self.inner.wrap(availWidth, availHeight)
            self._size = (availWidth, w, h)
        return self._size[1], self._size[2]

    def draw(self) -> None:
        _once(self.canv, self, lambda c: self.inner.drawOn(c, 0, 0))


class _SignOff(Flowable):
    """The company and the date, right-aligned beside the seal box (one box for the batch)."""

    def __init__(self, seal: SealBox, lines: tuple[str, str], size: float) -> None:
        super().__init__()
        self.seal = seal
        self.lines = lines
        self.size = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.seal.box_h

    def draw(self) -> None:
        _once(self.canv, self, self._draw)

    def _draw(self, c: Any) -> None:
        self.seal.drawOn(c, self.width - self.seal.box_w, 0)
        x = self.width - self.seal.box_w - 6 * mm
        mid = self.seal.box_h / 2
        c.setFont(FONT, self.size)
        c.drawRightString(x, mid + 2, self.lines[0])
        c.drawRightString(x, mid - self.size - 2, self.lines[1])


class _Shelf:
    """What every household of a batch shares, built once."""

    def __init__(self, batch: NoticeBatch, kit: _Kit, seal_text: str) -> None:
        if batch.kind == NOTICE:  # a notice shows the bills as they stand on the day it is issued
            body = NOTICE_BODY.format(month=month_label(batch.period or 0),
                                      date=day_label(batch.issued))  # fmt: skip
        else:
            body = REMINDER_BODY.format(date=day_label(batch.as_of))
        self.title = _Shared(para(batch.title, kit.title))
        self.body = _Shared(para(body, kit.body))
        self.foot = _Shared(para(FOOT_NOTE, kit.small))
        seal = SealBox(seal_text, kit.seal_w, kit.seal_h)
        self.sign = _SignOff(seal, (batch.head.company, day_label(batch.issued)), kit.size)
        self.methods = kit.line(f"缴费方式：{batch.methods}（缴费后请索取收据）")
        self.lines: dict[str, Flowable] = {}
        self.contacts: dict[tuple[str, ...], Flowable] = {}

    def contact(self, lines: list[str], kit: _Kit) -> Flowable:
        """The payment methods and the contact lines under them, one form for the batch (or
        one per address, when the company gave none and the compound's is used)."""
        key = tuple(lines)
        if key not in self.contacts:
            self.contacts[key] = _Shared(_Stack([self.methods, *(kit.line(x) for x in lines)]))
        return self.contacts[key]

    def rule(self, text: str, kit: _Kit) -> Flowable:
        return self.shared(f"违约金：{text}", kit)

    def shared(self, text: str, kit: _Kit) -> Flowable:
        """A line many households share (the late-fee rule, the contact lines): one form."""
        if text not in self.lines:
            self.lines[text] = _Shared(kit.line(text))
        return self.lines[text]


def _household(
    h: Household, batch: NoticeBatch, kit: _Kit, shelf: _Shelf, *, fits: bool = True
) -> list[Flowable]:
    """A household's notice; `fits`: its lines fit on its page (else its item table splits)."""
    salutation = f"{h.compound} {h.unit} 业主（住户）{h.owner}："
    info_rows = [["小区", kit.cell(h.compound, kit.info_room), "房屋", kit.cell(h.unit, kit.info_room)],
                 ["业主", kit.cell(h.owner, kit.info_room), "建筑面积", f"{format_area(h.area)} ㎡"]]  # fmt: skip
    rows: list[list[Any]] = [["所属期", "收费项目", "应收金额", "已缴/抵扣", "未缴金额"]]
    for ln in h.lines:
        rows.append([ln.period, kit.cell(ln.item, kit.item_room), format_amount(ln.amount, symbol=False),
                     amount_text(ln.settled), format_amount(ln.outstanding, symbol=False)])  # fmt: skip
    rows.append(["合计未缴", "", "", "", format_amount(h.total, symbol=False)])
    info: Flowable
    items: Flowable
    if fits:  # drawn straight onto the canvas
        info = _Grid(info_rows, kit.info_widths, kit.info_look)
        items = _Grid(rows, kit.widths, kit.items_look)
    else:  # a history that runs on to the next page: a Table splits and repeats its header
        info = Table(info_rows, colWidths=kit.info_widths, style=kit.info_style)
        items = Table(rows, colWidths=kit.widths, style=kit.items_style, repeatRows=1)
    facts = [kit.line(f"合计未缴金额：{format_amount(h.total)}（{money_in_words(h.total)}）")]
    if h.prepaid > 0:
        facts.append(kit.line(f"预收余额：{format_amount(h.prepaid)}（将自动抵扣以后各期费用）"))
    facts.append(shelf.rule(h.late_fee_rule, kit))
    if h.late_fee > 0:
        facts.append(kit.line(
            f"按上述约定，截至{day_label(batch.late_fee_date or batch.issued)}违约金为 "
            f"{format_amount(h.late_fee)}，未计入上述合计。"
        ))  # fmt: skip
    contact = batch.contact.lines(h.address)
    if fits:
        facts.append(shelf.contact(contact, kit))
    else:  # flowing on its own, a line can go to the next page without the others
        facts += [shelf.methods, *(kit.line(x) for x in contact)]
    gap = Spacer(1, 1.5 * mm if kit.compact else 3 * mm)
    return [
        shelf.title,
        gap,
        kit.line(salutation),
        shelf.body,
        gap,
        info,
        Spacer(1, 1.5 * mm),
        items,
        gap,
        *facts,
        gap,
        shelf.sign,
        shelf.foot,
    ]


def _capacity(data: NoticeBatch, kit: _Kit, avail: float) -> int:
    """How many item lines fit on one household's page (or half page), measured once on a
    household with every optional line (prepaid, late fee) and a long name."""
    one = NoticeLine(202601, 202601, "物业服务费", 100_000_00, 0, 100_000_00)
    probe = Household(0, "某某小区" * 4, "10-10-1010", "某" * 20, 100_00, (one,), 1, 1,
                      data.households[0].late_fee_rule, 1, "某" * 30)  # fmt: skip

    shelf = _Shelf(data, kit, "印章" * 10)

    def height(n: int) -> float:
        h = replace(probe, lines=(one,) * n)
        return sum(f.wrap(kit.width, avail)[1] for f in _household(h, data, kit, shelf))

    row = height(2) - height(1)
    return max(1, int((avail - (height(1) - row)) // row) - 1)


@no_cycle_collection()  # a batch of thousands: see propdesk.core.batch
def render_notices(data: NoticeBatch, fp: BinaryIO, *, per_page: int = 1) -> None:
    """缴费通知单 / 催缴通知单, one household per page (`per_page` 1) or two per A4 (2). A
    household with more lines than fit has each item's consecutive months folded into one
    line; only a history that still does not fit runs on to the next page."""
    if per_page not in (1, 2):
        raise ValueError(f"per_page is 1 or 2, not {per_page}")
    width = content_width(PORTRAIT)
    kit = _Kit(width, compact=per_page > 1)
    avail = content_height(PORTRAIT) / per_page - (2.5 * mm if per_page > 1 else 0) - 2
    capacity = _capacity(data, kit, avail) if data.households else 0
    shelf = _Shelf(data, kit, data.head.seal_text)
    story: list[Flowable] = []
    for h in data.households:
        if story:
            story.append(FrameBreak())
        if len(h.lines) > capacity:
            h = replace(h, lines=tuple(merge_notice_lines(h.lines)))
        if len(h.lines) <= capacity:
            story.append(_Stack(_household(h, data, kit, shelf)))
        else:  # its item table runs on to the next page
            story.extend(_household(h, data, kit, shelf, fits=False))
    if not story:
        story.append(
            para(
                f"{data.scope}：没有需要{'通知' if data.kind == NOTICE else '催缴'}的住户。",
                kit.text,
            )
        )
    when = (
        month_label(data.period) if data.kind == NOTICE and data.period else day_label(data.as_of)
    )
    subtitle = f"{data.scope} {when}"
    build(fp, story, PageDecor(data.head, data.title, subtitle, cut_line=per_page > 1),
          pagesize=PORTRAIT, per_page=per_page)  # fmt: skip


# -- the secretary's internal list --------------------------------------------------------------
def render_arrears_list(data: ArrearsList, fp: BinaryIO) -> None:
    """催缴清单（内部）: households in arrears with their aging; debts past three years flagged."""
    pagesize = LANDSCAPE
    width = content_width(pagesize)
    rep = data.report
    head = style(8.5, TA_CENTER)
    text = style(8.5)
    amt = style(8.5, TA_RIGHT)
    bucket_w = 52.0
    fixed = [70.0, 55.0, 110.0, 30.0, 58.0]
    flag_w = 36.0
    widths = [*fixed, *[bucket_w] * len(AGING_BUCKETS), bucket_w + 6, flag_w]
    widths[0] += width - sum(widths)
    labels = [
        "小区",
        "房屋",
        "业主",
        "笔数",
        "最早应缴日",
        *(b[1] for b in AGING_BUCKETS),
        "合计",
        "超三年",
    ]
    rows: list[list[Any]] = [[para(x, head) for x in labels]]
    for r in rep.rows:
        rows.append([
            para(r.compound, text), para(r.unit, text), para(r.owner, text), para(r.bills, amt),
            para(r.oldest_due.isoformat(), text),
            *(para(amount_text(r.buckets.get(b[0], 0)), amt) for b in AGING_BUCKETS),
            para(format_amount(r.total, symbol=False), amt), para("※ 是" if r.flagged else "", head),
        ])  # fmt: skip
    rows.append([
        para("合计", head), para(f"{len(rep.rows)} 户", text), "", "", "",
        *(para(amount_text(rep.totals.get(b[0], 0)), amt) for b in AGING_BUCKETS),
        para(format_amount(rep.total, symbol=False), amt), para(f"{len(data.flagged)} 户", head),
    ])  # fmt: skip
    last = len(rows) - 1
    table = grid_table(rows, widths, extra=[("BACKGROUND", (0, last), (-1, last), SHADE)])
    title = "催缴清单（内部，不得张贴或外发）"
    story: list[Flowable] = [
        *title_block(title, left=f"编制单位：{data.head.company}", center=f"{data.scope} 截至{day_label(rep.as_of)}",
                     right="单位：元", width=width),
        table,
        Spacer(1, 3 * mm),
        para("标“※ 是”的住户有部分欠费已超过三年（《民法典》第一百八十八条诉讼时效），请社区书记研究"
             "处理方式；该标记只用于本清单，不得写入发给住户的催缴通知单。催缴一律采用书面通知，"
             "不得以限制水、电、气等供应的方式催缴（《民法典》第九百四十四条）。", style(8.5)),
    ]  # fmt: skip
    build(fp, story, PageDecor(data.head, "催缴清单（内部）", data.scope), pagesize=pagesize)


__all__ = ["FOOT_NOTE", "NOTICE_BODY", "REMINDER_BODY", "render_arrears_list", "render_notices"]
