"""The main window on a book: status bar, every page, shortcuts, remembered page and geometry."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from sqlalchemy.engine import make_url

from propdesk.core.periods import fmt_period
from propdesk.services import ledger
from propdesk.services.books import book_status
from propdesk.ui.main_window import MainWindow
from propdesk.ui.pages import PAGES
from propdesk.ui.pages.journal import JournalPage
from propdesk.ui.pages.overview import OverviewPage
from propdesk.ui.pages.placeholder import PlaceholderPage
from propdesk.ui.settings_store import AppSettings

from .conftest import book_target, open_in


def test_window_can_be_small(opened: MainWindow) -> None:
    """A long book path in the status bar must not set the window's minimum width."""
    opened.book_label.setText("/home/clerk/" + "很长的文件夹名/" * 30 + "book.propdesk")
    assert opened.minimumSizeHint().width() < 700


def test_status_bar_shows_book_period_and_user(opened: MainWindow) -> None:
    win = opened
    assert win.book is not None
    with win.book.read() as s:
        period = book_status(s).open_period
    assert "测试社区物业服务有限公司" in win.windowTitle()
    if win.book.path is not None:
        assert str(win.book.path) in win.book_label.text()
    else:  # a server book: 服务器账簿：DATABASE @ HOST:PORT (USER)
        url = make_url(win.book.url)
        assert (
            win.book_label.text()
            == f"服务器账簿：{url.database} @ {url.host}:{url.port} ({url.username})"
        )

    assert win.period_label.text() == f"会计期间：{fmt_period(period)}"
    assert win.user in win.user_label.text()


def test_overview_shows_book_status(opened: MainWindow) -> None:
    page = opened.page("overview")
    opened.show_page("overview")
    assert isinstance(page, OverviewPage)
    assert page.company.value.text() == "测试社区物业服务有限公司"
    assert page.closed.value.text() == "尚未结账"
    assert page.vouchers.value.text() == "0"


def test_every_registered_page_can_be_shown(opened: MainWindow) -> None:
    for n, spec in enumerate(PAGES):
        opened.show_page(spec.key)
        assert opened.stack.currentWidget() is opened.pages[spec.key]
        assert opened.nav.currentRow() == n
        assert opened.pages[spec.key].isVisible()
    assert isinstance(opened.pages["ledger"], JournalPage)


def test_a_page_whose_module_is_missing_shows_under_construction(opened: MainWindow) -> None:
    from propdesk.ui.pages import _lazy

    make = _lazy("no_such_page", "NoSuchPage", "Owner votes", "Run owner consent votes.")
    page = make(opened._context())
    assert isinstance(page, PlaceholderPage)
    assert page.title.text() == "业主表决"
    assert "此功能正在建设" in page.notice.text()
    page.close_page()
    page.deleteLater()


def test_page_keys_and_titles_are_unique() -> None:
    assert len({p.key for p in PAGES}) == len(PAGES) == 14
    assert len({p.title for p in PAGES}) == len(PAGES)


def test_ctrl_number_switches_pages_and_nav_click(qtbot: Any, opened: MainWindow) -> None:
    assert opened.page_actions[PAGES[2].key].shortcut() == QKeySequence("Ctrl+3")
    opened.page_actions[PAGES[2].key].trigger()
    assert opened.current_key == PAGES[2].key
    opened.nav.setCurrentRow(4)
    assert opened.current_key == PAGES[4].key
    assert opened.act_refresh.shortcut() == QKeySequence("F5")
    assert opened.act_new.shortcut() == QKeySequence(QKeySequence.StandardKey.New)


def test_last_page_is_remembered(qtbot: Any, opened: MainWindow, app_settings: AppSettings) -> None:
    path = book_target(opened.book)  # type: ignore[arg-type]
    opened.show_page("settings")
    opened.resize(700, 500)  # the offscreen screen is 800×600
    size = (opened.width(), opened.height())
    opened.close()
    again = MainWindow(AppSettings(app_settings.q))
    qtbot.addWidget(again)
    assert open_in(qtbot, again, path) is not None
    assert again.current_key == "settings"
    assert (again.width(), again.height()) == size
    again.close()


def test_journal_page_lists_postings_and_refreshes(qtbot: Any, opened: MainWindow) -> None:
    from datetime import date

    from propdesk.ui.signals import signals

    opened.show_page("ledger")
    page = opened.pages["ledger"]
    assert isinstance(page, JournalPage)
    assert page.model.rowCount() == 0
    with opened.book.write() as s:  # type: ignore[union-attr]
        ledger.post_voucher(
            s,
            ledger.NewVoucher(
                date(2026, 3, 5), "收取物业费",
                [ledger.Line("1001", debit=140950), ledger.Line("500101", credit=140950)],
            ),
        )  # fmt: skip
    signals().data_changed.emit()
    assert page.model.rowCount() == 2
    first = page.view.proxy.index(0, page.model.column_index("debit"))
    assert first.data() == "1,409.50"
    opened.show_page("overview")
    assert opened.pages["overview"].vouchers.value.text() == "1"  # type: ignore[attr-defined]
    assert opened.period_label.text() == "会计期间：2026-03"


def test_f5_refreshes_the_current_page(qtbot: Any, opened: MainWindow) -> None:
    opened.show_page("overview")
    page = opened.pages["overview"]
    with opened.book.write() as s:  # type: ignore[union-attr]
        from propdesk.services.books import set_meta

        set_meta(s, "company_name", "新名字物业")
    qtbot.keyClick(opened, Qt.Key.Key_F5)
    QApplication.processEvents()
    assert page.company.value.text() == "新名字物业"  # type: ignore[attr-defined]
    assert opened.windowTitle().startswith("新名字物业")


def test_welcome_page_without_a_book(window: MainWindow) -> None:
    assert window.book is None
    assert window.stack.currentWidget() is window.welcome
    assert not window.nav.isEnabled()
    assert not window.act_backup.isEnabled()
    assert window.book_label.text() == "未打开账套"


def test_journal_date_range(qtbot: Any, opened: MainWindow) -> None:
    from datetime import date

    with opened.book.write() as s:  # type: ignore[union-attr]
        for day in (date(2026, 2, 27), date(2026, 3, 5), date(2026, 3, 30)):
            ledger.post_voucher(
                s,
                ledger.NewVoucher(
                    day, f"物业费 {day}",
                    [ledger.Line("1001", debit=100), ledger.Line("500101", credit=100)],
                ),
            )  # fmt: skip
    opened.show_page("ledger")
    page = opened.pages["ledger"]
    assert isinstance(page, JournalPage)
    assert page.model.rowCount() == 6
    assert page.all_dates.text() == "全部日期"
    page.all_dates.setChecked(False)  # the open period: February, the first month with vouchers
    assert (page.start.value(), page.end.value()) == (date(2026, 2, 1), date(2026, 2, 28))
    assert page.model.rowCount() == 2
    page.end.set_value(date(2026, 3, 5))
    assert page.model.rowCount() == 4
    page.all_dates.setChecked(True)
    assert page.model.rowCount() == 6


def test_pages_of_a_closed_book_do_not_read_it_on_a_language_switch(opened: MainWindow) -> None:
    """Closed pages wait for Qt to delete them; a language switch before then must not make
    them read the closed book again (on a server book whose database is gone, an error)."""
    from propdesk.core import i18n
    from propdesk.ui import language

    for spec in PAGES:
        opened.show_page(spec.key)
    closed = list(opened.pages.values())
    assert len(closed) == len(PAGES)
    read_again: list[str] = []
    for page in closed:  # what a page does on a language switch: set its texts, maybe re-read
        page.retranslate = lambda p=page: read_again.append(type(p).__name__)  # type: ignore[method-assign]
        page.refresh = lambda p=page: read_again.append(type(p).__name__)  # type: ignore[method-assign]
    opened.close_book()
    language.apply_language(i18n.EN)  # the conftest sets Chinese back afterwards
    assert read_again == []
