"""Fee arithmetic: exact integer products rounded once half-up; areas, rates, late fees, aging."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from propdesk.core.errors import UserError
from propdesk.core.fees import (
    LateFeeRule,
    aging_bucket,
    area_fee,
    format_area,
    id_number_ok,
    late_fee,
    mask_id_number,
    metered_fee,
    parse_area,
    parse_percent,
    parse_rate,
    reference_area_fee,
)


@pytest.mark.parametrize(
    ("text", "centi"),
    [
        ("102.4㎡", 10240),
        ("64 平方米", 6400),
        ("８９．５", 8950),
        (" 75.25 ", 7525),
        ("120", 12000),
        ("45.6m²", 4560),
        (89.5, 8950),
    ],
)
def test_parse_area_accepts_what_sheets_contain(text, centi):
    assert parse_area(text) == centi


@pytest.mark.parametrize("text", ["abc", "0", "-5", "1.234", "", "NaN", "inf"])
def test_parse_area_refuses(text):
    with pytest.raises(UserError):
        parse_area(text)


def test_known_fees():
    # 89.50 m² x 0.85 = 76.075 -> 76.08 (half-up, not banker's 76.08/76.07)
    assert area_fee(8950, parse_rate("0.85")) == 7608
    assert area_fee(10235, parse_rate("0.85")) == 8700  # 86.9975 -> 87.00
    assert area_fee(8950, parse_rate("0.85"), months=3) == 22823  # 228.225 -> 228.23, rounded once
    assert area_fee(10000, parse_rate("1.2345")) == 12345
    assert area_fee(8950, parse_rate("0.85"), discount_bp=3000) == 5325  # 53.2525 -> 53.25
    assert metered_fee(1250, parse_rate("3.5")) == 4375


@given(
    area=st.integers(1, 10_000_00),
    rate=st.integers(0, 99_9999),
    months=st.sampled_from([1, 3, 6, 12]),
    bp=st.integers(0, 10000),
)
def test_area_fee_matches_decimal_reference(area, rate, months, bp):
    expect = reference_area_fee(
        Decimal(area) / 100, Decimal(rate) / 10000, months, Decimal(bp) / 100
    )
    assert area_fee(area, rate, months, bp) == expect


def test_rates_and_percentages():
    assert parse_rate("0.85") == 8500 and parse_rate("1.2345元") == 12345
    assert parse_percent("30") == 3000 and parse_percent("12.5%") == 1250
    for bad in ("1.23456", "-1", "x"):
        with pytest.raises(UserError):
            parse_rate(bad)
    with pytest.raises(UserError):
        parse_percent("101")
    assert format_area(8950) == "89.50"


def test_late_fee_rules():
    due = date(2026, 1, 1)
    daily = LateFeeRule("daily", daily_ppm=500, grace_days=30)  # 0.05 % a day after 30 days
    assert late_fee(daily, 10000, due, due + timedelta(days=30)) == 0
    assert late_fee(daily, 10000, due, due + timedelta(days=40)) == 50  # 100.00 x 0.05% x 10
    assert (
        late_fee(
            LateFeeRule("fixed", fixed=2000, grace_days=15), 10000, due, due + timedelta(days=16)
        )
        == 2000
    )
    assert late_fee(LateFeeRule(), 10000, due, due + timedelta(days=999)) == 0


@pytest.mark.parametrize(
    ("days", "bucket"),
    [(0, "0-30"), (30, "0-30"), (31, "31-90"), (90, "31-90"), (91, "91-180"), (180, "91-180"), (181, "181-365"),
     (365, "181-365"), (366, "1-3y"), (1095, "1-3y"), (1096, ">3y")],
)  # fmt: skip
def test_aging_bucket_bounds(days, bucket):
    as_of = date(2026, 11, 25)
    assert aging_bucket(as_of - timedelta(days=days), as_of) == bucket


def test_personal_data_masked_and_ids_checked():
    assert mask_id_number("110101199003071234") == "110101********1234"
    assert id_number_ok("110101199003071233")
    assert not id_number_ok("110101199003071234")
    assert not id_number_ok("1101011990030712")  # 16 characters
