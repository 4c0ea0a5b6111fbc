"""What a voucher print (记账凭证) shows: header, lines with full account names, totals."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from propdesk.core.errors import UserError
from propdesk.core.i18n import bilingual
from propdesk.core.money import money_in_words
from propdesk.core.periods import first_day, fmt_period, last_day
from propdesk.db.models import Voucher
from propdesk.reports.common import Letterhead, letterhead
from propdesk.services import ledger

T_NO_VOUCHERS = bilingual("{period} 没有凭证", "{period} has no vouchers")


@dataclass(frozen=True, slots=True)
class VoucherLine:
    summary: str
    account_code: str
    account_name: str  # full name: 应收账款—物业费
    debit: int
    credit: int


@dataclass(frozen=True, slots=True)
class VoucherPrint:
    id: int
    period: int
    number: int
    word: str
    date: date
    summary: str
    attachments: int
    preparer: str
    source: str
    lines: tuple[VoucherLine, ...]

    @property
    def number_label(self) -> str:
        """记字第 0001 号"""
        return f"{self.word}字第 {self.number:04d} 号"

    @property
    def total_debit(self) -> int:
        return sum(ln.debit for ln in self.lines)

    @property
    def total_credit(self) -> int:
        return sum(ln.credit for ln in self.lines)

    @property
    def total_in_words(self) -> str:
        return money_in_words(self.total_debit)


@dataclass(frozen=True, slots=True)
class VoucherBatch:
    """Vouchers to print together (one, or every voucher of a month, in number order)."""

    head: Letterhead
    period: int
    vouchers: tuple[VoucherPrint, ...]


def voucher_batch(session: Session, period: int, number: int | None = None) -> VoucherBatch:
    """The voucher `number` of `period`, or all vouchers of the period when `number` is None.

    Two queries whatever the count: the headers, then the lines streamed from the journal.
    """
    q = select(
        Voucher.id, Voucher.number, Voucher.word, Voucher.date, Voucher.summary,
        Voucher.attachments, Voucher.preparer, Voucher.source,
    ).where(Voucher.period == period).order_by(Voucher.number)  # fmt: skip
    if number is not None:
        ledger.find_voucher(session, period, number)  # refuses a missing voucher by name
        q = q.where(Voucher.number == number)
    heads = session.execute(q).all()
    if not heads:
        raise UserError(T_NO_VOUCHERS, period=fmt_period(period))
    names: dict[str, str] = {}
    lines: dict[int, list[VoucherLine]] = defaultdict(list)
    if number is not None:
        rows: Iterable[ledger.JournalRow] = ledger.voucher_lines(session, heads[0][0])
    else:  # a voucher's postings carry its own date, inside its period
        rows = ledger.journal(session, first_day(period), last_day(period))
    for r in rows:
        name = names.get(r.account_code)
        if name is None:
            name = names[r.account_code] = ledger.full_name(session, r.account_code)
        lines[r.voucher_id].append(VoucherLine(r.summary, r.account_code, name, r.debit, r.credit))
    vouchers = tuple(
        VoucherPrint(vid, period, no, word, d, summary, att, preparer, source, tuple(lines[vid]))
        for vid, no, word, d, summary, att, preparer, source in heads
    )
    return VoucherBatch(letterhead(session), period, vouchers)


__all__ = ["VoucherBatch", "VoucherLine", "VoucherPrint", "voucher_batch"]
