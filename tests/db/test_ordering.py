"""`by_code`: text in ORDER BY compared by character code on both backends."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from propdesk.db.models import Compound
from propdesk.db.ordering import by_code
from propdesk.db.store import Book
from propdesk.services import registry


def test_it_is_the_column_on_sqlite_and_the_c_collation_on_postgresql() -> None:
    q = select(Compound.id).order_by(by_code(Compound.name), by_code(Compound.name).desc())
    assert str(q.compile(dialect=sqlite.dialect())).endswith(
        "ORDER BY compound.name, compound.name DESC"
    )
    assert str(q.compile(dialect=postgresql.dialect())).endswith(
        'ORDER BY compound.name COLLATE "C", compound.name COLLATE "C" DESC'
    )


def test_compounds_are_listed_by_character_code(book: Book) -> None:
    with book.write() as s:
        for name in ("纺织厂宿舍", "和平新村", "幸福里小区", "Zeta", "alpha"):
            registry.add_compound(s, name)
    with book.read() as s:
        names = list(s.execute(select(Compound.name).order_by(by_code(Compound.name))).scalars())
    assert names == ["Zeta", "alpha", "和平新村", "幸福里小区", "纺织厂宿舍"]
