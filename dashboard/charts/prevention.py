"""Chart builders of the Prevention (予防行動) page: DataFrame in, themed alt.Chart out.

Personal and organisational measures always carry the same two colours (palette.PERSONAL_COLOR and
ORGANISATIONAL_COLOR), because the gap between them was the prefecture's finding. Titles and labels are
passed in, already in the page's language.
"""

import altair as alt
import pandas as pd

from dashboard.charts.palette import BLACK, ORGANISATIONAL_COLOR, PERSONAL_COLOR, themed
from dashboard.charts.trends import DATE_AXIS

LABEL_LIMIT = 320
"""Pixels of behaviour name shown before it is cut: the full Japanese names are long."""


def _kind_color(kind_labels: dict[str, str], title: str) -> alt.Color:
    """Colour by kind label: personal and organisational measures in their fixed colours."""
    return alt.Color(
        "kind_label:N",
        title=title,
        scale=alt.Scale(domain=[kind_labels["personal"], kind_labels["organisational"]],
                        range=[PERSONAL_COLOR, ORGANISATIONAL_COLOR]),
    )


def shares_chart(
    data: pd.DataFrame, *, title: str, x_title: str, kind_title: str, kind_labels: dict[str, str],
    tooltip_titles: dict[str, str],
) -> alt.TopLevelMixin:
    """Sorted horizontal bars of each behaviour's share with its 95 % Wilson interval, coloured by kind.

    data: label (behaviour name), kind_label, share, share_low, share_high, behaviour_respondents
    (one row per behaviour; rows with a NULL share are not drawn).
    tooltip_titles: titles for label, share, share_low, share_high, behaviour_respondents.
    """
    order = data.sort_values("share", ascending=False, na_position="last")["label"].tolist()
    y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=LABEL_LIMIT))
    x = alt.X("share:Q", title=x_title, axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]))
    tooltip = [
        alt.Tooltip("label:N", title=tooltip_titles["label"]),
        alt.Tooltip("share:Q", title=tooltip_titles["share"], format=".1%"),
        alt.Tooltip("share_low:Q", title=tooltip_titles["share_low"], format=".1%"),
        alt.Tooltip("share_high:Q", title=tooltip_titles["share_high"], format=".1%"),
        alt.Tooltip("behaviour_respondents:Q", title=tooltip_titles["behaviour_respondents"], format=","),
    ]
    bars = alt.Chart().mark_bar(invalid="filter").encode(
        y=y, x=x, color=_kind_color(kind_labels, kind_title), tooltip=tooltip)
    interval = alt.Chart().mark_rule(color=BLACK, invalid="filter").encode(y=y, x="share_low:Q", x2="share_high:Q")
    labels = alt.Chart().mark_text(align="left", dx=4, dy=-8, invalid="filter").encode(
        y=y, x="share_high:Q", text=alt.Text("share:Q", format=".1%"))
    chart = alt.layer(bars, interval, labels, data=data)
    return themed(chart.properties(title=title, height=alt.Step(34)))


def trend_chart(
    data: pd.DataFrame, *, title: str, x_title: str, y_title: str, behaviour_title: str,
    kind_order: list[str], tooltip_titles: dict[str, str], points: bool = False,
) -> alt.TopLevelMixin:
    """7-day pooled share of each behaviour over time, one panel per kind (personal, organisational);
    points: a mark on each row (weekly shares).

    data: date, label (behaviour name), kind_label, share (NaN where insufficient), share_low, share_high,
    behaviour_respondents_7d. kind_order: the kind labels, personal first.
    tooltip_titles: titles for date, label, share, behaviour_respondents_7d.
    """
    order = list(dict.fromkeys(data["label"]))
    line = alt.Chart().mark_line(invalid="break-paths-show-domains", point=points).encode(
        x=alt.X("date:T", title=x_title, axis=DATE_AXIS),
        y=alt.Y("share:Q", title=y_title, axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("label:N", title=behaviour_title, sort=order, legend=alt.Legend(columns=4)),
        tooltip=[
            alt.Tooltip("date:T", title=tooltip_titles["date"], format="%Y-%m-%d"),
            alt.Tooltip("label:N", title=tooltip_titles["label"]),
            alt.Tooltip("share:Q", title=tooltip_titles["share"], format=".1%"),
            alt.Tooltip("behaviour_respondents_7d:Q", title=tooltip_titles["behaviour_respondents_7d"], format=","),
        ],
    )
    chart = alt.layer(line, data=data).properties(width=320, height=220).facet(
        column=alt.Column("kind_label:N", title=None, sort=kind_order))
    return themed(chart.properties(title=title))


def group_heatmap(
    data: pd.DataFrame, *, title: str, group_title: str, behaviour_order: list[str], group_order: list[str],
    share_title: str,
) -> alt.TopLevelMixin:
    """Heatmap of behaviour (rows, personal first) × group (columns) with the share written in each cell.

    data: label (behaviour name), group (group name), share (NaN where insufficient: the cell stays empty).
    """
    base = alt.Chart().encode(
        x=alt.X("group:N", title=group_title, sort=group_order, axis=alt.Axis(labelAngle=-40, labelLimit=LABEL_LIMIT)),
        y=alt.Y("label:N", title=None, sort=behaviour_order, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
    )
    cells = base.mark_rect(invalid="filter").encode(
        color=alt.Color("share:Q", title=share_title, scale=alt.Scale(scheme="viridis", domain=[0, 1]),
                        legend=alt.Legend(format="%")),
        tooltip=[alt.Tooltip("label:N"), alt.Tooltip("group:N", title=group_title),
                 alt.Tooltip("share:Q", title=share_title, format=".1%")],
    )
    text = base.mark_text(fontSize=11, invalid="filter").encode(
        text=alt.Text("share:Q", format=".0%"),
        color=alt.condition(alt.datum.share > 0.5, alt.value(BLACK), alt.value("white")),
    )
    return themed(alt.layer(cells, text, data=data).properties(title=title, width=alt.Step(64), height=alt.Step(30)))
