"""A book with users opens only after a login; a wrong password keeps the dialog open."""

from __future__ import annotations

from typing import Any

import pytest

from propdesk.db.store import Book
from propdesk.services import users
from propdesk.ui.dialogs.login import LoginDialog
from propdesk.ui.main_window import MainWindow

from .conftest import book_target, open_in

PW = "correct horse"


@pytest.fixture
def guarded(book: Book) -> Book:
    with book.write() as s:
        users.add_user(s, "老王", "admin", PW)
    book.act_as("老王", "admin")
    with book.write() as s:
        users.add_user(s, "小李", "clerk", PW)
    return book


def test_the_dialog_logs_in_and_refuses_a_wrong_password(qtbot: Any, guarded: Book) -> None:
    dialog = LoginDialog(guarded, "小李")
    qtbot.addWidget(dialog)
    dialog.password.setText("guess")
    dialog.try_login()
    assert dialog.result() != LoginDialog.DialogCode.Accepted
    assert dialog.error.text() == "用户名或密码不正确" and dialog.password.text() == ""
    dialog.password.setText(PW)
    dialog.try_login()
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    assert (guarded.user, guarded.role) == ("小李", "clerk")


def test_the_window_asks_for_a_login(
    qtbot: Any, window: MainWindow, guarded: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = book_target(guarded)
    guarded.close()

    def answer(dialog: LoginDialog) -> int:
        dialog.name.setText("小李")
        dialog.password.setText(PW)
        dialog.try_login()
        return int(dialog.result())

    monkeypatch.setattr(LoginDialog, "exec", answer)
    assert open_in(qtbot, window, path) is not None
    assert window.book.role == "clerk" and window.user == "小李"  # type: ignore[union-attr]
    assert "小李" in window.user_label.text()


def test_cancelling_the_login_leaves_the_book_closed(
    qtbot: Any, window: MainWindow, guarded: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = book_target(guarded)
    guarded.close()
    monkeypatch.setattr(LoginDialog, "exec", lambda _d: int(LoginDialog.DialogCode.Rejected))
    open_in(qtbot, window, path)
    assert window.book is None
