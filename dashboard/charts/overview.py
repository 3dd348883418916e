"""Chart of the Overview page: the 7-day fever rate with its interval against positive cases, on one time axis."""

import altair as alt
import pandas as pd

from dashboard.charts.palette import METRIC_COLORS, themed

FEVER_COLOR = METRIC_COLORS["fever"]
CASES_COLOR = METRIC_COLORS["cases"]
LONG_PERIOD_DAYS = 180


def plot_frame(series: pd.DataFrame) -> pd.DataFrame:
    """The columns the chart draws: rates as percentages (NaN where data are insufficient, drawn as gaps)."""
    return pd.DataFrame({
        "date": series["date"],
        "fever_pct": series["fever_rate"] * 100,
        "fever_low_pct": series["fever_low"] * 100,
        "fever_high_pct": series["fever_high"] * 100,
        "respondents_7d": series["respondents_7d"],
        "cases_7d_avg": series["cases_7d_avg"],
    })


def date_format(dates: pd.Series) -> str:
    """Month/day labels for short periods; year/month once a period is long enough to span years."""
    long = len(dates) and (dates.max() - dates.min()).days > LONG_PERIOD_DAYS
    return "%Y/%m" if long else "%m/%d"


def fever_vs_cases(series: pd.DataFrame, *, fever_title: str, cases_title: str, date_title: str,
                   interval_title: str, respondents_title: str) -> alt.LayerChart:
    """Dual-axis chart: the fever rate (left axis, vermillion line with its 95 % band) and the 7-day average of
    positive cases (right axis, blue bars). Each axis title has the colour of its series."""
    data = plot_frame(series)
    x = alt.X("date:T", title=date_title, axis=alt.Axis(format=date_format(data["date"]), labelAngle=0))
    base = alt.Chart(data).encode(x=x)
    tooltip = [
        alt.Tooltip("date:T", title=date_title, format="%Y-%m-%d"),
        alt.Tooltip("fever_pct:Q", title=fever_title, format=".2f"),
        alt.Tooltip("fever_low_pct:Q", title=f"{interval_title} ↓", format=".2f"),
        alt.Tooltip("fever_high_pct:Q", title=f"{interval_title} ↑", format=".2f"),
        alt.Tooltip("respondents_7d:Q", title=respondents_title, format=",.0f"),
        alt.Tooltip("cases_7d_avg:Q", title=cases_title, format=".1f"),
    ]
    cases = base.mark_bar(color=CASES_COLOR, opacity=0.45).encode(
        y=alt.Y("cases_7d_avg:Q", title=cases_title,
                axis=alt.Axis(orient="right", titleColor=CASES_COLOR, labelColor=CASES_COLOR, grid=False)),
        tooltip=tooltip,
    )
    fever_axis = alt.Axis(orient="left", titleColor=FEVER_COLOR, labelColor=FEVER_COLOR)
    band = base.mark_area(color=FEVER_COLOR, opacity=0.2).encode(
        y=alt.Y("fever_low_pct:Q", title=fever_title, axis=fever_axis),
        y2="fever_high_pct:Q",
    )
    line = base.mark_line(color=FEVER_COLOR, strokeWidth=2.5).encode(
        y=alt.Y("fever_pct:Q", title=fever_title, axis=fever_axis),
        tooltip=tooltip,
    )
    chart = alt.layer(cases, alt.layer(band, line)).resolve_scale(y="independent").properties(height=380)
    return themed(chart)
