"""Briefing exports: the slide PNG (size, not blank, real Japanese glyphs), the PDF's text, the PPTX's text boxes,
and the chart-card PNG."""

import datetime as dt
import io

import numpy as np
import pytest
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from dashboard import briefing, exports
from dashboard.charts.briefing import HEIGHT, WIDTH, chart_spec, slide_spec
from dashboard.charts.overview import fever_vs_cases
from dashboard.charts.palette import FONT
from queries import overview
from queries.common import build_info

AS_OF = dt.date(2020, 6, 30)


@pytest.fixture(scope="module")
def content(_fixture_builds):
    from queries.runner import current_build
    build = current_build(str(_fixture_builds[True]))
    return briefing.content(build, build_info(build), "14", AS_OF, True)


@pytest.fixture(scope="module")
def slide_ja(content):
    text = briefing.slide_text(content, "ja")
    return text, slide_spec(briefing.series_frame(content), briefing.events_frame(content, "ja"), text)


def image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def test_png_is_1920x1080_and_2x_for_print(slide_ja):
    _, spec = slide_ja
    one = image(exports.png(spec))
    assert one.size == (WIDTH, HEIGHT) == (1920, 1080)
    assert image(exports.png(spec, 2)).size == (3840, 2160)
    pixels = np.asarray(one)
    not_white = (pixels < 240).any(axis=2).mean()
    assert 0.05 < not_white < 0.8  # text, boxes and the chart: neither blank nor a solid fill
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 50


def text_png(text: str, font: str) -> np.ndarray:
    spec = {"data": {"values": [{}]}, "width": 120, "height": 120, "background": "white",
            "mark": {"type": "text", "text": text, "font": font, "fontSize": 80, "x": 60, "y": 60}}
    return (np.asarray(image(exports.png(spec))) < 128).any(axis=2)


def test_japanese_glyphs_are_real_not_tofu():
    """Missing glyphs are drawn as one and the same box: each kanji/kana must have a shape of its own."""
    shapes = [text_png(ch, FONT) for ch in "発熱者割合陽性"]
    assert all(s.sum() > 50 for s in shapes)  # something is drawn
    for i in range(len(shapes)):
        for j in range(i + 1, len(shapes)):
            assert (shapes[i] != shapes[j]).sum() > 100, f"glyphs {i} and {j} look the same (tofu?)"


def test_pdf_holds_the_japanese_title_and_the_figures(slide_ja, content):
    text, spec = slide_ja
    extracted = PdfReader(io.BytesIO(exports.pdf(spec))).pages[0].extract_text()
    assert text.title.split("\u3000")[-1] in extracted  # 発熱者の割合と陽性患者数
    assert "3.50 %" in extracted and "20.0" in extracted and "16.7 %" in extracted
    assert "合成データ" in extracted


def test_pptx_has_the_figures_as_text_and_the_chart_as_a_picture(slide_ja, content):
    text, _ = slide_ja
    chart = exports.png(chart_spec(briefing.series_frame(content), None, text, 1560, 330), 2)
    deck = Presentation(io.BytesIO(exports.pptx(text, chart)))
    assert len(deck.slides) == 1
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 1e-3
    shapes = list(deck.slides[0].shapes)
    texts = "\n".join(s.text_frame.text for s in shapes if s.has_text_frame)
    for expected in (text.title, "3.50 %", "20.0", "16.7 %", text.headline, "合成データ"):
        assert expected in texts
    assert sum(s.shape_type == 13 for s in shapes) == 1  # MSO_SHAPE_TYPE.PICTURE


def test_english_slide(content):
    text = briefing.slide_text(content, "en")
    assert text.title.startswith("COVID-19") and "Kanagawa" in text.subtitle
    assert text.synthetic == "SYNTHETIC DATA (demo)"
    spec = slide_spec(briefing.series_frame(content), briefing.events_frame(content, "en"), text)
    extracted = PdfReader(io.BytesIO(exports.pdf(spec))).pages[0].extract_text()
    assert "State of emergency (1st)" in extracted and "3.50 %" in extracted


def test_chart_card_png(fixture_build):
    series = overview.series(fixture_build, "14", dt.date(2020, 4, 1), AS_OF, 100)
    chart = fever_vs_cases(series, fever_title="発熱", cases_title="陽性", date_title="日付", interval_title="区間",
                           respondents_title="回答者")
    png = image(exports.chart_png(chart))
    assert png.size[0] > exports.CARD_WIDTH * exports.CARD_SCALE
    assert (np.asarray(png) < 200).any()
