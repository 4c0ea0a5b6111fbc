"""The desktop entry point: `propdesk-desktop [--book PATH] [--demo] [--lang zh_CN|en] ...`."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from propdesk import __version__
from propdesk.core import i18n
from propdesk.ui import errors, language, logs
from propdesk.ui.main_window import MainWindow
from propdesk.ui.ops import Op
from propdesk.ui.settings_store import AppSettings
from propdesk.ui.style import apply_style

log = logging.getLogger("propdesk.ui")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="propdesk-desktop", description="propdesk desktop")
    p.add_argument("--book", metavar="PATH_OR_URL", help="open this book")
    p.add_argument("--demo", action="store_true", help="open the demo book (made if missing)")
    p.add_argument("--lang", choices=i18n.LANGUAGES, help="interface language for this run")
    p.add_argument("--screenshot-dir", type=Path, help="save every page as PNG and quit")
    p.add_argument(
        "--quit-after-open", action="store_true", help="open the book, show the window, quit"
    )
    p.add_argument("--version", action="version", version=f"propdesk {__version__}")
    return p.parse_args(list(argv))


def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "propdesk-desktop"])
    assert isinstance(app, QApplication)
    QCoreApplication.setOrganizationName("propdesk")
    QCoreApplication.setApplicationName("propdesk")
    QCoreApplication.setApplicationVersion(__version__)
    app.setApplicationDisplayName("propdesk")
    app.setDesktopFileName("propdesk")
    return app


def main(argv: Sequence[str] | None = None, settings: AppSettings | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    app = _application()
    try:
        log_file = logs.setup_logging()
    except OSError:  # a read-only home must not stop the program; the crash log keeps lines
        logs.install_recent_handler()
        log_file = None
    log.info("propdesk %s starting (log: %s)", __version__, log_file)
    errors.install_excepthook()
    batch = args.screenshot_dir is not None or args.quit_after_open
    # Batch runs use their own event loop: QCoreApplication.exit() would also end any
    # event loop started later in the same process (tests run main() in-process).
    loop = QEventLoop()
    errors.set_batch(batch, loop.exit)
    apply_style(app)
    settings = settings or AppSettings()
    language.apply_language(args.lang or settings.language)

    window = MainWindow(settings)
    status = {"code": 0}

    def after_open(outcome: str) -> None:
        if not batch:
            return
        if window.book is None:
            log.error("no book could be opened (%s)", outcome)
            status["code"] = 1
        elif args.screenshot_dir is not None:
            from propdesk.ui.screenshots import render_pages

            files = render_pages(window, args.screenshot_dir)
            print("\n".join(str(f) for f in files))
        else:
            window.show()
            for _ in range(3):
                app.processEvents()
        window.close()
        loop.exit(status["code"])

    def start() -> None:
        op: Op[object] | None = None
        if args.book:
            op = window.open_book(args.book)
        elif args.demo:
            op = window.open_demo()
        elif settings.last_book and not batch:
            op = window.open_book(settings.last_book)
        if op is None:
            if batch:
                after_open("no book")
            return
        op.signals.finished.connect(after_open)

    if not batch:
        window.show()
    QTimer.singleShot(0, start)
    code = loop.exec() if batch else app.exec()
    window.deleteLater()
    logs.shutdown_logging()
    errors.set_batch(False)
    return code or status["code"]


if __name__ == "__main__":
    sys.exit(main())
