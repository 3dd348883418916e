-- build_info: the one row describing the current build (identity, period, row counts, thresholds).
-- Parameters: none.
-- Columns: every column of the build_info table (see ingest/schema.py).
SELECT *
FROM build_info
