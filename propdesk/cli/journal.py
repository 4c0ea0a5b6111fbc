"""Journal commands: `import journal FILE` (序时账 from another program, .csv or .xlsx)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from propdesk.cli.base import group, open_book, print_json
from propdesk.core.i18n import bilingual
from propdesk.core.money import format_amount, plain

T_IMPORTED = bilingual(
    "已导入 {file}：凭证 {vouchers} 张（{first} 至 {last}），分录 {lines} 行，借贷合计 {amount}",
    "Imported {file}: {vouchers} voucher(s) ({first} to {last}), {lines} line(s), "
    "debits = credits = {amount}",
)
T_CHECKED = bilingual(
    "已检查 {file}，未写入账套：凭证 {vouchers} 张，分录 {lines} 行，借贷合计 {amount}，没有发现问题",
    "Checked {file}, nothing written: {vouchers} voucher(s), {lines} line(s), "
    "debits = credits = {amount}, no problems",
)
T_NEW_ACCOUNTS = bilingual("新增科目：{accounts}", "Accounts added: {accounts}")
T_WOULD_ADD = bilingual("将新增科目：{accounts}", "Accounts to add: {accounts}")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    imports = group(sub, "import", "import from files (业主花名册, 序时账 …)")
    p = imports.add_parser(
        "journal", help="序时账 .csv/.xlsx: every line or, on any problem, none (one transaction)"
    )
    p.add_argument("file", type=Path)
    p.add_argument("--dry-run", action="store_true", help="check the whole file, write nothing")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import_journal)


def _terminal(done: int, total: int, text: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r" + text + " " * 8)
        sys.stderr.flush()


def cmd_import_journal(args: argparse.Namespace) -> int:
    from propdesk.core.progress import Progress
    from propdesk.services.journal_import import import_journal

    progress = Progress(_terminal)
    try:
        with open_book(args) as book, book.write() as s:
            res = import_journal(s, args.file, progress=progress, dry_run=args.dry_run)
    finally:
        if sys.stderr.isatty() and progress.done:
            sys.stderr.write("\n")
    accounts = "、".join(f"{c} {n}" for c, n in res.accounts_created)
    if args.json:
        print_json({"file": str(args.file), "dry_run": res.dry_run, "lines": res.lines,
                    "vouchers": res.vouchers, "debit": plain(res.debit), "credit": plain(res.debit),
                    "first": res.first, "last": res.last,
                    "accounts_created": [{"code": c, "name": n} for c, n in res.accounts_created]})  # fmt: skip
        return 0
    text = T_CHECKED if res.dry_run else T_IMPORTED
    print(text.format(file=args.file.name, vouchers=res.vouchers, lines=res.lines,
                      amount=format_amount(res.debit), first=res.first, last=res.last))  # fmt: skip
    if accounts:
        print((T_WOULD_ADD if res.dry_run else T_NEW_ACCOUNTS).format(accounts=accounts))
    return 0
