"""Shared fixtures: a fresh book on a temp file, a write session, English/Chinese switching."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from propdesk.core import i18n
from propdesk.db.store import Book
from propdesk.services.books import create_book


@pytest.fixture(autouse=True)
def _chinese_by_default() -> Iterator[None]:
    i18n.set_language(i18n.ZH)
    yield
    i18n.set_language(i18n.ZH)


@pytest.fixture
def book_path(tmp_path: Path) -> Path:
    return tmp_path / "book.db"


@pytest.fixture
def book(book_path: Path) -> Iterator[Book]:
    b = create_book(book_path, company_name="测试社区物业服务有限公司")
    yield b
    b.close()
