"""Books from the window: refused files stay untouched, new and demo books, backup and restore."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from propdesk.db.store import Book
from propdesk.services import ledger
from propdesk.services.books import book_status, create_book
from propdesk.ui import book_files
from propdesk.ui.main_window import MainWindow
from tests.conftest import SQLITE_ONLY

from .conftest import Dialogs, open_in, wait_op


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def vouchers(win: MainWindow) -> int:
    assert win.book is not None
    with win.book.read() as s:
        return book_status(s).vouchers


def post(book: Book, summary: str = "收取物业费") -> None:
    with book.write() as s:
        ledger.post_voucher(
            s,
            ledger.NewVoucher(
                date(2026, 3, 5), summary,
                [ledger.Line("1001", debit=10000), ledger.Line("500101", credit=10000)],
            ),
        )  # fmt: skip


def text_file(tmp_path: Path) -> Path:
    p = tmp_path / "notes.propdesk"
    p.write_text("这不是账套 — just some notes\n", encoding="utf-8")
    return p


def foreign_sqlite(tmp_path: Path) -> Path:
    p = tmp_path / "other.db"
    with sqlite3.connect(p) as c:
        c.execute("CREATE TABLE t (x)")
        c.execute("INSERT INTO t VALUES (1)")
    c.close()
    return p


def damaged_book(tmp_path: Path) -> Path:
    p = tmp_path / "damaged.propdesk"
    create_book(p).close()
    data = bytearray(p.read_bytes())
    data[100:4096] = bytes((i * 37 + 11) % 256 for i in range(3996))  # garbage after the header
    p.write_bytes(bytes(data))
    return p


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (text_file, "不是 propdesk 账套"),
        (foreign_sqlite, "不是 propdesk 账套"),
        (damaged_book, "已损坏"),
    ],
    ids=["text", "foreign-sqlite", "damaged"],
)
def test_refused_file_shows_message_and_stays_untouched(
    qtbot: Any, window: MainWindow, dialogs: Dialogs, tmp_path: Path, make: Any, expected: str
) -> None:
    path = make(tmp_path)
    before = digest(path)
    listing = sorted(os.listdir(tmp_path))
    assert open_in(qtbot, window, path) is None
    assert len(dialogs.warnings) == 1
    assert expected in dialogs.warnings[0]
    assert str(path) in dialogs.warnings[0]
    assert digest(path) == before
    assert sorted(os.listdir(tmp_path)) == listing  # no -wal/-shm left behind
    assert window.stack.currentWidget() is window.welcome


def test_refused_file_keeps_the_open_book_open(
    qtbot: Any, opened: MainWindow, dialogs: Dialogs, tmp_path: Path
) -> None:
    current = opened.book
    assert open_in(qtbot, opened, text_file(tmp_path)) is current
    assert len(dialogs.warnings) == 1


def test_missing_recent_book_is_dropped_from_the_list(
    qtbot: Any, window: MainWindow, dialogs: Dialogs, tmp_path: Path
) -> None:
    gone = str(tmp_path / "gone.propdesk")
    window.settings.add_recent_book(gone)
    open_in(qtbot, window, gone)
    assert "不存在" in dialogs.warnings[0]
    assert gone not in window.settings.recent_books()


def test_new_book(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "new.propdesk"
    wait_op(qtbot, window.new_book(path, "幸福里物业"))
    assert window.book is not None and window.book.path == path.resolve()
    assert window.windowTitle().startswith("幸福里物业")
    assert window.settings.recent_books()[0] == str(path.resolve())
    assert window.current_key == "overview"


def test_new_book_refuses_an_existing_file(
    qtbot: Any, window: MainWindow, dialogs: Dialogs, tmp_path: Path
) -> None:
    path = text_file(tmp_path)
    before = digest(path)
    wait_op(qtbot, window.new_book(path, "幸福里物业"))
    assert window.book is None
    assert "已存在" in dialogs.warnings[0]
    assert digest(path) == before


def test_demo_book_is_made_once_in_the_user_data_folder(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[Path] = []

    def fake_create(path: Path, *, demo: bool = False, **kw: Any) -> Book:
        assert demo
        made.append(Path(path))
        book = create_book(path, company_name="演示社区物业服务有限公司", **kw)
        post(book, "演示凭证")
        return book

    monkeypatch.setattr(book_files, "create_book", fake_create)
    wait_op(qtbot, window.open_demo())
    demo = book_files.demo_book_path()
    assert str(demo).startswith(os.environ["XDG_DATA_HOME"])
    assert window.book is not None and window.book.path == demo.resolve()
    assert vouchers(window) == 1
    assert not demo.with_name(demo.name + ".creating").exists()
    window.close_book()
    wait_op(qtbot, window.open_demo())  # second time: opened, not made again
    assert len(made) == 1
    assert window.windowTitle().startswith("演示社区物业服务有限公司")


@SQLITE_ONLY  # backup and restore copy the book's file; greyed for a server book
def test_backup_and_restore_round_trip(
    qtbot: Any, opened: MainWindow, dialogs: Dialogs, tmp_path: Path
) -> None:
    book_path = opened.book.path  # type: ignore[union-attr]
    post(opened.book)  # type: ignore[arg-type]
    backup = tmp_path / "backups" / "b1.propdesk"
    backup.parent.mkdir()
    wait_op(qtbot, opened.backup_now(backup))
    assert backup.exists()
    post(opened.book, "备份之后的凭证")  # type: ignore[arg-type]
    assert vouchers(opened) == 2

    wait_op(qtbot, opened.restore_backup(backup))
    qtbot.waitUntil(lambda: opened.book is not None)
    assert len(dialogs.questions) == 1
    assert opened.book is not None and opened.book.path == book_path
    assert vouchers(opened) == 1
    safety = [p for p in book_path.parent.iterdir() if ".before-restore-" in p.name]
    assert len(safety) == 1
    assert vouchers_in(safety[0]) == 2  # the book as it was before the restore


def vouchers_in(path: Path) -> int:
    book = Book.open(path)
    try:
        with book.read() as s:
            return book_status(s).vouchers
    finally:
        book.close()


@SQLITE_ONLY  # restoring replaces the book's file
def test_restore_refuses_a_file_that_is_not_a_book(
    qtbot: Any, opened: MainWindow, dialogs: Dialogs, tmp_path: Path
) -> None:
    book_path = opened.book.path  # type: ignore[union-attr]
    post(opened.book)  # type: ignore[arg-type]
    opened.book.close()  # type: ignore[union-attr]
    before = digest(book_path)
    junk = text_file(tmp_path)
    junk_before = digest(junk)
    wait_op(qtbot, opened.restore_backup(junk))
    assert digest(book_path) == before  # checked while the book is closed, before reopening
    qtbot.waitUntil(lambda: opened.book is not None)
    assert str(junk) in dialogs.warnings[0]
    assert vouchers(opened) == 1
    assert not [p for p in book_path.parent.iterdir() if ".before-restore-" in p.name]
    assert digest(junk) == junk_before


def test_restore_can_be_declined(
    qtbot: Any, opened: MainWindow, dialogs: Dialogs, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QMessageBox

    dialogs.answer = QMessageBox.StandardButton.No
    assert opened.restore_backup(tmp_path / "whatever.propdesk") is None
    assert opened.book is not None


@SQLITE_ONLY  # a recent server book asks for its password first (tests/ui/test_server_book.py)
def test_welcome_page_opens_a_recent_book(qtbot: Any, window: MainWindow, book: Book) -> None:
    path = str(book.path)
    book.close()
    window.settings.add_recent_book(path)
    window.close_book()  # refreshes the welcome page's list
    item = window.welcome.recent.item(0)
    assert item.toolTip() == path
    window.welcome.recent.itemActivated.emit(item)
    wait_op(qtbot, window.op)
    assert window.book is not None and str(window.book.path) == path
