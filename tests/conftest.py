"""Shared fixtures: a published fixture build (tests/fixture_build.py) and an AppTest harness."""

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from queries.runner import current_build
from tests.fixture_build import make_fixture_build

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


@pytest.fixture
def empty_builds_dir(tmp_path, monkeypatch):
    """A builds folder with nothing published."""
    target = tmp_path / "empty_builds"
    target.mkdir()
    monkeypatch.setenv("KANAGAWA_BUILDS_DIR", str(target))
    return target


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
