"""Settings declared once: the declarations, the page built from them, where values are kept."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit

from propdesk.core import i18n
from propdesk.core import settings as defs
from propdesk.services.books import get_meta
from propdesk.ui.main_window import MainWindow
from propdesk.ui.pages.settings_page import SettingsPage

from .conftest import wait_op


def test_declarations() -> None:
    keys = {d.key: d for d in defs.SETTINGS}
    assert {"company_name", "seal_text", "receipt_layout", "late_fee_rule",
            "vote_counting_method", "language"} <= set(keys)  # fmt: skip
    assert keys["receipt_layout"].default == "three_per_a4"
    assert keys["receipt_layout"].choice_values() == ("one_per_page", "three_per_a4")
    assert keys["late_fee_rule"].default == "none"
    assert keys["late_fee_rule"].choice_values() == ("none", "daily_rate", "fixed")
    assert keys["vote_counting_method"].default == "statutory"
    assert keys["language"].scope == "app" and keys["language"].default == "zh_CN"
    assert all(d.scope == "book" for k, d in keys.items() if k != "language")
    for d in defs.SETTINGS:
        assert d.label.zh and d.label.en
        assert not d.problems(d.default), d.key
        assert d.load(d.dump(d.default)) == d.default


def test_load_dump_and_problems() -> None:
    layout = defs.setting("receipt_layout")
    assert layout.load("bogus") == "three_per_a4"
    assert layout.load(None) == "three_per_a4"
    flag = defs.SettingDef("x", bool, False, defs.bilingual("开关", "Switch"), "app")
    assert flag.load(flag.dump(True)) is True
    number = defs.SettingDef(
        "n", int, 3, defs.bilingual("天数", "Days"), "book", minimum=0, maximum=9
    )
    assert number.load("x") == 3
    assert number.problems(10) and not number.problems(9)
    problems = defs.validate({"company_name": "  ", "receipt_layout": "x"})
    assert [p.field for p in problems] == ["公司名称", "收据版式"]
    i18n.set_language(i18n.EN)
    assert str(defs.validate({"company_name": ""})[0]) == "Company name: cannot be empty"
    bs = defs.BookSettings.from_lookup({"late_fee_rule": "fixed"}.get)
    assert bs.late_fee_rule == "fixed" and bs.receipt_layout == "three_per_a4"


def test_core_modules_stay_headless() -> None:
    code = (
        "import sys, propdesk.core.settings, propdesk.core.progress, propdesk.ui.book_files;"
        "assert 'PySide6' not in sys.modules, 'Qt imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def settings_page(win: MainWindow) -> SettingsPage:
    win.show_page("settings")
    page = win.pages["settings"]
    assert isinstance(page, SettingsPage)
    return page


def test_page_has_an_editor_per_declaration(opened: MainWindow) -> None:
    page = settings_page(opened)
    assert set(page.editors) == {d.key for d in defs.SETTINGS}
    assert isinstance(page.editors["company_name"].widget, QLineEdit)
    assert isinstance(page.editors["receipt_layout"].widget, QComboBox)
    assert page.editors["company_name"].value() == "测试社区物业服务有限公司"
    assert page.editors["receipt_layout"].value() == "three_per_a4"


def test_saves_company_into_book_and_language_into_app_settings(
    qtbot: Any, opened: MainWindow
) -> None:
    page = settings_page(opened)
    company = page.editors["company_name"].widget
    assert isinstance(company, QLineEdit)
    company.setText("  幸福里社区物业服务有限公司 ")
    layout = page.editors["receipt_layout"].widget
    assert isinstance(layout, QComboBox)
    layout.setCurrentIndex(layout.findData("one_per_page"))
    lang = page.editors["language"].widget
    assert isinstance(lang, QComboBox)
    lang.setCurrentIndex(lang.findData("en"))
    wait_op(qtbot, page.save())
    with opened.book.read() as s:  # type: ignore[union-attr]
        assert get_meta(s, "company_name") == "幸福里社区物业服务有限公司"
        assert get_meta(s, "receipt_layout") == "one_per_page"
        assert get_meta(s, "language") is None  # app-scoped: not in the book
    assert opened.settings.language == "en"
    assert opened.settings.q.value("settings/language") == "en"
    assert opened.windowTitle().startswith("幸福里社区物业服务有限公司")
    assert opened.menu_file.title() == "&File"  # applied at once
    assert page.saved_label.text() == "Settings saved."


def test_refuses_an_empty_company_name_and_writes_nothing(qtbot: Any, opened: MainWindow) -> None:
    page = settings_page(opened)
    company = page.editors["company_name"].widget
    assert isinstance(company, QLineEdit)
    company.setText("   ")
    page.editors["seal_text"].widget.setText("财务专用章")  # type: ignore[attr-defined]
    assert page.save() is None
    assert page.problems.isVisible()
    assert "公司名称" in page.problems.text()
    with opened.book.read() as s:  # type: ignore[union-attr]
        assert get_meta(s, "company_name") == "测试社区物业服务有限公司"
        assert get_meta(s, "seal_text") is None
