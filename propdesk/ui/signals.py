"""The application-wide signals pages listen to: the book's data changed, another book opened."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppSignals(QObject):
    data_changed = Signal()  # something was written to the open book: visible pages refresh
    book_changed = Signal()  # another book was opened, or the book was closed


_instance: AppSignals | None = None


def signals() -> AppSignals:
    """The one instance, created on first use (in the GUI thread)."""
    global _instance
    if _instance is None:
        _instance = AppSignals()
    return _instance
