"""データと方法 / Data & methods: definitions, sources and credits, the build, the tables, open-data downloads.

Public edition: also the suppression rules in words, the public tables' schema, and downloads of the public
tables only."""

import pandas as pd
import streamlit as st

from dashboard import context
from dashboard.components import csv_bytes, indirect_indicator_note
from dashboard.i18n import fmt_date, fmt_int, lang, t
from queries import common, methods

DEFINITIONS = ["respondents", "age_band", "high_risk", "triage", "fever_rate", "fever_4d_rate", "consult_rate",
               "pooling", "wilson", "min_denominator", "min_cell", "cases"]
# The public edition's rules, in words: its grain, the small-cell and rate rules, complementary suppression,
# how pages pool weeks, and the auditor that checks every public build.
PUBLIC_RULES = ["grain", "min_cell", "min_denominator", "complementary", "pooling", "auditor", "blank"]
COUNTS = ["rows_read", "rows_accepted", "rows_quarantined", "rows_no_consent", "rows_duplicate"]


def build_table(info: dict) -> pd.DataFrame:
    built_at = info.get("built_at")
    rows = [
        ("build_id", info["build_id"]),
        ("built_at", built_at.strftime("%Y-%m-%d %H:%M:%S") if built_at else "—"),
        ("period", t("methods.build.period_value", first=fmt_date(info.get("first_date")),
                     last=fmt_date(info.get("last_date")))),
        ("kind", t("methods.build.synthetic") if info["is_synthetic"] else t("methods.build.real")),
        ("audience", t(f"common.app.audience_{info.get('audience') or 'staff'}")),
        *[(key, fmt_int(info.get(key))) for key in COUNTS],
        ("min_denominator", fmt_int(info["min_denominator"])),
        ("min_cell", fmt_int(info.get("min_cell"))),
        ("schema_version", str(info.get("schema_version"))),
        ("duckdb_version", info.get("duckdb_version") or "—"),
        ("source_files", (info.get("source_files") or "—").replace(";", "; ")),
    ]
    return pd.DataFrame({t("methods.build.item"): [t(f"methods.build.{key}") for key, _ in rows],
                         t("methods.build.value"): [value for _, value in rows]})


def credit_lines(credits: pd.DataFrame) -> list[str]:
    """One Markdown line per source: name, the credit its licence asks for, the terms, the link."""
    suffix = "en" if lang() == "en" else "ja"
    return [f"- **{c[f'source_{suffix}']}**  \n  {c[f'credit_{suffix}']}  \n"
            f"  {t('methods.sources.licence')}: {c['licence']} · <{c['url']}>"
            for c in credits.to_dict("records")]


def full_height(frame: pd.DataFrame) -> int:
    """Pixel height that shows every row of a small table without scrolling."""
    return (len(frame) + 1) * 35 + 3


build, info = context.build(), context.build_info()
public = common.is_public(build)

st.title(t("methods.title"))
st.caption(t("methods.lead"))

st.header(t("methods.definitions.heading"), anchor="definitions")
for key in DEFINITIONS:
    st.markdown("- " + t(f"methods.definitions.{key}", n=info["min_cell"] if key == "min_cell" else info["min_denominator"]))
indirect_indicator_note()

if public:
    st.header(t("methods.public.heading"), anchor="public")
    for key in PUBLIC_RULES:
        st.markdown("- " + t(f"methods.public.{key}", min_cell=info["min_cell"], n=info["min_denominator"]))

st.header(t("methods.trend.heading"), anchor="trend")
st.write(t("methods.trend.body"))
st.write(t("methods.trend.events"))

st.header(t("methods.sources.heading"), anchor="sources")
st.write(t("methods.sources.intro"))
credits = methods.credits()
if credits.empty:
    st.warning(t("methods.sources.missing"))
else:
    st.markdown("\n".join(credit_lines(credits)))

st.header(t("methods.build.heading"), anchor="build")
facts = build_table(info)
st.dataframe(facts, hide_index=True, width="stretch", height=full_height(facts))

st.header(t("methods.schema.heading"), anchor="tables")
st.caption(t("methods.schema.intro_public" if public else "methods.schema.intro"))
for table, columns in methods.schema(build.audience).items():
    with st.expander(table):
        st.dataframe(columns.rename(columns={c: t(f"methods.schema.{c}") for c in columns.columns}),
                     hide_index=True, width="stretch")

st.header(t("methods.downloads.heading"), anchor="downloads")
st.caption(t("methods.downloads.intro") + (" " + t("methods.downloads.intro_public") if public else ""))
for download_id in methods.downloads(build):
    label, button = st.columns([3, 1], vertical_alignment="center")
    label.write(t(f"methods.downloads.{download_id}"))
    with button:
        # The CSV is made only when the button is clicked: the postal table can be large.
        st.download_button(t("methods.downloads.button"),
                           data=lambda download_id=download_id: csv_bytes(methods.download(build, download_id)),
                           file_name=f"{download_id}_{info['build_id']}.csv", mime="text/csv",
                           key=f"download_{download_id}", on_click="ignore", icon=":material/download:")
