-- Creates the public build (attached as `out`) from the staff build (attached as `staff`): the reference and
-- case tables as they are (all public data), build_info with audience 'public', and the two count tables from
-- the suppressed frames `weekly_area` and `weekly_group` (ingest/public.py), typed as in
-- ingest.schema.PUBLIC_TABLES. No parameters.
CREATE TABLE out.build_info AS SELECT * REPLACE ('public' AS audience) FROM staff.build_info;
CREATE TABLE out.cases_daily AS SELECT * FROM staff.cases_daily;
CREATE TABLE out.health_center_areas AS SELECT * FROM staff.health_center_areas;
CREATE TABLE out.municipalities AS SELECT * FROM staff.municipalities;
CREATE TABLE out.boundaries AS SELECT * FROM staff.boundaries;
CREATE TABLE out.responses_weekly_area AS
SELECT CAST(period_start AS DATE) AS period_start, CAST(period_end AS DATE) AS period_end,
       CAST(area_level AS VARCHAR) AS area_level, CAST(area_code AS VARCHAR) AS area_code,
       COLUMNS(lambda c: c NOT IN ('period_start', 'period_end', 'area_level', 'area_code'))::BIGINT
FROM weekly_area;
CREATE TABLE out.responses_weekly_group AS
SELECT CAST(period_start AS DATE) AS period_start, CAST(period_end AS DATE) AS period_end,
       CAST(area_level AS VARCHAR) AS area_level, CAST(area_code AS VARCHAR) AS area_code,
       CAST(dimension AS VARCHAR) AS dimension, CAST(grp AS VARCHAR) AS grp,
       COLUMNS(lambda c: c NOT IN ('period_start', 'period_end', 'area_level', 'area_code', 'dimension', 'grp'))::BIGINT
FROM weekly_group;
