"""Registry commands: roster import (and dry run, and refusal), template, compounds, units."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from propdesk.cli import main
from propdesk.db.store import Book
from propdesk.services import registry
from tests.factories import HEADERS, make_roster_xlsx, write_xlsx
from tests.helpers import snapshot

ID_A = "110101199003071233"
ID_B = "11010519491231002X"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def cli_book(target: str, capsys: pytest.CaptureFixture[str]) -> str:
    path = target
    assert run(capsys, "--book", path, "init")[0] == 0
    return path


def snap(path: str) -> dict[str, list[tuple]]:
    book = Book.open(path)
    try:
        return snapshot(book)
    finally:
        book.close()


def small_roster(path: Path) -> Path:
    write_xlsx(path, [
        ["幸福里小区业主信息登记表"],
        list(HEADERS),
        ["幸福里小区", "3号楼", "2单元", 501, "89.5㎡", None, None, "张三", ID_A, 13800138000,
         "李四、王五", "2004-05-01", "已售"],
        ["幸福里小区", "3号楼", "2单元", 502, "64", None, "商铺", "张三", ID_A, None, None,
         "2004-05-01", None],
        ["幸福里小区", "3号楼", "2单元", 503, "120.25", "测绘", None, None, None, None, None, None,
         "未售"],
    ])  # fmt: skip
    return path


def test_import_prints_a_summary_and_a_second_import_changes_nothing(
    cli_book: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = small_roster(tmp_path / "花名册.xlsx")
    code, out, err = run(capsys, "--book", cli_book, "import", "roster", str(path))
    assert (code, err) == (0, "")
    assert out.strip() == (
        "已导入 花名册.xlsx：新建房屋 3 套（面积 273.75 ㎡），已有且未变 0 套；"
        "新建小区 1 个；新登记业主及共有人 3 人"
    )
    before = snap(cli_book)
    code, out, _ = run(capsys, "--book", cli_book, "import", "roster", str(path), "--json")
    assert code == 0 and json.loads(out) == {
        "file": str(path), "dry_run": False, "created_units": 0, "created_area": "0.00",
        "unchanged_units": 3, "created_compounds": 0, "created_people": 0,
    }  # fmt: skip
    assert snap(cli_book) == before
    code, out, _ = run(capsys, "--book", cli_book, "import", "roster", str(path))
    assert out.strip() == "花名册.xlsx 中的 3 套房屋都已在账套中且内容相同，账套未做任何修改"
    assert snap(cli_book) == before


def test_dry_run_reports_and_writes_nothing(
    cli_book: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "r.xlsx"
    totals = make_roster_xlsx(path, units=60, seed=9)
    before = snap(cli_book)
    code, out, _ = run(capsys, "--book", cli_book, "import", "roster", str(path), "--dry-run")
    assert code == 0
    assert out.startswith(
        f"试导入 r.xlsx，未写入账套：将新建房屋 60 套（面积 {totals.area / 100:.2f} ㎡）"
    )
    assert f"将新登记业主及共有人 {totals.people} 人" in out
    assert snap(cli_book) == before


def test_a_bad_file_exits_2_naming_every_bad_row(
    cli_book: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.xlsx"
    write_xlsx(path, [
        list(HEADERS),
        ["幸福里小区", "3", "2", "501", "89.5", None, None, "张三", ID_A, None, None, None, None],
        ["幸福里小区", "3", "2", None, "abc", None, None, "李四", None, None, None, None, None],
        ["幸福里小区", "3", "2", "501", "89.5", None, "别墅", "张三", ID_A, None, None, None, None],
        ["幸福里小区", "3", "2", "505", "-5", None, None, "王五", ID_A, None, None, "2023-02-30",
         "卖了"],
    ])  # fmt: skip
    before = snap(cli_book)
    code, out, err = run(capsys, "--book", cli_book, "import", "roster", str(path))
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "花名册中发现 8 处问题，未导入任何内容：",
        "  第 3 行「房号」：缺少值",
        "  第 3 行「建筑面积」：面积「abc」不是正数",
        "  第 4 行「房号」：房屋 幸福里小区 3-2-501 与第 2 行重复",
        "  第 4 行「户型」：无法识别「别墅」，应为：住宅 / 商铺 / 车库 / 其他",
        "  第 5 行「建筑面积」：面积「-5」不是正数",
        "  第 5 行「证件号码」：证件号码 110101********1233 在第 2 行属于「张三」，此处却是「王五」",
        "  第 5 行「交付日期」：日期 2023-02-30 不存在",
        "  第 5 行「状态」：无法识别「卖了」，应为：已售 / 未售",
    ]
    assert snap(cli_book) == before
    code, _, err = run(capsys, "--book", cli_book, "--lang", "en", "import", "roster", str(path))
    assert code == 2 and err.splitlines()[:2] == [
        "8 problem(s) in the roster; nothing was imported:",
        "  row 3, 房号: missing value",
    ]


def test_an_unreadable_file_exits_2(
    cli_book: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "r.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    code, _, err = run(capsys, "--book", cli_book, "import", "roster", str(path))
    assert code == 2 and "另存为 .xlsx" in err


def test_the_template_is_written_and_reads_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_path = tmp_path / "out" / "模板.xlsx"
    code, out, _ = run(capsys, "template", "roster", "--out", str(out_path))
    assert code == 0 and out.strip() == f"已生成业主花名册模板：{out_path}"
    wb = load_workbook(out_path, read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert wb.sheetnames == ["业主花名册", "说明"]
    wb.close()
    assert rows[0] == HEADERS
    assert rows[1][:5] == ("幸福里小区", "3", "2", "501", 89.5)
    assert rows[1][7:9] == ("张三", ID_A) and rows[1][-1] == "已售"


def test_compounds_add_and_list(
    cli_book: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--book", cli_book, "compound", "add", "向阳新村",
                       "--address", "向阳路 8 号", "--community", "向阳社区", "--street", "城关街道")  # fmt: skip
    assert code == 0 and out.strip() == "已新建小区「向阳新村」"
    code, _, err = run(capsys, "--book", cli_book, "compound", "add", "向阳新村")
    assert code == 2 and "已存在" in err
    run(capsys, "--book", cli_book, "import", "roster", str(small_roster(tmp_path / "r.xlsx")))
    code, out, _ = run(capsys, "--book", cli_book, "compound", "list", "--json")
    assert json.loads(out) == [
        {"name": "向阳新村", "units": 0, "area": "0.00"},
        {"name": "幸福里小区", "units": 3, "area": "273.75"},
    ]
    code, out, _ = run(capsys, "--book", cli_book, "compound", "list")
    assert out.splitlines()[2].split() == ["向阳新村", "0", "0.00"]
    assert out.splitlines()[3].split() == ["幸福里小区", "3", "273.75"]


def test_unit_list_masks_id_numbers(
    cli_book: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """ID numbers whole for the admin (a book without users is its admin's) and the clerk,
    masked for the secretary and the accountant."""
    run(capsys, "--book", cli_book, "import", "roster", str(small_roster(tmp_path / "r.xlsx")))
    code, out, _ = run(capsys, "--book", cli_book, "unit", "list", "--compound", "幸福里小区")
    assert code == 0 and ID_A in out and "110101********1233" not in out
    monkeypatch.setenv("PROPDESK_NEW_PASSWORD", "s3cret-pass")
    monkeypatch.setenv("PROPDESK_PASSWORD", "s3cret-pass")
    for name, role in (("老王", "admin"), ("小李", "clerk"), ("张书记", "secretary"),
                       ("钱会计", "accountant")):  # fmt: skip
        assert run(capsys, "--book", cli_book, "--user", "老王", "user", "add", name,
                   "--role", role)[0] == 0  # fmt: skip
    seen = {}
    for name in ("老王", "小李", "张书记", "钱会计"):
        code, out, _ = run(capsys, "--book", cli_book, "--user", name, "unit", "list",
                           "--compound", "幸福里小区", "--json")  # fmt: skip
        seen[name] = json.loads(out)[0]["id_number"]
    assert seen == {"老王": ID_A, "小李": ID_A, "张书记": "110101********1233",
                    "钱会计": "110101********1233"}  # fmt: skip
    code, out, _ = run(capsys, "--book", cli_book, "--user", "张书记", "unit", "list",
                       "--compound", "幸福里小区")  # fmt: skip
    assert code == 0 and ID_A not in out and "110101********1233" in out
    assert out.splitlines()[2].split() == [
        "3-2-501", "89.50", "产权登记", "住宅", "已售", "张三", "110101********1233", "13800138000",
        "李四、王五", "2004-05-01",
    ]  # fmt: skip
    code, out, _ = run(capsys, "--book", cli_book, "--user", "张书记", "unit", "list",
                       "--compound", "幸福里小区", "--json")  # fmt: skip
    units = json.loads(out)
    assert ID_A not in out  # the secretary's
    assert units[2] == {
        "code": "3-2-503", "building": "3", "entrance": "2", "room": "503", "area": "120.25",
        "area_source": "survey", "kind": "residential", "delivered_on": None,
        "developer_held": True, "owner": "幸福里小区建设单位（开发商）", "id_number": "", "phone": "",
        "co_owners": [],
    }  # fmt: skip
    code, _, err = run(capsys, "--book", cli_book, "--user", "小李", "unit", "list", "--compound",
                       "没有这个小区")  # fmt: skip
    assert code == 2 and "不存在" in err


def test_transfer_changes_the_owner_from_the_date_on(
    cli_book: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "--book", cli_book, "import", "roster", str(small_roster(tmp_path / "r.xlsx")))
    code, out, _ = run(capsys, "--book", cli_book, "unit", "transfer", "--compound", "幸福里小区",
                       "--unit", "3-2-501", "--owner", "赵六", "--id-number", ID_B.lower(),
                       "--phone", "13700137000", "--co-owners", "孙七，周八", "--date", "2025-07-01")  # fmt: skip
    assert code == 0 and out.strip() == "已过户：幸福里小区 3-2-501 自 2025-07-01 起业主为「赵六」"
    book = Book.open(cli_book)
    with book.read() as s:
        unit = registry.unit_by_code(s, "幸福里小区", "3-2-501")
        before = [(p.name, p.id_number) for p in registry.owners_on(s, unit.id, date(2025, 6, 30))]
        after = [(p.name, p.id_number) for p in registry.owners_on(s, unit.id, date(2025, 7, 1))]
    book.close()
    assert before == [("张三", ID_A), ("李四", None), ("王五", None)]
    assert after == [("赵六", ID_B), ("孙七", None), ("周八", None)]


def test_a_transfer_with_a_bad_or_someone_elses_id_number_is_refused(
    cli_book: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "--book", cli_book, "import", "roster", str(small_roster(tmp_path / "r.xlsx")))
    before = snap(cli_book)
    base = ["--book", cli_book, "unit", "transfer", "--compound", "幸福里小区", "--unit", "3-2-503",
            "--owner", "赵六", "--date", "2025-07-01"]  # fmt: skip
    code, _, err = run(capsys, *base, "--id-number", "110101199003071234")
    assert code == 2 and "证件号码「110101199003071234」无效" in err
    code, _, err = run(capsys, *base, "--id-number", ID_A)
    assert code == 2 and "在账套中属于「张三」，此处却是「赵六」" in err
    code, _, err = run(capsys, "--lang", "en", "--book", cli_book, "unit", "transfer",
                       "--compound", "幸福里小区", "--unit", "9-9-9", "--owner", "赵六",
                       "--date", "2025-07-01")  # fmt: skip
    assert code == 2 and err.strip() == 'compound "幸福里小区" has no unit 9-9-9'
    assert snap(cli_book) == before
