-- Purpose: daily and 7-day positive cases of the case area that matches the chosen area, over a complete
--   date spine (days without a row count as zero). Cases exist for the prefecture and the health-centre
--   areas; a municipality takes its health-centre area's cases. The spine stays within the dates the case
--   series covers, so days after its last report are absent rather than zero.
-- Parameters:
--   $start, $end   DATE     first and last date returned (each window reaches 6 days before its date)
--   $area_level    VARCHAR  'prefecture' | 'health_center' | 'municipality'
--   $area_code     VARCHAR  code of the area at that level ('14' for the prefecture)
-- Columns: date, case_area_code, cases (that day), cases_7d (sum of the 7 days ending on the date)
WITH case_area AS (
    SELECT CASE WHEN $area_level = 'municipality'
                THEN (SELECT min(area_code) FROM municipalities
                      WHERE municipality_code = $area_code OR city_code = $area_code)
                ELSE $area_code END AS area_code
),
area_cases AS (
    SELECT c.date, sum(c.cases) AS cases
    FROM cases_daily AS c
    JOIN case_area AS a ON c.area_code = a.area_code
    GROUP BY c.date
),
spine AS (
    SELECT CAST(d AS DATE) AS date
    FROM generate_series(
        greatest(CAST($start AS DATE) - 6, (SELECT min(date) FROM area_cases)),
        least(CAST($end AS DATE), (SELECT max(date) FROM area_cases)),
        INTERVAL 1 DAY) AS t(d)
),
pooled AS (
    SELECT s.date,
           CAST(coalesce(c.cases, 0) AS BIGINT) AS cases,
           CAST(sum(coalesce(c.cases, 0)) OVER (ORDER BY s.date ROWS BETWEEN 6 PRECEDING AND CURRENT ROW)
                AS BIGINT) AS cases_7d
    FROM spine AS s
    LEFT JOIN area_cases AS c USING (date)
)
SELECT p.date, a.area_code AS case_area_code, p.cases, p.cases_7d
FROM pooled AS p, case_area AS a
WHERE p.date >= CAST($start AS DATE)
ORDER BY p.date
