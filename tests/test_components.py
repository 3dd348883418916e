"""Shared components, palette and URL state, exercised in small AppTest scripts."""

import datetime as dt
import io

import altair as alt
import pandas as pd
from streamlit.testing.v1 import AppTest

from dashboard.charts import palette
from dashboard.components import csv_bytes
from dashboard.url_state import parse_range


def test_csv_is_utf8_with_bom_and_exactly_the_data():
    data = pd.DataFrame({"地域": ["鎌倉市", "藤沢市"], "rate": [0.035, 0.01]})
    raw = csv_bytes(data)
    assert raw.startswith(b"\xef\xbb\xbf")
    pd.testing.assert_frame_equal(pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig"), data)


def test_themed_sets_japanese_font_and_okabe_ito():
    chart = alt.Chart(pd.DataFrame({"x": [1], "y": [2]})).mark_line().encode(x="x", y="y")
    spec = palette.themed(chart).to_dict()
    assert spec["config"]["font"] == palette.FONT == "Noto Sans CJK JP"
    assert spec["config"]["axis"]["labelFont"] == palette.FONT
    assert spec["config"]["title"]["font"] == palette.FONT
    assert spec["config"]["range"]["category"] == palette.OKABE_ITO
    assert len(set(palette.OKABE_ITO)) == 8


def _card_script():
    import altair as alt
    import pandas as pd
    import streamlit as st

    from dashboard.components import chart_card, indirect_indicator_note, key_figure, prepared_chart

    def point_chart(data):
        return alt.Chart(data).mark_point().encode(x="date:T", y="rate:Q")

    data = pd.DataFrame({"date": ["2020-06-30"], "rate": [0.035]})
    st.query_params["area"] = "hc09"
    chart_card("fever_vs_cases", "発熱者の割合", prepared_chart(point_chart, data), data,
               __import__("datetime").date(2020, 6, 30), note="注")
    key_figure("発熱者の割合", "3.50 %", delta="+1.17", help="h", delta_color="inverse")
    indirect_indicator_note()


def test_chart_card_has_title_chart_table_csv_as_of_and_permalink():
    at = AppTest.from_function(_card_script)
    at.query_params["lang"] = "ja"
    at.run()
    assert not at.exception
    assert [h.value for h in at.subheader] == ["発熱者の割合"]
    assert at.caption[0].value == "注"
    assert len(at.get("vega_lite_chart")) == 1
    assert at.expander[0].label == "数値を表で見る"
    assert at.expander[0].dataframe[0].value.equals(pd.DataFrame({"date": ["2020-06-30"], "rate": [0.035]}))
    assert [b.proto.label for b in at.get("download_button")] == ["CSV をダウンロード", "PNG 画像"]
    assert "2020年6月30日時点" in [c.value for c in at.caption]
    link = at.code[0].value
    assert link.startswith("?") and "area=hc09" in link and "lang=ja" in link and link.endswith("#fever_vs_cases")
    assert at.metric[0].value == "3.50 %"
    assert at.info[0].value.startswith("発熱者の割合は")


def _altair_and_prepared_script():
    import datetime as dt

    import pandas as pd
    import streamlit as st

    from dashboard.charts.trends import rate_chart
    from dashboard.components import prepared_chart, vega_chart

    days = pd.date_range("2020-06-01", periods=40)
    series = pd.DataFrame({"date": days, "grp": "all", "group": "全体", "rate": 0.03, "rate_low": 0.02,
                           "rate_high": 0.04, "denominator_7d": 700, "sufficient": True})
    options = dict(metric="fever", title="発熱者の割合", x_title="日付", y_title="割合", group_title=None,
                   small_multiples=False, points=False,
                   tooltip_titles={k: k for k in ("date", "group", "rate", "rate_low", "rate_high", "denominator_7d")})
    st.altair_chart(rate_chart(series, **options), width="stretch", key="altair")
    for key in ("prepared", "again"):  # the second comes from the cache and must send the same again
        vega_chart(prepared_chart(rate_chart, series, **options), key=key)
    st.session_state["same_object"] = prepared_chart(rate_chart, series, **options) is prepared_chart(
        rate_chart, series, **options)
    st.session_state["other_data"] = prepared_chart(rate_chart, series.assign(rate=0.05), **options).spec


def test_a_prepared_chart_sends_what_st_altair_chart_sends():
    at = AppTest.from_function(_altair_and_prepared_script).run()
    assert not at.exception
    altair, prepared, again = (c.proto for c in at.get("vega_lite_chart"))
    for chart in (prepared, again):
        assert chart.spec == altair.spec
        assert [(d.name, d.data.data) for d in chart.datasets] == [(d.name, d.data.data) for d in altair.datasets]
        assert chart.data.data == altair.data.data
        assert chart.use_container_width == altair.use_container_width
    assert altair.datasets and altair.datasets[0].data.data  # the data went as Arrow, not inline
    assert at.session_state["same_object"]
    assert at.session_state["other_data"]["datasets"].keys() != {d.name for d in altair.datasets}


def _deck_card_script():
    import pandas as pd
    import pydeck as pdk

    from dashboard.components import chart_card

    deck = pdk.Deck(layers=[pdk.Layer("ScatterplotLayer", data=[{"lon": 139.5, "lat": 35.3}], get_position="[lon, lat]")],
                    map_style=None)
    chart_card("map", "地図", deck, pd.DataFrame({"a": [1]}), None)


def test_chart_card_draws_a_pydeck_map():
    at = AppTest.from_function(_deck_card_script).run()
    assert not at.exception
    assert len(at.get("deck_gl_json_chart")) == 1
    assert not at.get("vega_lite_chart")
    assert [b.proto.label for b in at.get("download_button")] == ["CSV をダウンロード"]  # no PNG of a map


def _url_script():
    import datetime as dt

    import streamlit as st

    from dashboard.url_state import url_date_range, url_multiselect, url_radio, url_selectbox

    st.session_state["area"] = url_selectbox("area", "地域", ["14", "hc05", "hc09"], "14")
    st.session_state["metric"] = url_radio("metric", "指標", ["fever", "fever_4d"], "fever")
    st.session_state["sexes"] = url_multiselect("sex", "性別", ["male", "female", "other"], ["male", "female"])
    st.session_state["period"] = url_date_range("period", "期間", dt.date(2020, 3, 1), dt.date(2020, 6, 30),
                                                (dt.date(2020, 4, 1), dt.date(2020, 6, 30)))


def test_url_state_reads_the_url_and_writes_back():
    at = AppTest.from_function(_url_script)
    at.query_params.update({"area": "hc09", "metric": "nonsense", "sex": ["female", "other"],
                            "period": "2020-01-01..2020-05-31", "keep": "me"})
    at.run()
    assert not at.exception
    assert at.session_state["area"] == "hc09"
    assert at.session_state["metric"] == "fever"  # invalid value -> default
    assert at.session_state["sexes"] == ["female", "other"]
    assert at.session_state["period"] == (dt.date(2020, 3, 1), dt.date(2020, 5, 31))  # clamped
    assert at.query_params["metric"] == "fever"
    assert at.query_params["period"] == "2020-03-01..2020-05-31"
    assert at.query_params["keep"] == "me"

    at.selectbox(key="url_area").set_value("hc05").run()
    at.multiselect(key="url_sex").set_value([]).run()
    assert at.query_params["area"] == "hc05"
    assert at.query_params["sex"] == ""
    assert at.session_state["sexes"] == []


def test_url_state_defaults_without_parameters():
    at = AppTest.from_function(_url_script).run()
    assert at.session_state["area"] == "14"
    assert at.session_state["sexes"] == ["male", "female"]
    assert at.session_state["period"] == (dt.date(2020, 4, 1), dt.date(2020, 6, 30))
    assert at.query_params["sex"] == ["male", "female"]


def test_parse_range():
    lo, hi = dt.date(2020, 3, 1), dt.date(2020, 6, 30)
    assert parse_range("2020-04-01..2020-04-30", lo, hi) == (dt.date(2020, 4, 1), dt.date(2020, 4, 30))
    assert parse_range("2020-07-01..2020-08-01", lo, hi) is None
    assert parse_range("garbage", lo, hi) is None
    assert parse_range(None, lo, hi) is None
