"""报表: every document of the catalog (propdesk.reports.catalog), grouped in a tree with a search
box; the chosen one's parameters as a form made from its parameter specs; 预览 opens a PDF in the
print preview, 保存… writes the PDF or the Excel file in the background with progress and cancel.
The last parameters of each document are remembered in the app settings."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt
from PySide6.QtGui import (
    QFont,
    QIntValidator,
    QKeySequence,
    QShortcut,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from propdesk.core.errors import UserError
from propdesk.core.i18n import bilingual
from propdesk.core.money import format_amount
from propdesk.core.progress import Progress
from propdesk.reports import catalog
from propdesk.reports.catalog import Document, Param
from propdesk.ui.dialogs.kit import PeriodEdit
from propdesk.ui.ops import Op
from propdesk.ui.pages.base import Page, PageContext
from propdesk.ui.print_preview import PDF_FILTER, PrintPreviewDialog, export_file
from propdesk.ui.widgets.date_edit import DateEdit
from propdesk.ui.widgets.picker import SearchPicker

log = logging.getLogger("propdesk.ui.reports")

DOC_ROLE = Qt.ItemDataRole.UserRole
XLSX_FILTER = "Excel (*.xlsx)"
SETTINGS_PREFIX = "reports"

T_TITLE = bilingual("报表", "Reports")
T_SEARCH = bilingual("搜索报表…", "Search documents…")
T_COL_DOC = bilingual("文档", "Document")
T_COL_FORMAT = bilingual("格式", "Format")
T_PREVIEW = bilingual("预览", "Preview")
T_SAVE = bilingual("保存…", "Save…")
T_RESET = bilingual("恢复默认", "Defaults")
T_CLI = bilingual("命令行：propdesk {command}", "Command line: propdesk {command}")
T_DOC_TITLE = bilingual("{title}（{fmt}）", "{title} ({fmt})")
T_CAPTION = bilingual("{label}：", "{label}:")
T_PICK = bilingual("请在左侧选择一个报表。", "Choose a document on the left.")
T_KEYS = bilingual("回车：{action}　Ctrl+S：保存", "Enter: {action}   Ctrl+S: save")
T_ACTION_PREVIEW = bilingual("预览", "preview")
T_ACTION_SAVE = bilingual("保存", "save")
T_MAKING = bilingual("正在生成 {title}…", "Making {title}…")
T_SAVE_TITLE = bilingual("保存 {title}", "Save {title}")
T_SAVED = bilingual("已保存：{path}", "Saved: {path}")
T_FIX = bilingual("请先改正标出的参数。", "Fix the marked parameters first.")
T_WHOLE_COMPANY = bilingual("全公司", "Whole company")
T_CHOOSE = bilingual("（请选择）", "(choose)")
T_DEFAULT = bilingual("（默认）", "(default)")
T_ALL_PERIODS = bilingual("全部期间", "Whole book")
T_TO = bilingual("至", "to")
T_QUARTER = bilingual("第{n}季度", "Q{n}")
T_NO_ACCOUNT = bilingual("没有科目「{text}」", 'No account "{text}"')
T_NO_UNIT = bilingual("没有房屋「{text}」", 'No unit "{text}"')
T_VOTE_ITEM = bilingual(
    "#{id} {compound}：{title}（{status}）", "#{id} {compound}: {title} ({status})"
)
T_ALLOCATION_ITEM = bilingual(
    "#{id} {period}（{status}，盈余 {surplus}）", "#{id} {period} ({status}, surplus {surplus})"
)
T_VOTE_OPEN = bilingual("进行中", "open")
T_VOTE_CLOSED = bilingual("已结束", "closed")
FORMAT_NAMES = {catalog.PDF: "PDF", catalog.XLSX: "Excel"}
# kinds whose hint is the field's placeholder (or that say it themselves: 全部期间)
INLINE_HINTS = (catalog.ACCOUNT, catalog.UNIT, catalog.RECEIPTS, catalog.NUMBER, catalog.DATE_RANGE)


# -- what the fields choose from ------------------------------------------------------------------
class Lists:
    """Compounds, units, accounts and votes of the book, read once per refresh."""

    def __init__(self, page: ReportsPage) -> None:
        self.page = page
        self.compounds: list[tuple[int, str]] = []
        self.accounts: list[tuple[str, str]] = []
        self.votes: list[Any] = []
        self.allocations: list[Any] = []
        self._units: dict[int, list[tuple[int, str]]] = {}

    def load(self) -> None:
        from propdesk.services import desk, ledger_views, votes

        with self.page.book.read() as s:
            self.compounds = [(c.id, c.name) for c in desk.compounds(s)]
            self.accounts = [
                (a.code, f"{a.code} {a.full_name}") for a in ledger_views.account_choices(s)
            ]
            self.votes = list(reversed(votes.list_votes(s)))
            self.allocations = self._allocations(s)
        self._units = {}

    @staticmethod
    def _allocations(s: Any) -> list[Any]:
        from propdesk.services import surplus

        return sorted(surplus.list_allocations(s), key=lambda a: -a.id)

    def units(self, compound_id: int | None) -> list[tuple[int, str]]:
        if compound_id is None:
            return []
        if compound_id not in self._units:
            from propdesk.services.ledger_views import units_of

            with self.page.book.read() as s:
                self._units[compound_id] = [(u.id, u.code) for u in units_of(s, compound_id)]
        return self._units[compound_id]


# -- one field per parameter kind -------------------------------------------------------------------
class Field:
    """A parameter's editor: `value()` (a UserError when the text does not parse), `set_value`."""

    def __init__(self, param: Param, lists: Lists) -> None:
        self.param = param
        self.lists = lists
        self.widget: QWidget = self.build()
        self.widget.setObjectName(f"param_{param.key}")

    def build(self) -> QWidget:
        raise NotImplementedError

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def reload(self) -> None:
        """The book's lists changed: refill, keeping the value."""

    def on_change(self, cb: Callable[[], None]) -> None:
        """Call `cb` when the user changes the value."""


class MonthField(Field):
    def build(self) -> QWidget:
        self.edit = PeriodEdit()
        return self.edit

    def value(self) -> int:
        return self.edit.period()

    def set_value(self, value: Any) -> None:
        if value is not None:
            self.edit.set_period(int(value))

    def on_change(self, cb: Callable[[], None]) -> None:
        self.edit.dateChanged.connect(lambda _d: cb())


def _row(*widgets: QWidget) -> QWidget:
    box = QWidget()
    lay = QHBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        lay.addWidget(w)
    lay.addStretch(1)
    return box


class MonthRangeField(Field):
    def build(self) -> QWidget:
        self.start, self.end = PeriodEdit(), PeriodEdit()
        self.to = QLabel(T_TO.format())
        return _row(self.start, self.to, self.end)

    def value(self) -> tuple[int, int]:
        return self.start.period(), self.end.period()

    def set_value(self, value: Any) -> None:
        if value is not None:
            self.start.set_period(int(value[0]))
            self.end.set_period(int(value[1]))

    def on_change(self, cb: Callable[[], None]) -> None:
        self.start.dateChanged.connect(lambda _d: cb())
        self.end.dateChanged.connect(lambda _d: cb())


class QuarterField(Field):
    """A quarter as "2026-Q2": the year and which quarter."""

    def build(self) -> QWidget:
        self.year = QSpinBox()
        self.year.setRange(1990, 2999)
        self.year.setValue(date.today().year)
        self.quarter = QComboBox()
        for n in range(1, 5):
            self.quarter.addItem(T_QUARTER.format(n=n), n)
        return _row(self.year, self.quarter)

    def value(self) -> str:
        return f"{self.year.value()}-Q{self.quarter.currentData()}"

    def set_value(self, value: Any) -> None:
        if value:
            year, q = str(value).upper().split("-Q")
            self.year.setValue(int(year))
            self.quarter.setCurrentIndex(int(q) - 1)

    def on_change(self, cb: Callable[[], None]) -> None:
        self.year.valueChanged.connect(lambda _v: cb())
        self.quarter.currentIndexChanged.connect(lambda _i: cb())


class DateField(Field):
    def build(self) -> QWidget:
        self.edit = DateEdit()
        return self.edit

    def value(self) -> date:
        return self.edit.value()

    def set_value(self, value: Any) -> None:
        if value is not None:
            self.edit.set_value(value)

    def on_change(self, cb: Callable[[], None]) -> None:
        self.edit.dateChanged.connect(lambda _d: cb())


class DateRangeField(Field):
    """Two dates; when the parameter may be left out, 全部期间 (None) ticks them off."""

    def build(self) -> QWidget:
        self.all = QCheckBox(T_ALL_PERIODS.format())
        self.all.setVisible(not self.param.required)
        self.start, self.end = DateEdit(), DateEdit()
        self.to = QLabel(T_TO.format())
        self.all.toggled.connect(self._enable)
        return _row(self.all, self.start, self.to, self.end)

    def _enable(self, whole: bool) -> None:
        for w in (self.start, self.to, self.end):
            w.setEnabled(not whole)

    def value(self) -> tuple[date, date] | None:
        if self.all.isChecked() and not self.param.required:
            return None
        return self.start.value(), self.end.value()

    def set_value(self, value: Any) -> None:
        self.all.setChecked(value is None and not self.param.required)
        if value is not None:
            self.start.set_value(value[0])
            self.end.set_value(value[1])

    def on_change(self, cb: Callable[[], None]) -> None:
        self.all.toggled.connect(lambda _c: cb())
        self.start.dateChanged.connect(lambda _d: cb())
        self.end.dateChanged.connect(lambda _d: cb())


class YearField(Field):
    def build(self) -> QWidget:
        self.spin = QSpinBox()
        self.spin.setRange(1990, 2999)
        self.spin.setValue(date.today().year)
        return self.spin

    def value(self) -> int:
        return self.spin.value()

    def set_value(self, value: Any) -> None:
        if value is not None:
            self.spin.setValue(int(value))

    def on_change(self, cb: Callable[[], None]) -> None:
        self.spin.valueChanged.connect(lambda _v: cb())


class ComboField(Field):
    """A combo of (key, label) items; the first is None (全公司 / 请选择 / 默认) where it may be."""

    wide = False  # long labels (votes, allocations): as wide as the form allows

    def build(self) -> QWidget:
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(40 if self.wide else 16)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        if self.wide:
            self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.combo.currentTextChanged.connect(self.combo.setToolTip)
        self.fill()
        return self.combo

    def none_label(self) -> str | None:
        return (T_DEFAULT if not self.param.required else T_CHOOSE).format()

    def items(self) -> list[tuple[Any, str]]:
        return [(v, t.format()) for v, t in self.param.choices]

    def fill(self) -> None:
        keep = self.combo.currentData() if self.combo.count() else None
        with QSignalBlocker(self.combo):
            self.combo.clear()
            blank = self.none_label()
            if blank is not None:
                self.combo.addItem(blank, None)
            for key, label in self.items():
                self.combo.addItem(label, key)
            self._select(keep)
        if self.wide:
            self.combo.setToolTip(self.combo.currentText())

    def _select(self, value: Any) -> None:
        i = self.combo.findData(value) if value is not None else 0
        self.combo.setCurrentIndex(max(i, 0))

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        self._select(value)

    def reload(self) -> None:
        self.fill()

    def on_change(self, cb: Callable[[], None]) -> None:
        self.combo.currentIndexChanged.connect(lambda _i: cb())


class ChoiceField(ComboField):
    def none_label(self) -> str | None:
        return None if self.param.required else T_DEFAULT.format()


class CompoundField(ComboField):
    def none_label(self) -> str | None:
        return (T_CHOOSE if self.param.required else T_WHOLE_COMPANY).format()

    def items(self) -> list[tuple[Any, str]]:
        return list(self.lists.compounds)


class VoteField(ComboField):
    wide = True

    def items(self) -> list[tuple[Any, str]]:
        return [
            (v.id, T_VOTE_ITEM.format(id=v.id, compound=v.compound, title=v.title,
                                      status=(T_VOTE_OPEN if v.status == "open" else T_VOTE_CLOSED).format()))
            for v in self.lists.votes
        ]  # fmt: skip


class AllocationField(ComboField):
    wide = True

    def items(self) -> list[tuple[Any, str]]:
        return [
            (a.id, T_ALLOCATION_ITEM.format(id=a.id, period=a.period, status=a.status_label,
                                            surplus=format_amount(a.surplus)))
            for a in self.lists.allocations
        ]  # fmt: skip


class PickerField(Field):
    """Pick by typing any part of the label (accounts, units); empty is None where it may be."""

    not_found = T_NO_ACCOUNT

    def build(self) -> QWidget:
        self.picker = SearchPicker()
        self.picker.setMinimumContentsLength(24)
        if self.param.hint is not None:
            self.picker.lineEdit().setPlaceholderText(self.param.hint.format())
        self.fill()
        return self.picker

    def items(self) -> list[tuple[Any, str]]:
        return list(self.lists.accounts)

    def fill(self) -> None:
        self.picker.set_items(self.items())

    def value(self) -> Any:
        key = self.picker.current_key()
        text = self.picker.currentText().strip()
        if key is None and text:
            # typed, not picked: an exact label or code, else one contains-match
            for i in range(self.picker.count()):
                label = self.picker.itemText(i)
                if label == text or label.split(" ")[0] == text:
                    return self.picker.itemData(i)
            raise UserError(self.not_found, text=text)
        return key

    def set_value(self, value: Any) -> None:
        self.picker.set_current_key(value)

    def reload(self) -> None:
        self.fill()

    def on_change(self, cb: Callable[[], None]) -> None:
        self.picker.picked.connect(lambda _k: cb())
        self.picker.editTextChanged.connect(lambda _t: cb())


class UnitField(PickerField):
    """Units of the compound chosen in the same form."""

    not_found = T_NO_UNIT
    compound: CompoundField | None = None

    def items(self) -> list[tuple[Any, str]]:
        cid = self.compound.value() if self.compound is not None else None
        return self.lists.units(cid)

    def follow(self, compound: CompoundField) -> None:
        self.compound = compound
        compound.combo.currentIndexChanged.connect(lambda _i: self.fill())
        self.fill()


class TextField(Field):
    """Receipt numbers ("12, 13") or a voucher number."""

    def build(self) -> QWidget:
        self.edit = QLineEdit()
        if self.param.kind == catalog.NUMBER:
            self.edit.setValidator(QIntValidator(1, 999_999, self.edit))
        if self.param.hint is not None:
            self.edit.setPlaceholderText(self.param.hint.format())
        return self.edit

    def value(self) -> Any:
        text = self.edit.text().strip()
        if self.param.kind == catalog.NUMBER:
            return int(text) if text else None
        return catalog.parse_receipt_numbers(text) or None

    def set_value(self, value: Any) -> None:
        if self.param.kind == catalog.NUMBER:
            self.edit.setText("" if value is None else str(value))
        else:
            self.edit.setText(catalog.receipt_numbers_text(value or ()))

    def on_change(self, cb: Callable[[], None]) -> None:
        self.edit.textChanged.connect(lambda _t: cb())


class FlagField(Field):
    def build(self) -> QWidget:
        self.box = QCheckBox()
        return self.box

    def value(self) -> bool:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        self.box.setChecked(bool(value))

    def on_change(self, cb: Callable[[], None]) -> None:
        self.box.toggled.connect(lambda _c: cb())


FIELDS: dict[str, type[Field]] = {
    catalog.MONTH: MonthField,
    catalog.MONTH_RANGE: MonthRangeField,
    catalog.DATE: DateField,
    catalog.DATE_RANGE: DateRangeField,
    catalog.YEAR: YearField,
    catalog.COMPOUND: CompoundField,
    catalog.UNIT: UnitField,
    catalog.ACCOUNT: PickerField,
    catalog.VOTE: VoteField,
    catalog.ALLOCATION: AllocationField,
    catalog.QUARTER: QuarterField,
    catalog.RECEIPTS: TextField,
    catalog.NUMBER: TextField,
    catalog.CHOICE: ChoiceField,
    catalog.FLAG: FlagField,
}


# -- the page -------------------------------------------------------------------------------------
class ReportsPage(Page):
    printable = True

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.lists = Lists(self)
        self.doc: Document | None = None
        self.fields: dict[str, Field] = {}
        self.errors: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        self.last_dialog: PrintPreviewDialog | None = None
        self.last_op: Op[Any] | None = None

        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.filter_tree)
        # groups, each with its documents (title | format); a plain item model, so that only
        # the first column has children (QTreeWidget's own model fails the model tester there)
        self.doc_model = QStandardItemModel(0, 2, self)
        self.tree = QTreeView()
        self.tree.setModel(self.doc_model)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._quiet = False  # set while the page moves the current row itself
        self.tree.selectionModel().currentChanged.connect(self._on_current)
        self.tree.activated.connect(lambda _i: self.activate())
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.search)
        lay.addWidget(self.tree, 1)

        self.doc_title = QLabel()
        font = QFont(self.doc_title.font())
        font.setBold(True)
        font.setPointSize(font.pointSize() + 3)
        self.doc_title.setFont(font)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.command = QLabel()
        self.command.setObjectName("muted")
        self.command.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form_box = QWidget()
        self.form = QFormLayout(self.form_box)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.problem = QLabel()
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.preview_button = QPushButton()
        self.preview_button.setDefault(True)
        self.preview_button.clicked.connect(lambda: self.preview())
        self.save_button = QPushButton()
        self.save_button.clicked.connect(lambda: self.save())
        self.reset_button = QPushButton()
        self.reset_button.clicked.connect(self.reset_defaults)
        self.keys = QLabel()
        self.keys.setObjectName("muted")
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        buttons.addWidget(self.keys)
        right = QWidget()
        r = QVBoxLayout(right)
        r.setContentsMargins(12, 0, 0, 0)
        r.addWidget(self.doc_title)
        r.addWidget(self.description)
        r.addWidget(self.command)
        r.addSpacing(8)
        r.addWidget(self.form_box)
        r.addWidget(self.problem)
        r.addLayout(buttons)
        r.addWidget(self.status)
        r.addStretch(1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([380, 620])
        outer = QVBoxLayout(self)
        outer.addWidget(self.heading)
        outer.addWidget(split, 1)

        ctxs = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.sc_save = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self.sc_save.setContext(ctxs)
        self.sc_save.activated.connect(lambda: self.save())
        self.sc_enter = []
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(ctxs)
            sc.activated.connect(self.activate)
            self.sc_enter.append(sc)

        self.build_tree()
        self.retranslate()

    # -- the tree ---------------------------------------------------------------------------------
    def build_tree(self) -> None:
        current = self.doc.id if self.doc is not None else None
        self._quiet = True
        try:
            self.doc_model.removeRows(0, self.doc_model.rowCount())
            groups: dict[Any, QStandardItem] = {}
            for doc in catalog.documents():
                parent = groups.get(doc.group)
                if parent is None:
                    parent = QStandardItem(doc.group.format())
                    parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    f = parent.font()
                    f.setBold(True)
                    parent.setFont(f)
                    blank = QStandardItem("")
                    blank.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    self.doc_model.appendRow([parent, blank])
                    groups[doc.group] = parent
                item = QStandardItem(doc.title.format())
                item.setData(doc.id, DOC_ROLE)
                item.setToolTip(doc.description.format() if doc.description else "")
                fmt = QStandardItem(FORMAT_NAMES[doc.format])
                for it in (item, fmt):
                    it.setEditable(False)
                parent.appendRow([item, fmt])
            self.tree.expandAll()
        finally:
            self._quiet = False
        self.filter_tree(self.search.text())
        if current is not None:
            self.select(current, keep_values=True)

    def group_items(self) -> list[QStandardItem]:
        return [self.doc_model.item(g) for g in range(self.doc_model.rowCount())]

    def doc_items(self) -> list[QStandardItem]:
        out = []
        for group in self.group_items():
            out += [group.child(i) for i in range(group.rowCount())]
        return out

    def hidden(self, item: QStandardItem) -> bool:
        parent = item.parent()
        return self.tree.isRowHidden(item.row(), parent.index() if parent else QModelIndex())

    def visible_documents(self) -> list[str]:
        return [it.data(DOC_ROLE) for it in self.doc_items() if not self.hidden(it)]

    def filter_tree(self, text: str) -> None:
        needle = text.strip().lower()
        for g, group in enumerate(self.group_items()):
            shown = 0
            for i in range(group.rowCount()):
                doc = catalog.document(group.child(i).data(DOC_ROLE))
                hay = " ".join([doc.title.zh, doc.title.en, doc.key, doc.group.zh, doc.group.en,
                                FORMAT_NAMES[doc.format]]).lower()  # fmt: skip
                hit = not needle or needle in hay
                self.tree.setRowHidden(i, group.index(), not hit)
                shown += hit
            self.tree.setRowHidden(g, QModelIndex(), shown == 0)

    def select(self, doc_id: str, *, keep_values: bool = False) -> None:
        """Show a document's parameters (the tree follows)."""
        for item in self.doc_items():
            if item.data(DOC_ROLE) == doc_id:
                self._quiet = True
                try:
                    self.tree.setCurrentIndex(item.index())
                finally:
                    self._quiet = False
                break
        values = self.raw_values() if keep_values and self.doc and self.doc.id == doc_id else None
        self.show_document(catalog.document(doc_id), values)

    def _on_current(self, current: QModelIndex, _prev: QModelIndex) -> None:
        doc_id = current.siblingAtColumn(0).data(DOC_ROLE) if current.isValid() else None
        if doc_id and not self._quiet:
            self.show_document(catalog.document(doc_id))

    # -- the form ---------------------------------------------------------------------------------
    def show_document(self, doc: Document, values: dict[str, Any] | None = None) -> None:
        self.doc = doc
        self.ctx.settings.q.setValue(f"{SETTINGS_PREFIX}/last", doc.id)
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields, self.errors, self.captions = {}, {}, {}
        compound: CompoundField | None = None
        for p in doc.params:
            field = FIELDS[p.kind](p, self.lists)
            if isinstance(field, CompoundField):
                compound = field
            if isinstance(field, UnitField) and compound is not None:
                field.follow(compound)
            error = QLabel()
            error.setObjectName("errorText")
            error.setWordWrap(True)
            error.setVisible(False)
            box = QWidget()
            col = QVBoxLayout(box)
            col.setContentsMargins(0, 0, 0, 0)
            col.setSpacing(2)
            col.addWidget(field.widget)
            col.addWidget(error)
            if p.hint is not None and p.kind not in INLINE_HINTS:
                hint = QLabel(p.hint.format())
                hint.setObjectName("muted")
                col.addWidget(hint)
            caption = QLabel()
            caption.setBuddy(field.widget.focusProxy() or field.widget)
            self.form.addRow(caption, box)
            self.fields[p.key] = field
            self.errors[p.key] = error
            self.captions[p.key] = caption
            field.on_change(lambda key=p.key: self._clear_error(key))
        self.set_values(values if values is not None else self.initial_values(doc))
        self.problem.setVisible(False)
        self.status.clear()
        self._texts()

    def initial_values(self, doc: Document) -> dict[str, Any]:
        """The book's defaults, then what was used last time for this document."""
        with self.book.read() as s:
            values = doc.defaults(s)
        raw = self.ctx.settings.q.value(f"{SETTINGS_PREFIX}/{doc.id}")
        if raw:
            try:
                values.update(catalog.load_params(doc, json.loads(str(raw))))
            except (ValueError, TypeError):
                log.info("ignoring the remembered parameters of %s", doc.id)
        return values

    def set_values(self, values: dict[str, Any]) -> None:
        for p in self.doc.params if self.doc else ():
            if p.key in values:
                self.fields[p.key].set_value(values[p.key])

    def raw_values(self) -> dict[str, Any]:
        """The values as they stand, skipping any that does not parse."""
        out = {}
        for key, field in self.fields.items():
            try:
                out[key] = field.value()
            except UserError:
                continue
        return out

    def reset_defaults(self) -> None:
        if self.doc is None:
            return
        with self.book.read() as s:
            self.set_values(self.doc.defaults(s))
        self.show_errors({})

    def params(self) -> dict[str, Any] | None:
        """The parameters, or None with every problem shown beside its field."""
        if self.doc is None:
            self.status.setText(T_PICK.format())
            return None
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for key, field in self.fields.items():
            try:
                values[key] = field.value()
            except UserError as exc:
                errors[key] = exc.message
        for key, message in self.doc.check(values).items():
            errors.setdefault(key, message)
        self.show_errors(errors)
        if errors:
            self.problem.setText(T_FIX.format())
            self.problem.setVisible(True)
            next(iter(self.fields[k] for k in errors)).widget.setFocus()
            return None
        self.problem.setVisible(False)
        self.ctx.settings.q.setValue(
            f"{SETTINGS_PREFIX}/{self.doc.id}",
            json.dumps(catalog.dump_params(self.doc, values), ensure_ascii=False),
        )
        return values

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)

    def error_text(self, key: str) -> str:
        label = self.errors[key]
        return label.text() if not label.isHidden() else ""

    def _clear_error(self, key: str) -> None:
        label = self.errors.get(key)
        if label is not None and not label.isHidden():
            label.setVisible(False)

    # -- actions ----------------------------------------------------------------------------------
    def _maker(self, doc: Document, params: dict[str, Any]) -> Callable[[Progress], bytes]:
        book = self.book

        def work(progress: Progress) -> bytes:
            buf = io.BytesIO()
            doc.make(book, params, buf, progress)
            return buf.getvalue()

        return work

    def activate(self) -> Op[Any] | None:
        """Enter: preview a PDF, save an Excel file."""
        if self.doc is not None and self.doc.format == catalog.XLSX:
            return self.save()
        return self.preview()

    def preview(self) -> Op[Any] | None:
        """Make the PDF in the background, then open it in the print preview."""
        doc = self.doc
        if doc is None or doc.format != catalog.PDF:
            return None
        params = self.params()
        if params is None:
            return None
        title = doc.title.format()
        name = doc.suggested_name(params)

        def done(data: bytes) -> None:
            dlg = PrintPreviewDialog(data, title=title, suggested_name=name, parent=self)
            dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.last_dialog = dlg
            dlg.open()

        op: Op[bytes] = Op(self, self._maker(doc, params), title=T_MAKING.format(title=title),
                           changes_data=doc.writes)  # fmt: skip
        self.last_op = op.on_done(done).run()
        return op

    def save(self, path: Path | None = None) -> Op[Any] | None:
        """Ask where (unless given), then write the PDF or Excel file with progress and cancel."""
        doc = self.doc
        if doc is None:
            return None
        params = self.params()
        if params is None:
            return None
        title = T_SAVE_TITLE.format(title=doc.title.format())
        file_filter = XLSX_FILTER if doc.format == catalog.XLSX else PDF_FILTER
        op = export_file(self, title, doc.suggested_name(params), self._maker(doc, params),
                         file_filter, path)  # fmt: skip
        if op is not None:
            op.on_done(lambda p: self.status.setText(T_SAVED.format(path=p)))
            self.last_op = op
        return op

    def print_document(self) -> None:
        self.preview()

    # -- page -------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.lists.load()
        for field in self.fields.values():
            field.reload()
        if self.doc is None:
            last = self.ctx.settings.q.value(f"{SETTINGS_PREFIX}/last")
            try:
                self.select(str(last) if last else catalog.documents()[0].id)
            except UserError:
                self.select(catalog.documents()[0].id)

    def _texts(self) -> None:
        doc = self.doc
        if doc is None:
            self.doc_title.setText(T_PICK.format())
            return
        self.doc_title.setText(
            T_DOC_TITLE.format(title=doc.title.format(), fmt=FORMAT_NAMES[doc.format])
        )
        self.description.setText(doc.description.format() if doc.description else "")
        self.command.setText(T_CLI.format(command=doc.command))
        for p in doc.params:
            self.captions[p.key].setText(T_CAPTION.format(label=p.label.format()))
        pdf = doc.format == catalog.PDF
        self.preview_button.setEnabled(pdf)
        self.preview_button.setDefault(pdf)
        self.keys.setText(
            T_KEYS.format(action=(T_ACTION_PREVIEW if pdf else T_ACTION_SAVE).format())
        )

    def retranslate(self) -> None:
        self.heading.setText(T_TITLE.format())
        self.search.setPlaceholderText(T_SEARCH.format())
        self.doc_model.setHorizontalHeaderLabels([T_COL_DOC.format(), T_COL_FORMAT.format()])
        self.preview_button.setText(T_PREVIEW.format())
        self.save_button.setText(T_SAVE.format())
        self.reset_button.setText(T_RESET.format())
        if self.doc_model.rowCount():
            self.build_tree()
        self._texts()
