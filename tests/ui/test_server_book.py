"""The app on a server book: 打开服务器账簿 (the password never stored), the status bar, the recent
list; 复制账簿 in the background with its verification shown. The server legs run only with
PROPDESK_TEST_PG; the file legs always."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from propdesk.db.store import Book
from propdesk.services import ledger
from propdesk.services.books import create_book
from propdesk.ui import book_files
from propdesk.ui.dialogs.server_book import CopyBookDialog, ServerBookDialog
from propdesk.ui.main_window import MainWindow
from tests.conftest import PG, pg_database
from tests.helpers import v

from .conftest import open_in, wait_op

needs_pg = pytest.mark.skipif(PG is None, reason="needs PROPDESK_TEST_PG (a PostgreSQL server)")


@pytest.fixture
def infos(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []

    def information(_parent: Any, _title: str, text: str, *a: Any, **k: Any) -> Any:
        seen.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", information)
    return seen


def with_password(url: str, password: str) -> str:
    return make_url(url)._replace(password=password).render_as_string(hide_password=False)


def a_file_book(tmp_path: Path) -> Path:
    path = tmp_path / "单机账簿.propdesk"
    book = create_book(path, company_name="红心物业")
    with book.write() as s:
        ledger.post_voucher(s, v(date(2026, 3, 5), "收取物业费", ("1001", 25_524, 0),
                                 ("500101", 0, 25_524)))  # fmt: skip
    book.close()
    return path


# -- the places, without Qt ---------------------------------------------------------------------
def test_a_server_url_is_built_quoted_and_remembered_without_its_password() -> None:
    place = book_files.ServerBook("db.office", 5433, "红心物业", "clerk@office")
    url = book_files.server_url(place, "p@ss:w/rd")
    assert make_url(url).password == "p@ss:w/rd" and make_url(url).username == "clerk@office"
    public = book_files.public_target(url)
    assert "p@ss" not in public and "%40ss" not in public and make_url(public).password is None
    assert book_files.server_place(url) == place == book_files.server_place(public)
    assert book_files.server_label(public) == "红心物业 @ db.office:5433 (clerk@office)"
    assert book_files.is_server(url) and not book_files.is_server("/tmp/a.propdesk")
    assert not book_files.is_server("sqlite:////tmp/a.propdesk")


# -- the dialogs ---------------------------------------------------------------------------------
def test_the_server_dialog_is_filled_from_a_recent_url_and_asks_the_password(qtbot: Any) -> None:
    dialog = ServerBookDialog(None, prefill="postgresql+psycopg://clerk@db.office:5433/wy")
    qtbot.addWidget(dialog)
    f = dialog.fields
    assert (f.host.text(), f.port.value(), f.database.text(), f.user.text()) == (
        "db.office", 5433, "wy", "clerk")  # fmt: skip
    assert f.password.text() == ""
    f.password.setText("s3cret")
    assert dialog.submit()
    assert make_url(dialog.url()).password == "s3cret"


def test_the_server_dialog_names_a_missing_field(qtbot: Any) -> None:
    dialog = ServerBookDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields.user.setText("clerk")
    assert not dialog.submit()
    assert dialog.error.isVisible() and dialog.error.text() == "请填写数据库"
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_the_copy_dialog_gives_a_file_or_a_server(qtbot: Any, tmp_path: Path) -> None:
    dialog = CopyBookDialog(None, suggested=tmp_path / "副本.propdesk")
    qtbot.addWidget(dialog)
    assert dialog.to_file.isChecked() and not dialog.fields.isEnabled()
    assert dialog.submit() and dialog.target() == str(tmp_path / "副本.propdesk")
    dialog.to_server.setChecked(True)
    assert dialog.fields.isEnabled() and not dialog.file_box.isEnabled()
    dialog.fields.database.setText("wy")
    dialog.fields.user.setText("postgres")
    dialog.fields.password.setText("pw")
    assert dialog.submit()
    assert make_url(dialog.target()).database == "wy"
    assert make_url(dialog.target()).password == "pw"


# -- copying from the window ---------------------------------------------------------------------
def test_copy_the_open_book_to_a_new_file(
    qtbot: Any, window: MainWindow, tmp_path: Path, infos: list[str]
) -> None:
    src = a_file_book(tmp_path)
    assert open_in(qtbot, window, src) is not None
    assert window.act_copy_book.isEnabled()
    target = tmp_path / "副本"
    op = window.copy_book(str(target))
    wait_op(qtbot, op, timeout=60_000)
    assert op is not None and op.outcome == "done"
    (message,) = infos
    assert "已复制账套" in message and "副本检查通过（17 项）" in message
    assert "1 个期间（2026-03 至 2026-03）的科目余额表与源账套逐期相同" in message
    copy = Book.open(tmp_path / "副本.propdesk")  # the book suffix was added
    try:
        with copy.read() as s:
            tb = ledger.trial_balance(s, 202603)
        assert tb.totals.debit == 25_524
    finally:
        copy.close()
    assert window.book is not None and window.book.path == src  # still on the same book


def test_a_copy_onto_a_book_is_refused_with_a_message(
    qtbot: Any, window: MainWindow, tmp_path: Path, dialogs: Any, infos: list[str]
) -> None:
    src = a_file_book(tmp_path)
    other = tmp_path / "另一本.propdesk"
    create_book(other).close()
    before = other.read_bytes()
    assert open_in(qtbot, window, src) is not None
    op = window.copy_book(str(other))
    wait_op(qtbot, op, timeout=60_000)
    assert op is not None and op.outcome == "failed"
    assert any("目标中已有数据表，未写入任何内容" in w for w in dialogs.warnings)
    assert infos == [] and other.read_bytes() == before


def test_cancelling_a_copy_leaves_nothing(
    qtbot: Any, window: MainWindow, tmp_path: Path, infos: list[str]
) -> None:
    src = a_file_book(tmp_path)
    assert open_in(qtbot, window, src) is not None
    op = window.copy_book(str(tmp_path / "cancelled.propdesk"))
    assert op is not None
    op.cancel()
    wait_op(qtbot, op, timeout=60_000)
    assert op.outcome == "cancelled" and infos == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("cancelled")] == []
    assert "已取消复制" in window.statusBar().currentMessage()


# -- on a server ---------------------------------------------------------------------------------
@needs_pg
def test_open_a_server_book_copy_it_and_reopen_it_from_the_recent_list(
    qtbot: Any,
    window: MainWindow,
    tmp_path: Path,
    infos: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert PG is not None
    src = a_file_book(tmp_path)
    with pg_database(PG) as url:
        # move the one-PC book onto the server, from the app
        assert open_in(qtbot, window, src) is not None
        op = window.copy_book(with_password(url, "s3cret"))
        wait_op(qtbot, op, timeout=120_000)
        assert op is not None and op.outcome == "done", window.last_copy
        assert "副本检查通过" in infos[-1] and "s3cret" not in infos[-1]
        # open it (the test server trusts loopback: any password is accepted, none is kept)
        op = window.open_server_book(with_password(url, "s3cret"))
        wait_op(qtbot, op, timeout=60_000)
        assert window.book is not None and window.book.path is None
        status = window.book_label.text()
        place = book_files.server_place(url)
        assert status == f"服务器账簿：{place.database} @ 127.0.0.1:{place.port} (postgres)"
        assert window.windowTitle().startswith("红心物业")
        assert not window.act_backup.isEnabled()  # the server backs it up (pg_dump)
        overview = window.page("overview").path_label.text()  # type: ignore[attr-defined]
        assert overview == book_files.public_target(url) and "s3cret" not in overview
        recent = window.settings.recent_books()
        assert recent[0] == book_files.public_target(url)
        assert all("s3cret" not in r for r in recent)
        settings_file = Path(window.settings.q.fileName())
        window.settings.sync()
        assert "s3cret" not in settings_file.read_text(encoding="utf-8")
        # the copy from the server back to a file
        op = window.copy_book(str(tmp_path / "回到单机.propdesk"))
        wait_op(qtbot, op, timeout=120_000)
        assert op is not None and op.outcome == "done"
        assert "1 个期间" in infos[-1]
        window.close_book()
        # a recent server book asks for the password again, filled in otherwise
        asked: list[ServerBookDialog] = []

        def exec_(dialog: ServerBookDialog) -> int:
            asked.append(dialog)
            assert dialog.fields.database.text() == place.database
            assert dialog.fields.password.text() == ""
            return QDialog.DialogCode.Accepted.value

        monkeypatch.setattr(ServerBookDialog, "exec", exec_)
        op = window.open_recent(recent[0])
        wait_op(qtbot, op, timeout=60_000)
        assert len(asked) == 1 and window.book is not None and window.book.path is None
        window.close_book()
        engine = create_engine(url, poolclass=NullPool)
        with engine.connect() as conn:
            assert "voucher" in inspect(conn).get_table_names()
        engine.dispose()


@needs_pg
def test_an_empty_server_database_becomes_a_new_book_when_the_user_says_so(
    qtbot: Any, window: MainWindow, dialogs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    assert PG is not None
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("红心社区物业服务有限公司", True))
    with pg_database(PG) as url:
        dialogs.answer = QMessageBox.StandardButton.No
        wait_op(qtbot, window.open_server_book(url))
        assert window.book is None and len(dialogs.questions) == 1
        assert "是空的，还不是账簿" in dialogs.questions[0]
        engine = create_engine(url, poolclass=NullPool)
        with engine.connect() as conn:
            assert inspect(conn).get_table_names() == []  # "no" wrote nothing
        dialogs.answer = QMessageBox.StandardButton.Yes
        first = window.open_server_book(with_password(url, "pw"))
        wait_op(qtbot, first)
        wait_op(qtbot, window.op, timeout=60_000)  # the new book, made after the question
        assert window.book is not None and window.book.path is None
        assert window.company == "红心社区物业服务有限公司"
        assert window.settings.recent_books()[0] == book_files.public_target(url)
        window.close_book()
        with engine.connect() as conn:
            assert "voucher" in inspect(conn).get_table_names()
        engine.dispose()
        assert dialogs.warnings == []


def test_the_recent_list_names_a_server_book_in_the_current_language(
    qtbot: Any, window: MainWindow
) -> None:
    from propdesk.core import i18n
    from propdesk.ui import language

    url = "postgresql+psycopg://clerk@db.office:5432/wy"
    window.settings.add_recent_book(url)
    window.welcome.fill_recent(window.settings.recent_books())
    assert (
        window.welcome.recent.item(0).text().startswith("服务器账簿：wy @ db.office:5432 (clerk)")
    )
    language.apply_language(i18n.EN)
    qtbot.waitUntil(lambda: window.welcome.recent.item(0).text().startswith("Server book: wy @"))
    assert window.welcome.server_button.text() == "Open a server book…"
    assert window.act_copy_book.text() == "Cop&y the book…"
