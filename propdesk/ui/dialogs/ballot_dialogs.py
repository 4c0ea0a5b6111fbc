"""业主表决 parts shared by the votes page and the vote wizard: the live tally panel, the clerk's
keyboard ballot entry, the owner-person rows, closing a vote and importing a ballot sheet."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from propdesk.core import votes as core
from propdesk.core.errors import Problem, UserError, ValidationError
from propdesk.core.fees import format_area
from propdesk.core.i18n import Text, bilingual
from propdesk.core.progress import Progress
from propdesk.core.votes import Tally
from propdesk.db.store import Book
from propdesk.services import votes
from propdesk.services.books import DEFAULT_COMPANY, get_meta
from propdesk.services.votes import BallotRow, CastResult, ImportResult, VoteInfo
from propdesk.ui.book_files import documents_dir
from propdesk.ui.dialogs.form import FormDialog
from propdesk.ui.dialogs.kit import MUTED_BRUSH, DeskTableModel
from propdesk.ui.dialogs.roster_wizard import PROBLEM_COLUMNS, XLSX_FILTER, problems_bytes
from propdesk.ui.errors import show_error
from propdesk.ui.ops import Op
from propdesk.ui.print_preview import PrintPreviewDialog, export_file, show_print_preview
from propdesk.ui.signals import signals
from propdesk.ui.widgets.date_edit import DateEdit
from propdesk.ui.widgets.picker import SearchPicker
from propdesk.ui.widgets.table import CENTER, RIGHT, Column, TableView, fmt_date

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# -- texts ------------------------------------------------------------------------------------
STATUS = {
    "open": bilingual("进行中", "Open"),
    "closed": bilingual("已结束", "Closed"),
}
KIND_SHORT = {
    core.ORDINARY: bilingual("一般事项", "Ordinary"),
    core.SPECIAL: bilingual("特别事项", "Special"),
}
MATTER_SHORT = {  # the list's column; the statutory wording is its tooltip
    "rules": bilingual("议事规则", "Procedure rules"),
    "covenant": bilingual("管理规约", "Covenant"),
    "committee": bilingual("选举业主委员会", "Committee"),
    "hire-manager": bilingual("选聘/解聘物业", "Hire/dismiss"),
    "use-fund": bilingual("使用维修资金", "Use the fund"),
    "raise-fund": bilingual("筹集维修资金", "Raise the fund"),
    "rebuild": bilingual("改建、重建", "Rebuilding"),
    "common-use": bilingual("共有部分经营", "Common parts use"),
    "other": bilingual("其他重大事项", "Other matter"),
}
METHOD_SHORT = {
    "assembly": bilingual("业主大会", "Owners' assembly"),
    "door-to-door": bilingual("入户征询", "Door to door"),
    "written": bilingual("书面征求", "Written"),
}
OPINION_KEYS = ((core.AGREE, "1"), (core.DISAGREE, "2"), (core.ABSTAIN, "3"))
NOT_VOTED = bilingual("未投票", "Not voted")
PASSED = bilingual("通过", "Passed")
NOT_PASSED = bilingual("未通过", "Not passed")

T_AREA = bilingual("面积（㎡）", "Area (m²)")
T_AREA_SHARE = bilingual("面积占比", "Area share")
T_COUNT = bilingual("人数", "Owners")
T_COUNT_SHARE = bilingual("人数占比", "Owner share")
TALLY_ROWS = (
    ("yes", bilingual("同意", "Agree")),
    ("no", bilingual("反对", "Disagree")),
    ("abstain", bilingual("弃权", "Abstain")),
    ("part", bilingual("参与表决", "Took part")),
    ("rest", bilingual("未投票", "Not voted")),
    ("total", bilingual("全体业主", "All owners")),
)
T_TALLY_NOTE = bilingual(
    "同意、反对、弃权按参与表决的面积和人数计比例；参与表决、未投票按全体业主计比例。"
    "一户多名共有人计一人，一人多套计一人，建设单位未售房屋合计一人。",
    "Agree, disagree and abstain are shares of those who took part; took part and not voted"
    " are shares of all owners. Co-owners count as one, an owner of several units as one,"
    " the developer's unsold units together as one.",
)
T_NO_VOTE = bilingual("选择一项表决查看计票。", "Choose a vote to see its tally.")
T_QUORUM = bilingual(
    "参与表决：面积 {area}、人数 {count}（须均达三分之二以上）：{state}",
    "Took part: {area} of the area, {count} of the owners (two thirds of each needed): {state}",
)
T_MET = bilingual("已达到", "met")
T_NOT_MET = bilingual("未达到", "not met")
T_RULE = {
    core.ORDINARY: bilingual(
        "一般事项：须参与表决的专有面积和人数均过半数同意",
        "Ordinary matter: more than half of the participating area and owners must agree",
    ),
    core.SPECIAL: bilingual(
        "特别事项：须参与表决的专有面积和人数均达四分之三以上同意",
        "Special matter: three quarters or more of the participating area and owners must agree",
    ),
}
T_LIVE_RESULT = bilingual("按目前的表决票：{result}", "With the ballots in now: {result}")
T_CLOSED_RESULT = bilingual(
    "表决已于 {date} 结束，结果：{result}", "The vote closed on {date}; result: {result}"
)
T_WOULD_PASS = bilingual("可通过", "it would pass")
T_NOT_YET = bilingual("尚未通过", "not passed yet")
T_MISSING_NONE = bilingual("已满足通过条件。", "Nothing is missing: the vote passes as it stands.")
T_MISSING = bilingual(
    "尚缺：至少还需 {count} 位业主同意，同意的专有面积至少还需 {area} ㎡。",
    "Still missing: at least {count} more owner(s) and {area} m² must agree.",
)
T_MISSING_QUORUM = bilingual(
    "（其中参与表决还差 {count} 人、{area} ㎡。）",
    " (Of these, {count} more owner(s) and {area} m² must take part.)",
)
T_IMPOSSIBLE = bilingual(
    "即使其余 {count} 位业主全部同意，也无法通过。",
    "Even if all {count} owner(s) who have not voted agree, the vote cannot pass.",
)

# -- small helpers ----------------------------------------------------------------------------


def pct(part: int, whole: int) -> str:
    """part / whole as a percentage with two decimals, cut (never rounded up, so a share shown
    as 66.66% is below two thirds and one shown at 50.00% is not more than half); '—' if 0."""
    if whole <= 0:
        return "—"
    q = part * 10_000 // whole
    return f"{q // 100}.{q % 100:02d}%"


def label_of(table: dict[str, Text], code: str | None) -> str:
    if code is None:
        return ""
    t = table.get(code)
    return t.format() if t is not None else code


def opinion_text(opinion: str | None) -> str:
    return NOT_VOTED.format() if opinion is None else label_of(core.OPINIONS, opinion)


def result_text(passed: bool | None) -> str:
    if passed is None:
        return ""
    return (PASSED if passed else NOT_PASSED).format()


# -- rows the tables show ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class VoteRow:
    """A vote of the list with its tally (frozen if closed, live if open)."""

    info: VoteInfo
    tally: Tally

    @property
    def id(self) -> int:
        return self.info.id


@dataclass(frozen=True, slots=True)
class VoterRow:
    """One owner-person of a vote's frozen roster with the ballot that counts (if any)."""

    seq: int
    name: str
    units: tuple[str, ...]
    unit_owners: tuple[str, ...]  # who holds each unit, as "张三、李四"
    owners: str
    area: int
    opinion: str | None
    date: date | None
    collector: str
    origin: str
    evidence: str | None
    ballot_id: int | None
    changes: int  # ballots of this person replaced so far

    @property
    def unit(self) -> str:
        return self.units[0] if self.units else ""


def vote_rows(session: Session, compound_id: int | None = None) -> list[VoteRow]:
    out = []
    for info in votes.list_votes(session, compound_id):
        out.append(VoteRow(info, votes.result(session, votes.get_vote(session, info.id))))
    return out


def voter_rows(session: Session, vote_id: int) -> list[VoterRow]:
    vote = votes.get_vote(session, vote_id)
    live: dict[int, BallotRow] = {}
    changes: dict[int, int] = {}
    for b in votes.ballots(session, vote):
        if b.live:
            live[b.voter_seq] = b
        else:
            changes[b.voter_seq] = changes.get(b.voter_seq, 0) + 1
    out = []
    for f in votes.ballot_forms(session, vote):
        b = live.get(f.seq)
        owners = "、".join(dict.fromkeys(n for o in f.owners for n in o.split("、")))
        out.append(VoterRow(
            f.seq, f.name, f.units, f.owners, owners, f.area, f.opinion, f.ballot_date,
            b.collector if b else "", b.origin if b else "", b.evidence_sha256 if b else None,
            b.id if b else None, changes.get(f.seq, 0),
        ))  # fmt: skip
    return out


def unit_items(rows: list[VoterRow]) -> list[tuple[str, str]]:
    """The picker's items: every unit of the roster as 'code owners'."""
    return [(u, f"{u} {o}") for r in rows for u, o in zip(r.units, r.unit_owners, strict=True)]


VOTE_COLUMNS = (
    Column("id", bilingual("编号", "No."), align=CENTER, value=lambda r: r.info.id, width=5),
    Column("compound", bilingual("小区", "Compound"), value=lambda r: r.info.compound),
    Column("matter", bilingual("表决事项", "Matter"), value=lambda r: r.info.matter,
           fmt=lambda m: label_of(MATTER_SHORT, m), tip=lambda m: label_of(core.MATTERS, m),
           width=15),
    Column("kind", bilingual("类别", "Kind"), align=CENTER, value=lambda r: r.info.kind,
           fmt=lambda k: label_of(KIND_SHORT, k)),
    Column("title", bilingual("议题", "Subject"), value=lambda r: r.info.title, stretch=True),
    Column("method", bilingual("方式", "Method"), value=lambda r: r.info.method,
           fmt=lambda m: label_of(METHOD_SHORT, m)),
    Column("opens", bilingual("开始", "Opens"), align=CENTER, value=lambda r: r.info.opens,
           fmt=fmt_date),
    Column("closes", bilingual("截止", "Closes"), align=CENTER, value=lambda r: r.info.closes,
           fmt=fmt_date),
    Column("status", bilingual("状态", "Status"), align=CENTER, value=lambda r: r.info.status,
           fmt=lambda s: label_of(STATUS, s)),
    Column("part_area", bilingual("参与率(面积)", "Turnout m²"), align=RIGHT, width=12,
           value=lambda r: (r.tally.part_area * 10_000 // max(r.tally.total_area, 1)),
           fmt=lambda q: f"{q // 100}.{q % 100:02d}%"),
    Column("part_count", bilingual("参与率(人数)", "Turnout owners"), align=RIGHT, width=12,
           value=lambda r: (r.tally.part_count * 10_000 // max(r.tally.total_count, 1)),
           fmt=lambda q: f"{q // 100}.{q % 100:02d}%"),
    Column("result", bilingual("结果", "Result"), align=CENTER,
           value=lambda r: r.info.passed if r.info.status == "closed" else None,
           fmt=result_text),
)  # fmt: skip

VOTER_COLUMNS = (
    Column("seq", bilingual("序号", "No."), align=CENTER, width=5),
    Column("units", bilingual("房屋", "Units"), value=lambda r: "、".join(r.units), width=10),
    Column("name", bilingual("业主", "Owner"), width=10),
    Column("owners", bilingual("产权人", "Title holders"), hidden=True),
    Column("area", bilingual("专有面积(㎡)", "Area (m²)"), align=RIGHT, fmt=format_area,
           width=10),
    Column("opinion", bilingual("意见", "Opinion"), align=CENTER, width=8,
           value=lambda r: r.opinion or "", fmt=lambda o: opinion_text(o or None)),
    Column("date", bilingual("日期", "Date"), align=CENTER, fmt=fmt_date, width=10),
    Column("collector", bilingual("收集人", "Collected by"), width=14),
    Column("origin", bilingual("来源", "Source"), hidden=True),
    Column("evidence", bilingual("扫描件", "Scan"), align=CENTER, width=6,
           fmt=lambda h: bilingual("有", "Yes").format() if h else ""),
    Column("changes", bilingual("更改次数", "Changes"), align=CENTER, width=8,
           fmt=lambda n: str(n) if n else ""),
)  # fmt: skip

HISTORY_COLUMNS = (
    Column("id", bilingual("表决票号", "Ballot"), align=CENTER, width=7),
    Column("voter", bilingual("业主", "Owner")),
    Column("unit", bilingual("房屋", "Unit")),
    Column("opinion", bilingual("意见", "Opinion"), align=CENTER, fmt=opinion_text),
    Column("date", bilingual("日期", "Date"), align=CENTER, fmt=fmt_date),
    Column("collector", bilingual("收集人", "Collected by")),
    Column("origin", bilingual("来源", "Source")),
    Column("live", bilingual("状态", "Status"), align=CENTER,
           fmt=lambda v: (bilingual("有效", "Counts") if v else bilingual("已被替换", "Replaced")).format()),
    Column("replace_reason", bilingual("更改原因", "Reason for the change"), stretch=True),
    Column("evidence_sha256", bilingual("扫描件 SHA-256", "Scan SHA-256"), hidden=True),
)  # fmt: skip


def voter_model(parent: QObject | None = None) -> DeskTableModel:
    return DeskTableModel(
        VOTER_COLUMNS, parent, foreground=lambda r: MUTED_BRUSH if r.opinion is None else None
    )


# -- the live tally ---------------------------------------------------------------------------
class TallyPanel(QFrame):
    """Totals, participation and agree/disagree/abstain by area and by owner-person, the quorum,
    the result and what is still missing to pass; `show_tally` after every ballot."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statCard")
        self.tally: Tally | None = None
        self.closed_on: date | None = None
        self.title = QLabel()
        self.title.setObjectName("statCaption")
        self.title.setWordWrap(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(3)
        self.heads = [QLabel() for _ in range(4)]
        for i, h in enumerate(self.heads):
            h.setObjectName("statCaption")
            h.setAlignment(RIGHT)
            grid.addWidget(h, 0, i + 1)
        self.row_labels: dict[str, QLabel] = {}
        self.cells: dict[tuple[str, str], QLabel] = {}
        for r, (key, _t) in enumerate(TALLY_ROWS, start=1):
            lbl = QLabel()
            self.row_labels[key] = lbl
            grid.addWidget(lbl, r, 0)
            for c, part in enumerate(("area", "area_share", "count", "count_share"), start=1):
                v = QLabel()
                v.setAlignment(RIGHT)
                v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                if key in ("yes", "part"):
                    v.setStyleSheet("font-weight: bold;")
                self.cells[(key, part)] = v
                grid.addWidget(v, r, c)
        grid.setColumnStretch(5, 1)
        self.quorum = QLabel()
        self.rule = QLabel()
        self.result = QLabel()
        self.result.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.missing = QLabel()
        self.note = QLabel()
        self.note.setObjectName("muted")
        for w in (self.quorum, self.rule, self.result, self.missing, self.note):
            w.setWordWrap(True)
        col = QVBoxLayout(self)
        col.addWidget(self.title)
        col.addLayout(grid)
        col.addSpacing(4)
        col.addWidget(self.quorum)
        col.addWidget(self.rule)
        col.addWidget(self.result)
        col.addWidget(self.missing)
        col.addWidget(self.note)
        col.addStretch(1)
        self.retranslate()

    def show_tally(
        self, t: Tally | None, *, closed_on: date | None = None, title: str = ""
    ) -> None:
        self.tally, self.closed_on = t, closed_on
        self.title.setText(title)
        self.title.setVisible(bool(title))
        self._fill()

    def _fill(self) -> None:
        t = self.tally
        for v in self.cells.values():
            v.setText("")
        for w in (self.rule, self.result, self.missing):
            w.setVisible(t is not None)
        if t is None:
            self.quorum.setText(T_NO_VOTE.format())
            return
        figures = {
            "yes": (t.yes_area, t.yes_count, t.part_area, t.part_count),
            "no": (t.no_area, t.no_count, t.part_area, t.part_count),
            "abstain": (t.abstain_area, t.abstain_count, t.part_area, t.part_count),
            "part": (t.part_area, t.part_count, t.total_area, t.total_count),
            "rest": (t.total_area - t.part_area, t.total_count - t.part_count, t.total_area,
                     t.total_count),
            "total": (t.total_area, t.total_count, t.total_area, t.total_count),
        }  # fmt: skip
        for key, (area, count, area_of, count_of) in figures.items():
            self.cells[(key, "area")].setText(format_area(area))
            self.cells[(key, "area_share")].setText(pct(area, area_of))
            self.cells[(key, "count")].setText(str(count))
            self.cells[(key, "count_share")].setText(pct(count, count_of))
        self.quorum.setText(T_QUORUM.format(
            area=pct(t.part_area, t.total_area), count=pct(t.part_count, t.total_count),
            state=(T_MET if t.quorum else T_NOT_MET).format()))  # fmt: skip
        self.rule.setText(T_RULE[t.kind].format())
        passed = (PASSED if t.passed else NOT_PASSED).format()
        if self.closed_on is not None:
            self.result.setText(T_CLOSED_RESULT.format(date=self.closed_on, result=passed))
        else:
            self.result.setText(
                T_LIVE_RESULT.format(result=(T_WOULD_PASS if t.passed else T_NOT_YET).format())
            )
        color = "#2e7d32" if t.passed else "#c62828"
        self.result.setStyleSheet(f"font-size: 16px; font-weight: bold; color: {color};")
        self.missing.setVisible(self.closed_on is None)
        self.missing.setText(self.missing_text(t))

    @staticmethod
    def missing_text(t: Tally) -> str:
        m = t.missing
        if t.passed:
            return T_MISSING_NONE.format()
        if not m.possible:
            return T_IMPOSSIBLE.format(count=t.total_count - t.part_count)
        text = T_MISSING.format(count=m.pass_count, area=format_area(m.pass_area))
        if not t.quorum:
            text += T_MISSING_QUORUM.format(count=m.part_count, area=format_area(m.part_area))
        return text

    def retranslate(self) -> None:
        for h, t in zip(self.heads, (T_AREA, T_AREA_SHARE, T_COUNT, T_COUNT_SHARE), strict=True):
            h.setText(t.format())
        for key, t in TALLY_ROWS:
            self.row_labels[key].setText(t.format())
        self.note.setText(T_TALLY_NOTE.format())
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


# -- the ballot entry -------------------------------------------------------------------------
T_UNIT = bilingual("房屋/业主：", "Unit / owner:")
T_UNIT_HINT = bilingual(
    "输入房号或业主姓名的一部分，回车选定", "Type part of a unit code or owner name, Enter"
)
T_OPINION = bilingual("意见：", "Opinion:")
T_DATE = bilingual("日期：", "Date:")
T_COLLECTOR = bilingual("收集人：", "Collected by:")
T_EVIDENCE = bilingual("扫描件：", "Scan:")
T_EVIDENCE_HINT = bilingual("签字表决票的扫描件（可不填）", "The signed form's scan (optional)")
T_KEEP = bilingual("存入账簿", "Keep in the book")
T_BROWSE = bilingual("浏览…", "Browse…")
T_REASON = bilingual("更改原因：", "Reason for the change:")
T_REASON_HINT = bilingual(
    "例：业主本人书面更正意见", "e.g. the owner corrected the form in writing"
)
T_RECORD = bilingual("登记表决票 (Enter)", "Record the ballot (Enter)")
T_KEYS = bilingual(
    "键盘：输入房号或姓名 → 回车 → 按 1 同意 / 2 反对 / 3 弃权 → 回车登记。",
    "Keyboard: type a unit or name → Enter → 1 agree / 2 disagree / 3 abstain → Enter records.",
)
T_CHOOSE_UNIT = bilingual(
    "请选择房屋：输入房号或业主姓名的一部分，从列表中选定",
    "Choose the unit: type part of its code or the owner's name and pick it",
)
T_CHOOSE_OPINION = bilingual(
    "请选择意见：1 同意 / 2 反对 / 3 弃权", "Choose the opinion: 1 agree / 2 disagree / 3 abstain"
)
T_CLOSED = bilingual("表决已结束，不能再登记表决票。", "The vote is closed: no more ballots.")
T_VOTER = bilingual(
    "业主「{name}」：{units}，专有面积 {area} ㎡", 'Owner "{name}": {units}, {area} m²'
)
T_VOTER_VOTED = bilingual(
    "已于 {date} 投票：{opinion}（表决票 {id}）；改投须填写原因",
    "voted {opinion} on {date} (ballot {id}); a change needs a reason",
)
T_VOTER_NOT_VOTED = bilingual("尚未投票", "has not voted")
T_SEP = bilingual("；", "; ")
T_RECORDED = bilingual(
    "已登记表决票 {id}：{unit} {name} — {opinion}",
    "Ballot {id} recorded: {unit} {name} — {opinion}",
)
T_REPLACED = bilingual("（替换表决票 {old}）", " (replaces ballot {old})")
T_UNCHANGED = bilingual(
    "{unit} {name} 已投「{opinion}」，意见相同，未作更改",
    '{unit} {name} already voted "{opinion}": nothing changed',
)
T_NEED_REASON_HERE = bilingual(
    "请填写更改原因，再按回车", "Give the reason for the change, then Enter"
)


class OpinionChooser(QWidget):
    """同意 / 反对 / 弃权 as three buttons; the keys 1, 2, 3 (and ←/→) choose while focused."""

    changed = Signal(object)  # the opinion or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for opinion, _key in OPINION_KEYS:
            b = QPushButton()
            b.setCheckable(True)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the chooser itself takes the keys
            b.clicked.connect(lambda _c=False, o=opinion: self.set_value(o))
            self.group.addButton(b)
            self.buttons[opinion] = b
            row.addWidget(b)
        row.addStretch(1)
        self.retranslate()

    def value(self) -> str | None:
        return next((o for o, b in self.buttons.items() if b.isChecked()), None)

    def set_value(self, opinion: str | None) -> None:
        if opinion is None:
            self.group.setExclusive(False)
            for b in self.buttons.values():
                b.setChecked(False)
            self.group.setExclusive(True)
        else:
            self.buttons[opinion].setChecked(True)
        self.changed.emit(opinion)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        keys = {Qt.Key.Key_1: core.AGREE, Qt.Key.Key_2: core.DISAGREE, Qt.Key.Key_3: core.ABSTAIN}
        order = [o for o, _ in OPINION_KEYS]
        key = Qt.Key(event.key())
        if key in keys:
            self.set_value(keys[key])
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            cur = self.value()
            i = order.index(cur) if cur else -1
            step = 1 if key == Qt.Key.Key_Right else -1
            self.set_value(order[(i + step) % len(order)] if cur else order[0])
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: Any) -> None:
        super().focusInEvent(event)
        self.setStyleSheet("OpinionChooser { border: 2px solid #5b8fd6; border-radius: 4px; }")

    def focusOutEvent(self, event: Any) -> None:
        super().focusOutEvent(event)
        self.setStyleSheet("")

    def retranslate(self) -> None:
        for opinion, key in OPINION_KEYS:
            self.buttons[opinion].setText(f"{key} {core.OPINIONS[opinion].format()}")


class BallotEntry(QWidget):
    """The clerk's ballot form, keyboard only: unit or name, Enter, 1/2/3, Enter records.

    The collector and date stay for the next form (a round of forms from one collector). A
    replacement is asked for its reason right here; a refusal is shown in red, nothing written.
    """

    recorded = Signal(object)  # CastResult

    def __init__(self, book: Book, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.vote_id: int | None = None
        self.vote_open = False
        self.rows: list[VoterRow] = []
        self._voter_of: dict[str, VoterRow] = {}
        self.last: CastResult | None = None

        self.picker = SearchPicker()
        self.picker.setMinimumWidth(280)
        self.picker.picked.connect(self._on_picked)
        self._advance = False  # Enter in the picker: move on to the opinion once it settles
        self.picker.lineEdit().returnPressed.connect(self._picker_enter)
        self.voter_info = QLabel()
        self.voter_info.setObjectName("muted")
        self.voter_info.setWordWrap(True)
        self.opinion = OpinionChooser()
        self.on = DateEdit(date.today())
        self.collector = QLineEdit()
        self.collector.setMaxLength(64)
        self.evidence = QLineEdit()
        self.browse_button = QPushButton()
        self.browse_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.browse_button.clicked.connect(lambda: self.browse())
        self.keep = QCheckBox()
        self.keep.setChecked(True)
        self.keep.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        evidence_row = QHBoxLayout()
        evidence_row.addWidget(self.evidence, 1)
        evidence_row.addWidget(self.browse_button)
        evidence_row.addWidget(self.keep)
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.problem = QLabel()
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.done = QLabel()
        self.done.setWordWrap(True)
        self.done.setStyleSheet("color: #2e7d32; font-weight: bold;")
        self.record_button = QPushButton()
        self.record_button.setObjectName("recordBallot")
        self.record_button.clicked.connect(lambda: self.record())
        self.keys = QLabel()
        self.keys.setObjectName("muted")
        self.keys.setWordWrap(True)

        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.captions: dict[str, QLabel] = {}
        for key, w in (("unit", self.picker), ("info", self.voter_info),
                       ("opinion", self.opinion), ("date", self.on),
                       ("collector", self.collector), ("evidence", evidence_row),
                       ("reason", self.reason)):  # fmt: skip
            cap = QLabel()
            self.captions[key] = cap
            if isinstance(w, QWidget):
                cap.setBuddy(w)
            self.form.addRow(cap, w)
        self.form.setRowVisible(self.reason, False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keys, 1)
        buttons.addWidget(self.record_button)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addLayout(self.form)
        col.addWidget(self.problem)
        col.addLayout(buttons)
        col.addWidget(self.done)

        for w in (self.picker.lineEdit(), self.opinion, self.on, self.collector, self.evidence,
                  self.reason, self.record_button):  # fmt: skip
            w.installEventFilter(self)
        for opinion, key in OPINION_KEYS:  # Alt+1/2/3 from any field of the form
            sc = QShortcut(QKeySequence(f"Alt+{key}"), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(lambda o=opinion: self.opinion.set_value(o))
        self.setTabOrder(self.picker, self.opinion)
        self.setTabOrder(self.opinion, self.on)
        self.setTabOrder(self.on, self.collector)
        self.setTabOrder(self.collector, self.evidence)
        self.setTabOrder(self.evidence, self.reason)
        self.setTabOrder(self.reason, self.record_button)
        self.retranslate()
        self._show_voter(None)

    # reading ---------------------------------------------------------------------------------
    def set_vote(self, vote_id: int | None) -> None:
        """Show the roster of a vote (again, after a ballot or on another vote)."""
        changed = vote_id != self.vote_id
        self.vote_id = vote_id
        rows: list[VoterRow] = []
        info: VoteInfo | None = None
        if vote_id is not None:
            with self.book.read() as s:
                info = votes.info(s, votes.get_vote(s, vote_id))
                rows = voter_rows(s, vote_id)
        self.rows = rows
        self._voter_of = {u: r for r in rows for u in r.units}
        self.vote_open = info is not None and info.status == "open"
        keep = None if changed else self.picker.current_key()
        self.picker.set_items(unit_items(rows))
        if keep is not None:
            self.picker.set_current_key(keep)
        if changed and info is not None:
            self.on.set_value(min(max(date.today(), info.opens), info.closes))
        for w in (self.picker, self.opinion, self.on, self.collector, self.evidence,
                  self.record_button):  # fmt: skip
            w.setEnabled(self.vote_open)
        if info is not None and not self.vote_open:
            self._problem(T_CLOSED.format())
        elif changed:
            self._problem("")
        self._show_voter(self.picker.current_key())

    def voter(self) -> VoterRow | None:
        key = self.picker.current_key()
        return self._voter_of.get(key) if isinstance(key, str) else None

    # the flow --------------------------------------------------------------------------------
    def pick(self, unit_code: str) -> None:
        """Choose a unit as typing and picking it would."""
        self.picker.set_current_key(unit_code)
        self._on_picked(unit_code)

    def _picker_enter(self) -> None:
        self._advance = True

    def _on_picked(self, key: object) -> None:
        self._show_voter(key)
        self._ask_reason(False)
        advance, self._advance = self._advance, False
        if key is not None and (advance or self.picker.lineEdit().hasFocus()):
            self.opinion.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_voter(self, key: object) -> None:
        r = self._voter_of.get(key) if isinstance(key, str) else None
        if r is None:  # the picker's placeholder says how to choose one: not said twice
            self.voter_info.setText("")
            return
        text = T_VOTER.format(name=r.name, units="、".join(r.units), area=format_area(r.area))
        if r.opinion is None:
            text += T_SEP.format() + T_VOTER_NOT_VOTED.format()
        else:
            text += T_SEP.format() + T_VOTER_VOTED.format(
                date=r.date, opinion=opinion_text(r.opinion), id=r.ballot_id
            )
        self.voter_info.setText(text)

    def browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, T_EVIDENCE_HINT.format(), str(documents_dir()),
            "Scans (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;*",
        )  # fmt: skip
        if name:
            self.evidence.setText(name)

    def _problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _ask_reason(self, on: bool, message: str = "") -> None:
        self.form.setRowVisible(self.reason, on)
        if not on:
            self.reason.clear()
            return
        self._problem(message + "\n" + T_NEED_REASON_HERE.format())
        self.reason.setFocus(Qt.FocusReason.OtherFocusReason)

    def record(self) -> CastResult | None:
        """登记 (Enter): one transaction; the tally and the lists refresh after it."""
        self._problem("")
        self.done.setText("")
        if self.vote_id is None or not self.vote_open:
            self._problem(T_CLOSED.format())
            return None
        unit = self.picker.current_key()
        if not isinstance(unit, str):
            self._problem(T_CHOOSE_UNIT.format())
            self.picker.setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        opinion = self.opinion.value()
        if opinion is None:
            self._problem(T_CHOOSE_OPINION.format())
            self.opinion.setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        reason = self.reason.text().strip() if self.reason.isVisibleTo(self) else ""
        vote_id, on, collector = self.vote_id, self.on.value(), self.collector.text().strip()
        try:
            evidence = None
            if self.evidence.text().strip():
                evidence = votes.evidence_from_file(
                    self.evidence.text().strip(), keep=self.keep.isChecked()
                )
            with self.book.write() as s:
                result = votes.cast_ballot(
                    s, votes.get_vote(s, vote_id), unit, opinion, on,
                    collector=collector or None, evidence=evidence,
                    replace_reason=reason or None,
                )  # fmt: skip
        except UserError as exc:
            if exc.text is votes.T_NEEDS_REASON:
                self._ask_reason(True, exc.message)
            else:
                self._problem(exc.message)
            return None
        except Exception as exc:
            show_error(exc, self)
            return None
        self.last = result
        name = self._voter_of[unit].name if unit in self._voter_of else result.voter
        if result.unchanged:
            self.done.setText(
                T_UNCHANGED.format(unit=unit, name=name, opinion=opinion_text(opinion))
            )
        else:
            text = T_RECORDED.format(
                id=result.ballot_id, unit=unit, name=name, opinion=opinion_text(opinion)
            )
            if result.replaced_id is not None:
                text += T_REPLACED.format(old=result.replaced_id)
            self.done.setText(text)
        self._ask_reason(False)
        self.evidence.clear()
        self.opinion.set_value(None)
        self.picker.set_current_key(None)
        self.set_vote(vote_id)
        self.picker.setFocus(Qt.FocusReason.OtherFocusReason)
        if not result.unchanged:
            signals().data_changed.emit()
        self.recorded.emit(result)
        return result

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            if obj is self.picker.lineEdit():
                return False  # the picker settles on Enter, then moves on (_on_picked)
            self.record()
            return True
        return super().eventFilter(obj, event)

    def retranslate(self) -> None:
        for key, t in (("unit", T_UNIT), ("opinion", T_OPINION), ("date", T_DATE),
                       ("collector", T_COLLECTOR), ("evidence", T_EVIDENCE),
                       ("reason", T_REASON)):  # fmt: skip
            self.captions[key].setText(t.format())
        self.picker.lineEdit().setPlaceholderText(T_UNIT_HINT.format())
        self.evidence.setPlaceholderText(T_EVIDENCE_HINT.format())
        self.browse_button.setText(T_BROWSE.format())
        self.keep.setText(T_KEEP.format())
        self.reason.setPlaceholderText(T_REASON_HINT.format())
        self.record_button.setText(T_RECORD.format())
        self.keys.setText(T_KEYS.format())
        self.opinion.retranslate()
        self._show_voter(self.picker.current_key())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


# -- dialogs ----------------------------------------------------------------------------------
T_BALLOT_TITLE = bilingual("登记表决票 — {title}", "Record ballots — {title}")
T_CLOSE = bilingual("关闭", "Close")


class BallotDialog(QDialog):
    """The ballot entry with the vote's live tally beside it; stays open for the next form."""

    def __init__(
        self, book: Book, vote_id: int, unit: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.book = book
        self.vote_id = vote_id
        self.entry = BallotEntry(book)
        self.tally = TallyPanel()
        close = QPushButton(T_CLOSE.format())
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.entry, 3)
        row.addWidget(self.tally, 2)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        col = QVBoxLayout(self)
        col.addLayout(row, 1)
        col.addLayout(buttons)
        self.entry.recorded.connect(lambda _r: self.refresh_tally())
        self.entry.set_vote(vote_id)
        self.refresh_tally()
        self.resize(1000, 520)
        if unit is not None and self.entry.vote_open:
            self.entry.pick(unit)
            self.entry.opinion.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.entry.picker.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh_tally(self) -> None:
        with self.book.read() as s:
            vote = votes.get_vote(s, self.vote_id)
            info = votes.info(s, vote)
            t = votes.result(s, vote)
        self.setWindowTitle(T_BALLOT_TITLE.format(title=info.title))
        self.tally.show_tally(t, closed_on=info.closed_on, title=f"{info.compound} · {info.title}")


T_HISTORY_TITLE = bilingual("表决票记录 — {who}", "Ballots — {who}")


class BallotHistoryDialog(QDialog):
    """Every ballot of a vote (or of one owner-person), replaced ones with their reason."""

    def __init__(
        self, book: Book, vote_id: int, seq: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        with book.read() as s:
            vote = votes.get_vote(s, vote_id)
            rows = [b for b in votes.ballots(s, vote) if seq is None or b.voter_seq == seq]
            who = votes.info(s, vote).title
        if seq is not None and rows:
            who = rows[0].voter
        self.setWindowTitle(T_HISTORY_TITLE.format(who=who))
        self.model = DeskTableModel(
            HISTORY_COLUMNS, self, foreground=lambda b: None if b.live else MUTED_BRUSH
        )
        self.view = TableView(self.model, self, name="ballot_history")
        self.model.set_rows(rows)
        close = QPushButton(T_CLOSE.format())
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        col = QVBoxLayout(self)
        col.addWidget(self.view, 1)
        col.addLayout(buttons)
        self.resize(900, 400)


T_CLOSE_TITLE = bilingual("结束表决", "Close the vote")
T_CLOSE_ON = bilingual("结束日期：", "Closing date:")
T_CLOSE_WARN = bilingual(
    "结束后按下列表决票计票，结果即冻结，不能再登记或更改表决票。",
    "Closing counts the ballots below once and freezes the result; no ballot can be added or"
    " changed afterwards.",
)


class CloseVoteDialog(FormDialog):
    """结束表决: the date, the tally as it will be frozen, a plain warning; OK closes it."""

    def __init__(self, book: Book, vote_id: int, parent: QWidget | None = None) -> None:
        super().__init__(book, parent, T_CLOSE_TITLE.format())
        self.vote_id = vote_id
        with book.read() as s:
            vote = votes.get_vote(s, vote_id)
            info = votes.info(s, vote)
            t = votes.live_tally(s, vote)
        self.info = info
        head = QLabel(f"<b>{info.compound}</b> · {info.title}<br>{info.matter_text}"
                      f"（{label_of(KIND_SHORT, info.kind)}）")  # fmt: skip
        head.setWordWrap(True)
        self.form.addRow(head)
        self.tally = TallyPanel()
        self.tally.show_tally(t)
        self.form.addRow(self.tally)
        warn = QLabel(T_CLOSE_WARN.format())
        warn.setObjectName("errorText")
        warn.setWordWrap(True)
        self.form.addRow(warn)
        self.on = DateEdit(min(date.today(), info.closes))
        self.add_field("on", T_CLOSE_ON.format(), self.on)
        self.ok_button.setText(T_CLOSE_TITLE.format())
        self.setMinimumWidth(620)

    def save(self, session: Session) -> votes.Announcement:
        return votes.close_vote(session, votes.get_vote(session, self.vote_id), self.on.value())

    def field_of(self, exc: UserError) -> str | None:
        if exc.text in (votes.T_CLOSE_EARLY, votes.T_CLOSE_BEFORE, votes.T_CLOSE_BEFORE_BALLOT):
            return "on"
        return None


# -- printing ---------------------------------------------------------------------------------
T_PRINT_ANNOUNCEMENT = bilingual("打印表决结果公告", "Print the result announcement")
T_PRINT_FORMS = bilingual("打印入户表决票", "Print the door-to-door ballot forms")
T_ANNOUNCEMENT_DOC = bilingual("表决结果公告 — {title}", "Result announcement — {title}")
T_FORMS_DOC = bilingual("表决票 — {title}", "Ballot forms — {title}")


def print_vote(
    book: Book, vote_id: int, what: str, parent: QWidget | None = None
) -> PrintPreviewDialog | None:
    """The announcement ("announcement") or the pre-filled ballot forms ("forms") of a vote,
    made as a PDF and shown in the print preview."""
    from propdesk.reports.pdf.votes import render_announcement, render_ballot_forms

    buf = io.BytesIO()
    try:
        with book.read() as s:
            vote = votes.get_vote(s, vote_id)
            title = vote.title
            company = get_meta(s, "company_name", DEFAULT_COMPANY) or DEFAULT_COMPANY
            if what == "announcement":
                render_announcement(votes.announcement(s, vote), buf, company=company)
            else:
                render_ballot_forms(votes.ballot_forms(s, vote), buf, company=company)
    except Exception as exc:
        show_error(exc, parent)
        return None
    if what == "announcement":
        doc, name = T_ANNOUNCEMENT_DOC.format(title=title), f"表决结果公告-{vote_id}.pdf"
    else:
        doc, name = T_FORMS_DOC.format(title=title), f"表决票-{vote_id}.pdf"
    return show_print_preview(buf.getvalue(), title=doc, suggested_name=name, parent=parent)


# -- the ballot sheet -------------------------------------------------------------------------
T_SHEET_TITLE = bilingual("导入表决票汇总表", "Import a ballot sheet")
T_SHEET_INTRO = bilingual(
    "选择表决票汇总表（.xlsx，表头：小区 | 楼栋 | 单元 | 房号 | 业主 | 意见 | 日期）。"
    "先检查，不写入任何数据：每处问题都列出 Excel 中的行号；只有没有问题的表格才能导入。",
    "Choose the ballot sheet (.xlsx with the headers 小区 | 楼栋 | 单元 | 房号 | 业主 | 意见 | 日期)."
    " It is checked first and nothing is written: every problem is listed with the row number"
    " Excel shows. Only a sheet without problems can be imported.",
)
T_SHEET_PATH = bilingual(".xlsx 文件路径", "Path of the .xlsx file")
T_SHEET_COLLECTOR = bilingual("收集人（可不填）：", "Collected by (optional):")
T_CHECK = bilingual("检查表格", "Check the sheet")
T_CHOOSE_FIRST = bilingual("请先选择文件。", "Choose a file first.")
T_RETRY = bilingual("已修改表格，重新检查", "Fixed the sheet: check again")
T_EXPORT_PROBLEMS = bilingual("导出问题清单…", "Export the problem list…")
T_OTHER_FILE = bilingual("选择其他文件…", "Choose another file…")
T_SUMMARY = bilingual("表格没有问题。导入将会：", "The sheet has no problems. The import will:")
T_SUM_FILE = bilingual("文件：", "File:")
T_SUM_NEW = bilingual("新登记表决票：", "New ballots:")
T_SUM_SAME = bilingual(
    "已登记且意见相同（不变）：", "Already in with the same opinion (unchanged):"
)
T_SUM_ROWS = bilingual("读取行数：", "Rows read:")
T_IMPORT = bilingual("导入", "Import")
T_BACK = bilingual("返回", "Back")
T_CHECKING = bilingual("正在检查表决票汇总表", "Checking the ballot sheet")
T_IMPORTING = bilingual("正在导入表决票", "Importing the ballots")
T_IMPORTED = bilingual(
    "已导入 {created} 张表决票；{unchanged} 张已登记、意见相同，未作更改。",
    "Imported {created} ballots; {unchanged} were already in with the same opinion.",
)


class BallotSheetDialog(QDialog):
    """Check the sheet first (nothing written), list every bad row, import only a clean sheet;
    the problem list, its export and the "fix and check again" path are the roster wizard's."""

    CHOOSE, PROBLEMS, SUMMARY, DONE = range(4)

    def __init__(self, book: Book, vote_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.vote_id = vote_id
        self.path: Path | None = None
        self.problems: tuple[Problem, ...] = ()
        self.summary: ImportResult | None = None
        self.result_: ImportResult | None = None
        self.op: Op[ImportResult] | None = None
        self.setWindowTitle(T_SHEET_TITLE.format())
        self.resize(860, 560)
        self.stack = QStackedWidget()
        for page in (self._choose_page(), self._problems_page(), self._summary_page(),
                     self._done_page()):  # fmt: skip
            self.stack.addWidget(page)
        QVBoxLayout(self).addWidget(self.stack)

    def _buttons(self, *widgets: QWidget | None) -> QHBoxLayout:
        row = QHBoxLayout()
        for w in widgets:
            if w is None:
                row.addStretch(1)
            else:
                row.addWidget(w)
        return row

    def _button(self, text: Text, slot: Callable[[], object], default: bool = False) -> QPushButton:
        b = QPushButton(text.format())
        b.setDefault(default)
        b.clicked.connect(lambda _c=False: slot())
        return b

    def _choose_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel(T_SHEET_INTRO.format())
        intro.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(T_SHEET_PATH.format())
        self.path_edit.returnPressed.connect(self.check)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self._button(T_BROWSE, self.browse))
        self.collector = QLineEdit()
        self.collector.setMaxLength(64)
        form = QFormLayout()
        form.addRow(T_SHEET_COLLECTOR.format(), self.collector)
        self.choose_error = QLabel()
        self.choose_error.setObjectName("errorText")
        self.choose_error.setWordWrap(True)
        self.choose_error.setVisible(False)
        self.check_button = self._button(T_CHECK, self.check, default=True)
        col = QVBoxLayout(page)
        col.addWidget(intro)
        col.addSpacing(8)
        col.addLayout(row)
        col.addLayout(form)
        col.addWidget(self.choose_error)
        col.addStretch(1)
        col.addLayout(self._buttons(None, self._button(T_CLOSE, self.reject), self.check_button))
        return page

    def _problems_page(self) -> QWidget:
        page = QWidget()
        self.problems_title = QLabel()
        self.problems_title.setObjectName("errorText")
        self.problems_title.setWordWrap(True)
        self.problem_model = DeskTableModel(PROBLEM_COLUMNS, self)
        self.problem_view = TableView(self.problem_model, self, name="ballot_sheet_problems")
        self.retry_button = self._button(T_RETRY, lambda: self.check(self.path), default=True)
        col = QVBoxLayout(page)
        col.addWidget(self.problems_title)
        col.addWidget(self.problem_view, 1)
        col.addLayout(self._buttons(
            self._button(T_EXPORT_PROBLEMS, self.export_problems),
            self._button(T_OTHER_FILE, lambda: self.stack.setCurrentIndex(self.CHOOSE)),
            None, self._button(T_CLOSE, self.reject), self.retry_button,
        ))  # fmt: skip
        return page

    def _summary_page(self) -> QWidget:
        page = QWidget()
        title = QLabel(T_SUMMARY.format())
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.sum_file, self.sum_new, self.sum_same, self.sum_rows = (QLabel() for _ in range(4))
        for caption, w in ((T_SUM_FILE, self.sum_file), (T_SUM_NEW, self.sum_new),
                           (T_SUM_SAME, self.sum_same), (T_SUM_ROWS, self.sum_rows)):  # fmt: skip
            form.addRow(caption.format(), w)
        self.import_button = self._button(T_IMPORT, self.do_import, default=True)
        col = QVBoxLayout(page)
        col.addWidget(title)
        col.addLayout(form)
        col.addStretch(1)
        col.addLayout(self._buttons(
            None, self._button(T_BACK, lambda: self.stack.setCurrentIndex(self.CHOOSE)),
            self.import_button,
        ))  # fmt: skip
        return page

    def _done_page(self) -> QWidget:
        page = QWidget()
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        self.done_label.setObjectName("statValue")
        col = QVBoxLayout(page)
        col.addWidget(self.done_label)
        col.addStretch(1)
        col.addLayout(self._buttons(None, self._button(T_CLOSE, self.accept, default=True)))
        return page

    # actions ---------------------------------------------------------------------------------
    def browse(self) -> None:
        start = str(self.path.parent if self.path else documents_dir())
        name, _ = QFileDialog.getOpenFileName(
            self, T_SHEET_TITLE.format(), start, XLSX_FILTER + ";;*"
        )
        if name:
            self.path_edit.setText(name)
            self.check(Path(name))

    def _run(self, dry_run: bool) -> Op[ImportResult] | None:
        if self.path is None:
            return None
        book, vote_id, source = self.book, self.vote_id, self.path
        collector = self.collector.text().strip() or None

        def work(_progress: Progress) -> ImportResult:
            session = book.read() if dry_run else book.write()  # a check only reads
            with session as s:
                return votes.import_ballots(
                    s, votes.get_vote(s, vote_id), source, collector=collector, dry_run=dry_run
                )

        title = (T_CHECKING if dry_run else T_IMPORTING).format()
        self.op = Op(self, work, title=title, changes_data=not dry_run)
        self.op.on_done(self._checked if dry_run else self._imported).on_error(self._failed)
        self.op.run()
        return self.op

    def check(self, path: Path | str | None = None) -> Op[ImportResult] | None:
        """Validate the sheet against the vote's roster in the background; nothing is written."""
        text = str(path) if path is not None else self.path_edit.text().strip()
        if not text:
            self._choose_error(T_CHOOSE_FIRST.format())
            return None
        self.path = Path(text)
        self.path_edit.setText(text)
        return self._run(dry_run=True)

    def do_import(self) -> Op[ImportResult] | None:
        return self._run(dry_run=False)

    def export_problems(self, path: Path | None = None) -> Op[Path] | None:
        problems = self.problems
        stem = self.path.stem if self.path else "ballots"
        return export_file(
            self, T_EXPORT_PROBLEMS.format().rstrip("…"), f"{stem}-问题清单.xlsx",
            lambda _p: problems_bytes(problems), XLSX_FILTER, path,
        )  # fmt: skip

    # outcomes --------------------------------------------------------------------------------
    def _choose_error(self, text: str) -> None:
        self.choose_error.setText(text)
        self.choose_error.setVisible(bool(text))
        self.stack.setCurrentIndex(self.CHOOSE)

    def _checked(self, result: ImportResult) -> None:
        self.summary, self.problems = result, ()
        self.choose_error.setVisible(False)
        loc = self.locale()
        self.sum_file.setText(str(self.path))
        self.sum_new.setText(loc.toString(result.created))
        self.sum_same.setText(loc.toString(result.unchanged))
        self.sum_rows.setText(loc.toString(result.rows))
        self.import_button.setEnabled(result.created > 0)
        self.stack.setCurrentIndex(self.SUMMARY)
        self.import_button.setFocus()

    def _imported(self, result: ImportResult) -> None:
        self.result_ = result
        self.done_label.setText(
            T_IMPORTED.format(created=result.created, unchanged=result.unchanged)
        )
        self.stack.setCurrentIndex(self.DONE)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.problems, self.summary = exc.problems, None
            self.problems_title.setText(exc.message.splitlines()[0])
            self.problem_model.set_rows(exc.problems)
            self.stack.setCurrentIndex(self.PROBLEMS)
            self.retry_button.setFocus()
        elif isinstance(exc, UserError):
            self._choose_error(exc.message)
        else:
            show_error(exc, self)
