"""Fee arithmetic: areas, rates, fees half-up to the fen, vacancy discounts, late fees, aging.

Areas are integer hundredths of a square metre; rates are yuan per m² per month times 10^4
(four decimals); money is integer fen. Every product is computed exactly in integers and
rounded once, half-up.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from propdesk.core.errors import UserError
from propdesk.core.i18n import bilingual

T_BAD_AREA = bilingual("面积「{text}」不是正数", 'area "{text}" is not a positive number')
T_AREA_DECIMALS = bilingual("面积最多两位小数：{text}", "an area has at most two decimals: {text}")
T_BAD_RATE = bilingual(
    "单价「{text}」无效（元/㎡/月，最多四位小数）",
    'rate "{text}" is invalid (yuan/m²/month, up to 4 decimals)',
)
T_BAD_PERCENT = bilingual(
    "比例「{text}」应在 0 到 100 之间，最多两位小数",
    'percentage "{text}" must be 0 to 100 with up to 2 decimals',
)

_AREA_UNITS = re.compile(r"(平方米|平米|平方|㎡|m2|m²|sqm)$", re.IGNORECASE)


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "").replace(",", "")


def parse_area(text: str | int | float | Decimal) -> int:
    """'102.4㎡', '64 平方米', '８９．５' -> hundredths of m². Refuses zero, negatives, 3+ decimals."""
    raw = text
    if isinstance(text, float):
        text = repr(text)
    s = _AREA_UNITS.sub("", _normalise(str(text)))
    try:
        value = Decimal(s)
    except InvalidOperation:
        raise UserError(T_BAD_AREA, text=raw) from None
    if not value.is_finite() or value <= 0 or value.adjusted() > 12:
        # adjusted() > 12: too many digits for an area (quantize would raise InvalidOperation)
        raise UserError(T_BAD_AREA, text=raw)
    if value != value.quantize(Decimal("0.01")):
        raise UserError(T_AREA_DECIMALS, text=raw)
    return int(value * 100)


def format_area(centi: int) -> str:
    return f"{Decimal(centi) / 100:.2f}"


def parse_rate(text: str | Decimal) -> int:
    """Yuan per m² per month with up to four decimals -> rate x 10^4."""
    s = _normalise(str(text)).removesuffix("元")
    try:
        value = Decimal(s)
    except InvalidOperation:
        raise UserError(T_BAD_RATE, text=text) from None
    if (
        not value.is_finite()
        or value < 0
        or value.adjusted() > 12
        or value != value.quantize(Decimal("0.0001"))
    ):
        raise UserError(T_BAD_RATE, text=text)
    return int(value * 10000)


def format_rate(rate_e4: int) -> str:
    return (
        f"{Decimal(rate_e4) / 10000:.4f}".rstrip("0").rstrip(".")
        if rate_e4 % 100
        else f"{Decimal(rate_e4) / 10000:.2f}"
    )


def parse_percent(text: str | Decimal) -> int:
    """'30', '12.5%' -> basis points (3000, 1250)."""
    s = _normalise(str(text)).removesuffix("%")
    try:
        value = Decimal(s)
    except InvalidOperation:
        raise UserError(T_BAD_PERCENT, text=text) from None
    if not value.is_finite() or not (0 <= value <= 100) or value != value.quantize(Decimal("0.01")):
        raise UserError(T_BAD_PERCENT, text=text)
    return int(value * 100)


def _div_half_up(num: int, den: int) -> int:
    """num / den rounded half-up (away from zero at .5) in exact integer arithmetic."""
    if den <= 0:
        raise ValueError("denominator must be positive")
    q, r = divmod(abs(num), den)
    if 2 * r >= den:
        q += 1
    return q if num >= 0 else -q


def area_fee(area_centi: int, rate_e4: int, months: int = 1, discount_bp: int = 0) -> int:
    """Fee in fen = area x rate x months x (1 - discount), rounded once, half-up.

    fen = (area/100 m²) x (rate/10^4 yuan) x months x 100 fen/yuan x (10^4 - bp)/10^4
    """
    return _div_half_up(area_centi * rate_e4 * months * (10000 - discount_bp), 10000 * 10000)


def metered_fee(quantity_centi: int, price_e4: int) -> int:
    """Readings x price: quantity in hundredths, price yuan x 10^4 -> fen, half-up."""
    return _div_half_up(quantity_centi * price_e4, 10000)


def reference_area_fee(
    area: Decimal, rate: Decimal, months: int, discount_pct: Decimal = Decimal(0)
) -> int:
    """The same fee through Decimal, for cross-checking in tests and reports."""
    yuan = area * rate * months * (1 - discount_pct / 100)
    return int((yuan * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# -- late fees (违约金) --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class LateFeeRule:
    kind: str = "none"  # none | daily | fixed
    daily_ppm: int = 0  # per million of the overdue amount per day (e.g. 300 = 0.03 %/day)
    fixed: int = 0  # fen, once the grace period is over
    grace_days: int = 0


def late_fee(rule: LateFeeRule, outstanding: int, due: date, as_of: date) -> int:
    """违约金 on an outstanding amount as of a date; nothing within the grace period."""
    if rule.kind == "none" or outstanding <= 0:
        return 0
    late_days = (as_of - due).days - rule.grace_days
    if late_days <= 0:
        return 0
    if rule.kind == "fixed":
        return rule.fixed
    return _div_half_up(outstanding * rule.daily_ppm * late_days, 1_000_000)


# -- arrears aging ------------------------------------------------------------------------------
AGING_BUCKETS: tuple[tuple[str, str, int, int | None], ...] = (
    ("0-30", "0–30 天", 0, 30),
    ("31-90", "31–90 天", 31, 90),
    ("91-180", "91–180 天", 91, 180),
    ("181-365", "181–365 天", 181, 365),
    ("1-3y", "1–3 年", 366, 365 * 3),
    (">3y", "3 年以上", 365 * 3 + 1, None),
)
LIMITATION_BUCKET = ">3y"  # past the 3-year limitation of Civil Code art. 188: flag it


def aging_bucket(due: date, as_of: date) -> str:
    days = max((as_of - due).days, 0)
    for key, _label, lo, hi in AGING_BUCKETS:
        if days >= lo and (hi is None or days <= hi):
            return key
    return AGING_BUCKETS[-1][0]


# -- personal data --------------------------------------------------------------------------------
def mask_id_number(value: str | None) -> str:
    """110101199003071234 -> 110101********1234 (the first six and the last four stay)."""
    if not value:
        return ""
    v = value.strip()
    if len(v) <= 8:
        return v[:1] + "*" * (len(v) - 1)
    return v[:6] + "*" * (len(v) - 10) + v[-4:]


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    v = value.strip()
    return v[:3] + "****" + v[-4:] if len(v) == 11 else v


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_number_ok(value: str) -> bool:
    """Resident identity card number: 18 characters with a valid check digit, or the old 15 digits."""
    v = value.strip().upper()
    if len(v) == 15:
        return v.isdigit()
    if len(v) != 18 or not v[:17].isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(v[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == v[17]
