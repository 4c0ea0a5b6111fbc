"""Fixtures for the city tests (PostgreSQL only: a schema per company needs a server): an
empty city database per test, and companies filled through propdesk's own services."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from propdesk.db.models import Compound
from propdesk.db.store import Book
from propdesk.services import billing, grids, ledger, payments, registry, resources, surplus
from propdesk.services.city import add_company
from tests.conftest import PG, pg_database
from tests.fees_fixtures import setup_compound
from tests.helpers import v

PG_ONLY = pytest.mark.skipif(PG is None, reason="needs PROPDESK_TEST_PG (a PostgreSQL server)")


@pytest.fixture
def city_db() -> Iterator[str]:
    """An empty database on the test server: the city."""
    assert PG is not None
    with pg_database(PG) as url:
        yield url


def fill_small(book: Book, *, compound: str = "幸福里小区", paid: int = 5_000) -> None:
    """A small company's first quarter of 2026: one compound of five units billed January to
    March, a payment per billed unit in each month, parking income (20% the company's), a
    grid with two workers and a station, some income and costs, the quarter closed and its
    surplus allocated (approved) to stipends and the station."""
    cid = setup_compound(book, name=compound)
    for p in (202601, 202602, 202603):
        with book.write() as s:
            billing.run_billing(s, p)
            for code in ("1-1-101", "1-1-102", "1-2-101"):
                unit = registry.unit_by_code(s, compound, code)
                payments.take_payment(s, unit, paid, "cash", date(p // 100, p % 100, 20))
    with book.write() as s:
        ledger.post_vouchers(s, [
            v(date(2026, 2, 20), "物业费收入", ("1002", 600_000, 0), ("500101", 0, 600_000)),
            v(date(2026, 2, 25), "维修费用", ("5401", 200_000, 0), ("1002", 0, 200_000)),
        ])  # fmt: skip
        c = s.get(Compound, cid)
        assert c is not None
        resources._pass_common_use_vote(s, c, date(2026, 1, 5))
        resources.set_share(s, c, 2000, date(2026, 1, 1), "管理协议 20%")
        r = resources.add_resource(s, c, "parking", "P001")
        resources.record_income(s, r, 100_000, "bank", date(2026, 2, 10))
        g = grids.add_grid(s, "G01", "第一网格", "李网格长", [compound])
        grids.add_worker(s, g.id, "张专职", "full_time", date(2025, 1, 1))
        grids.add_worker(s, g.id, "赵兼职", "part_time", date(2026, 2, 1))
        st = grids.add_station(s, g.id, "幸福驿站", "长宁路 128 弄 1 号")
        grids.add_project(s, st.id, "适老化改造", 60_000)
        for p in (202601, 202602, 202603):
            ledger.close_period(s, p)
    with book.write() as s:
        draft = surplus.draft_allocation(s, "2026-Q1")
        surplus.approve_allocation(s, draft.id, "王书记", on=date(2026, 4, 8))


def new_company(db: str, key: str, name: str) -> Book:
    return add_company(db, key, name)


DEMO_TODAY = date(2026, 7, 20)
SMALL_NAME = "幸福里社区物业服务有限公司"


@pytest.fixture(scope="session")
def city() -> Iterator[str]:
    """A city database of three companies, built once per test process: the demo company
    (four compounds, 1,240 units, one on trial service; resources, costs; January–June
    closed), a small company (one compound, Q1 closed and its surplus allocated) and a company
    with an empty book."""
    if PG is None:
        pytest.skip("needs PROPDESK_TEST_PG (a PostgreSQL server)")
    from propdesk.services import demo

    with pg_database(PG) as db:
        book = new_company(db, "co_changning", "长宁")
        demo.fill(book, today=DEMO_TODAY)
        book.close()
        book = new_company(db, "co_xingfu", SMALL_NAME)
        fill_small(book)
        book.close()
        new_company(db, "co_empty", "新成立社区物业服务有限公司").close()
        yield db
