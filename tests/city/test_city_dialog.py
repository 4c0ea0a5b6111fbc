"""工具 → 全市汇总…: the dialog reads the city in the background, shows one row per company and
the total, previews the PDF and saves the Excel; a bad database or range is named under the
inputs and nothing is read."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from propdesk.core.money import format_amount
from propdesk.reports.city import city_report
from propdesk.services.demo import DEMO_COMPANY
from propdesk.ui.dialogs.city_dialog import CityDialog, default_months
from tests.city.conftest import PG_ONLY, SMALL_NAME
from tests.ui.conftest import dialogs, isolated, wait_op  # noqa: F401  (the UI tests' fixtures)

pytestmark = [
    PG_ONLY,
    # the offscreen platform's note about size hints (tests/ui/conftest.py ignores it too)
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


def _cells(dlg: CityDialog) -> list[list[str]]:
    m = dlg.view.proxy
    return [
        [str(m.index(r, c).data(Qt.ItemDataRole.DisplayRole)) for c in range(m.columnCount())]
        for r in range(m.rowCount())
    ]


def test_consolidate_preview_and_save(qtbot: Any, city: str, tmp_path: Path) -> None:
    dlg = CityDialog(city)
    qtbot.addWidget(dlg)
    dlg.start.set_period(202601)
    dlg.end.set_period(202606)
    assert not dlg.preview_button.isEnabled() and not dlg.save_button.isEnabled()
    wait_op(qtbot, dlg.consolidate(), timeout=60_000)
    want = city_report(city, 202601, 202606)
    rows = _cells(dlg)
    assert [r[1] for r in rows] == [DEMO_COMPANY, "新成立社区物业服务有限公司", SMALL_NAME, "合计"]
    demo, total = rows[0], rows[-1]
    assert demo[0] == "co_changning" and demo[11] == "2026-06"
    assert demo[4] == format_amount(want.rows[0].billed, symbol=False)
    assert total[8] == format_amount(want.total.surplus, symbol=False)
    assert total[6] == want.total.rate and total[11] == ""
    assert want.total.rate in dlg.summary.text() and "3 家公司" in dlg.summary.text()
    assert dlg.preview_button.isEnabled() and dlg.save_button.isEnabled()

    preview = dlg.preview()
    assert preview is not None
    qtbot.addWidget(preview)
    assert preview.page_count() == 1
    assert preview.suggested_name == "全市汇总表-2026-01至2026-06.pdf"

    out = tmp_path / "全市汇总.xlsx"
    wait_op(qtbot, dlg.save_excel(out))
    ws = load_workbook(out)["全市汇总"]
    body = [list(r) for r in ws.iter_rows(min_row=6, values_only=True)]
    assert [r[1] for r in body] == [r.name for r in want.rows] + ["合计（3 家）"]
    assert Decimal(str(body[-1][4])) == Decimal(want.total.billed) / 100

    # changing the months drops the result until it is made again
    dlg.end.set_period(202603)
    assert dlg.report is None and not dlg.save_button.isEnabled() and _cells(dlg) == []


def test_bad_inputs_are_named_and_nothing_is_read(qtbot: Any, city: str) -> None:
    dlg = CityDialog("")
    qtbot.addWidget(dlg)
    assert dlg.consolidate() is None and "数据库地址" in dlg.problem.text()
    dlg.db.setText("sqlite:////tmp/book.db")
    assert dlg.consolidate() is None and "PostgreSQL" in dlg.problem.text()
    dlg.db.setText(city)
    dlg.start.set_period(202606)
    dlg.end.set_period(202601)
    assert dlg.consolidate() is None and "2026-06" in dlg.problem.text()
    assert dlg.report is None
    # a database that is not there: the server's refusal, under the inputs, no crash dialog
    dlg.db.setText(city.rsplit("/", 1)[0] + "/no_such_city")
    dlg.end.set_period(202606)
    wait_op(qtbot, dlg.consolidate(), timeout=30_000)
    assert dlg.report is None and "no_such_city" in dlg.problem.text()


def test_the_tools_menu_opens_it_on_the_open_company_database(
    qtbot: Any, city: str, monkeypatch: Any, tmp_path: Path
) -> None:
    from propdesk.db.store import company_url
    from propdesk.ui.main_window import MainWindow
    from propdesk.ui.settings_store import AppSettings

    seen: list[CityDialog] = []
    monkeypatch.setattr(CityDialog, "exec", lambda self: seen.append(self) or 0)
    win = MainWindow(AppSettings.at(tmp_path / "app.ini"))
    qtbot.addWidget(win)
    assert win.act_city in win.menu_tools.actions() and win.act_city.text() == "全市汇总(&C)…"
    win.act_city.trigger()
    assert seen and seen[-1].db.text() == ""
    wait_op(qtbot, win.open_book(company_url(city, "co_xingfu")), timeout=30_000)
    assert win.book is not None
    win.act_city.trigger()
    assert seen[-1].db.text() == city
    win.close_book()


def test_default_months() -> None:
    from datetime import date

    assert default_months(date(2026, 8, 3)) == (202601, 202607)
    assert default_months(date(2026, 1, 15)) == (202601, 202601)
