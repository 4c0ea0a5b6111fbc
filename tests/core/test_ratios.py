"""Ratios and percentages: integer basis points, half-up, one formatter, against Decimal."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from propdesk.core.ratios import bp_text, rate_bp, ratio_text

parts = st.integers(-10**12, 10**12)
wholes = st.integers(1, 10**12)


def decimal_pct(part: int, whole: int, places: int) -> Decimal:
    exact = Decimal(part) * 100 / Decimal(whole)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) + 0  # no "-0"


@given(parts, wholes)
def test_rate_bp_is_the_half_up_basis_points(part: int, whole: int) -> None:
    exact = Decimal(part) * 10_000 / Decimal(whole)
    assert rate_bp(part, whole) == int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@given(parts, wholes, st.integers(0, 4))
def test_ratio_text_rounds_once_half_up(part: int, whole: int, places: int) -> None:
    assert ratio_text(part, whole, places) == f"{decimal_pct(part, whole, places)}%"


@given(st.integers(-10**9, 10**9), st.integers(0, 4))
def test_bp_text_is_the_basis_points_as_a_percentage(bp: int, places: int) -> None:
    exact = Decimal(bp) / 100
    shown = exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP) + 0  # no "-0"
    assert bp_text(bp, places) == f"{shown}%"


@given(st.integers(-10**9, 10**9))
def test_bp_text_without_places_has_no_trailing_zeros(bp: int) -> None:
    text = bp_text(bp, None)
    assert Decimal(text.rstrip("%")) == Decimal(bp) / 100
    assert not text.rstrip("%").endswith("0") or "." not in text


def test_the_figures_a_user_reads() -> None:
    assert rate_bp(0, 0) is None and bp_text(None) == "—" and ratio_text(1, 0) == "—"
    assert bp_text(rate_bp(1, 3)) == "33.33%" and bp_text(rate_bp(2, 3)) == "66.67%"
    assert ratio_text(1, 3, 1) == "33.3%" and ratio_text(2, 3, 1) == "66.7%"
    assert ratio_text(1, 8) == "12.50%" and ratio_text(1, 200_000) == "0.00%"
    assert bp_text(9340) == "93.40%" and bp_text(9345, 1) == "93.5%"
    assert bp_text(2000, None) == "20%" and bp_text(2050, None) == "20.5%"
    assert bp_text(1, None) == "0.01%" and bp_text(0, None) == "0%"
    assert bp_text(10_000, None) == "100%" and bp_text(-150) == "-1.50%"
