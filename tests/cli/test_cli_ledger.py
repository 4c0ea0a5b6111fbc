"""The command line: init, vouchers, close/reopen, reports as JSON, check, error exits."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from propdesk.cli import main
from propdesk.db.store import Book
from propdesk.services import ledger
from tests.cli.conftest import NewTarget


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def cli_book(target: str, capsys) -> str:
    path = target
    code, out, _ = run(capsys, "--book", path, "init")
    assert code == 0 and "已创建账套" in out
    return path


def test_init_demo_then_check_passes(new_target: NewTarget, capsys) -> None:
    path = new_target("demo.db")
    assert run(capsys, "--book", path, "init", "--demo")[0] == 0
    code, out, _ = run(capsys, "--book", path, "check")
    assert code == 0 and "检查通过" in out
    book = Book.open(path)
    with book.read() as s:
        assert ledger.closed_through(s) is not None
        tb = ledger.trial_balance(s, ledger.current_period(s))
    book.close()
    assert tb.balanced and tb.totals.closing_debit > 0


def test_voucher_add_csv_and_trial_balance_json(cli_book: str, tmp_path: Path, capsys) -> None:
    f = tmp_path / "v.csv"
    f.write_text(
        "日期,摘要,科目编码,借方,贷方\n"
        '2026-03-05,收取3月物业费,1001,"1,409.50",\n'
        "2026-03-05,收取3月物业费,500101,,1409.5\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "--book", cli_book, "voucher", "add", str(f))
    assert code == 0 and "2026-03 记-0001" in out
    code, out, _ = run(
        capsys, "--book", cli_book, "report", "trial-balance", "--period", "2026-03", "--json"
    )
    data = json.loads(out)
    assert data["period"] == "2026-03"
    rows = {a["code"]: a for a in data["accounts"]}
    assert set(rows) == {"1001", "5001", "500101"}
    assert rows["1001"] == {
        "code": "1001", "name": "库存现金", "opening_debit": "0.00", "opening_credit": "0.00",
        "debit": "1409.50", "credit": "0.00", "closing_debit": "1409.50", "closing_credit": "0.00",
    }  # fmt: skip
    assert rows["5001"]["credit"] == "1409.50" and rows["500101"]["closing_credit"] == "1409.50"


def test_voucher_add_json_several(cli_book: str, tmp_path: Path, capsys) -> None:
    f = tmp_path / "v.json"
    f.write_text(json.dumps([
        {"date": "2026-04-01", "summary": "投入资本", "attachments": 2,
         "lines": [{"account": "1002", "debit": "100000"}, {"account": "3001", "credit": "100000.00"}]},
        {"date": "2026-04-02", "summary": "提现", "lines": [{"account": "1001", "debit": "500"}, {"account": "1002", "credit": "500"}]},
    ], ensure_ascii=False), encoding="utf-8")  # fmt: skip
    code, out, _ = run(capsys, "--book", cli_book, "voucher", "add", str(f))
    assert code == 0 and "记-0001" in out and "记-0002" in out
    code, out, _ = run(capsys, "--book", cli_book, "voucher", "show", "2026-04", "1", "--json")
    shown = json.loads(out)
    assert shown["attachments"] == 2
    assert [(ln["account"], ln["debit"], ln["credit"]) for ln in shown["lines"]] == [
        ("1002", "100000.00", "0.00"),
        ("3001", "0.00", "100000.00"),
    ]


def test_bad_voucher_file_names_every_row_and_changes_nothing(
    cli_book: str, tmp_path: Path, capsys
) -> None:
    f = tmp_path / "bad.csv"
    f.write_text(
        "日期,摘要,科目编码,借方,贷方\n2026-02-30,x,1001,abc,\n2026-03-01,x,,1.234,\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "--book", cli_book, "voucher", "add", str(f))
    assert code == 2
    assert "第 2 行「日期」" in err and "第 2 行「借方」" in err
    assert "第 3 行「科目编码」" in err and "第 3 行「借方」" in err
    code, out, _ = run(capsys, "--book", cli_book, "report", "journal", "--json")
    assert json.loads(out)["lines"] == []


def test_unbalanced_voucher_exit_2_one_message(cli_book: str, tmp_path: Path, capsys) -> None:
    f = tmp_path / "u.csv"
    f.write_text(
        "date,summary,account,debit,credit\n2026-03-01,x,1001,10,\n2026-03-01,x,500101,,9\n"
    )
    code, _, err = run(capsys, "--book", cli_book, "voucher", "add", str(f))
    assert code == 2 and "借贷不平衡" in err and "Traceback" not in err


def test_close_reopen_and_reverse(cli_book: str, tmp_path: Path, capsys) -> None:
    f = tmp_path / "v.csv"
    f.write_text(
        "date,summary,account,debit,credit\n2026-03-01,收费,1001,100,\n2026-03-01,收费,500101,,100\n"
    )
    run(capsys, "--book", cli_book, "voucher", "add", str(f))
    code, out, _ = run(capsys, "--book", cli_book, "close", "--period", "2026-03")
    assert code == 0 and "2026-03 已结账" in out and "记-0002" in out
    code, _, err = run(
        capsys,
        "--book",
        cli_book,
        "voucher",
        "reverse",
        "2026-03",
        "1",
        "--reason",
        "错",
        "--date",
        "2026-03-20",
    )
    assert code == 2 and "已结账" in err
    code, out, _ = run(
        capsys, "--book", cli_book, "reopen", "--period", "2026-03", "--reason", "更正收费"
    )
    assert code == 0
    code, out, _ = run(
        capsys,
        "--book",
        cli_book,
        "voucher",
        "reverse",
        "2026-03",
        "1",
        "--reason",
        "错",
        "--date",
        "2026-03-20",
    )
    assert code == 0 and "2026-03 记-0003" in out
    code, out, _ = run(
        capsys,
        "--book",
        cli_book,
        "report",
        "ledger",
        "--account",
        "1001",
        "--period",
        "2026-03",
        "--json",
    )
    lines = json.loads(out)["lines"]
    assert [
        (ln["kind"], ln["debit"], ln["credit"], ln["balance"])
        for ln in lines
        if ln["kind"] == "line"
    ] == [("line", "100.00", "0.00", "100.00"), ("line", "0.00", "100.00", "0.00")]
    code, out, _ = run(capsys, "--book", cli_book, "audit", "--json")
    assert any(
        e["action"] == "period.reopen" and e["reason"] == "更正收费" for e in json.loads(out)
    )
    assert run(capsys, "--book", cli_book, "check")[0] == 0


def test_journal_and_general_ledger_text(cli_book: str, tmp_path: Path, capsys) -> None:
    f = tmp_path / "v.csv"
    f.write_text(
        "date,summary,account,debit,credit\n2026-03-01,收费,1001,100,\n2026-03-01,收费,500101,,100\n"
    )
    run(capsys, "--book", cli_book, "voucher", "add", str(f))
    code, out, _ = run(capsys, "--book", cli_book, "report", "journal", "--period", "2026-03")
    assert code == 0 and "记-0001" in out and "库存现金" in out and "100.00" in out
    code, out, _ = run(
        capsys,
        "--book",
        cli_book,
        "report",
        "general-ledger",
        "--account",
        "1001",
        "--year",
        "2026",
        "--json",
    )
    rows = json.loads(out)["rows"]
    assert rows[-1] == {
        "period": "2026-03",
        "label": "本年累计",
        "debit": "100.00",
        "credit": "0.00",
        "side": "借",
        "balance": "100.00",
    }


def test_user_errors_exit_2_without_traceback(cli_book: str, tmp_path: Path, capsys) -> None:
    cases = [
        ["--book", cli_book, "report", "trial-balance", "--period", "2026-13"],
        ["--book", cli_book, "close", "--period", "nonsense"],
        ["--book", str(tmp_path / "missing.db"), "check"],
        ["--book", cli_book, "voucher", "reverse", "2026-03", "99", "--reason", "x"],
        ["--book", cli_book, "report", "ledger", "--account", "9999"],
    ]
    for args in cases:
        code, _, err = run(capsys, *args)
        assert code == 2, args
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err


def test_english_messages(cli_book: str, capsys) -> None:
    code, _, err = run(
        capsys, "--book", cli_book, "--lang", "en", "report", "trial-balance", "--period", "2026-13"
    )
    assert code == 2 and "Invalid period" in err


def test_check_exit_1_names_violation(cli_book: str, capsys, tmp_path: Path) -> None:
    f = tmp_path / "v.csv"
    f.write_text(
        "date,summary,account,debit,credit\n2026-03-01,收费,1001,100,\n2026-03-01,收费,500101,,100\n"
    )
    run(capsys, "--book", cli_book, "voucher", "add", str(f))
    book = Book.open(cli_book)  # someone edits the posting behind propdesk's back
    with book.engine.begin() as conn:
        on = " ON posting" if conn.dialect.name == "postgresql" else ""
        conn.execute(text(f"DROP TRIGGER posting_no_update{on}"))
        conn.execute(text("UPDATE posting SET debit = 20000 WHERE debit = 10000"))
    book.close()
    code, out, _ = run(capsys, "--book", cli_book, "check")
    assert code == 1 and "2026-03 记-0001 借贷不平" in out


def test_real_entry_point_and_env_book(cli_book: str) -> None:
    env = {"PROPDESK_BOOK": cli_book, "PATH": "/usr/bin:/bin"}
    ok = subprocess.run(
        [sys.executable, "-m", "propdesk", "check"], capture_output=True, text=True, env=env
    )
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "propdesk", "close", "--period", "2026-99"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
    assert "PySide6" not in ok.stderr


def test_amounts_in_json_are_strings_with_two_decimals(
    cli_book: str, tmp_path: Path, capsys
) -> None:
    f = tmp_path / "v.csv"
    f.write_text(
        "date,summary,account,debit,credit\n2026-03-01,x,1001,0.1,\n2026-03-01,x,500101,,0.10\n"
    )
    run(capsys, "--book", cli_book, "voucher", "add", str(f))
    _, out, _ = run(
        capsys, "--book", cli_book, "report", "trial-balance", "--period", "2026-03", "--json"
    )
    for acc in json.loads(out)["accounts"]:
        for k in (
            "opening_debit",
            "opening_credit",
            "debit",
            "credit",
            "closing_debit",
            "closing_credit",
        ):
            assert isinstance(acc[k], str) and Decimal(acc[k]).as_tuple().exponent == -2
