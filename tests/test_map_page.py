"""AppTest of the Map page (地図) on the fixture build, in Japanese and English."""

import datetime as dt
import json

import pandas as pd
import pytest

from dashboard.charts import map as charts
from dashboard.i18n import strings
from queries import map as queries

LAST = dt.date(2020, 6, 30)


def deck_spec(at) -> dict:
    (deck,) = at.get("deck_gl_json_chart")  # one pydeck chart on the page
    return json.loads(deck.proto.json)


def expected_table(build, lang: str, metric: str, end: dt.date) -> pd.DataFrame:
    headers = {k: strings(lang)[f"map.col_{k}"] for k in charts.TABLE_COLUMNS}
    return charts.area_table(queries.area_rates(build, metric, end), lang, headers)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_map_page_renders_with_defaults(app_test, fixture_build, lang):
    at = app_test("map", lang)
    assert not at.exception
    assert at.title[0].value == strings(lang)["map.title"]
    assert [box.value for box in at.selectbox] == ["fever", LAST]
    assert at.multiselect[0].value == ["areas", "postal"]
    assert any(info.value == strings(lang)["common.note.indirect_indicator"] for info in at.info)
    pd.testing.assert_frame_equal(at.dataframe[0].value.reset_index(drop=True),
                                  expected_table(fixture_build, lang, "fever", LAST), check_dtype=False)
    spec = deck_spec(at)
    assert [layer["@@type"] for layer in spec["layers"]] == ["GeoJsonLayer", "ScatterplotLayer"]
    assert spec["mapStyle"] == "__MAP_STYLE__" and "http" not in json.dumps(spec)  # no basemap, no tiles
    assert len(at.get("vega_lite_chart")) == 1  # the legend


def test_table_numbers_are_the_query_results(app_test, fixture_build):
    at = app_test("map", "ja")
    table = at.dataframe[0].value.set_index("市区町村")
    assert table.loc["藤沢市", "回答者数（7日間）"] == 1150
    assert table.loc["藤沢市", "割合（%）"] == pytest.approx(4.26)
    assert table.loc["鎌倉市", ["95 %区間 下限（%）", "95 %区間 上限（%）"]].tolist() == [1.2, 3.33]
    assert table.loc["葉山町", "データ不足"] and pd.isna(table.loc["葉山町", "割合（%）"])
    tooltips = [f["properties"]["tooltip"] for f in deck_spec(at)["layers"][0]["data"]["features"]]
    assert "葉山町\n回答者数: 0\n発熱者の割合: データ不足" in tooltips


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_url_restores_the_filters(app_test, fixture_build, lang):
    at = app_test("map", lang, {"metric": "consult", "end": "2020-06-23", "layers": "areas"})
    assert not at.exception
    assert [box.value for box in at.selectbox] == ["consult", dt.date(2020, 6, 23)]
    assert at.multiselect[0].value == ["areas"]
    pd.testing.assert_frame_equal(at.dataframe[0].value.reset_index(drop=True),
                                  expected_table(fixture_build, lang, "consult", dt.date(2020, 6, 23)),
                                  check_dtype=False)
    assert [layer["@@type"] for layer in deck_spec(at)["layers"]] == ["GeoJsonLayer"]
    assert at.query_params["metric"] == "consult" and at.query_params["end"] == "2020-06-23"
    assert "2020" in at.subheader[0].value and strings(lang)["common.metric.consult"] in at.subheader[0].value


def test_changing_a_filter_writes_it_to_the_url(app_test):
    at = app_test("map", "ja")  # (AppTest formats options outside the app, where the language is the default)
    at.selectbox[0].set_value("symptomatic").run()
    at.selectbox[1].set_value(dt.date(2020, 6, 1)).run()
    assert not at.exception
    assert at.subheader[0].value.startswith(strings("ja")["common.metric.symptomatic"])
    assert at.query_params["metric"] == "symptomatic" and at.query_params["end"] == "2020-06-01"


def test_invalid_url_values_fall_back_to_defaults(app_test):
    at = app_test("map", "ja", {"metric": "cases", "end": "1999-01-01", "layers": "satellite"})
    assert not at.exception
    assert [box.value for box in at.selectbox] == ["fever", LAST]
    assert at.multiselect[0].value == ["areas", "postal"]


def test_no_layers_still_draws_the_boundaries(app_test):
    at = app_test("map", "ja", {"layers": ""})
    assert not at.exception
    (areas,) = deck_spec(at)["layers"]
    assert areas["stroked"] and all(f["properties"]["fill"][3] == 0 for f in areas["data"]["features"])


def test_map_style_can_be_configured(app_test, monkeypatch):
    monkeypatch.setenv("DASHBOARD_MAP_STYLE", "light")
    assert deck_spec(app_test("map", "ja"))["mapProvider"] == "carto"
