"""What every printed or exported report carries: company, seal text, who printed it and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from propdesk.services.books import DEFAULT_COMPANY, get_meta

UNIT_YUAN = "单位：元"


@dataclass(frozen=True, slots=True)
class Letterhead:
    company: str
    seal_text: str
    printed_at: datetime  # local wall-clock time, shown as 打印日期
    user: str

    @property
    def printed(self) -> str:
        return self.printed_at.strftime("%Y-%m-%d %H:%M")


def letterhead(session: Session, *, now: datetime | None = None) -> Letterhead:
    company = get_meta(session, "company_name", DEFAULT_COMPANY) or DEFAULT_COMPANY
    seal = get_meta(session, "seal_text") or company
    user = str(session.info.get("user") or "")
    return Letterhead(company, seal, (now or datetime.now()).replace(microsecond=0), user)


def month_label(period: int) -> str:
    """202610 → '2026年10月'."""
    return f"{period // 100}年{period % 100:02d}月"


def range_label(start: int, end: int) -> str:
    return month_label(start) if start == end else f"{month_label(start)}—{month_label(end)}"


def dates_label(start: date | None, end: date | None) -> str:
    if start is None and end is None:
        return "全部期间"
    a = start.isoformat() if start else "…"
    b = end.isoformat() if end else "…"
    return f"{a} 至 {b}"


def day_label(d: date) -> str:
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


__all__ = [
    "UNIT_YUAN",
    "Letterhead",
    "dates_label",
    "day_label",
    "letterhead",
    "month_label",
    "range_label",
]
