"""Expense commands end to end: add prints the voucher, list (text and JSON), categories, pay a
payable, reverse, and refusals that exit 2 with the book unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from propdesk.cli import main
from propdesk.db.store import Book
from propdesk.services import ledger, registry
from tests.helpers import snapshot


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def path(target: str, capsys: pytest.CaptureFixture[str]) -> str:
    p = target
    assert run(capsys, "--book", p, "init")[0] == 0
    book = Book.open(p)
    with book.write() as s:
        registry.add_compound(s, "幸福里小区")
    book.close()
    return p


def test_add_list_and_categories(
    path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    b = ["--book", path]
    bill = tmp_path / "电费单.pdf"
    bill.write_bytes(b"%PDF electricity")
    code, out, err = run(capsys, *b, "expense", "add", "--date", "2026-03-12", "--category", "水电",
                         "--amount", "1,234.50", "--payee", "供电公司", "--compound", "幸福里小区",
                         "--summary", "3月公共照明电费", "--attach", str(bill))  # fmt: skip
    assert code == 0, err
    assert out.splitlines() == ["2026-03 记-0001", "已记支出 ￥1,234.50（凭证 2026-03 记-0001）"]
    assert run(capsys, *b, "expense", "add", "--date", "2026-03-20", "--category", "office",
               "--amount", "88", "--method", "cash")[0] == 0  # fmt: skip
    assert run(capsys, *b, "expense", "add", "--date", "2026-04-02", "--category", "维修",
               "--amount", "300", "--method", "payable", "--payee", "李师傅")[0] == 0  # fmt: skip

    code, out, _ = run(capsys, *b, "expense", "list", "--period", "2026-03")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["凭证", "日期", "类别", "金额"]
    assert "供电公司" in lines[2] and "￥1,234.50" in lines[2] and "幸福里小区" in lines[2]
    assert lines[-1].split() == ["合计", "￥1,322.50"]

    code, out, _ = run(capsys, *b, "expense", "list", "--json")
    data = json.loads(out)
    assert [(r["voucher"], r["category"], r["amount"], r["method"]) for r in data] == [
        ("2026-03 记-0001", "utilities", "1234.50", "bank"),
        ("2026-03 记-0002", "office", "88.00", "cash"),
        ("2026-04 记-0001", "repairs", "300.00", "payable"),
    ]
    assert data[0]["evidence"] == [str(bill)] and data[2]["outstanding"] == "300.00"

    code, out, _ = run(capsys, *b, "expense", "categories", "--json")
    cats = {r["key"]: r for r in json.loads(out)}
    assert cats["utilities"]["account"] == "540104"
    assert cats["utilities"]["account_name"] == "主营业务成本—公共水电"
    assert cats["grid"]["account_name"] == "管理费用—网格运营费"
    code, out, _ = run(capsys, *b, "expense", "categories")
    assert code == 0 and "网格运营" in out and "5603 财务费用" in out


def test_pay_and_reverse(path: str, capsys: pytest.CaptureFixture[str]) -> None:
    b = ["--book", path]
    run(capsys, *b, "expense", "add", "--date", "2026-03-02", "--category", "保洁绿化",
        "--amount", "6000", "--method", "payable", "--payee", "绿洁保洁")  # fmt: skip
    code, out, err = run(capsys, *b, "expense", "pay", "2026-03", "1", "--amount", "2000",
                         "--date", "2026-03-10")  # fmt: skip
    assert code == 0, err
    assert out.splitlines()[0] == "2026-03 记-0002" and "￥2,000.00" in out
    code, _, err = run(capsys, *b, "expense", "reverse", "2026-03", "1", "--reason", "录错",
                       "--date", "2026-03-11")  # fmt: skip
    assert code == 2 and "请先冲销付款" in err
    assert run(capsys, *b, "expense", "reverse", "2026-03", "2", "--reason", "付款录错",
               "--date", "2026-03-11")[0] == 0  # fmt: skip
    code, out, _ = run(capsys, *b, "expense", "reverse", "2026-03", "1", "--reason", "录错",
                       "--date", "2026-03-12")  # fmt: skip
    assert code == 0 and "已冲销支出 2026-03 记-0001，冲销凭证 2026-03 记-0004" in out
    data = json.loads(run(capsys, *b, "expense", "list", "--period", "2026-03", "--json")[1])
    assert [(r["voucher"], r["reversed_by"]) for r in data] == [
        ("2026-03 记-0001", "2026-03 记-0004")
    ]
    book = Book.open(path)
    with book.read() as s:
        tb = {r.code: r for r in ledger.trial_balance(s, 202603).rows}
    book.close()
    assert tb["2202"].closing_credit == tb["2202"].closing_debit == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--category", "吃饭", "--amount", "10"], "支出类别「吃饭」无效"),
        (["--category", "office", "--amount", "0"], "金额必须大于零"),
        (["--category", "office", "--amount", "-3"], "不能为负数"),
        (["--category", "office", "--amount", "10", "--method", "刷脸"], "付款方式「刷脸」无效"),
        (["--category", "office", "--amount", "10", "--compound", "无名小区"], "无名小区"),
    ],
)
def test_refusals_exit_2_and_change_nothing(
    path: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    book = Book.open(path)
    before = snapshot(book)
    code, out, err = run(capsys, "--book", path, "expense", "add", "--date", "2026-03-01", *args)
    assert code == 2 and message in err and out == ""
    assert snapshot(book) == before
    book.close()


def test_a_closed_month_is_refused_in_english(
    path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    b = ["--book", path]
    run(
        capsys,
        *b,
        "expense",
        "add",
        "--date",
        "2026-02-01",
        "--category",
        "office",
        "--amount",
        "5",
    )
    assert run(capsys, *b, "close", "--period", "2026-02")[0] == 0
    code, _, err = run(capsys, *b, "--lang", "en", "expense", "add", "--date", "2026-02-20",
                       "--category", "office", "--amount", "5")  # fmt: skip
    assert code == 2 and "2026-02 is closed" in err
