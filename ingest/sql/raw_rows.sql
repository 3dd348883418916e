-- The staging table of raw rows: one row per physical record, every answer column as written (strings).
-- Column order is that of ingest/read.py OUTPUT_COLUMNS, after row_id (reading order). No parameters.
-- A row names its file by number (_file): raw_files holds the paths, once each rather than on every row.
CREATE OR REPLACE TABLE raw_files (
    _file INTEGER,
    path VARCHAR
);

CREATE OR REPLACE TABLE raw_rows (
    row_id BIGINT,
    response_id VARCHAR,
    respondent_id VARCHAR,
    answered_at VARCHAR,
    consent VARCHAR,
    fever VARCHAR,
    fever_days VARCHAR,
    fatigue_or_breathless VARCHAR,
    fatigue_days VARCHAR,
    age VARCHAR,
    sex VARCHAR,
    occupation VARCHAR,
    conditions VARCHAR,
    postal_code VARCHAR,
    behaviours VARCHAR,
    _file INTEGER,
    _line BIGINT,
    _raw VARCHAR,
    _flag VARCHAR
);
