"""Where the command-line tests make their books: a new file in the test's folder, or, with
PROPDESK_TEST_PG set, an empty database on that server (dropped afterwards), so the second
pass of .ci/run really runs the commands on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.conftest import PG, pg_database

NewTarget = Callable[[str], str]


@pytest.fixture
def new_target(tmp_path: Path) -> Iterator[NewTarget]:
    """new_target("a.db"): a place for a new book, for `propdesk --book ... init`: the file
    tmp_path / name, or a fresh empty server database under PROPDESK_TEST_PG."""
    with ExitStack() as stack:

        def make(name: str) -> str:
            if PG is None:
                return str(tmp_path / name)
            return stack.enter_context(pg_database(PG))

        yield make


@pytest.fixture
def target(new_target: NewTarget) -> str:
    """One place for a new book (see `new_target`)."""
    return new_target("a.db")
