"""Money: integer fen inside the program, `Decimal` at the edges, never float.

- Amounts are stored and summed as `int` fen (分). 140950 fen is 1409.50 yuan.
- `Decimal` appears only where amounts enter or leave: what the clerk types (`parse_amount`),
  what a computation yields (`round_fen`, half-up to the fen), what gets printed.
- Input is never rounded: "1.234" is refused, not taken as 1.23.
- Uppercase amounts (大写金额) follow DOMAIN §8.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Context, Decimal

from propdesk.core.errors import UserError
from propdesk.core.i18n import Text, bilingual

FEN = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")  # 9999亿 and change: the largest amount accepted
MAX_FEN = 99_999_999_999_999

# --- messages -----------------------------------------------------------------------------

AMOUNT_FIELD = bilingual("金额", "Amount")  # the field name when the caller gives none
AMOUNT_EMPTY = bilingual("「{field}」未填写", "{field} is empty")
AMOUNT_NOT_A_NUMBER = bilingual("「{field}」不是数字：{value}", "{field} is not a number: {value}")
AMOUNT_BAD_SEPARATORS = bilingual(
    "「{field}」的千位分隔符位置不对：{value}",
    "{field} has a thousands separator in the wrong place: {value}",
)
AMOUNT_TOO_MANY_DECIMALS = bilingual(
    "「{field}」的小数超过两位（金额只到分）：{value}",
    "{field} has more than two decimals (amounts go down to the fen only): {value}",
)
AMOUNT_NAN = bilingual("「{field}」不能是 NaN：{value}", "{field} cannot be NaN: {value}")
AMOUNT_INFINITE = bilingual(
    "「{field}」不能是无穷大：{value}", "{field} cannot be infinite: {value}"
)
AMOUNT_EXPONENT = bilingual(
    "「{field}」不能用科学计数法（如 1e5），请写出完整数字：{value}",
    "{field} cannot use exponent notation (like 1e5); write the number out: {value}",
)
AMOUNT_NEGATIVE = bilingual("「{field}」不能为负数：{value}", "{field} cannot be negative: {value}")
AMOUNT_ZERO = bilingual("「{field}」不能为零", "{field} cannot be zero")
AMOUNT_TOO_LARGE = bilingual(
    "「{field}」金额过大（最多 999,999,999,999.99 元）：{value}",
    "{field} is too large (at most 999,999,999,999.99 yuan): {value}",
)


class _Lazy:
    """A `Text` rendered when the message is formatted, so a language switch still applies."""

    __slots__ = ("text",)

    def __init__(self, text: Text) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text.format()

    def __repr__(self) -> str:
        return f"_Lazy({self.text!r})"


def _field(field: str | Text | None) -> object:
    if field is None:
        return _Lazy(AMOUNT_FIELD)
    if isinstance(field, Text):
        return _Lazy(field)
    return field


# --- type guards ------------------------------------------------------------------------------


def _require_decimal(value: object, what: str) -> Decimal:
    if not isinstance(value, Decimal):
        raise TypeError(f"{what} takes a Decimal, not {type(value).__name__}: {value!r}")
    return value


def _require_int(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} takes an int of fen, not {type(value).__name__}: {value!r}")
    return value


def _require_finite(value: Decimal, field: object) -> None:
    if value.is_nan():
        raise UserError(AMOUNT_NAN, field=field, value=str(value))
    if value.is_infinite():
        raise UserError(AMOUNT_INFINITE, field=field, value=str(value))


# --- conversions ------------------------------------------------------------------------------


def round_fen(value: Decimal) -> Decimal:
    """Round a computed amount to the fen, half away from zero (四舍五入): 1.005 → 1.01."""
    _require_decimal(value, "round_fen")
    _require_finite(value, _field(None))
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    # Enough precision for every digit left of the point plus two decimals: exact at any size.
    precision = len(digits) + max(exponent, 0) + 4
    return value.quantize(FEN, rounding=ROUND_HALF_UP, context=Context(prec=precision))


def to_fen(value: Decimal | str) -> int:
    """Yuan as `Decimal` (at most two decimals; trailing zeros are fine) → int fen.

    A `str` goes through `parse_amount` (negatives allowed). float, int and bool are refused:
    an int would be ambiguous between yuan and fen.
    """
    if isinstance(value, str):
        value = parse_amount(value, allow_negative=True)
    _require_decimal(value, "to_fen")
    field = _field(None)
    _require_finite(value, field)
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    magnitude = int("".join(map(str, digits)) or "0")
    if exponent >= -2:
        fen = magnitude * 10 ** (exponent + 2)
    else:
        fen, rest = divmod(magnitude, 10 ** (-exponent - 2))
        if rest:
            raise UserError(AMOUNT_TOO_MANY_DECIMALS, field=field, value=str(value))
    return -fen if sign else fen


def fen_to_decimal(fen: int) -> Decimal:
    """140950 → Decimal("1409.50"): always exactly two decimal places, exact for any size."""
    _require_int(fen, "fen_to_decimal")
    digits = tuple(int(c) for c in str(abs(fen)))
    return Decimal((1 if fen < 0 else 0, digits, -2))


# --- parsing what clerks type --------------------------------------------------------------

# After NFKC (full-width digits, "．", "，", "－", "＋", "￥" and U+3000 become ASCII/¥/space):
# an optional sign, currency mark and sign (one sign at most), the number, an optional 元.
_SHAPE = re.compile(
    r"(?P<s1>[+-]?)\s*(?:(?:RMB|CNY)\s*¥?|¥)?\s*(?P<s2>[+-]?)\s*(?P<body>.*?)\s*(?:元|圆)?",
    re.IGNORECASE | re.DOTALL,
)
_NUMBER = re.compile(r"(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]*)(?:\.(?P<frac>[0-9]*))?")
_DIGIT = re.compile(r"[0-9]")
_COMMAS = re.compile(r"[0-9,]*,[0-9,]*(?:\.[0-9]*)?")
_NAN = re.compile(r"s?nan[0-9]*", re.IGNORECASE)
_INFINITY = re.compile(r"inf(?:inity)?|∞", re.IGNORECASE)
_EXPONENT = re.compile(r"[0-9.,]*[0-9][0-9.,]*e[+-]?[0-9]+", re.IGNORECASE)
_MINUS = str.maketrans({"\u2212": "-", "\u2010": "-", "\u2013": "-", "\ufe63": "-"})


def parse_amount(
    text: str,
    *,
    allow_negative: bool = False,
    allow_zero: bool = True,
    field: str | Text | None = None,
) -> Decimal:
    """Parse a typed amount in yuan and return it with exactly two decimal places.

    Accepts "1409.5", "1,409.50", "￥1,409.50", "¥1409.50", "RMB 1409.50", "1409.50元",
    full-width "１４０９．５０" / "１，４０９", surrounding spaces and a leading "+" / "-" / "－".
    Refuses (UserError naming `field` and the reason): empty, not a number, misplaced
    thousands separators, more than two decimals, NaN, infinity, exponents, a negative unless
    `allow_negative`, zero unless `allow_zero`, more than 999,999,999,999.99.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_amount takes a str, not {type(text).__name__}: {text!r}")
    name = _field(field)
    shown = text.strip()
    s = unicodedata.normalize("NFKC", text).translate(_MINUS).strip()
    if not s:
        raise UserError(AMOUNT_EMPTY, field=name)
    shape = _SHAPE.fullmatch(s)
    assert shape is not None  # the body group takes anything
    s1, s2, body = shape.group("s1", "s2", "body")
    if s1 and s2:
        raise UserError(AMOUNT_NOT_A_NUMBER, field=name, value=shown)
    sign = s1 or s2
    if not body:  # only a sign, a currency mark or 元: no amount was entered
        raise UserError(AMOUNT_EMPTY, field=name)
    if _NAN.fullmatch(body):
        raise UserError(AMOUNT_NAN, field=name, value=shown)
    if _INFINITY.fullmatch(body):
        raise UserError(AMOUNT_INFINITE, field=name, value=shown)
    if _EXPONENT.fullmatch(body):
        raise UserError(AMOUNT_EXPONENT, field=name, value=shown)
    has_digit = _DIGIT.search(body) is not None
    number = _NUMBER.fullmatch(body)
    if number is None or not has_digit:
        if has_digit and _COMMAS.fullmatch(body):
            raise UserError(AMOUNT_BAD_SEPARATORS, field=name, value=shown)
        raise UserError(AMOUNT_NOT_A_NUMBER, field=name, value=shown)
    whole = number.group("int").replace(",", "") or "0"
    frac = number.group("frac") or ""
    if frac[2:].strip("0"):
        raise UserError(AMOUNT_TOO_MANY_DECIMALS, field=name, value=shown)
    value = Decimal(f"{whole}.{frac[:2].ljust(2, '0')}")
    if value == 0:
        if not allow_zero:
            raise UserError(AMOUNT_ZERO, field=name)
        return value  # never "-0.00"
    if sign == "-":
        if not allow_negative:
            raise UserError(AMOUNT_NEGATIVE, field=name, value=shown)
        value = -value
    if abs(value) > MAX_AMOUNT:
        raise UserError(AMOUNT_TOO_LARGE, field=name, value=shown)
    return value


def parse_fen(
    text: str,
    *,
    allow_negative: bool = False,
    allow_zero: bool = True,
    field: str | Text | None = None,
) -> int:
    """`parse_amount`, then to int fen."""
    return to_fen(
        parse_amount(text, allow_negative=allow_negative, allow_zero=allow_zero, field=field)
    )


# --- printing ---------------------------------------------------------------------------------


def format_amount(fen: int, *, symbol: bool = True, thousands: bool = True) -> str:
    """140950 → "￥1,409.50"; -140950 → "-￥1,409.50"."""
    _require_int(fen, "format_amount")
    yuan, cents = divmod(abs(fen), 100)
    whole = f"{yuan:,}" if thousands else str(yuan)
    return f"{'-' if fen < 0 else ''}{'￥' if symbol else ''}{whole}.{cents:02d}"


def plain(fen: int) -> str:
    """What JSON reports print: "1409.50", "-12.00" (no symbol, no separators)."""
    return format_amount(fen, symbol=False, thousands=False)


# --- uppercase amounts (大写金额) ------------------------------------------------------------

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿")


def _integer_words(n: int) -> str:
    """0 < n < 10**12 in uppercase, without 元."""
    out: list[str] = []
    text = str(n)
    zero_pending = False  # a run of zeros since the last written digit: one 零 if more follows
    group_has_digit = False
    for i, ch in enumerate(text):
        power = len(text) - 1 - i
        d = int(ch)
        if d == 0:
            zero_pending = bool(out)
        else:
            if zero_pending:
                out.append("零")
            out.append(_DIGITS[d] + _PLACES[power % 4])
            zero_pending = False
            group_has_digit = True
        if power % 4 == 0 and power > 0:
            if group_has_digit:
                out.append(_GROUPS[power // 4])
                zero_pending = False  # 壹拾万壹仟: zeros closing a group are not read
            group_has_digit = False
    return "".join(out)


def amount_in_words(value: Decimal) -> str:
    """Uppercase amount per DOMAIN §8, e.g. 1409.50 → 壹仟肆佰零玖元伍角整.

    Only a Decimal with at most two decimals, at most 999,999,999,999.99 in size; a negative
    is prefixed with 负. No "人民币" prefix (see `money_in_words`).
    """
    _require_decimal(value, "amount_in_words")
    fen = to_fen(value)
    if abs(fen) > MAX_FEN:
        raise UserError(AMOUNT_TOO_LARGE, field=_field(None), value=str(value))
    prefix = "负" if fen < 0 else ""
    yuan, rest = divmod(abs(fen), 100)
    jiao, fen_digit = divmod(rest, 10)
    words = _integer_words(yuan) + "元" if yuan else ""
    if jiao == 0 and fen_digit == 0:
        return prefix + (words or "零元") + "整"
    if jiao:
        words += _DIGITS[jiao] + "角"
    elif yuan:
        words += "零"  # 325.04 → 叁佰贰拾伍元零肆分
    words += _DIGITS[fen_digit] + "分" if fen_digit else "整"
    return prefix + words


def money_in_words(fen: int) -> str:
    """As printed on a receipt: 人民币壹仟肆佰零玖元伍角整."""
    return "人民币" + amount_in_words(fen_to_decimal(fen))
