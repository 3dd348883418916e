"""Spec of the Overview chart: fields, titles, two independent y scales in the series' colours, Japanese font."""

import datetime as dt

import pytest

from dashboard.charts import overview as charts
from dashboard.charts.palette import FONT
from queries import overview

TITLES = dict(fever_title="発熱者の割合（7日間、%）", cases_title="陽性患者数（7日間平均、人）", date_title="日付",
              interval_title="95 %信頼区間", respondents_title="回答者数（7日間）")


@pytest.fixture
def spec(fixture_build):
    series = overview.series(fixture_build, "14", dt.date(2020, 6, 1), dt.date(2020, 6, 30), 100)
    return charts.fever_vs_cases(series, **TITLES).to_dict()


def layers(spec):
    """The leaf layers of a layered spec, in drawing order."""
    for layer in spec["layer"]:
        yield from (layers(layer) if "layer" in layer else [layer])


def test_two_independent_y_scales(spec):
    assert spec["resolve"]["scale"]["y"] == "independent"
    cases, band, line = layers(spec)
    assert cases["encoding"]["y"]["field"] == "cases_7d_avg"
    assert cases["encoding"]["y"]["axis"]["orient"] == "right"
    assert band["encoding"]["y"]["field"] == "fever_low_pct" and band["encoding"]["y2"]["field"] == "fever_high_pct"
    assert line["encoding"]["y"]["field"] == "fever_pct"
    assert line["encoding"]["y"]["axis"]["orient"] == "left"
    assert all(layer["encoding"]["x"]["field"] == "date" for layer in (cases, band, line))


def test_titles_and_colours_match(spec):
    cases, band, line = layers(spec)
    assert line["encoding"]["y"]["title"] == TITLES["fever_title"]
    assert cases["encoding"]["y"]["title"] == TITLES["cases_title"]
    assert line["encoding"]["x"]["title"] == "日付"
    assert line["encoding"]["y"]["axis"]["titleColor"] == line["mark"]["color"] == charts.FEVER_COLOR
    assert band["mark"]["color"] == charts.FEVER_COLOR
    assert cases["encoding"]["y"]["axis"]["titleColor"] == cases["mark"]["color"] == charts.CASES_COLOR
    assert charts.FEVER_COLOR != charts.CASES_COLOR
    assert [m["mark"]["type"] for m in (cases, band, line)] == ["bar", "area", "line"]


def test_font_and_data(spec):
    assert spec["config"]["font"] == FONT
    assert spec["config"]["axis"]["titleFont"] == FONT
    rows = next(iter(spec["datasets"].values()))
    assert len(rows) == 30
    last = rows[-1]
    assert last["fever_pct"] == pytest.approx(3.5)
    assert last["cases_7d_avg"] == pytest.approx(20)


def test_plot_frame_percentages(fixture_build):
    series = overview.series(fixture_build, "14", dt.date(2020, 3, 1), dt.date(2020, 3, 7), 100)
    frame = charts.plot_frame(series)
    assert frame.fever_pct.isna().sum() == 6  # gaps, not zeros, before the first full window
    assert frame.fever_pct.iloc[-1] == pytest.approx(100 * 49 / 2100)


def test_date_labels_follow_the_period(fixture_build):
    short = overview.series(fixture_build, "14", dt.date(2020, 4, 1), dt.date(2020, 6, 30), 100)
    assert charts.fever_vs_cases(short, **TITLES).to_dict()["layer"][0]["encoding"]["x"]["axis"]["format"] == "%m/%d"
    assert charts.date_format(short.date) == "%m/%d"
    longer = short.assign(date=short.date + (short.date - short.date.min()) * 2)  # stretched over 270 days
    assert charts.date_format(longer.date) == "%Y/%m"
