"""`propdesk import journal`: dry run, import, JSON, refusals naming lines, then `check`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from propdesk.cli import main
from tests.helpers import snapshot
from tests.perf.journal_file import write_journal_csv


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def cli_book(target: str, capsys) -> str:
    path = target
    assert run(capsys, "--book", path, "init")[0] == 0
    return path


@pytest.fixture
def journal(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "序时账.csv"
    tot = write_journal_csv(path, 400, start=date(2025, 1, 1), end=date(2025, 3, 31))
    return path, tot


def test_dry_run_then_import_then_check(cli_book: str, journal, capsys) -> None:
    path, tot = journal
    code, out, _ = run(capsys, "--book", cli_book, "import", "journal", str(path), "--dry-run")
    assert code == 0 and "未写入账套" in out and f"凭证 {tot.vouchers} 张" in out
    assert "将新增科目" in out and "112202 其他单位" in out
    code, out, _ = run(capsys, "--book", cli_book, "import", "journal", str(path))
    assert code == 0 and f"分录 {tot.lines} 行" in out and "2025-01 记-0001" in out
    assert "新增科目" in out
    code, out, _ = run(capsys, "--book", cli_book, "check")
    assert code == 0 and "检查通过" in out
    code, out, _ = run(
        capsys, "--book", cli_book, "report", "trial-balance", "--period", "2025-01",
        "--to", "2025-03", "--json",
    )  # fmt: skip
    rows = {a["code"]: a for a in json.loads(out)["accounts"]}
    for acct, (dr, cr) in tot.by_account.items():
        assert rows[acct]["debit"] == f"{dr // 100}.{dr % 100:02d}"
        assert rows[acct]["credit"] == f"{cr // 100}.{cr % 100:02d}"


def test_json_output_in_english(cli_book: str, journal, capsys) -> None:
    path, tot = journal
    code, out, _ = run(
        capsys, "--book", cli_book, "--lang", "en", "import", "journal", str(path), "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["lines"] == tot.lines and data["vouchers"] == tot.vouchers
    assert data["debit"] == data["credit"] == f"{tot.debit // 100}.{tot.debit % 100:02d}"
    assert {"code": "112202", "name": "其他单位"} in data["accounts_created"]
    assert data["first"] == "2025-01 记-0001" and not data["dry_run"]


def test_a_bad_file_exits_2_naming_each_line_and_changes_nothing(
    cli_book: str, tmp_path: Path, capsys
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "date,voucher,account,debit,credit,summary\n"
        "2025-01-05,1,1001,10,,x\n"
        "2025-01-05,1,1002,,9,x\n"
        "2025-01-06,2,112201,5,,x\n"
        "2025-01-06,2,1001,,5,x\n",
        encoding="utf-8",
    )
    from propdesk.db.store import Book

    book = Book.open(cli_book)
    before = snapshot(book)
    code, out, err = run(capsys, "--book", cli_book, "--lang", "en", "import", "journal", str(path))
    assert code == 2 and out == ""
    assert err.startswith("2 problem(s) in the journal; nothing was imported:")
    assert "row 2: voucher 2025-01-05 1 (lines 2-3) does not balance" in err
    assert "row 4, account: account 112201" in err and "Traceback" not in err
    assert snapshot(book) == before
    book.close()


def test_unknown_file_type(cli_book: str, tmp_path: Path, capsys) -> None:
    path = tmp_path / "j.json"
    path.write_text("[]", encoding="utf-8")
    code, _, err = run(capsys, "--book", cli_book, "import", "journal", str(path))
    assert code == 2 and "只支持 .csv 或 .xlsx" in err
