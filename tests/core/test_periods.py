"""Month arithmetic on YYYYMM periods: add_months and months_between agree with a count of months."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from propdesk.core.periods import add_months, months_between, next_period

periods = st.builds(lambda y, m: y * 100 + m, st.integers(1990, 2100), st.integers(1, 12))


@given(periods, st.integers(-600, 600))
def test_add_months_then_months_between_gives_the_count_back(p: int, n: int) -> None:
    q = add_months(p, n)
    assert 1 <= q % 100 <= 12
    assert months_between(p, q) == n
    assert months_between(q, p) == -n


@given(periods)
def test_one_month_on_is_the_next_period(p: int) -> None:
    assert add_months(p, 1) == next_period(p)
    assert months_between(p, next_period(p)) == 1


def test_the_months_a_clerk_counts() -> None:
    assert months_between(202601, 202603) == 2
    assert months_between(202511, 202602) == 3
    assert add_months(202612, 1) == 202701 and add_months(202601, -1) == 202512
    assert add_months(202603, 12) == 202703
