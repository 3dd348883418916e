"""AppTest of the Prevention page on the fixture build, in Japanese and English: it runs, its figures and
tables equal the query results, the published day is one click away, and permalinks restore the filters."""

import datetime as dt

import pytest

from dashboard import i18n
from queries import prevention as q

D = dt.date
PREFECTURE = dict(area_level="prefecture", area_code="14")
DEFAULT_PERIOD = dict(start=D(2020, 4, 2), end=D(2020, 6, 30))


def s(lang: str, key: str, **fmt) -> str:
    return i18n.strings(lang)[key].format(**fmt)


def range_value(lang: str, shares, kind: str) -> str:
    of_kind = shares[shares["kind"] == kind]["share"]
    return s(lang, "prevention.figure.range_value", low=f"{of_kind.min() * 100:.1f} %",
             high=f"{of_kind.max() * 100:.1f} %")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_default_view(app_test, fixture_build, lang):
    at = app_test("prevention", lang)
    assert not at.exception
    assert at.title[0].value == s(lang, "prevention.title")

    shares = q.shares(fixture_build, **DEFAULT_PERIOD, **PREFECTURE)
    figures = {m.label: m.value for m in at.metric}
    assert figures[s(lang, "prevention.figure.respondents")] == "3,900"  # 13 Fridays of 300
    assert figures[s(lang, "common.behaviour_group.personal")] == range_value(lang, shares, "personal")
    assert figures[s(lang, "common.behaviour_group.organisational")] == range_value(lang, shares, "organisational")

    table = at.dataframe[0].value
    assert table[s(lang, "prevention.column.behaviour")].tolist() == [
        s(lang, f"common.behaviour.{b}") for b in shares["behaviour"]]
    assert table[s(lang, "prevention.column.kind")].tolist() == [
        s(lang, f"common.behaviour_group.{k}") for k in shares["kind"]]
    assert table[s(lang, "prevention.column.count")].tolist() == shares["count"].tolist()
    assert table[s(lang, "prevention.column.share_pct")].tolist() == pytest.approx((shares["share"] * 100).tolist())

    trend = q.trend(fixture_build, **DEFAULT_PERIOD, **PREFECTURE)
    assert len(at.dataframe[1].value) == len(trend) == 90 * 7
    groups = at.dataframe[2].value
    assert set(groups[s(lang, "prevention.column.group")]) == {
        s(lang, f"common.age_band.{band}") for band in ("20-29", "30-39", "70-79")}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_published_day_is_one_click_away(app_test, fixture_build, lang):
    at = app_test("prevention", lang)
    at.button[0].click().run()
    assert not at.exception
    assert at.query_params["period"] == "2020-03-27..2020-03-27"
    assert at.date_input(key="url_period").value == (D(2020, 3, 27), D(2020, 3, 27))
    assert s(lang, "prevention.published_view") in [i.value for i in at.info]
    shares = q.shares(fixture_build, start=D(2020, 3, 27), end=D(2020, 3, 27), **PREFECTURE)
    figures = {m.label: m.value for m in at.metric}
    assert figures[s(lang, "prevention.figure.respondents")] == "300"
    # The prefecture's finding on the fixture's day: personal 49.3–91.3 %, organisational 8.3–46.7 %.
    assert figures[s(lang, "common.behaviour_group.personal")] == s(
        lang, "prevention.figure.range_value", low="49.3 %", high="91.3 %")
    assert figures[s(lang, "common.behaviour_group.organisational")] == range_value(lang, shares, "organisational")
    assert at.dataframe[0].value[s(lang, "prevention.column.count")].tolist() == shares["count"].tolist()
    assert s(lang, "prevention.card.trend_single_day") in [c.value for c in at.caption]


def test_permalink_restores_the_filters(app_test, fixture_build):
    params = {"area": "hc09", "period": "2020-03-01..2020-03-31", "group": "occupation"}
    at = app_test("prevention", "ja", params)
    assert not at.exception
    assert at.selectbox(key="url_area").value == "hc09"
    assert at.date_input(key="url_period").value == (D(2020, 3, 1), D(2020, 3, 31))
    assert at.radio(key="url_group").value == "occupation"
    area = dict(start=D(2020, 3, 1), end=D(2020, 3, 31), area_level="health_center", area_code="hc09")
    shares = q.shares(fixture_build, **area)
    assert shares["behaviour_respondents"].iloc[0] == 4 * 150
    assert {m.value for m in at.metric} >= {"600"}
    assert at.dataframe[0].value["している人"].tolist() == shares["count"].tolist()
    groups = at.dataframe[2].value
    assert set(groups["グループ"]) == {"民間企業の従業員", "無職"}
    by_group = q.by_group(fixture_build, **area, group_by="occupation")
    assert sorted(groups["している人"].tolist()) == sorted(by_group["count"].tolist())


def test_area_without_answers_says_insufficient(app_test):
    at = app_test("prevention", "en", {"area": "14301"})
    assert not at.exception
    values = [m.value for m in at.metric]
    assert values.count(s("en", "prevention.figure.insufficient")) == 2
    assert not at.dataframe
