"""Showing errors: user errors and environment failures as plain messages, bugs in a crash dialog.

`install_excepthook()` routes every uncaught exception (including those raised in slots) here;
`guarded` and `error_guard` do the same for code that wants to recover and carry on.
"""

from __future__ import annotations

import functools
import inspect
import logging
import platform
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any, TypeVar

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from propdesk.core.errors import EnvironmentFailure, UserError
from propdesk.ui.logs import recent_lines

log = logging.getLogger("propdesk.ui.errors")

F = TypeVar("F", bound=Callable[..., Any])


def is_expected(exc: BaseException) -> bool:
    """User errors and environment failures are explained, not reported as bugs."""
    return isinstance(exc, UserError | EnvironmentFailure)


def message_of(exc: BaseException) -> str:
    return getattr(exc, "message", None) or str(exc)


_batch = False
_batch_exit: Callable[[int], None] | None = None


def set_batch(on: bool, exit_fn: Callable[[int], None] | None = None) -> None:
    """Batch runs (screenshots, smoke tests) print errors and never wait for a click;
    a bug ends the run through `exit_fn(2)`."""
    global _batch, _batch_exit
    _batch, _batch_exit = on, exit_fn


def show_warning(parent: QWidget | None, text: str, title: str | None = None) -> None:
    if _batch:
        print(text, file=sys.stderr)
        return
    QMessageBox.warning(parent, title or "propdesk", text)


def crash_report(exc: BaseException, tb: TracebackType | None = None) -> str:
    from propdesk import __version__ as version

    lines = [
        f"propdesk {version} · Python {platform.python_version()} · PySide6 {pyside_version}"
        f" · {platform.platform()}",
        "",
        "".join(traceback.format_exception(type(exc), exc, tb or exc.__traceback__)).rstrip(),
        "",
        "-- log --",
        *recent_lines(50),
    ]
    return "\n".join(lines)


class CrashDialog(QDialog):
    """The one place bugs are shown: what happened, the report to copy, nothing to lose."""

    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setMinimumSize(640, 420)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.text = QPlainTextEdit(report)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy_report)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("propdesk: unexpected error"))
        self.intro.setText(
            self.tr(
                "Something went wrong that propdesk did not expect. Your book is safe: the action"
                " that failed was not saved. Please copy this report and send it to whoever looks"
                " after propdesk for you."
            )
        )
        self.copy_button.setText(self.tr("Copy report"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report)
        self.copy_button.setText(self.tr("Copied"))


_showing_crash = False


def show_crash(exc: BaseException, parent: QWidget | None = None) -> None:
    global _showing_crash
    if _showing_crash:  # an error while showing an error: the log has it, don't loop
        return
    if _batch:
        print(crash_report(exc), file=sys.stderr)
        (_batch_exit or QCoreApplication.exit)(2)
        return
    _showing_crash = True
    try:
        dialog = CrashDialog(crash_report(exc), parent or QApplication.activeWindow())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exec()
    finally:
        _showing_crash = False


def show_error(exc: BaseException, parent: QWidget | None = None) -> None:
    """A plain message for what the user can act on, the crash dialog for everything else."""
    if is_expected(exc):
        log.info("shown to the user: %s", message_of(exc))
        show_warning(parent, message_of(exc))
        return
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    show_crash(exc, parent)


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt) or QApplication.instance() is None:
        sys.__excepthook__(exc_type, exc, tb)
        return
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    show_error(exc)


def install_excepthook() -> None:
    sys.excepthook = excepthook


@contextmanager
def error_guard(parent: QWidget | None = None) -> Iterator[None]:
    """Run a block; show whatever it raises (see `show_error`) and carry on."""
    try:
        yield
    except Exception as exc:
        show_error(exc, parent)


def guarded(fn: F) -> F:
    """Decorate a slot: errors are shown instead of escaping into Qt.

    Signals may pass more arguments than the slot takes (``clicked(bool)``); extras are dropped.
    """
    params = inspect.signature(fn).parameters.values()
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        limit = None
    else:
        limit = sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        parent = args[0] if args and isinstance(args[0], QWidget) else None
        try:
            return fn(*(args if limit is None else args[:limit]), **kwargs)
        except Exception as exc:
            show_error(exc, parent)
            return None

    return wrapper  # type: ignore[return-value]
