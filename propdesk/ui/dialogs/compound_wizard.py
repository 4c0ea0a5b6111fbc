"""新建小区 wizard: the compound (the 新增小区 form) → its buildings (a small editable table, or
skip) → the owner roster (the roster import's own steps, this compound's rows only) → what is
now in the book, building by building, against the expected unit counts.

Each step that writes is one transaction, committed when the clerk presses its button: a
roster often goes back to whoever keeps it for fixing, and the compound and buildings typed in
meanwhile should not be lost. From step 2 on the wizard says what is already saved, so closing
it is never a surprise; the roster can be imported later from the registry page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from propdesk.core.errors import Problem
from propdesk.core.fees import format_area
from propdesk.core.i18n import bilingual
from propdesk.db.models import Building, Compound
from propdesk.db.store import Book
from propdesk.services import registry, roster
from propdesk.services.registry import UnitRow
from propdesk.ui.dialogs.kit import ALERT_BRUSH, DeskTableModel
from propdesk.ui.dialogs.registry_dialogs import AddCompoundDialog
from propdesk.ui.dialogs.roster_wizard import RosterPanel
from propdesk.ui.dialogs.steps import commit_step
from propdesk.ui.widgets.table import RIGHT, Column, TableView

T_WIZARD = bilingual("新建小区", "New compound")
T_BACK = bilingual("< 上一步", "< Back")
T_NEXT = bilingual("下一步 >", "Next >")
T_FINISH = bilingual("完成", "Finish")
T_CLOSE = bilingual("关闭", "Close")

T_COMPOUND = bilingual("1. 小区", "1. The compound")
T_COMPOUND_SUB = bilingual(
    "填写小区名称及所在社区、街道和地址。点「保存小区」后小区即记入账套，之后再添加楼栋和业主花名册。",
    "Name the compound and give its community, street and address. Saving it puts it in the"
    " book; its buildings and owner roster come next.",
)
T_SAVE_COMPOUND = bilingual("保存小区 >", "Save the compound >")

T_BUILDINGS = bilingual("2. 楼栋", "2. The buildings")
T_BUILDINGS_SUB = bilingual(
    "每行一栋楼：编号可写 3、3号楼、3栋；户数可不填，只用于导入花名册后核对。回车到下一行，Tab 到下一格，"
    "Delete 删除所选行。也可以跳过：导入花名册时会按花名册建立楼栋。",
    "One building a row: 3, 3号楼 or 3栋; the unit count is optional and only checked against"
    " the roster later. Enter goes down a row, Tab to the next cell, Delete removes the chosen"
    " rows. You may skip this: importing the roster adds the buildings it names.",
)
T_BUILDING_COL = bilingual("楼栋", "Building")
T_UNITS_COL = bilingual("户数（可不填）", "Units (optional)")
T_FILL = bilingual("按编号生成楼栋 1 至", "Number the buildings 1 to")
T_FILL_BUTTON = bilingual("生成", "Fill in")
T_SAVE_BUILDINGS = bilingual("保存楼栋 >", "Save the buildings >")
T_SKIP = bilingual("跳过 >", "Skip >")
T_BAD_COUNT = bilingual("户数应为 1 至 9999 的整数", "the unit count is a whole number, 1 to 9999")
T_DUPLICATE = bilingual("与第 {first} 行重复", "same as row {first}")
T_NEEDS_CODE = bilingual("填了户数，请填写楼栋编号", "a unit count needs the building's number")

T_SAVED = bilingual(
    "已保存：小区「{name}」。现在关闭向导，小区会保留；楼栋和花名册可以以后再添加。",
    'Saved: the compound "{name}". Closing the wizard now keeps it; buildings and the roster'
    " can be added later.",
)
T_SAVED_BUILDINGS = bilingual(
    "已保存：小区「{name}」及 {count} 个楼栋。现在关闭向导，这些都会保留；花名册可以以后在「小区与房屋」页"
    "用「导入花名册…」导入。",
    'Saved: the compound "{name}" and {count} building(s). Closing the wizard now keeps them;'
    " the roster can be imported later with Import the roster… on the Compounds & units page.",
)

T_ROSTER = bilingual("3. 业主花名册", "3. The owner roster")
T_ROSTER_SUB = bilingual(
    "导出模板，填写本小区的房屋和业主，再选择文件。文件先检查、不写入任何内容：每个问题都列出 Excel 行号；"
    "改好表格后点「修改表格后重试」，没有问题才能导入。也可以先跳过，以后再导入。",
    "Export the template, fill in this compound's units and owners, then choose the file. It is"
    " checked first and nothing is written: every problem is listed with its Excel row; fix the"
    " sheet and check again, and import once it is clean. You may also skip it for now.",
)

T_DONE = bilingual("4. 完成", "4. Done")
T_DONE_SUB = bilingual(
    "小区已建好。下表按楼栋列出已登记的房屋，并与填写的户数核对。",
    "The compound is set up. The table lists the units now registered, building by building,"
    " against the counts given.",
)
T_DONE_SUMMARY = bilingual(
    "小区「{name}」：{buildings} 个楼栋，{units} 套房屋，建筑面积 {area} ㎡。",
    '"{name}": {buildings} building(s), {units} unit(s), {area} m² of floor area.',
)
T_NO_ROSTER = bilingual(
    "尚未导入花名册：以后可在「小区与房屋」页点「导入花名册…」导入。",
    "No roster imported yet: import it later with Import the roster… on the Compounds & units"
    " page.",
)
T_MISMATCH = bilingual(
    "{count} 个楼栋的房屋数与填写的户数不符，请核对花名册。",
    "{count} building(s) differ from the unit count given: check the roster.",
)

MAX_COUNT = 9999


@dataclass(frozen=True, slots=True)
class BuildingCheck:
    """One building of the new compound: the units expected (if given) and registered."""

    building: str
    expected: int | None
    registered: int
    area: int

    @property
    def difference(self) -> int | None:
        return None if self.expected is None else self.registered - self.expected


def _diff(value: int | None) -> str:
    if value is None or value == 0:
        return "" if value is None else "0"
    return f"{value:+d}"


CHECK_COLUMNS = (
    Column("building", T_BUILDING_COL, width=10),
    Column("expected", bilingual("填写户数", "Units given"), align=RIGHT,
           fmt=lambda v: "" if v is None else str(v)),
    Column("registered", bilingual("已登记房屋", "Units registered"), align=RIGHT),
    Column("difference", bilingual("差额", "Difference"), align=RIGHT, fmt=_diff),
    Column("area", bilingual("建筑面积(㎡)", "Area (m²)"), align=RIGHT, fmt=format_area,
           stretch=True),
)  # fmt: skip


def building_code(text: str) -> str:
    """'3号楼' -> '3', as the roster import reads the 楼栋 column."""
    return roster.parse_building(text, roster.cell_text(text))


def read_buildings(
    entries: list[tuple[int, str, str]],
) -> tuple[list[tuple[str, int | None]], list[Problem]]:
    """(row, building text, count text) -> ([(code, expected units)], every problem)."""
    problems: list[Problem] = []
    out: list[tuple[str, int | None]] = []
    first: dict[str, int] = {}
    col_b, col_n = T_BUILDING_COL.format(), T_UNITS_COL.format()
    for row, text, count_text in entries:
        code = building_code(text) if text.strip() else ""
        count: int | None = None
        bad = False
        count_text = roster.cell_text(count_text)
        if count_text:
            if count_text.isdigit() and 1 <= int(count_text) <= MAX_COUNT:
                count = int(count_text)
            else:
                problems.append(Problem(T_BAD_COUNT.format(), row, col_n))
                bad = True
        if not code:
            problems.append(Problem(T_NEEDS_CODE.format(), row, col_b))
            continue
        if "-" in code:
            problems.append(Problem(roster.T_HAS_DASH.format(), row, col_b))
            continue
        if len(code) > roster.MAX_LEN["building"]:
            problems.append(
                Problem(roster.T_TOO_LONG.format(max=roster.MAX_LEN["building"]), row, col_b)
            )
            continue
        if code in first:
            problems.append(Problem(T_DUPLICATE.format(first=first[code]), row, col_b))
            continue
        first[code] = row
        if not bad:
            out.append((code, count))
    return out, problems


class BuildingTable(QTableWidget):
    """楼栋 | 户数, typed from the keyboard: Enter goes down a row (a new one at the bottom),
    Tab to the next cell, Delete removes the chosen rows; the last row is always blank."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self.setHorizontalHeaderLabels([T_BUILDING_COL.format(), T_UNITS_COL.format()])
        head = self.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setDefaultSectionSize(26)
        self.setTabKeyNavigation(True)
        self.setEditTriggers(
            QTableWidget.EditTrigger.AnyKeyPressed
            | QTableWidget.EditTrigger.DoubleClicked
            | QTableWidget.EditTrigger.EditKeyPressed
        )
        self.itemChanged.connect(lambda _i: self._changed())
        self._blank_row()

    def _blank_row(self) -> None:
        last = self.rowCount() - 1
        if last < 0 or any(self._text(last, c) for c in (0, 1)):
            self.blockSignals(True)
            self.insertRow(self.rowCount())
            for c in (0, 1):
                item = QTableWidgetItem("")
                if c == 1:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.setItem(self.rowCount() - 1, c, item)
            self.blockSignals(False)

    def _text(self, row: int, col: int) -> str:
        item = self.item(row, col)
        return item.text().strip() if item is not None else ""

    def _changed(self) -> None:
        self._blank_row()
        self.edited.emit()

    def entries(self) -> list[tuple[int, str, str]]:
        """(row number as shown, building text, count text) of the rows not left blank."""
        return [
            (r + 1, self._text(r, 0), self._text(r, 1))
            for r in range(self.rowCount())
            if self._text(r, 0) or self._text(r, 1)
        ]

    def fill(self, count: int) -> None:
        """Buildings 1 … count, after the ones already typed."""
        have = {building_code(t) for _r, t, _n in self.entries() if t}
        self.blockSignals(True)
        while self.rowCount() and not any(self._text(self.rowCount() - 1, c) for c in (0, 1)):
            self.removeRow(self.rowCount() - 1)
        for n in range(1, count + 1):
            if str(n) in have:
                continue
            r = self.rowCount()
            self.insertRow(r)
            self.setItem(r, 0, QTableWidgetItem(str(n)))
            item = QTableWidgetItem("")
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.setItem(r, 1, item)
        self.blockSignals(False)
        self._changed()

    def _go_down(self, col: int) -> None:
        row = min(self.currentRow() + 1, self.rowCount() - 1)
        self.setCurrentCell(row, col)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter: down a row
            col = self.currentColumn()
            self._go_down(col)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # not to the wizard's buttons
            if self.state() != self.State.EditingState:  # an editor's Enter: see closeEditor
                self._go_down(max(self.currentColumn(), 0))
            event.accept()
            return
        if (
            key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.state() != self.State.EditingState
        ):
            rows = sorted({i.row() for i in self.selectedIndexes()}, reverse=True)
            self.blockSignals(True)
            for r in rows:
                self.removeRow(r)
            self.blockSignals(False)
            self._changed()
            event.accept()
            return
        super().keyPressEvent(event)


def _problem_label() -> QLabel:
    problem = QLabel()
    problem.setObjectName("errorText")
    problem.setWordWrap(True)
    problem.setVisible(False)
    return problem


def _saved_label() -> QLabel:
    saved = QLabel()
    saved.setObjectName("statCaption")
    saved.setWordWrap(True)
    return saved


class CompoundPage(QWizardPage):
    def __init__(self, wizard: NewCompoundWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(T_COMPOUND.format())
        self.setSubTitle(T_COMPOUND_SUB.format())
        self.form = AddCompoundDialog(wizard.book, self).embed()
        assert isinstance(self.form, AddCompoundDialog)
        for edit in self.form.findChildren(QLineEdit):
            edit.returnPressed.connect(self.w.next)
        self.form.name.textChanged.connect(lambda _t: self.completeChanged.emit())
        QVBoxLayout(self).addWidget(self.form)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, T_SAVE_COMPOUND.format())

    def initializePage(self) -> None:
        self.form.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def isComplete(self) -> bool:
        return bool(self.form.name.text().strip())

    def validatePage(self) -> bool:
        if self.w.compound_id is not None:
            return True
        if not self.form.submit():  # the form's own checks and its one write
            return False
        self.w.compound_id = int(self.form.result_value)
        self.w.compound_name = self.form.name.text().strip()
        return True


class BuildingsPage(QWizardPage):
    def __init__(self, wizard: NewCompoundWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(T_BUILDINGS.format())
        self.setSubTitle(T_BUILDINGS_SUB.format())
        self.saved = _saved_label()
        self.count = QSpinBox()
        self.count.setRange(1, 999)
        self.count.setValue(6)
        self.fill_button = QPushButton(T_FILL_BUTTON.format())
        self.fill_button.setAutoDefault(False)
        self.fill_button.clicked.connect(lambda: self.table.fill(self.count.value()))
        fill_label = QLabel(T_FILL.format())
        fill_label.setBuddy(self.count)
        fill = QHBoxLayout()
        fill.addWidget(fill_label)
        fill.addWidget(self.count)
        fill.addWidget(self.fill_button)
        fill.addStretch(1)
        self.table = BuildingTable()
        self.table.edited.connect(self.check)
        self.problem = _problem_label()
        col = QVBoxLayout(self)
        col.addWidget(self.saved)
        col.addLayout(fill)
        col.addWidget(self.table, 1)
        col.addWidget(self.problem)

    def initializePage(self) -> None:
        self.saved.setText(T_SAVED.format(name=self.w.compound_name))
        self.check()
        self.table.setCurrentCell(0, 0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def check(self) -> list[Problem]:
        rows, problems = read_buildings(self.table.entries())
        self.problem.setText("\n".join(str(p) for p in problems))
        self.problem.setVisible(bool(problems))
        self.setButtonText(
            QWizard.WizardButton.NextButton,
            (T_SAVE_BUILDINGS if rows or problems else T_SKIP).format(),
        )
        self.completeChanged.emit()
        return problems

    def isComplete(self) -> bool:
        return not read_buildings(self.table.entries())[1]

    def validatePage(self) -> bool:
        rows, problems = read_buildings(self.table.entries())
        if problems or self.w.compound_id is None:
            return False
        self.w.expected = dict(rows)  # as the table stands (after a Back, too)
        if not rows:
            return True
        cid = self.w.compound_id

        def save(s: Session) -> None:
            compound = s.get(Compound, cid)
            assert compound is not None
            for code, _count in rows:
                registry.building(s, compound, code)

        return commit_step(self, self.w.book, save, self.problem)


class RosterPage(QWizardPage):
    def __init__(self, wizard: NewCompoundWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(T_ROSTER.format())
        self.setSubTitle(T_ROSTER_SUB.format())
        self.saved = _saved_label()
        self.panel = RosterPanel(wizard.book, self, closable=False)
        self.panel.busy_changed.connect(self.completeChanged.emit)
        col = QVBoxLayout(self)
        col.addWidget(self.saved)
        col.addWidget(self.panel, 1)

    def initializePage(self) -> None:
        self.panel.compound = self.w.compound_name
        count = len(self.w.expected)
        self.saved.setText(
            T_SAVED_BUILDINGS.format(name=self.w.compound_name, count=count)
            if count
            else T_SAVED.format(name=self.w.compound_name)
        )
        self.panel.path_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def isComplete(self) -> bool:
        return not self.panel.busy()


class DonePage(QWizardPage):
    def __init__(self, wizard: NewCompoundWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(T_DONE.format())
        self.setSubTitle(T_DONE_SUB.format())
        self.summary = QLabel()
        self.summary.setObjectName("statValue")
        self.summary.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.model = DeskTableModel(
            CHECK_COLUMNS, self,
            background=lambda r: ALERT_BRUSH if r.difference else None,
        )  # fmt: skip
        self.view = TableView(self.model, self, name="new_compound_buildings")
        col = QVBoxLayout(self)
        col.addWidget(self.summary)
        col.addWidget(self.note)
        col.addWidget(self.view, 1)
        self.setFinalPage(True)

    def initializePage(self) -> None:
        rows = self.w.building_checks()
        units = sum(r.registered for r in rows)
        self.model.set_rows(rows)
        self.summary.setText(
            T_DONE_SUMMARY.format(
                name=self.w.compound_name,
                buildings=len(rows),
                units=units,
                area=format_area(sum(r.area for r in rows)),
            )
        )
        off = sum(1 for r in rows if r.difference)
        notes = []
        if not units:
            notes.append(T_NO_ROSTER.format())
        if off:
            notes.append(T_MISMATCH.format(count=off))
        self.note.setText("\n".join(notes))
        self.note.setObjectName("errorText" if off else "muted")
        self.note.style().polish(self.note)
        self.note.setVisible(bool(notes))


class NewCompoundWizard(QWizard):
    """compound → buildings → roster → done; `compound_id` is set once the compound is saved."""

    COMPOUND, BUILDINGS, ROSTER, DONE = range(4)

    def __init__(self, book: Book, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.compound_id: int | None = None
        self.compound_name = ""
        self.expected: dict[str, int | None] = {}  # building code -> units given (not stored)
        self.setWindowTitle(T_WIZARD.format())
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoDefaultButton, True)  # Enter belongs to the step
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)  # Finish only
        for button, text in ((QWizard.WizardButton.BackButton, T_BACK),
                             (QWizard.WizardButton.NextButton, T_NEXT),
                             (QWizard.WizardButton.FinishButton, T_FINISH),
                             (QWizard.WizardButton.CancelButton, T_CLOSE)):  # fmt: skip
            self.setButtonText(button, text.format())
        self.compound_page = CompoundPage(self)
        self.buildings_page = BuildingsPage(self)
        self.roster_page = RosterPage(self)
        self.done_page = DonePage(self)
        for i, page in enumerate(
            (self.compound_page, self.buildings_page, self.roster_page, self.done_page)
        ):
            self.setPage(i, page)
        self.resize(900, 620)

    def building_checks(self) -> list[BuildingCheck]:
        """Each building of the compound: units given in step 2 and units now registered."""
        if self.compound_id is None:
            return []
        with self.book.read() as s:
            units: list[UnitRow] = registry.list_units(s, self.compound_id, date.today())
            codes = list(
                s.scalars(select(Building.code).where(Building.compound_id == self.compound_id))
            )
        count: dict[str, int] = {}
        area: dict[str, int] = {}
        for u in units:
            count[u.building] = count.get(u.building, 0) + 1
            area[u.building] = area.get(u.building, 0) + u.area
        order = list(dict.fromkeys([*self.expected, *sorted(codes, key=_natural)]))
        return [
            BuildingCheck(code, self.expected.get(code), count.get(code, 0), area.get(code, 0))
            for code in order
        ]


def _natural(code: str) -> tuple[int, int, str]:
    return (0, int(code), "") if code.isdigit() else (1, 0, code)


__all__ = ["BuildingTable", "NewCompoundWizard", "read_buildings"]
