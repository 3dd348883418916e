"""Trends (推移): pooled 7-day rates by area and group, and the lead or lag of the fever rate behind cases.

Public edition: weekly rates, no demographic filters, demographic breakdowns for the prefecture only, and no
lead-lag analysis (it needs the daily series, which the public build does not publish)."""

import datetime as dt
from functools import partial

import pandas as pd
import streamlit as st

from dashboard import components, context, leadlag
from dashboard.filters import area_selector, period_selector
from dashboard.charts import trends as charts
from dashboard.i18n import area_name, fmt_date, fmt_int, fmt_pct, t
from dashboard.url_state import url_radio, url_selectbox
from ingest.codes import AGE_BANDS, OCCUPATIONS, SEXES
from queries import common
from queries import trends as q

ALL = "all"
# Built and converted charts are shared by reruns and sessions showing the same data (components.prepared_chart).
rate_chart, fever_cases_chart, correlation_chart = (
    partial(components.prepared_chart, builder)
    for builder in (charts.rate_chart, charts.fever_cases_chart, charts.correlation_chart))
LEAD_LAG_MARGIN = dt.timedelta(days=max(leadlag.LAGS))

build = context.build()
info = context.build_info()
public = common.is_public(build)
areas = common.areas(build).set_index("area_code", drop=False)
min_denominator = info["min_denominator"]

st.title(t("trends.title"))
st.write(t("trends.intro_weekly" if public else "trends.intro", n=min_denominator))
if public:
    components.public_note(min_denominator)
components.indirect_indicator_note()


def labels(prefix: str, codes, with_all: bool = False) -> dict[str, str]:
    """Option labels made now, in the page's language (a widget may call format_func after the run)."""
    return ({ALL: t("common.filter.all")} if with_all else {}) | {c: t(f"{prefix}.{c}") for c in codes}


def group_label(breakdown: str, code: str) -> str:
    if breakdown == "none":
        return t("trends.all_respondents")
    if breakdown == "health_center":
        return area_name(areas.loc[code]) if code in areas.index else code
    return t(f"common.{breakdown}.{code}")


GROUP_ORDER = {"age_band": AGE_BANDS, "sex": list(SEXES), "occupation": list(OCCUPATIONS),
               "high_risk": ["true", "false"]}

with st.container(border=True):
    c1, c2 = st.columns(2)
    with c1:
        area_code = area_selector(areas)
    with c2:
        start, end = period_selector(info, weekly=public)
    if public:  # the public build has no demographic filters: the widgets do not exist there
        age_band = sex = occupation = high_risk = ALL
    else:
        c1, c2, c3, c4 = st.columns(4)
        with c1:
            age_band = url_selectbox("age", t("common.filter.age_band"), [ALL, *AGE_BANDS], ALL,
                                     format_func=labels("common.age_band", AGE_BANDS, True).__getitem__)
        with c2:
            sex = url_selectbox("sex", t("common.filter.sex"), [ALL, *SEXES], ALL,
                                format_func=labels("common.sex", SEXES, True).__getitem__)
        with c3:
            occupation = url_selectbox("occupation", t("common.filter.occupation"), [ALL, *OCCUPATIONS], ALL,
                                       format_func=labels("common.occupation", OCCUPATIONS, True).__getitem__)
        with c4:
            high_risk = url_selectbox("risk", t("common.filter.high_risk"), [ALL, "true", "false"], ALL,
                                      format_func=labels("common.high_risk", ["true", "false"], True).__getitem__)

area_level = areas.loc[area_code, "level"]
area = dict(start=start, end=end, area_level=area_level, area_code=area_code)
filters = dict(age_band=None if age_band == ALL else age_band, sex=None if sex == ALL else sex,
               occupation=None if occupation == ALL else occupation,
               high_risk=None if high_risk == ALL else high_risk == "true")


# The metric, breakdown and layout change only the key figures and this chart: a fragment, so that changing
# them reruns (and redraws) this part alone, not the lead-lag analysis below.
@st.fragment
def rate_section() -> None:
    """The chart controls, the key figures and the rate chart (reads the filters chosen above)."""
    with st.container(border=True):
        metric = url_radio("metric", t("common.filter.metric"), q.METRICS, "fever",
                           format_func=labels("common.metric", q.METRICS).__getitem__)
        c1, c2 = st.columns(2)
        with c1:
            offered = q.breakdowns(build, area_level)
            breakdown = url_selectbox("by", t("trends.filter.breakdown"), offered, "none",
                                      format_func=labels("trends.breakdown", offered).__getitem__,
                                      help=t("trends.filter.breakdown_public_help") if public else None)
        with c2:
            layout = url_radio("layout", t("trends.filter.layout"), ["lines", "panels"], "lines",
                               format_func=labels("trends.layout", ["lines", "panels"]).__getitem__,
                               disabled=breakdown == "none")

    metric_name = t(f"common.metric.{metric}")
    rate_title = t("trends.card.rate_title_week" if public else "trends.card.rate_title", metric=metric_name)

    # Key figures: the whole filtered group in the 7 days ending on the last day of the period (public: the last
    # published week that ends in the period).
    total = q.series(build, **area, **filters, metric=metric)
    latest_day = total["date"].max() if public else pd.Timestamp(end)
    latest = total[total["date"] == latest_day]
    if public and len(latest):
        latest_label = t("trends.figure.latest_week", metric=metric_name,
                         start=fmt_date((latest_day - pd.Timedelta(days=6)).date()), end=fmt_date(latest_day.date()))
    else:
        latest_label = t("trends.figure.latest", metric=metric_name, end=fmt_date(end))
    c1, c2 = st.columns(2)
    with c1:
        if len(latest) and latest["sufficient"].iloc[0]:
            row = latest.iloc[0]
            components.key_figure(
                latest_label, fmt_pct(row["rate"]),
                help=t("trends.figure.latest_help", low=fmt_pct(row["rate_low"]), high=fmt_pct(row["rate_high"]),
                       n=fmt_int(row["denominator_7d"])))
        elif public and len(latest) and latest["suppressed"].iloc[0]:
            components.key_figure(latest_label, t("public.suppressed"), help=t("public.suppressed_help"))
        else:
            components.key_figure(latest_label, t("trends.figure.insufficient"))
            components.insufficient_data(min_denominator)
    with c2:
        respondents = latest["denominator_7d"].iloc[0] if len(latest) else 0
        components.key_figure(t("trends.figure.respondents_week" if public else "trends.figure.respondents"),
                              t("public.suppressed") if pd.isna(respondents) else fmt_int(respondents))

    # The rate over time, optionally broken down.
    series = total if breakdown == "none" else q.series(build, **area, **filters, metric=metric, breakdown=breakdown)
    order = GROUP_ORDER.get(breakdown, sorted(series["grp"].unique()))
    series = series.assign(group=series["grp"].map({g: group_label(breakdown, g) for g in series["grp"].unique()}),
                           _order=series["grp"].map({g: i for i, g in enumerate(order)}))
    series = series.sort_values(["_order", "date"], kind="stable")
    small_multiples = breakdown != "none" and (
        layout == "panels" or charts.needs_small_multiples(series["grp"].nunique()))
    hidden = int((~series["sufficient"]).sum())
    if series["sufficient"].any():
        chart = rate_chart(
            series, metric=metric, title=rate_title, x_title=t("trends.axis.date"),
            y_title=t("trends.axis.rate"),
            group_title=None if breakdown == "none" else t(f"trends.breakdown.{breakdown}"),
            small_multiples=small_multiples, points=public,
            tooltip_titles={k: t(f"trends.tooltip.{k}")
                            for k in ("date", "group", "rate", "rate_low", "rate_high", "denominator_7d")})
        if public:
            table = pd.DataFrame({
                t("trends.column.week_start"): series["week_start"].dt.date,
                t("trends.column.week_end"): series["date"].dt.date,
                t("trends.column.group"): series["group"],
                t("trends.column.numerator_week"): components.shown_counts(series["numerator_7d"]),
                t("trends.column.denominator_week"): components.shown_counts(series["denominator_7d"]),
                t("trends.column.rate_pct"): series["rate"] * 100,
                t("trends.column.low_pct"): series["rate_low"] * 100,
                t("trends.column.high_pct"): series["rate_high"] * 100,
                t("trends.column.insufficient"): ~series["sufficient"] & ~series["suppressed"],
            })
        else:
            table = pd.DataFrame({
                t("trends.column.date"): series["date"].dt.date,
                t("trends.column.group"): series["group"],
                t("trends.column.numerator_7d"): series["numerator_7d"],
                t("trends.column.denominator_7d"): series["denominator_7d"],
                t("trends.column.rate_pct"): series["rate"] * 100,
                t("trends.column.low_pct"): series["rate_low"] * 100,
                t("trends.column.high_pct"): series["rate_high"] * 100,
                t("trends.column.insufficient"): ~series["sufficient"],
            })
        note_key = "trends.card.rate_note_panels" if small_multiples else "trends.card.rate_note"
        hidden_key = "trends.card.hidden_weeks" if public else "trends.card.hidden"
        note = t(note_key) + (" " + t(hidden_key, hidden=hidden, n=min_denominator) if hidden else "")
        components.chart_card("trends_rate", rate_title, chart, table,
                              info["last_date"], note=note)
    else:
        components.insufficient_data(min_denominator)


rate_section()


def lead_lag() -> None:
    """The area's fever rate (all respondents) against its positive cases: best lag and correlations."""
    st.subheader(t("trends.leadlag.heading"))
    st.write(t("trends.leadlag.intro"))
    fever = q.series(build, **area, metric="fever")
    cases = q.cases(build, area_level=area_level, area_code=area_code,
                    start=start - LEAD_LAG_MARGIN, end=end + LEAD_LAG_MARGIN)
    case_area = cases["case_area_code"].iloc[0] if len(cases) else None
    if area_level == "municipality" and case_area in areas.index:
        st.caption(t("trends.leadlag.municipality_cases", area=area_name(areas.loc[case_area])))
    if cases.empty:
        st.warning(t("trends.leadlag.no_cases"))
    else:
        fever_rate = fever.set_index("date")["rate"]
        cases_7d = cases.set_index("date")["cases_7d"]
        result, correlations = leadlag.analyse(fever_rate, cases_7d)
        relation, numbers = leadlag.in_words(result)
        sentence = t(f"trends.leadlag.{relation}", **numbers)
        if relation == "none" and result is not None:
            st.info(sentence + " " + t("trends.leadlag.none_correlation", r=f"{result.correlation:.2f}",
                                       lag=result.lag))
        else:
            st.info(sentence)
        if result is not None and relation != "none":
            st.caption(t("trends.leadlag.detail", r=f"{result.correlation:.2f}", days=result.days))

        both = fever[["date", "rate"]].merge(cases[["date", "cases_7d"]], on="date", how="left")
        components.chart_card(
            "trends_fever_cases", t("trends.card.fever_cases_title"),
            fever_cases_chart(both, title=t("trends.card.fever_cases_title"), x_title=t("trends.axis.date"),
                                     rate_title=t("common.metric.fever"), cases_title=t("trends.axis.cases_7d")),
            pd.DataFrame({t("trends.column.date"): both["date"].dt.date,
                          t("trends.column.rate_pct"): both["rate"] * 100,
                          t("trends.column.cases_7d"): both["cases_7d"]}),
            info["last_date"],
            note=t("trends.card.fever_cases_note", area=area_name(areas.loc[area_code]),
                   case_area=area_name(areas.loc[case_area]) if case_area in areas.index else case_area))
        components.chart_card(
            "trends_leadlag", t("trends.card.correlation_title"),
            correlation_chart(correlations, result, title=t("trends.card.correlation_title"),
                                     x_title=t("trends.axis.lag"), y_title=t("trends.axis.correlation")),
            pd.DataFrame({t("trends.column.lag"): correlations["lag"],
                          t("trends.column.correlation"): correlations["correlation"],
                          t("trends.column.pairs"): correlations["pairs"]}),
            info["last_date"], note=t("trends.card.correlation_note", resamples=leadlag.RESAMPLES))


# Staff only: the lead-lag needs the daily series, and a lag in days cannot be read from weekly points.
if public:
    st.caption(t("trends.leadlag.public"))
else:
    lead_lag()
