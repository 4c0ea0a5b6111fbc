"""The vote documents read back: the result announcement's figures, thresholds and result, and
the pre-filled ballot forms, one owner-person per page."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from propdesk.db.models import Compound
from propdesk.db.store import Book
from propdesk.reports.pdf.votes import percent, render_announcement, render_ballot_forms
from propdesk.services import registry, votes
from propdesk.services.registry import NewUnit
from tests.reports.conftest import pdf_text, render_png, squash
from tests.reports.test_pdf import assert_only_our_font

OPENS, CLOSES = date(2026, 3, 1), date(2026, 3, 31)
PRINTED = date(2026, 4, 2)
COMPANY = "红心社区物业服务有限公司"
ID_W = "110101199003071233"
# building, entrance, room, area (0.01 m²), owner, co-owners, id number, developer-held
UNITS = [
    ("1", "1", "101", 8950, "张三", ("李四",), None, False),
    ("1", "1", "102", 10235, "王五", (), ID_W, False),
    ("1", "1", "201", 6000, "王五", (), ID_W, False),  # one owner, two units: one person
    ("1", "1", "202", 6400, None, (), None, True),
    ("1", "2", "101", 12000, None, (), None, True),  # the developer's units: one person
    ("1", "2", "102", 7525, "赵六", (), None, False),
]
TOTAL = 8950 + 10235 + 6000 + 6400 + 12000 + 7525  # 511.10 m², 4 owner-persons


def _vote(book: Book, matter: str = "hire-manager") -> int:
    with book.write() as s:
        c = registry.add_compound(s, "幸福里小区")
        for b, e, r, area, owner, co, idn, dev in UNITS:
            registry.add_unit(s, c, NewUnit(b, e, r, area, owner=owner, co_owners=co,
                                            id_number=idn, developer_held=dev))  # fmt: skip
        s.flush()
        comp = s.get(Compound, c.id)
        assert comp is not None
        return votes.create_vote(s, comp, matter, "选聘红心社区物业服务有限公司为物业服务人",
                                 opens=OPENS, closes=CLOSES, method="door-to-door").id  # fmt: skip


def _cast(book: Book, vid: int, code: str, opinion: str) -> None:
    with book.write() as s:
        votes.cast_ballot(s, votes.get_vote(s, vid), code, opinion, date(2026, 3, 5))


def _announcement(book: Book, vid: int, *, close: bool = True) -> votes.Announcement:
    with book.write() as s:
        v = votes.get_vote(s, vid)
        return votes.close_vote(s, v, CLOSES) if close else votes.announcement(s, v)


def _render(fn, data, **kw) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    fn(data, buf, company=COMPANY, printed=PRINTED, **kw)
    return buf.getvalue()


def test_percent_is_half_up_and_never_divides_by_zero() -> None:
    assert percent(2, 3) == "66.67%"
    assert percent(1, 8) == "12.50%"
    assert percent(1, 200000) == "0.00%"
    assert percent(1, 0) == "—"


def test_announcement_of_a_passed_vote(book: Book, tmp_path: Path) -> None:
    vid = _vote(book)
    _cast(book, vid, "1-1-101", "agree")  # 张三 89.50
    _cast(book, vid, "1-1-201", "agree")  # 王五 162.35 (both units)
    _cast(book, vid, "1-2-101", "abstain")  # the developer 184.00
    a = _announcement(book, vid)
    pdf = _render(render_announcement, a)
    pages = pdf_text(pdf)
    assert len(pages) == 1
    text = squash(pages[0])
    for expected in (
        "幸福里小区业主共同决定事项表决结果公告",
        "选聘和解聘物业服务企业或者其他管理人",
        "一般事项（双过半）",
        "逐户入户征求意见",
    ):
        assert expected in text, expected
    # totals, participation and opinions by area and by owners, with shares
    assert "全体业主511.10100.00%4100.00%" in text
    assert "参与表决435.8585.28%375.00%" in text  # 89.50 + 162.35 + 184.00
    assert "未参与表决75.2514.72%125.00%" in text
    assert "其中：同意251.8557.78%266.67%" in text
    assert "反对0.000.00%00.00%" in text
    assert "弃权184.0042.22%133.33%" in text
    # the thresholds applied, each met
    assert "超过参与表决的二分之一（过半数）面积57.78%是" in text
    assert "表决结果：通过" in text
    assert "本次表决通过" in text
    assert "2026年03月31日" in text  # closed on
    assert COMPANY in text and "第1页共1页" in text and "打印日期：2026-04-02" in text
    # public: no owner names
    for name in ("张三", "李四", "王五", "赵六", "开发商"):
        assert name not in text
    assert_only_our_font(pdf)
    render_png(pdf, tmp_path / "announcement.png")


def test_announcement_of_a_failed_special_vote(book: Book) -> None:
    vid = _vote(book, "common-use")
    _cast(book, vid, "1-1-101", "agree")
    _cast(book, vid, "1-1-102", "disagree")
    _cast(book, vid, "1-2-102", "agree")
    text = squash(pdf_text(_render(render_announcement, _announcement(book, vid)))[0])
    assert "特别事项（双四分之三）" in text
    # 3 of 4 owners took part (75 %) but only 327.10 of 511.10 m² (64.00 %): no quorum
    assert "参与表决的专有部分面积占全体业主专有部分面积的三分之二以上（含本数）64.00%否" in text
    assert "参与表决的业主人数占全体业主人数的三分之二以上（含本数）75.00%是" in text
    assert "参与表决的四分之三以上（含本数）面积50.37%否" in text
    assert "参与表决的四分之三以上（含本数）人数66.67%否" in text
    assert "表决结果：未通过" in text and "本次表决未通过" in text


def test_an_open_vote_is_not_announced_as_final(book: Book) -> None:
    vid = _vote(book)
    _cast(book, vid, "1-1-101", "agree")
    a = _announcement(book, vid, close=False)
    text = squash(pdf_text(_render(render_announcement, a))[0])
    assert "尚未结束" in text and "不是最终结果" in text
    assert "目前统计：尚未达到通过条件" in text
    assert "本次表决通过" not in text and "表决结果：" not in text
    # 1 of 4 owners (89.50 m²) in: 2 more owners and 251.24 m² for the two-thirds quorum
    m = a.tally.missing
    assert (m.pass_count, m.pass_area) == (2, 25124)
    assert "尚需：至少再有2位业主、专有部分面积251.24㎡参与并同意" in text


def test_ballot_forms_one_owner_person_per_page(book: Book, tmp_path: Path) -> None:
    vid = _vote(book)
    _cast(book, vid, "1-2-102", "agree")
    with book.read() as s:
        forms = votes.ballot_forms(s, votes.get_vote(s, vid))
    assert [f.unit_areas for f in forms] == [(8950,), (10235, 6000), (6400, 12000), (7525,)]
    pdf = _render(render_ballot_forms, forms)
    pages = [squash(p) for p in pdf_text(pdf)]
    assert len(pages) == 4
    first, second, third, fourth = pages
    assert "幸福里小区业主共同决定事项表决票" in first
    assert "张三" in first and "张三、李四" in first and "1-1-101" in first and "89.50" in first
    assert "王五" not in first
    assert "1-1-1021-1-201" not in second  # a row per unit
    assert "1-1-102" in second and "1-1-201" in second and "162.35" in second
    assert "102.35" in second and "60.00" in second and "合计2套162.35" in second
    assert "幸福里小区建设单位（开发商）" in third and "1-2-101" in third and "184.00" in third
    for page in pages:
        assert "同意" in page and "反对" in page and "弃权" in page
        assert "选聘红心社区物业服务有限公司为物业服务人" in page
        assert "业主（代理人）签名" in page and "征集人（收票人）签名" in page
    assert "已于2026-03-05收回登记" in fourth and "收回登记" not in first
    assert "第1页共4页" in first and "第4页共4页" in fourth
    assert [f"表决编号{vid}-000{n}" in p for n, p in enumerate(pages, start=1)] == [True] * 4
    assert_only_our_font(pdf)
    render_png(pdf, tmp_path / "form.png")


def test_a_developer_with_many_units_gets_a_compact_grid(book: Book) -> None:
    with book.write() as s:
        c = registry.add_compound(s, "新建小区")
        registry.add_unit(s, c, NewUnit("1", "1", "101", 9000, owner="甲"))
        for room in range(201, 241):
            registry.add_unit(s, c, NewUnit("2", "1", str(room), 8000, developer_held=True))
        s.flush()
        comp = s.get(Compound, c.id)
        assert comp is not None
        vid = votes.create_vote(s, comp, "hire-manager", "选聘", opens=OPENS, closes=CLOSES).id
    with book.read() as s:
        forms = votes.ballot_forms(s, votes.get_vote(s, vid))
    pages = [squash(p) for p in pdf_text(_render(render_ballot_forms, forms))]
    assert len(pages) == 2
    assert "共40套，专有部分面积合计3200.00㎡" in pages[1]
    assert "2-1-201（80.00㎡）" in pages[1] and "2-1-240（80.00㎡）" in pages[1]


@pytest.mark.parametrize("fn", [render_announcement, render_ballot_forms])
def test_company_defaults_when_not_given(book: Book, fn) -> None:  # type: ignore[no-untyped-def]
    vid = _vote(book)
    with book.read() as s:
        v = votes.get_vote(s, vid)
        data = votes.announcement(s, v) if fn is render_announcement else votes.ballot_forms(s, v)
    buf = io.BytesIO()
    fn(data, buf)
    assert "社区物业服务有限公司" in squash(pdf_text(buf.getvalue())[0])
