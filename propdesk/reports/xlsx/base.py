"""Excel groundwork: a titled, typed table written row by row into a write-only worksheet.

Every export streams (openpyxl write-only mode), so the same code serves a 20-row balance sheet
and a million-row journal. Consequences of streaming, handled here: column widths, frozen panes
and page setup are fixed before the first row (widths come from the headers plus a sample of
rows); the autofilter range is set once the last row is known.

Money is written as `Decimal` (an exact number, never a float computed from fen) with the
format `#,##0.00`. Text that Excel would take for a formula (starting with = + - @) is written
as a string cell with a quote prefix, so opening the file never evaluates it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from propdesk.core.money import fen_to_decimal, format_amount
from propdesk.reports.common import UNIT_YUAN, Letterhead

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
FORMULA_STARTS = ("=", "+", "-", "@")
MAX_WIDTH = 60
MONEY_MIN_WIDTH = 14  # 99,999,999.99 and a little air

TEXT, MONEY, DATE, CODE, INT = "text", "money", "date", "code", "int"

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_SUBTITLE = Font(bold=True, size=12)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_HEADER_FILL = PatternFill("solid", fgColor="E8E8E8")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_THIN = Side(style="thin", color="999999")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_NO_STYLE = (None, None, None, None, None)


def display_width(text: str) -> int:
    """Columns a text needs: CJK (wide and full-width) characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def safe_text(value: str) -> str:
    """Drop the control characters an .xlsx cannot hold."""
    if value.isprintable():  # no control character at all (a fifth of the regex's time)
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def new_workbook(head: Letterhead, title: str) -> Workbook:
    wb = Workbook(write_only=True)
    wb.properties.creator = "propdesk"
    wb.properties.title = title
    wb.properties.subject = head.company
    return wb


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    kind: str = TEXT
    min_width: int = 6


def _sample_text(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == MONEY and isinstance(value, int):
        return format_amount(value, symbol=False)
    if isinstance(value, date | datetime):
        return "2026-01-01"
    return str(value)


class TableSheet:
    """One worksheet: title block (company, report, period, printed at), header rows, a body of
    typed rows, optional total rows; frozen below the header, autofilter over the table."""

    def __init__(
        self,
        wb: Workbook,
        name: str,
        columns: Sequence[Column],
        *,
        head: Letterhead,
        report: str,
        period: str,
        sample: Iterable[Sequence[Any]] = (),
        header_rows: Sequence[Sequence[str | None]] | None = None,
        header_merges: Sequence[tuple[int, int, int, int]] = (),
        form: str = "",
        landscape: bool | None = None,
        freeze_col: int = 1,
    ) -> None:
        self.ws: WriteOnlyWorksheet = wb.create_sheet(safe_sheet_name(name))
        # openpyxl's write-only append first tries every value as a plain value and takes a
        # ready cell (our styled money and date cells) only from the ValueError that raises,
        # 3.7 µs each with the cell's repr formatted into the message: 8 % of a journal
        # export. Its sheet turns appended rows into cells through this one method.
        self.ws._values_to_row = self._values_to_row  # type: ignore[method-assign]
        self.columns = list(columns)
        self._styles: dict[tuple[Any, ...], Any] = {}
        self._reuse: list[Cell | None] | None = None  # see _plain
        ncol = len(self.columns)
        self.last_col = get_column_letter(ncol)
        headers = [list(r) for r in header_rows] if header_rows else [[c.header for c in columns]]
        self._set_widths(headers, sample)
        title_rows = 4
        self.header_first = title_rows + 1
        self.header_last = title_rows + len(headers)
        ws = self.ws
        ws.freeze_panes = f"{get_column_letter(freeze_col)}{self.header_last + 1}"
        ws.print_title_rows = f"{self.header_first}:{self.header_last}"
        ws.page_setup.paperSize = "9"  # A4
        wide = sum(ws.column_dimensions[get_column_letter(i + 1)].width for i in range(ncol)) > 100
        ws.page_setup.orientation = (
            "landscape" if (landscape if landscape is not None else wide) else "portrait"
        )
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0

        # title block: company / report (form) / period · 单位：元 / 打印时间
        self.row = 0
        self._title_row(head.company, _TITLE)
        self._title_row(f"{report}（{form}）" if form else report, _SUBTITLE)
        info: list[Any] = [self._styled(period, font=_BOLD)]
        if ncol > 1:
            right = Alignment(horizontal="right")
            info += [None] * (ncol - 2) + [self._styled(UNIT_YUAN, align=right)]
        self._put(info)
        self._put([self._styled(f"打印时间：{head.printed}  打印人：{head.user}")])
        for values in headers:
            self._put([self._header(v) for v in values])
        for r0, c0, r1, c1 in header_merges:
            ws.merged_cells.add(
                f"{get_column_letter(c0 + 1)}{self.header_first + r0}:"
                f"{get_column_letter(c1 + 1)}{self.header_first + r1}"
            )
        assert self.row == self.header_last

    # -- setup ---------------------------------------------------------------------------
    def _set_widths(self, headers: list[list[str | None]], sample: Iterable[Sequence[Any]]) -> None:
        widths = [max(c.min_width, MONEY_MIN_WIDTH if c.kind == MONEY else 0) for c in self.columns]
        last_header = headers[-1]
        for i, h in enumerate(last_header):
            widths[i] = max(widths[i], display_width(h or "") + 2)
        for row in sample:
            for i, (value, col) in enumerate(zip(row, self.columns, strict=False)):
                text = _sample_text(value, col.kind)
                widths[i] = max(widths[i], display_width(text) + 2)
        for i, w in enumerate(widths):
            self.ws.column_dimensions[get_column_letter(i + 1)].width = min(w, MAX_WIDTH)

    def _title_row(self, text: str, font: Font) -> None:
        self._put([self._styled(text, font=font, align=Alignment(horizontal="center"))])
        if len(self.columns) > 1:
            self.ws.merged_cells.add(f"A{self.row}:{self.last_col}{self.row}")

    def _put(self, cells: list[Any]) -> None:
        self.ws.append(cells)
        self.row += 1

    # -- cells ---------------------------------------------------------------------------
    def _styled(
        self,
        value: Any,
        *,
        font: Font | None = None,
        align: Alignment | None = None,
        fill: PatternFill | None = None,
        border: Border | None = None,
        number_format: str | None = None,
    ) -> Cell:
        if isinstance(value, str):
            cell = self.text(value)
            if not isinstance(cell, Cell):
                cell = WriteOnlyCell(self.ws, cell)
        else:
            cell = WriteOnlyCell(self.ws, value)
        key = (font, align, fill, border, number_format)
        if key == _NO_STYLE:
            return cell
        # Setting font, number format … one by one looks each up in the workbook for every
        # cell; a million-row export styles two cells a row, so copy a prepared style instead.
        style = self._styles.get(key)
        if style is None:
            proto = WriteOnlyCell(self.ws)
            if font is not None:
                proto.font = font
            if align is not None:
                proto.alignment = align
            if fill is not None:
                proto.fill = fill
            if border is not None:
                proto.border = border
            if number_format is not None:
                proto.number_format = number_format
            style = self._styles[key] = proto._style
        quoted = cell.quotePrefix
        cell._style = copy(style)
        if quoted:
            cell.quotePrefix = True
        return cell

    def _header(self, value: str | None) -> Cell:
        return self._styled(value or "", font=_BOLD, align=_CENTER, fill=_HEADER_FILL, border=_BOX)

    def text(self, value: str) -> str | Cell:
        """A string as a string: never a formula, never a control character."""
        value = safe_text(value)
        if value.startswith(FORMULA_STARTS):
            cell = WriteOnlyCell(self.ws, value)
            cell.data_type = "s"
            cell.quotePrefix = True
            return cell
        return value

    def money(self, fen: int | None, **style: Any) -> Cell | None:
        if fen is None:
            return None
        return self._styled(fen_to_decimal(fen), number_format=MONEY_FORMAT, **style)

    def value(self, value: Any, kind: str, **style: Any) -> Any:
        """The cell for `value` in a column of `kind`."""
        if value is None:
            return None
        if kind == MONEY:
            return self.money(value, **style)
        if kind == DATE:
            return self._styled(value, number_format=DATE_FORMAT, **style)
        if isinstance(value, str):
            return self._styled(value, **style) if style else self.text(value)
        return self._styled(value, **style) if style else value

    # -- rows ----------------------------------------------------------------------------
    def append(self, values: Sequence[Any], *, indent: int = 0, bold: bool = False) -> None:
        """A body row; `indent` indents the first text column (account levels)."""
        if not indent and not bold:
            self._put(self._plain(values))
            return
        cells = []
        first_text = self._first_text()
        for i, (v, col) in enumerate(zip(values, self.columns, strict=False)):
            style: dict[str, Any] = {}
            if bold and v is not None:
                style["font"] = _BOLD
            if indent and i == first_text:
                style["align"] = Alignment(indent=indent)
            cells.append(v if isinstance(v, Cell) else self.value(v, col.kind, **style))
        self._put(cells)

    def _values_to_row(self, values: Iterable[Any], row_idx: int) -> Iterator[Cell]:
        """What WriteOnlyWorksheet._values_to_row yields, ready cells passed as they are."""
        plain = WriteOnlyCell(self.ws)
        for col_idx, value in enumerate(values, 1):
            if value is None:
                continue
            if isinstance(value, Cell):
                cell = value
            else:
                plain.value = value
                cell = plain
            cell.column = col_idx
            cell.row = row_idx
            yield cell
            if cell is plain and plain.has_style:  # a date picked up a number format
                plain = WriteOnlyCell(self.ws)

    def _plain(self, values: Sequence[Any]) -> list[Any]:
        """An unstyled body row. Money and date cells carry a number format; rather than a new
        cell with a copied style for each (a third of a million-row export's own time), each
        column reuses one cell: write-only openpyxl writes a row out before `append` returns."""
        reuse = self._reuse
        if reuse is None:
            reuse = self._reuse = [
                self._styled(None, number_format=MONEY_FORMAT) if c.kind == MONEY
                else self._styled(None, number_format=DATE_FORMAT) if c.kind == DATE
                else None
                for c in self.columns
            ]  # fmt: skip
        cells: list[Any] = []
        for v, col, cell in zip(values, self.columns, reuse, strict=False):
            if v is None or isinstance(v, Cell):
                cells.append(v)
            elif cell is not None and (
                type(v) is int if col.kind == MONEY else isinstance(v, date)
            ):
                cell.value = fen_to_decimal(v) if col.kind == MONEY else v
                cells.append(cell)
            else:
                cells.append(self.value(v, col.kind))
        return cells

    def cell(self, value: Any, kind: str = TEXT, *, indent: int = 0, bold: bool = False) -> Any:
        """One cell for a row passed to `append` (for rows with more than one indented text)."""
        style: dict[str, Any] = {}
        if bold and value is not None:
            style["font"] = _BOLD
        if indent:
            style["align"] = Alignment(indent=indent)
        return self.value(value, kind, **style)

    def append_total(self, values: Sequence[Any]) -> None:
        """A 合计 row: bold, shaded."""
        cells = [
            self.value(v, col.kind, font=_BOLD, fill=_TOTAL_FILL)
            if v is not None
            else self._styled("", fill=_TOTAL_FILL)
            for v, col in zip(values, self.columns, strict=False)
        ]
        self._put(cells)

    def append_heading(self, text: str) -> None:
        """A section line inside the table (e.g. one account's block)."""
        self._put([self._styled(text, font=_BOLD)])

    def _first_text(self) -> int:
        for i, c in enumerate(self.columns):
            if c.kind == TEXT:
                return i
        return -1

    def finish(self) -> None:
        """Autofilter over the last header row and the body."""
        self.ws.auto_filter.ref = (
            f"A{self.header_last}:{self.last_col}{max(self.row, self.header_last)}"
        )


def safe_sheet_name(name: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    for ch in "[]:*?/\\":
        name = name.replace(ch, "_")
    return name[:31] or "Sheet"


def discard(wb: Workbook) -> None:
    """Drop a half-written write-only workbook (cancelled export): remove its temp files."""
    for ws in wb.worksheets:
        try:
            if not ws.closed:
                ws.close()
            if ws._writer is not None:
                ws._writer.cleanup()
        except Exception:
            pass


__all__ = [
    "CODE",
    "DATE",
    "INT",
    "MONEY",
    "MONEY_FORMAT",
    "TEXT",
    "Column",
    "TableSheet",
    "discard",
    "display_width",
    "new_workbook",
    "safe_sheet_name",
    "safe_text",
]
