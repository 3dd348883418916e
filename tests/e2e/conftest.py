"""End-to-end fixtures: a real demo build, a Streamlit server on a free loopback port, Debian's Chromium.

The browser is the system Chromium driven by the `playwright` package (never `playwright install`).
Without /usr/bin/chromium the tests skip, except under CI=true, where a missing browser fails the run.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import TIMEOUT_MS, new_context
from tests.servers import dashboard_server

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DEMO_RESPONSES = "20000"
DEMO_SEED = "1"
SERVER_START_TIMEOUT = 60

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def demo_builds_dir(chromium_path, tmp_path_factory) -> Path:
    """A builds folder holding one real demo build, made by the ingest CLI."""
    builds_dir = tmp_path_factory.mktemp("builds")
    raw_dir = tmp_path_factory.mktemp("raw")
    done = subprocess.run(
        [sys.executable, "-m", "ingest", "demo", "--responses", DEMO_RESPONSES, "--seed", DEMO_SEED,
         "--raw", str(raw_dir), "--out", str(builds_dir), "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
    )
    if done.returncode != 0:
        pytest.fail(f"python -m ingest demo failed ({done.returncode}):\n{done.stderr}", pytrace=False)
    pointer = json.loads((builds_dir / "CURRENT.json").read_text(encoding="utf-8"))
    assert (builds_dir / pointer["staff"]).exists()
    return builds_dir


@pytest.fixture(scope="session")
def server(demo_builds_dir, tmp_path_factory) -> str:
    """Base URL of `streamlit run dashboard/app.py` serving the demo build; stopped after the session."""
    with dashboard_server(demo_builds_dir, tmp_path_factory.mktemp("streamlit") / "server.log",
                          SERVER_START_TIMEOUT) as base:
        yield base


@pytest.fixture(scope="session")
def browser_context(browser, server):
    """One context for the session, so the app's static files are fetched and compiled once (HTTP cache)."""
    context = new_context(browser, server, accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    """A fresh tab: a new Streamlit session (own session state) on every test."""
    page = browser_context.new_page()
    yield page
    page.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
