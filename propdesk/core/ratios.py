"""Ratios and percentages: basis points (1 bp = 0.01 %) in integers, half-up, and their text.

One place for what the collection rate, a vote's share of area or heads, a vacancy discount or
the owners' share of common income look like: computed from integers (never a float), rounded
half-up (away from zero, as money is), and shown as '93.40%', '93.4%', '20%' or '—'.
"""

from __future__ import annotations

DASH = "—"  # nothing to divide by


def _half_up(num: int, den: int) -> int:
    """num / den rounded half away from zero (den > 0)."""
    q, r = divmod(abs(num), den)
    q += 2 * r >= den
    return q if num >= 0 else -q


def rate_bp(part: int, whole: int) -> int | None:
    """part / whole in basis points, half-up; None when whole is not positive."""
    if whole <= 0:
        return None
    return _half_up(part * 10_000, whole)


def bp_text(bp: int | None, places: int | None = 2) -> str:
    """Basis points as a percentage: 9340 → '93.40%' (places=2), '93.4%' (places=1, half-up),
    '93.4%' (places=None: as many as it needs, so 2000 → '20%', 1 → '0.01%'); None → '—'."""
    if bp is None:
        return DASH
    if places is None:
        whole, frac = divmod(abs(bp), 100)
        digits = f"{frac:02d}".rstrip("0")
        sign = "-" if bp < 0 else ""
        return f"{sign}{whole}{'.' + digits if digits else ''}%"
    scaled = bp * 10 ** (places - 2) if places >= 2 else _half_up(bp, 10 ** (2 - places))
    return _fixed(scaled, places) + "%"


def ratio_text(part: int, whole: int, places: int = 2) -> str:
    """part / whole as a percentage to `places` decimals, rounded once, half-up; '—' when
    whole is not positive (so 1/3 → '33.33%', and to one place '33.3%', never rounded twice)."""
    if whole <= 0:
        return DASH
    return _fixed(_half_up(part * 100 * 10**places, whole), places) + "%"


def _fixed(scaled: int, places: int) -> str:
    """An integer holding `places` decimals as text: 9340, 2 → '93.40'."""
    if places <= 0:
        return str(scaled)
    sign = "-" if scaled < 0 else ""
    whole, frac = divmod(abs(scaled), 10**places)
    return f"{sign}{whole}.{frac:0{places}d}"
