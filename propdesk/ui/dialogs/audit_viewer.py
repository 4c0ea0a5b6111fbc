"""审计日志: the audit trail, newest first, paged in; filters, the chosen entry's before/after, chain check.

Read-only. The log may hold hundreds of thousands of entries, so the table asks the book for
one page at a time (`LazyTableModel.set_page_source`) with the filters in the query. "校验链"
runs services/audit.verify_chain in the background and shows the chain whole or the first
broken entry, which is then loaded, highlighted and selected.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from propdesk.core.i18n import Text, bilingual
from propdesk.core.progress import Progress
from propdesk.db.models import AuditEntry
from propdesk.db.store import Book
from propdesk.services import audit
from propdesk.ui.ops import Op
from propdesk.ui.widgets.table import RIGHT, Column, Index, LazyTableModel, TableView

T_TITLE = bilingual("审计日志", "Audit log")
T_INTRO = bilingual(
    "账套中每一项修改都记录在此：谁、何时、做了什么、修改前后的内容。每条记录都带有上一条的"
    "校验值，绕过本程序的修改或删除会被「校验链」发现。本窗口只读。",
    "Every change to the book is recorded here: who, when, what, before and after. Each entry "
    "carries the hash of the one before, so an edit or deletion made behind propdesk's back is "
    "found by “Verify chain”. This window is read-only.",
)
T_ID = bilingual("编号", "No.")
T_AT = bilingual("时间", "Time")
T_USER = bilingual("用户", "User")
T_KIND = bilingual("类别", "Kind")
T_ACTION = bilingual("操作", "Action")
T_ENTITY = bilingual("对象", "Record")
T_REASON = bilingual("原因", "Reason")
T_F_USER = bilingual("用户：", "User:")
T_F_KIND = bilingual("类别：", "Kind:")
T_F_DATES = bilingual("日期：", "Dates:")
T_F_TO = bilingual("至", "to")
T_F_SEARCH = bilingual("搜索：", "Search:")
T_SEARCH_HINT = bilingual(
    "操作、对象、原因或修改内容中的文字", "text in the action, record, reason or changes"
)
T_F_ORDER = bilingual("顺序：", "Order:")
T_NEWEST = bilingual("最新在前", "Newest first")
T_OLDEST = bilingual("最早在前", "Oldest first")
T_ALL_USERS = bilingual("全部用户", "All users")
T_ALL_KINDS = bilingual("全部类别", "All kinds")
T_VERIFY = bilingual("校验链", "Verify chain")
T_VERIFYING = bilingual("正在校验审计链…", "Verifying the audit chain…")
T_WHOLE = bilingual(
    "审计链完整：没有发现被修改或删除的记录", "The chain is whole: no entry was altered or removed"
)
T_BROKEN = bilingual(
    "审计链在第 {id} 条记录（{at}）处断开：此条或其前一条在本程序之外被修改或删除",
    "The chain breaks at entry {id} ({at}): it or the one before was altered or removed "
    "outside propdesk",
)
T_BROKEN_RAW = bilingual("审计链断开：{what}", "The chain is broken: {what}")
T_CLOSE = bilingual("关闭", "Close")
T_BEFORE = bilingual("修改前", "Before")
T_AFTER = bilingual("修改后", "After")
T_NOTHING = bilingual("（无）", "(none)")
T_CHANGED = bilingual("变化的字段：{keys}", "Fields changed: {keys}")
T_D_HEAD = bilingual(
    "第 {id} 条　{at}　{user}　{action}　{entity}", "Entry {id}  {at}  {user}  {action}  {entity}"
)
T_D_BROKEN = bilingual(
    "校验失败：此条记录或其前一条在本程序之外被修改或删除",
    "Check failed: this entry or the one before was altered or removed outside propdesk",
)
T_D_REASON = bilingual("原因：{reason}", "Reason: {reason}")
T_D_HASH = bilingual("校验值：{hash}（上一条：{prev}）", "Hash: {hash} (previous: {prev})")

# the kinds of action (the part before the dot), for the kind filter and column
KINDS: dict[str, Text] = {
    "book": bilingual("账套", "Book"),
    "setting": bilingual("设置", "Settings"),
    "user": bilingual("用户", "Users"),
    "compound": bilingual("小区", "Compounds"),
    "unit": bilingual("房屋", "Units"),
    "roster": bilingual("业主名册", "Owner roster"),
    "billing": bilingual("计费", "Billing"),
    "meter": bilingual("抄表", "Meter readings"),
    "payment": bilingual("收款", "Payments"),
    "receipt": bilingual("收据", "Receipts"),
    "account": bilingual("科目", "Accounts"),
    "voucher": bilingual("凭证", "Vouchers"),
    "journal": bilingual("凭证导入", "Voucher import"),
    "period": bilingual("结账", "Month-end close"),
    "expense": bilingual("支出", "Expenses"),
    "contract": bilingual("合同", "Contracts"),
    "trial": bilingual("试用期", "Trial periods"),
    "vote": bilingual("表决", "Votes"),
    "ballot": bilingual("选票", "Ballots"),
    "resource": bilingual("公共资源", "Common resources"),
    "agreement": bilingual("资源协议", "Resource agreements"),
    "common_income": bilingual("公共收益", "Common income"),
    "owners_money": bilingual("业主资金", "Owners' money"),
    "grid": bilingual("网格", "Grids"),
    "worker": bilingual("网格员", "Grid workers"),
    "station": bilingual("驿站", "Stations"),
    "project": bilingual("驿站项目", "Station projects"),
    "rule": bilingual("分配规则", "Allocation rules"),
    "allocation": bilingual("盈余分配", "Surplus allocation"),
}

BROKEN_BRUSH = QBrush(QColor("#f8c9c5"))
_ENTRY_ID = re.compile(r"audit entry (\d+)")


def kind_of(action: str) -> str:
    return action.split(".", 1)[0]


def kind_label(kind: str) -> str:
    t = KINDS.get(kind)
    return f"{t.format()} ({kind}.*)" if t is not None else f"{kind}.*"


def local_time(at: datetime) -> datetime:
    """Entries are stamped in UTC; the desk shows local time."""
    return at.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def fmt_at(at: datetime) -> str:
    return local_time(at).strftime("%Y-%m-%d %H:%M:%S")


def utc_start(day: date) -> datetime:
    """The UTC instant a local calendar day starts."""
    return datetime.combine(day, time()).astimezone(UTC).replace(tzinfo=None)


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: datetime
    user: str
    action: str
    entity: str
    entity_id: str | None
    reason: str | None
    before: str | None
    after: str | None
    hash: str
    prev_hash: str

    @property
    def kind(self) -> str:
        return kind_of(self.action)

    @property
    def record(self) -> str:
        return f"{self.entity} {self.entity_id}" if self.entity_id else self.entity


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What the viewer asks for: all fields optional; dates are local calendar days, inclusive."""

    user: str | None = None
    kind: str | None = None  # an action prefix: "payment" means payment.*
    start: date | None = None
    end: date | None = None
    text: str = ""
    newest_first: bool = True


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def query(f: AuditFilter) -> Select[tuple[AuditEntry]]:
    q = select(AuditEntry)
    if f.user is not None:
        q = q.where(AuditEntry.user == f.user)
    if f.kind is not None:
        q = q.where(or_(AuditEntry.action == f.kind, AuditEntry.action.startswith(f.kind + ".")))
    if f.start is not None:
        q = q.where(AuditEntry.at >= utc_start(f.start))
    if f.end is not None:
        q = q.where(AuditEntry.at < utc_start(f.end + timedelta(days=1)))
    if f.text.strip():
        pat = _like(f.text.strip())
        cols = (AuditEntry.user, AuditEntry.action, AuditEntry.entity, AuditEntry.entity_id,
                AuditEntry.reason, AuditEntry.before, AuditEntry.after)  # fmt: skip
        q = q.where(or_(*(c.like(pat, escape="\\") for c in cols)))
    return q.order_by(AuditEntry.id.desc() if f.newest_first else AuditEntry.id)


def _row(e: AuditEntry) -> AuditRow:
    return AuditRow(e.id, e.at, e.user, e.action, e.entity, e.entity_id, e.reason, e.before,
                    e.after, e.hash, e.prev_hash)  # fmt: skip


def fetch_page(session: Session, f: AuditFilter, offset: int, limit: int) -> list[AuditRow]:
    return [_row(e) for e in session.execute(query(f).offset(offset).limit(limit)).scalars()]


def choices(session: Session) -> tuple[list[str], list[str]]:
    """The users and the kinds of action found in the log (for the filters)."""
    names = sorted(session.execute(select(AuditEntry.user).distinct()).scalars())
    actions = session.execute(select(AuditEntry.action).distinct()).scalars()
    return names, sorted({kind_of(a) for a in actions})


@dataclass(frozen=True, slots=True)
class ChainResult:
    """None for `broken`: the chain is whole. Else the first broken entry (id, time) if known."""

    broken: str | None
    entry_id: int | None = None
    at: datetime | None = None


def check_chain(session: Session) -> ChainResult:
    what = audit.verify_chain(session)
    if what is None:
        return ChainResult(None)
    m = _ENTRY_ID.search(what)
    if m is None:
        return ChainResult(what)
    eid = int(m.group(1))
    at = session.execute(select(AuditEntry.at).where(AuditEntry.id == eid)).scalar()
    return ChainResult(what, eid, at)


def pretty(value: str | None) -> str:
    if value is None:
        return T_NOTHING.format()
    try:
        return json.dumps(json.loads(value), ensure_ascii=False, indent=2, sort_keys=True)
    except ValueError:
        return value


def changed_keys(before: str | None, after: str | None) -> list[str]:
    try:
        b = json.loads(before) if before else {}
        a = json.loads(after) if after else {}
    except ValueError:
        return []
    if not isinstance(b, dict) or not isinstance(a, dict):
        return []
    return sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))


class AuditModel(LazyTableModel):
    """The log's rows; the first broken entry (after a chain check) is shaded."""

    def __init__(self, columns: Sequence[Column], parent: Any = None, page_size: int = 500):
        super().__init__(columns, parent, page_size=page_size)
        self.broken_id: int | None = None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole:
            r = index.row() if index.isValid() else -1
            hit = self.broken_id is not None and 0 <= r < self.loaded()
            return BROKEN_BRUSH if hit and self.row(r).id == self.broken_id else None
        return super().data(index, role)

    def set_broken(self, entry_id: int | None) -> None:
        self.broken_id = entry_id
        if self.loaded():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.loaded() - 1, len(self.columns) - 1)
            )


COLUMNS = [
    Column("id", T_ID, align=RIGHT, width=7),
    Column("at", T_AT, fmt=fmt_at, width=19),
    Column("user", T_USER, width=10),
    Column("kind", T_KIND, fmt=lambda k: KINDS[k].format() if k in KINDS else k, width=8),
    Column("action", T_ACTION, width=18),
    Column("record", T_ENTITY, width=22),
    Column("reason", T_REASON, stretch=True),
]


class AuditViewer(QDialog):
    """The audit log with its filters, the chosen entry's detail, and the chain check."""

    def __init__(self, book: Book, parent: QWidget | None = None, *, page_size: int = 500) -> None:
        super().__init__(parent)
        self.book = book
        self.op: Op[ChainResult] | None = None  # the last chain check (tests wait on it)
        self.chain: ChainResult | None = None
        self.setWindowTitle(T_TITLE.format())
        self.resize(1200, 760)
        intro = QLabel(T_INTRO.format())
        intro.setWordWrap(True)
        intro.setObjectName("muted")

        self.user_box = QComboBox()
        self.kind_box = QComboBox()
        self.use_dates = QCheckBox(T_F_DATES.format())
        today = QDate.currentDate()
        self.start_edit = QDateEdit(today.addMonths(-1))
        self.end_edit = QDateEdit(today)
        for d in (self.start_edit, self.end_edit):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
            d.setEnabled(False)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(T_SEARCH_HINT.format())
        self.order_box = QComboBox()
        self.order_box.addItem(T_NEWEST.format(), True)
        self.order_box.addItem(T_OLDEST.format(), False)
        self.verify_button = QPushButton(T_VERIFY.format())
        self.verify_button.clicked.connect(self.verify)
        self.chain_label = QLabel()
        self.chain_label.setWordWrap(True)
        self.chain_label.setVisible(False)
        self._fill_choices()

        filters = QGridLayout()
        filters.addWidget(QLabel(T_F_USER.format()), 0, 0)
        filters.addWidget(self.user_box, 0, 1)
        filters.addWidget(QLabel(T_F_KIND.format()), 0, 2)
        filters.addWidget(self.kind_box, 0, 3)
        dates = QHBoxLayout()
        dates.addWidget(self.use_dates)
        dates.addWidget(self.start_edit)
        dates.addWidget(QLabel(T_F_TO.format()))
        dates.addWidget(self.end_edit)
        dates.addStretch(1)
        filters.addLayout(dates, 0, 4)
        filters.addWidget(QLabel(T_F_ORDER.format()), 0, 5)
        filters.addWidget(self.order_box, 0, 6)
        filters.addWidget(QLabel(T_F_SEARCH.format()), 1, 0)
        filters.addWidget(self.search, 1, 1, 1, 4)
        filters.addWidget(self.verify_button, 1, 6)
        filters.setColumnStretch(4, 1)

        self.model = AuditModel(COLUMNS, self, page_size=page_size)
        self.view = TableView(self.model, self, name="audit_log")
        self.view.search.setVisible(False)  # the search above asks the book, not the loaded page
        self.view.table.setSelectionMode(self.view.table.SelectionMode.SingleSelection)
        self.view.table.selectionModel().currentRowChanged.connect(self._show_detail)

        self.detail_head = QLabel()
        self.detail_head.setWordWrap(True)
        self.detail_head.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.before_text = QPlainTextEdit()
        self.after_text = QPlainTextEdit()
        panes = QHBoxLayout()
        for caption, edit in ((T_BEFORE, self.before_text), (T_AFTER, self.after_text)):
            edit.setReadOnly(True)
            col = QVBoxLayout()
            col.addWidget(QLabel(caption.format()))
            col.addWidget(edit)
            panes.addLayout(col)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail_head)
        detail_layout.addLayout(panes, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(T_CLOSE.format())
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(filters)
        layout.addWidget(self.chain_label)
        layout.addWidget(split, 1)
        layout.addWidget(close)

        self.user_box.currentIndexChanged.connect(self.reload)
        self.kind_box.currentIndexChanged.connect(self.reload)
        self.order_box.currentIndexChanged.connect(self.reload)
        self.use_dates.toggled.connect(self._dates_toggled)
        self.start_edit.dateChanged.connect(self.reload)
        self.end_edit.dateChanged.connect(self.reload)
        self._search_timer = QTimer(self)  # ask the book once typing pauses
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(300)
        self._search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self.reload)
        self.reload()

    # -- filters ---------------------------------------------------------------------------
    def _fill_choices(self) -> None:
        with self.book.read() as s:
            names, kinds = choices(s)
        self.user_box.addItem(T_ALL_USERS.format(), None)
        for n in names:
            self.user_box.addItem(n, n)
        self.kind_box.addItem(T_ALL_KINDS.format(), None)
        for k in kinds:
            self.kind_box.addItem(kind_label(k), k)

    def _dates_toggled(self, on: bool) -> None:
        self.start_edit.setEnabled(on)
        self.end_edit.setEnabled(on)
        self.reload()

    def current_filter(self) -> AuditFilter:
        dates = self.use_dates.isChecked()
        return AuditFilter(
            user=self.user_box.currentData(),
            kind=self.kind_box.currentData(),
            start=self.start_edit.date().toPython() if dates else None,  # type: ignore[arg-type]
            end=self.end_edit.date().toPython() if dates else None,  # type: ignore[arg-type]
            text=self.search.text(),
            newest_first=bool(self.order_box.currentData()),
        )

    def set_filter(self, *, user: str | None = None, kind: str | None = None) -> None:
        """Pick a user and a kind in the boxes (None: all)."""
        for box, value in ((self.user_box, user), (self.kind_box, kind)):
            i = box.findData(value)
            box.setCurrentIndex(i if i >= 0 else 0)

    def reload(self, *_: Any) -> None:
        self._search_timer.stop()
        f = self.current_filter()

        def fetch(offset: int, limit: int) -> list[AuditRow]:
            with self.book.read() as s:
                return fetch_page(s, f, offset, limit)

        self.model.set_page_source(fetch)
        self._show_detail()

    def rows(self) -> list[AuditRow]:
        return self.model.rows()

    # -- detail ----------------------------------------------------------------------------
    def _show_detail(self, *_: Any) -> None:
        row: AuditRow | None = self.view.current_row()
        if row is None:
            self.detail_head.clear()
            self.detail_head.setStyleSheet("")
            self.before_text.clear()
            self.after_text.clear()
            return
        lines = [
            T_D_HEAD.format(
                id=row.id, at=fmt_at(row.at), user=row.user, action=row.action, entity=row.record
            ),
        ]
        if row.reason:
            lines.append(T_D_REASON.format(reason=row.reason))
        keys = changed_keys(row.before, row.after)
        if keys and row.before:
            lines.append(T_CHANGED.format(keys="、".join(keys)))
        lines.append(T_D_HASH.format(hash=row.hash[:16], prev=row.prev_hash[:16]))
        broken = row.id == self.model.broken_id
        if broken:
            lines.append(T_D_BROKEN.format())
        self.detail_head.setText("\n".join(lines))
        self.detail_head.setStyleSheet("color: #c0392b;" if broken else "")
        self.before_text.setPlainText(pretty(row.before))
        self.after_text.setPlainText(pretty(row.after))

    def select_entry(self, entry_id: int) -> bool:
        """Load pages until the entry is in the table, then select it; False if filtered out."""
        while True:
            for i, r in enumerate(self.model.rows()):
                if r.id == entry_id:
                    index = self.view.proxy.mapFromSource(self.model.index(i, 0))
                    if not index.isValid():
                        return False
                    self.view.table.setCurrentIndex(index)
                    self.view.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
                    return True
            if not self.model.canFetchMore():
                return False
            self.model.fetchMore()

    # -- chain -----------------------------------------------------------------------------
    def verify(self) -> Op[ChainResult]:
        book = self.book

        def work(_progress: Progress) -> ChainResult:
            with book.read() as s:
                return check_chain(s)

        self.verify_button.setEnabled(False)
        self.op = Op(self, work, title=T_VERIFYING.format(), cancellable=False,
                     changes_data=False).on_done(self.show_chain)  # fmt: skip
        self.op.on_error(self._verify_failed)
        return self.op.run()

    def _verify_failed(self, exc: BaseException) -> None:
        from propdesk.ui.errors import show_error

        self.verify_button.setEnabled(True)
        show_error(exc, self)

    def show_chain(self, result: ChainResult) -> None:
        self.verify_button.setEnabled(True)
        self.chain = result
        if result.broken is None:
            text, colour = T_WHOLE.format(), "#1e7e34"
        elif result.entry_id is not None:
            at = fmt_at(result.at) if result.at is not None else "?"
            text, colour = T_BROKEN.format(id=result.entry_id, at=at), "#c0392b"
        else:
            text, colour = T_BROKEN_RAW.format(what=result.broken), "#c0392b"
        self.chain_label.setText(text)
        self.chain_label.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.chain_label.setVisible(True)
        self.model.set_broken(result.entry_id)
        if result.entry_id is not None and not self.select_entry(result.entry_id):
            # filtered out: show the whole log so the entry can be seen
            self.use_dates.setChecked(False)
            self.search.clear()
            self.set_filter()
            self.select_entry(result.entry_id)


__all__ = ["AuditFilter", "AuditModel", "AuditRow", "AuditViewer", "check_chain", "fetch_page"]
