"""Helpers for the desk page tests: typing Chinese as an input method commits it, finding rows."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from propdesk.ui.widgets.table import ROW_ROLE, TableView


def ime_type(widget: QWidget, text: str) -> None:
    """Type `text` the way a Chinese input method delivers it: one committed string.

    (QTest.keyClicks can only send characters that have a key code.)"""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def shown_rows(view: TableView) -> list[Any]:
    """The row objects the view shows, in its (sorted, filtered) order."""
    return [view.proxy.index(r, 0).data(ROW_ROLE) for r in range(view.proxy.rowCount())]


def cell(view: TableView, row: int, key: str) -> str:
    """The text shown in a visible row and column (by column key)."""
    return view.proxy.index(row, view.model.column_index(key)).data()
