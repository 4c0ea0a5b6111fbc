"""Users and roles: scrypt passwords, lockout after five failures, and permissions enforced
below the services — a clerk's handle cannot write a vote, a manual voucher or a close, by any
path; removing the guard makes these tests fail."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from propdesk.core.errors import UserError
from propdesk.core.roles import PermissionDenied
from propdesk.db.store import Book
from propdesk.services import billing, expenses, ledger, payments, registry, users, votes
from tests.fees_fixtures import setup_compound
from tests.helpers import snapshot, v

PW = "correct horse"


@pytest.fixture
def staffed(book: Book) -> Book:
    setup_compound(book)
    with book.write() as s:
        users.add_user(s, "老王", "admin", PW)
    book.act_as("老王", "admin")
    with book.write() as s:
        for name, role in (("小李", "clerk"), ("张书记", "secretary"), ("钱会计", "accountant")):
            users.add_user(s, name, role, PW)
    return book


def test_passwords_are_scrypt_hashes_never_the_text(staffed: Book) -> None:
    with staffed.read() as s:
        from propdesk.db.models import AppUser

        stored = [u.password_hash for u in s.query(AppUser)]
    assert all(h.startswith("scrypt$16384$8$1$") and PW not in h for h in stored)
    assert len(set(stored)) == len(stored)  # salted
    assert users.verify_password(PW, stored[0]) and not users.verify_password("wrong", stored[0])


def test_the_first_user_must_be_an_admin(book: Book) -> None:
    with pytest.raises(UserError, match="第一个用户必须是管理员"), book.write() as s:
        users.add_user(s, "小李", "clerk", PW)
    assert not users.needs_login(book)


def test_login_and_lockout(staffed: Book) -> None:
    t0 = datetime(2026, 11, 25, 9, 0)
    for _ in range(users.MAX_FAILURES):
        with pytest.raises(UserError, match="用户名或密码不正确"):
            users.login(staffed, "小李", "guess", now=t0)
    with pytest.raises(UserError, match="已锁定"):  # the right password, but locked
        users.login(staffed, "小李", PW, now=t0 + timedelta(minutes=1))
    assert (
        users.login(staffed, "小李", PW, now=t0 + timedelta(minutes=users.LOCK_MINUTES + 1))
        == "clerk"
    )
    assert staffed.user == "小李" and staffed.role == "clerk"


def test_a_refused_login_can_write_nothing(staffed: Book) -> None:
    with pytest.raises(UserError):
        users.login(staffed, "小李", "guess")
    before = snapshot(staffed)
    with pytest.raises(PermissionDenied), staffed.write() as s:
        registry.add_compound(s, "和平苑")
    assert snapshot(staffed) == before


def test_a_clerk_bills_and_takes_payments_but_cannot_vote_post_or_close(staffed: Book) -> None:
    users.login(staffed, "小李", PW)
    with staffed.write() as s:
        billing.run_billing(s, 202601)
        unit = registry.unit_by_code(s, "幸福里小区", "1-1-101")
        payments.take_payment(s, unit, 7608, "cash", date(2026, 1, 10))
    before = snapshot(staffed)
    with pytest.raises(PermissionDenied, match="无权修改业主表决"), staffed.write() as s:
        c = registry.compound_by_name(s, "幸福里小区")
        votes.create_vote(
            s, c, "hire-manager", "续聘", opens=date(2026, 1, 1), closes=date(2026, 1, 31)
        )
    with pytest.raises(PermissionDenied, match="无权录入、导入或冲销凭证"), staffed.write() as s:
        ledger.post_voucher(s, v(date(2026, 1, 5), "手工", ("1001", 100, 0), ("5301", 0, 100)))
    with pytest.raises(PermissionDenied, match="无权结账或反结账"), staffed.write() as s:
        ledger.close_period(s, 202601)
    with pytest.raises(PermissionDenied, match="无权管理用户"), staffed.write() as s:
        users.add_user(s, "新人", "clerk", PW)
    with pytest.raises(PermissionDenied, match="无权登记支出"), staffed.write() as s:
        expenses.record_expense(s, expenses.NewExpense(date(2026, 1, 5), "office", 5000))
    assert snapshot(staffed) == before


def test_the_guard_is_below_the_services(staffed: Book) -> None:
    """Even a raw statement from a clerk's handle is refused, and the transaction undone."""
    from sqlalchemy import text

    users.login(staffed, "小李", PW)
    before = snapshot(staffed)
    with pytest.raises(PermissionDenied, match="小李"), staffed.write() as s:
        registry.add_compound(s, "和平苑")  # allowed: the registry is the clerk's
        s.execute(text("UPDATE app_user SET role = 'admin' WHERE name = '小李'"))
    assert snapshot(staffed) == before


def test_the_accountant_posts_and_closes_the_secretary_votes(staffed: Book) -> None:
    users.login(staffed, "钱会计", PW)
    with staffed.write() as s:
        ledger.post_voucher(s, v(date(2026, 1, 5), "手工", ("1001", 100, 0), ("5301", 0, 100)))
        ledger.close_period(s, 202601)
    with pytest.raises(PermissionDenied), staffed.write() as s:
        registry.add_compound(s, "和平苑")
    users.login(staffed, "张书记", PW)
    with staffed.write() as s:
        c = registry.compound_by_name(s, "幸福里小区")
        votes.create_vote(
            s, c, "hire-manager", "续聘", opens=date(2026, 2, 1), closes=date(2026, 2, 28)
        )


def test_the_last_admin_stays(staffed: Book) -> None:
    users.login(staffed, "老王", PW)
    with pytest.raises(UserError, match="至少要保留一个启用的管理员"), staffed.write() as s:
        users.set_role(s, "老王", "clerk")
    with staffed.write() as s:
        users.set_role(s, "小李", "admin")
        users.set_role(s, "老王", "clerk")
    with staffed.read() as s:
        assert {u.name: u.role for u in users.list_users(s)}["老王"] == "clerk"


def test_only_the_secretary_or_admin_approves_an_allocation(staffed: Book) -> None:
    from propdesk.services import surplus

    with staffed.write() as s:  # as the admin
        billing.run_billing(s, 202601)
        unit = registry.unit_by_code(s, "幸福里小区", "1-2-101")
        payments.take_payment(s, unit, 18000, "bank", date(2026, 1, 10))
        ledger.close_period(s, 202601)
    users.login(staffed, "张书记", PW)
    with staffed.write() as s:
        draft = surplus.draft_allocation(s, "2026-01")
    users.login(staffed, "钱会计", PW)
    with pytest.raises(PermissionDenied, match="无权批准盈余分配"), staffed.write() as s:
        surplus.approve_allocation(s, draft.id, "钱会计")
    users.login(staffed, "张书记", PW)
    with staffed.write() as s:
        assert surplus.approve_allocation(s, draft.id, "张书记").status == "posted"
