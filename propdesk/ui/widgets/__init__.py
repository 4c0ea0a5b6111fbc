"""Shared widgets: money and date entry, a searchable picker, the lazy table and its view."""

from propdesk.ui.widgets.date_edit import DateEdit
from propdesk.ui.widgets.money_edit import MoneyEdit
from propdesk.ui.widgets.picker import SearchPicker
from propdesk.ui.widgets.table import Column, LazyTableModel, TableView

__all__ = ["Column", "DateEdit", "LazyTableModel", "MoneyEdit", "SearchPicker", "TableView"]
