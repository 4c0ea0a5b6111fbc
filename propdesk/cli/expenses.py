"""Expense commands: record an expense (one voucher), list them, the categories, pay a payable
later and reverse an expense."""

from __future__ import annotations

import argparse
from datetime import date

from propdesk.cli.base import open_book, print_json, print_table
from propdesk.core.i18n import bilingual
from propdesk.core.money import format_amount, parse_fen, plain
from propdesk.core.periods import parse_date, parse_period

T_ADDED = bilingual(
    "已记支出 {amount}（凭证 {voucher}）", "Expense {amount} recorded (voucher {voucher})"
)
T_PAID = bilingual("已支付应付款 {amount}（凭证 {voucher}）", "Paid {amount} (voucher {voucher})")
T_REVERSED = bilingual("已冲销支出 {orig}，冲销凭证 {ref}", "Expense {orig} reversed by {ref}")
T_TOTAL = bilingual("合计", "Total")
T_HEADERS = bilingual(
    "凭证|日期|类别|金额|收款方|付款方式|小区|摘要|状态",
    "Voucher|Date|Category|Amount|Payee|Method|Compound|Summary|Status",
)
T_CAT_HEADERS = bilingual("类别|名称|科目", "Key|Category|Account")
T_REVERSED_BY = bilingual("已冲销（{ref}）", "reversed ({ref})")
T_OWING = bilingual("未付 {amount}", "owing {amount}")


def _day(text: str | None) -> date:
    return parse_date(text) if text else date.today()


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    exp = sub.add_parser("expense", help="the company's expenses (支出)").add_subparsers(
        dest="sub", required=True)  # fmt: skip
    p = exp.add_parser("add", help="record an expense; prints its voucher number")
    p.add_argument("--date", default=None, help="YYYY-MM-DD (default: today)")
    p.add_argument("--category", required=True, help="see `expense categories`")
    p.add_argument("--amount", required=True, help="yuan, e.g. 1200.50")
    p.add_argument("--payee", default="")
    p.add_argument("--method", default="bank", help="cash | bank | payable | salary")
    p.add_argument("--compound", default=None, help="the compound it was spent on")
    p.add_argument("--summary", default="")
    p.add_argument("--attach", nargs="+", default=[], metavar="FILE",
                   help="evidence (invoice, receipt); its name and sha256 are kept")  # fmt: skip
    p.set_defaults(func=cmd_add)
    p = exp.add_parser("list", help="expenses of a month (default: all)")
    p.add_argument("--period", default=None, help="YYYY-MM")
    p.add_argument("--to", default=None, help="last month YYYY-MM of a range")
    p.add_argument("--compound", default=None)
    p.add_argument("--category", default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
    p = exp.add_parser("categories", help="expense categories and their accounts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_categories)
    p = exp.add_parser("pay", help="pay what an expense left on 2202 应付账款 (or wages payable)")
    p.add_argument("period", help="the expense voucher's month YYYY-MM")
    p.add_argument("number", type=int, help="the expense voucher's number")
    p.add_argument("--amount", default=None, help="default: all that is owed")
    p.add_argument("--method", default="bank", help="cash | bank")
    p.add_argument("--date", default=None)
    p.set_defaults(func=cmd_pay)
    p = exp.add_parser("reverse", help="reverse an expense (or a payment of one)")
    p.add_argument("period")
    p.add_argument("number", type=int)
    p.add_argument("--reason", required=True)
    p.add_argument("--date", default=None)
    p.set_defaults(func=cmd_reverse)


def cmd_add(args: argparse.Namespace) -> int:
    from propdesk.services import expenses, registry, votes

    amount = parse_fen(args.amount)
    evidence = tuple(votes.evidence_from_file(f) for f in args.attach)
    with open_book(args) as book, book.write() as s:
        cid = registry.compound_by_name(s, args.compound).id if args.compound else None
        ref = expenses.record_expense(s, expenses.NewExpense(
            _day(args.date), args.category, amount, payee=args.payee, method=args.method,
            compound_id=cid, summary=args.summary, evidence=evidence))  # fmt: skip
    print(ref.label)
    print(T_ADDED.format(amount=format_amount(amount), voucher=ref.label))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from propdesk.services import expenses, registry

    start = parse_period(args.period) if args.period else None
    end = parse_period(args.to) if args.to else start
    with open_book(args) as book, book.read() as s:
        cid = registry.compound_by_name(s, args.compound).id if args.compound else None
        rows = expenses.list_expenses(s, start, end, compound_id=cid, category=args.category)
    if args.json:
        print_json([{
            "voucher": r.voucher, "date": r.date.isoformat(), "category": r.category,
            "category_label": r.category_label, "account": r.account, "amount": plain(r.amount),
            "payee": r.payee, "method": r.method, "compound": r.compound, "summary": r.summary,
            "evidence": list(r.evidence), "source": r.source, "reversed_by": r.reversed_by,
            "paid": plain(r.paid), "outstanding": plain(r.outstanding),
        } for r in rows])  # fmt: skip
        return 0

    def status(r: expenses.ExpenseRow) -> str:
        if r.reversed_by:
            return T_REVERSED_BY.format(ref=r.reversed_by)
        return T_OWING.format(amount=format_amount(r.outstanding)) if r.outstanding else ""

    table = [(r.voucher, r.date, r.category_label, format_amount(r.amount), r.payee,
              expenses.METHODS[r.method].format() if r.method in expenses.METHODS else r.method,
              r.compound, r.summary, status(r)) for r in rows]  # fmt: skip
    live = sum(r.amount for r in rows if not r.reversed)
    table.append((T_TOTAL.format(), "", "", format_amount(live), "", "", "", "", ""))
    print_table(T_HEADERS.format().split("|"), table, right=(3,))
    return 0


def cmd_categories(args: argparse.Namespace) -> int:
    from propdesk.services import expenses, ledger

    with open_book(args) as book, book.read() as s:
        rows = []
        for key, cat in expenses.CATEGORIES.items():
            code = expenses.category_account(s, key, create=False)
            if code is not None:
                name = ledger.full_name(s, code)
            else:  # created on first use
                name = f"{ledger.full_name(s, cat.parent)}—{cat.account_name or cat.label.zh}"
            rows.append((key, cat.label.format(), code or cat.code, name))
    if args.json:
        print_json([{"key": k, "label": lbl, "account": c, "account_name": n}
                    for k, lbl, c, n in rows])  # fmt: skip
        return 0
    print_table(T_CAT_HEADERS.format().split("|"), [(k, lbl, f"{c} {n}") for k, lbl, c, n in rows])
    return 0


def cmd_pay(args: argparse.Namespace) -> int:
    from propdesk.services import expenses, ledger

    amount = parse_fen(args.amount) if args.amount else None
    with open_book(args) as book, book.write() as s:
        v = ledger.find_voucher(s, parse_period(args.period), args.number)
        ref = expenses.pay_payable(s, v.id, _day(args.date), method=args.method, amount=amount)
        paid = sum(ln.debit for ln in ledger.voucher_lines(s, ref.id))
    print(ref.label)
    print(T_PAID.format(amount=format_amount(paid), voucher=ref.label))
    return 0


def cmd_reverse(args: argparse.Namespace) -> int:
    from propdesk.services import expenses, ledger

    with open_book(args) as book, book.write() as s:
        v = ledger.find_voucher(s, parse_period(args.period), args.number)
        label = ledger.voucher_label(v.period, v.number)
        ref = expenses.reverse_expense(s, v.id, on=_day(args.date), reason=args.reason)
    print(ref.label)
    print(T_REVERSED.format(orig=label, ref=ref.label))
    return 0
