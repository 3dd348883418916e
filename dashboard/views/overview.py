"""概況 / Overview: the morning's key figures, one summary paragraph and the fever-rate vs cases chart.

Public edition: the rates are weekly (the latest published week against the week before; one chart point per
week), and a suppressed figure reads as suppressed."""

import datetime as dt
from functools import partial

import pandas as pd
import streamlit as st

from dashboard import context
from dashboard.charts import overview as charts
from dashboard.components import (chart_card, indirect_indicator_note, key_figure, prepared_chart, public_note,
                                  shown_counts)
from dashboard.i18n import area_name, fmt_date, fmt_int, fmt_pct, lang, t
from dashboard.url_state import url_date_range, url_radio, url_selectbox
from queries import common, events, overview
from queries.overview import KeyFigures

DEFAULT_DAYS = 90
# The built and converted chart is shared by reruns and sessions showing the same data (prepared_chart).
fever_vs_cases = partial(prepared_chart, charts.fever_vs_cases)
FLAT_POINTS = 0.005  # a change that rounds to 0.00 points is "about the same"


def rate_figure(label: str, rate: float | None, change: float | None, help_text: str, min_denominator: int,
                suppressed: bool = False) -> None:
    if rate is None and suppressed:
        key_figure(label, t("public.suppressed"), help=t("public.suppressed_help"))
        return
    if rate is None:
        key_figure(label, "—", delta=t("overview.kf.insufficient"), delta_arrow="off",
                   help=t("overview.kf.insufficient_help", n=min_denominator))
        return
    if change is None:
        key_figure(label, fmt_pct(rate), help=help_text)
    elif abs(change) < FLAT_POINTS:
        key_figure(label, fmt_pct(rate), delta=t("overview.kf.points", change="±0.00"), help=help_text,
                   delta_arrow="off")
    else:
        key_figure(label, fmt_pct(rate), delta=t("overview.kf.points", change=f"{change:+.2f}"), help=help_text)


def fmt_average(value: float) -> str:
    """A daily average short enough for a key figure: whole numbers from 100 up, one decimal below."""
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def summary(kf: KeyFigures, area: str, min_denominator: int) -> str:
    now = kf.current
    if now.fever_rate is None and now.suppressed:
        text = t("overview.summary.suppressed", as_of=fmt_date(kf.as_of), area=area)
    elif now.fever_rate is None:
        text = t("overview.summary.insufficient", as_of=fmt_date(kf.as_of), area=area, n=min_denominator)
    else:
        change = kf.fever_change_points
        if change is None:
            change_text = t("overview.summary.no_previous")
        elif abs(change) < FLAT_POINTS:
            change_text = t("overview.summary.flat")
        else:
            change_text = t(f"overview.summary.{'up' if change > 0 else 'down'}", change=f"{abs(change):.2f}")
        text = t("overview.summary.fever", as_of=fmt_date(kf.as_of), area=area, rate=fmt_pct(now.fever_rate),
                 low=fmt_pct(now.fever_low), high=fmt_pct(now.fever_high), n=fmt_int(now.respondents),
                 change_text=change_text)
    if now.cases_7d_avg is None:
        return f"{text} {t('overview.summary.no_cases')}"
    if kf.cases_ratio is None:
        return f"{text} {t('overview.summary.cases_no_ratio', avg=f'{now.cases_7d_avg:.1f}')}"
    return f"{text} {t('overview.summary.cases', avg=f'{now.cases_7d_avg:.1f}', ratio=f'{kf.cases_ratio:.2f}')}"


def table(series: pd.DataFrame) -> pd.DataFrame:
    """The chart's numbers with headings in the reader's language (this is also the CSV)."""
    if public:
        week = series["week_start"].notna()
        return pd.DataFrame({
            t("overview.col.date"): series["date"].dt.date,
            t("overview.col.week_start"): series["week_start"].dt.date,
            t("overview.col.respondents_week"): shown_counts(series["respondents_7d"], week),
            t("overview.col.fever_week"): shown_counts(series["fever_7d"], week),
            t("overview.col.fever_pct"): (series["fever_rate"] * 100).round(3),
            t("overview.col.fever_low_pct"): (series["fever_low"] * 100).round(3),
            t("overview.col.fever_high_pct"): (series["fever_high"] * 100).round(3),
            t("overview.col.cases"): series["cases"].astype("Int64"),
            t("overview.col.cases_7d_avg"): series["cases_7d_avg"].round(2),
        })
    return pd.DataFrame({
        t("overview.col.date"): series["date"].dt.date,
        t("overview.col.respondents_7d"): series["respondents_7d"].astype("Int64"),
        t("overview.col.fever_7d"): series["fever_7d"].astype("Int64"),
        t("overview.col.fever_pct"): (series["fever_rate"] * 100).round(3),
        t("overview.col.fever_low_pct"): (series["fever_low"] * 100).round(3),
        t("overview.col.fever_high_pct"): (series["fever_high"] * 100).round(3),
        t("overview.col.cases"): series["cases"].astype("Int64"),
        t("overview.col.cases_7d_avg"): series["cases_7d_avg"].round(2),
    })


build, info = context.build(), context.build_info()
public = common.is_public(build)
last, min_n = info["last_date"], info["min_denominator"]
as_of = overview.latest_end(build, last)  # public: the latest published week

st.title(t("overview.title"))
st.caption(t("overview.lead"))
if public:
    public_note(min_n)

area_names = {row["area_code"]: area_name(row) for _, row in overview.area_choices(build).iterrows()}
left, right = st.columns(2)
with left:
    area = url_selectbox("area", t("common.filter.area"), list(area_names), "14", format_func=area_names.get)
with right:
    start, end = url_date_range("period", t("common.filter.period"), info["first_date"], last,
                                (max(info["first_date"], last - dt.timedelta(days=DEFAULT_DAYS - 1)), last),
                                help=t("public.period_help") if public else None)

kf = overview.key_figures(build, area, as_of, min_n)
st.subheader(t("overview.as_of_week" if public else "overview.as_of", date=fmt_date(as_of),
               start=fmt_date(as_of - dt.timedelta(days=6)), end=fmt_date(as_of)))
columns = st.columns(5)
with columns[0]:
    rate_figure(t("overview.kf.fever"), kf.current.fever_rate, kf.fever_change_points,
                t("overview.kf.fever_help", low=fmt_pct(kf.current.fever_low), high=fmt_pct(kf.current.fever_high),
                  n=fmt_int(kf.current.respondents)), min_n, kf.current.suppressed)
with columns[1]:
    rate_figure(t("overview.kf.fever_4d"), kf.current.fever_4d_rate, kf.fever_4d_change_points,
                t("overview.kf.fever_4d_help"), min_n, kf.current.suppressed)
with columns[2]:
    rate_figure(t("overview.kf.consult"), kf.current.consult_rate, kf.consult_change_points,
                t("overview.kf.consult_help"), min_n, kf.current.suppressed)
with columns[3]:
    avg = kf.current.cases_7d_avg
    ratio = kf.cases_ratio
    key_figure(t("overview.kf.cases"), "—" if avg is None else t("overview.kf.cases_value", avg=fmt_average(avg)),
               delta=None if ratio is None else t("overview.kf.cases_delta", ratio=f"{ratio:.2f}"),
               help=t("overview.kf.cases_help"),
               delta_arrow="off" if ratio in (None, 1) else ("up" if ratio > 1 else "down"))
with columns[4]:
    if kf.current.suppressed:
        key_figure(t("overview.kf.respondents"), t("public.suppressed"), help=t("public.suppressed_help"))
    else:
        key_figure(t("overview.kf.respondents"),
                   t("overview.kf.respondents_value", n=fmt_int(kf.current.respondents)),
                   help=t("overview.kf.respondents_help"))

st.write(summary(kf, area_names[area], min_n))
indirect_indicator_note()

series = overview.series(build, area, start, end, min_n)
show_events = url_radio("events", t("overview.events.label"), ["on", "off"], "on",
                        format_func={v: t(f"overview.events.{v}") for v in ("on", "off")}.get)
measures = events.named(events.overlapping(events.measures(), start, end), lang()) if show_events == "on" else None
chart = fever_vs_cases(series, fever_title=t("overview.chart.fever_axis"), cases_title=t("overview.chart.cases_axis"),
                       date_title=t("overview.chart.date_axis"), interval_title=t("overview.chart.interval"),
                       respondents_title=t("overview.chart.respondents"), events=measures, weekly=public)
chart_card("fever_vs_cases", t("overview.chart.title"), chart, table(series), last,
           note=t("overview.chart.note_weekly" if public else "overview.chart.note"))
