"""Book files for the desktop: where the demo lives, opening without leaving litter, restore.

No Qt here: these run inside background operations. Every book is opened through
`Book.open` / `create_book`, the same store code the CLI uses (migration with a backup first).
A server book is a URL (postgresql+psycopg://USER:PASSWORD@HOST:PORT/DB); its password is
typed each time and never stored: the recent books and the status bar get `public_target`.
"""

from __future__ import annotations

import contextlib
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import platformdirs

from propdesk.core.progress import Progress
from propdesk.db import backups
from propdesk.db.store import Book, is_url
from propdesk.services.book_copy import CopyResult, copy_book, display
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


def new_book(path: Path | str, company_name: str, user: str = "admin") -> Book:
    """A new book in a new file, or in an empty server database (a URL)."""
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


# -- server books ------------------------------------------------------------------------------
SERVER_DRIVER = "postgresql+psycopg"
DEFAULT_PORT = 5432


@dataclass(frozen=True, slots=True)
class ServerBook:
    """Where a server book is, without its password."""

    host: str
    port: int
    database: str
    user: str


def is_server(target: str | os.PathLike[str]) -> bool:
    return is_url(target) and not str(target).startswith("sqlite")


def server_url(place: ServerBook, password: str = "") -> str:
    """The URL to open: user and password are quoted, so '@' or ':' in them are safe."""
    from sqlalchemy.engine import URL

    url = URL.create(
        SERVER_DRIVER,
        username=place.user.strip() or None,
        password=password or None,
        host=place.host.strip() or None,
        port=place.port or None,
        database=place.database.strip(),
    )
    return url.render_as_string(hide_password=False)


def server_place(url: str) -> ServerBook:
    """The fields of a server URL (a recent book, say); its password, if any, is dropped."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    return ServerBook(u.host or "", u.port or DEFAULT_PORT, u.database or "", u.username or "")


def server_is_empty(url: str) -> bool:
    """True when the server database holds no tables at all: a place for a new book."""
    from sqlalchemy import create_engine, inspect
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return not inspect(conn).get_table_names()
    except Exception:  # unreachable: not a place for anything
        return False
    finally:
        engine.dispose()


def public_target(target: str | os.PathLike[str]) -> str:
    """A book's place as it may be remembered and shown: a path, or a URL with no password."""
    if is_server(target):
        from sqlalchemy.engine import make_url

        return make_url(str(target))._replace(password=None).render_as_string()
    return display(target)


def server_label(target: str) -> str:
    """A server book for people: 红心物业 @ db.example:5432 (clerk)."""
    p = server_place(target)
    where = f"{p.host or 'localhost'}:{p.port}"
    return f"{p.database} @ {where}" + (f" ({p.user})" if p.user else "")


def book_target(book: Book) -> str:
    """The open book's place for the recent list and the status bar (never a password)."""
    return str(book.path) if book.path is not None else public_target(book.url)


def copy_open_book(book: Book, target: str, progress: Progress | None = None) -> CopyResult:
    """复制账簿: the open book to a new file or an empty server database (services/book_copy)."""
    if not is_url(target):
        path = Path(target).expanduser()
        target = str(path if path.suffix else path.with_name(path.name + SUFFIX))
    return copy_book(book, target, progress)
