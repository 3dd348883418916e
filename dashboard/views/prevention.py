"""Prevention (予防行動): share keeping each behaviour, personal and organisational measures side by side.

Public edition: shares pool the chosen weeks whose counts are published (and say how many), the trend is
weekly, and the age-band / occupation view exists for the prefecture only."""

import datetime as dt
from functools import partial

import pandas as pd
import streamlit as st

from dashboard import components, context
from dashboard.filters import area_selector, period_selector
from dashboard.charts import prevention as charts
from dashboard.i18n import fmt_date, fmt_int, fmt_pct, t
from dashboard.url_state import RANGE_SEPARATOR, url_radio
from ingest.codes import AGE_BANDS, OCCUPATIONS, ORGANISATIONAL_BEHAVIOURS, PERSONAL_BEHAVIOURS
from queries import common
from queries import prevention as q

PUBLISHED_DATE = dt.date(2020, 3, 27)  # the day of the prefecture's published prevention figures
PERIOD = "period"
BEHAVIOURS = PERSONAL_BEHAVIOURS + ORGANISATIONAL_BEHAVIOURS
# Built and converted charts are shared by reruns and sessions showing the same data (components.prepared_chart).
shares_chart, trend_chart, group_heatmap = (
    partial(components.prepared_chart, builder)
    for builder in (charts.shares_chart, charts.trend_chart, charts.group_heatmap))

build = context.build()
info = context.build_info()
public = common.is_public(build)
areas = common.areas(build).set_index("area_code", drop=False)
min_denominator = info["min_denominator"]
kind_labels = {kind: t(f"common.behaviour_group.{kind}") for kind in ("personal", "organisational")}
behaviour_labels = {code: t(f"common.behaviour.{code}") for code in BEHAVIOURS}
behaviour_order = list(behaviour_labels.values())


def show_published_day() -> None:
    """Button callback: set the period to the published day (URL and widget) before the page reruns."""
    st.query_params[PERIOD] = f"{PUBLISHED_DATE.isoformat()}{RANGE_SEPARATOR}{PUBLISHED_DATE.isoformat()}"
    st.session_state.pop(f"url_{PERIOD}", None)


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(label=frame["behaviour"].map(behaviour_labels), kind_label=frame["kind"].map(kind_labels))


st.title(t("prevention.title"))
st.write(t("prevention.intro", n=min_denominator))
st.caption(t("prevention.finding"))
if public:
    components.public_note(min_denominator)

with st.container(border=True):
    c1, c2 = st.columns(2)
    with c1:
        area_code = area_selector(areas)
    with c2:
        start, end = period_selector(info, PERIOD, weekly=public)
    # The published figures are of one day; the public build's grain is the week.
    if not public and info["first_date"] <= PUBLISHED_DATE <= info["last_date"]:
        st.button(t("prevention.published_button"), on_click=show_published_day, icon=":material/event:")
if not public and start == end == PUBLISHED_DATE:
    st.info(t("prevention.published_view"), icon=":material/event:")

area = dict(start=start, end=end, area_level=areas.loc[area_code, "level"], area_code=area_code)
period = dict(start=fmt_date(start), end=fmt_date(end))

# Shares pooled over the period, personal and organisational measures in their two colours.
shares = labelled(q.shares(build, **area))
# Public build: pooled over the weeks whose counts are published; NULL when there is no such week.
respondents = shares["behaviour_respondents"].max() if len(shares) else 0
columns = st.columns(3)
with columns[0]:
    components.key_figure(t("prevention.figure.respondents"),
                          t("prevention.figure.insufficient") if pd.isna(respondents) else fmt_int(respondents))
for column, kind in zip(columns[1:], ("personal", "organisational")):
    of_kind = shares[(shares["kind"] == kind) & shares["sufficient"]]
    with column:
        if of_kind.empty:
            components.key_figure(kind_labels[kind], t("prevention.figure.insufficient"))
        else:
            components.key_figure(
                kind_labels[kind],
                t("prevention.figure.range_value", low=fmt_pct(of_kind["share"].min(), 1),
                  high=fmt_pct(of_kind["share"].max(), 1)),
                help=t("prevention.figure.range_help", kind=kind_labels[kind]))

shares_table = pd.DataFrame({
    t("prevention.column.behaviour"): shares["label"],
    t("prevention.column.kind"): shares["kind_label"],
    t("prevention.column.count"): components.shown_counts(shares["count"]) if public else shares["count"],
    t("prevention.column.respondents"): components.shown_counts(shares["behaviour_respondents"]) if public
    else shares["behaviour_respondents"],
    t("prevention.column.share_pct"): shares["share"] * 100,
    t("prevention.column.low_pct"): shares["share_low"] * 100,
    t("prevention.column.high_pct"): shares["share_high"] * 100,
})
if public:
    shares_table[t("public.weeks_used")] = [t("public.weeks_used_value", used=u, weeks=w)
                                            for u, w in zip(shares["weeks_used"], shares["weeks"])]
if shares["sufficient"].any():
    components.chart_card(
        "prevention_shares", t("prevention.card.shares_title", **period),
        shares_chart(shares, title=t("prevention.card.shares_title", **period),
                            x_title=t("prevention.axis.share"), kind_title=t("prevention.axis.kind"),
                            kind_labels=kind_labels,
                            tooltip_titles={k: t(f"prevention.tooltip.{k}") for k in
                                            ("label", "share", "share_low", "share_high", "behaviour_respondents")}),
        shares_table, info["last_date"],
        note=t("prevention.card.shares_note") + (" " + t("prevention.card.shares_note_weekly") if public else ""))
else:
    components.insufficient_data(min_denominator)

# Over time, 7-day pooled (public: weekly), one panel per kind.
trend_title = t("prevention.card.trend_title_week" if public else "prevention.card.trend_title")
if start == end and not public:
    st.caption(t("prevention.card.trend_single_day"))
else:
    trend = labelled(q.trend(build, **area)).sort_values(
        "behaviour", key=lambda s: s.map(BEHAVIOURS.index), kind="stable")
    if trend["sufficient"].any():
        components.chart_card(
            "prevention_trend", trend_title,
            trend_chart(trend, title=trend_title, x_title=t("prevention.axis.date"),
                               y_title=t("prevention.axis.share"), behaviour_title=t("prevention.axis.behaviour"),
                               kind_order=list(kind_labels.values()), points=public,
                               tooltip_titles={k: t(f"prevention.tooltip.{k}") for k in
                                               ("date", "label", "share", "behaviour_respondents_7d")}),
            pd.DataFrame({
                t("prevention.column.date"): trend["date"].dt.date,
                t("prevention.column.behaviour"): trend["label"],
                t("prevention.column.kind"): trend["kind_label"],
                t("prevention.column.count_week" if public else "prevention.column.count_7d"):
                    components.shown_counts(trend["count_7d"]) if public else trend["count_7d"],
                t("prevention.column.respondents_week" if public else "prevention.column.respondents_7d"):
                    components.shown_counts(trend["behaviour_respondents_7d"]) if public
                    else trend["behaviour_respondents_7d"],
                t("prevention.column.share_pct"): trend["share"] * 100,
                t("prevention.column.insufficient"): ~trend["sufficient"],
            }),
            info["last_date"], note=t("prevention.card.trend_note_weekly" if public else "prevention.card.trend_note"))
    else:
        components.insufficient_data(min_denominator)



def group_table(groups: pd.DataFrame) -> pd.DataFrame:
    table = pd.DataFrame({
        t("prevention.column.group"): groups["group"],
        t("prevention.column.behaviour"): groups["label"],
        t("prevention.column.kind"): groups["kind_label"],
        t("prevention.column.count"): components.shown_counts(groups["count"]) if public else groups["count"],
        t("prevention.column.respondents"): components.shown_counts(groups["behaviour_respondents"]) if public
        else groups["behaviour_respondents"],
        t("prevention.column.share_pct"): groups["share"] * 100,
        t("prevention.column.low_pct"): groups["share_low"] * 100,
        t("prevention.column.high_pct"): groups["share_high"] * 100,
        t("prevention.column.insufficient"): ~groups["sufficient"],
    })
    if public:
        table[t("public.weeks_used")] = [t("public.weeks_used_value", used=u, weeks=w)
                                         for u, w in zip(groups["weeks_used"], groups["weeks"])]
    return table


def by_group() -> None:
    """By age band or occupation: behaviour × group."""
    group_by = url_radio("group", t("prevention.filter.group_by"), q.GROUPS, "age_band",
                         format_func={g: t(f"prevention.group_by.{g}") for g in q.GROUPS}.__getitem__)
    codes = AGE_BANDS if group_by == "age_band" else list(OCCUPATIONS)
    groups = labelled(q.by_group(build, **area, group_by=group_by))
    group_labels = {g: t(f"common.{group_by}.{g}") for g in codes}
    groups = groups.assign(group=groups["grp"].map(group_labels))
    group_order = [group_labels[g] for g in codes if g in set(groups["grp"])]
    groups = groups.sort_values(by=["grp", "behaviour"], key=lambda s: s.map(
        {c: i for i, c in enumerate(codes + BEHAVIOURS)}))
    if groups["sufficient"].any():
        title = t("prevention.card.group_title", group=t(f"common.filter.{group_by}"), **period)
        components.chart_card(
            "prevention_groups", title,
            group_heatmap(groups, title=title, group_title=t(f"common.filter.{group_by}"),
                                 behaviour_order=behaviour_order, group_order=group_order,
                                 share_title=t("prevention.axis.share")),
            group_table(groups), info["last_date"],
            note=t("prevention.card.group_note", n=min_denominator)
            + (" " + t("prevention.card.shares_note_weekly") if public else ""))
    else:
        components.insufficient_data(min_denominator)


# The public build has groups for the prefecture only (no demographic x area cells).
if public and area["area_level"] != "prefecture":
    st.caption(t("prevention.groups_prefecture_only"))
else:
    by_group()
