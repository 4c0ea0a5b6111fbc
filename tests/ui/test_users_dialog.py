"""用户与权限: the first admin turns login on, a clerk is added, a short password is refused beside
the field with nothing written, roles change, users are disabled, and the services' refusals show."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from propdesk.db.store import Book
from propdesk.services import users
from propdesk.ui.dialogs import users_dialog as ud
from propdesk.ui.dialogs.kit import DeskTableModel
from propdesk.ui.main_window import MainWindow

from .conftest import book_target, open_in

PW = "correct horse"


def answer(monkeypatch: pytest.MonkeyPatch, cls: type, fill: Callable[[Any], None]) -> list[Any]:
    """Make `cls.exec` fill the form and press OK (the dialogs seen are returned)."""
    seen: list[Any] = []

    def run(dialog: Any) -> int:
        seen.append(dialog)
        fill(dialog)
        dialog.submit()
        return int(dialog.result())

    monkeypatch.setattr(cls, "exec", run)
    return seen


def fill_user(
    name: str, role: str, pw: str = PW, again: str | None = None
) -> Callable[[Any], None]:
    def fill(d: ud.AddUserDialog) -> None:
        d.name.setText(name)
        d.role.setCurrentIndex(d.role.findData(role))
        d.password.setText(pw)
        d.again.setText(pw if again is None else again)

    return fill


def names(dialog: ud.UsersDialog) -> dict[str, tuple[str, str]]:
    """name -> (role shown, status shown), as the table shows them."""
    m = dialog.model
    out = {}
    for r in range(m.rowCount()):
        cells = [m.index(r, c).data() for c in range(m.columnCount())]
        out[cells[0]] = (cells[1], cells[2])
    return out


def pick(dialog: ud.UsersDialog, name: str) -> None:
    dialog.select(name)
    assert dialog.current() is not None and dialog.current().name == name


@pytest.fixture
def dialog(qtbot: Any, book: Book) -> ud.UsersDialog:
    d = ud.UsersDialog(book)
    qtbot.addWidget(d)
    return d


def test_first_admin_then_a_clerk_role_change_and_disable(
    dialog: ud.UsersDialog, book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert dialog.model.rowCount() == 0
    assert "添加第一个用户（必须是管理员）后" in dialog.intro.text()
    assert not dialog.role_button.isEnabled()

    seen = answer(monkeypatch, ud.AddUserDialog, fill_user("老王", "admin"))
    dialog.add_user()
    assert seen[0].windowTitle() == "添加第一个用户（管理员）"
    assert not seen[0].role.isEnabled() and seen[0].role.currentData() == "admin"
    assert names(dialog) == {"老王": ("管理员", "启用")}
    assert "打开本账套需要登录" in dialog.intro.text()
    assert users.needs_login(book) and (book.user, book.role) == ("老王", "admin")

    answer(monkeypatch, ud.AddUserDialog, fill_user("小李", "clerk"))
    dialog.add_user()
    assert names(dialog) == {"老王": ("管理员", "启用"), "小李": ("收费员", "启用")}
    assert dialog.current().name == "小李"

    answer(
        monkeypatch, ud.RoleDialog, lambda d: d.role.setCurrentIndex(d.role.findData("accountant"))
    )
    dialog.change_role()
    assert names(dialog)["小李"] == ("会计", "启用")

    dialog.toggle_active()
    assert names(dialog)["小李"] == ("会计", "已停用")
    assert dialog.active_button.text() == "启用"
    dialog.toggle_active()
    assert names(dialog)["小李"] == ("会计", "启用")

    answer(monkeypatch, ud.PasswordDialog, lambda d: (d.password.setText("new secret"),
                                                       d.again.setText("new secret")))  # fmt: skip
    dialog.reset_password()
    assert users.login(book, "小李", "new secret") == "accountant"


def test_a_short_password_is_shown_beside_the_field_and_nothing_written(
    qtbot: Any, book: Book
) -> None:
    form = ud.AddUserDialog(book, set(), first=True)
    qtbot.addWidget(form)
    form.name.setText("老王")
    form.password.setText("short")
    assert form.error_text("password") == "密码至少 8 位"
    form.again.setText("short")
    assert not form.submit()
    assert form.error_text("password") == "密码至少 8 位"
    form.password.setText("long enough")
    form.again.setText("long enougH")
    assert form.error_text("password") == "" and form.error_text("again") == "两次输入的密码不一致"
    assert not form.submit()
    with book.read() as s:
        assert users.list_users(s) == []
    assert not users.needs_login(book)


def test_a_taken_name_is_named_as_typed(qtbot: Any, book: Book) -> None:
    form = ud.AddUserDialog(book, {"老王"}, first=False)
    qtbot.addWidget(form)
    form.name.setText("老王")
    assert form.error_text("name") == "用户「老王」已存在"


def test_the_services_refusals_are_shown(
    qtbot: Any, book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    with book.write() as s:
        users.add_user(s, "老王", "admin", PW)
    book.act_as("老王", "admin")
    with book.write() as s:
        users.add_user(s, "小李", "clerk", PW)
    d = ud.UsersDialog(book)
    qtbot.addWidget(d)

    pick(d, "老王")  # the last active administrator
    d.toggle_active()
    assert d.problem.text() == "至少要保留一个启用的管理员"
    assert names(d)["老王"] == ("管理员", "启用")
    role = ud.RoleDialog(book, d.current())
    qtbot.addWidget(role)
    role.role.setCurrentIndex(role.role.findData("clerk"))
    assert not role.submit()
    assert role.error_text("role") == "至少要保留一个启用的管理员"

    book.act_as("小李", "clerk")  # a clerk may not manage users: the service says so
    pick(d, "老王")
    d.toggle_active()
    assert d.problem.text() == "用户「小李」（收费员）无权管理用户"
    with book.read() as s:
        assert {(u.name, u.active) for u in users.list_users(s)} == {("老王", True), ("小李", True)}


def test_the_role_table(dialog: ud.UsersDialog) -> None:
    m = dialog.roles_model
    rows = {m.index(r, 0).data(): (m.index(r, 1).data(), m.index(r, 2).data())
            for r in range(m.rowCount())}  # fmt: skip
    assert set(rows) == {"管理员", "收费员", "书记", "会计"}
    assert rows["收费员"][0] == "小区与房屋、收费、收款与收据、公共资源"
    assert "管理用户" in rows["管理员"][1] and "管理用户" not in rows["会计"][1]
    assert rows["会计"][1].startswith("录入、导入或冲销凭证")


def test_models(qtmodeltester: Any, book: Book, dialog: ud.UsersDialog) -> None:
    with book.write() as s:
        users.add_user(s, "老王", "admin", PW)
    dialog.reload()
    for cols, rows in ((ud.UsersDialog.USER_COLUMNS, dialog.rows()),
                       (ud.UsersDialog.ROLE_COLUMNS, ud.role_rows())):  # fmt: skip
        model = DeskTableModel(cols)  # a model of its own: the tester outlives the dialog
        model.set_rows(rows)
        assert model.rowCount() == len(rows) > 0
        qtmodeltester.check(model, force_py=True)


def test_the_menu_entries(
    qtbot: Any, window: MainWindow, book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not window.act_users.isEnabled() and not window.act_audit.isEnabled()
    path = book_target(book)
    book.close()
    assert open_in(qtbot, window, path) is not None
    assert window.act_users.isEnabled() and window.act_audit.isEnabled()
    assert window.menu_tools.title() == "工具(&T)"

    def first_admin(d: ud.UsersDialog) -> int:
        answer(monkeypatch, ud.AddUserDialog, fill_user("老王", "admin"))
        d.add_user()
        return 0

    monkeypatch.setattr(ud.UsersDialog, "exec", first_admin)
    window.act_users.trigger()
    assert window.user == "老王" and "老王" in window.user_label.text()
    assert window.act_users.isEnabled()
    window.book.act_as("小李", "clerk")  # type: ignore[union-attr]
    window._update_tools()
    assert not window.act_users.isEnabled() and window.act_audit.isEnabled()
