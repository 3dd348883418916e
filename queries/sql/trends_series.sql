-- Purpose: 7-day pooled rate of one metric per day (and per breakdown group) with its 95 % Wilson interval.
--   Counts are pooled (sum of numerators / sum of denominators over the 7 days ending on the date) over a
--   complete date spine, so days without answers count as zero. Rates whose pooled denominator is below
--   $min_denominator are NULL (insufficient data), never zero.
-- Parameters:
--   $start, $end   DATE     first and last date shown (each window reaches 6 days before its date)
--   $area_level    VARCHAR  'prefecture' | 'health_center' | 'municipality'
--   $area_code     VARCHAR  code of the area at that level (a city code selects all its wards)
--   $age_band      VARCHAR  age band, or NULL for all
--   $sex           VARCHAR  sex code, or NULL for all
--   $occupation    VARCHAR  occupation code, or NULL for all
--   $high_risk     BOOLEAN  high-risk group, or NULL for all
--   $metric        VARCHAR  'fever' | 'fever_4d' | 'symptomatic' | 'consult'
--   $breakdown     VARCHAR  'none' | 'age_band' | 'sex' | 'occupation' | 'high_risk' | 'health_center'
--   $min_denominator INTEGER smallest pooled denominator a rate is shown for (build_info.min_denominator)
-- Columns: date, grp ('all' without breakdown; 'true'/'false' for high_risk), numerator, denominator (that day),
--   numerator_7d, denominator_7d, rate, rate_low, rate_high (NULL when insufficient), sufficient
WITH filtered AS (
    SELECT r.date,
           CASE $breakdown
               WHEN 'age_band' THEN r.age_band
               WHEN 'sex' THEN r.sex
               WHEN 'occupation' THEN r.occupation
               WHEN 'high_risk' THEN CAST(r.high_risk AS VARCHAR)
               WHEN 'health_center' THEN m.area_code
               ELSE 'all' END AS grp,
           CASE $metric
               WHEN 'fever' THEN r.fever
               WHEN 'fever_4d' THEN r.fever_4d
               WHEN 'symptomatic' THEN r.symptomatic
               WHEN 'consult' THEN r.consult END AS numerator,
           r.respondents AS denominator
    FROM responses_daily AS r
    LEFT JOIN municipalities AS m USING (municipality_code)
    WHERE r.date BETWEEN CAST($start AS DATE) - 6 AND CAST($end AS DATE)
      AND in_area($area_level, $area_code, r.municipality_code, m.area_code, m.city_code)
      AND ($age_band IS NULL OR r.age_band = $age_band)
      AND ($sex IS NULL OR r.sex = $sex)
      AND ($occupation IS NULL OR r.occupation = $occupation)
      AND ($high_risk IS NULL OR r.high_risk = $high_risk)
),
daily AS (
    SELECT date, grp, sum(numerator) AS numerator, sum(denominator) AS denominator
    FROM filtered
    GROUP BY date, grp
),
spine AS (
    SELECT CAST(d AS DATE) AS date
    FROM generate_series(CAST($start AS DATE) - 6, CAST($end AS DATE), INTERVAL 1 DAY) AS t(d)
),
grid AS (
    SELECT s.date, g.grp,
           CAST(coalesce(d.numerator, 0) AS BIGINT) AS numerator,
           CAST(coalesce(d.denominator, 0) AS BIGINT) AS denominator
    FROM spine AS s
    CROSS JOIN (SELECT DISTINCT grp FROM daily) AS g
    LEFT JOIN daily AS d ON d.date = s.date AND d.grp = g.grp
),
pooled AS (
    SELECT *,
           CAST(sum(numerator) OVER w AS BIGINT) AS numerator_7d,
           CAST(sum(denominator) OVER w AS BIGINT) AS denominator_7d
    FROM grid
    WINDOW w AS (PARTITION BY grp ORDER BY date ROWS BETWEEN 6 PRECEDING AND CURRENT ROW)
)
SELECT date, grp, numerator, denominator, numerator_7d, denominator_7d,
       CASE WHEN sufficient THEN rate(numerator_7d, denominator_7d) END AS rate,
       CASE WHEN sufficient THEN wilson_low(numerator_7d, denominator_7d) END AS rate_low,
       CASE WHEN sufficient THEN wilson_high(numerator_7d, denominator_7d) END AS rate_high,
       sufficient
FROM (
    SELECT *, denominator_7d >= $min_denominator AS sufficient
    FROM pooled
)
WHERE date >= CAST($start AS DATE)
ORDER BY grp, date
