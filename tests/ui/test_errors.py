"""Errors: plain messages for user and environment errors, the crash dialog for bugs, the log."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from propdesk.core.errors import BookLocked, UserError
from propdesk.core.i18n import bilingual
from propdesk.core.messages import M
from propdesk.ui import errors, logs

from .conftest import Dialogs


def test_user_error_is_a_plain_message(dialogs: Dialogs) -> None:
    errors.show_error(UserError(bilingual("请先结账 {p}", "close {p} first"), p="2026-02"))
    assert dialogs.warnings == ["请先结账 2026-02"]


def test_environment_failure_is_a_plain_message(dialogs: Dialogs) -> None:
    errors.show_error(BookLocked(M.book_locked, path="/x/book.propdesk"))
    assert dialogs.warnings == ["账套正被其他程序占用，请稍后再试：/x/book.propdesk"]


def test_unexpected_exception_opens_the_crash_dialog(qtbot: Any, dialogs: Dialogs) -> None:
    logging.getLogger("propdesk.ui.test").warning("a line before the crash")
    logs.install_recent_handler()
    logging.getLogger("propdesk.ui.test").warning("the last line before the crash")
    try:
        {}["missing"]
    except KeyError as exc:
        errors.show_error(exc)
    assert len(dialogs.crashes) == 1
    dialog = dialogs.crashes.pop()
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    assert "Traceback" in text and "KeyError: 'missing'" in text
    assert "test_unexpected_exception_opens_the_crash_dialog" in text
    assert "the last line before the crash" in text
    assert dialog.text.isReadOnly()
    assert dialog.copy_button.text() == "复制报告"
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == dialog.report
    assert dialog.copy_button.text() == "已复制"


def test_excepthook_routes_to_the_dialogs(
    dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    errors.install_excepthook()
    assert sys.excepthook is errors.excepthook
    try:
        raise RuntimeError("bug")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert "RuntimeError: bug" in dialogs.crashes.pop().report


def test_guarded_slot_shows_errors_and_drops_extra_signal_args(
    qtbot: Any, dialogs: Dialogs
) -> None:
    class W(QWidget):
        @errors.guarded
        def act(self) -> None:
            raise UserError(bilingual("不行", "no"))

    w = W()
    qtbot.addWidget(w)
    assert w.act(True) is None  # clicked(bool) passes a flag the slot does not take
    assert dialogs.warnings == ["不行"]
    with errors.error_guard(w):
        raise UserError(bilingual("也不行", "no either"))
    assert dialogs.warnings[-1] == "也不行"


def test_rotating_log_file(tmp_path: Path) -> None:
    path = logs.setup_logging(tmp_path / "logs")
    try:
        logging.getLogger("propdesk.ui.books").info("opened 账套")
        handler = next(
            h
            for h in logging.getLogger("propdesk").handlers
            if isinstance(h, logging.handlers.RotatingFileHandler)
        )
        handler.flush()
        assert "propdesk.ui.books: opened 账套" in path.read_text(encoding="utf-8")
        assert handler.maxBytes == 1_000_000 and handler.backupCount == 5
        assert logs.recent_lines(1)[0].endswith("opened 账套")
    finally:
        logs.shutdown_logging()
