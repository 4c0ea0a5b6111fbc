"""The entry point: batch runs used by the build smoke test and the screenshots."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage

from propdesk.db.store import Book
from propdesk.services.books import create_book
from propdesk.ui import app, book_files, errors
from propdesk.ui.pages import PAGES
from propdesk.ui.resources import resource_path
from propdesk.ui.settings_store import AppSettings

from .conftest import book_target


@pytest.fixture(autouse=True)
def _restore_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(errors, "_batch", False)


def run(argv: list[str], settings: AppSettings) -> int:
    return app.main(argv, settings=settings)


def test_quit_after_open(book: Book, app_settings: AppSettings) -> None:
    path = str(book_target(book))
    book.close()
    assert run(["--book", path, "--quit-after-open"], app_settings) == 0
    assert app_settings.last_book == path
    assert Path(app_settings.q.fileName()).exists()


def test_quit_after_open_fails_on_a_file_that_is_not_a_book(
    tmp_path: Path, app_settings: AppSettings, capsys: Any
) -> None:
    junk = tmp_path / "junk.propdesk"
    junk.write_text("no")
    assert run(["--book", str(junk), "--quit-after-open"], app_settings) == 1
    assert "不是 propdesk 账套" in capsys.readouterr().err


def test_demo_quit_after_open(app_settings: AppSettings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(book_files, "create_book", lambda p, demo=False, **kw: create_book(p, **kw))
    assert run(["--demo", "--quit-after-open", "--lang", "en"], app_settings) == 0
    assert book_files.demo_book_path().exists()
    assert app_settings.language == "zh_CN"  # --lang is for this run only


def test_screenshots_of_every_page(book: Book, app_settings: AppSettings, tmp_path: Path) -> None:
    path = str(book_target(book))
    book.close()
    out = tmp_path / "shots"
    assert run(["--book", path, "--screenshot-dir", str(out)], app_settings) == 0
    files = sorted(out.glob("*.png"))
    assert len(files) == len(PAGES)
    image = QImage(str(files[0]))
    assert (image.width(), image.height()) == (1366, 768)


def test_bundled_resources_are_found() -> None:
    assert resource_path("fonts", "wqy-microhei.ttc").exists()
    assert resource_path("translations", "propdesk_zh_CN.qm").exists()
    for spec in PAGES:
        assert resource_path("icons", f"{spec.icon}.svg").exists(), spec.icon


def test_resource_path_in_a_frozen_bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_path("fonts", "x.ttc") == tmp_path / "resources" / "fonts" / "x.ttc"


def test_bundled_font_is_the_application_font(qapp: Any) -> None:
    from propdesk.ui.style import load_font

    family = load_font(qapp)
    assert family is not None and "WenQuanYi" in family
    assert qapp.font().families()[0] == family
