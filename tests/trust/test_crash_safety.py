"""Crash safety: a process killed with SIGKILL in the middle of a billing run, a roster import,
a batch of payments, a month-end close or a large export leaves a book that opens, passes
SQLite's integrity check and `propdesk check`, holds either all of the batch or none of it,
and keeps its receipt numbers continuous.

Each operation first runs to the end on a copy of the same book, counting the statements of
its write transaction (propdesk/db/store.py's fault injection); then, on fresh copies, the
process SIGKILLs itself right after statement k — the first, a quarter, half, three quarters
through, and the last one before COMMIT. Exports write nothing to the book: they are killed at
fractions of their measured duration, and the file asked for is either whole or absent.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from propdesk.core.fees import parse_rate
from propdesk.db.models import Compound
from propdesk.db.store import FAULT_COUNT_FILE, FAULT_KILL_AT, Book
from propdesk.services import contracts
from propdesk.services.books import create_book
from propdesk.services.check import run_checks
from propdesk.services.roster import import_roster
from tests.factories import make_roster_xlsx
from tests.trust.figures import FAULTS as FAULTS_INJECTED
from tests.trust.figures import count

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")

UNITS = 1_500
FRACTIONS = (0.3, 0.6, 0.9)  # of a full export's duration
ROOT = Path(__file__).resolve().parents[2]
FAULTS: list[tuple[int, int]] = []  # (statements in the transaction, kills injected)


@dataclass(frozen=True)
class State:
    units: int
    bills: int
    receipts: int
    closed: int | None
    vouchers: int


def state(path: Path) -> State:
    """Open the book as the app would, verify it, and say what it holds."""
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    book = Book.open(path)
    try:
        with book.read() as s:
            report = run_checks(s)
            assert report.ok, report.violations
        with sqlite3.connect(path) as con:
            numbers = [n for (n,) in con.execute("SELECT number FROM receipt ORDER BY number")]
            assert numbers == list(range(1, len(numbers) + 1)), "receipt numbers have a gap"
            one = lambda q: con.execute(q).fetchone()[0]  # noqa: E731
            return State(
                one("SELECT count(*) FROM unit"),
                one("SELECT count(*) FROM bill"),
                len(numbers),
                one("SELECT max(period) FROM period WHERE closed"),
                one("SELECT count(*) FROM voucher"),
            )
    finally:
        book.close()


def _copy(src: Path, dest: Path) -> Path:
    with sqlite3.connect(src) as s, sqlite3.connect(dest) as d:
        s.backup(d)
    return dest


def _run(
    cmd: list[str], kill_after: float | None = None, extra: dict[str, str] | None = None
) -> tuple[float, int]:
    """Run `cmd` (SIGKILLed after `kill_after` seconds if given): (seconds, return code)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PROPDESK_LANG="en", **(extra or {}))
    start = time.perf_counter()
    with subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE) as proc:  # fmt: skip
        try:
            _out, err = proc.communicate(timeout=kill_after or 300)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            _out, err = proc.communicate()
    if proc.returncode not in (0, -signal.SIGKILL):
        raise AssertionError(err.decode())
    return time.perf_counter() - start, proc.returncode


def cli(book: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "propdesk", "--book", str(book), *args]


def crash_campaign(
    base: Path, work: Path, command: Callable[[Path], list[str]], before: State
) -> State:
    """The operation run to the end once, counting the statements of its write transaction;
    then, on fresh copies, the process kills itself (SIGKILL) right after statement k, for k
    from the first to the last (the moment before COMMIT). Every copy must hold nothing of it."""
    done_path = _copy(base, work / "done.db")
    count_file = work / "statements"
    _run(command(done_path), extra={FAULT_KILL_AT: str(10**12), FAULT_COUNT_FILE: str(count_file)})
    after = state(done_path)
    assert after != before, "the operation changed nothing"
    total = int(count_file.read_text())
    assert total >= 2
    points = sorted({1, total // 4, total // 2, 3 * total // 4, total} - {0})
    for k in points:
        path = _copy(base, work / f"kill-{k}.db")
        _t, code = _run(command(path), extra={FAULT_KILL_AT: str(k)})
        assert code == -signal.SIGKILL, f"statement {k} of {total}: the process was not killed"
        assert state(path) == before, f"killed after statement {k} of {total}: a partial batch"
    FAULTS.append((total, len(points)))
    count(FAULTS_INJECTED, len(points))
    return after


@pytest.fixture(scope="module")
def base_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A compound of UNITS units under contract, and the roster file it came from."""
    folder = tmp_path_factory.mktemp("crash")
    roster = folder / "roster.xlsx"
    make_roster_xlsx(roster, compounds=1, units=UNITS, messy=False)
    path = folder / "base.db"
    book = create_book(path, company_name="测试物业")
    with book.write() as s:
        import_roster(s, roster)
        for c in s.execute(select(Compound)).scalars():
            _contract(s, c)
    book.close()
    return path, roster


def _contract(s, c) -> None:  # type: ignore[no-untyped-def]
    contracts.add_contract(s, c, contracts.NewContract(
        f"HT-{c.id}", date(2026, 1, 1), date(2028, 12, 31), cycle_months=1,
        rates={"residential": parse_rate("0.85"), "shop": parse_rate("1.50"),
               "other": parse_rate("1.20"), "garage": parse_rate("0.50")}))  # fmt: skip


def test_killed_billing_run_leaves_all_or_nothing(
    base_book: tuple[Path, Path], tmp_path: Path
) -> None:
    base, _roster = base_book
    before = state(base)
    assert before.units == UNITS and before.bills == 0
    after = crash_campaign(
        base, tmp_path, lambda p: cli(p, "bill", "run", "--period", "2026-01"), before
    )
    assert after.bills >= UNITS - 50  # every unit billed (a few may be exempt)


def test_killed_roster_import_leaves_all_or_nothing(
    base_book: tuple[Path, Path], tmp_path: Path
) -> None:
    _base, roster = base_book
    empty = tmp_path / "empty.db"
    create_book(empty, company_name="测试物业").close()
    before = state(empty)
    after = crash_campaign(
        empty, tmp_path, lambda p: cli(p, "import", "roster", str(roster)), before
    )
    assert after.units == UNITS


PAY = """
import sys
from datetime import date
from sqlalchemy import select
from propdesk.db.models import Unit
from propdesk.db.store import Book
from propdesk.services.payments import PaymentIn, take_payments
book = Book.open(sys.argv[1])
with book.write() as s:
    ids = list(s.execute(select(Unit.id).order_by(Unit.id)).scalars())
    take_payments(s, [PaymentIn(i, 10000, "cash", date(2026, 1, 20)) for i in ids])
book.close()
"""


def test_killed_payment_batch_keeps_receipt_numbers_continuous(
    base_book: tuple[Path, Path], tmp_path: Path
) -> None:
    base, _roster = base_book
    billed = _copy(base, tmp_path / "billed.db")
    _run(cli(billed, "bill", "run", "--period", "2026-01"))
    # three receipts taken one by one first, so the batch continues a sequence
    for room in range(3):
        _run([sys.executable, "-c", PAY.replace("for i in ids", f"for i in ids[{room}:{room + 1}]"),
              str(billed)])  # fmt: skip
    before = state(billed)
    assert before.receipts == 3
    after = crash_campaign(billed, tmp_path, lambda p: [sys.executable, "-c", PAY, str(p)], before)
    assert after.receipts == 3 + UNITS


def test_killed_month_end_close_is_closed_or_open(
    base_book: tuple[Path, Path], tmp_path: Path
) -> None:
    base, _roster = base_book
    billed = _copy(base, tmp_path / "billed.db")
    _run(cli(billed, "bill", "run", "--period", "2026-01"))
    before = state(billed)
    after = crash_campaign(
        billed, tmp_path, lambda p: cli(p, "close", "--period", "2026-01"), before
    )
    assert after.vouchers > before.vouchers  # the carry voucher


def test_killed_export_leaves_no_half_file_and_the_book_unchanged(
    base_book: tuple[Path, Path], tmp_path: Path
) -> None:
    base, _roster = base_book
    billed = _copy(base, tmp_path / "billed.db")
    _run(cli(billed, "bill", "run", "--period", "2026-01"))
    before = state(billed)
    out = tmp_path / "journal.xlsx"
    seconds, _ = _run(cli(billed, "export", "journal", "--out", str(out)))
    rows = load_workbook(out, read_only=True).active.max_row
    interrupted = 0
    for f in FRACTIONS:
        out.unlink(missing_ok=True)
        _t, code = _run(cli(billed, "export", "journal", "--out", str(out)), seconds * f)
        interrupted += code == -signal.SIGKILL
        count(FAULTS_INJECTED, code == -signal.SIGKILL)
        if out.exists():  # only ever the whole file, moved into place at the end
            assert load_workbook(out, read_only=True).active.max_row == rows
        assert state(billed) == before
    assert interrupted
