"""Money: fen/Decimal conversions, parsing what clerks type, printing, uppercase amounts."""

from __future__ import annotations

import ast
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from propdesk.core import money
from propdesk.core.errors import UserError
from propdesk.core.i18n import EN, ZH, language, set_language
from propdesk.core.money import (
    FEN,
    MAX_FEN,
    amount_in_words,
    fen_to_decimal,
    format_amount,
    money_in_words,
    parse_amount,
    parse_fen,
    plain,
    round_fen,
    to_fen,
)


@pytest.fixture(autouse=True)
def chinese():
    before = language()
    set_language(ZH)
    try:
        yield
    finally:
        set_language(before)


@pytest.fixture
def english():
    set_language(EN)
    try:
        yield
    finally:
        set_language(ZH)


fens = st.integers(min_value=-MAX_FEN, max_value=MAX_FEN)
# Numbers with many zeros, to exercise zero runs across 万/亿 boundaries.
zeroish_fens = st.lists(st.sampled_from("000000123456789"), min_size=1, max_size=14).map(
    lambda ds: int("".join(ds))
)
positive_fens = st.one_of(st.integers(min_value=0, max_value=MAX_FEN), zeroish_fens)


# --- purity --------------------------------------------------------------------------------


def test_money_imports_only_stdlib_and_core():
    tree = ast.parse(Path(money.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    allowed = {"__future__", "decimal", "re", "unicodedata"}
    assert all(m in allowed or m.startswith("propdesk.core.") for m in imported), imported
    assert not any("Qt" in m or "PySide" in m or "sqlalchemy" in m.lower() for m in imported)


# --- conversions ---------------------------------------------------------------------------


def test_fen_constant():
    assert Decimal("0.01") == FEN


@pytest.mark.parametrize(
    ("fen", "text"),
    [(140950, "1409.50"), (0, "0.00"), (5, "0.05"), (-1200, "-12.00"), (100, "1.00")],
)
def test_fen_to_decimal(fen, text):
    value = fen_to_decimal(fen)
    assert str(value) == text
    assert value.as_tuple().exponent == -2


def test_fen_to_decimal_exact_beyond_context_precision():
    big = 10**40 + 7
    assert str(fen_to_decimal(big)) == str(10**38) + ".07"
    assert to_fen(fen_to_decimal(big)) == big


@pytest.mark.parametrize("bad", [1.5, True, "100", Decimal("1")])
def test_fen_to_decimal_refuses_non_int(bad):
    with pytest.raises(TypeError):
        fen_to_decimal(bad)


@pytest.mark.parametrize(
    ("value", "fen"),
    [
        (Decimal("1409.50"), 140950),
        (Decimal("1409.5"), 140950),
        (Decimal("1.500"), 150),  # trailing zeros are not extra precision
        (Decimal("-12"), -1200),
        (Decimal("0"), 0),
        (Decimal("1E+2"), 10000),
        ("1,409.50", 140950),
        ("-3.25", -325),
    ],
)
def test_to_fen(value, fen):
    assert to_fen(value) == fen


@pytest.mark.parametrize("bad", [1.5, 1, True, False, None])
def test_to_fen_refuses_float_int_bool(bad):
    with pytest.raises(TypeError):
        to_fen(bad)


def test_to_fen_refuses_more_than_two_decimals():
    with pytest.raises(UserError) as e:
        to_fen(Decimal("1.005"))
    assert e.value.text is money.AMOUNT_TOO_MANY_DECIMALS
    assert "两位" in e.value.message


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-Infinity", "sNaN"])
def test_to_fen_refuses_non_finite(bad):
    with pytest.raises(UserError):
        to_fen(Decimal(bad))


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        ("1.005", "1.01"),
        ("1.004", "1.00"),
        ("-1.005", "-1.01"),
        ("2.675", "2.68"),
        ("0.125", "0.13"),
        ("7", "7.00"),
        ("1409.5", "1409.50"),
    ],
)
def test_round_fen_half_up(value, rounded):
    result = round_fen(Decimal(value))
    assert str(result) == rounded


def test_round_fen_exact_for_huge_values():
    assert str(round_fen(Decimal("1E+30"))) == "1" + "0" * 30 + ".00"
    assert str(round_fen(Decimal("123456789012345678901234567890.125"))) == (
        "123456789012345678901234567890.13"
    )


def test_round_fen_refuses_float():
    with pytest.raises(TypeError):
        round_fen(1.005)


def _reference_half_up(units: int, places: int) -> tuple[int, int]:
    """Round `units` * 10**-places to fen with integer arithmetic: (sign, fen)."""
    step = 10 ** (places - 2)
    whole, rest = divmod(abs(units), step)
    if 2 * rest >= step:
        whole += 1
    return (-1 if units < 0 else 1), whole


@given(st.integers(min_value=-(10**18), max_value=10**18), st.integers(min_value=2, max_value=8))
def test_round_fen_matches_integer_reference(units, places):
    value = Decimal(units).scaleb(-places)
    sign, fen = _reference_half_up(units, places)
    result = round_fen(value)
    assert result == Decimal(sign * fen) / 100
    assert result.as_tuple().exponent == -2


# --- parsing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1409.5", "1409.50"),
        ("1409.50", "1409.50"),
        ("1409", "1409.00"),
        ("1,409.50", "1409.50"),
        ("1,234,567.8", "1234567.80"),
        ("￥1409.50", "1409.50"),
        ("¥1409.50", "1409.50"),
        ("￥1,409.50", "1409.50"),
        ("￥ 1,409.50", "1409.50"),
        ("RMB 1409.50", "1409.50"),
        ("rmb1409.5", "1409.50"),
        ("CNY 1409.50", "1409.50"),
        ("1409.50元", "1409.50"),
        ("1409.50 元", "1409.50"),
        ("１４０９．５０", "1409.50"),
        ("１，４０９．５０", "1409.50"),
        ("1，409.50", "1409.50"),
        ("￥１４０９．５", "1409.50"),
        ("  1409.5  ", "1409.50"),
        ("\u30001409.5\u3000", "1409.50"),  # ideographic spaces
        ("\t1409.5\n", "1409.50"),
        ("+1409.5", "1409.50"),
        ("＋1409.5", "1409.50"),
        ("1.230", "1.23"),  # trailing zeros are not a third decimal
        (".5", "0.50"),
        ("5.", "5.00"),
        ("007", "7.00"),
        ("0", "0.00"),
        ("-0", "0.00"),
        ("999,999,999,999.99", "999999999999.99"),
    ],
)
def test_parse_amount_accepts(text, expected):
    value = parse_amount(text)
    assert str(value) == expected
    assert value.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-1409.5", "-1409.50"),
        ("－1409.5", "-1409.50"),
        ("\u22121409.5", "-1409.50"),  # minus sign
        ("-￥1,409.50", "-1409.50"),
        ("￥-1,409.50", "-1409.50"),
        ("- 12 元", "-12.00"),
        ("-999999999999.99", "-999999999999.99"),
    ],
)
def test_parse_amount_accepts_negative_when_allowed(text, expected):
    assert str(parse_amount(text, allow_negative=True)) == expected


def test_parse_fen():
    assert parse_fen("￥1,409.50") == 140950
    assert parse_fen("-12", allow_negative=True) == -1200
    assert parse_fen("0.05") == 5


def test_parse_amount_refuses_non_str():
    with pytest.raises(TypeError):
        parse_amount(1409.5)  # type: ignore[arg-type]


# (input, kwargs, message constant, Chinese reason, English reason)
REFUSALS = [
    ("", {}, "AMOUNT_EMPTY", "未填写", "empty"),
    ("   ", {}, "AMOUNT_EMPTY", "未填写", "empty"),
    ("￥", {}, "AMOUNT_EMPTY", "未填写", "empty"),
    ("abc", {}, "AMOUNT_NOT_A_NUMBER", "不是数字", "not a number"),
    ("12元5", {}, "AMOUNT_NOT_A_NUMBER", "不是数字", "not a number"),
    ("1.2.3", {}, "AMOUNT_NOT_A_NUMBER", "不是数字", "not a number"),
    ("--5", {"allow_negative": True}, "AMOUNT_NOT_A_NUMBER", "不是数字", "not a number"),
    ("1_000", {}, "AMOUNT_NOT_A_NUMBER", "不是数字", "not a number"),
    ("١٢", {}, "AMOUNT_NOT_A_NUMBER", "不是数字", "not a number"),  # Arabic-Indic digits
    ("1,40,9", {}, "AMOUNT_BAD_SEPARATORS", "千位分隔符", "thousands separator"),
    ("1409,50", {}, "AMOUNT_BAD_SEPARATORS", "千位分隔符", "thousands separator"),
    ("1,4099", {}, "AMOUNT_BAD_SEPARATORS", "千位分隔符", "thousands separator"),
    ("1.234", {}, "AMOUNT_TOO_MANY_DECIMALS", "两位", "more than two decimals"),
    ("0.001", {}, "AMOUNT_TOO_MANY_DECIMALS", "两位", "more than two decimals"),
    ("NaN", {}, "AMOUNT_NAN", "NaN", "NaN"),
    ("nan", {}, "AMOUNT_NAN", "NaN", "NaN"),
    ("Infinity", {}, "AMOUNT_INFINITE", "无穷", "infinite"),
    ("-inf", {"allow_negative": True}, "AMOUNT_INFINITE", "无穷", "infinite"),
    ("1e5", {}, "AMOUNT_EXPONENT", "科学计数法", "exponent"),
    ("1.5E-2", {}, "AMOUNT_EXPONENT", "科学计数法", "exponent"),
    ("-5", {}, "AMOUNT_NEGATIVE", "负数", "negative"),
    ("－5", {}, "AMOUNT_NEGATIVE", "负数", "negative"),
    ("0", {"allow_zero": False}, "AMOUNT_ZERO", "零", "zero"),
    ("0.00", {"allow_zero": False}, "AMOUNT_ZERO", "零", "zero"),
    ("1000000000000", {}, "AMOUNT_TOO_LARGE", "过大", "too large"),
    ("-1,000,000,000,000", {"allow_negative": True}, "AMOUNT_TOO_LARGE", "过大", "too large"),
]


@pytest.mark.parametrize(("text", "kwargs", "const", "zh", "en"), REFUSALS)
def test_parse_amount_refusal_in_chinese(text, kwargs, const, zh, en):
    with pytest.raises(UserError) as e:
        parse_amount(text, field="物业费", **kwargs)
    assert e.value.text is getattr(money, const)
    assert zh in e.value.message
    assert "物业费" in e.value.message


@pytest.mark.parametrize(("text", "kwargs", "const", "zh", "en"), REFUSALS)
def test_parse_amount_refusal_in_english(english, text, kwargs, const, zh, en):
    with pytest.raises(UserError) as e:
        parse_amount(text, field="Service fee", **kwargs)
    assert e.value.text is getattr(money, const)
    assert en in e.value.message
    assert "Service fee" in e.value.message


def test_refusal_without_field_names_the_amount_and_follows_language_switch():
    with pytest.raises(UserError) as e:
        parse_amount("abc")
    assert e.value.message == "「金额」不是数字：abc"
    set_language(EN)
    try:
        assert e.value.message == "Amount is not a number: abc"
    finally:
        set_language(ZH)


def test_refusal_does_not_round_input():
    with pytest.raises(UserError):
        parse_fen("1409.505")


@given(fens)
def test_format_parse_round_trip(fen):
    for kwargs in (
        {},
        {"symbol": False},
        {"thousands": False},
        {"symbol": False, "thousands": False},
    ):
        assert parse_fen(format_amount(fen, **kwargs), allow_negative=True) == fen
    assert parse_fen(plain(fen), allow_negative=True) == fen


@given(
    st.decimals(
        min_value=-money.MAX_AMOUNT,
        max_value=money.MAX_AMOUNT,
        places=2,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_parse_str_of_decimal(value):
    assert parse_amount(str(value), allow_negative=True) == value


@given(positive_fens)
def test_parse_full_width_form(fen):
    full_width = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
    assert parse_fen(format_amount(fen, symbol=False).translate(full_width)) == fen


# --- printing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fen", "kwargs", "text"),
    [
        (140950, {}, "￥1,409.50"),
        (-140950, {}, "-￥1,409.50"),
        (140950, {"symbol": False}, "1,409.50"),
        (140950, {"thousands": False}, "￥1409.50"),
        (140950, {"symbol": False, "thousands": False}, "1409.50"),
        (0, {}, "￥0.00"),
        (5, {}, "￥0.05"),
        (-5, {}, "-￥0.05"),
        (123456789012, {}, "￥1,234,567,890.12"),
        (100000, {}, "￥1,000.00"),
    ],
)
def test_format_amount(fen, kwargs, text):
    assert format_amount(fen, **kwargs) == text


@pytest.mark.parametrize(
    ("fen", "text"), [(140950, "1409.50"), (-1200, "-12.00"), (0, "0.00"), (7, "0.07")]
)
def test_plain(fen, text):
    assert plain(fen) == text


@pytest.mark.parametrize("bad", [1.5, True, Decimal("1")])
def test_format_amount_refuses_non_int(bad):
    with pytest.raises(TypeError):
        format_amount(bad)


# --- uppercase amounts -------------------------------------------------------------------------

WORDS = [
    ("1409.50", "壹仟肆佰零玖元伍角整"),
    ("6007.14", "陆仟零柒元壹角肆分"),
    ("325.04", "叁佰贰拾伍元零肆分"),
    ("100000", "壹拾万元整"),
    ("10.00", "壹拾元整"),
    ("0.05", "伍分"),
    ("0", "零元整"),
    ("0.50", "伍角整"),
    ("1.05", "壹元零伍分"),
    ("100000000", "壹亿元整"),
    ("100010000", "壹亿零壹万元整"),
    ("1010", "壹仟零壹拾元整"),
    ("10000.01", "壹万元零壹分"),
    ("20000000.00", "贰仟万元整"),
    ("100001", "壹拾万零壹元整"),
    ("1000100", "壹佰万零壹佰元整"),
    ("10", "壹拾元整"),
    ("110", "壹佰壹拾元整"),
    ("101000", "壹拾万壹仟元整"),
    ("100001000", "壹亿零壹仟元整"),
    ("0.51", "伍角壹分"),
    ("12.34", "壹拾贰元叁角肆分"),
    ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
]


@pytest.mark.parametrize(("value", "words"), WORDS)
def test_amount_in_words(value, words):
    assert amount_in_words(Decimal(value)) == words


def test_amount_in_words_negative():
    assert amount_in_words(Decimal("-3.50")) == "负叁元伍角整"


def test_money_in_words():
    assert money_in_words(140950) == "人民币壹仟肆佰零玖元伍角整"
    assert money_in_words(0) == "人民币零元整"
    assert money_in_words(5) == "人民币伍分"


@pytest.mark.parametrize("bad", [1409, 1409.5, True, "1409.50"])
def test_amount_in_words_refuses_non_decimal(bad):
    with pytest.raises(TypeError):
        amount_in_words(bad)


def test_amount_in_words_refuses_more_than_two_decimals():
    with pytest.raises(UserError) as e:
        amount_in_words(Decimal("1.005"))
    assert e.value.text is money.AMOUNT_TOO_MANY_DECIMALS


def test_amount_in_words_refuses_too_large():
    with pytest.raises(UserError) as e:
        amount_in_words(Decimal("1000000000000"))
    assert e.value.text is money.AMOUNT_TOO_LARGE


_REF_DIGITS = dict(zip(range(10), "零壹贰叁肆伍陆柒捌玖", strict=True))


def _ref_group(group: int) -> str:
    """A 4-digit group (1..9999) without leading 零: walk the digits, 零 once per inner gap."""
    s = f"{group:04d}"
    out = ""
    for i, ch in enumerate(s):
        if ch == "0":
            continue
        if out and s[i - 1] == "0":
            out += "零"
        out += _REF_DIGITS[int(ch)] + ("仟", "佰", "拾", "")[i]
    return out


def _reference_words(fen: int) -> str:
    """Independent reference: 亿/万/个 groups, explicit rules for zeros between groups."""
    yuan, cents = divmod(fen, 100)
    jiao, fen_digit = divmod(cents, 10)
    yi, rest = divmod(yuan, 10**8)
    wan, ge = divmod(rest, 10**4)
    text = ""
    skipped_group = False
    for group, unit in ((yi, "亿"), (wan, "万"), (ge, "")):
        if group == 0:
            skipped_group = skipped_group or bool(text)
            continue
        if text and (group < 1000 or skipped_group):
            text += "零"
        text += _ref_group(group) + unit
        skipped_group = False
    if text:
        text += "元"
    if cents == 0:
        return (text or "零元") + "整"
    if jiao == 0:
        return text + ("零" if text else "") + _REF_DIGITS[fen_digit] + "分"
    text += _REF_DIGITS[jiao] + "角"
    return text + (_REF_DIGITS[fen_digit] + "分" if fen_digit else "整")


def test_reference_agrees_with_the_examples():
    for value, words in WORDS:
        assert _reference_words(to_fen(Decimal(value))) == words


ALLOWED = set("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整")


@given(positive_fens)
def test_amount_in_words_properties(fen):
    words = amount_in_words(fen_to_decimal(fen))
    assert words == _reference_words(fen)
    assert set(words) <= ALLOWED
    assert "分整" not in words
    assert "零零" not in words
    assert words.endswith(("整", "分"))
    if fen != 0:
        assert not words.startswith("零")
    assert not re.search(r"(?<![壹贰叁肆伍陆柒捌玖])拾", words)  # tens always 壹拾
    assert money_in_words(fen) == "人民币" + words


@given(st.integers(min_value=1, max_value=MAX_FEN))
def test_negative_words_are_prefixed(fen):
    assert amount_in_words(fen_to_decimal(-fen)) == "负" + amount_in_words(fen_to_decimal(fen))
