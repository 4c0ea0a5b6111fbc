"""Vote counting: each threshold at its bound and one either side, the owner-person rules, and a
reference tally in Fractions written independently of propdesk.core.votes."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from propdesk.core.errors import UserError
from propdesk.core.votes import (
    ABSTAIN,
    AGREE,
    DISAGREE,
    PER_UNIT,
    SPECIAL_MATTERS,
    STATUTORY,
    RosterUnit,
    check_kind,
    kind_of,
    parse_opinion,
    tally,
    tally_of,
    voters,
)

ORDINARY_MATTER = "hire-manager"
SPECIAL_MATTER = "common-use"


# -- the matter decides the kind ----------------------------------------------------------------
def test_kind_follows_the_matter_and_cannot_be_overridden() -> None:
    assert {m for m in ("rules", "covenant", "committee", "hire-manager", "use-fund", "other")
            if kind_of(m) == "ordinary"} == {"rules", "covenant", "committee", "hire-manager",
                                             "use-fund", "other"}  # fmt: skip
    assert {m for m in SPECIAL_MATTERS if kind_of(m) == "special"} == {
        "raise-fund",
        "rebuild",
        "common-use",
    }
    assert check_kind("raise-fund", "special") == "special"
    with pytest.raises(UserError, match="不能改为"):
        check_kind("raise-fund", "ordinary")
    with pytest.raises(UserError, match="不能改为"):
        check_kind("hire-manager", "special")
    with pytest.raises(UserError, match="表决事项"):
        kind_of("parking")


def test_opinions_in_both_languages() -> None:
    assert [parse_opinion(t) for t in ("同意", " 反对 ", "弃权", "Agree", "不同意")] == [
        AGREE, DISAGREE, ABSTAIN, AGREE, DISAGREE,
    ]  # fmt: skip
    with pytest.raises(UserError, match="同意 / 反对 / 弃权"):
        parse_opinion("√")


def test_areas_must_be_integers() -> None:
    with pytest.raises(TypeError):
        tally(ORDINARY_MATTER, [(100.5, AGREE)])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        tally(ORDINARY_MATTER, [(True, AGREE)])  # type: ignore[list-item]


# -- thresholds: at the bound, one fen / one person either side --------------------------------
@pytest.mark.parametrize("d", [-1, 0, 1])
def test_quorum_by_area(d: int) -> None:
    # 2 of 3 owners take part (count exactly at its bound, met); area 20000 + d of 30000
    t = tally(ORDINARY_MATTER, [(12000 + d, AGREE), (8000, AGREE), (10000 - d, None)])
    assert (t.part_area, t.total_area, t.part_count, t.total_count) == (20000 + d, 30000, 2, 3)
    assert t.quorum is (d >= 0)
    assert t.passed is (d >= 0)


@pytest.mark.parametrize("d", [-1, 0, 1])
def test_quorum_by_count(d: int) -> None:
    # 4 + d of 6 owners take part, holding nearly all the area
    people = [(10000, AGREE)] * (4 + d) + [(1, None)] * (2 - d)
    t = tally(ORDINARY_MATTER, people)
    assert 3 * t.part_area >= 2 * t.total_area
    assert (t.part_count, t.total_count) == (4 + d, 6)
    assert t.quorum is (d >= 0)


@pytest.mark.parametrize("d", [-1, 0, 1])
def test_special_by_area(d: int) -> None:
    # everyone takes part; 3 of 4 agree (count exactly at 3/4, met); yes area 30000 + d of 40000
    t = tally(
        SPECIAL_MATTER,
        [(10000, AGREE), (10000, AGREE), (10000 + d, AGREE), (10000 - d, DISAGREE)],
    )
    assert (t.yes_area, t.part_area, t.yes_count, t.part_count) == (30000 + d, 40000, 3, 4)
    assert t.quorum
    assert t.majority is (d >= 0)
    assert t.passed is (d >= 0)


@pytest.mark.parametrize("d", [-1, 0, 1])
def test_special_by_count(d: int) -> None:
    # 6 + d of 8 participants agree, holding nearly all the area; one abstains among the rest
    people = [(10000, AGREE)] * (6 + d) + [(1, DISAGREE)] * (1 - d) + [(1, ABSTAIN)]
    t = tally(SPECIAL_MATTER, people)
    assert (t.yes_count, t.part_count) == (6 + d, 8)
    assert 4 * t.yes_area >= 3 * t.part_area
    assert t.passed is (d >= 0)


@pytest.mark.parametrize("d", [-1, 0, 1])
def test_ordinary_by_area(d: int) -> None:
    # 2 of 3 participants agree (count met); yes area 10000 + d of 20000: half is not enough
    t = tally(ORDINARY_MATTER, [(5000, AGREE), (5000 + d, AGREE), (10000 - d, ABSTAIN)])
    assert (t.yes_area, t.part_area) == (10000 + d, 20000)
    assert t.passed is (d > 0)


@pytest.mark.parametrize("d", [-1, 0, 1])
def test_ordinary_by_count(d: int) -> None:
    # 3 + d of 6 participants agree, holding nearly all the area: 3 of 6 is not a majority
    people = [(10000, AGREE)] * (3 + d) + [(1, DISAGREE)] * (3 - d)
    t = tally(ORDINARY_MATTER, people)
    assert (t.yes_count, t.part_count) == (3 + d, 6)
    assert 2 * t.yes_area > t.part_area
    assert t.passed is (d > 0)


def test_special_matter_is_not_passed_by_a_simple_majority() -> None:
    people = [(100, AGREE)] * 7 + [(100, DISAGREE)] * 3  # 70 %: ordinary yes, special no
    assert tally(ORDINARY_MATTER, people).passed
    assert not tally(SPECIAL_MATTER, people).passed


def test_abstention_participates_and_silence_does_not() -> None:
    t = tally(ORDINARY_MATTER, [(100, AGREE), (100, ABSTAIN), (100, None)])
    assert (t.part_count, t.part_area, t.abstain_count, t.abstain_area) == (2, 200, 1, 100)
    assert not t.passed  # 1 yes of 2 participants is not more than half


# -- what is still missing -----------------------------------------------------------------------
def test_missing_exact_minimal_numbers() -> None:
    # 10 owners of 100.00 m² each; 5 took part: 3 agree, 2 disagree
    people = [(10000, AGREE)] * 3 + [(10000, DISAGREE)] * 2 + [(10000, None)] * 5
    m = tally(ORDINARY_MATTER, people).missing
    assert (m.part_count, m.part_area) == (2, 16667)  # 3*7 >= 20; 3*66667 >= 200000
    assert (m.yes_count, m.yes_area) == (0, 0)  # 3 of 5 is already a majority
    assert (m.pass_count, m.pass_area) == (2, 16667)
    assert m.possible
    s = tally(SPECIAL_MATTER, people).missing
    assert (s.yes_count, s.yes_area) == (3, 30000)  # 4*(3+3) >= 3*(5+3); 4*60000 >= 3*80000
    assert (s.pass_count, s.pass_area) == (3, 30000)
    assert s.possible


def test_missing_when_it_can_no_longer_pass() -> None:
    people = [(10000, DISAGREE)] * 6 + [(10000, None)] * 4
    m = tally(ORDINARY_MATTER, people).missing
    assert m.yes_count == 7 and not m.possible  # only 4 owners left to vote
    passed = tally(ORDINARY_MATTER, [(10000, AGREE)] * 3).missing
    assert passed.pass_count == passed.pass_area == 0 and passed.possible


# -- owner-persons --------------------------------------------------------------------------------
def _unit(uid: int, area: int, owner: int | None, name: str = "", dev: bool = False) -> RosterUnit:
    return RosterUnit(uid, f"1-1-{uid}", area, "register", owner, name or f"P{owner}", dev)


def test_co_owners_are_one_person() -> None:
    vs = voters([_unit(1, 8950, 7, "张三、李四"), _unit(2, 9000, 8, "王五")])
    assert [(v.name, v.area, len(v.units)) for v in vs] == [
        ("张三、李四", 8950, 1),
        ("王五", 9000, 1),
    ]


def test_owner_of_several_units_is_one_person_with_all_their_area() -> None:
    vs = voters([_unit(1, 8950, 7), _unit(2, 9000, 8), _unit(3, 6000, 7)])
    assert [(v.key, v.area, len(v.units)) for v in vs] == [
        ("person:7", 14950, 2),
        ("person:8", 9000, 1),
    ]
    t = tally_of(ORDINARY_MATTER, vs, {"person:7": AGREE})
    assert (t.total_count, t.yes_count, t.yes_area, t.total_area) == (2, 1, 14950, 23950)


def test_all_developer_units_are_one_person_whose_area_counts() -> None:
    vs = voters(
        [
            _unit(1, 6400, 99, "开发商", dev=True),
            _unit(2, 8000, 1),
            _unit(3, 7000, None, "开发商", dev=True),  # undelivered, no owner on the day
            _unit(4, 5000, 99, "开发商", dev=True),
        ]
    )
    assert [(v.key, v.area, len(v.units), v.developer) for v in vs] == [
        ("developer", 18400, 3, True),
        ("person:1", 8000, 1, False),
    ]


def test_one_unit_one_vote_counts_each_unit() -> None:
    units = [_unit(1, 8950, 7), _unit(2, 9000, 7), _unit(3, 6400, 99, dev=True),
             _unit(4, 5000, 99, dev=True)]  # fmt: skip
    assert len(voters(units, STATUTORY)) == 2
    vs = voters(units, PER_UNIT)
    assert [v.area for v in vs] == [8950, 9000, 6400, 5000]
    t = tally_of(ORDINARY_MATTER, vs, {vs[0].key: AGREE, vs[1].key: AGREE, vs[2].key: ABSTAIN})
    assert (t.total_count, t.part_count, t.yes_count) == (4, 3, 2)
    assert t.passed  # 2 of 3 and 17950 of 24350 by area


# -- an independent reference tally ------------------------------------------------------------
DEV = -1  # the developer in generated rosters


@st.composite
def rosters(draw: st.DrawFn) -> tuple[list[tuple[int, int]], dict[int, str | None], str, str]:
    """(units as (area, owner or DEV), opinion per owner, matter, counting)."""
    n = draw(st.integers(1, 25))
    owners = draw(st.integers(1, 8))
    units = [
        (draw(st.integers(1, 30000)), draw(st.sampled_from([DEV, *range(owners)])))
        for _ in range(n)
    ]
    counting = draw(st.sampled_from([STATUTORY, PER_UNIT]))
    keys = range(n) if counting == PER_UNIT else {o for _, o in units}
    opinions = {k: draw(st.sampled_from([AGREE, DISAGREE, ABSTAIN, None, None])) for k in keys}
    matter = draw(st.sampled_from(["hire-manager", "common-use", "raise-fund", "use-fund"]))
    return units, opinions, matter, counting


def _reference(units: list[tuple[int, int]], opinions: dict[int, str | None], matter: str,
               counting: str) -> dict[str, object]:  # fmt: skip
    """The rules from DOMAIN.md §2 in Fractions, grouping with plain dicts."""
    if counting == PER_UNIT:
        area_of = {i: a for i, (a, _) in enumerate(units)}
    else:
        area_of = {}
        for a, o in units:
            area_of[o] = area_of.get(o, 0) + a  # DEV collects every developer unit
    total_area, total_count = sum(area_of.values()), len(area_of)
    part = [k for k in area_of if opinions.get(k) is not None]
    yes = [k for k in part if opinions[k] == AGREE]
    pa, ya = sum(area_of[k] for k in part), sum(area_of[k] for k in yes)
    quorum = Fraction(pa, total_area) >= Fraction(2, 3) and Fraction(
        len(part), total_count
    ) >= Fraction(2, 3)
    if not part:
        majority = False
    elif matter in ("common-use", "raise-fund", "rebuild"):
        majority = Fraction(ya, pa) >= Fraction(3, 4) and Fraction(len(yes), len(part)) >= Fraction(
            3, 4
        )
    else:
        majority = Fraction(ya, pa) > Fraction(1, 2) and Fraction(len(yes), len(part)) > Fraction(
            1, 2
        )
    need_part = max(0, math.ceil(Fraction(2, 3) * total_count - len(part)))
    need_part_area = max(0, math.ceil(Fraction(2, 3) * total_area - pa))
    return {"total": (total_area, total_count), "part": (pa, len(part)), "yes": (ya, len(yes)),
            "quorum": quorum, "passed": quorum and majority,
            "need": (need_part, need_part_area)}  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(rosters())
def test_tally_matches_an_independent_reference(case) -> None:  # type: ignore[no-untyped-def]
    units, opinions, matter, counting = case
    roster = [
        RosterUnit(i, f"1-1-{i}", a, "register", None if o == DEV else o, "x", o == DEV)
        for i, (a, o) in enumerate(units)
    ]
    vs = voters(roster, counting)

    def key_of(v) -> int:  # type: ignore[no-untyped-def]
        if counting == PER_UNIT:
            return v.units[0].unit_id
        return DEV if v.developer else v.units[0].owner_key

    t = tally_of(matter, vs, {v.key: op for v in vs if (op := opinions.get(key_of(v)))})
    ref = _reference(units, opinions, matter, counting)
    assert (t.total_area, t.total_count) == ref["total"]
    assert (t.part_area, t.part_count) == ref["part"]
    assert (t.yes_area, t.yes_count) == ref["yes"]
    assert t.quorum == ref["quorum"]
    assert t.passed == ref["passed"]
    assert (t.missing.part_count, t.missing.part_area) == ref["need"]
    assert t.yes_area + t.no_area + t.abstain_area == t.part_area


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 10**9), st.integers(1, 10**9), st.integers(1, 10**9),  # units have area
    st.sampled_from(["hire-manager", "common-use"]),
)  # fmt: skip
def test_missing_is_the_least_that_passes(yes: int, no: int, rest: int, matter: str) -> None:
    """Adding `pass_area` agreeing area passes the area conditions; one fen less does not."""
    t = tally(matter, [(yes, AGREE), (no, DISAGREE), (rest, None)])
    m = t.missing
    special = matter == "common-use"

    def area_ok(x: int) -> bool:
        pa, ya = t.part_area + x, t.yes_area + x
        share = Fraction(ya, pa)
        quorum = Fraction(pa, t.total_area) >= Fraction(2, 3)
        return quorum and (share >= Fraction(3, 4) if special else share > Fraction(1, 2))

    assert area_ok(m.pass_area)
    assert m.pass_area == 0 or not area_ok(m.pass_area - 1)
