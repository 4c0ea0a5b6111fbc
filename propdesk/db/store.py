"""Opening a book: engine and pragmas, the migration-on-open with a backup first, sessions.

A book is one SQLite file (WAL, foreign keys on every connection, busy timeout) or any
SQLAlchemy URL. Reads use deferred transactions; writes take the write lock up front
(BEGIN IMMEDIATE) so two clerks never deadlock on a lock upgrade.

On PostgreSQL a book may live in a schema of its own (`postgresql+psycopg://u@h/city?company=co_x`):
the city database holds many companies' books side by side, each one exactly a normal book
(tables, alembic_version, trigger function), reached through the connection's search_path.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from propdesk.core.errors import BookLocked, EnvironmentFailure, NotABook, UserError
from propdesk.core.i18n import bilingual
from propdesk.core.messages import M

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger("propdesk.db")

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
APPLICATION = "propdesk"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 15_000


def is_url(target: str | os.PathLike[str]) -> bool:
    return "://" in str(target)


def to_url(target: str | os.PathLike[str]) -> str:
    if is_url(target):
        return str(target)
    return "sqlite:///" + str(Path(target).expanduser().resolve())


def shown_url(url: str) -> str:
    """A book's URL as it may be shown in a message: without its password (a file as it is)."""
    if not is_url(url) or url.startswith("sqlite"):
        return url
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


_REVISION = re.compile(
    r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(?:\"([^\"]*)\"|'([^']*)'|None)", re.M
)


def script_head() -> str | None:
    """The head revision read straight from the migration files, without importing alembic
    (about a third of a CLI command's start-up): the one revision no other one revises.
    None when the files do not say plainly (then alembic decides)."""
    return _script_head(MIGRATIONS_DIR)


@cache
def _script_head(migrations: Path) -> str | None:
    revs: dict[str, str | None] = {}
    for f in (migrations / "versions").glob("*.py"):
        found = {
            m.group(1): m.group(2) or m.group(3) for m in _REVISION.finditer(f.read_text("utf-8"))
        }
        if "revision" not in found:
            return None
        revs[str(found["revision"])] = found.get("down_revision")
    heads = set(revs) - {d for d in revs.values() if d}
    return heads.pop() if len(heads) == 1 else None


# the key of the book-wide write lock on a server (pg_advisory_xact_lock): "propdesk" in ASCII
WRITE_LOCK_KEY = 0x70726F706465736B


# -- a company's book in a schema of a city database ------------------------------------------
COMPANY_PARAM = "company"  # ?company=co_x in a server book's URL names the schema
_SCHEMA = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_RESERVED_SCHEMAS = frozenset({"public", "information_schema"})
T_BAD_COMPANY = bilingual(
    "公司代码「{key}」无效：只能用小写字母、数字和下划线，以字母开头，最长 63 个字符（不能是 public 或 pg_ 开头）",
    'Company key "{key}" is invalid: lowercase letters, digits and underscores, starting with a '
    "letter, at most 63 characters (not public, not starting with pg_)",
)
T_NO_ACCESS = bilingual(
    "数据库不允许当前用户读写此账套（由数据库管理员授权）：{path}",
    "The database does not let this user read or change this book (the database "
    "administrator grants it): {path}",
)
T_COMPANY_NEEDS_SERVER = bilingual(
    "只有 PostgreSQL 数据库才能按公司分 schema 存放账套：{url}",
    "Only a PostgreSQL database holds companies' books in schemas: {url}",
)


def check_company_key(key: str) -> str:
    """A company key is the name of its schema: a plain lowercase identifier (never quoted,
    so it reads the same in psql, GRANTs and pg_dump -n)."""
    if not _SCHEMA.match(key or "") or key in _RESERVED_SCHEMAS or key.startswith("pg_"):
        raise UserError(T_BAD_COMPANY, key=key)
    return key


def company_of(url: str) -> str | None:
    """The schema a server book's URL names with ?company=, or None (a whole-database book)."""
    if not is_url(url) or url.startswith("sqlite"):
        return None
    from sqlalchemy.engine import make_url

    key = make_url(url).query.get(COMPANY_PARAM)
    if key is None:
        return None
    if not isinstance(key, str):  # given twice
        raise UserError(T_BAD_COMPANY, key=",".join(key))
    return check_company_key(key)


def company_url(db_url: str, key: str) -> str:
    """The URL of company `key`'s book in the city database `db_url`."""
    from sqlalchemy.engine import make_url

    u = make_url(db_url)
    if not u.get_backend_name().startswith("postgresql"):
        raise UserError(T_COMPANY_NEEDS_SERVER, url=u.render_as_string(hide_password=True))
    q = dict(u.query)
    q[COMPANY_PARAM] = check_company_key(key)
    return u.set(query=q).render_as_string(hide_password=False)


def database_url(url: str) -> str:
    """A server book's URL without ?company=: the database itself (for city-wide queries)."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    return u.difference_update_query([COMPANY_PARAM]).render_as_string(hide_password=False)


def write_lock_key(schema: str | None) -> int:
    """The advisory lock a write transaction takes: one per book, so two companies of a city
    database never wait for each other. A whole-database book keeps the original key."""
    if schema is None:
        return WRITE_LOCK_KEY
    digest = hashlib.blake2b(f"propdesk:{schema}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def make_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return _server_engine(url)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves, below
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        write = conn.get_execution_options().get("propdesk_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    if FAULT_KILL_AT in os.environ:
        _inject_kill(engine, int(os.environ[FAULT_KILL_AT]))
    return engine


def _server_engine(url: str) -> Engine:
    """A server book. On PostgreSQL a write transaction first takes the book's write lock, a
    transaction-scoped advisory lock, as BEGIN IMMEDIATE takes SQLite's: one writer at a time,
    readers never blocked (MVCC), released by COMMIT or ROLLBACK, never by anything else.
    So every read-then-write a service does (the next voucher or receipt number, a bill's paid
    amount, a unit's prepayment) sees the last committed write, as it does on a file book.
    A writer waits for it as long as SQLite's busy timeout; then the book is "locked".
    A company's book (?company=) has its schema as the only search_path entry of every
    connection and a write lock of its own."""
    schema = company_of(url)
    kwargs: dict[str, object] = {}
    if schema is not None:
        url = database_url(url)
        kwargs["connect_args"] = {"options": f"-csearch_path={schema}"}
    engine = create_engine(url, pool_pre_ping=True, **kwargs)
    if engine.dialect.name != "postgresql":
        if schema is not None:
            engine.dispose()
            raise UserError(T_COMPANY_NEEDS_SERVER, url=engine.url)
        return engine
    lock = write_lock_key(schema)

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        if conn.get_execution_options().get("propdesk_write"):
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = {BUSY_TIMEOUT_MS}")
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({lock})")

    return engine


# Fault injection for the crash-safety tests (tests/trust): with PROPDESK_FAULT_KILL_AT=N the
# process kills itself (SIGKILL, no clean-up of any kind) just after the N-th statement of a
# write transaction; at exit it writes how many such statements ran to PROPDESK_FAULT_COUNT_FILE.
FAULT_KILL_AT = "PROPDESK_FAULT_KILL_AT"
FAULT_COUNT_FILE = "PROPDESK_FAULT_COUNT_FILE"


def _inject_kill(engine: Engine, at: int) -> None:
    import atexit
    import signal

    seen = [0]

    @event.listens_for(engine, "after_cursor_execute")
    def _count(conn, _cursor, _statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if conn.get_execution_options().get("propdesk_write"):
            seen[0] += 1
            if seen[0] == at:
                os.kill(os.getpid(), signal.SIGKILL)

    out = os.environ.get(FAULT_COUNT_FILE)
    if out:
        atexit.register(lambda: Path(out).write_text(str(seen[0]), encoding="utf-8"))


def _sqlite_path(url: str) -> Path | None:
    if url.startswith("sqlite:///") and ":memory:" not in url:
        return Path(url.removeprefix("sqlite:///"))
    return None


# the table a data-changing statement writes (SQLAlchemy's INSERT / UPDATE / DELETE forms)
_WRITES = re.compile(
    r'\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+"?(\w+)"?',
    re.IGNORECASE,
)


def sqlite_backup(src: Path, dest: Path) -> Path:
    """Copy a live SQLite book with the online backup API and verify the copy."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(src) as s, sqlite3.connect(dest) as d:
        s.backup(d)
        ok = d.execute("PRAGMA quick_check").fetchone()[0]
    if ok != "ok":
        dest.unlink(missing_ok=True)
        raise OSError(f"backup copy failed its integrity check: {ok}")
    return dest


class Book:
    """An open book. Use `read()` for queries and `write()` for one user action."""

    def __init__(self, url: str, engine: Engine, user: str = "admin") -> None:
        self.url = url
        self.path = _sqlite_path(url)
        self.engine = engine
        self.user = user
        self.role: str | None = None  # None: a book without users, where anything goes
        self._writable: frozenset[str] | None = None  # tables the role may write; None: all
        self.changed = False  # a write committed since the book was opened
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(
            engine.execution_options(propdesk_write=True), expire_on_commit=False
        )
        event.listen(engine, "before_cursor_execute", self._guard_write)

    # -- who is acting -------------------------------------------------------------------
    def act_as(self, user: str, role: str | None) -> None:
        """From now on this handle acts as `user` with `role` (services/users.login checks the
        password first). Every statement that writes a table the role may not write is
        refused here, below the services, whatever path it comes from."""
        from propdesk.core import roles

        self.user = user
        self.role = role
        if role == roles.NOBODY:  # a refused login: nothing may be written
            self._writable = frozenset()
        else:
            self._writable = None if role in (None, roles.ADMIN) else roles.tables_for(role)

    def _guard_write(self, _conn, _cursor, statement: str, *_args) -> None:  # type: ignore[no-untyped-def]
        if self._writable is None:
            return
        m = _WRITES.match(statement)
        if m is None or m.group(1).lower() in self._writable:
            return
        from propdesk.core import roles

        area = roles.area_of(m.group(1).lower())
        what = roles.T_WRITE_AREA.format(
            area=roles.AREA_NAMES[area].format() if area else m.group(1)
        )
        raise roles.PermissionDenied(
            roles.T_NOT_ALLOWED,
            user=self.user,
            role=roles.role_name(self.role),
            what=what,
        )

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def open(
        cls, target: str | os.PathLike[str], *, create: bool = False, user: str = "admin"
    ) -> Book:
        url = to_url(target)
        path = _sqlite_path(url)
        if path is not None:
            _precheck_file(path, create)
        schema = company_of(url)
        if schema is not None:
            _precheck_schema(url, schema, create)
        engine = make_engine(url)
        try:
            _migrate(engine, url, path, create)
        except (NotABook, BookLocked):
            engine.dispose()
            raise
        except OperationalError as exc:
            engine.dispose()
            if "locked" in str(exc.orig):
                raise BookLocked(M.book_locked, path=path or shown_url(url)) from exc
            if path is None:  # a server: unreachable, no such database, refused login
                raise NotABook(M.cannot_connect, path=shown_url(url), detail=exc.orig) from exc
            raise NotABook(M.damaged_book, path=path or shown_url(url), detail=exc.orig) from exc
        except DatabaseError as exc:
            engine.dispose()
            if _no_access(exc):  # a server book the database role has no GRANT on
                raise EnvironmentFailure(T_NO_ACCESS, path=shown_url(url)) from exc
            # the file starts like SQLite (checked above) but SQLite cannot read it: damaged
            raise NotABook(M.damaged_book, path=path or shown_url(url), detail=exc.orig) from exc
        return cls(url, engine, user=user)

    def close(self) -> None:
        self.engine.dispose()

    # -- sessions ------------------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session:
            session.info["user"] = self.user
            session.info["role"] = self.role
            try:
                yield session  # closing the session ends its (read-only) transaction
            except DatabaseError as exc:
                self._translate(exc)
                raise

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One user action = one transaction: commits on success, rolls back on any error."""
        try:
            with self._write() as session, session.begin():
                session.info["user"] = self.user
                session.info["role"] = self.role
                yield session
            self.changed = True
        except DatabaseError as exc:
            self._translate(exc)
            raise

    def _translate(self, exc: DatabaseError) -> None:
        """Environment failures get a plain message; anything else stays a bug."""
        detail = str(exc.orig)
        lock_timeout = getattr(exc.orig, "sqlstate", None) == "55P03"  # PostgreSQL
        if "locked" in detail or "busy" in detail or lock_timeout:
            raise BookLocked(M.book_locked, path=self.path or shown_url(self.url)) from exc
        if _no_access(exc):
            raise EnvironmentFailure(T_NO_ACCESS, path=shown_url(self.url)) from exc
        if "malformed" in detail or "not a database" in detail:
            raise NotABook(
                M.damaged_book, path=self.path or shown_url(self.url), detail=detail
            ) from exc

    def backup(self, dest: Path) -> Path:
        if self.path is None:
            raise NotImplementedError("backups of server books are made by the server")
        return sqlite_backup(self.path, dest)

    def meta(self, key: str, default: str | None = None) -> str | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                text("SELECT value FROM book_meta WHERE key = :k"), {"k": key}
            ).first()
            conn.rollback()
        return row[0] if row else default


def _precheck_file(path: Path, create: bool) -> None:
    """Refuse anything that is not a propdesk book before a single byte of it is written."""
    if not path.exists():
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
            return
        raise NotABook(M.missing_book, path=path)
    if path.is_dir():
        raise NotABook(M.not_a_book, path=path)
    if path.stat().st_size == 0:
        if create:
            return
        raise NotABook(M.not_a_book, path=path)
    with path.open("rb") as fh:
        if fh.read(16) != SQLITE_HEADER:
            raise NotABook(M.not_a_book, path=path)
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            marker = None
            if "book_meta" in tables:
                row = con.execute(
                    "SELECT value FROM book_meta WHERE key = 'application'"
                ).fetchone()
                marker = row[0] if row else None
        finally:
            con.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise BookLocked(M.book_locked, path=path) from exc
        raise NotABook(M.damaged_book, path=path, detail=exc) from exc
    except sqlite3.DatabaseError as exc:
        raise NotABook(M.damaged_book, path=path, detail=exc) from exc
    if marker != APPLICATION and not (create and not tables):
        raise NotABook(M.not_a_book, path=path)


def _no_access(exc: DatabaseError) -> bool:
    return getattr(exc.orig, "sqlstate", None) == "42501"  # PostgreSQL insufficient_privilege


def _precheck_schema(url: str, schema: str, create: bool) -> bool:
    """A company's schema must exist before the book's engine first connects (SQLAlchemy reads
    current_schema() once, on that first connection): made here when creating, else required.
    True when this call made it."""
    from sqlalchemy.pool import NullPool

    admin = create_engine(database_url(url), poolclass=NullPool)
    try:
        with admin.connect() as conn:
            found = conn.execute(
                text("SELECT has_schema_privilege(oid, 'USAGE') FROM pg_namespace "
                     "WHERE nspname = :s"),
                {"s": schema},
            ).first()  # fmt: skip
            if found is not None and not found[0]:
                # without USAGE, PostgreSQL leaves the schema out of the search_path silently
                raise EnvironmentFailure(T_NO_ACCESS, path=shown_url(url))
            if found is None and create:
                conn.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            conn.commit()
    except OperationalError as exc:
        raise NotABook(M.damaged_book, path=url, detail=exc.orig) from exc
    finally:
        admin.dispose()
    if found is None and not create:
        raise NotABook(M.missing_book, path=url)
    return found is None


def make_schema(url: str) -> bool:
    """Make the schema a company book's URL names, if missing (a new company's book is about to
    be written there); True when it was made. Nothing for any other URL."""
    schema = company_of(url)
    return schema is not None and _precheck_schema(url, schema, create=True)


def drop_empty_schema(url: str) -> None:
    """Drop the schema of a company URL if it holds nothing (undoing `make_schema` after a
    failed write: RESTRICT refuses a schema with anything in it)."""
    schema = company_of(url)
    if schema is None:
        return
    from sqlalchemy.pool import NullPool

    admin = create_engine(database_url(url), poolclass=NullPool)
    try:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" RESTRICT')
    except DatabaseError:
        log.warning("could not drop the empty schema %s", schema)
    finally:
        admin.dispose()


def _migrate(engine: Engine, url: str, path: Path | None, create: bool) -> None:
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        current = None
        if "alembic_version" in tables:
            current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        marker = None
        if "book_meta" in tables:
            marker = conn.execute(
                text("SELECT value FROM book_meta WHERE key = 'application'")
            ).scalar()
        conn.rollback()
    if not tables:
        if not create:
            raise NotABook(M.not_a_book, path=path or shown_url(url))
    elif marker != APPLICATION:
        raise NotABook(M.not_a_book, path=path or shown_url(url))
    if current is not None and current == script_head():
        return  # the usual case: nothing to migrate, and alembic is not even imported
    head = head_revision()
    if current == head:
        return
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    if current is not None and not _known_revision(scripts, current):
        raise NotABook(M.newer_book, path=path or shown_url(url))
    if current is not None and path is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = path.with_name(f"{path.stem}.before-{head[:8]}-{stamp}{path.suffix}.bak")
        sqlite_backup(path, backup)
        log.info("backed up %s to %s before upgrading", path, backup)
    upgrade(engine)
    if not tables:
        with engine.begin() as conn:
            conn.execute(
                text("INSERT INTO book_meta (key, value) VALUES ('application', :a)"),
                {"a": APPLICATION},
            )


def _known_revision(scripts: ScriptDirectory, rev: str) -> bool:
    try:
        return scripts.get_revision(rev) is not None
    except Exception:  # alembic raises CommandError/ResolutionError for unknown ids
        return False


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run migrations on one connection; SQLite batch copies need foreign keys off meanwhile."""
    from alembic import command

    with engine.connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.commit()
        if sqlite:
            bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            conn.rollback()
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]
            if bad:
                raise RuntimeError(f"migration broke foreign keys: {bad[:5]}")
