"""ブリーフィング / Briefing: the press-conference slide (16:9), its exports, and saved briefings.

The slide is drawn from a `content` dict: freshly read from the current build, or a saved one read back from the
briefing store, so a saved briefing shows exactly its own numbers whatever the current build is.
"""

import datetime as dt
import json

import pandas as pd
import streamlit as st

from dashboard import briefing, briefing_store, context, exports
from dashboard.charts.briefing import chart_spec, slide_spec
from dashboard.components import csv_bytes, indirect_indicator_note
from dashboard.i18n import area_name, lang, t
from dashboard.url_state import url_radio, url_selectbox
from queries import overview

PPTX_CHART = (1560, 330)  # px of the chart image in the PPTX (drawn at 2×)
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@st.cache_data(max_entries=16, show_spinner=False)
def slide_png(spec_json: str, scale: float) -> bytes:
    return exports.png(json.loads(spec_json), scale)


def url_as_of(first: dt.date, last: dt.date) -> dt.date:
    """?as_of= when it is a date inside the build, else the build's last date."""
    try:
        day = dt.date.fromisoformat(st.query_params.get("as_of", ""))
    except ValueError:
        return last
    return day if first <= day <= last else last


def saved_label(record: dict | None) -> str:
    if record is None:
        return t("briefing.filter.live")
    content = record["content"]
    return t("briefing.save.item", saved_at=record["saved_at"].replace("T", " ")[:16],
             area=content["area_name"][lang()], as_of=content["params"]["as_of"])


def changes_table(content: dict, previous: dict) -> pd.DataFrame:
    rows = briefing.changes(content, previous)
    return pd.DataFrame({t("briefing.save.figure"): [t(f"briefing.figure.{key}") for key, _, _ in rows],
                         t("briefing.save.before"): [str(before) for _, before, _ in rows],
                         t("briefing.save.after"): [str(after) for _, _, after in rows]})


build, info = context.build(), context.build_info()
st.title(t("briefing.title"))
st.caption(t("briefing.lead"))

records = {r["id"]: r for r in briefing_store.saved()}
labels = {"": saved_label(None), **{i: saved_label(r) for i, r in reversed(records.items())}}
chosen = url_selectbox("saved", t("briefing.filter.saved"), list(labels), "", format_func=labels.get)
record = records.get(chosen)

if record is None:
    area_names = {row["area_code"]: area_name(row) for _, row in overview.area_choices(build).iterrows()}
    left, middle, right = st.columns(3)
    with left:
        area = url_selectbox("area", t("common.filter.area"), list(area_names), "14", format_func=area_names.get)
    with middle:
        as_of = st.date_input(t("briefing.filter.as_of"), value=url_as_of(info["first_date"], info["last_date"]),
                              min_value=info["first_date"], max_value=info["last_date"], key="briefing_as_of")
        st.query_params["as_of"] = as_of.isoformat()
    with right:
        show_events = url_radio("events", t("briefing.filter.events"), ["on", "off"], "on",
                                format_func={v: t(f"briefing.filter.{v}") for v in ("on", "off")}.get)
    content = briefing.content(build, info, area, as_of, show_events == "on")
else:
    content = record["content"]
    st.info(t("briefing.save.saved_as", saved_at=record["saved_at"].replace("T", " ")[:16],
              build_id=content["build_id"]), icon=":material/history:")

text = briefing.slide_text(content, lang())
series, events = briefing.series_frame(content), briefing.events_frame(content, lang())
spec = slide_spec(series, events, text)
spec_json = json.dumps(spec, ensure_ascii=False, sort_keys=True, default=str)
st.image(slide_png(spec_json, 1), caption=t("briefing.slide.alt"), width="stretch")
st.markdown(text.headline)  # the slide's sentence as text too: for screen readers and copying
indirect_indicator_note()

stem = f"briefing_{content['params']['area']}_{content['params']['as_of']}_{lang()}"
st.subheader(t("briefing.export.heading"))
columns = st.columns(4)
columns[0].download_button(t("briefing.export.png"), data=slide_png(spec_json, 1), file_name=f"{stem}.png",
                           mime="image/png", key="export_png", on_click="ignore", icon=":material/image:")
# The others are made only when clicked.
columns[1].download_button(t("briefing.export.png2x"), data=lambda: slide_png(spec_json, 2),
                           file_name=f"{stem}@2x.png", mime="image/png", key="export_png2x", on_click="ignore",
                           icon=":material/print:")
columns[2].download_button(t("briefing.export.pdf"), data=lambda: exports.pdf(json.loads(spec_json)),
                           file_name=f"{stem}.pdf", mime="application/pdf", key="export_pdf", on_click="ignore",
                           icon=":material/picture_as_pdf:")
columns[3].download_button(
    t("briefing.export.pptx"),
    data=lambda: exports.pptx(text, exports.png(chart_spec(series, events, text, *PPTX_CHART), 2)),
    file_name=f"{stem}.pptx", mime=PPTX_MIME, key="export_pptx", on_click="ignore", icon=":material/slideshow:")

with st.expander(t("briefing.data")):
    table = pd.DataFrame(content["series"])
    st.dataframe(table, hide_index=True, width="stretch")
    st.download_button(t("common.card.csv"), data=csv_bytes(table), file_name=f"{stem}.csv", mime="text/csv",
                       key="export_csv", on_click="ignore", icon=":material/download:")

st.subheader(t("briefing.save.heading"))
if record is None:
    if st.button(t("briefing.save.button"), key="save_briefing", icon=":material/save:"):
        saved_id = briefing_store.save(content)
        st.success(t("briefing.save.done", id=saved_id))
else:
    before = briefing_store.previous(record["id"])
    if before is None:
        st.caption(t("briefing.save.first"))
    else:
        label = saved_label(before)
        rows = changes_table(content, before["content"])
        if rows.empty:
            st.caption(t("briefing.save.no_changes", previous=label))
        else:
            st.write(t("briefing.save.changes", previous=label))
            st.dataframe(rows, hide_index=True, width="stretch")
