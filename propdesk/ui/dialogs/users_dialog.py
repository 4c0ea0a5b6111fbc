"""用户与权限: the book's users (add, change role, reset password, disable/enable) and what each role may do.

Every change goes through services/users, which checks the permission itself; a refusal (the
last administrator, a role that may not manage users) is shown in the dialog and nothing is
written. Adding the first user (always an administrator) turns login on for the book.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from propdesk.core import roles
from propdesk.core.errors import UserError
from propdesk.core.i18n import bilingual
from propdesk.db.store import Book
from propdesk.services import users
from propdesk.services.users import MIN_PASSWORD, UserRow
from propdesk.ui.dialogs.form import FormDialog
from propdesk.ui.dialogs.kit import MUTED_BRUSH, DeskTableModel
from propdesk.ui.errors import show_error
from propdesk.ui.signals import signals
from propdesk.ui.widgets.table import Column, TableView

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T_TITLE = bilingual("用户与权限", "Users and roles")
T_NO_USERS = bilingual(
    "本账套还没有用户，任何人打开都可以做任何操作。添加第一个用户（必须是管理员）后，"
    "打开本账套就需要登录，每人只能做其角色允许的事。",
    "This book has no users yet: whoever opens it may do anything. Adding the first user "
    "(an administrator) turns login on for this book; each user may then do only what their "
    "role allows.",
)
T_HAS_USERS = bilingual(
    "打开本账套需要登录。权限由程序强制执行：角色不允许的修改会被拒绝，且不写入任何内容。",
    "This book needs a login. Permissions are enforced: a change the role may not make is "
    "refused and nothing is written.",
)
T_NAME = bilingual("用户名", "User")
T_ROLE = bilingual("角色", "Role")
T_ACTIVE = bilingual("状态", "Status")
T_LOCKED = bilingual("锁定至", "Locked until")
T_ON = bilingual("启用", "Active")
T_OFF = bilingual("已停用", "Disabled")
T_ADD = bilingual("添加用户…", "Add user…")
T_CHANGE_ROLE = bilingual("更改角色…", "Change role…")
T_RESET = bilingual("重设密码…", "Reset password…")
T_DISABLE = bilingual("停用", "Disable")
T_ENABLE = bilingual("启用", "Enable")
T_CLOSE = bilingual("关闭", "Close")
T_PICK = bilingual("请先在列表中选择一个用户", "Pick a user in the list first")
T_ROLES_HEAD = bilingual(
    "各角色的权限（所有角色都可以查看；完整的证件号码和银行账号只给「可执行」栏列出的角色看）",
    "What each role may do (every role may read; whole ID and bank account numbers are shown "
    "only to the roles listed under May do)",
)
T_AREAS = bilingual("可修改", "May change")
T_ACTIONS = bilingual("可执行", "May do")
T_NONE = bilingual("—", "—")
T_SEP = bilingual("、", ", ")

T_ADD_TITLE = bilingual("添加用户", "Add a user")
T_FIRST_TITLE = bilingual("添加第一个用户（管理员）", "Add the first user (administrator)")
T_ROLE_TITLE = bilingual("更改角色：{user}", "Change role: {user}")
T_PW_TITLE = bilingual("重设密码：{user}", "Reset password: {user}")
T_F_NAME = bilingual("用户名：", "User name:")
T_F_ROLE = bilingual("角色：", "Role:")
T_F_PASSWORD = bilingual("密码：", "Password:")
T_F_AGAIN = bilingual("再次输入密码：", "Password again:")
T_MISMATCH = bilingual("两次输入的密码不一致", "The two passwords differ")
T_SAME_ROLE = bilingual("角色没有改变", "The role is unchanged")
T_FIRST_NOTE = bilingual(
    "添加后，打开本账套需要用此用户名和密码登录。请牢记密码。",
    "Once added, opening this book needs this name and password. Keep the password safe.",
)


def fmt_locked(until: datetime | None) -> str:
    return until.strftime("%Y-%m-%d %H:%M") if until is not None and until > datetime.now() else ""


@dataclass(frozen=True, slots=True)
class RoleRow:
    """One role and what it may change and do (from core/roles.py)."""

    role: str
    name: str
    areas: str
    actions: str


def role_rows() -> list[RoleRow]:
    out = []
    for code, name in roles.ROLES.items():
        areas = [
            roles.AREA_NAMES[a].format() for a in roles.AREA_NAMES if a in roles.ROLE_AREAS[code]
        ]
        acts = [roles.ACTION_NAMES[a].format() for a, who in roles.ACTIONS.items() if code in who]
        sep = T_SEP.format()
        out.append(RoleRow(code, name.format(), sep.join(areas) or T_NONE.format(),
                           sep.join(acts) or T_NONE.format()))  # fmt: skip
    return out


def _role_combo(selected: str | None = None, only: str | None = None) -> QComboBox:
    combo = QComboBox()
    for code, name in roles.ROLES.items():
        if only is None or code == only:
            combo.addItem(name.format(), code)
    if selected is not None and (i := combo.findData(selected)) >= 0:
        combo.setCurrentIndex(i)
    return combo


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _password_problems(pw: str, again: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if len(pw) < MIN_PASSWORD:
        errors["password"] = users.T_SHORT.format(n=MIN_PASSWORD)
    elif again != pw:
        errors["again"] = T_MISMATCH.format()
    return errors


# -- the forms -----------------------------------------------------------------------------------
class AddUserDialog(FormDialog):
    """A new user: name, role and the password twice. The first user is an administrator."""

    def __init__(self, book: Book, taken: set[str], first: bool, parent: QWidget | None = None):
        super().__init__(book, parent, (T_FIRST_TITLE if first else T_ADD_TITLE).format())
        self.taken = taken
        self.first = first
        self.name = self.add_field("name", T_F_NAME.format(), QLineEdit())
        self.role = self.add_field(
            "role", T_F_ROLE.format(), _role_combo(roles.CLERK, roles.ADMIN if first else None)
        )
        self.role.setEnabled(not first)
        self.password = self.add_field("password", T_F_PASSWORD.format(), _password_edit())
        self.again = self.add_field("again", T_F_AGAIN.format(), _password_edit())
        if first:
            note = QLabel(T_FIRST_NOTE.format())
            note.setObjectName("muted")
            note.setWordWrap(True)
            self.body.addWidget(note)
        self.name.setFocus()

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        name = " ".join(self.name.text().split())
        if not name or len(name) > 64:
            errors["name"] = users.T_NAME.format()
        elif name in self.taken:
            errors["name"] = users.T_TAKEN.format(user=name)
        errors.update(_password_problems(self.password.text(), self.again.text()))
        return errors

    def save(self, session: Session) -> UserRow:
        return users.add_user(
            session, self.name.text(), self.role.currentData(), self.password.text()
        )

    def field_of(self, exc: UserError) -> str | None:
        return {
            id(users.T_NAME): "name", id(users.T_TAKEN): "name", id(users.T_SHORT): "password",
            id(users.T_FIRST_ADMIN): "role", id(users.T_BAD_ROLE): "role",
        }.get(id(exc.text))  # fmt: skip


class RoleDialog(FormDialog):
    """Another role for one user (the last active administrator keeps theirs)."""

    def __init__(self, book: Book, user: UserRow, parent: QWidget | None = None) -> None:
        super().__init__(book, parent, T_ROLE_TITLE.format(user=user.name))
        self.user = user
        self.role = self.add_field("role", T_F_ROLE.format(), _role_combo(user.role))

    def validate(self) -> dict[str, str]:
        return {"role": T_SAME_ROLE.format()} if self.role.currentData() == self.user.role else {}

    def save(self, session: Session) -> UserRow:
        return users.set_role(session, self.user.name, self.role.currentData())

    def field_of(self, exc: UserError) -> str | None:
        return "role" if exc.text in (users.T_LAST_ADMIN, users.T_BAD_ROLE) else None


class PasswordDialog(FormDialog):
    """A new password for one user (also unlocks a locked account)."""

    def __init__(self, book: Book, user: UserRow, parent: QWidget | None = None) -> None:
        super().__init__(book, parent, T_PW_TITLE.format(user=user.name))
        self.user = user
        self.password = self.add_field("password", T_F_PASSWORD.format(), _password_edit())
        self.again = self.add_field("again", T_F_AGAIN.format(), _password_edit())

    def validate(self) -> dict[str, str]:
        return _password_problems(self.password.text(), self.again.text())

    def save(self, session: Session) -> None:
        users.set_password(session, self.user.name, self.password.text())

    def field_of(self, exc: UserError) -> str | None:
        return "password" if exc.text is users.T_SHORT else None


# -- the dialog --------------------------------------------------------------------------------
class UsersDialog(QDialog):
    """The users of the book and the role table; the buttons open the forms above."""

    USER_COLUMNS: ClassVar[list[Column]] = [
        Column("name", T_NAME, stretch=True),
        Column("role_text", T_ROLE, width=13),
        Column("active", T_ACTIVE, width=6, fmt=lambda a: (T_ON if a else T_OFF).format()),
        Column("locked_until", T_LOCKED, width=16, fmt=fmt_locked),
    ]
    ROLE_COLUMNS: ClassVar[list[Column]] = [
        Column("name", T_ROLE, width=13),
        Column("areas", T_AREAS, stretch=True),
        Column("actions", T_ACTIONS, stretch=True),
    ]

    def __init__(self, book: Book, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.setWindowTitle(T_TITLE.format())
        self.resize(900, 600)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.model = DeskTableModel(
            self.USER_COLUMNS, self, foreground=lambda r: None if r.active else MUTED_BRUSH
        )
        self.view = TableView(self.model, self, name="users")
        self.view.search.setVisible(False)
        self.view.table.setSelectionMode(self.view.table.SelectionMode.SingleSelection)
        self.view.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.view.activated.connect(lambda _row: self.change_role())
        self.add_button = QPushButton(T_ADD.format())
        self.role_button = QPushButton(T_CHANGE_ROLE.format())
        self.password_button = QPushButton(T_RESET.format())
        self.active_button = QPushButton(T_DISABLE.format())
        self.add_button.clicked.connect(self.add_user)
        self.role_button.clicked.connect(self.change_role)
        self.password_button.clicked.connect(self.reset_password)
        self.active_button.clicked.connect(self.toggle_active)
        self.problem = QLabel()
        self.problem.setObjectName("errorText")
        self.problem.setStyleSheet("color: #c0392b;")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.roles_model = DeskTableModel(self.ROLE_COLUMNS, self)
        self.roles_model.set_rows(role_rows())
        self.roles_view = TableView(self.roles_model, self, name="user_roles")
        self.roles_view.search.setVisible(False)
        self.roles_view.count_label.setVisible(False)
        self.roles_view.table.setSortingEnabled(False)
        self.roles_view.table.setWordWrap(True)
        self.roles_view.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.roles_view.table.setSizeAdjustPolicy(
            QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents
        )

        buttons = QVBoxLayout()
        for b in (self.add_button, self.role_button, self.password_button, self.active_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.view, 1)
        middle.addLayout(buttons)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(T_CLOSE.format())
        close.rejected.connect(self.reject)
        head = QLabel(T_ROLES_HEAD.format())
        head.setObjectName("sectionTitle")
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(middle, 1)
        layout.addWidget(self.problem)
        layout.addWidget(head)
        layout.addWidget(self.roles_view)
        layout.addWidget(close)
        self.reload()

    # the role table shows every word: rows as tall as their wrapped text
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.roles_view.table.resizeRowsToContents()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.roles_view.table.resizeRowsToContents()

    # -- state -------------------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        keep = select or (self.current().name if self.current() is not None else None)
        with self.book.read() as s:
            rows = users.list_users(s)
        self.model.set_rows(rows)
        self.intro.setText((T_HAS_USERS if rows else T_NO_USERS).format())
        for i, r in enumerate(rows):
            if r.name == keep:
                self.view.table.selectRow(
                    self.view.proxy.mapFromSource(self.model.index(i, 0)).row()
                )
                break
        self._update_buttons()

    def rows(self) -> list[UserRow]:
        return self.model.rows()

    def current(self) -> UserRow | None:
        return self.view.current_row()  # type: ignore[no-any-return]

    def select(self, name: str) -> None:
        self.reload(select=name)

    def _update_buttons(self, *_: Any) -> None:
        row = self.current()
        for b in (self.role_button, self.password_button, self.active_button):
            b.setEnabled(row is not None)
        self.active_button.setText((T_DISABLE if row is None or row.active else T_ENABLE).format())

    def _refused(self, exc: UserError) -> None:
        self.problem.setText(exc.message)
        self.problem.setVisible(True)

    def _clear(self) -> None:
        self.problem.clear()
        self.problem.setVisible(False)

    # -- actions -----------------------------------------------------------------------------
    def add_user(self) -> None:
        self._clear()
        rows = self.rows()
        first = not rows
        dialog = AddUserDialog(self.book, {r.name for r in rows}, first, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        added: UserRow = dialog.result_value
        if first:  # login is on from now: the desk acts as the administrator just added
            self.book.act_as(added.name, roles.ADMIN)
        self.reload(select=added.name)

    def _picked(self) -> UserRow | None:
        row = self.current()
        if row is None:
            self._refused(UserError(T_PICK))
        return row

    def change_role(self) -> None:
        self._clear()
        row = self._picked()
        if (
            row is not None
            and RoleDialog(self.book, row, self).exec() == QDialog.DialogCode.Accepted
        ):
            if row.name == self.book.user and self.book.role is not None:
                self.book.act_as(row.name, self.model_role(row.name))
            self.reload(select=row.name)

    def model_role(self, name: str) -> str:
        with self.book.read() as s:
            return next(r.role for r in users.list_users(s) if r.name == name)

    def reset_password(self) -> None:
        self._clear()
        row = self._picked()
        if (
            row is not None
            and PasswordDialog(self.book, row, self).exec() == QDialog.DialogCode.Accepted
        ):
            self.reload(select=row.name)

    def toggle_active(self) -> None:
        self._clear()
        row = self._picked()
        if row is None:
            return
        try:
            with self.book.write() as s:
                users.set_active(s, row.name, not row.active)
        except UserError as exc:
            self._refused(exc)
            return
        except Exception as exc:  # environment failures get a plain message, bugs the crash dialog
            show_error(exc, self)
            return
        signals().data_changed.emit()
        self.reload(select=row.name)


__all__ = ["AddUserDialog", "PasswordDialog", "RoleDialog", "UsersDialog", "role_rows"]
