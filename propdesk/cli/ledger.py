"""Book and ledger commands: init, account, voucher, close, reopen, report, check, audit."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from propdesk.cli.base import (
    EXIT_FAILED_CHECK,
    book_target,
    group,
    open_book,
    print_json,
    print_table,
)
from propdesk.core.errors import UserError
from propdesk.core.i18n import bilingual
from propdesk.core.money import format_amount, plain
from propdesk.core.periods import first_day, fmt_period, last_day, parse_date, parse_period

T_CREATED = bilingual("已创建账套：{path}", "Book created: {path}")
T_POSTED = bilingual("已记账：{ref}", "Posted: {ref}")
T_REVERSED = bilingual("已冲销 {orig}，冲销凭证 {ref}", "Reversed {orig} with {ref}")
T_CLOSED = bilingual("{period} 已结账", "{period} closed")
T_CARRY = bilingual("  结转损益凭证：{ref}", "  profit-and-loss carry voucher: {ref}")
T_YEAR_END = bilingual("  年末结转凭证：{ref}", "  year-end carry voucher: {ref}")
T_REOPENED = bilingual("{period} 已反结账", "{period} reopened")
T_CHECK_OK = bilingual(
    "检查通过：{n} 项检查，未发现问题", "check passed: {n} checks, no violations"
)
T_CHECK_BAD = bilingual("检查发现 {n} 处问题：", "check found {n} violation(s):")
T_ACCOUNT_ADDED = bilingual("已增加科目 {code} {name}", "Account added: {code} {name}")
T_RANGE = bilingual("请给出 --period，或 --from 与 --to", "give --period, or --from and --to")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("init", help="create a new book (with --demo: a realistic demo company)")
    p.add_argument("--demo", action="store_true")
    p.add_argument("--company", default=None, help="company name")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("check", help="verify the book's invariants; exit 1 naming each violation")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check)

    acc = sub.add_parser("account", help="chart of accounts").add_subparsers(
        dest="sub", required=True
    )
    p = acc.add_parser("list")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_account_list)
    p = acc.add_parser("add")
    p.add_argument("code")
    p.add_argument("name")
    p.add_argument("--parent", required=True)
    p.set_defaults(func=cmd_account_add)

    v = sub.add_parser("voucher", help="post, show, list and reverse vouchers").add_subparsers(
        dest="sub", required=True
    )
    p = v.add_parser("add", help="post voucher(s) from a CSV or JSON file")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_voucher_add)
    p = v.add_parser("reverse", help="post the reversing voucher of PERIOD NUMBER")
    p.add_argument("period")
    p.add_argument("number", type=int)
    p.add_argument("--reason", required=True)
    p.add_argument("--date", default=None, help="date of the reversal (default: today)")
    p.set_defaults(func=cmd_voucher_reverse)
    p = v.add_parser("show")
    p.add_argument("period")
    p.add_argument("number", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_voucher_show)

    p = sub.add_parser("close", help="month-end close (结账)")
    p.add_argument("--period", required=True)
    p.set_defaults(func=cmd_close)
    p = sub.add_parser("reopen", help="reopen the latest closed month (反结账)")
    p.add_argument("--period", required=True)
    p.add_argument("--reason", required=True)
    p.set_defaults(func=cmd_reopen)

    rep = group(sub, "report", "reports: ledgers, balances, arrears, ...")
    p = rep.add_parser("trial-balance", help="科目余额表")
    p.add_argument("--period", required=True)
    p.add_argument("--to", default=None, help="last period of a range")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_trial_balance)
    p = rep.add_parser("journal", help="序时账")
    _range_args(p)
    p.set_defaults(func=cmd_journal)
    p = rep.add_parser("ledger", help="明细账 of an account (and its sub-accounts)")
    p.add_argument("--account", required=True)
    _range_args(p)
    p.set_defaults(func=cmd_ledger)
    p = rep.add_parser("general-ledger", help="总账")
    p.add_argument("--account", required=True)
    p.add_argument("--year", type=int, default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_general_ledger)

    p = sub.add_parser("audit", help="the audit trail, newest first")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_audit)


def _range_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--period", default=None, help="YYYY-MM")
    p.add_argument("--from", dest="start", default=None, help="YYYY-MM-DD")
    p.add_argument("--to", dest="end", default=None, help="YYYY-MM-DD")
    p.add_argument("--json", action="store_true")


def _range(args: argparse.Namespace, default_all: bool = False) -> tuple[date | None, date | None]:
    if args.period:
        p = parse_period(args.period)
        return first_day(p), last_day(p)
    start = parse_date(args.start) if args.start else None
    end = parse_date(args.end) if args.end else None
    if not default_all and (start is None or end is None):
        raise UserError(T_RANGE)
    return start, end


# -- commands ---------------------------------------------------------------------------------
def cmd_init(args: argparse.Namespace) -> int:
    from propdesk.services.books import DEFAULT_COMPANY, create_book

    target = book_target(args)
    book = create_book(
        target, company_name=args.company or DEFAULT_COMPANY, demo=args.demo, user=args.user
    )
    book.close()
    print(T_CREATED.format(path=target))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from propdesk.services.check import run_checks

    with open_book(args) as book, book.read() as s:
        report = run_checks(s)
    if args.json:
        print_json({"ok": report.ok, "checks": report.checks_run,
                    "violations": [{"check": c, "message": m} for c, m in report.violations]})  # fmt: skip
    elif report.ok:
        print(T_CHECK_OK.format(n=report.checks_run))
    else:
        print(T_CHECK_BAD.format(n=len(report.violations)))
        for name, msg in report.violations:
            print(f"  [{name}] {msg}")
    return 0 if report.ok else EXIT_FAILED_CHECK


def cmd_account_list(args: argparse.Namespace) -> int:
    from propdesk.services import ledger

    with open_book(args) as book, book.read() as s:
        accs = list(ledger.accounts(s).values())
    if args.json:
        print_json([{"code": a.code, "name": a.name, "parent": a.parent_code, "category": a.category,
                     "direction": a.direction, "leaf": a.is_leaf} for a in accs])  # fmt: skip
    else:
        print_table(
            ["编码", "名称", "方向"],
            [
                ("  " * (a.level - 1) + a.code, a.name, "借" if a.direction == "D" else "贷")
                for a in accs
            ],
        )
    return 0


def cmd_account_add(args: argparse.Namespace) -> int:
    from propdesk.services import ledger

    with open_book(args) as book, book.write() as s:
        a = ledger.add_account(s, args.code, args.name, args.parent)
    print(T_ACCOUNT_ADDED.format(code=a.code, name=a.name))
    return 0


def cmd_voucher_add(args: argparse.Namespace) -> int:
    from propdesk.services import ledger
    from propdesk.services.voucher_files import read_voucher_file

    vouchers = read_voucher_file(args.file)
    with open_book(args) as book, book.write() as s:
        refs = ledger.post_vouchers(s, vouchers)
    for r in refs:
        print(T_POSTED.format(ref=r.label))
    return 0


def cmd_voucher_reverse(args: argparse.Namespace) -> int:
    from propdesk.services import ledger

    on = parse_date(args.date) if args.date else date.today()
    with open_book(args) as book, book.write() as s:
        orig = ledger.find_voucher(s, parse_period(args.period), args.number)
        label = ledger.voucher_label(orig.period, orig.number)
        ref = ledger.reverse_voucher(s, orig.id, on=on, reason=args.reason)
    print(T_REVERSED.format(orig=label, ref=ref.label))
    return 0


def cmd_voucher_show(args: argparse.Namespace) -> int:
    from propdesk.services import ledger

    with open_book(args) as book, book.read() as s:
        v = ledger.find_voucher(s, parse_period(args.period), args.number)
        lines = ledger.voucher_lines(s, v.id)
        names = {ln.account_code: ledger.full_name(s, ln.account_code) for ln in lines}
        head = {"voucher": ledger.voucher_label(v.period, v.number), "date": v.date.isoformat(),
                "summary": v.summary, "attachments": v.attachments, "preparer": v.preparer,
                "source": v.source}  # fmt: skip
    if args.json:
        print_json(head | {"lines": [{"account": ln.account_code, "name": names[ln.account_code],
                                      "summary": ln.summary, "debit": plain(ln.debit),
                                      "credit": plain(ln.credit)} for ln in lines]})  # fmt: skip
        return 0
    print(
        f"{head['voucher']}  {head['date']}  {head['summary']}  附件 {head['attachments']} 张  制单 {head['preparer']}"
    )
    print_table(
        ["摘要", "科目", "借方", "贷方"],
        [
            (
                ln.summary,
                f"{ln.account_code} {names[ln.account_code]}",
                _amt(ln.debit),
                _amt(ln.credit),
            )
            for ln in lines
        ],
        right=(2, 3),
    )
    return 0


def cmd_close(args: argparse.Namespace) -> int:
    from propdesk.services import ledger

    period = parse_period(args.period)
    with open_book(args) as book, book.write() as s:
        res = ledger.close_period(s, period)
    print(T_CLOSED.format(period=fmt_period(period)))
    if res.carry:
        print(T_CARRY.format(ref=res.carry.label))
    if res.year_end:
        print(T_YEAR_END.format(ref=res.year_end.label))
    return 0


def cmd_reopen(args: argparse.Namespace) -> int:
    from propdesk.services import ledger

    period = parse_period(args.period)
    with open_book(args) as book, book.write() as s:
        ledger.reopen_period(s, period, args.reason)
    print(T_REOPENED.format(period=fmt_period(period)))
    return 0


def _amt(fen: int) -> str:
    return format_amount(fen, symbol=False) if fen else ""


def cmd_trial_balance(args: argparse.Namespace) -> int:
    from propdesk.services import ledger

    start = parse_period(args.period)
    end = parse_period(args.to) if args.to else start
    with open_book(args) as book, book.read() as s:
        tb = ledger.trial_balance(s, start, end)
    if args.json:
        out: dict[str, object] = {"period": fmt_period(start)}
        if end != start:
            out["to"] = fmt_period(end)
        out["accounts"] = [
            {"code": r.code, "name": r.name, "opening_debit": plain(r.opening_debit),
             "opening_credit": plain(r.opening_credit), "debit": plain(r.debit),
             "credit": plain(r.credit), "closing_debit": plain(r.closing_debit),
             "closing_credit": plain(r.closing_credit)}
            for r in tb.rows
        ]  # fmt: skip
        t = tb.totals
        out["totals"] = {"opening_debit": plain(t.opening_debit), "opening_credit": plain(t.opening_credit),
                         "debit": plain(t.debit), "credit": plain(t.credit),
                         "closing_debit": plain(t.closing_debit), "closing_credit": plain(t.closing_credit)}  # fmt: skip
        out["balanced"] = tb.balanced
        print_json(out)
        return 0
    rows = [
        ("  " * (r.level - 1) + r.code, r.name, _amt(r.opening_debit), _amt(r.opening_credit), _amt(r.debit),
         _amt(r.credit), _amt(r.closing_debit), _amt(r.closing_credit))
        for r in [*tb.rows, tb.totals]
    ]  # fmt: skip
    print_table(["科目编码", "科目名称", "期初借方", "期初贷方", "本期借方", "本期贷方", "期末借方", "期末贷方"], rows,
                right=(2, 3, 4, 5, 6, 7))  # fmt: skip
    return 0


def cmd_journal(args: argparse.Namespace) -> int:
    from propdesk.services import ledger

    start, end = _range(args, default_all=True)
    with open_book(args) as book, book.read() as s:
        rows = ledger.journal(s, start, end)
        if args.json:
            out = sys.stdout
            out.write('{"lines": [\n')
            first = True
            import json

            for r in rows:
                if not first:
                    out.write(",\n")
                first = False
                out.write(json.dumps({"date": r.date.isoformat(), "voucher": r.voucher, "period": fmt_period(r.period),
                                      "line": r.line_no, "summary": r.summary, "account": r.account_code,
                                      "account_name": r.account_name, "debit": plain(r.debit),
                                      "credit": plain(r.credit)}, ensure_ascii=False))  # fmt: skip
            out.write("\n]}\n")
            return 0
        print_table(
            ["日期", "凭证号", "摘要", "科目编码", "科目名称", "借方", "贷方"],
            [
                (
                    r.date,
                    r.voucher,
                    r.summary,
                    r.account_code,
                    r.account_name,
                    _amt(r.debit),
                    _amt(r.credit),
                )
                for r in rows
            ],
            right=(5, 6),
        )
    return 0


def cmd_ledger(args: argparse.Namespace) -> int:
    from propdesk.services import ledger

    start, end = _range(args, default_all=True)
    with open_book(args) as book, book.read() as s:
        info = ledger.account(s, args.account)
        if start is None:
            first = ledger.first_voucher_period(s)
            start = first_day(first) if first else date.today().replace(day=1)
        if end is None:
            end = last_day(max(ledger.current_period(s), start.year * 100 + start.month))
        lines = list(ledger.detail_ledger(s, info.code, start, end))
        title = ledger.full_name(s, info.code)
    if args.json:
        print_json({"account": info.code, "name": title, "from": start.isoformat(), "to": end.isoformat(),
                    "lines": [{"date": ln.date.isoformat() if ln.date else None, "voucher": ln.voucher,
                               "summary": ln.summary, "kind": ln.kind, "debit": plain(ln.debit),
                               "credit": plain(ln.credit), "side": ledger.balance_side(ln.balance)[0],
                               "balance": plain(ledger.balance_side(ln.balance)[1])} for ln in lines]})  # fmt: skip
        return 0
    print(f"{info.code} {title}  {start} ~ {end}")
    print_table(
        ["日期", "凭证号", "摘要", "借方", "贷方", "方向", "余额"],
        [
            (ln.date, ln.voucher, ln.summary, _amt(ln.debit), _amt(ln.credit), *_side(ln.balance))
            for ln in lines
        ],
        right=(3, 4, 6),
    )
    return 0


def _side(net: int) -> tuple[str, str]:
    from propdesk.services.ledger import balance_side

    side, amount = balance_side(net)
    return side, format_amount(amount, symbol=False)


def cmd_general_ledger(args: argparse.Namespace) -> int:
    from propdesk.services import ledger

    with open_book(args) as book, book.read() as s:
        info = ledger.account(s, args.account)
        year = args.year or ledger.current_period(s) // 100
        rows = ledger.general_ledger(s, info.code, year)
        title = ledger.full_name(s, info.code)
    if args.json:
        print_json({"account": info.code, "name": title, "year": year,
                    "rows": [{"period": fmt_period(r.period) if r.period else None, "label": r.label,
                              "debit": plain(r.debit), "credit": plain(r.credit),
                              "side": ledger.balance_side(r.balance)[0],
                              "balance": plain(ledger.balance_side(r.balance)[1])} for r in rows]})  # fmt: skip
        return 0
    print(f"{info.code} {title}  {year}")
    print_table(
        ["期间", "摘要", "借方", "贷方", "方向", "余额"],
        [
            (
                fmt_period(r.period) if r.period else "",
                r.label,
                _amt(r.debit),
                _amt(r.credit),
                *_side(r.balance),
            )
            for r in rows
        ],
        right=(2, 3, 5),
    )
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from propdesk.db.models import AuditEntry

    with open_book(args) as book, book.read() as s:
        rows = (
            s.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(args.limit))
            .scalars()
            .all()
        )
        data = [
            (e.id, e.at.isoformat(sep=" "), e.user, e.action, e.entity_id or "", e.reason or "")
            for e in rows
        ]
    if args.json:
        print_json(
            [
                dict(zip(("id", "at", "user", "action", "entity", "reason"), r, strict=True))
                for r in data
            ]
        )
    else:
        print_table(["#", "时间(UTC)", "用户", "操作", "对象", "原因"], data)
    return 0
