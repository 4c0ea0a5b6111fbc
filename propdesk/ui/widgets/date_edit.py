"""DateEdit: a date field with a calendar popup, always yyyy-MM-dd, read as `datetime.date`."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget


class DateEdit(QDateEdit):
    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(QDate(1900, 1, 1))
        self.setMaximumDate(QDate(2999, 12, 31))
        self.set_value(value or date.today())

    def value(self) -> date:
        d = self.date()
        return date(d.year(), d.month(), d.day())

    def set_value(self, value: date) -> None:
        self.setDate(QDate(value.year, value.month, value.day))
