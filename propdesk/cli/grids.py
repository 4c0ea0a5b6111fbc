"""Grid and surplus commands: grids, workers, stations and projects; drafting, approving and
paying the surplus allocation of a closed period; where a period's surplus went.

JSON output carries amounts as integer fen."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from datetime import date
from pathlib import Path
from typing import Any

from propdesk.cli.base import EXIT_USER_ERROR, group, open_book, print_json, print_table
from propdesk.core.i18n import bilingual
from propdesk.core.money import format_amount, parse_fen
from propdesk.core.periods import parse_date

T_GRID_ADDED = bilingual(
    "已登记网格 {code} {name}（第 {id} 号）", "Grid {code} {name} added (no. {id})"
)
T_WORKER_ADDED = bilingual(
    "已登记{kind} {name}（第 {id} 号，{grid}）", "{kind} {name} added (no. {id}, {grid})"
)
T_STATION_ADDED = bilingual("已登记驿站 {name}（第 {id} 号）", "Station {name} added (no. {id})")
T_PROJECT_ADDED = bilingual(
    "已登记项目 {name}，预算 {budget}（第 {id} 号）",
    "Project {name} added, budget {budget} (no. {id})",
)
T_DRAFT = bilingual(
    "盈余分配草稿第 {id} 号：{period} 盈余 {surplus}，弥补亏损 {cover}，网格补贴 {stipends}，"
    "驿站经费 {stations}，留存 {retained}",
    "Draft allocation no. {id}: {period} surplus {surplus}, losses covered {cover}, stipends "
    "{stipends}, stations {stations}, retained {retained}",
)
T_APPROVED = bilingual(
    "盈余分配第 {id} 号已审批（{by}），凭证 {voucher}",
    "Allocation no. {id} approved by {by}, voucher {voucher}",
)
T_PAID = bilingual(
    "已发放 {count} 项，共 {amount}（凭证 {voucher}）",
    "Paid {count} item(s), {amount} in all (voucher {voucher})",
)
T_NEED_PERIOD = bilingual(
    "请用 --period 指定期间（如 2026-Q3），或使用 approve / pay / show / list",
    "give --period (e.g. 2026-Q3), or use approve / pay / show / list",
)
T_REPORT = bilingual(
    "{period} 盈余 {surplus}（收入 {revenue} − 成本费用 {costs}）{state}",
    "{period} surplus {surplus} (revenue {revenue} - costs {costs}) {state}",
)
T_OPEN = bilingual("（期间未结账）", "(period not closed)")
T_NOT_ALLOCATED = bilingual("尚未分配", "not allocated yet")
T_GRID_REPORT = bilingual("{grid} {year} 年收到 {total}", "{grid} received {total} in {year}")
T_NONE = bilingual("无", "none")
T_WRITTEN = bilingual("已生成：{path}（{n} 项）", "Written: {path} ({n} lines)")

REPORT_ROWS = (
    ("loss_cover", bilingual("弥补以前期间亏损", "earlier losses covered")),
    ("full_time", bilingual("专职网格员补贴", "full-time grid workers")),
    ("part_time", bilingual("兼职网格员补贴", "part-time grid workers")),
    ("auxiliary", bilingual("辅助网格员补贴", "auxiliary helpers")),
    ("stations", bilingual("网格驿站经费", "grid stations")),
    ("retained", bilingual("留存", "retained")),
    ("unallocated", bilingual("未分配", "not allocated")),
)


def _day(text: str | None) -> date:
    return parse_date(text) if text else date.today()


def _plain(obj: Any) -> Any:
    """Dataclasses, tuples and dates as JSON-ready values."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [_plain(x) for x in obj]
    if isinstance(obj, date):
        return obj.isoformat()
    return obj


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    grid = sub.add_parser("grid", help="grids (网格) and their compounds").add_subparsers(
        dest="sub", required=True)  # fmt: skip
    p = grid.add_parser("add", help="a grid: code, name, grid leader, compounds")
    p.add_argument("--code", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--leader", default="", help="网格长")
    p.add_argument("--compound", action="append", default=[], help="repeat for several")
    p.set_defaults(func=cmd_grid_add)
    p = grid.add_parser("list")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_grid_list)

    wk = sub.add_parser("worker", help="grid workers (网格员)").add_subparsers(
        dest="sub", required=True
    )
    p = wk.add_parser("add", help="a worker: full_time/专职, part_time/兼职, auxiliary/辅助")
    p.add_argument("--grid", required=True, help="the grid's code")
    p.add_argument("--name", required=True)
    p.add_argument("--kind", required=True)
    p.add_argument("--from", dest="start", required=True)
    p.add_argument("--to", dest="end", default=None)
    p.add_argument("--stipend", default="0", help="base stipend per month, yuan")
    p.add_argument("--employee", action=argparse.BooleanOptionalAction, default=None,
                   help="on the company payroll (default: part-time workers only)")  # fmt: skip
    p.add_argument("--phone", default="")
    p.add_argument("--bank-name", default="")
    p.add_argument("--bank-account", default="")
    p.set_defaults(func=cmd_worker_add)
    p = wk.add_parser("list", help="workers (bank accounts whole for admin and accountant, else masked)")
    p.add_argument("--grid", default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_worker_list)

    p = sub.add_parser("station", help="grid service stations (网格驿站)").add_subparsers(
        dest="sub", required=True).add_parser("add", help="a station of a grid")  # fmt: skip
    p.add_argument("--grid", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--address", default="")
    p.set_defaults(func=cmd_station_add)

    p = sub.add_parser("project", help="station projects and budgets").add_subparsers(
        dest="sub", required=True).add_parser("add", help="a budgeted project of a station")  # fmt: skip
    p.add_argument("--station", required=True, help="the station's name")
    p.add_argument("--name", required=True)
    p.add_argument("--budget", required=True, help="yuan")
    p.add_argument("--status", default="planned", help="planned | active | done | cancelled")
    p.set_defaults(func=cmd_project_add)

    al = sub.add_parser("allocate", help="surplus allocation (盈余分配): draft with --period")
    al.add_argument(
        "--period", default=None, help="a closed month, quarter or year: 2026-09, 2026-Q3, 2026"
    )
    al.add_argument("--json", action="store_true")
    al.set_defaults(func=cmd_allocate)
    alsub = al.add_subparsers(dest="sub", metavar="ACTION")
    p = alsub.add_parser("approve", help="approve a draft: posts its vouchers")
    p.add_argument("id", type=int)
    p.add_argument("--by", default=None, help="the approver (default: --user)")
    p.add_argument("--date", default=None)
    p.set_defaults(func=cmd_allocate_approve)
    p = alsub.add_parser("pay", help="pay the unpaid lines of an approved allocation")
    p.add_argument("id", type=int)
    p.add_argument("--method", default="bank", help="cash | bank")
    p.add_argument("--date", default=None)
    p.add_argument("--line", type=int, action="append", default=None, help="only these line ids")
    p.set_defaults(func=cmd_allocate_pay)
    p = alsub.add_parser("show", help="one allocation, line by line")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_allocate_show)
    p = alsub.add_parser("list", help="all allocations")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_allocate_list)
    p = alsub.add_parser("discard", help="delete a draft")
    p.add_argument("id", type=int)
    p.set_defaults(func=cmd_allocate_discard)

    kinds = group(sub, "export", "export to Excel (序时账, 总账, 明细账, 科目余额表, 报表 …)")
    p = kinds.add_parser("allocation", help="盈余分配: summary, lines, 签字发放表, 驿站经费拨付表")
    p.add_argument("id", type=int)
    p.add_argument("--out", required=True, type=Path, help="the .xlsx file to write")
    p.set_defaults(func=cmd_export_allocation)

    rep = group(sub, "report", "reports")
    p = rep.add_parser("surplus", help="where the surplus of a period went")
    p.add_argument("--period", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_report_surplus)
    p = rep.add_parser("grid", help="what a grid received in a year")
    p.add_argument("--grid", required=True, help="the grid's code")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_report_grid)


# -- registry --------------------------------------------------------------------------------------
def cmd_grid_add(args: argparse.Namespace) -> int:
    from propdesk.services import grids

    with open_book(args) as book, book.write() as s:
        g = grids.add_grid(s, args.code, args.name, args.leader, args.compound)
    print(T_GRID_ADDED.format(code=g.code, name=g.name, id=g.id))
    return 0


def cmd_grid_list(args: argparse.Namespace) -> int:
    from propdesk.services import grids

    with open_book(args) as book, book.read() as s:
        rows = grids.list_grids(s)
    if args.json:
        print_json(_plain(rows))
        return 0
    print_table(["编号", "名称", "网格长", "小区", "在岗网格员", "驿站"],
                [(g.code, g.name, g.leader, "、".join(g.compounds), g.workers, g.stations)
                 for g in rows], right=(4, 5))  # fmt: skip
    return 0


def cmd_worker_add(args: argparse.Namespace) -> int:
    from propdesk.services import grids

    stipend = parse_fen(args.stipend)
    with open_book(args) as book, book.write() as s:
        g = grids.grid_by_code(s, args.grid)
        w = grids.add_worker(
            s, g.id, args.name, args.kind, parse_date(args.start),
            end=parse_date(args.end) if args.end else None, base_stipend=stipend,
            employee=args.employee, phone=args.phone, bank_name=args.bank_name,
            bank_account=args.bank_account,
        )  # fmt: skip
    print(T_WORKER_ADDED.format(kind=w.kind_label, name=w.name, id=w.id, grid=w.grid_code))
    return 0


def cmd_worker_list(args: argparse.Namespace) -> int:
    from propdesk.services import grids

    with open_book(args) as book, book.read() as s:
        gid = grids.grid_by_code(s, args.grid).id if args.grid else None
        rows = grids.list_workers(s, gid)
    if args.json:
        print_json(_plain(rows))
        return 0
    print_table(["编号", "姓名", "类别", "网格", "任职", "离任", "基本补贴", "银行账号"],
                [(w.id, w.name, w.kind_label, w.grid_code, w.start, w.end or "", format_amount(w.base_stipend),
                  w.bank_account) for w in rows], right=(6,))  # fmt: skip
    return 0


def cmd_station_add(args: argparse.Namespace) -> int:
    from propdesk.services import grids

    with open_book(args) as book, book.write() as s:
        st = grids.add_station(s, grids.grid_by_code(s, args.grid).id, args.name, args.address)
    print(T_STATION_ADDED.format(name=st.name, id=st.id))
    return 0


def cmd_project_add(args: argparse.Namespace) -> int:
    from propdesk.services import grids

    budget = parse_fen(args.budget)
    with open_book(args) as book, book.write() as s:
        pr = grids.add_project(s, args.station, args.name, budget, args.status)
    print(T_PROJECT_ADDED.format(name=pr.name, budget=format_amount(pr.budget), id=pr.id))
    return 0


# -- allocations -----------------------------------------------------------------------------------
def _print_view(view: Any) -> None:
    print(T_DRAFT.format(id=view.id, period=view.period, surplus=format_amount(view.surplus),
                         cover=format_amount(view.loss_cover), stipends=format_amount(view.stipends),
                         stations=format_amount(view.stations), retained=format_amount(view.retained)))  # fmt: skip
    print_table(["明细", "类别", "对象", "网格", "月数", "申请", "分配", "已发放", "凭证"],
                [(r.id, r.kind_label, r.who, r.grid, r.months or "", format_amount(r.asked),
                  format_amount(r.amount), format_amount(r.paid), r.voucher or "")
                 for r in view.lines], right=(4, 5, 6, 7))  # fmt: skip


def cmd_allocate(args: argparse.Namespace) -> int:
    from propdesk.services import surplus

    if not args.period:
        print(T_NEED_PERIOD.format(), file=sys.stderr)
        return EXIT_USER_ERROR
    with open_book(args) as book, book.write() as s:
        view = surplus.draft_allocation(s, args.period)
    if args.json:
        print_json(_plain(view))
    else:
        _print_view(view)
    return 0


def cmd_allocate_approve(args: argparse.Namespace) -> int:
    from propdesk.services import surplus

    with open_book(args) as book, book.write() as s:
        view = surplus.approve_allocation(s, args.id, args.by or args.user, on=_day(args.date))
    print(
        T_APPROVED.format(id=view.id, by=view.approved_by, voucher=view.voucher or T_NONE.format())
    )
    return 0


def cmd_allocate_pay(args: argparse.Namespace) -> int:
    from propdesk.services import surplus

    with open_book(args) as book, book.write() as s:
        res = surplus.pay_lines(s, args.id, args.method, _day(args.date), args.line)
    print(T_PAID.format(count=res.count, amount=format_amount(res.amount), voucher=res.voucher))
    return 0


def cmd_allocate_show(args: argparse.Namespace) -> int:
    from propdesk.services import surplus

    with open_book(args) as book, book.read() as s:
        view = surplus.allocation_view(s, args.id)
    if args.json:
        print_json(_plain(view))
    else:
        _print_view(view)
    return 0


def cmd_allocate_list(args: argparse.Namespace) -> int:
    from propdesk.services import surplus

    with open_book(args) as book, book.read() as s:
        rows = surplus.list_allocations(s)
    if args.json:
        print_json(_plain(rows))
        return 0
    print_table(["编号", "期间", "状态", "盈余", "分配", "留存", "审批人", "审批日期"],
                [(a.id, a.period, a.status_label, format_amount(a.surplus), format_amount(a.allocated),
                  format_amount(a.retained), a.approved_by or "", a.approved_on or "") for a in rows],
                right=(3, 4, 5))  # fmt: skip
    return 0


def cmd_allocate_discard(args: argparse.Namespace) -> int:
    from propdesk.services import surplus

    with open_book(args) as book, book.write() as s:
        surplus.discard_draft(s, args.id)
    return 0


# -- reports ---------------------------------------------------------------------------------------
def cmd_report_surplus(args: argparse.Namespace) -> int:
    from propdesk.services import surplus

    with open_book(args) as book, book.read() as s:
        rep = surplus.surplus_report(s, args.period)
    if args.json:
        print_json(_plain(rep))
        return 0
    print(T_REPORT.format(period=rep.period, surplus=format_amount(rep.surplus),
                          revenue=format_amount(rep.revenue), costs=format_amount(rep.costs),
                          state="" if rep.closed else T_OPEN.format()))  # fmt: skip
    if rep.allocation_id is None:
        print(T_NOT_ALLOCATED.format())
        return 0
    print_table(["项目", "金额"], [(t.format(), format_amount(getattr(rep, k))) for k, t in REPORT_ROWS],
                right=(1,))  # fmt: skip
    print()
    print_table(["类别", "对象", "网格", "分配", "已发放", "分配凭证", "发放凭证"],
                [(surplus.LINE_KINDS[r.kind].format(), r.who, r.grid, format_amount(r.amount), format_amount(r.paid), r.voucher or "",
                  "、".join(r.payouts)) for r in rep.rows], right=(3, 4))  # fmt: skip
    return 0


def cmd_report_grid(args: argparse.Namespace) -> int:
    from propdesk.services import grids, surplus

    with open_book(args) as book, book.read() as s:
        rep = surplus.grid_receipts(s, grids.grid_by_code(s, args.grid).id, args.year)
    if args.json:
        data = _plain(rep)
        data.update(stipends=rep.stipends, stations=rep.stations, total=rep.total)
        print_json(data)
        return 0
    print(T_GRID_REPORT.format(grid=rep.grid, year=rep.year, total=format_amount(rep.total)))
    print_table(["期间", "审批日期", "类别", "对象", "金额", "已发放"],
                [(r.period, r.approved_on or "", surplus.LINE_KINDS[r.kind].format(), r.who, format_amount(r.amount), format_amount(r.paid))
                 for r in rep.rows], right=(4, 5))  # fmt: skip
    return 0


def cmd_export_allocation(args: argparse.Namespace) -> int:
    from propdesk.cli.reports import write_file
    from propdesk.reports.xlsx.allocation import allocation_export, write_allocation

    with open_book(args) as book, book.read() as s:
        data = allocation_export(s, args.id)
    write_file(args.out, lambda fp: write_allocation(data, fp))
    print(T_WRITTEN.format(path=args.out, n=len(data.view.lines)))
    return 0
