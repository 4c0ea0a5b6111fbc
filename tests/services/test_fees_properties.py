"""State machine: random billing runs, payments, voids, waivers, refunds and transfers; after
every step `check` passes (receivables = 112201, prepayments = 220301, receipts continuous)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import func, select

from propdesk.core.errors import UserError
from propdesk.db.models import Bill, Receipt
from propdesk.db.store import Book
from propdesk.services import billing, payments, registry
from propdesk.services.books import create_book
from propdesk.services.check import run_checks
from tests.fees_fixtures import UNITS, setup_compound

CODES = [f"{b}-{e}-{r}" for b, e, r, *_ in UNITS]
PERIODS = [202601, 202602, 202603, 202604, 202605, 202606]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fees") / "tpl.db"
    book = create_book(path)
    setup_compound(book)
    book.close()
    return path


class FeesMachine(RuleBasedStateMachine):
    tpl: Path
    workdir: Path
    counter = 0

    @initialize()
    def open_book(self) -> None:
        FeesMachine.counter += 1
        path = self.workdir / f"f{FeesMachine.counter}.db"
        shutil.copy(self.tpl, path)
        self.book = Book.open(path)
        self.billed: list[int] = []
        self.receipts_taken = 0

    def teardown(self) -> None:
        self.book.close()

    def _day(self) -> date:
        p = max(self.billed) if self.billed else PERIODS[0]
        return date(p // 100, p % 100, 20)

    @rule(period=st.sampled_from(PERIODS))
    def bill(self, period: int) -> None:
        with self.book.write() as s:
            billing.run_billing(s, period)
        self.billed.append(period)

    @rule(
        code=st.sampled_from(CODES),
        amount=st.integers(1, 60000),
        method=st.sampled_from(["cash", "bank", "wechat", "alipay"]),
    )
    def pay(self, code: str, amount: int, method: str) -> None:
        try:
            with self.book.write() as s:
                payments.take_payment(
                    s, registry.unit_by_code(s, "幸福里小区", code), amount, method, self._day()
                )
        except UserError as exc:
            assert "上限" in exc.message or "不能预收" in exc.message
            return
        self.receipts_taken += 1

    @rule(number=st.integers(1, 30), data=st.data())
    def void(self, number: int, data: st.DataObject) -> None:
        try:
            with self.book.write() as s:
                payments.void_receipt(
                    s, number, data.draw(st.sampled_from(["录错", "重复收款"])), self._day()
                )
        except UserError as exc:
            assert any(k in exc.message for k in ("不存在", "已作废", "已被后续账单冲抵")), (
                exc.message
            )

    @rule(data=st.data())
    def waive(self, data: st.DataObject) -> None:
        with self.book.read() as s:
            open_ = s.execute(
                select(Bill.id, Bill.amount - Bill.waived - Bill.paid).where(
                    Bill.amount - Bill.waived - Bill.paid > 0
                )
            ).all()
        if not open_:
            return
        bill_id, out = data.draw(st.sampled_from(open_))
        amount = data.draw(st.integers(1, int(out)))
        with self.book.write() as s:
            payments.waive(s, bill_id, amount, "困难户", "社区书记", self._day())

    @rule(code=st.sampled_from(CODES), data=st.data())
    def refund(self, code: str, data: st.DataObject) -> None:
        with self.book.read() as s:
            unit = registry.unit_by_code(s, "幸福里小区", code)
            bal = billing.prepaid_balances(s, [unit.id]).get(unit.id, 0)
        if bal <= 0:
            return
        with self.book.write() as s:
            unit = registry.unit_by_code(s, "幸福里小区", code)
            payments.refund_prepayment(
                s, unit, data.draw(st.integers(1, bal)), "cash", self._day(), "退还"
            )

    @rule(code=st.sampled_from(CODES), month=st.integers(1, 6))
    def transfer(self, code: str, month: int) -> None:
        try:
            with self.book.write() as s:
                unit = registry.unit_by_code(s, "幸福里小区", code)
                registry.transfer(
                    s, unit, date(2026, month, 15), f"新业主{month}", phone=f"139{month:08d}"
                )
        except UserError as exc:
            assert "早于" in exc.message

    @invariant()
    def invariants_hold(self) -> None:
        if not hasattr(self, "book"):
            return
        with self.book.read() as s:
            report = run_checks(s)
            n = s.execute(select(func.count(Receipt.id))).scalar_one()
        assert report.ok, report.violations
        assert n == self.receipts_taken  # voids keep their numbers


def test_fees_state_machine(template: Path, tmp_path: Path) -> None:
    FeesMachine.tpl = template
    FeesMachine.workdir = tmp_path
    case = FeesMachine.TestCase
    case.settings = settings(
        max_examples=20, stateful_step_count=15, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )  # fmt: skip
    case().runTest()
