"""`propdesk backup`, `backups` and `restore`: copies of a SQLite file (a server book is backed
up by its server, which the commands say)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from propdesk.cli import main
from tests.conftest import PG, SQLITE_ONLY


def run(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@SQLITE_ONLY
def test_backup_list_and_restore(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    book = str(tmp_path / "公司.propdesk")
    assert run(capsys, "--book", book, "init")[0] == 0
    assert run(capsys, "--book", book, "compound", "add", "幸福里小区")[0] == 0
    code, out, _ = run(capsys, "--book", book, "backup")
    assert code == 0 and "已备份（已校验）" in out
    copy = Path(out.split("：", 1)[1].strip())
    assert copy.parent == tmp_path / "公司.backups" and copy.exists()
    code, out, _ = run(capsys, "--book", book, "backups", "--json")
    (listed,) = json.loads(out)
    assert (listed["path"], listed["kind"]) == (str(copy), "manual")

    assert run(capsys, "--book", book, "compound", "add", "和平苑")[0] == 0
    code, out, _ = run(capsys, "--book", book, "restore", str(copy))
    assert code == 0 and "已从" in out and "恢复前的账套保存在" in out
    code, out, _ = run(capsys, "--book", book, "compound", "list")
    assert "幸福里小区" in out and "和平苑" not in out


@SQLITE_ONLY
def test_restore_of_a_non_book_is_refused(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    book = str(tmp_path / "a.propdesk")
    assert run(capsys, "--book", book, "init")[0] == 0
    bad = tmp_path / "notes.txt"
    bad.write_text("hello", encoding="utf-8")
    before = Path(book).read_bytes()
    code, _out, err = run(capsys, "--book", book, "restore", str(bad))
    assert code == 2 and str(bad) in err
    assert Path(book).read_bytes() == before


@SQLITE_ONLY
def test_backup_to_a_chosen_file(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    book = str(tmp_path / "a.propdesk")
    assert run(capsys, "--book", book, "init")[0] == 0
    out_file = tmp_path / "elsewhere" / "copy.propdesk"
    code, out, _ = run(capsys, "--book", book, "backup", "--out", str(out_file))
    assert code == 0 and out_file.exists()
    code, out, _ = run(capsys, "--book", book, "backups")
    assert "还没有备份" in out  # a copy elsewhere is not in the rotation folder


@pytest.mark.skipif(PG is None, reason="needs PROPDESK_TEST_PG (a PostgreSQL server)")
def test_a_server_book_is_backed_up_by_its_server(target: str, capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(capsys, "--book", target, "init")[0] == 0
    for cmd in (["backup"], ["backups"], ["restore", "x.propdesk"]):
        code, out, err = run(capsys, "--book", target, *cmd)
        assert code == 2 and out == "", cmd
        assert "服务器上的账套由服务器备份" in err
