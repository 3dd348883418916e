"""Lead–lag between the fever rate and positive cases (pure numpy/pandas, no Streamlit).

The cross-correlation at lag k pairs the fever rate of day t with the cases of day t + k, so a positive best
lag means the fever rate moves first ("leads") and a negative one that it follows. The uncertainty of the
best lag comes from a moving-block bootstrap over the days of the period: blocks of consecutive days keep
the autocorrelation of the smoothed series, and the same resampled days are used for every lag.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

LAGS = tuple(range(-14, 15))
MIN_PAIRS = 20
"""Fewest day pairs a correlation is computed from."""
MIN_CORRELATION = 0.3
"""Below this best correlation the series are said to have no clear relation."""
BLOCK_DAYS = 14
RESAMPLES = 500
SEED = 20200327


@dataclass(frozen=True)
class LeadLag:
    lag: int
    """Best lag in days; positive: the fever rate leads the cases."""
    correlation: float
    low: int
    high: int
    """95 % bootstrap interval of the best lag."""
    days: int
    """Days of the period with a fever rate."""


def _daily(fever: pd.Series, cases: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Both series on one complete daily index (NaN where a series has no value)."""
    fever = fever.copy()
    cases = cases.copy()
    fever.index = pd.DatetimeIndex(fever.index)
    cases.index = pd.DatetimeIndex(cases.index)
    both = fever.index.union(cases.index)
    days = pd.date_range(both.min(), both.max(), freq="D")
    return (fever.reindex(days).to_numpy(dtype=float), cases.reindex(days).to_numpy(dtype=float))


def _shifted(values: np.ndarray, positions: np.ndarray, lags: np.ndarray) -> np.ndarray:
    """values[position + lag] for every lag (rows) and position (last axis); NaN outside the series."""
    index = positions[..., None, :] + lags[:, None]
    inside = (index >= 0) & (index < len(values))
    return np.where(inside, values[np.clip(index, 0, len(values) - 1)], np.nan)


def _pearson(x: np.ndarray, y: np.ndarray, min_pairs: int) -> tuple[np.ndarray, np.ndarray]:
    """Correlation over the last axis using only pairs where both are finite; NaN below min_pairs."""
    x, y = np.broadcast_arrays(x, y)
    ok = np.isfinite(x) & np.isfinite(y)
    n = ok.sum(axis=-1)
    safe_n = np.maximum(n, 1)
    xm = np.where(ok, x, 0).sum(axis=-1) / safe_n
    ym = np.where(ok, y, 0).sum(axis=-1) / safe_n
    dx = np.where(ok, x - xm[..., None], 0)
    dy = np.where(ok, y - ym[..., None], 0)
    sxx = (dx * dx).sum(axis=-1)
    syy = (dy * dy).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (dx * dy).sum(axis=-1) / np.sqrt(sxx * syy)
    r = np.where((n >= min_pairs) & (sxx > 0) & (syy > 0), np.clip(r, -1, 1), np.nan)
    return r, n


def cross_correlation(fever: pd.Series, cases: pd.Series, lags=LAGS, min_pairs: int = MIN_PAIRS) -> pd.DataFrame:
    """Correlation of fever[t] with cases[t + lag] for each lag: DataFrame[lag, correlation, pairs].

    Both series are indexed by date; days missing from a series are left out of the pairs.
    """
    f, c = _daily(fever, cases)
    lag_arr = np.asarray(lags)
    positions = np.flatnonzero(np.isfinite(f))
    r, n = _pearson(f[positions], _shifted(c, positions, lag_arr), min_pairs)
    return pd.DataFrame({"lag": lag_arr, "correlation": r, "pairs": n})


def best_lag(
    fever: pd.Series,
    cases: pd.Series,
    lags=LAGS,
    *,
    resamples: int = RESAMPLES,
    block_days: int = BLOCK_DAYS,
    seed: int = SEED,
    min_pairs: int = MIN_PAIRS,
) -> LeadLag | None:
    """Lag of highest correlation with its moving-block bootstrap 95 % interval; None without enough data."""
    f, c = _daily(fever, cases)
    lag_arr = np.asarray(lags)
    observed = np.flatnonzero(np.isfinite(f))
    if len(observed) < min_pairs:
        return None
    r, _ = _pearson(f[observed], _shifted(c, observed, lag_arr), min_pairs)
    if np.all(np.isnan(r)):
        return None
    best = int(np.nanargmax(r))

    # The period's days, first to last fever value, resampled as blocks of consecutive days.
    first, last = observed[0], observed[-1]
    span = last - first + 1
    block = min(block_days, span)
    rng = np.random.default_rng(seed)
    n_blocks = -(-span // block)
    starts = rng.integers(first, last - block + 2, size=(resamples, n_blocks))
    positions = (starts[:, :, None] + np.arange(block)).reshape(resamples, -1)[:, :span]
    boot_r, _ = _pearson(f[positions][:, None, :], _shifted(c, positions, lag_arr), min_pairs)
    valid = ~np.all(np.isnan(boot_r), axis=1)
    boot_best = lag_arr[np.argmax(np.where(np.isnan(boot_r[valid]), -np.inf, boot_r[valid]), axis=1)]
    if len(boot_best) == 0:  # no resample had enough varying pairs: the lag is not pinned down at all
        boot_best = lag_arr
    return LeadLag(
        lag=int(lag_arr[best]),
        correlation=float(r[best]),
        low=int(np.quantile(boot_best, 0.025, method="lower")),
        high=int(np.quantile(boot_best, 0.975, method="higher")),
        days=len(observed),
    )


def relation(result: LeadLag | None, min_correlation: float = MIN_CORRELATION) -> str:
    """'leads', 'lags', 'together' (best lag 0) or 'none' (too little data or a weak best correlation)."""
    if result is None or result.correlation < min_correlation:
        return "none"
    if result.lag > 0:
        return "leads"
    if result.lag < 0:
        return "lags"
    return "together"
