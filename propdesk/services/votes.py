"""Owner votes: opening with a frozen roster, ballots at the desk or from a sheet, the live tally,
closing with the result frozen, the announcement and ballot forms, and the gate for contracts.

The roster a vote counts is copied into vote_voter / vote_unit when the vote opens (owners on
the opening day), so transfers or corrected areas afterwards never change a vote. Counting
itself is propdesk.core.votes; this module only feeds it.
"""

from __future__ import annotations

import hashlib
import random
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, and_, func, insert, or_, select
from sqlalchemy.orm import Session

from propdesk.core import votes as core
from propdesk.core.errors import Problem, UserError, ValidationError
from propdesk.core.fees import format_area
from propdesk.core.i18n import bilingual
from propdesk.core.votes import Tally
from propdesk.db.models import (
    Ballot,
    Compound,
    Contract,
    Ownership,
    Person,
    Unit,
    Vote,
    VoteUnit,
    VoteVoter,
)
from propdesk.db.store import Book
from propdesk.db.upsert import insert_returning_ids
from propdesk.services import audit, registry, roster
from propdesk.services.check import register
from propdesk.services.roster import BadCell, Source

# -- messages ---------------------------------------------------------------------------------
T_NO_VOTE = bilingual("表决 {id} 不存在", "vote {id} does not exist")
T_NO_TITLE = bilingual("请填写表决议题", "the vote needs a subject")
T_LONG_TITLE = bilingual("表决议题最长 200 字", "a vote subject is at most 200 characters")
T_BAD_WINDOW = bilingual(
    "表决截止日期 {closes} 早于开始日期 {opens}",
    "the vote closes ({closes}) before it opens ({opens})",
)
T_NO_UNITS = bilingual(
    "小区「{compound}」没有登记房屋，无法发起表决",
    'compound "{compound}" has no units registered; a vote needs its owners',
)
T_NOT_OPEN = bilingual("表决 {id} 已于 {date} 结束", "vote {id} closed on {date}")
T_UNIT_NOT_IN_VOTE = bilingual(
    "房屋 {code} 不在表决 {id} 的业主名册中",
    "unit {code} is not on the owner roster of vote {id}",
)
T_WRONG_COMPOUND = bilingual(
    "表决 {id} 属于小区「{compound}」，不是「{other}」",
    'vote {id} belongs to compound "{compound}", not "{other}"',
)
T_OUTSIDE_WINDOW = bilingual(
    "日期 {date} 不在表决期间（{opens} 至 {closes}）内",
    "{date} is outside the voting period ({opens} to {closes})",
)
T_NEEDS_REASON = bilingual(
    "业主「{name}」已于 {date} 投票（{opinion}，表决票 {ballot}）；更改须填写原因",
    'owner "{name}" already voted on {date} ({opinion}, ballot {ballot}); a change needs a reason',
)
T_CLOSE_EARLY = bilingual(
    "表决截止日期为 {closes}，尚有 {missing} 位业主未投票，不能提前结束",
    "the vote runs until {closes} and {missing} owner(s) have not voted; it cannot close early",
)
T_CLOSE_BEFORE = bilingual(
    "结束日期 {date} 早于开始日期 {opens}",
    "closing date {date} is before the vote opened ({opens})",
)
T_CLOSE_BEFORE_BALLOT = bilingual(
    "结束日期 {date} 早于已收表决票的日期 {last}",
    "closing date {date} is before a ballot dated {last}",
)
T_NEED_VOTE = bilingual(
    "小区「{compound}」没有已结束并通过的业主表决：「{matter}」，{kind}",
    'compound "{compound}" has no closed and passed owners\' vote on "{matter}", an {kind}',
)
T_READ_EVIDENCE = bilingual(
    "无法读取表决票扫描件 {path}：{detail}", "cannot read the ballot scan {path}: {detail}"
)
# the ballot sheet
T_SHEET_REFUSED = bilingual(
    "表决票汇总表中发现 {count} 处问题，未导入任何表决票：",
    "{count} problem(s) in the ballot sheet; no ballot was imported:",
)
T_SHEET_COMPOUND = bilingual(
    "此表决属于小区「{compound}」", 'this vote belongs to compound "{compound}"'
)
T_SHEET_UNIT = bilingual(
    "房屋 {code} 不在本次表决的业主名册中", "unit {code} is not on this vote's owner roster"
)
T_SHEET_OWNER = bilingual(
    "房屋 {code} 的业主是「{owners}」，不是「{name}」",
    'the owner of unit {code} is "{owners}", not "{name}"',
)
T_SHEET_CONFLICT = bilingual(
    "与第 {first} 行是同一业主「{name}」，意见却不同（第 {first} 行：{a}；第 {row} 行：{b}）",
    'rows {first} and {row} are the same owner "{name}" with different opinions ({a} / {b})',
)
T_SHEET_VOTED = bilingual(
    "业主「{name}」已于 {date} 投票（{opinion}）；更改须逐张填写原因（vote ballot --replace-reason）",
    'owner "{name}" already voted on {date} ({opinion}); change it one by one with a reason '
    "(vote ballot --replace-reason)",
)
T_PASSED = bilingual("通过", "passed")
T_NOT_PASSED = bilingual("未通过", "not passed")
# checks
T_CHECK_RECOUNT = bilingual(
    "表决 {id} 保存的结果与按表决票重新计票不符：{field} 保存为 {stored}，重计为 {counted}",
    "vote {id}: the stored result differs from a recount of its ballots: {field} stored {stored}, counted {counted}",
)
T_CHECK_KIND = bilingual(
    "表决 {id} 的事项「{matter}」应为{kind}", 'vote {id}: matter "{matter}" must be a {kind}'
)
T_CHECK_ROSTER = bilingual(
    "表决 {id} 的业主「{name}」名册面积或套数与其房屋不符",
    'vote {id}: owner "{name}" has an area or unit count that differs from their units',
)
T_CHECK_SIGNED = bilingual(
    "合同 {number} 已签订，却没有关联的业主表决",
    "contract {number} is signed but no owners' vote authorises it",
)
T_CHECK_VOTE = bilingual(
    "合同 {number} 关联的表决 {vote} 不是本小区已通过的「选聘和解聘物业服务企业」表决",
    "contract {number}: vote {vote} is not a passed hire-manager vote of its compound",
)

SHEET_COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("compound", "小区", ("小区名称", "小区名", "项目", "compound")),
    ("building", "楼栋", ("楼栋号", "楼号", "栋号", "幢号", "楼幢", "栋", "幢", "building")),
    ("entrance", "单元", ("单元号", "entrance")),
    ("room", "房号", ("房间号", "室号", "户号", "门牌号", "room")),
    ("owner", "业主", ("业主姓名", "姓名", "签名", "业主签名", "产权人", "owner")),
    ("opinion", "意见", ("表决意见", "意见（同意/反对/弃权）", "表决结果", "opinion")),
    ("date", "日期", ("表决日期", "签署日期", "签名日期", "投票日期", "date")),
)
SHEET_TITLES = {k: t for k, t, _ in SHEET_COLUMNS}
SHEET_REQUIRED = tuple(k for k, _, _ in SHEET_COLUMNS)
_SHEET_LOOKUP = {roster.header_key(a): k for k, t, aliases in SHEET_COLUMNS for a in (t, *aliases)}
DEVELOPER_WORDS = ("开发商", "建设单位")


# -- data crossing the layer ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Evidence:
    """The scanned, signed ballot form: where it is (or its name), its hash, maybe its bytes."""

    name: str
    sha256: str
    data: bytes | None = None


def evidence_from_file(path: str | Path, *, keep: bool = False) -> Evidence:
    """Hash a scan; with `keep` its bytes are stored in the book too."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise UserError(T_READ_EVIDENCE, path=p, detail=exc.strerror or exc) from None
    return Evidence(str(p), hashlib.sha256(data).hexdigest(), data if keep else None)


def evidence_from_bytes(name: str, data: bytes) -> Evidence:
    return Evidence(name, hashlib.sha256(data).hexdigest(), data)


@dataclass(frozen=True, slots=True)
class VoteInfo:
    id: int
    compound: str
    matter: str
    kind: str
    title: str
    method: str
    counting: str
    opens: date
    closes: date
    status: str
    closed_on: date | None
    passed: bool | None

    @property
    def matter_text(self) -> str:
        return core.MATTERS[self.matter].format()


@dataclass(frozen=True, slots=True)
class CastResult:
    ballot_id: int
    voter: str
    opinion: str
    replaced_id: int | None = None
    unchanged: bool = False


@dataclass(frozen=True, slots=True)
class BallotRow:
    """A ballot as the history shows it (replaced ones too)."""

    id: int
    voter_seq: int
    voter: str
    unit: str
    opinion: str
    date: date
    collector: str
    origin: str
    live: bool
    replaced_by: int | None
    replace_reason: str | None
    evidence_sha256: str | None


@dataclass(frozen=True, slots=True)
class Announcement:
    """表决结果公告: what the bulletin board shows once a vote is closed (no personal data)."""

    vote_id: int
    compound: str
    title: str
    matter: str
    matter_text: str
    kind: str
    kind_text: str
    method_text: str
    counting_text: str
    opens: date
    closes: date
    roster_on: date
    closed_on: date | None
    tally: Tally
    result_text: str


@dataclass(frozen=True, slots=True)
class BallotForm:
    """One pre-filled door-to-door ballot form (逐户入户表决票): one per owner-person."""

    vote_id: int
    compound: str
    title: str
    matter_text: str
    kind_text: str
    opens: date
    closes: date
    seq: int
    name: str
    units: tuple[str, ...]
    owners: tuple[str, ...]  # who owns each unit, as "张三、李四"
    area: int  # 0.01 m²
    opinion: str | None = None  # once a ballot is in
    ballot_date: date | None = None
    unit_areas: tuple[int, ...] = ()  # 0.01 m², each unit's, in the order of `units`

    @property
    def area_text(self) -> str:
        return format_area(self.area)


@dataclass(frozen=True, slots=True)
class SheetBallot:
    """One owner-person's ballot read from the sheet (rows of one person that agree merged)."""

    rows: tuple[int, ...]
    voter_id: int
    voter: str
    unit_id: int
    opinion: str
    date: date


@dataclass(frozen=True, slots=True)
class ImportResult:
    created: int
    unchanged: int
    rows: int
    dry_run: bool = False


# -- opening a vote -------------------------------------------------------------------------
_DIGITS = re.compile(r"\d+|\D+")


def _natural(s: str) -> tuple[tuple[int, int, str], ...]:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in _DIGITS.findall(s))


@dataclass(frozen=True, slots=True)
class _RosterUnit:
    core: core.RosterUnit
    building: str
    entrance: str
    room: str
    owners: str  # every owner of the unit, "张三、李四", or the developer's name
    person_id: int | None  # the primary owner, or the developer


def _roster(session: Session, compound: Compound, on: date) -> list[_RosterUnit]:
    """The compound's units with who held each on the day, in building-entrance-room order.

    Read as plain rows (not ORM objects) so a big compound does not weigh on the session.
    """
    units = session.execute(
        select(Unit.id, Unit.code, Unit.entrance, Unit.room, Unit.area, Unit.area_source,
               Unit.delivered_on, Unit.developer_held).where(Unit.compound_id == compound.id)
    ).all()  # fmt: skip
    owners: dict[int, list[tuple[int, str, bool]]] = {}
    q = (
        select(Ownership.unit_id, Person.id, Person.name, Person.is_developer)
        .join(Person, Person.id == Ownership.person_id)
        .join(Unit, Unit.id == Ownership.unit_id)
        .where(
            Unit.compound_id == compound.id,
            Ownership.start <= on,
            or_(Ownership.end.is_(None), Ownership.end >= on),
        )
        .order_by(Ownership.unit_id, Ownership.primary.desc(), Ownership.id)
    )
    for uid, pid, name, dev in session.execute(q):
        owners.setdefault(uid, []).append((pid, name, dev))
    developer = session.get(Person, compound.developer_id) if compound.developer_id else None
    dev_name = developer.name if developer else f"{compound.name}建设单位（开发商）"
    out = []
    for uid, code, entrance, room, area, source, delivered_on, developer_held in units:
        held = owners.get(uid, [])
        undelivered = delivered_on is not None and delivered_on > on
        building = code.split("-")[0]
        if developer_held or not held or held[0][2] or undelivered:
            ru = core.RosterUnit(uid, code, area, source, None, dev_name, True)
            out.append(_RosterUnit(ru, building, entrance, room, dev_name, compound.developer_id))
        else:
            ru = core.RosterUnit(uid, code, area, source, held[0][0], held[0][1])
            names = "、".join(n for _, n, _ in held)
            out.append(_RosterUnit(ru, building, entrance, room, names, held[0][0]))
    out.sort(key=lambda r: (_natural(r.building), _natural(r.entrance), _natural(r.room)))
    return out


def create_vote(
    session: Session,
    compound: Compound,
    matter: str,
    title: str,
    *,
    opens: date,
    closes: date,
    method: str = "assembly",
    counting: str = core.STATUTORY,
    kind: str | None = None,
) -> Vote:
    """Open a vote: the matter fixes ordinary or special (a different `kind` is refused), and
    the owners of the opening day are frozen into the vote's own roster."""
    kind = core.check_kind(core.check_matter(matter), kind)
    core.check_method(method)
    core.check_counting(counting)
    title = " ".join(title.split())
    if not title:
        raise UserError(T_NO_TITLE)
    if len(title) > 200:
        raise UserError(T_LONG_TITLE)
    if closes < opens:
        raise UserError(T_BAD_WINDOW, opens=opens, closes=closes)
    units = _roster(session, compound, opens)
    if not units:
        raise UserError(T_NO_UNITS, compound=compound.name)
    vote = Vote(
        compound_id=compound.id, matter=matter, kind=kind, title=title, method=method,
        counting=counting, opens=opens, closes=closes, roster_on=opens, status="open",
        created_at=_now(),
    )  # fmt: skip
    session.add(vote)
    session.flush()
    by_unit = {r.core.unit_id: r for r in units}
    people = core.voters([r.core for r in units], counting)
    # Core inserts: the frozen roster of a big compound is written in two statements
    voter_ids = insert_returning_ids(session, cast(Table, VoteVoter.__table__), [
        {"vote_id": vote.id, "seq": seq, "key": v.key, "name": v.name, "developer": v.developer,
         "person_id": by_unit[v.units[0].unit_id].person_id, "area": v.area, "units": len(v.units)}
        for seq, v in enumerate(people, start=1)
    ], ("seq",))  # fmt: skip
    session.execute(insert(cast(Table, VoteUnit.__table__)), [
        {"vote_id": vote.id, "voter_id": voter_id, "unit_id": u.unit_id, "code": u.code,
         "building": by_unit[u.unit_id].building, "entrance": by_unit[u.unit_id].entrance,
         "room": by_unit[u.unit_id].room, "area": u.area, "area_source": u.area_source,
         "owners": by_unit[u.unit_id].owners}
        for voter_id, v in zip(voter_ids, people, strict=True)
        for u in v.units
    ])  # fmt: skip
    audit.record(session, "vote.open", "vote", vote.id, after={
        "compound": compound.name, "matter": matter, "kind": kind, "title": title,
        "method": method, "counting": counting, "opens": opens.isoformat(),
        "closes": closes.isoformat(), "owners": len(people), "units": len(units),
        "area": format_area(sum(r.core.area for r in units)),
    })  # fmt: skip
    return vote


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def get_vote(session: Session, vote_id: int) -> Vote:
    vote = session.get(Vote, vote_id)
    if vote is None:
        raise UserError(T_NO_VOTE, id=vote_id)
    return vote


def info(session: Session, vote: Vote) -> VoteInfo:
    compound = session.get(Compound, vote.compound_id)
    assert compound is not None
    return VoteInfo(vote.id, compound.name, vote.matter, vote.kind, vote.title, vote.method,
                    vote.counting, vote.opens, vote.closes, vote.status, vote.closed_on,
                    vote.passed)  # fmt: skip


def list_votes(session: Session, compound_id: int | None = None) -> list[VoteInfo]:
    q = select(Vote).order_by(Vote.opens, Vote.id)
    if compound_id is not None:
        q = q.where(Vote.compound_id == compound_id)
    return [info(session, v) for v in session.execute(q).scalars()]


# -- ballots --------------------------------------------------------------------------------
def _require_open(vote: Vote) -> None:
    if vote.status != "open":
        raise UserError(T_NOT_OPEN, id=vote.id, date=vote.closed_on)


def _in_window(vote: Vote, on: date) -> None:
    if not vote.opens <= on <= vote.closes:
        raise UserError(T_OUTSIDE_WINDOW, date=on, opens=vote.opens, closes=vote.closes)


def vote_unit(session: Session, vote: Vote, code: str) -> VoteUnit:
    vu = session.execute(
        select(VoteUnit).where(VoteUnit.vote_id == vote.id, VoteUnit.code == code.strip())
    ).scalar_one_or_none()
    if vu is None:
        raise UserError(T_UNIT_NOT_IN_VOTE, code=code, id=vote.id)
    return vu


def _live(session: Session, voter_id: int) -> Ballot | None:
    return session.execute(
        select(Ballot).where(Ballot.voter_id == voter_id, Ballot.live.is_(True))
    ).scalar_one_or_none()


def cast_ballot(
    session: Session,
    vote: Vote,
    unit_code: str,
    opinion: str,
    on: date,
    *,
    collector: str | None = None,
    evidence: Evidence | None = None,
    replace_reason: str | None = None,
) -> CastResult:
    """Record one owner-person's ballot, given for any of their units.

    The same opinion again changes nothing. A different one replaces the ballot that counted
    only with a reason; the old ballot is kept, marked replaced, and the change is audited.
    """
    _require_open(vote)
    opinion = core.parse_opinion(opinion) if opinion not in core.OPINIONS else opinion
    vu = vote_unit(session, vote, unit_code)
    _in_window(vote, on)
    voter = session.get(VoteVoter, vu.voter_id)
    assert voter is not None
    reason = (replace_reason or "").strip() or None
    old = _live(session, voter.id)
    if old is not None and reason is None:
        if old.opinion == opinion:
            return CastResult(old.id, voter.name, opinion, unchanged=True)
        raise UserError(T_NEEDS_REASON, name=voter.name, date=old.date, ballot=old.id,
                        opinion=core.OPINIONS[old.opinion].format())  # fmt: skip
    if old is not None:
        old.live = None
        session.flush()  # free the (voter, live) slot before the new ballot takes it
    ballot = Ballot(
        vote_id=vote.id, voter_id=voter.id, unit_id=vu.unit_id, opinion=opinion, date=on,
        collector=(collector or audit.current_user(session)).strip()[:64], origin="desk",
        evidence_name=evidence.name if evidence else None,
        evidence_sha256=evidence.sha256 if evidence else None,
        evidence_data=evidence.data if evidence else None, live=True,
        replace_reason=reason if old is not None else None, created_at=_now(),
    )  # fmt: skip
    session.add(ballot)
    session.flush()
    after = {"vote": vote.id, "voter": voter.name, "unit": vu.code, "opinion": opinion,
             "date": on.isoformat(), "evidence": ballot.evidence_sha256}  # fmt: skip
    if old is not None:
        old.replaced_by_id = ballot.id
        session.flush()
        before = {"ballot": old.id, "opinion": old.opinion, "date": old.date.isoformat()}
        audit.record(session, "ballot.replace", "ballot", ballot.id, before=before, after=after,
                     reason=reason)  # fmt: skip
    else:
        audit.record(session, "ballot.cast", "ballot", ballot.id, after=after)
    return CastResult(ballot.id, voter.name, opinion, replaced_id=old.id if old else None)


@dataclass(frozen=True, slots=True)
class BallotIn:
    """One form of a batch entered at the desk."""

    unit: str
    opinion: str
    on: date
    collector: str = ""


T_BATCH_REFUSED = bilingual(
    "这批表决票中发现 {count} 处问题，未登记任何表决票：",
    "{count} problem(s) in the batch; no ballot was recorded:",
)
T_BATCH_VOTED = bilingual(
    "业主「{name}」已有表决票（{opinion}）", 'owner "{name}" has already voted ({opinion})'
)
T_BATCH_TWICE = bilingual(
    "与第 {first} 张是同一业主「{name}」，意见却不同",
    'same owner "{name}" as form {first}, another opinion',
)


def cast_ballots(session: Session, vote: Vote, forms: Sequence[BallotIn]) -> int:
    """A batch of new ballots (a round of door-to-door forms) in a few statements; how many.

    All or nothing: each form must be for a unit of the vote, dated in its period, with a valid
    opinion, from an owner-person who has not voted; forms of one person that agree are one
    ballot. Changing a ballot stays one at a time, with a reason (cast_ballot).
    """
    _require_open(vote)
    units = {
        code: (uid, voter_id, name)
        for code, uid, voter_id, name in session.execute(
            select(VoteUnit.code, VoteUnit.unit_id, VoteUnit.voter_id, VoteVoter.name)
            .join(VoteVoter, VoteVoter.id == VoteUnit.voter_id)
            .where(VoteUnit.vote_id == vote.id)
        )
    }
    live = dict(
        session.execute(
            select(Ballot.voter_id, Ballot.opinion).where(
                Ballot.vote_id == vote.id, Ballot.live.is_(True)
            )
        ).all()
    )
    problems: list[Problem] = []
    rows: dict[int, dict[str, Any]] = {}
    first: dict[int, tuple[int, str]] = {}
    for n, f in enumerate(forms, start=1):
        hit = units.get(f.unit.strip())
        if hit is None:
            problems.append(Problem(T_UNIT_NOT_IN_VOTE.format(code=f.unit, id=vote.id), row=n))
            continue
        uid, voter_id, name = hit
        try:
            opinion = core.parse_opinion(f.opinion) if f.opinion not in core.OPINIONS else f.opinion
            _in_window(vote, f.on)
        except UserError as exc:
            problems.append(Problem(exc.message, row=n))
            continue
        if voter_id in live:
            problems.append(Problem(T_BATCH_VOTED.format(
                name=name, opinion=core.OPINIONS[live[voter_id]].format()), row=n))  # fmt: skip
            continue
        seen = first.setdefault(voter_id, (n, opinion))
        if seen[1] != opinion:
            problems.append(Problem(T_BATCH_TWICE.format(first=seen[0], name=name), row=n))
            continue
        row = rows.get(voter_id)
        if row is None or f.on < row["date"]:
            rows[voter_id] = {
                "vote_id": vote.id, "voter_id": voter_id, "unit_id": uid, "opinion": opinion,
                "date": f.on, "collector": (f.collector or audit.current_user(session))[:64],
                "origin": "desk", "live": True, "created_at": _now(),
            }  # fmt: skip
    if problems:
        raise ValidationError(problems, title=T_BATCH_REFUSED)
    if rows:
        session.execute(insert(cast(Table, Ballot.__table__)), list(rows.values()))
        audit.record(session, "ballot.batch", "vote", vote.id, after={"ballots": len(rows)})
    return len(rows)


def ballots(session: Session, vote: Vote, *, history: bool = True) -> list[BallotRow]:
    """The vote's ballots in owner order; with `history`, replaced ones too."""
    q = (
        select(Ballot, VoteVoter.seq, VoteVoter.name, VoteUnit.code)
        .join(VoteVoter, VoteVoter.id == Ballot.voter_id)
        .join(
            VoteUnit,
            and_(VoteUnit.vote_id == Ballot.vote_id, VoteUnit.unit_id == Ballot.unit_id),
            isouter=True,
        )
        .where(Ballot.vote_id == vote.id)
        .order_by(VoteVoter.seq, Ballot.id)
    )
    if not history:
        q = q.where(Ballot.live.is_(True))
    return [
        BallotRow(b.id, seq, name, code or "", b.opinion, b.date, b.collector, b.origin,
                  bool(b.live), b.replaced_by_id, b.replace_reason, b.evidence_sha256)
        for b, seq, name, code in session.execute(q)
    ]  # fmt: skip


# -- counting, closing ------------------------------------------------------------------------
def live_tally(session: Session, vote: Vote) -> Tally:
    """Count the frozen roster against the ballots that count, now."""
    rows = session.execute(
        select(VoteVoter.area, Ballot.opinion)
        .join(Ballot, and_(Ballot.voter_id == VoteVoter.id, Ballot.live.is_(True)), isouter=True)
        .where(VoteVoter.vote_id == vote.id)
    ).all()
    return core.tally(vote.matter, ((int(a), op) for a, op in rows))


def stored_tally(vote: Vote) -> Tally:
    """The result frozen when the vote closed."""
    assert vote.status == "closed" and vote.total_area is not None
    return core.make_tally(
        vote.matter, vote.kind, int(vote.total_area), int(vote.total_count or 0),
        int(vote.yes_area or 0), int(vote.yes_count or 0), int(vote.no_area or 0),
        int(vote.no_count or 0), int(vote.abstain_area or 0), int(vote.abstain_count or 0),
    )  # fmt: skip


def result(session: Session, vote: Vote) -> Tally:
    """The frozen result of a closed vote, else the live tally."""
    return stored_tally(vote) if vote.status == "closed" else live_tally(session, vote)


def close_vote(session: Session, vote: Vote, on: date) -> Announcement:
    """Close the vote on `on`: its result is counted once and stored; returns the announcement.

    A vote runs to its closing date unless every owner has voted; the closing date is not
    before the opening day or any ballot.
    """
    _require_open(vote)
    if on < vote.opens:
        raise UserError(T_CLOSE_BEFORE, date=on, opens=vote.opens)
    t = live_tally(session, vote)
    if on < vote.closes and t.part_count < t.total_count:
        raise UserError(T_CLOSE_EARLY, closes=vote.closes, missing=t.total_count - t.part_count)
    last = session.execute(
        select(func.max(Ballot.date)).where(Ballot.vote_id == vote.id, Ballot.live.is_(True))
    ).scalar()
    if last is not None and last > on:
        raise UserError(T_CLOSE_BEFORE_BALLOT, date=on, last=last)
    vote.status = "closed"
    vote.closed_on = on
    vote.total_area, vote.total_count = t.total_area, t.total_count
    vote.yes_area, vote.yes_count = t.yes_area, t.yes_count
    vote.no_area, vote.no_count = t.no_area, t.no_count
    vote.abstain_area, vote.abstain_count = t.abstain_area, t.abstain_count
    vote.quorum, vote.passed = t.quorum, t.passed
    session.flush()
    audit.record(session, "vote.close", "vote", vote.id, after={
        "closed_on": on.isoformat(), "passed": t.passed, "quorum": t.quorum,
        "total": [format_area(t.total_area), t.total_count],
        "part": [format_area(t.part_area), t.part_count],
        "yes": [format_area(t.yes_area), t.yes_count],
        "no": [format_area(t.no_area), t.no_count],
        "abstain": [format_area(t.abstain_area), t.abstain_count],
    })  # fmt: skip
    return announcement(session, vote)


def announcement(session: Session, vote: Vote) -> Announcement:
    """The data of the result announcement (表决结果公告); live figures while still open."""
    t = result(session, vote)
    compound = session.get(Compound, vote.compound_id)
    assert compound is not None
    return Announcement(
        vote_id=vote.id, compound=compound.name, title=vote.title, matter=vote.matter,
        matter_text=core.MATTERS[vote.matter].format(), kind=vote.kind,
        kind_text=core.KINDS[vote.kind].format(), method_text=core.METHODS[vote.method].format(),
        counting_text=core.COUNTINGS[vote.counting].format(), opens=vote.opens, closes=vote.closes,
        roster_on=vote.roster_on, closed_on=vote.closed_on, tally=t,
        result_text=(T_PASSED if t.passed else T_NOT_PASSED).format(),
    )  # fmt: skip


def ballot_forms(session: Session, vote: Vote) -> list[BallotForm]:
    """One pre-filled ballot form per owner-person (name, units, area), with their ballot if in."""
    compound = session.get(Compound, vote.compound_id)
    assert compound is not None
    units: dict[int, list[VoteUnit]] = {}
    for vu in session.execute(
        select(VoteUnit).where(VoteUnit.vote_id == vote.id).order_by(VoteUnit.id)
    ).scalars():
        units.setdefault(vu.voter_id, []).append(vu)
    live = {
        b.voter_id: b
        for b in session.execute(
            select(Ballot).where(Ballot.vote_id == vote.id, Ballot.live.is_(True))
        ).scalars()
    }
    matter, kind = core.MATTERS[vote.matter].format(), core.KINDS[vote.kind].format()
    out = []
    for v in session.execute(
        select(VoteVoter).where(VoteVoter.vote_id == vote.id).order_by(VoteVoter.seq)
    ).scalars():
        b = live.get(v.id)
        us = units.get(v.id, [])
        out.append(BallotForm(
            vote.id, compound.name, vote.title, matter, kind, vote.opens, vote.closes, v.seq,
            v.name, tuple(u.code for u in us), tuple(u.owners for u in us), int(v.area),
            b.opinion if b else None, b.date if b else None, tuple(int(u.area) for u in us),
        ))  # fmt: skip
    return out


# -- the gate ------------------------------------------------------------------------------
def require_passed_vote(session: Session, compound_id: int, matter: str) -> Vote:
    """The latest closed, passed vote of a compound on a matter, or a UserError naming it."""
    core.check_matter(matter)
    vote = session.execute(
        select(Vote)
        .where(
            Vote.compound_id == compound_id,
            Vote.matter == matter,
            Vote.status == "closed",
            Vote.passed.is_(True),
        )
        .order_by(Vote.closed_on.desc(), Vote.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if vote is None:
        compound = session.get(Compound, compound_id)
        raise UserError(
            T_NEED_VOTE,
            compound=compound.name if compound else compound_id,
            matter=core.MATTERS[matter].format(),
            kind=core.KINDS[core.kind_of(matter)].format(),
        )
    return vote


def is_passed(vote: Vote, matter: str, compound_id: int) -> bool:
    return (
        vote.compound_id == compound_id
        and vote.matter == matter
        and vote.status == "closed"
        and bool(vote.passed)
    )


# -- the ballot sheet -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class BallotSheet:
    """What `read_ballot_sheet` found: one ballot per owner-person, and every problem."""

    name: str
    sheet: str
    columns: dict[str, str]  # column key -> the header as the sheet writes it
    ballots: tuple[SheetBallot, ...]
    problems: tuple[Problem, ...]
    rows_read: int

    def header(self, key: str) -> str:
        return self.columns.get(key, SHEET_TITLES[key])


@dataclass
class _SheetUnit:
    unit_id: int
    voter_id: int
    voter: str
    names: frozenset[str]
    owners: str
    developer: bool


def _sheet_units(session: Session, vote: Vote) -> dict[str, _SheetUnit]:
    out = {}
    for vu, name, dev in session.execute(
        select(VoteUnit, VoteVoter.name, VoteVoter.developer)
        .join(VoteVoter, VoteVoter.id == VoteUnit.voter_id)
        .where(VoteUnit.vote_id == vote.id)
    ):
        names = frozenset({vu.owners, *vu.owners.split("、")})
        out[vu.code] = _SheetUnit(vu.unit_id, vu.voter_id, name, names, vu.owners, dev)
    return out


def read_ballot_sheet(session: Session, vote: Vote, source: Source) -> BallotSheet:
    """Read and check a ballot sheet against the vote's frozen roster; writes nothing."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", module="openpyxl")
        return _read_sheet(session, vote, source)


def _read_sheet(session: Session, vote: Vote, source: Source) -> BallotSheet:
    compound = session.get(Compound, vote.compound_id)
    assert compound is not None
    name = roster.source_name(source)
    wb = roster.open_workbook(source)
    try:
        if not wb.worksheets:
            raise UserError(roster.T_CANNOT_READ, name=name, detail=roster.T_NO_SHEET.format())
        best: tuple[int, int, int, Any] | None = None
        for i, ws in enumerate(wb.worksheets):
            ws.reset_dimensions()
            _, cols = roster.find_header(ws, name, _SHEET_LOOKUP, SHEET_REQUIRED)
            cand = (sum(k in cols for k in SHEET_REQUIRED), len(cols), -i, ws)
            if best is None or cand[:3] > best[:3]:
                best = cand
        assert best is not None
        ws = best[3]
        header_row, cols = roster.find_header(ws, name, _SHEET_LOOKUP, SHEET_REQUIRED)
        missing = [k for k in SHEET_REQUIRED if k not in cols]
        if missing or header_row is None:
            problems = tuple(
                Problem(roster.T_MISSING_COLUMN.format(column=SHEET_TITLES[k],
                                                       scan=roster.HEADER_SCAN_ROWS))
                for k in missing
            )  # fmt: skip
            return BallotSheet(
                name, ws.title, {k: t for k, (_, t) in cols.items()}, (), problems, 0
            )
        reader = _SheetReader(vote, compound.name, cols, _sheet_units(session, vote))
        for n, cells in roster.sheet_rows(ws, name, header_row + 1):
            reader.read(n, cells)
    finally:
        wb.close()
    found = reader.problems
    if reader.rows_read == 0:
        found.append((header_row, -1, Problem(roster.T_NO_ROWS.format(), row=header_row)))
    return BallotSheet(name, ws.title, {k: t for k, (_, t) in cols.items()},
                       tuple(reader.merged()), roster.sorted_problems(found), reader.rows_read)  # fmt: skip


@dataclass
class _SheetReader:
    vote: Vote
    compound: str
    cols: dict[str, tuple[int, str]]
    units: dict[str, _SheetUnit]
    problems: list[tuple[int, int, Problem]] = field(default_factory=list)
    rows_read: int = 0
    by_voter: dict[int, list[tuple[int, str, date, int]]] = field(default_factory=dict)
    bad_voters: set[int] = field(default_factory=set)

    def problem(self, row: int, key: str, reason: str) -> None:
        pos, title = self.cols.get(key, (99, SHEET_TITLES[key]))
        self.problems.append((row, pos, Problem(reason, row=row, field=title)))

    def read(self, n: int, cells: Sequence[object]) -> None:
        raw = {k: (cells[i] if i < len(cells) else None) for k, (i, _) in self.cols.items()}
        text = {k: roster.cell_text(v) for k, v in raw.items()}
        if not any(text.values()):
            return
        if {
            text.get("compound", ""),
            text.get("building", ""),
        } & roster.TOTAL_WORDS and not text.get("room"):
            return  # a 合计 row
        heads = {roster.header_key(t) for _, t in self.cols.values()}
        if all(roster.header_key(v) in heads for v in text.values() if v):
            return  # the header repeated on a printed page
        self.rows_read += 1
        before = len(self.problems)
        for key in SHEET_REQUIRED:
            if not text.get(key):
                self.problem(n, key, roster.T_MISSING.format())
        compound = roster.squeeze(text["compound"])
        if compound and compound != self.compound:
            self.problem(n, "compound", T_SHEET_COMPOUND.format(compound=self.compound))
        unit: _SheetUnit | None = None
        b = roster.parse_building(raw["building"], text["building"]) if text["building"] else ""
        e = roster.parse_entrance(raw["entrance"], text["entrance"]) if text["entrance"] else ""
        r = roster.parse_room(raw["room"], text["room"], b, e) if text["room"] else ""
        code = registry.unit_code(b, e, r)
        if b and e and r:
            unit = self.units.get(code)
            if unit is None:
                self.problem(n, "room", T_SHEET_UNIT.format(code=code))
        owner = roster.squeeze(text["owner"])
        if unit is not None and owner and not self._same_owner(unit, owner):
            self.problem(
                n, "owner", T_SHEET_OWNER.format(code=code, owners=unit.owners, name=owner)
            )
        opinion = None
        if text["opinion"]:
            try:
                opinion = core.parse_opinion(text["opinion"])
            except UserError as exc:
                self.problem(n, "opinion", exc.message)
        on = None
        if text["date"]:
            try:
                on = roster.parse_date_cell(raw["date"], text["date"])
            except BadCell as exc:
                self.problem(n, "date", str(exc))
            if on is not None and not self.vote.opens <= on <= self.vote.closes:
                self.problem(n, "date", T_OUTSIDE_WINDOW.format(
                    date=on, opens=self.vote.opens, closes=self.vote.closes))  # fmt: skip
                on = None
        if unit is None or opinion is None:
            return
        seen = self.by_voter.setdefault(unit.voter_id, [])
        first = next((s for s in seen if s[1] != opinion), None)
        if first is not None:
            self.problem(n, "opinion", T_SHEET_CONFLICT.format(
                first=first[0], row=n, name=unit.voter, a=core.OPINIONS[first[1]].format(),
                b=core.OPINIONS[opinion].format()))  # fmt: skip
            self.bad_voters.add(unit.voter_id)
        if len(self.problems) == before and on is not None:
            seen.append((n, opinion, on, unit.unit_id))
        elif len(self.problems) != before:
            self.bad_voters.add(unit.voter_id)

    @staticmethod
    def _same_owner(unit: _SheetUnit, name: str) -> bool:
        if name in unit.names:
            return True
        return unit.developer and any(w in name for w in DEVELOPER_WORDS)

    def merged(self) -> list[SheetBallot]:
        out = []
        for voter_id, seen in self.by_voter.items():
            if voter_id in self.bad_voters or not seen:
                continue
            _, opinion, _, unit_id = seen[0]
            name = next(u.voter for u in self.units.values() if u.voter_id == voter_id)
            out.append(SheetBallot(tuple(s[0] for s in seen), voter_id, name, unit_id, opinion,
                                   min(s[2] for s in seen)))  # fmt: skip
        return out


def import_ballots(
    session: Session,
    vote: Vote,
    source: Source,
    *,
    collector: str | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Import a ballot sheet: all of it or, on any problem, nothing.

    Rows of one owner-person that agree are one ballot; a ballot already in with the same
    opinion is left as it is, so importing the same sheet again changes nothing; a different
    opinion already in is a problem (a change needs a reason, one ballot at a time).
    """
    _require_open(vote)
    sheet = read_ballot_sheet(session, vote, source)
    problems = list(sheet.problems)
    live = {
        b.voter_id: b
        for b in session.execute(
            select(Ballot).where(Ballot.vote_id == vote.id, Ballot.live.is_(True))
        ).scalars()
    }
    new: list[SheetBallot] = []
    unchanged = 0
    for sb in sheet.ballots:
        old = live.get(sb.voter_id)
        if old is None:
            new.append(sb)
        elif old.opinion == sb.opinion:
            unchanged += 1
        else:
            problems.append(Problem(T_SHEET_VOTED.format(
                name=sb.voter, date=old.date, opinion=core.OPINIONS[old.opinion].format()),
                row=sb.rows[0], field=sheet.header("opinion")))  # fmt: skip
    if problems:
        problems.sort(key=lambda p: p.row or 0)  # stable: the sheet's own order within a row
        raise ValidationError(problems, title=T_SHEET_REFUSED)
    if not dry_run and new:
        who = (collector or audit.current_user(session)).strip()[:64]
        at = _now()
        session.add_all(
            Ballot(vote_id=vote.id, voter_id=sb.voter_id, unit_id=sb.unit_id, opinion=sb.opinion,
                   date=sb.date, collector=who, origin=f"{sheet.name}:{sb.rows[0]}"[:200],
                   live=True, created_at=at)
            for sb in new
        )  # fmt: skip
        session.flush()
        audit.record(session, "ballot.import", "vote", vote.id, after={
            "file": sheet.name, "sheet": sheet.sheet, "ballots": len(new), "unchanged": unchanged,
            "rows": sheet.rows_read,
        })  # fmt: skip
    return ImportResult(len(new), unchanged, sheet.rows_read, dry_run)


# -- checks -----------------------------------------------------------------------------------
_RESULT_FIELDS = ("total_area", "total_count", "yes_area", "yes_count", "no_area", "no_count",
                  "abstain_area", "abstain_count", "quorum", "passed")  # fmt: skip


@register("votes: frozen rosters, closed results recounted")
def _recount(session: Session) -> list[str]:
    out = []
    for vote in session.execute(select(Vote).order_by(Vote.id)).scalars():
        if vote.kind != core.kind_of(vote.matter):
            out.append(T_CHECK_KIND.format(id=vote.id, matter=vote.matter,
                                           kind=core.KINDS[core.kind_of(vote.matter)].format()))  # fmt: skip
        for name, area, units, real_area, real_units in session.execute(
            select(VoteVoter.name, VoteVoter.area, VoteVoter.units, func.sum(VoteUnit.area),
                   func.count(VoteUnit.id))
            .join(VoteUnit, VoteUnit.voter_id == VoteVoter.id, isouter=True)
            .where(VoteVoter.vote_id == vote.id)
            .group_by(VoteVoter.id)
        ):  # fmt: skip
            if area != (real_area or 0) or units != real_units:
                out.append(T_CHECK_ROSTER.format(id=vote.id, name=name))
        if vote.status != "closed":
            continue
        counted = live_tally(session, vote)
        for f in _RESULT_FIELDS:
            stored = getattr(vote, f)
            if stored != getattr(counted, f):
                out.append(T_CHECK_RECOUNT.format(id=vote.id, field=f, stored=stored,
                                                  counted=getattr(counted, f)))  # fmt: skip
    return out


@register("contracts authorised by a vote")
def _contracts_authorised(session: Session) -> list[str]:
    """Signed and later contracts need a passed hire-manager vote of their compound. Contracts
    added directly as active (before vote gating, or by the fees code) carry no vote: allowed."""
    out = []
    for c in session.execute(
        select(Contract).where(Contract.status != "draft").order_by(Contract.id)
    ).scalars():
        if c.vote_id is None:
            if c.status == "signed" or c.signed_on is not None:
                out.append(T_CHECK_SIGNED.format(number=c.number))
            continue
        vote = session.get(Vote, c.vote_id)
        if vote is None or not is_passed(vote, core.HIRE_MANAGER, c.compound_id):
            out.append(T_CHECK_VOTE.format(number=c.number, vote=c.vote_id))
    return out


# -- the demo book ----------------------------------------------------------------------------
def demo_votes(book: Book, rng: random.Random, *, today: date | None = None) -> None:
    """For the demo: per compound, a passed hire-manager vote closed before its contract began
    (and linked to it); in the first compound a common-use vote on parking with ~60 % in."""
    from propdesk.services import contract_life, contracts

    today = today or date.today()
    with book.write() as s:
        compounds = list(s.execute(select(Compound).order_by(Compound.id)).scalars())
        for compound in compounds:
            first = min((c.start for c in contracts.contracts_of(s, compound.id)),
                        default=date(2025, 12, 1))  # fmt: skip
            opens, closes = first - timedelta(days=60), first - timedelta(days=25)
            vote = create_vote(s, compound, core.HIRE_MANAGER,
                               f"选聘社区物业服务有限公司为{compound.name}物业服务人",
                               opens=opens, closes=closes, method="door-to-door")  # fmt: skip
            _demo_ballots(s, vote, rng, share=0.85, yes=0.88)
            _demo_make_it_pass(s, vote, closes)
            close_vote(s, vote, closes)
            for c in contracts.contracts_of(s, compound.id):
                if c.vote_id is None and c.start >= closes:
                    contract_life.link_vote(s, c, vote)
                    break
        if compounds:
            opens = today - timedelta(days=12)
            vote = create_vote(s, compounds[0], core.COMMON_USE,
                               "利用小区共有道路划设停车位并收取停车费",
                               opens=opens, closes=today + timedelta(days=18),
                               method="door-to-door")  # fmt: skip
            _demo_ballots(s, vote, rng, share=0.6, yes=0.8, last=today)


def _demo_ballots(
    s: Session, vote: Vote, rng: random.Random, *, share: float, yes: float,
    last: date | None = None,
) -> None:  # fmt: skip
    units = s.execute(
        select(VoteUnit.code, VoteUnit.voter_id).where(VoteUnit.vote_id == vote.id)
        .order_by(VoteUnit.id)
    ).all()  # fmt: skip
    first_unit: dict[int, str] = {}
    for code, voter_id in units:
        first_unit.setdefault(voter_id, code)
    end = min(vote.closes, last or vote.closes)
    span = max((end - vote.opens).days, 0)
    collectors = ("网格员 王秀英", "网格员 李建国", "楼长 张桂兰")
    forms = []
    for code in first_unit.values():
        if rng.random() >= share:
            continue
        x = rng.random()
        opinion = core.AGREE if x < yes else core.DISAGREE if x < yes + 0.07 else core.ABSTAIN
        on = vote.opens + timedelta(days=rng.randint(0, span))
        forms.append(BallotIn(code, opinion, on, rng.choice(collectors)))
    cast_ballots(s, vote, forms)


def _demo_make_it_pass(s: Session, vote: Vote, on: date) -> None:
    """A small demo compound may fall short by chance: the owners not yet visited agree."""
    missing = s.execute(
        select(VoteVoter.id, func.min(VoteUnit.code))
        .join(VoteUnit, VoteUnit.voter_id == VoteVoter.id)
        .join(Ballot, and_(Ballot.voter_id == VoteVoter.id, Ballot.live.is_(True)), isouter=True)
        .where(VoteVoter.vote_id == vote.id, Ballot.id.is_(None))
        .group_by(VoteVoter.id)
        .order_by(VoteVoter.seq)
    ).all()  # fmt: skip
    done = 0
    while done < len(missing):
        t = live_tally(s, vote)
        if t.passed:
            return
        k = max(1, t.missing.pass_count)  # by count; the area may need a few more
        forms = [
            BallotIn(code, core.AGREE, on, "网格员 王秀英") for _, code in missing[done : done + k]
        ]
        cast_ballots(s, vote, forms)
        done += k
