"""Trend badges: is a daily series rising, falling or flat over its last 14 days?

Method (also on the Data & methods page): ordinary least squares of log(daily value) on the day number over the
last TREND_DAYS days. The slope's 95 % interval is slope ± t(0.975, n − 2) · SE(slope). "rising" when the whole
interval is above zero, "falling" when it is below zero, otherwise "flat" (no clear trend). For the fever rate the
daily value is that day's fever answers / respondents. Any day with a zero, missing or negative value makes the
log undefined: then there is no trend (None) rather than a guess. exp(slope) − 1 is the daily growth.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

TREND_DAYS = 14
# Student's t, 97.5 % quantile, for n − 2 = 12 degrees of freedom (14 days); the fit needs all 14 days.
T_975_DF12 = 2.178813

RISING, FLAT, FALLING = "rising", "flat", "falling"


@dataclass(frozen=True)
class Trend:
    slope: float  # per day, on the log scale
    low: float
    high: float

    @property
    def direction(self) -> str:
        if self.low > 0:
            return RISING
        if self.high < 0:
            return FALLING
        return FLAT

    @property
    def daily_change(self) -> float:
        """Growth per day implied by the slope (0.05 = +5 % a day)."""
        return math.exp(self.slope) - 1


def log_linear_trend(values: Sequence[float | None]) -> Trend | None:
    """The log-linear slope of the last TREND_DAYS values with its 95 % interval; None when fewer values are given
    or any of them is not a positive number."""
    last = list(values)[-TREND_DAYS:]
    if len(last) < TREND_DAYS or any(v is None or not math.isfinite(v) or v <= 0 for v in last):
        return None
    ys = [math.log(v) for v in last]
    n = len(ys)
    x_mean = (n - 1) / 2
    y_mean = sum(ys) / n
    sxx = sum((x - x_mean) ** 2 for x in range(n))
    slope = sum((x - x_mean) * (y - y_mean) for x, y in enumerate(ys)) / sxx
    intercept = y_mean - slope * x_mean
    residual_ss = sum((y - intercept - slope * x) ** 2 for x, y in enumerate(ys))
    se = math.sqrt(residual_ss / (n - 2) / sxx)
    return Trend(slope=slope, low=slope - T_975_DF12 * se, high=slope + T_975_DF12 * se)


def daily_rates(numerators: Sequence[float | None], denominators: Sequence[float | None]) -> list[float | None]:
    """numerator / denominator per day; None where the denominator is zero or missing."""
    return [None if n is None or not d else n / d for n, d in zip(numerators, denominators, strict=True)]
