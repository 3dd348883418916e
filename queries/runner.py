"""Runs the read-side SQL files against the current published build.

One read-only connection per build file per process; a cursor per call, since a DuckDB connection is
not safe across threads. Results are cached keyed on (build_id, query, parameters), so a new build is
picked up by the next call without a restart; only the most recently used builds' connections stay open (_cursor).
"""

import functools
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from ingest.publish import KEEP_BUILDS, PointerError, read_pointer, truncation

SQL_DIR = Path(__file__).resolve().parent / "sql"
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


class NoBuild(Exception):
    """No build has been published yet."""


class UnusableBuild(Exception):
    """A build exists but cannot be opened (wrong schema version, other DuckDB version, damaged file)."""


@dataclass(frozen=True)
class Build:
    """One published build file; `audience` ('staff' | 'public') selects the queries the wrappers run on it."""
    build_id: str
    path: str
    audience: str = "staff"


_lock = threading.Lock()
KEEP_OPEN = KEEP_BUILDS  # no more builds than that stay in the folder
_connections: OrderedDict[str, duckdb.DuckDBPyConnection] = OrderedDict()  # by build path, least recently used first
_in_use: dict[str, int] = {}  # running calls per build path


def current_build(builds_dir: str | None = None, audience: str = "staff") -> Build:
    try:
        pointer = read_pointer(builds_dir)
    except PointerError as exc:
        raise UnusableBuild(str(exc)) from exc
    if not pointer or f"{audience}_path" not in pointer:
        raise NoBuild(audience)
    return Build(pointer["build_id"], pointer[f"{audience}_path"], audience)


@contextmanager
def _cursor(build: Build) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor on the build's connection.

    The connections of the KEEP_OPEN most recently used builds stay open, and a connection is never closed
    while a call uses it: a page still rendering an older build (another Streamlit session) keeps reading it
    whole, even once a newer build has been published and the older file rotated out of the folder.
    """
    with _lock:
        con = _connections.get(build.path)
        if con is None:
            con = _connections[build.path] = _open(build.path)
        _connections.move_to_end(build.path)
        _in_use[build.path] = _in_use.get(build.path, 0) + 1
        try:
            cursor = con.cursor()
        except BaseException:
            _release(build.path)
            raise
    try:
        yield cursor
    finally:
        cursor.close()
        with _lock:
            _release(build.path)


def _open(path: str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a build file that is whole (publish.truncation)."""
    try:
        con = duckdb.connect(path, read_only=True)
    except (duckdb.Error, OSError) as exc:
        raise UnusableBuild(f"{Path(path).name}: {exc}") from exc
    try:
        problem = truncation(con, path)
    except (duckdb.Error, OSError) as exc:
        problem = f"{Path(path).name}: {exc}"
    if problem:
        con.close()
        raise UnusableBuild(problem)
    return con


def _release(path: str) -> None:
    """One call less on the path's connection; close surplus connections no call uses (holding _lock)."""
    _in_use[path] -= 1
    if not _in_use[path]:
        del _in_use[path]
    for old_path in list(_connections)[:-KEEP_OPEN]:
        if old_path not in _in_use:
            _connections.pop(old_path).close()


@functools.cache
def sql_text(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def sql_parameters(name: str) -> set[str]:
    """Named parameters ($name) a query file uses."""
    return set(_PARAM.findall(re.sub(r"--[^\n]*", "", sql_text(name))))


@functools.lru_cache(maxsize=512)
def _cached(build: Build, name: str, params: tuple) -> pd.DataFrame:
    with _cursor(build) as cursor:
        return cursor.execute(sql_text(name), dict(params)).df()


def run(name: str, build: Build, **params) -> pd.DataFrame:
    """Result of queries/sql/<name>.sql with its named parameters. Callers must not modify the frame."""
    missing = sql_parameters(name) - params.keys()
    if missing:
        raise TypeError(f"{name}.sql needs parameters {sorted(missing)}")
    used = {k: v for k, v in params.items() if k in sql_parameters(name)}
    return _cached(build, name, tuple(sorted(used.items())))
