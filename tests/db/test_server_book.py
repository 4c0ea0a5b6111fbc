"""A shared book on PostgreSQL (run with PROPDESK_TEST_PG set; skipped otherwise): the
append-only tables, the write lock, and clerks taking payments at the same moment."""

from __future__ import annotations

import multiprocessing
from datetime import date

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from propdesk.db.models import Bill, Receipt
from propdesk.db.store import Book
from propdesk.services import billing, payments, registry
from propdesk.services.check import run_checks
from tests.conftest import PG
from tests.fees_fixtures import setup_compound

pytestmark = pytest.mark.skipif(PG is None, reason="needs PROPDESK_TEST_PG (a PostgreSQL server)")

CLERKS = 4
EACH = 6
AMOUNT = 1000  # 10.00 a payment: several payments share one bill of 76.08


def _clerk(url: str, code: str, start: multiprocessing.synchronize.Event) -> None:
    book = Book.open(url)
    start.wait(60)
    try:
        for _ in range(EACH):
            with book.write() as s:
                unit = registry.unit_by_code(s, "幸福里小区", code)
                payments.take_payment(s, unit, AMOUNT, "cash", date(2026, 3, 15))
    finally:
        book.close()


def test_concurrent_clerks_take_payments_without_gaps_or_losses(book: Book) -> None:
    setup_compound(book)
    for p in (202601, 202602, 202603):
        with book.write() as s:
            billing.run_billing(s, p)
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Event()
    codes = ["1-1-101", "1-1-101", "1-1-102", "1-1-101"]  # three clerks on the same bills
    procs = [ctx.Process(target=_clerk, args=(book.url, codes[i], start)) for i in range(CLERKS)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(180)
    assert [p.exitcode for p in procs] == [0] * CLERKS
    with book.read() as s:
        numbers = sorted(s.execute(select(Receipt.number)).scalars())
        assert numbers == list(range(1, CLERKS * EACH + 1))
        unit = registry.unit_by_code(s, "幸福里小区", "1-1-101")
        paid = s.execute(select(func.sum(Bill.paid)).where(Bill.unit_id == unit.id)).scalar()
        assert paid == 3 * EACH * AMOUNT  # no payment lost to another clerk's write
        report = run_checks(s)
    assert report.ok, report.violations


def test_a_second_writer_waits_for_the_first(book: Book) -> None:
    other = Book.open(book.url)
    try:
        with book.write() as s:
            s.execute(text("SELECT 1"))
            with other.engine.connect() as conn:  # the lock is held until COMMIT
                held = conn.execute(
                    text(  # this book's lock: other tests' databases share the server
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                        " AND database = (SELECT oid FROM pg_database"
                        " WHERE datname = current_database())"
                    )
                ).scalar()
                conn.rollback()
            with other.read() as r:  # readers are never blocked
                assert r.execute(text("SELECT count(*) FROM voucher")).scalar() == 0
        assert held == 1
    finally:
        other.close()


@pytest.mark.parametrize(
    "sql",
    ["UPDATE audit_log SET reason = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log"],
)
def test_audit_trail_is_append_only_on_the_server(book: Book, sql: str) -> None:
    with pytest.raises(IntegrityError, match="append-only"), book.write() as s:
        s.execute(text(sql))
