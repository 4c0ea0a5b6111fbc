"""Report data for the books themselves: trial balance, journal, general and detail ledgers.

The rows are the ledger service's own rows (`TBRow`, `JournalRow`, `GLRow`, `LedgerLine`);
this module adds the letterhead, full account names and, for streamed reports, a row count.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from propdesk.core.periods import period_of
from propdesk.db.models import Posting
from propdesk.reports.common import Letterhead, letterhead
from propdesk.services import ledger


def full_names(session: Session) -> dict[str, str]:
    """Every account's full name (应收账款—物业费) by code."""
    return {code: ledger.full_name(session, code) for code in ledger.accounts(session)}


@dataclass(frozen=True, slots=True)
class TrialBalanceReport:
    head: Letterhead
    tb: ledger.TrialBalance


def trial_balance_report(
    session: Session, start: int, end: int | None = None
) -> TrialBalanceReport:
    return TrialBalanceReport(letterhead(session), ledger.trial_balance(session, start, end))


@dataclass(frozen=True, slots=True)
class JournalReport:
    """序时账. `rows` is a stream: iterate it once, inside the session that made it."""

    head: Letterhead
    start: date | None
    end: date | None
    total: int  # number of rows, for progress
    names: dict[str, str]
    rows: Iterable[ledger.JournalRow]


def journal_report(
    session: Session, start: date | None = None, end: date | None = None
) -> JournalReport:
    q = select(func.count()).select_from(Posting)
    if start is not None:
        q = q.where(Posting.date >= start)
    if end is not None:
        q = q.where(Posting.date <= end)
    total = int(session.execute(q).scalar_one())
    return JournalReport(
        letterhead(session),
        start,
        end,
        total,
        full_names(session),
        ledger.journal(session, start, end),
    )


@dataclass(frozen=True, slots=True)
class GLAccount:
    code: str
    name: str
    rows: tuple[ledger.GLRow, ...]


@dataclass(frozen=True, slots=True)
class GeneralLedgerReport:
    """总账 of one account, or of every first-level account that has a balance or movements."""

    head: Letterhead
    year: int
    accounts: tuple[GLAccount, ...]


def general_ledger_report(
    session: Session, year: int, code: str | None = None
) -> GeneralLedgerReport:
    if code is not None:
        codes = [ledger.account(session, code).code]
    else:
        codes = [c for c, a in ledger.accounts(session).items() if a.level == 1]
    out = []
    for c in codes:
        rows = tuple(ledger.general_ledger(session, c, year))
        if code is None and len(rows) == 1 and rows[0].balance == 0:
            continue  # nothing to show: no opening balance, no movement
        out.append(GLAccount(c, ledger.full_name(session, c), rows))
    return GeneralLedgerReport(letterhead(session), year, tuple(out))


@dataclass(frozen=True, slots=True)
class DLSection:
    """One account's 明细账: opening, lines with running balance, month/year totals, closing."""

    code: str
    name: str
    lines: Iterator[ledger.LedgerLine]


@dataclass(frozen=True, slots=True)
class DetailLedgerReport:
    """明细账 of one account (with its sub-accounts) or of every leaf account with a balance or
    movements in the range. `sections` is a stream, one section at a time."""

    head: Letterhead
    start: date
    end: date
    accounts: tuple[tuple[str, str], ...]  # (code, full name) that may appear, in order
    sections: Iterable[DLSection]


def _sections(
    session: Session, codes: Iterable[tuple[str, str]], start: date, end: date, keep_empty: bool
) -> Iterator[DLSection]:
    for code, name in codes:
        lines = ledger.detail_ledger(session, code, start, end)
        head = list(itertools.islice(lines, 2))
        if (
            not keep_empty
            and len(head) == 2
            and head[1].kind == "closing"
            and head[0].balance == 0
            and head[1].balance == 0
        ):
            continue  # the month had movements, but none in this date range
        yield DLSection(code, name, itertools.chain(head, lines))


def detail_ledger_report(
    session: Session, start: date, end: date, code: str | None = None
) -> DetailLedgerReport:
    if code is not None:
        info = ledger.account(session, code)
        accounts = ((info.code, ledger.full_name(session, info.code)),)
        keep_empty = True
    else:
        # leaf accounts with a balance or movements in the months of the range
        tb = ledger.trial_balance(session, period_of(start), period_of(end))
        accounts = tuple((r.code, ledger.full_name(session, r.code)) for r in tb.rows if r.is_leaf)
        keep_empty = False
    sections = _sections(session, accounts, start, end, keep_empty)
    return DetailLedgerReport(letterhead(session), start, end, accounts, sections)


__all__ = [
    "DLSection",
    "DetailLedgerReport",
    "GLAccount",
    "GeneralLedgerReport",
    "JournalReport",
    "TrialBalanceReport",
    "detail_ledger_report",
    "full_names",
    "general_ledger_report",
    "journal_report",
    "trial_balance_report",
]
