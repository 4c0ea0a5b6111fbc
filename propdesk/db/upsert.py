"""Dialect-aware bulk writes shared by services: insert-if-missing and add-to-existing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def _insert(session: Session, table: Table) -> Any:
    name = session.get_bind().dialect.name
    if name == "postgresql":
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
    stmt = _insert(session, table)
    stmt = stmt.on_conflict_do_update(
        index_elements=list(keys),
        set_={c: table.c[c] + stmt.excluded[c] for c in adds},
    )
    session.execute(stmt, list(rows))


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
    stmt = insert(table).returning(table.c.id, *(table.c[k] for k in key))
    ids: dict[tuple[Any, ...], list[int]] = {}
    for new_id, *k in sorted(session.execute(stmt, list(rows)), reverse=True):
        ids.setdefault(tuple(k), []).append(new_id)
    return [ids[tuple(r[k] for k in key)].pop() for r in rows]
