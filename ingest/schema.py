"""The published data contract: every table of a staff build, its columns, types and meaning.

This is the one place the schema is written down. `tests/test_schema.py` checks a real build against it,
and the Data & methods page renders it.
"""

from ingest.codes import BEHAVIOURS

SCHEMA_VERSION = 2  # 2: the in_area rule macro is stored in builds

_COUNTS_DAILY = [
    ("respondents", "BIGINT", "respondents (each counted once per day)"),
    ("fever", "BIGINT", "respondents with fever of 37.5 °C or more"),
    ("fever_4d", "BIGINT", "respondents whose fever began 4 or more days ago (persistent fever)"),
]

TABLES: dict[str, list[tuple[str, str, str]]] = {
    "build_info": [
        ("build_id", "VARCHAR", "identifier of the build, also in its file name"),
        ("built_at", "TIMESTAMP", "when the build was made (UTC)"),
        ("audience", "VARCHAR", "'staff' or 'public'"),
        ("is_synthetic", "BOOLEAN", "true when the answers are generated demo data"),
        ("schema_version", "INTEGER", "version of this contract"),
        ("first_date", "DATE", "first answer date (Japan time)"),
        ("last_date", "DATE", "last answer date (Japan time)"),
        ("rows_read", "BIGINT", "raw rows read from all input files"),
        ("rows_accepted", "BIGINT", "rows accepted"),
        ("rows_quarantined", "BIGINT", "rows quarantined with a reason code"),
        ("rows_no_consent", "BIGINT", "rows excluded because consent was not given"),
        ("rows_duplicate", "BIGINT", "exact repeats of an earlier response_id"),
        ("min_cell", "INTEGER", "smallest respondent count a public cell may show"),
        ("min_denominator", "INTEGER", "smallest pooled denominator a rate is shown for"),
        ("duckdb_version", "VARCHAR", "DuckDB version that wrote the file"),
        ("source_files", "VARCHAR", "names of the raw files read, ';'-separated"),
    ],
    "responses_daily": [
        ("date", "DATE", "answer date in Japan time"),
        ("municipality_code", "VARCHAR", "5-digit JIS code (wards for the designated cities)"),
        ("age_band", "VARCHAR", "0-9, 10-19, ..., 80-89, 90+"),
        ("sex", "VARCHAR", "male, female, other"),
        ("occupation", "VARCHAR", "occupation code"),
        ("high_risk", "BOOLEAN", "age 65 or over, or any condition other than none"),
        *_COUNTS_DAILY,
        ("fatigue_or_breathless", "BIGINT", "respondents with strong fatigue or breathlessness"),
        ("symptomatic", "BIGINT", "respondents with fever or fatigue/breathlessness"),
        ("consult", "BIGINT", "respondents the triage rule advised to consult"),
        ("symptomatic_high_risk", "BIGINT", "triage outcome: symptoms below the consult rule, high risk"),
        ("behaviour_respondents", "BIGINT", "respondents who answered the behaviour question"),
        *[(code, "BIGINT", f"respondents keeping: {label}") for code, label in BEHAVIOURS.items()],
    ],
    "responses_daily_postal": [
        ("date", "DATE", "answer date in Japan time"),
        ("postal_code", "VARCHAR", "7-digit postal code"),
        *_COUNTS_DAILY,
        ("symptomatic", "BIGINT", "respondents with fever or fatigue/breathlessness"),
        ("consult", "BIGINT", "respondents the triage rule advised to consult"),
    ],
    "cases_daily": [
        ("date", "DATE", "report date"),
        ("area_code", "VARCHAR", "'14' for the prefecture, else a health-centre area code"),
        ("cases", "BIGINT", "new positive cases reported"),
    ],
    "health_center_areas": [
        ("area_code", "VARCHAR", "health-centre area code"),
        ("name_ja", "VARCHAR", "name in Japanese"),
        ("name_en", "VARCHAR", "name in English"),
        ("population", "BIGINT", "population (1 April 2020)"),
    ],
    "municipalities": [
        ("municipality_code", "VARCHAR", "5-digit JIS code; wards for the designated cities"),
        ("name_ja", "VARCHAR", "name in Japanese (wards with their city)"),
        ("name_en", "VARCHAR", "name in English"),
        ("city_code", "VARCHAR", "code of the city for a ward, else the municipality's own code"),
        ("area_code", "VARCHAR", "health-centre area code"),
        ("population", "BIGINT", "population (1 April 2020)"),
        ("lat", "DOUBLE", "latitude of the centroid"),
        ("lon", "DOUBLE", "longitude of the centroid"),
    ],
    "postal_codes": [
        ("postal_code", "VARCHAR", "7-digit postal code"),
        ("municipality_code", "VARCHAR", "5-digit JIS code"),
        ("place_ja", "VARCHAR", "municipality and neighbourhood in Japanese"),
        ("lat", "DOUBLE", "latitude of the derived centroid"),
        ("lon", "DOUBLE", "longitude of the derived centroid"),
    ],
    "boundaries": [
        ("municipality_code", "VARCHAR", "5-digit JIS code"),
        ("geometry_geojson", "VARCHAR", "MultiPolygon in WGS84 as GeoJSON text (MLIT N03, simplified)"),
    ],
}

# Tables a public build must not contain, whatever else it holds.
STAFF_ONLY_COLUMNS = {"respondent_id", "response_id", "answered_at"}

# --- The public build (public-<build_id>.duckdb), derived from the staff build by ingest/public.py ---
# Survey counts are published per complete Monday-to-Sunday week only (no finer time), at the prefecture,
# health-centre areas and municipalities, and by one demographic dimension at a time for the prefecture only.
# A NULL count is suppressed (ingest/privacy.py): 1 .. min_cell - 1 respondents, a numerator whose
# denominator is below min_denominator, or a complementary suppression protecting one of those.
PUBLIC_COUNTS = ["respondents", "fever", "fever_4d", "symptomatic", "consult", "behaviour_respondents",
                 *BEHAVIOURS]
# The denominator of each numerator count: a numerator is published only where its denominator reaches
# min_denominator, so a rate can be formed only where the rule allows it.
DENOMINATORS = {"fever": "respondents", "fever_4d": "respondents", "symptomatic": "respondents",
                "consult": "respondents", **{code: "behaviour_respondents" for code in BEHAVIOURS}}
DIMENSIONS = ["age_band", "sex", "occupation", "high_risk"]

_PERIOD = [
    ("period_start", "DATE", "first day (a Monday) of the week"),
    ("period_end", "DATE", "last day (a Sunday) of the week"),
]
_PUBLIC_COUNT_COLUMNS = [(name, "BIGINT", "count; NULL where suppressed") for name in PUBLIC_COUNTS]

PUBLIC_TABLES: dict[str, list[tuple[str, str, str]]] = {
    "build_info": TABLES["build_info"],
    "responses_weekly_area": [
        *_PERIOD,
        ("area_level", "VARCHAR", "'prefecture', 'health_center' or 'municipality'"),
        ("area_code", "VARCHAR", "'14', a health-centre area code, or a 5-digit JIS code (wards for the cities)"),
        *_PUBLIC_COUNT_COLUMNS,
    ],
    "responses_weekly_group": [
        *_PERIOD,
        ("area_level", "VARCHAR", "'prefecture'"),
        ("area_code", "VARCHAR", "'14'"),
        ("dimension", "VARCHAR", "'age_band', 'sex', 'occupation' or 'high_risk'"),
        ("grp", "VARCHAR", "the group within the dimension ('true'/'false' for high_risk)"),
        *_PUBLIC_COUNT_COLUMNS,
    ],
    **{name: TABLES[name] for name in ("cases_daily", "health_center_areas", "municipalities", "boundaries")},
}
