"""`propdesk city list|add|report`, `print city` and `export city` end to end."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from propdesk.cli import main
from propdesk.core.money import plain
from propdesk.reports.city import city_report
from propdesk.services import city as city_svc
from propdesk.services.demo import DEMO_COMPANY
from tests.city.conftest import PG_ONLY, SMALL_NAME

pytestmark = PG_ONLY


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_and_list_companies(city_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "city", "list", "--db", city_db)
    assert code == 0 and "还没有公司" in out
    code, out, _ = run(capsys, "city", "add", "--db", city_db, "--company", "co_hexie",
                       "--name", "和谐社区物业服务有限公司")  # fmt: skip
    assert code == 0 and "co_hexie" in out and "?company=co_hexie" in out
    run(capsys, "city", "add", "--db", city_db, "--company", "co_anle", "--name", "安乐物业")
    code, out, _ = run(capsys, "city", "list", "--db", city_db, "--json")
    assert code == 0
    listed = json.loads(out)
    assert [(c["key"], c["name"]) for c in listed] == [
        ("co_anle", "安乐物业"), ("co_hexie", "和谐社区物业服务有限公司")
    ]  # fmt: skip
    assert all(c["revision"] for c in listed)
    # the new company's book is any book: the other commands work on its URL
    url = city_svc.company(city_db, "co_hexie").url(city_db)
    code, out, _ = run(capsys, "--book", url, "check")
    assert code == 0


def test_refusals_name_the_reason_and_add_nothing(
    city_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "city", "add", "--db", city_db, "--company", "co_a", "--name", "甲公司")
    code, _, err = run(capsys, "city", "add", "--db", city_db, "--company", "co_a", "--name", "乙")
    assert code == 2 and "已有公司「co_a」（甲公司）" in err
    code, _, err = run(capsys, "city", "add", "--db", city_db, "--company", "Co-A", "--name", "乙")
    assert code == 2 and "公司代码「Co-A」无效" in err
    code, _, err = run(capsys, "city", "add", "--db", city_db, "--company", "co_b", "--name", " ")
    assert code == 2 and "公司名称" in err
    code, _, err = run(capsys, "--lang", "en", "city", "list", "--db", "sqlite:////tmp/x.db")
    assert code == 2 and "PostgreSQL database URL" in err
    code, _, err = run(capsys, "city", "report", "--db", city_db)
    assert code == 2 and "--period" in err
    code, _, err = run(capsys, "city", "report", "--db", city_db, "--from", "2026-05", "--to",
                       "2026-02")  # fmt: skip
    assert code == 2 and "2026-05" in err and "2026-02" in err
    assert [c.key for c in city_svc.companies(city_db)] == ["co_a"]


def test_report_json_is_the_consolidation(city: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "city", "report", "--db", city, "--period", "2026-Q1", "--json")
    assert code == 0
    got = json.loads(out)
    want = city_report(city, 202601, 202603)
    assert (got["from"], got["to"]) == ("2026-01", "2026-03")
    assert [c["name"] for c in got["companies"]] == [r.name for r in want.rows]
    for c, r in zip([*got["companies"], got["total"]], [*want.rows, want.total], strict=True):
        assert c["billed"] == plain(r.billed) and c["collected"] == plain(r.collected)
        assert c["owners_money"] == plain(r.owners_money) and c["surplus"] == plain(r.surplus)
        assert c["stipends"] == plain(r.stipends) and c["stations"] == plain(r.stations)
        assert c["collection_rate_bp"] == r.rate_bp and c["collection_rate"] == r.rate
    same = run(capsys, "city", "report", "--db", city, "--from", "2026-01", "--to", "2026-03",
               "--json")[1]  # fmt: skip
    assert json.loads(same) == got
    code, out, _ = run(capsys, "city", "report", "--db", city, "--period", "2026-03")
    assert code == 0 and "合计" in out and SMALL_NAME in out


def test_print_and_export(city: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pdf, xlsx = tmp_path / "全市汇总.pdf", tmp_path / "全市汇总.xlsx"
    code, out, _ = run(capsys, "print", "city", "--db", city, "--from", "2026-01", "--to",
                       "2026-06", "--out", str(pdf))  # fmt: skip
    assert code == 0 and "3 家公司" in out
    want = city_report(city, 202601, 202606)
    text = PdfReader(pdf).pages[0].extract_text()
    flat = text.replace(" ", "").replace("\n", "")
    assert DEMO_COMPANY in flat and SMALL_NAME in flat and "合计（3家）" in flat
    assert want.total.rate in text
    code, _, _ = run(capsys, "export", "city", "--db", city, "--period", "2026", "--out",
                     str(xlsx))  # fmt: skip
    assert code == 0
    ws = load_workbook(xlsx)["全市汇总"]
    year = city_report(city, 202601, 202612)
    total = [list(r) for r in ws.iter_rows(min_row=6, values_only=True)][-1]
    assert total[1] == "合计（3 家）"
    assert Decimal(str(total[4])) == Decimal(year.total.billed) / 100
    assert Decimal(str(total[9])) == Decimal(year.total.surplus) / 100
    assert not list(tmp_path.glob(".*.part"))
