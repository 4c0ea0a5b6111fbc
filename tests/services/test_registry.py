"""The registry: compounds with their developer, units, owner identity, co-owners, transfers."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from propdesk.core.errors import UserError
from propdesk.db.models import AuditEntry, Building, Ownership, Person, Unit
from propdesk.db.store import Book
from propdesk.services import registry
from propdesk.services.registry import NewUnit
from tests.helpers import snapshot

ID_A = "110101199003071233"


def test_a_compound_comes_with_its_developer_and_an_audit_entry(book: Book) -> None:
    with book.write() as s:
        c = registry.add_compound(s, " 幸福里小区 ", address="幸福路 1 号", community="幸福社区")
        dev = s.get(Person, c.developer_id)
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "compound.add")).all()
    assert (c.name, c.address, c.community) == ("幸福里小区", "幸福路 1 号", "幸福社区")
    assert dev is not None and dev.is_developer and dev.name == "幸福里小区建设单位（开发商）"
    assert [a.entity_id for a in audit] == [str(c.id)]


def test_compound_names_are_unique_and_required(book: Book) -> None:
    with book.write() as s:
        registry.add_compound(s, "幸福里小区")
    before = snapshot(book)
    with pytest.raises(UserError, match="小区「幸福里小区」已存在"), book.write() as s:
        registry.add_compound(s, "幸福里小区")
    with pytest.raises(UserError, match="名称不能为空"), book.write() as s:
        registry.add_compound(s, "  ")
    with pytest.raises(UserError, match="小区「向阳新村」不存在"), book.read() as s:
        registry.compound_by_name(s, "向阳新村")
    assert snapshot(book) == before
    with book.write() as s:
        assert registry.get_or_add_compound(s, "幸福里小区").name == "幸福里小区"
        assert registry.get_or_add_compound(s, "向阳新村").name == "向阳新村"
        assert [name for _, name, _, _ in registry.compound_summary(s)] == [
            "向阳新村",
            "幸福里小区",
        ]


def test_units_owners_co_owners_and_the_developer(book: Book) -> None:
    with book.write() as s:
        c = registry.add_compound(s, "幸福里小区")
        sold = registry.add_unit(s, c, NewUnit("3", "2", "501", 8950, delivered_on=date(2004, 5, 1),
                                                owner="张三", id_number=ID_A, phone="13800138000",
                                                co_owners=("李四", "王五")))  # fmt: skip
        unsold = registry.add_unit(s, c, NewUnit("3", "2", "502", 6400, kind="shop"))
        assert (sold.code, unsold.code) == ("3-2-501", "3-2-502")
        assert not sold.developer_held and unsold.developer_held
        owners = registry.owners_on(s, sold.id, date(2010, 1, 1))
        assert [(p.name, p.id_number) for p in owners] == [
            ("张三", ID_A),
            ("李四", None),
            ("王五", None),
        ]
        assert registry.owners_on(s, sold.id, date(2004, 4, 30)) == []
        assert registry.payer_on(s, sold.id, date(2004, 4, 30)).name == "张三"
        assert [p.id for p in registry.owners_on(s, unsold.id, date(2010, 1, 1))] == [
            c.developer_id
        ]
        primary = s.scalars(select(Ownership.primary).where(Ownership.unit_id == sold.id)
                            .order_by(Ownership.id)).all()  # fmt: skip
        assert primary == [True, False, False]
        buildings = s.scalars(select(Building.name)).all()
        assert buildings == ["3号楼"]  # one building for both units
        summary = registry.compound_summary(s)
    assert summary == [(c.id, "幸福里小区", 2, 15350)]


def test_a_unit_is_refused_when_it_exists_or_its_type_or_source_is_unknown(book: Book) -> None:
    with book.write() as s:
        c = registry.add_compound(s, "幸福里小区")
        registry.add_unit(s, c, NewUnit("3", "2", "501", 8950, owner="张三"))
    before = snapshot(book)
    for bad, message in [
        (NewUnit("3", "2", "501", 100, owner="李四"), "房屋 3-2-501 已存在"),
        (NewUnit("3", "2", "502", 100, kind="villa"), "房屋类型「villa」无效"),
        (NewUnit("3", "2", "503", 100, area_source="guess"), "面积来源「guess」无效"),
    ]:
        with pytest.raises(UserError, match=message), book.write() as s:
            registry.add_unit(s, registry.compound_by_name(s, "幸福里小区"), bad)
    assert snapshot(book) == before


def test_one_person_by_id_number_else_by_name_and_phone(book: Book) -> None:
    with book.write() as s:
        a = registry.get_or_add_person(s, " 张三 ", ID_A, "13800138000")
        assert registry.get_or_add_person(s, "张三", ID_A) is a
        assert registry.find_person(s, "张三", None, "13800138000") is a  # name + phone
        b = registry.get_or_add_person(s, "张三", None, "13900139000")  # another phone
        assert b is not a
        c1 = registry.get_or_add_person(s, "张三")  # no ID, no phone: cannot tell, a new person
        c2 = registry.get_or_add_person(s, "张三")
        assert c1 is not c2
        with pytest.raises(UserError, match="请填写业主姓名"):
            registry.get_or_add_person(s, " ")
        assert s.scalar(select(func.count(Person.id))) == 4


def test_transfer_ends_the_old_ownership_the_day_before(book: Book) -> None:
    with book.write() as s:
        c = registry.add_compound(s, "幸福里小区")
        u = registry.add_unit(s, c, NewUnit("3", "2", "501", 8950, delivered_on=date(2004, 5, 1),
                                             owner="张三", co_owners=("李四",)))  # fmt: skip
        new = registry.transfer(s, u, date(2020, 7, 1), "王五", ID_A, "13700137000", ("赵六",))
        before = [p.name for p in registry.owners_on(s, u.id, date(2020, 6, 30))]
        after = [p.name for p in registry.owners_on(s, u.id, date(2020, 7, 1))]
        ends = s.scalars(select(Ownership.end).where(Ownership.unit_id == u.id)
                         .order_by(Ownership.id)).all()  # fmt: skip
        rows = {r.code: r for r in registry.list_units(s, on=date(2021, 1, 1))}
    assert (before, after) == (["张三", "李四"], ["王五", "赵六"])
    assert new.name == "王五" and ends == [date(2020, 6, 30), date(2020, 6, 30), None, None]
    row = rows["3-2-501"]
    assert (row.owner, row.id_number_masked, row.phone, row.co_owners) == (
        "王五", "110101********1233", "13700137000", "赵六")  # fmt: skip


def test_a_transfer_before_the_current_owner_started_is_refused(book: Book) -> None:
    with book.write() as s:
        c = registry.add_compound(s, "幸福里小区")
        registry.add_unit(s, c, NewUnit("3", "2", "501", 8950, delivered_on=date(2004, 5, 1)))
    before = snapshot(book)
    with pytest.raises(UserError, match="早于现业主的起始日期 2004-05-01"), book.write() as s:
        registry.transfer(
            s, registry.unit_by_code(s, "幸福里小区", "3-2-501"), date(2003, 1, 1), "张三"
        )
    with pytest.raises(UserError, match="没有房屋 9-9-999"), book.read() as s:
        registry.unit_by_code(s, "幸福里小区", "9-9-999")
    assert snapshot(book) == before


def test_transferring_an_unsold_unit_makes_it_sold(book: Book) -> None:
    with book.write() as s:
        c = registry.add_compound(s, "幸福里小区")
        u = registry.add_unit(s, c, NewUnit("3", "2", "501", 8950))
        registry.transfer(s, u, date(2020, 1, 1), "张三")
        assert not s.get(Unit, u.id).developer_held  # type: ignore[union-attr]
        assert registry.payer_on(s, u.id, date(2019, 12, 31)).id == c.developer_id
        assert registry.payer_on(s, u.id, date(2020, 1, 1)).name == "张三"
