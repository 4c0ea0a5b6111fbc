"""Fee commands end to end: contract, bill run, pay, void, reissue, waive, refund, arrears, account."""

from __future__ import annotations

import json

import pytest

from propdesk.cli import main
from propdesk.db.store import Book
from propdesk.services import registry
from propdesk.services.registry import NewUnit


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def fee_book(target: str, capsys) -> str:
    path = target
    run(capsys, "--book", path, "init")
    book = Book.open(path)
    with book.write() as s:
        c = registry.add_compound(s, "幸福里小区")
        registry.add_unit(s, c, NewUnit("3", "2", "501", 8950, owner="张三"))
        registry.add_unit(s, c, NewUnit("3", "2", "502", 10235, owner="李四"))
    book.close()
    code, _out, err = run(capsys, "--book", path, "contract", "add", "--compound", "幸福里小区", "--number", "HT-2026-01",
                         "--start", "2026-01-01", "--end", "2026-12-31", "--rate", "住宅=0.85",
                         "--item", "垃圾清运费:fixed:10", "--late-fee", "daily:0.05", "--grace-days", "30")  # fmt: skip
    assert code == 0, err
    return path


def test_bill_pay_void_reissue_and_check(fee_book: str, capsys) -> None:
    b = ("--book", fee_book)
    code, out, _ = run(capsys, *b, "bill", "run", "--period", "2026-01")
    assert code == 0 and "新增账单 4 笔" in out and "￥183.08" in out  # 76.08 + 10 + 87.00 + 10
    code, out, _ = run(capsys, *b, "bill", "run", "--period", "2026-01")
    assert "新增账单 0 笔" in out and "已存在跳过 4 笔" in out
    code, out, _ = run(capsys, *b, "pay", "--compound", "幸福里小区", "--unit", "3-2-501", "--amount", "86.08", "--method", "微信",
                       "--date", "2026-01-15", "--ref", "WX001")  # fmt: skip
    assert code == 0 and out.splitlines()[0] == "No.00000001"
    code, out, _ = run(
        capsys,
        *b,
        "receipt",
        "reissue",
        "1",
        "--amount",
        "80",
        "--reason",
        "金额错",
        "--date",
        "2026-01-16",
    )
    assert code == 0 and out.strip() == "No.00000002"
    code, _, err = run(capsys, *b, "receipt", "void", "1", "--reason", "again")
    assert code == 2 and "已作废" in err
    code, out, _ = run(
        capsys, *b, "report", "account", "--compound", "幸福里小区", "--unit", "3-2-501", "--json"
    )
    st = json.loads(out)
    assert st["owed"] == "6.08" and st["owner"] == "张三" and st["area"] == "89.50"
    assert run(capsys, *b, "check")[0] == 0


def test_arrears_json_and_waive(fee_book: str, capsys) -> None:
    b = ("--book", fee_book)
    for p in ("2026-01", "2026-02"):
        run(capsys, *b, "bill", "run", "--period", p)
    code, out, _ = run(capsys, *b, "report", "arrears", "--as-of", "2026-03-15", "--json")
    data = json.loads(out)
    assert data["total"] == "366.16"  # (76.08 + 10 + 87.00 + 10) x 2
    # on 15 March the January bills are 73 days old and the February ones 42
    assert data["buckets"]["31-90"] == "366.16" and data["buckets"]["0-30"] == "0.00"
    units = {u["unit"]: u for u in data["units"]}
    assert units["3-2-502"]["total"] == "194.00" and units["3-2-502"]["over_3_years"] is False
    code, out, _ = run(
        capsys,
        *b,
        "waive",
        "1",
        "--amount",
        "76.08",
        "--reason",
        "低保户",
        "--approver",
        "王书记",
        "--date",
        "2026-03-01",
    )
    assert code == 0 and "已减免 ￥76.08" in out
    _, out, _ = run(capsys, *b, "report", "arrears", "--as-of", "2026-03-15", "--json")
    assert json.loads(out)["total"] == "290.08"
    code, _, err = run(
        capsys, *b, "waive", "1", "--amount", "1", "--reason", "x", "--approver", "y"
    )
    assert code == 2 and "超过未缴金额" in err


def test_prepayment_cap_and_refund(fee_book: str, capsys) -> None:
    b = ("--book", fee_book)
    run(capsys, *b, "bill", "run", "--period", "2026-01")
    # owed 86.08, then Feb..Dec = 11 months of 86.08 = 946.88 at most
    code, _, err = run(
        capsys,
        *b,
        "pay",
        "--compound",
        "幸福里小区",
        "--unit",
        "3-2-501",
        "--amount",
        "1032.97",
        "--method",
        "cash",
        "--date",
        "2026-01-10",
    )
    assert code == 2 and "￥946.88" in err
    code, out, _ = run(
        capsys,
        *b,
        "pay",
        "--compound",
        "幸福里小区",
        "--unit",
        "3-2-501",
        "--amount",
        "1032.96",
        "--method",
        "cash",
        "--date",
        "2026-01-10",
    )
    assert code == 0 and "预收 ￥946.88" in out
    code, out, _ = run(capsys, *b, "refund", "--compound", "幸福里小区", "--unit", "3-2-501", "--amount", "946.88", "--method", "bank",
                       "--reason", "合同终止", "--date", "2026-01-31")  # fmt: skip
    assert code == 0 and "已退款 ￥946.88" in out
    assert run(capsys, *b, "check")[0] == 0


def test_bad_inputs_exit_2(fee_book: str, capsys) -> None:
    b = ("--book", fee_book)
    for args in (
        [
            "pay",
            "--compound",
            "幸福里小区",
            "--unit",
            "9-9-999",
            "--amount",
            "1",
            "--method",
            "cash",
        ],
        [
            "pay",
            "--compound",
            "幸福里小区",
            "--unit",
            "3-2-501",
            "--amount",
            "abc",
            "--method",
            "cash",
        ],
        [
            "pay",
            "--compound",
            "幸福里小区",
            "--unit",
            "3-2-501",
            "--amount",
            "1",
            "--method",
            "bitcoin",
        ],
        [
            "contract",
            "add",
            "--compound",
            "幸福里小区",
            "--number",
            "X",
            "--start",
            "2026-01-01",
            "--end",
            "2025-01-01",
            "--rate",
            "住宅=1",
        ],
        [
            "contract",
            "add",
            "--compound",
            "幸福里小区",
            "--number",
            "Y",
            "--start",
            "2026-01-01",
            "--end",
            "2026-12-31",
            "--rate",
            "别墅=1",
        ],
        ["bill", "run", "--period", "2026-01", "--compound", "不存在小区"],
    ):
        code, _, err = run(capsys, *b, *args)
        assert code == 2 and len(err.strip().splitlines()) == 1, (args, err)
