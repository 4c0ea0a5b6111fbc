"""Grid and surplus commands end to end: registry, draft (JSON), approve, pay, the report."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from propdesk.cli import main
from propdesk.db.store import Book
from propdesk.services import check, ledger
from tests.helpers import snapshot, v


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def path(target: str, capsys: pytest.CaptureFixture[str]) -> str:
    """A book whose third quarter earned 500,000 fen and is closed."""
    p = target
    assert run(capsys, "--book", p, "init")[0] == 0
    book = Book.open(p)
    with book.write() as s:
        ledger.post_vouchers(s, [
            v(date(2026, 7, 20), "物业费收入", ("1002", 800_000, 0), ("500101", 0, 800_000)),
            v(date(2026, 8, 25), "保洁费用", ("5401", 300_000, 0), ("1002", 0, 300_000)),
        ])  # fmt: skip
        for period in (202607, 202608, 202609):
            ledger.close_period(s, period)
    book.close()
    return p


def test_registry_allocate_approve_pay_report(
    path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    b = ["--book", path]
    code, out, err = run(
        capsys, *b, "grid", "add", "--code", "G01", "--name", "幸福网格", "--leader", "李网格长"
    )
    assert code == 0, err
    assert "G01 幸福网格" in out
    code, out, err = run(capsys, *b, "worker", "add", "--grid", "G01", "--name", "张专职", "--kind", "专职",
                         "--from", "2026-01-01", "--bank-account", "6222021234567890123")  # fmt: skip
    assert code == 0, err
    assert "专职网格员 张专职" in out
    assert run(capsys, *b, "worker", "add", "--grid", "G01", "--name", "赵兼职", "--kind", "part_time",
               "--from", "2026-08-01")[0] == 0  # fmt: skip
    code, out, _ = run(capsys, *b, "worker", "list", "--json")
    workers = json.loads(out)
    assert [(w["name"], w["bank_account"], w["employee"]) for w in workers] == [
        ("张专职", "6222021234567890123", False), ("赵兼职", "", True)]  # fmt: skip (the admin's)
    assert run(capsys, *b, "station", "add", "--grid", "G01", "--name", "幸福驿站")[0] == 0
    code, out, _ = run(
        capsys, *b, "project", "add", "--station", "幸福驿站", "--name", "图书角", "--budget", "800"
    )
    assert code == 0 and "￥800.00" in out

    # the fourth quarter is open: refused, nothing written
    book = Book.open(path)
    before = snapshot(book)
    code, _, err = run(capsys, *b, "allocate", "--period", "2026-Q4")
    assert code == 2 and "尚未结账" in err
    assert snapshot(book) == before
    book.close()

    code, out, err = run(capsys, *b, "allocate", "--period", "2026-Q3", "--json")
    assert code == 0, err
    d = json.loads(out)
    assert (d["status"], d["period"], d["surplus"]) == ("draft", "2026-Q3", 500_000)
    assert [(ln["kind"], ln["months"], ln["amount"]) for ln in d["lines"]] == [
        ("stipend", 3, 150_000), ("stipend", 2, 40_000), ("station", 0, 80_000),
        ("retained", 0, 230_000)]  # fmt: skip

    code, out, err = run(
        capsys, *b, "allocate", "approve", str(d["id"]), "--by", "王书记", "--date", "2026-10-08"
    )
    assert code == 0, err
    assert "王书记" in out and "2026-10 记-0001" in out
    code, _, err = run(capsys, *b, "allocate", "approve", str(d["id"]), "--by", "王书记")
    assert code == 2 and "已审批" in err
    code, out, err = run(
        capsys, *b, "allocate", "pay", str(d["id"]), "--method", "bank", "--date", "2026-10-09"
    )
    assert code == 0, err
    assert "3 项" in out and "￥2,700.00" in out

    code, out, _ = run(capsys, *b, "report", "surplus", "--period", "2026-Q3", "--json")
    rep = json.loads(out)
    assert (rep["full_time"], rep["part_time"], rep["stations"], rep["retained"]) == (
        150_000, 40_000, 80_000, 230_000)  # fmt: skip
    assert rep["status"] == "paid" and rep["unallocated"] == 0
    code, out, _ = run(capsys, *b, "report", "surplus", "--period", "2026-Q3")
    assert code == 0 and "专职网格员补贴" in out and "2026-10 记-0002" in out
    code, out, _ = run(capsys, *b, "report", "grid", "--grid", "G01", "--year", "2026", "--json")
    assert json.loads(out)["total"] == 270_000
    xlsx = tmp_path / "分配.xlsx"
    code, out, err = run(capsys, *b, "export", "allocation", str(d["id"]), "--out", str(xlsx))
    assert code == 0, err
    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["汇总", "分配明细", "签字发放表", "驿站经费拨付表"]
    summary = {r[0]: r[1] for r in wb["汇总"].iter_rows(min_row=6, values_only=True)}
    assert summary["本期盈余"] == Decimal("5000.00") and summary["留存"] == Decimal("2300.00")
    signed = list(wb["签字发放表"].iter_rows(min_row=6, values_only=True))
    assert signed[0] == (
        1,
        "张专职",
        "G01 幸福网格",
        "专职网格员",
        3,
        Decimal("1500.00"),
        "6222 **** **** 0123",
        None,
    )
    assert signed[-1][5] == Decimal("1900.00")  # 合计
    funding = list(wb["驿站经费拨付表"].iter_rows(min_row=6, values_only=True))
    assert funding[0][1:] == (
        "幸福驿站",
        "G01 幸福网格",
        "图书角",
        Decimal("800.00"),
        0,
        Decimal("800.00"),
        0,
    )
    code, out, _ = run(capsys, *b, "allocate", "list")
    assert code == 0 and "2026-Q3" in out and "已发放" in out
    book = Book.open(path)
    with book.read() as s:
        assert check.run_checks(s).ok
    book.close()


def test_allocate_needs_a_period(path: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--book", path, "allocate")
    assert code == 2 and "--period" in err
    code, _, err = run(capsys, "--book", path, "allocate", "--period", "2026-Q9")
    assert code == 2 and "期间" in err
