"""Dialect-aware bulk writes shared by services: insert-if-missing and add-to-existing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session


def _insert(session: Session, table: Table) -> Any:
    name = session.get_bind().dialect.name
    if name == "postgresql":
        # imported only for a server book: 47 ms of every command's start-up otherwise
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table)
    return sqlite.insert(table)


def insert_ignore(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        session.execute(_insert(session, table).on_conflict_do_nothing(), list(rows))


def upsert_add(
    session: Session,
    table: Table,
    keys: Sequence[str],
    adds: Sequence[str],
    rows: Sequence[dict[str, Any]],
) -> None:
    """Insert rows; where the key exists, add the `adds` columns to what is there."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    key = (dialect, table.name, tuple(keys), tuple(adds))
    stmt = _UPSERTS.get(key)
    if stmt is None:  # building the statement cost ~3 ms a call (500 calls in a city's billing)
        stmt = _insert(session, table)
        stmt = _UPSERTS[key] = stmt.on_conflict_do_update(
            index_elements=list(keys),
            set_={c: table.c[c] + stmt.excluded[c] for c in adds},
        )
    session.execute(stmt, list(rows))


_UPSERTS: dict[tuple[str, str, tuple[str, ...], tuple[str, ...]], Any] = {}


def insert_returning_ids(
    session: Session, table: Table, rows: Sequence[dict[str, Any]], key: Sequence[str]
) -> list[int]:
    """INSERT many rows with RETURNING, batched; the new ids in the order of `rows`.

    Ids are matched to rows by `key` (unique per row, or rows with equal keys are equal but for
    their ids), because SQL does not promise RETURNING order, and asking SQLAlchemy to sort
    (sort_by_parameter_order) makes SQLite insert row by row.
    """
    if not rows:
        return []
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        prepared = _driver_rows(conn, table, rows)
        if prepared is not None:
            return _sqlite_returning_ids(conn, table, *prepared, key)
    stmt = insert(table).returning(table.c.id, *(table.c[k] for k in key))
    ids: dict[tuple[Any, ...], list[int]] = {}
    for new_id, *k in sorted(session.execute(stmt, list(rows)), reverse=True):
        ids.setdefault(tuple(k), []).append(new_id)
    return [ids[tuple(r[k] for k in key)].pop() for r in rows]


# SQLite's limit on bound parameters per statement is 32,766 (3.32+); keep well below it.
_SQLITE_PARAMS = 30_000


def _driver_rows(
    conn: Any, table: Table, rows: Sequence[dict[str, Any]]
) -> tuple[list[str], list[tuple[Any, ...]]] | None:
    """`rows` as the tuples the SQLite driver stores: each value through its column's bind
    processor (dates to text, Fen refusing non-int), missing columns given their scalar
    defaults, as Core would. None when the rows do not all name the same columns (Core then
    does it)."""
    names = list(rows[0])
    keys = set(names)
    if any(len(r) != len(names) or r.keys() != keys for r in rows):
        return None
    extra = [c for c in table.c if c.name not in keys and c.default is not None]
    if any(not c.default.is_scalar for c in extra):  # type: ignore[union-attr]
        return None
    dialect = conn.dialect
    procs = [table.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names]
    fills = []
    for c in extra:
        proc = c.type.dialect_impl(dialect).bind_processor(dialect)
        v = c.default.arg  # type: ignore[union-attr]
        fills.append(proc(v) if proc is not None and v is not None else v)
    cols = names + [c.name for c in extra]
    work = [(i, proc) for i, proc in enumerate(procs) if proc is not None]
    tail = tuple(fills)
    out = []
    for r in rows:
        vals = [r[n] for n in names]
        for i, proc in work:
            if vals[i] is not None:
                vals[i] = proc(vals[i])
        out.append((*vals, *tail))
    return cols, out


def _sqlite_returning_ids(
    conn: Any, table: Table, cols: list[str], rows: list[tuple[Any, ...]], key: Sequence[str]
) -> list[int]:
    """Multi-row INSERT ... RETURNING straight through the driver (SQLAlchemy's per-row
    parameter handling cost more than SQLite's insert: half of a roster's writing time)."""
    names = ", ".join(f'"{c}"' for c in cols)
    one = f"({', '.join('?' * len(cols))})"
    per = max(1, _SQLITE_PARAMS // len(cols))
    at = [cols.index(k) for k in key]
    returning = ", ".join(f'"{k}"' for k in ("id", *key))
    back: list[Any] = []
    for start in range(0, len(rows), per):
        part = rows[start : start + per]
        sql = (f'INSERT INTO "{table.name}" ({names}) VALUES {", ".join([one] * len(part))} '
               f"RETURNING {returning}")  # fmt: skip
        back += conn.exec_driver_sql(sql, tuple(v for r in part for v in r)).all()
    ids: dict[tuple[Any, ...], list[int]] = {}
    for new_id, *k in sorted(back, reverse=True):
        ids.setdefault(tuple(k), []).append(new_id)
    return [ids[tuple(r[i] for i in at)].pop() for r in rows]


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT many rows given as dicts; on SQLite as tuples through the driver's executemany."""
    if not rows:
        return
    conn = session.connection()
    prepared = _driver_rows(conn, table, rows) if conn.dialect.name == "sqlite" else None
    if prepared is None:
        session.execute(insert(table), list(rows))
        return
    cols, tuples = prepared
    names = ", ".join(f'"{c}"' for c in cols)
    conn.exec_driver_sql(
        f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("?" * len(cols))})', tuples
    )


class TupleInsert:
    """INSERT of many rows given as tuples in `columns` order.

    On SQLite the tuples go straight to the driver's executemany: SQLAlchemy's per-row
    parameter handling costs more than SQLite's own insert on batches of thousands of rows.
    Values must then be what the driver stores: `value(column, v)` binds one with the column's
    own bind processor (do it once for a value every row shares: a date, a timestamp). Money
    columns (Fen) are still checked to be int. Other dialects go through Core unchanged.
    """

    def __init__(self, session: Session, table: Table, columns: Sequence[str]) -> None:
        self.session = session
        self.table = table
        self.columns = tuple(columns)
        self.conn = session.connection()
        self.fast = self.conn.dialect.name == "sqlite"
        self.money = [i for i, c in enumerate(self.columns) if _is_money(table.c[c])]
        names = ", ".join(f'"{c}"' for c in self.columns)
        self.sql = (
            f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("?" * len(self.columns))})'
        )

    def value(self, column: str, v: Any) -> Any:
        if not self.fast or v is None:
            return v
        col = self.table.c[column]
        proc = col.type.dialect_impl(self.conn.dialect).bind_processor(self.conn.dialect)
        return proc(v) if proc is not None else v

    def insert(self, rows: Sequence[tuple[Any, ...]]) -> None:
        if not rows:
            return
        for i in self.money:
            for r in rows:
                if type(r[i]) is not int:
                    raise TypeError(f"money must be int fen, got {type(r[i]).__name__}: {r[i]!r}")
        if self.fast:
            self.conn.exec_driver_sql(self.sql, list(rows))
        else:
            self.session.execute(
                insert(self.table), [dict(zip(self.columns, r, strict=True)) for r in rows]
            )


def _is_money(column: Any) -> bool:
    from propdesk.db.models import Fen

    return isinstance(column.type, Fen)
