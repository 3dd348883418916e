"""地図 / Map: the pooled 7-day rate of one indicator by municipality / ward, postal-code circles, and the same
numbers as a table. Drawn from the shipped boundaries with no basemap unless DASHBOARD_MAP_STYLE names one."""

import os

import streamlit as st

from dashboard import context
from dashboard.charts import map as charts
from dashboard.components import chart_card, indirect_indicator_note
from dashboard.i18n import fmt_date, lang, t
from dashboard.url_state import url_multiselect, url_selectbox
from queries import map as queries

MAP_STYLE_ENV = "DASHBOARD_MAP_STYLE"  # e.g. "light" or a style URL; unset = no tiles are loaded
LAYERS = ("areas", "postal")

build, info = context.build(), context.build_info()
ends = queries.window_ends(info["first_date"], info["last_date"])

st.title(t("map.title"))
st.caption(t("map.intro", n=info["min_denominator"]))

metric_col, end_col, layers_col = st.columns([2, 2, 3])
with metric_col:
    metric = url_selectbox("metric", t("common.filter.metric"), queries.METRICS, "fever",
                           format_func=lambda m: t(f"common.metric.{m}"))
with end_col:
    end = url_selectbox("end", t("map.window_end"), ends, ends[0], format_func=fmt_date)
with layers_col:
    layers = url_multiselect("layers", t("map.layers"), LAYERS, LAYERS, format_func=lambda k: t(f"map.layer_{k}"))

indirect_indicator_note()

metric_name = t(f"common.metric.{metric}")
areas = queries.area_rates(build, metric, end)
postal = queries.postal_rates(build, metric, end) if "postal" in layers else None
edges = charts.bin_edges(areas.rate)
texts = charts.MapTexts(respondents=t("common.metric.respondents"), metric=metric_name,
                        interval=t("common.interval.ci95"), insufficient=t("map.insufficient"))
deck = charts.map_deck(areas, queries.boundaries(build), postal, edges, texts, lang(),
                       fill_areas="areas" in layers, map_style=os.environ.get(MAP_STYLE_ENV) or None)
table = charts.area_table(areas, lang(), {k: t(f"map.col_{k}") for k in charts.TABLE_COLUMNS})

st.altair_chart(charts.legend_chart(edges, t("map.legend_title", metric=metric_name), t("map.insufficient")),
                width="stretch")
card_title = t("map.card_title", metric=metric_name, start=fmt_date(queries.window_start(end)), end=fmt_date(end))
chart_card("map", card_title, deck, table, info["last_date"], note=t("map.card_note"),
           png_chart=charts.static_map(areas, queries.boundaries(build), edges, lang(), card_title))
