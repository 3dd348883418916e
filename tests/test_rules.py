"""The rules of DESIGN.md (ingest/sql/rules.sql), tested directly at their boundaries."""

import math
from pathlib import Path

import duckdb
import pytest

from ingest.codes import AGE_BANDS

RULES = Path(__file__).resolve().parent.parent / "ingest" / "sql" / "rules.sql"


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    con.execute(RULES.read_text(encoding="utf-8"))
    yield con
    con.close()


def one(con, expression: str, **params):
    return con.execute(f"SELECT {expression}", params).fetchone()[0]


@pytest.mark.parametrize("age, band", [
    (0, "0-9"), (9, "0-9"), (10, "10-19"), (19, "10-19"), (64, "60-69"), (65, "60-69"),
    (80, "80-89"), (89, "80-89"), (90, "90+"), (120, "90+"),
])
def test_age_band(con, age, band):
    assert one(con, "age_band($age)", age=age) == band


def test_age_bands_cover_every_age_in_order(con):
    bands = [one(con, "age_band($age)", age=a) for a in range(121)]
    assert list(dict.fromkeys(bands)) == AGE_BANDS


@pytest.mark.parametrize("age, conditions, expected", [
    (64, ["none"], False),
    (65, ["none"], True),
    (30, ["pregnant"], True),
    (30, ["heart"], True),
    (30, ["copd", "kidney"], True),
    (30, ["cancer_no_chemo"], True),
    (0, ["none"], False),
])
def test_high_risk(con, age, conditions, expected):
    assert one(con, "is_high_risk($age, $conditions)", age=age, conditions=conditions) is expected


@pytest.mark.parametrize("fever_days, fatigue_days, expected", [
    (3, None, 3), (None, 5, 5), (2, 6, 6), (7, 1, 7), (0, 0, 0),
])
def test_symptom_days_is_the_larger(con, fever_days, fatigue_days, expected):
    assert one(con, "symptom_days($a::INTEGER, $b::INTEGER)", a=fever_days, b=fatigue_days) == expected


TRIAGE_CASES = [
    # fever, fever_days, fatigue, fatigue_days, high_risk, outcome
    (False, None, False, None, False, "no_symptoms"),
    (False, None, False, None, True, "no_symptoms"),
    (True, 0, False, None, False, "symptomatic"),
    (True, 1, False, None, False, "symptomatic"),
    (True, 2, False, None, False, "symptomatic"),
    (True, 3, False, None, False, "symptomatic"),
    (True, 4, False, None, False, "consult"),
    (True, 1, False, None, True, "symptomatic_high_risk"),
    (True, 2, False, None, True, "consult"),
    (True, 3, False, None, True, "consult"),
    # fatigue or breathlessness without fever counts the same way
    (False, None, True, 3, False, "symptomatic"),
    (False, None, True, 4, False, "consult"),
    (False, None, True, 1, True, "symptomatic_high_risk"),
    (False, None, True, 2, True, "consult"),
    # the longer of the two symptoms decides
    (True, 1, True, 4, False, "consult"),
    (True, 3, True, 0, False, "symptomatic"),
]


@pytest.mark.parametrize("fever, fever_days, fatigue, fatigue_days, high_risk, outcome", TRIAGE_CASES)
def test_triage_outcome(con, fever, fever_days, fatigue, fatigue_days, high_risk, outcome):
    got = one(con, "triage_outcome($f, $fd::INTEGER, $t, $td::INTEGER, $hr)",
              f=fever, fd=fever_days, t=fatigue, td=fatigue_days, hr=high_risk)
    assert got == outcome


def test_triage_for_pregnancy_and_age_65_via_high_risk(con):
    def outcome(age, conditions, days):
        return one(con, "triage_outcome(true, $d, false, NULL, is_high_risk($age, $c))",
                   d=days, age=age, c=conditions)

    assert outcome(30, ["pregnant"], 2) == "consult"
    assert outcome(30, ["none"], 2) == "symptomatic"
    assert outcome(65, ["none"], 2) == "consult"
    assert outcome(64, ["none"], 2) == "symptomatic"


@pytest.mark.parametrize("fever, days, expected", [
    (True, 3, False), (True, 4, True), (True, 10, True), (False, None, False),
])
def test_persistent_fever(con, fever, days, expected):
    assert one(con, "is_fever_4d($f, $d::INTEGER)", f=fever, d=days) is expected


def wilson(x, n, z=1.959964):
    p = x / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


@pytest.mark.parametrize("x, n", [(0, 10), (1, 10), (5, 100), (50, 100), (100, 100), (3, 12345)])
def test_wilson_interval(con, x, n):
    low, high = con.execute("SELECT wilson_low($x, $n), wilson_high($x, $n)", {"x": x, "n": n}).fetchone()
    assert (low, high) == pytest.approx(wilson(x, n), abs=1e-12)
    assert 0 <= low <= x / n <= high <= 1


def test_wilson_known_value(con):
    # 5 of 100: the textbook 95 % Wilson interval is 2.15 % to 11.18 %.
    low, high = con.execute("SELECT wilson_low(5, 100), wilson_high(5, 100)").fetchone()
    assert round(low, 4) == 0.0215 and round(high, 4) == 0.1118


def test_rate_without_respondents_is_null(con):
    assert one(con, "rate(0, 0)") is None
    assert one(con, "wilson_low(0, 0)") is None
    assert one(con, "rate(1, 4)") == 0.25


@pytest.mark.parametrize("level, code, expected", [
    ("prefecture", "14", True),
    ("health_center", "yokohama", True), ("health_center", "kawasaki", False),
    ("municipality", "14101", True), ("municipality", "14100", True),  # the ward, and its city
    ("municipality", "14102", False), ("unknown", "14101", False),
])
def test_area_membership_of_yokohama_tsurumi(con, level, code, expected):
    got = one(con, "in_area($level, $code, '14101', 'yokohama', '14100')", level=level, code=code)
    assert got is expected
