"""公共资源 page: a resource through its dialog and the vote gate, agreements and dues, income
with its receipt, voucher and owners' share, a cost with evidence, uses of the owners' money,
the split by floor area, the quarterly disclosure, and the table models."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from propdesk.db.models import Compound, ResourceIncome
from propdesk.db.store import Book
from propdesk.services import ledger, resources
from propdesk.ui.dialogs.kit import DeskTableModel
from propdesk.ui.dialogs.resource_dialogs import SPLIT_COLUMNS
from propdesk.ui.main_window import MainWindow
from propdesk.ui.pages.resources_page import (
    AGREEMENT_COLUMNS,
    COST_COLUMNS,
    DISCLOSURE_COLUMNS,
    DUE_COLUMNS,
    INCOME_COLUMNS,
    OWNERS_COLUMNS,
    RESOURCE_COLUMNS,
    USE_COLUMNS,
    ResourcesPage,
)
from tests.fees_fixtures import setup_compound
from tests.helpers import snapshot

from .conftest import Dialogs, wait_op
from .desk_helpers import cell, ime_type, shown_rows

D = date(2026, 3, 5)


@pytest.fixture
def compound_book(book: Book) -> Book:
    setup_compound(book)
    return book


@pytest.fixture
def page(opened: MainWindow, compound_book: Book) -> ResourcesPage:
    opened.show_page("resources")
    p = opened.pages["resources"]
    assert isinstance(p, ResourcesPage)
    p.refresh()
    return p


def _book(page: ResourcesPage) -> Book:
    return page.book


def _pass_vote(page: ResourcesPage, share_bp: int = 2000) -> None:
    with page.book.write() as s:
        c = s.execute(select(Compound)).scalar_one()
        resources._pass_common_use_vote(s, c, date(2026, 1, 5))
        resources.set_share(s, c, share_bp, date(2026, 1, 1), "管理协议 20%")
    page.refresh()


def _add_resource(
    page: ResourcesPage, code: str, kind: str = "parking", owner: str = "owners"
) -> None:
    dlg = page.add_resource()
    assert dlg.compound.currentText() == "幸福里小区"
    dlg.kind.setCurrentIndex(dlg.kind.findData(kind))
    dlg.owner.setCurrentIndex(dlg.owner.findData(owner))
    ime_type(dlg.code, code)
    ime_type(dlg.location, "小区主干道东侧")
    assert dlg.submit()


def _row(page: ResourcesPage, code: str) -> resources.ResourceRow:
    return next(r for r in page.resource_model.rows() if r.code == code)


def test_add_a_resource_and_operate_it_only_behind_its_vote(
    page: ResourcesPage, dialogs: Dialogs
) -> None:
    dlg = page.add_resource()
    assert not dlg.submit()
    assert dlg.error_text("code") == "请填写资源编号"  # said beside the field, nothing written
    dlg.close()
    _add_resource(page, "P001")
    assert cell(page.resource_view, 0, "code") == "P001"
    assert cell(page.resource_view, 0, "status") == "闲置"
    assert cell(page.resource_view, 0, "common") == "是"

    before = snapshot(_book(page))
    assert not page.operate(_row(page, "P001"))
    assert dialogs.warnings and "没有已结束并通过的业主表决" in dialogs.warnings[-1]
    assert "幸福里小区" in dialogs.warnings[-1]
    assert snapshot(_book(page)) == before  # refused: the book is unchanged

    again = page.add_resource()  # the same number twice: refused beside the field
    ime_type(again.code, "P001")
    assert not again.submit()
    assert "已有停车位 P001" in again.error_text("code")
    again.close()

    _add_resource(page, "G01", owner="company")  # the company's own: no vote needed
    assert page.operate(_row(page, "G01"))
    _pass_vote(page)
    assert page.operate(_row(page, "P001"))
    assert _row(page, "P001").status == "operating"
    assert "依据表决" in page.banner.text()
    page.status_filter.setCurrentIndex(page.status_filter.findData("idle"))
    assert page.resource_model.rows() == []
    page.status_filter.setCurrentIndex(0)
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("ad"))
    assert page.resource_model.rows() == []


def test_an_agreement_on_a_common_part_needs_the_vote_and_dues_are_generated(
    page: ResourcesPage,
) -> None:
    _add_resource(page, "P001")
    dlg = page.add_agreement(_row(page, "P001").id)
    assert dlg.kind.currentData() == "card" and dlg.plate.isEnabled()
    assert not dlg.share.isEnabled()
    ime_type(dlg.party, "王先生")
    qtbot_plate = "鲁b12345"
    dlg.plate.setText(qtbot_plate)
    dlg.start.set_value(date(2026, 2, 1))
    dlg.end.set_value(date(2026, 1, 1))
    assert "早于开始日期" in dlg.error_text("end")  # checked as typed
    dlg.end.set_value(date(2026, 7, 31))
    assert dlg.error_text("end") == ""
    dlg.rent.setText("150")
    before = snapshot(_book(page))
    assert not dlg.submit()  # no vote yet: the service's message below the form
    assert "没有已结束并通过的业主表决" in dlg.problem.text()
    assert snapshot(_book(page)) == before
    dlg.close()

    _pass_vote(page)
    dlg = page.add_agreement(_row(page, "P001").id)
    ime_type(dlg.party, "王先生")
    dlg.plate.setText(qtbot_plate)
    dlg.start.set_value(date(2026, 2, 1))
    dlg.end.set_value(date(2026, 7, 31))
    dlg.rent.setText("150")
    assert dlg.submit()
    (a,) = page.agreement_model.rows()
    assert (a.party, a.plate, a.rent, a.start, a.end) == (
        "王先生", "鲁B12345", 15000, date(2026, 2, 1), date(2026, 7, 31),
    )  # fmt: skip
    assert cell(page.agreement_view, 0, "rent") == "150.00"
    assert _row(page, "P001").status == "operating"

    assert page.generate_dues(202603) == 1
    assert page.generate_dues(202603) == 0  # idempotent
    (due,) = page.due_model.rows()
    assert (due.period, due.amount, due.outstanding) == (202603, 15000, 15000)
    assert "2026-03" in page.banner.text()

    # the expiring filter: an agreement ending within 30 days is listed until it is renewed
    today = date.today()
    _add_resource(page, "L1", kind="ad")
    with page.book.write() as s:
        c = s.execute(select(Compound)).scalar_one()
        ad = resources.resource_by_code(s, c, "L1")
        resources.add_agreement(s, ad, resources.NewAgreement(
            "ad", "新潮传媒", today - timedelta(days=80), today + timedelta(days=10), rent=30000))  # fmt: skip
    page.refresh()
    page.expiring_only.setChecked(True)
    (soon,) = page.agreement_model.rows()
    assert soon.party == "新潮传媒" and cell(page.agreement_view, 0, "state") == "10 天后到期"
    renew_soon = page.renew(soon)
    assert renew_soon is not None and renew_soon.submit()
    assert page.agreement_model.rows() == []
    page.expiring_only.setChecked(False)

    renew = page.renew(a)
    assert renew is not None
    renew.end.set_value(date(2026, 7, 1))
    assert "应晚于原到期日" in renew.error_text("end")
    renew.end.set_value(date(2027, 1, 31))
    assert renew.submit()
    rows = [r for r in page.agreement_model.rows() if r.party == "王先生"]
    assert len(rows) == 2 and [r.renewed for r in rows].count(True) == 1
    assert max(r.end for r in rows) == date(2027, 1, 31)


def _agreement(page: ResourcesPage) -> None:
    _add_resource(page, "P001")
    _pass_vote(page)
    with page.book.write() as s:
        c = s.execute(select(Compound)).scalar_one()
        r = resources.resource_by_code(s, c, "P001")
        resources.add_agreement(s, r, resources.NewAgreement(
            "card", "王先生", date(2026, 2, 1), date(2026, 7, 31), rent=15005, plate="鲁B12345"))  # fmt: skip
        resources.generate_dues(s, 202603)
    page.refresh()
    page.due_period.set_period(202603)


def test_income_against_a_due_posts_its_voucher_and_shows_the_owners_share(
    page: ResourcesPage,
) -> None:
    _agreement(page)
    (due,) = page.due_model.rows()
    dlg = page.record_income(due=due)
    assert dlg.amount.value_fen() == 15005  # the amount due, filled in
    assert dlg.payer.text() == "王先生"
    dlg.on.set_value(D)
    # 20 % of 150.05 = 30.01 for the company, the rest is the owners'
    assert "公司管理分成 20% 为 ￥30.01" in dlg.owners_share_text()
    assert "业主共有收益 ￥120.04" in dlg.owners_share_text()
    dlg.amount.setText("0")
    assert dlg.error_text("amount")
    dlg.amount.setText("150.05")
    assert dlg.submit()
    res = dlg.result_value
    assert (res.amount, res.company_share, res.owners_share) == (15005, 3001, 12004)
    assert "No.00000001" in page.banner.text() and "￥120.04" in page.banner.text()

    (row,) = page.income_model.rows()
    assert cell(page.income_view, 0, "amount") == "150.05"
    assert cell(page.income_view, 0, "owners_share") == "120.04"
    assert cell(page.income_view, 0, "company_share") == "30.01"
    assert cell(page.income_view, 0, "receipt") == "No.00000001"
    assert row.voucher.startswith("2026-03 记-")
    with page.book.read() as s:
        vid = s.execute(select(ResourceIncome.voucher_id)).scalar_one()
        lines = [(ln.account_code, ln.debit, ln.credit) for ln in ledger.voucher_lines(s, vid)]
    assert lines == [("1001", 15005, 0), ("22410101", 0, 15005), ("22410101", 3001, 0),
                     ("505101", 0, 3001)]  # fmt: skip
    assert page.due_model.rows()[0].outstanding == 0

    (o,) = page.owners_model.rows()
    assert (o.balance, o.ledger_balance, o.ties) == (12004, 12004, True)
    assert cell(page.owners_view, 0, "balance") == "120.04"
    assert cell(page.owners_view, 0, "ties") == "相符"

    preview = page.print_receipt(row.receipt_number)  # the counter's receipts, via the preview
    assert preview is not None and preview.page_count() >= 1
    text = PdfReader(io.BytesIO(preview.data)).pages[0].extract_text()
    assert "No.00000001" in text and "150.05" in text
    preview.close()


def test_temporary_parking_takings(page: ResourcesPage) -> None:
    _add_resource(page, "TEMP")
    _pass_vote(page)
    dlg = page.record_income(temporary=True)
    assert dlg.temporary.isChecked() and not dlg.agreement.isEnabled()
    dlg.amount.setText("358.50")
    dlg.on.set_value(D)
    assert dlg.submit()
    (row,) = page.income_model.rows()
    assert (row.amount, row.company_share) == (35850, 7170)
    assert row.payer == "临时停车收入 2026-03-05"


def test_cost_needs_its_evidence(page: ResourcesPage, tmp_path: Path) -> None:
    _add_resource(page, "TEMP")
    _pass_vote(page)
    dlg = page.record_cost(_row(page, "TEMP"))
    dlg.category.setCurrentIndex(dlg.category.findData("electricity"))
    dlg.amount.setText("120")
    dlg.on.set_value(D)
    before = snapshot(_book(page))
    assert not dlg.submit()
    assert dlg.error_text("evidence") == "合理成本须附凭据（文件）"
    dlg.evidence.setText(str(tmp_path / "missing.pdf"))
    assert "找不到文件" in dlg.error_text("evidence")
    assert snapshot(_book(page)) == before
    bill = tmp_path / "电费单-2026-03.pdf"
    bill.write_bytes(b"%PDF-1.4 electricity")
    dlg.evidence.setText(str(bill))
    assert dlg.error_text("evidence") == ""
    assert dlg.submit()
    (c,) = page.cost_model.rows()
    assert (c.amount, c.common, c.category) == (12000, True, "electricity")
    assert cell(page.cost_view, 0, "evidence_name") == "电费单-2026-03.pdf"
    assert cell(page.cost_view, 0, "resource") == "停车位 TEMP"
    (o,) = page.owners_model.rows()
    assert (o.costs, o.balance, o.ledger_balance) == (12000, -12000, -12000)


def _income(page: ResourcesPage, amount: int = 100_000) -> None:
    _add_resource(page, "P001")
    _pass_vote(page)
    with page.book.write() as s:
        c = s.execute(select(Compound)).scalar_one()
        r = resources.resource_by_code(s, c, "P001")
        resources.record_income(s, r, amount, "bank", D)
    page.refresh()


def test_use_of_the_owners_money_needs_the_decision_and_the_balance(page: ResourcesPage) -> None:
    _income(page)  # 1,000.00 in, 200.00 to the company: 800.00 for the owners
    page.tabs.setCurrentIndex(3)
    dlg = page.use_money()
    assert dlg is not None
    assert dlg.vote.currentData() is not None  # the passed vote is offered as the authority
    dlg.vote.setCurrentIndex(0)  # none: the decision's text is needed
    dlg.amount.setText("900")
    assert "不足" in dlg.error_text("amount")  # more than the balance, said as typed
    dlg.amount.setText("300")
    assert not dlg.submit()
    assert "须有业主的决定" in dlg.error_text("decision")
    ime_type(dlg.decision, "业主大会决定购置健身器材")
    dlg.decided_on.set_value(date(2026, 3, 1))
    dlg.on.set_value(D)
    assert dlg.submit()
    (u,) = page.use_model.rows()
    assert (u.amount, u.kind, u.decision) == (30000, "fund", "业主大会决定购置健身器材")
    (o,) = page.owners_model.rows()
    assert (o.used, o.balance, o.ledger_balance) == (30000, 50000, 50000)

    offset = page.use_money()  # a fee offset on the vote's authority, split to every unit
    assert offset is not None
    offset.kind.setCurrentIndex(offset.kind.findData("fee_offset"))
    assert not offset.method.isEnabled() and "按各户建筑面积" in offset.note.text()
    offset.amount.setText("100")
    offset.on.set_value(D)
    assert offset.submit()
    newest = page.use_model.rows()[0]
    assert newest.kind == "fee_offset" and newest.units > 1
    assert page.owners_model.rows()[0].balance == 40000


def test_split_by_floor_area_is_shown_and_exported(
    qtbot: Any, page: ResourcesPage, tmp_path: Path, qtmodeltester: Any
) -> None:
    _income(page)
    page.tabs.setCurrentIndex(3)
    dlg = page.split()
    assert dlg is not None
    assert dlg.amount.value_fen() == 80000  # the balance, by default
    parts = dlg.model.rows()
    assert sum(p.amount for p in parts) == 80000 and len(parts) > 1
    # the larger the unit, the larger its part
    big, small = max(parts, key=lambda p: p.area), min(parts, key=lambda p: p.area)
    assert big.amount >= small.amount
    fresh = DeskTableModel(SPLIT_COLUMNS)  # the dialog's own goes with the window
    fresh.set_rows(parts)
    qtmodeltester.check(fresh, force_py=True)
    assert "合计 ￥800.00" in dlg.totals.text()
    dlg.amount.setText("0.05")
    assert sum(p.amount for p in dlg.compute()) == 5
    dlg.amount.setText("800")
    dlg.compute()
    target = tmp_path / "split.xlsx"
    wait_op(qtbot, dlg.export(target))
    ws = load_workbook(target).active
    values = [row for row in ws.iter_rows(values_only=True)]
    codes = {p.code for p in parts}
    assert sum(1 for r in values if r[0] in codes) == len(parts)
    total = next(r for r in values if r[0] == "合计")
    assert float(total[3]) == 800.0


def test_quarterly_disclosure_ties_to_the_ledger_and_prints(
    page: ResourcesPage, tmp_path: Path
) -> None:
    _income(page)
    with page.book.write() as s:
        c = s.execute(select(Compound)).scalar_one()
        ev = resources.votes.evidence_from_bytes("保洁.pdf", b"x")
        resources.record_cost(s, c, 5000, date(2026, 3, 20), "cleaning", ev)
    page.refresh()
    page.tabs.setCurrentIndex(3)
    i = page.quarter.findData("2026-Q1")
    if i < 0:
        page.quarter.addItem("2026-Q1", "2026-Q1")
        i = page.quarter.count() - 1
    page.quarter.setCurrentIndex(i)
    rep = page.report
    assert rep is not None and rep.reconciles
    assert (rep.gross, rep.costs, rep.company_share, rep.closing) == (100000, 5000, 20000, 75000)
    items = {r.item.strip(): r for r in page.disclosure_model.rows()}
    assert items["经营收入合计"].amount == 100000
    assert items["期末余额"].amount == 75000
    assert items["总账 2241 期末余额"].note == "相符"
    assert "幸福里小区 2026-Q1" in page.disclosure_scope.text()
    preview = page.print_disclosure()
    assert preview is not None
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(preview.data)).pages)
    assert "收支情况公示" in text and "2026年03月" in text
    preview.close()


def test_share_dialog_sets_the_company_share(page: ResourcesPage) -> None:
    page.tabs.setCurrentIndex(3)
    dlg = page.set_share()
    dlg.percent.setText("120")
    assert dlg.error_text("percent")
    dlg.percent.setText("15")
    dlg.start.set_value(date(2026, 1, 1))
    assert dlg.submit()
    assert page.owners_model.rows()[0].share_bp == 1500


def test_models(qtmodeltester: Any, page: ResourcesPage, tmp_path: Path) -> None:
    _agreement(page)
    with page.book.write() as s:
        c = s.execute(select(Compound)).scalar_one()
        r = resources.resource_by_code(s, c, "P001")
        resources.record_income(s, r, 15005, "cash", D)
        ev = resources.votes.evidence_from_bytes("保洁.pdf", b"x")
        resources.record_cost(s, c, 5000, D, "cleaning", ev)
        resources.use_owners_money(s, c, "other", 1000, D, decision="购置座椅",
                                   decided_on=date(2026, 3, 1))  # fmt: skip
    page.refresh()
    page.quarter.addItem("2026-Q1", "2026-Q1")
    page.quarter.setCurrentIndex(page.quarter.count() - 1)
    for cols, model in (
        (RESOURCE_COLUMNS, page.resource_model), (AGREEMENT_COLUMNS, page.agreement_model),
        (DUE_COLUMNS, page.due_model), (INCOME_COLUMNS, page.income_model),
        (COST_COLUMNS, page.cost_model), (OWNERS_COLUMNS, page.owners_model),
        (USE_COLUMNS, page.use_model), (DISCLOSURE_COLUMNS, page.disclosure_model),
    ):  # fmt: skip
        rows = model.rows()
        assert rows, cols
        fresh = DeskTableModel(cols)
        fresh.set_rows(rows)
        qtmodeltester.check(fresh, force_py=True)
    assert [r.code for r in shown_rows(page.resource_view)] == ["P001"]


def test_edit_an_agreement_and_a_change_made_meanwhile_is_kept(page: ResourcesPage) -> None:
    """修改…: the form opens filled in (resource, kind and start fixed) and saves; two clerks
    with the same agreement open: the second save is refused beside the form, the first kept."""
    _agreement(page)
    row = next(iter(page.agreement_model.rows()))
    dlg = page.edit_agreement(row)
    assert dlg is not None
    assert (dlg.party.text(), dlg.plate.text(), dlg.rent.value_fen()) == ("王先生", "鲁B12345", 15005)
    assert not dlg.resource.isEnabled() and not dlg.kind.isEnabled() and not dlg.start.isEnabled()
    dlg.rent.set_fen(16000)
    ime_type(dlg.notes, "调价")
    assert dlg.submit(), dlg.validate()
    now = next(iter(page.agreement_model.rows()))
    assert (now.rent, now.notes, now.version) == (16000, "调价", 2)

    dlg = page.edit_agreement(now)  # this clerk opens version 2 ...
    assert dlg is not None
    with page.book.write() as s:  # ... another saves first
        resources.edit_agreement(s, now.id, expected_version=now.version, party="王大先生")
    before = snapshot(page.book)
    dlg.rent.set_fen(99900)
    assert not dlg.submit()
    assert dlg.problem.isVisible()
    assert "已被他人修改" in dlg.problem.text() and "第 2 版，现在是第 3 版" in dlg.problem.text()
    assert snapshot(page.book) == before
    dlg.reject()
    with page.book.read() as s:
        (kept,) = resources.agreement_rows(s)
    assert (kept.party, kept.rent, kept.version) == ("王大先生", 16000, 3)
