"""AppTest of the briefing page in Japanese and English: no exception, the slide's sentence from the figures of
the build, parameters from the URL, saving."""

import datetime as dt

import pytest

from dashboard import briefing, briefing_store
from queries.common import build_info


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv(briefing_store.ENV, str(tmp_path / "briefings"))


@pytest.mark.parametrize("lang, title", [("ja", "ブリーフィング"), ("en", "Briefing")])
def test_page_renders_the_current_build(app_test, fixture_build, store, lang, title):
    at = app_test("briefing", lang)
    assert not at.exception
    assert at.title[0].value == title
    data = briefing.content(fixture_build, build_info(fixture_build), "14", dt.date(2020, 6, 30), True)
    assert at.markdown[0].value == briefing.headline(data, lang)
    assert at.query_params["as_of"] == "2020-06-30"
    assert len(at.get("download_button")) == 5  # PNG, PNG 2×, PDF, PPTX, CSV
    assert any("間接的" in i.value or "indirect" in i.value for i in at.info)


def test_url_parameters_choose_area_date_and_events(app_test, fixture_build, store):
    at = app_test("briefing", "en", {"area": "hc05", "as_of": "2020-04-15", "events": "off"})
    assert not at.exception
    assert at.selectbox(key="url_area").value == "hc05"
    data = briefing.content(fixture_build, build_info(fixture_build), "hc05", dt.date(2020, 4, 15), False)
    assert at.markdown[0].value == briefing.headline(data, "en")
    assert at.markdown[0].value.startswith("In Fujisawa City HC")


def test_save_button_stores_the_briefing(app_test, store):
    at = app_test("briefing", "ja")
    at.button(key="save_briefing").click().run()
    assert not at.exception
    records = briefing_store.saved()
    assert len(records) == 1 and records[0]["content"]["params"] == {"area": "14", "as_of": "2020-06-30",
                                                                      "events": True}
    assert records[0]["id"] in at.success[0].value


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_methods_page_explains_the_trend_rule(app_test, lang):
    from dashboard.i18n import strings
    at = app_test("methods", lang)
    assert not at.exception
    assert strings(lang)["methods.trend.heading"] in [h.value for h in at.header]
    assert any("14" in m.value and ("t(0.975" in m.value) for m in at.markdown)


def test_briefing_is_not_in_a_public_deployment(fixture_build, monkeypatch):
    """The public file of a build gets no briefing page: asking for it lands on the default page."""
    from pathlib import Path

    from ingest.publish import switch_pointer
    from tests.conftest import run_app
    file_name = Path(fixture_build.path).name
    switch_pointer(Path(fixture_build.path).parent, {"build_id": fixture_build.build_id, "staff": file_name,
                                                      "public": file_name})
    monkeypatch.setenv("DASHBOARD_AUDIENCE", "public")
    at = run_app("briefing", "ja")
    assert not at.exception
    assert at.title[0].value != "ブリーフィング"
    monkeypatch.setenv("DASHBOARD_AUDIENCE", "staff")
    assert run_app("briefing", "ja").title[0].value == "ブリーフィング"
