"""Spec tests of the Prevention chart builders: fields, order, the two kind colours and the Japanese font."""

import numpy as np
import pandas as pd
import vl_convert as vlc

from dashboard.charts import prevention as charts
from dashboard.charts.palette import FONT, ORGANISATIONAL_COLOR, PERSONAL_COLOR

KINDS = {"personal": "個人でできる対策", "organisational": "組織の取り組みが必要な対策"}
SHARE_TIPS = dict(label="予防行動", share="割合", share_low="下限", share_high="上限", behaviour_respondents="回答者数")


def shares() -> pd.DataFrame:
    return pd.DataFrame({
        "label": ["テレワーク", "手洗い", "換気", "時差通勤"],
        "kind_label": [KINDS["organisational"], KINDS["personal"], KINDS["personal"], KINDS["organisational"]],
        "share": [0.085, 0.915, 0.493, np.nan],
        "share_low": [0.06, 0.89, 0.45, np.nan],
        "share_high": [0.11, 0.93, 0.53, np.nan],
        "behaviour_respondents": [300, 300, 300, 50],
    })


def test_shares_chart_sorted_bars_in_kind_colours():
    spec = charts.shares_chart(shares(), title="予防行動", x_title="割合", kind_title="対策の種類", kind_labels=KINDS,
                               tooltip_titles=SHARE_TIPS).to_dict()
    assert spec["config"]["font"] == FONT and spec["config"]["axis"]["labelFont"] == FONT
    assert spec["title"] == "予防行動"
    bars, interval, labels = spec["layer"]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["y"]["sort"] == ["手洗い", "換気", "テレワーク", "時差通勤"]
    assert bars["encoding"]["x"]["field"] == "share" and bars["encoding"]["x"]["axis"]["format"] == "%"
    assert bars["encoding"]["x"]["scale"]["domain"] == [0, 1]
    color = bars["encoding"]["color"]
    assert color["field"] == "kind_label" and color["title"] == "対策の種類"
    assert color["scale"] == {"domain": [KINDS["personal"], KINDS["organisational"]],
                              "range": [PERSONAL_COLOR, ORGANISATIONAL_COLOR]}
    assert (interval["encoding"]["x"]["field"], interval["encoding"]["x2"]["field"]) == ("share_low", "share_high")
    assert labels["encoding"]["text"]["field"] == "share"
    # A share without enough answers is left out, not drawn as a zero bar.
    assert bars["mark"]["invalid"] == "filter"


def test_trend_chart_one_panel_per_kind():
    frame = pd.DataFrame({"date": pd.date_range("2020-04-01", periods=2).repeat(2),
                          "label": ["手洗い", "テレワーク"] * 2, "kind_label": [KINDS["personal"], KINDS["organisational"]] * 2,
                          "share": [0.9, 0.1, 0.9, np.nan], "behaviour_respondents_7d": [300, 300, 300, 50]})
    spec = charts.trend_chart(frame, title="推移", x_title="日付", y_title="割合", behaviour_title="予防行動",
                              kind_order=list(KINDS.values()),
                              tooltip_titles=dict(date="日付", label="予防行動", share="割合",
                                                  behaviour_respondents_7d="回答者数")).to_dict()
    assert spec["config"]["font"] == FONT
    assert spec["facet"]["column"]["field"] == "kind_label"
    assert spec["facet"]["column"]["sort"] == list(KINDS.values())
    (line,) = spec["spec"]["layer"]
    assert line["encoding"]["y"]["field"] == "share" and line["encoding"]["y"]["scale"]["domain"] == [0, 1]
    assert line["encoding"]["color"]["field"] == "label" and line["encoding"]["color"]["title"] == "予防行動"
    assert line["mark"]["invalid"] == "break-paths-show-domains"


def test_group_heatmap():
    frame = pd.DataFrame({"label": ["手洗い", "手洗い", "テレワーク", "テレワーク"], "group": ["20代", "70代"] * 2,
                          "share": [0.9, np.nan, 0.1, np.nan]})
    spec = charts.group_heatmap(frame, title="年代別", group_title="年代", behaviour_order=["手洗い", "テレワーク"],
                                group_order=["20代", "70代"], share_title="割合").to_dict()
    assert spec["config"]["font"] == FONT
    cells, text = spec["layer"]
    assert cells["mark"]["type"] == "rect"
    assert cells["encoding"]["x"]["field"] == "group" and cells["encoding"]["x"]["sort"] == ["20代", "70代"]
    assert cells["encoding"]["y"]["field"] == "label" and cells["encoding"]["y"]["sort"] == ["手洗い", "テレワーク"]
    assert cells["encoding"]["color"]["field"] == "share"
    assert cells["encoding"]["color"]["scale"] == {"scheme": "viridis", "domain": [0, 1]}
    assert text["encoding"]["text"]["field"] == "share"


def test_renders_offline_to_png():
    chart = charts.shares_chart(shares(), title="予防行動の割合", x_title="割合", kind_title="対策の種類",
                                kind_labels=KINDS, tooltip_titles=SHARE_TIPS)
    assert vlc.vegalite_to_png(chart.to_json(), scale=1).startswith(b"\x89PNG")
