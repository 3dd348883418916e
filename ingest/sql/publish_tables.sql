-- Copies the reference tables from staging into the staff build (attached as `out`) and creates its
-- build_info table. No parameters; build_info is filled by build_info_insert.sql.

CREATE TABLE out.cases_daily AS SELECT * FROM cases_daily;
CREATE TABLE out.health_center_areas AS SELECT * FROM health_center_areas;
CREATE TABLE out.municipalities AS SELECT * FROM municipalities;
CREATE TABLE out.postal_codes AS SELECT * FROM postal_codes;
CREATE TABLE out.boundaries AS SELECT * FROM boundaries;

CREATE TABLE out.build_info (
    build_id VARCHAR,
    built_at TIMESTAMP,
    audience VARCHAR,
    is_synthetic BOOLEAN,
    schema_version INTEGER,
    first_date DATE,
    last_date DATE,
    rows_read BIGINT,
    rows_accepted BIGINT,
    rows_quarantined BIGINT,
    rows_no_consent BIGINT,
    rows_duplicate BIGINT,
    min_cell INTEGER,
    min_denominator INTEGER,
    duckdb_version VARCHAR,
    source_files VARCHAR
);
