"""A small, hand-computable public build (public-<id>.duckdb, tables exactly as ingest.schema.PUBLIC_TABLES)
for the public query gold tests, the public-mode AppTests and the security tests.

Written by hand, not by ingest/public.py, so the expected query results can be worked out from this docstring.
Same reference subset as tests/fixture_build.py: health-centre areas hc09 (14204 鎌倉市, 14208 逗子市,
14301 葉山町) and hc05 (14205 藤沢市). build_info.first_date/last_date are 2020-05-30 (Sat) .. 2020-06-30 (Tue),
so the complete Monday..Sunday weeks are exactly four:

    W1 2020-06-01..06-07   W2 06-08..06-14   W3 06-15..06-21   W4 06-22..06-28

Each municipality's respondents are of one kind (as in the staff fixture), which is what the group table adds up:

    14204 鎌倉市  30-39 female employee   high_risk false
    14208 逗子市  70-79 male   unemployed high_risk true
    14205 藤沢市  20-29 male   student    high_risk false
    14301 葉山町  90+   female other      high_risk true

True weekly counts (before suppression; "resp" respondents, "f" fever, "f4" fever_4d, "sym" symptomatic,
"con" consult, "br" behaviour_respondents):

    area       week  resp  f   f4  sym  con  br
    鎌倉 14204  all   1000  20  10  40   10   200   (W3: con 7)
    逗子 14208  all    500  10  10  20   15   100
    葉山 14301  W1/W3    0   0   0   0    0     0
                W2      5   0   0   1    0     0
                W4     40   0   0   0    0     0
    藤沢 14205  W1    1500  30  15  50   15   300
                W2    1495  30  15  50   15   300
                W3    1500  60  15  70   15   300
                W4    1460  90  30 100   30   300

Behaviours per 100 behaviour respondents (鎌倉 x2, 逗子 x1, 藤沢 x3): handwashing 92, cough_etiquette 92,
alcohol_disinfection 68, ventilation 50, stay_home_when_sick 47, staggered_commute 12, telework 10 (20 in W4).

So the health-centre areas and the prefecture (all published) are:

    week  area   resp  f    f4  sym  con  br   | hc05 = 藤沢
    W1    hc09   1500  30   20  60   25   300  | 14: 3000  60  35 110  40  600
    W2    hc09   1505  30   20  61   25   300  | 14: 3000  60  35 111  40  600
    W3    hc09   1500  30   20  60   22   300  | 14: 3000  90  35 130  37  600
    W4    hc09   1540  30   20  60   25   300  | 14: 3000 120  50 160  55  600

    prefecture rates: fever 2 %, 2 %, 3 %, 4 %; handwashing 552/600 = 92 %; telework 60/600 = 10 % (W4 20 %).

Suppressed (NULL) cells of responses_weekly_area:
    - 葉山: every numerator (f, f4, sym, con and the behaviours) in every week (denominator below 100);
      in W2 also resp and br (5 respondents) -- all its counts.
    - 逗子 W2: all its counts (complementary to 葉山 W2).
    - 逗子 W4: f, f4, sym, con (complementary to 葉山 W4's numerators; resp 500 and the behaviours published).
    - W3 con of 鎌倉 (7) and of 逗子 (15, complementary).
    - 逗子's behaviours are published except in W2; 鎌倉's and 藤沢's are published in every week.

A numerator over a zero denominator (葉山 in W1/W3, the empty groups below) is NULL like any numerator whose
denominator is below 100. ingest.auditor currently reports each of those as a leak with range 0..0 (they are
necessarily 0); every other suppressed cell of this fixture passes the audit (range at least 10 wide).

responses_weekly_group (prefecture; every group of the code lists, zero-filled) is the sum of the kinds above.
Suppressed: every numerator of a group whose respondents are below 100 (the zero-filled groups, 90+ and
occupation 'other' in every week), and every behaviour count whose behaviour_respondents are below 100; and
    - W2: all counts of age 90+ / occupation other (5) and, complementary, of age 70-79 / unemployed;
    - W3 con: age 30-39 (7) + 70-79 (15), sex female (7) + male (30), occupation employee (7) + unemployed (15);
    - W4: f, f4, sym, con of age 70-79 and of occupation unemployed (complementary to 90+ / other, 40 respondents).

cases_daily (every day 2020-05-30 .. 2020-06-30):
    area "14":   10 a day to 06-14, 20 a day 06-15..06-21, 30 a day 06-22..06-30
    area "hc09":  3 a day
    area "hc05":  4 a day to 06-21, 8 a day from 06-22
    so the prefecture's 7-day average of cases is 10 on 06-07 and 06-14, 20 on 06-21, 30 on 06-28.
"""

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd

from ingest.codes import AGE_BANDS, BEHAVIOURS, OCCUPATIONS, SEXES
from ingest.publish import read_pointer, switch_pointer
from ingest.schema import PUBLIC_COUNTS, PUBLIC_TABLES, SCHEMA_VERSION
from queries.runner import Build, current_build
from tests.fixture_build import HEALTH_CENTER_AREAS, MUNICIPALITIES, boundaries, write_build_file

FIRST_DATE = dt.date(2020, 5, 30)
LAST_DATE = dt.date(2020, 6, 30)
WEEKS = [dt.date(2020, 6, 1) + dt.timedelta(days=7 * i) for i in range(4)]  # period_start of W1..W4
MIN_CELL = 10
MIN_DENOMINATOR = 100
NUMERATORS = ["fever", "fever_4d", "symptomatic", "consult"]
BEHAVIOUR_SHARES = [92, 92, 68, 50, 47, 12, 10]  # per 100 behaviour respondents, in BEHAVIOURS order

KINDS = {  # municipality -> (age_band, sex, occupation, high_risk)
    "14204": ("30-39", "female", "employee", "false"),
    "14208": ("70-79", "male", "unemployed", "true"),
    "14205": ("20-29", "male", "student", "false"),
    "14301": ("90+", "female", "other", "true"),
}
GROUPS = {"age_band": AGE_BANDS, "sex": list(SEXES), "occupation": list(OCCUPATIONS), "high_risk": ["false", "true"]}


def _true_counts(municipality: str, week: int) -> dict:
    """The unsuppressed counts of one municipality in week index 0..3 (the table in the docstring)."""
    if municipality == "14204":
        counts = dict(respondents=1000, fever=20, fever_4d=10, symptomatic=40, consult=7 if week == 2 else 10,
                      behaviour_respondents=200)
    elif municipality == "14208":
        counts = dict(respondents=500, fever=10, fever_4d=10, symptomatic=20, consult=15, behaviour_respondents=100)
    elif municipality == "14205":
        counts = dict(respondents=[1500, 1495, 1500, 1460][week], fever=[30, 30, 60, 90][week],
                      fever_4d=[15, 15, 15, 30][week], symptomatic=[50, 50, 70, 100][week],
                      consult=[15, 15, 15, 30][week], behaviour_respondents=300)
    else:
        counts = dict(respondents=[0, 5, 0, 40][week], fever=0, fever_4d=0, symptomatic=int(week == 1), consult=0,
                      behaviour_respondents=0)
    per_hundred = counts["behaviour_respondents"] // 100
    for code, share in zip(BEHAVIOURS, BEHAVIOUR_SHARES):
        counts[code] = per_hundred * (20 if code == "telework" and week == 3 else share)
    return counts


def _add(rows: list[dict]) -> dict:
    return {c: sum(r[c] for r in rows) for c in PUBLIC_COUNTS}


def _suppress_by_denominator(counts: dict) -> dict:
    """NULL every numerator whose denominator (ingest.schema.DENOMINATORS) is below MIN_DENOMINATOR."""
    out = dict(counts)
    for column in NUMERATORS:
        if counts["respondents"] is None or counts["respondents"] < MIN_DENOMINATOR:
            out[column] = None
    for column in BEHAVIOURS:
        if counts["behaviour_respondents"] is None or counts["behaviour_respondents"] < MIN_DENOMINATOR:
            out[column] = None
    return out


# (week index, area code) -> the columns suppressed by hand (small cells and their complements).
_AREA_SUPPRESSED = {
    (1, "14301"): PUBLIC_COUNTS,
    (1, "14208"): PUBLIC_COUNTS,
    (3, "14208"): NUMERATORS,
    (2, "14204"): ["consult"],
    (2, "14208"): ["consult"],
}
# (week index, dimension, group) -> the columns suppressed by hand.
_GROUP_SUPPRESSED = {
    (1, "age_band", "90+"): PUBLIC_COUNTS,
    (1, "age_band", "70-79"): PUBLIC_COUNTS,
    (1, "occupation", "other"): PUBLIC_COUNTS,
    (1, "occupation", "unemployed"): PUBLIC_COUNTS,
    (2, "age_band", "30-39"): ["consult"],
    (2, "age_band", "70-79"): ["consult"],
    (2, "sex", "female"): ["consult"],
    (2, "sex", "male"): ["consult"],
    (2, "occupation", "employee"): ["consult"],
    (2, "occupation", "unemployed"): ["consult"],
    (3, "age_band", "70-79"): NUMERATORS,
    (3, "occupation", "unemployed"): NUMERATORS,
}


def _period(week: int) -> dict:
    return dict(period_start=WEEKS[week], period_end=WEEKS[week] + dt.timedelta(days=6))


def _suppressed(counts: dict, columns) -> dict:
    return {**counts, **{c: None for c in columns}}


def responses_weekly_area() -> pd.DataFrame:
    rows = []
    for week in range(len(WEEKS)):
        true = {m: _true_counts(m, week) for m, *_ in MUNICIPALITIES}
        areas = [("prefecture", "14", _add(list(true.values())))]
        areas += [("health_center", hc, _add([true[m] for m, _, _, _, area, *_ in MUNICIPALITIES if area == hc]))
                  for hc, *_ in HEALTH_CENTER_AREAS]
        areas += [("municipality", m, true[m]) for m, *_ in MUNICIPALITIES]
        for level, code, counts in areas:
            counts = _suppressed(_suppress_by_denominator(counts), _AREA_SUPPRESSED.get((week, code), []))
            rows.append(dict(_period(week), area_level=level, area_code=code, **counts))
    return pd.DataFrame(rows)


def responses_weekly_group() -> pd.DataFrame:
    rows = []
    for week in range(len(WEEKS)):
        true = {m: _true_counts(m, week) for m in KINDS}
        for d, (dimension, groups) in enumerate(GROUPS.items()):
            for grp in groups:
                counts = _add([true[m] for m, kind in KINDS.items() if kind[d] == grp] or
                              [dict.fromkeys(PUBLIC_COUNTS, 0)])
                counts = _suppressed(_suppress_by_denominator(counts),
                                     _GROUP_SUPPRESSED.get((week, dimension, grp), []))
                rows.append(dict(_period(week), area_level="prefecture", area_code="14", dimension=dimension,
                                 grp=grp, **counts))
    return pd.DataFrame(rows)


def cases_daily() -> pd.DataFrame:
    rows = []
    day = FIRST_DATE
    while day <= LAST_DATE:
        prefecture = 10 if day <= dt.date(2020, 6, 14) else 20 if day <= dt.date(2020, 6, 21) else 30
        hc05 = 4 if day <= dt.date(2020, 6, 21) else 8
        rows += [dict(date=day, area_code="14", cases=prefecture), dict(date=day, area_code="hc09", cases=3),
                 dict(date=day, area_code="hc05", cases=hc05)]
        day += dt.timedelta(days=1)
    return pd.DataFrame(rows)


def build_info_row(build_id: str, synthetic: bool) -> pd.DataFrame:
    return pd.DataFrame([dict(
        build_id=build_id, built_at=dt.datetime(2020, 7, 1, 0, 30), audience="public", is_synthetic=synthetic,
        schema_version=SCHEMA_VERSION, first_date=FIRST_DATE, last_date=LAST_DATE,
        rows_read=12230, rows_accepted=12000, rows_quarantined=120, rows_no_consent=80, rows_duplicate=30,
        min_cell=MIN_CELL, min_denominator=MIN_DENOMINATOR, duckdb_version=duckdb.__version__,
        source_files="fixture_a.csv;fixture_b.jsonl",
    )])


def make_public_fixture_build(builds_dir: Path, *, synthetic: bool = True, build_id: str = "fixture") -> Build:
    """Write public-<build_id>.duckdb (every table of PUBLIC_TABLES plus the rule macros) into builds_dir and add
    it to CURRENT.json as "public" (keeping the staff file the pointer already names); returns the public Build."""
    builds_dir = Path(builds_dir)
    builds_dir.mkdir(parents=True, exist_ok=True)
    frames = {
        "build_info": build_info_row(build_id, synthetic),
        "responses_weekly_area": responses_weekly_area(),
        "responses_weekly_group": responses_weekly_group(),
        "cases_daily": cases_daily(),
        "health_center_areas": pd.DataFrame(HEALTH_CENTER_AREAS,
                                            columns=[c for c, _, _ in PUBLIC_TABLES["health_center_areas"]]),
        "municipalities": pd.DataFrame(MUNICIPALITIES, columns=[c for c, _, _ in PUBLIC_TABLES["municipalities"]]),
        "boundaries": boundaries(),
    }
    file_name = f"public-{build_id}.duckdb"
    write_build_file(builds_dir / file_name, PUBLIC_TABLES, frames)
    pointer = {k: v for k, v in (read_pointer(builds_dir) or {}).items() if not k.endswith("_path")}
    switch_pointer(builds_dir, {**pointer, "build_id": build_id, "public": file_name})
    return current_build(str(builds_dir), audience="public")
