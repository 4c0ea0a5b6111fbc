"""Rendering every page, tab and wizard step of the open book to PNG files (documentation,
visual checks).

Page-level shots are <lang>-<nn>-<key>.png in the output folder; each tab of a page with tabs
is <lang>-<nn>-<key>-<t>.png and each wizard step <lang>-w<n>-<wizard>-<s>.png, both in its
`steps` subfolder. Wizards are walked on a throwaway copy of the book, so whatever a step writes
(a vote opened, an allocation drafted) never reaches the book that is open.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QTabWidget, QWidget, QWizard

from propdesk.core.i18n import bilingual
from propdesk.db.store import Book, sqlite_backup
from propdesk.ui.dialogs.roster_wizard import RosterPanel
from propdesk.ui.language import current
from propdesk.ui.main_window import MainWindow
from propdesk.ui.pages import PAGES

SIZE = QSize(1366, 768)
STEPS = "steps"  # subfolder of the tab and wizard-step shots


T_VOTE_TITLE = bilingual("关于续聘物业服务企业的表决", "Renewing the property service contract")
T_NEW_COMPOUND = bilingual("示例花园", "Sample Gardens")
T_NEW_COMMUNITY = bilingual("红心社区", "Hongxin Community")
T_NEW_ADDRESS = bilingual("建设路 18 号", "18 Jianshe Road")

Shot = Callable[[int, QWidget], Path]  # (step number, dialog) -> the file written
Look = Callable[[Path, QWidget], None]  # (file written, widget grabbed)


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _save(widget: QWidget, path: Path, look: Look | None = None) -> Path:
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    if look is not None:
        look(path, widget)
    return path


def page_tabs(page: QWidget) -> QTabWidget | None:
    """The page's own tab widget (its `tabs` attribute), if it has one."""
    tabs = getattr(page, "tabs", None)
    return tabs if isinstance(tabs, QTabWidget) else None


def render_pages(
    window: MainWindow,
    out_dir: Path,
    size: QSize = SIZE,
    *,
    steps: bool = True,
    look: Look | None = None,
) -> list[Path]:
    """Show each page at `size` and save it as <lang>-<nn>-<key>.png, then (with `steps`)
    each of its tabs and every wizard's steps into out_dir/steps; returns the files.
    `look(file, widget)` is called with each shot's file and the widget grabbed (checks)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    window.resize(size)
    window.show()
    _settle()
    written: list[Path] = []
    lang = current()
    if window.book is None:
        path = out_dir / f"{lang}-00-welcome.png"
        window.grab().save(str(path))
        return [path]
    more = out_dir / STEPS
    if steps:
        more.mkdir(exist_ok=True)
    for n, spec in enumerate(PAGES, start=1):
        window.show_page(spec.key)
        page = window.pages[spec.key]
        prepare = getattr(page, "prepare_screenshot", None)
        if prepare is not None:  # e.g. the counter picks a household that owes something
            prepare()
        _settle()
        written.append(_save(window, out_dir / f"{lang}-{n:02d}-{spec.key}.png", look))
        tabs = page_tabs(page) if steps else None
        if tabs is None:
            continue
        first = tabs.currentIndex()
        for t in range(tabs.count()):
            tabs.setCurrentIndex(t)
            _settle()
            shot = more / f"{lang}-{n:02d}-{spec.key}-{t + 1}.png"
            written.append(_save(window, shot, look))
        tabs.setCurrentIndex(first)
        _settle()
    if steps:
        written += render_wizards(window, more, look)
    return written


# -- wizards ----------------------------------------------------------------------------------
@contextmanager
def throwaway_copy(book: Book) -> Iterator[Book]:
    """The book copied to a temporary file and opened there; removed afterwards. A server
    book is copied row by row (`book copy`) into the file, a file book by SQLite's backup."""
    with tempfile.TemporaryDirectory(prefix="propdesk-shots-") as tmp:
        target = Path(tmp) / "copy.sqlite"
        if book.path is None:
            from propdesk.services.book_copy import copy_book

            copy_book(book, target)
        else:
            sqlite_backup(book.path, target)
        copy = Book.open(target, user=book.user)
        try:
            yield copy
        finally:
            copy.close()


@contextmanager
def _yes_to_questions() -> Iterator[None]:
    """A step that asks for confirmation (approve …?) is answered Yes: it runs on the copy."""
    original = QMessageBox.question
    QMessageBox.question = staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Yes)  # type: ignore[method-assign]
    try:
        yield
    finally:
        QMessageBox.question = original  # type: ignore[method-assign]


def _wait(done: Callable[[], bool], timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not done() and time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)
    _settle()


def walk_wizard(wiz: QWizard, shot: Shot, first: int = 1) -> list[Path]:
    """Grab each page from the start page on, pressing Next until the last page, or until a
    page refuses (grabbed again, showing why); steps are numbered from `first`."""
    wiz.show()
    wiz.restart()
    _settle()
    written = [shot(first, wiz)]
    while wiz.nextId() != -1:
        page = wiz.currentPage()
        run = getattr(page, "run", None)  # a step's own background work (month end: billing)
        if not page.isComplete() and callable(run):
            op = run()
            _wait(lambda op=op: getattr(op, "outcome", None) is not None, 120.0)
            written.append(shot(first + len(written), wiz))
        if not page.isComplete():  # still waiting for the user
            break
        before = wiz.currentId()
        wiz.next()
        _settle()
        written.append(shot(first + len(written), wiz))
        if wiz.currentId() == before:  # refused
            break
    return written


def _close(dialog: QDialog) -> None:
    dialog.reject()
    dialog.deleteLater()
    _settle()


def render_wizards(window: MainWindow, out_dir: Path, look: Look | None = None) -> list[Path]:
    """Every wizard's steps, on a throwaway copy of the open book."""
    assert window.book is not None
    lang = current()
    written: list[Path] = []
    with throwaway_copy(window.book) as copy, _yes_to_questions():
        for n, (name, make) in enumerate(WIZARDS, start=1):

            def shot(step: int, dialog: QWidget, _n: int = n, _name: str = name) -> Path:
                return _save(dialog, out_dir / f"{lang}-w{_n}-{_name}-{step}.png", look)

            written += make(window, copy, shot)
    return written


def _vote_wizard(window: MainWindow, book: Book, shot: Shot) -> list[Path]:
    from propdesk.services import votes
    from propdesk.ui.dialogs.vote_wizard import VoteWizard

    written: list[Path] = []
    new = VoteWizard(book, window)  # a new vote: the first step only (Next would open it)
    new.resize(1100, 720)
    new.show()
    new.create_page.title_edit.setText(T_VOTE_TITLE.format())
    _settle()
    written.append(shot(1, new))
    _close(new)
    with book.read() as s:
        infos = votes.list_votes(s)
    running = [v for v in infos if v.status != "closed"]
    closed = [v for v in infos if v.status == "closed"]
    # a running vote: collect → close (on the copy; refused before its closing date) → result
    for chosen in (running[:1], closed[-1:]):  # and a closed vote's result
        for v in chosen:
            wiz = VoteWizard(book, window, vote_id=v.id)
            written += walk_wizard(wiz, shot, first=len(written) + 1)
            _close(wiz)
    return written


def _allocation_wizard(window: MainWindow, book: Book, shot: Shot) -> list[Path]:
    from propdesk.services import surplus, surplus_views
    from propdesk.ui.dialogs.allocation_wizard import AllocationWizard

    wiz = AllocationWizard(book, window, approver="张会计")
    written = walk_wizard(wiz, shot)
    if wiz.currentId() != wiz.DONE:  # refused (its quarter already allocated): the last month
        with book.read() as s:
            last = surplus_views.closed_through(s)
        if last is not None:
            wiz.period_page.set_span(surplus.Span("month", last, last))
            written += walk_wizard(wiz, shot, first=len(written) + 1)
    _close(wiz)
    return written


def _roster_files(folder: Path, compound: str, phone: int = 13900000001) -> list[Path]:
    """Two rosters of `compound`: one with a bad row (no owner, a negative area), one clean;
    the owners' phones from `phone` on (the same name and phone is the same person)."""
    from openpyxl import Workbook

    from propdesk.services.roster import COLUMNS

    headers = [c.title for c in COLUMNS]
    good = {"compound": compound, "building": "1", "entrance": "1", "room": "101",
            "area": "89.50", "area_source": "产权登记", "kind": "住宅", "owner": "王小明",
            "id_number": None, "phone": str(phone), "co_owners": None,
            "delivered_on": "2012-05-01", "status": "已售"}  # fmt: skip
    rows_ok = [good, good | {"room": "102", "owner": "李红", "phone": str(phone + 1)},
               good | {"building": "2", "owner": "赵强", "phone": str(phone + 2)}]  # fmt: skip
    rows_bad = [*rows_ok, good | {"room": "103", "area": "-3", "owner": None}]
    files = []
    for stem, rows in (("roster-problems", rows_bad), ("roster", rows_ok)):
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.append(headers)
        for r in rows:
            ws.append([r[c.key] for c in COLUMNS])
        wb.save(folder / f"{stem}.xlsx")
        files.append(folder / f"{stem}.xlsx")
    return files


def _walk_roster(panel: RosterPanel, files: list[Path], shot: Callable[[], Path]) -> list[Path]:
    """The roster steps: a file with problems, the clean one's summary, the import (on the copy)."""
    written: list[Path] = []
    for f in files:  # problems, then summary (a dry run: nothing is written)
        op = panel.check(f)
        if op is not None:
            _wait(lambda op=op: op.outcome is not None)
        written.append(shot())
    if panel.stack.currentIndex() == panel.SUMMARY and panel.import_button.isEnabled():
        op = panel.do_import()
        if op is not None:
            _wait(lambda: op.outcome is not None)
        written.append(shot())
    return written


def _roster_wizard(window: MainWindow, book: Book, shot: Shot) -> list[Path]:
    from propdesk.ui.dialogs.roster_wizard import RosterWizard

    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="propdesk-roster-") as tmp:
        files = _roster_files(Path(tmp), "示例新村")
        wiz = RosterWizard(book, window)
        wiz.show()
        _settle()
        written.append(shot(1, wiz))  # choose
        steps = iter(range(2, 10))
        written += _walk_roster(wiz.panel, files, lambda: shot(next(steps), wiz))
        _close(wiz)
    return written


def _compound_wizard(window: MainWindow, book: Book, shot: Shot) -> list[Path]:
    """新建小区: the compound, two buildings, the roster (problems, summary, import), done."""
    from propdesk.ui.dialogs.compound_wizard import NewCompoundWizard

    name = T_NEW_COMPOUND.format()
    written: list[Path] = []
    taken = [0]

    def step() -> Path:
        _settle()
        taken[0] += 1
        return shot(taken[0], wiz)

    with tempfile.TemporaryDirectory(prefix="propdesk-compound-") as tmp:
        files = _roster_files(Path(tmp), name, phone=13700000001)
        wiz = NewCompoundWizard(book, window)
        wiz.show()
        form = wiz.compound_page.form
        form.name.setText(name)
        form.community.setText(T_NEW_COMMUNITY.format())
        form.address.setText(T_NEW_ADDRESS.format())
        written.append(step())
        wiz.next()  # saves the compound (on the copy)
        table = wiz.buildings_page.table
        table.fill(2)
        table.item(0, 1).setText("2")
        table.item(1, 1).setText("2")
        written.append(step())
        if wiz.currentId() == wiz.BUILDINGS:
            wiz.next()
            written.append(step())  # the roster: choose the file
            if wiz.currentId() == wiz.ROSTER:
                written += _walk_roster(wiz.roster_page.panel, files, step)
                wiz.next()
                written.append(step())  # done: units by building against the counts given
        _close(wiz)
    return written


def _month_end_wizard(window: MainWindow, book: Book, shot: Shot) -> list[Path]:
    try:
        from propdesk.ui.dialogs import month_end_wizard as mod
    except ModuleNotFoundError:
        return []
    cls = getattr(mod, "MonthEndWizard", None)
    if cls is None:
        return []
    wiz = cls(book, window)
    written = walk_wizard(wiz, shot) if isinstance(wiz, QWizard) else []
    with suppress(RuntimeError):
        _close(wiz)
    return written


WIZARDS: list[tuple[str, Callable[[MainWindow, Book, Shot], list[Path]]]] = [
    ("vote", _vote_wizard),
    ("allocation", _allocation_wizard),
    ("roster", _roster_wizard),
    ("compound", _compound_wizard),
    ("month-end", _month_end_wizard),
]
