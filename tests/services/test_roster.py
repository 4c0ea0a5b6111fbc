"""Roster import: messy sheets accepted, every bad row named, all-or-nothing, idempotent."""

from __future__ import annotations

import io
import shutil
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from propdesk.core import i18n
from propdesk.core.errors import UserError, ValidationError
from propdesk.core.fees import mask_id_number
from propdesk.core.progress import Cancelled, Progress
from propdesk.db.models import Building, Compound, Ownership, Person, Unit
from propdesk.db.store import Book
from propdesk.services import registry, roster
from propdesk.services.books import create_book
from propdesk.services.roster import (
    HEADER_SCAN_ROWS,
    ImportResult,
    RosterReport,
    check_new_owner,
    import_roster,
    read_roster,
    split_names,
    write_template,
)
from tests.factories import HEADERS, RosterTotals, id_number, make_roster_xlsx
from tests.helpers import snapshot

TODAY = date(2026, 3, 1)
ID_A = "110101199003071233"  # valid check digits
ID_B = id_number("370102", date(1962, 8, 15), 41)
ID_C = id_number("440106", date(1975, 1, 9), 7)
ID_X = "11010519491231002X"
ID_BAD = "110101199003071234"  # the check digit should be 3


def xlsx(rows: Sequence[Sequence[Any]], headers: Sequence[str] = HEADERS,
         above: Sequence[Sequence[Any]] = ()) -> bytes:  # fmt: skip
    """A workbook: `above` (title rows), the header row, then `rows`."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for r in above:
        ws.append(list(r))
    ws.append(list(headers))
    for r in rows:
        ws.append(list(r))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row(**kw: Any) -> list[Any]:
    """One roster row in HEADERS order; a sold, clean unit unless told otherwise."""
    base = {"小区": "幸福里小区", "楼栋": "3", "单元": "2", "房号": "501", "建筑面积": "89.50",
            "面积来源": "产权登记", "户型": "住宅", "业主": "张三", "证件号码": ID_A,
            "联系电话": "13800138000", "共有人": None, "交付日期": "2004-05-01", "状态": "已售"}  # fmt: skip
    base.update(kw)
    return [base[h] for h in HEADERS]


def do_import(book: Book, source: Any, **kw: Any) -> ImportResult:
    with book.write() as s:
        return import_roster(s, source, today=TODAY, **kw)


def refused(book: Book, source: Any) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(ValidationError) as exc:
        do_import(book, source)
    return [(p.row, p.field, p.reason) for p in exc.value.problems]


def read(source: Any) -> RosterReport:
    return read_roster(source, today=TODAY)


# -- the big one ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def roster_5000(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RosterTotals]:
    path = tmp_path_factory.mktemp("roster") / "花名册.xlsx"
    return path, make_roster_xlsx(path, compounds=2, units=5000, seed=7)


def test_5000_units_import_exactly_and_a_second_import_changes_nothing(
    book: Book, roster_5000: tuple[Path, RosterTotals]
) -> None:
    path, totals = roster_5000
    assert (totals.units, totals.compounds) == (5000, 2) and totals.unsold > 0
    res = do_import(book, path)
    assert res == ImportResult(
        created_units=5000, created_compounds=2, created_people=totals.people,
        unchanged_units=0, created_area=totals.area,
    )  # fmt: skip
    with book.read() as s:
        assert s.scalar(select(func.count(Unit.id))) == 5000
        assert s.scalar(select(func.sum(Unit.area))) == totals.area
        assert s.scalar(select(func.count(Person.id))) == totals.people + 2  # + the developers
        assert s.scalar(select(func.count(Unit.id)).where(Unit.developer_held)) == totals.unsold
        summary = {name: (n, area) for _, name, n, area in registry.compound_summary(s)}
        listed = {(u.compound, u.code): u for u in registry.list_units(s, on=TODAY)}
        q = select(Compound.name, Person.name).join(Person, Person.id == Compound.developer_id)
        developers = {compound: name for compound, name in s.execute(q)}
    per_compound: dict[str, list[int]] = {}
    for e in totals.rows:
        per_compound.setdefault(e.compound, []).append(e.area)
    assert summary == {c: (len(a), sum(a)) for c, a in per_compound.items()}
    assert len(listed) == 5000
    for e in totals.rows:
        u = listed[(e.compound, e.code)]
        assert (u.building, u.entrance, u.room, u.area, u.area_source, u.kind, u.delivered_on,
                u.developer_held) == (e.building, e.entrance, e.room, e.area, e.area_source, e.kind,
                                      e.delivered_on, e.developer_held), e  # fmt: skip
        if e.developer_held:
            assert (u.owner, u.co_owners) == (developers[e.compound], "")
        else:
            assert (u.owner, u.id_number_masked, u.phone, u.co_owners) == (
                e.owner, mask_id_number(e.id_number), e.phone, "、".join(e.co_owners)), e  # fmt: skip

    before = snapshot(book)
    assert sum(1 for a in before["audit_log"] if a[3] == "roster.import") == 1
    again = do_import(book, path)
    assert again == ImportResult(0, 0, 0, unchanged_units=5000)
    assert snapshot(book) == before  # not a row anywhere, not even an audit entry


def test_dry_run_counts_exactly_and_writes_nothing(book: Book, tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    totals = make_roster_xlsx(path, units=240, seed=3)
    before = snapshot(book)
    dry = do_import(book, path, dry_run=True)
    assert snapshot(book) == before
    real = do_import(book, path)
    assert dry == ImportResult(240, 1, totals.people, 0, totals.area, dry_run=True)
    assert real == ImportResult(240, 1, totals.people, 0, totals.area)


# -- refusing bad files -------------------------------------------------------------------------
def test_every_bad_row_is_named_and_nothing_is_written(book: Book) -> None:
    with book.write() as s:
        c = registry.add_compound(s, "幸福里小区")
        registry.add_unit(s, c, registry.NewUnit("1", "1", "101", 6400, owner="钱七"))
    before = snapshot(book)
    title = [["幸福里小区业主信息登记表"], []]  # the header is on row 3, data from row 4
    data = xlsx([
        row(),                                                        # 4: fine
        row(房号=None, 证件号码=None),                                  # 5
        row(房号="502", 建筑面积="abc", 证件号码=None),                   # 6
        row(房号="503", 建筑面积="-5", 证件号码=None),                    # 7
        row(房号="504", 建筑面积="89.555", 证件号码=None),                # 8
        row(证件号码=None),                                            # 9: 3-2-501 again
        row(房号="505", 交付日期="2023-02-30", 证件号码=None),            # 10
        row(房号="506", 证件号码=ID_BAD, 业主="孙八"),                    # 11
        row(房号="507", 业主="李四"),                                   # 12: ID_A is 张三's
        row(房号="508", 状态="卖了", 证件号码=None),                      # 13
        row(楼栋="1", 单元="1", 房号="101", 建筑面积="64.50", 业主="钱七", 证件号码=None,
            联系电话=None, 交付日期=None),                               # 14: the book has 64.00
        row(房号="509", 证件号码=None, 状态="未售"),                      # 15: unsold with an owner
        row(房号="510", 证件号码=None, 业主=None),                        # 16: sold, no owner
    ], above=title)  # fmt: skip
    problems = refused(book, data)
    assert [(r, f) for r, f, _ in problems] == [
        (5, "房号"), (6, "建筑面积"), (7, "建筑面积"), (8, "建筑面积"), (9, "房号"),
        (10, "交付日期"), (11, "证件号码"), (12, "证件号码"), (13, "状态"), (14, "建筑面积"),
        (15, "业主"), (15, "联系电话"), (16, "业主"),
    ]  # fmt: skip
    reasons = {(r, f): why for r, f, why in problems}
    assert reasons[(5, "房号")] == "缺少值"
    assert reasons[(6, "建筑面积")] == "面积「abc」不是正数"
    assert reasons[(7, "建筑面积")] == "面积「-5」不是正数"
    assert reasons[(8, "建筑面积")] == "面积最多两位小数：89.555"
    assert reasons[(9, "房号")] == "房屋 幸福里小区 3-2-501 与第 4 行重复"
    assert reasons[(10, "交付日期")] == "日期 2023-02-30 不存在"
    assert reasons[(11, "证件号码")] == f"证件号码「{ID_BAD}」无效（位数或校验位不对）"
    assert reasons[(12, "证件号码")] == (
        "证件号码 110101********1233 在第 4 行属于「张三」，此处却是「李四」"
    )
    assert reasons[(13, "状态")] == "无法识别「卖了」，应为：已售 / 未售"
    assert reasons[(14, "建筑面积")] == (
        "房屋 1-1-101 已在账套中，但与账套不一致：账套为 64.00，文件为 64.50"
    )
    assert reasons[(16, "业主")] == "已售房屋须填写业主"
    assert snapshot(book) == before


def test_the_message_lists_every_problem_on_its_own_line(book: Book) -> None:
    with pytest.raises(ValidationError) as exc:
        do_import(book, xlsx([row(建筑面积="abc"), row(房号="502", 状态="x", 证件号码=None)]))
    assert exc.value.message.splitlines() == [
        "花名册中发现 2 处问题，未导入任何内容：",
        "  第 2 行「建筑面积」：面积「abc」不是正数",
        "  第 3 行「状态」：无法识别「x」，应为：已售 / 未售",
    ]


def test_a_unit_in_the_book_with_other_data_names_each_differing_column(book: Book) -> None:
    do_import(book, xlsx([row(共有人="李四")]))
    before = snapshot(book)
    changed = row(建筑面积="90", 面积来源="测绘", 户型="商铺", 业主="王五", 证件号码=ID_B,
                  共有人=None, 交付日期="2005-01-01")  # fmt: skip
    problems = refused(book, xlsx([changed]))
    assert [(r, f) for r, f, _ in problems] == [
        (2, "建筑面积"), (2, "面积来源"), (2, "户型"), (2, "业主"), (2, "共有人"), (2, "交付日期"),
    ]  # fmt: skip
    why = {f: w for _, f, w in problems}
    assert why["业主"].endswith("账套为 「张三」（110101********1233），文件为 「王五」（370102********" + ID_B[-4:] + "）")  # fmt: skip
    assert why["共有人"].endswith("账套为 李四，文件为 （空）")
    assert snapshot(book) == before


def test_an_id_number_already_in_the_book_under_another_name_is_refused(book: Book) -> None:
    with book.write() as s:
        registry.get_or_add_person(s, "王五", ID_A)
    problems = refused(book, xlsx([row()]))
    assert problems == [
        (2, "证件号码", "证件号码 110101********1233 在账套中属于「王五」，此处却是「张三」")
    ]


def test_a_missing_required_column_is_one_problem_naming_it(book: Book) -> None:
    headers = [h for h in HEADERS if h != "建筑面积"]
    data = xlsx([[v for h, v in zip(HEADERS, row(), strict=True) if h != "建筑面积"]], headers)
    problems = refused(book, data)
    assert problems == [
        (None, None, f"缺少必填列「建筑面积」（在前 {HEADER_SCAN_ROWS} 行中未找到表头）")
    ]


def test_overlong_values_are_refused(book: Book) -> None:
    problems = refused(book, xlsx([row(共有人="李四、" + "王" * 101, 房号="5" * 21)]))
    assert problems == [
        (2, "房号", "内容过长（最多 20 个字）"),
        (2, "共有人", "内容过长（最多 100 个字）"),
    ]


def test_an_id_number_stored_as_a_number_is_explained(book: Book) -> None:
    problems = refused(book, xlsx([row(证件号码=float(ID_A))]))
    assert problems == [
        (2, "证件号码", "证件号码被 Excel 存成了数字，末几位已丢失；请把该列设为文本后重新录入")
    ]


def test_unreadable_files_are_user_errors(tmp_path: Path) -> None:
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    with pytest.raises(UserError, match=r"另存为 \.xlsx"):
        read(xls)
    with pytest.raises(UserError, match=r"不是 \.xlsx 文件"):
        read(b"name,room\n")
    with pytest.raises(UserError, match="无法读取"):
        read(b"PK\x03\x04 but not really a zip")
    with pytest.raises(UserError, match="无法读取"):
        read(tmp_path / "missing.xlsx")


def test_english_messages(book: Book) -> None:
    i18n.set_language(i18n.EN)
    with pytest.raises(ValidationError) as exc:
        do_import(book, xlsx([row(建筑面积="abc"), row(交付日期="2023-02-30")]))
    assert exc.value.message.splitlines() == [
        "3 problem(s) in the roster; nothing was imported:",
        '  row 2, 建筑面积: area "abc" is not a positive number',
        "  row 3, 房号: unit 3-2-501 of 幸福里小区 is already on row 2",
        "  row 3, 交付日期: there is no such date as 2023-02-30",
    ]


# -- accepting what real sheets contain ------------------------------------------------------
MESSY_CELLS = [
    ("楼栋", v, "building", "3") for v in ("3号楼", "3栋", "3幢", "第3栋", 3, 3.0, " 3 ", "３号楼")
] + [
    ("单元", v, "entrance", "2") for v in ("2单元", 2, "第2单元", "２")
] + [
    ("房号", v, "room", "501") for v in (501, 501.0, "501.0", "５０１", "501室", "\u3000501 ")
] + [
    ("建筑面积", v, "area", 8950)
    for v in ("89.5㎡", "89.50 平方米", "89.5平米", "８９．５", 89.5, "89.5", " 89.50 ", "89.5m²")
] + [
    ("交付日期", v, "delivered_on", date(2004, 5, 1))
    for v in (datetime(2004, 5, 1), "2004/05/01", "2004-5-1", "2004年5月1日", "2004.5.1",
              "20040501", 20040501, 38108, "2004-05-01 00:00:00")
] + [
    ("共有人", v, "co_owners", ("李四", "王五"))
    for v in ("李四、王五", "李四,王五", "李四，王五", "李四;王五", "李四；王五", "李四 、王五、")
] + [
    ("联系电话", v, "phone", "13800138000") for v in (13800138000, "138 0013 8000", 13800138000.0)
] + [
    ("业主", v, "owner", "张三") for v in ("张　三", " 张三 ", "张 三")
] + [
    ("小区", v, "compound", "幸福里小区") for v in ("\u3000幸福里小区 ", "幸福里 小区")
] + [
    ("户型", None, "kind", "residential"), ("户型", "商铺", "kind", "shop"),
    ("户型", "车位", "kind", "garage"), ("面积来源", None, "area_source", "register"),
    ("面积来源", "测绘", "area_source", "survey"), ("面积来源", "合同", "area_source", "contract"),
    ("状态", None, "sold", True), ("状态", "已售", "sold", True),
]  # fmt: skip


@pytest.mark.parametrize(("column", "cell", "attr", "expected"), MESSY_CELLS)
def test_messy_but_valid_cells_are_read(column: str, cell: Any, attr: str, expected: Any) -> None:
    report = read(xlsx([row(**{column: cell})]))
    assert report.problems == ()
    assert getattr(report.rows[0], attr) == expected


def test_id_numbers_are_upper_cased() -> None:
    assert read(xlsx([row(证件号码=ID_X.lower())])).rows[0].id_number == ID_X


def test_a_real_looking_sheet_with_title_rows_extra_columns_and_blank_rows(book: Book) -> None:
    headers = ["序号", "小区名称", "楼号", "单元", "房号", "建筑面积（㎡）", "房屋类型", "业主姓名",
               "身份证号", "手机号", "共有人", "交房日期", "状态", "备注"]  # fmt: skip
    title = [["幸福里小区业主信息登记表"], ["填报单位：社区物业", None, None, "2024年3月"], []]
    rows = [
        [1, "幸福里小区", "3号楼", "2单元", 501, "89.5㎡", None, "张　三", ID_A, 13800138000,
         "李四、王五", datetime(2004, 5, 1), "已售", "一楼"],
        [],
        [2, "幸福里小区", "3号楼", "2单元", "502", "64 平方米", "商铺", "赵六", None, "13900139000",
         None, "2004/5/1", None, ""],
        [3, "幸福里小区", "3号楼", "2单元", "５０３", "120", None, None, None, None, None, None,
         "未售", "待售"],
        [None, "合计", None, None, None, "273.50"],
    ]  # fmt: skip
    report = read(xlsx(rows, headers, above=title))
    assert (report.header_row, report.rows_read, report.problems) == (4, 3, ())
    assert [r.row for r in report.rows] == [5, 7, 8]
    assert report.header("area") == "建筑面积（㎡）"
    res = do_import(book, xlsx(rows, headers, above=title))
    assert (res.created_units, res.created_area, res.created_people) == (3, 27350, 4)
    with book.read() as s:
        units = {u.code: u for u in registry.list_units(s, on=TODAY)}
    assert (units["3-2-501"].owner, units["3-2-501"].co_owners) == ("张三", "李四、王五")
    assert (units["3-2-502"].kind, units["3-2-502"].phone) == ("shop", "13900139000")
    assert (
        units["3-2-503"].developer_held and units["3-2-503"].owner == "幸福里小区建设单位（开发商）"
    )


def test_the_header_is_found_below_title_rows_only_within_the_scan() -> None:
    above = [[f"标题 {i}"] for i in range(HEADER_SCAN_ROWS)]
    report = read(xlsx([row()], above=above))
    assert report.rows == () and len(report.problems) == 5  # every required column missing


def test_the_roster_sheet_is_found_whichever_sheet_comes_first() -> None:
    wb = Workbook()
    notes = wb.active
    assert notes is not None
    notes.title = "说明"
    notes.append(["列名", "说明"])
    notes.append(["小区", "小区名称"])
    ws = wb.create_sheet("花名册")
    ws.append(list(HEADERS))
    ws.append(row())
    out = io.BytesIO()
    wb.save(out)
    report = read(out.getvalue())
    assert (report.sheet, report.header_row, len(report.rows), report.problems) == (
        "花名册",
        1,
        1,
        (),
    )


def test_a_shorter_roster_of_the_same_units_is_unchanged(book: Book) -> None:
    do_import(
        book,
        xlsx(
            [
                row(共有人="李四"),
                row(房号="502", 状态="未售", 业主=None, 证件号码=None, 联系电话=None),
            ]
        ),
    )
    before = snapshot(book)
    short = ("小区", "楼栋", "单元", "房号", "建筑面积", "业主")
    res = do_import(book, xlsx([["幸福里小区", 3, 2, 501, 89.5, "张三"]], short))
    assert res == ImportResult(
        0, 0, 0, unchanged_units=1
    )  # no 共有人/交付日期 column: not compared
    assert snapshot(book) == before
    problems = refused(book, xlsx([["幸福里小区", 3, 2, 502, 89.5, "张三"]], short))
    assert problems == [
        (2, "业主", "房屋 3-2-502 已在账套中，但与账套不一致：账套为 未售，文件为 「张三」")
    ]


def test_a_repeated_header_row_is_skipped() -> None:
    report = read(xlsx([row(), list(HEADERS), row(房号="502", 证件号码=None)]))
    assert (report.problems, [r.row for r in report.rows]) == ((), [2, 4])


# -- who owns what ----------------------------------------------------------------------------
def test_co_owners_one_person_per_owner_and_unsold_units_to_the_developer(book: Book) -> None:
    data = xlsx([
        row(房号="501", 共有人="李四、王五"),
        row(房号="502", 联系电话=None),  # 张三 again, by ID number
        row(房号="503", 业主="赵六", 证件号码=None, 联系电话="13900139000"),
        row(房号="504", 业主="赵六", 证件号码=None, 联系电话="13900139000"),  # by name + phone
        row(房号="505", 业主="赵六", 证件号码=None, 联系电话=None),  # no ID, no phone: unknown
        row(房号="506", 业主=None, 证件号码=None, 联系电话=None, 状态="未售"),
    ])  # fmt: skip
    assert do_import(book, data).created_people == 5  # 张三, 李四, 王五, 赵六 (13900139000), 赵六
    with book.read() as s:
        c = registry.compound_by_name(s, "幸福里小区")
        units = {u.room: u for u in s.scalars(select(Unit))}
        own = {room: [(p.name, p.id_number, o.primary) for o, p in s.execute(
            select(Ownership, Person).join(Person, Person.id == Ownership.person_id)
            .where(Ownership.unit_id == u.id).order_by(Ownership.id))]
            for room, u in units.items()}  # fmt: skip
        owner_of = {room: registry.owners_on(s, u.id, TODAY)[0].id for room, u in units.items()}
        assert c.developer_id is not None
        developer = s.get(Person, c.developer_id)
        assert developer is not None and developer.is_developer
    assert own["501"] == [("张三", ID_A, True), ("李四", None, False), ("王五", None, False)]
    assert owner_of["501"] == owner_of["502"]
    assert owner_of["503"] == owner_of["504"] != owner_of["505"]
    assert units["506"].developer_held and owner_of["506"] == developer.id
    assert not any(units[r].developer_held for r in ("501", "502", "503", "504", "505"))


def test_the_bulk_writer_does_what_add_unit_does(book: Book, tmp_path: Path) -> None:
    """The import inserts in batches instead of calling add_unit per row; the outcome must be the
    same, including people already in the book found by ID number or by name and phone."""
    path = tmp_path / "r.xlsx"
    make_roster_xlsx(path, units=100, seed=11, messy=False, title_rows=False)
    report = read(path)
    twin = create_book(tmp_path / "twin.db")
    for b in (book, twin):
        with b.write() as s:
            known = next(r for r in report.rows if r.id_number)
            by_phone = next(r for r in report.rows if r.sold and not r.id_number and r.phone)
            registry.get_or_add_person(s, known.owner or "", known.id_number)
            registry.get_or_add_person(s, by_phone.owner or "", None, by_phone.phone)
            registry.add_compound(s, "幸福里小区")
    do_import(book, path)
    with twin.write() as s:
        compound = registry.compound_by_name(s, "幸福里小区")
        for r in report.rows:
            registry.add_unit(s, compound, r.new_unit())
    assert _registry_state(book) == _registry_state(twin)
    twin.close()


def _registry_state(book: Book) -> tuple[Any, ...]:
    with book.read() as s:
        units = sorted(
            (u.code, u.entrance, u.room, u.area, u.area_source, u.kind, u.delivered_on,
             u.developer_held, u.vacant, u.version)
            for u in s.scalars(select(Unit))
        )  # fmt: skip
        owners = sorted(s.execute(
            select(Unit.code, Person.name, Person.id_number, Person.phone, Person.is_developer,
                   Ownership.primary, Ownership.start, Ownership.end)
            .join(Unit, Unit.id == Ownership.unit_id).join(Person, Person.id == Ownership.person_id)
        ), key=repr)  # fmt: skip
        people = Counter(tuple(r) for r in s.execute(select(
            Person.name, Person.id_number, Person.phone, Person.is_developer, Person.version)))  # fmt: skip
        buildings = sorted(s.execute(select(Compound.name, Building.code, Building.name).join(
            Compound, Compound.id == Building.compound_id)))  # fmt: skip
    return units, owners, people, buildings


# -- progress and cancelling ----------------------------------------------------------------------
def test_progress_is_reported_and_cancelling_leaves_the_book_unchanged(
    book: Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(registry, "UNIT_BATCH", 100)
    monkeypatch.setattr(roster, "PROGRESS_ROWS", 50)
    path = tmp_path / "r.xlsx"
    make_roster_xlsx(path, units=120, seed=5)
    seen: list[tuple[int, int, str]] = []
    do_import(book, path, dry_run=True, progress=Progress(lambda *a: seen.append(a)))
    assert seen[0] == (0, 0, "正在读取 r.xlsx")
    assert (100, 0, "正在读取第 100 行") in seen
    writing = [(d, t) for d, t, text in seen if text.startswith("正在写入")]
    assert writing == [(100, 120), (120, 120)]

    before = snapshot(book)

    def on_report(done: int, total: int, text: str) -> None:
        if text.startswith("正在写入"):
            progress.cancel()  # the user clicks Cancel after the first batch was written

    progress = Progress(on_report)
    with pytest.raises(Cancelled):
        do_import(book, path, progress=progress)
    assert snapshot(book) == before


# -- the template ---------------------------------------------------------------------------------
def test_the_template_has_headers_an_example_drop_downs_and_notes(tmp_path: Path) -> None:
    path = tmp_path / "模板.xlsx"
    write_template(path)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == list(HEADERS)
    assert all(c.font.bold for c in ws[1]) and ws.freeze_panes == "A2"
    example = [c.value for c in ws[2]]
    assert example == ["幸福里小区", "3", "2", "501", 89.5, "产权登记", "住宅", "张三", ID_A,
                       "13800138000", "李四", datetime(2004, 5, 1), "已售"]  # fmt: skip
    lists = {
        str(dv.sqref).split(":")[0][0]: dv.formula1 for dv in ws.data_validations.dataValidation
    }
    assert lists == {"F": '"产权登记,测绘,合同"', "G": '"住宅,商铺,车库,其他"', "M": '"已售,未售"'}
    notes = wb["说明"]
    assert [c.value for c in notes[1]] == ["列名", "是否必填", "说明", "示例"]
    described = {
        r[0].value: (r[1].value, r[2].value) for r in notes.iter_rows(min_row=2, max_row=14)
    }
    assert list(described) == list(HEADERS)
    assert described["建筑面积"][0] == "必填" and described["共有人"][0] == "选填"
    assert all(text for _, text in described.values())
    wb.close()
    # and it reads back as one clean row
    report = read(path)
    assert report.problems == () and len(report.rows) == 1
    r = report.rows[0]
    assert (r.code, r.area, r.owner, r.id_number, r.co_owners, r.delivered_on) == (
        "3-2-501", 8950, "张三", ID_A, ("李四",), date(2004, 5, 1))  # fmt: skip


# -- helpers for the desk ------------------------------------------------------------------------
def test_check_new_owner_and_split_names(book: Book) -> None:
    assert split_names("甲、乙，丙;丙") == ("甲", "乙", "丙")
    with book.write() as s:
        assert check_new_owner(s, " 张　三 ", ID_X.lower(), "139 0000 0000") == (
            "张三", ID_X, "13900000000")  # fmt: skip
        registry.get_or_add_person(s, "王五", ID_A)
        with pytest.raises(UserError, match="在账套中属于「王五」"):
            check_new_owner(s, "张三", ID_A)
        with pytest.raises(UserError, match="无效"):
            check_new_owner(s, "张三", ID_BAD)


# -- properties -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def empty_book_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("books") / "empty.db"
    create_book(path).close()
    return path


_counter = iter(range(10**9))


def fresh_book(template: Path) -> Iterator[Book]:
    path = template.with_name(f"b{next(_counter)}.db")
    shutil.copy(template, path)
    book = Book.open(path)
    try:
        yield book
    finally:
        book.close()
        path.unlink()


NAME = st.text(
    alphabet="王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林伟芳娜敏静丽强磊军洋", min_size=2, max_size=3
)


@st.composite
def roster_rows(draw: st.DrawFn) -> list[dict[str, Any]]:
    n = draw(st.integers(1, 8))
    codes = draw(st.lists(st.tuples(st.sampled_from(["幸福里小区", "向阳新村"]),
                                    st.integers(1, 30), st.integers(1, 6), st.integers(1, 33),
                                    st.integers(1, 4)),
                          min_size=n, max_size=n, unique=True))  # fmt: skip
    rows = []
    for i, (compound, b, e, floor, r) in enumerate(codes):
        sold = draw(st.booleans()) or draw(st.booleans())
        owner = draw(NAME) if sold else None
        co = [x for x in draw(st.lists(NAME, max_size=2, unique=True)) if sold and x != owner]
        has_id = sold and draw(st.booleans())
        rows.append({
            "compound": compound, "building": b, "entrance": e, "room": floor * 100 + r,
            "area": draw(st.integers(1, 99_999_99)), "kind": draw(st.sampled_from([None, "住宅", "商铺", "车库", "其他"])),
            "source": draw(st.sampled_from([None, "产权登记", "测绘", "合同"])), "owner": owner,
            "id": id_number("110101", date(1950 + i, 1 + i % 12, 1 + i), i) if has_id else None,
            "phone": f"139{i:08d}" if sold and draw(st.booleans()) else None, "co": co,
            "delivered": draw(st.none() | st.dates(date(1980, 1, 1), date(2025, 12, 31))),
            "sold": sold, "style": draw(st.integers(0, 3)),
        })  # fmt: skip
    return rows


def _cells(r: dict[str, Any]) -> list[Any]:
    s = r["style"]
    b, e, room, area = r["building"], r["entrance"], r["room"], r["area"]
    area_text = f"{area / 100:.2f}"
    return [
        r["compound"], [str(b), b, f"{b}号楼", f"{b}栋"][s], [str(e), e, f"{e}单元", str(e)][s],
        [str(room), room, float(room), f"{room}室"][s],
        [area_text, area_text + "㎡", area / 100, area_text.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))][s],
        r["source"], r["kind"], r["owner"], r["id"], [r["phone"], int(r["phone"]) if r["phone"] else None, r["phone"], r["phone"]][s],
        ["、", "，", ";", "；"][s].join(r["co"]) or None,
        r["delivered"] and [r["delivered"].isoformat(), datetime(*r["delivered"].timetuple()[:3]),
                            f"{r['delivered']:%Y/%m/%d}", f"{r['delivered'].year}年{r['delivered'].month}月{r['delivered'].day}日"][s],
        "已售" if r["sold"] else "未售",
    ]  # fmt: skip


KIND = {
    None: "residential",
    "住宅": "residential",
    "商铺": "shop",
    "车库": "garage",
    "其他": "other",
}
SOURCE = {None: "register", "产权登记": "register", "测绘": "survey", "合同": "contract"}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=roster_rows())
def test_import_then_list_units_gives_back_every_row(
    empty_book_file: Path, rows: list[dict[str, Any]]
) -> None:
    for book in fresh_book(empty_book_file):
        res = do_import(book, xlsx([_cells(r) for r in rows]))
        assert res.created_units == len(rows)
        with book.read() as s:
            listed = {(u.compound, u.code): u for u in registry.list_units(s, on=date(2100, 1, 1))}
        assert len(listed) == len(rows)
        for r in rows:
            u = listed[(r["compound"], f"{r['building']}-{r['entrance']}-{r['room']}")]
            got = (u.area, u.kind, u.area_source, u.delivered_on, u.developer_held)
            assert got == (
                r["area"],
                KIND[r["kind"]],
                SOURCE[r["source"]],
                r["delivered"],
                not r["sold"],
            )
            if r["sold"]:
                assert (u.owner, u.id_number_masked, u.phone, u.co_owners) == (
                    r["owner"],
                    mask_id_number(r["id"]),
                    r["phone"] or "",
                    "、".join(r["co"]),
                )
            else:
                assert u.owner == f"{r['compound']}建设单位（开发商）" and u.co_owners == ""  # fmt: skip


GARBAGE = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cn")), max_size=30),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(datetime(1900, 3, 1), datetime(2100, 1, 1)),
    st.booleans(),
    st.sampled_from(["3号楼", "-", "1-2", "1e30", "NaN", "Infinity", "0", "０", "-0.00", "已售", "未售",
                     "合计", "小区", "2023-02-30", "9999-12-31", ID_A, ID_BAD, "12.345", "x" * 200,
                     "商铺", "测绘", "李四、、张三", "张三"]),
)  # fmt: skip


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(column=st.sampled_from(HEADERS), garbage=GARBAGE)
def test_garbage_in_one_cell_is_never_a_crash(
    empty_book_file: Path, column: str, garbage: Any
) -> None:
    last = row(楼栋="9", 房号="901", 业主="赵六", 证件号码=ID_C, 联系电话="13700137000")
    last[HEADERS.index(column)] = garbage
    rows = [
        row(),
        row(房号="502", 业主="李四", 证件号码=ID_B, 联系电话=None, 共有人="王五"),
        row(房号="503", 业主=None, 证件号码=None, 联系电话=None, 状态="未售", 交付日期=None),
        last,  # Excel row 5
    ]
    for book in fresh_book(empty_book_file):
        try:
            res = do_import(book, xlsx(rows))
        except ValidationError as exc:
            assert {p.row for p in exc.problems} == {5}, exc.message
        else:
            assert res.created_units == 4


# -- the shared strings, read as openpyxl reads them ------------------------------------------
SST_HEAD = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def _si(inner: str) -> str:
    return f"<si>{inner}</si>"


def _t(text: str) -> str:
    return f'<t xml:space="preserve">{escape(text)}</t>'


def openpyxl_strings(xml: bytes) -> list[str]:
    from openpyxl.reader.strings import read_string_table

    return list(read_string_table(io.BytesIO(xml)))


def test_shared_strings_match_openpyxl_for_rich_text_phonetics_and_escapes() -> None:
    parts = [
        _si(_t("幸福里小区")),
        _si("<t/>"),  # an empty string
        _si(_t("  张　三 ")),  # spaces kept as written: cell_text strips them later
        _si(f"<r><rPr><b/></rPr>{_t('3')}</r><r>{_t('号楼')}</r>"),  # rich text: runs joined
        _si(f"{_t('王府')}<rPh sb='0' eb='2'>{_t('おうふ')}</rPh><phoneticPr fontId='1'/>"),
        _si(_t("a_x005F_x000D_b")),  # Excel's escape of "_x000D_": openpyxl drops x005F_
        _si("<r><t/></r>"),
    ]
    xml = (SST_HEAD + "".join(parts) + "</sst>").encode()
    assert roster.shared_strings(xml) == openpyxl_strings(xml) == [
        "幸福里小区", "", "  张　三 ", "3号楼", "王府", "a_x000D_b", "",
    ]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn"))), min_size=1,
                         max_size=3), max_size=8))  # fmt: skip
def test_shared_strings_match_openpyxl_for_any_text(strings: list[list[str]]) -> None:
    sis = [_si(_t(s[0])) if len(s) == 1 else _si("".join(f"<r>{_t(p)}</r>" for p in s))
           for s in strings]  # fmt: skip
    xml = (SST_HEAD + "".join(sis) + "</sst>").encode()
    assert roster.shared_strings(xml) == openpyxl_strings(xml) == ["".join(s) for s in strings]


def test_a_roster_with_shared_strings_reads_as_openpyxl_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "roster.xlsx"
    make_roster_xlsx(path, compounds=2, units=60)
    wb = roster.open_workbook(path)
    ours = list(wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    wb = load_workbook(path, read_only=True, data_only=True)
    theirs = list(wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    assert len(ours) > 60 and ours == theirs
