"""Backups of a SQLite book: made with the online backup API, verified, kept in rotation; restore.

A book `公司.propdesk` keeps its backups beside it in `公司.backups/`:

    公司-auto-20261125-173005.propdesk     made when the app closes a book it wrote to
    公司-manual-20261125-090000.propdesk   made on request (app or `propdesk backup`)

Automatic backups are kept in rotation (the newest `KEEP_AUTO`); manual ones are never pruned.
Every copy passes SQLite's integrity check before it counts (a copy that fails is deleted and
the error raised). Restoring opens the chosen file as a book first, so a file that is not a
book, or is damaged, is refused before anything changes; the book as it was is kept as a
safety copy. The backup made before a migration is written by `store` beside the book.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from propdesk.db.store import Book, sqlite_backup

log = logging.getLogger("propdesk.backups")

KEEP_AUTO = 10
SIDECARS = ("-wal", "-shm", "-journal")
KINDS = ("auto", "manual")
_STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    kind: str  # auto | manual
    made: datetime
    size: int  # bytes


def backup_dir(book_path: Path) -> Path:
    return book_path.parent / f"{book_path.stem}.backups"


def _pattern(book_path: Path) -> re.Pattern[str]:
    return re.compile(
        rf"^{re.escape(book_path.stem)}-(auto|manual)-(\d{{8}}-\d{{6}})(?:-(\d+))?"
        rf"{re.escape(book_path.suffix)}$"
    )


def list_backups(book_path: Path) -> list[BackupInfo]:
    """The rotation folder's backups of this book, newest first."""
    folder = backup_dir(book_path)
    if not folder.is_dir():
        return []
    pat = _pattern(book_path)
    found = []
    for p in folder.iterdir():
        m = pat.match(p.name)
        if m is None or not p.is_file():
            continue
        made = datetime.strptime(m.group(2), _STAMP)
        found.append(
            (made, int(m.group(3) or 0), BackupInfo(p, m.group(1), made, p.stat().st_size))
        )
    found.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return [info for _made, _n, info in found]


def _target(book_path: Path, kind: str, now: datetime) -> Path:
    folder = backup_dir(book_path)
    base = f"{book_path.stem}-{kind}-{now.strftime(_STAMP)}"
    path = folder / f"{base}{book_path.suffix}"
    n = 1
    while path.exists():  # two backups within a second
        path = folder / f"{base}-{n}{book_path.suffix}"
        n += 1
    return path


def make_backup(
    book: Book, *, kind: str = "manual", keep: int = KEEP_AUTO, now: datetime | None = None
) -> Path:
    """A verified copy of the open book in its backup folder; automatic ones kept in rotation."""
    if kind not in KINDS:
        raise ValueError(kind)
    if book.path is None:
        raise NotImplementedError("backups of server books are made by the server")
    dest = book.backup(_target(book.path, kind, now or datetime.now()))
    if kind == "auto":
        prune(book.path, keep)
    log.info("backed up %s to %s", book.path, dest)
    return dest


def prune(book_path: Path, keep: int = KEEP_AUTO) -> list[Path]:
    """Delete automatic backups beyond the newest `keep`; returns what was deleted."""
    autos = [b for b in list_backups(book_path) if b.kind == "auto"]
    gone = []
    for b in autos[max(keep, 1) :]:
        with contextlib.suppress(OSError):
            b.path.unlink()
            gone.append(b.path)
    return gone


def sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in SIDECARS]


def restore(book_path: Path, backup: Path, *, now: datetime | None = None) -> Path:
    """Put `backup` in place of the (closed) book at `book_path`; return the safety copy's path.

    The backup is copied beside the book and opened there first (so a file that is not a
    book, or is damaged, is refused before anything changes; an older backup is upgraded
    there), then the current book is copied to a safety file, and only then is the copy
    moved over the book.
    """
    from propdesk.core.errors import NotABook

    backup = Path(backup)
    tmp = book_path.with_name(book_path.name + ".restoring")
    for p in (tmp, *sidecars(tmp)):
        p.unlink(missing_ok=True)
    try:
        shutil.copyfile(backup, tmp)
        try:
            check = Book.open(tmp)
        except NotABook as exc:  # name the file the user chose, not our temporary copy
            raise type(exc)(exc.text, **{**exc.params, "path": backup}) from exc
        check.close()
        stamp = (now or datetime.now()).strftime(_STAMP)
        safety = book_path.with_name(f"{book_path.stem}.before-restore-{stamp}{book_path.suffix}")
        sqlite_backup(book_path, safety)
        for side in sidecars(book_path):
            side.unlink(missing_ok=True)
        os.replace(tmp, book_path)
        log.info("restored %s from %s; safety copy %s", book_path, backup, safety)
        return safety
    finally:
        for p in (tmp, *sidecars(tmp)):
            p.unlink(missing_ok=True)
