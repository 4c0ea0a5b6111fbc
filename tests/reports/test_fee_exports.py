"""Fee registers in Excel read back cell by cell (收费明细, 欠费账龄, the roster), and the fee
document commands: `propdesk print receipt|notice|reminder|household|monthly|disclosure` and
`propdesk export collections|arrears|roster`."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from propdesk.cli import main
from propdesk.core.fees import AGING_BUCKETS, mask_id_number
from propdesk.db.models import Receipt, Unit
from propdesk.db.store import Book
from propdesk.reports import fees
from propdesk.reports.xlsx.base import MONEY_FORMAT
from propdesk.reports.xlsx.fees import write_arrears, write_collections, write_roster
from propdesk.services import arrears, registry
from tests.reports.conftest import pdf_text, sheet_xml, squash
from tests.reports.test_fee_documents import ID_NUMBER, A, B, build_fee_book
from tests.reports.test_xlsx import HEADER_ROW, fen

AS_OF = date(2026, 4, 30)


@pytest.fixture(scope="module")
def fee_book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Book]:
    book = build_fee_book(tmp_path_factory.mktemp("fee-exports") / "fees.db")
    yield book
    book.close()


def export(fn, data) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    fn(data, buf)
    return buf.getvalue()


def body(ws: Any) -> list[tuple[Any, ...]]:
    """The rows under the header, as values."""
    return list(ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True))


def header(ws: Any) -> list[Any]:
    return [c.value for c in ws[HEADER_ROW]]


# -- 收费明细 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "end"),
    [(date(2026, 3, 1), date(2026, 4, 30)), (date(2026, 4, 1), AS_OF), (None, None)],
)
def test_collection_register_totals_equal_the_receipts(
    fee_book: Book, start: date | None, end: date | None
) -> None:
    with fee_book.read() as s:
        data = fees.collection_register(s, start, end)
        q = select(Receipt.number, Receipt.amount, Receipt.status)
        if start is not None and end is not None:
            q = q.where(Receipt.date.between(start, end))
        receipts = {n: (a, st) for n, a, st in s.execute(q)}
    wb = load_workbook(io.BytesIO(export(write_collections, data)))
    ws = wb["收费明细"]
    cols = header(ws)
    assert cols[:8] == ["收据号", "日期", "类别", "小区", "房屋", "交款人", "收费项目", "金额"]
    rows = body(ws)
    lines, (valid_row, void_row) = rows[:-2], rows[-2:]
    amount, status = cols.index("金额"), cols.index("状态")
    assert {int(r[0][3:]) for r in lines} == set(receipts)
    for r in lines:
        a, st = receipts[int(r[0][3:])]
        assert fen(r[amount]) == a and r[status] == ("作废" if st == "void" else "有效")
    valid = sum(a for a, st in receipts.values() if st == "valid")
    void = sum(a for a, st in receipts.values() if st == "void")
    assert fen(valid_row[amount]) == valid == data.valid_total
    assert fen(void_row[amount]) == void == data.void_total
    assert valid_row[0] == f"有效收据 {sum(1 for _a, st in receipts.values() if st == 'valid')} 张"
    assert ws.cell(HEADER_ROW + 1, amount + 1).number_format == MONEY_FORMAT
    assert ws.freeze_panes == f"B{HEADER_ROW + 1}"  # 收据号 stays in view
    assert ws.auto_filter.ref == f"A{HEADER_ROW}:M{HEADER_ROW + len(rows)}"


def test_collection_register_items_and_resource_receipts(fee_book: Book) -> None:
    with fee_book.read() as s:
        data = fees.collection_register(s, None, None)
    first = data.rows[0]  # 李四: January and five months ahead
    assert first.kind == "物业费" and first.unit == "1-1-102"
    assert first.items.startswith("物业服务费 2026-01 ") and "预收物业费" in first.items
    garage = next(r for r in data.rows if r.payer == "周女士")
    assert (garage.kind, garage.compound, garage.unit, garage.amount) == ("公共资源", A, "", 20_000)
    assert garage.items.startswith("停车位 G01")
    assert [r.number for r in data.rows] == list(range(1, len(data.rows) + 1))  # no gaps


# -- 欠费账龄 ---------------------------------------------------------------------------------------
def test_arrears_export_equals_arrears(fee_book: Book) -> None:
    with fee_book.read() as s:
        data = fees.arrears_export(s, AS_OF)
        rep = arrears.arrears(s, AS_OF)
        areas = dict(s.execute(select(Unit.id, Unit.area)).all())
    wb = load_workbook(io.BytesIO(export(write_arrears, data)))
    ws = wb["欠费明细"]
    cols = header(ws)
    keys = [b[0] for b in AGING_BUCKETS]
    first_bucket = cols.index(AGING_BUCKETS[0][1])
    rows = body(ws)
    assert len(rows) == len(rep.rows) + 1
    for r, cells in zip(rep.rows, rows, strict=False):
        assert (cells[0], cells[1], cells[2]) == (r.compound, r.unit, r.owner)
        assert fen(cells[3]) == areas[r.unit_id] and cells[4] == r.bills
        assert [fen(c) for c in cells[first_bucket:first_bucket + len(keys)]] == [
            r.buckets[k] for k in keys]  # fmt: skip
        assert fen(cells[cols.index("欠费合计")]) == r.total
        assert cells[cols.index("超过三年")] == ("是" if r.flagged else None)
    total = rows[-1]
    assert total[0] == "合计" and total[1] == f"{len(rep.rows)} 户"
    assert [fen(c) for c in total[first_bucket:first_bucket + len(keys)]] == [
        rep.totals[k] for k in keys]  # fmt: skip
    assert fen(total[cols.index("欠费合计")]) == rep.total
    assert total[-1] == f"{sum(1 for r in rep.rows if r.flagged)} 户"

    ws = wb["按小区汇总"]
    by_compound = rep.by_compound()
    rows = body(ws)
    assert [r[0] for r in rows] == [*sorted(by_compound), "合计"]
    for cells in rows[:-1]:
        agg = by_compound[cells[0]]
        assert cells[1] == agg["units"]
        assert [fen(c) for c in cells[2 : 2 + len(keys)]] == [agg[k] for k in keys]
        assert fen(cells[2 + len(keys)]) == agg["total"]
    assert rows[[r[0] for r in rows].index(B)][-1] == 4  # 向阳新村's four flagged households
    assert fen(rows[-1][2 + len(keys)]) == rep.total


# -- roster -----------------------------------------------------------------------------------------
def test_roster_masks_id_numbers(fee_book: Book) -> None:
    with fee_book.read() as s:
        cid = registry.compound_by_name(s, A).id
        data = fees.roster_export(s, cid, on=AS_OF)
        count = s.execute(select(func.count(Unit.id)).where(Unit.compound_id == cid)).scalar_one()
        area = s.execute(select(func.sum(Unit.area)).where(Unit.compound_id == cid)).scalar_one()
    raw = export(write_roster, data)
    ws = load_workbook(io.BytesIO(raw))["房屋及业主名册"]
    cols = header(ws)
    rows = body(ws)
    assert len(rows) == count + 1
    sun = next(r for r in rows if r[cols.index("业主")] == "孙七")
    assert sun[cols.index("身份证号（脱敏）")] == mask_id_number(ID_NUMBER) != ID_NUMBER
    assert sun[cols.index("联系电话")] == "13912345678"
    assert (
        sun[cols.index("房屋编号")] == "2-1-301" and fen(sun[cols.index("建筑面积（㎡）")]) == 6660
    )
    assert ID_NUMBER not in sheet_xml(raw) and ID_NUMBER not in raw.decode("latin-1")
    assert fen(rows[-1][cols.index("建筑面积（㎡）")]) == area and rows[-1][0] == f"{count} 户"
    dev = next(r for r in rows if r[cols.index("房屋编号")] == "1-1-103")
    assert dev[cols.index("未售")] == "是"


# -- the commands -----------------------------------------------------------------------------------
def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def book_file(fee_book: Book, tmp_path: Path) -> str:
    """A copy per test: printing receipts counts the prints."""
    return str(fee_book.backup(tmp_path / "cli.db"))


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["receipt", "1", "No.00000002", "3", "--layout", "three"], ["No.00000001", "No.00000003"]),
        (["notice", "--compound", A, "--period", "2026-04", "--date", "2026-04-02"],
         ["物业费缴费通知单", "不收取违约金"]),
        (["notice", "--compound", A, "--unit", "1-2-101", "--period", "2026-04", "--per-page", "2"],
         ["1-2-101业主（住户）王五"]),
        (["reminder", "--as-of", "2026-04-30"], ["物业费催缴通知单", f"{B}1-1-102"]),
        (["reminder", "--as-of", "2026-04-30", "--compound", B, "--internal-list"],
         ["催缴清单（内部", "※是"]),
        (["household", "--compound", A, "--unit", "1-1-101"], ["住户费用对账单", "张三"]),
        (["monthly", "--period", "2026-04"], ["物业服务收支月报", "分小区情况"]),
        (["monthly", "--period", "2026-04", "--compound", B], [f"{B}2026年04月"]),
        (["disclosure", "--period", "2026-04", "--compound", A, "--from", "2026-05-08"],
         ["公示期不少于30日：自2026年05月08日起至2026年06月06日止"]),
    ],
)  # fmt: skip
def test_print_kinds(
    book_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
    needles: list[str],
) -> None:  # fmt: skip
    out = tmp_path / "x.pdf"
    code, stdout, err = run(capsys, "--book", book_file, "print", *args, "--out", str(out))
    assert code == 0, err
    assert str(out) in stdout
    text = squash("".join(pdf_text(out.read_bytes())))
    for needle in needles:
        assert needle in text, needle
    for word in ("停水", "停电"):
        assert word not in text
    assert not list(tmp_path.glob(".*.part"))


def test_print_receipt_counts_the_print(
    book_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.pdf"
    for _ in range(2):
        assert run(capsys, "--book", book_file, "print", "receipt", "7", "--out", str(out))[0] == 0
    assert "No.00000007（副本）" in squash(pdf_text(out.read_bytes())[0])


def test_a_receipt_that_cannot_be_written_is_not_counted(
    book_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(capsys, "--book", book_file, "print", "receipt", "7",
                          "--out", str(tmp_path / "missing" / "r.pdf"))  # fmt: skip
    assert code == 2 and "保存位置不存在" in err
    out = tmp_path / "r.pdf"
    assert run(capsys, "--book", book_file, "print", "receipt", "7", "--out", str(out))[0] == 0
    assert "副本" not in squash(pdf_text(out.read_bytes())[0])


@pytest.mark.parametrize(
    ("args", "sheet", "message"),
    [
        (["collections", "--period", "2026-04"], "收费明细", "已导出"),
        (["collections"], "收费明细", "已导出"),
        (["arrears", "--as-of", "2026-04-30"], "欠费明细", "户"),
        (["arrears", "--as-of", "2026-04-30", "--compound", B], "按小区汇总", "户"),
        (["roster"], "房屋及业主名册", "已导出"),
        (["roster", "--compound", A], "房屋及业主名册", "已导出"),
    ],
)
def test_export_kinds(
    book_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
    sheet: str, message: str,
) -> None:  # fmt: skip
    out = tmp_path / "x.xlsx"
    code, stdout, err = run(capsys, "--book", book_file, "export", *args, "--out", str(out))
    assert code == 0, err
    assert message in stdout and str(out) in stdout
    assert sheet in load_workbook(out).sheetnames


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["print", "receipt", "abc"], "收据号「abc」无效"),
        (["print", "receipt", "999"], "收据 No.00000999 不存在"),
        (["print", "notice", "--compound", "没有的小区", "--period", "2026-04"], "没有的小区"),
        (["print", "household", "--compound", A, "--unit", "9-9-999"], "9-9-999"),
        (["export", "arrears", "--as-of", "2026-13-01"], "2026-13-01"),
    ],
)
def test_command_errors(
    book_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
    message: str,
) -> None:  # fmt: skip
    code, _out, err = run(capsys, "--book", book_file, *args, "--out", str(tmp_path / "x"))
    assert code == 2 and message in err
    assert not (tmp_path / "x").exists()
