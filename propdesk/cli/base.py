"""CLI framework: argument parsing, which book, one transaction per command, error exits."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path
from typing import Any

from propdesk.core import i18n
from propdesk.core.errors import EnvironmentFailure, UserError, ValidationError
from propdesk.core.i18n import bilingual

EXIT_OK = 0
EXIT_FAILED_CHECK = 1
EXIT_USER_ERROR = 2

# The modules that add commands, each with `register(subparsers)`, and after the colon the
# top-level commands each adds (several add kinds to `report`, `import`, `print`, `export`).
# Only the modules of the command being run are imported: for a quick command, start-up is
# most of its time. `propdesk --help` and an unknown command import them all. A new area is
# one line; an entry without a colon ("propdesk.cli.x") is imported for every command.
# tests/cli/test_cli_base.py checks that each module adds exactly the commands listed.
AREAS = [
    "propdesk.cli.ledger: init check account voucher close reopen report audit",
    "propdesk.cli.fees: contract bill pay receipt refund waive late-fee reading report",
    "propdesk.cli.reports: print export statement",
    "propdesk.cli.registry: import template compound unit",
    "propdesk.cli.journal: import",
    "propdesk.cli.votes: vote trial contract-life print",
    "propdesk.cli.resources: resource agreement income cost owners-money report",
    "propdesk.cli.backup: backup backups restore",
    "propdesk.cli.expenses: expense",
    "propdesk.cli.grids: grid worker station project allocate export report",
    "propdesk.cli.users: user",
    "propdesk.cli.allocation_print: print",
    "propdesk.cli.city: city print export",
    "propdesk.cli.book: book",
]


def areas(command: str | None = None) -> list[str]:
    """The area modules to import for `command` (all of them when None or unknown)."""
    listed = [(mod.strip(), cmds.split()) for mod, _, cmds in (a.partition(":") for a in AREAS)]
    if command is not None and any(command in cmds for _mod, cmds in listed):
        return [mod for mod, cmds in listed if not cmds or command in cmds]
    return [mod for mod, _cmds in listed]


_GLOBAL_VALUES = {"--book", "--user", "--lang"}  # the global options that take a value


def command_word(argv: Sequence[str]) -> str | None:
    """The command in argv (`report` in `--book b.db report trial-balance`), if any."""
    args = iter(argv)
    for a in args:
        if a in _GLOBAL_VALUES:
            next(args, None)
        elif not a.startswith("-"):
            return a
    return None


def group(sub: argparse._SubParsersAction, name: str, help: str) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    """A command group (`report`, `import`, ...) that several area modules add commands to."""
    groups = sub.__dict__.setdefault("_propdesk_groups", {})
    if name not in groups:
        groups[name] = sub.add_parser(name, help=help).add_subparsers(
            dest="sub", metavar="KIND", required=True
        )
    return groups[name]  # type: ignore[no-any-return]


def default_book() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("propdesk", appauthor=False)) / "book.db"


def book_target(args: argparse.Namespace) -> str:
    return str(args.book or os.environ.get("PROPDESK_BOOK") or default_book())


@contextmanager
def open_book(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from propdesk.db.store import Book

    book = Book.open(book_target(args), user=args.user)
    try:
        _login(book, args.user)
        yield book
    finally:
        book.close()


T_PASSWORD_NEEDED = bilingual(
    "此账套需要登录：请用 --user 指定用户，并在 PROPDESK_PASSWORD 环境变量中给出密码",
    "This book needs a login: name the user with --user and give the password in PROPDESK_PASSWORD",
)


def _login(book: Any, user: str) -> None:
    """A book with users: the CLI logs in as --user with $PROPDESK_PASSWORD (or a prompt)."""
    from propdesk.services import users

    if not users.needs_login(book):
        return
    password = os.environ.get("PROPDESK_PASSWORD")
    if password is None and sys.stdin.isatty():
        import getpass

        password = getpass.getpass(f"{user} 的密码 / password: ")
    if password is None:
        raise UserError(T_PASSWORD_NEEDED)
    users.login(book, user, password)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser with every command, or only with those of the area(s) adding `command`."""
    parser = argparse.ArgumentParser(prog="propdesk", description="propdesk — 社区领办物业公司记账")
    parser.add_argument(
        "--book",
        help="book file or SQLAlchemy URL (default: $PROPDESK_BOOK or the user data folder)",
    )
    parser.add_argument(
        "--user",
        default=os.environ.get("PROPDESK_USER", "admin"),
        help="who is acting (audit trail)",
    )
    parser.add_argument(
        "--lang", choices=["zh_CN", "en"], default=os.environ.get("PROPDESK_LANG", "zh_CN")
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for area in areas(command):
        import_module(area).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(command_word(argv))
    args = parser.parse_args(argv)
    i18n.set_language(args.lang)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args) or EXIT_OK
    except ValidationError as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_USER_ERROR
    except (UserError, EnvironmentFailure) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:
        return EXIT_OK


# -- output helpers ---------------------------------------------------------------------------
def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def print_table(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], right: Sequence[int] = ()
) -> None:
    """A plain text table that lines up Chinese text (double-width) too."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(headers))]
    for n, r in enumerate(cells):
        parts = []
        for i, c in enumerate(r):
            pad = " " * (widths[i] - _width(c))
            parts.append(pad + c if i in right else c + pad)
        print("  ".join(parts).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
