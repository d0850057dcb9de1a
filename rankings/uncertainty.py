"""How sure a component is: the 95% Wilson score interval of a proportion, and whether its
sample is thin under the year's policy. Both inform; neither changes a rank.

The interval is computed with Decimal in a fixed context (28 significant digits, half-even
inside, half-up only for display), so two runs, on any machine, give the same digits.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

Z = Decimal("1.959963984540054")  # the 97.5th percentile of the standard normal
CONTEXT = Context(prec=28)
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Interval:
    """A 95% interval on 0-100, exact (not rounded)."""

    low: Decimal
    high: Decimal

    def shown(self) -> tuple[Decimal, Decimal]:
        """Half-up to 2 decimals, as every figure is shown."""
        return (
            self.low.quantize(TWO_PLACES, rounding=ROUND_HALF_UP),
            self.high.quantize(TWO_PLACES, rounding=ROUND_HALF_UP),
        )

    def overlaps(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high

    def __str__(self) -> str:
        low, high = self.shown()
        return f"{low}–{high}"


def wilson(successes: int, n: int) -> Interval | None:
    """The Wilson score interval of ``successes`` out of ``n`` at 95%, in percent; None
    without a sample."""
    if n <= 0 or successes < 0 or successes > n:
        return None
    c = CONTEXT
    n_d, z2 = Decimal(n), c.multiply(Z, Z)
    p = c.divide(Decimal(successes), n_d)
    denominator = c.add(Decimal(1), c.divide(z2, n_d))
    centre = c.divide(c.add(p, c.divide(z2, c.multiply(2, n_d))), denominator)
    spread = c.sqrt(
        c.add(
            c.divide(c.multiply(p, c.subtract(Decimal(1), p)), n_d),
            c.divide(z2, c.multiply(4, c.multiply(n_d, n_d))),
        )
    )
    half = c.divide(c.multiply(Z, spread), denominator)
    hundred = Decimal(100)
    low = max(Decimal(0), c.multiply(c.subtract(centre, half), hundred))
    high = min(hundred, c.multiply(c.add(centre, half), hundred))
    return Interval(low=low, high=high)
