"""Every page of the running dashboard, in headless Chromium, on a real demo build."""

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import PAGES, error_texts, map_canvas, open_page, page_title, text

pytestmark = pytest.mark.e2e

# Draws each character of an element's text alone on a canvas, in the element's own font. Without a CJK font
# Chromium draws every kanji as the same missing-glyph box, so distinct characters give identical images.
GLYPH_IMAGES = """(el) => {
    const style = getComputedStyle(el);
    const font = `${style.fontWeight} 40px ${style.fontFamily}`;
    const draw = (ch) => {
        const canvas = document.createElement("canvas");
        canvas.width = 56; canvas.height = 56;
        const g = canvas.getContext("2d");
        g.font = font; g.fillStyle = "#000"; g.textBaseline = "top";
        g.fillText(ch, 8, 8);
        return canvas.toDataURL();
    };
    const chars = [...new Set([...el.innerText].filter((ch) => /\\p{Script=Han}|\\p{Script=Hiragana}|\\p{Script=Katakana}/u.test(ch)))];
    return {chars, images: chars.map(draw), blank: draw("")};
}"""


@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads_with_title_and_synthetic_banner(page, server, name):
    open_page(page, PAGES[name])
    expect(page.locator("h1", has_text=page_title(name, "ja"))).to_be_visible()
    assert error_texts(page) == []
    nav = page.locator('[data-testid="stSidebarNavLink"]')
    assert nav.count() == len(PAGES)
    expect(nav.filter(has_text=text("ja", f"common.nav.{name}"))).to_have_attribute("href", server + PAGES[name])
    # the build is a demo build: every page says its data are synthetic
    expect(page.get_by_text(text("ja", "common.banner.synthetic"))).to_be_visible()


def test_japanese_glyphs_render(page, artifacts_dir):
    open_page(page, PAGES["overview"])
    title = page.locator("h1", has_text=page_title("overview", "ja"))
    banner = page.get_by_text(text("ja", "common.banner.synthetic"))
    expect(banner).to_be_visible()
    page.set_viewport_size({"width": 1400, "height": 1700})  # the app scrolls inside its own container
    expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()
    page.screenshot(path=artifacts_dir / "overview_ja.png")
    for element in (title, banner):
        drawn = element.evaluate(GLYPH_IMAGES)
        assert len(drawn["chars"]) >= 2, drawn["chars"]
        assert drawn["blank"] not in drawn["images"], "a Japanese character drew nothing"
        assert len(set(drawn["images"])) == len(drawn["chars"]), "distinct characters drew the same glyph (tofu): is fonts-noto-cjk installed?"


def test_map_draws_on_its_canvas(page, artifacts_dir):
    open_page(page, PAGES["map"])
    expect(page.locator('[data-testid="stDeckGlJsonChart"]').first).to_be_visible()
    png, share = map_canvas(page)
    (artifacts_dir / "map_ja.png").write_bytes(png)
    assert share > 0.05, f"map canvas is nearly blank ({share:.1%} non-background pixels)"
    assert error_texts(page) == []
