"""User commands: `user add | list | role | password | disable | enable`.

The first user must be an administrator; from then on the book needs a login (`--user` and
$PROPDESK_PASSWORD). A new password comes from $PROPDESK_NEW_PASSWORD or a prompt.
"""

from __future__ import annotations

import argparse
import os
import sys

from propdesk.cli.base import open_book, print_json, print_table
from propdesk.core.errors import UserError
from propdesk.core.i18n import bilingual
from propdesk.core.roles import ROLES

T_ADDED = bilingual("已增加用户 {user}（{role}）", "User {user} added ({role})")
T_ROLE = bilingual("用户 {user} 的角色改为 {role}", "User {user} is now {role}")
T_PASSWORD = bilingual("已设置 {user} 的密码", "Password of {user} set")
T_ACTIVE = bilingual("用户 {user} 已{state}", "User {user} {state}")
T_ON = bilingual("启用", "enabled")
T_OFF = bilingual("停用", "disabled")
T_NEW_PASSWORD = bilingual(
    "请在 PROPDESK_NEW_PASSWORD 环境变量中给出新密码",
    "Give the new password in PROPDESK_NEW_PASSWORD",
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    u = sub.add_parser("user", help="users and roles (admin, clerk, secretary, accountant)")
    us = u.add_subparsers(dest="sub", required=True)
    p = us.add_parser("add", help="a new user (the first one must be an admin)")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=list(ROLES))
    p.set_defaults(func=cmd_add)
    p = us.add_parser("list")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
    p = us.add_parser("role", help="change a user's role")
    p.add_argument("name")
    p.add_argument("role", choices=list(ROLES))
    p.set_defaults(func=cmd_role)
    p = us.add_parser("password", help="set a password (and unlock the account)")
    p.add_argument("name")
    p.set_defaults(func=cmd_password)
    for name, active in (("disable", False), ("enable", True)):
        p = us.add_parser(name)
        p.add_argument("name")
        p.set_defaults(func=cmd_active, active=active)


def _new_password() -> str:
    password = os.environ.get("PROPDESK_NEW_PASSWORD")
    if password is None and sys.stdin.isatty():
        import getpass

        password = getpass.getpass("新密码 / new password: ")
    if password is None:
        raise UserError(T_NEW_PASSWORD)
    return password


def cmd_add(args: argparse.Namespace) -> int:
    from propdesk.services import users

    password = _new_password()
    with open_book(args) as book, book.write() as s:
        row = users.add_user(s, args.name, args.role, password)
    print(T_ADDED.format(user=row.name, role=row.role_text))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from propdesk.services import users

    with open_book(args) as book, book.read() as s:
        rows = users.list_users(s)
    if args.json:
        print_json([{"name": r.name, "role": r.role, "active": r.active,
                     "locked_until": r.locked_until.isoformat() if r.locked_until else None}
                    for r in rows])  # fmt: skip
        return 0
    table = [(r.name, r.role_text, "是" if r.active else "否", r.locked_until or "") for r in rows]
    print_table(["用户", "角色", "启用", "锁定至"], table)
    return 0


def cmd_role(args: argparse.Namespace) -> int:
    from propdesk.services import users

    with open_book(args) as book, book.write() as s:
        row = users.set_role(s, args.name, args.role)
    print(T_ROLE.format(user=row.name, role=row.role_text))
    return 0


def cmd_password(args: argparse.Namespace) -> int:
    from propdesk.services import users

    password = _new_password()
    with open_book(args) as book, book.write() as s:
        users.set_password(s, args.name, password)
    print(T_PASSWORD.format(user=args.name))
    return 0


def cmd_active(args: argparse.Namespace) -> int:
    from propdesk.services import users

    with open_book(args) as book, book.write() as s:
        users.set_active(s, args.name, args.active)
    print(T_ACTIVE.format(user=args.name, state=(T_ON if args.active else T_OFF).format()))
    return 0
