"""业主表决: the votes with their turnout, the live tally of the chosen vote, its owner-persons
and their ballots; new votes through the wizard, ballots at the desk or from a sheet, closing,
and the announcement and ballot forms through the print preview."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QKeyCombination, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from propdesk.core import votes as core
from propdesk.core.i18n import Text, bilingual
from propdesk.services import desk, votes
from propdesk.ui.dialogs.ballot_dialogs import (
    T_PRINT_ANNOUNCEMENT,
    T_PRINT_FORMS,
    VOTE_COLUMNS,
    BallotDialog,
    BallotHistoryDialog,
    BallotSheetDialog,
    CloseVoteDialog,
    TallyPanel,
    VoteRow,
    VoterRow,
    print_vote,
    vote_rows,
    voter_model,
    voter_rows,
)
from propdesk.ui.dialogs.kit import CompoundCombo, DeskTableModel, row_menu
from propdesk.ui.dialogs.vote_wizard import VoteWizard
from propdesk.ui.pages.base import Page, PageContext
from propdesk.ui.print_preview import PrintPreviewDialog
from propdesk.ui.widgets.table import ROW_ROLE, TableView

T_HEADING = bilingual("业主表决", "Owner votes")
T_COMPOUND = bilingual("小区：", "Compound:")
T_STATUS = bilingual("状态：", "Status:")
STATUS_FILTER = (
    (None, bilingual("全部", "All")),
    ("open", bilingual("进行中", "Open")),
    ("closed", bilingual("已结束", "Closed")),
)
BALLOT_FILTER: tuple[tuple[str | None, Text], ...] = (
    (None, bilingual("全部业主", "All owners")),
    ("voted", bilingual("已投票", "Voted")),
    ("not_voted", bilingual("未投票", "Not voted")),
    (core.AGREE, bilingual("同意", "Agree")),
    (core.DISAGREE, bilingual("反对", "Disagree")),
    (core.ABSTAIN, bilingual("弃权", "Abstain")),
)
T_NEW = bilingual("新建表决… (Ctrl+N)", "New vote… (Ctrl+N)")
T_BALLOT = bilingual("登记表决票…", "Record ballots…")
T_IMPORT = bilingual("导入表决票汇总表…", "Import a ballot sheet…")
T_CLOSE = bilingual("结束表决…", "Close the vote…")
T_WIZARD = bilingual("在向导中继续…", "Continue in the wizard…")
T_HISTORY = bilingual("表决票记录（含已替换）…", "Ballot history (with replaced ones)…")
T_CHANGE = bilingual("登记 / 更改表决票…", "Record / change the ballot…")
T_SHOW = bilingual("显示：", "Show:")
T_VOTERS = bilingual(
    "业主名册（{count} 人，已投票 {voted} 人）", "Owner roster ({count} owners, {voted} voted)"
)
T_CHOOSE_VOTE = bilingual("请先在上方选择一项表决。", "Choose a vote in the list first.")
T_VOTE_CLOSED = bilingual(
    "表决 {id} 已于 {date} 结束，不能再登记表决票。", "Vote {id} closed on {date}: no more ballots."
)
T_CLOSED_OK = bilingual(
    "表决 {id} 已结束（{date}），结果：{result}。", "Vote {id} closed on {date}: {result}."
)


class VotesPage(Page):
    printable = True  # Ctrl+P prints the chosen vote's announcement

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.vote_id: int | None = None
        self.voters: list[VoterRow] = []
        self.dialog: Any = None  # the last dialog opened (tests, screenshots)

        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.compound_label = QLabel()
        self.compound = CompoundCombo(with_all=True)
        self.compound_label.setBuddy(self.compound)
        self.compound.changed.connect(lambda _c: self.refresh_votes())
        self.status_label = QLabel()
        self.status = QComboBox()
        for key, _t in STATUS_FILTER:
            self.status.addItem("", key)
        self.status_label.setBuddy(self.status)
        self.status.currentIndexChanged.connect(lambda _i: self.refresh_votes())
        bar = QHBoxLayout()
        bar.addWidget(self.heading)
        bar.addStretch(1)
        bar.addWidget(self.compound_label)
        bar.addWidget(self.compound)
        bar.addWidget(self.status_label)
        bar.addWidget(self.status)

        self.banner = QLabel()
        self.banner.setObjectName("statCaption")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)

        # the votes -----------------------------------------------------------------------------
        self.new_button = self._button(self.new_vote)
        self.ballot_button = self._button(lambda: self.record_ballots())
        self.import_button = self._button(lambda: self.import_sheet())
        self.close_button = self._button(lambda: self.close_vote())
        self.announce_button = self._button(lambda: self.print_announcement())
        self.forms_button = self._button(lambda: self.print_forms())
        self.vote_model = DeskTableModel(
            VOTE_COLUMNS, self, tooltip=lambda r: f"{r.info.matter_text}\n{r.info.title}"
        )
        self.vote_view = TableView(self.vote_model, self, name="votes", state_store=ctx.settings)
        self.vote_view.activated.connect(lambda r: self.record_ballots())
        self.vote_view.table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._on_vote_row(cur)
        )
        row_menu(self.vote_view, self._vote_menu)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        for b in (self.ballot_button, self.import_button, self.close_button,
                  self.announce_button, self.forms_button):  # fmt: skip
            buttons.addWidget(b)
        top = QWidget()
        tcol = QVBoxLayout(top)
        tcol.setContentsMargins(0, 0, 0, 0)
        tcol.addLayout(buttons)
        tcol.addWidget(self.vote_view, 1)

        # the chosen vote: tally and owner-persons ----------------------------------------------
        self.tally = TallyPanel()
        self.voters_title = QLabel()
        self.voters_title.setObjectName("statCaption")
        self.filter_label = QLabel()
        self.ballot_filter = QComboBox()
        for key, _t in BALLOT_FILTER:
            self.ballot_filter.addItem("", key)
        self.filter_label.setBuddy(self.ballot_filter)
        self.ballot_filter.currentIndexChanged.connect(lambda _i: self._show_voters())
        self.voter_model = voter_model(self)
        self.voter_view = TableView(
            self.voter_model, self, name="vote_voters", state_store=ctx.settings
        )
        self.voter_view.activated.connect(lambda r: self.record_ballots(r.unit))
        row_menu(self.voter_view, self._voter_menu)
        vbar = QHBoxLayout()
        vbar.addWidget(self.voters_title)
        vbar.addStretch(1)
        vbar.addWidget(self.filter_label)
        vbar.addWidget(self.ballot_filter)
        right = QWidget()
        rcol = QVBoxLayout(right)
        rcol.setContentsMargins(0, 0, 0, 0)
        rcol.addLayout(vbar)
        rcol.addWidget(self.voter_view, 1)
        bottom = QSplitter()
        bottom.addWidget(self.tally)
        bottom.addWidget(right)
        bottom.setStretchFactor(0, 2)
        bottom.setStretchFactor(1, 3)
        bottom.setSizes([430, 870])
        bottom.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        self.retranslate()
        self._update_buttons()

    def _button(self, slot: Any) -> QPushButton:
        b = QPushButton()
        b.clicked.connect(lambda _c=False: slot())
        return b

    # reading ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        with self.book.read() as s:
            compounds = desk.compounds(s)
        self.compound.fill(compounds)
        self.refresh_votes()

    def refresh_votes(self) -> None:
        keep = self.vote_id
        status = self.status.currentData()
        with self.book.read() as s:
            rows = vote_rows(s, self.compound.compound_id())
        if status is not None:
            rows = [r for r in rows if r.info.status == status]
        self.vote_model.set_rows(rows)
        ids = [r.id for r in rows]
        if keep not in ids:  # the newest open vote, else the newest one
            open_ = [r.id for r in rows if r.info.status == "open"]
            keep = (open_ or ids or [None])[-1]
        self.select_vote(keep)

    def select_vote(self, vote_id: int | None) -> None:
        """Make a vote the current row (its tally and roster show below)."""
        view = self.vote_view
        for r in range(view.proxy.rowCount()):
            row = view.proxy.index(r, 0).data(ROW_ROLE)
            if row is not None and row.id == vote_id:
                view.table.setCurrentIndex(view.proxy.index(r, 0))
                view.table.selectRow(r)
                view.table.scrollTo(view.proxy.index(r, 0))
                break
        else:
            vote_id = None
        self.show_vote(vote_id)

    def _on_vote_row(self, index: Any) -> None:
        row = index.data(ROW_ROLE) if index.isValid() else None
        vote_id = row.id if isinstance(row, VoteRow) else None
        if vote_id != self.vote_id:
            self.show_vote(vote_id)

    def current_vote(self) -> VoteRow | None:
        return next((r for r in self.vote_model.rows() if r.id == self.vote_id), None)

    def show_vote(self, vote_id: int | None) -> None:
        self.vote_id = vote_id
        if vote_id is None:
            self.voters = []
            self.tally.show_tally(None)
        else:
            with self.book.read() as s:
                vote = votes.get_vote(s, vote_id)
                info = votes.info(s, vote)
                t = votes.result(s, vote)
                self.voters = voter_rows(s, vote_id)
            self.tally.show_tally(
                t, closed_on=info.closed_on, title=f"{info.id} · {info.compound} · {info.title}"
            )
        self._show_voters()
        self._update_buttons()

    def _show_voters(self) -> None:
        want = self.ballot_filter.currentData()
        rows = self.voters
        if want == "voted":
            rows = [r for r in rows if r.opinion is not None]
        elif want == "not_voted":
            rows = [r for r in rows if r.opinion is None]
        elif want is not None:
            rows = [r for r in rows if r.opinion == want]
        self.voter_model.set_rows(rows)
        self.voters_title.setText(T_VOTERS.format(
            count=len(self.voters), voted=sum(r.opinion is not None for r in self.voters)))  # fmt: skip

    def _update_buttons(self) -> None:
        row = self.current_vote()
        is_open = row is not None and row.info.status == "open"
        for b in (self.ballot_button, self.import_button, self.close_button):
            b.setEnabled(is_open)
        self.announce_button.setEnabled(row is not None)
        self.forms_button.setEnabled(row is not None)

    def _say(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def _need_open_vote(self) -> int | None:
        row = self.current_vote()
        if row is None:
            self._say(T_CHOOSE_VOTE.format())
            return None
        if row.info.status != "open":
            self._say(T_VOTE_CLOSED.format(id=row.id, date=row.info.closed_on))
            return None
        return row.id

    # actions ---------------------------------------------------------------------------------
    def new_vote(self) -> VoteWizard:
        """新建表决: the wizard; its vote is chosen here when it ends."""
        wiz = VoteWizard(self.book, self, compound_id=self.compound.compound_id())
        wiz.finished.connect(lambda _r: self._after_wizard(wiz))
        self.dialog = wiz
        wiz.open()
        return wiz

    def continue_wizard(self, vote_id: int | None = None) -> VoteWizard | None:
        vote_id = vote_id if vote_id is not None else self.vote_id
        if vote_id is None:
            return None
        wiz = VoteWizard(self.book, self, vote_id=vote_id)
        wiz.finished.connect(lambda _r: self._after_wizard(wiz))
        self.dialog = wiz
        wiz.open()
        return wiz

    def _after_wizard(self, wiz: VoteWizard) -> None:
        if wiz.vote_id is not None:
            self.refresh()
            self.select_vote(wiz.vote_id)

    def record_ballots(self, unit: str | None = None) -> BallotDialog | None:
        vote_id = self._need_open_vote()
        if vote_id is None:
            return None
        dlg = BallotDialog(self.book, vote_id, unit, self)
        self.dialog = dlg
        dlg.open()
        return dlg

    def import_sheet(self) -> BallotSheetDialog | None:
        vote_id = self._need_open_vote()
        if vote_id is None:
            return None
        dlg = BallotSheetDialog(self.book, vote_id, self)
        self.dialog = dlg
        dlg.open()
        return dlg

    def close_vote(self) -> CloseVoteDialog | None:
        vote_id = self._need_open_vote()
        if vote_id is None:
            return None
        dlg = CloseVoteDialog(self.book, vote_id, self)

        def closed() -> None:
            a = dlg.result_value
            if a is not None:
                self._say(T_CLOSED_OK.format(id=a.vote_id, date=a.closed_on, result=a.result_text))

        dlg.accepted.connect(closed)
        self.dialog = dlg
        dlg.open()
        return dlg

    def history(self, seq: int | None = None) -> BallotHistoryDialog | None:
        if self.vote_id is None:
            return None
        dlg = BallotHistoryDialog(self.book, self.vote_id, seq, self)
        self.dialog = dlg
        dlg.open()
        return dlg

    def print_announcement(self) -> PrintPreviewDialog | None:
        if self.vote_id is None:
            self._say(T_CHOOSE_VOTE.format())
            return None
        self.dialog = print_vote(self.book, self.vote_id, "announcement", self)
        return self.dialog

    def print_forms(self) -> PrintPreviewDialog | None:
        if self.vote_id is None:
            self._say(T_CHOOSE_VOTE.format())
            return None
        self.dialog = print_vote(self.book, self.vote_id, "forms", self)
        return self.dialog

    def print_document(self) -> None:
        self.print_announcement()

    # menus -----------------------------------------------------------------------------------
    def _add(self, menu: QMenu, text: Text, slot: Any, enabled: bool = True) -> QAction:
        act = menu.addAction(text.format())
        act.setEnabled(enabled)
        act.triggered.connect(lambda _c=False: slot())
        return act

    def _vote_menu(self, menu: QMenu, rows: list[VoteRow]) -> None:
        r = rows[0]
        self.select_vote(r.id)
        is_open = r.info.status == "open"
        self._add(menu, T_BALLOT, self.record_ballots, is_open)
        self._add(menu, T_IMPORT, self.import_sheet, is_open)
        self._add(menu, T_WIZARD, lambda: self.continue_wizard(r.id))
        self._add(menu, T_HISTORY, self.history)
        menu.addSeparator()
        self._add(menu, T_CLOSE, self.close_vote, is_open)
        menu.addSeparator()
        self._add(menu, T_PRINT_ANNOUNCEMENT, self.print_announcement)
        self._add(menu, T_PRINT_FORMS, self.print_forms)

    def _voter_menu(self, menu: QMenu, rows: list[VoterRow]) -> None:
        r = rows[0]
        row = self.current_vote()
        is_open = row is not None and row.info.status == "open"
        self._add(menu, T_CHANGE, lambda: self.record_ballots(r.unit), is_open)
        self._add(menu, T_HISTORY, lambda: self.history(r.seq))

    # -- Ctrl+N while this page is current ------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        # The window's Ctrl+N makes a new book; on this page it is 新建表决 (as on the
        # vouchers and expenses pages).
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            combo = QKeyCombination(event.modifiers(), Qt.Key(event.key()))
            if QKeySequence(combo).matches(QKeySequence(QKeySequence.StandardKey.New)) == (
                QKeySequence.SequenceMatch.ExactMatch
            ):
                event.accept()
                QTimer.singleShot(0, self.new_vote)
                return True
        return super().event(event)

    # --------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.heading.setText(T_HEADING.format())
        self.compound_label.setText(T_COMPOUND.format())
        self.compound.retranslate()
        self.status_label.setText(T_STATUS.format())
        for i, (_k, t) in enumerate(STATUS_FILTER):
            self.status.setItemText(i, t.format())
        self.filter_label.setText(T_SHOW.format())
        for i, (_k, t) in enumerate(BALLOT_FILTER):
            self.ballot_filter.setItemText(i, t.format())
        for b, t in ((self.new_button, T_NEW), (self.ballot_button, T_BALLOT),
                     (self.import_button, T_IMPORT), (self.close_button, T_CLOSE),
                     (self.announce_button, T_PRINT_ANNOUNCEMENT),
                     (self.forms_button, T_PRINT_FORMS)):  # fmt: skip
            b.setText(t.format())
        self.vote_model.retranslate()
        self.voter_model.retranslate()
        self.tally.retranslate()
        self._show_voters()
