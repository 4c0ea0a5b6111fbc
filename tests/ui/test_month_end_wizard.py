"""月末结账 wizard: month → checks → billing (cancellable) → review → close, on a small book."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from PySide6.QtWidgets import QWizard
from sqlalchemy import func, select, update

from propdesk.core import i18n
from propdesk.db.models import Bill, Period, Voucher
from propdesk.db.store import Book
from propdesk.reports.fees import monthly_statement
from propdesk.services import billing, ledger, payments, registry
from propdesk.ui import language, ops
from propdesk.ui.dialogs.month_end_wizard import MonthEndWizard
from propdesk.ui.main_window import MainWindow
from propdesk.ui.pages.fees_page import BillingPage
from propdesk.ui.pages.journal import JournalPage
from tests.fees_fixtures import setup_compound

from .conftest import Dialogs, wait_op

# the fixture's monthly fees (tests/reports/test_dashboard.py): 76.08 + 87.00 + 54.40 (the
# developer's unsold unit) + 180.00 (the shop) + 63.96 (delivered in March: the developer pays)
FEB = 7608 + 8700 + 5440 + 18000 + 6396
NEXT = QWizard.WizardButton.NextButton


def _book(book: Book) -> None:
    """January billed, paid in part and closed; the shop pays January's bill in February."""
    setup_compound(book)
    with book.write() as s:
        billing.run_billing(s, 202601)
        unit = registry.unit_by_code(s, "幸福里小区", "1-1-101")
        payments.take_payment(s, unit, 7608, "cash", date(2026, 1, 15))
        ledger.close_period(s, 202601)
        shop = registry.unit_by_code(s, "幸福里小区", "1-2-101")
        payments.take_payment(s, shop, 18000, "bank", date(2026, 2, 20))


def _bills(book: Book, period: int) -> tuple[int, int]:
    with book.read() as s:
        n, total = s.execute(
            select(func.count(Bill.id), func.coalesce(func.sum(Bill.amount), 0)).where(
                Bill.period == period
            )
        ).one()
    return int(n), int(total)


def _wizard(qtbot: Any, book: Book) -> MonthEndWizard:
    wiz = MonthEndWizard(book)
    qtbot.addWidget(wiz)
    wiz.show()
    return wiz


def _to_billing(qtbot: Any, wiz: MonthEndWizard) -> None:
    wiz.next()
    assert wiz.currentId() == wiz.CHECKS
    assert wiz.button(NEXT).isEnabled()
    wiz.next()
    assert wiz.currentId() == wiz.BILLING
    assert not wiz.button(NEXT).isEnabled()  # not billed yet


def test_month_end_from_checks_to_close(qtbot: Any, book: Book, dialogs: Dialogs) -> None:
    _book(book)
    wiz = _wizard(qtbot, book)
    assert wiz.period_page.month.period() == 202602  # the first open month
    assert wiz.period_page.closed.text() == "已结账至 2026-01"

    # another month is refused with the service's words
    wiz.period_page.month.set_period(202603)
    wiz.next()
    assert wiz.currentId() == wiz.PERIOD
    assert wiz.period_page.problem.text() == "请先结账 2026-02"
    wiz.period_page.month.set_period(202601)
    wiz.next()
    assert wiz.period_page.problem.text() == "2026-01 已经结账"
    wiz.period_page.month.set_period(202602)

    wiz.next()
    assert wiz.checks_page.summary.text().startswith("账簿检查全部通过")
    assert wiz.checks_page.violations() == []
    wiz.next()
    page = wiz.billing_page
    assert "尚未开单" in page.status.text()
    assert page.month_total.text() == "本月账单共 0 张，合计 ￥0.00。"
    wait_op(qtbot, page.run())
    assert page.done is not None and page.done.result.bills == 5
    assert page.done.result.amount == FEB
    assert "新生成账单 5 张，合计 ￥461.44" in page.status.text()
    assert page.month_total.text() == "本月账单共 5 张，合计 ￥461.44。"
    assert _bills(book, 202602) == (5, FEB)
    assert wiz.button(NEXT).isEnabled()

    # billing again adds nothing
    wait_op(qtbot, page.run())
    assert "新生成账单 0 张" in page.status.text() and "已有账单 5 张" in page.status.text()
    assert _bills(book, 202602) == (5, FEB)

    wiz.next()
    review = wiz.review_page
    with book.read() as s:
        st = monthly_statement(s, 202602)
        tb = ledger.trial_balance(s, 202602)
    assert st.fees.billed == FEB and st.fees.collected == 18000
    assert review.shown("billed") == "￥461.44"
    assert review.shown("collected") == "￥180.00"
    assert review.shown("rate") == st.fees.rate
    assert review.shown("arrears") == (
        f"￥{st.fees.arrears_total / 100:,.2f}（{st.fees.arrears_units} 户）"
    )
    assert review.shown("income") == f"￥{st.revenue[0] / 100:,.2f}"
    assert review.shown("costs") == f"￥{st.costs[0] / 100:,.2f}"
    assert review.shown("surplus") == f"￥{st.surplus[0] / 100:,.2f}"
    assert st.revenue[0] > 0  # the month's fees are income
    assert tb.balanced and review.shown("balanced") == "是"
    assert review.shown("tb_period") == (
        f"借方 ￥{tb.totals.debit / 100:,.2f}　贷方 ￥{tb.totals.credit / 100:,.2f}"
    )
    assert wiz.button(NEXT).isEnabled()

    wiz.next()
    assert wiz.currentId() == wiz.CLOSE
    assert "将结账 2026-02" in wiz.close_page.text.text()
    dialogs.answer = dialogs.answer.No  # the accountant thinks again: nothing changes
    wiz.next()
    assert wiz.currentId() == wiz.CLOSE
    with book.read() as s:
        assert ledger.closed_through(s) == 202601
    dialogs.answer = dialogs.answer.Yes
    wiz.next()
    assert dialogs.questions[-1].startswith("确认结账 2026-02？")
    assert wiz.currentId() == wiz.DONE
    with book.read() as s:
        assert ledger.closed_through(s) == 202602
        carry = s.execute(
            select(Voucher.number).where(Voucher.period == 202602, Voucher.source == "carry")
        ).scalar_one()
    assert wiz.result is not None and wiz.result.carry is not None
    assert wiz.result.carry.number == carry
    text = wiz.done_page.text.text()
    assert "2026-02 已结账" in text
    assert f"损益结转凭证：{wiz.result.carry.label}" in text
    assert "当前会计期间：2026-03" in text


def test_a_failing_check_blocks_next(qtbot: Any, book: Book) -> None:
    _book(book)
    with book.write() as s:  # the voucher counter no longer matches the vouchers
        s.execute(update(Period).where(Period.period == 202602).values(last_voucher_no=9))
    wiz = _wizard(qtbot, book)
    wiz.next()
    wiz.next()
    page = wiz.checks_page
    assert wiz.currentId() == wiz.CHECKS
    assert page.summary.text() == "账簿检查发现 1 处问题："
    [problem] = page.violations()
    assert "2026-02 凭证号不连续" in problem and "计数器 9" in problem
    assert page.reason.isVisibleTo(wiz) and "不能继续结账" in page.reason.text()
    assert not wiz.button(NEXT).isEnabled()
    wiz.next()
    assert wiz.currentId() == wiz.CHECKS
    assert _bills(book, 202602) == (0, 0)


def test_cancel_during_billing_leaves_no_bills(
    qtbot: Any, book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    _book(book)
    billed, go_on = threading.Event(), threading.Event()
    real = billing.run_billing

    def slow_run(*a: Any, **k: Any) -> billing.BillingResult:
        result = real(*a, **k)  # the bills are written in the transaction...
        billed.set()
        go_on.wait(5)  # ...and the accountant presses Cancel before it commits
        return result

    monkeypatch.setattr(billing, "run_billing", slow_run)
    wiz = _wizard(qtbot, book)
    _to_billing(qtbot, wiz)
    page = wiz.billing_page
    op = page.run()
    assert billed.wait(5)
    assert not wiz.button(NEXT).isEnabled()
    op.cancel()
    go_on.set()
    wait_op(qtbot, op)
    assert op.outcome == ops.CANCELLED
    assert page.status.text() == "开单已取消：没有写入任何账单。"
    assert page.month_total.text() == "本月账单共 0 张，合计 ￥0.00。"
    assert _bills(book, 202602) == (0, 0)
    assert not wiz.button(NEXT).isEnabled()


def test_a_refused_close_changes_nothing(qtbot: Any, book: Book) -> None:
    _book(book)
    book.act_as("小李", "clerk")  # a clerk may bill but not close
    wiz = _wizard(qtbot, book)
    _to_billing(qtbot, wiz)
    wait_op(qtbot, wiz.billing_page.run())
    assert _bills(book, 202602) == (5, FEB)
    wiz.next()
    wiz.next()
    with book.read() as s:
        before = s.execute(select(func.count(Voucher.id))).scalar_one()
    wiz.next()
    assert wiz.currentId() == wiz.CLOSE
    assert wiz.close_page.problem.text() == "用户「小李」（收费员）无权结账或反结账"
    with book.read() as s:
        assert ledger.closed_through(s) == 202601
        assert s.execute(select(func.count(Voucher.id))).scalar_one() == before


def test_a_role_that_may_not_bill_goes_on_with_the_months_bills(qtbot: Any, book: Book) -> None:
    _book(book)
    book.act_as("老王", "accountant")  # closes months; billing is the clerk's
    wiz = _wizard(qtbot, book)
    _to_billing(qtbot, wiz)
    page = wiz.billing_page
    wait_op(qtbot, page.run())
    assert "无权" in page.problem.text() and "本步跳过" in page.problem.text()
    assert page.month_total.text() == "本月账单共 0 张，合计 ￥0.00。"
    assert wiz.button(NEXT).isEnabled()

    # once the clerk has billed, the accountant's run finds nothing to add and goes on
    book.act_as("小李", "clerk")
    with book.write() as s:
        billing.run_billing(s, 202602)
    book.act_as("老王", "accountant")
    wait_op(qtbot, page.run())
    assert page.problem.isHidden()
    assert "新生成账单 0 张" in page.status.text()
    assert page.month_total.text() == "本月账单共 5 张，合计 ￥461.44。"
    wiz.next()
    assert wiz.review_page.shown("billed") == "￥461.44"
    wiz.next()
    wiz.next()
    assert wiz.currentId() == wiz.DONE
    with book.read() as s:
        assert ledger.closed_through(s) == 202602


def test_the_journal_page_opens_the_wizard(qtbot: Any, opened: MainWindow) -> None:
    _book(opened.book)  # type: ignore[arg-type]
    opened.show_page("ledger")
    page = opened.pages["ledger"]
    assert isinstance(page, JournalPage)
    assert page.month_end_button.text() == "月末结账…"
    page.month_end_button.click()
    wiz = page.last_dialog
    assert isinstance(wiz, MonthEndWizard)
    assert wiz.period_page.month.period() == 202602
    wiz.reject()


def test_the_billing_page_opens_the_wizard(qtbot: Any, opened: MainWindow) -> None:
    _book(opened.book)  # type: ignore[arg-type]
    opened.show_page("billing")
    page = opened.pages["billing"]
    assert isinstance(page, BillingPage)
    assert page.month_end_button.text() == "月末结账…"
    wiz = page.month_end()
    assert isinstance(wiz, MonthEndWizard) and wiz.isVisible()
    assert wiz.windowTitle() == "月末结账"
    wiz.reject()


def test_in_english(qtbot: Any, book: Book) -> None:
    _book(book)
    language.apply_language(i18n.EN)  # the conftest sets Chinese back afterwards
    wiz = _wizard(qtbot, book)
    assert wiz.windowTitle() == "Month-end close"
    assert wiz.period_page.closed.text() == "Closed through 2026-01"
    wiz.period_page.month.set_period(202603)
    wiz.next()
    assert wiz.period_page.problem.text() == "close 2026-02 first"
    wiz.period_page.month.set_period(202602)
    _to_billing(qtbot, wiz)
    wait_op(qtbot, wiz.billing_page.run())
    assert "5 new bills, ￥461.44 in all" in wiz.billing_page.status.text()
    wiz.next()
    assert wiz.review_page.shown("balanced") == "yes"
