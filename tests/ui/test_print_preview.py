"""The print preview: loads PDFs, saves identical copies, prints pages through QPrinter."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from propdesk.ui.print_preview import PrintPreviewDialog, export_file

from .conftest import wait_op


def make_pdf(pages: int) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for n in range(1, pages + 1):
        c.drawString(72, 760, f"propdesk test page {n}")
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture
def pdf() -> bytes:
    return make_pdf(3)


def test_loads_bytes_and_files(qtbot: Any, pdf: bytes, tmp_path: Path) -> None:
    dlg = PrintPreviewDialog(pdf, title="收据", suggested_name="receipts.pdf")
    qtbot.addWidget(dlg)
    assert dlg.page_count() == 3
    assert dlg.page_label.text() == "第 1 页，共 3 页"
    assert dlg.windowTitle() == "打印预览 — 收据"
    path = tmp_path / "one.pdf"
    path.write_bytes(make_pdf(1))
    dlg2 = PrintPreviewDialog(path)
    qtbot.addWidget(dlg2)
    assert dlg2.page_count() == 1


def test_refuses_what_is_not_a_pdf(qtbot: Any) -> None:
    with pytest.raises(OSError, match="not a readable PDF"):
        PrintPreviewDialog(b"not a pdf at all")


def test_save_as_writes_identical_bytes(qtbot: Any, pdf: bytes, tmp_path: Path) -> None:
    dlg = PrintPreviewDialog(pdf)
    qtbot.addWidget(dlg)
    target = tmp_path / "copy.pdf"
    wait_op(qtbot, dlg.save_as(target))
    assert target.read_bytes() == pdf
    assert [p.name for p in tmp_path.iterdir()] == ["copy.pdf"]  # no temporary left


def test_zoom(qtbot: Any, pdf: bytes) -> None:
    dlg = PrintPreviewDialog(pdf)
    qtbot.addWidget(dlg)
    dlg.view.setZoomFactor(1.0)
    dlg.zoom_in()
    assert dlg.view.zoomFactor() == pytest.approx(1.25)
    dlg.zoom_out()
    assert dlg.view.zoomFactor() == pytest.approx(1.0)
    dlg.fit_page()
    assert dlg.view.zoomMode() == dlg.view.ZoomMode.FitInView


@pytest.mark.parametrize(("page_range", "expected"), [(None, 3), ((2, 3), 2)])
def test_print_to_a_pdf_printer(
    qtbot: Any, pdf: bytes, tmp_path: Path, page_range: tuple[int, int] | None, expected: int
) -> None:
    dlg = PrintPreviewDialog(pdf)
    qtbot.addWidget(dlg)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    if page_range is not None:
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(*page_range)
    assert dlg.print_to(printer) == expected
    assert len(PdfReader(out).pages) == expected


def test_export_file_writes_in_the_background(qtbot: Any, tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    seen: list[int] = []

    def make(progress: Any) -> bytes:
        progress.report(1, 1, "rendering")
        seen.append(1)
        return make_pdf(2)

    wait_op(qtbot, export_file(None, "Export", "report.pdf", make, path=target))
    assert seen == [1]
    assert len(PdfReader(target).pages) == 2
