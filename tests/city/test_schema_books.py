"""A schema per company: two companies' books side by side in one PostgreSQL database, each a
whole normal book (its own tables, migrations, trigger function, numbering and write lock)."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import NullPool

from propdesk.core.errors import NotABook, UserError
from propdesk.db.models import Bill, Posting, Receipt, Unit, Voucher
from propdesk.db.store import Book, company_of, company_url, database_url, write_lock_key
from propdesk.services import billing, payments, registry
from propdesk.services.books import create_book
from propdesk.services.check import run_checks
from propdesk.services.city import companies
from tests.city.conftest import PG_ONLY, fill_small, new_company
from tests.fees_fixtures import setup_compound

pytestmark = PG_ONLY


def test_company_urls_name_the_schema() -> None:
    db = "postgresql+psycopg://clerk:s3cret@db.example:5432/city"
    url = company_url(db, "co_xingfu")
    assert url == "postgresql+psycopg://clerk:s3cret@db.example:5432/city?company=co_xingfu"
    assert company_of(url) == "co_xingfu"
    assert database_url(url) == db
    assert company_of(db) is None
    assert company_of("/home/clerk/book.db") is None
    assert write_lock_key("co_a") != write_lock_key("co_b")
    assert write_lock_key("co_a") == write_lock_key("co_a")  # the same in every process
    for bad in ("Co_A", "1co", "co-a", "public", "pg_temp", "", "a" * 64, 'x"; drop'):
        with pytest.raises(UserError, match="公司代码"):
            company_url(db, bad)
    with pytest.raises(UserError, match="PostgreSQL"):
        company_url("sqlite:////tmp/book.db", "co_a")


def test_two_companies_in_one_database_keep_separate_books(city_db: str) -> None:
    a = new_company(city_db, "co_a", "甲社区物业服务有限公司")
    b = new_company(city_db, "co_b", "乙社区物业服务有限公司")
    try:
        setup_compound(a, name="幸福里小区")
        setup_compound(b, name="和平里小区")
        with a.write() as s:
            billing.run_billing(s, 202601)
            billing.run_billing(s, 202602)
            unit = registry.unit_by_code(s, "幸福里小区", "1-1-101")
            r1 = payments.take_payment(s, unit, 10_000, "cash", date(2026, 2, 5))
            r2 = payments.take_payment(s, unit, 2_000, "cash", date(2026, 2, 6))
        with b.write() as s:
            billing.run_billing(s, 202601)
            unit = registry.unit_by_code(s, "和平里小区", "1-2-101")
            r3 = payments.take_payment(s, unit, 18_000, "wechat", date(2026, 1, 9))
        # numbered independently: each company's first receipt is No.1, its vouchers 记-001 …
        assert (r1.receipt_number, r2.receipt_number, r3.receipt_number) == (1, 2, 1)
        with a.read() as s:
            a_vouchers = s.execute(
                select(Voucher.period, Voucher.number).order_by(Voucher.id)
            ).all()
            a_receipts = s.execute(select(Receipt.number).order_by(Receipt.number)).scalars().all()
            a_bills = s.execute(select(func.count(Bill.id))).scalar()
            assert registry.compound_by_name(s, "幸福里小区")
            with pytest.raises(UserError):  # the other company's compound is not here
                registry.compound_by_name(s, "和平里小区")
            report = run_checks(s)
            assert report.ok, report.violations
        with b.read() as s:
            b_vouchers = s.execute(
                select(Voucher.period, Voucher.number).order_by(Voucher.id)
            ).all()
            b_receipts = s.execute(select(Receipt.number)).scalars().all()
            b_bills = s.execute(select(func.count(Bill.id))).scalar()
            assert s.execute(select(func.sum(Posting.debit))).scalar() == s.execute(
                select(func.sum(Posting.credit))).scalar()  # fmt: skip
            report = run_checks(s)
            assert report.ok, report.violations
        assert a_receipts == [1, 2] and b_receipts == [1]
        assert a_vouchers[0] == (202601, 1) and b_vouchers[0] == (202601, 1)
        assert [n for p, n in a_vouchers if p == 202602] == [1, 2, 3]  # bills, two payments
        assert (a_bills, b_bills) == (10, 5)  # five units a month (the developer pays for two)
        # a write in one is not visible in the other, nor in the database's public schema
        with a.write() as s:
            registry.add_compound(s, "只在甲公司")
        with b.read() as s, pytest.raises(UserError):
            registry.compound_by_name(s, "只在甲公司")
        admin = create_engine(city_db, poolclass=NullPool)
        with admin.connect() as conn:
            schemas = conn.execute(text(
                "SELECT table_schema, count(*) FROM information_schema.tables "
                "WHERE table_name IN ('unit', 'voucher', 'alembic_version', 'book_meta') "
                "GROUP BY table_schema ORDER BY 1")).all()  # fmt: skip
            functions = conn.execute(text(
                "SELECT n.nspname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                "WHERE p.proname = 'propdesk_append_only' ORDER BY 1")).scalars().all()  # fmt: skip
            units = conn.execute(text("SELECT (SELECT count(*) FROM co_a.unit), "
                                      "(SELECT count(*) FROM co_b.unit)")).one()  # fmt: skip
        admin.dispose()
        assert schemas == [("co_a", 4), ("co_b", 4)]
        assert functions == ["co_a", "co_b"]  # each book's trigger function lives in its schema
        assert tuple(units) == (5, 5)
    finally:
        a.close()
        b.close()


def test_posted_rows_stay_append_only_in_a_company_schema(city_db: str) -> None:
    book = new_company(city_db, "co_a", "甲公司")
    try:
        setup_compound(book)
        with book.write() as s:
            billing.run_billing(s, 202601)
        with pytest.raises(IntegrityError, match="append-only"), book.write() as s:
            s.execute(text("UPDATE posting SET debit = debit + 1"))
        with book.read() as s:
            total = s.execute(select(func.sum(Posting.debit))).scalar()
            billed = s.execute(select(func.sum(Bill.amount))).scalar()
        assert total == billed
    finally:
        book.close()


def test_two_companies_write_at_the_same_time(city_db: str) -> None:
    """Each company's write lock is its own: while a clerk of company A holds A's lock, a clerk
    of company B commits at once; a second writer of A waits for the first."""
    a = new_company(city_db, "co_a", "甲公司")
    b = new_company(city_db, "co_b", "乙公司")
    a2 = Book.open(a.url)
    waited: list[float] = []
    try:
        with a.write() as s:
            registry.add_compound(s, "甲一")
            started = time.monotonic()
            with b.write() as sb:  # would wait 15 s and fail as "locked" were the lock shared
                registry.add_compound(sb, "乙一")
            assert time.monotonic() - started < 5

            def second_writer() -> None:
                t = time.monotonic()
                with a2.write() as s2:
                    registry.add_compound(s2, "甲二")
                waited.append(time.monotonic() - t)

            th = threading.Thread(target=second_writer)
            th.start()
            time.sleep(1.0)
            assert not waited  # still waiting for A's lock
        th.join(30)
        assert waited and waited[0] >= 0.9
        with a.read() as s:
            assert {c for _i, c, _n, _a in registry.compound_summary(s)} == {"甲一", "甲二"}
        with b.read() as s:
            assert [c for _i, c, _n, _a in registry.compound_summary(s)] == ["乙一"]
    finally:
        a2.close()
        a.close()
        b.close()


def test_a_missing_company_is_not_a_book_and_nothing_is_made(city_db: str) -> None:
    url = company_url(city_db, "co_nobody")
    with pytest.raises(NotABook):
        Book.open(url)
    admin = create_engine(city_db, poolclass=NullPool)
    with admin.connect() as conn:
        found = conn.execute(
            text("SELECT count(*) FROM pg_namespace WHERE nspname = 'co_nobody'")
        ).scalar()
    admin.dispose()
    assert found == 0


def test_create_book_makes_the_schema_and_a_second_create_is_refused(city_db: str) -> None:
    url = company_url(city_db, "co_new")
    book = create_book(url, company_name="新公司")
    book.close()
    with pytest.raises(UserError, match="已存在"):
        create_book(url, company_name="新公司")
    again = Book.open(url)
    try:
        with again.read() as s:
            assert s.execute(select(func.count(Unit.id))).scalar() == 0
            assert again.meta("company_name") == "新公司"
    finally:
        again.close()


def test_a_filled_company_passes_check(city_db: str) -> None:
    book = new_company(city_db, "co_small", "小公司")
    try:
        fill_small(book)
        with book.read() as s:
            report = run_checks(s)
        assert report.ok, report.violations
    finally:
        book.close()


def test_what_a_database_role_may_see_is_a_grant_on_the_schema(city_db: str) -> None:
    """A city official's role granted reading on one company sees that company only: it lists
    and reads it, cannot write it, and is told plainly about the others."""
    import uuid

    from sqlalchemy.engine import make_url

    from propdesk.core.errors import EnvironmentFailure
    from propdesk.reports.city import city_report
    from propdesk.services import city

    new_company(city_db, "co_a", "甲公司").close()
    new_company(city_db, "co_b", "乙公司").close()
    role = f"viewer_{uuid.uuid4().hex[:12]}"
    admin = create_engine(city_db, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {role} LOGIN")
        conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA co_a TO {role}")
        conn.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA co_a TO {role}")
    viewer = make_url(city_db).set(username=role).render_as_string(hide_password=False)
    try:
        assert [c.key for c in city.companies(viewer)] == ["co_a"]
        assert [r.name for r in city_report(viewer, 202601, 202603).rows] == ["甲公司"]
        book = Book.open(company_url(viewer, "co_a"))
        try:
            with pytest.raises(EnvironmentFailure, match="数据库不允许"), book.write() as s:
                registry.add_compound(s, "偷偷加的小区")
            with book.read() as s:
                assert registry.compound_summary(s) == []
        finally:
            book.close()
        with pytest.raises(EnvironmentFailure, match="数据库不允许") as err:
            Book.open(company_url(viewer, "co_b"))
        assert "co_b" in str(err.value)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP OWNED BY {role}")
            conn.exec_driver_sql(f"DROP ROLE {role}")
        admin.dispose()


def test_an_older_company_book_is_migrated_inside_its_own_schema(city_db: str) -> None:
    """A company's book at an older schema revision is upgraded when it is opened, in its own
    schema (its alembic_version there), the other company and the public schema untouched."""
    from propdesk.db import store

    new_company(city_db, "co_new", "新公司").close()
    url = company_url(city_db, "co_old")
    store._precheck_schema(url, "co_old", create=True)
    engine = store.make_engine(url)
    store.upgrade(engine, "0003")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO book_meta (key, value) VALUES ('application', 'propdesk')"))
    engine.dispose()
    assert [(c.key, c.revision) for c in companies(city_db)] == [
        ("co_new", store.head_revision()),
        ("co_old", "0003"),
    ]
    book = Book.open(url)
    try:
        with book.read() as s:
            assert run_checks(s).ok
    finally:
        book.close()
    assert {c.revision for c in companies(city_db)} == {store.head_revision()}
    admin = create_engine(city_db, poolclass=NullPool)
    with admin.connect() as conn:
        public = conn.execute(text(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )).scalar()  # fmt: skip
    admin.dispose()
    assert public == 0


def test_only_propdesk_books_are_companies(city_db: str) -> None:
    new_company(city_db, "co_a", "甲公司").close()
    admin = create_engine(city_db, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for ddl in (
            'CREATE SCHEMA "Odd Name"',  # no company key can name it
            'CREATE TABLE "Odd Name".book_meta (key text, value text)',
            "INSERT INTO \"Odd Name\".book_meta VALUES ('application', 'propdesk')",
            "CREATE SCHEMA other_app",  # another program's table of the same name
            "CREATE TABLE other_app.book_meta (key text, value text)",
            "INSERT INTO other_app.book_meta VALUES ('application', 'ledgerly')",
            "CREATE TABLE public.book_meta (key text, value text)",  # a whole-database book
            "INSERT INTO public.book_meta VALUES ('application', 'propdesk')",
        ):
            conn.exec_driver_sql(ddl)
    admin.dispose()
    assert [c.key for c in companies(city_db)] == ["co_a"]
