"""`propdesk book copy SRC DST`: the copy, its verification in the output, refusals (exit 2,
target unchanged). The target is a server database under PROPDESK_TEST_PG, else a file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from propdesk.cli import main
from propdesk.db.store import Book
from propdesk.services import demo
from propdesk.services.books import create_book
from tests.cli.conftest import NewTarget
from tests.helpers import snapshot


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def snap(target: str) -> dict[str, list[tuple]]:
    book = Book.open(target)
    try:
        return snapshot(book)
    finally:
        book.close()


@pytest.fixture
def demo_file(tmp_path: Path) -> str:
    """The demo company in a SQLite file, December to March (January and February closed):
    the book an office moves onto its server."""
    path = tmp_path / "demo.propdesk"
    book = create_book(path)
    demo.fill(book, today=date(2026, 3, 10))
    book.close()
    return str(path)


def test_copy_there_and_back_prints_the_verification(
    demo_file: str, new_target: NewTarget, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    there = new_target("there.propdesk")
    code, out, err = run(capsys, "book", "copy", demo_file, there)
    assert code == 0, err
    assert "已复制账套" in out and "48 张表" in out
    assert "副本检查通过（17 项）" in out and "科目余额表与源账套逐期相同" in out
    back = str(tmp_path / "back.propdesk")
    code, out, err = run(capsys, "--lang", "en", "book", "copy", there, back, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["check"] == {"ok": True, "checks": 17}
    assert len(data["trial_balances_equal"]) >= 4 and data["tables"] == 48
    code, out, _ = run(capsys, "--book", back, "check")
    assert code == 0 and "检查通过" in out
    span = ["--period", data["trial_balances_equal"][0], "--to", data["trial_balances_equal"][-1]]
    tbs = []
    for book in (demo_file, there, back):
        code, tb, err = run(capsys, "--book", book, "report", "trial-balance", *span, "--json")
        assert code == 0, err
        tbs.append(json.loads(tb))
    assert tbs[0] == tbs[1] == tbs[2] and tbs[0]["accounts"]


def test_a_target_holding_a_book_is_refused_and_unchanged(
    new_target: NewTarget, capsys: pytest.CaptureFixture[str]
) -> None:
    src, dst = new_target("a.propdesk"), new_target("b.propdesk")
    assert run(capsys, "--book", src, "init")[0] == 0
    assert run(capsys, "--book", dst, "init", "--company", "另一家公司")[0] == 0
    before = snap(dst)
    code, out, err = run(capsys, "book", "copy", src, dst)
    assert code == 2 and out == ""
    assert "目标中已有数据表，未写入任何内容" in err and "Traceback" not in err
    assert snap(dst) == before
    code, _, err = run(capsys, "--lang", "en", "book", "copy", src, dst)
    assert code == 2 and "The target already holds tables; nothing was written" in err


def test_a_source_that_is_not_a_book_is_refused(
    new_target: NewTarget, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("不是账套", encoding="utf-8")
    dst = new_target("b.propdesk")
    code, _out, err = run(capsys, "book", "copy", str(notes), dst)
    assert code == 2 and "这不是 propdesk 账套" in err
    code, _, err = run(capsys, "book", "copy", str(tmp_path / "missing.db"), dst)
    assert code == 2 and "账套不存在" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_book_with_users_is_copied_by_its_administrator_only(
    new_target: NewTarget,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    src = str(tmp_path / "a.propdesk")
    assert run(capsys, "--book", src, "init")[0] == 0
    monkeypatch.setenv("PROPDESK_NEW_PASSWORD", "admin-pass-1")
    assert (
        run(capsys, "--book", src, "--user", "老王", "user", "add", "老王", "--role", "admin")[0]
        == 0
    )
    monkeypatch.setenv("PROPDESK_PASSWORD", "admin-pass-1")
    monkeypatch.setenv("PROPDESK_NEW_PASSWORD", "clerk-pass-1")
    code, _, err = run(
        capsys, "--book", src, "--user", "老王", "user", "add", "小李", "--role", "clerk"
    )
    assert code == 0, err
    dst = new_target("b.propdesk")
    monkeypatch.delenv("PROPDESK_PASSWORD")
    code, out, err = run(capsys, "book", "copy", src, dst)
    assert code == 2 and "此账套需要登录" in err and out == ""
    monkeypatch.setenv("PROPDESK_PASSWORD", "clerk-pass-1")
    code, out, err = run(capsys, "--user", "小李", "book", "copy", src, dst)
    assert code == 2 and "无权复制整个账套" in err and out == ""
    monkeypatch.setenv("PROPDESK_PASSWORD", "admin-pass-1")
    code, out, err = run(capsys, "--user", "老王", "book", "copy", src, dst)
    assert code == 0 and "副本检查通过" in out, err
    monkeypatch.setenv("PROPDESK_PASSWORD", "clerk-pass-1")
    code, out, err = run(capsys, "--book", dst, "--user", "小李", "compound", "list")
    assert code == 0, err  # the users and their passwords came along
