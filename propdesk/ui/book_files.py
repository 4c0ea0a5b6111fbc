"""Book files for the desktop: where the demo lives, opening without leaving litter, restore.

No Qt here: these run inside background operations. Every book is opened through
`Book.open` / `create_book`, the same store code the CLI uses (migration with a backup first).
"""

from __future__ import annotations

import contextlib
import logging
import os
from datetime import datetime
from pathlib import Path

import platformdirs

from propdesk.core.progress import Progress
from propdesk.db import backups
from propdesk.db.store import Book, is_url
from propdesk.services.books import create_book

log = logging.getLogger("propdesk.ui.books")

APP = "propdesk"
SUFFIX = ".propdesk"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def demo_book_path() -> Path:
    return data_dir() / f"demo{SUFFIX}"


def documents_dir() -> Path:
    return Path(platformdirs.user_documents_dir())


_sidecars = backups.sidecars


def open_book(target: str | os.PathLike[str], user: str = "admin") -> Book:
    """`Book.open`; when it refuses the file, remove the sidecar files the attempt created.

    A new -shm is only an index SQLite rebuilds at will; a new -wal goes only when empty
    (a non-empty one could hold committed pages of an interrupted upgrade).
    """
    if is_url(target):
        return Book.open(target, user=user)
    path = Path(target).expanduser()
    existed = {p for p in _sidecars(path) if p.exists()}
    try:
        return Book.open(path, user=user)
    except Exception:
        for side in _sidecars(path):
            if side in existed or not side.exists():
                continue
            if side.name.endswith("-shm") or side.stat().st_size == 0:
                with contextlib.suppress(OSError):
                    side.unlink()
        raise


def new_book(path: Path, company_name: str, user: str = "admin") -> Book:
    return create_book(path, company_name=company_name, user=user)


def make_demo_book(path: Path, progress: Progress | None = None, user: str = "admin") -> Book:
    """Create the demo book beside its final name, then move it into place: never half a demo."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".creating")
    for p in (tmp, *_sidecars(tmp)):
        p.unlink(missing_ok=True)
    if progress is not None:
        progress.report(0, 0, "")
    book = create_book(tmp, demo=True, user=user)
    book.close()
    os.replace(tmp, path)
    return open_book(path, user=user)


def ensure_demo_book(progress: Progress | None = None, user: str = "admin") -> Book:
    path = demo_book_path()
    if path.exists():
        return open_book(path, user=user)
    log.info("creating the demo book at %s", path)
    return make_demo_book(path, progress, user=user)


def stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def default_backup_name(book_path: Path) -> str:
    return f"{book_path.stem}-backup-{stamp()}{book_path.suffix or SUFFIX}"


def restore_from_backup(book_path: Path, backup: Path) -> Path:
    """Put `backup` in place of the (closed) book; returns the safety copy (db/backups.py)."""
    return backups.restore(book_path, backup)
