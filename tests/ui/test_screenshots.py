"""Every page, tab and wizard step rendered offscreen on a small book with real data: a PNG
each, not blank, no replacement or box characters in what the widgets show, and no label or
button cut short by its layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QFontMetrics, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabBar,
    QWidget,
)
from sqlalchemy import func, select

from propdesk.core import i18n
from propdesk.db.models import Compound, Voucher
from propdesk.db.store import Book
from propdesk.ui.main_window import MainWindow
from propdesk.ui.pages import PAGES
from propdesk.ui.screenshots import SIZE, STEPS, WIZARDS, page_tabs, render_pages
from propdesk.ui.style import load_font
from tests.reports.test_pdf_allocation import fill_q1


@pytest.fixture(autouse=True)
def bundled_font(qapp: Any) -> None:
    """The app's font, as app.main loads it (else these tests pass only after test_app)."""
    load_font(qapp)


BAD = ("\ufffd", "□")  # what a missing glyph or a broken decode looks like
MIN_COLOURS = 12


def colours(path: Path) -> int:
    """Distinct colours on a sample grid of the image (a blank grab has one or two)."""
    img = QImage(str(path))
    assert not img.isNull(), path
    step = 7
    return len({img.pixel(x, y) for x in range(0, img.width(), step)
                for y in range(0, img.height(), step)})  # fmt: skip


def texts(root: QWidget) -> list[tuple[QWidget, str]]:
    """What the visible widgets under `root` show as text."""
    out: list[tuple[QWidget, str]] = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root):
            continue
        if isinstance(w, QLabel | QAbstractButton):
            out.append((w, w.text()))
        elif isinstance(w, QLineEdit):
            out += [(w, w.text()), (w, w.placeholderText())]
        elif isinstance(w, QComboBox):
            out.append((w, w.currentText()))
        elif isinstance(w, QTabBar):
            out += [(w, w.tabText(i)) for i in range(w.count())]
    return [(w, t) for w, t in out if t]


def unreadable(root: QWidget) -> list[str]:
    """Texts with a replacement or box character, or a character the widget's font (with
    its fallbacks) has no glyph for: it would be drawn as a box."""
    found: list[str] = []
    for w, text in texts(root):
        fm = QFontMetrics(w.font())
        bad = [c for c in text if c in BAD or (not c.isspace() and not fm.inFontUcs4(ord(c)))]
        if bad:
            found.append(f"{type(w).__name__} {text!r}: {''.join(bad)!r}")
    return found


def cut_short(root: QWidget) -> list[str]:
    """Visible one-line labels and push buttons narrower than their text needs."""
    found: list[str] = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or w.width() <= 0:
            continue
        if isinstance(w, QLabel):
            if w.wordWrap() or not w.text() or (w.pixmap() is not None and not w.pixmap().isNull()):
                continue
        elif not isinstance(w, QPushButton) or not w.text():
            continue
        need = w.sizeHint().width()
        if need > w.width() + 1:
            found.append(f"{type(w).__name__} {w.text()!r}: {w.width()} < {need}")
    return found


def test_every_page_tab_and_wizard_step_is_rendered_readably(
    opened: MainWindow, tmp_path: Path, dialogs: Any
) -> None:
    book = opened.book
    assert isinstance(book, Book)
    fill_q1(book)
    problems: list[str] = []

    def look(path: Path, widget: QWidget) -> None:
        problems.extend(f"{path.name}: {p}" for p in unreadable(widget) + cut_short(widget))

    before = counts(book)

    out = tmp_path / "shots"
    files = render_pages(opened, out, look=look)

    names = {f.relative_to(out).as_posix() for f in files}
    for n, spec in enumerate(PAGES, start=1):
        assert f"zh_CN-{n:02d}-{spec.key}.png" in names
        tabs = page_tabs(opened.pages[spec.key])
        for t in range(tabs.count() if tabs is not None else 0):
            assert f"{STEPS}/zh_CN-{n:02d}-{spec.key}-{t + 1}.png" in names
    shown = {name.split("-")[2] for name in names if name.startswith(f"{STEPS}/zh_CN-w")}
    assert (
        {"vote", "allocation", "roster", "compound"}
        <= shown
        <= {name.split("-")[0] for name, _ in WIZARDS}
    )
    assert len(files) > len(PAGES) + 10
    blank = [f.name for f in files if colours(f) <= MIN_COLOURS]
    assert not blank
    assert not problems, "\n".join(problems)
    # the wizards ran on a copy (a roster imported, an allocation approved): not in this book
    assert counts(book) == before
    assert not dialogs.warnings
    # in English too, every page fits the screen it is shot for (a wide bar of buttons once
    # made the ledger page 1442 pixels wide) and nothing is cut short or unreadable
    opened.set_language(i18n.EN)
    english = render_pages(opened, tmp_path / "en", steps=False, look=look)
    assert [f.name for f in english][:2] == ["en-01-overview.png", "en-02-compounds.png"]
    wrong = {f.name: QImage(str(f)).size().toTuple() for f in files + english
             if f.parent.name != STEPS and QImage(str(f)).size() != SIZE}  # fmt: skip
    assert not wrong
    assert not problems, "\n".join(problems)


def counts(book: Book) -> tuple[int, int]:
    with book.read() as s:
        return (s.scalar(select(func.count()).select_from(Voucher)) or 0,
                s.scalar(select(func.count()).select_from(Compound)) or 0)  # fmt: skip


def test_the_checks_find_boxes_and_cut_short_buttons(qtbot: Any) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    label = QLabel("小区\ufffd", root)
    button = QPushButton("打印表决结果公告", root)
    button.setGeometry(0, 30, 20, 24)
    root.resize(300, 100)
    root.show()
    assert len(unreadable(root)) == 1 and "\ufffd" in unreadable(root)[0]
    assert [p.split(":")[0] for p in cut_short(root)] == ["QPushButton '打印表决结果公告'"]
    label.setText("小区")
    button.setFixedWidth(button.sizeHint().width())
    assert unreadable(root) == [] and cut_short(root) == []
