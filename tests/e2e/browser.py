"""Small helpers the browser tests share: opening a page and waiting for its script, strings, pixel counts."""

import io

import numpy as np
from PIL import Image
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from dashboard.i18n import strings

# URL path of each page: st.navigation infers it from the file name (views/trends.py -> /trends);
# the default page (overview) lives at the root.
PAGES = {"overview": "/", "trends": "/trends", "prevention": "/prevention", "map": "/map", "briefing": "/briefing",
         "methods": "/methods"}
SCRIPT_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
TIMEOUT_MS = 30_000  # generous: a loaded CI machine renders the first page of a cold server slowly
VIEWPORT = {"width": 1400, "height": 1000}
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


def new_context(browser, base_url: str | None = None, **options):
    """A browser context (its own cookies: a new visitor) with the tests' viewport and timeout."""
    context = browser.new_context(viewport=VIEWPORT, base_url=base_url, **options)
    context.set_default_timeout(TIMEOUT_MS)
    return context


def map_canvas(page) -> tuple[bytes, float]:
    """A screenshot of the page's first map and its ink_share, once deck.gl has drawn (it draws asynchronously
    with software WebGL: polled for up to about 20 s)."""
    deck = page.locator('[data-testid="stDeckGlJsonChart"]').first
    deck.scroll_into_view_if_needed()
    for _ in range(40):
        png = deck.screenshot()
        share = ink_share(png)
        if share > 0.05:
            break
        page.wait_for_timeout(500)
    return png, share


def script_finished(payload) -> int | None:
    """The status of a "script finished" message from the server's websocket (None for any other frame)."""
    if not isinstance(payload, bytes):
        return None
    msg = ForwardMsg()
    msg.ParseFromString(payload)
    return msg.script_finished if msg.WhichOneof("type") == "script_finished" else None


def error_texts(page) -> list[str]:
    return page.locator(ERRORS).all_inner_texts()


def ink_share(png: bytes, tolerance: int = 24) -> float:
    """Share of pixels that differ from the background, taken as the commonest colour of the image's border."""
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    border = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])
    colours, counts = np.unique(border, axis=0, return_counts=True)
    background = colours[counts.argmax()]
    return float((np.abs(pixels - background).max(axis=2) > tolerance).mean())
