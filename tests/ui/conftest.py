"""UI test fixtures: isolated settings and user folders, a main window on a temp book, dialogs captured."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from propdesk.core import i18n
from propdesk.db.store import Book
from propdesk.ui import errors, language
from propdesk.ui.main_window import MainWindow
from propdesk.ui.settings_store import AppSettings
from propdesk.ui.style import apply_style


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform cannot resize windows to size hints and says so as a Qt
    # warning; it is about the test platform, not our code.
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(
                pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
            )


@dataclass
class Dialogs:
    """What would have been shown to the user (message boxes, crash dialogs)."""

    warnings: list[str] = field(default_factory=list)
    crashes: list[Any] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    answer: QMessageBox.StandardButton = QMessageBox.StandardButton.Yes


@pytest.fixture(scope="session", autouse=True)
def _styled(qapp: Any) -> None:
    """The application as the app's main() makes it: Fusion style, the bundled font, the style
    sheet. Without it a test's renders depend on which earlier test loaded the font (a machine
    with no CJK system font shows boxes)."""
    apply_style(qapp)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: Any) -> Iterator[None]:
    """Never touch the real QSettings, user data folder or log folder; Chinese by default."""
    home = tmp_path / "home"
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                     ("XDG_STATE_HOME", "state"), ("XDG_CACHE_HOME", "cache")):  # fmt: skip
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(home / "qsettings"))
    language.apply_language(i18n.ZH)
    yield
    language.apply_language(i18n.ZH)


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[Dialogs]:
    """Capture message boxes and crash dialogs; an unexpected crash dialog fails the test."""
    seen = Dialogs()

    def warning(_parent: Any, _title: str, text: str, *a: Any, **k: Any) -> Any:
        seen.warnings.append(text)
        return QMessageBox.StandardButton.Ok

    def question(_parent: Any, _title: str, text: str, *a: Any, **k: Any) -> Any:
        seen.questions.append(text)
        return seen.answer

    def crash_exec(dialog: errors.CrashDialog) -> int:
        seen.crashes.append(dialog)
        return 0

    monkeypatch.setattr(QMessageBox, "warning", warning)
    monkeypatch.setattr(QMessageBox, "critical", warning)
    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(errors.CrashDialog, "exec", crash_exec)
    yield seen
    assert not seen.crashes, [d.report for d in seen.crashes]


@pytest.fixture
def app_settings(tmp_path: Path) -> AppSettings:
    return AppSettings.at(tmp_path / "app.ini")


@pytest.fixture
def window(qtbot: Any, app_settings: AppSettings) -> Iterator[MainWindow]:
    win = MainWindow(app_settings)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close_book()


def wait_op(qtbot: Any, op: Any, timeout: int = 10_000) -> None:
    """Wait for a background operation (and its callbacks) to finish."""
    assert op is not None
    if op.outcome is None:
        with qtbot.waitSignal(op.signals.finished, timeout=timeout):
            pass


def book_target(book: Book) -> Path | str:
    """What the window opens a book by: its file, or the URL of a server book."""
    return book.path if book.path is not None else book.url


def open_in(qtbot: Any, win: MainWindow, target: Path | str) -> Book | None:
    wait_op(qtbot, win.open_book(target))
    return win.book


@pytest.fixture
def opened(qtbot: Any, window: MainWindow, book: Book) -> MainWindow:
    """The window with the test book open (the fixture's own handle is closed first): its file,
    or its URL when the test books are on a PostgreSQL server (PROPDESK_TEST_PG)."""
    target = book_target(book)
    book.close()
    assert open_in(qtbot, window, target) is not None
    return window
