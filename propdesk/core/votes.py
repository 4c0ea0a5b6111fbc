"""Owner consent votes (Civil Code 278): matters, who counts as one owner, and the exact tally.

Everything here is integer arithmetic: areas in 0.01 m², counts of owner-persons. The four
conditions are the statute's inequalities written without division:

    quorum   = 3*part_area >= 2*total_area  and 3*part_count >= 2*total_count
    special  = 4*yes_area  >= 3*part_area   and 4*yes_count  >= 3*part_count
    ordinary = 2*yes_area  >  part_area     and 2*yes_count  >  part_count
    passed   = quorum and (special if the matter is special else ordinary)

"以上" includes the bound (>=); "过半数" is strictly more than half (>). The majorities are
measured against the participants (an abstention participates), the quorum against everyone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from propdesk.core.errors import UserError
from propdesk.core.i18n import Text, bilingual

# -- matters (Civil Code 278, first paragraph) ----------------------------------------------
MATTERS: dict[str, Text] = {
    "rules": bilingual("制定和修改业主大会议事规则", "rules of procedure of the owners' assembly"),
    "covenant": bilingual("制定和修改管理规约", "the management covenant"),
    "committee": bilingual("选举业主委员会或者更换业主委员会成员", "electing the owners' committee"),
    "hire-manager": bilingual("选聘和解聘物业服务企业或者其他管理人", "hiring or dismissing the property company"),
    "use-fund": bilingual("使用建筑物及其附属设施的维修资金", "using the maintenance fund"),
    "raise-fund": bilingual("筹集建筑物及其附属设施的维修资金", "raising the maintenance fund"),
    "rebuild": bilingual("改建、重建建筑物及其附属设施", "rebuilding or reconstructing buildings"),
    "common-use": bilingual(
        "改变共有部分的用途或者利用共有部分从事经营活动",
        "changing the use of common parts or using them for business",
    ),
    "other": bilingual("有关共有和共同管理权利的其他重大事项", "other major matters of common ownership"),
}  # fmt: skip
# the short names clerks type
MATTER_WORDS: dict[str, str] = {
    "议事规则": "rules", "管理规约": "covenant", "业主委员会": "committee",
    "选举业主委员会": "committee", "选聘和解聘物业服务企业": "hire-manager", "选聘物业": "hire-manager",
    "解聘物业": "hire-manager", "使用维修资金": "use-fund", "筹集维修资金": "raise-fund",
    "改建重建": "rebuild", "改建重建建筑物": "rebuild", "改变共有部分用途": "common-use",
    "利用共有部分从事经营活动": "common-use", "共有部分经营": "common-use", "其他重大事项": "other",
}  # fmt: skip
SPECIAL_MATTERS = frozenset({"raise-fund", "rebuild", "common-use"})
ORDINARY = "ordinary"
SPECIAL = "special"
KINDS: dict[str, Text] = {
    ORDINARY: bilingual("一般事项（双过半）", "ordinary matter (majority)"),
    SPECIAL: bilingual("特别事项（双四分之三）", "special matter (three quarters)"),
}
HIRE_MANAGER = "hire-manager"
COMMON_USE = "common-use"

METHODS: dict[str, Text] = {
    "assembly": bilingual("业主大会会议", "owners' assembly meeting"),
    "door-to-door": bilingual("逐户入户征求意见", "door-to-door collection"),
    "written": bilingual("书面征求意见", "written consultation"),
}
# How owner-persons are counted: the statute's default, or one unit one vote if the assembly so agreed.
STATUTORY = "statutory"
PER_UNIT = "unit"
COUNTINGS: dict[str, Text] = {
    STATUTORY: bilingual(
        "法定计数：共有人按一人，一人多户按一人，建设单位未售房屋合计一人",
        "statutory: co-owners are one, an owner of several units is one, the developer's units are one",
    ),
    PER_UNIT: bilingual("一户一票：每套房屋计一人", "one unit one vote: each unit counts as one"),
}

AGREE = "agree"
DISAGREE = "disagree"
ABSTAIN = "abstain"
OPINIONS: dict[str, Text] = {
    AGREE: bilingual("同意", "agree"),
    DISAGREE: bilingual("反对", "disagree"),
    ABSTAIN: bilingual("弃权", "abstain"),
}
OPINION_WORDS: dict[str, str] = {
    "同意": AGREE, "赞成": AGREE, "agree": AGREE, "yes": AGREE,
    "反对": DISAGREE, "不同意": DISAGREE, "disagree": DISAGREE, "no": DISAGREE,
    "弃权": ABSTAIN, "abstain": ABSTAIN,
}  # fmt: skip

T_BAD_MATTER = bilingual(
    "表决事项「{matter}」无效，应为：{allowed}",
    'unknown vote matter "{matter}"; expected: {allowed}',
)
T_KIND_FIXED = bilingual(
    "「{matter}」是{kind}，由法律规定，不能改为{wanted}",
    '"{matter}" is by law an {kind}; it cannot be made a {wanted}',
)
T_BAD_OPINION = bilingual(
    "表决意见「{text}」无效，应为 同意 / 反对 / 弃权",
    'opinion "{text}" is invalid; use agree / disagree / abstain (同意 / 反对 / 弃权)',
)
T_BAD_METHOD = bilingual(
    "表决方式「{method}」无效，应为：{allowed}",
    'voting method "{method}" is invalid; expected: {allowed}',
)
T_BAD_COUNTING = bilingual(
    "计数方法「{counting}」无效，应为：{allowed}",
    'counting method "{counting}" is invalid; expected: {allowed}',
)


def kind_of(matter: str) -> str:
    """Ordinary or special: fixed by the matter, never chosen."""
    check_matter(matter)
    return SPECIAL if matter in SPECIAL_MATTERS else ORDINARY


def parse_matter(text: str) -> str:
    """A matter by its key (hire-manager) or its Chinese name (选聘和解聘物业服务企业)."""
    key = "".join(text.split())
    return check_matter(MATTER_WORDS.get(key, key.lower()))


def check_matter(matter: str) -> str:
    if matter not in MATTERS:
        raise UserError(T_BAD_MATTER, matter=matter, allowed=" / ".join(MATTERS))
    return matter


def check_kind(matter: str, wanted: str | None) -> str:
    """The matter's kind; a different `wanted` kind is refused (the law decides it)."""
    kind = kind_of(matter)
    if wanted is not None and wanted != kind:
        raise UserError(
            T_KIND_FIXED,
            matter=MATTERS[matter].format(),
            kind=KINDS[kind].format(),
            wanted=KINDS.get(wanted, bilingual(wanted, wanted)).format(),
        )
    return kind


def parse_opinion(text: str) -> str:
    key = "".join(str(text).split()).lower()
    found = OPINION_WORDS.get(key)
    if found is None:
        raise UserError(T_BAD_OPINION, text=text)
    return found


def check_method(method: str) -> str:
    if method not in METHODS:
        raise UserError(T_BAD_METHOD, method=method, allowed=" / ".join(METHODS))
    return method


def check_counting(counting: str) -> str:
    if counting not in COUNTINGS:
        raise UserError(T_BAD_COUNTING, counting=counting, allowed=" / ".join(COUNTINGS))
    return counting


# -- who counts as one owner ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class RosterUnit:
    """One unit of the roster as the vote sees it: exclusive floor area and who holds it."""

    unit_id: int
    code: str
    area: int  # 0.01 m², the exclusive (专有) floor area
    area_source: str  # register | survey | contract
    owner_key: int | None  # the primary owner's person id; None when the developer holds it
    owner_name: str  # the unit's owners as shown ("张三、李四"), or the developer's name
    developer: bool = False  # unsold or undelivered: held by the developer (建设单位)


@dataclass(frozen=True, slots=True)
class Voter:
    """One owner-person of a vote: a key unique in the vote, a name, their units and area."""

    key: str
    name: str
    developer: bool
    units: tuple[RosterUnit, ...]

    @property
    def area(self) -> int:
        return sum(u.area for u in self.units)


DEVELOPER_KEY = "developer"


def voters(units: Iterable[RosterUnit], counting: str = STATUTORY) -> list[Voter]:
    """Group units into owner-persons, in the order their first unit appears.

    Statutory (SPC interpretation on building ownership, art. 9): a unit counts as one person
    however many co-owners it has; one owner of several units is one person with all their
    area; every unit the developer still holds (unsold or undelivered) together is one person.
    Owner identity is the unit's primary (registered) owner. With `PER_UNIT` counting each unit
    is one person.
    """
    check_counting(counting)
    groups: dict[str, list[RosterUnit]] = {}
    names: dict[str, tuple[str, bool]] = {}
    for u in units:
        if counting == PER_UNIT:
            key = f"unit:{u.unit_id}"
        elif u.developer or u.owner_key is None:
            key = DEVELOPER_KEY
        else:
            key = f"person:{u.owner_key}"
        groups.setdefault(key, []).append(u)
        if key not in names:
            names[key] = (u.owner_name, u.developer or u.owner_key is None)
    return [Voter(k, names[k][0], names[k][1], tuple(us)) for k, us in groups.items()]


# -- the tally --------------------------------------------------------------------------------
def quorum_met(part_area: int, total_area: int, part_count: int, total_count: int) -> bool:
    """Two thirds or more (以上) of all the area and of all the owners took part."""
    return 3 * part_area >= 2 * total_area and 3 * part_count >= 2 * total_count


def special_met(yes_area: int, part_area: int, yes_count: int, part_count: int) -> bool:
    """Three quarters or more of the participating area and owners agreed."""
    return 4 * yes_area >= 3 * part_area and 4 * yes_count >= 3 * part_count


def ordinary_met(yes_area: int, part_area: int, yes_count: int, part_count: int) -> bool:
    """Strictly more than half (过半数) of the participating area and owners agreed."""
    return 2 * yes_area > part_area and 2 * yes_count > part_count


def majority_met(kind: str, yes_area: int, part_area: int, yes_count: int, part_count: int) -> bool:
    met = special_met if kind == SPECIAL else ordinary_met
    return met(yes_area, part_area, yes_count, part_count)


def more_for_quorum(part: int, total: int) -> int:
    """The least x >= 0 with 3*(part + x) >= 2*total."""
    return max(0, -((3 * part - 2 * total) // 3))


def more_for_majority(kind: str, yes: int, part: int) -> int:
    """The least x >= 0 further agreeing participants with the majority met on `part + x`.

    special:  4*(yes + x) >= 3*(part + x)  <=>  x >= 3*part - 4*yes
    ordinary: 2*(yes + x) >  part + x      <=>  x >= part - 2*yes + 1
    """
    if kind == SPECIAL:
        return max(0, 3 * part - 4 * yes)
    return max(0, part - 2 * yes + 1)


@dataclass(frozen=True, slots=True)
class Missing:
    """What the vote still lacks: area in 0.01 m², owners as a count.

    `part_*`: more participants (any opinion) for the quorum. `yes_*`: more agreeing ballots
    from owners who have not voted, for the majority among participants. `pass_*`: the least
    further agreeing owners and area that pass the vote (both at once). `possible`: whether the
    owners who have not voted could still pass it, all agreeing.
    """

    part_area: int
    part_count: int
    yes_area: int
    yes_count: int
    pass_area: int
    pass_count: int
    possible: bool


@dataclass(frozen=True, slots=True)
class Tally:
    matter: str
    kind: str
    total_area: int
    total_count: int
    part_area: int
    part_count: int
    yes_area: int
    yes_count: int
    no_area: int
    no_count: int
    abstain_area: int
    abstain_count: int
    quorum: bool
    majority: bool
    passed: bool

    @property
    def missing(self) -> Missing:
        return missing_of(self)


def _need_int(value: object, what: str) -> int:
    if type(value) is not int:
        raise TypeError(f"{what} must be an int, got {type(value).__name__}: {value!r}")
    return value


def tally(matter: str, ballots: Iterable[tuple[int, str | None]]) -> Tally:
    """Count one vote: for each owner-person, (their area, their opinion or None)."""
    kind = kind_of(matter)
    total_area = total_count = 0
    area = {AGREE: 0, DISAGREE: 0, ABSTAIN: 0}
    count = {AGREE: 0, DISAGREE: 0, ABSTAIN: 0}
    for a, opinion in ballots:
        if _need_int(a, "area") < 0:
            raise ValueError(f"area must not be negative: {a}")
        total_area += a
        total_count += 1
        if opinion is None:
            continue
        if opinion not in area:
            raise ValueError(f"unknown opinion {opinion!r}")
        area[opinion] += a
        count[opinion] += 1
    return make_tally(
        matter, kind, total_area, total_count,
        area[AGREE], count[AGREE], area[DISAGREE], count[DISAGREE],
        area[ABSTAIN], count[ABSTAIN],
    )  # fmt: skip


def make_tally(matter: str, kind: str, total_area: int, total_count: int, yes_area: int,
               yes_count: int, no_area: int, no_count: int, abstain_area: int,
               abstain_count: int) -> Tally:  # fmt: skip
    """A Tally from its counts (a stored result, or a fresh count); conditions re-derived."""
    part_area = yes_area + no_area + abstain_area
    part_count = yes_count + no_count + abstain_count
    quorum = quorum_met(part_area, total_area, part_count, total_count)
    majority = majority_met(kind, yes_area, part_area, yes_count, part_count)
    return Tally(
        matter, kind, total_area, total_count, part_area, part_count, yes_area, yes_count,
        no_area, no_count, abstain_area, abstain_count, quorum, majority, quorum and majority,
    )  # fmt: skip


def missing_of(t: Tally) -> Missing:
    part_area = more_for_quorum(t.part_area, t.total_area)
    part_count = more_for_quorum(t.part_count, t.total_count)
    yes_area = more_for_majority(t.kind, t.yes_area, t.part_area)
    yes_count = more_for_majority(t.kind, t.yes_count, t.part_count)
    rest_area = t.total_area - t.part_area
    rest_count = t.total_count - t.part_count
    # all who have not voted agree: everyone participates, so only the majority can still fail
    all_yes = majority_met(
        t.kind, t.yes_area + rest_area, t.total_area, t.yes_count + rest_count, t.total_count
    )
    return Missing(
        part_area=part_area,
        part_count=part_count,
        yes_area=yes_area,
        yes_count=yes_count,
        pass_area=max(part_area, yes_area),
        pass_count=max(part_count, yes_count),
        possible=all_yes,
    )


def tally_of(matter: str, people: Sequence[Voter], opinions: dict[str, str]) -> Tally:
    """Count grouped owner-persons against their opinions (by voter key)."""
    return tally(matter, ((v.area, opinions.get(v.key)) for v in people))
