"""Lead–lag analysis on constructed series whose lag is known."""

import numpy as np
import pandas as pd
import pytest

from dashboard.leadlag import LAGS, LeadLag, analyse, best_lag, cross_correlation, in_words, relation

DAYS = pd.date_range("2020-03-01", periods=180, freq="D")


def wave(seed: int = 0) -> pd.Series:
    """A smooth epidemic-like curve: a 7-day moving average of a random walk, over DAYS."""
    rng = np.random.default_rng(seed)
    walk = np.convolve(rng.normal(size=len(DAYS) + 6), np.ones(7) / 7, "valid").cumsum()
    return pd.Series(walk, index=DAYS)


def period(series: pd.Series) -> pd.Series:
    """The 90 days in the middle: the fever rate of the chosen period."""
    return series.iloc[45:135]


@pytest.mark.parametrize("lag", [3, 9, -5])
def test_best_lag_recovers_a_known_shift(lag):
    base = wave()
    noise = np.random.default_rng(1).normal(0, 0.05, len(DAYS))
    fever = period(base)
    cases = base.shift(lag) + noise  # cases of day t are the fever of day t - lag
    result = best_lag(fever, cases)
    assert result.lag == lag
    assert result.low <= lag <= result.high
    assert result.high - result.low <= 4
    assert result.correlation > 0.9
    assert result.days == 90
    assert relation(result) == ("leads" if lag > 0 else "lags")


def test_noisy_series_give_a_wider_interval_that_still_holds_the_lag():
    base = wave(2)
    noise = np.random.default_rng(3).normal(0, base.std() * 0.4, len(DAYS))
    result = best_lag(period(base), base.shift(3) + noise)
    assert result.low <= 3 <= result.high
    assert result.low < result.high


def test_simultaneous_series():
    base = wave(4)
    result = best_lag(period(base), base * 30 + 5)
    assert (result.lag, relation(result)) == (0, "together")
    assert result.correlation == pytest.approx(1.0)


def test_bootstrap_is_deterministic_for_a_seed():
    base = wave(5)
    noise = np.random.default_rng(6).normal(0, base.std() * 0.5, len(DAYS))
    fever, cases = period(base), base.shift(4) + noise
    assert best_lag(fever, cases) == best_lag(fever, cases)
    assert best_lag(fever, cases, resamples=50, seed=1) == best_lag(fever, cases, resamples=50, seed=1)


def test_cross_correlation_pairs_and_values():
    base = wave(7)
    fever = period(base)
    frame = cross_correlation(fever, base.shift(2))
    assert frame["lag"].tolist() == list(LAGS)
    # The cases cover 45 days either side of the period, so every lag pairs all 90 days.
    assert (frame["pairs"] == 90).all()
    assert frame.set_index("lag").loc[2, "correlation"] == pytest.approx(1.0)
    # Cases only over the period: a shift of k days loses |k| pairs.
    same = cross_correlation(fever, fever)
    assert same["pairs"].tolist() == [90 - abs(k) for k in LAGS]


def test_missing_days_are_left_out_not_zero():
    base = wave(8)
    fever = period(base).copy()
    fever.iloc[10:20] = np.nan  # insufficient data on ten days
    frame = cross_correlation(fever, base.shift(3))
    assert frame.set_index("lag").loc[3, "pairs"] == 80
    assert frame.set_index("lag").loc[3, "correlation"] == pytest.approx(1.0)
    assert best_lag(fever, base.shift(3)).lag == 3


def test_no_usable_data():
    base = wave(9)
    constant = pd.Series(20.0, index=DAYS)
    assert best_lag(period(base), constant) is None  # cases without any variation
    assert best_lag(period(base).iloc[:10], base) is None  # too few days
    assert relation(None) == "none"


def test_weak_correlation_is_no_clear_relation():
    assert relation(LeadLag(lag=5, correlation=0.2, low=-14, high=14, days=90)) == "none"
    assert relation(LeadLag(lag=5, correlation=0.8, low=3, high=7, days=90)) == "leads"
    assert relation(LeadLag(lag=-2, correlation=0.8, low=-4, high=0, days=90)) == "lags"
    assert relation(LeadLag(lag=0, correlation=0.8, low=-1, high=1, days=90)) == "together"


def test_in_words_turns_a_lag_round():
    assert in_words(LeadLag(lag=4, correlation=0.9, low=2, high=6, days=90)) == ("leads", {"n": 4, "low": 2, "high": 6})
    assert in_words(LeadLag(lag=-4, correlation=0.9, low=-7, high=-1, days=90)) == (
        "lags", {"n": 4, "low": 1, "high": 7})
    assert in_words(LeadLag(lag=0, correlation=0.9, low=-1, high=2, days=90)) == (
        "together", {"n": 0, "low": -1, "high": 2})
    assert in_words(None) == ("none", {})


def test_analyse_is_best_lag_and_cross_correlation_remembered_per_values():
    base = wave(7)
    fever = period(base).copy()
    fever.iloc[[3, 40]] = np.nan  # days without a rate (too few respondents) must still key the cache
    fever.index = fever.index.as_unit("us")  # DuckDB's dates arrive in microseconds
    cases = base.shift(2)
    result, correlations = analyse(fever, cases)
    assert result == best_lag(fever, cases)
    pd.testing.assert_frame_equal(correlations, cross_correlation(fever, cases))
    again = analyse(fever.copy(), cases.copy())  # equal values in new objects, as a rerun's query gives them
    assert again[1] is correlations
    other, _ = analyse(fever, base.shift(-4))
    assert (result.lag, other.lag) == (2, -4)
