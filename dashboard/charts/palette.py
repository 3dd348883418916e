"""Colours and fonts of every chart: the colour-blind-safe Okabe–Ito palette and a font that has Japanese glyphs."""

import altair as alt

FONT = "Noto Sans CJK JP"

# Okabe & Ito (2008), "Color Universal Design".
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
OKABE_ITO = [ORANGE, SKY_BLUE, BLUISH_GREEN, YELLOW, BLUE, VERMILLION, REDDISH_PURPLE, BLACK]

# One colour per quantity, the same on every page.
METRIC_COLORS = {
    "fever": VERMILLION,
    "fever_4d": ORANGE,
    "symptomatic": SKY_BLUE,
    "consult": REDDISH_PURPLE,
    "cases": BLUE,
}
PERSONAL_COLOR = BLUISH_GREEN
ORGANISATIONAL_COLOR = ORANGE


def themed(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """The chart with the Japanese font on every text element and the Okabe–Ito category range.

    One configure() call: each configure_*() copies the whole chart, which costs a page run tens of milliseconds.
    """
    return chart.configure(
        font=FONT,
        axis=alt.AxisConfig(labelFont=FONT, titleFont=FONT, labelFontSize=12, titleFontSize=13),
        legend=alt.LegendConfig(labelFont=FONT, titleFont=FONT, labelFontSize=12, titleFontSize=13, orient="bottom"),
        title=alt.TitleConfig(font=FONT, fontSize=15, anchor="start"),
        header=alt.HeaderConfig(labelFont=FONT, titleFont=FONT),
        range=alt.RangeConfig(category=OKABE_ITO),
        view=alt.ViewConfig(strokeWidth=0),
    )
