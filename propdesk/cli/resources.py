"""Common-resource commands: resources, agreements and dues, income, reasonable costs, the
management share, uses of the owners' money and the quarterly common-income disclosure."""

from __future__ import annotations

import argparse
from datetime import date

from propdesk.cli.base import group, open_book, print_json, print_table
from propdesk.core.fees import parse_percent
from propdesk.core.i18n import bilingual
from propdesk.core.money import format_amount, parse_fen
from propdesk.core.periods import fmt_period, parse_date, parse_period
from propdesk.core.ratios import bp_text

T_RESOURCE_ADDED = bilingual("已登记资源 {code}（{common}）", "Resource {code} added ({common})")
T_COMMON = bilingual("共有部分", "common part")
T_NOT_COMMON = bilingual("非共有部分", "not a common part")
T_OPERATING = bilingual("资源 {code} 已投入经营", "Resource {code} is in operation")
T_SHARE_SET = bilingual("管理分成 {pct} 自 {start} 起", "Management share {pct} from {start}")
T_AGREEMENT_ADDED = bilingual("已登记协议 {id}", "Agreement {id} added")
T_DUES = bilingual("{period} 新增应收 {count} 笔", "{period}: {count} new amount(s) due")
T_INCOME = bilingual(
    "收据 {receipt}：收入 {amount}，公司分成 {company}，业主共有收益 {owners}（凭证 {voucher}）",
    "Receipt {receipt}: {amount} received, company share {company}, owners {owners} (voucher {voucher})",
)
T_COST = bilingual("已记合理成本 {amount}", "Reasonable cost {amount} recorded")
T_USED = bilingual(
    "已动用业主共有收益 {amount}（凭证 {voucher}）",
    "Owners' money used: {amount} (voucher {voucher})",
)
T_UNITS = bilingual(
    "按面积分摊到 {count} 户（记入预收物业费）",
    "split by area to {count} unit(s) (as prepaid fees)",
)
T_REPORT = bilingual("{compound} {quarter} 公共收益公示", "{compound} {quarter} common income")
T_ROWS = {
    "opening": bilingual("期初余额", "opening balance"),
    "gross": bilingual("经营收入", "gross income"),
    "costs": bilingual("合理成本", "reasonable costs"),
    "company_share": bilingual("公司管理分成", "company share"),
    "owners_share": bilingual("业主共有收益", "owners' share"),
    "used": bilingual("本期动用", "used"),
    "closing": bilingual("期末余额", "closing balance"),
}
T_LEDGER = bilingual("与总账核对：{ok}", "agrees with the ledger: {ok}")


def _day(text: str | None) -> date:
    return parse_date(text) if text else date.today()


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    res = sub.add_parser("resource", help="common resources: parking, ads, lockers, stalls").add_subparsers(
        dest="sub", required=True)  # fmt: skip
    p = res.add_parser("add", help="register a resource (a common part starts idle)")
    p.add_argument("--compound", required=True)
    p.add_argument("--kind", required=True, help="parking | ad | locker | stall | room")
    p.add_argument("--code", required=True)
    p.add_argument("--owner", default="owners", help="owners | company | third_party")
    p.add_argument("--location", default="")
    p.set_defaults(func=cmd_resource_add)
    p = res.add_parser("operate", help="put into operation (a common part needs its vote)")
    p.add_argument("--compound", required=True)
    p.add_argument("--code", required=True)
    p.add_argument("--kind", default=None)
    p.add_argument("--date", default=None)
    p.set_defaults(func=cmd_resource_operate)
    p = res.add_parser("share", help="the company's agreed management share of common income")
    p.add_argument("--compound", required=True)
    p.add_argument("--percent", required=True)
    p.add_argument("--from", dest="start", required=True)
    p.add_argument("--agreement", default="")
    p.set_defaults(func=cmd_share)

    agr = sub.add_parser("agreement", help="resource agreements and amounts due").add_subparsers(
        dest="sub", required=True)  # fmt: skip
    p = agr.add_parser("add", help="an agreement on a resource; prints its id")
    p.add_argument("--compound", required=True)
    p.add_argument("--resource", required=True, help="the resource's code")
    p.add_argument("--resource-kind", default=None)
    p.add_argument("--kind", required=True, help="card | temporary | ad | locker | stall | room")
    p.add_argument("--party", required=True)
    p.add_argument("--start", required=True)
    p.add_argument("--end", required=True)
    p.add_argument("--rent", default="0", help="per month")
    p.add_argument("--cycle", type=int, default=1)
    p.add_argument("--share", default="0", help="revenue share percent (lockers)")
    p.add_argument("--plate", default="")
    p.add_argument("--unit", default=None, help="the holder's unit code")
    p.set_defaults(func=cmd_agreement_add)
    p = agr.add_parser("renew", help="renew an agreement to a new end date")
    p.add_argument("--id", type=int, required=True)
    p.add_argument("--end", required=True)
    p.add_argument("--rent", default=None)
    p.set_defaults(func=cmd_agreement_renew)
    p = agr.add_parser("dues", help="amounts due for a period (idempotent)")
    p.add_argument("--period", required=True)
    p.set_defaults(func=cmd_agreement_dues)
    p = agr.add_parser("expiring", help="agreements ending soon, not renewed")
    p.add_argument("--date", default=None)
    p.add_argument("--days", type=int, default=30)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_agreement_expiring)

    inc = sub.add_parser("income", help="resource income with a receipt").add_subparsers(
        dest="sub", required=True)  # fmt: skip
    p = inc.add_parser("add")
    p.add_argument("--compound", required=True)
    p.add_argument("--resource", required=True)
    p.add_argument("--resource-kind", default=None)
    p.add_argument("--agreement", type=int, default=None)
    p.add_argument("--amount", required=True)
    p.add_argument("--method", default="cash")
    p.add_argument("--date", default=None)
    p.add_argument("--payer", default=None)
    p.add_argument("--temporary", action="store_true", help="a day's temporary parking takings")
    p.set_defaults(func=cmd_income_add)

    cost = sub.add_parser("cost", help="reasonable costs with evidence").add_subparsers(
        dest="sub", required=True)  # fmt: skip
    p = cost.add_parser("add")
    p.add_argument("--compound", required=True)
    p.add_argument("--resource", default=None, help="omit for the compound's common resources")
    p.add_argument("--resource-kind", default=None)
    p.add_argument("--amount", required=True)
    p.add_argument(
        "--category", required=True, help="electricity | barrier | cleaning | staff | other"
    )
    p.add_argument("--evidence", required=True, help="the invoice or bill (its sha256 is kept)")
    p.add_argument("--date", default=None)
    p.add_argument("--method", default="bank")
    p.add_argument("--note", default="")
    p.set_defaults(func=cmd_cost_add)

    om = sub.add_parser("owners-money", help="use the owners' common income").add_subparsers(
        dest="sub", required=True)  # fmt: skip
    p = om.add_parser("use", help="fund | fee_offset | other, on the owners' decision")
    p.add_argument("--compound", required=True)
    p.add_argument("--kind", required=True)
    p.add_argument("--amount", required=True)
    p.add_argument("--date", default=None)
    p.add_argument("--vote", type=int, default=None)
    p.add_argument("--decision", default="")
    p.add_argument("--decided-on", default=None)
    p.add_argument("--note", default="")
    p.add_argument("--method", default="bank")
    p.set_defaults(func=cmd_owners_money_use)

    rep = group(sub, "report", "reports")
    p = rep.add_parser("common-income", help="公共收益公示 of a compound for a quarter")
    p.add_argument("--compound", required=True)
    p.add_argument("--quarter", required=True, help="YYYY-Qn")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_report_common_income)


def cmd_resource_add(args: argparse.Namespace) -> int:
    from propdesk.services import registry, resources

    with open_book(args) as book, book.write() as s:
        c = registry.compound_by_name(s, args.compound)
        r = resources.add_resource(
            s, c, args.kind, args.code, owner=args.owner, location=args.location
        )
        common = (T_COMMON if r.common else T_NOT_COMMON).format()
    print(T_RESOURCE_ADDED.format(code=args.code, common=common))
    return 0


def cmd_resource_operate(args: argparse.Namespace) -> int:
    from propdesk.services import registry, resources

    with open_book(args) as book, book.write() as s:
        c = registry.compound_by_name(s, args.compound)
        resources.operate(
            s, resources.resource_by_code(s, c, args.code, args.kind), _day(args.date)
        )
    print(T_OPERATING.format(code=args.code))
    return 0


def cmd_share(args: argparse.Namespace) -> int:
    from propdesk.services import registry, resources

    bp = parse_percent(args.percent)
    with open_book(args) as book, book.write() as s:
        c = registry.compound_by_name(s, args.compound)
        resources.set_share(s, c, bp, parse_date(args.start), args.agreement)
    print(T_SHARE_SET.format(pct=bp_text(bp, None), start=args.start))
    return 0


def cmd_agreement_add(args: argparse.Namespace) -> int:
    from propdesk.services import registry, resources

    rent = parse_fen(args.rent)
    share = parse_percent(args.share)
    with open_book(args) as book, book.write() as s:
        c = registry.compound_by_name(s, args.compound)
        r = resources.resource_by_code(s, c, args.resource, args.resource_kind)
        unit_id = registry.unit_by_code(s, c.name, args.unit).id if args.unit else None
        a = resources.add_agreement(s, r, resources.NewAgreement(
            args.kind, args.party, parse_date(args.start), parse_date(args.end), rent, args.cycle,
            share, args.plate, unit_id))  # fmt: skip
        aid = a.id
    print(aid)
    print(T_AGREEMENT_ADDED.format(id=aid))
    return 0


def cmd_agreement_renew(args: argparse.Namespace) -> int:
    from propdesk.services import resources

    rent = parse_fen(args.rent) if args.rent is not None else None
    with open_book(args) as book, book.write() as s:
        a = resources.renew_agreement(
            s, resources.get_agreement(s, args.id), parse_date(args.end), rent=rent
        )
        aid = a.id
    print(aid)
    print(T_AGREEMENT_ADDED.format(id=aid))
    return 0


def cmd_agreement_dues(args: argparse.Namespace) -> int:
    from propdesk.services import resources

    period = parse_period(args.period)
    with open_book(args) as book, book.write() as s:
        n = resources.generate_dues(s, period)
    print(T_DUES.format(period=fmt_period(period), count=n))
    return 0


def cmd_agreement_expiring(args: argparse.Namespace) -> int:
    from propdesk.services import resources

    with open_book(args) as book, book.read() as s:
        rows = resources.expiring(s, _day(args.date), args.days)
    if args.json:
        print_json([{"id": r.agreement_id, "compound": r.compound, "resource": r.resource, "kind": r.kind,
                     "party": r.party, "plate": r.plate, "end": r.end.isoformat(), "days_left": r.days_left}
                    for r in rows])  # fmt: skip
        return 0
    print_table(["ID", "小区", "资源", "类型", "对方", "车牌", "到期", "剩余天数"],
                [(r.agreement_id, r.compound, r.resource, r.kind, r.party, r.plate, r.end, r.days_left)
                 for r in rows], right=(0, 7))  # fmt: skip
    return 0


def cmd_income_add(args: argparse.Namespace) -> int:
    from propdesk.services import registry, resources

    amount = parse_fen(args.amount, allow_zero=False)
    with open_book(args) as book, book.write() as s:
        c = registry.compound_by_name(s, args.compound)
        r = resources.resource_by_code(s, c, args.resource, args.resource_kind)
        on = _day(args.date)
        if args.temporary:
            res = resources.record_temporary_parking(s, r, amount, args.method, on)
        else:
            a = resources.get_agreement(s, args.agreement) if args.agreement else None
            res = resources.record_income(
                s, r, amount, args.method, on, agreement=a, payer=args.payer
            )
    print(res.receipt)
    print(T_INCOME.format(receipt=res.receipt, amount=format_amount(res.amount),
                          company=format_amount(res.company_share), owners=format_amount(res.owners_share),
                          voucher=res.voucher))  # fmt: skip
    return 0


def cmd_cost_add(args: argparse.Namespace) -> int:
    from propdesk.services import registry, resources, votes

    amount = parse_fen(args.amount, allow_zero=False)
    evidence = votes.evidence_from_file(args.evidence)
    with open_book(args) as book, book.write() as s:
        c = registry.compound_by_name(s, args.compound)
        r = (
            resources.resource_by_code(s, c, args.resource, args.resource_kind)
            if args.resource
            else None
        )
        resources.record_cost(s, c, amount, _day(args.date), args.category, evidence, resource=r,
                              method=args.method, description=args.note)  # fmt: skip
    print(T_COST.format(amount=format_amount(amount)))
    return 0


def cmd_owners_money_use(args: argparse.Namespace) -> int:
    from propdesk.services import registry, resources

    amount = parse_fen(args.amount, allow_zero=False)
    with open_book(args) as book, book.write() as s:
        c = registry.compound_by_name(s, args.compound)
        res = resources.use_owners_money(
            s, c, args.kind, amount, _day(args.date), vote_id=args.vote, decision=args.decision,
            decided_on=parse_date(args.decided_on) if args.decided_on else None,
            description=args.note, method=args.method,
        )  # fmt: skip
    print(T_USED.format(amount=format_amount(amount), voucher=res.voucher))
    if res.shares:
        print(T_UNITS.format(count=len(res.shares)))
    return 0


def cmd_report_common_income(args: argparse.Namespace) -> int:
    from propdesk.services import registry, resources

    with open_book(args) as book, book.read() as s:
        c = registry.compound_by_name(s, args.compound)
        rep = resources.disclosure(s, c, args.quarter)
    if args.json:
        print_json(rep.as_dict())
        return 0
    print(T_REPORT.format(compound=rep.compound, quarter=rep.quarter))
    print_table(["资源", "编号", "位置", "收入", "公司分成"],
                [(resources.KINDS[r.kind].format(), r.code, r.location, format_amount(r.gross),
                  format_amount(r.company_share)) for r in rep.income], right=(3, 4))  # fmt: skip
    print()
    print_table(["项目", "金额"], [(t.format(), format_amount(getattr(rep, k))) for k, t in T_ROWS.items()],
                right=(1,))  # fmt: skip
    for u in rep.uses:
        print(
            f"{u.date} {resources.USE_KINDS[u.kind].format()} {format_amount(u.amount)} {u.decision}"
        )
    print(T_LEDGER.format(ok="是" if rep.reconciles else "否"))
    return 0
