"""The surplus waterfall: exact to the fen, caps kept, shortfalls shared pro rata, losses first."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from propdesk.core.allocation import Basis, Claim, Rule, allocate, mask_account, share

FEN = st.integers(min_value=0, max_value=10**10)


@given(total=FEN, weights=st.lists(st.integers(0, 10**8), min_size=1, max_size=12))
def test_share_adds_up_and_stays_within_a_fen(total: int, weights: list[int]) -> None:
    if sum(weights) == 0:
        assert share(0, weights) == [0] * len(weights)
        return
    parts = share(total, weights)
    assert sum(parts) == total
    for p, w in zip(parts, weights, strict=True):
        assert abs(p - Fraction(total * w, sum(weights))) < 1


def test_share_last_fen_goes_to_largest_remainder_then_line_order() -> None:
    assert share(100, [1, 1, 1]) == [34, 33, 33]  # equal remainders: the first line
    assert share(10, [1, 2]) == [3, 7]  # 3.33 / 6.67: the larger remainder gets the fen
    assert share(2, [1, 1, 1]) == [1, 1, 0]


@st.composite
def rule_sets(draw: st.DrawFn) -> list[Rule]:
    rules = []
    for i in range(draw(st.integers(1, 5))):
        basis = draw(st.sampled_from(list(Basis)))
        own = basis in (Basis.FIXED, Basis.PERCENT) and draw(st.booleans())
        claims = None
        if not own:
            n = draw(st.integers(0, 4))
            claims = tuple(
                Claim(
                    (i, j),
                    draw(st.integers(0, 12) if basis is Basis.PER_HEAD else st.integers(0, 10**7)),
                    draw(st.none() | st.integers(0, 10**7)),
                )
                for j in range(n)
            )
        rules.append(
            Rule(
                key=i,
                priority=draw(st.integers(1, 4)),
                basis=basis,
                amount=draw(st.integers(0, 10**7)),
                bp=draw(st.integers(0, 10_000)),
                cap=draw(st.none() | st.integers(0, 10**7)),
                claims=claims,
            )
        )
    return rules


# a rule set is many draws: on a busy shared machine generating them may look slow
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(surplus=st.integers(-(10**9), 10**9), losses=st.integers(0, 10**8), rules=rule_sets())
def test_waterfall_properties(surplus: int, losses: int, rules: list[Rule]) -> None:
    res = allocate(surplus, rules, losses=losses)
    # allocated + retained == surplus, to the fen
    assert res.allocated + res.retained == surplus
    assert res.allocated == sum(s.amount for s in res.lines)
    assert all(0 <= s.amount <= s.asked for s in res.lines)
    # zero or negative surplus allocates nothing; losses are covered first
    if surplus <= 0:
        assert res.allocated == 0 and res.retained == surplus
    assert res.loss_cover == min(max(surplus, 0), losses)
    assert res.allocated <= max(0, surplus - losses)
    # no rule exceeds its cap
    for r in rules:
        got = sum(s.amount for s in res.lines if s.rule == r.key)
        if r.cap is not None:
            assert got <= r.cap
    # priorities in order: a later priority gets something only when every earlier line was met
    for p in sorted({r.priority for r in rules}):
        lines = [s for s in res.lines if _prio(rules, s.rule) == p]
        later = [s for s in res.lines if _prio(rules, s.rule) > p]
        if any(s.amount < s.asked for s in lines):
            assert all(s.amount == 0 for s in later)
            # the shortfall is shared pro rata: within one fen of the exact share
            asked = sum(s.asked for s in lines)
            given_out = sum(s.amount for s in lines)
            for s in lines:
                assert abs(s.amount - Fraction(given_out * s.asked, asked)) < 1


def _prio(rules: list[Rule], key: object) -> int:
    return next(r.priority for r in rules if r.key == key)


def test_default_rules_worked_example() -> None:
    """Full-time top-ups first, then part-time, then stations by budget; the rest retained."""
    rules = [
        Rule("ft", 1, Basis.PER_HEAD, amount=50_000, claims=(Claim("a", 3), Claim("b", 2))),
        Rule("pt", 2, Basis.PER_HEAD, amount=20_000, claims=(Claim("c", 3), Claim("d", 3))),
        Rule("st", 3, Basis.BUDGET, cap=100_000, claims=(Claim("p1", 80_000), Claim("p2", 40_000))),
    ]
    res = allocate(500_000, rules, losses=30_000)
    got = {(s.rule, s.claim): s.amount for s in res.lines}
    assert res.loss_cover == 30_000 and res.distributable == 470_000
    assert got[("ft", "a")] == 150_000 and got[("ft", "b")] == 100_000
    # part-time asks 120,000 of the 220,000 left: met in full
    assert got[("pt", "c")] == 60_000 and got[("pt", "d")] == 60_000
    # stations: capped at 100,000 of 120,000 asked, shared 2:1 -> 66,667 / 33,333
    assert got[("st", "p1")] == 66_667 and got[("st", "p2")] == 33_333
    assert res.allocated == 470_000 and res.retained == 30_000


def test_shortfall_within_a_priority_is_shared_pro_rata() -> None:
    rules = [
        Rule("ft", 1, Basis.PER_HEAD, amount=10_000, claims=(Claim("a", 1), Claim("b", 1), Claim("c", 1))),
        Rule("fixed", 1, Basis.FIXED, amount=30_000, claims=None),
        Rule("later", 2, Basis.FIXED, amount=1, claims=None),
    ]  # fmt: skip
    res = allocate(10_000, rules)
    # two fen left over, equal remainders: the first lines get them
    assert [s.amount for s in res.lines] == [1_667, 1_667, 1_666, 5_000, 0]
    assert res.retained == 0


def test_percent_and_limits() -> None:
    rules = [
        Rule("pc", 1, Basis.PERCENT, bp=2_500, claims=(Claim("x", 1, 1_000), Claim("y", 3, 3_000))),
        Rule("reserve", 2, Basis.PERCENT, bp=1_000, claims=None),
    ]  # fmt: skip
    res = allocate(100_000, rules)
    # 25% = 25,000 but the projects need only 4,000 in all
    assert [s.amount for s in res.lines] == [1_000, 3_000, 10_000]
    assert res.retained == 86_000


@pytest.mark.parametrize("surplus", [0, -1, -500_000])
def test_no_surplus_allocates_nothing(surplus: int) -> None:
    res = allocate(surplus, [Rule("r", 1, Basis.FIXED, amount=100, claims=None)])
    assert res.allocated == 0 and res.retained == surplus
    assert [s.amount for s in res.lines] == [0]


def test_losses_can_eat_the_whole_surplus() -> None:
    res = allocate(5_000, [Rule("r", 1, Basis.FIXED, amount=100, claims=None)], losses=8_000)
    assert res.loss_cover == 5_000 and res.allocated == 0 and res.retained == 5_000


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("6222 0212 3456 7890 123", "6222 **** **** 0123"),
        ("6217001234567890", "6217 **** **** 7890"),
        ("1234567", "****567"),
        ("", ""),
    ],
)
def test_mask_account(text: str, masked: str) -> None:
    assert mask_account(text) == masked
