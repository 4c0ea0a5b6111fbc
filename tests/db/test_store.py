"""Opening books: migrations (with a backup first), refusals for files that are not books."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from propdesk.core.errors import NotABook
from propdesk.db import store
from propdesk.db.models import Base
from propdesk.db.store import Book
from tests.conftest import SQLITE_ONLY


def test_upgrade_head_matches_models(tmp_path: Path) -> None:
    """The autogenerate check: models and migrations never drift."""
    engine = create_engine(f"sqlite:///{tmp_path / 'm.db'}")
    store.upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert diff == []


@SQLITE_ONLY
def test_pragmas_on_every_connection(book: Book) -> None:
    with book.read() as s:
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA busy_timeout")).scalar() == store.BUSY_TIMEOUT_MS


@SQLITE_ONLY
def test_append_only_triggers_exist(book: Book) -> None:
    with book.read() as s:
        names = set(
            s.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'")).scalars()
        )
    assert {
        f"{t}_no_{v}" for t in ("posting", "voucher", "audit_log") for v in ("update", "delete")
    } <= names


def _bytes(p: Path) -> bytes:
    return p.read_bytes()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"hello, this is a text file\n" * 10, "不是 propdesk 账套"),
        (b"", "不是 propdesk 账套"),
        (b"SQLite format 3\x00" + b"\xff" * 2000, "损坏"),
    ],
    ids=["text", "empty", "damaged"],
)
def test_not_a_book_refused_and_untouched(tmp_path: Path, content: bytes, message: str) -> None:
    p = tmp_path / "x.db"
    p.write_bytes(content)
    with pytest.raises(NotABook) as err:
        Book.open(p)
    assert message in str(err.value)
    assert _bytes(p) == content
    assert sorted(x.name for x in tmp_path.iterdir()) == ["x.db"]


def test_foreign_sqlite_file_refused_and_untouched(tmp_path: Path) -> None:
    p = tmp_path / "other.sqlite"
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO customers VALUES (1, 'x')")
    con.commit()
    con.close()
    before = _bytes(p)
    with pytest.raises(NotABook, match="不是 propdesk 账套"):
        Book.open(p)
    assert _bytes(p) == before


def test_missing_book(tmp_path: Path) -> None:
    with pytest.raises(NotABook, match="账套不存在"):
        Book.open(tmp_path / "nope.db")


@SQLITE_ONLY
def test_older_book_is_backed_up_then_upgraded(
    tmp_path: Path, book_path: Path, book: Book, monkeypatch
) -> None:
    """A book at the current head opened by a program with a newer migration: copy first, then upgrade."""
    from datetime import date

    from propdesk.services import ledger
    from tests.helpers import v

    with book.write() as s:
        ledger.post_voucher(s, v(date(2026, 3, 1), "升级前", ("1001", 700, 0), ("500101", 0, 700)))
    book.close()
    old_head = store.head_revision()
    migrations = tmp_path / "migrations"
    shutil.copytree(store.MIGRATIONS_DIR, migrations)
    (migrations / "versions" / "0099_test_extra.py").write_text(
        'from alembic import op\nimport sqlalchemy as sa\nrevision = "0099"\n'
        f"down_revision = {old_head!r}\n"
        "branch_labels = None\ndepends_on = None\n\n"
        'def upgrade():\n    op.create_table("extra", sa.Column("id", sa.Integer, primary_key=True))\n\n'
        'def downgrade():\n    op.drop_table("extra")\n'
    )
    monkeypatch.setattr(store, "MIGRATIONS_DIR", migrations)
    upgraded = Book.open(book_path)
    with upgraded.read() as s:
        assert s.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0099"
        assert s.execute(text("SELECT count(*) FROM posting")).scalar() == 2
    upgraded.close()
    backups = [p for p in book_path.parent.iterdir() if p.name.endswith(".bak")]
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == old_head
    assert con.execute("SELECT count(*) FROM posting").fetchone()[0] == 2
    con.close()


@SQLITE_ONLY
def test_newer_book_refused(book_path: Path, book: Book) -> None:
    with book.write() as s:
        s.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
    book.close()
    with pytest.raises(NotABook, match="更新版本"):
        Book.open(book_path)


@SQLITE_ONLY
def test_backup_copy_is_complete(book: Book, tmp_path: Path) -> None:
    dest = book.backup(tmp_path / "copy" / "b.db")
    other = Book.open(dest)
    assert other.meta("company_name") == "测试社区物业服务有限公司"
    other.close()


@SQLITE_ONLY
def test_damaged_pages_found_by_open_or_check(book_path: Path, book: Book) -> None:
    from datetime import date

    from propdesk.services import ledger
    from propdesk.services.check import run_checks
    from tests.helpers import v

    with book.write() as s:
        ledger.post_vouchers(
            s,
            [
                v(date(2026, 3, 1), f"凭证{i}", ("1001", 100 + i, 0), ("500101", 0, 100 + i))
                for i in range(400)
            ],
        )
    book.close()
    con = sqlite3.connect(book_path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(book_path.read_bytes())
    page = 4096
    for off in range(
        page * 6, len(data) - page, page * 3
    ):  # scribble over every third page after the schema
        data[off + 100 : off + 400] = b"\x5a" * 300
    book_path.write_bytes(bytes(data))
    try:
        b = Book.open(book_path)
    except NotABook as exc:
        assert "损坏" in str(exc)
        return
    with b.read() as s:
        msgs = [m for _, m in run_checks(s).violations]
    b.close()
    assert any("完整性检查失败" in m for m in msgs)
