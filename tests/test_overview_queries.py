"""Gold tests of the Overview queries on the fixture build (numbers worked out by hand in tests/fixture_build.py)."""

import datetime as dt
import math

import pytest

from queries import overview

D = dt.date
Z = 1.959964


def wilson(x: int, n: int) -> tuple[float, float]:
    """95 % Wilson score interval, written out independently of rules.sql."""
    p = x / n
    centre = p + Z * Z / (2 * n)
    spread = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return (centre - spread) / (1 + Z * Z / n), (centre + spread) / (1 + Z * Z / n)


def row(frame, day):
    rows = frame[frame.date.dt.date == day]
    assert len(rows) == 1, day
    return rows.iloc[0]


def test_area_choices(fixture_build):
    frame = overview.area_choices(fixture_build)
    assert frame.area_code.tolist() == ["14", "hc05", "hc09"]
    assert frame.level.tolist() == ["prefecture", "health_center", "health_center"]


def test_prefecture_last_window_is_pooled_not_averaged(fixture_build):
    frame = overview.series(fixture_build, "14", D(2020, 6, 30), D(2020, 6, 30), 100)
    r = row(frame, D(2020, 6, 30))
    # 24..29 June: 300 respondents, 10 with fever a day; 30 June: 400 and 17.
    assert r.respondents_7d == 2200 and r.fever_7d == 77
    assert r.fever_rate == pytest.approx(77 / 2200) == pytest.approx(0.035)
    assert r.fever_rate != pytest.approx((6 * 10 / 300 + 17 / 400) / 7)  # the mean of daily rates: 3.464 %
    low, high = wilson(77, 2200)
    assert (r.fever_low, r.fever_high) == (pytest.approx(low), pytest.approx(high))
    assert (round(r.fever_low, 6), round(r.fever_high, 6)) == (0.028095, 0.043526)
    assert r.fever_4d_7d == 29 and r.fever_4d_rate == pytest.approx(29 / 2200)
    assert (r.fever_4d_low, r.fever_4d_high) == tuple(pytest.approx(v) for v in wilson(29, 2200))
    assert r.consult_7d == 28 and r.consult_rate == pytest.approx(28 / 2200)
    assert r.cases == 56 and r.cases_7d_avg == pytest.approx(20.0)  # (6 * 14 + 56) / 7


def test_windows_slide_one_day_at_a_time(fixture_build):
    frame = overview.series(fixture_build, "14", D(2020, 6, 23), D(2020, 6, 27), 100)
    assert frame.date.dt.date.tolist() == [D(2020, 6, d) for d in range(23, 28)]
    assert row(frame, D(2020, 6, 23)).fever_7d == 49  # 7 days x 7
    assert row(frame, D(2020, 6, 27)).fever_7d == 61  # 3 x 7 + 4 x 10
    assert row(frame, D(2020, 6, 27)).cases_7d_avg == pytest.approx((3 * 10 + 4 * 14) / 7)


def test_fever_wave_and_case_wave(fixture_build):
    frame = overview.series(fixture_build, "14", D(2020, 4, 10), D(2020, 4, 14), 100)
    assert row(frame, D(2020, 4, 10)).fever_rate == pytest.approx(7 * 13 / 2100)  # 4..10 April: 9 in 藤沢市
    assert row(frame, D(2020, 4, 10)).cases_7d_avg == pytest.approx((4 * 10 + 3 * 30) / 7)
    assert row(frame, D(2020, 4, 14)).cases_7d_avg == pytest.approx(30)


def test_first_six_days_have_no_window(fixture_build):
    frame = overview.series(fixture_build, "14", D(2020, 3, 1), D(2020, 3, 7), 100)
    assert len(frame) == 7
    assert frame.fever_rate.isna().tolist() == [True] * 6 + [False]
    assert frame.respondents_7d.isna().tolist() == [True] * 6 + [False]
    assert frame.cases_7d_avg.isna().tolist() == [True] * 6 + [False]
    assert frame.cases.tolist() == [10] * 7
    assert row(frame, D(2020, 3, 7)).fever_rate == pytest.approx(49 / 2100)


def test_health_centre_areas(fixture_build):
    kamakura = row(overview.series(fixture_build, "hc09", D(2020, 6, 30), D(2020, 6, 30), 100), D(2020, 6, 30))
    assert kamakura.respondents_7d == 1050 and kamakura.fever_7d == 28  # 鎌倉市 + 逗子市: 150 and 4 a day
    assert kamakura.cases_7d_avg == pytest.approx(3)
    fujisawa = row(overview.series(fixture_build, "hc05", D(2020, 6, 30), D(2020, 6, 30), 100), D(2020, 6, 30))
    assert fujisawa.respondents_7d == 1150 and fujisawa.fever_7d == 49  # 6 x 150 + 250, 6 x 6 + 13
    assert fujisawa.fever_rate == pytest.approx(49 / 1150)
    assert fujisawa.cases_7d_avg == pytest.approx(8)


def test_rates_hidden_below_min_denominator(fixture_build):
    frame = overview.series(fixture_build, "hc05", D(2020, 6, 29), D(2020, 6, 30), 1100)
    assert math.isnan(row(frame, D(2020, 6, 29)).fever_rate)  # 1050 < 1100: insufficient, not zero
    assert math.isnan(row(frame, D(2020, 6, 29)).fever_low)
    assert row(frame, D(2020, 6, 29)).respondents_7d == 1050
    assert row(frame, D(2020, 6, 30)).fever_rate == pytest.approx(49 / 1150)
    at_minimum = overview.series(fixture_build, "hc05", D(2020, 6, 29), D(2020, 6, 29), 1050)
    assert at_minimum.fever_rate.iloc[0] == pytest.approx(39 / 1050)  # 3 + 6 x 6; reaching the minimum is enough


def test_key_figures_prefecture(fixture_build):
    kf = overview.key_figures(fixture_build, "14", D(2020, 6, 30), 100)
    assert kf.current.respondents == 2200 and kf.previous.respondents == 2100
    assert kf.current.fever_rate == pytest.approx(0.035)
    assert kf.previous.fever_rate == pytest.approx(49 / 2100)
    assert kf.fever_change_points == pytest.approx(3.5 - 7 / 3)  # +1.1667 points
    assert kf.fever_4d_change_points == pytest.approx((29 / 2200 - 21 / 2100) * 100)
    assert kf.consult_change_points == pytest.approx((28 / 2200 - 28 / 2100) * 100)
    assert kf.current.cases_7d_avg == 20 and kf.previous.cases_7d_avg == 10
    assert kf.cases_ratio == pytest.approx(2.0)


def test_key_figures_insufficient_and_flat(fixture_build):
    kf = overview.key_figures(fixture_build, "hc09", D(2020, 6, 30), 2000)
    assert kf.current.fever_rate is None and kf.fever_change_points is None
    assert kf.current.respondents == 1050
    assert kf.cases_ratio == pytest.approx(1.0)


def test_key_figures_before_the_data(fixture_build):
    kf = overview.key_figures(fixture_build, "14", D(2020, 3, 8), 100)
    assert kf.current.fever_rate == pytest.approx(49 / 2100)
    assert kf.previous.fever_rate is None and kf.previous.respondents is None
    assert kf.cases_ratio is None
