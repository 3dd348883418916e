-- Creates the reference tables of a build from the Arrow tables ingest/reference.py registers
-- (staged_<table>, columns named as in ingest/schema.py). No parameters.
-- Columns and types: those of ingest/schema.py (tests/test_schema.py checks them on a real build).

CREATE TABLE cases_daily AS
SELECT date::DATE AS date, area_code::VARCHAR AS area_code, cases::BIGINT AS cases
FROM staged_cases_daily;

CREATE TABLE health_center_areas AS
SELECT area_code::VARCHAR AS area_code, name_ja::VARCHAR AS name_ja, name_en::VARCHAR AS name_en,
       population::BIGINT AS population
FROM staged_health_center_areas;

CREATE TABLE municipalities AS
SELECT municipality_code::VARCHAR AS municipality_code, name_ja::VARCHAR AS name_ja, name_en::VARCHAR AS name_en,
       city_code::VARCHAR AS city_code, area_code::VARCHAR AS area_code, population::BIGINT AS population,
       lat::DOUBLE AS lat, lon::DOUBLE AS lon
FROM staged_municipalities;

CREATE TABLE postal_codes AS
SELECT postal_code::VARCHAR AS postal_code, municipality_code::VARCHAR AS municipality_code,
       place_ja::VARCHAR AS place_ja, lat::DOUBLE AS lat, lon::DOUBLE AS lon
FROM staged_postal_codes;

CREATE TABLE boundaries AS
SELECT municipality_code::VARCHAR AS municipality_code, geometry_geojson::VARCHAR AS geometry_geojson
FROM staged_boundaries;
