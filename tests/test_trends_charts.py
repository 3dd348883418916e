"""Spec tests of the Trends chart builders: fields, titles, scales, palette and the Japanese font."""

import numpy as np
import pandas as pd
import pytest
import vl_convert as vlc

from dashboard.charts import trends as charts
from dashboard.charts.palette import FONT, METRIC_COLORS, OKABE_ITO
from dashboard.leadlag import LeadLag

TOOLTIPS = dict(date="日付", group="グループ", rate="割合", rate_low="下限", rate_high="上限", denominator_7d="回答者数")


def rates(groups=("20代",)) -> pd.DataFrame:
    days = pd.date_range("2020-04-01", periods=5)
    frame = pd.DataFrame([(d, g) for g in groups for d in days], columns=["date", "group"])
    return frame.assign(rate=0.03, rate_low=0.02, rate_high=0.04, denominator_7d=700)


def assert_japanese_font(spec: dict) -> None:
    config = spec["config"]
    assert config["font"] == FONT
    assert config["axis"]["labelFont"] == FONT and config["axis"]["titleFont"] == FONT
    assert config["legend"]["labelFont"] == FONT and config["title"]["font"] == FONT
    assert config["range"]["category"] == OKABE_ITO


def by_mark(layers: list[dict]) -> dict[str, dict]:
    return {(layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]): layer for layer in layers}


def test_single_series_rate_chart():
    frame = rates()
    frame.loc[2, ["rate", "rate_low", "rate_high"]] = np.nan  # insufficient day
    spec = charts.rate_chart(frame, metric="fever_4d", title="4日以上続く発熱者の割合", x_title="日付",
                             y_title="割合", tooltip_titles=TOOLTIPS).to_dict()
    assert_japanese_font(spec)
    assert spec["title"] == "4日以上続く発熱者の割合"
    layers = by_mark(spec["layer"])
    line, band = layers["line"], layers["area"]
    assert line["encoding"]["y"]["field"] == "rate"
    assert line["encoding"]["y"]["axis"]["format"] == "%"
    assert line["encoding"]["y"]["title"] == "割合" and line["encoding"]["x"]["title"] == "日付"
    assert line["mark"]["color"] == band["mark"]["color"] == METRIC_COLORS["fever_4d"]
    assert (band["encoding"]["y"]["field"], band["encoding"]["y2"]["field"]) == ("rate_low", "rate_high")
    # Insufficient days break the line instead of being joined over (or drawn as zero).
    assert line["mark"]["invalid"] == band["mark"]["invalid"] == "break-paths-show-domains"
    assert {t["field"] for t in line["encoding"]["tooltip"]} == {"date", "rate", "rate_low", "rate_high",
                                                                 "denominator_7d"}
    assert "color" not in line["encoding"]


def test_coloured_lines_per_group():
    frame = rates(("30代", "20代"))
    spec = charts.rate_chart(frame, metric="fever", title="t", x_title="x", y_title="y", group_title="年代",
                             tooltip_titles=TOOLTIPS).to_dict()
    assert_japanese_font(spec)
    for layer in spec["layer"]:
        color = layer["encoding"]["color"]
        assert (color["field"], color["title"], color["sort"]) == ("group", "年代", ["30代", "20代"])
        assert "color" not in layer["mark"]


def test_small_multiples_per_group():
    spec = charts.rate_chart(rates(("a", "b", "c", "d")), metric="consult", title="t", x_title="x", y_title="y",
                             group_title="職業", small_multiples=True, tooltip_titles=TOOLTIPS).to_dict()
    assert_japanese_font(spec)
    assert spec["facet"]["field"] == "group" and spec["facet"]["title"] == "職業"
    assert spec["columns"] == 3
    assert {layer["mark"]["color"] for layer in spec["spec"]["layer"]} == {METRIC_COLORS["consult"]}


def test_small_multiples_when_the_palette_runs_out():
    assert not charts.needs_small_multiples(len(OKABE_ITO))
    assert charts.needs_small_multiples(len(OKABE_ITO) + 1)


def test_fever_cases_chart_has_two_axes():
    frame = pd.DataFrame({"date": pd.date_range("2020-04-01", periods=5), "rate": 0.02, "cases_7d": 70})
    spec = charts.fever_cases_chart(frame, title="発熱と陽性", x_title="日付", rate_title="発熱者の割合",
                                    cases_title="陽性患者数").to_dict()
    assert_japanese_font(spec)
    assert spec["resolve"]["scale"]["y"] == "independent"
    fever, cases = spec["layer"]
    assert fever["encoding"]["y"]["field"] == "rate" and fever["mark"]["color"] == METRIC_COLORS["fever"]
    assert cases["encoding"]["y"]["field"] == "cases_7d" and cases["mark"]["color"] == METRIC_COLORS["cases"]
    assert cases["encoding"]["y"]["title"] == "陽性患者数"


def test_correlation_chart_marks_the_best_lag_and_its_interval():
    frame = pd.DataFrame({"lag": range(-14, 15), "correlation": np.linspace(-0.5, 0.9, 29)})
    spec = charts.correlation_chart(frame, LeadLag(lag=7, correlation=0.9, low=5, high=9, days=90), title="相関",
                                    x_title="ずらした日数", y_title="相関係数").to_dict()
    assert_japanese_font(spec)
    layers = by_mark(spec["layer"])
    bar = layers["bar"]
    assert (bar["encoding"]["x"]["field"], bar["encoding"]["y"]["field"]) == ("lag", "correlation")
    assert bar["encoding"]["y"]["scale"]["domain"] == [-1, 1]
    assert bar["encoding"]["x"]["scale"]["domain"] == [-14, 14]
    datasets = spec["datasets"]
    assert datasets[layers["rule"]["data"]["name"]] == [{"lag": 7, "from": 4.5, "to": 9.5}]
    assert layers["rule"]["encoding"]["x"]["field"] == "lag"
    assert (layers["rect"]["encoding"]["x"]["field"], layers["rect"]["encoding"]["x2"]["field"]) == ("from", "to")
    no_result = charts.correlation_chart(frame, None, title="相関", x_title="x", y_title="y").to_dict()
    assert [layer["mark"]["type"] for layer in no_result["layer"]] == ["bar"]


@pytest.mark.parametrize("build", [
    lambda: charts.rate_chart(rates(("二十代", "三十代")), metric="fever", title="発熱者の割合の推移", x_title="日付",
                              y_title="割合", group_title="年代", tooltip_titles=TOOLTIPS),
    lambda: charts.correlation_chart(pd.DataFrame({"lag": range(-14, 15), "correlation": 0.1}), None,
                                     title="相関", x_title="ずらした日数", y_title="相関係数"),
])
def test_renders_offline_to_png(build):
    png = vlc.vegalite_to_png(build().to_json(), scale=1)
    assert png.startswith(b"\x89PNG")
