"""Fee commands: contracts, billing runs, payments, receipts, refunds, waivers, late fees, arrears."""

from __future__ import annotations

import argparse
from datetime import date

from propdesk.cli.base import group, open_book, print_json, print_table
from propdesk.core.errors import UserError
from propdesk.core.fees import LateFeeRule, format_area, parse_percent, parse_rate
from propdesk.core.i18n import bilingual
from propdesk.core.money import format_amount, parse_fen, plain
from propdesk.core.periods import fmt_period, parse_date, parse_period

T_BAD_RATE_ARG = bilingual(
    "单价参数应为「房屋类型=单价」，如 住宅=0.85：{arg}",
    "a rate is TYPE=RATE, e.g. 住宅=0.85: {arg}",
)
T_BAD_ITEM_ARG = bilingual(
    "收费项目参数应为「名称:fixed:金额」「名称:metered:单价」或「名称:one_off:金额」：{arg}",
    "an item is NAME:fixed:AMOUNT, NAME:metered:PRICE or NAME:one_off:AMOUNT: {arg}",
)
T_BAD_LATE_ARG = bilingual(
    "违约金参数应为 none、daily:日费率%（如 daily:0.03）或 fixed:金额",
    "late fee is none, daily:PERCENT_PER_DAY or fixed:AMOUNT",
)
T_CONTRACT_ADDED = bilingual("已登记合同 {number}", "Contract {number} added")
T_BILLED = bilingual(
    "{period} 计费完成：{compounds} 个小区，新增账单 {bills} 笔，金额 {amount}，预收冲抵 {applied}，已存在跳过 {skipped} 笔",
    "{period} billed: {compounds} compound(s), {bills} new bill(s), {amount}, prepayments applied {applied}, {skipped} existing skipped",
)
T_RECEIPT = bilingual(
    "收据 {receipt}：收款 {amount}，冲抵欠费 {allocated}，预收 {prepaid}",
    "Receipt {receipt}: {amount} received, {allocated} to bills, {prepaid} prepaid",
)
T_VOIDED = bilingual("收据 {receipt} 已作废", "Receipt {receipt} voided")
T_REFUNDED = bilingual("已退款 {amount}（凭证 {voucher}）", "Refunded {amount} (voucher {voucher})")
T_WAIVED = bilingual("已减免 {amount}（凭证 {voucher}）", "Waived {amount} (voucher {voucher})")
T_LATE_CHARGED = bilingual("已计收违约金 {count} 户", "Late fees charged to {count} unit(s)")
T_READING_SAVED = bilingual("已录入读数", "Reading saved")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    con = sub.add_parser("contract", help="service contracts and fee standards").add_subparsers(
        dest="sub", required=True
    )
    p = con.add_parser("add")
    p.add_argument("--compound", required=True)
    p.add_argument("--number", required=True)
    p.add_argument("--start", required=True)
    p.add_argument("--end", required=True)
    p.add_argument("--billing-start", default=None, help="YYYY-MM")
    p.add_argument("--cycle", type=int, default=1, help="months per bill: 1, 3, 6 or 12")
    p.add_argument("--mode", choices=["lump_sum", "cost_plus"], default="lump_sum")
    p.add_argument(
        "--rate", action="append", default=[], help="UNIT_TYPE=YUAN_PER_M2_MONTH, e.g. 住宅=0.85"
    )
    p.add_argument(
        "--item",
        action="append",
        default=[],
        help="NAME:fixed:AMOUNT | NAME:metered:PRICE | NAME:one_off:AMOUNT",
    )
    p.add_argument("--vacancy-discount", default="0", help="percent off for vacant units")
    p.add_argument("--late-fee", default="none", help="none | daily:PERCENT | fixed:AMOUNT")
    p.add_argument("--grace-days", type=int, default=0)
    p.add_argument("--draft", action="store_true", help="a draft to be signed after the owners' vote")
    p.set_defaults(func=cmd_contract_add)
    p = con.add_parser("list")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_contract_list)

    bill = sub.add_parser("bill", help="billing runs").add_subparsers(dest="sub", required=True)
    p = bill.add_parser("run", help="bill a period (idempotent)")
    p.add_argument("--period", required=True)
    p.add_argument("--compound", default=None)
    p.set_defaults(func=cmd_bill_run)

    p = sub.add_parser("pay", help="take a payment and print the receipt number")
    p.add_argument("--compound", required=True)
    p.add_argument("--unit", required=True)
    p.add_argument("--amount", required=True)
    p.add_argument(
        "--method",
        required=True,
        help="cash | bank | wechat | alipay (or 现金 / 银行转账 / 微信 / 支付宝)",
    )
    p.add_argument("--date", default=None)
    p.add_argument("--ref", default="")
    p.add_argument(
        "--bills", default=None, help="comma-separated bill ids to settle (default: oldest first)"
    )
    p.set_defaults(func=cmd_pay)

    rec = sub.add_parser("receipt", help="void, reissue or show receipts").add_subparsers(
        dest="sub", required=True
    )
    p = rec.add_parser("void")
    p.add_argument("number", type=int)
    p.add_argument("--reason", required=True)
    p.add_argument("--date", default=None)
    p.set_defaults(func=cmd_receipt_void)
    p = rec.add_parser("reissue", help="void and take the payment again with the right amount")
    p.add_argument("number", type=int)
    p.add_argument("--amount", required=True)
    p.add_argument("--reason", required=True)
    p.add_argument("--date", default=None)
    p.set_defaults(func=cmd_receipt_reissue)

    p = sub.add_parser("refund", help="refund a unit's prepayment")
    p.add_argument("--compound", required=True)
    p.add_argument("--unit", required=True)
    p.add_argument("--amount", required=True)
    p.add_argument("--method", required=True)
    p.add_argument("--reason", required=True)
    p.add_argument("--date", default=None)
    p.set_defaults(func=cmd_refund)

    p = sub.add_parser("waive", help="waive (减免) part or all of a bill")
    p.add_argument("bill", type=int)
    p.add_argument("--amount", required=True)
    p.add_argument("--reason", required=True)
    p.add_argument("--approver", required=True)
    p.add_argument("--date", default=None)
    p.set_defaults(func=cmd_waive)

    lf = sub.add_parser("late-fee", help="late fees under each contract's rule").add_subparsers(
        dest="sub", required=True
    )
    for name, func in (("list", cmd_late_list), ("charge", cmd_late_charge)):
        p = lf.add_parser(name)
        p.add_argument("--as-of", required=True)
        p.add_argument("--compound", default=None)
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=func)

    p = sub.add_parser("reading", help="record a meter reading for a metered fee item")
    p.add_argument("--compound", required=True)
    p.add_argument("--unit", required=True)
    p.add_argument("--item", required=True)
    p.add_argument("--period", required=True)
    p.add_argument("--previous", required=True)
    p.add_argument("--current", required=True)
    p.set_defaults(func=cmd_reading)

    rep = group(sub, "report", "reports")
    p = rep.add_parser("arrears", help="欠费 aging as of a date")
    p.add_argument("--as-of", required=True)
    p.add_argument("--compound", default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_arrears)
    p = rep.add_parser("account", help="a household's statement of account")
    p.add_argument("--compound", required=True)
    p.add_argument("--unit", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_account)


def _day(text: str | None) -> date:
    return parse_date(text) if text else date.today()


def _rates(args: list[str]) -> dict[str, int]:
    from propdesk.services.registry import KIND_BY_LABEL, UNIT_KINDS

    out = {}
    for a in args:
        if "=" not in a:
            raise UserError(T_BAD_RATE_ARG, arg=a)
        kind, rate = a.split("=", 1)
        kind = KIND_BY_LABEL.get(kind.strip(), kind.strip())
        if kind not in UNIT_KINDS:
            raise UserError(T_BAD_RATE_ARG, arg=a)
        out[kind] = parse_rate(rate)
    return out


def _items(args: list[str]):  # type: ignore[no-untyped-def]
    from propdesk.services.contracts import NewItem

    out = []
    for a in args:
        parts = a.split(":")
        if len(parts) != 3 or parts[1] not in ("fixed", "metered", "one_off"):
            raise UserError(T_BAD_ITEM_ARG, arg=a)
        name, kind, value = parts
        if kind == "metered":
            out.append(NewItem(name.strip(), kind, price_e4=parse_rate(value)))
        else:
            out.append(NewItem(name.strip(), kind, amount=parse_fen(value, allow_zero=False)))
    return out


def _late(text: str, grace: int) -> LateFeeRule:
    if text == "none":
        return LateFeeRule(grace_days=grace)
    kind, _, value = text.partition(":")
    if kind == "daily" and value:
        return LateFeeRule("daily", daily_ppm=parse_percent(value) * 100, grace_days=grace)
    if kind == "fixed" and value:
        return LateFeeRule("fixed", fixed=parse_fen(value, allow_zero=False), grace_days=grace)
    raise UserError(T_BAD_LATE_ARG)


def cmd_contract_add(args: argparse.Namespace) -> int:
    from propdesk.services import contracts, registry

    new = contracts.NewContract(
        number=args.number.strip(), start=parse_date(args.start), end=parse_date(args.end),
        billing_start=parse_period(args.billing_start) if args.billing_start else None, cycle_months=args.cycle,
        mode=args.mode, rates=_rates(args.rate), items=_items(args.item),
        vacancy_discount_bp=parse_percent(args.vacancy_discount), late_fee=_late(args.late_fee, args.grace_days),
    )  # fmt: skip
    with open_book(args) as book, book.write() as s:
        status = "draft" if args.draft else "active"
        contracts.add_contract(s, registry.compound_by_name(s, args.compound), new, status=status)
    print(T_CONTRACT_ADDED.format(number=new.number))
    return 0


def cmd_contract_list(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from propdesk.db.models import Compound
    from propdesk.services import contracts

    with open_book(args) as book, book.read() as s:
        names = dict(s.execute(select(Compound.id, Compound.name)).all())
        rows = [
            (
                c.number,
                names[c.compound_id],
                c.status,
                c.start,
                c.end,
                fmt_period(c.billing_start),
                c.cycle_months,
            )
            for c in contracts.contracts_of(s)
        ]
    if args.json:
        print_json([dict(zip(("number", "compound", "status", "start", "end", "billing_start", "cycle_months"),
                             (*r[:3], r[3].isoformat(), r[4].isoformat(), *r[5:]), strict=True)) for r in rows])  # fmt: skip
    else:
        print_table(["合同编号", "小区", "状态", "开始", "结束", "开始计费", "周期(月)"], rows)
    return 0


def cmd_bill_run(args: argparse.Namespace) -> int:
    from propdesk.services import billing, registry

    period = parse_period(args.period)
    with open_book(args) as book, book.write() as s:
        cid = registry.compound_by_name(s, args.compound).id if args.compound else None
        r = billing.run_billing(s, period, compound_id=cid)
    print(T_BILLED.format(period=fmt_period(period), compounds=r.compounds, bills=r.bills, amount=format_amount(r.amount),
                          applied=format_amount(r.prepaid_applied), skipped=r.skipped_existing))  # fmt: skip
    return 0


def cmd_pay(args: argparse.Namespace) -> int:
    from propdesk.services import payments, registry

    amount = parse_fen(args.amount, allow_zero=False)
    bills = [int(b) for b in args.bills.split(",")] if args.bills else None
    with open_book(args) as book, book.write() as s:
        unit = registry.unit_by_code(s, args.compound, args.unit)
        r = payments.take_payment(
            s, unit, amount, args.method, _day(args.date), reference=args.ref, bill_ids=bills
        )
    print(r.receipt)
    print(T_RECEIPT.format(receipt=r.receipt, amount=format_amount(amount), allocated=format_amount(r.allocated),
                           prepaid=format_amount(r.prepaid)))  # fmt: skip
    return 0


def cmd_receipt_void(args: argparse.Namespace) -> int:
    from propdesk.services import payments

    with open_book(args) as book, book.write() as s:
        payments.void_receipt(s, args.number, args.reason, _day(args.date))
    print(T_VOIDED.format(receipt=payments.receipt_label(args.number)))
    return 0


def cmd_receipt_reissue(args: argparse.Namespace) -> int:
    from propdesk.services import payments

    amount = parse_fen(args.amount, allow_zero=False)
    with open_book(args) as book, book.write() as s:
        r = payments.reissue_receipt(s, args.number, amount, args.reason, _day(args.date))
    print(r.receipt)
    return 0


def cmd_refund(args: argparse.Namespace) -> int:
    from propdesk.services import payments, registry

    amount = parse_fen(args.amount, allow_zero=False)
    with open_book(args) as book, book.write() as s:
        unit = registry.unit_by_code(s, args.compound, args.unit)
        ref = payments.refund_prepayment(s, unit, amount, args.method, _day(args.date), args.reason)
    print(T_REFUNDED.format(amount=format_amount(amount), voucher=ref))
    return 0


def cmd_waive(args: argparse.Namespace) -> int:
    from propdesk.services import payments

    amount = parse_fen(args.amount, allow_zero=False)
    with open_book(args) as book, book.write() as s:
        ref = payments.waive(s, args.bill, amount, args.reason, args.approver, _day(args.date))
    print(T_WAIVED.format(amount=format_amount(amount), voucher=ref))
    return 0


def _late_lines(s, args):  # type: ignore[no-untyped-def]
    from propdesk.services import payments, registry

    cid = registry.compound_by_name(s, args.compound).id if args.compound else None
    return payments.late_fees_due(s, parse_date(args.as_of), cid)


def cmd_late_list(args: argparse.Namespace) -> int:
    with open_book(args) as book, book.read() as s:
        lines = _late_lines(s, args)
    if args.json:
        print_json(
            [
                {
                    "unit": ln.unit_code,
                    "bills": ln.bills,
                    "outstanding": plain(ln.outstanding),
                    "fee": plain(ln.fee),
                }
                for ln in lines
            ]
        )
    else:
        print_table(
            ["房屋", "欠费笔数", "欠费金额", "违约金"],
            [(ln.unit_code, ln.bills, plain(ln.outstanding), plain(ln.fee)) for ln in lines],
            right=(1, 2, 3),
        )
    return 0


def cmd_late_charge(args: argparse.Namespace) -> int:
    from propdesk.services import payments

    with open_book(args) as book, book.write() as s:
        n = payments.charge_late_fees(s, _late_lines(s, args), parse_date(args.as_of))
    print(T_LATE_CHARGED.format(count=n))
    return 0


def cmd_reading(args: argparse.Namespace) -> int:
    from propdesk.services import charges, registry

    with open_book(args) as book, book.write() as s:
        unit = registry.unit_by_code(s, args.compound, args.unit)
        charges.record_reading(
            s, unit, args.item, parse_period(args.period), args.previous, args.current
        )
    print(T_READING_SAVED.format())
    return 0


def cmd_arrears(args: argparse.Namespace) -> int:
    from propdesk.core.fees import AGING_BUCKETS
    from propdesk.services import arrears, registry

    as_of = parse_date(args.as_of)
    with open_book(args) as book, book.read() as s:
        cid = registry.compound_by_name(s, args.compound).id if args.compound else None
        rep = arrears.arrears(s, as_of, cid)
    if args.json:
        print_json({
            "as_of": as_of.isoformat(),
            "total": plain(rep.total),
            "buckets": {k: plain(rep.totals.get(k, 0)) for k in arrears.BUCKET_KEYS},
            "units": [{"compound": r.compound, "unit": r.unit, "owner": r.owner, "total": plain(r.total), "bills": r.bills,
                       "oldest_due": r.oldest_due.isoformat(), "over_3_years": r.flagged,
                       "buckets": {k: plain(v) for k, v in r.buckets.items()}} for r in rep.rows],
            "compounds": {c: {k: (plain(v) if k != "units" else v) for k, v in agg.items()} for c, agg in rep.by_compound().items()},
        })  # fmt: skip
        return 0
    labels = [b[1] for b in AGING_BUCKETS]
    rows = [(r.compound, r.unit, r.owner, *(format_amount(r.buckets[k], symbol=False) for k in arrears.BUCKET_KEYS),
             format_amount(r.total, symbol=False), "⚠ 超三年" if r.flagged else "") for r in rep.rows]  # fmt: skip
    print_table(["小区", "房屋", "业主", *labels, "合计", ""], rows, right=tuple(range(3, 10)))
    print(f"合计 {format_amount(rep.total)}  截至 {as_of}")
    return 0


def cmd_account(args: argparse.Namespace) -> int:
    from propdesk.services import arrears, registry

    with open_book(args) as book, book.read() as s:
        unit = registry.unit_by_code(s, args.compound, args.unit)
        st = arrears.account_statement(s, unit.id)
    if args.json:
        print_json({"compound": st.compound, "unit": st.unit, "owner": st.owner, "area": format_area(st.area),
                    "owed": plain(st.owed), "prepaid": plain(st.prepaid),
                    "lines": [{"date": ln.date.isoformat(), "kind": ln.kind, "description": ln.description,
                               "charge": plain(ln.charge), "credit": plain(ln.credit), "balance": plain(ln.balance),
                               "reference": ln.reference} for ln in st.lines]})  # fmt: skip
        return 0
    print(f"{st.compound} {st.unit}  业主 {st.owner}  面积 {format_area(st.area)} ㎡")
    print_table(["日期", "类别", "摘要", "应收", "收入/减免", "余额", "收据"],
                [(ln.date, ln.kind, ln.description, plain(ln.charge) if ln.charge else "", plain(ln.credit) if ln.credit else "",
                  plain(ln.balance), ln.reference) for ln in st.lines], right=(3, 4, 5))  # fmt: skip
    print(f"欠费 {format_amount(st.owed)}  预收余额 {format_amount(st.prepaid)}")
    return 0
