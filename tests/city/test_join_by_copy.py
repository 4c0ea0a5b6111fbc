"""A company's one-PC book joins the city database by `book copy` into its own schema, and leaves
it the same way: the copy is the whole book, verified, and the city report reads it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from propdesk.core.errors import UserError
from propdesk.core.progress import Cancelled, Progress
from propdesk.db.store import Book, company_url
from propdesk.reports.city import city_report, company_row
from propdesk.services.book_copy import copy_book
from propdesk.services.books import create_book
from propdesk.services.check import run_checks
from propdesk.services.city import companies
from tests.city.conftest import PG_ONLY, fill_small, new_company
from tests.db.test_book_copy import rows, tb_all

pytestmark = PG_ONLY


def schemas(db: str) -> set[str]:
    engine = create_engine(db, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return set(conn.execute(text("SELECT nspname FROM pg_namespace")).scalars())
    finally:
        engine.dispose()


@pytest.fixture
def one_pc_book(tmp_path: Path) -> Book:
    book = create_book(tmp_path / "和谐物业.propdesk", company_name="和谐社区物业服务有限公司")
    fill_small(book, compound="和谐里小区", paid=7_000)
    return book


def test_a_one_pc_book_joins_the_city_and_leaves_it_whole(
    city_db: str, one_pc_book: Book, tmp_path: Path
) -> None:
    other = new_company(city_db, "co_xingfu", "幸福社区物业服务有限公司")
    other.close()
    before, tbs = rows(one_pc_book), tb_all(one_pc_book)
    with one_pc_book.read() as s:
        own = company_row(s, "co_hexie", 202601, 202603)

    url = company_url(city_db, "co_hexie")
    result = copy_book(one_pc_book, url)
    assert result.rows == sum(len(r) for r in before.values())
    assert [(c.key, c.name) for c in companies(city_db)] == [
        ("co_hexie", "和谐社区物业服务有限公司"), ("co_xingfu", "幸福社区物业服务有限公司")
    ]  # fmt: skip
    joined = Book.open(url)
    try:
        assert rows(joined) == before
        assert tb_all(joined) == tbs
        with joined.read() as s:
            assert run_checks(s).ok
    finally:
        joined.close()
    report = city_report(city_db, 202601, 202603)
    hexie = next(r for r in report.rows if r.key == "co_hexie")
    assert hexie == own  # the city reads the company as its own book reads itself
    assert hexie.billed > 0 and hexie.collected > 0

    back = tmp_path / "回到单机.propdesk"
    joined = Book.open(url)
    try:
        copy_book(joined, back)
    finally:
        joined.close()
    home = Book.open(back)
    try:
        assert rows(home) == before
    finally:
        home.close()
    one_pc_book.close()


def test_a_company_that_holds_a_book_is_refused_and_kept(
    city_db: str, one_pc_book: Book
) -> None:
    taken = new_company(city_db, "co_hexie", "已有的公司")
    before = rows(taken)
    taken.close()
    with pytest.raises(UserError, match="目标中已有数据表"):
        copy_book(one_pc_book, company_url(city_db, "co_hexie"))
    again = Book.open(company_url(city_db, "co_hexie"))
    try:
        assert rows(again) == before
    finally:
        again.close()
    one_pc_book.close()


def test_a_cancelled_join_leaves_no_schema(city_db: str, one_pc_book: Book) -> None:
    progress = Progress()
    progress._on_report = lambda done, _t, _x: progress.cancel() if done > 100 else None
    with pytest.raises(Cancelled):
        copy_book(one_pc_book, company_url(city_db, "co_hexie"), progress, batch=20)
    assert "co_hexie" not in schemas(city_db)
    assert companies(city_db) == []
    copy_book(one_pc_book, company_url(city_db, "co_hexie"))  # and it can be tried again
    assert [c.key for c in companies(city_db)] == ["co_hexie"]
    one_pc_book.close()
