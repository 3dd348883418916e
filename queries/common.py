"""Queries every page needs: the build's own description and the list of areas."""

import datetime as dt

import duckdb
import pandas as pd

from ingest.schema import SCHEMA_VERSION
from queries.runner import Build, NoBuild, UnusableBuild, run

DEFAULT_MIN_DENOMINATOR = 100

# What a page may meet when the build is missing or broken: the app shows a page for these, never a traceback.
BUILD_ERRORS = (NoBuild, UnusableBuild, duckdb.Error)


def _plain(value):
    """A DataFrame cell as a plain Python value (dates as datetime.date, NaN/NaT as None)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):
        return value.item()
    return value


def build_info(build: Build) -> dict:
    """The build_info row as a dict. Raises UnusableBuild when the file is not a build this app can read."""
    try:
        frame = run("build_info", build)
    except duckdb.Error as exc:
        raise UnusableBuild(f"build_info: {exc}") from exc
    if len(frame) != 1:
        raise UnusableBuild(f"build_info has {len(frame)} rows, expected 1")
    info = {k: _plain(v) for k, v in frame.iloc[0].items()}
    if info.get("schema_version") != SCHEMA_VERSION:
        raise UnusableBuild(f"schema_version {info.get('schema_version')}, this app reads {SCHEMA_VERSION}")
    for key in ("first_date", "last_date"):
        if isinstance(info.get(key), dt.datetime):
            info[key] = info[key].date()
    if not info.get("min_denominator"):
        info["min_denominator"] = DEFAULT_MIN_DENOMINATOR
    info["is_synthetic"] = bool(info.get("is_synthetic"))
    return info


def is_public(build: Build) -> bool:
    """True for a public build: the wrappers run its public_<name>.sql queries (weekly, suppressed counts)."""
    return build.audience == "public"


def weeks(build: Build) -> pd.DataFrame:
    """The public build's complete Monday..Sunday weeks: period_start, period_end (oldest first)."""
    return run("public_weeks", build)


def areas(build: Build) -> pd.DataFrame:
    """area_code, level ('prefecture' | 'health_center' | 'municipality'), name_ja, name_en, parent_code."""
    return run("areas", build)
