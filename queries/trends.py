"""Typed wrappers of the Trends (推移) queries: pooled 7-day rates and positive cases.

On a public build the rates are weekly (queries/sql/public_trends_series.sql): no demographic filters, and the
demographic breakdowns exist for the prefecture only."""

import datetime as dt

import pandas as pd

from queries.common import build_info, is_public
from queries.runner import Build, run

METRICS = ("fever", "fever_4d", "symptomatic", "consult")
BREAKDOWNS = ("none", "age_band", "sex", "occupation", "high_risk", "health_center")
AREA_LEVELS = ("prefecture", "health_center", "municipality")
DEMOGRAPHIC_BREAKDOWNS = ("age_band", "sex", "occupation", "high_risk")


def breakdowns(build: Build, area_level: str) -> tuple[str, ...]:
    """The breakdowns the build offers for an area: all of BREAKDOWNS on a staff build; on a public build the
    demographic ones only for the prefecture (it publishes no demographic x area cells)."""
    if is_public(build) and area_level != "prefecture":
        return tuple(b for b in BREAKDOWNS if b not in DEMOGRAPHIC_BREAKDOWNS)
    return BREAKDOWNS


def _check(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, not {value!r}")


def series(
    build: Build,
    *,
    start: dt.date,
    end: dt.date,
    area_level: str,
    area_code: str,
    metric: str = "fever",
    breakdown: str = "none",
    age_band: str | None = None,
    sex: str | None = None,
    occupation: str | None = None,
    high_risk: bool | None = None,
) -> pd.DataFrame:
    """7-day pooled rate per date and group: date, grp, numerator, denominator, numerator_7d, denominator_7d,
    rate, rate_low, rate_high (NULL below build_info.min_denominator), sufficient. None filters mean all.

    Public build: one row per published week (date = its Sunday) and group, plus week_start and suppressed;
    it takes no demographic filter."""
    _check("metric", metric, METRICS)
    _check("area_level", area_level, AREA_LEVELS)
    _check("breakdown", breakdown, breakdowns(build, area_level))
    min_denominator = build_info(build)["min_denominator"]
    if is_public(build):
        if any(f is not None for f in (age_band, sex, occupation, high_risk)):
            raise ValueError("a public build has no demographic filters")
        return run("public_trends_series", build, start=start, end=end, area_level=area_level,
                   area_code=area_code, metric=metric, breakdown=breakdown, min_denominator=min_denominator)
    return run(
        "trends_series", build, start=start, end=end, area_level=area_level, area_code=area_code,
        age_band=age_band, sex=sex, occupation=occupation, high_risk=high_risk, metric=metric, breakdown=breakdown,
        min_denominator=min_denominator,
    )


def cases(build: Build, *, start: dt.date, end: dt.date, area_level: str, area_code: str) -> pd.DataFrame:
    """Daily and 7-day positive cases of the area's case series (a municipality's health-centre area):
    date, case_area_code, cases, cases_7d; only dates the case series covers."""
    _check("area_level", area_level, AREA_LEVELS)
    return run("trends_cases", build, start=start, end=end, area_level=area_level, area_code=area_code)
