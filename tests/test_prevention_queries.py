"""Gold tests of the Prevention queries on the fixture build (tests/fixture_build.py), numbers worked out by hand.

Behaviours are asked on Fridays only; on those days every respondent answers. Per day: 鎌倉市 100, 逗子市 50,
藤沢市 150 respondents, so 300 in the prefecture.
"""

import datetime as dt

import pandas as pd
import pytest

from ingest.codes import BEHAVIOURS, ORGANISATIONAL_BEHAVIOURS, PERSONAL_BEHAVIOURS
from queries import prevention as q
from tests.test_trends_queries import wilson

D = dt.date
PREFECTURE = dict(area_level="prefecture", area_code="14")
PUBLISHED_DAY = dict(start=D(2020, 3, 27), end=D(2020, 3, 27))
# 2020-03-27 prefecture: 鎌倉市 + 逗子市 + 藤沢市.
COUNTS_0327 = {"handwashing": 274, "cough_etiquette": 274, "alcohol_disinfection": 202, "ventilation": 148,
               "stay_home_when_sick": 140, "staggered_commute": 36, "telework": 25}


def assert_share(row: pd.Series, x: int, n: int) -> None:
    assert (row["count"], row["behaviour_respondents"]) == (x, n)
    assert row["sufficient"]
    assert row["share"] == pytest.approx(x / n)
    low, high = wilson(x, n)
    assert row["share_low"] == pytest.approx(low)
    assert row["share_high"] == pytest.approx(high)


def test_published_day_shares_sorted_with_kinds(fixture_build):
    frame = q.shares(fixture_build, **PUBLISHED_DAY, **PREFECTURE)
    assert list(frame.columns) == ["behaviour", "count", "behaviour_respondents", "share", "share_low", "share_high",
                                   "sufficient", "kind"]
    # Highest share first; ties by code.
    assert frame["behaviour"].tolist() == ["cough_etiquette", "handwashing", "alcohol_disinfection", "ventilation",
                                           "stay_home_when_sick", "staggered_commute", "telework"]
    for row in frame.to_dict("records"):
        assert_share(pd.Series(row), COUNTS_0327[row["behaviour"]], 300)
    kinds = frame.set_index("behaviour")["kind"]
    assert set(kinds[PERSONAL_BEHAVIOURS]) == {"personal"}
    assert set(kinds[ORGANISATIONAL_BEHAVIOURS]) == {"organisational"}
    assert frame.set_index("behaviour").loc["handwashing", "share"] == pytest.approx(0.9133, abs=1e-4)


def test_shares_pool_every_day_of_the_window(fixture_build):
    # March has four Fridays (6, 13, 20, 27): 1200 answers.
    frame = q.shares(fixture_build, start=D(2020, 3, 1), end=D(2020, 3, 31), **PREFECTURE).set_index("behaviour")
    assert set(frame.index) == set(BEHAVIOURS)
    assert_share(frame.loc["handwashing"], 4 * 274, 1200)
    assert_share(frame.loc["telework"], 4 * 25, 1200)


def test_shares_of_an_area_and_an_insufficient_one(fixture_build):
    hc09 = q.shares(fixture_build, **PUBLISHED_DAY, area_level="health_center", area_code="hc09")
    hc09 = hc09.set_index("behaviour")
    assert_share(hc09.loc["handwashing"], 92 + 45, 150)
    assert_share(hc09.loc["telework"], 8 + 4, 150)
    zushi = q.shares(fixture_build, **PUBLISHED_DAY, area_level="municipality", area_code="14208")
    assert (zushi["behaviour_respondents"] == 50).all()
    assert not zushi["sufficient"].any()
    assert zushi["share"].isna().all() and zushi["share_low"].isna().all()


def test_trend_pools_seven_days(fixture_build):
    frame = q.trend(fixture_build, start=D(2020, 3, 1), end=D(2020, 4, 10), **PREFECTURE)
    assert list(frame.columns) == ["date", "behaviour", "count_7d", "behaviour_respondents_7d", "share", "share_low",
                                   "share_high", "sufficient", "kind"]
    assert set(frame["behaviour"]) == set(BEHAVIOURS)
    assert len(frame) == 41 * 7
    telework = frame[frame["behaviour"] == "telework"].set_index("date")
    # Before the first Friday no one was asked: insufficient, never zero.
    early = telework.loc[pd.Timestamp(2020, 3, 1):pd.Timestamp(2020, 3, 5)]
    assert (early["behaviour_respondents_7d"] == 0).all() and early["share"].isna().all()
    assert not early["sufficient"].any()
    # Every later 7-day window holds exactly one Friday; telework doubles from 2020-04-10.
    row = telework.loc[pd.Timestamp(2020, 4, 9)]
    assert (row["count_7d"], row["behaviour_respondents_7d"]) == (25, 300)
    row = telework.loc[pd.Timestamp(2020, 4, 10)]
    assert (row["count_7d"], row["behaviour_respondents_7d"]) == (50, 300)
    assert row["share"] == pytest.approx(50 / 300)
    assert row["share_low"] == pytest.approx(wilson(50, 300)[0])


def test_by_age_band(fixture_build):
    frame = q.by_group(fixture_build, **PUBLISHED_DAY, **PREFECTURE, group_by="age_band")
    assert list(frame.columns) == ["grp", "behaviour", "count", "behaviour_respondents", "share", "share_low",
                                   "share_high", "sufficient", "kind"]
    assert len(frame) == 3 * 7
    cells = frame.set_index(["grp", "behaviour"])
    assert_share(cells.loc[("30-39", "handwashing")], 92, 100)
    assert_share(cells.loc[("20-29", "telework")], 13, 150)
    zushi = cells.loc["70-79"]
    assert (zushi["behaviour_respondents"] == 50).all() and zushi["share"].isna().all()


def test_by_occupation(fixture_build):
    frame = q.by_group(fixture_build, **PUBLISHED_DAY, **PREFECTURE, group_by="occupation")
    assert set(frame["grp"]) == {"employee", "unemployed", "student"}
    assert_share(frame.set_index(["grp", "behaviour"]).loc[("student", "ventilation")], 74, 150)


def test_unknown_grouping_is_refused(fixture_build):
    with pytest.raises(ValueError):
        q.by_group(fixture_build, **PUBLISHED_DAY, **PREFECTURE, group_by="sex")
