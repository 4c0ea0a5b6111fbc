"""Background operations: progress, cancel, success signals, errors."""

from __future__ import annotations

import threading
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from propdesk.core.errors import UserError
from propdesk.core.i18n import bilingual
from propdesk.core.progress import Cancelled, Progress, null_progress
from propdesk.ui import ops
from propdesk.ui.main_window import MainWindow
from propdesk.ui.ops import Op
from propdesk.ui.signals import signals

from .conftest import Dialogs, wait_op


def test_progress_object() -> None:
    seen: list[tuple[int, int, str]] = []
    p = Progress(lambda d, t, s: seen.append((d, t, s)))
    p.report(1, 3, "one")
    assert seen == [(1, 3, "one")] and (p.done, p.total, p.text) == (1, 3, "one")
    p.check()
    p.cancel()
    assert p.cancelled()
    with pytest.raises(Cancelled):
        p.check()
    assert not null_progress().cancelled()


def test_success_reports_progress_and_emits_data_changed(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    reports: list[tuple[int, int, str]] = []
    results: list[int] = []
    worker_threads: list[threading.Thread] = []

    def fn(progress: Progress) -> int:
        worker_threads.append(threading.current_thread())
        for i in range(1, 6):
            progress.report(i, 5, f"step {i}")
        return 42

    op = Op(parent, fn, title="Working").on_done(results.append)
    op.signals.progressed.connect(lambda d, t, s: reports.append((d, t, s)))
    with qtbot.waitSignal(signals().data_changed, timeout=5000):
        op.run()
    wait_op(qtbot, op)
    assert results == [42]
    assert op.outcome == ops.DONE
    assert reports[-1] == (5, 5, "step 5")  # throttled, but the last report always arrives
    assert worker_threads[0] is not threading.main_thread()
    assert op.dialog is None and not op.running


def test_cancel_stops_the_job_without_data_changed(qtbot: Any) -> None:
    started = threading.Event()
    saw_cancel: list[bool] = []

    def fn(progress: Progress) -> None:
        started.set()
        while not progress.cancelled():
            threading.Event().wait(0.005)
        saw_cancel.append(True)
        progress.check()

    changed: list[bool] = []
    signals().data_changed.connect(lambda: changed.append(True))
    cancelled: list[bool] = []
    op = Op(None, fn, title="Long job", show_after_ms=0).on_cancelled(
        lambda: cancelled.append(True)
    )
    op.run()
    assert started.wait(5)
    assert op.dialog is not None
    button = op.dialog.findChild(QPushButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # the Cancel button
    assert op.dialog.labelText() == "正在取消…"
    wait_op(qtbot, op)
    assert op.outcome == ops.CANCELLED
    assert saw_cancel == [True] and cancelled == [True]
    assert changed == []


def test_escape_cancels_too(qtbot: Any) -> None:
    op = Op(None, lambda p: [p.check() for _ in iter(int, 1)], title="Forever", show_after_ms=0)
    op.run()
    assert op.dialog is not None
    qtbot.keyClick(op.dialog, Qt.Key.Key_Escape)
    wait_op(qtbot, op)
    assert op.outcome == ops.CANCELLED


def test_not_cancellable_has_no_cancel(qtbot: Any) -> None:
    gate = threading.Event()
    op = Op(None, lambda p: gate.wait(5), title="Saving", cancellable=False, changes_data=False)
    op.run()
    op.cancel()
    assert op.dialog is not None
    assert op.dialog.findChild(QPushButton) is None
    op.dialog.reject()  # Esc does nothing either
    assert not op.progress.cancelled()
    gate.set()
    wait_op(qtbot, op)
    assert op.outcome == ops.DONE


def test_user_error_is_shown_as_a_plain_message(qtbot: Any, dialogs: Dialogs) -> None:
    def fn(_p: Progress) -> None:
        raise UserError(bilingual("金额「{x}」不对", "amount {x} is wrong"), x="abc")

    op = Op(None, fn, title="Posting").run()
    wait_op(qtbot, op)
    assert op.outcome == ops.FAILED
    assert dialogs.warnings == ["金额「abc」不对"]


def test_on_error_receives_the_exception(qtbot: Any) -> None:
    got: list[BaseException] = []
    op = Op(None, lambda _p: 1 / 0, title="Dividing").on_error(got.append).run()
    wait_op(qtbot, op)
    assert isinstance(got[0], ZeroDivisionError)


def test_unexpected_error_in_the_worker_opens_the_crash_dialog(
    qtbot: Any, dialogs: Dialogs
) -> None:
    op = Op(None, lambda _p: {}["missing"], title="Boom").run()
    wait_op(qtbot, op)
    assert len(dialogs.crashes) == 1
    assert "KeyError: 'missing'" in dialogs.crashes.pop().report


def test_success_refreshes_an_open_page(qtbot: Any, opened: MainWindow) -> None:
    from propdesk.services.books import set_meta

    opened.show_page("overview")
    page = opened.pages["overview"]
    book = opened.book
    assert book is not None

    def rename(_p: Progress) -> None:
        with book.write() as s:
            set_meta(s, "company_name", "改名后的物业公司")

    wait_op(qtbot, Op(opened, rename, title="Renaming").run())
    assert page.company.value.text() == "改名后的物业公司"  # type: ignore[attr-defined]
    assert opened.windowTitle().startswith("改名后的物业公司")


def test_parent_closed_while_the_work_runs(qtbot: Any, dialogs: Dialogs) -> None:
    parent = QWidget()
    gate = threading.Event()

    def fn(progress: Progress) -> None:
        gate.wait(5)
        progress.report(1, 2, "half")
        raise UserError(bilingual("出错了", "failed"))

    op = Op(parent, fn, title="Orphan", show_after_ms=0).run()
    parent.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(parent))
    gate.set()
    wait_op(qtbot, op)
    assert op.outcome == ops.FAILED
    assert dialogs.warnings == ["出错了"]  # shown without the parent that is gone
