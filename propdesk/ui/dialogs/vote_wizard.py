"""发起表决 wizard: create the vote → collect ballots by unit with the live tally → close it →
the result, with the announcement to print. Also opened on a vote already running (at the
ballots) or closed (at the result)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from sqlalchemy.orm import Session

from propdesk.core import votes as core
from propdesk.core.i18n import bilingual
from propdesk.db.models import Compound
from propdesk.db.store import Book
from propdesk.services import desk, votes
from propdesk.ui.dialogs.ballot_dialogs import (
    KIND_SHORT,
    T_PRINT_ANNOUNCEMENT,
    T_PRINT_FORMS,
    BallotEntry,
    BallotSheetDialog,
    TallyPanel,
    label_of,
    print_vote,
    voter_model,
    voter_rows,
)
from propdesk.ui.dialogs.kit import CompoundCombo
from propdesk.ui.dialogs.steps import commit_step
from propdesk.ui.widgets.date_edit import DateEdit
from propdesk.ui.widgets.table import TableView

T_WIZARD = bilingual("发起业主表决", "New owners' vote")
T_BACK = bilingual("< 上一步", "< Back")
T_NEXT = bilingual("下一步 >", "Next >")
T_FINISH = bilingual("完成", "Finish")
T_CANCEL = bilingual("关闭", "Close")

T_CREATE = bilingual("1. 发起表决", "1. Open the vote")
T_CREATE_SUB = bilingual(
    "选择小区和表决事项。一般事项还是特别事项由《民法典》第二百七十八条按事项规定，不能更改。"
    "发起时冻结当日的业主名册（业主、房屋、专有面积），之后的名册变动不影响本次表决。",
    "Choose the compound and the matter. Whether it is an ordinary or a special matter follows"
    " from the matter (Civil Code art. 278) and cannot be changed. Opening the vote freezes the"
    " day's owner roster; later roster edits do not change it.",
)
T_COMPOUND = bilingual("小区：", "Compound:")
T_MATTER = bilingual("表决事项：", "Matter:")
T_KIND = bilingual("类别：", "Kind:")
T_KIND_FIXED = bilingual("（由法律规定，不能更改）", "(set by law, cannot be changed)")
T_TITLE = bilingual("议题：", "Subject:")
T_TITLE_HINT = bilingual(
    "例：选聘社区物业服务有限公司为本小区物业服务人", "e.g. hire the community property company"
)
T_METHOD = bilingual("表决方式：", "Method:")
T_OPENS = bilingual("开始日期：", "Opens:")
T_CLOSES = bilingual("截止日期：", "Closes:")
T_CREATE_BUTTON = bilingual("发起表决 >", "Open the vote >")

T_COLLECT = bilingual("2. 收集表决票", "2. Collect the ballots")
T_COLLECT_SUB = bilingual(
    "逐户登记表决票，计票随每张表决票更新。表决进行期间可随时关闭向导，之后在「业主表决」页继续。",
    "Record the ballots unit by unit; the tally follows each one. You may close the wizard while"
    " the vote runs and carry on later from the Owner votes page.",
)
T_IMPORT = bilingual("导入表决票汇总表…", "Import a ballot sheet…")

T_CLOSE = bilingual("3. 结束表决", "3. Close the vote")
T_CLOSE_SUB = bilingual(
    "结束后按目前的表决票计票，结果即冻结，不能再登记或更改表决票。",
    "Closing counts the ballots in now and freezes the result; no ballot can be added or"
    " changed afterwards.",
)
T_CLOSE_ON = bilingual("结束日期：", "Closing date:")
T_CLOSE_BUTTON = bilingual("结束表决 >", "Close the vote >")

T_RESULT = bilingual("4. 表决结果", "4. The result")
T_RESULT_SUB = bilingual(
    "结果已冻结。请打印表决结果公告，在小区公告栏张贴。",
    "The result is frozen. Print the result announcement for the compound's notice board.",
)


class CreatePage(QWizardPage):
    def __init__(self, wizard: VoteWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(T_CREATE.format())
        self.setSubTitle(T_CREATE_SUB.format())
        self.compound = CompoundCombo(with_all=False)
        self.matter = QComboBox()
        for key, text in core.MATTERS.items():
            self.matter.addItem(text.format(), key)
        self.matter.currentIndexChanged.connect(lambda _i: self._show_kind())
        self.kind = QLabel()
        self.kind.setStyleSheet("font-weight: bold;")
        self.kind_note = QLabel(T_KIND_FIXED.format())
        self.kind_note.setObjectName("muted")
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind)
        kind_row.addWidget(self.kind_note, 1)
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(200)
        self.title_edit.setPlaceholderText(T_TITLE_HINT.format())
        self.title_edit.textChanged.connect(lambda _t: self.completeChanged.emit())
        self.method = QComboBox()
        for key, text in core.METHODS.items():
            self.method.addItem(text.format(), key)
        self.method.setCurrentIndex(self.method.findData("door-to-door"))
        today = date.today()
        self.opens = DateEdit(today)
        self.closes = DateEdit(today + timedelta(days=30))
        self.problem = QLabel()
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        form = QFormLayout(self)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(T_COMPOUND.format(), self.compound)
        form.addRow(T_MATTER.format(), self.matter)
        form.addRow(T_KIND.format(), kind_row)
        form.addRow(T_TITLE.format(), self.title_edit)
        form.addRow(T_METHOD.format(), self.method)
        form.addRow(T_OPENS.format(), self.opens)
        form.addRow(T_CLOSES.format(), self.closes)
        form.addRow(self.problem)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, T_CREATE_BUTTON.format())
        self._show_kind()

    def fill(self, compound_id: int | None) -> None:
        with self.w.book.read() as s:
            rows = desk.compounds(s)
        self.compound.fill(rows)
        if compound_id is not None:
            self.compound.set_compound_id(compound_id)

    def matter_key(self) -> str:
        return str(self.matter.currentData())

    def set_matter(self, key: str) -> None:
        self.matter.setCurrentIndex(self.matter.findData(key))

    def _show_kind(self) -> None:
        self.kind.setText(core.KINDS[core.kind_of(self.matter_key())].format())

    def isComplete(self) -> bool:
        return bool(self.title_edit.text().strip()) and self.compound.compound_id() is not None

    def validatePage(self) -> bool:
        if self.w.vote_id is not None:
            return True
        cid = self.compound.compound_id()
        if cid is None:
            return False

        def create(s: Session) -> None:
            compound = s.get(Compound, cid)
            assert compound is not None
            vote = votes.create_vote(
                s, compound, self.matter_key(), self.title_edit.text(),
                opens=self.opens.value(), closes=self.closes.value(),
                method=str(self.method.currentData()),
            )  # fmt: skip
            self.w.vote_id = vote.id

        return commit_step(self, self.w.book, create, self.problem)


class CollectPage(QWizardPage):
    def __init__(self, wizard: VoteWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(T_COLLECT.format())
        self.setSubTitle(T_COLLECT_SUB.format())
        self.entry = BallotEntry(wizard.book)
        self.entry.recorded.connect(lambda _r: self.refresh())
        self.tally = TallyPanel()
        self.voter_model = voter_model(self)
        self.voter_view = TableView(self.voter_model, self, name="wizard_voters")
        self.voter_view.activated.connect(lambda r: self._pick(r.unit))
        self.import_button = QPushButton(T_IMPORT.format())
        self.import_button.setAutoDefault(False)
        self.import_button.clicked.connect(lambda: self.import_sheet())
        self.forms_button = QPushButton(T_PRINT_FORMS.format())
        self.forms_button.setAutoDefault(False)
        self.forms_button.clicked.connect(lambda: self._print_forms())
        left = QWidget()
        lcol = QVBoxLayout(left)
        lcol.setContentsMargins(0, 0, 0, 0)
        lcol.addWidget(self.entry)
        lcol.addWidget(self.voter_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.forms_button)
        buttons.addStretch(1)
        lcol.addLayout(buttons)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.tally)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        QVBoxLayout(self).addWidget(split)

    def initializePage(self) -> None:
        self.entry.set_vote(self.w.vote_id)
        self.refresh()
        self.entry.picker.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        if self.w.vote_id is None:
            return
        with self.w.book.read() as s:
            vote = votes.get_vote(s, self.w.vote_id)
            info = votes.info(s, vote)
            t = votes.live_tally(s, vote)
            rows = voter_rows(s, vote.id)
        self.voter_model.set_rows(rows)
        self.tally.show_tally(t, title=f"{info.compound} · {info.title}")

    def _pick(self, unit: str) -> None:
        if self.entry.vote_open:
            self.entry.pick(unit)
            self.entry.opinion.setFocus(Qt.FocusReason.OtherFocusReason)

    def import_sheet(self) -> BallotSheetDialog | None:
        if self.w.vote_id is None:
            return None
        dlg = BallotSheetDialog(self.w.book, self.w.vote_id, self)
        dlg.finished.connect(lambda _r: self.initializePage())
        dlg.open()
        return dlg

    def _print_forms(self) -> None:
        if self.w.vote_id is not None:
            print_vote(self.w.book, self.w.vote_id, "forms", self)


class ClosePage(QWizardPage):
    def __init__(self, wizard: VoteWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(T_CLOSE.format())
        self.setSubTitle(T_CLOSE_SUB.format())
        self.tally = TallyPanel()
        self.on = DateEdit(date.today())
        self.problem = QLabel()
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        form = QFormLayout()
        form.addRow(T_CLOSE_ON.format(), self.on)
        col = QVBoxLayout(self)
        col.addWidget(self.tally, 1)
        col.addLayout(form)
        col.addWidget(self.problem)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, T_CLOSE_BUTTON.format())

    def initializePage(self) -> None:
        self.problem.setVisible(False)
        if self.w.vote_id is None:
            return
        with self.w.book.read() as s:
            vote = votes.get_vote(s, self.w.vote_id)
            info = votes.info(s, vote)
            t = votes.live_tally(s, vote)
        self.tally.show_tally(t, title=f"{info.compound} · {info.title}")
        self.on.set_value(min(date.today(), info.closes))

    def validatePage(self) -> bool:
        if self.w.vote_id is None:
            return False
        vote_id = self.w.vote_id
        return commit_step(
            self, self.w.book,
            lambda s: votes.close_vote(s, votes.get_vote(s, vote_id), self.on.value()),
            self.problem,
        )  # fmt: skip


class ResultPage(QWizardPage):
    def __init__(self, wizard: VoteWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(T_RESULT.format())
        self.setSubTitle(T_RESULT_SUB.format())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tally = TallyPanel()
        self.print_button = QPushButton(T_PRINT_ANNOUNCEMENT.format())
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(lambda: self.print_announcement())
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        col = QVBoxLayout(self)
        col.addWidget(self.summary)
        col.addWidget(self.tally, 1)
        col.addLayout(buttons)
        self.setFinalPage(True)

    def initializePage(self) -> None:
        if self.w.vote_id is None:
            return
        with self.w.book.read() as s:
            vote = votes.get_vote(s, self.w.vote_id)
            info = votes.info(s, vote)
            t = votes.result(s, vote)
        self.summary.setText(
            f"<b>{info.compound}</b> · {info.title}<br>{info.matter_text}"
            f"（{label_of(KIND_SHORT, info.kind)}）"
        )
        self.tally.show_tally(t, closed_on=info.closed_on)

    def print_announcement(self) -> object:
        if self.w.vote_id is None:
            return None
        return print_vote(self.w.book, self.w.vote_id, "announcement", self)


class VoteWizard(QWizard):
    """create → collect → close → result; `vote_id` is set once the vote is opened."""

    CREATE, COLLECT, CLOSE, RESULT = range(4)

    def __init__(
        self,
        book: Book,
        parent: QWidget | None = None,
        *,
        compound_id: int | None = None,
        vote_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.book = book
        self.vote_id = vote_id
        self.setWindowTitle(T_WIZARD.format())
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoDefaultButton, True)  # Enter belongs to the form
        for button, text in ((QWizard.WizardButton.BackButton, T_BACK),
                             (QWizard.WizardButton.NextButton, T_NEXT),
                             (QWizard.WizardButton.FinishButton, T_FINISH),
                             (QWizard.WizardButton.CancelButton, T_CANCEL)):  # fmt: skip
            self.setButtonText(button, text.format())
        self.create_page = CreatePage(self)
        self.collect_page = CollectPage(self)
        self.close_page = ClosePage(self)
        self.result_page = ResultPage(self)
        for i, page in enumerate(
            (self.create_page, self.collect_page, self.close_page, self.result_page)
        ):
            self.setPage(i, page)
        self.create_page.fill(compound_id)
        if vote_id is not None:
            with book.read() as s:
                status = votes.get_vote(s, vote_id).status
            self.setStartId(self.RESULT if status == "closed" else self.COLLECT)
        self.resize(1100, 720)
