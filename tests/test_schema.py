"""The published data contract (ingest/schema.py) is what a real build holds: tables, columns, types, order."""

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from ingest.build import build
from ingest.schema import TABLES

GOLD_RAW = Path(__file__).resolve().parent / "gold" / "raw"


@pytest.fixture(scope="module")
def columns(tmp_path_factory):
    result = build([GOLD_RAW], tmp_path_factory.mktemp("builds"), today=dt.date(2021, 1, 1))
    con = duckdb.connect(str(result.path), read_only=True)
    try:
        rows = con.execute(
            "SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE NOT internal "
            "ORDER BY table_name, column_index"
        ).fetchall()
    finally:
        con.close()
    found: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows:
        found.setdefault(table, []).append((column, data_type))
    return found


def test_build_has_exactly_the_documented_tables(columns):
    assert set(columns) == set(TABLES)


@pytest.mark.parametrize("table", sorted(TABLES))
def test_table_columns_and_types(columns, table):
    assert columns[table] == [(c, t) for c, t, _ in TABLES[table]]


def test_every_column_is_described():
    for table, cols in TABLES.items():
        for column, _, description in cols:
            assert description.strip(), f"{table}.{column} has no description"
