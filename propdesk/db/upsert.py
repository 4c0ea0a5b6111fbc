"""Dialect-aware bulk writes shared by services: insert-if-missing and add-to-existing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table
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
