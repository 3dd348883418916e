"""Lead–lag between the fever rate and positive cases (pure numpy/pandas, no Streamlit).

The cross-correlation at lag k pairs the fever rate of day t with the cases of day t + k, so a positive best
lag means the fever rate moves first ("leads") and a negative one that it follows. The uncertainty of the
best lag comes from a moving-block bootstrap over the days of the period: blocks of consecutive days keep
the autocorrelation of the smoothed series, and the same resampled days are used for every lag.
"""

import functools
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


class _Pairs:
    """The day pairs (fever[t], cases[t + lag]) of every lag, for t over the period's days.

    A correlation only needs weighted sums of these pairs, so a bootstrap resample is just a vector of day
    weights (how often each day was drawn) and all resamples and lags come out of a few matrix products.
    """

    def __init__(self, fever: np.ndarray, cases: np.ndarray, lags: np.ndarray):
        observed = np.flatnonzero(np.isfinite(fever))
        self.first = observed[0] if len(observed) else 0
        self.days = observed[-1] - self.first + 1 if len(observed) else 0
        t = self.first + np.arange(self.days)
        index = t[:, None] + lags[None, :]
        inside = (index >= 0) & (index < len(cases))
        x = np.broadcast_to(fever[t][:, None], index.shape)
        y = np.where(inside, cases[np.clip(index, 0, len(cases) - 1)], np.nan)
        self.ok = np.isfinite(x) & np.isfinite(y)
        any_pair = self.ok.any()
        # Centred on the overall means, so the sums of squares below do not lose precision.
        self.x = np.where(self.ok, x - (x[self.ok].mean() if any_pair else 0), 0)
        self.y = np.where(self.ok, y - (y[self.ok].mean() if any_pair else 0), 0)
        # Variation below a millionth of the series' own counts as none (a constant series, or flat blocks).
        self.x_floor = 1e-6 * (np.mean(self.x[self.ok] ** 2) if any_pair else 0)
        self.y_floor = 1e-6 * (np.mean(self.y[self.ok] ** 2) if any_pair else 0)

    def correlations(self, weights: np.ndarray, min_pairs: int) -> tuple[np.ndarray, np.ndarray]:
        """Pearson correlation per resample (rows of weights) and lag; NaN below min_pairs or without variation."""
        ok = self.ok.astype(float)
        n = weights @ ok
        sx, sy = weights @ self.x, weights @ self.y
        with np.errstate(invalid="ignore", divide="ignore"):
            sxx = weights @ self.x**2 - sx**2 / n
            syy = weights @ self.y**2 - sy**2 / n
            sxy = weights @ (self.x * self.y) - sx * sy / n
            r = sxy / np.sqrt(sxx * syy)
        varies = (sxx > self.x_floor * n) & (syy > self.y_floor * n)
        return np.where((n >= min_pairs) & varies, np.clip(r, -1, 1), np.nan), n


def cross_correlation(fever: pd.Series, cases: pd.Series, lags=LAGS, min_pairs: int = MIN_PAIRS) -> pd.DataFrame:
    """Correlation of fever[t] with cases[t + lag] for each lag: DataFrame[lag, correlation, pairs].

    Both series are indexed by date; days missing from a series are left out of the pairs.
    """
    lag_arr = np.asarray(lags)
    pairs = _Pairs(*_daily(fever, cases), lag_arr)
    r, n = pairs.correlations(np.ones((1, pairs.days)), min_pairs)
    return pd.DataFrame({"lag": lag_arr, "correlation": r[0], "pairs": n[0].astype(int)})


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
    observed = int(np.isfinite(f).sum())
    if observed < min_pairs:
        return None
    pairs = _Pairs(f, c, lag_arr)
    r, _ = pairs.correlations(np.ones((1, pairs.days)), min_pairs)
    if np.all(np.isnan(r)):
        return None
    best = int(np.nanargmax(r[0]))

    # Resample the period's days as blocks of consecutive days; each resample becomes day weights.
    span = pairs.days
    block = min(block_days, span)
    rng = np.random.default_rng(seed)
    starts = rng.integers(0, span - block + 1, size=(resamples, -(-span // block)))
    drawn = (starts[:, :, None] + np.arange(block)).reshape(resamples, -1)[:, :span]
    weights = np.zeros((resamples, span))
    np.add.at(weights, (np.arange(resamples)[:, None], drawn), 1)
    boot_r, _ = pairs.correlations(weights, min_pairs)
    valid = ~np.all(np.isnan(boot_r), axis=1)
    boot_best = lag_arr[np.argmax(np.where(np.isnan(boot_r[valid]), -np.inf, boot_r[valid]), axis=1)]
    if len(boot_best) == 0:  # no resample had enough varying pairs: the lag is not pinned down at all
        boot_best = lag_arr
    return LeadLag(
        lag=int(lag_arr[best]),
        correlation=float(r[0, best]),
        low=int(np.quantile(boot_best, 0.025, method="lower")),
        high=int(np.quantile(boot_best, 0.975, method="higher")),
        days=observed,
    )


def analyse(fever: pd.Series, cases: pd.Series) -> tuple[LeadLag | None, pd.DataFrame]:
    """best_lag and cross_correlation of the two series, remembered per dates and values of both.

    The bootstrap is the costliest step of a Trends run, and it depends on nothing else (not on the page's metric,
    breakdown or filters): reruns and other sessions showing the same area and period reuse it. Callers must not
    modify the returned frame.
    """
    return _analyse(_frozen(fever), _frozen(cases))


def _frozen(series: pd.Series) -> tuple[bytes, bytes]:
    """A date-indexed series as hashable bytes (so that NaN values compare equal as cache keys)."""
    return (pd.DatetimeIndex(series.index).as_unit("ns").asi8.tobytes(), series.to_numpy(dtype=float).tobytes())


def _thawed(frozen: tuple[bytes, bytes]) -> pd.Series:
    dates, values = frozen
    return pd.Series(np.frombuffer(values), index=pd.DatetimeIndex(np.frombuffer(dates, dtype="datetime64[ns]")))


@functools.lru_cache(maxsize=256)
def _analyse(fever: tuple[bytes, bytes], cases: tuple[bytes, bytes]) -> tuple[LeadLag | None, pd.DataFrame]:
    fever_rate, cases_7d = _thawed(fever), _thawed(cases)
    return best_lag(fever_rate, cases_7d), cross_correlation(fever_rate, cases_7d)


def relation(result: LeadLag | None, min_correlation: float = MIN_CORRELATION) -> str:
    """'leads', 'lags', 'together' (best lag 0) or 'none' (too little data or a weak best correlation)."""
    if result is None or result.correlation < min_correlation:
        return "none"
    if result.lag > 0:
        return "leads"
    if result.lag < 0:
        return "lags"
    return "together"


def in_words(result: LeadLag | None) -> tuple[str, dict[str, int]]:
    """The relation and the numbers its sentence states: for "lags" the days the fever rate follows (positive),
    with the interval turned round the same way; nothing for "none"."""
    kind = relation(result)
    if kind == "none":
        return kind, {}
    if kind == "lags":
        return kind, {"n": -result.lag, "low": -result.high, "high": -result.low}
    return kind, {"n": result.lag, "low": result.low, "high": result.high}
