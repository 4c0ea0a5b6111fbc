"""Backup commands: `backup` (a verified copy), `backups` (the list), `restore FILE`."""

from __future__ import annotations

import argparse
from pathlib import Path

from propdesk.cli.base import book_target, open_book, print_json, print_table
from propdesk.core.errors import UserError
from propdesk.core.i18n import bilingual

T_BACKED_UP = bilingual("已备份（已校验）：{path}", "Backed up (verified): {path}")
T_RESTORED = bilingual(
    "已从 {backup} 恢复账套；恢复前的账套保存在 {safety}",
    "Restored the book from {backup}; the book as it was is kept at {safety}",
)
T_SERVER = bilingual(
    "服务器上的账套由服务器备份：请用数据库自带的备份工具",
    "A server book is backed up by its server: use the database's own backup tools",
)
T_NO_BACKUPS = bilingual("{path} 还没有备份", "{path} has no backups yet")
KIND = {"auto": bilingual("自动", "automatic"), "manual": bilingual("手动", "manual")}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "backup", help="a verified copy of the book (default: into its .backups folder)"
    )
    p.add_argument("--out", type=Path, help="write the copy here instead")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("backups", help="the book's backups, newest first")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_backups)
    p = sub.add_parser(
        "restore", help="replace the book with a backup (the book as it was is kept)"
    )
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_restore)


def _local(args: argparse.Namespace) -> Path:
    from propdesk.db.store import is_url

    target = book_target(args)
    if is_url(target) and not target.startswith("sqlite:///"):
        raise UserError(T_SERVER)
    return Path(target.removeprefix("sqlite:///"))


def cmd_backup(args: argparse.Namespace) -> int:
    from propdesk.db import backups

    _local(args)
    with open_book(args) as book:
        path = book.backup(args.out) if args.out else backups.make_backup(book, kind="manual")
    print(T_BACKED_UP.format(path=path))
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    from propdesk.db import backups

    path = _local(args)
    found = backups.list_backups(path)
    if args.json:
        print_json([{"path": str(b.path), "kind": b.kind, "made": b.made.isoformat(),
                     "bytes": b.size} for b in found])  # fmt: skip
    elif not found:
        print(T_NO_BACKUPS.format(path=path))
    else:
        rows = [
            (
                b.made.strftime("%Y-%m-%d %H:%M:%S"),
                KIND[b.kind].format(),
                f"{b.size // 1024:,}",
                b.path,
            )
            for b in found
        ]
        print_table(["时间", "类别", "大小(KB)", "文件"], rows, right=(2,))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from propdesk.db import backups

    path = _local(args)
    with open_book(args):  # the book must be a book we can open (and nobody is mid-write)
        pass
    safety = backups.restore(path, args.file)
    print(T_RESTORED.format(backup=args.file, safety=safety))
    return 0
