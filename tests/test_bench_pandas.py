"""The pandas alternative of benchmarks/bench_pandas.py computes exactly the build's responses_daily.

On a small demo plus a file of answers that exercise each step (a duplicate id, a later answer of the same
respondent on the same day, an answer without consent, a UTC timestamp that is the next day in Japan), so
bench_build.py's pandas / bare ratio compares the same work.
"""

import duckdb
import pandas as pd

from benchmarks.bench_pandas import responses_daily
from ingest import demo
from ingest.build import build


def extra_answers(first_file) -> pd.DataFrame:
    """Answers built on one demo answer R (answered before 23:00 Japan time): R again (a duplicate), a later answer
    of R's respondent on R's day (it replaces R), an answer without consent, and a new respondent's answer at
    15:30 UTC, which is 00:30 the next day in Japan."""
    raw = pd.read_parquet(first_file)
    r = raw[raw["answered_at"].str[11:13] < "23"].iloc[0]
    day = r["answered_at"][:10]
    later, refused, utc = r.copy(), r.copy(), r.copy()
    later[["response_id", "answered_at", "fever", "fever_days"]] = ["x-later", f"{day}T23:59:59+09:00", "true", "5"]
    refused[["response_id", "respondent_id", "consent"]] = ["x-refused", "x-refuser", "false"]
    utc[["response_id", "respondent_id", "answered_at"]] = ["x-utc", "x-person", f"{day}T15:30:00Z"]
    return pd.DataFrame([r, later, refused, utc])


def test_pandas_alternative_equals_the_builds_responses_daily(tmp_path):
    raw = tmp_path / "raw"
    files = demo.generate(raw, responses=3000, seed=5)
    extra = raw / "extra.parquet"
    extra_answers(files[0]).to_parquet(extra, index=False)
    result = build([raw], tmp_path / "builds", synthetic=True)
    assert (result.info["rows_duplicate"], result.info["rows_no_consent"]) == (1, 1)
    with duckdb.connect(str(result.path), read_only=True) as con:
        expected = con.sql("SELECT * FROM responses_daily ORDER BY ALL").df()

    actual = responses_daily([*files, extra])

    assert list(actual.columns) == list(expected.columns)
    expected["date"] = pd.to_datetime(expected["date"])
    actual["date"] = pd.to_datetime(actual["date"])
    sort = list(expected.columns[:6])
    pd.testing.assert_frame_equal(actual.sort_values(sort, ignore_index=True).astype(expected.dtypes.to_dict()),
                                  expected.sort_values(sort, ignore_index=True), check_dtype=False)
    assert actual["respondents"].sum() > 0
