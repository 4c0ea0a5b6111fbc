"""FormDialog: labelled fields checked as the user types, errors beside the field, OK = one write."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from propdesk.core.errors import UserError
from propdesk.core.i18n import Text
from propdesk.core.money import AMOUNT_EMPTY, parse_amount, to_fen
from propdesk.db.store import Book
from propdesk.ui.errors import show_error
from propdesk.ui.signals import signals
from propdesk.ui.widgets.money_edit import MoneyEdit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def parse_money(edit: MoneyEdit, *, required: bool = True) -> tuple[int | None, str | None]:
    """(fen, None) or (None, the reason) for what is typed in a MoneyEdit."""
    text = edit.text().strip()
    field = edit.field if edit.field is not None else None
    if not text:
        if not required:
            return None, None
        name = field.format() if isinstance(field, Text) else (field or "")
        return None, AMOUNT_EMPTY.format(field=name)
    try:
        value = parse_amount(
            text, allow_negative=edit.allow_negative, allow_zero=edit.allow_zero, field=field
        )
    except UserError as exc:
        return None, exc.message
    return to_fen(value), None


class FormDialog(QDialog):
    """Subclasses add fields with `add_field`, check them in `validate()` (a dict of field key
    to message, run on every change) and write in `save(session)`, called inside one
    `book.write()` when OK is pressed and nothing is wrong. A refused write (UserError) stays
    in the dialog: beside the field `field_of(error)` names, or below the form."""

    def __init__(self, book: Book, parent: QWidget | None = None, title: str = "") -> None:
        super().__init__(parent)
        self.book = book
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.fields: dict[str, QWidget] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.problem = QLabel()
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(QCoreApplication.translate("FormDialog", "OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            QCoreApplication.translate("FormDialog", "Cancel")
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(self.body)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.result_value: Any = None
        self._touched: set[str] = set()
        self._all_shown = False
        self.embedded = False

    def embed(self) -> FormDialog:
        """Use the form as a step of a wizard: a plain child widget without its own buttons;
        Enter and Escape go to the wizard, and a successful `submit()` does not close it."""
        self.embedded = True
        self.setWindowFlags(Qt.WindowType.Widget)
        self.buttons.setVisible(False)
        self.layout().setContentsMargins(0, 0, 0, 0)
        return self

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.embedded:  # QDialog would close itself on Escape and press its OK on Enter
            event.ignore()
            return
        super().keyPressEvent(event)

    # building --------------------------------------------------------------------------------
    def add_field(self, key: str, text: str, widget: QWidget, *, watch: bool = True) -> QWidget:
        error = QLabel()
        error.setObjectName("errorText")
        error.setWordWrap(True)
        error.setVisible(False)
        row = QVBoxLayout()  # the complaint sits right under its field, as wide as the field
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(widget)
        row.addWidget(error)
        caption = QLabel(text)
        caption.setBuddy(widget.focusProxy() or widget)
        self.form.addRow(caption, row)
        self.fields[key] = widget
        self.error_labels[key] = error
        widget.setObjectName(f"field_{key}")
        if watch:
            self.watch(key, widget)
        return widget

    def watch(self, key: str, widget: QWidget) -> None:
        """Re-check the form whenever `widget` changes (it counts as touched from then on)."""

        def changed(*_: object) -> None:
            self._touched.add(key)
            self.check()

        if isinstance(widget, MoneyEdit):
            widget.valueChanged.connect(changed)
            widget.edit.textChanged.connect(changed)
        elif isinstance(widget, QLineEdit | QPlainTextEdit):
            widget.textChanged.connect(changed)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(changed)
            if widget.isEditable():
                widget.editTextChanged.connect(changed)
        elif isinstance(widget, QDateEdit):
            widget.dateChanged.connect(changed)
        elif isinstance(widget, QAbstractSpinBox):
            widget.valueChanged.connect(changed)  # type: ignore[attr-defined]
        elif isinstance(widget, QAbstractButton):
            widget.toggled.connect(changed)

    # checking --------------------------------------------------------------------------------
    def validate(self) -> dict[str, str]:
        """Field key -> what is wrong with it, for every field at once."""
        return {}

    def check(self) -> dict[str, str]:
        """Show the problems of the fields touched so far (all of them after one OK)."""
        errors = self.validate()
        shown = (
            errors if self._all_shown else {k: v for k, v in errors.items() if k in self._touched}
        )
        self.show_errors(shown)
        if self.problem.isVisible():
            self.problem.setVisible(False)
        return errors

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, lbl in self.error_labels.items():
            message = errors.get(key)
            widget = self.fields[key]
            if isinstance(widget, MoneyEdit) and message and widget.error() == message:
                message = None  # the amount field already says so, beside itself
            lbl.setText(message or "")
            lbl.setVisible(bool(message))

    def error_text(self, key: str) -> str:
        """What is shown beside a field ('' when nothing is wrong)."""
        lbl = self.error_labels[key]
        widget = self.fields[key]
        if isinstance(widget, MoneyEdit) and widget.error():
            return widget.error() or ""
        return lbl.text() if lbl.isVisibleTo(self) else ""

    # writing ---------------------------------------------------------------------------------
    def save(self, session: Session) -> Any:
        raise NotImplementedError

    def field_of(self, exc: UserError) -> str | None:
        """The field a refused write is about (None: shown below the form)."""
        return None

    def submit(self) -> bool:
        self._all_shown = True
        for w in self.fields.values():
            if isinstance(w, MoneyEdit) and w.text().strip():
                w.setText(w.text())  # let the amount field show its own complaint
        errors = self.check()
        if errors:
            first = next(k for k in self.fields if k in errors)
            self.fields[first].setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        try:
            with self.book.write() as s:
                self.result_value = self.save(s)
        except UserError as exc:
            key = self.field_of(exc)
            if key is not None:
                self.show_errors({key: exc.message})
                self.fields[key].setFocus(Qt.FocusReason.OtherFocusReason)
            else:
                self.problem.setText(exc.message)
                self.problem.setVisible(True)
            return False
        except Exception as exc:  # environment failures get a plain message, bugs the crash dialog
            show_error(exc, self)
            return False
        signals().data_changed.emit()
        if not self.embedded:
            self.accept()
        return True


class RecordDialog(QDialog):
    """A record shown read-only: (caption, value) rows and an optional note below."""

    def __init__(
        self,
        title: str,
        rows: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
        note: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.values: dict[str, QLabel] = {}
        for caption, value in rows:
            v = QLabel(value)
            v.setWordWrap(True)
            v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(QLabel(caption), v)
            self.values[caption] = v
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(
            QCoreApplication.translate("RecordDialog", "Close")
        )
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if note:
            n = QLabel(note)
            n.setObjectName("muted")
            n.setWordWrap(True)
            layout.addWidget(n)
        layout.addWidget(buttons)
