"""Text sorted the same on every backend: by character code, as SQLite does, also on a
PostgreSQL database made with another collation (zh_CN.UTF-8 or ICU zh sorts names by pinyin)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal


class by_code(ColumnElement[Any]):
    """`col` in ORDER BY, compared by character code: `col COLLATE "C"` on PostgreSQL."""

    inherit_cache = True
    _traverse_internals = [("col", InternalTraversal.dp_clauseelement)]  # noqa: RUF012

    def __init__(self, col: ColumnElement[Any] | QueryableAttribute[Any]) -> None:
        self.col = col.__clause_element__() if isinstance(col, QueryableAttribute) else col
        self.type = self.col.type


@compiles(by_code)
def _plain(element: by_code, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.col, **kw))


@compiles(by_code, "postgresql")
def _c_collation(element: by_code, compiler: Any, **kw: Any) -> str:
    return f'{compiler.process(element.col, **kw)} COLLATE "C"'
