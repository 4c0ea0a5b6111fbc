"""Whole-book commands: `book copy SRC DST` between SQLite files and PostgreSQL databases."""

from __future__ import annotations

import argparse
import sys

from propdesk.cli.base import _login, print_json
from propdesk.core.periods import fmt_period


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    book = sub.add_parser("book", help="whole books: copy between SQLite and PostgreSQL")
    cmds = book.add_subparsers(dest="sub", metavar="KIND", required=True)
    p = cmds.add_parser(
        "copy",
        help="copy a whole book to a new SQLite file or an empty server database, then verify it",
    )
    p.add_argument(
        "source", help="the book: a file, or a URL such as postgresql+psycopg://USER@HOST/DB"
    )
    p.add_argument("target", help="a new file, or the URL of an empty database")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_copy)


def _reporter():  # type: ignore[no-untyped-def]
    """Progress on the terminal's stderr (nothing when it is not a terminal)."""
    if not sys.stderr.isatty():
        return None
    last = [-1]

    def report(done: int, total: int, text: str) -> None:
        pct = done * 100 // total if total else 0
        if pct != last[0]:
            last[0] = pct
            sys.stderr.write(f"\r{pct:3d}%  {text[:60]:<60}")
            sys.stderr.flush()
            if total and done >= total:
                sys.stderr.write("\n")

    return report


def cmd_copy(args: argparse.Namespace) -> int:
    from propdesk.core.progress import Progress
    from propdesk.services.book_copy import copy_book, open_source

    source = open_source(args.source, user=args.user)
    try:
        _login(source, args.user)
        result = copy_book(source, args.target, Progress(_reporter()))
    finally:
        source.close()
    if args.json:
        print_json({"source": result.source, "target": result.target,
                    "revision": result.revision, "tables": result.tables, "rows": result.rows,
                    "check": {"ok": True, "checks": result.checks_run},
                    "trial_balances_equal": [fmt_period(p) for p in result.periods],
                    "seconds": round(result.seconds, 1)})  # fmt: skip
        return 0
    for line in result.summary():
        print(line)
    return 0
