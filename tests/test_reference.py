"""The reference tables built from data/reference/ agree with the data contract and with the source files."""

import csv
import json
import shutil
import time
from datetime import date

import duckdb
import pytest

from ingest import reference
from ingest.reference import REFERENCE_DIR, REFERENCE_TABLES, centroid, kanagawa_postal_codes, load_reference
from ingest.schema import TABLES

# Kanagawa lies within these bounds (lon 138.9-139.8, lat 35.1-35.7), with a small margin.
LAT_RANGE = (35.1, 35.7)
LON_RANGE = (138.9, 139.9)
DESIGNATED_CITIES = {"14100": "横浜市", "14130": "川崎市", "14150": "相模原市"}


def _rows(name):
    with open(REFERENCE_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    load_reference(con)
    yield con
    con.close()


def _inside(lon, lat, geometry):
    """Even-odd point-in-polygon over all rings of a Polygon/MultiPolygon."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    inside = False
    for polygon in polygons:
        for ring in polygon:
            for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
                if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
                    inside = not inside
    return inside


@pytest.mark.parametrize("table", REFERENCE_TABLES)
def test_columns_and_types_follow_the_contract(con, table):
    described = con.execute(f"DESCRIBE {table}").fetchall()
    assert [(c[0], c[1]) for c in described] == [(name, type_) for name, type_, _ in TABLES[table]]


def test_load_is_fast():
    start = time.perf_counter()
    load_reference(duckdb.connect())
    assert time.perf_counter() - start < 2


def test_fifty_eight_municipalities_complete(con):
    rows = con.execute("SELECT * FROM municipalities").fetchall()
    assert len(rows) == 58
    assert len({r[0] for r in rows}) == 58
    area_codes = {r[0] for r in con.execute("SELECT area_code FROM health_center_areas").fetchall()}
    for code, name_ja, name_en, city_code, area_code, population, lat, lon in rows:
        assert len(code) == 5 and code.startswith("14")
        assert name_ja and name_en and name_en.isascii()
        assert area_code in area_codes
        assert population > 0
        is_ward = city_code in DESIGNATED_CITIES and name_ja.startswith(DESIGNATED_CITIES[city_code])
        assert city_code == code or is_ward
    wards = [r[3] for r in rows if r[3] != r[0]]
    assert {c: wards.count(c) for c in DESIGNATED_CITIES} == {"14100": 18, "14130": 7, "14150": 3}


def test_wards_carry_their_city(con):
    names = dict(con.execute("SELECT municipality_code, name_ja || '|' || name_en FROM municipalities").fetchall())
    assert names["14101"] == "横浜市鶴見区|Yokohama Tsurumi-ku"
    assert names["14131"] == "川崎市川崎区|Kawasaki Kawasaki-ku"
    assert names["14151"] == "相模原市緑区|Sagamihara Midori-ku"
    assert names["14201"] == "横須賀市|Yokosuka"
    assert names["14301"] == "葉山町|Hayama"
    assert names["14402"] == "清川村|Kiyokawa"
    cities = dict(con.execute("SELECT municipality_code, city_code FROM municipalities").fetchall())
    assert cities["14118"] == "14100" and cities["14137"] == "14130" and cities["14153"] == "14150"
    areas = dict(con.execute("SELECT municipality_code, area_code FROM municipalities").fetchall())
    assert areas["14118"] == "yokohama" and areas["14321"] == "chigasaki" and areas["14402"] == "atsugi"


def test_english_names_cover_every_unit_and_the_designated_cities():
    names = {r["code5"]: r["name_en"] for r in _rows("municipality_names_en.csv")}
    features = json.loads((REFERENCE_DIR / reference.BOUNDARIES_FILE).read_text(encoding="utf-8"))["features"]
    assert set(names) == {f["properties"]["N03_007"] for f in features} | {"14100", "14130", "14150"}
    assert all(n.strip() == n and n.isascii() for n in names.values())


def test_population_is_1_april_2020_and_sums_to_the_prefecture(con):
    population = [r for r in _rows(reference.POPULATION_FILE) if r["ref_date"] == "2020-04-01"]
    prefecture = next(int(r["population"]) for r in population if r["level"] == "prefecture")
    assert con.execute("SELECT sum(population) FROM health_center_areas").fetchone()[0] == prefecture
    assert con.execute("SELECT sum(population) FROM municipalities").fetchone()[0] == prefecture
    mismatched = con.execute(
        """SELECT count(*) FROM health_center_areas a
           JOIN (SELECT area_code, sum(population) AS p FROM municipalities GROUP BY 1) m USING (area_code)
           WHERE a.population <> m.p"""
    ).fetchone()[0]
    assert mismatched == 0
    tsurumi = next(int(r["population"]) for r in population if r["code5"] == "14101")
    query = "SELECT population FROM municipalities WHERE municipality_code = '14101'"
    assert con.execute(query).fetchone()[0] == tsurumi


def test_health_center_areas_match_the_case_file_columns(con):
    with open(REFERENCE_DIR / reference.AREA_CASES_FILE, encoding="utf-8") as f:
        header = next(csv.reader(f))
    area_columns = header[1 : header.index(reference.AREA_UNKNOWN_COLUMN)]
    rows = con.execute("SELECT area_code, name_ja, name_en FROM health_center_areas").fetchall()
    assert [r[1] for r in rows] == area_columns
    assert [r[0] for r in rows] == [
        "yokohama", "kawasaki", "sagamihara", "yokosuka", "fujisawa",
        "chigasaki", "hiratsuka", "kamakura", "odawara", "atsugi",
    ]  # fmt: skip
    assert all(r[2] for r in rows)


def test_prefecture_cases_full_range_and_total(con):
    first, last, days, total = con.execute(
        "SELECT min(date), max(date), count(*), sum(cases) FROM cases_daily WHERE area_code = '14'"
    ).fetchone()
    assert (first, last) == (date(2020, 1, 16), date(2023, 5, 8))
    assert days == (last - first).days + 1
    assert total == 2_239_844


def test_areas_plus_unknown_equal_the_prefecture_every_day(con):
    unknown = {
        date.fromisoformat(r["date"]): int(r[reference.AREA_UNKNOWN_COLUMN]) for r in _rows(reference.AREA_CASES_FILE)
    }
    prefecture = dict(con.execute("SELECT date, cases FROM cases_daily WHERE area_code = '14'").fetchall())
    areas = con.execute(
        "SELECT date, count(*), sum(cases) FROM cases_daily WHERE area_code <> '14' GROUP BY date ORDER BY date"
    ).fetchall()
    assert areas[0][0] == date(2020, 1, 16) and areas[-1][0] == date(2022, 9, 26)
    assert len(areas) == (areas[-1][0] - areas[0][0]).days + 1
    for day, n_areas, cases in areas:
        assert n_areas == 10
        assert cases + unknown.get(day, 0) == prefecture[day], day


def test_missing_days_are_explicit_zeros(tmp_path):
    shutil.copytree(REFERENCE_DIR, tmp_path, dirs_exist_ok=True)
    for name in (reference.CASES_FILE, reference.AREA_CASES_FILE):
        lines = (tmp_path / name).read_text(encoding="utf-8").splitlines(keepends=True)
        (tmp_path / name).write_text("".join(l for l in lines if not l.startswith("2020-06-01,")), encoding="utf-8")
    con = duckdb.connect()
    load_reference(con, tmp_path)
    rows = con.execute("SELECT area_code, cases FROM cases_daily WHERE date = DATE '2020-06-01'").fetchall()
    assert len(rows) == 11 and all(cases == 0 for _, cases in rows)


def test_postal_codes_one_row_per_code_in_the_58_units(con):
    total, distinct, outside = con.execute(
        """SELECT count(*), count(DISTINCT postal_code),
                  count(*) FILTER (WHERE municipality_code NOT IN (SELECT municipality_code FROM municipalities))
           FROM postal_codes"""
    ).fetchone()
    assert total == distinct == 2299
    assert outside == 0
    bad = con.execute(
        """SELECT count(*) FROM postal_codes
           WHERE NOT regexp_full_match(postal_code, '[0-9]{7}') OR place_ja = '' OR lat IS NULL OR lon IS NULL"""
    ).fetchone()[0]
    assert bad == 0
    place = con.execute("SELECT place_ja FROM postal_codes WHERE postal_code = '2100001'").fetchone()[0]
    assert place == "川崎市川崎区本町"


def test_postal_code_lookup_matches_the_table(con):
    lookup = kanagawa_postal_codes()
    assert lookup == dict(con.execute("SELECT postal_code, municipality_code FROM postal_codes").fetchall())
    assert lookup["2100001"] == "14131"


def test_boundaries_are_valid_polygons(con):
    rows = con.execute("SELECT municipality_code, geometry_geojson FROM boundaries").fetchall()
    municipalities = con.execute("SELECT municipality_code FROM municipalities").fetchall()
    assert {r[0] for r in rows} == {r[0] for r in municipalities}
    for code, text in rows:
        geometry = json.loads(text)
        assert geometry["type"] in ("Polygon", "MultiPolygon"), code
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        assert polygons, code
        for polygon in polygons:
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1], code
                for lon, lat in ring:
                    assert LON_RANGE[0] < lon < LON_RANGE[1] and LAT_RANGE[0] < lat < LAT_RANGE[1], code


def test_centroids_in_kanagawa_and_in_their_own_polygon(con):
    rows = con.execute(
        """SELECT municipality_code, lat, lon, geometry_geojson
           FROM municipalities JOIN boundaries USING (municipality_code)"""
    ).fetchall()
    assert len(rows) == 58
    for code, lat, lon, text in rows:
        assert LAT_RANGE[0] < lat < LAT_RANGE[1] and LON_RANGE[0] < lon < LON_RANGE[1], code
        assert _inside(lon, lat, json.loads(text)), code


def test_centroid_of_a_square_with_a_hole():
    outer = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    hole = [[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]  # lower-left quarter removed, wound like the outer ring
    lat, lon = centroid({"type": "Polygon", "coordinates": [outer, hole]})
    assert (lon, lat) == pytest.approx((7 / 3, 7 / 3))
    island = [[10, 0], [12, 0], [12, 2], [10, 2], [10, 0]]
    lat, lon = centroid({"type": "MultiPolygon", "coordinates": [[outer], [island]]})
    assert (lon, lat) == pytest.approx(((16 * 2 + 4 * 11) / 20, (16 * 2 + 4 * 1) / 20))


def test_credits_are_complete_and_carry_the_required_lines():
    credits = reference.credits()
    keys = {"source_ja", "source_en", "credit_ja", "credit_en", "licence", "url"}
    assert credits and all(set(c) == keys and all(c.values()) for c in credits)
    lines = {c["credit_ja"] for c in credits}
    for required in (
        "出典：厚生労働省 オープンデータ",
        "「国土数値情報（行政区域データ）」（国土交通省）を加工して作成",
        "「位置参照情報」（国土交通省）を加工して作成",
    ):
        assert required in lines
    assert all(c["url"].startswith("https://") for c in credits)


def test_sources_md_documents_every_reference_file():
    sources = (REFERENCE_DIR / "SOURCES.md").read_text(encoding="utf-8")
    for path in REFERENCE_DIR.iterdir():
        if path.name != "SOURCES.md":
            assert f"`{path.name}`" in sources, path.name
