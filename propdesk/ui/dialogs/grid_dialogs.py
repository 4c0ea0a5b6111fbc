"""网格与驿站 dialogs: a grid (code, name, leader, its compounds), a grid worker (kind, grid,
term, base stipend, bank account — shown masked, typed whole), a station and a station project
(budget, status, spent). Every field is checked as it is typed; OK is one write."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from propdesk.core import roles
from propdesk.core.errors import UserError
from propdesk.core.i18n import Text, bilingual
from propdesk.db.store import Book
from propdesk.services import grids
from propdesk.services.desk import CompoundRow
from propdesk.services.grids import GridRow, ProjectRow, StationRow, WorkerRow
from propdesk.ui.dialogs.form import FormDialog, parse_money
from propdesk.ui.widgets.date_edit import DateEdit
from propdesk.ui.widgets.money_edit import MoneyEdit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

KIND_SHORT = {
    "full_time": bilingual("专职", "Full-time"),
    "part_time": bilingual("兼职", "Part-time"),
    "auxiliary": bilingual("辅助", "Auxiliary"),
}

T_NEW_GRID = bilingual("新增网格", "New grid")
T_EDIT_GRID = bilingual("修改网格 {code}", "Edit grid {code}")
T_CODE = bilingual("网格编号：", "Code:")
T_CODE_HINT = bilingual("如 G01", "e.g. G01")
T_NAME = bilingual("名称：", "Name:")
T_LEADER = bilingual("网格长：", "Grid leader:")
T_COMPOUNDS = bilingual("所辖小区：", "Compounds:")
T_NO_COMPOUNDS = bilingual("（尚未登记小区）", "(no compounds registered yet)")
T_NEED_CODE = bilingual("请填写网格编号", "the code is required")
T_NEED_NAME = bilingual("请填写名称", "the name is required")
T_CODE_TAKEN = bilingual("网格编号 {code} 已存在", "grid code {code} already exists")

T_NEW_WORKER = bilingual("新增网格员", "New grid worker")
T_EDIT_WORKER = bilingual("修改网格员 {name}", "Edit grid worker {name}")
T_WORKER_NAME = bilingual("姓名：", "Name:")
T_KIND = bilingual("类别：", "Kind:")
T_GRID = bilingual("网格：", "Grid:")
T_START = bilingual("任职日期：", "Serving from:")
T_END = bilingual("离任日期：", "Serving until:")
T_LEFT = bilingual("已离任", "Has left")
T_STIPEND = bilingual("基本补贴（月）：", "Base stipend (month):")
T_STIPEND_FIELD = bilingual("基本补贴", "Base stipend")
T_EMPLOYEE = bilingual("本公司职工（补贴记入应付职工薪酬）", "Company employee (paid through 2211)")
T_PHONE = bilingual("电话：", "Phone:")
T_BANK = bilingual("开户银行：", "Bank:")
T_ACCOUNT = bilingual("银行账号：", "Bank account:")
T_ACCOUNT_KEEP = bilingual("现为 {masked}，留空不改", "now {masked}; leave blank to keep")
T_ACCOUNT_BAD = bilingual(
    "银行账号应为 8–30 位数字（可含空格）", "a bank account is 8–30 digits (spaces allowed)"
)
T_PHONE_BAD = bilingual(
    "电话只能包含数字、空格和 - +", "a phone number has digits, spaces, - and + only"
)
T_PICK_GRID = bilingual("请选择网格", "choose a grid")
T_END_BEFORE = bilingual("离任日期早于任职日期", "the end is before the start")
T_MASK_NOTE = bilingual(
    "银行账号只有管理员和会计能看到完整号码；其他角色和打印的发放表只显示首尾数字。",
    "Only the administrator and the accountant see the whole account number; other roles and "
    "the printed stipend sheet show only its first and last digits.",
)

T_NEW_STATION = bilingual("新增驿站", "New station")
T_EDIT_STATION = bilingual("修改驿站 {name}", "Edit station {name}")
T_STATION_NAME = bilingual("驿站名称：", "Station name:")
T_ADDRESS = bilingual("地址：", "Address:")

T_NEW_PROJECT = bilingual("新增驿站项目", "New station project")
T_EDIT_PROJECT = bilingual("修改驿站项目 {name}", "Edit station project {name}")
T_STATION = bilingual("驿站：", "Station:")
T_PICK_STATION = bilingual("请选择驿站", "choose a station")
T_PROJECT_NAME = bilingual("项目名称：", "Project:")
T_BUDGET = bilingual("预算：", "Budget:")
T_BUDGET_FIELD = bilingual("预算", "Budget")
T_STATUS = bilingual("状态：", "Status:")
T_SPENT = bilingual("已支出：", "Spent:")
T_SPENT_FIELD = bilingual("已支出", "Spent")
T_FUNDED = bilingual(
    "已拨付 {amount}（预算不能低于此数）", "Funded {amount} (the budget cannot go below)"
)

_ACCOUNT_RE = re.compile(r"^[0-9 ]*$")
_PHONE_RE = re.compile(r"^[0-9 +\-]*$")


def _t(text: Text, **params: object) -> str:
    return text.format(**params)


def kind_text(code: str) -> str:
    t = KIND_SHORT.get(code)
    return t.format() if t is not None else code


def _combo(items: list[tuple[str, Any]], current: Any = None) -> QComboBox:
    box = QComboBox()
    for text, data in items:
        box.addItem(text, data)
    if current is not None:
        box.setCurrentIndex(max(box.findData(current), 0))
    return box


# -- grids ------------------------------------------------------------------------------------
class GridDialog(FormDialog):
    """A new grid, or an existing one's name, leader and compounds (its code stays)."""

    def __init__(
        self,
        book: Book,
        compounds: list[CompoundRow],
        grid: GridRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = _t(T_EDIT_GRID, code=grid.code) if grid else _t(T_NEW_GRID)
        super().__init__(book, parent, title)
        self.grid = grid
        with book.read() as s:
            self.taken = {g.code for g in grids.list_grids(s)}
        self.code = QLineEdit(grid.code if grid else "")
        self.code.setMaxLength(20)
        self.code.setPlaceholderText(_t(T_CODE_HINT))
        self.code.setReadOnly(grid is not None)
        self.name = QLineEdit(grid.name if grid else "")
        self.name.setMaxLength(100)
        self.leader = QLineEdit(grid.leader if grid else "")
        self.leader.setMaxLength(100)
        self.compounds = QListWidget()
        self.compounds.setMaximumHeight(140)
        have = set(grid.compounds) if grid else set()
        for c in compounds:
            item = QListWidgetItem(c.name)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if c.name in have else Qt.CheckState.Unchecked)
            self.compounds.addItem(item)
        self.add_field("code", _t(T_CODE), self.code)
        self.add_field("name", _t(T_NAME), self.name)
        self.add_field("leader", _t(T_LEADER), self.leader)
        self.add_field("compounds", _t(T_COMPOUNDS), self.compounds, watch=False)
        if not compounds:
            note = QLabel(_t(T_NO_COMPOUNDS))
            note.setObjectName("muted")
            self.body.addWidget(note)
        (self.name if grid else self.code).setFocus(Qt.FocusReason.OtherFocusReason)

    def checked_compounds(self) -> list[tuple[int, str]]:
        out = []
        for i in range(self.compounds.count()):
            item = self.compounds.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append((int(item.data(Qt.ItemDataRole.UserRole)), item.text()))
        return out

    def set_compound_checked(self, name: str, on: bool = True) -> None:
        for i in range(self.compounds.count()):
            item = self.compounds.item(i)
            if item.text() == name:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        code = self.code.text().strip()
        if self.grid is None:
            if not code:
                errors["code"] = _t(T_NEED_CODE)
            elif code in self.taken:
                errors["code"] = _t(T_CODE_TAKEN, code=code)
        if not self.name.text().strip():
            errors["name"] = _t(T_NEED_NAME)
        return errors

    def save(self, session: Session) -> GridRow:
        ids = [cid for cid, _ in self.checked_compounds()]
        if self.grid is None:
            return grids.add_grid(session, self.code.text(), self.name.text(), self.leader.text(),
                                  ids)  # fmt: skip
        g = self.grid
        grids.edit_grid(session, g.id, name=self.name.text(), leader=self.leader.text(),
                        expected_version=g.version)  # fmt: skip
        keep = {name for _, name in self.checked_compounds()}
        for name in g.compounds:
            if name not in keep:
                grids.unassign_compound(session, g.id, name)
        grids.assign_compounds(session, g.id, ids)
        return grids.grid_row(session, g.id)

    def field_of(self, exc: UserError) -> str | None:
        if exc.text in (grids.T_NO_CODE, grids.T_GRID_EXISTS):
            return "code"
        return "name" if exc.text is grids.T_NO_NAME else None


# -- workers ----------------------------------------------------------------------------------
class WorkerDialog(FormDialog):
    """A grid worker: name, kind, grid, term, base stipend, employee or not, phone and bank.
    Editing, a role that sees bank accounts whole (core/roles) finds the account in its field;
    for any other role the field is blank (the list shows it masked): typing replaces it."""

    def __init__(
        self,
        book: Book,
        grid_rows: list[GridRow],
        worker: WorkerRow | None = None,
        *,
        grid_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = _t(T_EDIT_WORKER, name=worker.name) if worker else _t(T_NEW_WORKER)
        super().__init__(book, parent, title)
        self.setMinimumWidth(520)
        self.worker = worker
        w = worker
        self.name = QLineEdit(w.name if w else "")
        self.name.setMaxLength(100)
        self.kind = _combo([(_t(t), k) for k, t in KIND_SHORT.items()], w.kind if w else None)
        self.grid = _combo([(f"{g.code} {g.name}", g.id) for g in grid_rows],
                           w.grid_id if w else grid_id)  # fmt: skip
        self.start = DateEdit(w.start if w else date.today())
        self.left = QCheckBox(_t(T_LEFT))
        self.end = DateEdit((w.end if w and w.end else None) or date.today())
        self.left.setChecked(bool(w and w.end))
        self.end.setEnabled(self.left.isChecked())
        self.left.toggled.connect(self.end.setEnabled)
        end_row = QWidget()
        er = QHBoxLayout(end_row)
        er.setContentsMargins(0, 0, 0, 0)
        er.addWidget(self.left)
        er.addWidget(self.end, 1)
        end_row.setFocusProxy(self.left)
        self.stipend = MoneyEdit(field=T_STIPEND_FIELD)
        if w:
            self.stipend.set_fen(w.base_stipend)
        self.employee = QCheckBox(_t(T_EMPLOYEE))
        self.employee.setChecked(w.employee if w else False)
        self._employee_touched = w is not None
        self.employee.clicked.connect(lambda _c: setattr(self, "_employee_touched", True))
        self.kind.currentIndexChanged.connect(self._default_employee)
        self.phone = QLineEdit(w.phone if w else "")
        self.phone.setMaxLength(32)
        self.bank_name = QLineEdit(w.bank_name if w else "")
        self.bank_name.setMaxLength(100)
        self.account = QLineEdit()
        self.account.setMaxLength(40)
        self.account_whole = roles.sees_whole(book.role, roles.BANK_ACCOUNT)
        if w and w.bank_account:
            if self.account_whole:  # the row holds it whole for this role
                self.account.setText(w.bank_account)
            else:
                self.account.setPlaceholderText(_t(T_ACCOUNT_KEEP, masked=w.bank_account))
        self.add_field("name", _t(T_WORKER_NAME), self.name)
        self.add_field("kind", _t(T_KIND), self.kind)
        self.add_field("grid", _t(T_GRID), self.grid)
        self.add_field("start", _t(T_START), self.start)
        self.add_field("end", _t(T_END), end_row, watch=False)
        self.watch("end", self.end)
        self.watch("end", self.left)
        self.add_field("stipend", _t(T_STIPEND), self.stipend)
        self.add_field("employee", "", self.employee)
        self.add_field("phone", _t(T_PHONE), self.phone)
        self.add_field("bank_name", _t(T_BANK), self.bank_name)
        self.add_field("account", _t(T_ACCOUNT), self.account)
        note = QLabel(_t(T_MASK_NOTE))
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.body.addWidget(note)
        self._default_employee()
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def _default_employee(self, *_: object) -> None:
        """Part-time workers are property staff (2211) unless the clerk said otherwise."""
        if not self._employee_touched:
            self.employee.setChecked(self.kind.currentData() == "part_time")

    def end_date(self) -> date | None:
        return self.end.value() if self.left.isChecked() else None

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.name.text().strip():
            errors["name"] = _t(T_NEED_NAME)
        if self.grid.currentData() is None:
            errors["grid"] = _t(T_PICK_GRID)
        end = self.end_date()
        if end is not None and end < self.start.value():
            errors["end"] = _t(T_END_BEFORE)
        if self.stipend.text().strip():
            _fen, problem = parse_money(self.stipend)
            if problem:
                errors["stipend"] = problem
        account = self.account.text().strip()
        digits = account.replace(" ", "")
        if account and (not _ACCOUNT_RE.match(account) or not 8 <= len(digits) <= 30):
            errors["account"] = _t(T_ACCOUNT_BAD)
        if not _PHONE_RE.match(self.phone.text().strip()):
            errors["phone"] = _t(T_PHONE_BAD)
        return errors

    def save(self, session: Session) -> WorkerRow:
        fen, _ = parse_money(self.stipend, required=False)
        values: dict[str, Any] = {
            "end": self.end_date(), "base_stipend": fen or 0,
            "employee": self.employee.isChecked(), "phone": self.phone.text(),
            "bank_name": self.bank_name.text(),
        }  # fmt: skip
        account = self.account.text().strip()
        if self.worker is None:
            return grids.add_worker(
                session, int(self.grid.currentData()), self.name.text(),
                str(self.kind.currentData()), self.start.value(), bank_account=account, **values,
            )  # fmt: skip
        values.update(name=self.name.text(), kind=str(self.kind.currentData()),
                      grid_id=int(self.grid.currentData()), start=self.start.value())  # fmt: skip
        if account or self.account_whole:  # blank keeps a number only the masked form hides
            values["bank_account"] = account
        return grids.edit_worker(
            session, self.worker.id, expected_version=self.worker.version, **values
        )

    def field_of(self, exc: UserError) -> str | None:
        return {
            id(grids.T_NO_NAME): "name", id(grids.T_TERM): "end", id(grids.T_MONEY): "stipend",
            id(grids.T_BAD_KIND): "kind", id(grids.T_NO_GRID): "grid",
        }.get(id(exc.text))  # fmt: skip


# -- stations and projects --------------------------------------------------------------------
class StationDialog(FormDialog):
    def __init__(
        self,
        book: Book,
        grid_rows: list[GridRow],
        station: StationRow | None = None,
        *,
        grid_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = _t(T_EDIT_STATION, name=station.name) if station else _t(T_NEW_STATION)
        super().__init__(book, parent, title)
        self.station = station
        self.grid = _combo([(f"{g.code} {g.name}", g.id) for g in grid_rows],
                           station.grid_id if station else grid_id)  # fmt: skip
        self.name = QLineEdit(station.name if station else "")
        self.name.setMaxLength(100)
        self.address = QLineEdit(station.address if station else "")
        self.address.setMaxLength(200)
        self.add_field("grid", _t(T_GRID), self.grid)
        self.add_field("name", _t(T_STATION_NAME), self.name)
        self.add_field("address", _t(T_ADDRESS), self.address)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.grid.currentData() is None:
            errors["grid"] = _t(T_PICK_GRID)
        if not self.name.text().strip():
            errors["name"] = _t(T_NEED_NAME)
        return errors

    def save(self, session: Session) -> StationRow:
        gid = int(self.grid.currentData())
        if self.station is None:
            return grids.add_station(session, gid, self.name.text(), self.address.text())
        return grids.edit_station(session, self.station.id, name=self.name.text(),
                                  address=self.address.text(), grid_id=gid,
                                  expected_version=self.station.version)  # fmt: skip

    def field_of(self, exc: UserError) -> str | None:
        return "name" if exc.text in (grids.T_NO_NAME, grids.T_STATION_EXISTS) else None


class ProjectDialog(FormDialog):
    def __init__(
        self,
        book: Book,
        stations: list[StationRow],
        project: ProjectRow | None = None,
        *,
        station_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = _t(T_EDIT_PROJECT, name=project.name) if project else _t(T_NEW_PROJECT)
        super().__init__(book, parent, title)
        self.project = project
        p = project
        self.station = _combo([(f"{st.grid_code} {st.name}", st.id) for st in stations],
                              p.station_id if p else station_id)  # fmt: skip
        self.station.setEnabled(p is None)  # a project stays with its station
        self.name = QLineEdit(p.name if p else "")
        self.name.setMaxLength(100)
        self.budget = MoneyEdit(field=T_BUDGET_FIELD)
        if p:
            self.budget.set_fen(p.budget)
        self.status = _combo([(_t(t), k) for k, t in grids.PROJECT_STATUSES.items()],
                             p.status if p else "planned")  # fmt: skip
        self.spent = MoneyEdit(field=T_SPENT_FIELD)
        self.spent.set_fen(p.spent if p else 0)
        self.add_field("station", _t(T_STATION), self.station)
        self.add_field("name", _t(T_PROJECT_NAME), self.name)
        self.add_field("budget", _t(T_BUDGET), self.budget)
        self.add_field("status", _t(T_STATUS), self.status)
        self.add_field("spent", _t(T_SPENT), self.spent)
        if p and p.funded:
            from propdesk.core.money import format_amount

            note = QLabel(_t(T_FUNDED, amount=format_amount(p.funded)))
            note.setObjectName("muted")
            self.body.addWidget(note)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.station.currentData() is None:
            errors["station"] = _t(T_PICK_STATION)
        if not self.name.text().strip():
            errors["name"] = _t(T_NEED_NAME)
        fen, problem = parse_money(self.budget)
        if problem:
            errors["budget"] = problem
        elif self.project is not None and fen is not None and fen < self.project.funded:
            errors["budget"] = exc_text(grids.T_BUDGET_FUNDED, self.project.funded, fen)
        if self.spent.text().strip():
            _s, problem = parse_money(self.spent)
            if problem:
                errors["spent"] = problem
        return errors

    def save(self, session: Session) -> ProjectRow:
        budget, _ = parse_money(self.budget)
        spent, _ = parse_money(self.spent, required=False)
        status = str(self.status.currentData())
        if self.project is None:
            return grids.add_project(session, int(self.station.currentData()), self.name.text(),
                                     budget or 0, status)  # fmt: skip
        return grids.edit_project(session, self.project.id, name=self.name.text(),
                                  budget=budget, status=status, spent=spent or 0,
                                  expected_version=self.project.version)  # fmt: skip

    def field_of(self, exc: UserError) -> str | None:
        if exc.text in (grids.T_BUDGET_FUNDED, grids.T_MONEY):
            return "budget"
        return "name" if exc.text in (grids.T_NO_NAME, grids.T_PROJECT_EXISTS) else None


def exc_text(text: Text, funded: int, budget: int) -> str:
    from propdesk.core.money import format_amount

    return text.format(budget=format_amount(budget), funded=format_amount(funded))


__all__ = [
    "KIND_SHORT",
    "GridDialog",
    "ProjectDialog",
    "StationDialog",
    "WorkerDialog",
    "kind_text",
]
