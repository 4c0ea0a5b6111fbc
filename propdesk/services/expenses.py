"""The company's expenses (支出): categories mapped to cost and expense accounts, one voucher each.

An expense posts Dr its category's account (5401 主营业务成本, 5602 管理费用, 5603 财务费用 or
5711 营业外支出, on the standard sub-accounts created on first use) / Cr 1001 库存现金,
1002 银行存款, 2202 应付账款 (paid later by `pay_payable`) or 221101 应付职工薪酬—工资.
Vouchers carry source "expense" (payments of payables "expense_pay"), so the books themselves
are the record: the list and the totals are read from vouchers and postings. What a posting
cannot hold (the payee, the evidence files' names and hashes, which expense a payment settles)
goes to the audit trail entry of the expense, entity "expense" and the voucher's id.
Trial-service costs (trial.py) post through `post_cost` too, with source "trial", and show here.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from propdesk.core.errors import UserError
from propdesk.core.i18n import Text, bilingual
from propdesk.core.money import format_amount
from propdesk.core.periods import fmt_period, period_of
from propdesk.db.models import Account, AuditEntry, Compound, Posting, Voucher
from propdesk.services import audit, ledger, users
from propdesk.services.ledger import Line, NewVoucher, VoucherRef

if TYPE_CHECKING:
    from propdesk.services.votes import Evidence

SOURCE = "expense"
SOURCE_PAY = "expense_pay"
SOURCE_TRIAL = "trial"  # trial-service costs (trial.record_service)
SOURCES = (SOURCE, SOURCE_TRIAL)
ENTITY = "expense"


@dataclass(frozen=True, slots=True)
class Category:
    """An expense category and the account it posts to: `account_name` beneath `parent`
    (found by name, else created, preferably at `code`), or `parent` itself when None."""

    key: str
    label: Text
    parent: str
    code: str
    account_name: str | None


# The 5401 names match the demo book's sub-accounts and trial.py's 540105, so both find them.
CATEGORIES: dict[str, Category] = {c.key: c for c in (
    Category("staff", bilingual("人工", "Staff"), "5401", "540101", "人工成本"),
    Category("cleaning", bilingual("保洁绿化", "Cleaning and greening"), "5401", "540102", "清洁绿化"),
    Category("repairs", bilingual("维修", "Repairs"), "5401", "540103", "维修材料"),
    Category("utilities", bilingual("水电", "Water and power"), "5401", "540104", "公共水电"),
    Category("trial", bilingual("试运行服务", "Trial service"), "5401", "540105", "试运行服务成本"),
    Category("rubbish", bilingual("垃圾清运", "Rubbish removal"), "5401", "540106", "垃圾清运费"),
    Category("security", bilingual("秩序维护", "Security"), "5401", "540107", "秩序维护费"),
    Category("office", bilingual("办公", "Office"), "5602", "560202", "办公费"),
    Category("admin_staff", bilingual("管理人员薪酬", "Management staff"), "5602", "560203", "人工费"),
    Category("grid", bilingual("网格运营", "Grid operations"), "5602", "560204", "网格运营费"),
    Category("travel", bilingual("差旅交通", "Travel"), "5602", "560205", "差旅费"),
    Category("other_admin", bilingual("其他管理费用", "Other admin"), "5602", "560299", "其他"),
    Category("finance", bilingual("财务费用", "Finance costs"), "5603", "5603", None),
    Category("non_operating", bilingual("营业外支出", "Non-operating"), "5711", "5711", None),
)}  # fmt: skip
CATEGORY_BY_LABEL = (
    {c.label.zh: k for k, c in CATEGORIES.items()}
    | {c.label.en.lower(): k for k, c in CATEGORIES.items()}
    | {k: k for k in CATEGORIES}
)

METHODS = {
    "cash": bilingual("现金", "Cash"),
    "bank": bilingual("银行", "Bank"),
    "payable": bilingual("应付账款", "Payable"),
    "salary": bilingual("应付工资", "Wages payable"),
}
METHOD_BY_LABEL = {t.zh: k for k, t in METHODS.items()} | {k: k for k in METHODS} | {
    "银行转账": "bank", "转账": "bank", "赊账": "payable", "应付": "payable", "工资": "salary",
}  # fmt: skip
METHOD_ACCOUNTS = {
    "cash": ("1001", None),
    "bank": ("1002", None),
    "payable": ("2202", None),
    "salary": ("221101", "工资"),
}
PAYABLE_METHODS = ("payable", "salary")
PAY_METHODS = ("cash", "bank")

T_BAD_CATEGORY = bilingual(
    "支出类别「{category}」无效，应为：{allowed}",
    'expense category "{category}" is invalid; expected: {allowed}',
)
T_BAD_METHOD = bilingual(
    "付款方式「{method}」无效，应为：{allowed}",
    'payment method "{method}" is invalid; expected: {allowed}',
)
T_AMOUNT = bilingual("金额必须大于零", "the amount must be greater than zero")
T_LONG_PAYEE = bilingual("收款方最长 100 字", "a payee is at most 100 characters")
T_NO_COMPOUND = bilingual("小区 {id} 不存在", "compound {id} does not exist")
T_NO_EXPENSE = bilingual("支出凭证 {ref} 不存在", "expense voucher {ref} does not exist")
T_NOT_EXPENSE = bilingual("凭证 {ref} 不是支出凭证", "voucher {ref} is not an expense")
T_NOT_PAYABLE = bilingual(
    "支出 {ref} 已当时付款（{method}），没有应付款可支付",
    "expense {ref} was paid at once ({method}); nothing is payable",
)
T_REVERSED = bilingual("支出 {ref} 已冲销", "expense {ref} has been reversed")
T_PAID_UP = bilingual("支出 {ref} 的应付款已付清", "expense {ref} is paid in full")
T_OVERPAY = bilingual(
    "付款 {amount} 超过支出 {ref} 的未付金额 {outstanding}",
    "paying {amount} exceeds the {outstanding} still owed on expense {ref}",
)
T_PAID_FIRST = bilingual(
    "支出 {ref} 已有付款 {payments}，请先冲销付款",
    "expense {ref} has payments ({payments}); reverse them first",
)
T_BEFORE = bilingual(
    "日期 {date} 早于支出日期 {expense_date}", "date {date} is before the expense ({expense_date})"
)
T_PAY_SUMMARY = bilingual("支付{payee}应付款：{summary}", "paid {payee}: {summary}")
T_CLOSED = ledger.T_CLOSED


@dataclass(frozen=True, slots=True)
class NewExpense:
    """An expense to record. `amount` in fen; `compound_id` None for the company as a whole."""

    date: date
    category: str
    amount: int
    payee: str = ""
    method: str = "bank"
    compound_id: int | None = None
    summary: str = ""
    evidence: Sequence[Evidence] = ()


@dataclass(frozen=True, slots=True)
class ExpenseRow:
    voucher_id: int
    voucher: str  # 2026-03 记-0007
    date: date
    category: str  # key ('' when the account belongs to no category)
    category_label: str
    account: str
    account_name: str
    amount: int
    payee: str
    method: str
    compound_id: int | None
    compound: str
    summary: str
    evidence: tuple[str, ...]
    source: str
    reversed_by: str | None
    paid: int  # of a payable: paid so far by pay_payable
    outstanding: int  # of a payable: still owed

    @property
    def period(self) -> int:
        return period_of(self.date)

    @property
    def reversed(self) -> bool:
        return self.reversed_by is not None


@dataclass(frozen=True, slots=True)
class ExpenseTotal:
    """Net expense (reversals deducted in their month) of a category, per compound if asked."""

    category: str
    label: str
    account: str
    amount: int
    compound_id: int | None = None
    compound: str = ""


# -- categories and accounts -------------------------------------------------------------------
def category_key(text: str) -> str:
    s = (text or "").strip()
    key = CATEGORY_BY_LABEL.get(s) or CATEGORY_BY_LABEL.get(s.lower())
    if key is None:
        allowed = " / ".join(c.label.format() for c in CATEGORIES.values())
        raise UserError(T_BAD_CATEGORY, category=text, allowed=allowed)
    return key


def method_key(text: str, allowed: Sequence[str] = tuple(METHODS)) -> str:
    s = (text or "").strip()
    key = METHOD_BY_LABEL.get(s) or METHOD_BY_LABEL.get(s.lower())
    if key is None or key not in allowed:
        names = " / ".join(f"{k}（{METHODS[k].format()}）" for k in allowed)
        raise UserError(T_BAD_METHOD, method=text, allowed=names)
    return key


def category_account(session: Session, key: str, *, create: bool = True) -> str | None:
    """The leaf account a category posts to; created beneath its parent on first use (None
    when it does not exist yet and `create` is off)."""
    cat = CATEGORIES[category_key(key)]
    accs = ledger.accounts(session)
    parent = accs[cat.parent]
    if cat.account_name is None and parent.is_leaf:
        return parent.code
    name = cat.account_name or cat.label.zh
    for code, info in accs.items():
        if info.parent_code == cat.parent and info.name == name:
            return code
    if not create:
        return None
    code = cat.code
    if code in accs or len(code) != len(cat.parent) + 2:
        # the preferred code is taken (or the parent grew sub-accounts): the first free one
        # that is no other category's preferred code
        preferred = {c.code for c in CATEGORIES.values()}
        free = (f"{cat.parent}{n:02d}" for n in range(1, 100))
        code = next(c for c in free if c not in accs and c not in preferred)
    return ledger.add_account(session, code, name, cat.parent).code


def category_accounts(session: Session) -> dict[str, str]:
    """Account code -> category key, for the categories whose accounts exist."""
    out: dict[str, str] = {}
    for key in CATEGORIES:
        code = category_account(session, key, create=False)
        if code is not None:
            out.setdefault(code, key)
    return out


def _credit_account(session: Session, method: str) -> str:
    code, name = METHOD_ACCOUNTS[method]
    if name is not None:
        ledger.ensure_account(session, code, name)
    return code


def _open(session: Session, on: date) -> None:
    locked = ledger.closed_through(session)
    if locked is not None and period_of(on) <= locked:
        raise UserError(T_CLOSED, period=fmt_period(period_of(on)))


# -- recording -----------------------------------------------------------------------------------
def post_cost(
    session: Session, on: date, category: str, amount: int, credit: str, summary: str, *,
    compound_id: int | None = None, source: str = SOURCE, attachments: int = 0,
    audit_action: str | None = "voucher.post",
) -> VoucherRef:  # fmt: skip
    """The voucher of one expense: Dr the category's account / Cr `credit`, both lines carrying
    the compound. Shared by `record_expense` and trial-service costs."""
    if type(amount) is not int:
        raise TypeError(f"an amount is int fen, got {type(amount).__name__}")
    if amount <= 0:
        raise UserError(T_AMOUNT)
    _open(session, on)
    debit = category_account(session, category)
    assert debit is not None
    return ledger.post_vouchers(session, [NewVoucher(on, summary[:200], [
        Line(debit, debit=amount, compound_id=compound_id),
        Line(credit, credit=amount, compound_id=compound_id),
    ], attachments=attachments, source=source)], audit_action=audit_action)[0]  # fmt: skip


def record_expense(session: Session, new: NewExpense) -> VoucherRef:
    """Record an expense: one balanced voucher, refused whole (closed month, amount not above
    zero, unknown category or method, unknown compound) with the book unchanged."""
    users.require(session, "expense")
    key = category_key(new.category)
    method = method_key(new.method)
    if type(new.amount) is not int:
        raise TypeError(f"an amount is int fen, got {type(new.amount).__name__}")
    if new.amount <= 0:
        raise UserError(T_AMOUNT)
    payee = " ".join((new.payee or "").split())
    if len(payee) > 100:
        raise UserError(T_LONG_PAYEE)
    compound = None
    if new.compound_id is not None:
        compound = session.get(Compound, new.compound_id)
        if compound is None:
            raise UserError(T_NO_COMPOUND, id=new.compound_id)
    _open(session, new.date)
    summary = " ".join((new.summary or "").split()) or CATEGORIES[key].label.format()
    if payee and payee not in summary:
        summary = f"{summary}（{payee}）"
    if compound is not None and compound.name not in summary:
        summary = f"{compound.name} {summary}"
    ref = post_cost(session, new.date, key, new.amount, _credit_account(session, method), summary,
                    compound_id=new.compound_id, attachments=len(new.evidence),
                    audit_action=None)  # fmt: skip
    audit.record(session, "expense.add", ENTITY, ref.id, after={
        "voucher": ref.label, "date": new.date.isoformat(), "category": key, "amount": new.amount,
        "payee": payee, "method": method, "compound_id": new.compound_id, "summary": summary[:200],
        "evidence": [[e.name, e.sha256] for e in new.evidence],
    })  # fmt: skip
    return ref


def _voucher(session: Session, voucher_id: int) -> Voucher:
    v = session.get(Voucher, voucher_id)
    if v is None:
        raise UserError(T_NO_EXPENSE, ref=str(voucher_id))
    return v


def _label(v: Voucher) -> str:
    return ledger.voucher_label(v.period, v.number, v.word)


def _reversed_ids(session: Session, ids: Sequence[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(
        select(Voucher.reverses_id, Voucher.period, Voucher.number, Voucher.word).where(
            Voucher.reverses_id.in_(ids)
        )
    ).all()
    return {r[0]: ledger.voucher_label(r[1], r[2], r[3]) for r in rows if r[0] is not None}


def _entries(session: Session, action: str, ids: Sequence[int]) -> dict[int, list[dict]]:  # type: ignore[type-arg]
    out: dict[int, list[dict]] = defaultdict(list)  # type: ignore[type-arg]
    keys = [str(i) for i in ids]
    for chunk in range(0, len(keys), 500):
        rows = session.execute(
            select(AuditEntry.entity_id, AuditEntry.after)
            .where(AuditEntry.entity == ENTITY, AuditEntry.action == action,
                   AuditEntry.entity_id.in_(keys[chunk : chunk + 500]))
            .order_by(AuditEntry.id)
        ).all()  # fmt: skip
        for eid, after in rows:
            if eid is None:
                continue
            out[int(eid)].append(json.loads(after) if after else {})
    return out


def _payments(session: Session, ids: Sequence[int]) -> dict[int, list[tuple[int, int]]]:
    """Expense voucher id -> [(payment voucher id, amount)] of the payments not reversed."""
    found = _entries(session, "expense.pay", ids)
    pay_ids = [p["payment_id"] for entries in found.values() for p in entries]
    undone = _reversed_ids(session, pay_ids)
    return {
        vid: [(p["payment_id"], p["amount"]) for p in entries if p["payment_id"] not in undone]
        for vid, entries in found.items()
    }


def _liability(session: Session, v: Voucher) -> tuple[str, int]:
    """(account code, amount) of the credit line of an expense voucher."""
    by_id = ledger.accounts_by_id(session)
    for p in v.postings:
        if p.credit:
            return by_id[p.account_id].code, p.credit
    raise UserError(T_NOT_EXPENSE, ref=_label(v))


def _method_of(code: str) -> str:
    for m, (acc, _name) in METHOD_ACCOUNTS.items():
        if code == acc:
            return m
    return "cash" if code.startswith("1001") else "bank" if code.startswith("10") else code


def pay_payable(
    session: Session, voucher_id: int, on: date, *, method: str = "bank", amount: int | None = None
) -> VoucherRef:
    """Pay (all or part of) what an expense left owing on 2202 应付账款 or 221101 工资:
    Dr the liability / Cr 1001 or 1002; `amount` None pays what is still owed."""
    users.require(session, "expense")
    v = _voucher(session, voucher_id)
    ref = _label(v)
    if v.source != SOURCE:
        raise UserError(T_NOT_EXPENSE, ref=ref)
    m = method_key(method, PAY_METHODS)
    liability, owed = _liability(session, v)
    kind = _method_of(liability)
    if kind not in PAYABLE_METHODS:
        raise UserError(
            T_NOT_PAYABLE, ref=ref, method=METHODS[kind].format() if kind in METHODS else kind
        )
    if _reversed_ids(session, [v.id]):
        raise UserError(T_REVERSED, ref=ref)
    if on < v.date:
        raise UserError(T_BEFORE, date=on, expense_date=v.date)
    outstanding = owed - sum(a for _, a in _payments(session, [v.id]).get(v.id, []))
    if outstanding <= 0:
        raise UserError(T_PAID_UP, ref=ref)
    if amount is None:
        amount = outstanding
    if type(amount) is not int:
        raise TypeError(f"an amount is int fen, got {type(amount).__name__}")
    if amount <= 0:
        raise UserError(T_AMOUNT)
    if amount > outstanding:
        raise UserError(T_OVERPAY, amount=format_amount(amount), ref=ref,
                        outstanding=format_amount(outstanding))  # fmt: skip
    _open(session, on)
    meta = _entries(session, "expense.add", [v.id]).get(v.id, [{}])[-1]
    payee = meta.get("payee") or ""
    summary = T_PAY_SUMMARY.format(payee=payee, summary=v.summary)[:200]
    compound_id = v.postings[0].compound_id
    pay = ledger.post_vouchers(session, [NewVoucher(on, summary, [
        Line(liability, debit=amount, compound_id=compound_id),
        Line(_credit_account(session, m), credit=amount, compound_id=compound_id),
    ], source=SOURCE_PAY)], audit_action=None)[0]  # fmt: skip
    audit.record(session, "expense.pay", ENTITY, v.id, after={
        "expense": ref, "payment": pay.label, "payment_id": pay.id, "amount": amount, "method": m,
        "date": on.isoformat()})  # fmt: skip
    return pay


def reverse_expense(session: Session, voucher_id: int, *, on: date, reason: str) -> VoucherRef:
    """Reverse an expense (or a payment of one) with a reversing voucher dated `on`; an expense
    whose payable has been paid is reversed after its payments."""
    users.require(session, "expense")
    v = _voucher(session, voucher_id)
    ref = _label(v)
    if v.source not in (*SOURCES, SOURCE_PAY):
        raise UserError(T_NOT_EXPENSE, ref=ref)
    if v.source == SOURCE:
        paid = _payments(session, [v.id]).get(v.id, [])
        if paid:
            labels = ", ".join(_label(_voucher(session, pid)) for pid, _ in paid)
            raise UserError(T_PAID_FIRST, ref=ref, payments=labels)
    _open(session, on)
    result = ledger.reverse_voucher(session, v.id, on=on, reason=reason)
    audit.record(session, "expense.reverse", ENTITY, v.id, reason=reason.strip(),
                 after={"expense": ref, "reversal": result.label})  # fmt: skip
    return result


# -- reads ---------------------------------------------------------------------------------------
def list_expenses(
    session: Session, start: int | None = None, end: int | None = None, *,
    compound_id: int | None = None, category: str | None = None,
) -> list[ExpenseRow]:  # fmt: skip
    """Expenses (and trial-service costs) of months start..end, oldest first; reversed ones
    are listed with the reversal that undid them."""
    end = start if end is None and start is not None else end
    by_id = ledger.accounts_by_id(session)
    cats = category_accounts(session)
    q = (
        select(Voucher.id, Voucher.period, Voucher.number, Voucher.word, Voucher.date,
               Voucher.summary, Voucher.source, Posting.account_id, Posting.debit, Posting.credit,
               Posting.compound_id)
        .join(Posting, Posting.voucher_id == Voucher.id)
        .where(Voucher.source.in_(SOURCES))
        .order_by(Voucher.date, Voucher.period, Voucher.number, Posting.line_no)
    )  # fmt: skip
    if start is not None:
        q = q.where(Voucher.period >= start)
    if end is not None:
        q = q.where(Voucher.period <= end)
    if compound_id is not None:
        q = q.where(Posting.compound_id == compound_id)
    want: str | None = None
    if category:
        key = category_key(category)
        want = category_account(session, key, create=False)
        if want is None:
            return []
    heads: dict[int, dict] = {}  # type: ignore[type-arg]
    for vid, period, number, word, day, summary, source, acc_id, dr, _cr, cid in session.execute(q):
        h = heads.setdefault(vid, {
            "label": ledger.voucher_label(period, number, word), "date": day, "summary": summary,
            "source": source, "account": None, "amount": 0, "credit": None, "compound_id": cid,
        })  # fmt: skip
        code = by_id[acc_id].code
        if dr:
            h["amount"] += dr
            h["account"] = h["account"] or code
        elif h["credit"] is None:
            h["credit"] = code
    if want is not None:
        heads = {k: h for k, h in heads.items() if h["account"] == want}
    ids = list(heads)
    undone = _reversed_ids(session, ids)
    meta = {k: e[-1] for k, e in _entries(session, "expense.add", ids).items()}
    payments = _payments(session, ids)
    names = dict(session.execute(select(Compound.id, Compound.name)).all())
    rows = []
    for vid, h in heads.items():
        code = h["account"] or ""
        key = cats.get(code, "")
        m = meta.get(vid, {})
        method = _method_of(h["credit"] or "")
        owed = h["amount"] if method in PAYABLE_METHODS else 0
        paid = sum(a for _, a in payments.get(vid, []))
        rows.append(ExpenseRow(
            vid, h["label"], h["date"], key,
            CATEGORIES[key].label.format() if key else "",
            code, ledger.full_name(session, code) if code else "", h["amount"],
            m.get("payee") or "", method, h["compound_id"], names.get(h["compound_id"], ""),
            h["summary"], tuple(e[0] for e in m.get("evidence") or ()), h["source"],
            undone.get(vid), paid, 0 if vid in undone else owed - paid,
        ))  # fmt: skip
    return rows


def totals(
    session: Session, start: int, end: int | None = None, *, compound_id: int | None = None,
    by_compound: bool = False,
) -> list[ExpenseTotal]:  # fmt: skip
    """Net expense per category (and compound) of months start..end: what the expense and
    trial vouchers and their reversals posted to the categories' accounts in those months."""
    end = start if end is None else end
    orig = aliased(Voucher)
    q = (
        select(Posting.account_id, Posting.compound_id, Posting.debit, Posting.credit)
        .join(Voucher, Voucher.id == Posting.voucher_id)
        .join(orig, orig.id == Voucher.reverses_id, isouter=True)
        .join(Account, Account.id == Posting.account_id)
        .where(Posting.period.between(start, end), Account.category == "pl",
               or_(Voucher.source.in_(SOURCES), orig.source.in_(SOURCES)))
    )  # fmt: skip
    if compound_id is not None:
        q = q.where(Posting.compound_id == compound_id)
    by_id = ledger.accounts_by_id(session)
    cats = category_accounts(session)
    sums: dict[tuple[str, int | None], int] = defaultdict(int)
    for acc_id, cid, dr, cr in session.execute(q):
        sums[(by_id[acc_id].code, cid if by_compound else None)] += dr - cr
    names = dict(session.execute(select(Compound.id, Compound.name)).all()) if by_compound else {}
    order = {k: i for i, k in enumerate(CATEGORIES)}
    out = []
    for (code, cid), amount in sums.items():
        key = cats.get(code, "")
        label = CATEGORIES[key].label.format() if key else ledger.full_name(session, code)
        compound = names.get(cid, "") if cid is not None else ""
        out.append(ExpenseTotal(key, label, code, amount, cid, compound))
    out.sort(key=lambda t: (order.get(t.category, len(order)), t.account, t.compound))
    return out


def month_totals(
    session: Session, period: int, *, compound_id: int | None = None, by_compound: bool = False
) -> list[ExpenseTotal]:
    """`totals` of one month."""
    return totals(session, period, compound_id=compound_id, by_compound=by_compound)


__all__ = [
    "CATEGORIES", "METHODS", "ExpenseRow", "ExpenseTotal", "NewExpense", "category_account",
    "category_key", "list_expenses", "month_totals", "pay_payable", "post_cost",
    "record_expense", "reverse_expense", "totals",
]  # fmt: skip
