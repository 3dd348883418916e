"""AppTest of every page in public mode (DASHBOARD_AUDIENCE=public) on the public fixture build
(tests/fixture_public_build.py), in Japanese and English: the pages run, say they are synthetic and that the
fever rate is an indirect indicator, offer no staff-only filter, layer or table, and show suppressed values as
suppressed."""

import json

import pytest

from dashboard.i18n import strings
from ingest.schema import PUBLIC_TABLES
from queries import methods

PAGES = ["overview", "trends", "prevention", "map", "methods"]
FEVER_PAGES = ["overview", "trends", "map", "methods"]  # the pages that show the fever rate
STAFF_FILTER_KEYS = {"url_age", "url_sex", "url_occupation", "url_risk"}


def s(lang: str, key: str, **fmt) -> str:
    return strings(lang)[key].format(**fmt)


def widget_keys(at) -> set[str]:
    return {w.key for kind in ("selectbox", "radio", "multiselect", "date_input") for w in at.get(kind)}


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_labelled_in_public_mode(public_app_test, page, lang):
    at = public_app_test(page, lang)
    assert not at.exception
    assert not at.error
    assert at.title[0].value == s(lang, f"{page}.title")
    assert s(lang, "common.banner.synthetic") in [w.value for w in at.warning]
    if page in FEVER_PAGES:
        assert s(lang, "common.note.indirect_indicator") in [i.value for i in at.info]
    assert not widget_keys(at) & STAFF_FILTER_KEYS


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_overview_key_figures_are_the_latest_week(public_app_test, lang):
    at = public_app_test("overview", lang)
    assert metrics(at)[s(lang, "overview.kf.fever")] == "4.00 %"
    deltas = {m.label: m.delta for m in at.metric}
    assert deltas[s(lang, "overview.kf.fever")] == s(lang, "overview.kf.points", change="+1.00")
    assert at.subheader[0].value == s(lang, "overview.as_of_week", start="2020年6月22日" if lang == "ja"
                                      else "22 Jun 2020", end="2020年6月28日" if lang == "ja" else "28 Jun 2020",
                                      date="")
    table = at.dataframe[0].value
    weeks = table[table[s(lang, "overview.col.week_start")].notna()]
    assert weeks[s(lang, "overview.col.respondents_week")].tolist() == ["3000"] * 4
    assert weeks[s(lang, "overview.col.fever_pct")].tolist() == [2.0, 2.0, 3.0, 4.0]


def test_trends_shows_suppressed_weeks_as_suppressed(public_app_test):
    at = public_app_test("trends", "ja", {"area": "14208", "metric": "consult", "period": "2020-05-30..2020-06-30"})
    assert not at.exception
    assert metrics(at) == {s("ja", "trends.figure.latest_week", metric=s("ja", "common.metric.consult"),
                             start="2020年6月22日", end="2020年6月28日"): s("ja", "public.suppressed"),
                           s("ja", "trends.figure.respondents_week"): "500"}
    table = at.dataframe[0].value
    assert table[s("ja", "trends.column.numerator_week")].tolist() == ["15", "秘匿", "秘匿", "秘匿"]
    assert table[s("ja", "trends.column.denominator_week")].tolist() == ["500", "秘匿", "500", "500"]
    # a municipality has no demographic breakdown; the lead-lag is not offered
    (breakdown,) = [w for w in at.selectbox if w.key == "url_by"]
    assert breakdown.options == [s("ja", "trends.breakdown.none"), s("ja", "trends.breakdown.health_center")]
    assert s("ja", "trends.leadlag.public") in [c.value for c in at.caption]
    assert s("ja", "trends.leadlag.heading") not in [h.value for h in at.subheader]


def test_trends_demographic_breakdown_for_the_prefecture(public_app_test):
    at = public_app_test("trends", "en", {"by": "sex", "metric": "consult", "period": "2020-05-30..2020-06-30"})
    assert not at.exception
    (breakdown,) = [w for w in at.selectbox if w.key == "url_by"]
    assert breakdown.value == "sex" and len(breakdown.options) == 6
    table = at.dataframe[0].value
    counts = table[s("en", "trends.column.numerator_week")].tolist()
    # female and male consult in W3, and 'other' (no respondents, so its counts are not published) every week
    assert counts.count("suppressed") == 2 + 4 and "0" not in counts


def test_prevention_pools_published_weeks_and_groups_for_the_prefecture_only(public_app_test):
    at = public_app_test("prevention", "ja", {"area": "14208", "period": "2020-05-30..2020-06-30"})
    assert not at.exception
    shares = at.dataframe[0].value
    assert shares[s("ja", "public.weeks_used")].unique().tolist() == [s("ja", "public.weeks_used_value", used=3,
                                                                        weeks=4)]
    assert s("ja", "prevention.groups_prefecture_only") in [c.value for c in at.caption]
    assert not [b for b in at.button if b.label == s("ja", "prevention.published_button")]
    trend = at.dataframe[1].value
    assert "秘匿" in trend[s("ja", "prevention.column.count_week")].tolist()


def test_prevention_of_an_area_with_nothing_published(public_app_test):
    at = public_app_test("prevention", "en", {"area": "14301", "period": "2020-05-30..2020-06-30"})
    assert not at.exception
    assert metrics(at)[s("en", "common.behaviour_group.personal")] == s("en", "prevention.figure.insufficient")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_map_has_a_week_selector_and_no_postal_layer(public_app_test, lang):
    at = public_app_test("map", lang, {"week": "2020-06-14"})
    assert not at.exception
    keys = widget_keys(at)
    assert "url_week" in keys and "url_end" not in keys and "url_layers" not in keys
    (week,) = [w for w in at.selectbox if w.key == "url_week"]
    assert len(week.options) == 4 and str(week.value) == "2020-06-14"
    (deck,) = at.get("deck_gl_json_chart")
    assert [layer["@@type"] for layer in json.loads(deck.proto.json)["layers"]] == ["GeoJsonLayer"]
    table = at.dataframe[0].value
    respondents = dict(zip(table[s(lang, "map.col_name")], table[s(lang, "map.col_respondents")]))
    zushi, hayama = ("逗子市", "葉山町") if lang == "ja" else ("Zushi", "Hayama")
    assert respondents[zushi] == respondents[hayama] == s(lang, "public.suppressed")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_methods_offers_the_public_tables_and_rules(public_app_test, public_fixture_build, lang):
    at = public_app_test("methods", lang)
    assert not at.exception
    assert [b.key for b in at.get("download_button")] == [f"download_{d}" for d in
                                                          methods.downloads(public_fixture_build)]
    assert [e.label for e in at.expander] == list(PUBLIC_TABLES)
    assert s(lang, "methods.public.heading") in [h.value for h in at.header]
    shown = "\n".join(m.value for m in at.markdown)
    assert s(lang, "methods.public.min_cell", min_cell=10, n=100) in shown
    assert s(lang, "methods.public.auditor", min_cell=10, n=100) in shown
