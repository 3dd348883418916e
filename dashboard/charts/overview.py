"""Chart of the Overview page: the 7-day fever rate with its interval against positive cases, on one time axis."""

import altair as alt
import pandas as pd

from dashboard.charts.palette import METRIC_COLORS, themed

FEVER_COLOR = METRIC_COLORS["fever"]
CASES_COLOR = METRIC_COLORS["cases"]
LONG_PERIOD_DAYS = 180
# Measures are context, not data: greys, darker for a state of emergency than for priority measures.
EVENT_COLORS = {"emergency": "#7F7F7F", "priority": "#C8C8C8"}
EVENT_LABEL_COLOR = "#4D4D4D"
WEEKLY_BREAK = "break-paths-show-domains"  # weekly rates: a week without a rate breaks the line


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


def _weekly(data: pd.DataFrame, series: pd.DataFrame) -> pd.DataFrame:
    """The rows that are published weeks (public build: series has week_start on each week's last day)."""
    return data[series["week_start"].notna().to_numpy()]


def date_format(dates: pd.Series) -> str:
    """Month/day labels for short periods; year/month once a period is long enough to span years."""
    long = len(dates) and (dates.max() - dates.min()).days > LONG_PERIOD_DAYS
    return "%Y/%m" if long else "%m/%d"


def event_layers(events: pd.DataFrame, date_title: str, axis: alt.Axis) -> list[alt.Chart]:
    """Shaded ranges (one per measure, full chart height) and their names at the top of each range.
    events: start, end (datetime64, already clipped to the chart's period), kind, name (in the reader's language).
    `axis` is the data layers' date axis, so that the shared axis keeps one title and format."""
    frame = events[["start", "end", "kind", "name"]]
    x = alt.X("start:T", title=date_title, axis=axis)
    shade = alt.Chart(frame).mark_rect(opacity=0.25).encode(
        x=x, x2="end:T",
        color=alt.Color("kind:N", scale=alt.Scale(domain=list(EVENT_COLORS), range=list(EVENT_COLORS.values())),
                        legend=None),
        tooltip=[alt.Tooltip("name:N", title=" "), alt.Tooltip("start:T", title=date_title, format="%Y-%m-%d"),
                 alt.Tooltip("end:T", title="→", format="%Y-%m-%d")],
    )
    label = alt.Chart(frame).mark_text(align="left", baseline="top", dx=3, dy=3, fontSize=11,
                                       color=EVENT_LABEL_COLOR).encode(x=x, y=alt.value(0), text="name:N")
    return [shade, label]


def fever_vs_cases(series: pd.DataFrame, *, fever_title: str, cases_title: str, date_title: str,
                   interval_title: str, respondents_title: str, events: pd.DataFrame | None = None,
                   weekly: bool = False) -> alt.LayerChart:
    """Dual-axis chart: the fever rate (left axis, vermillion line with its 95 % band) and the 7-day average of
    positive cases (right axis, blue bars). Each axis title has the colour of its series. With `events`
    (see event_layers), the measures are drawn as shaded ranges behind the data.

    weekly (public build): the rate is one point per published week, on its last day (the series' rows with a
    week_start); the line breaks at a week without a rate instead of joining across it."""
    data = plot_frame(series)
    axis = alt.Axis(format=date_format(data["date"]), labelAngle=0)
    x = alt.X("date:T", title=date_title, axis=axis)
    base = alt.Chart(data).encode(x=x)
    rates = alt.Chart(_weekly(data, series)).encode(x=x) if weekly else base
    band_mark = {"invalid": WEEKLY_BREAK} if weekly else {}
    line_mark = {"invalid": WEEKLY_BREAK, "point": True} if weekly else {}
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
    band = rates.mark_area(color=FEVER_COLOR, opacity=0.2, **band_mark).encode(
        y=alt.Y("fever_low_pct:Q", title=fever_title, axis=fever_axis),
        y2="fever_high_pct:Q",
    )
    line = rates.mark_line(color=FEVER_COLOR, strokeWidth=2.5, **line_mark).encode(
        y=alt.Y("fever_pct:Q", title=fever_title, axis=fever_axis),
        tooltip=tooltip,
    )
    shown = [] if events is None or events.empty else event_layers(events, date_title, axis)
    chart = alt.layer(*shown, cases, alt.layer(band, line)).resolve_scale(y="independent").properties(height=380)
    return themed(chart)
