"""One write of a dialog or wizard step: one transaction, a refusal shown on the page."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QWidget
from sqlalchemy.orm import Session

from propdesk.core.errors import UserError
from propdesk.db.store import Book
from propdesk.ui.errors import show_error
from propdesk.ui.signals import signals


def commit_step(
    widget: QWidget, book: Book, action: Callable[[Session], object], problem: QLabel
) -> bool:
    """Run `action` in one write transaction. A refusal (UserError) is shown in `problem` and
    the book is unchanged; anything else is a bug for the crash dialog. On success every page
    hears that the data changed. True when it went in."""
    try:
        with book.write() as s:
            action(s)
    except UserError as exc:
        problem.setText(exc.message)
        problem.setVisible(True)
        return False
    except Exception as exc:
        show_error(exc, widget)
        return False
    problem.setVisible(False)
    signals().data_changed.emit()
    return True
