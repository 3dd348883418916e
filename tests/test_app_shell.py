"""The app shell: every page runs in both languages, banners, no-build and unusable-build pages, language toggle."""

import duckdb
import pytest

from ingest.publish import switch_pointer
from tests.conftest import run_app

PAGES = ["overview", "trends", "prevention", "map", "methods"]
SYNTHETIC_JA = "合成データ（デモ）"
SYNTHETIC_EN = "Synthetic data (demo)"


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_page_runs_with_banner(app_test, page, lang):
    at = app_test(page, lang)
    assert not at.exception
    banner = SYNTHETIC_JA if lang == "ja" else SYNTHETIC_EN
    assert [w.value for w in at.warning if w.value.startswith(banner)], "synthetic banner missing"


@pytest.mark.parametrize("page", PAGES)
def test_no_banner_for_real_data(real_fixture_build, page):
    at = run_app(page)
    assert not at.exception
    assert not [w for w in at.warning if w.value.startswith(SYNTHETIC_JA)]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_build_page(empty_builds_dir, page, lang):
    at = run_app(page, lang)
    assert not at.exception
    assert at.title[0].value == ("まだデータがありません" if lang == "ja" else "No data yet")
    assert [c.value for c in at.code] == ["python -m ingest demo", "python -m ingest build PATH"]


def test_unusable_build_damaged_file(empty_builds_dir):
    (empty_builds_dir / "staff-broken.duckdb").write_bytes(b"this is not a duckdb file" * 100)
    switch_pointer(empty_builds_dir, {"build_id": "broken", "staff": "staff-broken.duckdb"})
    at = run_app("overview", "en")
    assert not at.exception
    assert at.title[0].value == "The data cannot be read"
    assert "staff-broken.duckdb" in at.expander[0].text[0].value


def test_unusable_build_missing_file(empty_builds_dir):
    switch_pointer(empty_builds_dir, {"build_id": "gone", "staff": "staff-gone.duckdb"})
    at = run_app("methods")
    assert not at.exception
    assert at.title[0].value == "データを読み込めません"


def test_unusable_build_other_schema_version(fixture_build):
    con = duckdb.connect(fixture_build.path.replace("staff-fixture", "staff-old"))
    con.execute("ATTACH ? AS src (READ_ONLY)", [fixture_build.path])
    con.execute("CREATE TABLE build_info AS SELECT * REPLACE (999 AS schema_version) FROM src.build_info")
    con.close()
    from pathlib import Path
    switch_pointer(Path(fixture_build.path).parent, {"build_id": "old", "staff": "staff-old.duckdb"})
    at = run_app("overview")
    assert not at.exception
    assert at.title[0].value == "データを読み込めません"
    assert "schema_version 999" in at.expander[0].text[0].value


def test_english_via_url_and_navigation_titles(fixture_build):
    at = run_app("overview", "en")
    assert at.radio(key="url_lang").value == "en"
    assert at.title[0].value == "Overview"


def test_language_toggle_keeps_other_parameters(fixture_build):
    at = run_app("overview", "ja", {"keep": "me"})
    at.radio(key="url_lang").set_value("en").run()
    assert not at.exception
    assert at.query_params["lang"] == "en"
    assert at.query_params["keep"] == "me"
    assert at.title[0].value == "Overview"


def test_language_survives_a_url_without_lang(fixture_build):
    """After a page switch the URL may lose ?lang=; the session keeps the reader's choice."""
    at = run_app("overview", "en")
    at.query_params.pop("lang")
    at.switch_page("views/methods.py").run()
    assert not at.exception
    assert at.query_params["lang"] == "en"
