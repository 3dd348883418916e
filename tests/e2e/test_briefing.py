"""The briefing page in the browser: it loads, shows the slide, and its PNG download is the 1920×1080 slide."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.browser import PAGES, error_texts, ink_share, open_page, page_title, text

pytestmark = pytest.mark.e2e


def test_briefing_loads_and_downloads_the_slide_png(page, artifacts_dir):
    open_page(page, PAGES["briefing"])
    expect(page.locator("h1", has_text=page_title("briefing", "ja"))).to_be_visible()
    assert error_texts(page) == []
    expect(page.locator('[data-testid="stImage"] img').first).to_be_visible()
    button = page.locator('[data-testid="stDownloadButton"] button', has_text=text("ja", "briefing.export.png")).first
    expect(button).to_be_visible()
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename.startswith("briefing_14_") and download.suggested_filename.endswith(".png")
    png = download.path().read_bytes()
    (artifacts_dir / "briefing_slide_ja.png").write_bytes(png)
    assert Image.open(io.BytesIO(png)).size == (1920, 1080)
    assert 0.05 < ink_share(png) < 0.8
