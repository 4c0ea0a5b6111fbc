"""ORM classes of the book. They stay inside db/ and services/; other layers get dataclasses."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Fen(TypeDecorator[int]):
    """Money as integer fen. Refuses floats, Decimals and bools so no rounding can sneak in."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> int | None:
        if value is None:
            return None
        if type(value) is not int:
            raise TypeError(f"money must be int fen, got {type(value).__name__}: {value!r}")
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class BookMeta(Base):
    """Key/value facts about the book: schema marker, company name, settings."""

    __tablename__ = "book_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)
    category: Mapped[str] = mapped_column(String(16))
    direction: Mapped[str] = mapped_column(String(1))
    level: Mapped[int] = mapped_column(Integer)
    is_leaf: Mapped[bool] = mapped_column(Boolean, default=True)
    standard: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    parent: Mapped[Account | None] = relationship(remote_side=[id])

    __table_args__ = (CheckConstraint("direction in ('D', 'C')", name="direction"),)


class Period(Base):
    """One accounting month: its voucher counter and its close state."""

    __tablename__ = "period"
    period: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_voucher_no: Mapped[int] = mapped_column(Integer, default=0)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_by: Mapped[str | None] = mapped_column(String(64))
    digest: Mapped[str | None] = mapped_column(String(64))


class Voucher(Base):
    """记账凭证. Posted vouchers are never edited; corrections are reversing vouchers."""

    __tablename__ = "voucher"
    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[int] = mapped_column(ForeignKey("period.period"))
    number: Mapped[int] = mapped_column(Integer)
    word: Mapped[str] = mapped_column(String(4), default="记")
    date: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(String(200))
    attachments: Mapped[int] = mapped_column(Integer, default=0)
    preparer: Mapped[str] = mapped_column(String(64))
    posted_at: Mapped[datetime] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(16), default="manual")
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("voucher.id"), unique=True)

    postings: Mapped[list[Posting]] = relationship(
        back_populates="voucher", order_by="Posting.line_no"
    )

    __table_args__ = (
        UniqueConstraint("period", "number"),
        Index("ix_voucher_date", "date"),
    )


class Posting(Base):
    """One line of a voucher. Dimensions feed the subsidiary ledgers (compound, unit, ...)."""

    __tablename__ = "posting"
    id: Mapped[int] = mapped_column(primary_key=True)
    voucher_id: Mapped[int] = mapped_column(ForeignKey("voucher.id"))
    line_no: Mapped[int] = mapped_column(Integer)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    period: Mapped[int] = mapped_column(Integer)
    date: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(String(200))
    debit: Mapped[int] = mapped_column(Fen, default=0)
    credit: Mapped[int] = mapped_column(Fen, default=0)
    compound_id: Mapped[int | None] = mapped_column(Integer)
    unit_id: Mapped[int | None] = mapped_column(Integer)
    resource_id: Mapped[int | None] = mapped_column(Integer)
    person_id: Mapped[int | None] = mapped_column(Integer)

    voucher: Mapped[Voucher] = relationship(back_populates="postings")

    __table_args__ = (
        CheckConstraint("debit >= 0 AND credit >= 0", name="non_negative"),
        CheckConstraint("(debit = 0) <> (credit = 0)", name="one_side"),
        UniqueConstraint("voucher_id", "line_no"),
        Index("ix_posting_account_date", "account_id", "date", "id"),
        Index("ix_posting_unit", "unit_id", "account_id", "date"),
        Index("ix_posting_compound", "compound_id", "account_id", "period"),
        Index("ix_posting_period", "period"),
    )


class AccountMonth(Base):
    """Per-account, per-month totals kept in step inside every posting transaction.

    `carry_*` is the part posted by the month-end carry-forward (结转损益 / 年末结转), so the income
    statement can show revenue and expense before they were carried to 本年利润.
    """

    __tablename__ = "account_month"
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), primary_key=True)
    period: Mapped[int] = mapped_column(Integer, primary_key=True)
    debit: Mapped[int] = mapped_column(Fen, default=0)
    credit: Mapped[int] = mapped_column(Fen, default=0)
    carry_debit: Mapped[int] = mapped_column(Fen, default=0)
    carry_credit: Mapped[int] = mapped_column(Fen, default=0)

    __table_args__ = (Index("ix_account_month_period", "period"),)


class AuditEntry(Base):
    """Append-only audit trail: who, when, what (before/after) and why. Hash-chained."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    user: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_entity", "entity", "entity_id"),
    )


# -- registry: compounds, buildings, units, owners -------------------------------------------
class Compound(Base):
    """小区."""

    __tablename__ = "compound"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    community: Mapped[str] = mapped_column(String(100), default="")  # 社区
    street: Mapped[str] = mapped_column(String(100), default="")  # 街道
    developer_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Building(Base):
    """楼栋."""

    __tablename__ = "building"
    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100), default="")

    __table_args__ = (UniqueConstraint("compound_id", "code"),)


class Unit(Base):
    """房屋: code 楼栋-单元-房号, floor area in 0.01 m², where the area came from."""

    __tablename__ = "unit"
    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    building_id: Mapped[int] = mapped_column(ForeignKey("building.id"))
    entrance: Mapped[str] = mapped_column(String(20))  # 单元
    room: Mapped[str] = mapped_column(String(20))  # 房号
    code: Mapped[str] = mapped_column(String(64))
    area: Mapped[int] = mapped_column(Integer)  # hundredths of a square metre
    area_source: Mapped[str] = mapped_column(String(16))  # register | survey | contract
    kind: Mapped[str] = mapped_column(String(16))  # residential | shop | garage | other
    delivered_on: Mapped[date | None] = mapped_column(Date)
    developer_held: Mapped[bool] = mapped_column(Boolean, default=False)  # 未售
    vacant: Mapped[bool] = mapped_column(Boolean, default=False)  # 空置 (vacancy discount)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("compound_id", "code"),
        CheckConstraint("area > 0", name="area_positive"),
        Index("ix_unit_building", "building_id"),
    )


class Person(Base):
    """An owner (业主), co-owner or the developer. Same person: same ID number, else same name+phone."""

    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    id_number: Mapped[str | None] = mapped_column(String(32), unique=True)
    phone: Mapped[str] = mapped_column(String(32), default="")
    is_developer: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_person_name_phone", "name", "phone"),)


class Ownership(Base):
    """Who owns a unit from when to when; co-owners share one unit (primary = the billed owner)."""

    __tablename__ = "ownership"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    primary: Mapped[bool] = mapped_column(Boolean, default=True)
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)  # last day owned; None = still owns

    __table_args__ = (
        Index("ix_ownership_unit", "unit_id", "start"),
        Index("ix_ownership_person", "person_id"),
    )


# -- fees: contracts, items, bills, payments, receipts -----------------------------------------
class Contract(Base):
    """物业服务合同: term, billing rules, fee standards. Vote gating arrives with the votes issue."""

    __tablename__ = "contract"
    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    number: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="active")
    mode: Mapped[str] = mapped_column(String(16), default="lump_sum")  # 包干制 / 酬金制 cost_plus
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    billing_start: Mapped[int] = mapped_column(Integer)  # YYYYMM
    cycle_months: Mapped[int] = mapped_column(Integer, default=1)
    vacancy_discount_bp: Mapped[int] = mapped_column(Integer, default=0)  # basis points off
    late_fee_rule: Mapped[str] = mapped_column(String(16), default="none")  # none|daily|fixed
    late_fee_daily_ppm: Mapped[int] = mapped_column(Integer, default=0)  # per million per day
    late_fee_fixed: Mapped[int] = mapped_column(Fen, default=0)
    late_fee_grace_days: Mapped[int] = mapped_column(Integer, default=0)
    vote_id: Mapped[int | None] = mapped_column(Integer)
    signed_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    # a renewal (续签) points at the contract it renews
    renewal_of_id: Mapped[int | None] = mapped_column(ForeignKey("contract.id"))
    ended_on: Mapped[date | None] = mapped_column(Date)  # expired or terminated on

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("number"), Index("ix_contract_compound", "compound_id"))


class FeeItem(Base):
    """A fee on a contract: by area (rate per unit kind), fixed monthly, metered, or one-off."""

    __tablename__ = "fee_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"))
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # area | fixed | metered | one_off
    amount: Mapped[int] = mapped_column(Fen, default=0)  # fixed monthly / one-off, fen
    price_e4: Mapped[int] = mapped_column(BigInteger, default=0)  # metered: yuan/unit x 10^4
    income_account: Mapped[str] = mapped_column(String(20), default="500101")
    unit_kinds: Mapped[str] = mapped_column(String(100), default="")  # comma list; "" = all
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (UniqueConstraint("contract_id", "name"),)


class FeeRate(Base):
    """Fee standard of an area item: yuan per m² per month, to 4 decimals (stored x 10^4)."""

    __tablename__ = "fee_rate"
    item_id: Mapped[int] = mapped_column(ForeignKey("fee_item.id"), primary_key=True)
    unit_kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    rate_e4: Mapped[int] = mapped_column(BigInteger)


class MeterReading(Base):
    """Readings for a metered item; quantity x price becomes the bill."""

    __tablename__ = "meter_reading"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("fee_item.id"))
    period: Mapped[int] = mapped_column(Integer)
    previous: Mapped[int] = mapped_column(BigInteger)  # reading x 100
    current: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (UniqueConstraint("unit_id", "item_id", "period"),)


OPEN_BILL_SQL = "amount - waived - paid > 0"  # a bill with something left to pay


class Bill(Base):
    """A receivable: one unit, one fee item, one period. Outstanding = amount - waived - paid."""

    __tablename__ = "bill"
    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contract.id"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("fee_item.id"))
    kind: Mapped[str] = mapped_column(String(16))  # fee | late_fee | one_off | metered
    period: Mapped[int] = mapped_column(Integer)  # first month covered
    months: Mapped[int] = mapped_column(Integer, default=1)
    description: Mapped[str] = mapped_column(String(200))
    due_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Fen)
    waived: Mapped[int] = mapped_column(Fen, default=0)
    paid: Mapped[int] = mapped_column(Fen, default=0)
    voucher_id: Mapped[int] = mapped_column(ForeignKey("voucher.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        UniqueConstraint("unit_id", "item_id", "period", "kind"),
        CheckConstraint(
            "amount > 0 AND waived >= 0 AND paid >= 0 AND waived + paid <= amount", name="amounts"
        ),
        Index("ix_bill_unit_due", "unit_id", "due_date"),
        Index("ix_bill_compound_period", "compound_id", "period"),
        Index("ix_bill_person", "person_id"),
        # Open bills only (a tenth of a ten-year book): fee notices and arrears look for them
        # month after month. A query uses it when it says OPEN_BILL_SQL as written, not with
        # a bound 0 (SQLite cannot prove `> ?` implies the index's `> 0`).
        Index(
            "ix_bill_open",
            "compound_id",
            "period",
            sqlite_where=text(OPEN_BILL_SQL),
            postgresql_where=text(OPEN_BILL_SQL),
        ),
    )


class Receipt(Base):
    """收据: numbered continuously per book, never reused; voided ones keep their number."""

    __tablename__ = "receipt"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    date: Mapped[date] = mapped_column(Date)
    payer: Mapped[str] = mapped_column(String(100))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    amount: Mapped[int] = mapped_column(Fen)
    method: Mapped[str] = mapped_column(String(16))
    clerk: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(8), default="valid")  # valid | void
    void_reason: Mapped[str | None] = mapped_column(Text)
    voided_at: Mapped[datetime | None] = mapped_column(DateTime)
    reissue_of_id: Mapped[int | None] = mapped_column(ForeignKey("receipt.id"))
    prints: Mapped[int] = mapped_column(Integer, default=0)


class Payment(Base):
    """Money received from (or refunded to) a payer for a unit."""

    __tablename__ = "payment"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    date: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Fen)  # > 0 received; refunds are kind=refund
    kind: Mapped[str] = mapped_column(String(8), default="payment")  # payment | refund
    method: Mapped[str] = mapped_column(String(16))  # cash | bank | wechat | alipay
    reference: Mapped[str] = mapped_column(String(100), default="")
    receipt_id: Mapped[int | None] = mapped_column(ForeignKey("receipt.id"))
    voucher_id: Mapped[int] = mapped_column(ForeignKey("voucher.id"))
    voided: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_payment_unit", "unit_id", "date"),)


class Allocation(Base):
    """Part of a payment (or of a prepayment) settling a bill."""

    __tablename__ = "allocation"
    id: Mapped[int] = mapped_column(primary_key=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bill.id"))
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payment.id"))
    date: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Fen)  # negative when a void takes it back
    source: Mapped[str] = mapped_column(String(12))  # payment | prepayment | void

    __table_args__ = (
        Index("ix_allocation_bill", "bill_id", "date"),
        Index("ix_allocation_payment", "payment_id"),
    )


class Prepayment(Base):
    """Movements of a unit's prepaid balance (预收): + overpayment, - consumed, - refunded."""

    __tablename__ = "prepayment"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    date: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Fen)
    kind: Mapped[str] = mapped_column(String(12))  # overpay | consume | refund | void
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payment.id"))
    bill_id: Mapped[int | None] = mapped_column(ForeignKey("bill.id"))

    __table_args__ = (Index("ix_prepayment_unit", "unit_id", "date"),)


class Waiver(Base):
    """减免 of a bill for a hardship household, with reason and approver."""

    __tablename__ = "waiver"
    id: Mapped[int] = mapped_column(primary_key=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bill.id"))
    date: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Fen)
    reason: Mapped[str] = mapped_column(Text)
    approver: Mapped[str] = mapped_column(String(64))
    voucher_id: Mapped[int] = mapped_column(ForeignKey("voucher.id"))


class Counter(Base):
    """Book-wide continuous counters (receipt numbers)."""

    __tablename__ = "counter"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


# -- owner votes, trial service, contract notices ------------------------------------------------
class TrialPeriod(Base):
    """先尝后买: a compound served free of charge, with no contract; its costs are the company's."""

    __tablename__ = "trial_period"
    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        CheckConstraint('start <= "end"', name="term"),
        Index("ix_trial_period_compound", "compound_id", "start"),
    )


class TrialService(Base):
    """A service given during a trial (cleaning, repairs, rubbish removal) and what it cost."""

    __tablename__ = "trial_service"
    id: Mapped[int] = mapped_column(primary_key=True)
    trial_id: Mapped[int] = mapped_column(ForeignKey("trial_period.id"))
    date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))  # cleaning | repair | rubbish | greening | other
    description: Mapped[str] = mapped_column(String(200))
    cost: Mapped[int] = mapped_column(Fen, default=0)
    voucher_id: Mapped[int | None] = mapped_column(ForeignKey("voucher.id"))

    __table_args__ = (
        CheckConstraint("cost >= 0", name="cost"),
        Index("ix_trial_service_trial", "trial_id", "date"),
    )


class Vote(Base):
    """业主共同决定 (Civil Code 278): matter, method, dates; the result frozen when closed."""

    __tablename__ = "vote"
    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    matter: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(8))  # ordinary | special: follows from the matter
    title: Mapped[str] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(16))  # assembly | door-to-door | written
    counting: Mapped[str] = mapped_column(String(16), default="statutory")  # statutory | unit
    opens: Mapped[date] = mapped_column(Date)
    closes: Mapped[date] = mapped_column(Date)
    roster_on: Mapped[date] = mapped_column(Date)  # owners of this day were frozen at opening
    status: Mapped[str] = mapped_column(String(8), default="open")  # open | closed
    created_at: Mapped[datetime] = mapped_column(DateTime)
    closed_on: Mapped[date | None] = mapped_column(Date)
    # the result, frozen at closing (areas in 0.01 m²)
    total_area: Mapped[int | None] = mapped_column(BigInteger)
    total_count: Mapped[int | None] = mapped_column(Integer)
    yes_area: Mapped[int | None] = mapped_column(BigInteger)
    yes_count: Mapped[int | None] = mapped_column(Integer)
    no_area: Mapped[int | None] = mapped_column(BigInteger)
    no_count: Mapped[int | None] = mapped_column(Integer)
    abstain_area: Mapped[int | None] = mapped_column(BigInteger)
    abstain_count: Mapped[int | None] = mapped_column(Integer)
    quorum: Mapped[bool | None] = mapped_column(Boolean)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("kind in ('ordinary', 'special')", name="kind"),
        CheckConstraint("status in ('open', 'closed')", name="status"),
        CheckConstraint("opens <= closes", name="window"),
        Index("ix_vote_compound", "compound_id", "matter"),
    )


class VoteVoter(Base):
    """An owner-person of a vote, frozen at opening: roster edits later never change a vote."""

    __tablename__ = "vote_voter"
    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id"))
    seq: Mapped[int] = mapped_column(Integer)  # 1, 2, ... in unit order
    key: Mapped[str] = mapped_column(String(32))  # person:ID | developer | unit:ID
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    name: Mapped[str] = mapped_column(String(300))
    developer: Mapped[bool] = mapped_column(Boolean, default=False)
    area: Mapped[int] = mapped_column(BigInteger)  # 0.01 m², all their units
    units: Mapped[int] = mapped_column(Integer)

    __table_args__ = (UniqueConstraint("vote_id", "seq"), UniqueConstraint("vote_id", "key"))


class VoteUnit(Base):
    """A unit of a vote's frozen roster: its code, exclusive area (and its source), owners."""

    __tablename__ = "vote_unit"
    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id"))
    voter_id: Mapped[int] = mapped_column(ForeignKey("vote_voter.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    code: Mapped[str] = mapped_column(String(64))
    building: Mapped[str] = mapped_column(String(20))
    entrance: Mapped[str] = mapped_column(String(20))
    room: Mapped[str] = mapped_column(String(20))
    area: Mapped[int] = mapped_column(Integer)  # 0.01 m²
    area_source: Mapped[str] = mapped_column(String(16))
    owners: Mapped[str] = mapped_column(String(300))  # "张三、李四", the primary owner first

    __table_args__ = (
        UniqueConstraint("vote_id", "code"),
        Index("ix_vote_unit_voter", "voter_id"),
    )


class Ballot(Base):
    """表决票: one owner-person's opinion. `live` is true for the ballot that counts and NULL for
    one replaced (with a reason), so the unique (voter, live) allows one counting ballot each."""

    __tablename__ = "ballot"
    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id"))
    voter_id: Mapped[int] = mapped_column(ForeignKey("vote_voter.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))  # the form was for this unit
    opinion: Mapped[str] = mapped_column(String(8))  # agree | disagree | abstain
    date: Mapped[date] = mapped_column(Date)
    collector: Mapped[str] = mapped_column(String(64), default="")
    origin: Mapped[str] = mapped_column(String(200), default="")  # desk, or "file.xlsx row 7"
    evidence_name: Mapped[str | None] = mapped_column(String(500))  # the scan's path or name
    evidence_sha256: Mapped[str | None] = mapped_column(String(64))
    evidence_data: Mapped[bytes | None] = mapped_column(LargeBinary)
    live: Mapped[bool | None] = mapped_column(Boolean, default=True)
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("ballot.id"))
    replace_reason: Mapped[str | None] = mapped_column(Text)  # why this ballot replaced another
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        CheckConstraint("opinion in ('agree', 'disagree', 'abstain')", name="opinion"),
        UniqueConstraint("voter_id", "live"),
        Index("ix_ballot_vote", "vote_id", "live"),
    )


class ContractNotice(Base):
    """Written notices on a contract (Civil Code 946-948): the owners dismiss the company (60
    days), the company does not renew (90 days before expiry), either ends an unfixed term (60)."""

    __tablename__ = "contract_notice"
    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"))
    kind: Mapped[str] = mapped_column(String(16))  # dismissal | non_renewal | termination
    party: Mapped[str] = mapped_column(String(8))  # owners | company
    given_on: Mapped[date] = mapped_column(Date)
    effective_on: Mapped[date] = mapped_column(Date)
    vote_id: Mapped[int | None] = mapped_column(ForeignKey("vote.id"))
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_contract_notice_contract", "contract_id"),)


# -- common resources and the owners' money (DOMAIN §4) ------------------------------------------
class CommonIncomeTerms(Base):
    """The company's agreed management share of a compound's common-part income, from a date."""

    __tablename__ = "common_income_terms"
    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    start: Mapped[date] = mapped_column(Date)
    share_bp: Mapped[int] = mapped_column(Integer)  # basis points of gross common income
    agreement: Mapped[str] = mapped_column(Text, default="")  # which agreement fixed it
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        CheckConstraint("share_bp >= 0 AND share_bp <= 10000", name="share"),
        UniqueConstraint("compound_id", "start"),
    )


class Resource(Base):
    """A parking space, ad space, parcel locker, market stall or rented room of a compound.

    `common` says it is a common part (共有部分): its income belongs to the owners, and putting
    it into operation needs a passed common-use vote (recorded in `vote_id`)."""

    __tablename__ = "resource"
    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    kind: Mapped[str] = mapped_column(String(12))  # parking | ad | locker | stall | room
    code: Mapped[str] = mapped_column(String(40))  # space number, panel number, ...
    location: Mapped[str] = mapped_column(String(200), default="")
    owner: Mapped[str] = mapped_column(String(12))  # owners | company | third_party
    common: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(12), default="idle")  # idle | operating
    vote_id: Mapped[int | None] = mapped_column(ForeignKey("vote.id"))
    operating_since: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        UniqueConstraint("compound_id", "kind", "code"),
        CheckConstraint("status in ('idle', 'operating')", name="status"),
    )


class ResourceAgreement(Base):
    """An agreement on a resource: a monthly parking card, temporary parking, an ad contract,
    a locker operator (fixed rent or revenue share), a stall or room rent."""

    __tablename__ = "resource_agreement"
    id: Mapped[int] = mapped_column(primary_key=True)
    # edited through a form: +1 with every change; an edit made from an older version is
    # refused (two clerks at once: services/grids.check_version)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    resource_id: Mapped[int] = mapped_column(ForeignKey("resource.id"))
    kind: Mapped[str] = mapped_column(String(16))  # card | temporary | ad | locker | stall | room
    party: Mapped[str] = mapped_column(String(100))  # holder, advertiser, operator, tenant
    plate: Mapped[str] = mapped_column(String(20), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    rent: Mapped[int] = mapped_column(Fen, default=0)  # per month, fen
    cycle_months: Mapped[int] = mapped_column(Integer, default=1)
    share_bp: Mapped[int] = mapped_column(Integer, default=0)  # revenue share (lockers)
    renewal_of_id: Mapped[int | None] = mapped_column(ForeignKey("resource_agreement.id"))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        CheckConstraint('start <= "end"', name="term"),
        CheckConstraint("rent >= 0 AND share_bp >= 0 AND share_bp <= 10000", name="money"),
        Index("ix_resource_agreement_resource", "resource_id", "start"),
    )


class ResourceDue(Base):
    """An amount due under an agreement for one period (memo; income is booked when received)."""

    __tablename__ = "resource_due"
    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("resource_agreement.id"))
    period: Mapped[int] = mapped_column(Integer)  # first month covered
    months: Mapped[int] = mapped_column(Integer, default=1)
    amount: Mapped[int] = mapped_column(Fen)
    paid: Mapped[int] = mapped_column(Fen, default=0)

    __table_args__ = (
        UniqueConstraint("agreement_id", "period"),
        CheckConstraint("amount > 0 AND paid >= 0 AND paid <= amount", name="amounts"),
    )


class ResourceIncome(Base):
    """Money taken for a resource, with its receipt (same counter as fee receipts) and voucher.
    For a common part `company_share` went to 505101 and the rest stayed in 2241 for the owners."""

    __tablename__ = "resource_income"
    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    resource_id: Mapped[int] = mapped_column(ForeignKey("resource.id"))
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("resource_agreement.id"))
    date: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Fen)
    common: Mapped[bool] = mapped_column(Boolean)
    share_bp: Mapped[int] = mapped_column(Integer, default=0)
    company_share: Mapped[int] = mapped_column(Fen, default=0)
    method: Mapped[str] = mapped_column(String(16))
    payer: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(String(200))
    receipt_id: Mapped[int] = mapped_column(ForeignKey("receipt.id"))
    voucher_id: Mapped[int] = mapped_column(ForeignKey("voucher.id"))

    __table_args__ = (
        CheckConstraint(
            "amount > 0 AND company_share >= 0 AND company_share <= amount", name="amounts"
        ),
        Index("ix_resource_income_compound", "compound_id", "date"),
    )


class ResourceCost(Base):
    """A reasonable cost (合理成本) of a resource or of a compound's common resources, with evidence."""

    __tablename__ = "resource_cost"
    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    resource_id: Mapped[int | None] = mapped_column(ForeignKey("resource.id"))
    date: Mapped[date] = mapped_column(Date)
    # electricity | barrier | cleaning | staff | other
    category: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int] = mapped_column(Fen)
    common: Mapped[bool] = mapped_column(Boolean)  # borne by the owners' money (2241)
    method: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(String(200))
    evidence_name: Mapped[str] = mapped_column(String(500))
    evidence_sha256: Mapped[str] = mapped_column(String(64))
    voucher_id: Mapped[int] = mapped_column(ForeignKey("voucher.id"))

    __table_args__ = (
        CheckConstraint("amount > 0", name="amount"),
        Index("ix_resource_cost_compound", "compound_id", "date"),
    )


class OwnersMoneyUse(Base):
    """A use of the owners' common income, on the owners' decision (a vote or a dated text)."""

    __tablename__ = "owners_money_use"
    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))  # fund | fee_offset | other
    amount: Mapped[int] = mapped_column(Fen)
    vote_id: Mapped[int | None] = mapped_column(ForeignKey("vote.id"))
    decision: Mapped[str] = mapped_column(Text, default="")
    decided_on: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str] = mapped_column(String(200))
    voucher_id: Mapped[int] = mapped_column(ForeignKey("voucher.id"))

    __table_args__ = (
        CheckConstraint("amount > 0", name="amount"),
        CheckConstraint("vote_id IS NOT NULL OR decided_on IS NOT NULL", name="decision"),
        Index("ix_owners_money_use_compound", "compound_id", "date"),
    )


class OwnersMoneyShare(Base):
    """A unit's part of a use split by floor area (Civil Code 283), e.g. its fee credit."""

    __tablename__ = "owners_money_share"
    id: Mapped[int] = mapped_column(primary_key=True)
    use_id: Mapped[int] = mapped_column(ForeignKey("owners_money_use.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    amount: Mapped[int] = mapped_column(Fen)

    __table_args__ = (UniqueConstraint("use_id", "unit_id"),)


# -- grids, workers, stations and the surplus allocation (DOMAIN §5-6) ---------------------------
class Grid(Base):
    """网格: a code, a name, its grid leader (网格长); compounds through grid_compound."""

    __tablename__ = "grid"
    id: Mapped[int] = mapped_column(primary_key=True)
    # edited through forms: +1 with every change; an edit made from an older version is
    # refused (two clerks at once: services/grids.check_version)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    leader: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class GridCompound(Base):
    """A compound served by a grid."""

    __tablename__ = "grid_compound"
    grid_id: Mapped[int] = mapped_column(ForeignKey("grid.id"), primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"), primary_key=True)


class Worker(Base):
    """网格员: full-time (专职), part-time (兼职, drawn from property staff) or auxiliary (辅助).

    `employee` says the company pays them as staff: their stipends go through 2211 应付职工薪酬,
    everyone else's through 2241 其他应付款. The bank account is stored whole and shown masked."""

    __tablename__ = "worker"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(12))  # full_time | part_time | auxiliary
    grid_id: Mapped[int] = mapped_column(ForeignKey("grid.id"))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)  # last day in post; None = still serving
    base_stipend: Mapped[int] = mapped_column(Fen, default=0)  # per month, fen
    employee: Mapped[bool] = mapped_column(Boolean, default=False)
    phone: Mapped[str] = mapped_column(String(32), default="")
    bank_name: Mapped[str] = mapped_column(String(100), default="")
    bank_account: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        CheckConstraint("kind in ('full_time', 'part_time', 'auxiliary')", name="kind"),
        CheckConstraint("base_stipend >= 0", name="stipend"),
        CheckConstraint('"end" IS NULL OR start <= "end"', name="term"),
        Index("ix_worker_grid", "grid_id", "kind"),
    )


class Station(Base):
    """网格党群服务驿站 of a grid."""

    __tablename__ = "station"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    grid_id: Mapped[int] = mapped_column(ForeignKey("grid.id"))
    name: Mapped[str] = mapped_column(String(100), unique=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class StationProject(Base):
    """A budgeted project of a station; allocations fund it up to its budget."""

    __tablename__ = "station_project"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    name: Mapped[str] = mapped_column(String(100))
    budget: Mapped[int] = mapped_column(Fen)
    status: Mapped[str] = mapped_column(String(12), default="planned")
    spent: Mapped[int] = mapped_column(Fen, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        UniqueConstraint("station_id", "name"),
        CheckConstraint("budget >= 0 AND spent >= 0", name="money"),
        CheckConstraint("status in ('planned', 'active', 'done', 'cancelled')", name="status"),
    )


class AllocationRule(Base):
    """A rule of the waterfall: who (target), how much (basis, amount or bp), at most (cap)."""

    __tablename__ = "allocation_rule"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    priority: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    # full_time | part_time | auxiliary | stations | retained
    target: Mapped[str] = mapped_column(String(12))
    basis: Mapped[str] = mapped_column(
        String(12)
    )  # fixed | percent | per_head | budget | remainder
    amount: Mapped[int] = mapped_column(Fen, default=0)  # fixed: fen; per_head: fen a month
    bp: Mapped[int] = mapped_column(Integer, default=0)  # percent: basis points
    cap: Mapped[int | None] = mapped_column(Fen)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (
        CheckConstraint(
            "target in ('full_time', 'part_time', 'auxiliary', 'stations', 'retained')",
            name="target",
        ),
        CheckConstraint(
            "basis in ('fixed', 'percent', 'per_head', 'budget', 'remainder')", name="basis"
        ),
        CheckConstraint(
            "amount >= 0 AND bp >= 0 AND bp <= 10000 AND (cap IS NULL OR cap >= 0)", name="money"
        ),
    )


class SurplusAllocation(Base):
    """盈余分配 of one closed period: draft until approved; approval posts the vouchers."""

    __tablename__ = "surplus_allocation"
    id: Mapped[int] = mapped_column(primary_key=True)
    period_kind: Mapped[str] = mapped_column(String(8))  # month | quarter | year
    period_start: Mapped[int] = mapped_column(Integer)  # YYYYMM
    period_end: Mapped[int] = mapped_column(Integer)  # YYYYMM
    surplus: Mapped[int] = mapped_column(Fen)
    losses: Mapped[int] = mapped_column(Fen, default=0)  # earlier losses still uncovered
    loss_cover: Mapped[int] = mapped_column(Fen, default=0)  # the part of the surplus covering them
    status: Mapped[str] = mapped_column(String(10), default="draft")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(64))
    approved_by: Mapped[str | None] = mapped_column(String(64))
    approved_on: Mapped[date | None] = mapped_column(Date)
    paid_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("period_kind in ('month', 'quarter', 'year')", name="period_kind"),
        CheckConstraint("status in ('draft', 'approved', 'posted', 'paid')", name="status"),
        CheckConstraint("period_start <= period_end", name="period"),
        Index("ix_surplus_allocation_period", "period_start", "period_end"),
    )


class AllocationLine(Base):
    """One line of an allocation: a worker's stipend, a project's funding, or what is retained."""

    __tablename__ = "allocation_line"
    id: Mapped[int] = mapped_column(primary_key=True)
    allocation_id: Mapped[int] = mapped_column(ForeignKey("surplus_allocation.id"))
    line_no: Mapped[int] = mapped_column(Integer)
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("allocation_rule.id"))
    kind: Mapped[str] = mapped_column(String(10))  # stipend | station | retained
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("station_project.id"))
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grid.id"))  # at the time of allocating
    months: Mapped[int] = mapped_column(Integer, default=0)
    asked: Mapped[int] = mapped_column(Fen, default=0)
    amount: Mapped[int] = mapped_column(Fen)
    account: Mapped[str | None] = mapped_column(String(20))  # the payable credited on approval
    voucher_id: Mapped[int | None] = mapped_column(ForeignKey("voucher.id"))

    __table_args__ = (
        UniqueConstraint("allocation_id", "line_no"),
        CheckConstraint("kind in ('stipend', 'station', 'retained')", name="kind"),
        CheckConstraint("amount >= 0 AND asked >= 0", name="money"),
        Index("ix_allocation_line_worker", "worker_id"),
        Index("ix_allocation_line_project", "project_id"),
    )


class Payout(Base):
    """Money paid out for an allocation line (cash or bank), with its voucher."""

    __tablename__ = "payout"
    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("allocation_line.id"))
    method: Mapped[str] = mapped_column(String(8))  # cash | bank
    date: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Fen)
    voucher_id: Mapped[int] = mapped_column(ForeignKey("voucher.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        CheckConstraint("method in ('cash', 'bank')", name="method"),
        CheckConstraint("amount > 0", name="amount"),
        Index("ix_payout_line", "line_id"),
    )


class AppUser(Base):
    """A user of the book. With none, the book runs without login (a one-person book)."""

    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(12))  # admin | clerk | secretary | accountant
    password_hash: Mapped[str] = mapped_column(String(200))  # scrypt$n$r$p$salt$hash
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed: Mapped[int] = mapped_column(Integer, default=0)  # failures since the last success
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        CheckConstraint("role in ('admin', 'clerk', 'secretary', 'accountant')", name="role"),
    )
