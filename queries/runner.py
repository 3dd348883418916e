"""Runs the read-side SQL files against the current published build.

One read-only connection per build file per process; a cursor per call, since a DuckDB connection is
not safe across threads. Results are cached keyed on (build_id, query, parameters), so a new build is
picked up by the next call without a restart, and old builds' connections are closed once superseded.
"""

import functools
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from ingest.publish import read_pointer

SQL_DIR = Path(__file__).resolve().parent / "sql"
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


class NoBuild(Exception):
    """No build has been published yet."""


class UnusableBuild(Exception):
    """A build exists but cannot be opened (wrong schema version, other DuckDB version, damaged file)."""


@dataclass(frozen=True)
class Build:
    build_id: str
    path: str


_lock = threading.Lock()
_connections: dict[str, duckdb.DuckDBPyConnection] = {}


def current_build(builds_dir: str | None = None, audience: str = "staff") -> Build:
    pointer = read_pointer(builds_dir)
    if not pointer or f"{audience}_path" not in pointer:
        raise NoBuild(audience)
    return Build(pointer["build_id"], pointer[f"{audience}_path"])


def _connection(build: Build) -> duckdb.DuckDBPyConnection:
    with _lock:
        con = _connections.get(build.path)
        if con is None:
            try:
                con = duckdb.connect(build.path, read_only=True)
            except (duckdb.Error, OSError) as exc:
                raise UnusableBuild(f"{Path(build.path).name}: {exc}") from exc
            for old_path in [p for p in _connections if p != build.path]:
                _connections.pop(old_path).close()
            _connections[build.path] = con
        return con


@functools.cache
def sql_text(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def sql_parameters(name: str) -> set[str]:
    """Named parameters ($name) a query file uses."""
    return set(_PARAM.findall(re.sub(r"--[^\n]*", "", sql_text(name))))


@functools.lru_cache(maxsize=512)
def _cached(build: Build, name: str, params: tuple) -> pd.DataFrame:
    cursor = _connection(build).cursor()
    try:
        return cursor.execute(sql_text(name), dict(params)).df()
    finally:
        cursor.close()


def run(name: str, build: Build, **params) -> pd.DataFrame:
    """Result of queries/sql/<name>.sql with its named parameters. Callers must not modify the frame."""
    missing = sql_parameters(name) - params.keys()
    if missing:
        raise TypeError(f"{name}.sql needs parameters {sorted(missing)}")
    used = {k: v for k, v in params.items() if k in sql_parameters(name)}
    return _cached(build, name, tuple(sorted(used.items())))
