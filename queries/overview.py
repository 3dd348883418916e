"""Queries of the Overview page: the fever-rate / positive-case series and the morning's key figures.

On a public build the rates are weekly (one row per published week, dated on its Sunday) and the key figures
compare the latest week with the week before; the cases stay a daily 7-day average."""

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from queries.common import areas, is_public, weeks
from queries.runner import Build, run

WINDOW_DAYS = 7


def area_choices(build: Build) -> pd.DataFrame:
    """The prefecture and its health-centre areas (the areas both responses and cases are published for)."""
    frame = areas(build)
    return frame[frame.level.isin(["prefecture", "health_center"])].reset_index(drop=True)


def latest_end(build: Build, last_date: dt.date) -> dt.date:
    """Last day of the key figures' window: the build's last date, or on a public build the Sunday of its latest
    published week (the last date when it has none)."""
    ends = weeks(build)["period_end"] if is_public(build) else []
    return ends.max().date() if len(ends) else last_date


def series(build: Build, area: str, start: dt.date, end: dt.date, min_denominator: int) -> pd.DataFrame:
    """Per day from start to end: 7-day pooled rates with Wilson intervals and the 7-day average of cases
    (columns in queries/sql/overview_series.sql). Rates are NaN below min_denominator pooled respondents.
    Public build: the rates on the last day of each published week only, plus week_start and suppressed
    (queries/sql/public_overview_series.sql)."""
    name = "public_overview_series" if is_public(build) else "overview_series"
    return run(name, build, area=area, start=start, end=end, min_denominator=min_denominator)


@dataclass(frozen=True)
class Window:
    """One 7-day window ending on `end`; rates are None where the data are insufficient."""
    end: dt.date
    respondents: int | None
    fever_rate: float | None
    fever_low: float | None
    fever_high: float | None
    fever_4d_rate: float | None
    consult_rate: float | None
    cases_7d_avg: float | None
    suppressed: bool = False  # public build: the window's respondents are suppressed


@dataclass(frozen=True)
class KeyFigures:
    as_of: dt.date
    current: Window
    previous: Window

    @property
    def fever_change_points(self) -> float | None:
        """Change of the fever rate against the previous 7 days, in percentage points."""
        return _points(self.current.fever_rate, self.previous.fever_rate)

    @property
    def fever_4d_change_points(self) -> float | None:
        return _points(self.current.fever_4d_rate, self.previous.fever_4d_rate)

    @property
    def consult_change_points(self) -> float | None:
        return _points(self.current.consult_rate, self.previous.consult_rate)

    @property
    def cases_ratio(self) -> float | None:
        """Week-on-week ratio of the 7-day average of positive cases."""
        now, before = self.current.cases_7d_avg, self.previous.cases_7d_avg
        return None if now is None or not before else now / before


def _points(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else (now - before) * 100


def _value(row: pd.Series | None, column: str):
    if row is None or pd.isna(row[column]):
        return None
    return float(row[column])


def _window(frame: pd.DataFrame, end: dt.date) -> Window:
    rows = frame[frame.date == pd.Timestamp(end)]
    row = rows.iloc[0] if len(rows) else None
    respondents = _value(row, "respondents_7d")
    return Window(
        end=end,
        respondents=None if respondents is None else int(respondents),
        **{c: _value(row, c) for c in ("fever_rate", "fever_low", "fever_high", "fever_4d_rate", "consult_rate",
                                       "cases_7d_avg")},
        suppressed=row is not None and bool(row.get("suppressed", False)),
    )


def key_figures(build: Build, area: str, as_of: dt.date, min_denominator: int) -> KeyFigures:
    """The 7 days ending on as_of against the 7 days before them (on a public build, as_of is a week's Sunday:
    that week against the week before)."""
    before = as_of - dt.timedelta(days=WINDOW_DAYS)
    frame = series(build, area, before, as_of, min_denominator)
    return KeyFigures(as_of=as_of, current=_window(frame, as_of), previous=_window(frame, before))
