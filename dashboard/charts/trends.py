"""Chart builders of the Trends (推移) page: DataFrame in, themed alt.Chart out (no Streamlit, no strings of
their own: every title and label is passed in, already in the page's language)."""

import altair as alt
import pandas as pd

from dashboard.charts.palette import BLACK, METRIC_COLORS, OKABE_ITO, SKY_BLUE, themed
from dashboard.leadlag import LeadLag

DATE_AXIS = alt.Axis(format="%m/%d")
"""Month/day reads the same in Japanese and English (Vega's month names would be English only)."""

# Rates are hidden where the pooled denominator is too small: lines break there instead of joining across.
_BREAK = "break-paths-show-domains"


def needs_small_multiples(groups: int) -> bool:
    """More groups than the palette has colours cannot be told apart as coloured lines."""
    return groups > len(OKABE_ITO)


def rate_chart(
    data: pd.DataFrame,
    *,
    metric: str,
    title: str,
    x_title: str,
    y_title: str,
    group_title: str | None = None,
    small_multiples: bool = False,
    points: bool = False,
    tooltip_titles: dict[str, str],
) -> alt.TopLevelMixin:
    """7-day pooled rate with its 95 % Wilson band (points: a mark on each row, for weekly rates).

    data: date, group (label of the breakdown group; one value without breakdown), rate, rate_low, rate_high,
    denominator_7d. Without a group_title one series is drawn in the metric's colour; with one, a line per
    group in the Okabe–Ito colours, or one small panel per group when small_multiples.
    tooltip_titles: titles for date, group, rate, rate_low, rate_high, denominator_7d.
    """
    x = alt.X("date:T", title=x_title, axis=DATE_AXIS)
    y = alt.Y("rate:Q", title=y_title, axis=alt.Axis(format="%"), scale=alt.Scale(zero=True))
    tooltip = [
        alt.Tooltip("date:T", title=tooltip_titles["date"], format="%Y-%m-%d"),
        alt.Tooltip("rate:Q", title=tooltip_titles["rate"], format=".2%"),
        alt.Tooltip("rate_low:Q", title=tooltip_titles["rate_low"], format=".2%"),
        alt.Tooltip("rate_high:Q", title=tooltip_titles["rate_high"], format=".2%"),
        alt.Tooltip("denominator_7d:Q", title=tooltip_titles["denominator_7d"], format=","),
    ]
    if group_title is not None:
        tooltip.insert(1, alt.Tooltip("group:N", title=tooltip_titles["group"]))
    coloured = group_title is not None and not small_multiples
    if coloured:
        order = list(dict.fromkeys(data["group"]))
        color = {"color": alt.Color("group:N", title=group_title, sort=order)}
        band_mark, line_mark = {}, {}
    else:
        color = {}
        band_mark = line_mark = {"color": METRIC_COLORS[metric]}
    band = alt.Chart().mark_area(opacity=0.2, invalid=_BREAK, **band_mark).encode(
        x=x, y=alt.Y("rate_low:Q", title=y_title), y2="rate_high:Q", **color)
    line = alt.Chart().mark_line(invalid=_BREAK, point=points, **line_mark).encode(x=x, y=y, tooltip=tooltip, **color)

    if group_title is not None and small_multiples:
        order = list(dict.fromkeys(data["group"]))
        panel = alt.layer(band, line, data=data).properties(width=220, height=140)
        chart = panel.facet(facet=alt.Facet("group:N", title=group_title, sort=order), columns=3)
        return themed(chart.properties(title=title))
    return themed(alt.layer(band, line, data=data).properties(title=title, height=320))


def fever_cases_chart(
    data: pd.DataFrame, *, title: str, x_title: str, rate_title: str, cases_title: str
) -> alt.TopLevelMixin:
    """The fever rate and positive cases (both 7-day) on one time axis with their own y axes.

    data: date, rate (NaN where insufficient), cases_7d.
    """
    x = alt.X("date:T", title=x_title, axis=DATE_AXIS)
    fever = alt.Chart().mark_line(color=METRIC_COLORS["fever"], invalid=_BREAK).encode(
        x=x,
        y=alt.Y("rate:Q", title=rate_title, axis=alt.Axis(format="%", titleColor=METRIC_COLORS["fever"])),
        tooltip=[alt.Tooltip("date:T", format="%Y-%m-%d"), alt.Tooltip("rate:Q", title=rate_title, format=".2%")],
    )
    cases = alt.Chart().mark_line(color=METRIC_COLORS["cases"], strokeDash=[6, 3], invalid=_BREAK).encode(
        x=x,
        y=alt.Y("cases_7d:Q", title=cases_title, axis=alt.Axis(titleColor=METRIC_COLORS["cases"])),
        tooltip=[alt.Tooltip("date:T", format="%Y-%m-%d"), alt.Tooltip("cases_7d:Q", title=cases_title)],
    )
    chart = alt.layer(fever, cases, data=data).resolve_scale(y="independent")
    return themed(chart.properties(title=title, height=300))


def correlation_chart(
    data: pd.DataFrame, best: LeadLag | None, *, title: str, x_title: str, y_title: str
) -> alt.TopLevelMixin:
    """Correlation against lag (positive lag: the fever rate leads), with the best lag and its 95 % interval.

    data: lag, correlation (from dashboard.leadlag.cross_correlation).
    """
    domain = [int(data["lag"].min()), int(data["lag"].max())]
    x = alt.X("lag:Q", title=x_title, scale=alt.Scale(domain=domain, nice=False))
    bars = alt.Chart(data).mark_bar(color=SKY_BLUE, invalid="filter").encode(
        x=x,
        y=alt.Y("correlation:Q", title=y_title, scale=alt.Scale(domain=[-1, 1])),
        tooltip=[alt.Tooltip("lag:Q", title=x_title), alt.Tooltip("correlation:Q", title=y_title, format=".2f")],
    )
    layers = [bars]
    if best is not None:
        # The interval shaded over whole days: half a day beyond each end.
        marks = pd.DataFrame({"lag": [best.lag], "from": [best.low - 0.5], "to": [best.high + 0.5]})
        layers.insert(0, alt.Chart(marks).mark_rect(color=BLACK, opacity=0.08).encode(x="from:Q", x2="to:Q"))
        layers.append(alt.Chart(marks).mark_rule(color=BLACK, strokeWidth=2).encode(x="lag:Q"))
    return themed(alt.layer(*layers).properties(title=title, height=260))
