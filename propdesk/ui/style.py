"""The application's look: Fusion style, the bundled CJK font, and a small style sheet."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from propdesk.ui.resources import resource_path

log = logging.getLogger("propdesk.ui")

FONT_FILE = ("fonts", "wqy-microhei.ttc")

STYLE_SHEET = """
QLabel#pageTitle { font-size: 20px; font-weight: bold; padding: 4px 0 6px 0; }
QLabel#muted { color: #666666; }
QLabel#errorText { color: #c62828; }
QLabel#placeholderNotice { font-size: 15px; color: #8a6d00; }
QFrame#statCard { background: #ffffff; border: 1px solid #d9dde3; border-radius: 6px; }
QLabel#statCaption { color: #666666; }
QLabel#statValue { font-size: 22px; font-weight: bold; color: #1f3a5f; }
QListWidget#nav { border: none; background: #f3f5f8; outline: 0; }
QListWidget#nav::item { padding: 7px 8px; border-radius: 4px; color: #1d232b; }
QListWidget#nav::item:selected { background: #d6e4f5; color: #0b3d75; }
QListWidget#nav::item:hover:!selected { background: #e7ecf2; }
QWidget#welcome QPushButton { padding: 10px 18px; font-size: 14px; }
"""


def load_font(app: QApplication) -> str | None:
    """Load the bundled WenQuanYi Micro Hei and make it the application font (CJK everywhere)."""
    path = resource_path(*FONT_FILE)
    font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        log.warning("could not load the bundled font %s", path)
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        return None
    family = families[0]
    font = QFont(app.font())
    # The bundled font first, so Chinese never falls back to empty boxes on bare machines.
    font.setFamilies([family, *font.families()])
    font.setPointSize(max(font.pointSize(), 10))
    app.setFont(font)
    return family


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    load_font(app)
    app.setStyleSheet(STYLE_SHEET)
