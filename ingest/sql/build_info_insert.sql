-- The one row of build_info. Parameters: one per column of build_info (ingest/schema.py), same names.
INSERT INTO out.build_info VALUES (
    $build_id, $built_at, $audience, $is_synthetic, $schema_version, $first_date, $last_date, $rows_read,
    $rows_accepted, $rows_quarantined, $rows_no_consent, $rows_duplicate, $min_cell, $min_denominator,
    $duckdb_version, $source_files
);
