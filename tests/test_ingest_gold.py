"""Gold-file test of the whole build: hand-written raw files -> hand-computed aggregates and counts.

tests/gold/raw holds an English UTF-8 CSV with one row per reason code, a CP932 CSV with Japanese headers and
labels (full-width postal codes, `、` lists, `N日前から`, `2020/04/01 09:30`), a UTF-8-with-BOM CSV with a NUL
byte, and a JSON-lines file with a broken line and a repeated answer. tests/gold/expected holds what they must
give, computed by hand (see the comments in the expected files' rows: one respondent per row).
"""

import csv
import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest

from ingest.build import build

GOLD = Path(__file__).resolve().parent / "gold"
TODAY = dt.date(2021, 1, 1)


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return build([GOLD / "raw"], tmp_path_factory.mktemp("builds"), today=TODAY)


def expected_rows(name: str) -> list[dict[str, str]]:
    with open(GOLD / "expected" / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def published_rows(result, table: str, columns: list[str]) -> list[dict[str, str]]:
    con = duckdb.connect(str(result.path), read_only=True)
    try:
        rows = con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY ALL").fetchall()
    finally:
        con.close()
    return [{c: _text(v) for c, v in zip(columns, row)} for row in rows]


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def test_counts(result):
    expected = json.loads((GOLD / "expected" / "counts.json").read_text(encoding="utf-8"))
    for key in ("rows_read", "rows_accepted", "rows_quarantined", "rows_no_consent", "rows_duplicate"):
        assert result.info[key] == expected[key], key
    assert str(result.info["first_date"]) == expected["first_date"]
    assert str(result.info["last_date"]) == expected["last_date"]
    assert result.reasons == expected["reasons"]


def test_every_row_is_counted_once(result):
    info = result.info
    assert info["rows_read"] == (info["rows_accepted"] + info["rows_quarantined"]
                                 + info["rows_no_consent"] + info["rows_duplicate"])


@pytest.mark.parametrize("table", ["responses_daily", "responses_daily_postal"])
def test_aggregates(result, table):
    expected = expected_rows(f"{table}.csv")
    assert published_rows(result, table, list(expected[0])) == expected


def test_quarantine_file(result):
    with open(result.quarantine_path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    got = sorted(((Path(r["source_file"]).name, r["line"], r["reason"]) for r in rows), key=lambda r: (r[0], int(r[1])))
    assert got == [(r["source_file"], r["line"], r["reason"]) for r in expected_rows("quarantine.csv")]
    # The original row text is kept: the CSV line as written, the JSON line as written.
    by_place = {(Path(r["source_file"]).name, r["line"]): r["raw"] for r in rows}
    assert by_place[("answers_en.csv", "11")].startswith("e8,p8,2020-13-01T10:00:00+09:00,true")
    assert by_place[("answers.jsonl", "2")] == "{not json"
    assert by_place[("answers_ja_cp932.csv", "7")].startswith("j5,q5,2020/04/02 09:00,はい,無し")


def test_build_info_is_complete_and_not_synthetic(result):
    con = duckdb.connect(str(result.path), read_only=True)
    try:
        cursor = con.execute("SELECT * FROM build_info")
        info = dict(zip([d[0] for d in cursor.description], cursor.fetchone()))
    finally:
        con.close()
    assert info["build_id"] == result.build_id and info["audience"] == "staff"
    assert info["is_synthetic"] is False
    assert info["duckdb_version"] == duckdb.__version__
    assert info["source_files"] == "answers.jsonl;answers_bom.csv;answers_en.csv;answers_ja_cp932.csv"


def test_no_individual_answers_are_published(result):
    con = duckdb.connect(str(result.path), read_only=True)
    try:
        columns = {c for (c,) in con.execute("SELECT column_name FROM duckdb_columns()").fetchall()}
    finally:
        con.close()
    assert not columns & {"respondent_id", "response_id", "answered_at", "_raw", "raw"}


def test_same_answer_in_csv_and_parquet_is_a_duplicate(tmp_path):
    """An export's empty optional value and another export's null are the same content, not a conflict."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    header = "response_id,respondent_id,answered_at,consent,fever,fever_days,fatigue_or_breathless,fatigue_days," \
             "age,sex,occupation,conditions,postal_code,behaviours"
    row = ["r1", "p1", "2020-04-01T10:00:00+09:00", "true", "false", "", "false", "", "40", "male", "employee",
           "none", "2200011", ""]
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.csv").write_text(f"{header}\n{','.join(row)}\n", encoding="utf-8")
    nulls = [None if value == "" else value for value in row]
    pq.write_table(pa.table({name: [value] for name, value in zip(header.split(","), nulls)}),
                   tmp_path / "raw" / "b.parquet")
    result = build([tmp_path / "raw"], tmp_path / "builds", today=TODAY)
    assert (result.info["rows_accepted"], result.info["rows_duplicate"], result.info["rows_quarantined"]) == (1, 1, 0)


def test_typed_parquet_columns_are_read_as_a_csv_export_would_write_them(tmp_path):
    """Booleans, whole numbers stored as floats (pandas writes an int column with gaps so), integers, lists and
    instants with a time zone are judged like their text in a CSV export."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    utc = dt.timezone.utc
    table = pa.table({
        "response_id": ["r1", "r2"], "respondent_id": ["p1", "p2"],
        "answered_at": pa.array([dt.datetime(2020, 4, 1, 1, 0, tzinfo=utc), dt.datetime(2020, 4, 1, 16, 0, tzinfo=utc)],
                                pa.timestamp("us", tz="UTC")),
        "consent": [True, True], "fever": [True, False], "fever_days": pa.array([4, None], pa.int64()),
        "fatigue_or_breathless": [False, False], "fatigue_days": pa.array([None, None], pa.int64()),
        "age": pa.array([40.0, 70.0]), "sex": ["male", "female"], "occupation": ["employee", "student"],
        "conditions": pa.array([["none"], ["heart", "kidney"]]),
        "postal_code": pa.array([2200011, 2200011], pa.int64()),
        "behaviours": pa.array([["handwashing", "telework"], None]),
    })
    (tmp_path / "raw").mkdir()
    pq.write_table(table, tmp_path / "raw" / "typed.parquet")
    result = build([tmp_path / "raw"], tmp_path / "builds", today=TODAY)
    assert (result.info["rows_accepted"], result.info["rows_quarantined"]) == (2, 0), result.reasons
    with duckdb.connect(str(result.path), read_only=True) as con:
        rows = con.execute("SELECT date, age_band, high_risk, fever, fever_4d, behaviour_respondents, handwashing, "
                           "telework FROM responses_daily ORDER BY date").fetchall()
    # 01:00 UTC is 10:00 on 1 April in Japan; 16:00 UTC is 01:00 on 2 April.
    assert rows == [(dt.date(2020, 4, 1), "40-49", False, 1, 1, 1, 1, 1),
                    (dt.date(2020, 4, 2), "70-79", True, 0, 0, 0, 0, 0)]
