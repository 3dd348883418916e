"""The chart builders and table helpers in their public-edition form: weekly points, suppressed values."""

import datetime as dt

import pandas as pd
import pytest

from dashboard.charts import map as map_charts
from dashboard.charts import overview as overview_charts
from dashboard.charts import prevention as prevention_charts
from dashboard.charts import trends as trends_charts
from dashboard.components import shown_counts
from queries import overview

TITLES = dict(fever_title="発熱者の割合（%）", cases_title="陽性患者数（7日間平均、人）", date_title="日付",
              interval_title="95 %信頼区間", respondents_title="回答者数（週）")
TEXTS = map_charts.MapTexts(respondents="回答者数", metric="発熱者の割合", interval="95 %信頼区間",
                            insufficient="データ不足", suppressed="秘匿")


def leaves(spec):
    for layer in spec["layer"]:
        yield from (leaves(layer) if "layer" in layer else [layer])


def test_overview_chart_draws_one_point_per_published_week(public_fixture_build):
    series = overview.series(public_fixture_build, "14", dt.date(2020, 6, 1), dt.date(2020, 6, 30), 100)
    spec = overview_charts.fever_vs_cases(series, **TITLES, weekly=True).to_dict()
    cases, band, line = leaves(spec)
    assert line["mark"]["point"] is True and line["mark"]["invalid"] == "break-paths-show-domains"
    datasets, rates = spec["datasets"], spec["layer"][-1]  # the band and the line share the weekly rows
    assert len(datasets[cases["data"]["name"]]) == 30  # the cases stay daily
    week_rows = datasets[rates["data"]["name"]]
    assert [row["date"][:10] for row in week_rows] == ["2020-06-07", "2020-06-14", "2020-06-21", "2020-06-28"]
    assert [row["fever_pct"] for row in week_rows] == pytest.approx([2.0, 2.0, 3.0, 4.0])
    assert "data" not in band and "data" not in line


def test_staff_overview_chart_is_unchanged(fixture_build):
    series = overview.series(fixture_build, "14", dt.date(2020, 6, 1), dt.date(2020, 6, 30), 100)
    _, band, line = leaves(overview_charts.fever_vs_cases(series, **TITLES).to_dict())
    assert "point" not in line["mark"] and "invalid" not in line["mark"] and "data" not in line


def test_weekly_trend_charts_mark_each_week():
    data = pd.DataFrame({"date": pd.to_datetime(["2020-06-07", "2020-06-14"]), "group": "all", "rate": [0.02, None],
                         "rate_low": [0.01, None], "rate_high": [0.03, None], "denominator_7d": [3000, None]})
    titles = {k: k for k in ("date", "group", "rate", "rate_low", "rate_high", "denominator_7d")}
    spec = trends_charts.rate_chart(data, metric="fever", title="t", x_title="x", y_title="y", points=True,
                                    tooltip_titles=titles).to_dict()
    assert [layer["mark"].get("point") for layer in spec["layer"]] == [None, True]
    shares = pd.DataFrame({"date": data["date"], "label": "手洗い", "kind_label": "個人", "share": [0.9, None],
                           "share_low": [0.8, None], "share_high": [0.95, None],
                           "behaviour_respondents_7d": [600, None]})
    spec = prevention_charts.trend_chart(shares, title="t", x_title="x", y_title="y", behaviour_title="b",
                                         kind_order=["個人"], points=True,
                                         tooltip_titles={k: k for k in ("date", "label", "share",
                                                                        "behaviour_respondents_7d")}).to_dict()
    assert spec["spec"]["layer"][0]["mark"]["point"] is True


def test_map_tooltip_and_table_say_suppressed():
    assert map_charts.tooltip_text("逗子市", None, None, None, None, TEXTS, suppressed=True) == (
        "逗子市\n回答者数: 秘匿\n発熱者の割合: 秘匿")
    assert map_charts.tooltip_text("葉山町", 40, None, None, None, TEXTS) == (
        "葉山町\n回答者数: 40\n発熱者の割合: データ不足")
    areas = pd.DataFrame({"name_ja": ["鎌倉市", "逗子市"], "name_en": ["Kamakura", "Zushi"],
                          "area_name_ja": ["鎌倉", "鎌倉"], "area_name_en": ["K", "K"],
                          "respondents": pd.array([1000, None], dtype="Int64"), "rate": [0.02, None],
                          "rate_low": [0.01, None], "rate_high": [0.03, None], "sufficient": [True, False]})
    headers = {k: k for k in map_charts.TABLE_COLUMNS}
    assert map_charts.area_table(areas, "ja", headers, suppressed="秘匿")["respondents"].tolist() == ["1000", "秘匿"]
    whole = areas.assign(respondents=[1000, 500])
    assert map_charts.area_table(whole, "ja", headers)["respondents"].tolist() == [1000, 500]  # staff: numbers


def test_shown_counts_never_turn_suppressed_into_zero():
    counts = pd.Series([0, None, 12], dtype="Int64")
    assert shown_counts(counts).tolist() == ["0", "秘匿", "12"]
    between_weeks = shown_counts(pd.Series([None, None], dtype="Int64"), pd.Series([True, False]))
    assert between_weeks.iloc[0] == "秘匿" and pd.isna(between_weeks.iloc[1])
