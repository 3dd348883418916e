"""Staff sign-in end to end: a real OpenID Connect provider on loopback (oidc-provider-mock), a Streamlit server
configured with [auth] in a secrets.toml, the fixture builds, headless Chromium.

A signed-out visitor gets the sign-in page on every URL and nothing of the data; signing in through the provider
opens the app (staff pages included); signing out closes it again. Also, on real servers: without [auth] on
loopback the app runs under the "sign-in is off" banner, and DASHBOARD_AUDIENCE from the environment wins over
the one in secrets.toml (dashboard/auth.py).
"""

import re
import secrets
from pathlib import Path

import pytest
from oidc_provider_mock import User, run_server_in_thread
from playwright.sync_api import expect

from tests.e2e.browser import PAGES, SCRIPT_DONE, error_texts, new_context, open_page, page_title, text
from tests.fixture_build import make_fixture_build
from tests.fixture_public_build import make_public_fixture_build
from tests.servers import dashboard_server

pytestmark = pytest.mark.e2e

USER = User(sub="hanako", claims={"name": "Kanagawa Hanako", "email": "hanako@pref.example.jp"})
CLIENT_ID = "kanagawa-dashboard"
BUILD_ID = "fixture"  # of tests/fixture_build.py
# what a signed-out visitor must never get: charts, maps, tables, downloads, metrics, the navigation
DATA = ('[data-testid="stVegaLiteChart"], [data-testid="stDeckGlJsonChart"], [data-testid="stDataFrame"], '
        '[data-testid="stTable"], [data-testid="stDownloadButton"], [data-testid="stMetric"], '
        '[data-testid="stSidebarNav"]')


@pytest.fixture(scope="module")
def provider() -> str:
    """Base URL of an OpenID Connect provider on loopback that signs in whatever `sub` is typed."""
    with run_server_in_thread(user_claims=[USER]) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The staff and public fixture builds, published together."""
    d = tmp_path_factory.mktemp("signin_builds")
    make_fixture_build(d, build_id=BUILD_ID)
    make_public_fixture_build(d, build_id=BUILD_ID)
    return d


def write_secrets(path: Path, provider: str | None = None, **top: str) -> Path:
    """A secrets.toml: top-level strings, and an [auth] section against `provider` when given."""
    lines = [f'{key} = "{value}"' for key, value in top.items()]
    if provider:
        lines += ["[auth]",
                  'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"',  # Streamlit fills in {port}
                  f'cookie_secret = "{secrets.token_hex(32)}"',
                  f'client_id = "{CLIENT_ID}"',
                  'client_secret = "not-a-real-secret"',
                  f'server_metadata_url = "{provider}/.well-known/openid-configuration"']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def staff_server(provider, builds, tmp_path_factory) -> str:
    d = tmp_path_factory.mktemp("signin_server")
    with dashboard_server(builds, d / "server.log", secrets=write_secrets(d / "secrets.toml", provider)) as base:
        yield base


@pytest.fixture
def visitor(browser, staff_server):
    """A fresh browser context (no cookies): a visitor who has not signed in."""
    context = new_context(browser, staff_server)
    page = context.new_page()
    yield page
    context.close()


def app_root(base: str) -> re.Pattern:
    """The app's home URL, where Streamlit sends the browser after sign-in and sign-out (?lang= may follow)."""
    return re.compile(rf"^{re.escape(base)}/(\?.*)?$")


def expect_sign_in_page(page) -> None:
    expect(page.locator("h1", has_text=text("ja", "common.access.sign_in_title"))).to_be_visible()
    expect(page.get_by_role("button", name=text("ja", "common.access.sign_in"))).to_be_visible()
    assert page.locator(DATA).count() == 0
    body = page.locator('[data-testid="stApp"]').inner_text()
    assert BUILD_ID not in body
    assert error_texts(page) == []


@pytest.mark.parametrize("path", ["/", "/trends", "/briefing", "/methods", "/map", "/prevention",
                                  "/?lang=en", "/no-such-page"])
def test_signed_out_visitor_sees_only_the_sign_in_page(visitor, path, artifacts_dir):
    open_page(visitor, path)
    if path.endswith("lang=en"):
        expect(visitor.locator("h1", has_text=text("en", "common.access.sign_in_title"))).to_be_visible()
        return
    expect_sign_in_page(visitor)
    if path == "/":
        visitor.screenshot(path=artifacts_dir / "signed_out.png")
    if path != "/no-such-page":  # the app's pages stay registered (hidden): no "page not found" for them
        assert visitor.get_by_role("dialog").count() == 0
    for title in ("overview", "trends", "briefing", "methods"):
        assert visitor.locator("h1", has_text=page_title(title, "ja")).count() == 0


def test_sign_in_open_staff_pages_and_sign_out(visitor, provider, staff_server, artifacts_dir):
    page = visitor
    open_page(page, "/briefing")
    expect_sign_in_page(page)
    page.get_by_role("button", name=text("ja", "common.access.sign_in")).click()

    # the provider's own page: type who signs in
    page.wait_for_url(f"{provider}/oauth2/authorize*")
    page.locator('input[name="sub"]').fill(USER.sub)
    page.get_by_role("button", name="Authorize").click()

    # back on the app, signed in
    page.wait_for_url(app_root(staff_server))
    page.wait_for_selector(SCRIPT_DONE, timeout=60_000)
    expect(page.locator("h1", has_text=page_title("overview", "ja"))).to_be_visible()
    signed_in = text("ja", "common.access.signed_in_as").format(
        user=f"{USER.claims['name']} ({USER.claims['email']})")
    expect(page.get_by_text(signed_in)).to_be_visible()
    expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()
    nav = page.locator('[data-testid="stSidebarNavLink"]')
    assert nav.count() == len(PAGES)
    page.screenshot(path=artifacts_dir / "signed_in_overview.png")

    # a staff page, by URL, in the same browser: the identity cookie signs the new session in
    open_page(page, "/briefing")
    expect(page.locator("h1", has_text=page_title("briefing", "ja"))).to_be_visible()
    expect(page.get_by_text(signed_in)).to_be_visible()
    assert error_texts(page) == []

    # sign out: the provider ends its session and sends the browser back; the app is closed again
    page.get_by_role("button", name=text("ja", "common.access.sign_out")).click()
    page.wait_for_url(f"{provider}/oauth2/end_session*")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(app_root(staff_server))
    page.wait_for_selector(SCRIPT_DONE, timeout=60_000)
    expect_sign_in_page(page)
    open_page(page, "/briefing")
    expect_sign_in_page(page)


def test_staff_without_sign_in_on_loopback_shows_the_banner(browser, builds, tmp_path):
    with dashboard_server(builds, tmp_path / "server.log") as base:
        context = new_context(browser, base)
        try:
            page = context.new_page()
            for name in ("overview", "briefing"):
                open_page(page, PAGES[name])
                expect(page.locator("h1", has_text=page_title(name, "ja"))).to_be_visible()
                expect(page.get_by_text(text("ja", "common.access.sign_in_off"))).to_be_visible()
        finally:
            context.close()


def test_environment_wins_over_secrets(browser, provider, builds, tmp_path):
    """Streamlit copies DASHBOARD_AUDIENCE=staff from secrets.toml into the environment; the operator's public
    still decides: a public app, anonymous, without the staff pages."""
    secrets_file = write_secrets(tmp_path / "secrets.toml", provider, DASHBOARD_AUDIENCE="staff")
    with dashboard_server(builds, tmp_path / "server.log", env={"DASHBOARD_AUDIENCE": "public"},
                          secrets=secrets_file) as base:
        context = new_context(browser, base)
        try:
            page = context.new_page()
            open_page(page, "/")
            nav = page.locator('[data-testid="stSidebarNavLink"]')
            expect(nav.first).to_be_visible()
            assert nav.count() == len(PAGES) - 1
            assert nav.filter(has_text=text("ja", "common.nav.briefing")).count() == 0
            assert page.locator("h1", has_text=text("ja", "common.access.sign_in_title")).count() == 0
        finally:
            context.close()
