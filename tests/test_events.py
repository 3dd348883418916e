"""Events on the time axis: the reference CSV of states of emergency and priority measures, and their layers."""

import datetime as dt
from urllib.parse import urlparse

import pandas as pd

from dashboard.charts.overview import EVENT_COLORS, fever_vs_cases
from queries import events, overview

TITLES = dict(fever_title="発熱", cases_title="陽性", date_title="日付", interval_title="区間",
              respondents_title="回答者")


def test_measures_file_rows_and_sources():
    frame = events.measures()
    assert list(frame.columns) == ["kind", "start", "end", "name_ja", "name_en", "source_url"]
    assert set(frame["kind"]) == set(events.KINDS)
    assert (frame["start"] <= frame["end"]).all()
    assert all(urlparse(u).scheme == "https" and urlparse(u).netloc for u in frame["source_url"])
    emergency = frame[frame.kind == "emergency"]
    spans = zip(emergency.start, emergency.end, strict=True)
    assert [(s.date().isoformat(), e.date().isoformat()) for s, e in spans] == [
        ("2020-04-07", "2020-05-25"), ("2021-01-08", "2021-03-21"),
        ("2021-08-02", "2021-09-30")]
    priority = frame[frame.kind == "priority"]
    spans = zip(priority.start, priority.end, strict=True)
    assert [(s.date().isoformat(), e.date().isoformat()) for s, e in spans] == [
        ("2021-04-20", "2021-08-01"), ("2022-01-21", "2022-03-21")]
    ordered = frame.sort_values("start")
    assert (ordered["start"].iloc[1:].to_numpy() > ordered["end"].iloc[:-1].to_numpy()).all()  # no overlaps


def test_overlapping_clips_to_the_period():
    clipped = events.overlapping(events.measures(), dt.date(2020, 5, 1), dt.date(2021, 1, 10))
    assert list(clipped["name_en"]) == ["State of emergency (1st)", "State of emergency (2nd)"]
    assert clipped["start"].iloc[0] == pd.Timestamp("2020-05-01")
    assert clipped["end"].iloc[1] == pd.Timestamp("2021-01-10")
    assert events.overlapping(events.measures(), dt.date(2022, 6, 1), dt.date(2022, 7, 1)).empty


def test_chart_draws_shaded_ranges_with_names(fixture_build):
    series = overview.series(fixture_build, "14", dt.date(2020, 3, 15), dt.date(2020, 6, 30), 100)
    shown = events.named(events.overlapping(events.measures(), dt.date(2020, 3, 15), dt.date(2020, 6, 30)), "ja")
    spec = fever_vs_cases(series, events=shown, **TITLES).to_dict()
    shade, label = spec["layer"][0], spec["layer"][1]
    assert shade["mark"]["type"] == "rect" and shade["encoding"]["x2"]["field"] == "end"
    assert shade["encoding"]["color"]["scale"]["range"] == list(EVENT_COLORS.values())
    assert label["mark"]["type"] == "text" and label["encoding"]["text"]["field"] == "name"
    assert shade["encoding"]["x"]["title"] == "日付"  # one title on the shared date axis
    data = spec["datasets"][shade["data"]["name"]]
    assert [row["name"] for row in data] == ["緊急事態宣言（第1回）"]
    # without events the chart is the overview's two layers, unchanged
    assert len(fever_vs_cases(series, **TITLES).to_dict()["layer"]) == 2


def test_overview_page_toggles_events(app_test):
    at = app_test("overview", "ja", {"period": "2020-04-01..2020-06-30"})
    assert not at.exception
    assert at.radio(key="url_events").value == "on"
    assert '"rect"' in at.get("vega_lite_chart")[0].proto.spec
    at = app_test("overview", "en", {"period": "2020-04-01..2020-06-30", "events": "off"})
    assert not at.exception
    assert at.radio(key="url_events").value == "off"
    assert '"rect"' not in at.get("vega_lite_chart")[0].proto.spec
