"""Owner votes in a book: the frozen roster, ballots and their replacement, the ballot sheet,
closing, the gate, the checks, and a reference tally over random rosters."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterator
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from propdesk.core.errors import UserError, ValidationError
from propdesk.db.models import AuditEntry, Ballot, Compound, Unit, Vote
from propdesk.db.store import Book
from propdesk.services import check, registry, votes
from propdesk.services.books import create_book
from propdesk.services.registry import NewUnit
from tests.factories import write_xlsx
from tests.helpers import snapshot

ID_W = "110101199003071233"
OPENS, CLOSES = date(2026, 3, 1), date(2026, 3, 31)
# building, entrance, room, area, owner, co-owners, id number, developer-held
UNITS = [
    ("1", "1", "101", 8950, "张三", ("李四",), None, False),
    ("1", "1", "102", 10235, "王五", (), ID_W, False),
    ("1", "1", "201", 6000, "王五", (), ID_W, False),  # the same person: one owner, two units
    ("1", "1", "202", 6400, None, (), None, True),
    ("1", "2", "101", 12000, None, (), None, True),  # the developer's units: one person
    ("1", "2", "102", 7525, "赵六", (), None, False),
]
TOTAL_AREA = 8950 + 10235 + 6000 + 6400 + 12000 + 7525


def _compound(book: Book, name: str = "幸福里小区") -> int:
    with book.write() as s:
        c = registry.add_compound(s, name)
        for b, e, r, area, owner, co, idn, dev in UNITS:
            registry.add_unit(s, c, NewUnit(b, e, r, area, owner=owner, co_owners=co,
                                            id_number=idn, developer_held=dev))  # fmt: skip
        return c.id


def _vote(book: Book, cid: int, matter: str = "hire-manager", **kw: Any) -> int:
    with book.write() as s:
        c = s.get(Compound, cid)
        assert c is not None
        kw.setdefault("opens", OPENS)
        kw.setdefault("closes", CLOSES)
        return votes.create_vote(s, c, matter, "选聘红心社区物业服务有限公司", **kw).id


@pytest.fixture
def vid(book: Book) -> int:
    return _vote(book, _compound(book))


def _cast(book: Book, vote_id: int, code: str, opinion: str, on: date = date(2026, 3, 5),
          **kw: Any) -> votes.CastResult:  # fmt: skip
    with book.write() as s:
        return votes.cast_ballot(s, votes.get_vote(s, vote_id), code, opinion, on, **kw)


def _tally(book: Book, vote_id: int) -> votes.Tally:
    with book.read() as s:
        return votes.result(s, votes.get_vote(s, vote_id))


# -- opening ------------------------------------------------------------------------------------
def test_opening_freezes_owner_persons(book: Book, vid: int) -> None:
    with book.read() as s:
        forms = votes.ballot_forms(s, votes.get_vote(s, vid))
        v = votes.get_vote(s, vid)
        assert (v.kind, v.status, v.roster_on) == ("ordinary", "open", OPENS)
    assert [(f.seq, f.name, f.units, f.area) for f in forms] == [
        (1, "张三", ("1-1-101",), 8950),  # co-owners are one person
        (2, "王五", ("1-1-102", "1-1-201"), 16235),  # one owner, two units, areas added
        (3, "幸福里小区建设单位（开发商）", ("1-1-202", "1-2-101"), 18400),
        (4, "赵六", ("1-2-102",), 7525),
    ]
    assert forms[0].owners == ("张三、李四",)
    t = _tally(book, vid)
    assert (t.total_area, t.total_count, t.part_count) == (TOTAL_AREA, 4, 0)


def test_one_unit_one_vote_setting(book: Book) -> None:
    cid = _compound(book)
    vid = _vote(book, cid, counting="unit")
    t = _tally(book, vid)
    assert (t.total_area, t.total_count) == (TOTAL_AREA, 6)
    _cast(book, vid, "1-1-102", "agree")
    assert _tally(book, vid).part_count == 1  # only that unit: 1-1-201 is its own voter


def test_units_not_yet_delivered_count_with_the_developer(book: Book) -> None:
    with book.write() as s:
        c = registry.add_compound(s, "新建小区")
        registry.add_unit(s, c, NewUnit("1", "1", "101", 9000, owner="甲"))
        registry.add_unit(
            s, c, NewUnit("1", "1", "102", 8000, owner="乙", delivered_on=date(2026, 6, 1))
        )
        registry.add_unit(s, c, NewUnit("1", "1", "103", 7000, developer_held=True))
        cid = c.id
    vid = _vote(book, cid)
    with book.read() as s:
        forms = votes.ballot_forms(s, votes.get_vote(s, vid))
    assert [(f.name, f.units, f.area) for f in forms] == [
        ("甲", ("1-1-101",), 9000),
        ("新建小区建设单位（开发商）", ("1-1-102", "1-1-103"), 15000),
    ]


def test_kind_follows_the_matter(book: Book) -> None:
    cid = _compound(book)
    before = snapshot(book)
    with pytest.raises(UserError, match="不能改为"), book.write() as s:
        c = s.get(Compound, cid)
        assert c is not None
        votes.create_vote(s, c, "common-use", "停车", opens=OPENS, closes=CLOSES, kind="ordinary")
    assert snapshot(book) == before
    with book.read() as s:
        assert votes.get_vote(s, _vote(book, cid, "common-use")).kind == "special"


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"opens": date(2026, 3, 31), "closes": date(2026, 3, 1)}, "早于开始日期"),
        ({"method": "phone"}, "表决方式"),
        ({"counting": "heads"}, "计数方法"),
    ],
)
def test_bad_votes_refused(book: Book, kw: dict[str, Any], message: str) -> None:
    cid = _compound(book)
    with pytest.raises(UserError, match=message):
        _vote(book, cid, **kw)


def test_roster_edits_after_opening_change_nothing(book: Book, vid: int) -> None:
    _cast(book, vid, "1-1-101", "agree")
    _cast(book, vid, "1-1-201", "disagree")
    with book.read() as s:
        before = (votes.live_tally(s, votes.get_vote(s, vid)),
                  votes.ballot_forms(s, votes.get_vote(s, vid)))  # fmt: skip
    with book.write() as s:
        unit = registry.unit_by_code(s, "幸福里小区", "1-1-102")
        registry.transfer(s, unit, date(2026, 3, 10), "钱七")  # 王五 sells one of two units
        dev_unit = registry.unit_by_code(s, "幸福里小区", "1-2-101")
        registry.transfer(s, dev_unit, date(2026, 3, 10), "孙八")  # the developer sells
        s.execute(text("UPDATE unit SET area = area + 1000 WHERE code = '1-1-101'"))
        c = registry.compound_by_name(s, "幸福里小区")
        registry.add_unit(s, c, NewUnit("2", "1", "101", 9900, owner="新业主"))
    with book.read() as s:
        after = (votes.live_tally(s, votes.get_vote(s, vid)),
                 votes.ballot_forms(s, votes.get_vote(s, vid)))  # fmt: skip
    assert after == before
    with pytest.raises(UserError, match="不在表决"):
        _cast(book, vid, "2-1-101", "agree")


# -- ballots --------------------------------------------------------------------------------------
def test_a_ballot_for_any_unit_is_the_persons_ballot(book: Book, vid: int) -> None:
    first = _cast(book, vid, "1-1-102", "agree")
    again = _cast(book, vid, "1-1-201", "同意")  # the other unit of 王五, same opinion
    assert again.unchanged and again.ballot_id == first.ballot_id
    t = _tally(book, vid)
    assert (t.yes_count, t.yes_area) == (1, 16235)


def test_abstention_participates(book: Book, vid: int) -> None:
    _cast(book, vid, "1-1-101", "abstain")
    t = _tally(book, vid)
    assert (t.part_count, t.part_area, t.abstain_count, t.yes_count) == (1, 8950, 1, 0)


def test_replacement_needs_a_reason_and_is_logged(book: Book, vid: int) -> None:
    first = _cast(book, vid, "1-1-102", "agree")
    before = snapshot(book)
    with pytest.raises(UserError, match="更改须填写原因"):
        _cast(book, vid, "1-1-201", "disagree")
    assert snapshot(book) == before
    second = _cast(book, vid, "1-1-201", "disagree", date(2026, 3, 9),
                   replace_reason="业主本人到社区更正：原票系家属代签")  # fmt: skip
    assert second.replaced_id == first.ballot_id
    t = _tally(book, vid)
    assert (t.yes_count, t.no_count, t.no_area, t.part_count) == (0, 1, 16235, 1)
    with book.read() as s:
        history = votes.ballots(s, votes.get_vote(s, vid))
        entry = s.execute(
            select(AuditEntry).where(AuditEntry.action == "ballot.replace")
        ).scalar_one()
    assert [(b.id, b.opinion, b.live, b.replaced_by) for b in history] == [
        (first.ballot_id, "agree", False, second.ballot_id),
        (second.ballot_id, "disagree", True, None),
    ]
    assert history[1].replace_reason == entry.reason == "业主本人到社区更正：原票系家属代签"
    assert '"agree"' in (entry.before or "") and '"disagree"' in (entry.after or "")


def test_ballot_outside_the_window_or_unknown_refused(book: Book, vid: int) -> None:
    before = snapshot(book)
    with pytest.raises(UserError, match="不在表决期间"):
        _cast(book, vid, "1-1-101", "agree", date(2026, 4, 1))
    with pytest.raises(UserError, match="不在表决 1 的业主名册"):
        _cast(book, vid, "9-9-999", "agree")
    with pytest.raises(UserError, match="同意 / 反对 / 弃权"):
        _cast(book, vid, "1-1-101", "maybe")
    assert snapshot(book) == before


def test_evidence_is_hashed_and_optionally_kept(book: Book, vid: int, tmp_path: Path) -> None:
    scan = tmp_path / "票-1-1-101.jpg"
    scan.write_bytes(b"\xff\xd8 signed form")
    _cast(book, vid, "1-1-101", "agree", evidence=votes.evidence_from_file(scan))
    _cast(book, vid, "1-2-102", "agree",
          evidence=votes.evidence_from_bytes("1-2-102.pdf", b"%PDF form"))  # fmt: skip
    with book.read() as s:
        rows = s.execute(select(Ballot).order_by(Ballot.id)).scalars().all()
        assert rows[0].evidence_name == str(scan) and rows[0].evidence_data is None
        assert rows[0].evidence_sha256 == hashlib.sha256(b"\xff\xd8 signed form").hexdigest()
        assert rows[1].evidence_data == b"%PDF form"
    with pytest.raises(UserError, match="无法读取"):
        votes.evidence_from_file(tmp_path / "missing.jpg")


def test_a_batch_of_forms_all_or_nothing(book: Book, vid: int) -> None:
    _cast(book, vid, "1-2-102", "agree")
    d = date(2026, 3, 6)
    bad = [
        votes.BallotIn("1-1-101", "同意", d),
        votes.BallotIn("9-9-999", "同意", d),  # 2: not on the roster
        votes.BallotIn("1-1-102", "反对", d),
        votes.BallotIn("1-1-201", "同意", d),  # 4: 王五 again, another opinion
        votes.BallotIn("1-2-102", "同意", d),  # 5: 赵六 already voted
        votes.BallotIn("1-1-202", "同意", date(2026, 4, 1)),  # 6: after the vote
    ]
    before = snapshot(book)
    with pytest.raises(ValidationError) as err, book.write() as s:
        votes.cast_ballots(s, votes.get_vote(s, vid), bad)
    assert [p.row for p in err.value.problems] == [2, 4, 5, 6]
    assert snapshot(book) == before
    good = [votes.BallotIn("1-1-101", "agree", d, "网格员"), votes.BallotIn("1-1-102", "反对", d),
            votes.BallotIn("1-1-201", "反对", date(2026, 3, 4))]  # fmt: skip
    with book.write() as s:
        assert votes.cast_ballots(s, votes.get_vote(s, vid), good) == 2
    t = _tally(book, vid)
    assert (t.part_count, t.yes_count, t.no_count, t.no_area) == (3, 2, 1, 16235)
    with book.read() as s:
        rows = votes.ballots(s, votes.get_vote(s, vid))
    assert [(r.voter, r.date, r.collector) for r in rows if r.voter == "王五"] == [
        ("王五", date(2026, 3, 4), "admin")
    ]


# -- closing ----------------------------------------------------------------------------------------
def test_close_freezes_the_result(book: Book, vid: int) -> None:
    _cast(book, vid, "1-1-101", "agree")
    _cast(book, vid, "1-1-102", "agree")
    _cast(book, vid, "1-2-101", "disagree")
    with pytest.raises(UserError, match="不能提前结束"), book.write() as s:
        votes.close_vote(s, votes.get_vote(s, vid), date(2026, 3, 20))
    with book.write() as s:
        ann = votes.close_vote(s, votes.get_vote(s, vid), CLOSES)
    assert ann.result_text == "通过" and ann.closed_on == CLOSES
    t = ann.tally
    assert (t.part_count, t.yes_count, t.yes_area, t.no_area) == (3, 2, 25185, 18400)
    assert t.passed and t.quorum
    # stored: a ballot smuggled in afterwards does not change the result, but check finds it
    with book.write() as s:
        s.execute(text("UPDATE ballot SET opinion = 'disagree' WHERE id = 1"))
    assert _tally(book, vid) == t
    with book.read() as s:
        found = check.run_checks(s)
    assert any("重新计票不符" in m for _, m in found.violations)
    with pytest.raises(UserError, match="已于 2026-03-31 结束"):
        _cast(book, vid, "1-2-102", "agree")


def test_close_early_when_everyone_voted(book: Book, vid: int) -> None:
    for code in ("1-1-101", "1-1-102", "1-1-202", "1-2-102"):
        _cast(book, vid, code, "agree", date(2026, 3, 8))
    with pytest.raises(UserError, match="早于已收表决票"), book.write() as s:
        votes.close_vote(s, votes.get_vote(s, vid), date(2026, 3, 7))
    with book.write() as s:
        assert votes.close_vote(s, votes.get_vote(s, vid), date(2026, 3, 9)).tally.passed


def test_require_passed_vote_names_the_missing_vote(book: Book, vid: int) -> None:
    with book.read() as s:
        cid = votes.get_vote(s, vid).compound_id
        with pytest.raises(UserError) as err:
            votes.require_passed_vote(s, cid, "hire-manager")
    assert "幸福里小区" in err.value.message and "选聘和解聘物业服务企业" in err.value.message
    for code in ("1-1-101", "1-1-102", "1-1-202"):
        _cast(book, vid, code, "agree")
    with book.write() as s:
        assert votes.close_vote(s, votes.get_vote(s, vid), CLOSES).tally.passed
    with book.read() as s:
        assert votes.require_passed_vote(s, cid, "hire-manager").id == vid
        with pytest.raises(UserError, match="改变共有部分的用途"):
            votes.require_passed_vote(s, cid, "common-use")


def test_a_failed_vote_does_not_open_the_gate(book: Book, vid: int) -> None:
    _cast(book, vid, "1-1-101", "agree")
    _cast(book, vid, "1-1-102", "disagree")
    _cast(book, vid, "1-2-101", "disagree")
    with book.write() as s:
        assert votes.close_vote(s, votes.get_vote(s, vid), CLOSES).result_text == "未通过"
        with pytest.raises(UserError, match="没有已结束并通过"):
            votes.require_passed_vote(s, votes.get_vote(s, vid).compound_id, "hire-manager")


# -- the ballot sheet -----------------------------------------------------------------------------
HEAD = ["小区", "楼栋", "单元", "房号", "业主", "意见（同意 / 反对 / 弃权）", "日期"]


def _sheet(path: Path, rows: list[list[Any]], title: bool = True) -> Path:
    lines: list[list[Any]] = [["幸福里小区选聘物业服务企业表决票汇总表"], []] if title else []
    write_xlsx(path, [*lines, HEAD, *rows], title="表决票")
    return path


def _import(book: Book, vote_id: int, path: Path) -> votes.ImportResult:
    with book.write() as s:
        return votes.import_ballots(s, votes.get_vote(s, vote_id), path)


CLEAN = [
    ["幸福里小区", "1号楼", "1单元", "101", "李四", "同意", "2026-03-03"],  # a co-owner signs
    ["幸福里小区", 1, 1, 102, "王五", "同意", date(2026, 3, 4)],
    ["幸福里小区", "1", "1", "201室", "王 五", "同意", "2026/3/6"],  # 王五's other unit: one ballot
    ["幸福里小区", "1", "2", "101", "开发商", "反对", "2026年3月5日"],
    ["幸福里小区", "1", "2", "102", "赵六", "弃权", "20260307"],
    [None, "合计", None, None, None, None, None],
]


def test_import_a_clean_sheet_then_again(book: Book, vid: int, tmp_path: Path) -> None:
    path = _sheet(tmp_path / "票.xlsx", CLEAN)
    res = _import(book, vid, path)
    assert (res.created, res.unchanged, res.rows) == (4, 0, 5)
    t = _tally(book, vid)
    assert (t.part_count, t.yes_count, t.no_count, t.abstain_count) == (4, 2, 1, 1)
    assert (t.yes_area, t.no_area, t.abstain_area) == (8950 + 16235, 18400, 7525)
    with book.read() as s:
        b = s.execute(select(Ballot).where(Ballot.voter_id == 2)).scalar_one()
        assert (b.date, b.origin) == (date(2026, 3, 4), "票.xlsx:5")  # earliest of its rows
    before = snapshot(book)
    again = _import(book, vid, path)
    assert (again.created, again.unchanged) == (0, 4)
    assert snapshot(book) == before


def test_every_bad_row_is_named_and_nothing_imported(book: Book, vid: int, tmp_path: Path) -> None:
    _cast(book, vid, "1-2-102", "agree")  # already in with another opinion than the sheet's
    rows = [
        ["幸福里小区", "1", "1", "101", "张三", "同意", "2026-03-03"],  # row 4: fine
        ["幸福里小区", "9", "1", "101", "张三", "同意", "2026-03-03"],  # 5: unknown unit
        ["幸福里小区", "1", "1", "102", "钱七", "同意", "2026-03-03"],  # 6: not the owner
        ["幸福里小区", "1", "2", "101", "开发商", "支持", "2026-03-03"],  # 7: bad opinion
        ["幸福里小区", "1", "1", "202", "开发商", "同意", "2026-02-30"],  # 8: no such date
        ["幸福里小区", "1", "1", "201", "王五", "同意", "2026-04-02"],  # 9: after the vote
        ["和平新村", "1", "1", "101", "张三", "同意", "2026-03-03"],  # 10: another compound
        ["幸福里小区", "1", "1", "101", "张三", "反对", "2026-03-04"],  # 11: disagrees with 4
        ["幸福里小区", "1", "2", "102", "赵六", "反对", "2026-03-04"],  # 12: already voted
        ["幸福里小区", "1", "1", "102", None, "同意", "2026-03-03"],  # 13: no owner
    ]
    path = _sheet(tmp_path / "坏.xlsx", rows)
    before = snapshot(book)
    with pytest.raises(ValidationError) as err:
        _import(book, vid, path)
    assert snapshot(book) == before
    got = [(p.row, p.field) for p in err.value.problems]
    assert got == [
        (5, "房号"), (6, "业主"), (7, "意见（同意 / 反对 / 弃权）"), (8, "日期"), (9, "日期"),
        (10, "小区"), (11, "意见（同意 / 反对 / 弃权）"), (12, "意见（同意 / 反对 / 弃权）"),
        (13, "业主"),
    ]  # fmt: skip
    text_of = {p.row: p.reason for p in err.value.problems}
    assert "9-1-101" in text_of[5]
    assert "张三" not in text_of[6] and "王五" in text_of[6] and "钱七" in text_of[6]
    assert "支持" in text_of[7]
    assert "2026-02-30" in text_of[8]
    assert "2026-04-02" in text_of[9]
    assert "第 4 行" in text_of[11] and "第 11 行" in text_of[11]
    assert "已于 2026-03-05 投票" in text_of[12]
    assert "缺少值" in text_of[13]
    assert err.value.message.startswith("表决票汇总表中发现 9 处问题")


def test_sheet_without_the_columns(book: Book, vid: int, tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    write_xlsx(path, [["小区", "房号", "意见"], ["幸福里小区", "101", "同意"]])
    with pytest.raises(ValidationError) as err:
        _import(book, vid, path)
    assert {p.reason for p in err.value.problems} >= {
        "缺少必填列「楼栋」（在前 20 行中未找到表头）",
        "缺少必填列「日期」（在前 20 行中未找到表头）",
    }


# -- a reference tally over random rosters ----------------------------------------------------
@pytest.fixture(scope="module")
def shared_book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Book]:
    b = create_book(tmp_path_factory.mktemp("votes") / "book.db")
    yield b
    b.close()


_names = itertools.count(1)
OWNERS = [f"业主{i}" for i in range(6)]


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[tuple[int, int | None, bool]], dict[int, str], str]:
    """Units as (area, owner index or None for the developer, has a co-owner), the opinion
    given for some units (index -> opinion), and the matter."""
    n = draw(st.integers(1, 12))
    units = [(draw(st.integers(1, 20000)), draw(st.sampled_from([None, 0, 1, 2, 3, 4, 5])),
              draw(st.booleans())) for _ in range(n)]  # fmt: skip
    given_for = draw(st.dictionaries(st.integers(0, n - 1),
                                     st.sampled_from(["agree", "disagree", "abstain"])))  # fmt: skip
    return units, given_for, draw(st.sampled_from(["hire-manager", "raise-fund"]))


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(cases())
def test_book_tally_matches_a_reference(shared_book: Book, case) -> None:  # type: ignore[no-untyped-def]
    units, given_for, matter = case
    name = f"随机小区{next(_names)}"
    with shared_book.write() as s:
        c = registry.add_compound(s, name)
        registry.add_units(s, [
            (c, NewUnit("1", "1", str(100 + i), area, owner=None if o is None else OWNERS[o],
                        phone=None if o is None else f"1380000000{o}", developer_held=o is None,
                        co_owners=("共有人",) if co and o is not None else ()))
            for i, (area, o, co) in enumerate(units)
        ])  # fmt: skip
        vote = votes.create_vote(s, c, matter, "随机", opens=OPENS, closes=CLOSES)
        # a later unit of the same person replaces the opinion with a reason when it differs
        for i, opinion in sorted(given_for.items()):
            votes.cast_ballot(s, vote, f"1-1-{100 + i}", opinion, OPENS, replace_reason="更正")
        got = votes.live_tally(s, vote)
    # the reference: people keyed by owner name (the developer one person), last opinion wins
    area: dict[str, int] = {}
    opinion: dict[str, str] = {}
    for a, o, _co in units:
        who = "developer" if o is None else OWNERS[o]
        area[who] = area.get(who, 0) + a
    for i, op in sorted(given_for.items()):
        o = units[i][1]
        opinion["developer" if o is None else OWNERS[o]] = op
    total_a, total_n = sum(area.values()), len(area)
    part = [p for p in area if p in opinion]
    yes = [p for p in part if opinion[p] == "agree"]
    pa, ya = sum(area[p] for p in part), sum(area[p] for p in yes)
    quorum = Fraction(pa, total_a) >= Fraction(2, 3) and Fraction(len(part), total_n) >= Fraction(
        2, 3
    )
    bar = Fraction(3, 4) if matter == "raise-fund" else Fraction(1, 2)
    ok = (lambda x: x >= bar) if matter == "raise-fund" else (lambda x: x > bar)
    majority = bool(part) and ok(Fraction(ya, pa)) and ok(Fraction(len(yes), len(part)))
    assert (got.total_area, got.total_count) == (total_a, total_n)
    assert (got.part_area, got.part_count, got.yes_area, got.yes_count) == (
        pa,
        len(part),
        ya,
        len(yes),
    )
    assert got.quorum == quorum
    assert got.passed == (quorum and majority)


# -- checks ----------------------------------------------------------------------------------------
def test_checks_pass_on_a_clean_book_and_find_a_bad_roster(book: Book, vid: int) -> None:
    _cast(book, vid, "1-1-101", "agree")
    with book.read() as s:
        assert check.run_checks(s).ok
    with book.write() as s:
        s.execute(text("UPDATE vote_voter SET area = area + 1 WHERE seq = 1"))
    with book.read() as s:
        found = check.run_checks(s)
    assert [n for n, _ in found.violations] == ["votes: frozen rosters, closed results recounted"]
    assert "张三" in found.violations[0][1]


def test_units_area_source_kept(book: Book, vid: int) -> None:
    with book.read() as s:
        srcs = s.execute(text("SELECT DISTINCT area_source FROM vote_unit")).scalars().all()
        units = s.execute(select(Unit.area_source)).scalars().all()
        assert set(srcs) == set(units) == {"register"}
        assert s.get(Vote, vid) is not None


# -- the demo book ---------------------------------------------------------------------------------
def test_demo_votes(book: Book) -> None:
    import random

    from propdesk.services import contracts
    from propdesk.services.contracts import NewContract

    with book.write() as s:
        for n, name in enumerate(("幸福里小区", "和平新村")):
            c = registry.add_compound(s, name)
            registry.add_units(s, [
                (c, NewUnit("1", str(e), f"{f}0{r}", 6000 + 37 * (e + f + r), owner=f"{name}业主{e}{f}{r}",
                            phone=f"139{n}{e}{f}{r}0000", developer_held=(e, f, r) == (2, 6, 2)))
                for e in (1, 2) for f in range(1, 7) for r in (1, 2)
            ])  # fmt: skip
            contracts.add_contract(s, c, NewContract(f"HT-{name}", date(2025, 12, 1), date(2028, 11, 30),
                                                     rates={"residential": 8500}))  # fmt: skip
    today = date(2026, 6, 15)
    votes.demo_votes(book, random.Random(7), today=today)
    with book.read() as s:
        rows = votes.list_votes(s)
        assert [(v.compound, v.matter, v.status, v.passed) for v in rows] == [
            ("幸福里小区", "hire-manager", "closed", True),
            ("和平新村", "hire-manager", "closed", True),
            ("幸福里小区", "common-use", "open", None),
        ]
        for v in rows[:2]:
            c = contracts.contract_by_number(s, f"HT-{v.compound}")
            assert c.vote_id == v.id and v.closed_on is not None and v.closed_on < c.start
        t = votes.live_tally(s, votes.get_vote(s, rows[2].id))
        assert 0.45 <= t.part_count / t.total_count <= 0.75
        assert max(b.date for b in votes.ballots(s, votes.get_vote(s, rows[2].id))) <= today
        assert check.run_checks(s).ok
