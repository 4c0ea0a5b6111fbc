"""Copying a whole book between SQLite files and PostgreSQL databases, in either direction.

`copy_book(source, target)` gives the target the schema by the same migrations (at head: the
source must be at head too, it is never upgraded here), copies every table in foreign-key order
keeping ids, in batches so memory stays flat, resets PostgreSQL's id sequences, and verifies the
copy before it commits: `check` passes and every period's trial balance equals the source's.
All of it is one transaction on the target (a SQLite target is built beside its final name and
moved into place), so a refused, failed or cancelled copy leaves no half book behind.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, insert, inspect, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session

from propdesk.core import roles
from propdesk.core.errors import NotABook, UserError
from propdesk.core.i18n import bilingual
from propdesk.core.messages import M
from propdesk.core.periods import fmt_period
from propdesk.core.progress import Progress, null_progress
from propdesk.db import store
from propdesk.db.models import AccountMonth, Base, Period
from propdesk.db.store import APPLICATION, Book, make_engine, to_url

BATCH = 2000  # rows per INSERT batch: memory stays flat whatever the size of the book

T_SAME = bilingual(
    "源账套和目标是同一个：{target}", "The source and the target are the same book: {target}"
)
T_NOT_EMPTY = bilingual(
    "目标中已有数据表，未写入任何内容：{target}（请给一个新文件或一个空数据库）",
    "The target already holds tables; nothing was written: {target} (give a new file or an empty database)",
)
T_TARGET_DIR = bilingual(
    "目标是一个文件夹，未写入任何内容：{target}",
    "The target is a folder; nothing was written: {target}",
)
T_OLD_SOURCE = bilingual(
    "源账套的结构版本 {current} 早于本程序的 {head}：请先用本程序打开它一次（打开时会先备份再升级），再复制",
    "The source book's schema {current} is older than this program's {head}: open it once with "
    "this program (it is backed up and upgraded on opening), then copy it",
)
T_CANNOT_CONNECT = M.cannot_connect
T_CHECK_FAILED = bilingual(
    "复制出的账套未通过检查，已撤销复制，目标未写入任何内容：{detail}",
    "The copy failed its check; the copy was undone and nothing was written to the target: {detail}",
)
T_TB_DIFFERS = bilingual(
    "复制出的账套 {period} 的科目余额表与源账套不同，已撤销复制，目标未写入任何内容",
    "The copy's trial balance for {period} differs from the source's; the copy was undone and "
    "nothing was written to the target",
)
T_ROWS_REFUSED = bilingual(
    "目标数据库拒收表 {table} 中 id {first}–{last} 的行，已撤销复制，目标未写入任何内容：{detail}",
    "The target refused rows {first}–{last} of table {table}; the copy was undone and nothing "
    "was written to the target: {detail}",
)
T_COPY_WHAT = bilingual("复制整个账套", "copy the whole book")
T_PROGRESS = bilingual("正在复制 {table}（共 {total} 行）", "Copying {table} ({total} rows in all)")
T_VERIFYING = bilingual("正在核对副本…", "Verifying the copy…")
T_COPIED = bilingual(
    "已复制账套：{source} → {target}（{tables} 张表，{rows} 行，{seconds:.1f} 秒）",
    "Copied the book: {source} → {target} ({tables} tables, {rows} rows, {seconds:.1f} s)",
)
T_VERIFIED = bilingual(
    "副本检查通过（{checks} 项）；{n} 个期间（{first} 至 {last}）的科目余额表与源账套逐期相同",
    "The copy passes check ({checks} checks); the trial balances of {n} periods ({first} to {last}) "
    "equal the source's, period by period",
)
T_VERIFIED_EMPTY = bilingual(
    "副本检查通过（{checks} 项）；账套中还没有会计期间",
    "The copy passes check ({checks} checks); the book has no accounting periods yet",
)


@dataclass(frozen=True, slots=True)
class CopyResult:
    source: str  # where from and to, as shown to the user (no password)
    target: str
    revision: str  # the schema revision of both
    tables: int
    rows: int
    checks_run: int  # `check` on the copy: every check passed
    periods: tuple[int, ...]  # the periods whose trial balances were compared (all equal)
    seconds: float

    def summary(self) -> list[str]:
        """What was copied and how it was verified, in the user's language (CLI and app)."""
        lines = [
            T_COPIED.format(source=self.source, target=self.target, tables=self.tables,
                            rows=f"{self.rows:,}", seconds=self.seconds)
        ]  # fmt: skip
        if self.periods:
            lines.append(T_VERIFIED.format(checks=self.checks_run, n=len(self.periods),
                                           first=fmt_period(self.periods[0]),
                                           last=fmt_period(self.periods[-1])))  # fmt: skip
        else:
            lines.append(T_VERIFIED_EMPTY.format(checks=self.checks_run))
        return lines


def display(target: str | os.PathLike[str]) -> str:
    """A book's place as shown to the user: the path, or the URL without its password."""
    if store.is_url(target):
        url = make_url(str(target))
        if url.drivername.startswith("sqlite"):
            return url.database or str(target)
        return url.render_as_string(hide_password=True)
    return str(target)


# -- the source -------------------------------------------------------------------------------
def _facts(engine: Engine) -> tuple[set[str], str | None, str | None]:
    """(tables, the application marker, the schema revision) of a database, read only."""
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        marker = current = None
        if "book_meta" in tables:
            marker = conn.execute(
                text("SELECT value FROM book_meta WHERE key = 'application'")
            ).scalar()
        if "alembic_version" in tables:
            current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        conn.rollback()
    return tables, marker, current


def open_source(target: str | os.PathLike[str], *, user: str = "admin") -> Book:
    """Open the book to copy without upgrading it: refused unless it is a book at this
    program's schema revision (an older one is upgraded by opening it in the app or the CLI,
    which backs it up first; copying never writes to the source)."""
    url = to_url(target)
    shown = display(target)
    path = store._sqlite_path(url)
    if path is not None:
        store._precheck_file(path, create=False)
    engine = make_engine(url)
    try:
        _tables, marker, current = _facts(engine)
    except OperationalError as exc:
        raise NotABook(T_CANNOT_CONNECT, path=shown, detail=_reason(exc)) from exc
    except DatabaseError as exc:
        raise NotABook(M.damaged_book, path=shown, detail=_reason(exc)) from exc
    finally:
        engine.dispose()
    if marker != APPLICATION:
        raise NotABook(M.not_a_book, path=shown)
    _require_head(current, shown)
    return Book.open(target, user=user)


def _require_head(current: str | None, shown: str) -> str:
    head = store.script_head() or store.head_revision()
    if current == head:
        return head
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(store.alembic_config())
    if current is None or not store._known_revision(scripts, current):
        raise NotABook(M.newer_book, path=shown)
    raise UserError(T_OLD_SOURCE, current=current, head=head)


def _reason(exc: DatabaseError) -> str:
    return str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else type(exc).__name__


# -- the target -------------------------------------------------------------------------------
def _check_target_file(path: Path, shown: str) -> None:
    """A SQLite target is a new file, an empty file or a SQLite file without tables."""
    if path.is_dir():
        raise UserError(T_TARGET_DIR, target=shown)
    if not path.exists() or path.stat().st_size == 0:
        return
    import sqlite3

    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:  # its tables may be in the log still
        raise UserError(T_NOT_EMPTY, target=shown)
    try:  # immutable: no lock taken, no -wal or -shm left beside the user's file
        con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            n = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError:
        n = 1  # not a SQLite file: something the user keeps there
    if n:
        raise UserError(T_NOT_EMPTY, target=shown)


def _remove_file(path: Path) -> None:
    for p in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        p.unlink(missing_ok=True)


def copy_book(
    source: Book,
    target: str | os.PathLike[str],
    progress: Progress | None = None,
    *,
    batch: int = BATCH,
) -> CopyResult:
    """Copy the open `source` book to `target` (a new SQLite file or an empty server database);
    see the module docstring. Raises UserError (nothing written) or `Cancelled`."""
    progress = progress or null_progress()
    started = time.monotonic()
    if source.role not in (None, roles.ADMIN):
        raise roles.PermissionDenied(
            roles.T_NOT_ALLOWED,
            user=source.user,
            role=roles.role_name(source.role),
            what=T_COPY_WHAT.format(),
        )
    dst_url = to_url(target)
    shown = display(target)
    if make_url(dst_url) == make_url(source.url):
        raise UserError(T_SAME, target=shown)
    _tables, _marker, current = _facts(source.engine)
    revision = _require_head(current, display(source.url))
    path = store._sqlite_path(dst_url)
    if path is None:
        # a company of a city database (?company=): its schema first, dropped again if the
        # copy fails (the schema's contents are the copy's one transaction)
        made = store.make_schema(dst_url)
        engine = make_engine(dst_url)
        try:
            counts = _copy(source, engine, shown, progress, batch, migrate=True)
        except BaseException:
            engine.dispose()
            if made:
                store.drop_empty_schema(dst_url)
            raise
        engine.dispose()
    else:
        _check_target_file(path, shown)
        path.parent.mkdir(parents=True, exist_ok=True)
        work = path.with_name(path.name + ".copying")
        _remove_file(work)
        engine = make_engine(to_url(work))
        try:
            store.upgrade(engine)
            counts = _copy(source, engine, shown, progress, batch, migrate=False)
            engine.dispose()
            os.replace(work, path)
        except BaseException:
            engine.dispose()
            _remove_file(work)
            raise
    rows, checks_run, periods = counts
    return CopyResult(
        source=display(source.url),
        target=shown,
        revision=revision,
        tables=len(Base.metadata.sorted_tables),
        rows=rows,
        checks_run=checks_run,
        periods=periods,
        seconds=time.monotonic() - started,
    )


def _copy(
    source: Book, engine: Engine, shown: str, progress: Progress, batch: int, *, migrate: bool
) -> tuple[int, int, tuple[int, ...]]:
    tables = Base.metadata.sorted_tables  # parents before children
    with source.engine.connect() as src, _connect(engine, shown) as dst:
        if src.dialect.name == "postgresql":  # one snapshot of the whole source
            src.execution_options(isolation_level="REPEATABLE READ")
        src.begin()
        dst.execution_options(propdesk_write=True)  # the book's write lock, as for any write
        dst.begin()
        if migrate:  # a server target: the schema in the same transaction as the rows
            if inspect(dst).get_table_names():
                raise UserError(T_NOT_EMPTY, target=shown)
            from alembic import command

            cfg = store.alembic_config()
            cfg.attributes["connection"] = dst
            command.upgrade(cfg, "head")
        counts = {
            t.name: int(src.execute(select(func.count()).select_from(t)).scalar_one())
            for t in tables
        }
        total = sum(counts.values())
        done = 0
        progress.report(0, total, "")
        for t in tables:
            done = _copy_table(src, dst, t, counts[t.name], done, total, progress, batch)
        if dst.dialect.name == "postgresql":
            _reset_sequences(dst, tables)
        progress.report(done, total, T_VERIFYING.format())
        checks_run, periods = _verify(src, dst)
        progress.check()  # the last moment a cancel is honoured: after this the copy stands
        dst.commit()
        src.rollback()
    return total, checks_run, periods


def _connect(engine: Engine, shown: str) -> Connection:
    try:
        return engine.connect()
    except OperationalError as exc:
        raise NotABook(T_CANNOT_CONNECT, path=shown, detail=_reason(exc)) from exc


def _copy_table(
    src: Connection,
    dst: Connection,
    t: Table,
    count: int,
    done: int,
    total: int,
    progress: Progress,
    batch: int,
) -> int:
    if not count:
        return done
    pk = list(t.primary_key.columns)
    # A row may point at a later row of its own table (a replaced ballot at its replacement):
    # such links are written once the whole table is in.
    self_refs = [fk.parent.name for fk in t.foreign_keys if fk.column.table is t]
    later: list[tuple[Any, str, Any]] = []
    text_ = T_PROGRESS.format(table=t.name, total=f"{count:,}")
    result = src.execution_options(yield_per=batch).execute(select(t).order_by(*pk))
    for part in result.partitions():
        progress.check()
        rows = [dict(r._mapping) for r in part]
        for row in rows:
            for col in self_refs:
                ref = row[col]
                if ref is not None and ref > row[pk[0].name]:
                    later.append((row[pk[0].name], col, ref))
                    row[col] = None
        try:
            dst.execute(insert(t), rows)
        except DatabaseError as exc:  # e.g. text longer than its column, which SQLite allows
            first, last = rows[0][pk[0].name], rows[-1][pk[0].name]
            raise UserError(
                T_ROWS_REFUSED, table=t.name, first=first, last=last, detail=_reason(exc)
            ) from exc
        done += len(rows)
        progress.report(done, total, text_)
    result.close()
    for key, col, ref in later:
        dst.execute(update(t).where(pk[0] == key).values({col: ref}))
    return done


def _reset_sequences(dst: Connection, tables: list[Table]) -> None:
    """The next id a server hands out follows the copied ones (setval to max(id))."""
    for t in tables:
        pk = list(t.primary_key.columns)
        if len(pk) != 1:
            continue
        seq = dst.execute(
            text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": t.name, "c": pk[0].name}
        ).scalar()
        if seq is None:
            continue
        top = dst.execute(select(func.max(pk[0]))).scalar()
        dst.execute(
            text("SELECT setval(:s, :v, :called)"),
            {"s": seq, "v": top if top is not None else 1, "called": top is not None},
        )


def _verify(src: Connection, dst: Connection) -> tuple[int, tuple[int, ...]]:
    """`check` on the copy, and every period's trial balance equal to the source's."""
    from propdesk.services import ledger
    from propdesk.services.check import run_checks

    with Session(bind=src) as s, Session(bind=dst) as d:
        report = run_checks(d)
        if not report.ok:
            detail = "; ".join(f"[{name}] {msg}" for name, msg in report.violations[:5])
            raise UserError(T_CHECK_FAILED, detail=detail)
        periods = sorted(
            set(s.execute(select(Period.period)).scalars())
            | set(s.execute(select(AccountMonth.period).distinct()).scalars())
        )
        for p in periods:
            if ledger.trial_balance(s, p) != ledger.trial_balance(d, p):
                raise UserError(T_TB_DIFFERS, period=fmt_period(p))
        if periods and ledger.trial_balance(s, periods[0], periods[-1]) != ledger.trial_balance(
            d, periods[0], periods[-1]
        ):
            raise UserError(
                T_TB_DIFFERS, period=f"{fmt_period(periods[0])}–{fmt_period(periods[-1])}"
            )
    return report.checks_run, tuple(periods)
