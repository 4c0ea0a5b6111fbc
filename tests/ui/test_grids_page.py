"""网格与驿站 page: a grid, a worker, a station and a project added by keyboard; bad input shown
beside the field with the book unchanged; filters, search, masked accounts; edits from the
row; Ctrl+N per tab; the models under qtmodeltester."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from propdesk.services import grids, registry
from propdesk.ui.dialogs.grid_dialogs import GridDialog, ProjectDialog, StationDialog, WorkerDialog
from propdesk.ui.dialogs.kit import DeskTableModel
from propdesk.ui.main_window import MainWindow
from propdesk.ui.pages.grids_page import (
    GRID_COLUMNS,
    PROJECT_COLUMNS,
    STATION_COLUMNS,
    WORKER_COLUMNS,
    GridsPage,
)
from tests.helpers import snapshot

from .desk_helpers import cell, ime_type, shown_rows


def _seed(win: MainWindow) -> None:
    book = win.book
    assert book is not None
    with book.write() as s:
        registry.add_compound(s, "幸福里小区")
        registry.add_compound(s, "和平新村")
        g = grids.add_grid(s, "G01", "幸福网格", "李网格长", ["幸福里小区"])
        grids.add_worker(s, g.id, "张专职", "专职", date(2025, 1, 1), base_stipend=180_000,
                         bank_account="6222 0212 3456 7890 123")  # fmt: skip
        grids.add_worker(s, g.id, "王离任", "专职", date(2024, 1, 1), end=date(2025, 6, 30))
        grids.add_worker(s, g.id, "赵兼职", "兼职", date(2025, 2, 1))
        st = grids.add_station(s, g.id, "幸福驿站", "长宁路 128 弄")
        grids.add_project(s, st.id, "图书角", 300_000)


def page_of(win: MainWindow) -> GridsPage:
    win.show_page("grids")
    page = win.pages["grids"]
    assert isinstance(page, GridsPage)
    return page


def _ctrl_n(qtbot: Any, page: GridsPage, view: Any, kind: type) -> Any:
    page.last_dialog = None
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(page.last_dialog, kind))
    dlg = page.last_dialog
    qtbot.waitExposed(dlg)
    dlg.activateWindow()
    return dlg


def test_lists_with_compounds_masked_accounts_and_filters(opened: MainWindow) -> None:
    _seed(opened)
    page = page_of(opened)
    assert cell(page.grid_view, 0, "compounds") == "幸福里小区"
    assert cell(page.grid_view, 0, "workers") == "2"  # 王离任 left in 2025
    page.tabs.setCurrentIndex(page.WORKERS)
    names = [r.name for r in shown_rows(page.worker_view)]
    assert names == ["张专职", "王离任", "赵兼职"]
    assert cell(page.worker_view, 0, "bank_account") == "6222021234567890123"  # the admin's
    assert cell(page.worker_view, 0, "kind") == "专职"
    assert cell(page.worker_view, 0, "base_stipend") == "1,800.00"
    assert cell(page.worker_view, 2, "employee") == "是"  # part-time: company staff
    page.active_only.setChecked(True)
    assert [r.name for r in shown_rows(page.worker_view)] == ["张专职", "赵兼职"]
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("part_time"))
    assert [r.name for r in shown_rows(page.worker_view)] == ["赵兼职"]
    page.kind_filter.setCurrentIndex(0)
    page.active_only.setChecked(False)
    page.worker_view.set_search("王")
    assert [r.name for r in shown_rows(page.worker_view)] == ["王离任"]
    page.worker_view.set_search("")
    col = page.worker_model.column_index("base_stipend")
    page.worker_view.table.sortByColumn(col, Qt.SortOrder.DescendingOrder)
    assert shown_rows(page.worker_view)[0].name == "张专职"
    page.tabs.setCurrentIndex(page.STATIONS)
    page.station_view.table.selectRow(0)
    assert page.projects_title.text() == "幸福驿站 的项目"
    assert cell(page.project_view, 0, "budget") == "3,000.00"
    assert cell(page.project_view, 0, "status") == "计划"


def test_add_grid_worker_station_project_by_keyboard(qtbot: Any, opened: MainWindow) -> None:
    _seed(opened)
    page = page_of(opened)
    book = opened.book
    assert book is not None
    # a grid
    dlg = _ctrl_n(qtbot, page, page.grid_view, GridDialog)
    assert dlg.code.hasFocus()
    qtbot.keyClicks(dlg.code, "G02")
    qtbot.keyClick(dlg.code, Qt.Key.Key_Tab)
    ime_type(dlg.name, "和平网格")
    ime_type(dlg.leader, "吴志强")
    dlg.set_compound_checked("和平新村")
    qtbot.keyClick(dlg.leader, Qt.Key.Key_Return)
    assert dlg.result_value is not None and not dlg.isVisible()
    assert [(r.code, r.compounds) for r in shown_rows(page.grid_view)] == [
        ("G01", ("幸福里小区",)), ("G02", ("和平新村",)),
    ]  # fmt: skip
    assert page.grid_view.current_row().code == "G02"
    g2 = dlg.result_value.id
    # a worker in it
    page.tabs.setCurrentIndex(page.WORKERS)
    dlg = _ctrl_n(qtbot, page, page.worker_view, WorkerDialog)
    assert dlg.name.hasFocus()
    ime_type(dlg.name, "黄海燕")
    dlg.grid.setCurrentIndex(dlg.grid.findData(g2))
    dlg.start.set_value(date(2026, 1, 1))
    dlg.stipend.edit.setFocus()
    qtbot.keyClicks(dlg.stipend.edit, "1,500")
    dlg.account.setFocus()
    qtbot.keyClicks(dlg.account, "6228 4800 1234 5678 901")
    qtbot.keyClick(dlg.account, Qt.Key.Key_Return)
    assert dlg.result_value is not None, dlg.validate()
    w = dlg.result_value
    assert (w.name, w.kind, w.grid_code, w.base_stipend) == ("黄海燕", "full_time", "G02", 150_000)
    assert w.bank_account == "6228480012345678901"  # the admin of a book without users
    with book.read() as s:
        assert grids.bank_account(s, w.id) == "6228480012345678901"
    assert page.worker_view.current_row().id == w.id
    # a station, then a project for it
    page.tabs.setCurrentIndex(page.STATIONS)
    dlg = _ctrl_n(qtbot, page, page.station_view, StationDialog)
    dlg.grid.setCurrentIndex(dlg.grid.findData(g2))
    ime_type(dlg.name, "和平驿站")
    ime_type(dlg.address, "和平路 9 号")
    qtbot.keyClick(dlg.address, Qt.Key.Key_Return)
    assert dlg.result_value is not None
    st = page._current_station()
    assert st is not None and st.name == "和平驿站"
    pd = page.new_project()
    assert isinstance(pd, ProjectDialog) and pd.station.currentData() == st.id
    ime_type(pd.name, "老年食堂")
    pd.budget.edit.setFocus()
    qtbot.keyClicks(pd.budget.edit, "8000")
    qtbot.keyClick(pd.budget.edit, Qt.Key.Key_Return)
    assert pd.result_value is not None
    assert [(r.name, r.budget) for r in shown_rows(page.project_view)] == [("老年食堂", 800_000)]


def test_bad_input_is_shown_beside_the_field_and_nothing_changes(
    qtbot: Any, opened: MainWindow
) -> None:
    _seed(opened)
    page = page_of(opened)
    book = opened.book
    assert book is not None
    before = snapshot(book)
    dlg = page.new_grid()
    qtbot.keyClicks(dlg.code, "G01")
    assert dlg.error_text("code") == "网格编号 G01 已存在"
    assert not dlg.submit()
    assert dlg.error_text("name") == "请填写名称"
    dlg.reject()
    page.tabs.setCurrentIndex(page.WORKERS)
    wd = page.new_worker()
    assert wd is not None
    ime_type(wd.name, "新人")
    qtbot.keyClicks(wd.account, "6222-abc")
    assert wd.error_text("account") == "银行账号应为 8–30 位数字（可含空格）"
    wd.account.clear()
    wd.left.setChecked(True)
    wd.end.set_value(date(2020, 1, 1))
    wd.start.set_value(date(2026, 1, 1))
    assert wd.error_text("end") == "离任日期早于任职日期"
    wd.stipend.setText("12.345")
    assert not wd.submit()
    assert "小数" in wd.error_text("stipend")
    wd.reject()
    # a refused write (the project exists) is shown beside its field
    page.tabs.setCurrentIndex(page.STATIONS)
    pd = page.new_project()
    assert pd is not None
    pd.budget.setText("100")
    ime_type(pd.name, "图书角")  # exists in that station
    assert not pd.submit()
    assert pd.error_text("name") == "驿站「幸福驿站」已有项目「图书角」"
    pd.reject()
    assert snapshot(book) == before


def test_edit_from_the_row_keeps_the_account_unless_typed(qtbot: Any, opened: MainWindow) -> None:
    """The secretary keeps the grids but sees bank accounts masked: the list and the form show
    6222 **** **** 0123 and a blank account field keeps the number; the accountant's list and an
    admin's form show the whole number."""
    _seed(opened)
    book = opened.book
    assert book is not None
    book.act_as("张书记", "secretary")
    page = page_of(opened)
    page.refresh()
    page.tabs.setCurrentIndex(page.WORKERS)
    assert cell(page.worker_view, 0, "bank_account") == "6222 **** **** 0123"
    row = shown_rows(page.worker_view)[0]
    page.worker_view.activated.emit(row)  # double-click
    dlg = page.last_dialog
    assert isinstance(dlg, WorkerDialog) and dlg.name.text() == "张专职"
    assert dlg.account.text() == "" and "6222 **** **** 0123" in dlg.account.placeholderText()
    dlg.phone.setText("138 0000 1111")
    assert dlg.submit()
    book.act_as("钱会计", "accountant")  # pays the stipends: sees the whole number
    page.refresh()
    assert cell(page.worker_view, 0, "bank_account") == "6222021234567890123"
    book.act_as("老王", "admin")
    page.refresh()
    page.worker_view.activated.emit(shown_rows(page.worker_view)[0])
    dlg = page.last_dialog
    assert isinstance(dlg, WorkerDialog) and dlg.account.text() == "6222021234567890123"
    dlg.reject()
    with book.read() as s:
        assert grids.bank_account(s, row.id) == "6222021234567890123"
        assert grids.list_workers(s)[0].phone == "138 0000 1111"
    # the grid: rename and move a compound in
    gd = page.edit_grid(shown_rows(page.grid_view)[0])
    assert gd is not None and gd.code.isReadOnly()
    gd.name.setText("幸福里网格")
    gd.set_compound_checked("和平新村")
    gd.set_compound_checked("幸福里小区", False)
    assert gd.submit()
    assert (cell(page.grid_view, 0, "name"), cell(page.grid_view, 0, "compounds")) == (
        "幸福里网格", "和平新村",
    )  # fmt: skip


def test_models(qtmodeltester: Any, opened: MainWindow) -> None:
    _seed(opened)
    page = page_of(opened)
    for cols, m in ((GRID_COLUMNS, page.grid_model), (WORKER_COLUMNS, page.worker_model),
                    (STATION_COLUMNS, page.station_model), (PROJECT_COLUMNS, page.project_model)):  # fmt: skip
        model = DeskTableModel(cols)
        model.set_rows(m.rows())
        assert model.rowCount()
        qtmodeltester.check(model, force_py=True)


def test_an_edit_made_meanwhile_is_not_overwritten(qtbot: Any, opened: MainWindow) -> None:
    """Two clerks open the same worker; the second save is refused with a message, the first kept."""
    _seed(opened)
    page = page_of(opened)
    book = opened.book
    assert book is not None
    page.tabs.setCurrentIndex(page.WORKERS)
    row = shown_rows(page.worker_view)[0]
    page.worker_view.activated.emit(row)
    dlg = page.last_dialog
    assert isinstance(dlg, WorkerDialog)
    with book.write() as s:  # the other clerk saves first
        grids.edit_worker(s, row.id, expected_version=row.version, phone="139 0000 2222")
    dlg.phone.setText("138 0000 1111")
    assert not dlg.submit()
    shown = " ".join(dlg.error_text(k) for k in ("name", "phone")) + " ".join(
        lbl.text() for lbl in dlg.findChildren(QLabel) if lbl.isVisible()
    )
    assert "已被他人修改" in shown
    dlg.reject()
    with book.read() as s:
        assert grids.list_workers(s)[0].phone == "139 0000 2222"
