"""Shared fixtures: a fresh book on a temp file, a write session, English/Chinese switching.

With PROPDESK_TEST_PG set to a PostgreSQL server URL (scripts/pg_test_server.sh prints one),
the `book` fixture opens each test's book in a fresh database on that server instead
(CREATE DATABASE t_<uuid>, dropped afterwards); without it, books are SQLite files as ever.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from propdesk.core import i18n
from propdesk.db.store import Book
from propdesk.services.books import create_book

# a server URL such as postgresql+psycopg://postgres@127.0.0.1:5433/postgres, or None
PG = os.environ.get("PROPDESK_TEST_PG") or None
SQLITE_ONLY = pytest.mark.skipif(PG is not None, reason="a SQLite file book by nature")


@contextmanager
def pg_database(server: str, template: str | None = None, options: str = "") -> Iterator[str]:
    """A fresh database on the server (empty, or a copy of `template`; `options` are more of
    CREATE DATABASE's, e.g. a collation); its URL. Dropped, connections and all, afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    name = f"t_{uuid.uuid4().hex}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as conn:
            like = f' TEMPLATE "{template}"' if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{like} {options}'))
        try:
            yield make_url(server).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


COMPANY = "测试社区物业服务有限公司"


@pytest.fixture(scope="session")
def _pg_new_book() -> Iterator[str | None]:
    """Under PG: a database holding a just-created book, made once per test process, that
    each test's book is copied from (CREATE DATABASE ... TEMPLATE takes a tenth of a second;
    migrating a new database takes seconds)."""
    if PG is None:
        yield None
        return
    from sqlalchemy.engine import make_url

    with pg_database(PG) as url:
        create_book(url, company_name=COMPANY).close()
        yield make_url(url).database


@pytest.fixture(autouse=True)
def _chinese_by_default() -> Iterator[None]:
    i18n.set_language(i18n.ZH)
    yield
    i18n.set_language(i18n.ZH)


@pytest.fixture
def book_path(tmp_path: Path) -> Path:
    return tmp_path / "book.db"


@pytest.fixture
def book(book_path: Path, _pg_new_book: str | None) -> Iterator[Book]:
    if PG is None or _pg_new_book is None:
        b = create_book(book_path, company_name=COMPANY)
        yield b
        b.close()
        return
    with pg_database(PG, template=_pg_new_book) as url:
        b = Book.open(url)
        yield b
        b.close()
