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
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
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
