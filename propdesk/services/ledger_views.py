"""Reads for the vouchers-and-ledgers page: accounts to pick for a manual voucher (with why
some cannot be picked), one voucher with its lines and reversal links, a compound's units."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from propdesk.core.errors import UserError
from propdesk.core.i18n import Text
from propdesk.core.periods import first_day, period_of
from propdesk.db.models import Compound, Unit, Voucher
from propdesk.db.ordering import by_code
from propdesk.services import ledger


def _controller(code: str) -> Text | None:
    """The module keeping `code` (ledger.controller where this version of the ledger has it)."""
    fn = getattr(ledger, "controller", None)
    if fn is not None:
        return fn(code)  # type: ignore[no-any-return]
    return ledger.CONTROLLED.get(code)


@dataclass(frozen=True, slots=True)
class AccountChoice:
    """An account as the voucher entry offers it; `reason` says why it cannot be used by hand."""

    code: str
    name: str
    full_name: str  # 应收账款—物业费
    leaf: bool
    reason: str | None = None

    @property
    def usable(self) -> bool:
        return self.reason is None

    @property
    def label(self) -> str:
        return f"{self.code} {self.full_name}"


def account_choices(session: Session) -> list[AccountChoice]:
    """Every account in code order; leaf, active, not kept by a module = usable by hand."""
    accs = ledger.accounts(session)
    out = []
    for code, info in accs.items():
        full = ledger.full_name(session, code)
        reason: str | None = None
        if not info.is_leaf:
            reason = ledger.T_NOT_LEAF.format(code=code, name=full)
        elif not info.active:
            reason = ledger.T_INACTIVE.format(code=code, name=full)
        elif (owner := _controller(code)) is not None:
            reason = ledger.T_CONTROLLED.format(code=code, name=full, module=owner.format())
        out.append(AccountChoice(code, info.name, full, info.is_leaf, reason))
    return out


@dataclass(frozen=True, slots=True)
class VoucherLineView:
    line_no: int
    summary: str
    account_code: str
    account_name: str  # full name
    debit: int
    credit: int
    compound: str
    unit: str


@dataclass(frozen=True, slots=True)
class VoucherView:
    """One posted voucher as the voucher window shows it."""

    id: int
    period: int
    number: int
    word: str
    date: date
    summary: str
    attachments: int
    preparer: str
    posted_at: datetime
    source: str
    lines: tuple[VoucherLineView, ...]
    reverses: tuple[int, str] | None  # (voucher id, label) of the voucher this one reverses
    reversed_by: tuple[int, str] | None  # (voucher id, label) of its reversing voucher
    period_closed: bool

    @property
    def label(self) -> str:
        return ledger.voucher_label(self.period, self.number, self.word)

    @property
    def total_debit(self) -> int:
        return sum(ln.debit for ln in self.lines)

    @property
    def total_credit(self) -> int:
        return sum(ln.credit for ln in self.lines)

    @property
    def can_reverse(self) -> bool:
        return (
            self.reverses is None
            and self.reversed_by is None
            and self.source not in ledger.CARRY_SOURCES
        )


def voucher_view(session: Session, voucher_id: int) -> VoucherView:
    v = session.get(Voucher, voucher_id)
    if v is None:
        raise UserError(ledger.T_NO_VOUCHER, ref=str(voucher_id))
    by_id = ledger.accounts_by_id(session)
    compound_ids = {p.compound_id for p in v.postings if p.compound_id is not None}
    unit_ids = {p.unit_id for p in v.postings if p.unit_id is not None}
    compounds = (
        dict(session.execute(select(Compound.id, Compound.name).where(Compound.id.in_(compound_ids))).all())
        if compound_ids
        else {}
    )  # fmt: skip
    units = (
        dict(session.execute(select(Unit.id, Unit.code).where(Unit.id.in_(unit_ids))).all())
        if unit_ids
        else {}
    )
    lines = tuple(
        VoucherLineView(
            p.line_no, p.summary, by_id[p.account_id].code,
            ledger.full_name(session, by_id[p.account_id].code), p.debit, p.credit,
            compounds.get(p.compound_id, "") if p.compound_id is not None else "",
            units.get(p.unit_id, "") if p.unit_id is not None else "",
        )
        for p in v.postings
    )  # fmt: skip

    def link(other: Voucher | None) -> tuple[int, str] | None:
        if other is None:
            return None
        return other.id, ledger.voucher_label(other.period, other.number, other.word)

    orig = session.get(Voucher, v.reverses_id) if v.reverses_id is not None else None
    rev = session.execute(select(Voucher).where(Voucher.reverses_id == v.id)).scalar_one_or_none()
    closed = ledger.closed_through(session)
    return VoucherView(
        v.id, v.period, v.number, v.word, v.date, v.summary, v.attachments, v.preparer,
        v.posted_at, v.source, lines, link(orig), link(rev),
        closed is not None and v.period <= closed,
    )  # fmt: skip


def entry_date(session: Session, today: date | None = None) -> date:
    """The date a new voucher starts with: today, unless today lies in a closed month (then
    the first day of the first open month)."""
    today = today or date.today()
    current = ledger.current_period(session, today)
    return today if period_of(today) >= current else first_day(current)


@dataclass(frozen=True, slots=True)
class UnitChoice:
    id: int
    code: str


def units_of(session: Session, compound_id: int) -> list[UnitChoice]:
    rows = session.execute(
        select(Unit.id, Unit.code)
        .where(Unit.compound_id == compound_id)
        .order_by(by_code(Unit.code))
    ).all()
    return [UnitChoice(uid, code) for uid, code in rows]


__all__ = [
    "AccountChoice",
    "UnitChoice",
    "VoucherLineView",
    "VoucherView",
    "account_choices",
    "entry_date",
    "units_of",
    "voucher_view",
]
