"""小区与房屋: compounds, units, 新增小区, 过户, 空置, the roster import wizard, the statement."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QTableWidget, QWizard
from sqlalchemy import select

from propdesk.core.fees import mask_id_number
from propdesk.db.models import Building
from propdesk.services import billing, registry
from propdesk.ui.dialogs.compound_wizard import CHECK_COLUMNS, NewCompoundWizard
from propdesk.ui.dialogs.kit import DeskTableModel
from propdesk.ui.dialogs.roster_wizard import RosterWizard
from propdesk.ui.dialogs.statement import STATEMENT_COLUMNS
from propdesk.ui.main_window import MainWindow
from propdesk.ui.pages.registry_page import COMPOUND_COLUMNS, UNIT_COLUMNS, RegistryPage
from tests.factories import HEADERS
from tests.fees_fixtures import setup_compound
from tests.helpers import snapshot

from .conftest import wait_op
from .desk_helpers import ime_type

ID_A = "110101199003071233"


def page_of(win: MainWindow) -> RegistryPage:
    win.show_page("compounds")
    page = win.pages["compounds"]
    assert isinstance(page, RegistryPage)
    return page


def roster_file(path: Path, rows: list[dict[str, Any]]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(list(HEADERS))
    for r in rows:
        base = {"小区": "新苑小区", "楼栋": "1", "单元": "1", "房号": "101", "建筑面积": "80.00",
                "面积来源": "产权登记", "户型": "住宅", "业主": "钱一", "证件号码": None,
                "联系电话": "13900000001", "共有人": None, "交付日期": "2010-05-01", "状态": "已售"}  # fmt: skip
        base.update(r)
        ws.append([base[h] for h in HEADERS])
    wb.save(path)
    return path


def test_compounds_and_units_are_listed(opened: MainWindow, qtmodeltester: Any) -> None:
    setup_compound(opened.book)  # type: ignore[arg-type]
    page = page_of(opened)
    page.refresh()
    assert [c.name for c in page.compound_model.rows()] == ["幸福里小区"]
    name = page.compound_view.proxy.index(0, 0)
    assert name.data() == "幸福里小区"
    area = page.compound_view.proxy.index(0, page.compound_model.column_index("area"))
    assert area.data() == "451.10"
    assert page.unit_model.rowCount() == 5
    assert "幸福里小区" in page.units_title.text() and "451.10" in page.units_title.text()
    unsold = next(u for u in page.unit_model.rows() if u.code == "1-1-103")
    assert unsold.developer_held
    col = page.unit_model.column_index("developer_held")
    row = page.unit_model.rows().index(unsold)
    assert page.unit_model.index(row, col).data() == "是"
    page.unit_view.set_search("王五")
    assert page.unit_view.proxy.rowCount() == 1
    for cols, rows in ((COMPOUND_COLUMNS, page.compound_model.rows()),
                       (UNIT_COLUMNS, page.unit_model.rows())):  # fmt: skip
        model = DeskTableModel(cols)  # the page's own models go with the window
        model.set_rows(rows)
        qtmodeltester.check(model, force_py=True)


def editor_keys(qtbot: Any, table: QTableWidget, *keys: str | Qt.Key) -> None:
    """Keystrokes into the building table: text starts (or goes to) the cell's editor."""
    for k in keys:
        if isinstance(k, str) and len(k) > 1:
            editor_keys(qtbot, table, *k)
            continue
        editors = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
        target = editors[0] if editors else table
        if isinstance(k, str):
            qtbot.keyClicks(target, k)
        else:
            qtbot.keyClick(target, k)
        QApplication.processEvents()  # an editor's Enter closes it in a queued call


def test_new_compound_wizard_by_keystrokes(
    qtbot: Any, opened: MainWindow, tmp_path: Path, qtmodeltester: Any
) -> None:
    book = opened.book
    assert book is not None
    with book.write() as s:
        registry.add_compound(s, "幸福里小区")
    page = page_of(opened)
    page.refresh()
    wizard = page.add_compound()
    assert isinstance(wizard, NewCompoundWizard)
    qtbot.waitExposed(wizard)
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    assert wizard.currentId() == wizard.COMPOUND and not commit.isEnabled()  # no name yet
    form = wizard.compound_page.form
    ime_type(form.name, "幸福里小区")
    qtbot.keyClick(form.name, Qt.Key.Key_Return)  # Enter saves: refused, said beside the name
    assert wizard.currentId() == wizard.COMPOUND
    assert form.error_text("name") == "小区「幸福里小区」已存在"
    form.name.clear()
    ime_type(form.name, "新苑小区")
    ime_type(form.community, "红心社区")
    qtbot.keyClick(form.community, Qt.Key.Key_Return)
    assert wizard.currentId() == wizard.BUILDINGS
    with book.read() as s:  # step 1 is its own transaction: the compound is in the book
        saved = registry.compound_by_name(s, "新苑小区")
        assert (saved.community, saved.id) == ("红心社区", wizard.compound_id)
    assert "已保存：小区「新苑小区」" in wizard.buildings_page.saved.text()
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "跳过 >"

    table = wizard.buildings_page.table
    editor_keys(qtbot, table, "1", Qt.Key.Key_Tab, "2", Qt.Key.Key_Return)
    assert (table.currentRow(), table.currentColumn()) == (1, 1)  # Enter: down a row
    editor_keys(qtbot, table, "x", Qt.Key.Key_Return)
    table.setCurrentCell(1, 0)
    editor_keys(qtbot, table, "2-1", Qt.Key.Key_Return)
    problems = wizard.buildings_page.problem.text()
    assert "第 2 行" in problems and "户数应为 1 至 9999 的整数" in problems
    assert "不能包含「-」" in problems
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    table.setCurrentCell(1, 0)
    editor_keys(qtbot, table, Qt.Key.Key_F2, Qt.Key.Key_End, Qt.Key.Key_Backspace, Qt.Key.Key_Backspace,
                Qt.Key.Key_Tab, Qt.Key.Key_Backspace, "3", Qt.Key.Key_Return)  # fmt: skip
    assert table.entries() == [(1, "1", "2"), (2, "2", "3")]
    assert not wizard.buildings_page.problem.isVisible()
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "保存楼栋 >"
    wizard.next()
    assert wizard.currentId() == wizard.ROSTER
    with book.read() as s:
        codes = s.scalars(select(Building.code).where(Building.compound_id == saved.id))
        assert sorted(codes) == ["1", "2"]
    assert "及 2 个楼栋" in wizard.roster_page.saved.text()

    panel = wizard.roster_page.panel
    path = roster_file(tmp_path / "新苑.xlsx", [
        {"房号": "101"},
        {"房号": "102", "建筑面积": "abc"},
        {"小区": "别的小区", "房号": "103"},
    ])  # fmt: skip
    before = snapshot(book)
    panel.path_edit.setText(str(path))
    qtbot.keyClick(panel.path_edit, Qt.Key.Key_Return)  # Enter checks the file
    wait_op(qtbot, panel.op)
    assert panel.stack.currentIndex() == panel.PROBLEMS
    shown = [(p.row, p.field) for p in panel.problem_model.rows()]
    assert shown == [(3, "建筑面积"), (4, "小区")]
    assert "这里只导入「新苑小区」" in panel.problem_model.rows()[1].reason
    assert snapshot(book) == before  # nothing written
    assert wizard.currentId() == wizard.ROSTER

    roster_file(path, [  # fixed in Excel, the same file checked again
        {"房号": "101"},
        {"房号": "102", "建筑面积": "75.5", "业主": "孙二", "联系电话": "13900000002"},
        {"楼栋": "2", "房号": "101", "业主": "李三", "联系电话": "13900000003"},
    ])  # fmt: skip
    wait_op(qtbot, panel.retry_button.click() or panel.op)
    assert panel.stack.currentIndex() == panel.SUMMARY
    assert (panel.sum_new.text(), panel.sum_compounds.text()) == ("3", "0")
    assert snapshot(book) == before
    panel.import_button.click()
    wait_op(qtbot, panel.op)
    assert panel.stack.currentIndex() == panel.DONE
    wizard.next()
    assert wizard.currentId() == wizard.DONE
    done = wizard.done_page
    assert done.summary.text() == "小区「新苑小区」：2 个楼栋，3 套房屋，建筑面积 235.50 ㎡。"
    view = done.view
    assert [[view.proxy.index(r, c).data() for c in range(4)] for r in range(2)] == [
        ["1", "2", "2", "0"],
        ["2", "3", "1", "-2"],
    ]
    assert done.note.text() == "1 个楼栋的房屋数与填写的户数不符，请核对花名册。"
    checks = DeskTableModel(CHECK_COLUMNS)  # the page's own goes with the wizard
    checks.set_rows(done.model.rows())
    qtmodeltester.check(checks, force_py=True)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert page.current_compound() is not None
    assert page.current_compound().name == "新苑小区"  # type: ignore[union-attr]
    assert sorted(u.code for u in page.unit_model.rows()) == ["1-1-101", "1-1-102", "2-1-101"]


def test_new_compound_wizard_closed_after_the_compound_keeps_it(
    qtbot: Any, opened: MainWindow
) -> None:
    page = page_of(opened)
    wizard = page.add_compound()
    ime_type(wizard.compound_page.form.name, "新苑小区")
    wizard.next()
    assert wizard.currentId() == wizard.BUILDINGS
    wizard.reject()  # 关闭: the compound saved in step 1 stays, as the step said
    assert [c.name for c in page.compound_model.rows()] == ["新苑小区"]
    assert page.compound_id == wizard.compound_id


def test_roster_wizard_lists_every_problem_then_imports(
    qtbot: Any, opened: MainWindow, tmp_path: Path
) -> None:
    page = page_of(opened)
    wizard = page.import_roster()
    assert isinstance(wizard, RosterWizard)
    path = roster_file(tmp_path / "花名册.xlsx", [
        {"房号": "101"},
        {"房号": "102", "建筑面积": "abc"},
        {"房号": "103", "业主": None},
        {"房号": "104", "证件号码": "110101199003071234"},
    ])  # fmt: skip
    before = snapshot(opened.book)  # type: ignore[arg-type]
    wait_op(qtbot, wizard.check(path))
    assert wizard.stack.currentIndex() == wizard.PROBLEMS
    shown = [(p.row, p.field) for p in wizard.problem_model.rows()]
    assert shown == [(3, "建筑面积"), (4, "业主"), (5, "证件号码")]
    assert "3 处问题" in wizard.problems_title.text()
    reason = wizard.problem_view.proxy.index(0, 2).data()
    assert "abc" in reason
    assert snapshot(opened.book) == before  # type: ignore[arg-type]
    assert page.unit_model.rowCount() == 0

    out = tmp_path / "问题.xlsx"
    wait_op(qtbot, wizard.export_problems(out))
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    assert [c.value for c in ws[2]][:2] == [3, "建筑面积"]

    roster_file(path, [  # fixed in Excel, same file, check again
        {"房号": "101"},
        {"房号": "102", "建筑面积": "75.5", "业主": "孙二", "联系电话": "13900000002"},
        {"房号": "103", "状态": "未售", "业主": None, "联系电话": None},
        {"房号": "104", "业主": "李三", "证件号码": ID_A, "共有人": "周四"},
    ])  # fmt: skip
    wait_op(qtbot, wizard.retry_button.click() or wizard.op)
    assert wizard.stack.currentIndex() == wizard.SUMMARY
    assert wizard.sum_new.text() == "4"
    assert wizard.sum_compounds.text() == "1"
    assert wizard.sum_people.text() == "4"  # three owners and a co-owner
    assert snapshot(opened.book) == before  # type: ignore[arg-type]
    wizard.import_button.click()
    wait_op(qtbot, wizard.op)
    assert wizard.stack.currentIndex() == wizard.DONE
    assert "4" in wizard.done_label.text()
    assert [c.name for c in page.compound_model.rows()] == ["新苑小区"]
    units = {u.code: u for u in page.unit_model.rows()}
    assert sorted(units) == ["1-1-101", "1-1-102", "1-1-103", "1-1-104"]
    assert units["1-1-104"].id_number_masked == mask_id_number(ID_A)
    assert units["1-1-104"].co_owners == "周四"


def test_transfer_shows_owners_before_and_after(qtbot: Any, opened: MainWindow) -> None:
    setup_compound(opened.book)  # type: ignore[arg-type]
    page = page_of(opened)
    page.refresh()
    unit = next(u for u in page.unit_model.rows() if u.code == "1-1-101")
    assert page.select_unit(unit.id)
    dlg = page.transfer()
    assert dlg is not None
    assert "张三" in dlg.before_label.text()
    ime_type(dlg.owner, "孙七")
    qtbot.keyClicks(dlg.id_number, "110101199003071234")  # wrong check digit
    assert "证件号码" in dlg.error_text("id_number")
    assert not dlg.submit()
    dlg.id_number.setText(ID_A)
    ime_type(dlg.co_owners, "周八、吴九")
    # a book without users: its one user is the admin, who sees ID numbers whole
    assert dlg.after_label.text() == f"过户后业主：孙七（{ID_A}）、周八、吴九"
    assert dlg.submit()
    row = next(u for u in page.unit_model.rows() if u.code == "1-1-101")
    assert (row.owner, row.co_owners, row.id_number, row.id_number_masked) == (
        "孙七",
        "周八、吴九",
        ID_A,
        mask_id_number(ID_A),
    )
    with opened.book.read() as s:  # type: ignore[union-attr]
        assert [p.name for p in registry.owners_on(s, unit.id, dlg.on.value())] == [
            "孙七",
            "周八",
            "吴九",
        ]


def test_vacancy_toggle_and_statement(qtbot: Any, opened: MainWindow, qtmodeltester: Any) -> None:
    setup_compound(opened.book)  # type: ignore[arg-type]
    with opened.book.write() as s:  # type: ignore[union-attr]
        billing.run_billing(s, 202602)
    page = page_of(opened)
    page.refresh()
    unit = next(u for u in page.unit_model.rows() if u.code == "1-1-102")
    page.select_unit(unit.id)
    assert page.vacant_button.text() == "设为空置"
    page.vacant_button.click()
    assert next(u for u in page.unit_model.rows() if u.code == "1-1-102").vacant
    assert page.current_unit().code == "1-1-102"  # type: ignore[union-attr]
    assert page.vacant_button.text() == "取消空置"
    page.vacant_button.click()
    assert not next(u for u in page.unit_model.rows() if u.code == "1-1-102").vacant

    dlg = page.statement()
    assert dlg is not None and dlg.isVisible()
    assert dlg.owner.text() == "李四"
    assert dlg.lines() and dlg.lines()[0].charge > 0  # February's bill
    lines = DeskTableModel(STATEMENT_COLUMNS)
    lines.set_rows(dlg.lines())
    qtmodeltester.check(lines, force_py=True)
    dlg.reject()


def test_id_numbers_whole_for_the_clerk_masked_for_the_secretary(opened: MainWindow) -> None:
    """The clerk registers owners and checks a transfer: the unit list and the transfer form show
    the owner's ID number whole; the secretary (and the accountant) see it masked."""
    from datetime import date

    from .desk_helpers import cell, shown_rows

    book = opened.book
    assert book is not None
    setup_compound(book)
    with book.write() as s:
        unit = registry.unit_by_code(s, "幸福里小区", "1-1-101")
        registry.transfer(s, unit, date(2026, 1, 1), "孙七", ID_A, "", [])
    page = page_of(opened)
    shown: dict[str, tuple[str, str]] = {}
    for name, role in (("小李", "clerk"), ("张书记", "secretary"), ("钱会计", "accountant")):
        book.act_as(name, role)
        page.refresh()
        row = next(i for i, u in enumerate(shown_rows(page.unit_view)) if u.code == "1-1-101")
        assert page.select_unit(shown_rows(page.unit_view)[row].id)
        dlg = page.transfer()
        assert dlg is not None
        shown[role] = (cell(page.unit_view, row, "id_number"), dlg.before_label.text())
        dlg.reject()
    masked = mask_id_number(ID_A)
    assert shown == {
        "clerk": (ID_A, f"现业主：孙七（{ID_A}）"),
        "secretary": (masked, f"现业主：孙七（{masked}）"),
        "accountant": (masked, f"现业主：孙七（{masked}）"),
    }


def test_a_transfer_saved_meanwhile_is_kept(opened: MainWindow) -> None:
    """Two clerks open 过户 on one unit; the second save is refused below the form, the first
    clerk's new owner kept."""
    from datetime import date

    book = opened.book
    assert book is not None
    setup_compound(book)
    page = page_of(opened)
    page.refresh()
    unit = next(u for u in page.unit_model.rows() if u.code == "1-1-101")
    assert page.select_unit(unit.id)
    dlg = page.transfer()
    assert dlg is not None
    with book.write() as s:  # the other clerk saves first
        u = registry.unit_by_code(s, "幸福里小区", "1-1-101")
        registry.transfer(s, u, date.today(), "孙七", expected_version=unit.version)
    before = snapshot(book)
    ime_type(dlg.owner, "周八")
    assert not dlg.submit()
    assert "「1-1-101」在您打开后已被他人修改" in dlg.problem.text()
    assert snapshot(book) == before
    dlg.reject()
    page.refresh()
    assert next(u for u in page.unit_model.rows() if u.code == "1-1-101").owner == "孙七"


def test_export_the_roster_template(qtbot: Any, opened: MainWindow, tmp_path: Path) -> None:
    """propdesk template roster, from the page: the headers the import reads, an example row."""
    from openpyxl import load_workbook

    from propdesk.services.roster import COLUMNS
    from propdesk.ui.dialogs.roster_wizard import export_template

    page = page_of(opened)
    assert page.template_button.text() == "导出花名册模板…"
    target = tmp_path / "模板.xlsx"
    wait_op(qtbot, export_template(page, target))
    wb = load_workbook(target)
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == [c.title for c in COLUMNS]
    assert ws["A2"].value and ws["B2"].value  # the example row
    assert len(wb.worksheets) >= 2  # and the notes on filling it in
