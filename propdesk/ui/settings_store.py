"""App-scoped settings in QSettings (language, window state, recent books), book-scoped in the book.

The declarations live in `propdesk.core.settings`; this module only stores and loads values.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from propdesk.core import settings as defs
from propdesk.db.store import Book
from propdesk.services.books import get_meta, set_meta

ORG = "propdesk"
APP = "propdesk"
MAX_RECENT = 8


class AppSettings:
    """Typed access to the QSettings of the program (not of a book)."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.q = qsettings if qsettings is not None else QSettings(ORG, APP)

    @classmethod
    def at(cls, path: str | os.PathLike[str]) -> AppSettings:
        """Settings kept in one INI file (tests, portable installs)."""
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    # -- declared settings ---------------------------------------------------------------
    def get(self, key: str) -> object:
        d = defs.setting(key)
        assert d.scope == "app", key
        raw = self.q.value(f"settings/{key}")
        return d.load(None if raw is None else str(raw))

    def set(self, key: str, value: object) -> None:
        d = defs.setting(key)
        assert d.scope == "app", key
        self.q.setValue(f"settings/{key}", d.dump(value))

    @property
    def language(self) -> str:
        return str(self.get("language"))

    # -- window and books ----------------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        value = self.q.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, data: QByteArray) -> None:
        self.q.setValue("window/geometry", data)

    def window_state(self) -> QByteArray | None:
        value = self.q.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def set_window_state(self, data: QByteArray) -> None:
        self.q.setValue("window/state", data)

    @property
    def last_page(self) -> str | None:
        value = self.q.value("window/last_page")
        return str(value) if value else None

    @last_page.setter
    def last_page(self, key: str) -> None:
        self.q.setValue("window/last_page", key)

    def table_state(self, name: str) -> QByteArray | None:
        value = self.q.value(f"tables/{name}")
        return value if isinstance(value, QByteArray) else None

    def set_table_state(self, name: str, data: QByteArray) -> None:
        self.q.setValue(f"tables/{name}", data)

    def recent_books(self) -> list[str]:
        value = self.q.value("books/recent")
        if value is None:
            return []
        items = [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
        return [str(v) for v in items if v]

    def add_recent_book(self, target: str | os.PathLike[str]) -> None:
        target = str(target)
        items = [t for t in self.recent_books() if t != target]
        self.q.setValue("books/recent", [target, *items][:MAX_RECENT])
        self.q.setValue("books/last", target)

    def remove_recent_book(self, target: str) -> None:
        self.q.setValue("books/recent", [t for t in self.recent_books() if t != target])

    def clear_recent_books(self) -> None:
        self.q.setValue("books/recent", [])

    @property
    def last_book(self) -> str | None:
        value = self.q.value("books/last")
        return str(value) if value else None

    def forget_last_book(self) -> None:
        self.q.remove("books/last")

    def sync(self) -> None:
        self.q.sync()


# -- book-scoped values -------------------------------------------------------------------------
def load_book_settings(book: Book) -> dict[str, object]:
    with book.read() as s:
        return defs.load_all(defs.in_scope("book"), lambda k: get_meta(s, k))


def save_book_settings(book: Book, values: Mapping[str, object]) -> None:
    """Validate everything, then write all values in one transaction (nothing on any problem)."""
    from propdesk.core.errors import ValidationError

    ValidationError.collect(defs.validate(values))
    with book.write() as s:
        for key, value in values.items():
            d = defs.setting(key)
            assert d.scope == "book", key
            set_meta(s, key, d.dump(value))


def book_file_name(target: str) -> str:
    return Path(target).name if "://" not in target else target
