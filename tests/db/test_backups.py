"""Backups: verified copies in a rotation folder, automatic ones pruned, manual ones kept;
restore refuses a non-book and keeps the book as it was."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from propdesk.core.errors import NotABook
from propdesk.db import backups
from propdesk.db.store import Book
from propdesk.services import registry
from tests.conftest import SQLITE_ONLY

pytestmark = SQLITE_ONLY  # backups copy the SQLite file; a server backs itself up


def _compounds(path: Path) -> list[str]:
    with sqlite3.connect(path) as con:
        return [r[0] for r in con.execute("SELECT name FROM compound ORDER BY id")]


def test_a_backup_is_a_verified_copy_in_the_books_folder(book: Book) -> None:
    with book.write() as s:
        registry.add_compound(s, "幸福里小区")
    path = backups.make_backup(book, kind="manual")
    assert path.parent == book.path.parent / f"{book.path.stem}.backups"  # type: ignore[union-attr]
    assert _compounds(path) == ["幸福里小区"]
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    (info,) = backups.list_backups(book.path)  # type: ignore[arg-type]
    assert (info.path, info.kind, info.size) == (path, "manual", path.stat().st_size)


def test_automatic_backups_rotate_and_manual_ones_stay(book: Book) -> None:
    t0 = datetime(2026, 11, 25, 9, 0, 0)
    manual = backups.make_backup(book, kind="manual", now=t0)
    made = [backups.make_backup(book, kind="auto", keep=3, now=t0 + timedelta(minutes=i))
            for i in range(5)]  # fmt: skip
    kept = backups.list_backups(book.path)  # type: ignore[arg-type]
    assert [b.path for b in kept if b.kind == "auto"] == made[:1:-1]  # the newest three
    assert not made[0].exists() and not made[1].exists()
    assert manual in [b.path for b in kept] and manual.exists()


def test_two_backups_in_one_second_do_not_overwrite(book: Book) -> None:
    t = datetime(2026, 11, 25, 9, 0, 0)
    a = backups.make_backup(book, kind="manual", now=t)
    b = backups.make_backup(book, kind="manual", now=t)
    assert a != b and a.exists() and b.exists()
    assert [x.path for x in backups.list_backups(book.path)] == [b, a]  # type: ignore[arg-type]


def test_restore_puts_the_backup_back_and_keeps_a_safety_copy(book: Book) -> None:
    path = book.path
    assert path is not None
    with book.write() as s:
        registry.add_compound(s, "幸福里小区")
    saved = backups.make_backup(book)
    with book.write() as s:
        registry.add_compound(s, "和平苑")
    book.close()
    safety = backups.restore(path, saved)
    assert _compounds(path) == ["幸福里小区"]
    assert _compounds(safety) == ["幸福里小区", "和平苑"]
    Book.open(path).close()  # still a book


@pytest.mark.parametrize("content", [b"not a book at all", b"SQLite format 3\x00" + b"\x00" * 200])
def test_restore_refuses_a_file_that_is_not_a_book(book: Book, tmp_path: Path, content: bytes) -> None:
    path = book.path
    assert path is not None
    with book.write() as s:
        registry.add_compound(s, "幸福里小区")
    book.close()
    bad = tmp_path / "bad.propdesk"
    bad.write_bytes(content)
    before = path.read_bytes()
    with pytest.raises(NotABook) as err:
        backups.restore(path, bad)
    assert str(bad) in str(err.value)
    assert path.read_bytes() == before and _compounds(path) == ["幸福里小区"]
    assert not list(path.parent.glob("*.before-restore-*"))
