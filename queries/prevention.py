"""Typed wrappers of the Prevention (予防行動) queries: behaviour shares pooled over a window, over time
and by group. Each row is tagged with its kind, personal or organisational, from ingest.codes.

On a public build (queries/sql/public_prevention_*.sql) the windows are whole published weeks: shares pool
the weeks whose counts are published (weeks_used of weeks), the trend is weekly, and the groups exist for
the prefecture only."""

import datetime as dt

import pandas as pd

from ingest.codes import ORGANISATIONAL_BEHAVIOURS, PERSONAL_BEHAVIOURS
from queries.common import build_info, is_public
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
    """behaviour, count, behaviour_respondents, share, share_low, share_high, sufficient, kind (highest first);
    public build: also weeks_used, weeks (the weeks whose period_end lies in [start, end])."""
    _check_area(area_level)
    name = "public_prevention_shares" if is_public(build) else "prevention_shares"
    return _with_kind(run(name, build, start=start, end=end, area_level=area_level,
                          area_code=area_code, min_denominator=_min_denominator(build)))


def trend(build: Build, *, start: dt.date, end: dt.date, area_level: str, area_code: str) -> pd.DataFrame:
    """7-day pooled share per date and behaviour: date, behaviour, count_7d, behaviour_respondents_7d,
    share, share_low, share_high, sufficient, kind. Public build: one row per published week (date = its Sunday)
    with that week's counts."""
    _check_area(area_level)
    name = "public_prevention_trend" if is_public(build) else "prevention_trend"
    return _with_kind(run(name, build, start=start, end=end, area_level=area_level,
                          area_code=area_code, min_denominator=_min_denominator(build)))


def by_group(build: Build, *, start: dt.date, end: dt.date, area_level: str, area_code: str,
             group_by: str) -> pd.DataFrame:
    """Share per group (age band or occupation) and behaviour: grp, behaviour, count, behaviour_respondents,
    share, share_low, share_high, sufficient, kind. Public build: the prefecture only, plus weeks_used, weeks."""
    _check_area(area_level)
    if group_by not in GROUPS:
        raise ValueError(f"group_by must be one of {GROUPS}, not {group_by!r}")
    if is_public(build):
        if area_level != "prefecture":
            raise ValueError("a public build has groups for the prefecture only")
        return _with_kind(run("public_prevention_by_group", build, start=start, end=end, group_by=group_by,
                              min_denominator=_min_denominator(build)))
    return _with_kind(run("prevention_by_group", build, start=start, end=end, area_level=area_level,
                          area_code=area_code, group_by=group_by, min_denominator=_min_denominator(build)))
