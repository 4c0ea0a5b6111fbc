"""审计日志: entries made by service calls, newest first and paged; filters by user, kind, date and
text; the detail pane; the chain check whole, then broken by a raw SQL edit and the entry shown."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt

from propdesk.db.store import Book
from propdesk.services import ledger, registry, users
from propdesk.ui.dialogs import audit_viewer as av
from tests.helpers import v

from .conftest import book_target, wait_op

PW = "correct horse"


@pytest.fixture
def logged(book: Book) -> Book:
    """老王 (admin) adds a compound and posts a voucher; 小李 (clerk) adds a compound."""
    with book.write() as s:
        users.add_user(s, "老王", "admin", PW)
    book.act_as("老王", "admin")
    with book.write() as s:
        registry.add_compound(s, "幸福花园")
    with book.write() as s:
        ledger.post_voucher(s, v(date.today(), "收费", ("1002", 100000, 0), ("500101", 0, 100000)))
    with book.write() as s:
        users.add_user(s, "小李", "clerk", PW)
    book.act_as("小李", "clerk")
    with book.write() as s:
        registry.add_compound(s, "和平里")
    return book


def viewer(qtbot: Any, book: Book, **kw: Any) -> av.AuditViewer:
    d = av.AuditViewer(book, **kw)
    qtbot.addWidget(d)
    return d


def shown(d: av.AuditViewer) -> list[tuple[str, str, str]]:
    """(user, action, record) of every row as the table shows them, top to bottom."""
    m, p = d.model, d.view.proxy
    cols = [m.column_index(k) for k in ("user", "action", "record")]
    return [tuple(p.index(r, c).data() for c in cols) for r in range(p.rowCount())]  # type: ignore[misc]


def test_newest_first_and_the_filters(qtbot: Any, logged: Book) -> None:
    d = viewer(qtbot, logged)
    rows = shown(d)
    assert rows[0][:2] == ("小李", "compound.add") and rows[0][2].startswith("compound ")
    ids = [r.id for r in d.rows()]
    assert ids == sorted(ids, reverse=True)
    with logged.read() as s:
        from sqlalchemy import func, select

        from propdesk.db.models import AuditEntry

        total = s.execute(select(func.count(AuditEntry.id))).scalar_one()
    assert len(rows) == total
    kind_col = d.model.column_index("kind")
    assert d.view.proxy.index(0, kind_col).data() == "小区"

    d.set_filter(user="小李")
    assert [r[:2] for r in shown(d)] == [("小李", "compound.add")]
    d.set_filter(kind="user")
    assert [r[1] for r in shown(d)] == ["user.add", "user.add"]
    assert shown(d)[0][0] == "老王"  # 老王 added 小李; whoever had the book added 老王
    d.set_filter(user="老王", kind="voucher")
    assert [r[:2] for r in shown(d)] == [("老王", "voucher.post")]
    d.set_filter(kind="compound")
    assert [r[:2] for r in shown(d)] == [("小李", "compound.add"), ("老王", "compound.add")]

    d.set_filter()
    d.search.setText("幸福花园")
    d.reload()
    assert [r[:2] for r in shown(d)] == [("老王", "compound.add")]
    d.search.clear()
    d.reload()
    d.order_box.setCurrentIndex(1)  # oldest first
    ids = [r.id for r in d.rows()]
    assert ids == sorted(ids) and len(ids) == total

    d.use_dates.setChecked(True)
    d.start_edit.setDate(QDate.currentDate())
    d.end_edit.setDate(QDate.currentDate())
    assert len(shown(d)) == total
    yesterday = QDate(date.today() - timedelta(days=1))
    d.end_edit.setDate(yesterday)
    d.start_edit.setDate(yesterday.addDays(-30))
    assert shown(d) == []


def test_the_detail_pane_shows_before_and_after(qtbot: Any, logged: Book) -> None:
    logged.act_as("老王", "admin")
    with logged.write() as s:
        users.set_role(s, "小李", "accountant")
    d = viewer(qtbot, logged)
    d.set_filter(kind="user")
    d.view.table.setCurrentIndex(d.view.proxy.index(0, 0))
    assert d.rows()[0].action == "user.role"
    assert json.loads(d.before_text.toPlainText()) == {"role": "clerk"}
    assert json.loads(d.after_text.toPlainText()) == {"role": "accountant"}
    assert "变化的字段：role" in d.detail_head.text()
    assert d.before_text.isReadOnly() and d.after_text.isReadOnly()


def test_pages_in(qtbot: Any, logged: Book) -> None:
    d = viewer(qtbot, logged, page_size=2)
    assert d.model.loaded() == 2 and d.model.canFetchMore()
    d.model.fetch_all()
    ids = [r.id for r in d.rows()]
    assert len(ids) > 4 and ids == sorted(ids, reverse=True) and len(set(ids)) == len(ids)


def test_verify_chain_whole_then_broken(qtbot: Any, logged: Book) -> None:
    d = viewer(qtbot, logged)
    wait_op(qtbot, d.verify())
    assert d.chain_label.text() == "审计链完整：没有发现被修改或删除的记录"
    assert d.model.broken_id is None

    with logged.read() as s:
        from sqlalchemy import select

        from propdesk.db.models import AuditEntry

        target = s.execute(
            select(AuditEntry.id).where(AuditEntry.action == "voucher.post")
        ).scalar_one()
    path = book_target(logged)
    tamper = f"UPDATE audit_log SET reason = 'nobody saw' WHERE id = {int(target)}"
    if logged.path is None:  # a server book: its owner can switch the trigger off
        with logged.engine.begin() as conn:
            conn.exec_driver_sql("ALTER TABLE audit_log DISABLE TRIGGER USER")
            conn.exec_driver_sql(tamper)
        logged.close()
    else:
        logged.close()
        con = sqlite3.connect(path)  # this test's own copy of the book
        con.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        con.execute(tamper)
        con.commit()
        con.close()

    book = Book.open(path, user="小李")
    try:
        d = viewer(qtbot, book, page_size=2)
        d.set_filter(user="小李")  # the broken entry is 老王's and beyond the first page
        wait_op(qtbot, d.verify())
        assert d.chain_label.text().startswith(f"审计链在第 {target} 条记录（")
        assert d.model.broken_id == target
        current = d.view.current_row()
        assert current is not None and current.id == target
        assert d.user_box.currentData() is None  # the filter was lifted to show it
        index = d.view.table.currentIndex()
        assert index.data(Qt.ItemDataRole.BackgroundRole) == av.BROKEN_BRUSH
        assert d.view.proxy.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
        assert f"第 {target} 条" in d.detail_head.text()
        assert "校验失败" in d.detail_head.text()
    finally:
        d.model.close()
        book.close()


def test_model(qtmodeltester: Any, logged: Book) -> None:
    model = av.AuditModel(av.COLUMNS, page_size=3)

    def fetch(offset: int, limit: int) -> list[av.AuditRow]:
        with logged.read() as s:
            return av.fetch_page(s, av.AuditFilter(), offset, limit)

    model.set_page_source(fetch)
    model.set_broken(model.row(1).id)
    qtmodeltester.check(model, force_py=True)
