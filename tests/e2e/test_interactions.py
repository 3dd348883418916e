"""What a user does in the browser: download a card's CSV, switch language, open a permalink."""

import csv
import datetime as dt
import io
import urllib.parse

import pandas as pd
import pytest
from playwright.sync_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from queries.common import areas
from queries.runner import current_build
from tests.e2e.browser import (PAGES, SCRIPT_DONE, TIMEOUT_MS, error_texts, open_page, page_title,
                               script_finished, text)

pytestmark = pytest.mark.e2e


def test_csv_download_has_the_card_numbers(page):
    open_page(page, PAGES["overview"] + "?period=2021-01-01..2021-01-31")
    # By its label: the card also has a PNG button, and the CSV one is the subject here.
    buttons = page.locator('[data-testid="stDownloadButton"] button')
    button = buttons.filter(has_text=text("ja", "common.card.csv")).first
    expect(button).to_be_visible()
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    raw = download.path().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must carry a UTF-8 BOM so Excel reads Japanese"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header = rows[0]
    assert header[0] == text("ja", "overview.col.date")
    assert set(header) <= {text("ja", f"overview.col.{c}") for c in (
        "date", "respondents_7d", "fever_7d", "fever_pct", "fever_low_pct", "fever_high_pct", "cases", "cases_7d_avg")}
    assert all(len(row) == len(header) for row in rows)
    frame = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    days = pd.to_datetime(frame[header[0]]).dt.date
    assert days.tolist() == [dt.date(2021, 1, 1) + dt.timedelta(days=i) for i in range(31)]


def test_language_toggle_switches_to_english(page):
    open_page(page, PAGES["overview"])
    expect(page.locator("h1")).to_have_text(page_title("overview", "ja"))
    toggle = page.locator('[data-testid="stSidebar"]').get_by_role("radiogroup", name=text("ja", "common.lang.label"))
    toggle.get_by_text(text("ja", "common.lang.en"), exact=True).click()
    expect(page.locator("h1")).to_have_text(page_title("overview", "en"))
    expect(page.get_by_text(text("en", "common.banner.synthetic"))).to_be_visible()
    assert urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)["lang"] == ["en"]
    assert error_texts(page) == []


def test_lang_parameter_opens_english(page):
    open_page(page, PAGES["trends"] + "?lang=en")
    expect(page.locator("h1")).to_have_text(page_title("trends", "en"))
    nav = page.locator('[data-testid="stSidebarNavLink"]')
    expect(nav).to_contain_text([text("en", f"common.nav.{name}") for name in PAGES], use_inner_text=True)
    assert error_texts(page) == []


def test_permalink_restores_its_filters(page, demo_builds_dir):
    area = areas(current_build(demo_builds_dir)).query("level == 'health_center'").iloc[0]
    params = {"area": area["area_code"], "period": "2021-01-04..2021-02-28", "age": "30-39", "sex": "female",
              "metric": "fever_4d", "by": "sex"}
    open_page(page, PAGES["trends"] + "?" + urllib.parse.urlencode(params))
    expect(page.locator("h1")).to_have_text(page_title("trends", "ja"))
    assert error_texts(page) == []

    def combobox(key):
        return page.get_by_role("combobox", name=text("ja", key), exact=True)

    expect(combobox("common.filter.area")).to_have_value(
        f"{area['name_ja']}（{text('ja', 'common.level.health_center')}）")
    expect(combobox("common.filter.age_band")).to_have_value(text("ja", "common.age_band.30-39"))
    expect(combobox("common.filter.sex")).to_have_value(text("ja", "common.sex.female"))
    expect(combobox("trends.filter.breakdown")).to_have_value(text("ja", "trends.breakdown.sex"))
    metric = page.get_by_role("radiogroup", name=text("ja", "common.filter.metric"))
    expect(metric.get_by_role("radio", name=text("ja", "common.metric.fever_4d"), exact=True)).to_be_checked()
    period = page.locator('[data-testid="stDateInput"]').filter(has_text=text("ja", "common.filter.period"))
    assert [i.input_value() for i in period.locator("input").all()] == ["2021-01-04", "2021-02-28"]
    kept = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)
    assert {k: kept[k] for k in params} == {k: [v] for k, v in params.items()}


def test_chart_controls_rerun_the_rate_chart_alone(page):
    """The metric sits in a fragment with the key figures and the rate chart: changing it reruns that fragment
    only (the server says so in its "script finished" message) and leaves the lead-lag analysis in place;
    the area, outside the fragment, still reruns the whole page."""
    finished = []

    def frame(payload):
        if (status := script_finished(payload)) is not None:
            finished.append(status)

    def watch(ws):
        if ws.url.endswith("/_stcore/stream"):
            ws.on("framereceived", frame)

    page.on("websocket", watch)
    open_page(page, PAGES["trends"])
    leadlag = page.get_by_role("heading", name=text("ja", "trends.card.correlation_title"))
    expect(leadlag).to_be_visible()

    finished.clear()
    metric = page.get_by_role("radiogroup", name=text("ja", "common.filter.metric"))
    metric.get_by_text(text("ja", "common.metric.fever_4d"), exact=True).click()
    new_title = text("ja", "trends.card.rate_title").format(metric=text("ja", "common.metric.fever_4d"))
    expect(page.get_by_role("heading", name=new_title)).to_be_visible()
    wait_until(page, lambda: finished)
    assert finished == [ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY]
    expect(leadlag).to_be_visible()
    assert urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)["metric"] == ["fever_4d"]
    assert error_texts(page) == []

    finished.clear()
    page.get_by_role("combobox", name=text("ja", "common.filter.area"), exact=True).click()
    page.get_by_role("option").nth(1).click()
    wait_until(page, lambda: ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY in finished)
    page.wait_for_selector(SCRIPT_DONE)
    expect(metric.get_by_role("radio", name=text("ja", "common.metric.fever_4d"), exact=True)).to_be_checked()
    query = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)
    assert query["metric"] == ["fever_4d"] and query["area"] != ["14"]
    assert error_texts(page) == []


def wait_until(page, condition, timeout_ms: int = TIMEOUT_MS) -> None:
    """Let the page handle its events (websocket frames among them) until condition() is true."""
    for _ in range(timeout_ms // 100):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"not true after {timeout_ms} ms")
