"""Background operations: `Op(parent, fn).on_done(cb).run()` runs `fn` in a worker thread.

`fn(progress)` must not touch widgets; it reports with `progress.report(done, total, text)` and
stops by raising `Cancelled` (``progress.check()``) once the user cancels. A progress dialog
appears if the work takes longer than a moment. On success the app-wide `data_changed` signal
fires (unless `changes_data=False`) so pages refresh, then `on_done(result)` runs in the GUI
thread. Errors go to `on_error`, or are shown as usual (plain message or crash dialog).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from propdesk.core.progress import Cancelled, Progress
from propdesk.ui.errors import show_error
from propdesk.ui.signals import signals

log = logging.getLogger("propdesk.ui.ops")

T = TypeVar("T")

DONE, FAILED, CANCELLED = "done", "failed", "cancelled"
REPORT_INTERVAL = 0.05  # seconds between progress updates crossing to the GUI thread

_running: set[Op[Any]] = set()


class OpSignals(QObject):
    """Crosses from the worker to the GUI thread (queued: the object lives in the GUI thread)."""

    progressed = Signal(int, int, str)
    _result = Signal(str, object)
    finished = Signal(str)  # DONE | FAILED | CANCELLED, after the callbacks ran


class _ThrottledProgress(Progress):
    def __init__(self, sink: OpSignals) -> None:
        super().__init__()
        self._sink = sink
        self._last = 0.0
        self._lock = threading.Lock()

    def report(self, done: int, total: int = 0, text: str = "") -> None:
        super().report(done, total, text)
        now = time.monotonic()
        with self._lock:
            final = total > 0 and done >= total
            if now - self._last < REPORT_INTERVAL and not final:
                return
            self._last = now
        self._sink.progressed.emit(done, total, text)


class _Worker(QRunnable):
    def __init__(self, op: Op[Any]) -> None:
        super().__init__()
        self.op = op
        self.setAutoDelete(True)

    def run(self) -> None:
        op = self.op
        try:
            result = op.fn(op.progress)
        except Cancelled:
            op.signals._result.emit(CANCELLED, None)
        except BaseException as exc:  # handed to the GUI thread, shown there
            op.signals._result.emit(FAILED, exc)
        else:
            op.signals._result.emit(CANCELLED if op.progress.cancelled() else DONE, result)


class _ProgressDialog(QProgressDialog):
    def __init__(self, parent: QWidget | None, cancellable: bool) -> None:
        super().__init__(parent)
        self.cancellable = cancellable
        if not cancellable:
            self.setCancelButton(None)  # type: ignore[arg-type]

    def reject(self) -> None:  # Esc: same as the Cancel button; the dialog stays until done
        if self.cancellable:
            self.canceled.emit()


class Op(Generic[T]):
    """One piece of background work with a progress dialog; see the module docstring."""

    def __init__(
        self,
        parent: QWidget | None,
        fn: Callable[[Progress], T],
        *,
        title: str,
        cancellable: bool = True,
        changes_data: bool = True,
        show_after_ms: int = 400,
    ) -> None:
        self.parent = parent
        self.fn = fn
        self.title = title
        self.cancellable = cancellable
        self.changes_data = changes_data
        self.show_after_ms = show_after_ms
        self.signals = OpSignals()
        self.progress: Progress = _ThrottledProgress(self.signals)
        self.dialog: _ProgressDialog | None = None
        self.outcome: str | None = None
        self._done: Callable[[T], None] | None = None
        self._error: Callable[[BaseException], None] | None = None
        self._cancelled: Callable[[], None] | None = None
        self.signals.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self.signals._result.connect(self._on_result, Qt.ConnectionType.QueuedConnection)

    def on_done(self, cb: Callable[[T], None]) -> Op[T]:
        self._done = cb
        return self

    def on_error(self, cb: Callable[[BaseException], None]) -> Op[T]:
        self._error = cb
        return self

    def on_cancelled(self, cb: Callable[[], None]) -> Op[T]:
        self._cancelled = cb
        return self

    @property
    def running(self) -> bool:
        return self in _running

    def run(self) -> Op[T]:
        dlg = self.dialog = _ProgressDialog(self.parent, self.cancellable)
        dlg.setWindowTitle(self.title)
        dlg.setLabelText(self.title)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.setRange(0, 0)  # busy until the first report says how much there is
        dlg.setMinimumDuration(self.show_after_ms)
        dlg.setMinimumWidth(360)
        dlg.canceled.connect(self.cancel)
        _running.add(self)
        log.info("start: %s", self.title)
        QThreadPool.globalInstance().start(_Worker(self))
        return self

    def cancel(self) -> None:
        if self.cancellable and not self.progress.cancelled():
            log.info("cancel requested: %s", self.title)
            self.progress.cancel()
            if self.dialog is not None:
                self.dialog.setLabelText(QCoreApplication.translate("Op", "Cancelling…"))

    def _on_progress(self, done: int, total: int, text: str) -> None:
        dlg = self.dialog
        if dlg is None or self.outcome is not None or not shiboken6.isValid(dlg):
            return
        if total > 0:
            dlg.setRange(0, total)
            dlg.setValue(min(done, total))
        if text and not self.progress.cancelled():
            dlg.setLabelText(text)

    def _close_dialog(self) -> None:
        # The parent (and with it the dialog) may have been closed while the work ran.
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.reset()
            self.dialog.hide()
            self.dialog.deleteLater()
        self.dialog = None

    def _on_result(self, outcome: str, payload: object) -> None:
        self.outcome = outcome
        self._close_dialog()
        _running.discard(self)
        log.info("%s: %s", outcome, self.title)
        try:
            if outcome == DONE:
                if self.changes_data:
                    signals().data_changed.emit()
                if self._done is not None:
                    self._done(payload)  # type: ignore[arg-type]
            elif outcome == CANCELLED:
                if self._cancelled is not None:
                    self._cancelled()
            else:
                assert isinstance(payload, BaseException)
                if self._error is not None:
                    self._error(payload)
                else:
                    alive = self.parent is not None and shiboken6.isValid(self.parent)
                    show_error(payload, self.parent if alive else None)
        finally:
            self.signals.finished.emit(outcome)


def cancel_all() -> None:
    for op in list(_running):
        op.cancel()


def wait_all(timeout_ms: int = 30_000) -> bool:
    """Block until every worker finished (closing the program); False on timeout."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
