"""概览: the cards, the charts and the lists show the book's figures; each item opens its page."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from propdesk.services import billing, payments, registry, votes
from propdesk.ui.dialogs.kit import DeskTableModel
from propdesk.ui.main_window import MainWindow
from propdesk.ui.pages.overview import OverviewPage
from tests.fees_fixtures import setup_compound

from .desk_helpers import cell, shown_rows

TODAY = date(2026, 3, 10)


def overview(win: MainWindow) -> OverviewPage:
    book = win.book
    assert book is not None
    setup_compound(book, end=date(2026, 5, 31))  # ends within 90 days of TODAY: needs action
    with book.write() as s:
        for p in (202601, 202602, 202603):
            billing.run_billing(s, p)
        shop = registry.unit_by_code(s, "幸福里小区", "1-2-101")
        payments.take_payment(s, shop, 18000, "bank", date(2026, 1, 20))
        c = registry.compound_by_name(s, "幸福里小区")
        vote = votes.create_vote(s, c, "hire-manager", "续聘物业服务企业",
                                 opens=date(2026, 3, 1), closes=date(2026, 3, 31))  # fmt: skip
        votes.cast_ballot(s, vote, "1-2-101", "agree", date(2026, 3, 2))
    page = win.page("overview")
    assert isinstance(page, OverviewPage)
    page.today = lambda: TODAY
    win.show_page("overview")
    page.refresh()
    return page


def test_cards_show_the_open_month_and_arrears(opened: MainWindow) -> None:
    page = overview(opened)
    # nothing closed: the open month is the first with vouchers, January, 18000 of 46144 paid
    assert page.period.value.text() == "2026-01"
    assert page.rate.value.text() == "39.01%"  # 18000 / 46144 = 39.0084 %
    assert page.rate.detail.text() == "已收 ￥180.00 / 应收 ￥461.44"
    assert page.arrears.value.text() == "￥1,204.32"  # 3 × 461.44 − 180.00
    assert page.arrears.detail.text() == "5 户"
    assert page.trend_series is not None
    (bars,) = page.trend_series.barSets()
    assert bars.count() == 12 and bars.at(11) == 39.01


def test_lists_hold_arrears_actions_and_the_live_vote(qtbot: Any, opened: MainWindow) -> None:
    page = overview(opened)
    top = shown_rows(page.top_view)
    assert [r.total for r in top] == sorted((r.total for r in top), reverse=True)
    assert (top[0].unit, top[0].owner) == ("1-2-101", "王五")  # 2 × 180.00 still owed, the largest
    assert cell(page.top_view, 0, "total") == "360.00"
    assert (top[1].unit, cell(page.top_view, 1, "total")) == ("1-1-102", "261.00")  # 3 × 87.00
    actions = shown_rows(page.actions_view)
    assert any("HT-幸福里小区" in a.text for a in actions)
    assert cell(page.votes_view, 0, "title") == "续聘物业服务企业"
    # 1 of 4 owner-persons: on 1 March the developer still holds 1-2-102 beside 1-1-103
    assert cell(page.votes_view, 0, "part") == "25.00%"
    assert cell(page.votes_view, 0, "passed") == "未达通过"
    # sorting the arrears list by the owner
    page.top_view.table.sortByColumn(
        page.top_model.column_index("owner"), Qt.SortOrder.AscendingOrder
    )
    assert len(shown_rows(page.top_view)) == len(top)


def test_items_open_their_pages(opened: MainWindow) -> None:
    page = overview(opened)
    page.arrears.clicked.emit()
    assert opened.current_key == "arrears"
    opened.show_page("overview")
    page.actions_view.activated.emit(shown_rows(page.actions_view)[0])
    assert opened.current_key == "contracts"
    opened.show_page("overview")
    page.votes_view.activated.emit(shown_rows(page.votes_view)[0])
    assert opened.current_key == "votes"
    votes_page = opened.pages["votes"]
    assert votes_page.current_vote().info.title == "续聘物业服务企业"  # type: ignore[attr-defined]


def test_income_chart_and_english(opened: MainWindow) -> None:
    page = overview(opened)
    assert page.income_series is not None
    labels = [s.label() for s in page.income_series.slices()]
    assert labels and labels[0].startswith("物业服务费")
    opened.set_language("en")
    assert page.rate.caption.text() == "Collection rate this month"
    assert page.top_title.text() == "Largest arrears"


def test_table_models(qtmodeltester: Any, opened: MainWindow) -> None:
    page = overview(opened)
    for model in (page.top_model, page.actions_model, page.votes_model):
        assert isinstance(model, DeskTableModel)
        qtmodeltester.check(model)
