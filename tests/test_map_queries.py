"""Gold tests of the Map page's queries on the fixture build (numbers worked out from tests/fixture_build.py).

Window 2020-06-24 .. 06-30 (fever): 鎌倉市 7 × 100 respondents, 7 × 2 fever; 逗子市 7 × 50, 7 × 2;
藤沢市 6 × 150 + 250 = 1150, 6 × 6 + 13 = 49; 葉山町 no answers. Window ending 2020-03-01 holds one day only
(the build starts then), so 逗子市 (50) falls below min_denominator 100 and 鎌倉市 (exactly 100) does not.
Wilson bounds below were computed with the textbook formula, z = 1.959964.
"""

import datetime as dt
import math

import pytest

from queries import map as queries

END = dt.date(2020, 6, 30)
FIRST_DAY = dt.date(2020, 3, 1)


def wilson(x: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    p = x / n
    centre, half = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


def by(frame, column):
    return {row[column]: row for row in frame.to_dict("records")}


def test_area_rates_pool_the_window_with_wilson_intervals(fixture_build):
    areas = by(queries.area_rates(fixture_build, "fever", END), "municipality_code")
    assert list(areas) == ["14204", "14205", "14208", "14301"]
    gold = {  # code: (respondents, rate, low, high)
        "14204": (700, 0.02, 0.011950, 0.033289),
        "14205": (1150, 0.042609, 0.032379, 0.055884),
        "14208": (350, 0.04, 0.023974, 0.066014),
    }
    for code, (n, rate, low, high) in gold.items():
        row = areas[code]
        assert row["respondents"] == n
        assert row["sufficient"]
        assert row["rate"] == pytest.approx(rate, abs=1e-6)
        assert row["rate_low"] == pytest.approx(low, abs=1e-6)
        assert row["rate_high"] == pytest.approx(high, abs=1e-6)
    assert areas["14205"]["rate_low"] == pytest.approx(wilson(49, 1150)[0], abs=1e-9)


def test_area_rates_carry_names_and_health_centre_areas(fixture_build):
    areas = by(queries.area_rates(fixture_build, "fever", END), "municipality_code")
    assert (areas["14208"]["name_ja"], areas["14208"]["name_en"]) == ("逗子市", "Zushi")
    assert areas["14208"]["area_code"] == "hc09"
    assert areas["14208"]["area_name_ja"] == "鎌倉保健福祉事務所管内"
    assert areas["14205"]["area_name_en"] == "Fujisawa City HC"


def test_area_without_answers_is_insufficient_never_zero(fixture_build):
    hayama = by(queries.area_rates(fixture_build, "fever", END), "municipality_code")["14301"]
    assert hayama["respondents"] == 0
    assert not hayama["sufficient"]
    assert all(math.isnan(hayama[c]) for c in ("rate", "rate_low", "rate_high"))


def test_min_denominator_is_inclusive_and_hides_small_areas(fixture_build):
    areas = by(queries.area_rates(fixture_build, "fever", FIRST_DAY), "municipality_code")
    assert areas["14204"]["respondents"] == 100 and areas["14204"]["sufficient"]
    assert areas["14204"]["rate"] == pytest.approx(0.02)
    assert areas["14208"]["respondents"] == 50 and not areas["14208"]["sufficient"]
    assert math.isnan(areas["14208"]["rate"])


@pytest.mark.parametrize("metric, end, gold", [
    # code: (respondents, numerator)
    ("fever_4d", END, {"14204": (700, 7), "14205": (1150, 15), "14208": (350, 7)}),
    ("symptomatic", END, {"14204": (700, 28), "14205": (1150, 49), "14208": (350, 14)}),
    ("consult", dt.date(2020, 6, 23), {"14204": (700, 7), "14205": (1050, 7), "14208": (350, 14)}),
])
def test_each_metric_selects_its_numerator(fixture_build, metric, end, gold):
    areas = by(queries.area_rates(fixture_build, metric, end), "municipality_code")
    for code, (n, x) in gold.items():
        assert areas[code]["respondents"] == n
        assert areas[code]["rate"] == pytest.approx(x / n)
        assert (areas[code]["rate_low"], areas[code]["rate_high"]) == pytest.approx(wilson(x, n), abs=1e-9)


def test_postal_rates_at_rounded_centroids(fixture_build):
    postal = by(queries.postal_rates(fixture_build, "fever", END), "postal_code")
    assert list(postal) == ["2480005", "2480006", "2490001", "2510052"]  # 2400111 (葉山町) has no answers
    yukinoshita = postal["2480005"]
    assert (yukinoshita["place_ja"], yukinoshita["lat"], yukinoshita["lon"]) == ("鎌倉市雪ノ下", 35.3234, 139.5597)
    assert yukinoshita["respondents"] == 420
    assert yukinoshita["rate"] == pytest.approx(7 / 420)
    assert (yukinoshita["rate_low"], yukinoshita["rate_high"]) == pytest.approx((0.008096, 0.033998), abs=1e-6)
    assert postal["2480006"]["respondents"] == 280
    assert postal["2480006"]["rate"] == pytest.approx(0.025)
    assert postal["2510052"]["rate"] == pytest.approx(49 / 1150)


def test_postal_codes_below_min_denominator_are_insufficient(fixture_build):
    postal = by(queries.postal_rates(fixture_build, "fever", FIRST_DAY), "postal_code")
    assert {code: row["respondents"] for code, row in postal.items()} == {
        "2480005": 60, "2480006": 40, "2490001": 50, "2510052": 150}
    for code in ("2480005", "2480006", "2490001"):
        assert not postal[code]["sufficient"] and math.isnan(postal[code]["rate"])
    assert postal["2510052"]["sufficient"] and postal["2510052"]["rate"] == pytest.approx(0.02)


def test_unknown_metric_is_refused(fixture_build):
    with pytest.raises(ValueError):
        queries.area_rates(fixture_build, "cases", END)
    with pytest.raises(ValueError):
        queries.postal_rates(fixture_build, "respondents; DROP TABLE x", END)


def test_boundaries_are_rounded_multipolygons_per_municipality(fixture_build):
    geometries = queries.boundaries(fixture_build)
    assert sorted(geometries) == ["14204", "14205", "14208", "14301"]

    def coordinates(node):
        if isinstance(node[0], (int, float)):
            yield from node
        else:
            for child in node:
                yield from coordinates(child)

    for geometry in geometries.values():
        assert geometry["type"] == "MultiPolygon"
        values = list(coordinates(geometry["coordinates"]))
        assert values and all(round(v, 4) == v for v in values)
        assert all(139 < lon < 140 and 35 < lat < 36 for lon, lat in zip(values[::2], values[1::2]))


def test_window_ends_are_complete_windows_latest_first():
    ends = queries.window_ends(dt.date(2020, 3, 1), dt.date(2020, 6, 30))
    assert ends[0] == dt.date(2020, 6, 30) and ends[-1] == dt.date(2020, 3, 7)
    assert len(ends) == 116
    assert queries.window_start(dt.date(2020, 6, 30)) == dt.date(2020, 6, 24)
    assert queries.window_ends(dt.date(2020, 6, 28), dt.date(2020, 6, 30)) == [dt.date(2020, 6, 30)]
