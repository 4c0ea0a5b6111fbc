"""Creating a book and reading its headline facts (company, open period)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from propdesk.core.errors import UserError
from propdesk.core.i18n import bilingual
from propdesk.db.models import BookMeta
from propdesk.db.store import Book, is_url
from propdesk.services import audit, ledger

T_EXISTS = bilingual("账套已存在：{path}", "A book already exists at {path}")
DEFAULT_COMPANY = "社区物业服务有限公司"


def get_meta(session: Session, key: str, default: str | None = None) -> str | None:
    row = session.get(BookMeta, key)
    return row.value if row is not None else default


def set_meta(session: Session, key: str, value: str, *, reason: str | None = None) -> None:
    row = session.get(BookMeta, key)
    before = row.value if row is not None else None
    if before == value:
        return
    if row is None:
        session.add(BookMeta(key=key, value=value))
    else:
        row.value = value
    session.flush()
    audit.record(
        session, "setting.change", "book_meta", key, before=before, after=value, reason=reason
    )


def create_book(
    target: str | os.PathLike[str],
    *,
    company_name: str = DEFAULT_COMPANY,
    demo: bool = False,
    user: str = "admin",
) -> Book:
    """A new book with the standard chart; `demo` fills it with a realistic company."""
    if not is_url(target):
        path = Path(target)
        if path.exists() and path.stat().st_size > 0:
            raise UserError(T_EXISTS, path=path)
    book = Book.open(target, create=True, user=user)
    try:
        with book.write() as s:
            if ledger.accounts(s):
                raise UserError(T_EXISTS, path=target)
            ledger.seed_chart(s)
            set_meta(s, "company_name", company_name)
            set_meta(s, "created_at", datetime.now(UTC).isoformat(timespec="seconds"))
            audit.record(s, "book.create", "book", None, after={"company_name": company_name})
    except BaseException:
        book.close()  # a server book that already exists: its connection is not left open
        raise
    if demo:
        from propdesk.services import demo as demo_mod

        demo_mod.fill(book)
    return book


@dataclass(frozen=True, slots=True)
class BookStatus:
    company_name: str
    open_period: int
    closed_through: int | None
    vouchers: int


def book_status(session: Session) -> BookStatus:
    from sqlalchemy import func

    from propdesk.db.models import Voucher

    return BookStatus(
        company_name=get_meta(session, "company_name", DEFAULT_COMPANY) or DEFAULT_COMPANY,
        open_period=ledger.current_period(session),
        closed_through=ledger.closed_through(session),
        vouchers=session.execute(select(func.count()).select_from(Voucher)).scalar_one(),
    )
