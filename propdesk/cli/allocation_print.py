"""`print stipend-sheet ID` and `print station-funding ID`: the surplus allocation's paper
documents, made by the document catalog as the app makes them."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import BinaryIO

from propdesk.cli.base import group, open_book
from propdesk.core.i18n import bilingual

T_WRITTEN = bilingual("已生成：{path}", "Written: {path}")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    kinds = group(sub, "print", "print to PDF (记账凭证, 科目余额表, 利润表, 资产负债表 …)")
    p = kinds.add_parser("stipend-sheet", help="网格补贴签字发放表 of allocation ID")
    p.add_argument("allocation", type=int, metavar="ID", help="allocation number")
    p.add_argument("--out", required=True, type=Path, help="the PDF to write")
    p.set_defaults(func=cmd_print, doc_id="pdf:stipend-sheet")
    p = kinds.add_parser("station-funding", help="网格驿站经费拨付表 of allocation ID")
    p.add_argument("allocation", type=int, metavar="ID", help="allocation number")
    p.add_argument("--out", required=True, type=Path, help="the PDF to write")
    p.set_defaults(func=cmd_print, doc_id="pdf:station-funding")


def cmd_print(args: argparse.Namespace) -> int:
    from propdesk.cli.reports import write_file
    from propdesk.reports import catalog

    doc = catalog.document(args.doc_id)
    with open_book(args) as book:

        def render(fp: BinaryIO) -> None:
            doc.make(book, {"allocation": args.allocation}, fp)

        write_file(args.out, render)
    print(T_WRITTEN.format(path=args.out))
    return 0
