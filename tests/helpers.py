"""Test helpers shared across test packages: snapshots of a book's rows, voucher builders."""

from __future__ import annotations

from datetime import date

from sqlalchemy import inspect, text

from propdesk.db.store import Book
from propdesk.services.ledger import Line, NewVoucher


def snapshot(book: Book) -> dict[str, list[tuple]]:
    """Every row of every table, to prove a refused action changed nothing."""
    out = {}
    with book.engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            out[table] = [
                tuple(r) for r in conn.execute(text(f'SELECT * FROM "{table}" ORDER BY 1'))
            ]
        conn.rollback()
    return out


def v(day: date, summary: str, *lines: tuple[str, int, int]) -> NewVoucher:
    """v(date, '摘要', ('1001', 100, 0), ('5001', 0, 100))"""
    return NewVoucher(day, summary, [Line(a, debit=d, credit=c) for a, d, c in lines])
