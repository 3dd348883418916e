"""Gold tests of the public queries (queries/sql/public_*.sql through the queries/*.py wrappers) on the public
fixture build; every expected number is worked out from the table in tests/fixture_public_build.py."""

import datetime as dt
import math

import pandas as pd
import pytest

from ingest.schema import PUBLIC_COUNTS, PUBLIC_TABLES
from queries import common, methods, overview, prevention, trends
from queries import map as map_queries

W1, W2, W3, W4 = (dt.date(2020, 6, 7) + dt.timedelta(days=7 * i) for i in range(4))  # the weeks' Sundays
ALL_WEEKS = dict(start=dt.date(2020, 5, 30), end=dt.date(2020, 6, 30))


def wilson(x: int, n: int) -> tuple[float, float]:
    z, p = 1.959964, x / n
    centre, half = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


def by_date(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index(frame["date"].dt.date)


def test_build_is_public_and_names_its_weeks(public_fixture_build):
    assert public_fixture_build.audience == "public" and common.is_public(public_fixture_build)
    weeks = common.weeks(public_fixture_build)
    assert [d.date() for d in weeks["period_end"]] == [W1, W2, W3, W4]
    assert [d.date() for d in weeks["period_start"]] == [d - dt.timedelta(days=6) for d in (W1, W2, W3, W4)]
    # the partial weeks at either end of the build's period (05-30..05-31, 06-29..06-30) are not published
    assert map_queries.build_window_ends(public_fixture_build, None, None) == [W4, W3, W2, W1]


def test_overview_series_has_one_rate_per_week_and_daily_cases(public_fixture_build):
    frame = by_date(overview.series(public_fixture_build, "14", dt.date(2020, 6, 1), dt.date(2020, 6, 30), 100))
    weeks = frame[frame["week_start"].notna()]
    assert list(weeks.index) == [W1, W2, W3, W4]
    assert weeks["respondents_7d"].tolist() == [3000] * 4
    assert weeks["fever_7d"].tolist() == [60, 60, 90, 120]
    assert weeks["fever_rate"].round(6).tolist() == [0.02, 0.02, 0.03, 0.04]
    assert weeks.loc[W4, "fever_low"] == pytest.approx(wilson(120, 3000)[0])
    assert weeks.loc[W4, "fever_high"] == pytest.approx(wilson(120, 3000)[1])
    assert weeks.loc[W3, "consult_rate"] == pytest.approx(37 / 3000)
    assert weeks.loc[W4, "fever_4d_rate"] == pytest.approx(50 / 3000)
    assert not weeks["suppressed"].any()
    # the cases stay daily: one row a day, the 7-day average once 7 days of cases exist
    assert len(frame) == 30 and frame.loc[dt.date(2020, 6, 30), "cases"] == 30
    assert frame.loc[W1, "cases_7d_avg"] == 10 and frame.loc[W3, "cases_7d_avg"] == 20
    assert frame.loc[W4, "cases_7d_avg"] == 30
    assert frame[frame["week_start"].isna()]["fever_rate"].isna().all()


def test_overview_key_figures_compare_the_latest_week_with_the_week_before(public_fixture_build):
    assert overview.latest_end(public_fixture_build, dt.date(2020, 6, 30)) == W4  # not the build's last date
    kf = overview.key_figures(public_fixture_build, "14", W4, 100)
    assert kf.current.respondents == 3000 and kf.current.fever_rate == pytest.approx(0.04)
    assert kf.previous.fever_rate == pytest.approx(0.03)
    assert kf.fever_change_points == pytest.approx(1.0)
    assert kf.consult_change_points == pytest.approx((55 - 37) / 3000 * 100)
    assert kf.cases_ratio == pytest.approx(1.5)
    assert not kf.current.suppressed


def test_overview_health_center_area(public_fixture_build):
    frame = by_date(overview.series(public_fixture_build, "hc09", W1, W4, 100))
    assert frame.loc[W2, "respondents_7d"] == 1505 and frame.loc[W2, "fever_rate"] == pytest.approx(30 / 1505)
    assert frame.loc[W3, "consult_rate"] == pytest.approx(22 / 1500)
    assert frame.loc[W4, "cases_7d_avg"] == 3


def test_trends_series_keeps_suppressed_apart_from_insufficient(public_fixture_build):
    def series(code, level="municipality", metric="consult"):
        return by_date(trends.series(public_fixture_build, **ALL_WEEKS, area_level=level, area_code=code,
                                     metric=metric))

    zushi = series("14208")
    assert zushi.loc[W1, "rate"] == pytest.approx(0.03) and zushi.loc[W1, "denominator_7d"] == 500
    assert zushi.loc[W1, "rate_low"] == pytest.approx(wilson(15, 500)[0])
    assert zushi["sufficient"].tolist() == [True, False, False, False]
    assert zushi["suppressed"].tolist() == [False, True, True, True]
    assert pd.isna(zushi.loc[W2, "denominator_7d"])  # W2: every count suppressed
    assert zushi.loc[W3, "denominator_7d"] == 500 and pd.isna(zushi.loc[W3, "numerator_7d"])  # W3: consult only
    hayama = series("14301", metric="fever")
    assert hayama["denominator_7d"].isna().tolist() == [False, True, False, False]
    assert hayama.loc[W4, "denominator_7d"] == 40
    # 0 and 40 respondents are too few for a rate: insufficient, not suppressed; 5 respondents are suppressed
    assert hayama["suppressed"].tolist() == [False, True, False, False]
    assert not hayama["sufficient"].any() and hayama["rate"].isna().all()
    kamakura = series("14204")
    assert kamakura["suppressed"].tolist() == [False, False, True, False]  # consult 7 in W3


def test_trends_breakdowns(public_fixture_build):
    build = public_fixture_build
    by_area = trends.series(build, **ALL_WEEKS, area_level="prefecture", area_code="14", metric="fever",
                            breakdown="health_center")
    assert sorted(by_area["grp"].unique()) == ["hc05", "hc09"]
    hc05 = by_date(by_area[by_area["grp"] == "hc05"])
    assert hc05["rate"].round(6).tolist() == [0.02, round(30 / 1495, 6), 0.04, round(90 / 1460, 6)]
    by_sex = trends.series(build, **ALL_WEEKS, area_level="prefecture", area_code="14", metric="consult",
                           breakdown="sex")
    assert sorted(by_sex["grp"].unique()) == ["female", "male", "other"]
    w3 = by_sex[by_sex["date"].dt.date == W3].set_index("grp")
    assert w3.loc["female", "suppressed"] and w3.loc["male", "suppressed"]  # consult 7 and its complement
    assert not w3.loc["other", "suppressed"] and not w3.loc["other", "sufficient"]  # nobody: insufficient
    female = by_date(by_sex[by_sex["grp"] == "female"])
    assert female.loc[W2, "denominator_7d"] == 1005 and female.loc[W2, "rate"] == pytest.approx(10 / 1005)
    # one health-centre area, and a municipality labelled with its health-centre area
    assert trends.series(build, **ALL_WEEKS, area_level="municipality", area_code="14204",
                         breakdown="health_center")["grp"].unique().tolist() == ["hc09"]


def test_trends_public_has_no_demographic_filters_or_area_demographics(public_fixture_build):
    build = public_fixture_build
    assert trends.breakdowns(build, "prefecture") == trends.BREAKDOWNS
    assert trends.breakdowns(build, "municipality") == ("none", "health_center")
    with pytest.raises(ValueError):
        trends.series(build, **ALL_WEEKS, area_level="municipality", area_code="14204", breakdown="age_band")
    with pytest.raises(ValueError):
        trends.series(build, **ALL_WEEKS, area_level="prefecture", area_code="14", sex="female")


def test_trends_cases_read_the_public_case_table(public_fixture_build):
    cases = by_date(trends.cases(public_fixture_build, start=W1, end=W4, area_level="municipality",
                                 area_code="14205"))
    assert cases["case_area_code"].unique().tolist() == ["hc05"]
    assert cases.loc[W4, "cases_7d"] == 56


def test_prevention_shares_pool_the_published_weeks_only(public_fixture_build):
    shares = prevention.shares(public_fixture_build, **ALL_WEEKS, area_level="municipality",
                               area_code="14208").set_index("behaviour")
    # 逗子市: W2 suppressed, so W1, W3 and W4 are pooled
    assert (shares["weeks_used"] == 3).all() and (shares["weeks"] == 4).all()
    assert shares.loc["handwashing", "count"] == 276 and shares.loc["handwashing", "behaviour_respondents"] == 300
    assert shares.loc["handwashing", "share"] == pytest.approx(0.92)
    assert shares.loc["telework", "count"] == 40 and shares.loc["telework", "share"] == pytest.approx(40 / 300)
    assert shares.loc["telework", "share_low"] == pytest.approx(wilson(40, 300)[0])
    assert shares.loc["telework", "kind"] == "organisational"
    prefecture = prevention.shares(public_fixture_build, **ALL_WEEKS, area_level="prefecture",
                                   area_code="14").set_index("behaviour")
    assert prefecture.loc["handwashing", "share"] == pytest.approx(0.92)
    assert prefecture.loc["telework", "count"] == 300 and prefecture.loc["telework", "behaviour_respondents"] == 2400
    two_weeks = prevention.shares(public_fixture_build, start=W2, end=W3, area_level="municipality",
                                  area_code="14208")
    assert (two_weeks["weeks_used"] == 1).all() and (two_weeks["weeks"] == 2).all()
    assert (two_weeks["behaviour_respondents"] == 100).all()


def test_prevention_shares_of_an_area_with_nothing_published(public_fixture_build):
    hayama = prevention.shares(public_fixture_build, **ALL_WEEKS, area_level="municipality", area_code="14301")
    assert len(hayama) == 7 and (hayama["weeks_used"] == 0).all()
    assert hayama["count"].isna().all() and hayama["behaviour_respondents"].isna().all()
    assert not hayama["sufficient"].any() and hayama["share"].isna().all()


def test_prevention_trend_is_weekly(public_fixture_build):
    trend = prevention.trend(public_fixture_build, **ALL_WEEKS, area_level="prefecture", area_code="14")
    telework = by_date(trend[trend["behaviour"] == "telework"])
    assert telework["share"].round(6).tolist() == [0.1, 0.1, 0.1, 0.2]
    assert telework["behaviour_respondents_7d"].tolist() == [600] * 4
    zushi = prevention.trend(public_fixture_build, **ALL_WEEKS, area_level="municipality", area_code="14208")
    handwashing = by_date(zushi[zushi["behaviour"] == "handwashing"])
    assert handwashing["sufficient"].tolist() == [True, False, True, True]
    assert pd.isna(handwashing.loc[W2, "count_7d"])


def test_prevention_by_group_for_the_prefecture(public_fixture_build):
    groups = prevention.by_group(public_fixture_build, **ALL_WEEKS, area_level="prefecture", area_code="14",
                                 group_by="age_band").set_index(["grp", "behaviour"])
    assert groups.loc[("70-79", "handwashing"), "weeks_used"] == 3  # W2 suppressed
    assert groups.loc[("70-79", "handwashing"), "share"] == pytest.approx(276 / 300)
    assert groups.loc[("30-39", "telework"), "count"] == 100  # 20 + 20 + 20 + 40
    assert groups.loc[("30-39", "telework"), "share"] == pytest.approx(100 / 800)
    assert pd.isna(groups.loc[("90+", "handwashing"), "count"]) and not groups.loc[("90+", "handwashing"),
                                                                                    "sufficient"]
    with pytest.raises(ValueError):
        prevention.by_group(public_fixture_build, **ALL_WEEKS, area_level="health_center", area_code="hc09",
                            group_by="age_band")


def test_map_rates_for_one_week(public_fixture_build):
    week2 = map_queries.area_rates(public_fixture_build, "fever", W2).set_index("municipality_code")
    assert week2.loc["14204", "rate"] == pytest.approx(0.02)
    assert week2.loc["14205", "rate"] == pytest.approx(30 / 1495)
    assert week2.loc["14205", "rate_high"] == pytest.approx(wilson(30, 1495)[1])
    for code in ("14208", "14301"):  # 葉山町 (5 respondents) and its complement
        assert pd.isna(week2.loc[code, "respondents"]) and week2.loc[code, "suppressed"]
        assert pd.isna(week2.loc[code, "rate"])
    assert week2.loc["14208", "area_name_ja"] == "鎌倉保健福祉事務所管内"
    week4 = map_queries.area_rates(public_fixture_build, "fever", W4).set_index("municipality_code")
    assert week4.loc["14301", "respondents"] == 40 and not week4.loc["14301", "suppressed"]  # insufficient
    assert week4.loc["14208", "suppressed"] and week4.loc["14208", "respondents"] == 500  # complement
    consult3 = map_queries.area_rates(public_fixture_build, "consult", W3).set_index("municipality_code")
    assert consult3["suppressed"].to_dict() == {"14204": True, "14205": False, "14208": True, "14301": False}


def test_map_has_no_postal_layer_in_public(public_fixture_build):
    with pytest.raises(ValueError):
        map_queries.postal_rates(public_fixture_build, "fever", W4)


def test_methods_downloads_are_the_public_tables(public_fixture_build):
    assert list(methods.downloads(public_fixture_build)) == ["responses_weekly_area", "responses_weekly_group",
                                                              "cases"]
    area = methods.download(public_fixture_build, "responses_weekly_area")
    assert area.columns.tolist() == ["period_start", "period_end", "area_level", "area_code", "area_name_ja",
                                     "area_name_en", *PUBLIC_COUNTS]
    assert len(area) == 4 * 7
    first = area[area["period_start"].dt.date == dt.date(2020, 6, 1)]
    assert first["area_code"].tolist() == ["14", "hc05", "hc09", "14204", "14205", "14208", "14301"]
    assert first.iloc[0]["area_name_ja"] == "神奈川県" and first.iloc[0]["respondents"] == 3000
    group = methods.download(public_fixture_build, "responses_weekly_group")
    assert len(group) == 4 * 25 and group["dimension"].nunique() == 4
    assert len(methods.download(public_fixture_build, "cases")) == 32 * 3
    assert list(methods.schema("public")) == list(PUBLIC_TABLES)
    assert "postal_codes" not in methods.schema("public")
