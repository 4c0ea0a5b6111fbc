"""Vote, trial-service and contract-life commands: owners' votes and ballots, results, trial
periods, and signing / activating / ending / renewing contracts."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from propdesk.cli.base import group, open_book, print_json, print_table
from propdesk.core import votes as core
from propdesk.core.errors import UserError
from propdesk.core.fees import format_area
from propdesk.core.i18n import bilingual
from propdesk.core.money import format_amount, parse_fen
from propdesk.core.periods import parse_date

T_CAST = bilingual(
    "已登记表决票 {ballot}：业主「{voter}」{opinion}", 'Ballot {ballot}: "{voter}" {opinion}'
)
T_REPLACED = bilingual(
    "已登记表决票 {ballot}：业主「{voter}」{opinion}（替换表决票 {old}）",
    'Ballot {ballot}: "{voter}" {opinion} (replaces ballot {old})',
)
T_UNCHANGED = bilingual(
    "业主「{voter}」已有相同意见的表决票 {ballot}，未做修改",
    '"{voter}" already has ballot {ballot} with the same opinion; nothing changed',
)
T_IMPORTED = bilingual(
    "已导入 {file}：新登记表决票 {created} 张，已有且相同 {unchanged} 张（共 {rows} 行）",
    "Imported {file}: {created} new ballot(s), {unchanged} already in unchanged ({rows} rows)",
)
T_DRY_RUN = bilingual(
    "试导入 {file}，未写入账套：将登记表决票 {created} 张，已有且相同 {unchanged} 张（共 {rows} 行）",
    "Dry run of {file}, nothing written: {created} new ballot(s), {unchanged} already in ({rows} rows)",
)
T_CLOSED = bilingual("表决 {id} 已于 {date} 结束：{result}", "Vote {id} closed on {date}: {result}")
T_TRIAL_SERVICE = bilingual("已登记试运行服务，成本 {cost}", "Trial service recorded, cost {cost}")
T_SIGNED = bilingual(
    "合同 {number} 已签订（表决 {vote}）", "Contract {number} signed (authorised by vote {vote})"
)
T_ACTIVATED = bilingual("合同 {number} 已生效", "Contract {number} is active")
T_NOTICE = bilingual(
    "已登记{kind}：{given} 发出，{effective} 生效",
    "{kind} recorded: given {given}, effective {effective}",
)
T_TERMINATED = bilingual("合同 {number} 已于 {date} 解除", "Contract {number} terminated on {date}")
T_RENEWED = bilingual(
    "已起草续签合同 {number}（{start} 至 {end}），待业主表决后签订",
    "Renewal {number} drafted ({start} to {end}); sign it after the owners' vote",
)
T_EXPIRED = bilingual("已标记为到期：{numbers}", "Marked expired: {numbers}")
T_NONE_EXPIRED = bilingual("没有需要标记为到期的合同", "No contract to mark expired")
T_NOTHING_TO_DO = bilingual("没有需要处理的合同", "No contract needs action")
T_LINKED = bilingual("合同 {number} 已关联表决 {vote}", "Contract {number} linked to vote {vote}")
T_NO_RESULT = bilingual("（未投票）", "(not voted)")
VOTE_STATUSES = {"open": bilingual("进行中", "open"), "closed": bilingual("已结束", "closed")}
T_YES = bilingual("是", "yes")
T_NO = bilingual("否", "no")
T_RESULT_LINES = bilingual(
    "表决 {id}「{title}」（{compound}）\n"
    "事项：{matter}；{kind}\n"
    "总计：{total_area} ㎡，{total_count} 人\n"
    "参与：{part_area} ㎡，{part_count} 人；达到法定参与（三分之二以上）：{quorum}\n"
    "同意：{yes_area} ㎡，{yes_count} 人；反对：{no_area} ㎡，{no_count} 人；弃权：{abstain_area} ㎡，{abstain_count} 人\n"
    "结果：{result}",
    'Vote {id} "{title}" ({compound})\n'
    "Matter: {matter}; {kind}\n"
    "Total: {total_area} m², {total_count} owner(s)\n"
    "Took part: {part_area} m², {part_count}; quorum (two thirds): {quorum}\n"
    "Agree: {yes_area} m², {yes_count}; disagree: {no_area} m², {no_count}; abstain: {abstain_area} m², {abstain_count}\n"
    "Result: {result}",
)
T_MISSING_LINES = bilingual(
    "尚需：再有 {part_count} 人、{part_area} ㎡ 参与才达到法定参与；再有 {yes_count} 人、{yes_area} ㎡ 同意才达到多数；"
    "最少再有 {pass_count} 人、{pass_area} ㎡ 同意即可通过{possible}",
    "Still needed: {part_count} more owner(s) and {part_area} m² taking part for the quorum; "
    "{yes_count} more and {yes_area} m² agreeing for the majority; at least {pass_count} more "
    "and {pass_area} m² agreeing would pass it{possible}",
)
T_IMPOSSIBLE = bilingual(
    "（未投票业主全部同意也无法通过）", " (it cannot pass even if all the rest agree)"
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    vote = sub.add_parser("vote", help="owners' votes (Civil Code 278)").add_subparsers(
        dest="sub", required=True
    )
    p = vote.add_parser("create", help="open a vote (its roster is frozen now); prints its id")
    p.add_argument("--compound", required=True)
    p.add_argument(
        "--matter", required=True, help=" | ".join(core.MATTERS) + " (or its Chinese name)"
    )
    p.add_argument("--title", required=True, help="the subject put to the owners")
    p.add_argument("--method", choices=list(core.METHODS), default="assembly")
    p.add_argument("--counting", choices=list(core.COUNTINGS), default=core.STATUTORY)
    p.add_argument("--kind", choices=list(core.KINDS), default=None,
                   help="refused unless it is the matter's own kind")  # fmt: skip
    p.add_argument("--opens", default=None, help="YYYY-MM-DD (default today)")
    p.add_argument("--closes", default=None, help="YYYY-MM-DD (default 30 days after opening)")
    p.set_defaults(func=cmd_vote_create)

    p = vote.add_parser("list")
    p.add_argument("--compound", default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_vote_list)

    p = vote.add_parser("ballot", help="record one owner-person's ballot")
    p.add_argument("vote_id", type=int)
    p.add_argument("--compound", required=True)
    p.add_argument("--unit", required=True, help="any unit of the owner, 楼栋-单元-房号")
    p.add_argument("--opinion", required=True, help="agree | disagree | abstain (同意/反对/弃权)")
    p.add_argument("--date", default=None)
    p.add_argument("--collector", default=None, help="who collected it (default: --user)")
    p.add_argument("--evidence", type=Path, default=None, help="the scanned, signed form")
    p.add_argument("--keep-evidence", action="store_true", help="store the scan in the book")
    p.add_argument("--replace-reason", default=None, help="needed to change a ballot")
    p.set_defaults(func=cmd_vote_ballot)

    p = vote.add_parser("import-ballots", help="a ballot sheet .xlsx: all rows or none")
    p.add_argument("vote_id", type=int)
    p.add_argument("file", type=Path)
    p.add_argument("--collector", default=None)
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_vote_import)

    p = vote.add_parser("close", help="close a vote and freeze its result")
    p.add_argument("vote_id", type=int)
    p.add_argument("--date", default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_vote_close)

    p = vote.add_parser("result", help="the live tally or the frozen result, and what is missing")
    p.add_argument("vote_id", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_vote_result)

    p = vote.add_parser("forms", help="pre-filled ballot forms: one per owner-person")
    p.add_argument("vote_id", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_vote_forms)

    p = vote.add_parser("ballots", help="the ballots in, replaced ones too")
    p.add_argument("vote_id", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_vote_ballots)

    tr = sub.add_parser("trial", help="trial service (先尝后买)").add_subparsers(
        dest="sub", required=True
    )
    p = tr.add_parser("add", help="a contract-less trial period; prints its id")
    p.add_argument("--compound", required=True)
    p.add_argument("--start", required=True)
    p.add_argument("--end", required=True)
    p.add_argument("--notes", default="")
    p.set_defaults(func=cmd_trial_add)
    p = tr.add_parser("service", help="a service given in a trial and its cost (company expense)")
    p.add_argument("trial_id", type=int)
    p.add_argument("--date", required=True)
    p.add_argument("--kind", required=True, help="cleaning | repair | rubbish | greening | other")
    p.add_argument("--description", required=True)
    p.add_argument("--cost", default="0")
    p.add_argument("--paid-from", choices=["cash", "bank"], default="bank")
    p.set_defaults(func=cmd_trial_service)
    p = tr.add_parser("list")
    p.add_argument("--compound", default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_trial_list)

    life = sub.add_parser(
        "contract-life", help="sign, activate, give notice, terminate, renew contracts"
    ).add_subparsers(dest="sub", required=True)
    p = life.add_parser("sign", help="draft -> signed, behind a passed hire-manager vote")
    p.add_argument("number")
    p.add_argument("--vote", type=int, default=None, help="default: the latest passed one")
    p.add_argument("--date", default=None)
    p.set_defaults(func=cmd_sign)
    p = life.add_parser("activate", help="signed -> active (billed)")
    p.add_argument("number")
    p.add_argument("--date", default=None)
    p.set_defaults(func=cmd_activate)
    p = life.add_parser("notice", help="a written notice (Civil Code 946-948)")
    p.add_argument("number")
    p.add_argument("--kind", required=True, choices=["dismissal", "non-renewal", "termination"])
    p.add_argument("--given", required=True)
    p.add_argument("--effective", default=None)
    p.add_argument("--vote", type=int, default=None, help="the owners' decision (dismissal)")
    p.add_argument("--party", choices=["owners", "company"], default=None)
    p.add_argument("--text", default="")
    p.set_defaults(func=cmd_notice)
    p = life.add_parser("terminate")
    p.add_argument("number")
    p.add_argument("--date", required=True)
    p.add_argument("--reason", required=True)
    p.add_argument("--by-agreement", action="store_true", help="the parties agreed to end it")
    p.set_defaults(func=cmd_terminate)
    p = life.add_parser("renew", help="draft a renewal with the old contract's fee terms")
    p.add_argument("number")
    p.add_argument("--new-number", required=True)
    p.add_argument("--end", required=True)
    p.add_argument("--start", default=None, help="default: the day after the old one ends")
    p.set_defaults(func=cmd_renew)
    p = life.add_parser("expire", help="mark expired the contracts past their end with a decision")
    p.add_argument("--date", default=None)
    p.set_defaults(func=cmd_expire)
    p = life.add_parser("link-vote", help="the vote behind a contract added before gating")
    p.add_argument("number")
    p.add_argument("--vote", type=int, required=True)
    p.set_defaults(func=cmd_link_vote)
    p = life.add_parser("needing-action", help="contracts expiring, unfixed-term, waiting")
    p.add_argument("--date", default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_needing_action)

    kinds = group(sub, "print", "print to PDF (记账凭证, 科目余额表, 利润表, 资产负债表 …)")
    p = kinds.add_parser("vote-announcement", help="表决结果公告 of a vote (live figures if open)")
    p.add_argument("vote_id", type=int)
    p.add_argument("--out", required=True, type=Path, help="the file to write")
    p.set_defaults(func=cmd_print_announcement)
    p = kinds.add_parser("ballot-forms", help="表决票: a pre-filled form per owner-person")
    p.add_argument("vote_id", type=int)
    p.add_argument("--out", required=True, type=Path, help="the file to write")
    p.set_defaults(func=cmd_print_ballot_forms)


def _day(text: str | None) -> date:
    return parse_date(text) if text else date.today()


def _yes(flag: bool) -> str:
    return (T_YES if flag else T_NO).format()


# -- votes --------------------------------------------------------------------------------------
def cmd_vote_create(args: argparse.Namespace) -> int:
    from propdesk.services import registry, votes

    opens = _day(args.opens)
    closes = parse_date(args.closes) if args.closes else opens + timedelta(days=30)
    with open_book(args) as book, book.write() as s:
        compound = registry.compound_by_name(s, args.compound)
        v = votes.create_vote(s, compound, core.parse_matter(args.matter), args.title,
                              opens=opens, closes=closes, method=args.method,
                              counting=args.counting, kind=args.kind)  # fmt: skip
        vote_id = v.id
    print(vote_id)
    return 0


def cmd_vote_list(args: argparse.Namespace) -> int:
    from propdesk.services import registry, votes

    with open_book(args) as book, book.read() as s:
        cid = registry.compound_by_name(s, args.compound).id if args.compound else None
        rows = votes.list_votes(s, cid)
    if args.json:
        print_json([{"id": v.id, "compound": v.compound, "matter": v.matter, "kind": v.kind,
                     "title": v.title, "method": v.method, "counting": v.counting,
                     "opens": v.opens.isoformat(), "closes": v.closes.isoformat(), "status": v.status,
                     "closed_on": v.closed_on.isoformat() if v.closed_on else None,
                     "passed": v.passed} for v in rows])  # fmt: skip
        return 0
    print_table(
        ["编号", "小区", "事项", "议题", "开始", "截止", "状态", "结果"],
        [(v.id, v.compound, v.matter_text, v.title, v.opens, v.closes,
          VOTE_STATUSES[v.status].format(),
          "" if v.passed is None else _yes(v.passed)) for v in rows],
    )  # fmt: skip
    return 0


def _compound_of(s: Any, vote: Any) -> str:
    from propdesk.db.models import Compound

    c = s.get(Compound, vote.compound_id)
    return str(c.name)


def cmd_vote_ballot(args: argparse.Namespace) -> int:
    from propdesk.services import votes

    on = _day(args.date)
    evidence = (
        votes.evidence_from_file(args.evidence, keep=args.keep_evidence) if args.evidence else None
    )
    with open_book(args) as book, book.write() as s:
        vote = votes.get_vote(s, args.vote_id)
        name = _compound_of(s, vote)
        if name != args.compound.strip():
            raise UserError(votes.T_WRONG_COMPOUND, id=vote.id, compound=name, other=args.compound)
        r = votes.cast_ballot(s, vote, args.unit, args.opinion, on, collector=args.collector,
                              evidence=evidence, replace_reason=args.replace_reason)  # fmt: skip
    opinion = core.OPINIONS[r.opinion].format()
    if r.unchanged:
        print(T_UNCHANGED.format(voter=r.voter, ballot=r.ballot_id))
    elif r.replaced_id is not None:
        print(
            T_REPLACED.format(ballot=r.ballot_id, voter=r.voter, opinion=opinion, old=r.replaced_id)
        )
    else:
        print(T_CAST.format(ballot=r.ballot_id, voter=r.voter, opinion=opinion))
    return 0


def cmd_vote_import(args: argparse.Namespace) -> int:
    from propdesk.services import votes

    with open_book(args) as book, book.write() as s:
        r = votes.import_ballots(s, votes.get_vote(s, args.vote_id), args.file,
                                 collector=args.collector, dry_run=args.dry_run)  # fmt: skip
    if args.json:
        print_json({"file": str(args.file), "dry_run": r.dry_run, "created": r.created,
                    "unchanged": r.unchanged, "rows": r.rows})  # fmt: skip
        return 0
    text = T_DRY_RUN if r.dry_run else T_IMPORTED
    print(text.format(file=args.file.name, created=r.created, unchanged=r.unchanged, rows=r.rows))
    return 0


def result_json(t: core.Tally) -> dict[str, Any]:
    """The result as `vote result --json` prints it: areas as strings with two decimals."""
    m = t.missing
    return {
        "matter": t.matter, "kind": t.kind,
        "total_area": format_area(t.total_area), "total_count": t.total_count,
        "part_area": format_area(t.part_area), "part_count": t.part_count,
        "yes_area": format_area(t.yes_area), "yes_count": t.yes_count,
        "no_area": format_area(t.no_area), "no_count": t.no_count,
        "abstain_area": format_area(t.abstain_area), "abstain_count": t.abstain_count,
        "quorum": t.quorum, "passed": t.passed,
        "missing": {
            "part_area": format_area(m.part_area), "part_count": m.part_count,
            "yes_area": format_area(m.yes_area), "yes_count": m.yes_count,
            "pass_area": format_area(m.pass_area), "pass_count": m.pass_count,
            "possible": m.possible,
        },
    }  # fmt: skip


def _print_result(a: Any) -> None:
    t = a.tally
    print(T_RESULT_LINES.format(
        id=a.vote_id, title=a.title, compound=a.compound, matter=a.matter_text, kind=a.kind_text,
        total_area=format_area(t.total_area), total_count=t.total_count,
        part_area=format_area(t.part_area), part_count=t.part_count, quorum=_yes(t.quorum),
        yes_area=format_area(t.yes_area), yes_count=t.yes_count, no_area=format_area(t.no_area),
        no_count=t.no_count, abstain_area=format_area(t.abstain_area),
        abstain_count=t.abstain_count, result=a.result_text,
    ))  # fmt: skip
    if not t.passed:
        m = t.missing
        print(T_MISSING_LINES.format(
            part_count=m.part_count, part_area=format_area(m.part_area), yes_count=m.yes_count,
            yes_area=format_area(m.yes_area), pass_count=m.pass_count,
            pass_area=format_area(m.pass_area), possible="" if m.possible else T_IMPOSSIBLE.format(),
        ))  # fmt: skip


def cmd_vote_close(args: argparse.Namespace) -> int:
    from propdesk.services import votes

    on = _day(args.date)
    with open_book(args) as book, book.write() as s:
        a = votes.close_vote(s, votes.get_vote(s, args.vote_id), on)
    if args.json:
        print_json(result_json(a.tally))
        return 0
    print(T_CLOSED.format(id=a.vote_id, date=on, result=a.result_text))
    _print_result(a)
    return 0


def cmd_vote_result(args: argparse.Namespace) -> int:
    from propdesk.services import votes

    with open_book(args) as book, book.read() as s:
        a = votes.announcement(s, votes.get_vote(s, args.vote_id))
    if args.json:
        print_json(result_json(a.tally))
        return 0
    _print_result(a)
    return 0


def cmd_vote_forms(args: argparse.Namespace) -> int:
    from propdesk.services import votes

    with open_book(args) as book, book.read() as s:
        forms = votes.ballot_forms(s, votes.get_vote(s, args.vote_id))
    if args.json:
        print_json([{"seq": f.seq, "name": f.name, "units": list(f.units), "owners": list(f.owners),
                     "area": f.area_text, "opinion": f.opinion,
                     "date": f.ballot_date.isoformat() if f.ballot_date else None} for f in forms])  # fmt: skip
        return 0
    print_table(
        ["序号", "业主", "房屋", "专有面积(㎡)", "意见", "日期"],
        [(f.seq, f.name, "、".join(f.units), f.area_text,
          core.OPINIONS[f.opinion].format() if f.opinion else T_NO_RESULT.format(),
          f.ballot_date or "") for f in forms],
        right=(3,),
    )  # fmt: skip
    return 0


def cmd_print_announcement(args: argparse.Namespace) -> int:
    from propdesk.cli.reports import T_WRITTEN, write_file
    from propdesk.reports.common import letterhead
    from propdesk.reports.pdf.votes import render_announcement
    from propdesk.services import votes

    with open_book(args) as book, book.read() as s:
        data = votes.announcement(s, votes.get_vote(s, args.vote_id))
        company = letterhead(s).company
    write_file(args.out, lambda fp: render_announcement(data, fp, company=company))
    print(T_WRITTEN.format(path=args.out))
    return 0


def cmd_print_ballot_forms(args: argparse.Namespace) -> int:
    from propdesk.cli.reports import T_WRITTEN, write_file
    from propdesk.reports.common import letterhead
    from propdesk.reports.pdf.votes import render_ballot_forms
    from propdesk.services import votes

    with open_book(args) as book, book.read() as s:
        forms = votes.ballot_forms(s, votes.get_vote(s, args.vote_id))
        company = letterhead(s).company
    write_file(args.out, lambda fp: render_ballot_forms(forms, fp, company=company))
    print(T_WRITTEN.format(path=args.out))
    return 0


def cmd_vote_ballots(args: argparse.Namespace) -> int:
    from propdesk.services import votes

    with open_book(args) as book, book.read() as s:
        rows = votes.ballots(s, votes.get_vote(s, args.vote_id))
    if args.json:
        print_json([{"id": b.id, "voter": b.voter, "unit": b.unit, "opinion": b.opinion,
                     "date": b.date.isoformat(), "collector": b.collector, "origin": b.origin,
                     "live": b.live, "replaced_by": b.replaced_by,
                     "replace_reason": b.replace_reason, "evidence_sha256": b.evidence_sha256}
                    for b in rows])  # fmt: skip
        return 0
    print_table(
        ["票号", "业主", "房屋", "意见", "日期", "收集人", "有效", "更正原因"],
        [(b.id, b.voter, b.unit, core.OPINIONS[b.opinion].format(), b.date, b.collector,
          _yes(b.live), b.replace_reason or "") for b in rows],
    )  # fmt: skip
    return 0


# -- trial service ------------------------------------------------------------------------------
def cmd_trial_add(args: argparse.Namespace) -> int:
    from propdesk.services import registry, trial

    with open_book(args) as book, book.write() as s:
        t = trial.add_trial(s, registry.compound_by_name(s, args.compound), parse_date(args.start),
                            parse_date(args.end), notes=args.notes)  # fmt: skip
        trial_id = t.id
    print(trial_id)
    return 0


def cmd_trial_service(args: argparse.Namespace) -> int:
    from propdesk.services import trial

    cost = parse_fen(args.cost)
    with open_book(args) as book, book.write() as s:
        trial.record_service(s, trial.get_trial(s, args.trial_id), parse_date(args.date), args.kind,
                             args.description, cost, paid_from=args.paid_from)  # fmt: skip
    print(T_TRIAL_SERVICE.format(cost=format_amount(cost)))
    return 0


def cmd_trial_list(args: argparse.Namespace) -> int:
    from propdesk.services import registry, trial

    with open_book(args) as book, book.read() as s:
        cid = registry.compound_by_name(s, args.compound).id if args.compound else None
        rows = trial.list_trials(s, cid)
    if args.json:
        print_json([{"id": r.id, "compound": r.compound, "start": r.start.isoformat(),
                     "end": r.end.isoformat(), "services": r.services,
                     "cost": format_amount(r.cost, symbol=False, thousands=False), "notes": r.notes}
                    for r in rows])  # fmt: skip
        return 0
    print_table(
        ["编号", "小区", "开始", "结束", "服务(次)", "成本"],
        [(r.id, r.compound, r.start, r.end, r.services, format_amount(r.cost)) for r in rows],
        right=(4, 5),
    )
    return 0


# -- contract life ------------------------------------------------------------------------------
def cmd_sign(args: argparse.Namespace) -> int:
    from propdesk.services import contract_life, contracts, votes

    with open_book(args) as book, book.write() as s:
        c = contracts.contract_by_number(s, args.number)
        vote = votes.get_vote(s, args.vote) if args.vote is not None else None
        contract_life.sign_contract(s, c, vote, _day(args.date))
        number, vote_id = c.number, c.vote_id
    print(T_SIGNED.format(number=number, vote=vote_id))
    return 0


def cmd_activate(args: argparse.Namespace) -> int:
    from propdesk.services import contract_life, contracts

    with open_book(args) as book, book.write() as s:
        contract_life.activate_contract(
            s, contracts.contract_by_number(s, args.number), _day(args.date)
        )
    print(T_ACTIVATED.format(number=args.number))
    return 0


def cmd_notice(args: argparse.Namespace) -> int:
    from propdesk.services import contract_life, contracts, votes

    kind = args.kind.replace("-", "_")
    with open_book(args) as book, book.write() as s:
        c = contracts.contract_by_number(s, args.number)
        vote = votes.get_vote(s, args.vote) if args.vote is not None else None
        n = contract_life.give_notice(
            s, c, kind, parse_date(args.given),
            effective_on=parse_date(args.effective) if args.effective else None,
            vote=vote, party=args.party, text=args.text,
        )  # fmt: skip
        given, effective = n.given_on, n.effective_on
    print(T_NOTICE.format(kind=contract_life.NOTICE_KINDS[kind].format(), given=given,
                          effective=effective))  # fmt: skip
    return 0


def cmd_terminate(args: argparse.Namespace) -> int:
    from propdesk.services import contract_life, contracts

    on = parse_date(args.date)
    with open_book(args) as book, book.write() as s:
        contract_life.terminate_contract(s, contracts.contract_by_number(s, args.number), on,
                                         reason=args.reason, by_agreement=args.by_agreement)  # fmt: skip
    print(T_TERMINATED.format(number=args.number, date=on))
    return 0


def cmd_renew(args: argparse.Namespace) -> int:
    from propdesk.services import contract_life, contracts

    with open_book(args) as book, book.write() as s:
        new = contract_life.renew_contract(
            s, contracts.contract_by_number(s, args.number), args.new_number,
            end=parse_date(args.end), start=parse_date(args.start) if args.start else None,
        )  # fmt: skip
        number, start, end = new.number, new.start, new.end
    print(T_RENEWED.format(number=number, start=start, end=end))
    return 0


def cmd_expire(args: argparse.Namespace) -> int:
    from propdesk.services import contract_life

    with open_book(args) as book, book.write() as s:
        done = contract_life.expire_contracts(s, _day(args.date))
    print(T_EXPIRED.format(numbers="、".join(done)) if done else T_NONE_EXPIRED.format())
    return 0


def cmd_link_vote(args: argparse.Namespace) -> int:
    from propdesk.services import contract_life, contracts, votes

    with open_book(args) as book, book.write() as s:
        contract_life.link_vote(s, contracts.contract_by_number(s, args.number),
                                votes.get_vote(s, args.vote))  # fmt: skip
    print(T_LINKED.format(number=args.number, vote=args.vote))
    return 0


def cmd_needing_action(args: argparse.Namespace) -> int:
    from propdesk.services import contract_life

    with open_book(args) as book, book.read() as s:
        rows = contract_life.contracts_needing_action(s, _day(args.date))
    if args.json:
        print_json([{"kind": a.kind, "number": a.number, "compound": a.compound,
                     "status": a.status, "start": a.start.isoformat(), "end": a.end.isoformat(),
                     "due": a.due.isoformat() if a.due else None, "text": a.text} for a in rows])  # fmt: skip
        return 0
    if not rows:
        print(T_NOTHING_TO_DO.format())
        return 0
    print_table(
        ["合同编号", "小区", "状态", "开始", "结束", "期限", "待办"],
        [(a.number, a.compound, contract_life.STATUSES[a.status].format(), a.start, a.end,
          a.due or "", a.text) for a in rows],
    )  # fmt: skip
    return 0
