"""Rendering every page of the open book to PNG files (documentation, visual checks)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from propdesk.ui.language import current
from propdesk.ui.main_window import MainWindow
from propdesk.ui.pages import PAGES

SIZE = QSize(1366, 768)


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def render_pages(window: MainWindow, out_dir: Path, size: QSize = SIZE) -> list[Path]:
    """Show each page at `size` and save it as <lang>-<nn>-<key>.png; returns the files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    window.resize(size)
    window.show()
    _settle()
    written: list[Path] = []
    lang = current()
    if window.book is None:
        path = out_dir / f"{lang}-00-welcome.png"
        window.grab().save(str(path))
        return [path]
    for n, spec in enumerate(PAGES, start=1):
        window.show_page(spec.key)
        page = window.pages[spec.key]
        prepare = getattr(page, "prepare_screenshot", None)
        if prepare is not None:  # e.g. the counter picks a household that owes something
            prepare()
        _settle()
        path = out_dir / f"{lang}-{n:02d}-{spec.key}.png"
        if not window.grab().save(str(path)):
            raise OSError(f"could not write {path}")
        written.append(path)
    return written
