"""Small helpers the browser tests share: opening a page and waiting for its script, strings, pixel counts."""

import io

import numpy as np
from PIL import Image

from dashboard.i18n import strings

# URL path of each page: st.navigation infers it from the file name (views/trends.py -> /trends);
# the default page (overview) lives at the root.
PAGES = {"overview": "/", "trends": "/trends", "prevention": "/prevention", "map": "/map", "briefing": "/briefing",
         "methods": "/methods"}
SCRIPT_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def text(lang: str, key: str) -> str:
    return strings(lang)[key]


def page_title(page: str, lang: str) -> str:
    """The title a page shows: its own "<page>.title" string, or its navigation label when it has none."""
    return strings(lang).get(f"{page}.title") or text(lang, f"common.nav.{page}")


def open_page(page, url: str) -> None:
    """Go to url and wait until the app's script has finished its first run."""
    page.goto(url)
    page.wait_for_selector(SCRIPT_DONE, timeout=60_000)


def error_texts(page) -> list[str]:
    return page.locator(ERRORS).all_inner_texts()


def ink_share(png: bytes, tolerance: int = 24) -> float:
    """Share of pixels that differ from the background, taken as the commonest colour of the image's border."""
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    border = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])
    colours, counts = np.unique(border, axis=0, return_counts=True)
    background = colours[counts.argmax()]
    return float((np.abs(pixels - background).max(axis=2) > tolerance).mean())
