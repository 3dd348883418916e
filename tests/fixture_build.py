"""A small, hand-computable staff build for the query gold tests and the AppTests.

Period: 2020-03-01 .. 2020-06-30 (122 days). Two health-centre areas and four municipalities:

    area "hc09" 鎌倉保健福祉事務所管内: 14204 鎌倉市, 14208 逗子市, 14301 葉山町 (no responses at all)
    area "hc05" 藤沢市保健所:           14205 藤沢市

responses_daily has ONE cell per municipality and day (every day of the period):

    municipality  age_band sex     occupation  high_risk  respondents fever fever_4d fatigue symptomatic consult sympt_hr
    14204 鎌倉市  30-39    female  employee    false      100         2     1        3       4           1       0
    14208 逗子市  70-79    male    unemployed  true        50         2     1        1       2           2       0
    14205 藤沢市  20-29    male    student     false      150         3     1        1       3           1       0

    exceptions, 藤沢市 only:
      2020-04-01 .. 2020-04-10  fever 9                 (a fever wave one week ahead of the case wave)
      2020-06-24 .. 2020-06-29  fever 6, fever_4d 2, symptomatic 6
      2020-06-30                respondents 250, fever 13, fever_4d 3, symptomatic 13

So the prefecture has 300 respondents a day (400 on 2020-06-30) and, near the end:
    last 7 days  2020-06-24..06-30: respondents 2200, fever 77, fever_4d 29, consult 28
    prior 7 days 2020-06-17..06-23: respondents 2100, fever 49, fever_4d 21, consult 28

Behaviour question: asked on Fridays only (2020-03-06, 03-13, 03-20, 03-27, ...). On those days every
respondent answered it (behaviour_respondents = respondents) and the counts per cell are:

    cell   handwashing cough_etiq alcohol ventilation stay_home staggered telework
    鎌倉市  92          92         68      50          47        12        8
    逗子市  45          45         33      24          23         6        4
    藤沢市 137         137        101      74          70        18       13
    (telework doubles from 2020-04-10 on: 16 / 8 / 26)

    2020-03-27 prefecture: 300 respondents; handwashing 274 (91.33 %), telework 25 (8.33 %).

responses_daily_postal splits each municipality's counts over its postal codes:
    2480005 (鎌倉市): respondents 60, fever 1, fever_4d 1, symptomatic 2, consult 1
    2480006 (鎌倉市): respondents 40, fever 1, fever_4d 0, symptomatic 2, consult 0
    2490001 (逗子市): all of 逗子市;  2510052 (藤沢市): all of 藤沢市

cases_daily (every day):
    area "14":   10 a day; 30 on 2020-04-08 .. 04-17; 14 on 2020-06-24 .. 06-29; 56 on 2020-06-30
    area "hc09":  3 a day
    area "hc05":  4 a day; 12 on 2020-04-08 .. 04-17; 8 on 2020-06-24 .. 06-30
    so the 7-day average of area "14" is 20 on 2020-06-30 and 10 a week earlier (ratio 2.0).
"""

import datetime as dt
import json
from pathlib import Path

import duckdb
import pandas as pd

from ingest.codes import BEHAVIOURS
from ingest.publish import switch_pointer
from ingest.schema import SCHEMA_VERSION, TABLES
from queries.runner import Build, current_build

ROOT = Path(__file__).resolve().parent.parent
FIRST_DATE = dt.date(2020, 3, 1)
LAST_DATE = dt.date(2020, 6, 30)
DATES = [FIRST_DATE + dt.timedelta(days=i) for i in range((LAST_DATE - FIRST_DATE).days + 1)]

HEALTH_CENTER_AREAS = [
    ("hc09", "鎌倉保健福祉事務所管内", "Kamakura Pref. HWO area", 260969),
    ("hc05", "藤沢市保健所", "Fujisawa City HC", 435121),
]
MUNICIPALITIES = [
    ("14204", "鎌倉市", "Kamakura", "14204", "hc09", 172493, 35.3192, 139.5467),
    ("14208", "逗子市", "Zushi", "14208", "hc09", 56944, 35.2956, 139.5781),
    ("14301", "葉山町", "Hayama", "14301", "hc09", 31532, 35.2721, 139.5861),
    ("14205", "藤沢市", "Fujisawa", "14205", "hc05", 435121, 35.3389, 139.4900),
]
POSTAL_CODES = [
    ("2480005", "14204", "鎌倉市雪ノ下", 35.323397, 139.559731),
    ("2480006", "14204", "鎌倉市小町", 35.32002, 139.55457),
    ("2490001", "14208", "逗子市久木", 35.304968, 139.575046),
    ("2510052", "14205", "藤沢市藤沢", 35.347646, 139.47788),
    ("2400111", "14301", "葉山町一色", 35.26866, 139.589695),
]

_CELLS = {
    "14204": dict(age_band="30-39", sex="female", occupation="employee", high_risk=False, respondents=100,
                  fever=2, fever_4d=1, fatigue_or_breathless=3, symptomatic=4, consult=1),
    "14208": dict(age_band="70-79", sex="male", occupation="unemployed", high_risk=True, respondents=50,
                  fever=2, fever_4d=1, fatigue_or_breathless=1, symptomatic=2, consult=2),
    "14205": dict(age_band="20-29", sex="male", occupation="student", high_risk=False, respondents=150,
                  fever=3, fever_4d=1, fatigue_or_breathless=1, symptomatic=3, consult=1),
}
_BEHAVIOURS = {  # in the order of ingest.codes.BEHAVIOURS
    "14204": [92, 92, 68, 50, 47, 12, 8],
    "14208": [45, 45, 33, 24, 23, 6, 4],
    "14205": [137, 137, 101, 74, 70, 18, 13],
}
_POSTAL_SPLIT = {  # postal code -> share of the municipality's counts (respondents, fever, fever_4d, symptomatic, consult)
    "2480005": ("14204", dict(respondents=60, fever=1, fever_4d=1, symptomatic=2, consult=1)),
    "2480006": ("14204", dict(respondents=40, fever=1, fever_4d=0, symptomatic=2, consult=0)),
    "2490001": ("14208", None),
    "2510052": ("14205", None),
}


def _between(day: dt.date, first: str, last: str) -> bool:
    return dt.date.fromisoformat(first) <= day <= dt.date.fromisoformat(last)


def _cell(municipality: str, day: dt.date) -> dict:
    cell = dict(_CELLS[municipality], date=day, municipality_code=municipality, symptomatic_high_risk=0)
    if municipality == "14205":
        if _between(day, "2020-04-01", "2020-04-10"):
            cell.update(fever=9)
        elif _between(day, "2020-06-24", "2020-06-29"):
            cell.update(fever=6, fever_4d=2, symptomatic=6)
        elif day == LAST_DATE:
            cell.update(respondents=250, fever=13, fever_4d=3, symptomatic=13)
    friday = day.weekday() == 4
    cell["behaviour_respondents"] = cell["respondents"] if friday else 0
    for i, code in enumerate(BEHAVIOURS):
        count = _BEHAVIOURS[municipality][i] if friday else 0
        if code == "telework" and day >= dt.date(2020, 4, 10):
            count *= 2
        cell[code] = count
    return cell


def responses_daily() -> pd.DataFrame:
    return pd.DataFrame([_cell(m, day) for day in DATES for m in _CELLS])


def responses_daily_postal(daily: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for postal_code, (municipality, split) in _POSTAL_SPLIT.items():
        for cell in daily[daily.municipality_code == municipality].to_dict("records"):
            counts = split or {k: cell[k] for k in ("respondents", "fever", "fever_4d", "symptomatic", "consult")}
            rows.append(dict(date=cell["date"], postal_code=postal_code, **counts))
    return pd.DataFrame(rows)


def cases_daily() -> pd.DataFrame:
    rows = []
    for day in DATES:
        prefecture, hc05 = 10, 4
        if _between(day, "2020-04-08", "2020-04-17"):
            prefecture, hc05 = 30, 12
        elif _between(day, "2020-06-24", "2020-06-29"):
            prefecture, hc05 = 14, 8
        elif day == LAST_DATE:
            prefecture, hc05 = 56, 8
        rows += [dict(date=day, area_code="14", cases=prefecture), dict(date=day, area_code="hc09", cases=3),
                 dict(date=day, area_code="hc05", cases=hc05)]
    return pd.DataFrame(rows)


def boundaries() -> pd.DataFrame:
    """Real simplified boundaries of the four municipalities (MLIT N03, shipped in data/reference)."""
    geojson = json.loads((ROOT / "data/reference/kanagawa_municipalities_wards_N03-21_s0010.geojson").read_text("utf-8"))
    wanted = {m[0] for m in MUNICIPALITIES}
    geometries: dict[str, list] = {}
    for feature in geojson["features"]:
        code = feature["properties"]["N03_007"]
        if code in wanted:
            geometry = feature["geometry"]
            polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
            geometries.setdefault(code, []).extend(polygons)
    return pd.DataFrame([
        dict(municipality_code=code, geometry_geojson=json.dumps({"type": "MultiPolygon", "coordinates": polys}))
        for code, polys in sorted(geometries.items())
    ])


def build_info_row(build_id: str, synthetic: bool, daily: pd.DataFrame) -> pd.DataFrame:
    accepted = int(daily.respondents.sum()) + 500
    return pd.DataFrame([dict(
        build_id=build_id, built_at=dt.datetime(2020, 7, 1, 0, 30), audience="staff", is_synthetic=synthetic,
        schema_version=SCHEMA_VERSION, first_date=FIRST_DATE, last_date=LAST_DATE,
        rows_read=accepted + 120 + 80 + 30, rows_accepted=accepted, rows_quarantined=120, rows_no_consent=80,
        rows_duplicate=30, min_cell=10, min_denominator=100, duckdb_version=duckdb.__version__,
        source_files="fixture_a.csv;fixture_b.jsonl",
    )])


def write_build_file(path: Path, contract: dict[str, list[tuple[str, str, str]]],
                     frames: dict[str, pd.DataFrame]) -> Path:
    """A build file with the rule macros and every table of `contract` (ingest/schema.py), filled from frames."""
    con = duckdb.connect(str(path))
    try:
        con.execute((ROOT / "ingest/sql/rules.sql").read_text(encoding="utf-8"))
        for table, columns in contract.items():
            con.execute(f"CREATE TABLE {table} ({', '.join(f'{c} {t}' for c, t, _ in columns)})")
            con.register("frame", frames[table])
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM frame")
            con.unregister("frame")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


def make_fixture_build(builds_dir: Path, *, synthetic: bool = True, build_id: str = "fixture") -> Build:
    """Write staff-<build_id>.duckdb with every table of ingest/schema.py, publish it and return the Build."""
    builds_dir = Path(builds_dir)
    builds_dir.mkdir(parents=True, exist_ok=True)
    daily = responses_daily()
    frames = {
        "build_info": build_info_row(build_id, synthetic, daily),
        "responses_daily": daily,
        "responses_daily_postal": responses_daily_postal(daily),
        "cases_daily": cases_daily(),
        "health_center_areas": pd.DataFrame(HEALTH_CENTER_AREAS, columns=[c for c, _, _ in TABLES["health_center_areas"]]),
        "municipalities": pd.DataFrame(MUNICIPALITIES, columns=[c for c, _, _ in TABLES["municipalities"]]),
        "postal_codes": pd.DataFrame(POSTAL_CODES, columns=[c for c, _, _ in TABLES["postal_codes"]]),
        "boundaries": boundaries(),
    }
    file_name = f"staff-{build_id}.duckdb"
    write_build_file(builds_dir / file_name, TABLES, frames)
    switch_pointer(builds_dir, {"build_id": build_id, "staff": file_name})
    return current_build(str(builds_dir))
