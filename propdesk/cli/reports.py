"""Print and export commands: `print` (PDF), `export` (Excel) and `statement` (terminal/JSON)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from propdesk.cli import base as cli_base
from propdesk.cli.base import open_book, print_json, print_table
from propdesk.core.errors import EnvironmentFailure, UserError
from propdesk.core.i18n import bilingual
from propdesk.core.money import format_amount, plain
from propdesk.core.periods import (
    first_day,
    fmt_period,
    last_day,
    parse_date,
    parse_period,
)
from propdesk.core.progress import Progress

T_WRITTEN = bilingual("已生成：{path}", "Written: {path}")
T_EXPORTED_ROWS = bilingual("已导出 {n} 行：{path}", "Exported {n} rows: {path}")
T_EXPORTED_ACCOUNTS = bilingual("已导出 {n} 个科目：{path}", "Exported {n} accounts: {path}")
T_PROGRESS = bilingual("已导出 {done} / {total} 行", "exported {done} / {total} rows")
T_NO_FOLDER = bilingual("保存位置不存在：{path}", "The folder does not exist: {path}")
T_CANNOT_WRITE = bilingual("无法写入 {path}：{reason}", "Cannot write {path}: {reason}")
T_RANGE = bilingual(
    "请给出 --period，或同时给出 --from 与 --to", "give --period, or both --from and --to"
)
T_RANGE_ORDER = bilingual(
    "开始日期 {start} 晚于结束日期 {end}", "the start date {start} is after the end date {end}"
)
T_NOT_BALANCED = bilingual(
    "注意：资产总计与负债和所有者权益总计不相等",
    "Warning: total assets differ from liabilities and equity",
)


def _group(sub: argparse._SubParsersAction, name: str, help: str) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    """`print` and `export` may get kinds from other areas too (receipts, statements …): use the
    shared command group when the CLI base offers one."""
    shared = getattr(cli_base, "group", None)
    if shared is not None:
        return shared(sub, name, help)  # type: ignore[no-any-return]
    return sub.add_parser(name, help=help).add_subparsers(dest="sub", required=True, metavar="KIND")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    kinds = _group(sub, "print", "print to PDF (记账凭证, 科目余额表, 利润表, 资产负债表 …)")
    p = kinds.add_parser("voucher", help="记账凭证: one voucher (--number) or all of the month")
    p.add_argument("--period", required=True, help="YYYY-MM")
    p.add_argument("--number", type=int, default=None, help="voucher number (default: all)")
    p.add_argument("--per-page", type=int, choices=(1, 2), default=2, help="vouchers per A4")
    _out(p)
    p.set_defaults(func=cmd_print_voucher)
    p = kinds.add_parser("trial-balance", help="科目余额表")
    p.add_argument("--period", required=True)
    p.add_argument("--to", default=None, help="last period of a range")
    _out(p)
    p.set_defaults(func=cmd_print_trial_balance)
    p = kinds.add_parser("income-statement", help="利润表 (会小企02表)")
    p.add_argument("--period", required=True)
    _out(p)
    p.set_defaults(func=cmd_print_income)
    p = kinds.add_parser("balance-sheet", help="资产负债表 (会小企01表)")
    p.add_argument("--period", required=True)
    _out(p)
    p.set_defaults(func=cmd_print_balance)
    _register_fee_prints(kinds)

    kinds = _group(sub, "export", "export to Excel (序时账, 总账, 明细账, 科目余额表, 报表 …)")
    p = kinds.add_parser("journal", help="序时账 (default: the whole book)")
    _range_args(p)
    _out(p)
    p.set_defaults(func=cmd_export_journal)
    p = kinds.add_parser("general-ledger", help="总账 of an account, or of every first-level one")
    p.add_argument("--account", default=None)
    p.add_argument("--year", type=int, default=None)
    _out(p)
    p.set_defaults(func=cmd_export_general_ledger)
    p = kinds.add_parser("detail-ledger", help="明细账 of an account, or of every leaf account")
    p.add_argument("--account", default=None)
    _range_args(p)
    _out(p)
    p.set_defaults(func=cmd_export_detail_ledger)
    p = kinds.add_parser("trial-balance", help="科目余额表")
    p.add_argument("--period", required=True)
    p.add_argument("--to", default=None, help="last period of a range")
    _out(p)
    p.set_defaults(func=cmd_export_trial_balance)
    p = kinds.add_parser("income-statement", help="利润表 (会小企02表)")
    p.add_argument("--period", required=True)
    _out(p)
    p.set_defaults(func=cmd_export_income)
    p = kinds.add_parser("balance-sheet", help="资产负债表 (会小企01表)")
    p.add_argument("--period", required=True)
    _out(p)
    p.set_defaults(func=cmd_export_balance)
    _register_fee_exports(kinds)

    kinds = _group(sub, "statement", "利润表 / 资产负债表 in the terminal or as JSON")
    p = kinds.add_parser("income", help="利润表: 本月金额 and 本年累计金额")
    p.add_argument("--period", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_statement_income)
    p = kinds.add_parser("balance", help="资产负债表: 期末余额 and 年初余额")
    p.add_argument("--period", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_statement_balance)


def _out(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, type=Path, help="the file to write")


def _range_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--period", default=None, help="YYYY-MM")
    p.add_argument("--from", dest="start", default=None, help="YYYY-MM-DD")
    p.add_argument("--to", dest="end", default=None, help="YYYY-MM-DD")


def _range(args: argparse.Namespace) -> tuple[date | None, date | None]:
    if args.period:
        p = parse_period(args.period)
        return first_day(p), last_day(p)
    if bool(args.start) != bool(args.end):
        raise UserError(T_RANGE)
    if not args.start:
        return None, None
    start, end = parse_date(args.start), parse_date(args.end)
    if start > end:
        raise UserError(T_RANGE_ORDER, start=start, end=end)
    return start, end


def write_file(path: Path, render: Callable[[BinaryIO], object]) -> None:
    """Render into a temporary file beside `path`, then move it into place: a failed or
    cancelled export never leaves a half-written file under the name asked for."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(T_NO_FOLDER, path=folder)
    tmp = folder / f".{path.name}.part"
    try:
        with open(tmp, "wb") as fp:
            render(fp)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise EnvironmentFailure(T_CANNOT_WRITE, path=path, reason=exc.strerror or exc) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def make_document(
    args: argparse.Namespace, doc_id: str, params: dict[str, Any], *, progress: bool = False
) -> Any:
    """Make a document of the catalog (the same one the app makes) into `args.out`; returns
    what its renderer counted (rows, households, accounts)."""
    from propdesk.reports import catalog

    doc = catalog.document(doc_id)
    report = (
        Progress(lambda done, total, _text: _terminal_progress(done, total)) if progress else None
    )
    result = None
    with open_book(args) as book:

        def render(fp: BinaryIO) -> None:
            nonlocal result
            result = doc.make(book, params, fp, report)

        write_file(args.out, render)
    return result


def _months(args: argparse.Namespace) -> tuple[int, int]:
    start = parse_period(args.period)
    return start, parse_period(args.to) if args.to else start


def _dates(args: argparse.Namespace) -> tuple[date, date] | None:
    start, end = _range(args)
    return None if start is None or end is None else (start, end)


def _issued(args: argparse.Namespace) -> date | None:
    return parse_date(args.date) if args.date else None


def _compound_of(args: argparse.Namespace) -> int | None:
    if not args.compound:
        return None
    with open_book(args) as book, book.read() as s:
        return _compound_id(s, args.compound)


# -- print -----------------------------------------------------------------------------------
def cmd_print_voucher(args: argparse.Namespace) -> int:
    params = {"period": parse_period(args.period), "number": args.number, "per_page": args.per_page}
    make_document(args, "pdf:voucher", params)
    print(T_WRITTEN.format(path=args.out))
    return 0


def cmd_print_trial_balance(args: argparse.Namespace) -> int:
    make_document(args, "pdf:trial-balance", {"months": _months(args)})
    print(T_WRITTEN.format(path=args.out))
    return 0


def cmd_print_income(args: argparse.Namespace) -> int:
    make_document(args, "pdf:income-statement", {"period": parse_period(args.period)})
    print(T_WRITTEN.format(path=args.out))
    return 0


def cmd_print_balance(args: argparse.Namespace) -> int:
    make_document(args, "pdf:balance-sheet", {"period": parse_period(args.period)})
    print(T_WRITTEN.format(path=args.out))
    return 0


# -- export ----------------------------------------------------------------------------------
def _terminal_progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r" + T_PROGRESS.format(done=done, total=total))
        sys.stderr.flush()


def cmd_export_journal(args: argparse.Namespace) -> int:
    count = make_document(args, "xlsx:journal", {"range": _dates(args)}, progress=True)
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    print(T_EXPORTED_ROWS.format(n=count, path=args.out))
    return 0


def cmd_export_general_ledger(args: argparse.Namespace) -> int:
    from propdesk.services import ledger

    year = args.year
    if year is None:
        with open_book(args) as book, book.read() as s:
            year = ledger.current_period(s) // 100
    make_document(args, "xlsx:general-ledger", {"year": year, "account": args.account})
    print(T_WRITTEN.format(path=args.out))
    return 0


def cmd_export_detail_ledger(args: argparse.Namespace) -> int:
    params = {"account": args.account, "range": _dates(args)}  # None: the whole book
    count = make_document(args, "xlsx:detail-ledger", params)
    print(T_EXPORTED_ACCOUNTS.format(n=count, path=args.out))
    return 0


def cmd_export_trial_balance(args: argparse.Namespace) -> int:
    make_document(args, "xlsx:trial-balance", {"months": _months(args)})
    print(T_WRITTEN.format(path=args.out))
    return 0


def cmd_export_income(args: argparse.Namespace) -> int:
    make_document(args, "xlsx:income-statement", {"period": parse_period(args.period)})
    print(T_WRITTEN.format(path=args.out))
    return 0


def cmd_export_balance(args: argparse.Namespace) -> int:
    make_document(args, "xlsx:balance-sheet", {"period": parse_period(args.period)})
    print(T_WRITTEN.format(path=args.out))
    return 0


# -- statement -------------------------------------------------------------------------------
def _amt(fen: int) -> str:
    return format_amount(fen, symbol=False)


def cmd_statement_income(args: argparse.Namespace) -> int:
    from propdesk.reports.statements import income_statement

    period = parse_period(args.period)
    with open_book(args) as book, book.read() as s:
        data = income_statement(s, period)
    if args.json:
        print_json({
            "company": data.head.company, "form": data.form, "period": fmt_period(period),
            "lines": [{"key": ln.key, "row": ln.row, "item": ln.label, "month": plain(ln.amount),
                       "year_to_date": plain(ln.prior)} for ln in data.lines],
            "net_profit": {"month": plain(data.net_profit.amount),
                           "year_to_date": plain(data.net_profit.prior)},
        })  # fmt: skip
        return 0
    print(f"利润表（{data.form}）  {data.head.company}  {fmt_period(period)}  单位：元")
    print_table(
        ["项目", "行次", "本月金额", "本年累计金额"],
        [
            ("  " * ln.indent + ln.label, ln.row, _amt(ln.amount), _amt(ln.prior))
            for ln in data.lines
        ],
        right=(1, 2, 3),
    )
    return 0


def cmd_statement_balance(args: argparse.Namespace) -> int:
    from propdesk.reports.statements import balance_sheet

    period = parse_period(args.period)
    with open_book(args) as book, book.read() as s:
        data = balance_sheet(s, period)

    def side(lines: tuple) -> list[dict[str, object]]:  # type: ignore[type-arg]
        return [{"key": ln.key, "row": ln.row, "item": ln.label, "closing": plain(ln.amount),
                 "opening": plain(ln.prior)} for ln in lines if ln.has_amounts]  # fmt: skip

    if args.json:
        print_json({
            "company": data.head.company, "form": data.form, "period": fmt_period(period),
            "date": last_day(period).isoformat(), "assets": side(data.assets),
            "liabilities_and_equity": side(data.claims), "balanced": data.balanced,
        })  # fmt: skip
        return 0
    print(f"资产负债表（{data.form}）  {data.head.company}  {last_day(period)}  单位：元")
    rows = []
    for ln in (*data.assets, *data.claims):
        if ln.has_amounts:
            rows.append(("  " * ln.indent + ln.label, ln.row, _amt(ln.amount), _amt(ln.prior)))
        elif ln.label:
            rows.append((ln.label, "", "", ""))
    print_table(["项目", "行次", "期末余额", "年初余额"], rows, right=(1, 2, 3))
    if not data.balanced:
        print(T_NOT_BALANCED.format(), file=sys.stderr)
    return 0


# -- fee documents: receipts, notices, statements, registers -------------------------------------
T_RECEIPT_NUMBER = bilingual("收据号「{text}」无效", 'receipt number "{text}" is invalid')
T_HOUSEHOLDS = bilingual("已生成 {n} 户：{path}", "Written for {n} household(s): {path}")
LAYOUT_NAMES = {"one": "one_per_page", "three": "three_per_a4"}


def _register_fee_prints(kinds: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = kinds.add_parser("receipt", help="收据: one or more receipt numbers (a reprint is 副本)")
    p.add_argument("numbers", nargs="+", metavar="NUMBER", help="12 or No.00000012")
    p.add_argument("--layout", choices=sorted(LAYOUT_NAMES), default=None,
                   help="one per page or three per A4 (default: the book's receipt_layout)")  # fmt: skip
    _out(p)
    p.set_defaults(func=cmd_print_receipt)
    p = kinds.add_parser("notice", help="缴费通知单 for every household of a compound (or one)")
    p.add_argument("--compound", required=True)
    p.add_argument("--unit", default=None, help="one household's unit code")
    p.add_argument("--period", required=True, help="the billing month, YYYY-MM")
    p.add_argument(
        "--owing-only", action="store_true", help="leave out households that owe nothing"
    )
    _notice_args(p)
    p.set_defaults(func=cmd_print_notice)
    p = kinds.add_parser("reminder", help="催缴通知单 for every household in arrears on a date")
    p.add_argument("--as-of", required=True, help="YYYY-MM-DD")
    p.add_argument("--compound", default=None)
    p.add_argument("--internal-list", action="store_true",
                   help="the secretary's internal list instead (debts past 3 years flagged)")  # fmt: skip
    _notice_args(p)
    p.set_defaults(func=cmd_print_reminder)
    p = kinds.add_parser("household", help="a household's statement of account (对账单)")
    p.add_argument("--compound", required=True)
    p.add_argument("--unit", required=True)
    _out(p)
    p.set_defaults(func=cmd_print_household)
    p = kinds.add_parser("monthly", help="monthly statement of a compound or the company")
    p.add_argument("--period", required=True)
    p.add_argument("--compound", default=None, help="default: the whole company")
    _out(p)
    p.set_defaults(func=cmd_print_monthly)
    p = kinds.add_parser("disclosure", help="收支公示 of a compound for the bulletin board")
    p.add_argument("--period", required=True)
    p.add_argument("--compound", required=True)
    p.add_argument("--from", dest="posted_from", default=None,
                   help="first day on the board, YYYY-MM-DD (default today)")  # fmt: skip
    _out(p)
    p.set_defaults(func=cmd_print_disclosure)


def _notice_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--per-page", type=int, choices=(1, 2), default=1, help="households per A4")
    p.add_argument("--date", default=None, help="the date printed on the notices (default today)")
    _out(p)


def _register_fee_exports(kinds: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = kinds.add_parser("collections", help="收费明细: the receipts of a period")
    _range_args(p)
    _out(p)
    p.set_defaults(func=cmd_export_collections)
    p = kinds.add_parser("arrears", help="欠费账龄 as of a date, per unit and per compound")
    p.add_argument("--as-of", required=True)
    p.add_argument("--compound", default=None)
    _out(p)
    p.set_defaults(func=cmd_export_arrears)
    p = kinds.add_parser("common-income", help="公共收益公示 of a compound for a quarter")
    p.add_argument("--compound", required=True)
    p.add_argument("--quarter", required=True, help="YYYY-Qn")
    _out(p)
    p.set_defaults(func=cmd_export_common_income)
    p = kinds.add_parser("roster", help="房屋及业主名册 with masked ID numbers")
    p.add_argument("--compound", default=None)
    _out(p)
    p.set_defaults(func=cmd_export_roster)


def _receipt_number(text: str) -> int:
    t = text.strip()
    if t[:3].lower() == "no.":
        t = t[3:]
    if not t.isdigit() or int(t) <= 0:
        raise UserError(T_RECEIPT_NUMBER, text=text)
    return int(t)


def _compound_id(s, name: str | None) -> int | None:  # type: ignore[no-untyped-def]
    from propdesk.services import registry

    return registry.compound_by_name(s, name).id if name else None


def cmd_print_receipt(args: argparse.Namespace) -> int:
    numbers = tuple(_receipt_number(n) for n in args.numbers)
    layout = LAYOUT_NAMES[args.layout] if args.layout else None
    # the print count is written in the transaction the PDF is made in: a PDF that cannot be
    # written leaves it as it was
    make_document(args, "pdf:receipt", {"numbers": numbers, "layout": layout})
    print(T_WRITTEN.format(path=args.out))
    return 0


def cmd_print_notice(args: argparse.Namespace) -> int:
    from propdesk.services import registry

    with open_book(args) as book, book.read() as s:
        compound = registry.compound_by_name(s, args.compound).id
        unit = registry.unit_by_code(s, args.compound, args.unit).id if args.unit else None
    params = {"compound": compound, "unit": unit, "period": parse_period(args.period),
              "owing_only": args.owing_only, "per_page": args.per_page, "issued": _issued(args)}  # fmt: skip
    n = make_document(args, "pdf:notice", params)
    print(T_HOUSEHOLDS.format(n=n, path=args.out))
    return 0


def cmd_print_reminder(args: argparse.Namespace) -> int:
    as_of = parse_date(args.as_of)
    compound = _compound_of(args)
    if args.internal_list:
        n = make_document(args, "pdf:reminder-list", {"as_of": as_of, "compound": compound})
    else:
        params = {"as_of": as_of, "compound": compound, "per_page": args.per_page,
                  "issued": _issued(args)}  # fmt: skip
        n = make_document(args, "pdf:reminder", params)
    print(T_HOUSEHOLDS.format(n=n, path=args.out))
    return 0


def cmd_print_household(args: argparse.Namespace) -> int:
    from propdesk.services import registry

    with open_book(args) as book, book.read() as s:
        unit = registry.unit_by_code(s, args.compound, args.unit)
        params = {"compound": unit.compound_id, "unit": unit.id}
    make_document(args, "pdf:household", params)
    print(T_WRITTEN.format(path=args.out))
    return 0


def cmd_print_monthly(args: argparse.Namespace) -> int:
    params = {"period": parse_period(args.period), "compound": _compound_of(args)}
    make_document(args, "pdf:monthly", params)
    print(T_WRITTEN.format(path=args.out))
    return 0


def cmd_print_disclosure(args: argparse.Namespace) -> int:
    posted_from = parse_date(args.posted_from) if args.posted_from else None
    params = {"period": parse_period(args.period), "compound": _compound_of(args),
              "posted_from": posted_from}  # fmt: skip
    make_document(args, "pdf:disclosure", params)
    print(T_WRITTEN.format(path=args.out))
    return 0


def cmd_export_collections(args: argparse.Namespace) -> int:
    n = make_document(args, "xlsx:collections", {"range": _dates(args)})
    print(T_EXPORTED_ROWS.format(n=n, path=args.out))
    return 0


def cmd_export_arrears(args: argparse.Namespace) -> int:
    params = {"as_of": parse_date(args.as_of), "compound": _compound_of(args)}
    n = make_document(args, "xlsx:arrears", params)
    print(T_HOUSEHOLDS.format(n=n, path=args.out))
    return 0


def cmd_export_roster(args: argparse.Namespace) -> int:
    n = make_document(args, "xlsx:roster", {"compound": _compound_of(args)})
    print(T_EXPORTED_ROWS.format(n=n, path=args.out))
    return 0


def cmd_export_common_income(args: argparse.Namespace) -> int:
    params = {"compound": _compound_of(args), "quarter": args.quarter.strip().upper()}
    n = make_document(args, "xlsx:common-income", params)
    print(T_EXPORTED_ROWS.format(n=n, path=args.out))
    return 0
