"""What every page is given (`PageContext`) and the `Page` base: refresh when data changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from propdesk.db.store import Book
from propdesk.ui.settings_store import AppSettings
from propdesk.ui.signals import signals


@dataclass(frozen=True, slots=True)
class PageContext:
    """What a page may use: the open book, the program's settings, and a few window services."""

    book: Book
    settings: AppSettings
    window: QWidget
    set_language: Callable[[str], None]


class Page(QWidget):
    """A page of the main window.

    Subclasses build widgets in `__init__`, fill them in `refresh()` and set their texts in
    `retranslate()`. A page that is not visible when the book's data changes refreshes the
    next time it is shown, so a write never reloads a dozen hidden tables.
    """

    printable = False  # True when `print_document` makes something to print (Ctrl+P)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        self._closed = False  # its book closed; the widget awaits deletion
        signals().data_changed.connect(self._on_data_changed)

    @property
    def book(self) -> Book:
        return self.ctx.book

    def refresh(self) -> None:
        """Read the book again and show what is there now."""

    def retranslate(self) -> None:
        """Set every text again (called on language change)."""

    def print_document(self) -> None:
        """Open the print preview for what the page shows (only when `printable`)."""

    def close_page(self) -> None:
        """Release what the page holds on the book (before the book closes)."""
        self._closed = True
        signals().data_changed.disconnect(self._on_data_changed)

    def _on_data_changed(self) -> None:
        if self.isVisible():
            self.refresh()
            self._stale = False
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and not self._closed:
            self._stale = False
            self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        # a closed page still gets the event until Qt deletes it, and must not read the book
        if event.type() == QEvent.Type.LanguageChange and not self._closed:
            self.retranslate()
        super().changeEvent(event)
