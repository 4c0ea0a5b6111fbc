"""MoneyEdit: amount entry in yuan, parsed by core.money, with the error shown beside the field."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from propdesk.core.errors import UserError
from propdesk.core.i18n import Text
from propdesk.core.money import fen_to_decimal, format_amount, parse_amount, to_fen


class _AmountLine(QLineEdit):
    focused = Signal(bool)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focused.emit(False)


class MoneyEdit(QWidget):
    """Typed as the clerk likes ("1,409.5", "￥1409.50", full-width digits); shown as ￥1,409.50.

    `value()` is the Decimal amount, or None when empty or invalid (the reason is then shown
    in red beside the field, in the current language).
    """

    valueChanged = Signal(object)  # Decimal | None

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        field: str | Text | None = None,
        allow_negative: bool = False,
        allow_zero: bool = True,
    ) -> None:
        super().__init__(parent)
        self.field = field
        self.allow_negative = allow_negative
        self.allow_zero = allow_zero
        self.edit = _AmountLine()
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.edit.setMinimumWidth(120)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.setVisible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.error_label)
        self.setFocusProxy(self.edit)
        self._error: UserError | None = None
        self.edit.focused.connect(self._on_focus)
        self.edit.textEdited.connect(self._on_edited)
        self.edit.editingFinished.connect(self._check)

    # -- value -----------------------------------------------------------------------------
    def _parse(self) -> Decimal:
        return parse_amount(
            self.edit.text(),
            allow_negative=self.allow_negative,
            allow_zero=self.allow_zero,
            field=self.field,
        )

    def value(self) -> Decimal | None:
        if not self.edit.text().strip():
            return None
        try:
            return self._parse()
        except UserError:
            return None

    def value_fen(self) -> int | None:
        v = self.value()
        return None if v is None else to_fen(v)

    def set_value(self, value: Decimal | None) -> None:
        self.set_fen(None if value is None else to_fen(value))

    def set_fen(self, fen: int | None) -> None:
        self._set_error(None)
        if fen is None:
            self.edit.clear()
        elif self.edit.hasFocus():
            self.edit.setText(str(fen_to_decimal(fen)))
        else:
            self.edit.setText(format_amount(fen))
        self.valueChanged.emit(self.value())

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:
        """Set what the clerk would have typed, then check it as on leaving the field."""
        self.edit.setText(text)
        self._check()

    def error(self) -> str | None:
        return self._error.message if self._error is not None else None

    def is_valid(self) -> bool:
        return self._error is None

    # -- behaviour -------------------------------------------------------------------------
    def _set_error(self, err: UserError | None) -> None:
        self._error = err
        self.error_label.setText(err.message if err is not None else "")
        self.error_label.setVisible(err is not None)
        self.edit.setStyleSheet("border: 1px solid #c62828;" if err is not None else "")

    def _check(self) -> None:
        """Validate what was typed; show it formatted when valid and not being edited."""
        if not self.edit.text().strip():
            self._set_error(None)
            return
        try:
            value = self._parse()
        except UserError as err:
            self._set_error(err)
            return
        self._set_error(None)
        if not self.edit.hasFocus():
            self.edit.setText(format_amount(to_fen(value)))

    def _on_focus(self, focused: bool) -> None:
        if focused:
            value = self.value()
            if value is not None:
                self.edit.setText(str(value))  # plain digits to edit: 1409.50
                self.edit.selectAll()
        elif self.isVisible():  # not while the form is closing or being destroyed
            self._check()

    def _on_edited(self, _text: str) -> None:
        if self._error is not None:
            self._set_error(None)
        self.valueChanged.emit(self.value())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self._error is not None:
            self._set_error(self._error)  # messages re-render in the new language
        super().changeEvent(event)
