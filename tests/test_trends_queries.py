"""Gold tests of the Trends queries on the fixture build (tests/fixture_build.py), numbers worked out by hand."""

import datetime as dt
import math

import pandas as pd
import pytest

from queries import trends as q

D = dt.date
PREFECTURE = dict(area_level="prefecture", area_code="14")
Z = 1.959964


def wilson(x: int, n: int) -> tuple[float, float]:
    """Textbook 95 % Wilson score interval, written independently of rules.sql."""
    p = x / n
    centre = p + Z**2 / (2 * n)
    half = Z * math.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2))
    return (centre - half) / (1 + Z**2 / n), (centre + half) / (1 + Z**2 / n)


def on(frame: pd.DataFrame, day: dt.date, grp: str = "all") -> pd.Series:
    rows = frame[(frame["date"] == pd.Timestamp(day)) & (frame["grp"] == grp)]
    assert len(rows) == 1
    return rows.iloc[0]


def assert_rate(row: pd.Series, x: int, n: int) -> None:
    assert (row["numerator_7d"], row["denominator_7d"]) == (x, n)
    assert row["sufficient"]
    assert row["rate"] == pytest.approx(x / n)
    low, high = wilson(x, n)
    assert row["rate_low"] == pytest.approx(low)
    assert row["rate_high"] == pytest.approx(high)


def test_prefecture_fever_pools_the_last_seven_days(fixture_build):
    frame = q.series(fixture_build, start=D(2020, 6, 24), end=D(2020, 6, 30), **PREFECTURE)
    assert list(frame.columns) == ["date", "grp", "numerator", "denominator", "numerator_7d", "denominator_7d",
                                   "rate", "rate_low", "rate_high", "sufficient"]
    assert frame["date"].min() == pd.Timestamp(2020, 6, 24) and len(frame) == 7
    # 06-24..06-30: fever 10 a day for six days, 17 on 06-30; respondents 300 a day, 400 on 06-30.
    assert_rate(on(frame, D(2020, 6, 30)), 77, 2200)
    assert (on(frame, D(2020, 6, 30))["numerator"], on(frame, D(2020, 6, 30))["denominator"]) == (17, 400)
    # 06-23..06-29: 7 on 06-23 and 10 on each of the six days after.
    assert_rate(on(frame, D(2020, 6, 29)), 67, 2100)


@pytest.mark.parametrize("metric, numerator", [("fever_4d", 29), ("consult", 28), ("symptomatic", 91)])
def test_other_metrics(fixture_build, metric, numerator):
    # symptomatic: 4 + 2 + 6 on 06-24..06-29 (72) and 4 + 2 + 13 on 06-30 (19).
    frame = q.series(fixture_build, start=D(2020, 6, 30), end=D(2020, 6, 30), metric=metric, **PREFECTURE)
    assert_rate(on(frame, D(2020, 6, 30)), numerator, 2200)


def test_window_before_the_first_day_counts_zero_and_small_denominators_are_insufficient(fixture_build):
    # 逗子市: 50 respondents and 2 fevers a day from 2020-03-01; the days before the build count as zero.
    frame = q.series(fixture_build, start=D(2020, 3, 1), end=D(2020, 3, 3), area_level="municipality",
                     area_code="14208")
    assert frame["denominator_7d"].tolist() == [50, 100, 150]
    assert frame["numerator_7d"].tolist() == [2, 4, 6]
    first = on(frame, D(2020, 3, 1))
    assert not first["sufficient"]
    assert pd.isna(first["rate"]) and pd.isna(first["rate_low"]) and pd.isna(first["rate_high"])
    assert_rate(on(frame, D(2020, 3, 2)), 4, 100)


def test_breakdown_by_health_centre_area(fixture_build):
    # 2020-04-01..04-07: 藤沢市 (hc05) 9 fevers a day of 150; 鎌倉市 + 逗子市 (hc09) 4 of 150.
    frame = q.series(fixture_build, start=D(2020, 4, 7), end=D(2020, 4, 7), breakdown="health_center", **PREFECTURE)
    assert sorted(frame["grp"]) == ["hc05", "hc09"]
    assert_rate(on(frame, D(2020, 4, 7), "hc05"), 63, 1050)
    assert_rate(on(frame, D(2020, 4, 7), "hc09"), 28, 1050)


def test_breakdown_by_risk_group(fixture_build):
    frame = q.series(fixture_build, start=D(2020, 6, 30), end=D(2020, 6, 30), breakdown="high_risk", **PREFECTURE)
    assert sorted(frame["grp"]) == ["false", "true"]
    assert_rate(on(frame, D(2020, 6, 30), "true"), 14, 350)  # 逗子市 only
    assert_rate(on(frame, D(2020, 6, 30), "false"), 63, 1850)


@pytest.mark.parametrize("filters, numerator, denominator", [
    (dict(age_band="30-39"), 14, 700),            # 鎌倉市
    (dict(sex="male"), 63, 1500),                 # 逗子市 14/350 + 藤沢市 49/1150
    (dict(occupation="student"), 49, 1150),       # 藤沢市
    (dict(high_risk=False), 63, 1850),            # 鎌倉市 + 藤沢市
    (dict(high_risk=True, sex="male"), 14, 350),  # 逗子市
])
def test_filters(fixture_build, filters, numerator, denominator):
    frame = q.series(fixture_build, start=D(2020, 6, 30), end=D(2020, 6, 30), **PREFECTURE, **filters)
    assert_rate(on(frame, D(2020, 6, 30)), numerator, denominator)


def test_areas(fixture_build):
    hc09 = q.series(fixture_build, start=D(2020, 6, 30), end=D(2020, 6, 30), area_level="health_center",
                    area_code="hc09")
    assert_rate(on(hc09, D(2020, 6, 30)), 28, 1050)
    # 葉山町 has no responses at all: no rows, hence no rate (never a zero).
    hayama = q.series(fixture_build, start=D(2020, 6, 1), end=D(2020, 6, 30), area_level="municipality",
                      area_code="14301")
    assert hayama.empty


def test_unknown_metric_or_breakdown_is_refused(fixture_build):
    with pytest.raises(ValueError):
        q.series(fixture_build, start=D(2020, 6, 1), end=D(2020, 6, 30), metric="cases", **PREFECTURE)
    with pytest.raises(ValueError):
        q.series(fixture_build, start=D(2020, 6, 1), end=D(2020, 6, 30), breakdown="postal_code", **PREFECTURE)


def test_prefecture_cases(fixture_build):
    frame = q.cases(fixture_build, start=D(2020, 6, 23), end=D(2020, 6, 30), **PREFECTURE)
    assert list(frame.columns) == ["date", "case_area_code", "cases", "cases_7d"]
    assert set(frame["case_area_code"]) == {"14"}
    by_day = frame.set_index("date")
    assert by_day.loc[pd.Timestamp(2020, 6, 30), "cases_7d"] == 14 * 6 + 56
    assert by_day.loc[pd.Timestamp(2020, 6, 23), "cases_7d"] == 70
    assert by_day.loc[pd.Timestamp(2020, 6, 30), "cases"] == 56


def test_cases_stay_within_the_case_series(fixture_build):
    frame = q.cases(fixture_build, start=D(2020, 2, 16), end=D(2020, 7, 14), **PREFECTURE)
    assert frame["date"].min() == pd.Timestamp(2020, 3, 1)
    assert frame["date"].max() == pd.Timestamp(2020, 6, 30)
    assert frame["cases_7d"].iloc[0] == 10  # only 2020-03-01 in its window
    assert len(frame) == 122


def test_cases_of_a_municipality_are_its_health_centre_areas(fixture_build):
    frame = q.cases(fixture_build, start=D(2020, 5, 1), end=D(2020, 5, 7), area_level="municipality",
                    area_code="14208")
    assert set(frame["case_area_code"]) == {"hc09"}
    assert frame["cases_7d"].tolist() == [21] * 7
    hc05 = q.cases(fixture_build, start=D(2020, 4, 14), end=D(2020, 4, 14), area_level="health_center",
                   area_code="hc05")
    assert hc05["cases_7d"].tolist() == [84]
