"""The public edition in headless Chromium: a server with DASHBOARD_AUDIENCE=public on the fixture builds (staff
and public files side by side, tests/fixture_public_build.py). Every public page loads without an error, the
map draws, the staff-only briefing cannot be reached, and a CSV downloads with suppressed cells marked."""

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import PAGES, error_texts, map_canvas, new_context, open_page, page_title, text
from tests.fixture_build import make_fixture_build
from tests.fixture_public_build import make_public_fixture_build
from tests.servers import dashboard_server

pytestmark = pytest.mark.e2e

PUBLIC_PAGES = {name: path for name, path in PAGES.items() if name != "briefing"}


@pytest.fixture(scope="module")
def public_server(chromium_path, tmp_path_factory) -> str:
    builds_dir = tmp_path_factory.mktemp("public_builds")
    make_fixture_build(builds_dir)
    make_public_fixture_build(builds_dir)
    log = tmp_path_factory.mktemp("public_streamlit") / "server.log"
    with dashboard_server(builds_dir, log, env={"DASHBOARD_AUDIENCE": "public"}) as base:
        yield base


@pytest.fixture(scope="module")
def public_context(browser, public_server):
    context = new_context(browser, public_server, accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def tab(public_context):
    page = public_context.new_page()
    yield page
    page.close()


@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_public_page_loads(tab, public_server, name):
    open_page(tab, PUBLIC_PAGES[name])
    expect(tab.locator("h1", has_text=page_title(name, "ja"))).to_be_visible()
    assert error_texts(tab) == []
    expect(tab.get_by_text(text("ja", "common.banner.synthetic"))).to_be_visible()
    nav = tab.locator('[data-testid="stSidebarNavLink"]')
    assert nav.count() == len(PUBLIC_PAGES)
    expect(nav.filter(has_text=text("ja", "common.nav.briefing"))).to_have_count(0)


def test_briefing_is_not_reachable(tab):
    open_page(tab, PAGES["briefing"])
    expect(tab.locator("h1").first).to_be_visible()
    expect(tab.locator("h1", has_text=page_title("briefing", "ja"))).to_have_count(0)
    expect(tab.get_by_text(text("ja", "briefing.save.button"))).to_have_count(0)


def test_public_map_draws_on_its_canvas(tab):
    open_page(tab, PAGES["map"])
    expect(tab.locator('[data-testid="stDeckGlJsonChart"]').first).to_be_visible()
    _, share = map_canvas(tab)
    assert share > 0.05, f"map canvas is nearly blank ({share:.1%} non-background pixels)"
    assert error_texts(tab) == []


def test_public_csv_download_marks_suppressed_cells(tab, tmp_path):
    open_page(tab, PAGES["map"] + "?week=2020-06-14")
    button = tab.locator('[data-testid="stDownloadButton"]', has_text=text("ja", "common.card.csv")).first
    button.scroll_into_view_if_needed()
    with tab.expect_download() as download_info:
        button.locator("button").click()
    path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(path)
    csv = path.read_text(encoding="utf-8-sig")
    assert path.name == "map_2020-06-30.csv"
    header, *rows = csv.splitlines()
    assert text("ja", "map.col_respondents") in header and len(rows) == 4
    assert sum(text("ja", "public.suppressed") in row for row in rows) == 2  # 逗子市 and 葉山町 that week
