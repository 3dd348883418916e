-- Purpose: 7-day pooled share of each prevention behaviour per day (behaviour count / behaviour_respondents,
--   both summed over the 7 days ending on the date) with its 95 % Wilson interval, over a complete date
--   spine so days without answers count as zero. Shares below $min_denominator are NULL.
-- Parameters:
--   $start, $end   DATE     first and last date shown (each window reaches 6 days before its date)
--   $area_level    VARCHAR  'prefecture' | 'health_center' | 'municipality'
--   $area_code     VARCHAR  code of the area at that level (a city code selects all its wards)
--   $min_denominator INTEGER smallest pooled denominator a rate is shown for (build_info.min_denominator)
-- Columns: date, behaviour, count_7d, behaviour_respondents_7d, share, share_low, share_high, sufficient
WITH filtered AS (
    SELECT r.*
    FROM responses_daily AS r
    LEFT JOIN municipalities AS m USING (municipality_code)
    WHERE r.date BETWEEN CAST($start AS DATE) - 6 AND CAST($end AS DATE)
      AND in_area($area_level, $area_code, r.municipality_code, m.area_code, m.city_code)
),
daily AS (
    SELECT date,
           sum(behaviour_respondents) AS behaviour_respondents,
           sum(handwashing) AS handwashing,
           sum(cough_etiquette) AS cough_etiquette,
           sum(alcohol_disinfection) AS alcohol_disinfection,
           sum(ventilation) AS ventilation,
           sum(stay_home_when_sick) AS stay_home_when_sick,
           sum(staggered_commute) AS staggered_commute,
           sum(telework) AS telework
    FROM filtered
    GROUP BY date
),
long AS (
    UNPIVOT daily
    ON handwashing, cough_etiquette, alcohol_disinfection, ventilation,
       stay_home_when_sick, staggered_commute, telework
    INTO NAME behaviour VALUE count
),
spine AS (
    SELECT CAST(d AS DATE) AS date
    FROM generate_series(CAST($start AS DATE) - 6, CAST($end AS DATE), INTERVAL 1 DAY) AS t(d)
),
grid AS (
    SELECT s.date, b.behaviour,
           coalesce(l.count, 0) AS count,
           coalesce(l.behaviour_respondents, 0) AS behaviour_respondents
    FROM spine AS s
    CROSS JOIN (SELECT DISTINCT behaviour FROM long) AS b
    LEFT JOIN long AS l ON l.date = s.date AND l.behaviour = b.behaviour
),
pooled AS (
    SELECT date, behaviour,
           CAST(sum(count) OVER w AS BIGINT) AS count_7d,
           CAST(sum(behaviour_respondents) OVER w AS BIGINT) AS behaviour_respondents_7d
    FROM grid
    WINDOW w AS (PARTITION BY behaviour ORDER BY date ROWS BETWEEN 6 PRECEDING AND CURRENT ROW)
),
judged AS (
    SELECT *, behaviour_respondents_7d >= $min_denominator AS sufficient
    FROM pooled
)
SELECT date, behaviour, count_7d, behaviour_respondents_7d,
       CASE WHEN sufficient THEN rate(count_7d, behaviour_respondents_7d) END AS share,
       CASE WHEN sufficient THEN wilson_low(count_7d, behaviour_respondents_7d) END AS share_low,
       CASE WHEN sufficient THEN wilson_high(count_7d, behaviour_respondents_7d) END AS share_high,
       sufficient
FROM judged
WHERE date >= CAST($start AS DATE)
ORDER BY behaviour, date
