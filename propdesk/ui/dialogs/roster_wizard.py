"""导入花名册: choose the .xlsx, check it (nothing written), see every problem or the summary, import.

RosterPanel holds the steps; RosterWizard is the panel in a dialog, and the new-compound wizard
shows the same panel as its roster step, limited to the compound just added."""

from __future__ import annotations

import io
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from propdesk.core.errors import Problem, UserError, ValidationError
from propdesk.core.fees import format_area
from propdesk.core.i18n import bilingual
from propdesk.core.progress import Progress
from propdesk.db.store import Book
from propdesk.services import roster
from propdesk.services.roster import ImportResult
from propdesk.ui.book_files import documents_dir
from propdesk.ui.dialogs.kit import DeskTableModel
from propdesk.ui.errors import show_error
from propdesk.ui.ops import Op
from propdesk.ui.print_preview import export_file
from propdesk.ui.widgets.table import CENTER, Column, TableView

XLSX_FILTER = "Excel (*.xlsx)"

PROBLEM_COLUMNS = (
    Column("row", bilingual("行号", "Row"), align=CENTER, width=6),
    Column("field", bilingual("列", "Column"), width=12),
    Column("reason", bilingual("问题", "Problem"), stretch=True),
)


T_OTHER_COMPOUND = bilingual(
    "此行是「{name}」的房屋，这里只导入「{compound}」的花名册",
    'this row is a unit of "{name}"; only the roster of "{compound}" is imported here',
)


def load_roster(
    session: Session,
    source: Path,
    *,
    compound: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """roster.import_roster, refusing (with the row numbers) rows of another compound when
    `compound` is given: the new-compound wizard imports that compound's roster only."""
    if compound is not None:
        report = roster.read_roster(source, progress=progress)
        field = report.header("compound")
        wrong = [
            Problem(T_OTHER_COMPOUND.format(name=r.compound, compound=compound), r.row, field)
            for r in report.rows
            if r.compound != compound
        ]
        if wrong:
            found = sorted([*report.problems, *wrong], key=lambda p: p.row or 0)
            raise ValidationError(found, title=roster.T_REFUSED)
    return roster.import_roster(session, source, dry_run=dry_run, progress=progress)


def _template_bytes(_progress: Progress) -> bytes:
    out = io.BytesIO()
    roster.write_template(out)
    return out.getvalue()


def export_template(parent: QWidget | None, path: Path | None = None) -> Op[Path] | None:
    """导出模板: an empty roster with the headers, an example row, drop-downs and notes."""
    return export_file(
        parent,
        QCoreApplication.translate("RosterWizard", "Export the roster template"),
        "业主花名册模板.xlsx",
        _template_bytes,
        XLSX_FILTER,
        path,
    )


def problems_bytes(problems: tuple[Problem, ...]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "问题清单"
    ws.append([c.title.format() for c in PROBLEM_COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for p in problems:
        ws.append([p.row, p.field or "", p.reason])
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["C"].width = 80
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class RosterPanel(QWidget):
    """Check first (a dry run in a rolled-back savepoint), import only a clean file.

    `compound`: only rows of that compound are accepted. `closable`: the pages have their own
    Close buttons (they emit close_requested); without, the surrounding wizard closes."""

    CHOOSE, PROBLEMS, SUMMARY, DONE = range(4)
    close_requested = Signal()
    imported = Signal(object)  # the ImportResult
    busy_changed = Signal()

    def __init__(
        self,
        book: Book,
        parent: QWidget | None = None,
        *,
        compound: str | None = None,
        closable: bool = True,
    ) -> None:
        super().__init__(parent)
        self.book = book
        self.compound = compound
        self.closable = closable
        self.path: Path | None = None
        self.problems: tuple[Problem, ...] = ()
        self.summary: ImportResult | None = None
        self.result_: ImportResult | None = None
        self.op: Op[ImportResult] | None = None
        self.stack = QStackedWidget()
        self.stack.addWidget(self._choose_page())
        self.stack.addWidget(self._problems_page())
        self.stack.addWidget(self._summary_page())
        self.stack.addWidget(self._done_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def _close_button(self, *, default: bool = False) -> QPushButton:
        close = QPushButton(self.tr("Close"))
        close.setDefault(default)
        close.clicked.connect(self.close_requested.emit)
        close.setVisible(self.closable)
        return close

    def busy(self) -> bool:
        return self.op is not None and self.op.outcome is None

    # pages -----------------------------------------------------------------------------------
    def _choose_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel(
            self.tr(
                "Choose the roster (.xlsx) filled in from the template. It is checked first and"
                " nothing is written: every problem is listed with the row number Excel shows."
                " Only a file without problems can be imported."
            )
        )
        intro.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("Path of the .xlsx file"))
        self.path_edit.returnPressed.connect(self.check)  # (so the check button is no default)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.choose_error = QLabel()
        self.choose_error.setObjectName("errorText")
        self.choose_error.setWordWrap(True)
        self.choose_error.setVisible(False)
        self.template_button = QPushButton(self.tr("Export template…"))
        self.template_button.clicked.connect(lambda: export_template(self))
        self.check_button = QPushButton(self.tr("Check the file"))
        self.check_button.clicked.connect(lambda: self.check())
        close = self._close_button()
        buttons = QHBoxLayout()
        buttons.addWidget(self.template_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.check_button)
        col = QVBoxLayout(page)
        col.addWidget(intro)
        col.addSpacing(8)
        col.addLayout(row)
        col.addWidget(self.choose_error)
        col.addStretch(1)
        col.addLayout(buttons)
        return page

    def _problems_page(self) -> QWidget:
        page = QWidget()
        self.problems_title = QLabel()
        self.problems_title.setObjectName("errorText")
        self.problems_title.setWordWrap(True)
        self.problem_model = DeskTableModel(PROBLEM_COLUMNS, self)
        self.problem_view = TableView(self.problem_model, self, name="roster_problems")
        self.retry_button = QPushButton(self.tr("Fixed the sheet: check again"))
        self.retry_button.setDefault(True)
        self.retry_button.clicked.connect(lambda: self.check(self.path))
        self.export_problems_button = QPushButton(self.tr("Export the problem list…"))
        self.export_problems_button.clicked.connect(lambda: self.export_problems())
        other = QPushButton(self.tr("Choose another file…"))
        other.clicked.connect(lambda: self.stack.setCurrentIndex(self.CHOOSE))
        close = self._close_button()
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_problems_button)
        buttons.addWidget(other)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.retry_button)
        col = QVBoxLayout(page)
        col.addWidget(self.problems_title)
        col.addWidget(self.problem_view, 1)
        col.addLayout(buttons)
        return page

    def _summary_page(self) -> QWidget:
        page = QWidget()
        title = QLabel(self.tr("The file has no problems. This is what the import will do:"))
        title.setWordWrap(True)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.sum_file = QLabel()
        self.sum_new = QLabel()
        self.sum_unchanged = QLabel()
        self.sum_compounds = QLabel()
        self.sum_people = QLabel()
        self.sum_area = QLabel()
        for caption, w in (
            (self.tr("File:"), self.sum_file),
            (self.tr("New units:"), self.sum_new),
            (self.tr("Units already in the book (unchanged):"), self.sum_unchanged),
            (self.tr("New compounds:"), self.sum_compounds),
            (self.tr("New owners and co-owners:"), self.sum_people),
            (self.tr("Floor area of the new units:"), self.sum_area),
        ):
            form.addRow(caption, w)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(lambda: self.do_import())
        back = QPushButton(self.tr("Back"))
        back.clicked.connect(lambda: self.stack.setCurrentIndex(self.CHOOSE))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(back)
        buttons.addWidget(self.import_button)
        col = QVBoxLayout(page)
        col.addWidget(title)
        col.addLayout(form)
        col.addStretch(1)
        col.addLayout(buttons)
        return page

    def _done_page(self) -> QWidget:
        page = QWidget()
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        self.done_label.setObjectName("statValue")
        close = self._close_button(default=True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        col = QVBoxLayout(page)
        col.addWidget(self.done_label)
        col.addStretch(1)
        col.addLayout(buttons)
        return page

    # actions ---------------------------------------------------------------------------------
    def browse(self) -> None:
        start = str(self.path.parent if self.path else documents_dir())
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose the roster"), start, XLSX_FILTER + ";;*"
        )
        if name:
            self.path_edit.setText(name)
            self.check(Path(name))

    def check(self, path: Path | str | None = None) -> Op[ImportResult] | None:
        """Validate the file against the book in the background; nothing is written."""
        text = str(path) if path is not None else self.path_edit.text().strip()
        if not text:
            self._choose_error(self.tr("Choose a file first."))
            return None
        self.path = Path(text)
        self.path_edit.setText(text)
        book, source, compound = self.book, self.path, self.compound

        def work(progress: Progress) -> ImportResult:
            with book.write() as s:  # the dry run's savepoint is rolled back: nothing stays
                return load_roster(s, source, compound=compound, dry_run=True, progress=progress)

        self.op = Op(self, work, title=self.tr("Checking the roster"), changes_data=False)
        self.op.on_done(self._checked).on_error(self._failed).run()
        self.busy_changed.emit()
        return self.op

    def do_import(self) -> Op[ImportResult] | None:
        if self.path is None:
            return None
        book, source, compound = self.book, self.path, self.compound

        def work(progress: Progress) -> ImportResult:
            with book.write() as s:
                return load_roster(s, source, compound=compound, progress=progress)

        self.op = Op(self, work, title=self.tr("Importing the roster"))
        self.op.on_done(self._imported).on_error(self._failed).run()
        self.busy_changed.emit()
        return self.op

    def export_problems(self, path: Path | None = None) -> Op[Path] | None:
        problems = self.problems
        stem = self.path.stem if self.path else "roster"
        return export_file(
            self,
            self.tr("Export the problem list"),
            f"{stem}-问题清单.xlsx",
            lambda _p: problems_bytes(problems),
            XLSX_FILTER,
            path,
        )

    # outcomes --------------------------------------------------------------------------------
    def _choose_error(self, text: str) -> None:
        self.choose_error.setText(text)
        self.choose_error.setVisible(bool(text))
        self.stack.setCurrentIndex(self.CHOOSE)

    def _checked(self, result: ImportResult) -> None:
        self.summary = result
        self.problems = ()
        self.choose_error.setVisible(False)
        self.sum_file.setText(str(self.path))
        loc = self.locale()
        self.sum_new.setText(loc.toString(result.created_units))
        self.sum_unchanged.setText(loc.toString(result.unchanged_units))
        self.sum_compounds.setText(loc.toString(result.created_compounds))
        self.sum_people.setText(loc.toString(result.created_people))
        self.sum_area.setText(f"{format_area(result.created_area)} ㎡")
        self.import_button.setEnabled(result.created_units > 0)
        self.stack.setCurrentIndex(self.SUMMARY)
        self.import_button.setFocus()
        self.busy_changed.emit()

    def _imported(self, result: ImportResult) -> None:
        self.result_ = result
        self.done_label.setText(
            self.tr("Imported %1 units (%2 new compounds, %3 new owners); %4 were already there.")
            .replace("%1", str(result.created_units))
            .replace("%2", str(result.created_compounds))
            .replace("%3", str(result.created_people))
            .replace("%4", str(result.unchanged_units))
        )
        self.stack.setCurrentIndex(self.DONE)
        self.busy_changed.emit()
        self.imported.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.busy_changed.emit()
        if isinstance(exc, ValidationError):
            self.problems = exc.problems
            self.summary = None
            self.problems_title.setText(exc.message.splitlines()[0])
            self.problem_model.set_rows(exc.problems)
            self.stack.setCurrentIndex(self.PROBLEMS)
            self.retry_button.setFocus()
        elif isinstance(exc, UserError):
            self._choose_error(exc.message)
        else:
            show_error(exc, self)


class RosterWizard(QDialog):
    """导入花名册 from the registry page: the roster panel in a dialog of its own."""

    def __init__(self, book: Book, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import the owner roster"))
        self.resize(860, 560)
        self.panel = RosterPanel(book, self)
        self.panel.close_requested.connect(
            lambda: self.accept() if self.panel.result_ is not None else self.reject()
        )
        QVBoxLayout(self).addWidget(self.panel)

    def __getattr__(self, name: str) -> object:
        # the panel's steps, buttons and actions read as the dialog's own (wizard.check(...))
        if name == "panel":
            raise AttributeError(name)
        return getattr(self.panel, name)
