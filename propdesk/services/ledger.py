"""The general ledger: chart of accounts, posting vouchers, reversals, month-end close, reads.

Every business event ends here as a balanced voucher. Posting keeps the per-account-month
summary (`account_month`) in step inside the same transaction, so trial balances and ledgers
read summaries, not millions of postings.
"""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Column, Connection, and_, bindparam, case, func, insert, select, update
from sqlalchemy.orm import Session

from propdesk.core import chart
from propdesk.core.errors import Problem, UserError, ValidationError
from propdesk.core.i18n import Text, bilingual
from propdesk.core.periods import fmt_period, last_day, next_period, period_of, year_start
from propdesk.db.models import Account, AccountMonth, Period, Posting, Voucher
from propdesk.db.upsert import insert_ignore, insert_returning_ids, upsert_add
from propdesk.services import audit, users

# -- messages -------------------------------------------------------------------------------
T_FEW_LINES = bilingual("凭证至少需要两行分录", "A voucher needs at least two lines")
T_UNBALANCED = bilingual(
    "借贷不平衡：借方 {debit}，贷方 {credit}，差额 {diff}",
    "Debits and credits differ: debit {debit}, credit {credit}, difference {diff}",
)
T_ZERO_LINE = bilingual("金额为零", "the amount is zero")
T_BOTH_SIDES = bilingual("借方和贷方只能填一边", "enter either a debit or a credit, not both")
T_NEGATIVE = bilingual("金额不能为负数", "the amount cannot be negative")
T_NOT_INT = bilingual("金额必须以分为单位的整数", "the amount must be whole fen")
T_NO_ACCOUNT = bilingual("科目 {code} 不存在", "account {code} does not exist")
T_NOT_LEAF = bilingual(
    "科目 {code} {name} 有下级科目，只能记到末级科目",
    "account {code} {name} has sub-accounts; post to a leaf account",
)
T_INACTIVE = bilingual("科目 {code} {name} 已停用", "account {code} {name} is disabled")
T_CLOSED = bilingual(
    "{period} 已结账，不能在该期间记账（如需更正，请先反结账）",
    "{period} is closed; nothing can be posted to it (reopen it first to correct it)",
)
T_NO_SUMMARY = bilingual("凭证摘要不能为空", "the voucher needs a summary")
T_LONG_SUMMARY = bilingual("摘要最长 200 字", "a summary is at most 200 characters")
T_BAD_YEAR = bilingual("日期 {date} 超出范围", "date {date} is out of range")
T_CONTROLLED = bilingual(
    "科目 {code} {name} 由{module}自动记账，不能手工录入",
    "account {code} {name} is kept by {module}; it cannot be posted by hand",
)
T_LINE = bilingual("分录", "line")
T_VOUCHER = bilingual("凭证", "voucher")
T_ACCOUNT_FIELD = bilingual("科目", "account")
T_AMOUNT_FIELD = bilingual("金额", "amount")
T_SUMMARY_FIELD = bilingual("摘要", "summary")
T_DATE_FIELD = bilingual("日期", "date")
T_VOUCHER_REFUSED = bilingual(
    "凭证未记账，发现 {count} 处问题：", "The voucher was not posted; {count} problem(s):"
)
T_NO_VOUCHER = bilingual("凭证 {ref} 不存在", "voucher {ref} does not exist")
T_ALREADY_REVERSED = bilingual(
    "凭证 {ref} 已被冲销，不能重复冲销", "voucher {ref} has already been reversed"
)
T_IS_REVERSAL = bilingual(
    "凭证 {ref} 本身是冲销凭证，不能再冲销", "voucher {ref} is itself a reversal"
)
T_IS_CARRY = bilingual(
    "凭证 {ref} 是结账自动生成的，反结账后重新结账即可",
    "voucher {ref} was made by the month-end close; reopen and close again instead",
)
T_REASON_NEEDED = bilingual("请填写原因", "a reason is required")
T_CLOSE_ORDER = bilingual("请先结账 {period}", "close {period} first")
T_ALREADY_CLOSED = bilingual("{period} 已经结账", "{period} is already closed")
T_REOPEN_LATEST = bilingual(
    "只能反结账最近结账的期间 {latest}",
    "only the most recently closed period ({latest}) can be reopened",
)
T_NOT_CLOSED = bilingual("{period} 尚未结账", "{period} is not closed")
T_BAD_CODE = bilingual(
    "科目编码 {code} 应为上级科目 {parent} 加两位数字",
    "account code {code} must be its parent {parent} plus two digits",
)
T_CODE_EXISTS = bilingual("科目编码 {code} 已存在", "account code {code} already exists")
T_PARENT_USED = bilingual(
    "科目 {parent} 已有发生额，不能再增加下级科目",
    "account {parent} already has postings; it cannot get sub-accounts",
)
T_NO_NAME = bilingual("科目名称不能为空", "the account needs a name")
T_CARRY_SUMMARY = bilingual("结转 {period} 损益", "carry {period} profit and loss")
T_YEAR_END_SUMMARY = bilingual("结转 {year} 年本年利润", "carry {year} profit to retained earnings")
T_REVERSAL_SUMMARY = bilingual("冲销 {ref}：{summary}", "reversal of {ref}: {summary}")

SOURCE_MANUAL = "manual"
SOURCE_IMPORT = "import"
# Control accounts whose subsidiary ledgers live in a module; only that module posts to them,
# and to every sub-account beneath them (224101 has one per compound).
CONTROLLED = {
    "112201": bilingual("收费模块", "the fees module"),
    "220301": bilingual("收费模块", "the fees module"),
    "224101": bilingual("公共资源模块", "the common-resources module"),
}
SOURCE_CARRY = "carry"  # 结转损益
SOURCE_YEAR_END = "year_end"  # 年末结转本年利润
SOURCE_REVERSAL = "reversal"
CARRY_SOURCES = (SOURCE_CARRY, SOURCE_YEAR_END)


# -- data crossing the layer ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Line:
    """One line of a voucher to post. Amounts in fen; exactly one side is non-zero."""

    account: str
    debit: int = 0
    credit: int = 0
    summary: str | None = None
    compound_id: int | None = None
    unit_id: int | None = None
    resource_id: int | None = None
    person_id: int | None = None


@dataclass(frozen=True, slots=True)
class NewVoucher:
    date: date
    summary: str
    lines: Sequence[Line]
    attachments: int = 0
    source: str = SOURCE_MANUAL
    reverses_id: int | None = None


@dataclass(frozen=True, slots=True)
class VoucherRef:
    id: int
    period: int
    number: int
    date: date
    word: str = "记"

    @property
    def label(self) -> str:
        return voucher_label(self.period, self.number, self.word)


def voucher_label(period: int, number: int, word: str = "记") -> str:
    return f"{fmt_period(period)} {word}-{number:04d}"


@dataclass(frozen=True, slots=True)
class AccountInfo:
    id: int
    code: str
    name: str
    parent_code: str | None
    category: str
    direction: str
    level: int
    is_leaf: bool
    active: bool

    @property
    def full_name(self) -> str:
        return self.name


# -- accounts --------------------------------------------------------------------------------
def seed_chart(session: Session) -> None:
    """Create the standard chart in an empty book."""
    ids: dict[str, int] = {}
    parents = {a.parent for a in chart.STANDARD_CHART if a.parent}
    for std in chart.STANDARD_CHART:
        acc = Account(
            code=std.code,
            name=std.name,
            parent_id=ids.get(std.parent) if std.parent else None,
            category=std.category.value,
            direction=std.direction,
            level=1 if std.parent is None else 2,
            is_leaf=std.code not in parents,
            standard=True,
            active=True,
        )
        session.add(acc)
        session.flush()
        ids[std.code] = acc.id
    _forget_accounts(session)


@dataclass(frozen=True, slots=True)
class _Chart:
    """The chart of accounts as one book's sessions share it."""

    stamp: tuple[Any, ...]
    by_code: dict[str, AccountInfo]
    by_id: dict[int, AccountInfo]


# Per book (keyed by its engine's connection pool): the chart and the stamp it was read with.
# The chart only grows (seed_chart, add_account; nothing renames or deletes an account), so a
# one-row aggregate over the small account table tells whether it changed, here or in another
# process, for the cost of one indexed read instead of reloading every account.
_CHARTS: WeakKeyDictionary[Any, _Chart] = WeakKeyDictionary()
_ACC = Account.__table__.c
_CHART_STAMP = select(
    func.count(), func.max(_ACC.id), func.sum(case((_ACC.is_leaf, 1), else_=0)),
    func.sum(case((_ACC.active, 1), else_=0)), func.sum(func.length(_ACC.name)),
)  # fmt: skip
_CHART_ROWS = select(
    _ACC.id, _ACC.code, _ACC.name, _ACC.parent_id, _ACC.category, _ACC.direction, _ACC.level,
    _ACC.is_leaf, _ACC.active,
).order_by(_ACC.code)  # fmt: skip


def _load_chart(session: Session) -> _Chart:
    conn = session.connection()
    stamp = tuple(conn.execute(_CHART_STAMP).one())
    # A session that changed the chart reads its own (uncommitted) accounts and keeps them to
    # itself: were it rolled back, the next account could reuse an id with another name.
    shared = not session.info.get("chart_changed")
    key = conn.engine.pool
    if shared:
        found = _CHARTS.get(key)
        if found is not None and found.stamp == stamp:
            return found
    # Plain rows, not ORM objects: loading the chart as entities was half the cost of a
    # small read (a unit's detail ledger, a trial balance).
    rows = conn.execute(_CHART_ROWS).all()
    codes = {r[0]: r[1] for r in rows}
    by_code = {
        code: AccountInfo(acc_id, code, name, codes.get(parent) if parent else None,
                          category, direction, level, bool(is_leaf), bool(active))
        for acc_id, code, name, parent, category, direction, level, is_leaf, active in rows
    }  # fmt: skip
    found = _Chart(stamp, by_code, {a.id: a for a in by_code.values()})
    if shared:
        _CHARTS[key] = found
    return found


def accounts(session: Session) -> dict[str, AccountInfo]:
    """All accounts by code (read only: the dict is shared). Kept per book, checked against
    the account table once per session, and reloaded when the chart changed."""
    cached = session.info.get("accounts")
    if cached is None:
        found = _load_chart(session)
        session.info["accounts_by_id"] = found.by_id
        cached = session.info["accounts"] = found.by_code
    return cached  # type: ignore[no-any-return]


def _forget_accounts(session: Session) -> None:
    session.info.pop("accounts", None)
    session.info.pop("accounts_by_id", None)
    session.info["chart_changed"] = True


def account(session: Session, code: str) -> AccountInfo:
    info = accounts(session).get(code.strip())
    if info is None:
        raise UserError(T_NO_ACCOUNT, code=code)
    return info


def full_name(session: Session, code: str) -> str:
    """'应收账款—物业费' style name walking up the parents."""
    return _full_name(accounts(session), code)


def descendants(session: Session, code: str) -> list[AccountInfo]:
    """The account itself and every account beneath it."""
    return [a for c, a in accounts(session).items() if c.startswith(code)]


def add_account(session: Session, code: str, name: str, parent: str) -> AccountInfo:
    code, name, parent = code.strip(), name.strip(), parent.strip()
    par = account(session, parent)
    if not chart.child_code_ok(parent, code):
        raise UserError(T_BAD_CODE, code=code, parent=parent)
    if code in accounts(session):
        raise UserError(T_CODE_EXISTS, code=code)
    if not name:
        raise UserError(T_NO_NAME)
    used = session.execute(
        select(func.count()).select_from(AccountMonth).where(AccountMonth.account_id == par.id)
    ).scalar_one()
    if used:
        raise UserError(T_PARENT_USED, parent=parent)
    acc = Account(
        code=code, name=name, parent_id=par.id, category=par.category,
        direction=par.direction, level=par.level + 1, is_leaf=True, standard=False, active=True,
    )  # fmt: skip
    session.add(acc)
    if par.is_leaf:
        session.execute(update(Account).where(Account.id == par.id).values(is_leaf=False))
    session.flush()
    audit.record(
        session,
        "account.add",
        "account",
        code,
        after={"code": code, "name": name, "parent": parent},
    )
    _forget_accounts(session)
    return account(session, code)


def ensure_account(session: Session, code: str, name: str) -> AccountInfo:
    """The account with this code, created beneath its parent (code minus two digits) if missing."""
    found = accounts(session).get(code)
    if found is not None:
        return found
    return add_account(session, code, name, code[:-2])


# -- periods ---------------------------------------------------------------------------------
def closed_through(session: Session) -> int | None:
    """The latest closed period; every period up to it is locked."""
    return session.execute(select(func.max(Period.period)).where(Period.closed)).scalar()


def first_voucher_period(session: Session) -> int | None:
    return session.execute(select(func.min(Voucher.period))).scalar()


def current_period(session: Session, today: date | None = None) -> int:
    """The first open period: the month after the last close, else the first month with vouchers."""
    last = closed_through(session)
    if last is not None:
        return next_period(last)
    first = first_voucher_period(session)
    return first if first is not None else period_of(today or date.today())


def controller(code: str) -> Text | None:
    """The module that keeps `code` when it is a control account or lies beneath one."""
    for n in range(6, len(code) + 1, 2):  # control accounts are second-level (6 digits) or below
        owner = CONTROLLED.get(code[:n])
        if owner is not None:
            return owner
    return None


def _full_name(accs: dict[str, AccountInfo], code: str) -> str:
    parts = []
    info: AccountInfo | None = accs.get(code)
    while info is not None:
        parts.append(info.name)
        info = accs.get(info.parent_code) if info.parent_code else None
    return "—".join(reversed(parts))


# -- posting ---------------------------------------------------------------------------------
def _check_voucher(
    v: NewVoucher, accs: dict[str, AccountInfo], locked_through: int | None
) -> list[Problem]:
    problems: list[Problem] = []
    if not (1900 <= v.date.year <= 2999):
        problems.append(Problem(T_BAD_YEAR.format(date=v.date), field=T_DATE_FIELD.format()))
    elif locked_through is not None and period_of(v.date) <= locked_through:
        problems.append(Problem(T_CLOSED.format(period=fmt_period(period_of(v.date)))))
    if not v.summary or not v.summary.strip():
        problems.append(Problem(T_NO_SUMMARY.format(), field=T_SUMMARY_FIELD.format()))
    elif len(v.summary) > 200:
        problems.append(Problem(T_LONG_SUMMARY.format(), field=T_SUMMARY_FIELD.format()))
    if len(v.lines) < 2:
        problems.append(Problem(T_FEW_LINES.format()))
    debit = credit = 0
    # field names are rendered only for a problem: formatting them for every line of a big
    # batch cost more than the checks themselves
    amount = T_AMOUNT_FIELD.format
    acc_field = T_ACCOUNT_FIELD.format
    for i, ln in enumerate(v.lines, start=1):
        if type(ln.debit) is not int or type(ln.credit) is not int:
            problems.append(Problem(T_NOT_INT.format(), row=i, field=amount()))
            continue
        if ln.debit < 0 or ln.credit < 0:
            problems.append(Problem(T_NEGATIVE.format(), row=i, field=amount()))
        elif ln.debit and ln.credit:
            problems.append(Problem(T_BOTH_SIDES.format(), row=i, field=amount()))
        elif not ln.debit and not ln.credit:
            problems.append(Problem(T_ZERO_LINE.format(), row=i, field=amount()))
        debit += ln.debit
        credit += ln.credit
        info = accs.get((ln.account or "").strip())
        if info is None:
            problems.append(Problem(T_NO_ACCOUNT.format(code=ln.account), row=i, field=acc_field()))
        elif not info.is_leaf:
            problems.append(
                Problem(T_NOT_LEAF.format(code=info.code, name=info.name), row=i, field=acc_field())
            )
        elif not info.active:
            problems.append(
                Problem(T_INACTIVE.format(code=info.code, name=info.name), row=i, field=acc_field())
            )
        elif v.source in (SOURCE_MANUAL, SOURCE_IMPORT) and (owner := controller(info.code)):
            name = _full_name(accs, info.code)
            text = T_CONTROLLED.format(code=info.code, name=name, module=owner.format())
            problems.append(Problem(text, row=i, field=acc_field()))
        if ln.summary is not None and len(ln.summary) > 200:
            problems.append(Problem(T_LONG_SUMMARY.format(), row=i, field=T_SUMMARY_FIELD.format()))
    if debit != credit:
        from propdesk.core.money import format_amount

        problems.append(
            Problem(
                T_UNBALANCED.format(
                    debit=format_amount(debit),
                    credit=format_amount(credit),
                    diff=format_amount(debit - credit),
                )
            )
        )
    return problems


_VOUCHER_COLS = ("period", "number", "word", "date", "summary", "attachments", "preparer",
                 "posted_at", "source", "reverses_id")  # fmt: skip
_POSTING_COLS = ("voucher_id", "line_no", "account_id", "period", "date", "summary", "debit",
                 "credit", "compound_id", "unit_id", "resource_id", "person_id")  # fmt: skip
_VOUCHER_INSERT = f"INSERT INTO voucher ({', '.join(_VOUCHER_COLS)}) VALUES ({', '.join('?' * len(_VOUCHER_COLS))})"
_POSTING_INSERT = f"INSERT INTO posting ({', '.join(_POSTING_COLS)}) VALUES ({', '.join('?' * len(_POSTING_COLS))})"
_VOUCHER_IDS = "SELECT number, id FROM voucher WHERE period = ? AND number BETWEEN ? AND ?"


def _same(value: object) -> object:
    return value


def _bind(conn: Connection, column: Column[Any]) -> Callable[[Any], Any]:
    """The function that turns a Python value into what the driver stores for `column`."""
    proc = column.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
    return proc if proc is not None else _same


def post_voucher(session: Session, voucher: NewVoucher) -> VoucherRef:
    """Post one voucher; refused whole, with every problem named, when anything is wrong."""
    return post_vouchers(session, [voucher])[0]


def post_vouchers(
    session: Session, vouchers: Sequence[NewVoucher], *, audit_action: str | None = "voucher.post"
) -> list[VoucherRef]:
    """Post many vouchers in one go (billing runs, imports): one summary update, one audit entry."""
    if not vouchers:
        return []
    if any(v.source in (SOURCE_MANUAL, SOURCE_IMPORT) for v in vouchers):
        users.require(session, "manual_voucher")
    accs = accounts(session)
    locked = closed_through(session)
    problems: list[Problem] = []
    for idx, v in enumerate(vouchers, start=1):
        found = _check_voucher(v, accs, locked)
        if len(vouchers) > 1:
            label = f"{T_VOUCHER.format()} {idx}（{v.date} {v.summary}）"
            found = [Problem(f"{label}: {p}") for p in found]
        problems += found
    if problems:
        raise ValidationError(problems, title=T_VOUCHER_REFUSED)

    user = audit.current_user(session)
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    by_period: dict[int, list[int]] = defaultdict(list)
    for idx, v in enumerate(vouchers):
        by_period[period_of(v.date)].append(idx)
    insert_ignore(
        session,
        Period.__table__,
        [{"period": p, "last_voucher_no": 0, "closed": False} for p in by_period],
    )
    numbers: list[int] = [0] * len(vouchers)
    for p, idxs in sorted(by_period.items()):
        last = session.execute(
            update(Period)
            .where(Period.period == p)
            .values(last_voucher_no=Period.last_voucher_no + len(idxs))
            .returning(Period.last_voucher_no)
        ).scalar_one()
        for k, idx in enumerate(idxs):
            numbers[idx] = last - len(idxs) + 1 + k

    conn = session.connection()
    # Plain tuples through the driver's executemany on SQLite: SQLAlchemy's per-row parameter
    # processing cost more than SQLite's own insert on large batches. Values are bound with
    # the columns' own bind processors, so what is stored is what Core would store.
    fast = conn.dialect.name == "sqlite"
    to_date = _bind(conn, Voucher.__table__.c.date) if fast else _same
    stamp = _bind(conn, Voucher.__table__.c.posted_at)(now) if fast else now
    rows = [
        (period_of(v.date), numbers[i], "记", to_date(v.date), v.summary.strip(), v.attachments,
         user, stamp, v.source, v.reverses_id)
        for i, v in enumerate(vouchers)
    ]  # fmt: skip
    if fast:
        conn.exec_driver_sql(_VOUCHER_INSERT, rows)
        # numbers are contiguous per period within the batch: one range read per period
        by_key: dict[tuple[int, int], int] = {}
        for p, idxs in by_period.items():
            lo, hi = numbers[idxs[0]], numbers[idxs[-1]]
            for number, vid in conn.exec_driver_sql(_VOUCHER_IDS, (p, lo, hi)).all():
                by_key[(p, number)] = vid
        ids = [by_key[(r[0], r[1])] for r in rows]
    else:
        ids = insert_returning_ids(
            session, Voucher.__table__, [dict(zip(_VOUCHER_COLS, r, strict=True)) for r in rows],
            ("period", "number"),
        )  # fmt: skip

    posting_rows = []
    sums: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for vid, v, vrow in zip(ids, vouchers, rows, strict=True):
        p = vrow[0]
        day = vrow[3]
        vsummary = vrow[4]
        carry = v.source in CARRY_SOURCES
        for n, ln in enumerate(v.lines, start=1):
            acc_id = accs[ln.account.strip()].id
            posting_rows.append(
                (vid, n, acc_id, p, day, (ln.summary or vsummary).strip(), ln.debit, ln.credit,
                 ln.compound_id, ln.unit_id, ln.resource_id, ln.person_id)
            )  # fmt: skip
            s = sums[(acc_id, p)]
            s[0] += ln.debit
            s[1] += ln.credit
            if carry:
                s[2] += ln.debit
                s[3] += ln.credit
    if fast:
        conn.exec_driver_sql(_POSTING_INSERT, posting_rows)
    else:
        session.execute(
            insert(Posting.__table__),
            [dict(zip(_POSTING_COLS, r, strict=True)) for r in posting_rows],
        )
    upsert_add(
        session,
        AccountMonth.__table__,
        ("account_id", "period"),
        ("debit", "credit", "carry_debit", "carry_credit"),
        [
            {
                "account_id": a,
                "period": p,
                "debit": s[0],
                "credit": s[1],
                "carry_debit": s[2],
                "carry_credit": s[3],
            }
            for (a, p), s in sums.items()
        ],
    )
    refs = [
        VoucherRef(vid, period_of(v.date), numbers[i], v.date)
        for i, (vid, v) in enumerate(zip(ids, vouchers, strict=True))
    ]
    if audit_action is None:
        pass  # the caller records one entry for the whole business event
    elif len(vouchers) == 1:
        record_voucher(session, audit_action, refs[0], vouchers[0])
    else:
        after: dict[str, object] = {
            "count": len(refs), "first": refs[0].label, "last": refs[-1].label,
            "debit": sum(s[0] for s in sums.values()),
        }  # fmt: skip
        audit.record(
            session, audit_action, "voucher", f"{refs[0].label}..{refs[-1].label}", after=after
        )
    return refs


def record_voucher(session: Session, action: str, ref: VoucherRef, v: NewVoucher) -> None:
    """The audit entry of one posted voucher, with its lines (what post_vouchers records for a
    single voucher; callers posting many vouchers at once may record each one this way)."""
    after: dict[str, object] = {
        "voucher": ref.label, "date": v.date.isoformat(), "summary": v.summary, "source": v.source,
        "lines": [[ln.account, ln.debit, ln.credit, ln.summary] for ln in v.lines],
    }  # fmt: skip
    audit.record(session, action, "voucher", ref.label, after=after)


def find_voucher(session: Session, period: int, number: int) -> Voucher:
    v = session.execute(
        select(Voucher).where(Voucher.period == period, Voucher.number == number)
    ).scalar_one_or_none()
    if v is None:
        raise UserError(T_NO_VOUCHER, ref=voucher_label(period, number))
    return v


def reverse_voucher(session: Session, voucher_id: int, *, on: date, reason: str) -> VoucherRef:
    """Post the reversing voucher (debits and credits swapped) of a posted voucher. A business
    voucher is reversed by its own service (a voided receipt, a reversed expense); reversing a
    hand-entered or imported one is the accountant's (core/roles.py)."""
    if not reason or not reason.strip():
        raise UserError(T_REASON_NEEDED)
    orig = session.get(Voucher, voucher_id)
    if orig is None:
        raise UserError(T_NO_VOUCHER, ref=str(voucher_id))
    if orig.source in (SOURCE_MANUAL, SOURCE_IMPORT):
        users.require(session, "manual_voucher")
    ref = voucher_label(orig.period, orig.number, orig.word)
    if orig.source in CARRY_SOURCES:
        raise UserError(T_IS_CARRY, ref=ref)
    if orig.reverses_id is not None:
        raise UserError(T_IS_REVERSAL, ref=ref)
    if session.execute(select(Voucher.id).where(Voucher.reverses_id == orig.id)).first():
        raise UserError(T_ALREADY_REVERSED, ref=ref)
    lines = [
        Line(
            account=accounts_by_id(session)[p.account_id].code, debit=p.credit, credit=p.debit,
            summary=p.summary, compound_id=p.compound_id, unit_id=p.unit_id,
            resource_id=p.resource_id, person_id=p.person_id,
        )
        for p in orig.postings
    ]  # fmt: skip
    summary = T_REVERSAL_SUMMARY.format(ref=ref, summary=orig.summary)[:200]
    new = NewVoucher(on, summary, lines, source=SOURCE_REVERSAL, reverses_id=orig.id)
    result = post_vouchers(session, [new], audit_action="voucher.reverse")[0]
    audit.record(session, "voucher.reverse.reason", "voucher", ref, reason=reason.strip(),
                 after={"reversal": result.label})  # fmt: skip
    return result


def accounts_by_id(session: Session) -> dict[int, AccountInfo]:
    cached = session.info.get("accounts_by_id")
    if cached is None:
        accounts(session)
        cached = session.info["accounts_by_id"]
    return cached  # type: ignore[no-any-return]


# -- month-end close ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CloseResult:
    period: int
    carry: VoucherRef | None
    year_end: VoucherRef | None


def _balances_through(session: Session, period: int, category: str | None = None) -> dict[int, int]:
    """Net debit balance (debit - credit) of every leaf account up to and including `period`."""
    q = (
        select(AccountMonth.account_id, func.sum(AccountMonth.debit - AccountMonth.credit))
        .where(AccountMonth.period <= period)
        .group_by(AccountMonth.account_id)
    )
    if category is not None:
        q = q.join(Account, Account.id == AccountMonth.account_id).where(
            Account.category == category
        )
    return {a: int(n) for a, n in session.execute(q) if n}


def close_period(session: Session, period: int) -> CloseResult:
    """结账: carry P&L to 本年利润 (and, in December, 本年利润 to 未分配利润); lock the month."""
    users.require(session, "close_period")
    last = closed_through(session)
    label = fmt_period(period)
    if last is not None and period <= last:
        raise UserError(T_ALREADY_CLOSED, period=label)
    if last is not None and period != next_period(last):
        raise UserError(T_CLOSE_ORDER, period=fmt_period(next_period(last)))
    if last is None:
        first = first_voucher_period(session)
        if first is not None and first < period:
            raise UserError(T_CLOSE_ORDER, period=fmt_period(first))
    by_id = accounts_by_id(session)
    end = last_day(period)
    profit_code = chart.CURRENT_YEAR_PROFIT

    carry_ref = None
    pl = _balances_through(session, period, chart.Category.PROFIT_LOSS.value)
    if pl:
        lines = []
        total = 0
        for acc_id, net in sorted(pl.items(), key=lambda kv: by_id[kv[0]].code):
            code = by_id[acc_id].code
            lines.append(Line(code, debit=-net if net < 0 else 0, credit=net if net > 0 else 0))
            total += net
        if total > 0:
            lines.append(Line(profit_code, debit=total))
        elif total < 0:
            lines.append(Line(profit_code, credit=-total))
        carry_ref = post_vouchers(
            session,
            [NewVoucher(end, T_CARRY_SUMMARY.format(period=label), lines, source=SOURCE_CARRY)],
            audit_action="voucher.carry",
        )[0]

    year_ref = None
    if period % 100 == 12:
        profit = _balances_through(session, period).get(account(session, profit_code).id, 0)
        if profit:
            target = chart.UNDISTRIBUTED_PROFIT
            if profit < 0:  # credit balance = profit: move it to the credit of 未分配利润
                lines = [Line(profit_code, debit=-profit), Line(target, credit=-profit)]
            else:
                lines = [Line(target, debit=profit), Line(profit_code, credit=profit)]
            year_ref = post_vouchers(
                session,
                [
                    NewVoucher(
                        end,
                        T_YEAR_END_SUMMARY.format(year=period // 100),
                        lines,
                        source=SOURCE_YEAR_END,
                    )
                ],
                audit_action="voucher.year_end",
            )[0]

    insert_ignore(
        session, Period.__table__, [{"period": period, "last_voucher_no": 0, "closed": False}]
    )
    # earlier months left open can only be empty here (checked above): lock them along
    earlier_open = select(Period.period).where(Period.period < period, Period.closed.is_(False))
    for (earlier,) in session.execute(earlier_open).all():
        session.execute(
            update(Period)
            .where(Period.period == earlier)
            .values(closed=True, digest=period_digest(session, earlier))
        )
    digest = period_digest(session, period)
    user = audit.current_user(session)
    session.execute(
        update(Period)
        .where(Period.period == period)
        .values(
            closed=True,
            closed_at=datetime.now(UTC).replace(tzinfo=None, microsecond=0),
            closed_by=user,
            digest=digest,
        )
    )
    audit.record(session, "period.close", "period", label, after={"digest": digest})
    return CloseResult(period, carry_ref, year_ref)


def reopen_period(session: Session, period: int, reason: str) -> None:
    """反结账: only the latest closed month, with a reason that goes to the audit trail."""
    users.require(session, "close_period")
    if not reason or not reason.strip():
        raise UserError(T_REASON_NEEDED)
    last = closed_through(session)
    label = fmt_period(period)
    if last is None or period > last:
        raise UserError(T_NOT_CLOSED, period=label)
    if period != last:
        raise UserError(T_REOPEN_LATEST, latest=fmt_period(last))
    session.execute(update(Period).where(Period.period == period).values(closed=False, digest=None))
    audit.record(
        session,
        "period.reopen",
        "period",
        label,
        reason=reason.strip(),
        before={"closed": True},
        after={"closed": False},
    )


def period_digest(session: Session, period: int) -> str:
    """A fingerprint of every voucher and posting of a month, kept when the month is closed."""
    h = hashlib.sha256()
    q = (
        select(
            Voucher.id, Voucher.number, Voucher.date, Voucher.summary, Posting.line_no,
            Posting.account_id, Posting.debit, Posting.credit, Posting.summary,
            Posting.compound_id, Posting.unit_id, Posting.resource_id, Posting.person_id,
        )
        .join(Posting, Posting.voucher_id == Voucher.id)
        .where(Voucher.period == period)
        .order_by(Voucher.id, Posting.line_no)
    )  # fmt: skip
    for row in session.execute(q.execution_options(yield_per=5000)):
        h.update(repr(tuple(row)).encode())
        h.update(b"\n")
    return h.hexdigest()


# -- reads -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TBRow:
    """科目余额表 row. Balances are shown on the side their sign puts them (net debit > 0: debit)."""

    code: str
    name: str
    level: int
    is_leaf: bool
    opening_debit: int
    opening_credit: int
    debit: int
    credit: int
    closing_debit: int
    closing_credit: int


@dataclass(frozen=True, slots=True)
class TrialBalance:
    start: int
    end: int
    rows: tuple[TBRow, ...]
    totals: TBRow

    @property
    def balanced(self) -> bool:
        t = self.totals
        return (
            t.opening_debit == t.opening_credit
            and t.debit == t.credit
            and t.closing_debit == t.closing_credit
        )


def _sides(net: int) -> tuple[int, int]:
    return (net, 0) if net > 0 else (0, -net)


_AM = AccountMonth.__table__.c
# Built once: building the statement per call cost as much as running it.
_TB_SUMS = (
    select(
        _AM.account_id,
        func.sum(_AM.debit - _AM.credit).filter(_AM.period < bindparam("start")),
        func.sum(_AM.debit).filter(_AM.period >= bindparam("start")),
        func.sum(_AM.credit).filter(_AM.period >= bindparam("start")),
    )
    .where(_AM.period <= bindparam("end"))
    .group_by(_AM.account_id)
)


def trial_balance(session: Session, start: int, end: int | None = None) -> TrialBalance:
    """科目余额表 for months start..end: opening, movement, closing; parents roll up children."""
    end = start if end is None else end
    by_id = accounts_by_id(session)
    accs = accounts(session)
    agg: dict[str, list[int]] = {}
    rows_in = session.connection().execute(_TB_SUMS, {"start": start, "end": end}).all()
    for acc_id, opening, dr, cr in rows_in:
        opening, dr, cr = int(opening or 0), int(dr or 0), int(cr or 0)
        # roll up into every ancestor
        c: str | None = by_id[acc_id].code
        while c is not None:
            tgt = agg.get(c)
            if tgt is None:
                agg[c] = [opening, dr, cr]
            else:
                tgt[0] += opening
                tgt[1] += dr
                tgt[2] += cr
            c = accs[c].parent_code
    rows = []
    tot = [0] * 6
    for code in sorted(agg):
        opening, dr, cr = agg[code]
        if not (opening or dr or cr):
            continue
        info = accs[code]
        od, oc = _sides(opening)
        cd, cc = _sides(opening + dr - cr)
        rows.append(TBRow(code, info.name, info.level, info.is_leaf, od, oc, dr, cr, cd, cc))
        if info.level == 1:
            for k, v in enumerate((od, oc, dr, cr, cd, cc)):
                tot[k] += v
    totals = TBRow("", "合计", 0, False, *tot)
    return TrialBalance(start, end, tuple(rows), totals)


@dataclass(frozen=True, slots=True)
class JournalRow:
    voucher_id: int
    period: int
    number: int
    date: date
    voucher_summary: str
    line_no: int
    account_code: str
    account_name: str
    summary: str
    debit: int
    credit: int
    source: str

    @property
    def voucher(self) -> str:
        return f"记-{self.number:04d}"


@functools.cache
def _journal_sql(from_start: bool, to_end: bool) -> Any:
    """The journal's statement, built once per kind of range; plain Core columns, so its rows
    come through the connection without the ORM's result machinery (a tenth of an export)."""
    v, p = Voucher.__table__.c, Posting.__table__.c
    q = (
        select(v.id, v.period, v.number, v.date, v.summary, p.line_no, p.account_id, p.summary,
               p.debit, p.credit, v.source)
        .join_from(Voucher.__table__, Posting.__table__, p.voucher_id == v.id)
        .order_by(v.period, v.number, p.line_no)
    )  # fmt: skip
    if from_start:
        q = q.where(v.date >= bindparam("start"))
    if to_end:
        q = q.where(v.date <= bindparam("end"))
    return q


def journal(
    session: Session, start: date | None = None, end: date | None = None, *, batch: int = 5000
) -> Iterator[JournalRow]:
    """序时账: every posting in voucher order, streamed."""
    by_id = accounts_by_id(session)
    q = _journal_sql(start is not None, end is not None)
    # closed when the reader stops early (a page showing the first rows): on PostgreSQL the
    # rows stream through a server-side cursor that must not be left to the garbage collector
    with session.connection().execute(
        q.execution_options(yield_per=batch), {"start": start, "end": end}
    ) as rows:
        for vid, period, number, d, vsum, line_no, acc_id, summary, dr, cr, source in rows:
            acc = by_id[acc_id]
            yield JournalRow(
                vid, period, number, d, vsum, line_no, acc.code, acc.name, summary, dr, cr, source
            )


@dataclass(frozen=True, slots=True)
class LedgerLine:
    """明细账 line; `balance` is the running net debit balance (negative: credit balance)."""

    date: date | None
    voucher: str
    voucher_id: int | None
    summary: str
    account_code: str
    debit: int
    credit: int
    balance: int
    kind: str = "line"  # opening | line | month | year | closing


def _line_maker() -> Callable[..., LedgerLine]:
    """LedgerLine(...) for the ledger's hot loop: the same frozen object, its slots filled
    directly instead of through the generated __init__'s object.__setattr__ per field (1.0 µs
    -> 0.45 µs a line; a unit's ten-year ledger has some 700 lines with its totals)."""
    new = object.__new__
    setters = [LedgerLine.__dict__[name].__set__ for name in LedgerLine.__slots__]
    assert [s.__self__.__name__ for s in setters] == [  # type: ignore[attr-defined]
        "date", "voucher", "voucher_id", "summary", "account_code", "debit", "credit",
        "balance", "kind",
    ]  # fmt: skip
    s0, s1, s2, s3, s4, s5, s6, s7, s8 = setters

    def make(d: date | None, voucher: str, vid: int | None, summary: str, code: str, dr: int,
             cr: int, balance: int, kind: str = "line") -> LedgerLine:  # fmt: skip
        ln = new(LedgerLine)
        s0(ln, d)
        s1(ln, voucher)
        s2(ln, vid)
        s3(ln, summary)
        s4(ln, code)
        s5(ln, dr)
        s6(ln, cr)
        s7(ln, balance)
        s8(ln, kind)
        return ln  # type: ignore[no-any-return]

    return make


_new_line = _line_maker()
_last_day = functools.lru_cache(maxsize=512)(last_day)

_DIMS = ("compound_id", "unit_id", "resource_id", "person_id")


@dataclass(frozen=True, slots=True)
class LedgerFilter:
    compound_id: int | None = None
    unit_id: int | None = None
    resource_id: int | None = None
    person_id: int | None = None

    def any(self) -> bool:
        return any(
            v is not None
            for v in (self.compound_id, self.unit_id, self.resource_id, self.person_id)
        )

    def where(self) -> list:  # type: ignore[type-arg]
        conds = []
        for name in _DIMS:
            v = getattr(self, name)
            if v is not None:
                conds.append(getattr(Posting, name) == v)
        return conds


T_OPENING = bilingual("期初余额", "Opening balance")
T_MONTH_TOTAL = bilingual("本月合计", "Month total")
T_YEAR_TOTAL = bilingual("本年累计", "Year to date")
T_CLOSING = bilingual("期末余额", "Closing balance")


_PC = Posting.__table__.c
_VC = Voucher.__table__.c


@dataclass(frozen=True, slots=True)
class _LedgerSQL:
    opening: tuple[Any, ...]  # one or two sums whose total is the opening balance
    year: Any  # this year's debits and credits before the start
    lines: Any


@functools.cache
def _ledger_sql(dims: tuple[str, ...]) -> _LedgerSQL:
    """The detail ledger's statements for a filter on `dims`, built once (building them per
    call cost as much as the indexed reads of a unit's ledger)."""
    ids = _PC.account_id.in_(bindparam("ids", expanding=True))
    conds = [_PC[d] == bindparam(d) for d in dims]
    if dims:
        opening: tuple[Any, ...] = (
            select(func.sum(_PC.debit - _PC.credit)).where(ids, _PC.date < bindparam("start"), *conds),
        )  # fmt: skip
    else:  # the month summaries before the start's month, the postings of its first days
        opening = (
            select(func.sum(_AM.debit - _AM.credit)).where(
                _AM.account_id.in_(bindparam("ids", expanding=True)), _AM.period < bindparam("p")
            ),
            select(func.sum(_PC.debit - _PC.credit)).where(
                ids, _PC.period == bindparam("p"), _PC.date < bindparam("start")
            ),
        )
    year = select(func.sum(_PC.debit), func.sum(_PC.credit)).where(
        ids, _PC.period >= bindparam("year_from"), _PC.date < bindparam("start"), *conds
    )
    lines = (
        select(_PC.date, _VC.number, _VC.id, _PC.summary, _PC.account_id, _PC.debit, _PC.credit,
               _PC.period)
        .join_from(Posting.__table__, Voucher.__table__, _VC.id == _PC.voucher_id)
        .where(ids, _PC.date >= bindparam("start"), _PC.date <= bindparam("end"), *conds)
        # = date, voucher number, line: posting ids ascend with voucher numbers and lines (both
        # are given in posting order), and this order needs no sort after the index
        .order_by(_PC.date, _PC.id)
        .execution_options(yield_per=5000)
    )  # fmt: skip
    return _LedgerSQL(opening, year, lines)


def detail_ledger(
    session: Session,
    code: str,
    start: date,
    end: date,
    flt: LedgerFilter | None = None,
    *,
    subtotals: bool = True,
) -> Iterator[LedgerLine]:
    """明细账 of an account (and everything beneath it): opening, lines with running balance,
    month totals and year-to-date totals, closing."""
    flt = flt or LedgerFilter()
    ids = [a.id for a in descendants(session, account(session, code).code)]
    by_id = accounts_by_id(session)
    dims = tuple(d for d in _DIMS if getattr(flt, d) is not None)
    sql = _ledger_sql(dims)
    year_from = year_start(period_of(start))
    params: dict[str, Any] = {"ids": ids, "start": start, "end": end, "p": period_of(start),
                              "year_from": year_from, **{d: getattr(flt, d) for d in dims}}  # fmt: skip
    # plain rows through the session's connection: the ORM result machinery cost more than
    # the indexed query itself for a unit's few hundred lines
    conn = session.connection()
    balance = sum(int(conn.execute(q, params).scalar() or 0) for q in sql.opening)
    yield LedgerLine(start, "", None, T_OPENING.format(), code, 0, 0, balance, "opening")
    month_dr = month_cr = year_dr = year_cr = 0
    cur_period: int | None = None
    if subtotals and period_of(start) != year_from:
        # year-to-date totals start from January even when the ledger starts later
        ytd = conn.execute(sql.year, params).one()
        year_dr, year_cr = int(ytd[0] or 0), int(ytd[1] or 0)

    month_label, year_label = T_MONTH_TOTAL.format(), T_YEAR_TOTAL.format()

    def totals(p: int) -> Iterator[LedgerLine]:
        d = _last_day(p)
        yield _new_line(d, "", None, month_label, code, month_dr, month_cr, balance, "month")
        yield _new_line(d, "", None, year_label, code, year_dr, year_cr, balance, "year")

    # closed when the reader stops early: a server-side cursor on PostgreSQL (see journal)
    with conn.execute(sql.lines, params) as lines:
        for d, number, vid, summary, acc_id, dr, cr, p in lines:
            if subtotals and cur_period is not None and p != cur_period:
                yield from totals(cur_period)
                month_dr = month_cr = 0
                if p // 100 != cur_period // 100:
                    year_dr = year_cr = 0
            cur_period = p
            balance += dr - cr
            month_dr += dr
            month_cr += cr
            year_dr += dr
            year_cr += cr
            yield _new_line(
                d, f"记-{number:04d}", vid, summary, by_id[acc_id].code, dr, cr, balance
            )
    if subtotals and cur_period is not None:
        yield from totals(cur_period)
    yield LedgerLine(end, "", None, T_CLOSING.format(), code, 0, 0, balance, "closing")


@dataclass(frozen=True, slots=True)
class GLRow:
    """总账 row: the year's opening, then per month its movement, year-to-date and balance."""

    period: int | None
    label: str
    debit: int
    credit: int
    balance: int
    kind: str  # opening | month | year


def general_ledger(session: Session, code: str, year: int) -> list[GLRow]:
    ids = [a.id for a in descendants(session, account(session, code).code)]
    first = year * 100 + 1
    opening = session.execute(
        select(func.sum(AccountMonth.debit - AccountMonth.credit)).where(
            AccountMonth.account_id.in_(ids), AccountMonth.period < first
        )
    ).scalar()
    balance = int(opening or 0)
    rows = [GLRow(None, T_OPENING.format(), 0, 0, balance, "opening")]
    months = session.execute(
        select(AccountMonth.period, func.sum(AccountMonth.debit), func.sum(AccountMonth.credit))
        .where(
            AccountMonth.account_id.in_(ids), AccountMonth.period.between(first, year * 100 + 12)
        )
        .group_by(AccountMonth.period)
        .order_by(AccountMonth.period)
    ).all()
    ydr = ycr = 0
    for p, dr, cr in months:
        dr, cr = int(dr), int(cr)
        ydr += dr
        ycr += cr
        balance += dr - cr
        rows.append(GLRow(p, T_MONTH_TOTAL.format(), dr, cr, balance, "month"))
        rows.append(GLRow(p, T_YEAR_TOTAL.format(), ydr, ycr, balance, "year"))
    return rows


def balance_side(net: int, direction: str = chart.DEBIT) -> tuple[str, int]:
    """('借' | '贷' | '平', amount) as a ledger prints the balance."""
    if net == 0:
        return "平", 0
    return ("借", net) if net > 0 else ("贷", -net)


def voucher_lines(session: Session, voucher_id: int) -> list[JournalRow]:
    v = session.get(Voucher, voucher_id)
    if v is None:
        raise UserError(T_NO_VOUCHER, ref=str(voucher_id))
    by_id = accounts_by_id(session)
    return [
        JournalRow(v.id, v.period, v.number, v.date, v.summary, p.line_no, by_id[p.account_id].code,
                   by_id[p.account_id].name, p.summary, p.debit, p.credit, v.source)
        for p in v.postings
    ]  # fmt: skip


__all__ = [
    "AccountInfo", "CloseResult", "GLRow", "JournalRow", "LedgerFilter", "LedgerLine", "Line",
    "NewVoucher", "TBRow", "TrialBalance", "VoucherRef", "account", "accounts", "add_account",
    "close_period", "closed_through", "current_period", "detail_ledger", "ensure_account",
    "general_ledger", "journal", "post_voucher", "post_vouchers", "reopen_period",
    "reverse_voucher", "seed_chart", "trial_balance",
]  # fmt: skip

_unused = (and_, field, replace, Iterable)
