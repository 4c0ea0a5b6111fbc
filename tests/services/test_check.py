"""`check` finds what was changed behind propdesk's back."""

from __future__ import annotations

import sqlite3
from datetime import date

from propdesk.services import ledger
from propdesk.services.check import run_checks
from tests.helpers import v


def _tamper(book, *sql: str) -> None:
    if book.path is None:  # a server book: its owner can switch the triggers off
        with book.engine.begin() as conn:
            for t in ("posting", "voucher", "audit_log"):
                conn.exec_driver_sql(f"ALTER TABLE {t} DISABLE TRIGGER USER")
            for stmt in sql:
                conn.exec_driver_sql(stmt)
        return
    con = sqlite3.connect(book.path)
    for t in ("posting", "voucher", "audit_log"):
        for verb in ("update", "delete"):
            con.execute(f"DROP TRIGGER IF EXISTS {t}_no_{verb}")
    for stmt in sql:
        con.execute(stmt)
    con.commit()
    con.close()


def _setup(book):
    with book.write() as s:
        ledger.post_vouchers(s, [
            v(date(2026, 1, 5), "收费", ("1002", 100000, 0), ("500101", 0, 100000)),
            v(date(2026, 1, 8), "费用", ("540101" if False else "5401", 30000, 0), ("1002", 0, 30000)),
            v(date(2026, 2, 3), "二月", ("1001", 500, 0), ("500101", 0, 500)),
        ])  # fmt: skip
        ledger.close_period(s, 202601)


def _messages(book) -> list[str]:
    with book.read() as s:
        return [m for _, m in run_checks(s).violations]


def test_clean_book_passes(book):
    _setup(book)
    assert _messages(book) == []


def test_edited_amount_found(book):
    _setup(book)
    _tamper(book, "UPDATE posting SET debit = 100001 WHERE debit = 100000")
    found = "\n".join(_messages(book))
    assert "借贷不平" in found
    assert "科目余额表不平" in found
    assert "汇总" in found and "1002" in found
    assert "已结账期间 2026-01 的凭证被改动过" in found


def test_deleted_voucher_found(book):
    _setup(book)
    _tamper(book, "DELETE FROM posting WHERE voucher_id = (SELECT id FROM voucher WHERE period = 202602 AND number = 1)",
            "DELETE FROM voucher WHERE period = 202602 AND number = 1")  # fmt: skip
    found = "\n".join(_messages(book))
    assert "2026-02 凭证号不连续" in found
    assert "汇总" in found


def test_broken_audit_chain_named(book):
    _setup(book)
    _tamper(book, """UPDATE audit_log SET "user" = 'mallory' WHERE id = 3""")
    assert any("审计日志链在 audit entry 3" in m for m in _messages(book))
