"""设置: one editor per declared setting (propdesk.core.settings); saved in one transaction."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from propdesk.core import settings as defs
from propdesk.core.errors import Problem
from propdesk.core.settings import SettingDef
from propdesk.ui.ops import Op
from propdesk.ui.pages.base import Page, PageContext
from propdesk.ui.settings_store import load_book_settings, save_book_settings


class SettingEditor:
    """The widget for one declaration, by type: choice → combo, str → line, bool, int."""

    def __init__(self, d: SettingDef) -> None:
        self.d = d
        self.widget: QWidget
        if d.choices is not None:
            combo = QComboBox()
            for c in d.choices:
                combo.addItem(c.label.format(), c.value)
            self.widget = combo
        elif d.type is bool:
            self.widget = QCheckBox()
        elif d.type is int:
            spin = QSpinBox()
            spin.setRange(d.minimum or 0, d.maximum if d.maximum is not None else 10**9)
            self.widget = spin
        else:
            line = QLineEdit()
            if d.max_length:
                line.setMaxLength(d.max_length)
            self.widget = line
        self.widget.setObjectName(f"setting_{d.key}")
        self.label = QLabel()
        self.label.setBuddy(self.widget)
        self.help = QLabel()
        self.help.setObjectName("muted")
        self.help.setWordWrap(True)
        self.retranslate()

    def value(self) -> object:
        w = self.widget
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QSpinBox):
            return w.value()
        assert isinstance(w, QLineEdit)
        return w.text().strip()

    def set_value(self, value: object) -> None:
        w = self.widget
        if isinstance(w, QComboBox):
            w.setCurrentIndex(max(0, w.findData(value)))
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QSpinBox):
            w.setValue(int(value))  # type: ignore[call-overload]
        else:
            assert isinstance(w, QLineEdit)
            w.setText(str(value))
            w.setCursorPosition(0)

    def retranslate(self) -> None:
        self.label.setText(self.d.label.format() + "：" if _zh() else self.d.label.format() + ":")
        self.help.setText(self.d.help.format() if self.d.help is not None else "")
        self.help.setVisible(self.d.help is not None)
        w = self.widget
        if isinstance(w, QComboBox) and self.d.choices is not None:
            for i, c in enumerate(self.d.choices):
                w.setItemText(i, c.label.format())


def _zh() -> bool:
    from propdesk.core.i18n import ZH, language

    return language() == ZH


class SettingsPage(Page):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.editors: dict[str, SettingEditor] = {}
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.book_group = QGroupBox()
        self.app_group = QGroupBox()
        for group, scope in ((self.book_group, "book"), (self.app_group, "app")):
            form = QFormLayout(group)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
            for d in defs.in_scope(scope):  # type: ignore[arg-type]
                ed = self.editors[d.key] = SettingEditor(d)
                box = QVBoxLayout()
                box.setSpacing(2)
                box.addWidget(ed.widget)
                box.addWidget(ed.help)
                form.addRow(ed.label, box)
        self.problems = QLabel()
        self.problems.setObjectName("errorText")
        self.problems.setWordWrap(True)
        self.problems.setVisible(False)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("muted")
        self.save_button = QPushButton()
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton()
        self.revert_button.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved_label, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        inner = QWidget()
        col = QVBoxLayout(inner)
        col.setContentsMargins(24, 20, 24, 20)
        col.addWidget(self.heading)
        col.addWidget(self.book_group)
        col.addWidget(self.app_group)
        col.addWidget(self.problems)
        col.addLayout(buttons)
        col.addStretch(1)
        inner.setMaximumWidth(760)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        save = QShortcut(QKeySequence.StandardKey.Save, self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self.save)
        self.op: Op[None] | None = None
        self.retranslate()

    def refresh(self) -> None:
        values = load_book_settings(self.book)
        for d in defs.in_scope("app"):
            values[d.key] = self.ctx.settings.get(d.key)
        for key, value in values.items():
            self.editors[key].set_value(value)
        self._show_problems([])

    def values(self, scope: str) -> dict[str, object]:
        return {k: e.value() for k, e in self.editors.items() if e.d.scope == scope}

    def save(self) -> Op[None] | None:
        """Validate everything; save app values here and book values in one write, in the background."""
        book_values, app_values = self.values("book"), self.values("app")
        problems = defs.validate({**book_values, **app_values})
        self._show_problems(problems)
        if problems:
            first = problems[0].field
            for e in self.editors.values():
                if e.d.label.format() == first:
                    e.widget.setFocus()
                    break
            return None
        language_before = self.ctx.settings.language
        for key, value in app_values.items():
            self.ctx.settings.set(key, value)
        self.ctx.settings.sync()
        book = self.book
        self.op = Op(
            self, lambda _p: save_book_settings(book, book_values), title=self.tr("Saving settings")
        ).on_done(lambda _r: self.saved_label.setText(self.tr("Settings saved.")))
        self.op.run()
        if self.ctx.settings.language != language_before:
            self.ctx.set_language(self.ctx.settings.language)
        return self.op

    def _show_problems(self, problems: list[Problem]) -> None:
        self.saved_label.setText("")
        self.problems.setText("\n".join(str(p) for p in problems))
        self.problems.setVisible(bool(problems))

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Settings"))
        self.book_group.setTitle(self.tr("This book"))
        self.app_group.setTitle(self.tr("This computer"))
        self.save_button.setText(self.tr("Save"))
        self.save_button.setToolTip(self.tr("Save all settings (Ctrl+S)"))
        self.revert_button.setText(self.tr("Revert"))
        for e in self.editors.values():
            e.retranslate()
