"""Stale edits of a contract's fee standard and of a resource agreement (issue trust, two clerks):
both clerks open the record at one version; the first save makes the next version; the second,
made from the older one, is refused with a message naming both versions in the user's language,
and the first clerk's change is kept. A second renewal of the same agreement is refused too.
Removing the version check (grids.check_version in the edit) makes these tests fail."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from propdesk.core.errors import UserError
from propdesk.core.fees import parse_rate
from propdesk.core.i18n import set_language
from propdesk.db.models import ResourceAgreement
from propdesk.db.store import Book
from propdesk.services import billing, contract_life, contracts, desk, registry, resources
from propdesk.services.contracts import NewContract, NewItem
from propdesk.services.resources import NewAgreement
from tests.fees_fixtures import setup_compound
from tests.helpers import snapshot

DRAFT = NewContract(
    "HT-2027-01", date(2027, 1, 1), date(2029, 12, 31),
    rates={"residential": parse_rate("0.85"), "shop": parse_rate("1.50")},
    items=(NewItem("垃圾清运费", "fixed", amount=500, unit_kinds=("residential",)),),
)  # fmt: skip


def _draft(book: Book) -> desk.ContractRow:
    with book.write() as s:
        c = registry.add_compound(s, "和平苑")
        contract_life.add_draft(s, c, DRAFT)
    with book.read() as s:
        (row,) = desk.contract_rows(s, c.id)
    return row


def test_a_stale_fee_standard_edit_is_refused_and_the_first_kept(book: Book) -> None:
    seen = _draft(book)  # both clerks open the form at this version
    assert seen.version == 1
    with book.write() as s:  # the first clerk: residential 0.85 -> 0.90
        contracts.edit_fee_standard(
            s, seen.id, replace(DRAFT, rates={**DRAFT.rates, "residential": parse_rate("0.90")}),
            expected_version=seen.version,
        )  # fmt: skip
    before = snapshot(book)
    with pytest.raises(UserError) as refused, book.write() as s:  # the second, from version 1
        contracts.edit_fee_standard(
            s, seen.id, replace(DRAFT, rates={**DRAFT.rates, "shop": parse_rate("2.00")}),
            expected_version=seen.version,
        )  # fmt: skip
    assert refused.value.message == (
        "「HT-2027-01」在您打开后已被他人修改（您看到的是第 1 版，现在是第 2 版）：请刷新后再改"
    )
    set_language("en")  # the same refusal in English (the suite goes back to Chinese after)
    assert refused.value.message == (
        '"HT-2027-01" was changed by someone else since you opened it (you saw version 1, it is'
        " now 2): refresh and make your change again"
    )
    set_language("zh_CN")
    assert snapshot(book) == before  # nothing of the second edit written
    with book.read() as s:
        (now,) = desk.contract_rows(s, seen.compound_id)
    assert now.version == 2
    assert now.rates == {"residential": parse_rate("0.90"), "shop": parse_rate("1.50")}
    # the items came through the edit whole: account and unit kinds kept
    (rubbish,) = [it for it in now.items if it.kind == "fixed"]
    assert (rubbish.name, rubbish.amount, rubbish.income_account, rubbish.unit_kinds) == (
        "垃圾清运费", 500, "500101", ("residential",))  # fmt: skip
    # made from the version it saw, the second clerk's edit goes through
    with book.write() as s:
        contracts.edit_fee_standard(
            s, seen.id, replace(DRAFT, rates={**DRAFT.rates, "shop": parse_rate("2.00")}),
            expected_version=now.version,
        )  # fmt: skip
    with book.read() as s:
        (last,) = desk.contract_rows(s, seen.compound_id)
    assert last.version == 3 and last.rates["shop"] == parse_rate("2.00")


def test_only_the_items_changed_still_makes_a_new_version(book: Book) -> None:
    """The contract row itself unchanged: the version moves all the same, so a stale edit of
    the items alone is refused too."""
    seen = _draft(book)
    with book.write() as s:
        contracts.edit_fee_standard(s, seen.id, replace(DRAFT, items=()), expected_version=1)
    with pytest.raises(UserError, match="第 1 版，现在是第 2 版"), book.write() as s:
        contracts.edit_fee_standard(s, seen.id, DRAFT, expected_version=1)
    with book.read() as s:
        (now,) = desk.contract_rows(s, seen.compound_id)
    assert [it.kind for it in now.items] == ["area"]


def test_a_billed_contract_keeps_its_fee_standard(book: Book) -> None:
    cid = setup_compound(book)
    with book.write() as s:
        billing.run_billing(s, 202601)
    with book.read() as s:
        (row,) = desk.contract_rows(s, cid)
    before = snapshot(book)
    new = NewContract(row.number, row.start, row.end, rates={"residential": parse_rate("9.99")})
    with pytest.raises(UserError, match="已开始计费，收费标准不能再改"), book.write() as s:
        contracts.edit_fee_standard(s, row.id, new, expected_version=row.version)
    assert snapshot(book) == before


def _agreement(book: Book) -> resources.AgreementRow:
    setup_compound(book)
    with book.write() as s:
        c = registry.compound_by_name(s, "幸福里小区")
        r = resources.add_resource(s, c, "parking", "G01", owner="company")
        resources.add_agreement(s, r, NewAgreement(
            "card", "张三", date(2026, 1, 1), date(2026, 12, 31), rent=15_000, plate="鲁b12345"))  # fmt: skip
    with book.read() as s:
        (row,) = resources.agreement_rows(s)
    return row


def test_a_stale_agreement_edit_is_refused_and_the_first_kept(book: Book) -> None:
    seen = _agreement(book)
    assert (seen.version, seen.plate) == (1, "鲁B12345")
    with book.write() as s:
        resources.edit_agreement(s, seen.id, expected_version=1, rent=18_000)
    before = snapshot(book)
    with pytest.raises(UserError) as refused, book.write() as s:
        resources.edit_agreement(s, seen.id, expected_version=1, rent=12_000, party="张三丰")
    assert refused.value.message == (
        "「张三 鲁B12345」在您打开后已被他人修改（您看到的是第 1 版，现在是第 2 版）：请刷新后再改"
    )
    assert snapshot(book) == before
    with book.read() as s:
        (now,) = resources.agreement_rows(s)
    assert (now.rent, now.party, now.version) == (18_000, "张三", 2)


def test_agreement_edits_are_checked_and_renewing_twice_is_refused(book: Book) -> None:
    seen = _agreement(book)
    before = snapshot(book)
    for changes, message in (
        ({"party": "  "}, "请填写对方"),
        ({"end": date(2025, 12, 31)}, "早于开始日期"),
        ({"rent": -1}, "租金不能为负数"),
        ({"start": date(2026, 2, 1)}, "不能修改字段「start」"),
    ):
        with pytest.raises(UserError, match=message), book.write() as s:
            resources.edit_agreement(s, seen.id, expected_version=1, **changes)
    assert snapshot(book) == before
    with book.write() as s:  # two clerks renew the same agreement: the first renewal stands
        renewal = resources.renew_agreement(s, resources.get_agreement(s, seen.id), date(2027, 12, 31))
    with pytest.raises(UserError, match=f"已续期（续期协议 {renewal.id}）"), book.write() as s:
        resources.renew_agreement(s, resources.get_agreement(s, seen.id), date(2028, 6, 30))
    with pytest.raises(UserError, match="不能再改结束日期"), book.write() as s:
        resources.edit_agreement(s, seen.id, end=date(2027, 3, 31))
    with book.read() as s:
        ends = sorted(a.end for a in s.execute(select(ResourceAgreement)).scalars())
    assert ends == [date(2026, 12, 31), date(2027, 12, 31)]


def test_a_stale_transfer_is_refused_and_the_first_kept(book: Book) -> None:
    """Two clerks open 过户 on one unit: the first transfer stands; the second, from the unit's
    older version, is refused (it would have ended the new owner's ownership the day it began)."""
    setup_compound(book)
    with book.read() as s:
        (seen,) = [u for u in registry.list_units(s) if u.code == "1-1-101"]
    with book.write() as s:
        unit = registry.unit_by_code(s, "幸福里小区", "1-1-101")
        registry.transfer(s, unit, date(2026, 5, 1), "孙七", expected_version=seen.version)
    before = snapshot(book)
    with pytest.raises(UserError) as refused, book.write() as s:
        unit = registry.unit_by_code(s, "幸福里小区", "1-1-101")
        registry.transfer(s, unit, date(2026, 5, 1), "周八", expected_version=seen.version)
    assert refused.value.message == (
        f"「1-1-101」在您打开后已被他人修改（您看到的是第 {seen.version} 版，现在是第 "
        f"{seen.version + 1} 版）：请刷新后再改"
    )
    assert snapshot(book) == before
    with book.read() as s:
        unit = registry.unit_by_code(s, "幸福里小区", "1-1-101")
        assert [p.name for p in registry.owners_on(s, unit.id, date(2026, 5, 1))] == ["孙七"]
