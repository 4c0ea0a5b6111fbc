"""`propdesk print`, `export` and `statement`: files written, JSON amounts, errors exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from propdesk.cli import main
from propdesk.db.store import Book
from tests.reports.conftest import pdf_text, squash


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def book_file(known_book: Book) -> str:
    assert known_book.path is not None
    return str(known_book.path)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["voucher", "--period", "2026-01", "--number", "1"], "记字第0001号"),
        (["voucher", "--period", "2026-01", "--per-page", "1"], "记字第0012号"),
        (["trial-balance", "--period", "2026-01", "--to", "2026-02"], "2026年01月—2026年02月"),
        (["income-statement", "--period", "2026-01"], "会小企02表"),
        (["balance-sheet", "--period", "2026-02"], "会小企01表"),
    ],
)
def test_print(
    book_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    out = tmp_path / "x.pdf"
    code, stdout, _ = run(capsys, "--book", book_file, "print", *args, "--out", str(out))
    assert code == 0 and f"已生成：{out}" in stdout
    assert needle in squash("".join(pdf_text(out.read_bytes())))
    assert not list(tmp_path.glob(".*.part"))


@pytest.mark.parametrize(
    ("args", "sheet", "message"),
    [
        (["journal", "--period", "2026-01"], "序时账", "已导出 31 行"),
        (["journal", "--from", "2025-12-01", "--to", "2026-02-28"], "序时账", "已导出 47 行"),
        (["general-ledger", "--year", "2026"], "总账", "已生成"),
        (["general-ledger", "--account", "1002", "--year", "2026"], "总账", "已生成"),
        (["detail-ledger", "--period", "2026-01"], "目录", "个科目"),
        (["detail-ledger", "--account", "112202"], "112202 应收账款—商铺物业费", "已导出 1 个科目"),
        (["trial-balance", "--period", "2026-01"], "科目余额表", "已生成"),
        (["income-statement", "--period", "2026-01"], "利润表", "已生成"),
        (["balance-sheet", "--period", "2026-01"], "资产负债表", "已生成"),
    ],
)
def test_export(
    book_file: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    sheet: str,
    message: str,
) -> None:
    out = tmp_path / "x.xlsx"
    code, stdout, _ = run(capsys, "--book", book_file, "export", *args, "--out", str(out))
    assert code == 0 and message in stdout, stdout
    assert load_workbook(out).sheetnames[0] == sheet


def test_statement_income_json(book_file: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--book", book_file, "statement", "income", "--period", "2026-02",
                       "--json")  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["form"] == "会小企02表" and data["period"] == "2026-02"
    lines = {ln["key"]: ln for ln in data["lines"]}
    assert lines["revenue"]["row"] == 1
    assert (lines["revenue"]["month"], lines["revenue"]["year_to_date"]) == ("2000.00", "9416.64")
    assert data["net_profit"] == {"month": "1876.55", "year_to_date": "7579.10"}


def test_statement_balance_json_and_text(
    book_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--book", book_file, "statement", "balance", "--period", "2026-02",
                       "--json")  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["balanced"] is True and data["date"] == "2026-02-28"
    assets = {ln["key"]: ln for ln in data["assets"]}
    claims = {ln["key"]: ln for ln in data["liabilities_and_equity"]}
    assert assets["total_assets"]["closing"] == claims["total_claims"]["closing"] == "508629.10"
    assert claims["retained"] == {"key": "retained", "row": 51, "item": "未分配利润",
                                  "closing": "8579.10", "opening": "1000.00"}  # fmt: skip
    code, out, _ = run(capsys, "--book", book_file, "statement", "balance", "--period", "2026-02")
    assert code == 0 and "资产总计" in out and "508,629.10" in out
    code, out, _ = run(capsys, "--book", book_file, "statement", "income", "--period", "2026-02")
    assert code == 0 and "四、净利润" in out and "7,579.10" in out


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["print", "voucher", "--period", "2026-01", "--number", "99"], "不存在"),
        (["print", "voucher", "--period", "2026-07"], "没有凭证"),
        (["export", "journal", "--from", "2026-01-01"], "--from 与 --to"),
        (["export", "journal", "--from", "2026-02-01", "--to", "2026-01-01"], "晚于"),
        (["export", "trial-balance", "--period", "2026-13"], "期间"),
        (["export", "general-ledger", "--account", "9999"], "科目 9999 不存在"),
    ],
)
def test_errors_exit_2(
    book_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], error: str
) -> None:
    out = tmp_path / "x.out"
    code, _, err = run(capsys, "--book", book_file, *args, "--out", str(out))
    assert code == 2 and error in err, err
    assert not out.exists()


def test_missing_folder_and_english(book_file: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "nope" / "x.pdf"
    code, _, err = run(capsys, "--book", book_file, "print", "balance-sheet", "--period",
                       "2026-01", "--out", str(target))  # fmt: skip
    assert code == 2 and "保存位置不存在" in err
    code, _, err = run(capsys, "--book", book_file, "--lang", "en", "print", "voucher",
                       "--period", "2026-07", "--out", str(tmp_path / "v.pdf"))  # fmt: skip
    assert code == 2 and "has no vouchers" in err
