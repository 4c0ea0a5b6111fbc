"""Progress reporting and cancellation for long work, shared by services, the CLI and the UI."""

from __future__ import annotations

import threading
from collections.abc import Callable


class Cancelled(Exception):
    """Raised inside long work when the user asked to stop; nothing was committed."""


ReportFn = Callable[[int, int, str], None]


class Progress:
    """Handed to long-running work: `report` how far it got, check `cancelled()` between steps.

    Thread-safe: the work runs in a worker thread while the UI cancels from the GUI thread.
    `on_report` is called in the worker's thread; whoever supplies it must hop threads itself.
    """

    def __init__(self, on_report: ReportFn | None = None) -> None:
        self._on_report = on_report
        self._cancel = threading.Event()
        self.done = 0
        self.total = 0
        self.text = ""

    def report(self, done: int, total: int = 0, text: str = "") -> None:
        """`done` of `total` steps (total 0: unknown); `text` says what is happening now."""
        self.done, self.total, self.text = done, total, text
        if self._on_report is not None:
            self._on_report(done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise `Cancelled` if the user asked to stop; call it between steps."""
        if self._cancel.is_set():
            raise Cancelled()


def null_progress() -> Progress:
    """A Progress that reports nowhere and is never cancelled (for callers that don't care)."""
    return Progress()
