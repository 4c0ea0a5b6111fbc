"""Translations: complete, placeholders intact, compiled .qm current; switching without restart."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt

from propdesk.core import i18n
from propdesk.ui import language
from propdesk.ui.main_window import MainWindow
from propdesk.ui.pages import PAGES
from propdesk.ui.resources import resource_path

TRANSLATIONS = resource_path("translations")
TS_FILES = sorted(TRANSLATIONS.glob("*.ts"))
BIN = Path(sys.executable).parent
PLACEHOLDER = re.compile(r"%(?:n|L?\d+)|\{\w*\}")
ACCEL = re.compile(r"(?<!&)&(?=\w)")  # "&File"; "Grids & stations" is a plain ampersand


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [
        (ctx.findtext("name") or "", m.findtext("source") or "", m)
        for ctx in root.iter("context")
        for m in ctx.iter("message")
    ]


def test_there_is_a_chinese_translation() -> None:
    assert [p.name for p in TS_FILES] == ["propdesk_zh_CN.ts"]


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_every_message_is_translated_with_matching_placeholders(ts: Path) -> None:
    problems = []
    for ctx, source, m in messages(ts):
        tr = m.find("translation")
        assert tr is not None
        forms = [n.text or "" for n in tr.iter("numerusform")] or [tr.text or ""]
        if tr.get("type") in ("unfinished", "vanished", "obsolete") or not all(
            f.strip() for f in forms
        ):
            problems.append(f"{ctx}: {source!r} is not translated")
            continue
        want = sorted(PLACEHOLDER.findall(source))
        for form in forms:
            if sorted(PLACEHOLDER.findall(form)) != want:
                problems.append(f"{ctx}: {source!r} → {form!r}: placeholders differ")
        if ACCEL.search(source) and not all(ACCEL.search(f) for f in forms):
            problems.append(f"{ctx}: {source!r} → {form!r}: lost its keyboard accelerator")
    assert not problems, "\n".join(problems)


@pytest.mark.skipif(not (BIN / "pyside6-lrelease").exists(), reason="no pyside6-lrelease")
@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_committed_qm_is_compiled_from_the_ts(ts: Path, tmp_path: Path) -> None:
    out = tmp_path / ts.with_suffix(".qm").name
    subprocess.run([BIN / "pyside6-lrelease", "-silent", ts, "-qm", out], check=True)
    assert out.read_bytes() == ts.with_suffix(".qm").read_bytes(), (
        "run scripts/update_translations.sh and commit the .qm"
    )


@pytest.mark.skipif(not (BIN / "pyside6-lupdate").exists(), reason="no pyside6-lupdate")
def test_every_ui_string_is_in_the_ts(tmp_path: Path) -> None:
    ts = tmp_path / "check.ts"
    shutil.copy(TS_FILES[0], ts)
    sources = sorted(str(p) for p in Path(language.__file__).parent.rglob("*.py"))
    subprocess.run(
        [BIN / "pyside6-lupdate", "-no-obsolete", "-locations", "none", *sources, "-ts", ts],
        check=True, capture_output=True,
    )  # fmt: skip
    new = [src for _, src, m in messages(ts) if m.find("translation").get("type") == "unfinished"]  # type: ignore[union-attr]
    assert not new, f"untranslated strings (run scripts/update_translations.sh): {new}"


def test_switching_language_at_run_time(qtbot: Any, opened: MainWindow) -> None:
    win = opened
    win.show_page("overview")
    assert win.nav.item(0).text() == "概览"
    assert win.nav.item(len(PAGES) - 1).text() == "设置"
    assert win.menu_file.title() == "文件(&F)"
    assert win.pages["overview"].company.caption.text() == "公司"  # type: ignore[attr-defined]

    win.act_lang_en.trigger()
    assert i18n.language() == i18n.EN  # service messages follow
    assert QLocale().language() == QLocale.Language.English
    assert [win.nav.item(i).text() for i in range(3)] == [
        "Overview",
        "Compounds & units",
        "Owner votes",
    ]
    assert [win.menu_file.title(), win.menu_view.title(), win.menu_lang.title(), win.menu_help.title()] == [
        "&File", "&View", "&Language", "&Help",
    ]  # fmt: skip
    assert win.act_new.text() == "&New book…"
    assert win.period_label.text().startswith("Open period: ")
    assert win.pages["overview"].company.caption.text() == "Company"  # type: ignore[attr-defined]
    assert win.settings.language == "en"
    assert win.act_lang_en.isChecked() and not win.act_lang_zh.isChecked()

    win.show_page("settings")  # made while in English, bilingual labels from core
    assert win.pages["settings"].editors["company_name"].label.text() == "Company name:"  # type: ignore[attr-defined]
    win.show_page("ledger")
    model = win.pages["ledger"].model  # type: ignore[attr-defined]
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Date"
    assert win.page_actions["compounds"].text() == "Compounds && units"  # a literal "&" in menus

    win.act_lang_zh.trigger()
    assert i18n.language() == i18n.ZH
    assert win.nav.item(0).text() == "概览"
    assert win.menu_file.title() == "文件(&F)"
    assert win.pages["settings"].editors["company_name"].label.text() == "公司名称："  # type: ignore[attr-defined]
    assert model.headerData(0, Qt.Orientation.Horizontal) == "日期"
    assert win.settings.language == "zh_CN"
