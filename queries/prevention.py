"""Typed wrappers of the Prevention (予防行動) queries: behaviour shares pooled over a window, over time
and by group. Each row is tagged with its kind, personal or organisational, from ingest.codes."""

import datetime as dt

import pandas as pd

from ingest.codes import ORGANISATIONAL_BEHAVIOURS, PERSONAL_BEHAVIOURS
from queries.common import build_info
from queries.runner import Build, run

AREA_LEVELS = ("prefecture", "health_center", "municipality")
GROUPS = ("age_band", "occupation")
KINDS = {**{code: "personal" for code in PERSONAL_BEHAVIOURS},
         **{code: "organisational" for code in ORGANISATIONAL_BEHAVIOURS}}


def _min_denominator(build: Build) -> int:
    return build_info(build)["min_denominator"]


def _with_kind(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(kind=frame["behaviour"].map(KINDS))


def _check_area(area_level: str) -> None:
    if area_level not in AREA_LEVELS:
        raise ValueError(f"area_level must be one of {AREA_LEVELS}, not {area_level!r}")


def shares(build: Build, *, start: dt.date, end: dt.date, area_level: str, area_code: str) -> pd.DataFrame:
    """behaviour, count, behaviour_respondents, share, share_low, share_high, sufficient, kind (highest first)."""
    _check_area(area_level)
    return _with_kind(run("prevention_shares", build, start=start, end=end, area_level=area_level,
                          area_code=area_code, min_denominator=_min_denominator(build)))


def trend(build: Build, *, start: dt.date, end: dt.date, area_level: str, area_code: str) -> pd.DataFrame:
    """7-day pooled share per date and behaviour: date, behaviour, count_7d, behaviour_respondents_7d,
    share, share_low, share_high, sufficient, kind."""
    _check_area(area_level)
    return _with_kind(run("prevention_trend", build, start=start, end=end, area_level=area_level,
                          area_code=area_code, min_denominator=_min_denominator(build)))


def by_group(build: Build, *, start: dt.date, end: dt.date, area_level: str, area_code: str,
             group_by: str) -> pd.DataFrame:
    """Share per group (age band or occupation) and behaviour: grp, behaviour, count, behaviour_respondents,
    share, share_low, share_high, sufficient, kind."""
    _check_area(area_level)
    if group_by not in GROUPS:
        raise ValueError(f"group_by must be one of {GROUPS}, not {group_by!r}")
    return _with_kind(run("prevention_by_group", build, start=start, end=end, area_level=area_level,
                          area_code=area_code, group_by=group_by, min_denominator=_min_denominator(build)))
