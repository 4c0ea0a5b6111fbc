"""The benchmark runner at size XS: every operation runs and agrees with its baseline.

No timing is asserted here (the machine is shared and XS is tiny); the figures that matter are
the S run in README's Performance section. This keeps the runner, the book generators and the
baselines working as the code under them changes.
"""

from __future__ import annotations

from pathlib import Path

from propdesk.services.check import run_checks
from tests.perf import bench


def test_every_operation_runs_and_agrees_with_its_baseline(tmp_path: Path) -> None:
    logs: list[str] = []
    results = bench.run(
        "XS", repeat=1, work=tmp_path / "work", cache=tmp_path / "cache", inprocess=True,
        log=logs.append,
    )  # fmt: skip
    assert [r.op.name for r in results] == [op.name for op in bench.OPS]
    for r in results:
        if r.pending:
            assert r.pending.startswith("pending:"), r.pending
            continue
        assert r.runs and all(m.seconds > 0 for m in r.runs), r.op.name
        if r.op.base is not None or (r.op.process is not None and r.op.process_base):
            assert r.bases, r.op.name
        assert r.problem is None, f"{r.op.name}: {r.problem}"
    table = bench.table(results, 1)
    assert all(op.title in table for op in bench.OPS)

    # the generated book is a book a clerk could have: every invariant holds
    book = bench.open_book(bench.books.cache_root(tmp_path / "cache") / "XS-book.db")
    with book.read() as s:
        assert run_checks(s).ok
    book.close()
