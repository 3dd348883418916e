"""Typed wrappers of the Map page's queries: pooled 7-day rates per municipality and per postal code, and the
shipped boundaries the map is drawn from. On a public build the window is one published week (ending on a
Sunday) and there is no postal-code layer."""

import datetime as dt
import functools
import json

import pandas as pd

from queries.common import is_public, weeks
from queries.runner import Build, run

METRICS = ("fever", "fever_4d", "symptomatic", "consult")
WINDOW_DAYS = 7
COORDINATE_DECIMALS = 4  # about 10 m: finer than the simplified boundaries, and a smaller map payload


def _check_metric(metric: str) -> None:
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; one of {METRICS}")


def window_start(end: dt.date) -> dt.date:
    """First day of the 7-day window that ends on `end`."""
    return end - dt.timedelta(days=WINDOW_DAYS - 1)


def window_ends(first_date: dt.date, last_date: dt.date) -> list[dt.date]:
    """Days a window may end on, latest first: those whose 7 days lie in the build (the last day at least)."""
    earliest = min(first_date + dt.timedelta(days=WINDOW_DAYS - 1), last_date)
    return [last_date - dt.timedelta(days=i) for i in range((last_date - earliest).days + 1)]


def build_window_ends(build: Build, first_date: dt.date, last_date: dt.date) -> list[dt.date]:
    """Days a window may end on, latest first: any day with 7 days of data (window_ends) on a staff build, the
    Sunday of each published week on a public build (its last date when it has no complete week: no data)."""
    if is_public(build):
        return sorted((d.date() for d in pd.to_datetime(weeks(build)["period_end"])), reverse=True) or [last_date]
    return window_ends(first_date, last_date)


def area_rates(build: Build, metric: str, end: dt.date) -> pd.DataFrame:
    """Every municipality / ward: municipality_code, name_ja, name_en, area_code, area_name_ja, area_name_en,
    respondents, rate, rate_low, rate_high (NaN when insufficient), sufficient. Public build: the week ending on
    `end`, respondents NULL where suppressed, plus suppressed."""
    _check_metric(metric)
    return run("public_map_areas" if is_public(build) else "map_areas", build, metric=metric, end=end)


def postal_rates(build: Build, metric: str, end: dt.date) -> pd.DataFrame:
    """Postal codes with answers in the window: postal_code, place_ja, lat, lon, respondents,
    rate, rate_low, rate_high (NaN when insufficient), sufficient. Staff builds only."""
    _check_metric(metric)
    if is_public(build):
        raise ValueError("a public build has no postal-code data")
    return run("map_postal", build, metric=metric, end=end)


def _rounded(coordinates):
    if isinstance(coordinates[0], (int, float)):
        return [round(c, COORDINATE_DECIMALS) for c in coordinates]
    return [_rounded(c) for c in coordinates]


@functools.lru_cache(maxsize=4)
def boundaries(build: Build) -> dict[str, dict]:
    """municipality_code -> GeoJSON geometry (coordinates rounded to 4 decimals). Parsed once per build."""
    frame = run("map_boundaries", build)
    geometries = {}
    for code, text in zip(frame.municipality_code, frame.geometry_geojson):
        geometry = json.loads(text)
        geometries[code] = {"type": geometry["type"], "coordinates": _rounded(geometry["coordinates"])}
    return geometries
