"""Typed wrappers of the Map page's queries: pooled 7-day rates per municipality and per postal code, and the
shipped boundaries the map is drawn from."""

import datetime as dt
import functools
import json

import pandas as pd

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


def area_rates(build: Build, metric: str, end: dt.date) -> pd.DataFrame:
    """Every municipality / ward: municipality_code, name_ja, name_en, area_code, area_name_ja, area_name_en,
    respondents, rate, rate_low, rate_high (NaN when insufficient), sufficient."""
    _check_metric(metric)
    return run("map_areas", build, metric=metric, end=end)


def postal_rates(build: Build, metric: str, end: dt.date) -> pd.DataFrame:
    """Postal codes with answers in the window: postal_code, place_ja, lat, lon, respondents,
    rate, rate_low, rate_high (NaN when insufficient), sufficient."""
    _check_metric(metric)
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
