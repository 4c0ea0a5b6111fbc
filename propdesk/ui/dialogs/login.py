"""登录: a book with users asks who is at the desk before it opens (services/users.login)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from propdesk.core.errors import UserError
from propdesk.core.i18n import bilingual
from propdesk.db.store import Book
from propdesk.services import users

T_TITLE = bilingual("登录", "Log in")
T_PROMPT = bilingual("账套「{book}」需要登录", 'The book "{book}" needs a login')
T_USER = bilingual("用户名：", "User:")
T_PASSWORD = bilingual("密码：", "Password:")
T_OK = bilingual("登录", "Log in")
T_CANCEL = bilingual("取消", "Cancel")


class LoginDialog(QDialog):
    """Accepted only once `users.login` took the name and password; the book then acts as
    that user. A wrong password shows the service's message and keeps the dialog open."""

    def __init__(self, book: Book, user: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.role: str | None = None
        self.setWindowTitle(T_TITLE.format())
        from propdesk.ui.book_files import book_target  # a server book's URL, no password

        self.prompt = QLabel(
            T_PROMPT.format(book=book.path.name if book.path else book_target(book))
        )
        self.name = QLineEdit(user)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        form = QFormLayout()
        form.addRow(T_USER.format(), self.name)
        form.addRow(T_PASSWORD.format(), self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(T_OK.format())
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(T_CANCEL.format())
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        (self.password if user else self.name).setFocus()

    def try_login(self) -> None:
        try:
            self.role = users.login(self.book, self.name.text().strip(), self.password.text())
        except UserError as exc:
            self.error.setText(str(exc))
            self.error.setVisible(True)
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()
