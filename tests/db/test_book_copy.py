"""`book copy`: a whole book between SQLite and PostgreSQL, either way, verified before it
commits; refusals and a cancel leave the target as it was. The PostgreSQL legs run only with
PROPDESK_TEST_PG; SQLite → SQLite always runs."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.pool import NullPool

from propdesk.core.errors import EnvironmentFailure, NotABook, UserError
from propdesk.core.progress import Cancelled, Progress
from propdesk.db import store
from propdesk.db.models import (
    AuditEntry,
    Ballot,
    Base,
    Payout,
    Posting,
    SurplusAllocation,
    VoteUnit,
    Voucher,
)
from propdesk.db.store import Book
from propdesk.services import audit, demo, ledger, registry, surplus, votes
from propdesk.services.book_copy import copy_book, display, open_source
from propdesk.services.books import create_book
from propdesk.services.check import run_checks
from tests.conftest import PG, pg_database
from tests.helpers import v

needs_pg = pytest.mark.skipif(PG is None, reason="needs PROPDESK_TEST_PG (a PostgreSQL server)")


def rows(book: Book) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, read through the models' types (so a date is a date on both
    backends), in primary-key order."""
    out = {}
    with book.engine.connect() as conn:
        for t in Base.metadata.sorted_tables:
            out[t.name] = [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key))]
        conn.rollback()
    return out


def tb_all(book: Book) -> dict[int, Any]:
    with book.read() as s:
        periods = sorted(s.execute(select(Posting.period).distinct()).scalars())
        return {p: ledger.trial_balance(s, p) for p in periods}


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Book]:
    """A small demo company (registry, contracts, bills, payments, receipts, votes, common
    resources, grids, closed months) plus a reversed voucher, a replaced ballot (a row pointing
    at a later row of its own table) and an approved, paid surplus allocation."""
    path = tmp_path_factory.mktemp("copy") / "源账套.propdesk"
    book = create_book(path)
    demo.fill(book, today=date(2026, 4, 10))  # December to April; January to March closed
    with book.write() as s:
        ledger.post_vouchers(s, [
            v(date(2026, 4, 15), "物业费收入", ("1002", 90_000_000, 0), ("500101", 0, 90_000_000)),
            v(date(2026, 4, 16), "录错的收入", ("1002", 12_345, 0), ("500101", 0, 12_345)),
        ])  # fmt: skip
        wrong = s.execute(select(Voucher.id).where(Voucher.summary == "录错的收入")).scalar_one()
        ledger.reverse_voucher(s, wrong, on=date(2026, 4, 17), reason="金额录错")
        c = registry.compound_by_name(s, "幸福里小区")
        vote = votes.create_vote(s, c, "hire-manager", "续聘物业", opens=date(2026, 4, 1),
                                 closes=date(2026, 4, 30))  # fmt: skip
        unit = s.execute(
            select(VoteUnit.code).where(VoteUnit.vote_id == vote.id).limit(1)
        ).scalar_one()
        votes.cast_ballot(s, vote, unit, "yes", date(2026, 4, 2))
        votes.cast_ballot(s, vote, unit, "no", date(2026, 4, 3), replace_reason="业主改票")
        for p in (202604, 202605, 202606):
            ledger.close_period(s, p)
    with book.write() as s:
        d = surplus.draft_allocation(s, "2026-Q2")
        surplus.approve_allocation(s, d.id, "王书记", on=date(2026, 7, 3))
        surplus.pay_lines(s, d.id, "bank", date(2026, 7, 6))
    yield book
    book.close()


def test_the_source_has_what_the_copy_must_carry(source: Book) -> None:
    with source.read() as s:
        assert s.execute(select(func.count()).select_from(Ballot)
                         .where(Ballot.replaced_by_id > Ballot.id)).scalar() == 1  # fmt: skip
        assert s.execute(select(func.count()).where(Voucher.reverses_id.is_not(None))).scalar() == 1
        assert s.execute(select(func.count()).select_from(SurplusAllocation)).scalar() == 1
        assert s.execute(select(func.count()).select_from(Payout)).scalar() >= 1
        assert run_checks(s).ok


def test_sqlite_to_sqlite_copies_every_row_and_verifies(source: Book, tmp_path: Path) -> None:
    before = rows(source)
    target = tmp_path / "副本.propdesk"
    seen: list[tuple[int, int]] = []
    result = copy_book(source, target, Progress(lambda d, t, _x: seen.append((d, t))), batch=500)
    assert result.rows == sum(len(r) for r in before.values()) > 50_000
    assert result.tables == len(before) == 48
    assert result.checks_run >= 17
    assert result.periods[0] <= 202512 and result.periods[-1] >= 202607
    assert seen[-1][0] == seen[-1][1] == result.rows  # progress reached the end
    assert len(seen) > result.rows // 500  # in batches
    assert not target.with_name(target.name + ".copying").exists()
    copy = Book.open(target)
    try:
        assert rows(copy) == before
        assert tb_all(copy) == tb_all(source)
        with copy.read() as s:
            assert run_checks(s).ok
            assert audit.verify_chain(s) is None
    finally:
        copy.close()
    assert rows(source) == before  # the source is only read


@needs_pg
def test_round_trip_sqlite_to_postgresql_and_back(source: Book, tmp_path: Path) -> None:
    assert PG is not None
    before = rows(source)
    tbs = tb_all(source)
    with pg_database(PG) as url:
        to_pg = copy_book(source, url)
        assert to_pg.rows == sum(len(r) for r in before.values())
        server = Book.open(url)
        try:
            assert rows(server) == before
            assert tb_all(server) == tbs
            back = tmp_path / "回来.propdesk"
            result = copy_book(server, back)
            assert result.periods == to_pg.periods
            # the server's id sequences continue after the copied ids
            with server.write() as s:
                ref = ledger.post_voucher(s, v(date(2026, 7, 20), "复制后的第一张凭证",
                                               ("1001", 100, 0), ("1002", 0, 100)))  # fmt: skip
                new_id = s.execute(select(Voucher.id).where(
                    Voucher.summary == "复制后的第一张凭证")).scalar_one()  # fmt: skip
                audit_max = s.execute(select(func.max(AuditEntry.id))).scalar()
            assert new_id == max(r[0] for r in before["voucher"]) + 1
            assert audit_max == max(r[0] for r in before["audit_log"]) + 1
            assert ref.number >= 1
            with server.read() as s:
                assert run_checks(s).ok
        finally:
            server.close()
    copy = Book.open(back)
    try:
        assert rows(copy) == before
        assert tb_all(copy) == tbs
        with copy.read() as s:
            assert run_checks(s).ok
    finally:
        copy.close()


@needs_pg
def test_postgresql_to_postgresql(book: Book) -> None:
    """The `book` fixture is itself a server book under PROPDESK_TEST_PG."""
    assert PG is not None
    with book.write() as s:
        ledger.post_voucher(s, v(date(2026, 3, 2), "收现金", ("1001", 500, 0), ("500101", 0, 500)))
    with pg_database(PG) as url:
        result = copy_book(book, url)
        assert result.periods == (202603,)
        other = Book.open(url)
        try:
            assert rows(other) == rows(book)
        finally:
            other.close()


# -- refusals leave the target unchanged --------------------------------------------------------
def test_a_sqlite_target_that_holds_a_book_is_refused_unchanged(
    source: Book, tmp_path: Path
) -> None:
    target = tmp_path / "已有.propdesk"
    create_book(target).close()
    digest = file_digest(target)
    with pytest.raises(UserError, match="已有数据表"):
        copy_book(source, target)
    assert file_digest(target) == digest
    notes = tmp_path / "notes.txt"
    notes.write_text("我的笔记", encoding="utf-8")
    with pytest.raises(UserError, match="已有数据表"):
        copy_book(source, notes)
    assert notes.read_text(encoding="utf-8") == "我的笔记"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "已有.propdesk"]


def test_an_empty_sqlite_file_is_a_fine_target(tmp_path: Path) -> None:
    src = create_book(tmp_path / "a.propdesk")
    try:
        target = tmp_path / "empty.db"
        target.touch()
        result = copy_book(src, target)
        assert result.periods == ()
        assert rows(Book.open(target)) == rows(src)
    finally:
        src.close()


@needs_pg
def test_a_server_target_that_holds_tables_is_refused_unchanged(source: Book) -> None:
    assert PG is not None
    with pg_database(PG) as url:
        engine = create_engine(url, poolclass=NullPool)
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE notes (id integer PRIMARY KEY, body text)"))
            conn.execute(text("INSERT INTO notes VALUES (1, '我的笔记')"))
        with pytest.raises(UserError, match="已有数据表"):
            copy_book(source, url)
        with engine.connect() as conn:
            assert inspect(conn).get_table_names() == ["notes"]
            assert conn.execute(text("SELECT body FROM notes")).scalar() == "我的笔记"
        engine.dispose()


def test_a_source_that_is_not_a_book_is_refused(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("不是账套", encoding="utf-8")
    with pytest.raises(NotABook):
        open_source(notes)
    with pytest.raises(NotABook):
        open_source(tmp_path / "missing.propdesk")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@needs_pg
def test_an_empty_server_database_is_not_a_book(tmp_path: Path) -> None:
    assert PG is not None
    with pg_database(PG) as url:
        with pytest.raises(NotABook):
            open_source(url)
        engine = create_engine(url, poolclass=NullPool)
        with engine.connect() as conn:
            assert inspect(conn).get_table_names() == []  # nothing was created on the way
        engine.dispose()


def test_an_older_source_is_refused_and_not_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.propdesk"
    engine = store.make_engine(store.to_url(path))
    store.upgrade(engine, "0006")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO book_meta (key, value) VALUES ('application', 'propdesk')"))
        old = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    engine.dispose()
    digest = file_digest(path)
    with pytest.raises(UserError, match="请先用本程序打开它"):
        open_source(path)
    assert file_digest(path) == digest
    assert old != store.head_revision()


def test_the_same_book_is_refused(source: Book) -> None:
    assert source.path is not None
    with pytest.raises(UserError, match="同一个"):
        copy_book(source, source.path)


def test_cancel_leaves_no_file(source: Book, tmp_path: Path) -> None:
    target = tmp_path / "cancelled.propdesk"
    progress = Progress()
    progress._on_report = lambda done, _t, _x: progress.cancel() if done > 1000 else None
    with pytest.raises(Cancelled):
        copy_book(source, target, progress, batch=500)
    assert list(tmp_path.iterdir()) == []


@needs_pg
def test_cancel_on_a_server_leaves_an_empty_database(source: Book) -> None:
    assert PG is not None
    with pg_database(PG) as url:
        progress = Progress()
        progress._on_report = lambda done, _t, _x: progress.cancel() if done > 1000 else None
        with pytest.raises(Cancelled):
            copy_book(source, url, progress, batch=500)
        engine = create_engine(url, poolclass=NullPool)
        with engine.connect() as conn:
            assert inspect(conn).get_table_names() == []  # not even the schema
        engine.dispose()
        copy_book(source, url)  # and the database is still a fine target


def test_a_clerk_may_not_copy_the_book(tmp_path: Path) -> None:
    src = create_book(tmp_path / "a.propdesk")
    try:
        src.act_as("小李", "clerk")
        with pytest.raises(UserError, match=r"^用户「小李」（收费员）无权复制整个账套$"):
            copy_book(src, tmp_path / "b.propdesk")
        assert not (tmp_path / "b.propdesk").exists()
    finally:
        src.close()


def test_a_server_url_is_shown_without_its_password() -> None:
    shown = display("postgresql+psycopg://clerk:s3cret@db.example:5432/propdesk")
    assert "s3cret" not in shown and "clerk" in shown and "db.example" in shown


def test_a_copy_that_fails_verification_is_undone(
    source: Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from propdesk.services import check

    real = check.run_checks

    def failing(session):  # type: ignore[no-untyped-def]
        report = real(session)
        return check.CheckReport((("vouchers balance", "凭证 X 借贷不平"),), report.checks_run)

    monkeypatch.setattr(check, "run_checks", failing)
    target = tmp_path / "bad.propdesk"
    with pytest.raises(UserError, match=r"未通过检查.*凭证 X 借贷不平"):
        copy_book(source, target)
    assert list(tmp_path.iterdir()) == []
    if PG is not None:
        with pg_database(PG) as url:
            with pytest.raises(UserError, match="未通过检查"):
                copy_book(source, url)
            engine = create_engine(url, poolclass=NullPool)
            with engine.connect() as conn:
                assert inspect(conn).get_table_names() == []
            engine.dispose()


def test_an_unreachable_server_is_named_without_its_password(tmp_path: Path) -> None:
    url = "postgresql+psycopg://clerk:s3cret@127.0.0.1:1/wy"  # nothing listens on port 1
    for attempt in (lambda: Book.open(url), lambda: open_source(url)):
        with pytest.raises(NotABook) as caught:
            attempt()
        assert str(caught.value).startswith(
            "无法连接数据库：postgresql+psycopg://clerk:***@127.0.0.1:1/wy"
        )
        assert "s3cret" not in str(caught.value)
    src = create_book(tmp_path / "a.propdesk")
    try:
        with pytest.raises(EnvironmentFailure, match="无法连接数据库") as caught2:
            copy_book(src, url)
        assert "s3cret" not in str(caught2.value)
    finally:
        src.close()


def test_a_new_file_in_a_new_folder(tmp_path: Path) -> None:
    src = create_book(tmp_path / "a.propdesk")
    try:
        result = copy_book(src, tmp_path / "新文件夹" / "b.propdesk")
        assert result.rows == sum(len(r) for r in rows(src).values())
        assert (tmp_path / "新文件夹" / "b.propdesk").exists()
    finally:
        src.close()


@needs_pg
def test_rows_the_server_refuses_are_named_and_nothing_is_written(tmp_path: Path) -> None:
    """SQLite keeps text longer than its column; PostgreSQL does not."""
    assert PG is not None
    src = create_book(tmp_path / "a.propdesk")
    try:
        with src.write() as s:
            registry.add_compound(s, "幸福里小区")
        with src.engine.begin() as conn:
            conn.execute(text("UPDATE compound SET name = :n"), {"n": "长" * 150})
        with pg_database(PG) as url:
            with pytest.raises(UserError, match="目标数据库拒收表 compound 中 id 1–1 的行"):
                copy_book(src, url)
            engine = create_engine(url, poolclass=NullPool)
            with engine.connect() as conn:
                assert inspect(conn).get_table_names() == []
            engine.dispose()
    finally:
        src.close()
