"""The alternative a small team would write instead of the DuckDB build: responses_daily with pandas alone.

    responses_daily(files) -> DataFrame   # the columns and rows of the staff build's responses_daily

Used by benchmarks/bench_build.py (step "pandas"), which times it on the same Parquet files as the build and the
bare DuckDB scan, in its own process, and prints pandas / bare. tests/test_bench_pandas.py checks that on a small
demo it returns exactly the build's responses_daily, so the ratio compares the same work.

It does what the build does to accepted answers (ingest/sql/judge.sql, aggregate.sql): consent, the answer's day
in Japan time, Kanagawa postal codes only, the last answer of each respondent and day, the rules of
ingest/sql/rules.sql, and the counts per date x municipality x age band x sex x occupation x high risk. The rules
are written again here on purpose: this is the other implementation being measured, and the test above keeps it
equal to the build. It reads the demo's clean input (codes, ISO timestamps) and skips what judging does for messy
exports (labels, full-width text, quarantine reasons), so its cost is a lower bound of the same work in pandas.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from ingest.codes import AGE_BANDS, BEHAVIOURS, OCCUPATIONS, SEXES, YES
from ingest.reference import kanagawa_postal_codes

GROUP = ["date", "municipality_code", "age_band", "sex", "occupation", "high_risk"]
COUNTS = ["fever", "fever_4d", "fatigue_or_breathless", "symptomatic", "consult", "symptomatic_high_risk",
          "behaviour_respondents", *BEHAVIOURS]
USED = ["respondent_id", "answered_at", "consent", "fever", "fever_days", "fatigue_or_breathless", "fatigue_days",
        "age", "sex", "occupation", "conditions", "postal_code", "behaviours"]


def _days(values: pd.Series) -> np.ndarray:
    return pd.to_numeric(values.replace("", None), errors="coerce").to_numpy(float)


def _category(values, categories: list[str]) -> pd.Categorical:
    """Codes as a categorical of fixed, sorted categories (the build's order), the same for every file."""
    return pd.Categorical(values, categories=sorted(categories))


def answers(raw: pd.DataFrame, postal_codes: dict[str, str]) -> pd.DataFrame:
    """The consented Kanagawa answers of one file, classified: respondent, time, group columns, 0/1 counts.

    Done file by file, with the group columns as categoricals, so only these compact columns of all the files
    are in memory at once.
    """
    df = raw[raw["consent"].str.strip().str.lower().isin(YES)]
    municipality = df["postal_code"].str.replace("-", "").map(postal_codes)
    df = df[municipality.notna()]
    answered = pd.to_datetime(df["answered_at"], format="ISO8601", utc=True)
    age = pd.to_numeric(df["age"]).to_numpy()
    decade = pd.Series(age // 10 * 10)
    only_none = df["conditions"].fillna("").str.fullmatch(r"none(;none)*").to_numpy(bool)  # "none": no condition
    high_risk = (age >= 65) | ~only_none
    fever = (df["fever"] == "true").to_numpy()
    fatigue = (df["fatigue_or_breathless"] == "true").to_numpy()
    fever_days, fatigue_days = _days(df["fever_days"]), _days(df["fatigue_days"])
    symptom_days = np.maximum(np.where(fever, np.nan_to_num(fever_days, nan=-1), -1),
                              np.where(fatigue, np.nan_to_num(fatigue_days, nan=-1), -1))
    symptomatic = fever | fatigue
    consult = symptomatic & (symptom_days >= np.where(high_risk, 2, 4))
    behaviours = df["behaviours"].fillna("").str.strip()
    marked = ";" + behaviours + ";"
    out = pd.DataFrame({
        "respondent_id": df["respondent_id"].to_numpy(), "answered": answered.to_numpy(),
        "date": answered.dt.tz_convert("Asia/Tokyo").dt.tz_localize(None).dt.normalize().to_numpy(),
        "municipality_code": _category(municipality[municipality.notna()], list(set(postal_codes.values()))),
        "age_band": _category(np.where(age >= 90, "90+", decade.astype(str) + "-" + (decade + 9).astype(str)),
                              AGE_BANDS),
        "sex": _category(df["sex"], list(SEXES)), "occupation": _category(df["occupation"], list(OCCUPATIONS)),
        "high_risk": high_risk,
        "fever": fever, "fever_4d": fever & (np.nan_to_num(fever_days, nan=0) >= 4),
        "fatigue_or_breathless": fatigue, "symptomatic": symptomatic, "consult": consult,
        "symptomatic_high_risk": symptomatic & ~consult & high_risk,
        "behaviour_respondents": (behaviours != "").to_numpy(),
    })
    for code in BEHAVIOURS:
        out[code] = marked.str.contains(f";{code};", regex=False).to_numpy()
    return out


def responses_daily(files: list[Path], postal_codes: dict[str, str] | None = None) -> pd.DataFrame:
    """responses_daily of the answers in the Parquet files, ordered by the group columns as the build's."""
    postal_codes = kanagawa_postal_codes() if postal_codes is None else postal_codes
    rows = pd.concat([answers(pd.read_parquet(f, columns=USED), postal_codes) for f in sorted(files)],
                     ignore_index=True)
    # The last answer of each respondent and day. The sort is stable, so among equal times the later row (file
    # name order, then row order, as the build reads them) stays last. A repeated answer (same response id and
    # content) has its original's respondent, day and time, so this step drops it too.
    rows = rows.sort_values("answered", kind="stable").drop_duplicates(["respondent_id", "date"], keep="last")
    grouped = rows.groupby(GROUP, sort=True, observed=True)
    table = grouped[COUNTS].sum().astype("int64")
    table.insert(0, "respondents", grouped.size().astype("int64"))
    table = table.reset_index()
    return table.astype({c: str for c in GROUP[1:5]})
