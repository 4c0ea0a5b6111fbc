"""Fee documents read back: receipts (words, 副本 / 作废, layouts), fee notices and reminders,
the internal arrears list, a household statement, the monthly statement against the ledger and
the bills, and the public disclosure (no owner names)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from propdesk.core.fees import LateFeeRule, parse_area
from propdesk.core.money import format_amount, money_in_words
from propdesk.core.settings import RECEIPT_ONE_PER_PAGE, RECEIPT_THREE_PER_A4
from propdesk.db.models import Bill, Payment, Person, Receipt
from propdesk.db.store import Book
from propdesk.reports import fees
from propdesk.reports.pdf.disclosure import render_disclosure
from propdesk.reports.pdf.household import render_household
from propdesk.reports.pdf.monthly import render_monthly
from propdesk.reports.pdf.notices import render_arrears_list, render_notices
from propdesk.reports.pdf.receipt import render_receipts
from propdesk.reports.statements import income_statement
from propdesk.services import arrears, billing, ledger, payments, registry, resources
from propdesk.services.books import create_book, set_meta
from propdesk.services.contracts import NewItem
from propdesk.services.ledger import Line, NewVoucher
from propdesk.services.payments import ReceiptData, ReceiptLine
from propdesk.services.registry import NewUnit
from tests.factories import id_number
from tests.fees_fixtures import setup_compound
from tests.helpers import v
from tests.reports.conftest import pdf_text, squash
from tests.reports.test_pdf import assert_only_our_font

COMPANY = "测试社区物业服务有限公司"
SEAL = COMPANY + "财务专用章"
PHONE = "0531-88886666"
A, B = "幸福里小区", "向阳新村"
ID_NUMBER = id_number("370102", date(1980, 5, 17), 123)
FORBIDDEN = ("停水", "停电")


def _pay_open(s, compound: str, code: str, on: date, *, extra: int = 0, upto: int | None = None,
              method: str = "wechat", reference: str = "") -> payments.PaymentResult:  # fmt: skip
    unit = registry.unit_by_code(s, compound, code)
    owed = sum(b.amount - b.waived - b.paid for b in payments.open_bills(s, unit.id)
               if upto is None or b.period <= upto)  # fmt: skip
    return payments.take_payment(s, unit, owed + extra, method, on, reference=reference)


def build_fee_book(path: Path) -> Book:
    """Two compounds billed January to April 2026 (向阳新村 also January 2022, never paid: past
    the three-year limitation by April 2026); payments, a prepayment, a void and reissue, a
    waiver; the owners' common income, the company's own garage (a receipt from the resources
    module), a stipend and costs in April."""
    book = create_book(path, company_name=COMPANY)
    with book.write() as s:
        set_meta(s, "seal_text", SEAL)
        set_meta(s, "company_phone", PHONE)
        ledger.ensure_account(s, "500102", "垃圾清运费")
        ledger.ensure_account(s, "540102", "清洁绿化")
        ledger.ensure_account(s, "560202", "办公费")
    rubbish = NewItem("垃圾清运费", "fixed", amount=500, income_account="500102",
                      unit_kinds=("residential",))  # fmt: skip
    a = setup_compound(book, name=A, items=(rubbish,))
    b = setup_compound(book, name=B, start=date(2022, 1, 1),
                       late=LateFeeRule("daily", daily_ppm=300, grace_days=15))  # fmt: skip
    with book.write() as s:
        registry.add_unit(s, registry.compound_by_name(s, A), NewUnit(
            "2", "1", "301", parse_area("66.60"), owner="孙七", id_number=ID_NUMBER,
            phone="13912345678"))  # fmt: skip
        billing.run_billing(s, 202201, compound_id=b)
    for p in (202601, 202602, 202603, 202604):
        with book.write() as s:
            billing.run_billing(s, p)
            if p == 202601:
                # 李四 pays January and five months ahead
                unit = registry.unit_by_code(s, A, "1-1-102")
                fee = payments.monthly_fee(s, unit, 202601)
                _pay_open(s, A, "1-1-102", date(2026, 1, 15), extra=5 * fee, method="cash")
                _pay_open(s, B, "1-1-101", date(2026, 1, 20), upto=202601, method="bank",
                          reference="BANK-0001")  # fmt: skip
            if p == 202602:
                _pay_open(s, A, "1-1-101", date(2026, 2, 10))
            if p == 202603:
                wrong = _pay_open(s, A, "1-1-101", date(2026, 3, 5), extra=0)
                payments.reissue_receipt(s, wrong.receipt_number, 1, "金额有误", date(2026, 3, 6))
                _pay_open(s, A, "1-1-101", date(2026, 3, 7), method="alipay")
                shop = registry.unit_by_code(s, A, "1-2-101")
                first = payments.open_bills(s, shop.id)[0]
                payments.waive(s, first.id, 1_000, "困难户", "社区书记", date(2026, 3, 20))
            if p == 202604:
                _pay_open(s, A, "2-1-301", date(2026, 4, 8), method="cash")
                _pay_open(s, B, "1-1-101", date(2026, 4, 9), upto=202603, method="bank")
                # as the common-resources module posts: its own source, a sub-account of 224101
                # per compound, the company's share in the income's voucher
                owners = ledger.ensure_account(s, "22410101", A).code
                ledger.post_vouchers(
                    s,
                    [
                        NewVoucher(
                            date(2026, 4, 12),
                            "停车收入（业主共有）及公司管理分成",
                            [
                                Line("1002", debit=1_000_000, compound_id=a),
                                Line(owners, credit=1_000_000, compound_id=a),
                                Line(owners, debit=300_000, compound_id=a),
                                Line("505101", credit=300_000, compound_id=a),
                            ],
                            source="resource",
                        ),
                        NewVoucher(
                            date(2026, 4, 14),
                            "停车场保洁（合理成本）",
                            [
                                Line(owners, debit=50_000, compound_id=a),
                                Line("1002", credit=50_000, compound_id=a),
                            ],
                            source="resource",
                        ),
                    ],
                )
                garage = resources.add_resource(s, registry.compound_by_name(s, A), "parking", "G01",
                                                owner="company", location="公司自有车库")  # fmt: skip
                resources.record_income(
                    s, garage, 20_000, "cash", date(2026, 4, 16), payer="周女士"
                )
                ledger.post_vouchers(s, [
                    NewVoucher(date(2026, 4, 20), "网格员补贴", [
                        Line("560201", debit=200_000), Line("1002", credit=200_000)]),
                    NewVoucher(date(2026, 4, 21), "小区保洁", [
                        Line("540102", debit=80_000, compound_id=a), Line("1002", credit=80_000)]),
                    NewVoucher(date(2026, 4, 22), "办公用品", [
                        Line("560202", debit=12_345), Line("1002", credit=12_345)]),
                ])  # fmt: skip
    return book


@pytest.fixture(scope="module")
def fee_book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Book]:
    book = build_fee_book(tmp_path_factory.mktemp("fees") / "fees.db")
    yield book
    book.close()


@pytest.fixture
def scratch(fee_book: Book, tmp_path: Path) -> Iterator[Book]:
    """A copy of the fee book for tests that change it (printing counts the prints)."""
    assert fee_book.path is not None
    copy = fee_book.backup(tmp_path / "scratch.db")
    book = Book.open(copy)
    yield book
    book.close()


def render(fn, data, **kw) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    fn(data, buf, **kw)
    return buf.getvalue()


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def owner_names(book: Book) -> list[str]:
    with book.read() as s:
        return list(s.execute(select(Person.name).where(Person.is_developer.is_(False))).scalars())


def receipt_numbers(book: Book) -> list[int]:
    with book.read() as s:
        return list(s.execute(select(Receipt.number).order_by(Receipt.number)).scalars())


# -- receipts -------------------------------------------------------------------------------------
def test_receipt_words_figures_and_the_first_print(scratch: Book) -> None:
    with scratch.write() as s:
        r = payments.receipt_by_number(s, 1)
        amount, payer = r.amount, r.payer
        data = fees.receipt_batch(s, [1], RECEIPT_ONE_PER_PAGE)
        pdf = render(render_receipts, data)
    (page,) = pdf_text(pdf)
    flat = squash(page)
    assert "收据" in flat and "No.00000001" in flat and "副本" not in flat and "作废" not in flat
    assert f"交款人：{payer}" in flat
    assert f"房屋：{A}1-1-102" in flat
    assert "日期：2026年01月15日" in flat
    assert "合计（大写）：" + money_in_words(amount) in flat  # 人民币… with no gap
    assert money_in_words(amount).startswith("人民币") and format_amount(amount) in flat
    assert "预收物业费" in flat  # the prepaid line
    assert "收款方式：现金" in flat and "收款人：admin" in flat
    assert "本收据不作为税务发票" in flat
    assert squash(SEAL) in flat and "第1页共1页" in flat
    assert_only_our_font(pdf)


def test_a_reprint_is_a_copy_and_a_void_says_why(scratch: Book) -> None:
    with scratch.write() as s:
        void = s.execute(select(Receipt).where(Receipt.status == "void")).scalar_one()
        reason, number = void.void_reason, void.number
        first = fees.receipt_batch(s, [2])
        again = fees.receipt_batch(s, [2, number])
        pdfs = [render(render_receipts, d, layout=RECEIPT_ONE_PER_PAGE) for d in (first, again)]
    assert "副本" not in squash(pdf_text(pdfs[0])[0])
    copy, voided = (squash(t) for t in pdf_text(pdfs[1]))
    assert "No.00000002（副本）" in copy and "作废" not in copy
    assert f"{payments.receipt_label(number)}（副本）（作废）" in voided
    assert f"作废原因：{reason}" in voided


def test_receipt_batch_three_per_a4(scratch: Book) -> None:
    numbers = receipt_numbers(scratch)[:7]
    assert len(numbers) == 7
    with scratch.write() as s:
        assert fees.receipt_layout(s) == RECEIPT_THREE_PER_A4  # the default
        data = fees.receipt_batch(s, numbers)
    three = render(render_receipts, data)
    one = render(render_receipts, data, layout=RECEIPT_ONE_PER_PAGE)
    assert page_count(three) == 3 and page_count(one) == 7
    pages = [squash(t) for t in pdf_text(three)]
    for i, n in enumerate(numbers):
        assert payments.receipt_label(n) in pages[i // 3]
    assert "第3页共3页" in pages[2]
    assert_only_our_font(three)


def test_a_resource_receipt_prints_too(scratch: Book) -> None:
    """The common-resources module takes its receipts from the same counter, without a fee
    payment behind them."""
    with scratch.write() as s:
        number = s.execute(select(Receipt.number).where(Receipt.payer == "周女士")).scalar_one()
        first = fees.receipt_batch(s, [number], RECEIPT_ONE_PER_PAGE)
        again = fees.receipt_batch(s, [number], RECEIPT_ONE_PER_PAGE)
    assert (first.receipts[0].copy, again.receipts[0].copy) == (False, True)
    text = squash(pdf_text(render(render_receipts, again))[0])
    assert f"{payments.receipt_label(number)}（副本）" in text and f"小区：{A}" in text
    assert "停车位G01" in text and "合计（大写）：人民币贰佰元整" in text and "￥200.00" in text


def test_the_layout_setting_is_read_from_the_book(scratch: Book) -> None:
    with scratch.write() as s:
        set_meta(s, "receipt_layout", RECEIPT_ONE_PER_PAGE)
        data = fees.receipt_batch(s, receipt_numbers(scratch)[:4])
    assert data.layout == RECEIPT_ONE_PER_PAGE
    assert page_count(render(render_receipts, data)) == 4


def test_compact_lines_merge_months_and_keep_the_total() -> None:
    lines = [ReceiptLine(f"1-1-101 {item} 2026-{m:02d}", amt)
             for m in range(1, 13) for item, amt in (("物业服务费", 7608), ("垃圾清运费", 500))]  # fmt: skip
    lines.append(ReceiptLine("预收物业费", 999))
    total = sum(x.amount for x in lines)
    r = ReceiptData(9, "No.00000009", date(2026, 12, 1), "张三", A, "1-1-101", tuple(lines), total,
                    money_in_words(total), "现金", "", "admin", False, False, None)  # fmt: skip
    merged = fees.compact_receipt_lines(r, 10)
    assert [x.description for x in merged] == [
        "物业服务费 2026-01—2026-12", "垃圾清运费 2026-01—2026-12", "预收物业费"]  # fmt: skip
    assert [x.amount for x in merged] == [12 * 7608, 12 * 500, 999]
    short = fees.compact_receipt_lines(r, 2)
    assert short[-1].description == "其余 2 项" and sum(x.amount for x in short) == total
    assert fees.receipt_lines(r)[0].description == "物业服务费 2026-01"


# -- notices and reminders ------------------------------------------------------------------------
def test_reminder_batch_names_every_household_in_arrears(fee_book: Book) -> None:
    as_of = date(2026, 4, 30)
    with fee_book.read() as s:
        rep = arrears.arrears(s, as_of)
        data = fees.arrears_reminders(s, as_of, issued=date(2026, 5, 6))
    assert len(rep.rows) >= 5 and any(r.flagged for r in rep.rows)
    pdf = render(render_notices, data)
    pages = [squash(t) for t in pdf_text(pdf)]
    assert len(pages) == len(rep.rows)  # one household per page
    by_unit = {(h.compound, h.unit): h for h in data.households}
    for r in rep.rows:
        h = by_unit[(r.compound, r.unit)]
        assert h.total == r.total == sum(ln.outstanding for ln in h.lines)
        page = next(p for p in pages if f"{r.compound}{r.unit}业主（住户）" in p)
        assert f"合计未缴金额：{format_amount(r.total)}" in page
        assert format_amount(r.total, symbol=False) in page
    text = "".join(pages)
    for word in FORBIDDEN:
        assert word not in text
    assert "书面通知" in text and "物业费催缴通知单" in text
    # the limitation flag is for the secretary only
    assert "三年" not in text and "时效" not in text and "※" not in text
    assert "不收取违约金" in text  # 幸福里小区: no late fee (the default)
    assert "每日0.03%计收违约金" in text  # 向阳新村's contract
    assert f"联系电话：{PHONE}" in text and "缴费方式：现金、银行转账、微信、支付宝" in text
    assert_only_our_font(pdf)


def test_reminder_two_per_page(fee_book: Book) -> None:
    with fee_book.read() as s:
        data = fees.arrears_reminders(s, date(2026, 4, 30), registry.compound_by_name(s, A).id)
    pdf = render(render_notices, data, per_page=2)
    assert page_count(pdf) == (len(data.households) + 1) // 2
    text = squash("".join(pdf_text(pdf)))
    for h in data.households:
        assert f"{h.compound}{h.unit}业主（住户）{h.owner}" in text


def test_the_internal_list_flags_debts_past_three_years(fee_book: Book) -> None:
    with fee_book.read() as s:
        data = fees.arrears_list(s, date(2026, 4, 30))
    flagged = [r for r in data.report.rows if r.flagged]
    # 向阳新村's January 2022 bills, unpaid but by 1-1-101
    assert sorted(r.unit for r in flagged) == ["1-1-102", "1-1-103", "1-2-101", "1-2-102"]
    assert {r.compound for r in flagged} == {B}
    text = squash("".join(pdf_text(render(render_arrears_list, data))))
    assert "催缴清单（内部" in text and "※是" in text
    assert f"{B}1-1-102" in text and format_amount(data.report.total, symbol=False) in text


def test_fee_notices_for_a_compound(fee_book: Book) -> None:
    with fee_book.read() as s:
        cid = registry.compound_by_name(s, A).id
        data = fees.fee_notices(s, 202604, cid, issued=date(2026, 4, 2))
        one = fees.fee_notices(s, 202604, cid, unit_id=registry.unit_by_code(s, A, "1-2-101").id)
        owing = fees.fee_notices(s, 202604, cid, owing_only=True)
        billed = dict(s.execute(
            select(Bill.unit_id, func.sum(Bill.amount)).where(Bill.compound_id == cid, Bill.period == 202604)
            .group_by(Bill.unit_id)).all())  # fmt: skip
    assert {h.unit_id for h in data.households} == set(billed)
    assert len(one.households) == 1 and one.households[0].owner == "王五"
    assert all(h.total > 0 for h in owing.households) and len(owing.households) < len(billed)
    pdf = render(render_notices, data)
    pages = [squash(t) for t in pdf_text(pdf)]
    assert len(pages) == len(data.households)
    for h, page in zip(data.households, pages, strict=True):
        assert f"{A}{h.unit}业主（住户）{h.owner}" in page and "物业费缴费通知单" in page
        assert f"合计未缴金额：{format_amount(h.total)}" in page
        assert "2026年04月" in page and "不收取违约金" in page
        if h.prepaid:
            assert f"预收余额：{format_amount(h.prepaid)}" in page
    li_si = next(h for h in data.households if h.unit == "1-1-102")
    assert li_si.prepaid > 0 and li_si.total == 0
    assert_only_our_font(pdf)


def test_a_long_history_is_folded_to_fit_one_page(fee_book: Book) -> None:
    line = fees.NoticeLine
    lines = tuple(line(p, p, item, 1000, 0, 1000) for p in range(202001, 202013)
                  for item in ("物业服务费", "垃圾清运费"))  # fmt: skip
    lines += tuple(line(p, p, item, 1000, 0, 1000) for p in range(202101, 202113)
                   for item in ("物业服务费", "垃圾清运费"))  # fmt: skip
    merged = fees.merge_notice_lines(lines)
    assert [(x.period, x.item) for x in merged] == [
        ("2020-01—2021-12", "物业服务费"), ("2020-01—2021-12", "垃圾清运费")]  # fmt: skip
    with fee_book.read() as s:
        data = fees.arrears_reminders(s, date(2026, 4, 30))
    big = replace(data, households=(replace(data.households[0], lines=lines, total=48_000),))
    pdf = render(render_notices, big)
    assert page_count(pdf) == 1
    assert "2020-01—2021-12" in squash(pdf_text(pdf)[0])


# -- household statement ----------------------------------------------------------------------------
def test_household_statement(fee_book: Book) -> None:
    with fee_book.read() as s:
        unit = registry.unit_by_code(s, A, "1-1-101")
        data = fees.household_statement(s, unit.id, as_of=date(2026, 4, 30))
        void = s.execute(select(Receipt.number).where(Receipt.status == "void")).scalar_one()
    st = data.statement
    assert payments.receipt_label(void) in data.references
    text = squash("".join(pdf_text(render(render_household, data))))
    assert "住户费用对账单" in text and f"{A}" in text and "1-1-101" in text and "张三" in text
    assert (
        f"未缴合计{format_amount(st.owed)}" in text
        and f"预收余额{format_amount(st.prepaid)}" in text
    )
    assert payments.receipt_label(void) in text and "作废" in text
    assert "制表：" in text and "审核：" in text


# -- monthly statement and disclosure ---------------------------------------------------------------
def test_monthly_statement_equals_the_ledger_and_the_bills(fee_book: Book) -> None:
    with fee_book.read() as s:
        st = fees.monthly_statement(s, 202604)
        inc = income_statement(s, 202604)
        billed = s.execute(select(func.sum(Bill.amount)).where(Bill.period == 202604)).scalar_one()
        billed_ytd = s.execute(
            select(func.sum(Bill.amount)).where(Bill.period.between(202601, 202604))).scalar_one()  # fmt: skip
        collected = s.execute(select(func.sum(Payment.amount)).where(
            Payment.kind == "payment", Payment.voided.is_(False),
            Payment.date.between(date(2026, 4, 1), date(2026, 4, 30)))).scalar_one()  # fmt: skip
        rep = arrears.arrears(s, date(2026, 4, 30))
        tb = ledger.trial_balance(s, 202604)
    f = st.fees
    assert (f.billed, f.billed_ytd, f.collected) == (billed, billed_ytd, collected)
    assert (f.arrears_units, f.arrears_total) == (len(rep.rows), rep.total)
    assert dict((k, a) for k, _l, a in f.aging) == {k: rep.totals[k] for k, _l, a in f.aging}
    assert f.arrears_flagged_units == 4 and f.waived_ytd == 1_000
    # income, costs and surplus as the 利润表 has them
    assert st.revenue == (inc.line("revenue").amount + inc.line("non_op_income").amount,
                          inc.line("revenue").prior + inc.line("non_op_income").prior)  # fmt: skip
    assert st.surplus == (inc.net_profit.amount, inc.net_profit.prior)
    income = {x.code: (x.month, x.ytd) for x in st.income}
    assert income["505101"] == (300_000, 300_000)
    assert income["505102"] == (20_000, 20_000)  # the resources module's, found by itself
    assert {"500101", "500102", "505101"} <= set(income)
    expenses = {x.code: x.month for x in st.expenses}
    assert expenses == {"540102": 80_000, "560201": 200_000, "560202": 12_345}
    assert st.common == fees.CommonIncome(0, 1_000_000, 300_000, 50_000, 650_000)
    rows = {r.code: r for r in tb.rows}
    assert st.common.closing == rows["224101"].closing_credit
    assert (st.stipends.month, st.stipends.ytd) == (200_000, 200_000)
    assert sum(c.billed for c in st.compounds) == f.billed
    assert sum(c.arrears_total for c in st.compounds) == f.arrears_total
    pdf = render(render_monthly, st)
    text = squash("".join(pdf_text(pdf)))
    for needle in ("物业服务收支月报", "全公司2026年04月", f.rate, format_amount(f.billed, symbol=False),
                   format_amount(st.surplus[0], symbol=False), "制表：", "审核：", "社区书记：",
                   "业主共有收益", "6,500.00", "网格补贴", "分小区情况", "本月收入按来源"):  # fmt: skip
        assert needle in text, needle
    assert_only_our_font(pdf)


def test_monthly_statement_leaves_out_the_month_end_carry(book: Book) -> None:
    """January closed (its P&L carried to 本年利润): the statement shows the income and
    expenses as earned, as the 利润表 does, for the month and the year to date."""
    with book.write() as s:
        ledger.post_vouchers(s, [
            v(date(2026, 1, 5), "收取物业费", ("1001", 140_950, 0), ("500101", 0, 140_950)),
            v(date(2026, 1, 8), "网格补贴", ("560201", 32_504, 0), ("1001", 0, 32_504)),
            v(date(2026, 1, 9), "自有车位出租", ("1002", 600_714, 0), ("505102", 0, 600_714)),
        ])  # fmt: skip
    with book.write() as s:
        ledger.close_period(s, 202601)
    with book.write() as s:
        ledger.post_vouchers(s, [
            v(date(2026, 2, 3), "收取物业费", ("1002", 200_000, 0), ("500101", 0, 200_000)),
            v(date(2026, 2, 6), "水电费", ("5401", 12_345, 0), ("1002", 0, 12_345)),
        ])  # fmt: skip
    with book.read() as s:
        jan, feb = fees.monthly_statement(s, 202601), fees.monthly_statement(s, 202602)
        incomes = income_statement(s, 202601), income_statement(s, 202602)
    for st, inc in zip((jan, feb), incomes, strict=True):
        assert st.surplus == (inc.net_profit.amount, inc.net_profit.prior)
    assert {x.code: (x.month, x.ytd) for x in jan.income} == {
        "500101": (140_950, 140_950), "505102": (600_714, 600_714)}  # fmt: skip
    assert {x.code: (x.month, x.ytd) for x in feb.income} == {
        "500101": (200_000, 340_950), "505102": (0, 600_714)}  # fmt: skip
    assert (feb.stipends.month, feb.stipends.ytd) == (0, 32_504)
    assert feb.costs == (12_345, 12_345 + 32_504)


def test_a_compound_statement_counts_only_its_own(fee_book: Book) -> None:
    with fee_book.read() as s:
        cid = registry.compound_by_name(s, A).id
        st = fees.monthly_statement(s, 202604, cid)
        billed = s.execute(select(func.sum(Bill.amount)).where(
            Bill.period == 202604, Bill.compound_id == cid)).scalar_one()  # fmt: skip
    assert st.fees.billed == billed and st.compounds == ()
    assert {x.code: x.month for x in st.expenses} == {"540102": 80_000}
    assert st.shared_costs == (212_345, 212_345)
    assert st.common.closing == 650_000
    text = squash("".join(pdf_text(render(render_monthly, st))))
    assert f"{A}2026年04月" in text and "未分摊到各小区的费用本月2,123.45元" in text


def test_disclosure_is_public(fee_book: Book) -> None:
    with fee_book.read() as s:
        cid = registry.compound_by_name(s, A).id
        data = fees.disclosure(s, 202604, cid, posted_from=date(2026, 5, 8))
    assert (data.posted_to - data.posted_from).days + 1 == 30
    pdf = render(render_disclosure, data)
    text = squash("".join(pdf_text(pdf)))
    assert f"{A}物业服务收支情况公示" in text
    assert "公示期不少于30日：自2026年05月08日起至2026年06月06日止" in text
    names = owner_names(fee_book)
    assert "张三" in names and "孙七" in names
    for name in names:
        assert name not in text, name
    for secret in ("13912345678", ID_NUMBER, "打印人"):
        assert secret not in text
    assert format_amount(data.statement.fees.billed, symbol=False) in text
    assert "业主共有收益" in text and "6,500.00" in text
    assert "※" not in text and "分小区情况" not in text
    assert_only_our_font(pdf)


def test_late_fee_text() -> None:
    assert fees.late_fee_text(None).endswith("不收取违约金。")
    assert fees.late_fee_text(LateFeeRule()).endswith("不收取违约金。")
    assert "逾期超过 15 日的，按欠费金额每日 0.03% 计收违约金" in fees.late_fee_text(
        LateFeeRule("daily", daily_ppm=300, grace_days=15))  # fmt: skip
    assert "计收违约金 ￥20.00" in fees.late_fee_text(LateFeeRule("fixed", fixed=2000))
    assert fees.percent_text(1, 3) == "33.3%" and fees.percent_text(1, 0) == "—"
    assert fees.percent_text(2, 3) == "66.7%"
