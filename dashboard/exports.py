"""Exports: PNG and PDF of a Vega-Lite spec (vl-convert, with the CJK font registered so Japanese is drawn with real
glyphs), PNG of any Altair chart card, and a one-slide PPTX of the briefing with the figures as editable text."""

import functools
import io
from pathlib import Path

import altair as alt
import vl_convert
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from dashboard.briefing import SlideText
from dashboard.charts.palette import FONT

FONT_DIRS = [Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/truetype/noto")]
CARD_WIDTH = 900  # px of a chart card's PNG when its spec has no width (drawn at 2×)
CARD_SCALE = 2


@functools.cache
def _fonts() -> None:
    """Register Debian's fonts-noto-cjk once per process (vl-convert does not scan them by itself)."""
    for folder in FONT_DIRS:
        if folder.is_dir():
            vl_convert.register_font_directory(str(folder))


def png(spec: dict, scale: float = 1) -> bytes:
    _fonts()
    return vl_convert.vegalite_to_png(spec, scale=scale)


def pdf(spec: dict) -> bytes:
    _fonts()
    return vl_convert.vegalite_to_pdf(spec)


def chart_png(chart: alt.TopLevelMixin) -> bytes:
    """A chart card's chart as PNG at 2×. A width the browser would set ("container" or none) becomes CARD_WIDTH."""
    spec = chart.to_dict()
    if not any(k in spec for k in ("hconcat", "vconcat", "concat", "facet", "repeat")) \
            and not isinstance(spec.get("width"), int | float):
        spec["width"] = CARD_WIDTH
    return png(spec, CARD_SCALE)


# --- PowerPoint -------------------------------------------------------------------------------------------------

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
DARK, MUTED_RGB, ORANGE_RED = RGBColor(0x1A, 0x1A, 0x1A), RGBColor(0x4D, 0x4D, 0x4D), RGBColor(0xD5, 0x5E, 0x00)


def _textbox(slide, left, top, width, height, lines: list[tuple[str, int, bool, RGBColor]]):
    """A text box of one paragraph per (text, points, bold, colour); wraps inside its width."""
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for i, (text, size, bold, color) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = text
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT
        run.font.color.rgb = color
    return frame


def pptx(text: SlideText, chart_image: bytes) -> bytes:
    """One 16:9 slide: title, the three figures, the headline and the footer as text boxes; the chart as an image."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    slide = deck.slides.add_slide(deck.slide_layouts[6])  # blank
    margin = Inches(0.5)
    inner = SLIDE_WIDTH - 2 * margin
    _textbox(slide, margin, Inches(0.25), inner, Inches(0.9),
             [(text.title, 28, True, DARK), (text.subtitle, 16, False, MUTED_RGB)])
    if text.synthetic:
        _textbox(slide, SLIDE_WIDTH - margin - Inches(3), Inches(0.25), Inches(3), Inches(0.4),
                 [(text.synthetic, 16, True, ORANGE_RED)])
    gap = Inches(0.25)
    box = Emu(int((inner - 2 * gap) / 3))
    for i, figure in enumerate(text.figures):
        lines = [(figure.label, 14, False, MUTED_RGB), (figure.value, 32, True, DARK),
                 (figure.detail, 12, False, MUTED_RGB)]
        if figure.badge:
            lines.append((figure.badge, 12, True, DARK))
        _textbox(slide, margin + i * (box + gap), Inches(1.25), box, Inches(1.5), lines)
    _textbox(slide, margin, Inches(2.85), inner, Inches(0.6), [(text.headline, 16, True, DARK)])
    slide.shapes.add_picture(io.BytesIO(chart_image), margin, Inches(3.5), width=inner, height=Inches(3.0))
    _textbox(slide, margin, Inches(6.55), inner, Inches(0.9),
             [(line, 9, False, MUTED_RGB) for line in text.footer])
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
