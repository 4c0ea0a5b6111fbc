"""The surplus allocation waterfall (盈余分配, DOMAIN §5): pure integer-fen arithmetic.

How a surplus is allocated:

1. **Earlier losses first.** `losses` (uncovered losses of earlier periods) are covered before
   anything is allocated: ``distributable = max(0, surplus - losses)``.
2. **Each rule asks for an amount**, by its basis:

   - ``per_head``: ``amount`` fen per head per month; each claim asks ``amount * weight`` where
     the claim's weight is the months the worker served in the period;
   - ``budget``: each claim asks its weight, the project's still unfunded budget in fen;
   - ``fixed``: the rule asks ``amount`` fen;
   - ``percent``: the rule asks ``bp`` basis points of the distributable surplus, half-up.

   A fixed or percent rule with claims shares its amount among them pro rata to their weights;
   when every claim has a ``limit`` the rule never asks more than their sum. A rule whose
   ``claims`` is ``None`` pays itself (one line without a claimant, e.g. a reserve); a rule
   with no claims (``()``) asks nothing. Then the **cap**: a rule never asks more than its cap;
   when its claims ask more, the cap is shared among them pro rata to what they asked.
3. **Priorities in order** (lowest number first). A priority whose rules together ask no more
   than what remains gets everything; otherwise what remains is shared among all the lines of
   that priority pro rata to what each asked, and lower priorities get nothing.
4. **What is left is retained** (together with the loss cover): ``allocated + retained ==
   surplus`` always, to the fen. A zero or negative surplus allocates nothing (``retained`` is
   then the surplus itself, i.e. the loss stays in the books).

**Pro rata to the fen** (`share`): every part first gets the floor of its exact share
``total * weight / sum(weights)``; the fen still left go one each to the parts with the largest
remainders, ties going to the earlier part in line order (the order of the rules within their
priority, then of the claims within their rule). Every part therefore differs from its exact
share by less than one fen, and the parts add up to the total exactly.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Basis(StrEnum):
    FIXED = "fixed"  # a fixed amount (fen)
    PERCENT = "percent"  # basis points of the distributable surplus
    PER_HEAD = "per_head"  # fen per head per month
    BUDGET = "budget"  # what each project still needs


@dataclass(frozen=True, slots=True)
class Claim:
    """Who a rule pays: a worker (weight = months served) or a project (weight = unfunded fen)."""

    key: Hashable
    weight: int
    limit: int | None = None  # the most this claimant can receive under a fixed/percent rule


@dataclass(frozen=True, slots=True)
class Rule:
    key: Hashable
    priority: int
    basis: Basis
    amount: int = 0  # fixed: fen for the rule; per_head: fen per head per month
    bp: int = 0  # percent: basis points of the distributable surplus
    cap: int | None = None  # the most the rule may receive, fen
    claims: tuple[Claim, ...] | None = ()


@dataclass(frozen=True, slots=True)
class Share:
    """One line of the result: what a claimant (or a self-paying rule, claim None) asked and got."""

    rule: Hashable
    claim: Hashable | None
    asked: int
    amount: int


@dataclass(frozen=True, slots=True)
class Allocation:
    surplus: int
    losses: int  # uncovered earlier losses given
    loss_cover: int  # the part of the surplus that covered them
    distributable: int
    lines: tuple[Share, ...]
    allocated: int  # sum of the lines
    retained: int  # surplus - allocated (includes the loss cover)

    @property
    def reserve(self) -> int:
        """What stays in the company beyond covering losses."""
        return self.retained - self.loss_cover


def share(total: int, weights: Sequence[int]) -> list[int]:
    """`total` fen shared pro rata to `weights` by the largest remainder (ties: earlier first)."""
    if total < 0 or any(w < 0 for w in weights):
        raise ValueError("share takes a non-negative total and weights")
    whole = sum(weights)
    if whole == 0:
        if total:
            raise ValueError("cannot share a non-zero total among zero weights")
        return [0] * len(weights)
    parts = []
    remainders = []
    for i, w in enumerate(weights):
        q, r = divmod(total * w, whole)
        parts.append(q)
        remainders.append((-r, i))
    left = total - sum(parts)
    for _r, i in sorted(remainders)[:left]:
        parts[i] += 1
    return parts


def percent_of(amount: int, bp: int) -> int:
    """`bp` basis points of `amount` fen, half-up (amount >= 0)."""
    return (amount * bp + 5000) // 10000


def _asks(rule: Rule, distributable: int) -> list[tuple[Hashable | None, int]]:
    """What each line of a rule asks, after the rule's own basis and cap."""
    if rule.claims is None:
        keys: list[Hashable | None] = [None]
        if rule.basis is Basis.FIXED:
            asks = [rule.amount]
        elif rule.basis is Basis.PERCENT:
            asks = [percent_of(distributable, rule.bp)]
        else:
            raise ValueError(f"a {rule.basis} rule needs claims")
    else:
        keys = [c.key for c in rule.claims]
        weights = [c.weight for c in rule.claims]
        if rule.basis is Basis.PER_HEAD:
            asks = [rule.amount * w for w in weights]
        elif rule.basis is Basis.BUDGET:
            asks = list(weights)
        else:
            base = rule.amount if rule.basis is Basis.FIXED else percent_of(distributable, rule.bp)
            limits = [c.limit for c in rule.claims]
            if limits and all(x is not None for x in limits):
                base = min(base, sum(x for x in limits if x is not None))
            asks = share(base, weights) if sum(weights) else [0] * len(weights)
    if rule.cap is not None and sum(asks) > rule.cap:
        asks = share(rule.cap, asks)
    return list(zip(keys, asks, strict=True))


def allocate(surplus: int, rules: Sequence[Rule], *, losses: int = 0) -> Allocation:
    """Run the waterfall (see the module docstring). Amounts in fen; rules in line order."""
    for r in rules:
        if r.amount < 0 or r.bp < 0 or (r.cap is not None and r.cap < 0):
            raise ValueError(f"rule {r.key!r} has a negative amount, rate or cap")
        if r.claims and any(
            c.weight < 0 or (c.limit is not None and c.limit < 0) for c in r.claims
        ):
            raise ValueError(f"rule {r.key!r} has a negative claim")
    losses = max(0, losses)
    positive = max(0, surplus)
    loss_cover = min(positive, losses)
    distributable = positive - loss_cover
    left = distributable
    lines: list[Share] = []
    for priority in sorted({r.priority for r in rules}):
        group = [
            (r.key, key, ask)
            for r in rules
            if r.priority == priority
            for key, ask in _asks(r, distributable)
        ]
        asked = sum(a for _, _, a in group)
        got = [a for _, _, a in group] if asked <= left else share(left, [a for *_, a in group])
        left -= sum(got)
        lines += [Share(rk, ck, a, g) for (rk, ck, a), g in zip(group, got, strict=True)]
    allocated = distributable - left
    return Allocation(
        surplus=surplus,
        losses=losses,
        loss_cover=loss_cover,
        distributable=distributable,
        lines=tuple(lines),
        allocated=allocated,
        retained=surplus - allocated,
    )


def mask_account(text: str) -> str:
    """A bank account number as shown on screens and sheets: 6222 **** **** 0123."""
    digits = "".join(ch for ch in text if ch.isalnum())
    if len(digits) >= 12:
        return f"{digits[:4]} **** **** {digits[-4:]}"
    if len(digits) > 3:
        return "*" * (len(digits) - 3) + digits[-3:]
    return digits
