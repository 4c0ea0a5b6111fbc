"""CPU seconds of the small in-process operations against their baselines, interleaved in one
process (immune to the load of a shared machine, unlike the runner's wall times).

    .venv/bin/python -m tests.perf.cpu tb|ledger [--size S] [--profile]

Runs rounds of 50 calls of the operation and of its baseline (the runner's own), prints the
medians and their ratio; --profile then prints a pyinstrument profile of 300 operation calls
(pyinstrument is not a project dependency: `pip install pyinstrument`).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

from tests.perf import bench, books
from tests.perf.books import SIZES

CALLS = 50
ROUNDS = 7


def cpu(fn: Callable[[], Any], calls: int = CALLS) -> float:
    fn()
    t = time.process_time()
    for _ in range(calls):
        fn()
    return (time.process_time() - t) / calls


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.perf.cpu", description=__doc__.split("\n")[0])
    p.add_argument("op", choices=["tb", "ledger"])
    p.add_argument("--size", choices=sorted(SIZES), default="S")
    p.add_argument("--profile", action="store_true")
    args = p.parse_args(argv)
    from propdesk.core.periods import first_day, last_day
    from propdesk.services import ledger

    size = SIZES[args.size]
    path = books.cached(f"{size.name}-book.db", lambda q: books.build_book(q, size))
    con = bench.ro(path)
    acc = con.execute("SELECT id FROM account WHERE code = '112201'").fetchone()[0]
    unit = con.execute(
        "SELECT unit_id FROM posting WHERE account_id = ? AND unit_id IS NOT NULL "
        "GROUP BY unit_id ORDER BY count(*) DESC, unit_id LIMIT 1",
        (acc,),
    ).fetchone()[0]
    book = bench.open_book(path)
    flt = ledger.LedgerFilter(unit_id=unit)
    start, end = first_day(size.start), last_day(size.end)
    base_q = ("SELECT p.date, v.number, p.summary, p.debit, p.credit FROM posting p "
              "JOIN voucher v ON v.id = p.voucher_id "
              "WHERE p.unit_id = ? AND p.account_id = ? ORDER BY p.date, p.id")  # fmt: skip

    def op_tb() -> Any:
        with book.read() as s:
            return ledger.trial_balance(s, size.end)

    def op_ledger() -> Any:
        with book.read() as s:
            return list(ledger.detail_ledger(s, "112201", start, end, flt))

    op, base = {
        "tb": (op_tb, lambda: con.execute(bench.TB_SQL, {"p": size.end}).fetchall()),
        "ledger": (op_ledger, lambda: con.execute(base_q, (unit, acc)).fetchall()),
    }[args.op]
    ops, bases = [], []
    for _ in range(ROUNDS):
        ops.append(cpu(op))
        bases.append(cpu(base))
    o, b = statistics.median(ops), statistics.median(bases)
    print(f"{args.op} ({size.name}): {o * 1000:.2f} ms CPU, baseline {b * 1000:.2f} ms CPU, "
          f"ratio {o / b:.2f}x (median of {ROUNDS} rounds of {CALLS} calls)")  # fmt: skip
    if args.profile:
        from pyinstrument import Profiler

        prof = Profiler(interval=0.0002)
        prof.start()
        for _ in range(300):
            op()
        prof.stop()
        print(prof.output_text(unicode=False, color=False))
    book.close()
    con.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
