"""Shared fixtures: a published fixture build (tests/fixture_build.py) and an AppTest harness."""

import os
import shutil
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from queries.runner import current_build
from tests.fixture_build import make_fixture_build
from tests.fixture_public_build import make_public_fixture_build

APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
APP_TIMEOUT = 60


@pytest.fixture(scope="session")
def _fixture_builds(tmp_path_factory) -> dict[bool, Path]:
    """One synthetic and one real (is_synthetic = false) fixture build, written once per session."""
    dirs = {}
    for synthetic in (True, False):
        d = tmp_path_factory.mktemp("builds_synthetic" if synthetic else "builds_real")
        make_fixture_build(d, synthetic=synthetic, build_id="fixture" if synthetic else "fixture-real")
        dirs[synthetic] = d
    return dirs


def _use(builds_dir: Path, tmp_path: Path, monkeypatch):
    """A private copy of a published builds folder, set as KANAGAWA_BUILDS_DIR."""
    target = tmp_path / "builds"
    shutil.copytree(builds_dir, target)
    monkeypatch.setenv("KANAGAWA_BUILDS_DIR", str(target))
    return current_build(str(target))


@pytest.fixture
def fixture_build(_fixture_builds, tmp_path, monkeypatch):
    """The synthetic fixture build, published in a fresh builds folder (KANAGAWA_BUILDS_DIR points to it)."""
    return _use(_fixture_builds[True], tmp_path, monkeypatch)


@pytest.fixture
def real_fixture_build(_fixture_builds, tmp_path, monkeypatch):
    """The same numbers, marked as real data (is_synthetic = false)."""
    return _use(_fixture_builds[False], tmp_path, monkeypatch)


@pytest.fixture(scope="session")
def _both_fixture_builds(tmp_path_factory) -> Path:
    """The synthetic staff fixture and the public fixture (tests/fixture_public_build.py) published together:
    CURRENT.json = {"build_id": "fixture", "staff": "staff-fixture.duckdb", "public": "public-fixture.duckdb"}."""
    d = tmp_path_factory.mktemp("builds_both")
    make_fixture_build(d)
    make_public_fixture_build(d)
    return d


@pytest.fixture
def both_builds_dir(_both_fixture_builds, tmp_path, monkeypatch) -> Path:
    """A private copy of the folder holding both fixture builds, set as KANAGAWA_BUILDS_DIR (audience unset)."""
    _use(_both_fixture_builds, tmp_path, monkeypatch)
    return tmp_path / "builds"


@pytest.fixture
def public_fixture_build(both_builds_dir, monkeypatch):
    """The public fixture build (audience 'public'), with DASHBOARD_AUDIENCE=public set for the app."""
    monkeypatch.setenv("DASHBOARD_AUDIENCE", "public")
    return current_build(str(both_builds_dir), audience="public")


@pytest.fixture
def public_app_test(public_fixture_build):
    """Factory: public_app_test(page, lang="ja", params={}) -> an AppTest run on that page in public mode."""
    return run_app


@pytest.fixture
def empty_builds_dir(tmp_path, monkeypatch):
    """A builds folder with nothing published."""
    target = tmp_path / "empty_builds"
    target.mkdir()
    monkeypatch.setenv("KANAGAWA_BUILDS_DIR", str(target))
    return target


# AppTest runs the app as `make run` serves it: on loopback, with no secrets file and DASHBOARD_AUDIENCE unset, so
# staff mode runs without sign-in (under its banner, dashboard/auth.py) and a developer's .streamlit/secrets.toml or
# environment cannot change a test. Tests of other set-ups change these within the test; they are restored after it.
APP_CONFIG = {"server.address": "127.0.0.1", "secrets.files": []}


@pytest.fixture(autouse=True)
def app_config(monkeypatch):
    monkeypatch.delenv("DASHBOARD_AUDIENCE", raising=False)
    saved = {key: config.get_option(key) for key in APP_CONFIG}
    for key, value in APP_CONFIG.items():
        config.set_option(key, value)
    yield
    for key, value in saved.items():
        config.set_option(key, value)


def run_app(page: str = "overview", lang: str = "ja", params: dict | None = None) -> AppTest:
    """dashboard/app.py run once on dashboard/views/<page>.py with ?lang=<lang>&<params>."""
    at = AppTest.from_file(str(APP), default_timeout=APP_TIMEOUT)
    at.query_params.update({"lang": lang, **(params or {})})
    if page != "overview":
        at.switch_page(f"views/{page}.py")
    return at.run()


@pytest.fixture
def app_test(fixture_build):
    """Factory: app_test(page, lang="ja", params={}) -> an AppTest that has run on that page of the fixture build."""
    return run_app


# Debian's Chromium, driven by the `playwright` package (never `playwright install`). One browser for the whole
# session: Playwright's sync API cannot be started twice in one thread while the first is running.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """The browser's path; skips without it, except under CI=true, where a missing browser fails the run."""
    if CHROMIUM.exists():
        return str(CHROMIUM)
    reason = f"{CHROMIUM} is missing: install Debian's chromium and fonts-noto-cjk (.ci/run does)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def connects(monkeypatch):
    """Every path the query runner opens (duckdb.connect) during the test."""
    import queries.runner

    opened: list[str] = []
    real = queries.runner.duckdb.connect

    def recording(path, *args, **kwargs):
        opened.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(queries.runner.duckdb, "connect", recording)
    return opened
