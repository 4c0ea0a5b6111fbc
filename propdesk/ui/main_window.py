"""The main window: navigation, pages, menus, toolbar, status bar, and the book's life cycle."""

from __future__ import annotations

import getpass
import logging
import os
import sqlite3
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, QUrl
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from propdesk import __version__
from propdesk.core import i18n
from propdesk.core.errors import NotABook
from propdesk.core.i18n import bilingual
from propdesk.core.messages import M
from propdesk.core.periods import fmt_period
from propdesk.core.progress import Progress
from propdesk.db import backups
from propdesk.db.store import Book
from propdesk.services import users
from propdesk.services.books import DEFAULT_COMPANY, book_status
from propdesk.ui import book_files, language, logs
from propdesk.ui.dialogs.login import LoginDialog
from propdesk.ui.errors import show_error
from propdesk.ui.ops import Op
from propdesk.ui.pages import BY_KEY, DEFAULT_PAGE, PAGES, Page, PageContext
from propdesk.ui.resources import icon
from propdesk.ui.settings_store import AppSettings
from propdesk.ui.signals import signals
from propdesk.ui.widgets.elided_label import ElidedLabel

log = logging.getLogger("propdesk.ui.window")

T_TOOLS = bilingual("工具(&T)", "&Tools")
T_USERS = bilingual("用户与权限(&U)…", "&Users and roles…")
T_AUDIT = bilingual("审计日志(&L)…", "Audit &log…")
T_CITY = bilingual("全市汇总(&C)…", "&City consolidation…")
T_OPEN_SERVER = bilingual("打开服务器账簿(&S)…", "Open a &server book…")
T_OPEN_SERVER_BUTTON = bilingual("打开服务器账簿…", "Open a server book…")
T_COPY_BOOK = bilingual("复制账簿(&Y)…", "Cop&y the book…")
T_COPYING = bilingual("正在复制账簿", "Copying the book")
T_COPIED_TITLE = bilingual("账簿已复制", "The book was copied")
T_COPY_CANCELLED = bilingual(
    "已取消复制，目标未写入任何内容", "The copy was cancelled; nothing was written to the target"
)
T_SERVER_BOOK = bilingual("服务器账簿：{place}", "Server book: {place}")
T_EMPTY_DATABASE = bilingual(
    "数据库 {place} 是空的，还不是账簿。\n\n要在其中新建一个账簿吗？建好后其他收费员就可以打开它。"
    "（要把现有的单机账簿搬上去，请先打开那个账簿，再用「文件 › 复制账簿…」。）",
    "The database {place} is empty: it is not a book yet.\n\nStart a new book in it? The other "
    "clerks can open it once it is made. (To move an existing one-PC book there, open that book "
    "and use File › Copy the book… instead.)",
)

BOOK_FILTER = "propdesk (*.propdesk *.db *.sqlite);;*"
KEY_ROLE = Qt.ItemDataRole.UserRole


def current_user() -> str:
    try:
        return getpass.getuser() or "admin"
    except Exception:  # no login name (some service accounts): fall back
        return "admin"


class WelcomePage(QWidget):
    """Shown while no book is open: new, open, demo, and the recent books."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.setObjectName("welcome")
        self.window_ = window
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.new_button = QPushButton()
        self.open_button = QPushButton()
        self.demo_button = QPushButton()
        self.server_button = QPushButton()
        self.server_button.setObjectName("open_server")
        self.new_button.clicked.connect(lambda: window.new_book())
        self.open_button.clicked.connect(lambda: window.open_book_dialog())
        self.demo_button.clicked.connect(lambda: window.open_demo())
        self.server_button.clicked.connect(lambda: window.open_server_book())
        self.recent_title = QLabel()
        self.recent = QListWidget()
        self.recent.itemActivated.connect(lambda item: window.open_recent(item.data(KEY_ROLE)))
        # two rows of two: the page (and so the window) stays narrow enough for a small screen
        buttons = QGridLayout()
        ordered = (self.new_button, self.open_button, self.server_button, self.demo_button)
        for i, b in enumerate(ordered):
            buttons.addWidget(b, i // 2, i % 2)
        buttons.setColumnStretch(2, 1)
        inner = QVBoxLayout()
        inner.addWidget(self.title)
        inner.addWidget(self.intro)
        inner.addSpacing(16)
        inner.addLayout(buttons)
        inner.addSpacing(16)
        inner.addWidget(self.recent_title)
        inner.addWidget(self.recent)
        inner.addStretch(1)
        self.recent.setMaximumHeight(240)
        box = QWidget()
        box.setLayout(inner)
        box.setMaximumWidth(760)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(40, 40, 40, 40)
        outer.addWidget(box, 3)  # grows to 760 px when there is room, shrinks when not
        outer.addStretch(1)
        self.retranslate()

    def fill_recent(self, targets: list[str]) -> None:
        self._targets = list(targets)  # filled again in the other language (server books' labels)
        self.recent.clear()
        for t in targets:
            if book_files.is_server(t):
                name = T_SERVER_BOOK.format(place=book_files.server_label(t))
            else:
                name = Path(t).name if "://" not in t else t
            item = QListWidgetItem(icon("ledger"), f"{name}    {t}" if name != t else t)
            item.setToolTip(t)
            item.setData(KEY_ROLE, t)
            self.recent.addItem(item)
        self.recent_title.setVisible(bool(targets))
        self.recent.setVisible(bool(targets))

    def retranslate(self) -> None:
        self.title.setText(self.tr("Welcome to propdesk"))
        self.intro.setText(
            self.tr(
                "Bookkeeping for community-run property companies. Open your company's book,"
                " start a new one, or look around in the demo book first."
            )
        )
        self.new_button.setText(self.tr("New book…"))
        self.open_button.setText(self.tr("Open book…"))
        self.demo_button.setText(self.tr("Open the demo book"))
        self.server_button.setText(T_OPEN_SERVER_BUTTON.format())
        self.recent_title.setText(self.tr("Recent books (double-click to open):"))
        if getattr(self, "_targets", None):
            self.fill_recent(self._targets)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _backup_start(book_path: Path) -> Path:
    """Where the restore dialog starts: the book's backup folder, when it has one."""
    folder = backups.backup_dir(book_path)
    return folder if folder.is_dir() else book_path.parent


class MainWindow(QMainWindow):
    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.user = current_user()
        self.book: Book | None = None
        self.company = ""
        self._period: int | None = None
        self.pages: dict[str, Page] = {}
        self.current_key: str | None = None
        self.op: Op[object] | None = None  # the last book operation (tests wait on it)
        self.last_copy: object = None  # the last 复制账簿 result (services.book_copy.CopyResult)
        self.setWindowIcon(icon("app"))

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setUniformItemSizes(True)
        self.nav.setMinimumWidth(150)
        for spec in PAGES:
            item = QListWidgetItem(icon(spec.icon), spec.display_title())
            item.setData(KEY_ROLE, spec.key)
            self.nav.addItem(item)
        self.nav.currentItemChanged.connect(self._on_nav)
        self.stack = QStackedWidget()
        self.welcome = WelcomePage(self)
        self.stack.addWidget(self.welcome)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([190, 1000])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self._make_actions()
        self._make_menus()
        self._make_toolbar()
        self.book_label = ElidedLabel()
        self.period_label = QLabel()
        self.user_label = QLabel()
        for w in (self.book_label, self.period_label, self.user_label):
            self.statusBar().addPermanentWidget(w)

        signals().data_changed.connect(self.refresh_status)
        self._restore_window()
        self._update_for_book()
        self.retranslate()

    # -- building ----------------------------------------------------------------------------
    def _act(self, name: str, slot: object, shortcut: QKeySequence | str | None = None) -> QAction:
        act = QAction(self)
        act.setObjectName(name)
        ic = icon(name.removeprefix("act_"))
        if not ic.isNull():
            act.setIcon(ic)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        self.addAction(act)  # shortcuts work even while the menu bar is hidden
        return act

    def _make_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.act_new = self._act("act_new", self.new_book, QKeySequence(K.New))
        self.act_open = self._act("act_open", self.open_book_dialog, QKeySequence(K.Open))
        self.act_demo = self._act("act_demo", self.open_demo)
        self.act_open_server = self._act("act_open_server", self.open_server_book)
        self.act_copy_book = self._act("act_copy_book", self.copy_book)
        self.act_backup = self._act("act_backup", self.backup_now)
        self.act_restore = self._act("act_restore", self.restore_backup)
        self.act_close_book = self._act("act_close_book", self.close_book_action)
        self.act_print = self._act("act_print", self.print_current, QKeySequence(K.Print))
        self.act_quit = self._act("act_quit", self.close, "Ctrl+Q")
        self.act_refresh = self._act("act_refresh", self.refresh_current, "F5")
        self.act_show_nav = QAction(self)
        self.act_show_nav.setCheckable(True)
        self.act_show_nav.setChecked(True)
        self.act_show_nav.toggled.connect(self.nav.setVisible)
        self.page_actions: dict[str, QAction] = {}
        for n, spec in enumerate(PAGES, start=1):
            act = QAction(icon(spec.icon), "", self)
            if n <= 9:
                act.setShortcut(QKeySequence(f"Ctrl+{n}"))
            act.triggered.connect(lambda _c=False, key=spec.key: self.show_page(key))
            self.addAction(act)
            self.page_actions[spec.key] = act
        self.lang_group = QActionGroup(self)
        self.act_lang_zh = QAction("简体中文", self.lang_group)
        self.act_lang_en = QAction("English", self.lang_group)
        for act, code in ((self.act_lang_zh, i18n.ZH), (self.act_lang_en, i18n.EN)):
            act.setCheckable(True)
            act.triggered.connect(lambda _c=False, code=code: self.set_language(code))
        self.act_about = self._act("act_about", self.about)
        self.act_about_qt = self._act("act_about_qt", lambda: QMessageBox.aboutQt(self))
        self.act_logs = self._act("act_logs", self.open_log_folder)
        self.act_users = self._act("act_users", self.show_users)
        self.act_audit = self._act("act_audit", self.show_audit_log)
        self.act_city = self._act("act_city", self.show_city)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        self.menu_file = bar.addMenu("")
        self.menu_recent = QMenu(self)
        self.menu_recent.aboutToShow.connect(self._fill_recent_menu)
        self.menu_file.addActions([self.act_new, self.act_open])
        self.menu_file.addMenu(self.menu_recent)
        self.menu_file.addAction(self.act_open_server)
        self.menu_file.addAction(self.act_demo)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_copy_book)
        self.menu_file.addActions([self.act_backup, self.act_restore])
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_print)
        self.menu_file.addSeparator()
        self.menu_file.addActions([self.act_close_book, self.act_quit])
        self.menu_view = bar.addMenu("")
        self.menu_view.addAction(self.act_refresh)
        self.menu_view.addAction(self.act_show_nav)
        self.menu_view.addSeparator()
        self.menu_view.addActions(list(self.page_actions.values()))
        self.menu_tools = bar.addMenu("")
        self.menu_tools.addActions([self.act_users, self.act_audit])
        self.menu_tools.addSeparator()
        self.menu_tools.addAction(self.act_city)
        self.menu_lang = bar.addMenu("")
        self.menu_lang.addActions([self.act_lang_zh, self.act_lang_en])
        self.menu_help = bar.addMenu("")
        self.menu_help.addActions([self.act_logs, self.act_about_qt, self.act_about])

    def _make_toolbar(self) -> None:
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(QSize(20, 20))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addActions([self.act_new, self.act_open, self.act_backup])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.act_print, self.act_refresh])
        self.addToolBar(self.toolbar)
        self.act_show_toolbar = self.toolbar.toggleViewAction()
        self.menu_view.insertAction(self.act_show_nav, self.act_show_toolbar)

    # -- texts -------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.menu_file.setTitle(self.tr("&File"))
        self.menu_view.setTitle(self.tr("&View"))
        self.menu_lang.setTitle(self.tr("&Language"))
        self.menu_help.setTitle(self.tr("&Help"))
        self.menu_tools.setTitle(T_TOOLS.format())
        self.act_users.setText(T_USERS.format())
        self.act_audit.setText(T_AUDIT.format())
        self.act_city.setText(T_CITY.format())
        self.act_open_server.setText(T_OPEN_SERVER.format())
        self.act_copy_book.setText(T_COPY_BOOK.format())
        self.menu_recent.setTitle(self.tr("Open &recent"))
        self.act_new.setText(self.tr("&New book…"))
        self.act_open.setText(self.tr("&Open book…"))
        self.act_demo.setText(self.tr("Open the &demo book"))
        self.act_backup.setText(self.tr("&Back up now…"))
        self.act_restore.setText(self.tr("Restore from b&ackup…"))
        self.act_close_book.setText(self.tr("&Close book"))
        self.act_print.setText(self.tr("&Print…"))
        self.act_quit.setText(self.tr("E&xit"))
        self.act_refresh.setText(self.tr("&Refresh"))
        self.act_show_nav.setText(self.tr("Show &navigation"))
        self.act_show_toolbar.setText(self.tr("Show &toolbar"))
        self.act_about.setText(self.tr("&About propdesk"))
        self.act_about_qt.setText(self.tr("About &Qt"))
        self.act_logs.setText(self.tr("Open the &log folder"))
        self.toolbar.setWindowTitle(self.tr("Toolbar"))
        for i, spec in enumerate(PAGES):
            title = spec.display_title()
            self.nav.item(i).setText(title)
            self.page_actions[spec.key].setText(title.replace("&", "&&"))  # not an accelerator
        self.act_lang_zh.setChecked(language.current() == i18n.ZH)
        self.act_lang_en.setChecked(language.current() == i18n.EN)
        self._update_status_labels()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_language(self, lang: str) -> None:
        """Switch every text now, no restart; remembered for next time."""
        if lang != self.settings.language:
            self.settings.set("language", lang)
        language.apply_language(lang)  # every widget retranslates itself on LanguageChange

    # -- window state ------------------------------------------------------------------------
    def _restore_window(self) -> None:
        geometry = self.settings.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            screen = self.screen().availableGeometry()
            self.resize(min(1280, screen.width()), min(800, screen.height()))
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)

    def save_window(self) -> None:
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        if self.current_key:
            self.settings.last_page = self.current_key
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        from propdesk.ui import ops

        self.save_window()
        ops.cancel_all()
        ops.wait_all(10_000)
        self.close_book()
        super().closeEvent(event)

    # -- pages -------------------------------------------------------------------------------
    def _context(self) -> PageContext:
        assert self.book is not None
        return PageContext(self.book, self.settings, self, self.set_language)

    def page(self, key: str) -> Page:
        """The page for `key`, made on first use."""
        found = self.pages.get(key)
        if found is None:
            found = self.pages[key] = BY_KEY[key].factory(self._context())
            found.setObjectName(f"page_{key}")
            self.stack.addWidget(found)
        return found

    def show_page(self, key: str) -> None:
        if self.book is None or key not in BY_KEY:
            return
        self.current_key = key
        self.settings.last_page = key
        row = next(i for i, s in enumerate(PAGES) if s.key == key)
        if self.nav.currentRow() != row:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(False)
        self.stack.setCurrentWidget(self.page(key))
        self.act_print.setEnabled(self.pages[key].printable)

    def _on_nav(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is not None:
            self.show_page(item.data(KEY_ROLE))

    def current_page(self) -> Page | None:
        return self.pages.get(self.current_key) if self.current_key else None

    def refresh_current(self) -> None:
        page = self.current_page()
        if page is not None:
            page.refresh()
        self.refresh_status()

    def print_current(self) -> None:
        page = self.current_page()
        if page is not None and page.printable:
            page.print_document()

    # -- the book ----------------------------------------------------------------------------
    def _run(self, op: Op[object]) -> Op[object]:
        self.op = op
        return op.run()

    def open_book_dialog(self) -> None:
        start = self.settings.last_book or str(book_files.documents_dir())
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open book"), str(Path(start).parent), BOOK_FILTER
        )
        if name:
            self.open_book(name)

    def open_book(self, target: str | os.PathLike[str]) -> Op[object]:
        """Open a book in the background; a refused file gets a plain message and stays as it was."""
        target = str(target)
        user = self.user

        def failed(exc: BaseException) -> None:
            if book_files.is_server(target) and self._offer_new_server_book(exc, target):
                return
            show_error(exc, self)
            if not Path(target).exists() and "://" not in target:
                self.settings.remove_recent_book(target)
                self.welcome.fill_recent(self.settings.recent_books())

        return self._run(
            Op(
                self,
                lambda _p: book_files.open_book(target, user=user),
                title=self.tr("Opening the book"),
                cancellable=False,
                changes_data=False,
            )
            .on_done(self.set_book)  # type: ignore[arg-type]
            .on_error(failed)
        )

    def open_recent(self, target: str) -> Op[object] | None:
        """A recent file opens at once; a recent server book asks for its password first."""
        if book_files.is_server(target):
            return self.open_server_book(prefill=target)
        return self.open_book(target)

    def open_server_book(
        self, url: str | None = None, *, prefill: str | None = None
    ) -> Op[object] | None:
        """打开服务器账簿: ask where (and the password), then open it like any book."""
        if url is None:
            from propdesk.ui.dialogs.server_book import ServerBookDialog

            dialog = ServerBookDialog(self, prefill=prefill)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            url = dialog.url()
        return self.open_book(url)

    def _offer_new_server_book(self, exc: BaseException, url: str) -> bool:
        """An empty server database is not a book yet: offer to make one there (the office's
        first step; the other clerks then open it). True when the offer was made."""
        if not isinstance(exc, NotABook) or exc.text is not M.not_a_book:
            return False
        if not book_files.server_is_empty(url):
            return False
        place = book_files.server_label(book_files.public_target(url))
        answer = QMessageBox.question(
            self,
            T_OPEN_SERVER_BUTTON.format(),
            T_EMPTY_DATABASE.format(place=place),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.new_book(url)
        return True

    def copy_book(self, target: str | None = None) -> Op[object] | None:
        """复制账簿: the open book to a new file or an empty server database, in the background
        with progress and cancel; the result says how the copy was verified."""
        book = self.book
        if book is None:
            return None
        if target is None:
            from propdesk.ui.dialogs.server_book import CopyBookDialog

            start = book.path.parent if book.path is not None else book_files.documents_dir()
            name = f"{self.company or 'book'}-{book_files.stamp()}{book_files.SUFFIX}"
            dialog = CopyBookDialog(self, suggested=start / name)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            target = dialog.target()
        dest = target
        finished: list[object] = []  # a copy that committed just as Cancel was pressed stands

        def work(progress: Progress) -> object:
            finished.append(book_files.copy_open_book(book, dest, progress))
            return finished[-1]

        def done(result: object) -> None:
            self.last_copy = result
            QMessageBox.information(
                self,
                T_COPIED_TITLE.format(),
                "\n\n".join(result.summary()),  # type: ignore[attr-defined]
            )

        def cancelled() -> None:
            if finished:
                done(finished[-1])
            else:
                self.statusBar().showMessage(T_COPY_CANCELLED.format(), 10_000)

        return self._run(
            Op(self, work, title=T_COPYING.format(), cancellable=True, changes_data=False)
            .on_done(done).on_cancelled(cancelled)
        )  # fmt: skip

    def new_book(
        self, path: str | os.PathLike[str] | None = None, company: str | None = None
    ) -> Op[object] | None:
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("New book"),
                str(book_files.documents_dir() / f"book{book_files.SUFFIX}"),
                BOOK_FILTER,
            )
            if not name:
                return None
            path = Path(name) if Path(name).suffix else Path(name + book_files.SUFFIX)
        if company is None:
            company, ok = QInputDialog.getText(
                self, self.tr("New book"), self.tr("Company name:"), QLineEdit.EchoMode.Normal,
                DEFAULT_COMPANY,
            )  # fmt: skip
            if not ok or not company.strip():
                return None
        p = str(path) if book_files.is_server(str(path)) else Path(path)
        name_ = company.strip()
        user = self.user
        return self._run(
            Op(
                self,
                lambda _p: book_files.new_book(p, name_, user=user),
                title=self.tr("Creating the book"),
                cancellable=False,
                changes_data=False,
            ).on_done(self.set_book)  # type: ignore[arg-type]
        )

    def open_demo(self) -> Op[object]:
        user = self.user

        def work(progress: Progress) -> Book:
            progress.report(0, 0, self.tr("Preparing the demo book…"))
            return book_files.ensure_demo_book(progress, user=user)

        return self._run(
            Op(self, work, title=self.tr("Opening the demo book"), cancellable=False, changes_data=False)
            .on_done(self.set_book)  # type: ignore[arg-type]
        )  # fmt: skip

    def set_book(self, book: Book) -> None:
        """Make `book` the open book: pages are made afresh for it. A book with users opens
        only after a login (the book then acts as that user, with that user's role)."""
        if self.book is not None:
            self.close_book()
        if users.needs_login(book):
            dialog = LoginDialog(book, self.user, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                book.close()
                self._update_for_book()
                return
            self.user = book.user
        self.book = book
        target = book_files.book_target(book)  # a server book's URL without its password
        self.settings.add_recent_book(target)
        self.settings.sync()
        log.info("opened %s", target)
        self._update_for_book()
        key = self.settings.last_page
        self.show_page(key if key in BY_KEY else DEFAULT_PAGE)
        self.refresh_status()
        signals().book_changed.emit()

    def close_book(self) -> None:
        """Close the pages (they may hold read sessions), then the book."""
        for page in self.pages.values():
            page.close_page()
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        self.current_key = None
        if self.book is not None:
            self._backup_on_close(self.book)
            self.book.close()
            log.info("closed %s", book_files.book_target(self.book))
            self.book = None
            signals().book_changed.emit()
        self._update_for_book()

    def _backup_on_close(self, book: Book) -> Path | None:
        """A book written to since it was opened gets a verified backup in its rotation."""
        if not book.changed or book.path is None:
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return backups.make_backup(book, kind="auto")
        except (OSError, sqlite3.Error) as exc:  # never keep the user from closing the book
            log.warning("automatic backup of %s failed: %s", book.path, exc)
            return None
        finally:
            QApplication.restoreOverrideCursor()

    def close_book_action(self) -> None:
        self.close_book()
        self.settings.forget_last_book()

    def _update_for_book(self) -> None:
        has = self.book is not None
        local = has and self.book.path is not None  # type: ignore[union-attr]
        self.nav.setEnabled(has)
        for act in self.page_actions.values():
            act.setEnabled(has)
        for act in (self.act_backup, self.act_restore):
            act.setEnabled(bool(local))
        self.act_close_book.setEnabled(has)
        self.act_copy_book.setEnabled(has)
        self.act_refresh.setEnabled(has)
        self.act_print.setEnabled(False)
        self._update_tools()
        if not has:
            self.company = ""
            self.welcome.fill_recent(self.settings.recent_books())
            self.stack.setCurrentWidget(self.welcome)
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(-1)
            self.nav.blockSignals(False)
        self._update_status_labels()

    def _update_tools(self) -> None:
        """用户与权限 for an administrator or a book without users; the audit log for all."""
        may_manage = False
        if self.book is not None:
            with self.book.read() as s:
                may_manage = users.may(s, "manage_users")
        self.act_users.setEnabled(may_manage)
        self.act_audit.setEnabled(self.book is not None)

    def show_users(self) -> None:
        from propdesk.ui.dialogs.users_dialog import UsersDialog

        if self.book is None:
            return
        UsersDialog(self.book, self).exec()
        if self.book is not None:  # adding the first user logs the desk in as that user
            self.user = self.book.user
            self._update_tools()
            self._update_status_labels()

    def show_audit_log(self) -> None:
        from propdesk.ui.dialogs.audit_viewer import AuditViewer

        if self.book is not None:
            AuditViewer(self.book, self).exec()

    def show_city(self) -> None:
        """全市汇总 of a city database; the open book's database when it is a company's."""
        from propdesk.db.store import company_of, database_url
        from propdesk.ui.dialogs.city_dialog import CityDialog

        url = self.book.url if self.book is not None else ""
        CityDialog(database_url(url) if company_of(url) else None, self).exec()

    # -- status ------------------------------------------------------------------------------
    def refresh_status(self) -> None:
        self._period = None
        if self.book is not None:
            with self.book.read() as s:
                st = book_status(s)
            self.company, self._period = st.company_name, st.open_period
        self._update_status_labels()

    def _update_status_labels(self) -> None:
        book = self.book
        period = self._period
        if book is None:
            self.setWindowTitle("propdesk")
            self.book_label.setText(self.tr("No book open"))
            self.period_label.clear()
        else:
            self.setWindowTitle(f"{self.company} — propdesk")
            if book.path is None:
                target = book_files.book_target(book)
                self.book_label.setText(T_SERVER_BOOK.format(place=book_files.server_label(target)))
                self.book_label.setToolTip(target)
            else:
                self.book_label.setText(self.tr("Book: %1").replace("%1", str(book.path)))
            self.period_label.setText(
                self.tr("Open period: %1").replace("%1", fmt_period(period)) if period else ""
            )
        self.user_label.setText(self.tr("User: %1").replace("%1", self.user))

    # -- backup and restore ------------------------------------------------------------------
    def backup_now(self, dest: str | os.PathLike[str] | None = None) -> Op[object] | None:
        book = self.book
        if book is None or book.path is None:
            return None
        if dest is None:
            name, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Back up the book"),
                str(book.path.parent / book_files.default_backup_name(book.path)),
                BOOK_FILTER,
            )
            if not name:
                return None
            dest = name
        target = Path(dest)

        def done(path: object) -> None:
            self.statusBar().showMessage(
                self.tr("Backed up to %1").replace("%1", str(path)), 10_000
            )

        return self._run(
            Op(self, lambda _p: book.backup(target), title=self.tr("Backing up"),
               cancellable=False, changes_data=False).on_done(done)
        )  # fmt: skip

    def restore_backup(
        self, source: str | os.PathLike[str] | None = None, *, confirm: bool = True
    ) -> Op[object] | None:
        """Replace the open book with a backup, keeping a safety copy of the current file."""
        book = self.book
        if book is None or book.path is None:
            return None
        if source is None:
            name, _ = QFileDialog.getOpenFileName(
                self, self.tr("Restore from backup"), str(_backup_start(book.path)), BOOK_FILTER
            )
            if not name:
                return None
            source = name
        src, path = Path(source), book.path
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Restore from backup"),
                self.tr(
                    "Replace the open book with the backup %1?\n\nEverything entered since that"
                    " backup will be gone from the book. A safety copy of the current book is"
                    " kept beside it."
                ).replace("%1", str(src)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        self.close_book()

        def done(safety: object) -> None:
            self.open_book(path)
            self.statusBar().showMessage(
                self.tr("Restored. The book as it was is kept at %1").replace("%1", str(safety)),
                15_000,
            )

        def failed(exc: BaseException) -> None:
            show_error(exc, self)
            self.open_book(path)  # nothing changed: carry on with the book as it was

        return self._run(
            Op(self, lambda _p: book_files.restore_from_backup(path, src),
               title=self.tr("Restoring from backup"), cancellable=False, changes_data=False)
            .on_done(done).on_error(failed)
        )  # fmt: skip

    def _fill_recent_menu(self) -> None:
        self.menu_recent.clear()
        recent = self.settings.recent_books()
        for n, target in enumerate(recent, start=1):
            shown = (
                T_SERVER_BOOK.format(place=book_files.server_label(target))
                if book_files.is_server(target)
                else target
            )
            act = self.menu_recent.addAction(f"&{n} {shown}" if n < 10 else shown)
            act.triggered.connect(lambda _c=False, t=target: self.open_recent(t))
        if recent:
            self.menu_recent.addSeparator()
            clear = self.menu_recent.addAction(self.tr("Clear the list"))
            clear.triggered.connect(self.settings.clear_recent_books)
        else:
            empty = self.menu_recent.addAction(self.tr("(none yet)"))
            empty.setEnabled(False)

    # -- help --------------------------------------------------------------------------------
    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About propdesk"),
            self.tr(
                "<h3>propdesk %1</h3><p>Bookkeeping for community-run property companies:"
                " fees, receipts, owner votes, common resources, surplus allocation and the"
                " general ledger.</p><p>Licensed under the Apache License 2.0. The interface"
                " font is WenQuanYi Micro Hei.</p>"
            ).replace("%1", __version__),
        )

    def open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(logs.log_dir())))
