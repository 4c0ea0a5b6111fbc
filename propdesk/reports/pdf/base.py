"""PDF groundwork: the embedded CJK font, styles, wrapping table cells, page header and footer.

Every page carries the company name and report title at the top, and 打印日期 and
"第 N 页 共 M 页" at the bottom (the canvas keeps its pages until the end to count them).
Only the bundled WenQuanYi Micro Hei is used — never a system font, never Helvetica.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from propdesk.core.errors import EnvironmentFailure
from propdesk.core.i18n import bilingual
from propdesk.core.money import format_amount
from propdesk.reports.common import Letterhead

FONT = "WQYMicroHei"
FONT_FILE = "wqy-microhei.ttc"
T_NO_FONT = bilingual(
    "找不到打印用的字体文件 {name}（应在 {where}），请重新安装本软件",
    "The font file {name} used for printing is missing (looked in {where}); reinstall propdesk",
)

PORTRAIT = A4
LANDSCAPE = landscape(A4)
MARGIN = 15 * mm
HEADER_GAP = 10 * mm  # running header above the frame
FOOTER_GAP = 10 * mm  # footer below the frame

GRID = colors.black
SHADE = colors.Color(0.93, 0.93, 0.93)
SEAL_RED = colors.Color(0.8, 0.1, 0.1)

_font_lock = threading.Lock()

# Page streams are Flate-compressed binary, not ASCII85-encoded on top: a quarter smaller and,
# in a batch of thousands of fee notices, a tenth of the time (every page's stream is encoded).
rl_config.useA85 = 0


# -- the font ---------------------------------------------------------------------------------
def resource_dirs() -> list[Path]:
    """Where resources/ may be: inside a PyInstaller bundle first, then the source tree."""
    dirs = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        dirs.append(Path(bundle) / "resources")
    dirs.append(Path(__file__).resolve().parents[3] / "resources")
    return dirs


def font_path() -> Path:
    for d in resource_dirs():
        p = d / "fonts" / FONT_FILE
        if p.is_file():
            return p
    where = ", ".join(str(d / "fonts") for d in resource_dirs())
    raise EnvironmentFailure(T_NO_FONT, name=FONT_FILE, where=where)


def register_font() -> str:
    """Register the bundled font once (thread-safe); bold and italic map to the same face."""
    with _font_lock:
        if FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(FONT, str(font_path()), subfontIndex=0))
            pdfmetrics.registerFontFamily(
                FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT
            )
    return FONT


def text_width(text: str, size: float) -> float:
    register_font()
    return float(pdfmetrics.stringWidth(text, FONT, size))


# -- styles and cells -------------------------------------------------------------------------
def style(
    size: float = 9, align: int = TA_LEFT, *, leading: float | None = None, indent: float = 0
) -> ParagraphStyle:
    """A paragraph style in the bundled font that wraps CJK text anywhere a line must break."""
    register_font()
    return ParagraphStyle(
        name=f"pd{size}-{align}-{indent}",
        fontName=FONT,
        fontSize=size,
        leading=leading or round(size * 1.3, 1),
        alignment=align,
        wordWrap="CJK",
        leftIndent=indent,
        splitLongWords=True,
    )


def para(text: object, st: ParagraphStyle) -> Paragraph:
    """A table cell that wraps; the text is escaped, so '<', '&' print as they are."""
    return Paragraph(escape("" if text is None else str(text)), st)


def amount_text(fen: int, *, blank_zero: bool = True) -> str:
    """1,409.50 as a statement prints it; zero is left blank unless asked for."""
    if fen == 0 and blank_zero:
        return ""
    return format_amount(fen, symbol=False)


def fit_size(texts: Sequence[str], width: float, size: float, minimum: float = 5.0) -> float:
    """The largest font size ≤ `size` at which every text fits on one line of `width`."""
    widest = max((text_width(t, size) for t in texts if t), default=0.0)
    if widest <= width or widest == 0:
        return size
    return max(minimum, size * width / widest * 0.98)


CELL_PAD = 3.0


def layout_table(
    rows: list[list[Any]], widths: Sequence[float], cmds: Sequence[tuple[Any, ...]] = ()
) -> Table:
    """An unruled table for layout. Every table names our font: reportlab sets each cell's font
    before drawing it, even a Paragraph cell, and the default would pull in Helvetica."""
    t = Table(rows, colWidths=list(widths))
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *cmds]))
    return t


def grid_table(
    rows: list[list[Any]],
    widths: Sequence[float],
    *,
    header_rows: int = 1,
    extra: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A ruled table whose header rows repeat on every page; cells are Paragraphs that wrap."""
    t = Table(rows, colWidths=list(widths), repeatRows=header_rows, splitByRow=True)
    cmds: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # for any plain-string cell
    ]
    if header_rows:
        cmds.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE))
    cmds.extend(extra)
    t.setStyle(TableStyle(cmds))
    return t


def title_block(
    title: str,
    *,
    left: str = "",
    center: str = "",
    right: str = "",
    form: str = "",
    width: float,
) -> list[Flowable]:
    """The statement heading: big title, then 编制单位 / period / 单位：元 on one line."""
    big = style(16, TA_CENTER, leading=22)
    small = style(9)
    out: list[Flowable] = []
    if form:
        out.append(para(form, style(9, TA_RIGHT)))
    out.append(para(title, big))
    out.append(Spacer(1, 2 * mm))
    line = layout_table(
        [[para(left, small), para(center, style(9, TA_CENTER)), para(right, style(9, TA_RIGHT))]],
        [width * 0.45, width * 0.3, width * 0.25],
        [
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ],
    )
    out.append(line)
    out.append(Spacer(1, 1.5 * mm))
    return out


class SealBox(Flowable):
    """Where the company seal goes: a red-ruled box with the seal text, to be stamped over."""

    def __init__(self, text: str, width: float = 48 * mm, height: float = 22 * mm) -> None:
        super().__init__()
        self.text = text
        self.box_w = width
        self.box_h = height
        self._para = para(text, style(8, TA_CENTER, leading=10))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.box_w, self.box_h

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setStrokeColor(SEAL_RED)
        c.setLineWidth(0.8)
        c.setDash(2, 2)
        c.roundRect(0, 0, self.box_w, self.box_h, 3 * mm)
        c.restoreState()
        _w, h = self._para.wrap(self.box_w - 6 * mm, self.box_h)
        self._para.drawOn(c, 3 * mm, (self.box_h - h) / 2 + 2 * mm)
        c.saveState()
        c.setFont(FONT, 6.5)
        c.setFillColor(colors.grey)
        c.drawCentredString(self.box_w / 2, 2 * mm, "（盖章）")
        c.restoreState()


def signature_block(labels: Sequence[str], seal_text: str, width: float) -> Table:
    """单位负责人： … 会计机构负责人： … across the page, and the seal box at the right."""
    st = style(9)
    seal = SealBox(seal_text)
    label_w = (width - seal.box_w - 4 * mm) / max(1, len(labels))
    return layout_table(
        [[*(para(f"{lb}：", st) for lb in labels), seal]],
        [label_w] * len(labels) + [seal.box_w + 4 * mm],
        [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("ALIGN", (-1, 0), (-1, 0), "RIGHT"),
        ],
    )


# -- pages ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PageDecor:
    """What every page shows around the content."""

    head: Letterhead
    title: str
    subtitle: str = ""
    cut_line: bool = False  # two vouchers per page: a dashed line between them


class NumberedCanvas(Canvas):
    """Holds every page until `save` so each can say "第 N 页 共 M 页"."""

    def __init__(self, *args: Any, decor: PageDecor, **kwargs: Any) -> None:
        # the page preamble names the initial font: make it ours, or Helvetica gets referenced
        kwargs["initialFontName"] = FONT
        kwargs["initialFontSize"] = kwargs.get("initialFontSize") or 9
        super().__init__(*args, **kwargs)
        self._decor = decor
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for n, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decorate(n, total)
            super().showPage()
        super().save()

    def _decorate(self, n: int, total: int) -> None:
        # What every page shows alike is one form, drawn once per document: a batch of 5,000
        # notices drew these strings and rules 5,000 times. Only the page number is per page.
        if not self.__dict__.get("_propdesk_decor"):
            self.beginForm("propdeskdecor")
            self._decor_static()
            self.endForm()
            self.__dict__["_propdesk_decor"] = True
        self.doForm("propdeskdecor")
        w, _h = self._pagesize
        self.saveState()
        self.setFont(FONT, 8)
        self.setFillColor(colors.Color(0.3, 0.3, 0.3))
        self.drawCentredString(w / 2, MARGIN - 6 * mm, f"第 {n} 页 共 {total} 页")
        self.restoreState()

    def _decor_static(self) -> None:
        d = self._decor
        w, h = self._pagesize
        self.saveState()
        self.setFont(FONT, 8)
        self.setFillColor(colors.Color(0.3, 0.3, 0.3))
        top = h - MARGIN + 2 * mm
        self.drawString(MARGIN, top, d.head.company)
        right = f"{d.title}  {d.subtitle}".strip()
        self.drawRightString(w - MARGIN, top, right)
        self.setStrokeColor(colors.Color(0.6, 0.6, 0.6))
        self.setLineWidth(0.4)
        self.line(MARGIN, top - 1.5 * mm, w - MARGIN, top - 1.5 * mm)
        bottom = MARGIN - 6 * mm
        self.drawString(MARGIN, bottom, f"打印日期：{d.head.printed}")
        if d.head.user:
            self.drawRightString(w - MARGIN, bottom, f"打印人：{d.head.user}")
        if d.cut_line:
            top_y, bottom_y = _frame_box((w, h))
            mid = (top_y + bottom_y) / 2
            self.setDash(3, 3)
            self.line(MARGIN / 2, mid, w - MARGIN / 2, mid)
        self.restoreState()


def content_width(pagesize: tuple[float, float]) -> float:
    return pagesize[0] - 2 * MARGIN


def content_height(pagesize: tuple[float, float]) -> float:
    return pagesize[1] - 2 * MARGIN - HEADER_GAP


def _frame_box(pagesize: tuple[float, float]) -> tuple[float, float]:
    """Top and bottom of the content area."""
    return pagesize[1] - MARGIN - HEADER_GAP, MARGIN


def frames(pagesize: tuple[float, float], count: int = 1) -> list[Frame]:
    """One frame filling the page, or `count` stacked frames (two vouchers per A4)."""
    top, bottom = _frame_box(pagesize)
    height = (top - bottom) / count
    gap = 5 * mm
    return [
        Frame(
            MARGIN,
            top - (i + 1) * height,
            pagesize[0] - 2 * MARGIN,
            height,
            leftPadding=0,
            rightPadding=0,
            topPadding=gap / 2 if i > 0 else 0,
            bottomPadding=gap / 2 if i < count - 1 else 0,
            id=f"f{i}",
        )
        for i in range(count)
    ]


def build(
    fp: BinaryIO,
    story: list[Flowable],
    decor: PageDecor,
    *,
    pagesize: tuple[float, float] = PORTRAIT,
    per_page: int = 1,
) -> None:
    """Lay out `story` on A4 pages with the header and footer, writing the PDF to `fp`."""
    register_font()
    doc = BaseDocTemplate(
        fp,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_GAP,
        bottomMargin=MARGIN,
        title=f"{decor.title} {decor.subtitle}".strip(),
        author=decor.head.company,
        creator="propdesk",
        subject=decor.subtitle,
        initialFontName=FONT,
        initialFontSize=9,
    )
    doc.addPageTemplates([PageTemplate(id="main", frames=frames(pagesize, per_page))])
    doc.build(story, canvasmaker=partial(NumberedCanvas, decor=decor))


__all__ = [
    "FONT",
    "LANDSCAPE",
    "PORTRAIT",
    "SHADE",
    "NumberedCanvas",
    "PageDecor",
    "SealBox",
    "amount_text",
    "build",
    "content_height",
    "content_width",
    "fit_size",
    "font_path",
    "grid_table",
    "layout_table",
    "para",
    "register_font",
    "resource_dirs",
    "signature_block",
    "style",
    "text_width",
]
