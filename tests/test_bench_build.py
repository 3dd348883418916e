"""The rules-free floor of benchmarks/bench_build.py counts what it says it does: one answer per respondent and day,
repeated answer ids left out. Its cost is the lower bound that the README quotes for any build."""

import pandas as pd

from benchmarks.bench_build import step_floor
from ingest import demo
from tests.test_bench_pandas import extra_answers


def test_floor_keeps_one_answer_per_respondent_day_without_repeated_ids(tmp_path):
    raw = tmp_path / "raw"
    files = demo.generate(raw, responses=3000, seed=5)
    extra_answers(files[0]).to_parquet(raw / "extra.parquet", index=False)  # a repeated id, a later answer, ...
    # and the repeated id of an answer that is its respondent's only one that day: that respondent-day goes
    demo_answers = pd.read_parquet(files[-1])
    days = demo_answers.groupby(["respondent_id", demo_answers["answered_at"].str[:10]])["response_id"]
    demo_answers[days.transform("size") == 1].tail(1).to_parquet(raw / "repeated.parquet", index=False)
    answers = pd.concat([pd.read_parquet(f) for f in sorted(raw.glob("*.parquet"))], ignore_index=True)
    answers["day"] = answers["answered_at"].str[:10]

    once = answers[~answers["response_id"].duplicated(keep=False)]
    last = once.sort_values("answered_at").groupby(["respondent_id", "day"]).tail(1)
    floor = step_floor(raw)

    assert len(once) == len(answers) - 4
    assert floor["rows"] == len(last) < len(answers)
    assert floor["detail"].startswith(f"{last.groupby(['day', 'postal_code'], dropna=False).ngroups} groups")
