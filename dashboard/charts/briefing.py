"""The briefing slide as ONE Vega-Lite spec of exactly 1920×1080 px: the overview's fever-vs-cases chart with the
title, key figures, headline and footer added as text marks placed in pixels, so the PNG (any scale) and the PDF
(real text) come from the same spec.

The chart's plot area is fixed by `autosize: none` and the padding; text marks are positioned relative to the plot
area's top-left corner, so the slide's absolute layout below is shifted by the padding.
"""

import pandas as pd

from dashboard.briefing import SlideText, wrap
from dashboard.charts.overview import fever_vs_cases
from dashboard.charts.palette import BLUISH_GREEN, FONT, VERMILLION

WIDTH, HEIGHT = 1920, 1080
MARGIN = 80
PAD = {"left": 150, "right": 150, "top": 480, "bottom": 190}  # plot area 1620 × 410
PLOT_WIDTH = WIDTH - PAD["left"] - PAD["right"]
PLOT_HEIGHT = HEIGHT - PAD["top"] - PAD["bottom"]
FIGURE_BOX = {"top": 160, "height": 190, "gap": 40}
TEXT_COLOR = "#1A1A1A"
MUTED = "#4D4D4D"
BOX_FILL = "#F2F2F2"
BADGE_COLORS = {"rising": VERMILLION, "falling": BLUISH_GREEN, "flat": MUTED}
HEADLINE_SIZE, FOOTER_SIZE = 30, 17


def _text(x: float, y: float, text: str, size: int, *, weight: str = "normal", color: str = TEXT_COLOR,
          align: str = "left") -> dict:
    """A text layer at absolute slide pixels (x, y = top of the text)."""
    return {"data": {"values": [{}]},
            "mark": {"type": "text", "x": x - PAD["left"], "y": y - PAD["top"], "text": text, "fontSize": size,
                     "fontWeight": weight, "color": color, "align": align, "baseline": "top", "font": FONT}}


def _box(x: float, y: float, width: float, height: float) -> dict:
    return {"data": {"values": [{}]},
            "mark": {"type": "rect", "x": x - PAD["left"], "y": y - PAD["top"], "x2": x + width - PAD["left"],
                     "y2": y + height - PAD["top"], "fill": BOX_FILL, "cornerRadius": 8}}


def chart_spec(series: pd.DataFrame, events: pd.DataFrame | None, text: SlideText, width: int, height: int) -> dict:
    """The overview chart (same builder) as a dict sized width × height, with type large enough for a slide."""
    spec = fever_vs_cases(series, events=events, **text.chart_titles).to_dict()
    spec.update(width=width, height=height)
    spec["config"]["axis"].update(labelFontSize=20, titleFontSize=22)
    for layer in spec["layer"]:
        if isinstance(layer.get("mark"), dict) and layer["mark"].get("type") == "text":
            layer["mark"]["fontSize"] = 18  # the names of the measures
    return spec


def slide_spec(series: pd.DataFrame, events: pd.DataFrame | None, text: SlideText) -> dict:
    spec = chart_spec(series, events, text, PLOT_WIDTH, PLOT_HEIGHT)
    spec.update(autosize={"type": "none"}, padding=PAD, background="white")
    layers = [_text(MARGIN, 40, text.title, 46, weight="bold"),
              _text(MARGIN, 102, text.subtitle, 28, color=MUTED)]
    if text.synthetic:
        layers.append(_text(WIDTH - MARGIN, 48, text.synthetic, 30, weight="bold", color=VERMILLION, align="right"))
    box_width = (WIDTH - 2 * MARGIN - 2 * FIGURE_BOX["gap"]) / 3
    for i, figure in enumerate(text.figures):
        x = MARGIN + i * (box_width + FIGURE_BOX["gap"])
        top = FIGURE_BOX["top"]
        layers += [_box(x, top, box_width, FIGURE_BOX["height"]),
                   _text(x + 24, top + 16, figure.label, 26, color=MUTED),
                   _text(x + 24, top + 54, figure.value, 60, weight="bold"),
                   _text(x + 24, top + 124, figure.detail, 22, color=MUTED)]
        if figure.badge:
            layers.append(_text(x + box_width - 24, top + 154, figure.badge, 24, weight="bold",
                                color=BADGE_COLORS[figure.direction], align="right"))
    headline_top = FIGURE_BOX["top"] + FIGURE_BOX["height"] + 22
    for i, line in enumerate(wrap(text.headline, 112)[:2]):
        layers.append(_text(MARGIN, headline_top + i * 40, line, HEADLINE_SIZE, weight="bold"))
    footer_lines = [line for part in text.footer for line in wrap(part, 200)][:4]
    footer_top = HEIGHT - 20 - len(footer_lines) * 24
    for i, line in enumerate(footer_lines):
        layers.append(_text(MARGIN, footer_top + i * 24, line, FOOTER_SIZE, color=MUTED))
    if text.synthetic:
        layers.append(_text(WIDTH - MARGIN, footer_top, text.synthetic, FOOTER_SIZE, weight="bold",
                            color=VERMILLION, align="right"))
    spec["layer"] = spec["layer"] + layers
    return spec
