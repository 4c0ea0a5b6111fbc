"""Logging: named loggers per area, a rotating log file, and the recent lines for crash reports."""

from __future__ import annotations

import logging
import logging.handlers
from collections import deque
from pathlib import Path

import platformdirs

APP = "propdesk"
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
RECENT_LINES = 200


class _RecentHandler(logging.Handler):
    """Keeps the last lines in memory so the crash dialog needs no file access."""

    def __init__(self, size: int = RECENT_LINES) -> None:
        super().__init__()
        self.lines: deque[str] = deque(maxlen=size)
        self.setFormatter(logging.Formatter(FORMAT))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(self.format(record))
        except Exception:  # a broken record must never take the program down
            self.handleError(record)


_recent = _RecentHandler()
_file_handler: logging.Handler | None = None


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP, appauthor=False))


def setup_logging(directory: Path | None = None, level: int = logging.INFO) -> Path:
    """Attach the rotating file (1 MB × 5) and the in-memory handler to the `propdesk` logger."""
    global _file_handler
    directory = directory or log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "propdesk.log"
    root = logging.getLogger(APP)
    root.setLevel(level)
    if _file_handler is not None:
        root.removeHandler(_file_handler)
        _file_handler.close()
    _file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    _file_handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(_file_handler)
    if _recent not in root.handlers:
        root.addHandler(_recent)
    return path


def shutdown_logging() -> None:
    global _file_handler
    if _file_handler is not None:
        logging.getLogger(APP).removeHandler(_file_handler)
        _file_handler.close()
        _file_handler = None


def recent_lines(n: int = 50) -> list[str]:
    return list(_recent.lines)[-n:]


def install_recent_handler() -> None:
    """Keep recent lines even when no log file is configured (tests, scripts)."""
    root = logging.getLogger(APP)
    if _recent not in root.handlers:
        root.addHandler(_recent)
    if root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
