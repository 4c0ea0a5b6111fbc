"""Closing a book the app wrote to leaves a verified automatic backup in its rotation folder."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from propdesk.db import backups
from propdesk.db.store import Book
from propdesk.services import registry
from propdesk.ui.main_window import MainWindow
from tests.conftest import SQLITE_ONLY

from .conftest import open_in

# automatic backups are copies of a book's file; a server book has none (its menu entries are
# greyed: tests/ui/test_pages_on_server.py) and is backed up by its server
pytestmark = SQLITE_ONLY


def test_a_written_book_is_backed_up_on_close(qtbot: Any, window: MainWindow, book: Book) -> None:
    path = book.path
    assert path is not None
    book.close()
    assert open_in(qtbot, window, path) is not None
    with window.book.write() as s:  # type: ignore[union-attr]
        registry.add_compound(s, "幸福里小区")
    window.close_book()
    (auto,) = backups.list_backups(path)
    assert auto.kind == "auto"
    with sqlite3.connect(auto.path) as con:
        assert [r[0] for r in con.execute("SELECT name FROM compound")] == ["幸福里小区"]


def test_a_book_only_read_is_not_backed_up(qtbot: Any, window: MainWindow, book: Book) -> None:
    path = book.path
    assert path is not None
    book.close()
    assert open_in(qtbot, window, path) is not None
    window.show_page("compounds")
    window.close_book()
    assert backups.list_backups(path) == []
    assert not Path(backups.backup_dir(path)).exists()


def test_restore_dialog_starts_in_the_backup_folder(book: Book) -> None:
    from propdesk.ui.main_window import _backup_start

    path = book.path
    assert path is not None
    assert _backup_start(path) == path.parent
    backups.make_backup(book)
    assert _backup_start(path) == backups.backup_dir(path)
