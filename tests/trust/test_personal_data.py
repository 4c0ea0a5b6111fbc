"""Personal data (issue trust, 7): ID numbers and bank account numbers are shown whole only to the
roles whose work needs them — ID numbers to the admin and the clerk (they register owners and
check a transfer), bank accounts to the admin and the accountant (they pay the stipends); a book
without users is its admin's — and masked to every other role, by the services' read paths. The
documents that leave the book mask them whatever the role (the roster export, the stipend
signature sheet and the allocation workbook), and the public ones (the 收支公示 disclosure, the
common income disclosure, the vote result announcement) carry no ID number, phone or bank number
of anyone, nor an owner's name, whatever the role that prints them. Removing the rule
(core/roles.sees_whole) or masking nothing makes these tests fail."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from propdesk.core import roles
from propdesk.core.allocation import mask_account
from propdesk.core.fees import mask_id_number, mask_phone
from propdesk.core.periods import next_period
from propdesk.core.roles import PermissionDenied
from propdesk.db.models import Compound
from propdesk.db.store import Book
from propdesk.reports import catalog
from propdesk.services import grids, ledger, registry, resources, surplus
from propdesk.services.resources import NewAgreement
from tests.reports.conftest import pdf_text, squash
from tests.reports.test_fee_documents import ID_NUMBER, A, build_fee_book

ACCOUNT = "6222021234567890123"
PHONE = "13912345678"  # 孙七's, with ID_NUMBER, in 幸福里小区 2-1-301
WORKER_PHONE = "13700001111"
ROLES: dict[str, str | None] = {  # who prints: a book without users is its admin's
    "一人账套": None, "老王": roles.ADMIN, "小李": roles.CLERK, "张书记": roles.SECRETARY,
    "钱会计": roles.ACCOUNTANT,
}  # fmt: skip
SEES_ID = {"一人账套", "老王", "小李"}
SEES_ACCOUNT = {"一人账套", "老王", "钱会计"}
OVERRIDES: dict[str, Any] = {"period": 202604, "quarter": "2026-Q2", "posted_from": date(2026, 5, 1)}


def test_the_rule_in_one_place() -> None:
    idn = "110101199003071233"
    assert {r: roles.sees_whole(r, roles.ID_NUMBER) for r in (None, *roles.ROLES, roles.NOBODY)} == {
        None: True, "admin": True, "clerk": True, "secretary": False, "accountant": False,
        "nobody": False,
    }  # fmt: skip
    assert {r: roles.sees_whole(r, roles.BANK_ACCOUNT) for r in (None, *roles.ROLES, roles.NOBODY)} == {
        None: True, "admin": True, "clerk": False, "secretary": False, "accountant": True,
        "nobody": False,
    }  # fmt: skip
    assert roles.shown("clerk", roles.ID_NUMBER, idn) == idn
    assert roles.shown("secretary", roles.ID_NUMBER, idn) == "110101********1233"
    assert roles.shown("clerk", roles.BANK_ACCOUNT, ACCOUNT) == "6222 **** **** 0123"
    assert roles.shown("accountant", roles.BANK_ACCOUNT, ACCOUNT) == ACCOUNT
    assert roles.shown("secretary", roles.ID_NUMBER, None) == ""


@pytest.fixture(scope="module")
def public_book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Book]:
    """The fee documents' book (孙七 with ID number and phone in 幸福里小区), plus: the owners'
    common-use vote passed and closed (孙七 voted), a parking card for 孙七 and its income in
    April, a grid worker with a bank account and phone, the first quarter closed and its surplus
    allocated (a draft with the worker's stipend)."""
    book = build_fee_book(tmp_path_factory.mktemp("personal") / "personal.db")
    with book.write() as s:
        comp = s.execute(select(Compound).where(Compound.name == A)).scalar_one()
        resources._pass_common_use_vote(s, comp, date(2026, 3, 1))
        r = resources.add_resource(s, comp, "parking", "P-001")
        unit = registry.unit_by_code(s, A, "2-1-301")
        a = resources.add_agreement(s, r, NewAgreement(
            "card", "孙七", date(2026, 4, 1), date(2027, 3, 31), rent=15_000, plate="鲁B12345",
            unit_id=unit.id))  # fmt: skip
        resources.record_income(s, r, 15_000, "cash", date(2026, 4, 10), agreement=a)
        g = grids.add_grid(s, "G01", "幸福网格", "李网格长", [A])
        grids.add_worker(s, g.id, "张专职", "专职", date(2025, 1, 1), base_stipend=50_000,
                         phone=WORKER_PHONE, bank_account=ACCOUNT)  # fmt: skip
        period = 202201
        while period <= 202603:
            ledger.close_period(s, period)
            period = next_period(period)
        surplus.draft_allocation(s, "2026-Q1")
    yield book
    book.close()


def _as(book: Book, who: str) -> Book:
    book.act_as(who, ROLES[who])
    return book


def make(book: Book, doc_id: str) -> bytes:
    doc = catalog.document(doc_id)
    with book.read() as s:
        params = doc.defaults(s)
        if "compound" in params:  # where 孙七, the parking card and the vote are
            params["compound"] = registry.compound_by_name(s, A).id
    params.update({k: v for k, v in OVERRIDES.items() if k in params})
    buf = io.BytesIO()
    doc.make(book, params, buf)
    return buf.getvalue()


def text_of(data: bytes) -> str:
    """Every character a reader sees: the PDF's text, or every cell of every sheet."""
    if data.startswith(b"%PDF"):
        return squash("".join(pdf_text(data)))
    wb = load_workbook(io.BytesIO(data))
    return squash(" ".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
                           for v in row if v is not None))  # fmt: skip


PERSONAL = {
    "ID number": (ID_NUMBER, mask_id_number(ID_NUMBER)),
    "phone": (PHONE, mask_phone(PHONE), WORKER_PHONE, mask_phone(WORKER_PHONE)),
    "bank account": (ACCOUNT, squash(mask_account(ACCOUNT))),
    "owner's name": ("孙七", "张三", "李四"),
}


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("doc_id", ["pdf:disclosure", "xlsx:common-income", "pdf:vote-announcement"])
def test_public_documents_carry_no_personal_data(public_book: Book, doc_id: str, who: str) -> None:
    text = text_of(make(_as(public_book, who), doc_id))
    assert len(text) > 200  # the document itself is there: titles and figures
    assert A in text  # of 幸福里小区, where 孙七 lives, rents a parking card and voted
    if doc_id == "pdf:disclosure":
        assert "收支情况公示" in text
    found = {kind: v for kind, values in PERSONAL.items() for v in values if v in text}
    assert found == {}, f"{doc_id} printed by {who} shows personal data"


@pytest.mark.parametrize("who", list(ROLES))
def test_documents_that_leave_the_book_mask_whatever_the_role(public_book: Book, who: str) -> None:
    book = _as(public_book, who)
    roster = text_of(make(book, "xlsx:roster"))
    assert mask_id_number(ID_NUMBER) in roster and ID_NUMBER not in roster
    for doc_id in ("pdf:stipend-sheet", "xlsx:allocation"):
        text = text_of(make(book, doc_id))
        assert "张专职" in text and squash(mask_account(ACCOUNT)) in text, doc_id
        assert ACCOUNT not in text, doc_id


@pytest.mark.parametrize("who", list(ROLES))
def test_the_services_give_each_role_what_it_may_see(public_book: Book, who: str) -> None:
    book = _as(public_book, who)
    with book.read() as s:
        comp = registry.compound_by_name(s, A)
        (sun,) = [u for u in registry.list_units(s, comp.id, date(2026, 4, 30)) if u.owner == "孙七"]
        owners = registry.owners_shown(s, sun.id, date(2026, 4, 30))
        (worker,) = grids.list_workers(s)
    idn = ID_NUMBER if who in SEES_ID else mask_id_number(ID_NUMBER)
    assert (sun.id_number, sun.id_number_masked) == (idn, mask_id_number(ID_NUMBER))
    assert owners == [("孙七", idn)]
    account = ACCOUNT if who in SEES_ACCOUNT else "6222 **** **** 0123"
    assert worker.bank_account == account
    with book.read() as s:
        if who in SEES_ACCOUNT:
            assert grids.bank_account(s, worker.id) == ACCOUNT
        else:
            with pytest.raises(PermissionDenied, match="无权查看完整银行账号"):
                grids.bank_account(s, worker.id)
