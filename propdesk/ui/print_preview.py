"""The one print preview: shows a PDF (bytes or file), prints it, sets up the page, saves a copy.

Every document (receipts, statements, notices, reports) is made as a PDF and shown here;
`export_file` is the common "ask where, then write it in the background" helper for exports.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPageSetupDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from propdesk.core.progress import Progress
from propdesk.ui.book_files import documents_dir
from propdesk.ui.errors import show_error
from propdesk.ui.ops import Op

log = logging.getLogger("propdesk.ui.print")

PDF_FILTER = "PDF (*.pdf)"
ZOOM_STEP = 1.25


def ask_save_path(
    parent: QWidget | None,
    title: str,
    suggested_name: str,
    file_filter: str = PDF_FILTER,
    directory: Path | None = None,
) -> Path | None:
    """Ask where to save; None if the user cancelled. Adds the filter's suffix if missing."""
    start = str((directory or documents_dir()) / suggested_name)
    name, _ = QFileDialog.getSaveFileName(parent, title, start, file_filter)
    if not name:
        return None
    path = Path(name)
    suffix = Path(suggested_name).suffix
    if suffix and not path.suffix:
        path = path.with_suffix(suffix)
    return path


def write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target and rename, so a failure never leaves half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_file(
    parent: QWidget | None,
    title: str,
    suggested_name: str,
    make: Callable[[Progress], bytes],
    file_filter: str = PDF_FILTER,
    path: Path | None = None,
) -> Op[Path] | None:
    """Ask for a file name (unless given), then make the bytes and write them in the background."""
    target = path or ask_save_path(parent, title, suggested_name, file_filter)
    if target is None:
        return None

    def work(progress: Progress) -> Path:
        data = make(progress)
        progress.check()
        write_atomically(target, data)
        return target

    return Op(parent, work, title=title, changes_data=False).run()


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Render the document's pages (or the printer's page range) into `printer`; pages printed."""
    count = document.pageCount()
    first, last = 1, count
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = max(1, printer.fromPage()), min(count, printer.toPage() or count)
    dpi = min(printer.resolution(), 300)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be opened")
    printed = 0
    try:
        for number in range(first, last + 1):
            if printed:
                printer.newPage()
            page = number - 1
            size_pt = document.pagePointSize(page)
            px = QSize(round(size_pt.width() * dpi / 72), round(size_pt.height() * dpi / 72))
            image = document.render(page, px)
            target = painter.viewport()
            scaled = px.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.x(), target.y(), scaled.width(), scaled.height()), image)
            printed += 1
    finally:
        painter.end()
    return printed


class PrintPreviewDialog(QDialog):
    """Preview of a PDF with Print, Page setup, Save as and zoom."""

    def __init__(
        self,
        pdf: bytes | os.PathLike[str] | str,
        *,
        title: str = "",
        suggested_name: str = "document.pdf",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.doc_title = title
        self.suggested_name = suggested_name
        if isinstance(pdf, bytes | bytearray):
            self.data = bytes(pdf)
        else:
            self.data = Path(pdf).read_bytes()
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setDocName(title or suggested_name)

        self._bytes = QByteArray(self.data)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        if self.document.status() == QPdfDocument.Status.Error:
            raise OSError(f"not a readable PDF ({self.document.error().name})")

        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)

        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.act_print = self._action(QKeySequence.StandardKey.Print, self.print_)
        self.act_setup = self._action(None, self.page_setup)
        self.act_save = self._action(QKeySequence.StandardKey.Save, self.save_as)
        self.toolbar.addSeparator()
        self.act_zoom_in = self._action(QKeySequence.StandardKey.ZoomIn, self.zoom_in)
        self.act_zoom_out = self._action(QKeySequence.StandardKey.ZoomOut, self.zoom_out)
        self.act_fit_width = self._action(None, self.fit_width)
        self.act_fit_page = self._action(None, self.fit_page)
        self.toolbar.addSeparator()
        self.page_label = QLabel()
        self.toolbar.addWidget(self.page_label)
        self.view.pageNavigator().currentPageChanged.connect(self._update_page_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view, 1)
        screen = QGuiApplication.primaryScreen().availableGeometry()
        self.resize(min(900, screen.width() - 80), min(1000, screen.height() - 80))
        self.retranslate()

    def _action(self, key: QKeySequence.StandardKey | None, slot: Callable[[], object]) -> QAction:
        act = QAction(self)
        if key is not None:
            act.setShortcut(QKeySequence(key))
        act.triggered.connect(slot)
        self.toolbar.addAction(act)
        return act

    def page_count(self) -> int:
        return self.document.pageCount()

    # -- actions ---------------------------------------------------------------------------
    def print_(self) -> None:
        dlg = QPrintDialog(self.printer, self)
        dlg.setMinMax(1, self.page_count())
        dlg.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.print_to(self.printer)

    def print_to(self, printer: QPrinter) -> int:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return print_document(self.document, printer)
        except Exception as exc:
            show_error(exc, self)
            return 0
        finally:
            QGuiApplication.restoreOverrideCursor()

    def page_setup(self) -> None:
        QPageSetupDialog(self.printer, self).exec()

    def save_as(self, path: Path | None = None) -> Op[Path] | None:
        data = self.data
        return export_file(
            self, self.tr("Save as PDF"), self.suggested_name, lambda _p: data, path=path
        )

    def zoom_in(self) -> None:
        self._zoom(self.view.zoomFactor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom(self.view.zoomFactor() / ZOOM_STEP)

    def _zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.1, min(factor, 8.0)))

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def fit_page(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)

    def go_to_page(self, page: int) -> None:
        self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())

    # -- texts -----------------------------------------------------------------------------
    def _update_page_label(self, *_: object) -> None:
        current = self.view.pageNavigator().currentPage() + 1
        self.page_label.setText(
            self.tr("Page %1 of %2")
            .replace("%1", str(current))
            .replace("%2", str(self.page_count()))
        )

    def retranslate(self) -> None:
        self.setWindowTitle(
            self.tr("Print preview") + (f" — {self.doc_title}" if self.doc_title else "")
        )
        self.act_print.setText(self.tr("Print…"))
        self.act_setup.setText(self.tr("Page setup…"))
        self.act_save.setText(self.tr("Save as…"))
        self.act_zoom_in.setText(self.tr("Zoom in"))
        self.act_zoom_out.setText(self.tr("Zoom out"))
        self.act_fit_width.setText(self.tr("Fit width"))
        self.act_fit_page.setText(self.tr("Whole page"))
        self._update_page_label()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def show_print_preview(
    pdf: bytes | os.PathLike[str] | str,
    *,
    title: str = "",
    suggested_name: str = "document.pdf",
    parent: QWidget | None = None,
) -> PrintPreviewDialog:
    dlg = PrintPreviewDialog(pdf, title=title, suggested_name=suggested_name, parent=parent)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.open()
    return dlg
