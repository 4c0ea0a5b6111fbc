"""The book's invariants, verified by `propdesk check`. Later areas register their own.

Each check is a function (session) -> list of violation strings; they are read-only and run
as SQL aggregates so they stay fast on books with millions of postings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from propdesk.core.i18n import bilingual
from propdesk.core.money import format_amount
from propdesk.core.periods import fmt_period
from propdesk.db.models import AccountMonth, Period, Posting, Voucher
from propdesk.services import audit, ledger

CheckFn = Callable[[Session], list[str]]


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    fn: CheckFn


CHECKS: list[Check] = []


def register(name: str) -> Callable[[CheckFn], CheckFn]:
    def deco(fn: CheckFn) -> CheckFn:
        CHECKS.append(Check(name, fn))
        return fn

    return deco


T_UNBALANCED = bilingual(
    "凭证 {ref} 借贷不平：借 {dr}，贷 {cr}",
    "voucher {ref} does not balance: debit {dr}, credit {cr}",
)
T_FEW_LINES = bilingual("凭证 {ref} 只有 {n} 行分录", "voucher {ref} has only {n} line(s)")
T_TB = bilingual(
    "科目余额表不平：借方合计 {dr}，贷方合计 {cr}",
    "the trial balance does not balance: debits {dr}, credits {cr}",
)
T_SUMMARY = bilingual(
    "科目 {code} 在 {period} 的汇总（借 {sd}，贷 {sc}）与分录（借 {pd}，贷 {pc}）不符",
    "account {code} in {period}: summary (debit {sd}, credit {sc}) differs from postings (debit {pd}, credit {pc})",
)
T_GAP = bilingual(
    "{period} 凭证号不连续：共 {count} 张，最小 {lo} 号，最大 {hi} 号，计数器 {counter}",
    "{period} voucher numbers are not continuous: {count} vouchers, numbers {lo}..{hi}, counter {counter}",
)
T_CLOSED_CHANGED = bilingual(
    "已结账期间 {period} 的凭证被改动过", "the vouchers of closed period {period} have changed"
)
T_CLOSED_GAP = bilingual(
    "{period} 未结账，但其后的 {later} 已结账", "{period} is open but the later {later} is closed"
)
T_NON_LEAF = bilingual(
    "科目 {code} 有下级科目，却有直接记账",
    "account {code} has sub-accounts but postings of its own",
)
T_AUDIT = bilingual("审计日志链在 {entry} 处断开", "the audit chain is broken at {entry}")
T_INTEGRITY = bilingual(
    "SQLite 完整性检查失败：{detail}", "SQLite integrity check failed: {detail}"
)


def _ref(period: int, number: int) -> str:
    return ledger.voucher_label(period, number)


@register("integrity")
def _integrity(session: Session) -> list[str]:
    if session.get_bind().dialect.name != "sqlite":
        return []
    rows = [r[0] for r in session.execute(text("PRAGMA quick_check")).all()]
    return [] if rows == ["ok"] else [T_INTEGRITY.format(detail="; ".join(rows[:5]))]


@register("vouchers balance")
def _vouchers_balance(session: Session) -> list[str]:
    q = (
        select(Voucher.period, Voucher.number, func.sum(Posting.debit), func.sum(Posting.credit), func.count())
        .join(Posting, Posting.voucher_id == Voucher.id, isouter=True)
        .group_by(Voucher.id)
        .having((func.coalesce(func.sum(Posting.debit), 0) != func.coalesce(func.sum(Posting.credit), 0)) | (func.count(Posting.id) < 2))
    )  # fmt: skip
    out = []
    for p, n, dr, cr, cnt in session.execute(q):
        if (dr or 0) != (cr or 0):
            out.append(
                T_UNBALANCED.format(
                    ref=_ref(p, n), dr=format_amount(int(dr or 0)), cr=format_amount(int(cr or 0))
                )
            )
        if dr is None or cnt < 2:
            out.append(T_FEW_LINES.format(ref=_ref(p, n), n=0 if dr is None else cnt))
    return out


@register("trial balance balances")
def _tb_balances(session: Session) -> list[str]:
    dr, cr = session.execute(select(func.sum(Posting.debit), func.sum(Posting.credit))).one()
    dr, cr = int(dr or 0), int(cr or 0)
    return [] if dr == cr else [T_TB.format(dr=format_amount(dr), cr=format_amount(cr))]


@register("summaries equal postings")
def _summaries(session: Session) -> list[str]:
    from propdesk.services.ledger import CARRY_SOURCES

    carry = func.sum(Posting.debit).filter(Voucher.source.in_(CARRY_SOURCES))
    carry_c = func.sum(Posting.credit).filter(Voucher.source.in_(CARRY_SOURCES))
    from_postings = {
        (a, p): (int(d or 0), int(c or 0), int(cd or 0), int(cc or 0))
        for a, p, d, c, cd, cc in session.execute(
            select(Posting.account_id, Posting.period, func.sum(Posting.debit), func.sum(Posting.credit), carry, carry_c)
            .join(Voucher, Voucher.id == Posting.voucher_id)
            .group_by(Posting.account_id, Posting.period)
        )
    }  # fmt: skip
    from_summary = {
        (a, p): (d, c, cd, cc)
        for a, p, d, c, cd, cc in session.execute(
            select(AccountMonth.account_id, AccountMonth.period, AccountMonth.debit, AccountMonth.credit,
                   AccountMonth.carry_debit, AccountMonth.carry_credit)
        )
    }  # fmt: skip
    by_id = ledger.accounts_by_id(session)
    out = []
    for key in sorted(set(from_postings) | set(from_summary)):
        s = from_summary.get(key, (0, 0, 0, 0))
        p = from_postings.get(key, (0, 0, 0, 0))
        if s != p:
            acc = by_id.get(key[0])
            out.append(
                T_SUMMARY.format(
                    code=acc.code if acc else key[0],
                    period=fmt_period(key[1]),
                    sd=format_amount(s[0]),
                    sc=format_amount(s[1]),
                    pd=format_amount(p[0]),
                    pc=format_amount(p[1]),
                )
            )
    return out


@register("voucher numbers continuous")
def _numbers(session: Session) -> list[str]:
    counters = dict(session.execute(select(Period.period, Period.last_voucher_no)).all())
    out = []
    q = select(
        Voucher.period, func.count(), func.min(Voucher.number), func.max(Voucher.number)
    ).group_by(Voucher.period)
    seen = set()
    for p, cnt, lo, hi in session.execute(q):
        seen.add(p)
        counter = counters.get(p, 0)
        if lo != 1 or hi != cnt or counter != cnt:
            out.append(T_GAP.format(period=fmt_period(p), count=cnt, lo=lo, hi=hi, counter=counter))
    for p, counter in counters.items():
        if p not in seen and counter:
            out.append(T_GAP.format(period=fmt_period(p), count=0, lo="-", hi="-", counter=counter))
    return out


@register("closed periods unchanged")
def _closed(session: Session) -> list[str]:
    out = []
    rows = session.execute(
        select(Period.period, Period.closed, Period.digest).order_by(Period.period)
    ).all()
    last_closed = max((p for p, c, _ in rows if c), default=None)
    for p, closed, digest in rows:
        if closed and digest != ledger.period_digest(session, p):
            out.append(T_CLOSED_CHANGED.format(period=fmt_period(p)))
        if not closed and last_closed is not None and p < last_closed:
            out.append(T_CLOSED_GAP.format(period=fmt_period(p), later=fmt_period(last_closed)))
    return out


@register("postings on leaf accounts")
def _leaves(session: Session) -> list[str]:
    by_id = ledger.accounts_by_id(session)
    used = session.execute(select(AccountMonth.account_id).distinct()).scalars()
    return [T_NON_LEAF.format(code=by_id[a].code) for a in used if not by_id[a].is_leaf]


@register("audit chain")
def _audit(session: Session) -> list[str]:
    broken = audit.verify_chain(session)
    return [] if broken is None else [T_AUDIT.format(entry=broken)]


@dataclass(frozen=True, slots=True)
class CheckReport:
    violations: tuple[tuple[str, str], ...]  # (check name, message)
    checks_run: int

    @property
    def ok(self) -> bool:
        return not self.violations


# Areas whose modules register invariants of their own.
CHECK_MODULES = (
    "propdesk.services.arrears",
    "propdesk.services.votes",
    "propdesk.services.resources",
    "propdesk.services.surplus",
)


def run_checks(session: Session) -> CheckReport:
    from importlib import import_module

    for name in CHECK_MODULES:
        import_module(name)
    found: list[tuple[str, str]] = []
    for chk in CHECKS:
        found += [(chk.name, msg) for msg in chk.fn(session)]
        if found and chk.name == "integrity":
            break  # the other checks cannot read a damaged file reliably
    return CheckReport(tuple(found), len(CHECKS))
