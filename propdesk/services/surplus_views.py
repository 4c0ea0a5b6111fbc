"""Small reads for the surplus allocation screens, on top of services/surplus.py."""

from __future__ import annotations

from sqlalchemy.orm import Session

from propdesk.services import ledger, surplus


def check_closed(session: Session, period: surplus.Span | str) -> surplus.Span:
    """The period, or the allocation service's own refusal (a UserError) when it is not
    closed yet — so a screen can refuse an open period before drafting anything."""
    span = period if isinstance(period, surplus.Span) else surplus.parse_span(period)
    surplus._require_closed(session, span)
    return span


def closed_through(session: Session) -> int | None:
    """The last closed month (YYYYMM), None when nothing is closed."""
    return ledger.closed_through(session)


def latest_closed_span(session: Session, kind: str = "quarter") -> surplus.Span | None:
    """The latest closed month, quarter or year (what the wizard offers first)."""
    last = ledger.closed_through(session)
    if last is None:
        return None
    y, m = divmod(last, 100)
    if kind == "month":
        return surplus.Span("month", last, last)
    if kind == "year":
        y = y if m == 12 else y - 1
        return surplus.Span("year", y * 100 + 1, y * 100 + 12) if y >= 1900 else None
    q = m // 3  # the last whole quarter
    if q == 0:
        y, q = y - 1, 4
    return surplus.Span("quarter", y * 100 + 3 * q - 2, y * 100 + 3 * q)


__all__ = ["check_closed", "closed_through", "latest_closed_span"]
