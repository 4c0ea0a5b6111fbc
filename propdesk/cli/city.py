"""City commands: the companies of a city database (`city list`, `city add`), and the city-wide
consolidation (`city report`, `print city`, `export city`). A company's own book is any
command's `--book postgresql+psycopg://u@h/city?company=KEY`; an existing SQLite book joins the
city with `book copy FILE THAT_URL`."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import BinaryIO

from propdesk.cli.base import group, print_json, print_table
from propdesk.core.errors import UserError
from propdesk.core.i18n import bilingual
from propdesk.core.money import plain

T_ADDED = bilingual("已添加公司 {key}（{name}）：{url}", "Added company {key} ({name}): {url}")
T_WRITTEN = bilingual("已生成 {n} 家公司的汇总：{path}", "Consolidated {n} companies: {path}")
T_NO_DB = bilingual(
    "请用 --db 给出全市数据库地址（或设置 PROPDESK_CITY_DB）",
    "Give the city database with --db (or set PROPDESK_CITY_DB)",
)
T_PERIOD = bilingual(
    "请给出 --period（如 2026、2026-Q3、2026-09），或 --from 月份（及 --to 月份）",
    "Give --period (2026, 2026-Q3, 2026-09) or --from MONTH (and --to MONTH)",
)
T_NONE = bilingual("数据库中还没有公司", "The database holds no company yet")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    city = sub.add_parser("city", help="全市: companies of a city database, the consolidation")
    cmds = city.add_subparsers(dest="sub", metavar="ACTION", required=True)
    p = cmds.add_parser("list", help="the companies: key (schema), name, schema revision")
    _db(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
    p = cmds.add_parser("add", help="a new empty company book in its own schema")
    _db(p)
    p.add_argument("--company", required=True, metavar="KEY", help="its schema: co_xingfu")
    p.add_argument("--name", required=True, help="the company's name")
    p.set_defaults(func=cmd_add)
    p = cmds.add_parser("report", help="全市汇总 in the terminal or as JSON")
    _db(p)
    _period(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_report)

    p = group(sub, "print", "print to PDF").add_parser("city", help="全市汇总表 of a city database")
    _db(p)
    _period(p)
    p.add_argument("--out", required=True, type=Path, help="the PDF to write")
    p.set_defaults(func=cmd_print)
    p = group(sub, "export", "export to Excel").add_parser("city", help="全市汇总表 to Excel")
    _db(p)
    _period(p)
    p.add_argument("--out", required=True, type=Path, help="the .xlsx to write")
    p.set_defaults(func=cmd_export)


def _db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=os.environ.get("PROPDESK_CITY_DB"),
                   help="the city database: postgresql+psycopg://user@host/city "
                        "(default: $PROPDESK_CITY_DB)")  # fmt: skip


def _period(p: argparse.ArgumentParser) -> None:
    p.add_argument("--period", default=None, help="2026, 2026-Q3 or 2026-09")
    p.add_argument("--from", dest="start", default=None, help="first month, YYYY-MM")
    p.add_argument("--to", dest="end", default=None, help="last month, YYYY-MM (default --from)")


def _db_url(args: argparse.Namespace) -> str:
    from propdesk.services.city import check_city_url

    if not args.db:
        raise UserError(T_NO_DB)
    return check_city_url(args.db)


def _months(args: argparse.Namespace) -> tuple[int, int]:
    from propdesk.core.periods import parse_period
    from propdesk.reports.city import check_range

    if args.period and not (args.start or args.end):
        from propdesk.services.surplus import parse_span

        span = parse_span(args.period)
        return span.start, span.end
    if args.period or not args.start:
        raise UserError(T_PERIOD)
    start = parse_period(args.start)
    end = parse_period(args.end) if args.end else start
    check_range(start, end)
    return start, end


def cmd_list(args: argparse.Namespace) -> int:
    from propdesk.services import city

    rows = city.companies(_db_url(args))
    if args.json:
        print_json([{"key": c.key, "name": c.name, "revision": c.revision} for c in rows])
        return 0
    if not rows:
        print(T_NONE.format())
        return 0
    print_table(["公司代码", "公司名称", "版本"], [(c.key, c.name, c.revision or "") for c in rows])
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    from propdesk.services import city

    book = city.add_company(_db_url(args), args.company, args.name, user=args.user)
    url = make_url(book.url).render_as_string(hide_password=True)
    book.close()
    print(T_ADDED.format(key=args.company, name=args.name.strip(), url=url))
    return 0


def _report(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from propdesk.reports.city import city_report

    db = _db_url(args)
    start, end = _months(args)
    return city_report(db, start, end, user=args.user)


def cmd_report(args: argparse.Namespace) -> int:
    from propdesk.core.periods import fmt_period

    data = _report(args)
    rows = (*data.rows, data.total)
    if args.json:
        print_json({
            "database": data.database, "from": fmt_period(data.start), "to": fmt_period(data.end),
            "companies": [_json(r) for r in data.rows], "total": _json(data.total),
        })  # fmt: skip
        return 0
    print(f"全市汇总  数据库 {data.database}  {data.period}  单位：元")
    print_table(
        ["公司代码", "公司名称", "小区", "房屋", "应收", "实收", "收缴率", "业主共有收益", "盈余",
         "网格补贴", "驿站经费", "已结账至"],
        [(r.key, r.name, r.compounds, r.units, plain(r.billed), plain(r.collected), r.rate,
          plain(r.owners_money), plain(r.surplus), plain(r.stipends), plain(r.stations),
          r.closed_text if r.key else "") for r in rows],
        right=range(2, 11),
    )  # fmt: skip
    return 0


def _json(r) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from propdesk.core.periods import fmt_period

    return {
        "key": r.key, "name": r.name, "compounds": r.compounds, "units": r.units,
        "billed": plain(r.billed), "settled": plain(r.settled), "collected": plain(r.collected),
        "collection_rate_bp": r.rate_bp, "collection_rate": r.rate,
        "owners_money": plain(r.owners_money), "surplus": plain(r.surplus),
        "stipends": plain(r.stipends), "stations": plain(r.stations),
        "closed_through": fmt_period(r.closed_through) if r.closed_through else None,
    }  # fmt: skip


def _write(args: argparse.Namespace, fmt: str) -> int:
    from propdesk.cli.reports import write_file

    data = _report(args)

    def render(fp: BinaryIO) -> None:
        if fmt == "pdf":
            from propdesk.reports.pdf.city import render_city

            render_city(data, fp)
        else:
            from propdesk.reports.xlsx.city import write_city

            write_city(data, fp)

    write_file(args.out, render)
    print(T_WRITTEN.format(n=len(data.rows), path=args.out))
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    return _write(args, "pdf")


def cmd_export(args: argparse.Namespace) -> int:
    return _write(args, "xlsx")
