"""打开服务器账簿 and 复制账簿: where a book on a PostgreSQL server is, and where to copy the open book.

The password is typed each time: it goes into the URL the book is opened with and nowhere
else (book_files.public_target is what the recent list and the status bar get).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from propdesk.core.i18n import bilingual
from propdesk.ui import book_files

T_OPEN_TITLE = bilingual("打开服务器账簿", "Open a server book")
T_OPEN_INTRO = bilingual(
    "多个收费员同时记账时，账簿放在单位的 PostgreSQL 服务器上。请填写服务器和数据库；"
    "密码只用于这次连接，不会保存。",
    "When several clerks keep the books at once, the book lives on the office's PostgreSQL "
    "server. Give the server and the database; the password is used for this connection only "
    "and is never stored.",
)
T_HOST = bilingual("服务器：", "Server:")
T_PORT = bilingual("端口：", "Port:")
T_DATABASE = bilingual("数据库：", "Database:")
T_USER = bilingual("用户名：", "User:")
T_PASSWORD = bilingual("密码：", "Password:")
T_PASSWORD_HINT = bilingual(
    "不保存；服务器不要求时可留空", "not stored; leave empty if the server needs none"
)
T_REQUIRED = bilingual("请填写{field}", "Please give the {field}")
F_HOST = bilingual("服务器", "server")
F_DATABASE = bilingual("数据库", "database")
F_USER = bilingual("用户名", "user")
F_FILE = bilingual("文件名", "file name")
T_OK = bilingual("确定", "OK")
T_OPEN = bilingual("打开", "Open")
T_CANCEL = bilingual("取消", "Cancel")

T_COPY_TITLE = bilingual("复制账簿", "Copy the book")
T_COPY_INTRO = bilingual(
    "把打开的账簿完整复制到一个新的账套文件，或服务器上的一个空数据库（例如把单机账簿搬到服务器上）。"
    "复制完会检查副本，并逐期核对科目余额表；目标不是空的就不会写入。",
    "Copy the open book, whole, to a new book file or to an empty database on a server (to move "
    "a one-PC book onto the server, say). The copy is checked and its trial balances compared "
    "with this book's, period by period; a target that is not empty is left alone.",
)
T_TO_FILE = bilingual("复制到新的账套文件", "To a new book file")
T_TO_SERVER = bilingual("复制到服务器上的空数据库", "To an empty database on a server")
T_BROWSE = bilingual("浏览…", "Browse…")
T_COPY = bilingual("复制", "Copy")
BOOK_FILTER = "propdesk (*.propdesk *.db *.sqlite);;*"


def _ok_cancel(dialog: ServerBookDialog | CopyBookDialog, ok: str) -> QDialogButtonBox:
    """OK (named `ok`, runs the dialog's submit) and Cancel."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(T_CANCEL.format())
    buttons.accepted.connect(dialog.submit)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("errorText")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


class ServerFields(QWidget):
    """Host, port, database, user and password: a server book's place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = QLineEdit("localhost")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(book_files.DEFAULT_PORT)
        self.port.setGroupSeparatorShown(False)
        self.database = QLineEdit()
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(T_PASSWORD_HINT.format())
        for name in ("host", "port", "database", "user", "password"):
            getattr(self, name).setObjectName(f"field_{name}")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(T_HOST.format(), self.host)
        form.addRow(T_PORT.format(), self.port)
        form.addRow(T_DATABASE.format(), self.database)
        form.addRow(T_USER.format(), self.user)
        form.addRow(T_PASSWORD.format(), self.password)

    def set_place(self, place: book_files.ServerBook) -> None:
        self.host.setText(place.host)
        self.port.setValue(place.port)
        self.database.setText(place.database)
        self.user.setText(place.user)
        self.password.clear()

    def place(self) -> book_files.ServerBook:
        return book_files.ServerBook(
            self.host.text().strip(),
            self.port.value(),
            self.database.text().strip(),
            self.user.text().strip(),
        )

    def url(self) -> str:
        """The URL to open, password included: hand it to Book.open, never keep it."""
        return book_files.server_url(self.place(), self.password.text())

    def problem(self) -> tuple[QWidget, str] | None:
        """The first empty field that must be given, and what to say."""
        for widget, field in (
            (self.host, F_HOST),
            (self.database, F_DATABASE),
            (self.user, F_USER),
        ):
            if not widget.text().strip():
                return widget, T_REQUIRED.format(field=field.format())
        return None

    def first_empty(self) -> QWidget:
        for w in (self.host, self.database, self.user, self.password):
            if not w.text():
                return w
        return self.password


class ServerBookDialog(QDialog):
    """Asks where the server book is; `url()` (with the password) once accepted."""

    def __init__(self, parent: QWidget | None = None, prefill: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(T_OPEN_TITLE.format())
        self.setMinimumWidth(460)
        intro = QLabel(T_OPEN_INTRO.format())
        intro.setWordWrap(True)
        self.fields = ServerFields()
        if prefill:
            self.fields.set_place(book_files.server_place(prefill))
        self.error = _error_label()
        buttons = _ok_cancel(self, T_OPEN.format())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addWidget(self.fields)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.fields.first_empty().setFocus()

    def submit(self) -> bool:
        found = self.fields.problem()
        if found is not None:
            widget, message = found
            self.error.setText(message)
            self.error.setVisible(True)
            widget.setFocus()
            return False
        self.accept()
        return True

    def url(self) -> str:
        return self.fields.url()


class CopyBookDialog(QDialog):
    """Where to copy the open book: a new file or an empty server database; `target()`."""

    def __init__(self, parent: QWidget | None = None, suggested: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(T_COPY_TITLE.format())
        self.setMinimumWidth(520)
        intro = QLabel(T_COPY_INTRO.format())
        intro.setWordWrap(True)
        self.to_file = QRadioButton(T_TO_FILE.format())
        self.to_file.setObjectName("to_file")
        self.to_server = QRadioButton(T_TO_SERVER.format())
        self.to_server.setObjectName("to_server")
        self.path = QLineEdit(str(suggested) if suggested else "")
        self.path.setObjectName("field_path")
        browse = QPushButton(T_BROWSE.format())
        browse.clicked.connect(self.browse)
        file_row = QHBoxLayout()
        file_row.setContentsMargins(24, 0, 0, 0)
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        self.file_box = QWidget()
        self.file_box.setLayout(file_row)
        self.fields = ServerFields()
        self.fields.setContentsMargins(24, 0, 0, 0)
        self.error = _error_label()
        buttons = _ok_cancel(self, T_COPY.format())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addWidget(self.to_file)
        layout.addWidget(self.file_box)
        layout.addWidget(self.to_server)
        layout.addWidget(self.fields)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.to_file.toggled.connect(self._sync)
        self.to_file.setChecked(True)
        self._sync()

    def _sync(self) -> None:
        self.file_box.setEnabled(self.to_file.isChecked())
        self.fields.setEnabled(self.to_server.isChecked())
        self.error.setVisible(False)

    def browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, T_COPY_TITLE.format(), self.path.text(), BOOK_FILTER
        )
        if name:
            self.path.setText(name)

    def submit(self) -> bool:
        if self.to_file.isChecked():
            found = (
                None
                if self.path.text().strip()
                else (self.path, T_REQUIRED.format(field=F_FILE.format()))
            )
        else:
            found = self.fields.problem()
        if found is not None:
            widget, message = found
            self.error.setText(message)
            self.error.setVisible(True)
            widget.setFocus()
            return False
        self.accept()
        return True

    def target(self) -> str:
        """A path, or the server URL with its password (used once, not kept)."""
        if self.to_file.isChecked():
            return self.path.text().strip()
        return self.fields.url()
