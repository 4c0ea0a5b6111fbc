"""Accounting periods (months) as YYYYMM integers, and their parsing and formatting."""

from __future__ import annotations

import calendar
import re
from datetime import date

from propdesk.core.errors import UserError
from propdesk.core.i18n import bilingual

BAD_PERIOD = bilingual(
    "期间「{text}」无效，应为 YYYY-MM，如 2026-03",
    'Invalid period "{text}"; use YYYY-MM, e.g. 2026-03',
)
BAD_DATE = bilingual("日期「{text}」无效，应为 YYYY-MM-DD", 'Invalid date "{text}"; use YYYY-MM-DD')

_PERIOD_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$")
_DATE_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def period_of(d: date) -> int:
    return d.year * 100 + d.month


def parse_period(text: str) -> int:
    m = _PERIOD_RE.match(text or "")
    if not m or not 1 <= int(m.group(2)) <= 12 or not 1900 <= int(m.group(1)) <= 2999:
        raise UserError(BAD_PERIOD, text=text)
    return int(m.group(1)) * 100 + int(m.group(2))


def parse_date(text: str) -> date:
    m = _DATE_RE.match(text or "")
    if not m:
        raise UserError(BAD_DATE, text=text)
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise UserError(BAD_DATE, text=text) from None


def fmt_period(period: int) -> str:
    return f"{period // 100:04d}-{period % 100:02d}"


def next_period(period: int) -> int:
    y, m = divmod(period, 100)
    return (y + 1) * 100 + 1 if m == 12 else period + 1


def prev_period(period: int) -> int:
    y, m = divmod(period, 100)
    return (y - 1) * 100 + 12 if m == 1 else period - 1


def add_months(period: int, n: int) -> int:
    """The period `n` months after (or, negative, before) `period`."""
    y, m = divmod(period, 100)
    y, m0 = divmod(y * 12 + m - 1 + n, 12)
    return y * 100 + m0 + 1


def months_between(a: int, b: int) -> int:
    """How many months `b` is after `a` (negative when before): 2026-01 → 2026-03 is 2."""
    return (b // 100 - a // 100) * 12 + (b % 100 - a % 100)


def first_day(period: int) -> date:
    return date(period // 100, period % 100, 1)


def last_day(period: int) -> date:
    y, m = divmod(period, 100)
    return date(y, m, calendar.monthrange(y, m)[1])


def year_start(period: int) -> int:
    return (period // 100) * 100 + 1
