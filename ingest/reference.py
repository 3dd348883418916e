"""Reference tables from the real public data in data/reference/ (see data/reference/SOURCES.md).

`load_reference(con)` creates `cases_daily`, `health_center_areas`, `municipalities`, `postal_codes` and
`boundaries` in a DuckDB connection, with the columns and types of `ingest.schema.TABLES`. The files are
small, so they are read with the csv/json modules and handed to reference_tables.sql as Arrow tables.
"""

import csv
import json
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa

from ingest.schema import TABLES

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"
SQL_FILE = Path(__file__).resolve().parent / "sql" / "reference_tables.sql"

PREFECTURE_AREA = "14"
POPULATION_DATE = "2020-04-01"

CASES_FILE = "kanagawa_new_cases_daily_mhlw.csv"
CASES_COLUMN = "kanagawa_new_cases"  # the revised MHLW series (PROVENANCE.md §1)
AREA_CASES_FILE = "kanagawa_new_cases_daily_by_health_center_area.csv"
AREA_UNKNOWN_COLUMN = "居住地不明・県外等(blank)"  # residence given only as 神奈川県: not an area
AREAS_FILE = "health_center_areas.csv"
AREA_MEMBERS_FILE = "kanagawa_health_center_area_to_municipality.csv"
NAMES_EN_FILE = "municipality_names_en.csv"
POPULATION_FILE = "kanagawa_population_by_municipality_monthly_2019-2021.csv"
BOUNDARIES_FILE = "kanagawa_municipalities_wards_N03-21_s0010.geojson"
POSTAL_FILE = "kanagawa_postal_code_centroids_derived.csv"
CREDITS_FILE = "credits.json"

REFERENCE_TABLES = ("cases_daily", "health_center_areas", "municipalities", "postal_codes", "boundaries")


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _staged(table: str, rows: list[tuple]) -> pa.Table:
    """`rows` as an Arrow table with the column names of schema.TABLES (reference_tables.sql casts the types)."""
    names = [name for name, _, _ in TABLES[table]]
    return pa.table({name: list(values) for name, values in zip(names, zip(*rows))} if rows
                    else {name: pa.array([], pa.string()) for name in names})


def _daily(rows: list[dict[str, str]], column: str) -> dict[date, int]:
    """One count per day from the first to the last date of the file; days without a row (or value) are 0."""
    counts = {date.fromisoformat(r["date"]): int(r[column] or 0) for r in rows}
    day, end = min(counts), max(counts)
    series = {}
    while day <= end:
        series[day] = counts.get(day, 0)
        day += timedelta(days=1)
    return series


def _cases(reference_dir: Path, area_codes: dict[str, str]) -> list[tuple]:
    rows = [(d, PREFECTURE_AREA, n) for d, n in _daily(_read_csv(reference_dir / CASES_FILE), CASES_COLUMN).items()]
    by_area = _read_csv(reference_dir / AREA_CASES_FILE)
    for name_ja, area_code in area_codes.items():
        rows += [(d, area_code, n) for d, n in _daily(by_area, name_ja).items()]
    return rows


def _polygons(geometry: dict) -> list:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def centroid(geometry: dict) -> tuple[float, float]:
    """(lat, lon): area-weighted centroid of all polygons of a Polygon/MultiPolygon (holes subtracted).

    Planar lon/lat is accurate enough at the scale of a municipality.
    """
    area = sx = sy = 0.0
    for polygon in _polygons(geometry):
        for i, ring in enumerate(polygon):
            a = cx = cy = 0.0
            for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
                cross = x0 * y1 - x1 * y0
                a += cross
                cx += (x0 + x1) * cross
                cy += (y0 + y1) * cross
            # Outer rings add, holes subtract, whatever the ring orientation.
            sign = (1 if i == 0 else -1) * (1 if a > 0 else -1)
            area += sign * a / 2
            sx += sign * cx / 6
            sy += sign * cy / 6
    return sy / area, sx / area


def _municipalities(reference_dir: Path, area_codes: dict[str, str]) -> tuple[list[tuple], list[tuple]]:
    """Rows of `municipalities` and `boundaries`: the 58 wards and municipalities of the N03 boundaries."""
    members = _read_csv(reference_dir / AREA_MEMBERS_FILE)
    area_of = {r["code5"]: area_codes[r["health_center_area"]] for r in members}
    city_code_of = {r["municipality"]: r["code5"] for r in members}
    names_en = {r["code5"]: r["name_en"] for r in _read_csv(reference_dir / NAMES_EN_FILE)}
    population = {
        r["code5"]: int(r["population"])
        for r in _read_csv(reference_dir / POPULATION_FILE)
        if r["ref_date"] == POPULATION_DATE and r["level"] in ("ward", "municipality")
    }
    features = json.loads((reference_dir / BOUNDARIES_FILE).read_text(encoding="utf-8"))["features"]
    municipalities, boundaries = [], []
    for feature in features:
        props = feature["properties"]
        code = props["N03_007"]
        city = props["N03_003"]
        if city in city_code_of:  # a ward of a designated city
            name_ja, city_code = city + props["N03_004"], city_code_of[city]
        else:
            name_ja, city_code = props["N03_004"], code
        lat, lon = centroid(feature["geometry"])
        municipalities.append(
            (code, name_ja, names_en[code], city_code, area_of[city_code], population[code], lat, lon)
        )
        boundaries.append((code, json.dumps(feature["geometry"], separators=(",", ":"))))
    return municipalities, boundaries


def _postal_rows(reference_dir: Path) -> list[dict[str, str]]:
    """The main row (alt_index 0) of each postal code: one row per code."""
    return [r for r in _read_csv(reference_dir / POSTAL_FILE) if r["alt_index"] == "0"]


def kanagawa_postal_codes(reference_dir: Path = REFERENCE_DIR) -> dict[str, str]:
    """Postal code (7 digits) -> 5-digit municipality code, for every Kanagawa postal code."""
    return {r["postal_code"]: r["jis_code5"] for r in _postal_rows(Path(reference_dir))}


def credits(reference_dir: Path = REFERENCE_DIR) -> list[dict[str, str]]:
    """The data credits the app displays: source_ja/en, credit_ja/en, licence, url."""
    return json.loads((Path(reference_dir) / CREDITS_FILE).read_text(encoding="utf-8"))


def load_reference(con, reference_dir: Path = REFERENCE_DIR) -> None:
    """Create and fill the reference tables (see REFERENCE_TABLES) in `con`."""
    reference_dir = Path(reference_dir)
    areas = _read_csv(reference_dir / AREAS_FILE)
    area_codes = {r["name_ja"]: r["area_code"] for r in areas}
    municipalities, boundaries = _municipalities(reference_dir, area_codes)
    area_population = {r["area_code"]: 0 for r in areas}
    for row in municipalities:
        area_population[row[4]] += row[5]
    staged = {
        "cases_daily": _cases(reference_dir, area_codes),
        "health_center_areas": [(r["area_code"], r["name_ja"], r["name_en"], area_population[r["area_code"]])
                                for r in areas],
        "municipalities": municipalities,
        "postal_codes": [(r["postal_code"], r["jis_code5"], r["city"] + r["neighborhood"], float(r["lat"]),
                          float(r["lon"])) for r in _postal_rows(reference_dir)],
        "boundaries": boundaries,
    }
    for table, rows in staged.items():
        con.register(f"staged_{table}", _staged(table, rows))
    try:
        con.execute(SQL_FILE.read_text(encoding="utf-8"))
    finally:
        for table in staged:
            con.unregister(f"staged_{table}")
