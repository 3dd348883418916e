"""地図 / Map: the pooled 7-day rate of one indicator by municipality / ward, postal-code circles, and the same
numbers as a table. Drawn from the shipped boundaries with no basemap unless DASHBOARD_MAP_STYLE names one.

Public edition: one published week (the week selector replaces the 7-day window), municipalities only (no
postal-code layer), and suppressed respondents read as suppressed."""

import os

import streamlit as st

from dashboard import context
from dashboard.charts import map as charts
from dashboard.components import chart_card, indirect_indicator_note, prepared_chart, public_note, vega_chart
from dashboard.i18n import fmt_date, lang, t
from dashboard.url_state import url_multiselect, url_selectbox
from queries import common
from queries import map as queries

MAP_STYLE_ENV = "DASHBOARD_MAP_STYLE"  # e.g. "light" or a style URL; unset = no tiles are loaded
LAYERS = ("areas", "postal")

build, info = context.build(), context.build_info()
public = common.is_public(build)
ends = queries.build_window_ends(build, info["first_date"], info["last_date"])


def week_label(end) -> str:
    return t("public.week", start=fmt_date(queries.window_start(end)), end=fmt_date(end))


# The deck and the PNG's static map are shared by reruns and sessions showing the same data (st.cache_resource;
# keyed on the build rather than on its boundaries, which would be slow to hash): building them costs tens of ms.
@st.cache_resource(max_entries=64, show_spinner=False)
def map_deck(build, areas, postal, edges, texts, language, fill_areas, map_style):
    return charts.map_deck(areas, queries.boundaries(build), postal, edges, texts, language,
                           fill_areas=fill_areas, map_style=map_style)


@st.cache_resource(max_entries=64, show_spinner=False)
def static_map(build, areas, edges, language, title):
    return charts.static_map(areas, queries.boundaries(build), edges, language, title)


st.title(t("map.title"))
st.caption(t("map.intro_weekly" if public else "map.intro", n=info["min_denominator"]))
if public:
    public_note(info["min_denominator"])

metric_col, end_col, layers_col = st.columns([2, 2, 3])
with metric_col:
    metric = url_selectbox("metric", t("common.filter.metric"), queries.METRICS, "fever",
                           format_func=lambda m: t(f"common.metric.{m}"))
with end_col:
    if public:
        end = url_selectbox("week", t("map.week"), ends, ends[0], format_func=week_label)
    else:
        end = url_selectbox("end", t("map.window_end"), ends, ends[0], format_func=fmt_date)
with layers_col:
    # The public build has no postal-code data: no layer choice there, the municipalities only.
    layers = ["areas"] if public else url_multiselect("layers", t("map.layers"), LAYERS, LAYERS,
                                                      format_func=lambda k: t(f"map.layer_{k}"))

indirect_indicator_note()

metric_name = t(f"common.metric.{metric}")
areas = queries.area_rates(build, metric, end)
postal = queries.postal_rates(build, metric, end) if "postal" in layers else None
edges = charts.bin_edges(areas.rate)
texts = charts.MapTexts(respondents=t("common.metric.respondents"), metric=metric_name,
                        interval=t("common.interval.ci95"), insufficient=t("map.insufficient"),
                        suppressed=t("public.suppressed"))
deck = map_deck(build, areas, postal, edges, texts, lang(), "areas" in layers, os.environ.get(MAP_STYLE_ENV) or None)
table = charts.area_table(areas, lang(), {k: t(f"map.col_{k}") for k in charts.TABLE_COLUMNS},
                          suppressed=t("public.suppressed"))

grey = t("map.insufficient_or_suppressed" if public else "map.insufficient")
legend_title = t("map.legend_title_week" if public else "map.legend_title", metric=metric_name)
vega_chart(prepared_chart(charts.legend_chart, edges, legend_title, grey))
card_title = t("map.card_title", metric=metric_name, start=fmt_date(queries.window_start(end)), end=fmt_date(end))
chart_card("map", card_title, deck, table, info["last_date"],
           note=t("map.card_note_weekly" if public else "map.card_note"),
           png_chart=static_map(build, areas, edges, lang(), card_title))
