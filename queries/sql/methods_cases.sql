-- methods_cases: the positive-case series as published in the build (open data).
-- Parameters: none.
-- Columns: date, area_code ('14' = prefecture, else a health-centre area), cases.
SELECT date, area_code, cases
FROM cases_daily
ORDER BY date, area_code
