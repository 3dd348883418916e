"""Briefing content on the fixture build (hand-computed), and saved briefings: frozen, reopened after a newer
build with their old numbers, compared with the previous saved briefing."""

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest

from dashboard import briefing, briefing_store
from ingest.publish import switch_pointer
from queries.common import build_info
from queries.runner import current_build
from tests.conftest import run_app
from tests.fixture_build import make_fixture_build

AS_OF = dt.date(2020, 6, 30)


@pytest.fixture
def store(tmp_path, monkeypatch):
    folder = tmp_path / "briefings"
    monkeypatch.setenv(briefing_store.ENV, str(folder))
    return folder


def fresh(build, area="14", as_of=AS_OF, events=True):
    return briefing.content(build, build_info(build), area, as_of, events)


def test_content_figures_are_the_hand_computed_ones(fixture_build):
    data = fresh(fixture_build)
    f = data["figures"]
    assert f["fever_rate"] == pytest.approx(77 / 2200)
    assert f["fever_change_points"] == pytest.approx((77 / 2200 - 49 / 2100) * 100)
    assert f["respondents_7d"] == 2200
    assert f["cases_7d_avg"] == pytest.approx(20) and f["cases_ratio"] == pytest.approx(2)
    # telework on Friday 2020-06-26, the one behaviour day of the window: (16 + 8 + 26) / 300
    assert f["prevention_behaviour"] == "telework" and f["prevention_share"] == pytest.approx(50 / 300)
    assert data["trends"]["fever"]["direction"] == "rising" and data["trends"]["cases"]["direction"] == "rising"
    assert len(data["series"]) == 90 and data["series"][-1]["date"] == "2020-06-30"
    assert [e["name_ja"] for e in data["events"]] == ["緊急事態宣言（第1回）"]
    assert data["events"][0]["start"] == "2020-04-07" and data["events"][0]["end"] == "2020-05-25"
    assert data["credits"][0]["ja"] == "出典：厚生労働省 オープンデータ"
    assert json.loads(json.dumps(data)) == data  # JSON-ready as it is


def test_events_off_and_area_credit(fixture_build):
    data = fresh(fixture_build, area="hc05", events=False)
    assert data["events"] == []
    assert data["area_name"]["ja"] == "藤沢市保健所"
    assert "神奈川県" in data["credits"][0]["ja"]


def test_headline_templates(fixture_build):
    data = fresh(fixture_build)
    assert briefing.headline(data, "ja") == (
        "神奈川県の発熱者の割合は3.50 %で、前週より1.17ポイント上がりました。"
        "陽性患者数の7日間平均は1日20.0人（前週比2.00倍）です。発熱者の割合は直近14日間で上昇傾向にあります。")
    assert briefing.headline(data, "en").startswith("In Kanagawa Prefecture the fever rate is 3.50 %, up 1.17 points")


def test_wrap_keeps_every_character():
    text = "神奈川県の発熱者の割合は3.50 %で、前週より1.17ポイント上がりました。" * 3
    lines = briefing.wrap(text, 40)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(sum(2 if ord(ch) >= 0x3000 else 1 for ch in line) <= 40 for line in lines)
    assert briefing.wrap("one two three four", 9) == ["one two", "three", "four"]
    assert briefing.wrap("up (×2.00 on the week)", 12) == ["up (×2.00 on", "the week)"]  # never inside a word


def publish_changed_build(builds_dir: Path) -> None:
    """A newer build whose fever counts differ (every cell one fever more a day)."""
    make_fixture_build(builds_dir, build_id="fixture-newer")
    path = builds_dir / "staff-fixture-newer.duckdb"
    con = duckdb.connect(str(path))
    con.execute("UPDATE responses_daily SET fever = fever + 1")
    con.close()
    switch_pointer(builds_dir, {"build_id": "fixture-newer", "staff": path.name})


def test_saved_briefing_reopens_with_its_old_numbers_after_a_new_build(fixture_build, store):
    first = fresh(fixture_build)
    first_id = briefing_store.save(first, now=dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC))
    assert (store / f"{first_id}.json").is_file()

    publish_changed_build(Path(fixture_build.path).parent)
    newer_build = current_build()
    assert newer_build.build_id == "fixture-newer"
    newer = fresh(newer_build)
    assert newer["figures"]["fever_rate"] == pytest.approx((77 + 7 * 3) / 2200)

    reopened = briefing_store.load(first_id)["content"]
    assert reopened == first
    assert briefing.slide_text(reopened, "ja").figures[0].value == "3.50 %"
    assert reopened["build_id"] == "fixture"

    second_id = briefing_store.save(newer, now=dt.datetime(2026, 1, 6, 9, 0, tzinfo=dt.UTC))
    assert [r["id"] for r in briefing_store.saved()] == [first_id, second_id]
    assert briefing_store.previous(second_id)["id"] == first_id and briefing_store.previous(first_id) is None
    changed = {key: (before, after) for key, before, after in briefing.changes(newer, first)}
    assert changed["fever_rate"] == (pytest.approx(77 / 2200), pytest.approx(98 / 2200))
    assert "cases_7d_avg" not in changed

    # The page, on the newer build, shows the saved briefing's numbers and what changed since the one before.
    at = run_app("briefing", "ja", {"saved": first_id})
    assert not at.exception
    assert "3.50 %" in at.markdown[0].value
    assert "fixture" in at.info[0].value
    at = run_app("briefing", "ja", {"saved": second_id})
    assert not at.exception
    assert "4.45 %" in at.markdown[0].value
    assert len(at.dataframe) == 2  # the slide's table and the changes


def test_unknown_or_unsafe_ids_are_not_loaded(store):
    assert briefing_store.load("nope") is None
    assert briefing_store.load("../secrets") is None
    assert briefing_store.saved() == []


def test_insufficient_data_is_said_never_zero(fixture_build):
    """Before 7 days of data there is no rate, no average and no trend: the slide says so."""
    data = fresh(fixture_build, as_of=dt.date(2020, 3, 3))
    assert data["figures"]["fever_rate"] is None and data["figures"]["cases_7d_avg"] is None
    assert data["trends"] == {"fever": None, "cases": None}
    text = briefing.slide_text(data, "ja")
    assert [f.value for f in text.figures] == ["データ不足", "—", "データ不足"]
    assert all(f.badge is None for f in text.figures)
    assert "0.00 %" not in text.headline and "データが不足" in text.headline
