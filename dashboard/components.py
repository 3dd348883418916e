"""Building blocks every page uses: chart cards, key figures, the indirect-indicator note, banners."""

import datetime as dt
from dataclasses import dataclass
from types import FunctionType
from urllib.parse import urlencode

import altair as alt
import pandas as pd
import pydeck as pdk
import streamlit as st
# Private, but the very conversion st.altair_chart makes (exact pin in requirements.txt; tests/test_components.py
# checks that a prepared chart sends what st.altair_chart sends).
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from dashboard import exports
from dashboard.i18n import fmt_date, t


def csv_bytes(data: pd.DataFrame) -> bytes:
    """The frame as CSV, UTF-8 with a BOM so that Excel opens Japanese text correctly."""
    return data.to_csv(index=False).encode("utf-8-sig")


def permalink(anchor: str | None = None) -> str:
    """The current page's URL with the current query parameters (relative when the URL is unknown)."""
    pairs = [(k, v) for k in st.query_params for v in st.query_params.get_all(k)]
    url = (st.context.url or "") + ("?" + urlencode(pairs) if pairs else "")
    return url + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True)
class PreparedChart:
    """An Altair chart and the Vega-Lite spec (data as Arrow) that Streamlit sends for it, made once.

    st.altair_chart converts the chart on every run and validates it against the Vega-Lite schema each time: on a
    trends-page metric change that was about 40 % of the server's CPU (py-spy). The chart stays for the PNG.
    """

    chart: alt.TopLevelMixin
    spec: dict


@st.cache_resource(max_entries=256, show_spinner=False,
                   hash_funcs={FunctionType: lambda f: f"{f.__module__}.{f.__qualname__}"})
def prepared_chart(builder, *args, **kwargs) -> PreparedChart:
    """builder(*args, **kwargs), converted once: reruns and sessions showing the same data share it (the
    arguments are hashed, frames included; the builder by its name)."""
    chart = builder(*args, **kwargs)
    return PreparedChart(chart, _convert_altair_to_vega_lite_spec(chart))


def vega_chart(chart: PreparedChart, key: str | None = None) -> None:
    """Show a prepared chart at the container's width. The cached spec can be shared: Streamlit copies its top
    level before adding to it, and its one change below that (a null legend title) is the same every time."""
    st.vega_lite_chart(spec=chart.spec, width="stretch", key=key)


def chart_card(card_id: str, title: str, chart: PreparedChart | pdk.Deck, data: pd.DataFrame,
               as_of: dt.date | None, *, note: str | None = None, png_chart: alt.TopLevelMixin | None = None) -> None:
    """A bordered card: title, chart, the same numbers as a table, CSV of exactly `data`, PNG, as-of stamp, permalink.

    The PNG is drawn from the Altair chart; a pydeck map passes `png_chart`, a static drawing of the same data.
    """
    png_chart = chart.chart if png_chart is None and isinstance(chart, PreparedChart) else png_chart
    with st.container(border=True, key=f"card_{card_id}"):
        st.subheader(title, anchor=card_id)
        if note:
            st.caption(note)
        if isinstance(chart, pdk.Deck):
            st.pydeck_chart(chart, key=f"chart_{card_id}")
        else:
            vega_chart(chart, key=f"chart_{card_id}")
        with st.expander(t("common.card.table")):
            st.dataframe(data, hide_index=True, width="stretch")
        left, middle, right = st.columns([1, 1, 2], vertical_alignment="center")
        stem = f"{card_id}_{as_of.isoformat()}" if as_of else card_id
        # Both files are made only when clicked: the CSV took a sixth of the trends fragment's script time on every
        # run (py-spy), and vl-convert takes a second or two for the PNG (Japanese in the CJK font).
        with left:
            st.download_button(t("common.card.csv"), data=lambda: csv_bytes(data), file_name=f"{stem}.csv",
                               mime="text/csv", key=f"csv_{card_id}", on_click="ignore", icon=":material/download:")
        if png_chart is not None:
            with middle:
                st.download_button(t("common.card.png"), data=lambda: exports.chart_png(png_chart),
                                   file_name=f"{stem}.png", mime="image/png", key=f"png_{card_id}",
                                   on_click="ignore", icon=":material/image:")
        with right:
            st.caption(t("common.card.as_of", date=fmt_date(as_of)))
        st.caption(t("common.card.permalink"))
        st.code(permalink(card_id), language=None, wrap_lines=True)


def key_figure(label: str, value: str, delta: str | None = None, help: str | None = None, *,
               delta_color: str = "off", delta_arrow: str = "auto") -> None:
    """A headline number (st.metric). Deltas are grey by default: a rise is news, not good or bad in itself;
    delta_arrow="up"/"down" for deltas that are not signed numbers (a ratio such as "×1.4")."""
    st.metric(label, value, delta=delta, help=help, delta_color=delta_color, delta_arrow=delta_arrow, border=True)


def indirect_indicator_note() -> None:
    """Every view that shows a fever rate calls this: the rate is an indirect indicator, not a count of infections."""
    st.info(t("common.note.indirect_indicator"), icon=":material/info:")


def synthetic_banner() -> None:
    st.warning(t("common.banner.synthetic"), icon=":material/science:")


def public_note(min_denominator: int) -> None:
    """Said on every page of the public edition: weekly counts, suppressed cells, the rate threshold."""
    st.caption(t("public.note", n=min_denominator))


def shown_counts(counts: pd.Series, published: pd.Series | None = None) -> pd.Series:
    """Counts for a table or CSV, as text: a suppressed (NULL) count reads as the locale's "suppressed", never 0.
    `published` marks the rows that are published cells (others, e.g. days between weeks, stay empty)."""
    hidden = counts.isna() if published is None else counts.isna() & published.to_numpy()
    text = counts.astype("Int64").astype(str).where(counts.notna(), None)
    return text.where(~hidden, t("public.suppressed"))


def insufficient_data(min_denominator: int) -> None:
    """Said instead of a rate whose pooled denominator is below the minimum: never a zero."""
    st.caption(t("common.insufficient_data", n=min_denominator))
