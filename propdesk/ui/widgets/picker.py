"""SearchPicker: an editable combo box that finds items by any part of their label."""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

KEY_ROLE = Qt.ItemDataRole.UserRole


class SearchPicker(QComboBox):
    """Pick one of many (compounds, units, accounts) by typing any part of its label.

    Items are (key, label) pairs; `current_key()` is None until a listed item is chosen.
    """

    picked = Signal(object)  # the key, or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        completer.activated[str].connect(self._on_completed)  # type: ignore[index]
        self.activated.connect(self._emit_current)
        self.lineEdit().editingFinished.connect(self._settle)

    def set_items(self, items: Iterable[tuple[Hashable, str]]) -> None:
        key = self.current_key()
        self.blockSignals(True)
        self.clear()
        for k, label in items:
            self.addItem(label, k)
        self.setCurrentIndex(-1)
        self.blockSignals(False)
        if key is not None:
            self.set_current_key(key)

    def current_key(self) -> Hashable | None:
        i = self.currentIndex()
        if i < 0 or self.itemText(i) != self.currentText():
            return None
        return self.itemData(i, KEY_ROLE)  # type: ignore[no-any-return]

    def set_current_key(self, key: Hashable | None) -> None:
        i = -1 if key is None else self.findData(key, KEY_ROLE)
        self.setCurrentIndex(i)
        if i < 0:
            self.setEditText("")

    def keys(self) -> list[Hashable]:
        return [self.itemData(i, KEY_ROLE) for i in range(self.count())]

    def _on_completed(self, label: str) -> None:
        i = self.findText(label, Qt.MatchFlag.MatchExactly)
        if i >= 0:
            self.setCurrentIndex(i)
            self._emit_current()

    def _emit_current(self, *_: object) -> None:
        self.picked.emit(self.current_key())

    def _settle(self) -> None:
        """Leaving the field: exact label → that item; one contains-match → it; else nothing."""
        text = self.currentText().strip()
        if not text:
            self.setCurrentIndex(-1)
            self._emit_current()
            return
        exact = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if exact < 0:
            proxy = QSortFilterProxyModel()
            proxy.setSourceModel(self.model())
            proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            proxy.setFilterFixedString(text)
            if proxy.rowCount() == 1:
                exact = proxy.mapToSource(proxy.index(0, 0)).row()
        if exact >= 0:
            self.setCurrentIndex(exact)
            self.setEditText(self.itemText(exact))
        self._emit_current()
