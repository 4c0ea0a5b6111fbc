"""Two clerks on one book file: two processes taking payments at the same time, each payment
its own transaction. No update is lost, no receipt number is taken twice or skipped, and
neither clerk sees "database is locked" (writes wait their turn: BEGIN IMMEDIATE + busy timeout)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from propdesk.db.store import Book
from propdesk.services import billing
from propdesk.services.check import run_checks
from tests.fees_fixtures import setup_compound
from tests.trust.figures import RACED, count

ROOT = Path(__file__).resolve().parents[2]
EACH = 60  # payments per clerk

CLERK = """
import sys, time
from datetime import date
from sqlalchemy import select
from propdesk.db.models import Unit
from propdesk.db.store import Book
from propdesk.services.payments import take_payment
book = Book.open(sys.argv[1], user=sys.argv[2])
start = float(sys.argv[3])
while time.time() < start:  # both clerks begin at the same moment
    time.sleep(0.001)
with book.read() as s:
    units = list(s.execute(select(Unit).order_by(Unit.id)).scalars())
for i in range(int(sys.argv[4])):
    with book.write() as s:
        unit = s.get(Unit, units[i % len(units)].id)
        take_payment(s, unit, 100 + i, "cash", date(2026, 1, 15))
book.close()
print("done")
"""


def test_two_processes_take_payments_at_once(book: Book) -> None:
    setup_compound(book)
    with book.write() as s:
        billing.run_billing(s, 202601)
    path = book.path
    book.close()
    start = str(time.time() + 3)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [
        subprocess.Popen([sys.executable, "-c", CLERK, str(path), name, start, str(EACH)],
                         cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for name in ("小李", "小张")
    ]  # fmt: skip
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err.decode()
        assert out.decode().strip() == "done"
        assert b"locked" not in err

    with sqlite3.connect(path) as con:
        numbers = [n for (n,) in con.execute("SELECT number FROM receipt ORDER BY number")]
        clerks = dict(con.execute("SELECT clerk, count(*) FROM receipt GROUP BY clerk").fetchall())
        total = con.execute("SELECT sum(amount) FROM payment WHERE kind = 'payment'").fetchone()[0]
    assert numbers == list(range(1, 2 * EACH + 1))  # none twice, none skipped
    assert clerks == {"小李": EACH, "小张": EACH}
    assert total == 2 * sum(100 + i for i in range(EACH))  # no payment lost
    count(RACED, 2 * EACH)
    reopened = Book.open(path)
    with reopened.read() as s:
        assert run_checks(s).ok
    reopened.close()


EDIT = """
import sys
from propdesk.core.errors import UserError
from propdesk.db.store import Book
from propdesk.services import grids
book = Book.open(sys.argv[1], user=sys.argv[2])
seen, stipend = int(sys.argv[3]), int(sys.argv[4])
try:
    with book.write() as s:
        row = grids.edit_worker(s, 1, expected_version=seen, base_stipend=stipend)
    print("saved", row.version)
except UserError as exc:
    print("refused", exc)
book.close()
"""


def test_a_stale_edit_is_refused_with_a_message(book: Book) -> None:
    from propdesk.services import grids

    with book.write() as s:
        g = grids.add_grid(s, "G01", "第一网格")
        grids.add_worker(s, g.id, "李娟", "full_time", date(2026, 1, 1), base_stipend=50000)
    with book.read() as s:
        (seen,) = grids.list_workers(s)  # both clerks open the form at version 1
    path = book.path
    book.close()
    env = dict(os.environ, PYTHONPATH=str(ROOT))

    def clerk(name: str, stipend: int) -> str:
        done = subprocess.run([sys.executable, "-c", EDIT, str(path), name, str(seen.version), str(stipend)],
                              cwd=ROOT, env=env, capture_output=True, check=True)  # fmt: skip
        return done.stdout.decode().strip()

    assert clerk("小李", 60000) == "saved 2"
    refused = clerk("小张", 70000)
    assert refused.startswith("refused") and "已被他人修改" in refused and "第 1 版" in refused
    reopened = Book.open(path)
    with reopened.read() as s:
        (now,) = grids.list_workers(s)
    reopened.close()
    assert (now.base_stipend, now.version) == (60000, 2)  # the first change kept, not overwritten
    count(RACED, 2)


AGREEMENT_CLERK = """
import sys, time
from propdesk.core.errors import UserError
from propdesk.db.store import Book
from propdesk.services import resources
book = Book.open(sys.argv[1], user=sys.argv[2])
start, rounds, base = float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
for k in range(rounds):
    while time.time() < start + k * 0.4:  # both clerks press OK at the same moment
        time.sleep(0.001)
    try:  # each round both opened the form at version k + 1
        with book.write() as s:
            resources.edit_agreement(s, 1, expected_version=k + 1, rent=base + k)
        print(k, "saved", base + k)
    except UserError as exc:
        print(k, "refused", exc)
book.close()
"""
RACE_ROUNDS = 10  # agreement edits raced: 2 per round


def test_two_processes_race_to_edit_one_agreement(book: Book) -> None:
    """Round after round two clerks' processes save the same agreement at the same moment, each
    from the version both saw: exactly one save per round goes through, the other is refused
    with the message naming both versions, and the book holds the winner's rent."""
    from propdesk.services import registry, resources
    from propdesk.services.resources import NewAgreement

    setup_compound(book)
    with book.write() as s:
        c = registry.compound_by_name(s, "幸福里小区")
        r = resources.add_resource(s, c, "parking", "G01", owner="company")
        a = resources.add_agreement(s, r, NewAgreement("card", "张三", date(2026, 1, 1),
                                                       date(2026, 12, 31), rent=15_000))  # fmt: skip
        assert a.id == 1
    path = book.path
    book.close()
    start = str(time.time() + 4)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [
        subprocess.Popen([sys.executable, "-c", AGREEMENT_CLERK, str(path), name, start,
                          str(RACE_ROUNDS), str(base)],
                         cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for name, base in (("小李", 10_000), ("小张", 20_000))
    ]  # fmt: skip
    outcomes: dict[int, list[str]] = {k: [] for k in range(RACE_ROUNDS)}
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err.decode()
        assert b"locked" not in err
        for line in out.decode().splitlines():
            k, what, rest = line.split(" ", 2)
            outcomes[int(k)].append(f"{what} {rest}")
    last_saved = None
    for k in range(RACE_ROUNDS):
        saved = [o for o in outcomes[k] if o.startswith("saved")]
        refused = [o for o in outcomes[k] if o.startswith("refused")]
        assert len(saved) == 1 and len(refused) == 1, outcomes[k]
        assert "已被他人修改" in refused[0] and f"您看到的是第 {k + 1} 版" in refused[0]
        last_saved = int(saved[0].split()[1])
    reopened = Book.open(path)
    with reopened.read() as s:
        (now,) = resources.agreement_rows(s)
        assert run_checks(s).ok
    reopened.close()
    assert (now.version, now.rent) == (RACE_ROUNDS + 1, last_saved)
    count(RACED, 2 * RACE_ROUNDS)
