"""Broken builds: a missing build, a damaged pointer, an unknown schema version, a file of another DuckDB version,
a truncated or foreign file. The dashboard shows a page saying what is wrong and what to do (never a traceback),
`python -m ingest info` says so in one line and exits non-zero, and `build` refuses such files as input and
publishes over a broken current build.
"""

import json
import os
import shutil
import struct
from pathlib import Path

import duckdb
import pytest

from dashboard.i18n import strings
from ingest import publish
from tests.conftest import run_app
from tests.reliability.conftest import TODAY, run_cli, size, write_raw
from tests.servers import dashboard_server

PAGES = ["overview", "trends", "prevention", "map", "methods"]


def _publish_copy(builds_dir: Path, template: Path, build_id: str) -> Path:
    path = builds_dir / f"staff-{build_id}.duckdb"
    shutil.copyfile(template, path)
    publish.switch_pointer(builds_dir, {"build_id": build_id, "staff": path.name})
    return path


def _sql(path: Path, *statements: str) -> None:
    with duckdb.connect(str(path)) as con:
        for statement in statements:
            con.execute(statement)


def _patch_storage_version(path: Path) -> None:
    """Write another storage version number into the main header, as a file of another DuckDB release has."""
    data = bytearray(path.read_bytes())
    assert data[8:12] == b"DUCK"
    data[12:20] = struct.pack("<Q", 39)  # the number DuckDB 0.8 wrote
    path.write_bytes(bytes(data))


def _truncate(path: Path, keep: float) -> None:
    os.truncate(path, int(path.stat().st_size * keep))


# name -> (how to break a freshly published copy of the prepared build, page expected)
BROKEN = {
    "nothing-published": (lambda d, p: (p.unlink(), (d / publish.POINTER).unlink()), "no_build"),
    "pointer-to-missing-file": (lambda d, p: p.unlink(), "unusable"),
    "pointer-half-written": (lambda d, p: (d / publish.POINTER).write_text('{"build_id": "x", "sta'), "unusable"),
    "pointer-not-a-pointer": (lambda d, p: (d / publish.POINTER).write_text("[1, 2]"), "unusable"),
    "unknown-schema-version": (lambda d, p: _sql(p, "UPDATE build_info SET schema_version = 999"), "unusable"),
    "no-build-info-row": (lambda d, p: _sql(p, "DELETE FROM build_info"), "unusable"),
    "missing-table": (lambda d, p: _sql(p, "DROP TABLE responses_daily"), "unusable"),
    "other-duckdb-version": (lambda d, p: _patch_storage_version(p), "unusable"),
    "truncated-to-half": (lambda d, p: _truncate(p, 0.5), "unusable"),
    "truncated-to-header": (lambda d, p: _truncate(p, 0.001), "unusable"),
    "empty-file": (lambda d, p: _truncate(p, 0), "unusable"),
    "sqlite-file": (lambda d, p: p.write_bytes(b"SQLite format 3\x00" + bytes(8192)), "unusable"),
}


@pytest.fixture
def broken(prepared_build, tmp_path, monkeypatch, request):
    """A builds folder (KANAGAWA_BUILDS_DIR) whose current build is broken as the test's parameter says."""
    name = request.param
    builds_dir = tmp_path / "builds"
    builds_dir.mkdir()
    path = _publish_copy(builds_dir, prepared_build.path, f"broken-{name}")
    BROKEN[name][0](builds_dir, path)
    monkeypatch.setenv("KANAGAWA_BUILDS_DIR", str(builds_dir))
    return name, builds_dir


@pytest.mark.parametrize("broken", list(BROKEN), indirect=True)
def test_dashboard_explains_a_broken_build(broken):
    name, _ = broken
    expected = BROKEN[name][1]
    # Half a file fails only the queries reaching its missing half: every page must notice.
    runs = [(page, "en") for page in PAGES] if name == "truncated-to-half" else [
        ("overview", "ja" if list(BROKEN).index(name) % 2 else "en")]
    for page, lang in runs:
        at = run_app(page, lang)
        assert not at.exception, f"{page}: {at.exception}"
        text = strings(lang)
        assert text[f"common.{expected}.title"] in [t.value for t in at.title], (page, lang)
        if expected == "unusable":  # what to do, and the cause for whoever fixes it
            assert [e.value for e in at.error] == [text["common.unusable.body"]]
            assert at.expander[-1].text[0].value.strip()
        else:
            assert "python -m ingest demo" in [c.value for c in at.code]


@pytest.mark.parametrize("broken", list(BROKEN), indirect=True)
def test_cli_info_refuses_a_broken_build_in_one_line(broken):
    name, builds_dir = broken
    done = run_cli("info", builds_dir=builds_dir)
    assert done.returncode != 0, done.stdout
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    if name == "nothing-published":
        assert "python -m ingest demo" in lines[0]
    elif name == "unknown-schema-version":
        assert "schema version 999" in lines[0]
    elif name.startswith("pointer-") and name != "pointer-to-missing-file":
        assert publish.POINTER in lines[0]


@pytest.mark.parametrize(
    "broken", ["pointer-half-written", "truncated-to-half", "other-duckdb-version"][:size(1, 3)], indirect=True)
def test_a_new_build_replaces_a_broken_current_build(broken, tmp_path):
    _, builds_dir = broken
    done = run_cli("build", str(write_raw(tmp_path / "answers.csv", 30)), "--json", "--today", TODAY.isoformat(),
                   builds_dir=builds_dir)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert publish.read_pointer(builds_dir)["build_id"] == summary["build_id"]
    assert run_cli("info", builds_dir=builds_dir).returncode == 0


@pytest.mark.parametrize("name", ["build.duckdb", "CURRENT.json", "build.duckdb.wal", "quarantine.txt"][:size(2, 4)])
def test_build_refuses_a_database_or_other_file_as_input(prepared_build, tmp_path, name):
    path = tmp_path / name
    shutil.copyfile(prepared_build.path, path)
    builds_dir = tmp_path / "builds"
    done = run_cli("build", str(path), builds_dir=builds_dir)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        f"error: {path}: unknown format '{path.suffix}' (expected .csv, .jsonl or .parquet)"]
    assert not builds_dir.exists()


def test_build_refuses_a_folder_of_databases(prepared_build, tmp_path):
    folder = tmp_path / "old-builds"
    folder.mkdir()
    shutil.copyfile(prepared_build.path, folder / prepared_build.path.name)
    done = run_cli("build", str(folder), builds_dir=tmp_path / "builds")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [f"error: {folder}: folder holds no .csv, .jsonl or .parquet files"]


@pytest.mark.e2e
def test_browser_shows_the_broken_build_page(prepared_build, tmp_path, browser):
    from tests.e2e.browser import open_page

    builds_dir = tmp_path / "builds"
    builds_dir.mkdir()
    _truncate(_publish_copy(builds_dir, prepared_build.path, "broken-in-browser"), 0.5)
    with dashboard_server(builds_dir, tmp_path / "server.log") as base:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            for url, lang in ((base + "/", "ja"), (base + "/trends?lang=en", "en")):
                open_page(page, url)
                assert page.locator('[data-testid="stException"]').count() == 0
                body = page.locator('[data-testid="stMain"]').inner_text()
                assert strings(lang)["common.unusable.title"] in body
                assert "Traceback" not in body
        finally:
            page.close()
