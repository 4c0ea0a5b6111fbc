"""The grid registry: grids and their compounds, workers (masked bank accounts), stations and
projects; refusals name the problem and change nothing."""

from __future__ import annotations

from datetime import date

import pytest

from propdesk.core.errors import UserError
from propdesk.db.store import Book
from propdesk.services import grids, registry
from tests.helpers import snapshot


@pytest.fixture
def grid(book: Book) -> int:
    with book.write() as s:
        registry.add_compound(s, "幸福里小区")
        registry.add_compound(s, "和平新村")
        return grids.add_grid(s, "G01", "幸福网格", "李网格长", ["幸福里小区"]).id


def test_grids_and_their_compounds(book: Book, grid: int) -> None:
    with book.write() as s:
        grids.assign_compounds(s, grid, ["和平新村", "幸福里小区"])  # already there: left alone
        grids.add_grid(s, "G02", "和平网格")
        rows = grids.list_grids(s)
    assert [(r.code, r.name, r.leader, r.compounds) for r in rows] == [
        ("G01", "幸福网格", "李网格长", ("和平新村", "幸福里小区")),
        ("G02", "和平网格", "", ()),
    ]
    with book.write() as s:
        grids.unassign_compound(s, grid, "和平新村")
        r = grids.edit_grid(s, grid, leader="周网格长")
    assert r.compounds == ("幸福里小区",) and r.leader == "周网格长"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s, g: grids.add_grid(s, "G01", "重复"), "已存在"),
        (lambda s, g: grids.add_grid(s, " ", "无编号"), "网格编号"),
        (lambda s, g: grids.add_grid(s, "G09", "x", compounds=["不存在小区"]), "不存在"),
        (lambda s, g: grids.add_worker(s, g, "张三", "临时工", date(2026, 1, 1)), "类别"),
        (lambda s, g: grids.add_worker(s, g, "张三", "专职", date(2026, 3, 1), end=date(2026, 1, 1)), "早于"),
        (lambda s, g: grids.add_worker(s, 999, "张三", "专职", date(2026, 1, 1)), "网格 999 不存在"),
        (lambda s, g: grids.add_project(s, "没有的驿站", "项目", 100), "驿站"),
    ],
)  # fmt: skip
def test_refusals_change_nothing(book: Book, grid: int, call, message: str) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(book)
    with pytest.raises(UserError, match=message), book.write() as s:
        call(s, grid)
    assert snapshot(book) == before


def test_workers_kinds_terms_and_masked_accounts(book: Book, grid: int) -> None:
    with book.write() as s:
        a = grids.add_worker(s, grid, "张专职", "专职网格员", date(2025, 1, 1), base_stipend=80_000,
                             bank_name="农业银行", bank_account="6228 4800 1234 5678 901")  # fmt: skip
        b = grids.add_worker(
            s, grid, "王兼职", "part-time", date(2026, 2, 15), end=date(2026, 5, 3)
        )
        grids.add_worker(s, grid, "钱辅助", "auxiliary", date(2026, 1, 1), employee=True)
    assert a.kind == "full_time" and a.kind_label == "专职网格员" and not a.employee
    assert a.bank_account == "6228480012345678901"  # a book without users: its admin sees it
    assert b.employee  # part-time workers come from the property staff: on the payroll
    with book.read() as s:
        assert grids.bank_account(s, a.id) == "62284800123456789" + "01"
        serving = grids.list_workers(s, on=date(2026, 6, 1))
        assert [w.name for w in serving] == ["张专职", "钱辅助"]
        assert [w.name for w in grids.list_workers(s, kind="兼职")] == ["王兼职"]
        assert grids.list_grids(s, on=date(2026, 3, 1))[0].workers == 3
    book.act_as("张书记", "secretary")  # keeps the grids, sees accounts masked
    with book.write() as s:
        e = grids.edit_worker(s, b.id, end=date(2026, 6, 30), bank_account="6217000011112222")
    assert e.end == date(2026, 6, 30) and e.bank_account == "6217 **** **** 2222"
    with book.read() as s:
        assert grids.list_workers(s)[0].bank_account == "6228 **** **** 8901"
    # months in which they served at least a day
    assert grids.months_served(date(2026, 2, 15), date(2026, 5, 3), 202601, 202606) == 4
    assert grids.months_served(date(2025, 1, 1), None, 202607, 202609) == 3
    assert grids.months_served(date(2026, 10, 1), None, 202607, 202609) == 0


def test_stations_and_projects(book: Book, grid: int) -> None:
    with book.write() as s:
        st = grids.add_station(s, grid, "幸福驿站", "长宁路 128 弄")
        p = grids.add_project(s, st.id, "适老化改造", 1_200_000)
        grids.add_project(s, "幸福驿站", "图书角", 300_000, status="active")
        with pytest.raises(UserError, match="已有项目"):
            grids.add_project(s, st.id, "图书角", 1)
        with pytest.raises(UserError, match="状态"):
            grids.edit_project(s, p.id, status="finished")
        grids.edit_project(s, p.id, spent=50_000, status="active")
        stations = grids.list_stations(s)
        projects = grids.list_projects(s)
    assert [(x.name, x.grid_code, x.address, x.projects) for x in stations] == [
        ("幸福驿站", "G01", "长宁路 128 弄", 2)
    ]
    assert [
        (x.name, x.budget, x.funded, x.unfunded, x.spent, x.status_label) for x in projects
    ] == [
        ("适老化改造", 1_200_000, 0, 1_200_000, 50_000, "实施中"),
        ("图书角", 300_000, 0, 300_000, 0, "实施中"),
    ]
