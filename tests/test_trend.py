"""The trend badge's rule (dashboard/trend.py) at its boundaries, on constructed series."""

import math

import pytest

from dashboard.trend import FALLING, FLAT, RISING, T_975_DF12, TREND_DAYS, daily_rates, log_linear_trend


def test_exactly_flat_series_is_flat_with_a_zero_width_interval():
    trend = log_linear_trend([50.0] * TREND_DAYS)
    assert trend.slope == pytest.approx(0) and trend.low == pytest.approx(0) and trend.high == pytest.approx(0)
    assert trend.direction == FLAT


def test_exact_exponential_growth_and_decline():
    rising = log_linear_trend([10 * 1.1 ** d for d in range(TREND_DAYS)])
    assert rising.direction == RISING
    assert rising.daily_change == pytest.approx(0.1)
    falling = log_linear_trend([10 * 0.9 ** d for d in range(TREND_DAYS)])
    assert falling.direction == FALLING
    assert falling.slope == pytest.approx(math.log(0.9))


def test_only_the_last_14_days_count():
    older_rise = [1.0 * 2 ** d for d in range(10)]
    assert log_linear_trend(older_rise + [7.0] * TREND_DAYS).direction == FLAT


def alternating(slope: float, noise: float) -> list[float]:
    """log y = slope·d ± noise (alternating signs): a series whose interval width we can compute by hand."""
    return [math.exp(slope * d + (noise if d % 2 else -noise)) for d in range(TREND_DAYS)]


def hand_interval(slope: float, noise: float) -> tuple[float, float]:
    """OLS by hand for `alternating`: x = 0..13, residual e_d = ±noise minus its fitted part."""
    xs = range(TREND_DAYS)
    ys = [slope * d + (noise if d % 2 else -noise) for d in xs]
    xm, ym = sum(xs) / TREND_DAYS, sum(ys) / TREND_DAYS
    sxx = sum((x - xm) ** 2 for x in xs)
    b = sum((x - xm) * (y - ym) for x, y in zip(xs, ys, strict=True)) / sxx
    rss = sum((y - (ym - b * xm) - b * x) ** 2 for x, y in zip(xs, ys, strict=True))
    se = math.sqrt(rss / (TREND_DAYS - 2) / sxx)
    return b - T_975_DF12 * se, b + T_975_DF12 * se


@pytest.mark.parametrize("slope, noise, expected", [
    (0.02, 0.05, RISING),    # interval just above zero
    (0.02, 0.30, FLAT),      # same slope, noisier: the interval reaches below zero
    (-0.02, 0.05, FALLING),
    (-0.02, 0.30, FLAT),
])
def test_noisy_borderline(slope, noise, expected):
    trend = log_linear_trend(alternating(slope, noise))
    low, high = hand_interval(slope, noise)
    assert (trend.low, trend.high) == pytest.approx((low, high))
    assert trend.direction == expected


def test_borderline_lower_bound_decides():
    """Search the noise at which the lower bound crosses zero: just below it is rising, just above it is flat."""
    lo, hi = 0.0, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if hand_interval(0.02, mid)[0] > 0 else (lo, mid)
    assert log_linear_trend(alternating(0.02, lo * 0.999)).direction == RISING
    assert log_linear_trend(alternating(0.02, hi * 1.001)).direction == FLAT


@pytest.mark.parametrize("values", [
    [5.0] * (TREND_DAYS - 1),                 # too few days
    [5.0] * (TREND_DAYS - 1) + [0.0],         # a zero: log undefined
    [5.0] * (TREND_DAYS - 1) + [None],        # a missing day
    [5.0] * (TREND_DAYS - 1) + [float("nan")],
])
def test_no_trend_without_14_positive_values(values):
    assert log_linear_trend(values) is None


def test_daily_rates():
    assert daily_rates([1, 2, 3], [10, 0, None]) == [0.1, None, None]
