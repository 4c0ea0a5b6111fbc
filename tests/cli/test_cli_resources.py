"""Common-resource commands end to end: the vote gate, agreements, income, costs, the owners'
money and the quarterly common-income report as JSON that agrees with the ledger."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from propdesk.cli import main
from propdesk.db.models import Compound
from propdesk.db.store import Book
from propdesk.services import resources
from tests.fees_fixtures import setup_compound
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
    setup_compound(book)
    book.close()
    return p


def test_resource_flow_and_report(
    path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    b = ["--book", path]
    assert run(capsys, *b, "resource", "add", "--compound", "幸福里小区", "--kind", "parking",
               "--code", "P001", "--location", "东侧道路")[0] == 0  # fmt: skip
    book = Book.open(path)
    before = snapshot(book)
    code, _out, err = run(capsys, *b, "agreement", "add", "--compound", "幸福里小区", "--resource", "P001",
                          "--kind", "card", "--party", "王先生", "--start", "2026-02-01",
                          "--end", "2026-12-31", "--rent", "150")  # fmt: skip
    assert code == 2 and "没有已结束并通过的业主表决" in err
    assert snapshot(book) == before
    with book.write() as s:
        c = s.get(Compound, 1)
        assert c is not None
        resources._pass_common_use_vote(s, c, date(2026, 1, 5))
    book.close()
    assert run(capsys, *b, "resource", "share", "--compound", "幸福里小区", "--percent", "20",
               "--from", "2026-01-01")[0] == 0  # fmt: skip
    code, out, _ = run(capsys, *b, "agreement", "add", "--compound", "幸福里小区", "--resource", "P001",
                       "--kind", "card", "--party", "王先生", "--start", "2026-02-01",
                       "--end", "2026-02-28", "--rent", "150", "--plate", "鲁B12345")  # fmt: skip
    assert code == 0
    aid = out.splitlines()[0]
    code, out, _ = run(capsys, *b, "income", "add", "--compound", "幸福里小区", "--resource", "P001",
                       "--agreement", aid, "--amount", "150", "--method", "cash", "--date", "2026-02-03")  # fmt: skip
    assert code == 0 and out.startswith("No.00000001")
    evidence = tmp_path / "电费.pdf"
    evidence.write_bytes(b"%PDF bill")
    assert run(capsys, *b, "cost", "add", "--compound", "幸福里小区", "--amount", "20", "--category",
               "electricity", "--evidence", str(evidence), "--date", "2026-02-10")[0] == 0  # fmt: skip
    assert run(capsys, *b, "owners-money", "use", "--compound", "幸福里小区", "--kind", "fee_offset",
               "--amount", "50", "--date", "2026-03-01")[0] == 2  # no decision  # fmt: skip
    code, out, _ = run(capsys, *b, "owners-money", "use", "--compound", "幸福里小区", "--kind", "fee_offset",
                       "--amount", "50", "--date", "2026-03-01", "--decision", "抵扣物业费",
                       "--decided-on", "2026-02-25")  # fmt: skip
    assert code == 0 and "5 户" in out
    code, out, _ = run(capsys, *b, "report", "common-income", "--compound", "幸福里小区",
                       "--quarter", "2026-Q1", "--json")  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert (data["gross"], data["costs"], data["company_share"]) == (15000, 2000, 3000)
    assert (data["owners_share"], data["used"], data["closing"]) == (10000, 5000, 5000)
    assert data["ledger_closing"] == 5000 and data["reconciles"] is True
    code, out, _ = run(capsys, *b, "report", "common-income", "--compound", "幸福里小区",
                       "--quarter", "2026-Q1")  # fmt: skip
    assert code == 0 and "P001" in out and "是" in out.splitlines()[-1]
    code, out, _ = run(capsys, *b, "agreement", "expiring", "--date", "2026-02-15", "--json")
    assert [r["plate"] for r in json.loads(out)] == ["鲁B12345"]
    assert run(capsys, *b, "check")[0] == 0
