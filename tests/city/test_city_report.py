"""The city consolidation: every figure equals what the company's own reports say (read
independently through its own services), the total is the sum, the rate one formula; the PDF's
text and the Excel cells carry the same numbers."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from propdesk.core.errors import UserError
from propdesk.core.money import format_amount
from propdesk.core.periods import last_day
from propdesk.core.ratios import bp_text as format_bp
from propdesk.core.ratios import rate_bp
from propdesk.db.models import Compound, Unit
from propdesk.reports.city import CityReport, city_report
from propdesk.reports.fees import monthly_statement
from propdesk.reports.pdf.city import render_city
from propdesk.reports.xlsx.city import write_city
from propdesk.services import city as city_svc
from propdesk.services import ledger, resources, surplus
from propdesk.services.demo import DEMO_COMPANY
from tests.city.conftest import PG_ONLY, SMALL_NAME

NOW = datetime(2026, 8, 3, 9, 30)


# -- the rate: basis points, half-up, one formatter (no server needed) -------------------------
@given(st.integers(0, 10**12), st.integers(1, 10**12))
def test_rate_is_basis_points_half_up(part: int, whole: int) -> None:
    exact = Decimal(part) * 10_000 / Decimal(whole)
    assert rate_bp(part, whole) == int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_rate_formatting() -> None:
    assert rate_bp(0, 0) is None and format_bp(None) == "—"
    assert format_bp(rate_bp(1, 3)) == "33.33%"
    assert format_bp(rate_bp(2, 3)) == "66.67%"
    assert format_bp(rate_bp(1, 8)) == "12.50%"
    assert format_bp(rate_bp(1, 80_000)) == "0.00%" and format_bp(rate_bp(1, 20_000)) == "0.01%"
    assert format_bp(rate_bp(5, 5)) == "100.00%" and format_bp(rate_bp(7, 5)) == "140.00%"


# -- the figures ---------------------------------------------------------------------------------
def _own(db: str, key: str, start: int, end: int) -> dict[str, int]:
    """The company's figures read through its own reports and services, not the city module:
    the monthly statement (one month, or January..end for the year-to-date columns), the
    resources module's owners' balance per compound, the surplus service and its report."""
    book = city_svc.open_company(db, key)
    try:
        with book.read() as s:
            st_ = monthly_statement(s, end)
            fees = st_.fees
            if start == end:
                billed, settled, collected = fees.billed, fees.settled, fees.collected
            else:
                assert start == end // 100 * 100 + 1, "year to date only"
                billed, settled, collected = fees.billed_ytd, fees.settled_ytd, fees.collected_ytd
            compounds = s.execute(select(Compound)).scalars().all()
            owners = sum(resources.ledger_balance(s, c, last_day(end)) for c in compounds)
            assert owners == st_.common.closing
            span = surplus.Span("range", start, end)
            # where each approved allocation of a period inside the range went
            reports = [
                surplus.surplus_report(s, a.period)
                for a in surplus.list_allocations(s)
                if a.status != "draft"
                and start <= surplus.parse_span(a.period).start
                and surplus.parse_span(a.period).end <= end
            ]
            return {
                "compounds": len(compounds),
                "units": s.execute(select(func.count(Unit.id))).scalar_one(),
                "billed": billed,
                "settled": settled,
                "collected": collected,
                "owners_money": owners,
                "surplus": surplus.surplus_figures(s, span).surplus,
                "stipends": sum(r.stipends for r in reports),
                "stations": sum(r.stations for r in reports),
                "closed": ledger.closed_through(s) or 0,
            }
    finally:
        book.close()


def _row(r) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {
        "compounds": r.compounds, "units": r.units, "billed": r.billed, "settled": r.settled,
        "collected": r.collected, "owners_money": r.owners_money, "surplus": r.surplus,
        "stipends": r.stipends, "stations": r.stations, "closed": r.closed_through or 0,
    }  # fmt: skip


@PG_ONLY
@pytest.mark.parametrize(("start", "end"), [(202603, 202603), (202601, 202603), (202601, 202606)])
def test_each_company_row_is_its_own_reports_figures(city: str, start: int, end: int) -> None:
    data = city_report(city, start, end, now=NOW)
    assert [r.key for r in data.rows] == ["co_changning", "co_empty", "co_xingfu"]
    assert [r.name for r in data.rows] == [DEMO_COMPANY, "新成立社区物业服务有限公司", SMALL_NAME]
    for r in data.rows:
        assert _row(r) == _own(city, r.key, start, end), r.key
    demo, empty, small = data.rows
    # the demo: three compounds under contract (1,200 units) and one on trial service (40)
    assert (demo.compounds, demo.units, small.compounds, small.units) == (4, 1240, 1, 5)
    assert demo.billed > 0 and demo.owners_money > 0 and demo.closed_through == 202606
    assert _row(empty) == dict.fromkeys(_row(empty), 0) and empty.rate == "—"
    # the small company's Q1 allocation counts in a range holding the whole quarter only
    if start == 202601:
        assert small.stipends > 0 and small.stations == 60_000
    else:
        assert small.stipends == small.stations == 0
    # the total is the sum of the rows, its rate from the summed figures
    total = data.total
    for field, value in _row(total).items():
        if field != "closed":
            assert value == sum(_row(r)[field] for r in data.rows), field
    assert total.rate_bp == rate_bp(demo.settled + small.settled, demo.billed + small.billed)


@PG_ONLY
def test_small_company_figures_by_hand(city: str) -> None:
    """Five units: 89.50, 102.35, 64.00 and 75.25 m² at 0.85, 120.00 m² at 1.50 a month; three
    of them pay 50.00 in each of January to March."""
    data = city_report(city, 202601, 202603, now=NOW)
    small = next(r for r in data.rows if r.key == "co_xingfu")
    month = round(Decimal("89.50") * Decimal("0.85") * 100) + round(
        Decimal("102.35") * Decimal("0.85") * 100
    ) + round(Decimal("64.00") * Decimal("0.85") * 100) + 18_000 + round(
        Decimal("75.25") * Decimal("0.85") * 100
    )  # fmt: skip
    assert small.billed == 3 * month
    assert small.collected == 9 * 5_000
    assert small.owners_money == 80_000  # 100,000 parking income less the company's 20 %
    assert small.settled <= small.collected


@PG_ONLY
def test_a_range_the_wrong_way_round_is_refused(city: str) -> None:
    with pytest.raises(UserError, match="2026-06"):
        city_report(city, 202606, 202601)


# -- the documents ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def h1(city: str) -> CityReport:
    return city_report(city, 202601, 202606, now=NOW, user="市住建局 王科长")


@PG_ONLY
def test_pdf_text_carries_every_row_and_the_total(h1: CityReport) -> None:
    buf = io.BytesIO()
    assert render_city(h1, buf) == 3
    reader = PdfReader(io.BytesIO(buf.getvalue()))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    flat = text.replace(" ", "").replace("\n", "")
    assert "社区领办物业公司全市汇总表" in flat
    assert "期间：2026年01月—2026年06月" in flat
    assert "合计（3家）" in flat
    assert "打印人：市住建局王科长" in flat
    fonts = {
        str(f.get("/BaseFont"))
        for p in reader.pages
        for f in (p["/Resources"].get("/Font") or {}).values()
    }
    assert all("WenQuanYi" in f or "WQY" in f for f in fonts), fonts
    for r in (*h1.rows, h1.total):
        for fen in (r.billed, r.collected, r.owners_money, r.surplus, r.stipends, r.stations):
            assert format_amount(fen, symbol=False) in text, (r.name, fen)
        assert r.rate in text
    demo = h1.rows[0]
    assert demo.name in flat and "2026-06" in text


@PG_ONLY
def test_excel_cells_are_the_figures(h1: CityReport) -> None:
    buf = io.BytesIO()
    assert write_city(h1, buf) == 3
    ws = load_workbook(io.BytesIO(buf.getvalue()))["全市汇总"]
    rows = [list(r) for r in ws.iter_rows(min_row=5, values_only=True)]
    assert rows[0][:8] == ["公司代码", "公司名称", "小区", "房屋", "应收物业费", "期末前已收",
                           "实收物业费", "收缴率"]  # fmt: skip

    def yuan(fen: int) -> Decimal:
        return Decimal(fen) / 100

    body = rows[1:]
    assert len(body) == 4
    for got, r in zip(body, (*h1.rows, h1.total), strict=True):
        assert got[1] == (r.name if r.key else "合计（3 家）")
        assert got[2:4] == [r.compounds, r.units]
        money = [r.billed, r.settled, r.collected, r.owners_money, r.surplus, r.stipends,
                 r.stations]  # fmt: skip
        assert [Decimal(str(x)) for x in got[4:7] + got[8:12]] == [yuan(f) for f in money]
        rate = got[7]
        assert (
            (rate is None)
            if r.rate_bp is None
            else Decimal(str(rate)) == Decimal(r.rate_bp) / 10_000
        )
    assert body[-1][0] is None and body[0][0] == "co_changning" and body[0][12] == "2026-06"
    assert ws.cell(row=3, column=1).value == "期间：2026年01月—2026年06月"
    # the total row adds up in Excel too
    assert sum(Decimal(str(b[4])) for b in body[:-1]) == Decimal(str(body[-1][4]))


@PG_ONLY
def test_companies_are_listed_with_name_and_revision(city: str) -> None:
    from propdesk.db.store import head_revision

    got = [(c.key, c.name, c.revision) for c in city_svc.companies(city)]
    head = head_revision()
    assert got == [
        ("co_changning", DEMO_COMPANY, head),
        ("co_empty", "新成立社区物业服务有限公司", head),
        ("co_xingfu", SMALL_NAME, head),
    ]
    assert date.today()  # (the listing reads no book: nothing was opened or migrated)
