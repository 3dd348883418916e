"""Spec tests of the Map page's builders: layers, no basemap, grey for insufficient data, tooltips, legend."""

import datetime as dt
import json
import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.charts import map as charts
from dashboard.charts.palette import FONT
from queries import map as queries

TEXTS = charts.MapTexts(respondents="回答者数", metric="発熱者の割合", interval="95 %信頼区間", insufficient="データ不足")
GREY = charts._rgba(charts.INSUFFICIENT, charts.INSUFFICIENT_ALPHA)
SQUARE = {"type": "MultiPolygon", "coordinates": [[[[139.5, 35.3], [139.6, 35.3], [139.6, 35.4], [139.5, 35.3]]]]}

AREAS = pd.DataFrame({
    "municipality_code": ["14204", "14208", "14301"],
    "name_ja": ["鎌倉市", "逗子市", "葉山町"],
    "name_en": ["Kamakura", "Zushi", None],
    "area_code": ["hc09"] * 3,
    "area_name_ja": ["鎌倉保健福祉事務所管内"] * 3,
    "area_name_en": ["Kamakura Pref. HWO area"] * 3,
    "respondents": [700, 50, 0],
    "rate": [0.02, float("nan"), float("nan")],
    "rate_low": [0.011950, float("nan"), float("nan")],
    "rate_high": [0.033289, float("nan"), float("nan")],
    "sufficient": [True, False, False],
})
POSTAL = pd.DataFrame({
    "postal_code": ["2480005", "2490001"],
    "place_ja": ["鎌倉市雪ノ下", "逗子市久木"],
    "lat": [35.3234, 35.305],
    "lon": [139.5597, 139.575],
    "respondents": [400, 100],
    "rate": [0.045, float("nan")],
    "rate_low": [0.028, float("nan")],
    "rate_high": [0.071, float("nan")],
    "sufficient": [True, False],
})
GEOMETRIES = {code: SQUARE for code in AREAS.municipality_code}


def deck_json(**kwargs) -> dict:
    args = dict(areas=AREAS, geometries=GEOMETRIES, postal=POSTAL, edges=[0, 1, 2, 3, 4], texts=TEXTS, lang="ja")
    return json.loads(charts.map_deck(**(args | kwargs)).to_json())


def layer(spec: dict, layer_id: str) -> dict:
    return next(item for item in spec["layers"] if item["id"] == layer_id)


@pytest.mark.parametrize("rates, edges", [
    ([0.02, 0.04, 0.042609], [0, 1, 2, 3, 4]),
    ([0.02], [0, 0.5, 1, 1.5, 2]),
    ([0.2, float("nan")], [0, 5, 10, 15, 20]),
    ([0.003], [0, 0.1, 0.2, 0.3, 0.4]),
    ([0.011], [0, 0.25, 0.5, 0.75, 1]),
    ([], [0, 1, 2, 3, 4]),
    ([float("nan")], [0, 1, 2, 3, 4]),
    ([0.0], [0, 1, 2, 3, 4]),
])
def test_bin_edges_are_round_steps_from_zero(rates, edges):
    assert charts.bin_edges(pd.Series(rates, dtype=float)) == pytest.approx(edges)


@given(st.lists(st.floats(min_value=1e-5, max_value=1.0), min_size=1, max_size=30))
def test_bin_edges_span_the_highest_rate_with_little_to_spare(rates):
    edges = charts.bin_edges(pd.Series(rates))
    step, top = edges[1], max(rates) * 100
    assert edges == pytest.approx([i * step for i in range(len(charts.SCALE))])
    assert top <= len(charts.SCALE) * step * (1 + 1e-9)  # every rate falls in a class of the scale's width
    assert top > len(charts.SCALE) * step / 2.5  # and the next smaller nice step would not do
    assert all(charts.rate_class(r, edges) in range(len(charts.SCALE)) for r in rates)


def test_rate_classes_include_their_lower_edge():
    edges = [0, 1, 2, 3, 4]
    assert [charts.rate_class(r, edges) for r in (0.0, 0.0099, 0.01, 0.03, 0.04, 0.5)] == [0, 0, 1, 3, 4, 4]
    assert charts.rate_class(14 / 350, edges) == 4  # 4 % exactly, however the division rounds
    assert charts.rate_class(float("nan"), edges) is None and charts.rate_class(None, edges) is None


def test_rate_colours_follow_the_scale_and_insufficient_is_grey():
    edges = [0, 1, 2, 3, 4]
    assert charts.rate_colour(0.005, edges) == [253, 231, 37, 220]  # lightest viridis step: lowest rates
    assert charts.rate_colour(0.05, edges) == [68, 1, 84, 220]  # darkest: highest
    assert charts.rate_colour(float("nan"), edges) == GREY
    assert GREY[:3] == [200, 200, 200] and GREY not in [charts._rgba(c) for c in charts.SCALE]
    assert charts.rate_colour(0.0, edges) != GREY  # a real zero rate is a colour, not "insufficient"


def test_legend_labels_in_percent():
    assert charts.legend_labels([0, 0.5, 1, 1.5, 2]) == ["0–0.5 %", "0.5–1 %", "1–1.5 %", "1.5–2 %", "≥ 2 %"]


def test_legend_chart_has_the_classes_and_the_insufficient_swatch():
    spec = charts.legend_chart([0, 1, 2, 3, 4], "発熱者の割合（7日間）", "データ不足").to_dict()
    scale = spec["encoding"]["color"]["scale"]
    assert scale["domain"] == ["0–1 %", "1–2 %", "2–3 %", "3–4 %", "≥ 4 %", "データ不足"]
    assert scale["range"] == charts.SCALE + [charts.INSUFFICIENT]
    assert spec["encoding"]["x"]["sort"] == scale["domain"]
    assert spec["mark"]["type"] == "rect"
    assert spec["title"] == "発熱者の割合（7日間）"
    assert spec["config"]["font"] == FONT


def test_deck_has_boundaries_and_postal_layers_and_no_basemap():
    spec = deck_json()
    assert [item["@@type"] for item in spec["layers"]] == ["GeoJsonLayer", "ScatterplotLayer"]
    areas = layer(spec, "areas")
    assert areas["stroked"] and areas["getLineColor"] == charts.LINE and areas["lineWidthMinPixels"] >= 1
    assert areas["pickable"] and layer(spec, "postal")["pickable"]
    # No tiles: no map provider and no style URL, which Streamlit reads as "no basemap".
    assert "mapProvider" not in spec
    assert spec["mapStyle"] == "__MAP_STYLE__"
    assert "http" not in json.dumps(spec)
    assert spec["initialViewState"] == charts.fit_view(GEOMETRIES)
    assert spec.get("tooltip", None) is None  # the tooltip travels on its own, see below
    assert charts.map_deck(AREAS, GEOMETRIES, None, [0, 1, 2, 3, 4], TEXTS, "ja")._tooltip == {"text": "{tooltip}"}


def test_view_fits_the_boundaries():
    view = charts.fit_view(GEOMETRIES)
    assert (view["longitude"], view["latitude"]) == pytest.approx((139.55, 35.35))

    def pixels(zoom):  # width and height of the 0.1° square on screen at that zoom
        scale = 512 * 2 ** zoom / 360
        return 0.1 * scale, 0.1 * scale / math.cos(math.radians(35.35))

    width, height = pixels(view["zoom"])
    assert width <= charts.FIT_PX[0] + 1 and height <= charts.FIT_PX[1] + 1
    assert max(w / limit for w, limit in zip(pixels(view["zoom"] + 0.1), charts.FIT_PX)) > 1
    assert charts.fit_view({}) == charts.KANAGAWA_VIEW


def test_a_configured_map_style_turns_the_basemap_on():
    spec = deck_json(map_style="light")
    assert spec["mapProvider"] == "carto"
    assert spec["mapStyle"].startswith("https://basemaps.cartocdn.com/")


def test_postal_layer_is_optional():
    spec = deck_json(postal=None)
    assert [item["@@type"] for item in spec["layers"]] == ["GeoJsonLayer"]


def test_insufficient_areas_are_grey_and_say_so():
    features = layer(deck_json(), "areas")["data"]["features"]
    assert len(features) == 3
    kamakura, zushi, hayama = (f["properties"] for f in features)
    assert kamakura["fill"] == charts._rgba(charts.SCALE[2])  # 2 % in the 2–3 % class
    assert zushi["fill"] == GREY and hayama["fill"] == GREY
    assert zushi["tooltip"] == "逗子市\n回答者数: 50\n発熱者の割合: データ不足"
    assert "0.0 %" not in hayama["tooltip"] and "データ不足" in hayama["tooltip"]


def test_area_tooltip_has_name_respondents_rate_and_interval():
    kamakura = layer(deck_json(), "areas")["data"]["features"][0]["properties"]
    assert kamakura["tooltip"] == "鎌倉市\n回答者数: 700\n発熱者の割合: 2.0 % (95 %信頼区間 1.2–3.3 %)"
    english = layer(deck_json(lang="en"), "areas")["data"]["features"]
    assert english[0]["properties"]["tooltip"].startswith("Kamakura\n")
    assert english[2]["properties"]["tooltip"].startswith("葉山町\n")  # no English name: the Japanese one


def test_only_needed_fields_go_to_the_browser():
    spec = deck_json()
    for feature in layer(spec, "areas")["data"]["features"]:
        assert set(feature) == {"type", "geometry", "properties"}
        assert set(feature["properties"]) == {"tooltip", "fill"}
    points = layer(spec, "postal")["data"]
    assert all(set(point) == {"position", "radius", "fill", "tooltip"} for point in points)


def test_postal_points_radius_by_respondents_colour_by_rate():
    points = layer(deck_json(), "postal")["data"]
    assert points[0]["position"] == [139.5597, 35.3234]
    assert points[0]["radius"] == charts.POINT_RADIUS_M  # the most respondents
    assert points[1]["radius"] == round(charts.POINT_RADIUS_M * math.sqrt(100 / 400))  # area ∝ respondents
    assert points[0]["fill"] == charts._rgba(charts.SCALE[4])
    assert points[1]["fill"] == GREY
    assert points[0]["tooltip"] == "〒248-0005 鎌倉市雪ノ下\n回答者数: 400\n発熱者の割合: 4.5 % (95 %信頼区間 2.8–7.1 %)"
    assert points[1]["tooltip"].endswith("データ不足")


def test_areas_off_keeps_the_boundaries_unfilled():
    spec = deck_json(fill_areas=False)
    areas = layer(spec, "areas")
    assert len(areas["data"]["features"]) == 3 and areas["stroked"]
    assert all(f["properties"]["fill"] == [0, 0, 0, 0] for f in areas["data"]["features"])


def test_area_without_boundary_is_left_off_the_map_not_the_table():
    spec = deck_json(geometries={"14204": SQUARE})
    assert len(layer(spec, "areas")["data"]["features"]) == 1
    assert len(charts.area_table(AREAS, "ja", {k: k for k in charts.TABLE_COLUMNS})) == 3


def test_area_table_in_percent_with_the_insufficient_flag():
    headers = {k: f"h_{k}" for k in charts.TABLE_COLUMNS}
    table = charts.area_table(AREAS, "en", headers)
    assert list(table.columns) == [headers[k] for k in charts.TABLE_COLUMNS]
    assert table["h_name"].tolist() == ["Kamakura", "Zushi", "葉山町"]
    assert table["h_area"].tolist() == ["Kamakura Pref. HWO area"] * 3
    assert table["h_respondents"].tolist() == [700, 50, 0]
    assert table.loc[0, ["h_rate", "h_rate_low", "h_rate_high"]].tolist() == [2.0, 1.2, 3.33]
    assert table["h_rate"].isna().tolist() == [False, True, True]
    assert table["h_insufficient"].tolist() == [False, True, True]


def test_builders_accept_the_queries_output(fixture_build):
    end = dt.date(2020, 3, 1)
    areas = queries.area_rates(fixture_build, "fever", end)
    postal = queries.postal_rates(fixture_build, "fever", end)
    edges = charts.bin_edges(areas.rate)
    spec = json.loads(charts.map_deck(areas, queries.boundaries(fixture_build), postal, edges, TEXTS, "ja").to_json())
    fills = [f["properties"]["fill"] for f in layer(spec, "areas")["data"]["features"]]
    assert [fill == GREY for fill in fills] == [False, False, True, True]  # 逗子市 50 < 100, 葉山町 no answers
    assert [p["fill"] == GREY for p in layer(spec, "postal")["data"]] == [True, True, True, False]


def test_static_map_for_the_png_export_uses_the_deck_colours_and_renders():
    import io

    from PIL import Image

    from dashboard import exports

    geometry = {"type": "Polygon", "coordinates": [[[139.0, 35.0], [139.1, 35.0], [139.1, 35.1], [139.0, 35.0]]]}
    geometries = {"14101": geometry, "14102": {"type": "Polygon", "coordinates": [
        [[139.2, 35.0], [139.3, 35.0], [139.3, 35.1], [139.2, 35.0]]]}}
    areas = pd.DataFrame({"municipality_code": ["14101", "14102"], "name_ja": ["鶴見区", "神奈川区"],
                          "name_en": ["Tsurumi", "Kanagawa"], "rate": [0.015, float("nan")]})
    chart = charts.static_map(areas, geometries, [0, 1, 2, 3, 4], "ja", "発熱者の割合")
    spec = chart.to_dict()
    fills = [f["properties"]["fill"] for f in spec["data"]["values"]]
    assert fills == [charts.SCALE[1], charts.INSUFFICIENT]  # 1.5 % is the 1–2 % class; NaN is insufficient
    assert spec["mark"]["type"] == "geoshape" and spec["encoding"]["color"]["scale"] is None
    image = Image.open(io.BytesIO(exports.chart_png(chart))).convert("RGB")
    assert image.size[0] > 700
    # Each area is drawn inside its own outline (not as the globe outside it): the corners stay white.
    width, height = image.size
    assert {image.getpixel((x, y)) for x, y in ((1, height - 2), (width - 2, height - 2))} == {(255, 255, 255)}
    colours = set(image.get_flattened_data())
    assert {tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in fills} <= colours
