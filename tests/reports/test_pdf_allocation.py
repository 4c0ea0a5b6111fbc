"""The allocation's paper documents read back: the stipend payment sheet (签字发放表) with each
worker, amount, masked account and the total; the station funding list with each project."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from propdesk.core.money import format_amount
from propdesk.db.models import Compound
from propdesk.db.store import Book
from propdesk.reports.pdf.allocation import render_station_funding, render_stipend_sheet
from propdesk.services import grids, ledger, resources, surplus
from tests.fees_fixtures import setup_compound
from tests.helpers import v
from tests.reports.conftest import pdf_text, render_png, squash
from tests.reports.test_pdf import assert_only_our_font

FULL_ACCOUNT = "6222021234567890123"
LONG_NAME = "阿卜杜热合曼·买买提艾力·司马义巴拉提"  # wraps in its cell
LONG_PROJECT = "老旧小区楼道适老化改造及无障碍坡道扶手加装工程（第一期）"
COMPANY = "测试社区物业服务有限公司"


def fill_q1(book: Book) -> dict[str, int]:
    """2026-Q1 closed with a surplus of 7,200.00; a grid G01 with two full-time workers, a
    part-time one and an auxiliary helper; a station with two projects. Owners' parking income
    in February (only the company's 20 % share is its revenue)."""
    cid = setup_compound(book)
    with book.write() as s:
        ledger.post_vouchers(s, [
            v(date(2026, 1, 20), "物业费收入", ("1002", 300_000, 0), ("500101", 0, 300_000)),
            v(date(2026, 1, 25), "保洁费用", ("5401", 400_000, 0), ("1002", 0, 400_000)),
            v(date(2026, 2, 20), "物业费收入", ("1002", 600_000, 0), ("500101", 0, 600_000)),
            v(date(2026, 2, 25), "维修费用", ("5401", 200_000, 0), ("1002", 0, 200_000)),
            v(date(2026, 3, 20), "物业费收入", ("1002", 500_000, 0), ("500101", 0, 500_000)),
            v(date(2026, 3, 25), "办公费", ("5603", 100_000, 0), ("1002", 0, 100_000)),
        ])  # fmt: skip
        c = s.get(Compound, cid)
        assert c is not None
        resources._pass_common_use_vote(s, c, date(2026, 1, 5))
        resources.set_share(s, c, 2000, date(2026, 1, 1), "管理协议 20%")
        r = resources.add_resource(s, c, "parking", "P001")
        resources.record_income(s, r, 100_000, "bank", date(2026, 2, 10))
        g = grids.add_grid(s, "G01", "幸福网格", "李网格长", ["幸福里小区"])
        a = grids.add_worker(s, g.id, "张专职", "专职", date(2025, 1, 1),
                             bank_account="6222 0212 3456 7890 123")  # fmt: skip
        b = grids.add_worker(s, g.id, LONG_NAME, "full_time", date(2025, 6, 1),
                             end=date(2026, 2, 10))  # fmt: skip
        p = grids.add_worker(s, g.id, "赵兼职", "兼职", date(2026, 2, 1),
                             bank_account="6217001234567890")  # fmt: skip
        grids.add_worker(s, g.id, "钱辅助", "辅助", date(2026, 1, 1))
        st = grids.add_station(s, g.id, "幸福驿站", "长宁路 128 弄 1 号")
        p1 = grids.add_project(s, st.id, LONG_PROJECT, 60_000)
        p2 = grids.add_project(s, st.id, "图书角", 40_000, status="active")
        for period in (202601, 202602, 202603):
            ledger.close_period(s, period)
    return {"grid": g.id, "a": a.id, "b": b.id, "p": p.id, "p1": p1.id, "p2": p2.id}


def approved_q1(book: Book) -> int:
    fill_q1(book)
    with book.write() as s:
        d = surplus.draft_allocation(s, "2026-Q1")
    with book.write() as s:
        surplus.approve_allocation(s, d.id, "王书记", on=date(2026, 4, 8))
    return d.id


def _pdf(fn, data, **kw) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    fn(data, buf, company=COMPANY, printed=date(2026, 4, 9), **kw)
    return buf.getvalue()


def test_stipend_sheet_names_every_worker_with_masked_accounts(book: Book, tmp_path: Path) -> None:
    aid = approved_q1(book)
    with book.read() as s:
        sheet = surplus.stipend_sheet(s, aid)
    data = _pdf(render_stipend_sheet, sheet)
    pages = pdf_text(data)
    text = squash("".join(pages))
    assert "网格补贴签字发放表" in text and COMPANY in text
    for name in ("张专职", squash(LONG_NAME), "赵兼职"):
        assert name in text
    assert "钱辅助" not in text  # no default rule for helpers: not paid, not on the sheet
    for amount in (150_000, 100_000, 40_000):
        assert format_amount(amount, symbol=False) in text
    assert sheet.total == 290_000
    assert "合计" in text and "2,900.00" in text and "贰仟玖佰元整" in text
    assert "6222********0123" in text and "6217********7890" in text
    assert FULL_ACCOUNT not in text and "6217001234567890" not in text
    for r in sheet.rows:
        if r.bank_account:
            assert squash(r.bank_account) in text
    assert "领取人签字" in text and "王书记" in text and "2026年04月08日" in text
    assert "打印日期：2026-04-09" in text
    assert "第1页共1页" in text
    assert "草稿" not in text
    assert_only_our_font(data)
    render_png(data, tmp_path / "stipend.png")


def test_a_draft_sheet_says_it_must_not_be_paid(book: Book) -> None:
    fill_q1(book)
    with book.write() as s:
        d = surplus.draft_allocation(s, "2026-Q1")
    with book.read() as s:
        text = squash("".join(pdf_text(_pdf(render_stipend_sheet, surplus.stipend_sheet(s, d.id)))))
    assert "不得据此发放" in text and "张专职" in text


def test_a_long_sheet_runs_over_pages_with_the_header_repeated(book: Book) -> None:
    fill_q1(book)
    with book.write() as s:
        g = grids.grid_by_code(s, "G01")
        for n in range(40):
            grids.add_worker(s, g.id, f"网格员{n:02d}", "专职", date(2025, 1, 1),
                             bank_account=f"62220000000000{n:04d}")  # fmt: skip
    with book.write() as s:
        d = surplus.draft_allocation(s, "2026-Q1")
    with book.read() as s:
        sheet = surplus.stipend_sheet(s, d.id)
    pages = pdf_text(_pdf(render_stipend_sheet, sheet))
    assert len(pages) >= 2
    total = len(pages)
    for n, page in enumerate(pages, start=1):
        assert "领取人签字" in squash(page)
        assert f"第{n}页共{total}页" in squash(page)
    text = squash("".join(pages))
    assert all(f"网格员{n:02d}" in text for n in range(40))
    assert format_amount(sheet.total, symbol=False) in text
    assert "62220000000000" not in text  # masked


def test_station_funding_lists_each_project(book: Book, tmp_path: Path) -> None:
    aid = approved_q1(book)
    with book.read() as s:
        data = surplus.station_funding(s, aid)
    pdf = _pdf(render_station_funding, data)
    text = squash("".join(pdf_text(pdf)))
    assert "网格驿站经费拨付表" in text and "幸福驿站" in text
    assert squash(LONG_PROJECT) in text and "图书角" in text
    assert "600.00" in text and "400.00" in text and "1,000.00" in text
    assert "壹仟元整" in text and "驿站签收" in text and "王书记" in text
    assert_only_our_font(pdf)
    render_png(pdf, tmp_path / "funding.png")


def test_the_sheet_stays_chinese_when_the_screen_is_in_english(book: Book) -> None:
    from propdesk.core import i18n

    aid = approved_q1(book)
    i18n.set_language(i18n.EN)
    try:
        with book.read() as s:
            sheet = surplus.stipend_sheet(s, aid)
        text = squash("".join(pdf_text(_pdf(render_stipend_sheet, sheet))))
    finally:
        i18n.set_language(i18n.ZH)
    assert "专职网格员" in text and "兼职网格员" in text and "grid" not in text
