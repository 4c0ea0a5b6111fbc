"""Every page and tab of the desktop app on a server book holding the demo company: each lists
the demo's rows, in the same order and with the same texts as the same book copied into a
file (also when the server's database sorts text by pinyin), refreshes (F5 and after a write)
and nothing crashes. Runs with PROPDESK_TEST_PG only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QWidget
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from propdesk.services import demo, registry
from propdesk.services.book_copy import copy_book
from propdesk.services.books import create_book
from propdesk.ui import screenshots
from propdesk.ui.main_window import MainWindow
from propdesk.ui.pages import PAGES
from propdesk.ui.signals import signals
from tests.conftest import PG, pg_database

from .conftest import open_in

pytestmark = pytest.mark.skipif(PG is None, reason="needs PROPDESK_TEST_PG (a PostgreSQL server)")

TODAY = date(2026, 4, 10)  # December to April; January to March closed, Q1's surplus allocated
SHOWN = 1000  # rows compared per table (every row loaded: an ordering difference shows)

Table = tuple[int, list[tuple[str, ...]]]  # (row count, the first rows' display texts)


def chinese_collation(server: str) -> str:
    """CREATE DATABASE options for a database sorting text the Chinese way (pinyin, ICU's
    zh-Hans-CN) as one made on a Chinese machine does; none where the server cannot."""
    engine = create_engine(server, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            version = int(conn.execute(text("SHOW server_version_num")).scalar_one())
            icu = conn.execute(
                text("SELECT count(*) FROM pg_collation WHERE collname = 'zh-Hans-CN-x-icu'")
            ).scalar_one()
    finally:
        engine.dispose()
    if version < 150000 or not icu:
        return ""
    return "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'zh-Hans-CN' LOCALE 'C.UTF-8'"


@pytest.fixture(scope="module")
def _demo_template() -> Iterator[str]:
    """A server database holding the demo, made once per test process; each test's book is a
    copy of it (CREATE DATABASE ... TEMPLATE). It sorts text by pinyin where the server can, so
    a list ordered by the database's collation shows as different from the file below."""
    assert PG is not None
    with pg_database(PG, options=chinese_collation(PG)) as url:
        book = create_book(url)
        demo.fill(book, today=TODAY)
        book.close()
        yield str(make_url(url).database)


@pytest.fixture
def demo_url(_demo_template: str) -> Iterator[str]:
    assert PG is not None
    with pg_database(PG, template=_demo_template) as url:
        yield url


@pytest.fixture
def on_demo(qtbot: Any, demo_url: str, window: MainWindow) -> MainWindow:
    """The window with the demo open from the server (closed before its database is dropped)."""
    assert open_in(qtbot, window, demo_url) is not None
    assert window.book is not None and window.book.path is None
    return window


def tables(page: QWidget) -> list[Table]:
    """Each visible list or tree of the page: its row count and its first rows' texts."""
    out = []
    for view in page.findChildren(QAbstractItemView):
        model = view.model()
        if isinstance(view, QHeaderView) or model is None or not view.isVisible():
            continue
        rows = [
            tuple(
                str(model.index(r, c).data(Qt.ItemDataRole.DisplayRole) or "")
                for c in range(model.columnCount())
            )
            for r in range(min(model.rowCount(), SHOWN))
        ]
        out.append((model.rowCount(), rows))
    return out


def walk(window: MainWindow, out: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Every page and every tab through the screenshot walk (its wizards left out: they run
    on a copy in a file); each shot's name -> the tables its page showed."""
    seen: dict[str, Any] = {}

    def look(path: Path, _widget: QWidget) -> None:
        seen[path.stem] = tables(window.stack.currentWidget())

    monkeypatch.setattr(screenshots, "render_wizards", lambda *_a: [])
    files = screenshots.render_pages(window, out, look=look)
    assert len(files) == len(seen) > len(PAGES)
    return seen


def shot_name(n: int, key: str, tab: int | None) -> str:
    return f"zh_CN-{n:02d}-{key}" + ("" if tab is None else f"-{tab + 1}")


def test_every_page_and_tab_lists_the_demo_as_its_copy_in_a_file_does(
    qtbot: Any, on_demo: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = walk(on_demo, tmp_path / "server", monkeypatch)
    # every page lists demo rows on one of its tabs at least (a few tabs are empty on the
    # demo, e.g. late fees); the tabs are compared with the file below
    for n, spec in enumerate(PAGES, start=1):
        tabs = screenshots.page_tabs(on_demo.pages[spec.key])
        names = [shot_name(n, spec.key, t) for t in [None, *range(tabs.count() if tabs else 0)]]
        counts = [count for name in names for count, _rows in server[name]]
        if spec.key != "settings":  # a form, no list
            assert counts and max(counts) > 0, (spec.key, counts)
    # the pages with the most rows, as a clerk would count them: the first compound's 420 units,
    # and the demo's four compounds (three under contract, one on trial service)
    assert [c for c, _ in server[shot_name(2, "compounds", None)]] == [420, 4]
    assert [c for c, _ in server[shot_name(7, "arrears", None)]] == [4, 555]
    assert [c for c, _ in server[shot_name(12, "ledger", 0)]] == [500]  # the first page of rows

    # the same book in a file: the same rows in the same order with the same texts
    book = on_demo.book
    assert book is not None
    copy_book(book, tmp_path / "副本.propdesk")
    on_demo.close_book()
    assert open_in(qtbot, on_demo, tmp_path / "副本.propdesk") is not None
    file = walk(on_demo, tmp_path / "file", monkeypatch)
    assert file.keys() == server.keys()
    for name in server:
        assert server[name] == file[name], name


def test_every_page_refreshes_on_a_server_book(on_demo: MainWindow) -> None:
    before: dict[str, list[Table]] = {}
    for spec in PAGES:
        on_demo.show_page(spec.key)
        before[spec.key] = tables(on_demo.pages[spec.key])
    for spec in PAGES:  # F5 reads the book again: the same rows
        on_demo.show_page(spec.key)
        on_demo.act_refresh.trigger()
        assert tables(on_demo.pages[spec.key]) == before[spec.key], spec.key

    book = on_demo.book
    assert book is not None
    on_demo.show_page("compounds")
    with book.write() as s:
        registry.add_compound(s, "新华小区")
    signals().data_changed.emit()  # as an operation's completion does
    page = on_demo.pages["compounds"]
    assert [c for c, _ in tables(page)] == [420, 5]  # the demo's four and 新华小区


def test_backup_and_restore_are_greyed_and_closing_a_written_server_book_copies_nothing(
    on_demo: MainWindow,
) -> None:
    assert not on_demo.act_backup.isEnabled() and not on_demo.act_restore.isEnabled()
    assert on_demo.act_copy_book.isEnabled()  # a copy into a file is how to take one away
    book = on_demo.book
    assert book is not None
    with book.write() as s:
        registry.add_compound(s, "新华小区")
    assert book.changed
    assert on_demo._backup_on_close(book) is None  # the server keeps its own backups
    on_demo.close_book()
    assert on_demo.book is None and not on_demo.act_backup.isEnabled()
