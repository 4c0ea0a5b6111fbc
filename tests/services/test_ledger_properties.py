"""Property test: random balanced vouchers, closes, reopens and reversals keep every invariant."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from propdesk.core.errors import UserError
from propdesk.core.periods import next_period
from propdesk.db.store import Book
from propdesk.services import ledger
from propdesk.services.books import create_book
from propdesk.services.check import run_checks
from propdesk.services.ledger import Line, NewVoucher

LEAVES = [
    "1001",
    "1002",
    "1221",  # the control accounts 112201 / 220301 / 224101 are posted only by their modules
    "2202",
    "2211",
    "224102",
    "3001",
    "500101",
    "505101",
    "5401",
    "560201",
    "5603",
]
PERIODS = [202511, 202512, 202601, 202602]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "template.db"
    book = create_book(path)
    with book.write() as s:
        ledger.ensure_account(s, "224102", "代收代付")
    book.close()
    return path


amounts = st.integers(min_value=1, max_value=10_000_000_00)


@st.composite
def balanced_lines(draw: st.DrawFn) -> list[Line]:
    debits = draw(st.lists(st.tuples(st.sampled_from(LEAVES), amounts), min_size=1, max_size=3))
    total = sum(a for _, a in debits)
    # split the total over 1..3 credit lines, every part positive
    n = draw(st.integers(1, min(3, total)))
    cuts = (
        sorted(
            draw(st.lists(st.integers(1, total - 1), min_size=n - 1, max_size=n - 1, unique=True))
        )
        if n > 1
        else []
    )
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    credits = [(draw(st.sampled_from(LEAVES)), p) for p in parts]
    return [Line(a, debit=x) for a, x in debits] + [Line(a, credit=x) for a, x in credits]


class LedgerMachine(RuleBasedStateMachine):
    tpl: Path
    workdir: Path

    @initialize()
    def open_book(self) -> None:
        self.n = getattr(LedgerMachine, "_n", 0) + 1
        LedgerMachine._n = self.n
        path = self.workdir / f"b{self.n}.db"
        shutil.copy(self.tpl, path)
        self.book = Book.open(path)
        self.posted: list[int] = []
        self.model_total = 0

    def teardown(self) -> None:
        self.book.close()

    @rule(period=st.sampled_from(PERIODS), day=st.integers(1, 28), lines=balanced_lines())
    def post(self, period: int, day: int, lines: list[Line]) -> None:
        d = date(period // 100, period % 100, day)
        try:
            with self.book.write() as s:
                ref = ledger.post_voucher(s, NewVoucher(d, "随机凭证", lines))
        except UserError:
            with self.book.read() as s:
                last = ledger.closed_through(s)
            assert last is not None and period <= last  # the only legitimate refusal here
            return
        self.posted.append(ref.id)
        self.model_total += sum(ln.debit for ln in lines)

    @rule()
    def close_next(self) -> None:
        with self.book.read() as s:
            last = ledger.closed_through(s)
            first = ledger.first_voucher_period(s)
        target = next_period(last) if last else (first or PERIODS[0])
        if target > PERIODS[-1]:
            return
        with self.book.write() as s:
            ledger.close_period(s, target)
        with self.book.read() as s:
            tb = ledger.trial_balance(s, target)
        # after a close no profit-and-loss account keeps a balance
        assert all(
            r.closing_debit == r.closing_credit == 0 for r in tb.rows if r.code.startswith("5")
        )

    @precondition(lambda self: hasattr(self, "book"))
    @rule(reason=st.text(min_size=1, max_size=10).filter(str.strip))
    def reopen_latest(self, reason: str) -> None:
        with self.book.read() as s:
            last = ledger.closed_through(s)
        if last is None:
            return
        with self.book.write() as s:
            ledger.reopen_period(s, last, reason)

    @rule(data=st.data())
    def reverse_one(self, data: st.DataObject) -> None:
        if not self.posted:
            return
        vid = data.draw(st.sampled_from(self.posted))
        with self.book.read() as s:
            open_period = ledger.current_period(s)
        on = date(max(open_period, PERIODS[0]) // 100, max(open_period, PERIODS[0]) % 100, 28)
        try:
            with self.book.write() as s:
                ledger.reverse_voucher(s, vid, on=on, reason="测试冲销")
        except UserError as exc:
            assert "已被冲销" in exc.message or "已结账" in exc.message
            return
        self.posted.remove(vid)

    @invariant()
    def books_balance_and_check_passes(self) -> None:
        if not hasattr(self, "book"):
            return
        with self.book.read() as s:
            for p in PERIODS:
                assert ledger.trial_balance(s, p).balanced
            report = run_checks(s)
        assert report.ok, report.violations


def test_ledger_state_machine(template: Path, tmp_path: Path) -> None:
    LedgerMachine.tpl = template
    LedgerMachine.workdir = tmp_path
    run = LedgerMachine.TestCase
    run.settings = settings(
        max_examples=25, stateful_step_count=12, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )  # fmt: skip
    run().runTest()
