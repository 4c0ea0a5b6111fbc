"""The benchmark runner: each operation against a baseline doing the same minimum work with the
same library, in the same run, on the machine as it is now.

    .venv/bin/python -m tests.perf.bench [--size XS|S] [--only NAME[,NAME]] [--repeat N] [--cpu]

Prints one table: operation, size, median of N runs, peak memory (max RSS of the process that
ran it), the baseline's median and peak, their ratio, the target and whether it was met.
Every run of an operation or a baseline is a fresh child process (so peak memory is its own);
inputs (books, files) are built once and cached (tests/perf/books.py). The load average is
printed before and after: the machine is shared, so compare figures taken at similar load.

`run(size="XS", inprocess=True)` is what tests/perf/test_bench_xs.py calls: everything runs
once, in process where it can, and the results are checked for consistency, not for time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tests.perf import books
from tests.perf.books import SIZES, Size

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable


# -- the machine -----------------------------------------------------------------------------
def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def machine() -> str:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}")  # fmt: skip


# -- context shared by parent and children ------------------------------------------------------
@dataclass
class Ctx:
    size: Size
    work: Path  # scratch files of this run
    inputs: dict[str, Any] = field(default_factory=dict)  # prepared inputs (paths, ids)
    first: bool = True  # the first run of an operation keeps its result as the reference

    def path(self, key: str) -> Path:
        return Path(self.inputs[key])

    def scratch(self, name: str) -> Path:
        return self.work / name


@dataclass
class Measure:
    seconds: float
    rss_kb: int | None
    info: dict[str, Any]


@dataclass(frozen=True)
class Op:
    name: str
    title: str
    baseline: str
    target: str
    run: Callable[[Ctx], tuple[float, dict[str, Any]]] | None = None
    base: Callable[[Ctx], tuple[float, dict[str, Any]]] | None = None
    process: Callable[[Ctx, str], Measure] | None = None  # whole-process measurements
    max_ratio: float | None = None
    max_seconds: float | None = None  # of the operation's median
    max_rss_mb: float | None = None
    delta_seconds: float | None = None  # of (operation - baseline)
    pending: Callable[[], str | None] = lambda: None
    needs: tuple[str, ...] = ()  # inputs to prepare
    check: Callable[[dict[str, Any], dict[str, Any]], str | None] = lambda a, b: None
    process_base: bool = True  # a process operation also runs its baseline process
    base_from: str | None = None  # ... or takes another operation's runs as its baseline


# What the operations' times are measured with: wall seconds, or with --cpu (set in the
# environment for the child processes) CPU seconds of the process, which a machine shared
# with other work inflates far less than wall time.
CPU_ENV = "PROPDESK_BENCH_CPU"


def cpu_mode() -> bool:
    return bool(os.environ.get(CPU_ENV))


def clock() -> float:
    return time.process_time() if cpu_mode() else time.perf_counter()


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = clock()
    out = fn()
    return clock() - t, out


def best_of_median(fn: Callable[[], Any], n: int) -> tuple[float, Any]:
    """Median of n timed calls after one warm-up call (for operations of milliseconds)."""
    out = fn()
    times = []
    for _ in range(n):
        t, out = timed(fn)
        times.append(t)
    return statistics.median(times), out


def ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def open_book(path: Path):  # type: ignore[no-untyped-def]
    from propdesk.db.store import Book

    return Book.open(path)


# -- inputs -----------------------------------------------------------------------------------
def _empty(path: Path) -> None:
    from propdesk.services.books import create_book

    create_book(path, company_name=books.COMPANY).close()


def prepare(ctx: Ctx, needs: set[str], log: Callable[[str], None] = print) -> None:
    size = ctx.size
    root = ctx.inputs.get("cache_root")
    cache = Path(root) if root else None

    def get(name: str, build: Callable[[Path], object]) -> Path:
        return books.cached(name, build, root=cache, log=log)

    if "book" in needs:
        ctx.inputs["book"] = str(
            get(f"{size.name}-book.db", lambda p: books.build_book(p, size, log=log))
        )
        with ro(ctx.path("book")) as con:
            # the unit with the most lines on 112201: the detail ledger's worst household
            acc = con.execute("SELECT id FROM account WHERE code = '112201'").fetchone()[0]
            ctx.inputs["ledger_unit"] = con.execute(
                "SELECT unit_id FROM posting WHERE account_id = ? AND unit_id IS NOT NULL "
                "GROUP BY unit_id ORDER BY count(*) DESC, unit_id LIMIT 1",
                (acc,),
            ).fetchone()[0]
            ctx.inputs["receivable_id"] = acc
    if "empty" in needs:
        ctx.inputs["empty"] = str(get("empty.db", _empty))
    if "city" in needs:
        ctx.inputs["city"] = str(
            get(f"{size.name}-city.db", lambda p: books.build_city(p, size, log=log))
        )
    if "city_billed" in needs:

        def bill(p: Path) -> None:
            from propdesk.services import billing

            books.copy_book(ctx.path("city"), p)
            b = open_book(p)
            with b.write() as s:
                billing.run_billing(s, size.city_period)
            b.close()

        ctx.inputs["city_billed"] = str(get(f"{size.name}-city-billed.db", bill))
    if "registry" in needs:
        ctx.inputs["registry"] = str(
            get(f"{size.name}-registry.db", lambda p: books.build_registry(p, size))
        )
    if "journal" in needs:
        from tests.perf.journal_file import write_journal_csv

        units = books.unit_codes(ctx.path("registry"))
        for n in size.journal:
            name = f"{size.name}-journal-{n}.csv"
            ctx.inputs[f"journal_{n}"] = str(
                get(name, lambda p, n=n: write_journal_csv(p, n, units=units))
            )
    if "roster" in needs:
        from tests.factories import make_roster_xlsx

        ctx.inputs["roster"] = str(get(
            f"{size.name}-roster.xlsx",
            lambda p: make_roster_xlsx(p, compounds=size.compounds, units=size.roster_units),
        ))  # fmt: skip
    if "vote" in needs:
        ctx.inputs["vote"] = str(get(f"{size.name}-vote.db", lambda p: _build_vote(p, size)))


def _build_vote(path: Path, size: Size) -> None:
    """One compound of size.tally_units units voting on hiring a manager; 70 % have voted."""
    import random

    import sqlalchemy

    from propdesk.core import votes as core
    from propdesk.services import votes
    from propdesk.services.books import create_book

    book = create_book(path, company_name=books.COMPANY)
    rng = random.Random(7)
    with book.write() as s:
        ((c, _ids),) = books.add_compounds(s, rng, 1, size.tally_units)
        v = votes.create_vote(s, c, core.HIRE_MANAGER, "选聘物业服务企业", opens=date(2026, 10, 1),
                              closes=date(2026, 10, 31))  # fmt: skip
        rows = s.execute(
            sqlalchemy.text("SELECT code, voter_id FROM vote_unit WHERE vote_id = :v ORDER BY id"),
            {"v": v.id},
        ).all()
        voted: set[int] = set()
        for code, voter in rows:  # one ballot per owner-person, given for any of their units
            if voter not in voted and rng.random() < 0.7:
                voted.add(voter)
                op = rng.choices((core.AGREE, core.DISAGREE, core.ABSTAIN), (80, 12, 8))[0]
                votes.cast_ballot(s, v, code, op, date(2026, 10, 15), collector="楼长")
    book.close()


# -- differences between two books: "the same rows" for the baselines ----------------------------
@dataclass
class TableDiff:
    table: str
    columns: list[str]
    pk: list[str]
    rowid_from: int | None  # rows with rowid above this are new (tables with an integer key)
    inserted: list[tuple[Any, ...]]  # new rows of tables without an integer key
    updated: list[tuple[Any, ...]]  # (changed values..., key...)
    set_columns: list[str]


def diff_books(before: Path, after: Path) -> list[TableDiff]:
    """What an operation wrote, table by table in foreign-key order."""
    from propdesk.db.models import Base

    con = sqlite3.connect(after)
    con.execute("ATTACH DATABASE ? AS b", (f"file:{before}?mode=ro",))
    out = []
    for t in Base.metadata.sorted_tables:
        name = t.name
        cols = [r[1] for r in con.execute(f"PRAGMA main.table_info('{name}')")]
        if not cols:
            continue
        pk = [c.name for c in t.primary_key.columns]
        qcols = ", ".join(f'"{c}"' for c in cols)
        integer_key = pk == ["id"]
        rowid_from = None
        inserted: list[tuple[Any, ...]] = []
        if integer_key:
            rowid_from = con.execute(f'SELECT coalesce(max(id), 0) FROM b."{name}"').fetchone()[0]
            changed = con.execute(
                f'SELECT {qcols} FROM main."{name}" WHERE id <= ? EXCEPT SELECT {qcols} FROM b."{name}"',
                (rowid_from,),
            ).fetchall()
        else:
            new_or_changed = con.execute(
                f'SELECT {qcols} FROM main."{name}" EXCEPT SELECT {qcols} FROM b."{name}"'
            ).fetchall()
            keys = {tuple(r) for r in con.execute(f'SELECT {", ".join(pk)} FROM b."{name}"')}
            idx = [cols.index(k) for k in pk]
            changed = [r for r in new_or_changed if tuple(r[i] for i in idx) in keys]
            inserted = [r for r in new_or_changed if tuple(r[i] for i in idx) not in keys]
        updated: list[tuple[Any, ...]] = []
        set_cols: list[str] = []
        if changed:
            idx = [cols.index(k) for k in pk]
            where = " AND ".join(f'"{k}" = ?' for k in pk)
            olds = {}
            for r in changed:
                key = tuple(r[i] for i in idx)
                olds[key] = con.execute(
                    f'SELECT {qcols} FROM b."{name}" WHERE {where}', key
                ).fetchone()
            diff_idx = sorted({i for r in changed for i, (a, b) in enumerate(zip(r, olds[tuple(r[j] for j in idx)], strict=True)) if a != b})  # fmt: skip
            set_cols = [cols[i] for i in diff_idx]
            updated = [tuple(r[i] for i in diff_idx) + tuple(r[i] for i in idx) for r in changed]
        if rowid_from is not None:
            n_new = con.execute(
                f'SELECT count(*) FROM main."{name}" WHERE id > ?', (rowid_from,)
            ).fetchone()[0]
            if not n_new:
                rowid_from = None
        if rowid_from is not None or inserted or updated:
            out.append(TableDiff(name, cols, pk, rowid_from, inserted, updated, set_cols))
    con.close()
    return out


def apply_diff(
    target: Path, after: Path, diffs: list[TableDiff], *, stream: bool = False
) -> tuple[float, dict[str, int]]:
    """The baseline: sqlite3 executemany of the same rows into `target` (a copy of the book
    before), in one transaction, with the book's pragmas. New rows of tables with an integer
    key are read from `after` beforehand, or streamed from it when `stream` (flat memory for
    a million rows; reading costs a small fraction of inserting)."""
    src = ro(after)
    con = sqlite3.connect(target, isolation_level=None)
    for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL"):
        con.execute(f"PRAGMA {pragma}")
    loaded: dict[str, Any] = {}
    for d in diffs:
        if d.rowid_from is not None:
            q = f'SELECT {", ".join(chr(34) + c + chr(34) for c in d.columns)} FROM "{d.table}" WHERE id > ? ORDER BY id'
            cur = src.execute(q, (d.rowid_from,))
            loaded[d.table] = cur if stream else cur.fetchall()
    counts: dict[str, int] = {}
    t0 = clock()
    con.execute("BEGIN IMMEDIATE")
    for d in diffs:
        marks = ", ".join("?" * len(d.columns))
        insert = f'INSERT INTO "{d.table}" ({", ".join(chr(34) + c + chr(34) for c in d.columns)}) VALUES ({marks})'
        if d.rowid_from is not None:
            before = con.total_changes
            con.executemany(insert, loaded[d.table])
            counts[d.table] = con.total_changes - before
        if d.inserted:
            con.executemany(insert, d.inserted)
            counts[d.table] = counts.get(d.table, 0) + len(d.inserted)
        if d.updated:
            sets = ", ".join(f'"{c}" = ?' for c in d.set_columns)
            where = " AND ".join(f'"{k}" = ?' for k in d.pk)
            con.executemany(f'UPDATE "{d.table}" SET {sets} WHERE {where}', d.updated)
            counts[d.table + ".updated"] = len(d.updated)
    con.execute("COMMIT")
    seconds = clock() - t0
    con.close()
    src.close()
    return seconds, counts


def _totals(path: Path) -> dict[str, Any]:
    with ro(path) as con:
        n, dr, cr = con.execute("SELECT count(*), sum(debit), sum(credit) FROM posting").fetchone()
        vouchers = con.execute("SELECT count(*) FROM voucher").fetchone()[0]
    return {"postings": n, "debit": dr or 0, "credit": cr or 0, "vouchers": vouchers}


def _same(keys: tuple[str, ...]) -> Callable[[dict[str, Any], dict[str, Any]], str | None]:
    def check(a: dict[str, Any], b: dict[str, Any]) -> str | None:
        bad = [k for k in keys if a.get(k) != b.get(k)]
        return None if not bad else "; ".join(f"{k}: {a.get(k)} != {b.get(k)}" for k in bad)

    return check


# -- operations -------------------------------------------------------------------------------
TB_RUNS = 20


def run_tb(ctx: Ctx) -> tuple[float, dict[str, Any]]:
    from propdesk.services import ledger

    book = open_book(ctx.path("book"))

    def once() -> Any:
        with book.read() as s:
            return ledger.trial_balance(s, ctx.size.end)

    t, tb = best_of_median(once, TB_RUNS)
    book.close()
    return t, {"debit": tb.totals.debit, "credit": tb.totals.credit, "balanced": tb.balanced}


TB_SQL = (
    "SELECT account_id, sum(CASE WHEN period < :p THEN debit - credit END), "
    "sum(CASE WHEN period >= :p THEN debit END), sum(CASE WHEN period >= :p THEN credit END) "
    "FROM account_month WHERE period <= :p GROUP BY account_id"
)


def base_tb(ctx: Ctx) -> tuple[float, dict[str, Any]]:
    con = ro(ctx.path("book"))
    t, rows = best_of_median(lambda: con.execute(TB_SQL, {"p": ctx.size.end}).fetchall(), TB_RUNS)
    con.close()
    return t, {"debit": sum(r[2] or 0 for r in rows), "credit": sum(r[3] or 0 for r in rows),
               "balanced": True}  # fmt: skip


def _process(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int, int, bytes]:
    """Wall time (with --cpu: the process's CPU time), peak RSS (KB) and exit code of a whole
    process, and its output."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env={**os.environ, **(env or {})}, cwd=ROOT)  # fmt: skip
    assert proc.stdout is not None
    with proc.stdout:
        out = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    if cpu_mode():
        seconds = usage.ru_utime + usage.ru_stime
    proc.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss, proc.returncode, out


def process_cli_tb(ctx: Ctx, role: str) -> Measure:
    target = ctx.path("book" if role == "op" else "empty")
    cmd = [PY, "-m", "propdesk", "--book", str(target), "report", "trial-balance",
           "--period", f"{ctx.size.end // 100}-{ctx.size.end % 100:02d}", "--json"]  # fmt: skip
    t, rss, code, out = _process(cmd)
    data = json.loads(out) if code == 0 else {}
    return Measure(
        t,
        rss,
        {"exit": code, "balanced": data.get("balanced"), "accounts": len(data.get("accounts", []))},
    )


LEDGER_RUNS = 20


def run_ledger(ctx: Ctx) -> tuple[float, dict[str, Any]]:
    from propdesk.core.periods import first_day, last_day
    from propdesk.services import ledger

    book = open_book(ctx.path("book"))
    flt = ledger.LedgerFilter(unit_id=ctx.inputs["ledger_unit"])
    start, end = first_day(ctx.size.start), last_day(ctx.size.end)

    def once() -> Any:
        with book.read() as s:
            return list(ledger.detail_ledger(s, "112201", start, end, flt))

    t, lines = best_of_median(once, LEDGER_RUNS)
    book.close()
    body = [ln for ln in lines if ln.kind == "line"]
    return t, {"lines": len(body), "debit": sum(ln.debit for ln in body),
               "credit": sum(ln.credit for ln in body), "closing": lines[-1].balance}  # fmt: skip


def base_ledger(ctx: Ctx) -> tuple[float, dict[str, Any]]:
    con = ro(ctx.path("book"))
    # a ledger line shows its voucher number (记-0012): the postings with their vouchers'
    # numbers, through the same index, in the same order
    q = ("SELECT p.date, v.number, p.summary, p.debit, p.credit FROM posting p "
         "JOIN voucher v ON v.id = p.voucher_id "
         "WHERE p.unit_id = ? AND p.account_id = ? ORDER BY p.date, p.id")  # fmt: skip
    args = (ctx.inputs["ledger_unit"], ctx.inputs["receivable_id"])
    t, rows = best_of_median(lambda: con.execute(q, args).fetchall(), LEDGER_RUNS)
    con.close()
    dr, cr = sum(r[3] for r in rows), sum(r[4] for r in rows)
    return t, {"lines": len(rows), "debit": dr, "credit": cr, "closing": dr - cr}


def run_billing(ctx: Ctx) -> tuple[float, dict[str, Any]]:
    from propdesk.services import billing

    path = books.copy_book(ctx.path("city"), ctx.scratch("billing.db"))
    book = open_book(path)

    def go() -> Any:
        with book.write() as s:
            return billing.run_billing(s, ctx.size.city_period)

    t, res = timed(go)
    book.close()
    info = {"bills": res.bills, "amount": res.amount, **_totals(path)}
    _keep(ctx, "billing", path)
    return t, info


def _keep(ctx: Ctx, name: str, path: Path) -> None:
    """The first run's result is the reference the baseline inserts again."""
    ref = ctx.scratch(f"{name}-after.db")
    if ctx.first or not ref.exists():
        os.replace(path, ref)
    else:
        path.unlink()


def _base_from(
    ctx: Ctx, name: str, before_key: str, *, stream: bool = False
) -> tuple[float, dict[str, Any]]:
    after = ctx.scratch(f"{name}-after.db")
    before = ctx.path(before_key)
    diffs = diff_books(before, after)
    target = books.copy_book(before, ctx.scratch(f"{name}-base.db"))
    t, counts = apply_diff(target, after, diffs, stream=stream)
    info = {**_totals(target), "rows": counts}
    target.unlink()
    return t, info


def base_billing(ctx: Ctx) -> tuple[float, dict[str, Any]]:
    t, info = _base_from(ctx, "billing", "city")
    with ro(ctx.scratch("billing-after.db")) as con:
        bills, amount = con.execute("SELECT count(*), sum(amount) FROM bill").fetchone()
    return t, {**info, "bills": bills, "amount": amount}


def _payment_items(path: Path, n: int) -> list[Any]:
    from propdesk.core.periods import first_day
    from propdesk.services.payments import PaymentIn

    methods = ("cash", "wechat", "alipay", "bank")
    with ro(path) as con:
        rows = con.execute(
            "SELECT unit_id, sum(amount - waived - paid), min(period) FROM bill "
            "WHERE amount - waived - paid > 0 GROUP BY unit_id ORDER BY unit_id LIMIT ?",
            (n,),
        ).fetchall()
    return [PaymentIn(uid, int(amt), methods[i % 4], first_day(p).replace(day=1 + i % 27))
            for i, (uid, amt, p) in enumerate(rows)]  # fmt: skip


def run_payments(ctx: Ctx) -> tuple[float, dict[str, Any]]:
    from propdesk.services import payments

    path = books.copy_book(ctx.path("city_billed"), ctx.scratch("payments.db"))
    items = _payment_items(path, ctx.size.payments)
    book = open_book(path)

    def go() -> Any:
        with book.write() as s:
            return payments.take_payments(s, items)

    t, res = timed(go)
    book.close()
    info = {"payments": len(res), "amount": sum(it.amount for it in items), **_totals(path)}
    _keep(ctx, "payments", path)
    return t, info


def base_payments(ctx: Ctx) -> tuple[float, dict[str, Any]]:
    t, info = _base_from(ctx, "payments", "city_billed")
    with ro(ctx.scratch("payments-after.db")) as con:
        n, amount = con.execute("SELECT count(*), sum(amount) FROM payment").fetchone()
    return t, {**info, "payments": n, "amount": amount}


def _journal_run(ctx: Ctx, n: int) -> tuple[float, dict[str, Any]]:
    from propdesk.services.journal_import import import_journal

    name = f"journal{n}"
    path = books.copy_book(ctx.path("registry"), ctx.scratch(f"{name}.db"))
    book = open_book(path)

    def go() -> Any:
        with book.write() as s:
            return import_journal(s, ctx.path(f"journal_{n}"))

    t, res = timed(go)
    book.close()
    info = {"lines": res.lines, "vouchers": res.vouchers, **_totals(path)}
    _keep(ctx, name, path)
    return t, info


def _journal_base(ctx: Ctx, n: int) -> tuple[float, dict[str, Any]]:
    t, info = _base_from(ctx, f"journal{n}", "registry", stream=True)
    return t, {**info, "lines": info["postings"]}


def run_roster(ctx: Ctx) -> tuple[float, dict[str, Any]]:
    import openpyxl  # noqa: F401  # imported before the clock starts, as the baseline's is

    from propdesk.services.roster import import_roster

    path = books.copy_book(ctx.path("empty"), ctx.scratch("roster.db"))
    book = open_book(path)

    def go() -> Any:
        with book.write() as s:
            return import_roster(s, ctx.path("roster"))

    t, res = timed(go)
    book.close()
    path.unlink()
    return t, {"units": res.created_units}


def base_roster(ctx: Ctx) -> tuple[float, dict[str, Any]]:
    import warnings

    from openpyxl import load_workbook

    def go() -> int:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(ctx.path("roster"), read_only=True, data_only=True)
            # every row is read; the unit rows are those numbered in the first column (序号)
            rows = wb.worksheets[0].iter_rows(values_only=True)
            n = sum(1 for r in rows if r and isinstance(r[0], int))
            wb.close()
        return n

    t, n = timed(go)
    return t, {"units": n}


def _export_range(size: Size) -> tuple[date, date]:
    # One year: a whole ten-year journal has more rows than an Excel sheet (1,048,576).
    if size.name == "XS":
        return date(size.start // 100, size.start % 100, 1), date(size.end // 100, 12, 31)
    y = size.end // 100 - 1
    return date(y, 1, 1), date(y, 12, 31)


def run_export(ctx: Ctx) -> tuple[float, dict[str, Any]]:
    from propdesk.reports.ledgers import journal_report
    from propdesk.reports.xlsx.journal import write_journal

    start, end = _export_range(ctx.size)
    book = open_book(ctx.path("book"))
    out = ctx.scratch("journal.xlsx")

    def go() -> int:
        with book.read() as s, out.open("wb") as fp:
            return write_journal(journal_report(s, start, end), fp)

    t, n = timed(go)
    book.close()
    return t, {"rows": n, "bytes": out.stat().st_size}


def base_export(ctx: Ctx) -> tuple[float, dict[str, Any]]:
    from decimal import Decimal

    from openpyxl import Workbook

    start, end = _export_range(ctx.size)
    con = ro(ctx.path("book"))
    names = dict(con.execute("SELECT id, code || char(9) || name FROM account"))
    out = ctx.scratch("journal-base.xlsx")
    q = ("SELECT v.date, v.number, p.summary, p.account_id, p.debit, p.credit FROM posting p "
         "JOIN voucher v ON v.id = p.voucher_id WHERE v.date BETWEEN ? AND ? "
         "ORDER BY v.period, v.number, p.line_no")  # fmt: skip

    def go() -> int:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("序时账")
        ws.append(["日期", "凭证字号", "摘要", "科目编码", "科目名称", "借方金额", "贷方金额"])
        n = 0
        for d, number, summary, acc, dr, cr in con.execute(q, (start.isoformat(), end.isoformat())):
            code, name = names[acc].split("\t")
            ws.append([date.fromisoformat(d), f"记-{number:04d}", summary, code, name,
                       Decimal(dr) / 100 if dr else None, Decimal(cr) / 100 if cr else None])  # fmt: skip
            n += 1
        wb.save(out)
        return n

    t, n = timed(go)
    con.close()
    return t, {"rows": n, "bytes": out.stat().st_size}


def _notices_pending() -> str | None:
    try:
        from propdesk.reports.fees import fee_notices  # noqa: F401
        from propdesk.reports.pdf.notices import render_notices  # noqa: F401
    except ImportError:
        return "pending: fee notices (propdesk.reports.pdf.notices) not built yet"
    return None


def run_notices(ctx: Ctx) -> tuple[float, dict[str, Any]]:
    from propdesk.reports.fees import fee_notices
    from propdesk.reports.pdf.notices import render_notices

    book = open_book(ctx.path("book"))
    out = ctx.scratch("notices.pdf")
    with book.read() as s:
        ids = [
            cid
            for (cid,) in s.execute(
                __import__("sqlalchemy").text("SELECT id FROM compound ORDER BY id")
            )
        ]

    def go() -> int:
        n = 0
        for cid in ids:
            with book.read() as s:
                batch = fee_notices(s, ctx.size.end, cid, issued=date(2026, 11, 1))
            with out.open("wb") as fp:
                render_notices(batch, fp)
            n += len(batch.households)
        return n

    t, n = timed(go)
    book.close()
    return t, {"households": n}


def base_notices(ctx: Ctx) -> tuple[float, dict[str, Any]]:
    """reportlab drawing the same text: per household its name, unit, bill lines and totals."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from propdesk.reports.pdf.base import register_font

    font = register_font()  # the same embedded CJK font
    con = ro(ctx.path("book"))
    q = ("SELECT b.compound_id, b.unit_id, u.code, b.description, b.amount, b.amount - b.waived - b.paid "
         "FROM bill b JOIN unit u ON u.id = b.unit_id WHERE b.period = ? OR "
         "(b.period < ? AND b.amount - b.waived - b.paid > 0) ORDER BY b.compound_id, b.unit_id, b.period")  # fmt: skip
    out = ctx.scratch("notices-base.pdf")

    def go() -> int:
        n = 0
        current = None
        c = None
        y = 0.0
        for cid, uid, code, desc, amount, outstanding in con.execute(
            q, (ctx.size.end, ctx.size.end)
        ):
            if c is None or cid != current:
                if c is not None:
                    c.save()
                c = canvas.Canvas(str(out), pagesize=A4)
                current = cid
                key = None
            if uid != key:
                if key is not None:
                    c.showPage()
                key = uid
                n += 1
                c.setFont(font, 14)
                c.drawString(60, 780, f"缴费通知单 {code}")
                c.setFont(font, 10)
                y = 740
            c.drawString(60, y, f"{desc}  {amount / 100:.2f}  {outstanding / 100:.2f}")
            y -= 16
        if c is not None:
            c.save()
        return n

    t, n = timed(go)
    con.close()
    return t, {"households": n}


def _tally_pending() -> str | None:
    try:
        from propdesk.services.votes import live_tally  # noqa: F401
    except ImportError:
        return "pending: propdesk.services.votes not built yet"
    return None


def run_tally(ctx: Ctx) -> tuple[float, dict[str, Any]]:
    from propdesk.services import votes

    book = open_book(ctx.path("vote"))

    def once() -> Any:
        with book.read() as s:
            return votes.live_tally(s, votes.get_vote(s, 1))

    t, tally = best_of_median(once, 10)
    book.close()
    return t, {"units": tally.total_count, "yes_area": tally.yes_area, "passed": tally.passed}


def _desktop_env(ctx: Ctx, page: str) -> dict[str, str]:
    # a folder per run: the app saves its settings on the way out
    home = Path(tempfile.mkdtemp(prefix=f"xdg-{page}-", dir=ctx.work))
    conf = home / "propdesk" / "propdesk.conf"
    conf.parent.mkdir(parents=True, exist_ok=True)
    conf.write_text(f"[window]\nlast_page={page}\n", encoding="utf-8")
    return {"XDG_CONFIG_HOME": str(home), "QT_QPA_PLATFORM": "offscreen",
            "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache")}  # fmt: skip


def _app(ctx: Ctx, book_key: str, page: str) -> Measure:
    path = ctx.path(book_key)
    cmd = [PY, "-m", "propdesk.ui.app", "--book", str(path), "--quit-after-open"]
    t, rss, code, _out = _process(cmd, _desktop_env(ctx, page))
    return Measure(t, rss, {"exit": code})


def process_start(ctx: Ctx, role: str) -> Measure:
    return _app(ctx, "empty", "ledger")


def process_journal_page(ctx: Ctx, role: str) -> Measure:
    return _app(ctx, "book" if role == "op" else "empty", "ledger")


def _desktop_pending() -> str | None:
    try:
        import PySide6  # noqa: F401
    except ImportError:
        return "pending: PySide6 is not installed"
    return None


OPS: list[Op] = [
    Op("tb", "trial balance, one month (in process)", "one SQL SUM over account_month",
       "≤ 3× and < 50 ms", run_tb, base_tb, max_ratio=3, max_seconds=0.05, needs=("book",),
       check=_same(("debit", "credit", "balanced"))),
    Op("cli_tb", "`propdesk report trial-balance --json` (whole process)",
       "the same command on an empty book", "< 1 s", process=process_cli_tb, max_seconds=1.0,
       needs=("book", "empty"), check=lambda a, b: None if a["exit"] == b["exit"] == 0 and a["balanced"] else f"{a} {b}"),
    Op("ledger", "detail ledger, one unit's 112201, all years",
       "indexed SELECT of its postings and their voucher numbers",
       "≤ 3×", run_ledger, base_ledger, max_ratio=3, needs=("book",),
       check=_same(("lines", "debit", "credit", "closing"))),
    Op("billing", "billing run, city, one month", "sqlite3 executemany of the same rows",
       "≤ 3×", run_billing, base_billing, max_ratio=3, needs=("city",),
       check=_same(("bills", "amount", "postings", "debit", "credit", "vouchers"))),
    Op("payments", "payments with receipts, one batch", "sqlite3 executemany of the same rows",
       "≤ 5×", run_payments, base_payments, max_ratio=5, needs=("city", "city_billed"),
       check=_same(("payments", "amount", "postings", "debit", "credit", "vouchers"))),
    Op("journal_small", "journal import (smaller file)", "sqlite3 executemany of the same rows",
       "(memory reference)", lambda c: _journal_run(c, c.size.journal[0]),
       lambda c: _journal_base(c, c.size.journal[0]), needs=("registry", "journal"),
       check=_same(("lines", "postings", "debit", "credit", "vouchers"))),
    Op("journal", "journal import", "sqlite3 executemany of the same rows", "≤ 3×, flat memory",
       lambda c: _journal_run(c, c.size.journal[1]), lambda c: _journal_base(c, c.size.journal[1]),
       max_ratio=3, needs=("registry", "journal"),
       check=_same(("lines", "postings", "debit", "credit", "vouchers"))),
    Op("roster", "roster import", "openpyxl read-only read of the same file", "≤ 2×",
       run_roster, base_roster, max_ratio=2, needs=("empty", "roster"),
       check=lambda a, b: None if a["units"] == b["units"] else f"{a} {b}"),
    Op("export", "Excel journal export, one year (streamed)", "openpyxl write-only plain write of the same cells",
       "≤ 1.3×, flat memory", run_export, base_export, max_ratio=1.3, needs=("book",),
       check=_same(("rows",))),
    Op("notices", "batch fee notices PDF, every household", "reportlab drawing the same text",
       "≤ 1.5×", run_notices, base_notices, max_ratio=1.5, needs=("book",),
       pending=_notices_pending, check=_same(("households",))),
    Op("tally", "vote tally, one compound", "—", "< 100 ms", run_tally, None, max_seconds=0.1,
       needs=("vote",), pending=_tally_pending),
    Op("desktop_start", "desktop: app start to main window (process)", "—", "< 2 s",
       process=process_start, max_seconds=2.0, needs=("empty",), pending=_desktop_pending,
       check=lambda a, b: None if a["exit"] == 0 else f"{a}", process_base=False),
    Op("desktop_journal", "desktop: journal page showing its first rows (process)",
       "the same on an empty book", "< 1 s more, < 500 MB", process=process_journal_page,
       delta_seconds=1.0, max_rss_mb=500, needs=("book", "empty"), pending=_desktop_pending,
       check=lambda a, b: None if a["exit"] == b["exit"] == 0 else f"{a} {b}",
       base_from="desktop_start"),
]  # fmt: skip
BY_NAME = {op.name: op for op in OPS}


def size_label(op: Op, size: Size) -> str:
    n = {
        "tb": f"{size.name} book",
        "cli_tb": f"{size.name} book",
        "ledger": f"{size.name} book",
        "billing": f"{size.city_compounds * size.city_units:,} units",
        "payments": f"{size.payments:,} payments",
        "journal_small": f"{size.journal[0]:,} postings",
        "journal": f"{size.journal[1]:,} postings",
        "roster": f"{size.roster_units:,} units",
        "export": f"{size.name} book",
        "notices": f"{size.units:,} units",
        "tally": f"{size.tally_units:,} units",
        "desktop_start": "empty book",
        "desktop_journal": f"{size.name} book",
    }
    return n.get(op.name, size.name)


# -- running ----------------------------------------------------------------------------------
@dataclass
class Result:
    op: Op
    size: Size
    runs: list[Measure]
    bases: list[Measure]
    pending: str | None = None
    problem: str | None = None  # an inconsistency between the operation and its baseline

    @property
    def seconds(self) -> float | None:
        return statistics.median(m.seconds for m in self.runs) if self.runs else None

    @property
    def base_seconds(self) -> float | None:
        return statistics.median(m.seconds for m in self.bases) if self.bases else None

    @property
    def rss_mb(self) -> float | None:
        vals = [m.rss_kb for m in self.runs if m.rss_kb]
        return max(vals) / 1024 if vals else None

    @property
    def base_rss_mb(self) -> float | None:
        vals = [m.rss_kb for m in self.bases if m.rss_kb]
        return max(vals) / 1024 if vals else None

    @property
    def ratio(self) -> float | None:
        if self.seconds is None or not self.base_seconds:
            return None
        return self.seconds / self.base_seconds

    def met(self, results: dict[str, Result]) -> bool | None:
        if self.pending or self.seconds is None:
            return None
        op = self.op
        ok = True
        if op.max_ratio is not None and self.ratio is not None:
            ok &= self.ratio <= op.max_ratio
        if op.max_seconds is not None:
            ok &= self.seconds < op.max_seconds
        if op.delta_seconds is not None and self.base_seconds is not None:
            ok &= self.seconds - self.base_seconds < op.delta_seconds
        if op.max_rss_mb is not None and self.rss_mb is not None:
            ok &= self.rss_mb < op.max_rss_mb
        if op.name == "journal" and "journal_small" in results:
            small = results["journal_small"].rss_mb
            if small and self.rss_mb:
                ok &= self.rss_mb <= small * 1.25
        return ok


def _child(ctx: Ctx, op: Op, role: str, inprocess: bool) -> Measure:
    if inprocess:
        fn = op.run if role == "op" else op.base
        assert fn is not None
        t, info = fn(ctx)
        return Measure(t, None, info)
    spec = ctx.scratch("inputs.json")
    spec.write_text(json.dumps({"size": ctx.size.name, "work": str(ctx.work), "inputs": ctx.inputs,
                                "first": ctx.first}), encoding="utf-8")  # fmt: skip
    cmd = [PY, "-m", "tests.perf.bench", "--child", op.name, "--role", role, "--spec", str(spec)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{op.name} {role} failed:\n{proc.stdout}\n{proc.stderr}")
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    return Measure(data["seconds"], data["rss_kb"], data["info"])


def child_main(name: str, role: str, spec: Path) -> None:
    data = json.loads(spec.read_text(encoding="utf-8"))
    ctx = Ctx(SIZES[data["size"]], Path(data["work"]), data["inputs"], data["first"])
    op = BY_NAME[name]
    fn = op.run if role == "op" else op.base
    assert fn is not None
    t, info = fn(ctx)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": t, "rss_kb": rss, "info": info}, default=str))


def run(
    size: str = "S",
    *,
    only: set[str] | None = None,
    repeat: int = 3,
    work: Path | None = None,
    cache: Path | None = None,
    inprocess: bool = False,
    log: Callable[[str], None] = print,
) -> list[Result]:
    sz = SIZES[size]
    ops = [op for op in OPS if only is None or op.name in only]
    tmp = None
    if work is None:
        tmp = tempfile.TemporaryDirectory(prefix="propdesk-bench-")
        work = Path(tmp.name)
    work.mkdir(parents=True, exist_ok=True)
    ctx = Ctx(sz, work, {"cache_root": str(cache) if cache else None})
    results: dict[str, Result] = {}
    pool: ThreadPoolExecutor | None = None
    try:
        pending = {op.name: op.pending() for op in ops}
        needs = {n for op in ops if not pending[op.name] for n in op.needs}
        if "city_billed" in needs or "billing" in {o.name for o in ops}:
            needs.add("city")
        prepare(ctx, needs, log)
        # In process (the XS test), whole-process measurements run two at a time beside the
        # rest: their timings mean nothing at XS and the test must stay quick.
        background: dict[tuple[str, str, int], Future[Measure]] = {}
        if inprocess:
            pool = ThreadPoolExecutor(max_workers=2)
            names = {o.name for o in ops}
            for op in ops:
                if op.process is None or pending[op.name]:
                    continue
                for i in range(repeat):
                    background[(op.name, "op", i)] = pool.submit(op.process, ctx, "op")
                    if op.process_base and op.base_from not in names:
                        background[(op.name, "base", i)] = pool.submit(op.process, ctx, "base")

        def measure(op: Op, role: str, i: int) -> Measure:
            assert op.process is not None
            future = background.get((op.name, role, i))
            return future.result() if future is not None else op.process(ctx, role)

        for op in ops:
            res = Result(op, sz, [], [], pending[op.name])
            results[op.name] = res
            if res.pending:
                continue
            for i in range(repeat):
                ctx.first = i == 0
                if op.process is not None:
                    res.runs.append(measure(op, "op", i))
                    borrowed = results.get(op.base_from or "")
                    if borrowed is not None and len(borrowed.runs) > i:
                        res.bases.append(borrowed.runs[i])
                    elif op.process_base:
                        res.bases.append(measure(op, "base", i))
                else:
                    res.runs.append(_child(ctx, op, "op", inprocess))
                    if op.base is not None:
                        res.bases.append(_child(ctx, op, "base", inprocess))
            if res.bases:
                res.problem = op.check(res.runs[0].info, res.bases[0].info)
            elif res.runs:
                res.problem = op.check(res.runs[0].info, res.runs[0].info)
            log(
                f"  {op.name}: {fmt_s(res.seconds)} (baseline {fmt_s(res.base_seconds)}), load {load()}"
            )
    finally:
        if pool is not None:
            pool.shutdown(wait=True)
        if tmp is not None:
            tmp.cleanup()
    return list(results.values())


# -- the table --------------------------------------------------------------------------------
def fmt_s(s: float | None) -> str:
    if s is None:
        return "—"
    if s < 1:
        return f"{s * 1000:.1f} ms"
    return f"{s:.2f} s"


def fmt_mb(mb: float | None) -> str:
    return "—" if mb is None else f"{mb:.0f} MB"


def table(results: list[Result], repeat: int) -> str:
    by_name = {r.op.name: r for r in results}
    head = [
        "operation",
        "size",
        f"median of {repeat}",
        "peak",
        "baseline",
        "base peak",
        "ratio",
        "target",
        "met",
    ]
    rows = []
    for r in results:
        if r.pending:
            rows.append(
                [
                    r.op.title,
                    size_label(r.op, r.size),
                    r.pending,
                    "",
                    "",
                    "",
                    "",
                    r.op.target,
                    "pending",
                ]
            )
            continue
        met = r.met(by_name)
        rows.append([
            r.op.title, size_label(r.op, r.size), fmt_s(r.seconds), fmt_mb(r.rss_mb),
            fmt_s(r.base_seconds) if r.bases else r.op.baseline, fmt_mb(r.base_rss_mb),
            f"{r.ratio:.2f}×" if r.ratio is not None else "—", r.op.target,
            ("yes" if met else "NO") + ("" if not r.problem else " (INCONSISTENT)"),
        ])  # fmt: skip
    widths = [max(_w(str(x)) for x in col) for col in zip(head, *rows, strict=True)]
    lines = ["  ".join(_pad(str(c), w) for c, w in zip(head, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]  # fmt: skip
    lines += [
        "  ".join(_pad(str(c), w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    return "\n".join(lines)


def _w(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, w: int) -> str:
    return s + " " * (w - _w(s))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m tests.perf.bench", description=__doc__.split("\n")[0]
    )
    p.add_argument("--size", choices=sorted(SIZES), default="S")
    p.add_argument(
        "--only", default=None, help="comma-separated operation names: " + ", ".join(BY_NAME)
    )
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--cache", type=Path, default=None, help="where built books are kept")
    p.add_argument("--json", type=Path, default=None, help="also write the results here")
    p.add_argument("--cpu", action="store_true",
                   help="measure CPU seconds instead of wall time (a shared, loaded machine)")  # fmt: skip
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--role", help=argparse.SUPPRESS)
    p.add_argument("--spec", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        child_main(args.child, args.role, args.spec)
        return 0
    only = set(args.only.split(",")) if args.only else None
    if only and only - set(BY_NAME):
        p.error(f"unknown operation(s): {', '.join(sorted(only - set(BY_NAME)))}")
    if args.cpu:
        os.environ[CPU_ENV] = "1"  # the children measure their timed sections in CPU seconds
    started = load()
    print(f"machine: {machine()}")
    if cpu_mode():
        print("times: CPU seconds of each process (--cpu), not wall time")
    print(f"load average at start: {started}")
    t0 = time.perf_counter()
    results = run(args.size, only=only, repeat=args.repeat, cache=args.cache)
    print()
    print(table(results, args.repeat))
    print()
    print(f"load average at start: {started}; at end: {load()}; {time.perf_counter() - t0:.0f} s")
    print("baselines:")
    for r in results:
        if r.bases and r.op.base_from is None:
            print(f"  {r.op.name}: {r.op.baseline}")
    bad = [r.op.name for r in results if r.problem]
    for r in results:
        if r.problem:
            print(f"INCONSISTENT {r.op.name}: {r.problem}")
    if args.json:
        args.json.write_text(json.dumps([{
            "op": r.op.name, "title": r.op.title, "size": size_label(r.op, r.size),
            "seconds": r.seconds, "rss_mb": r.rss_mb, "base_seconds": r.base_seconds,
            "base_rss_mb": r.base_rss_mb, "ratio": r.ratio, "pending": r.pending,
            "runs": [m.seconds for m in r.runs], "bases": [m.seconds for m in r.bases],
        } for r in results], indent=1), encoding="utf-8")  # fmt: skip
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
