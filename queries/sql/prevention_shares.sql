-- Purpose: share of respondents keeping each prevention behaviour, pooled over the chosen window
--   (behaviour count / behaviour_respondents, summed over the days), with its 95 % Wilson interval.
--   Shares whose denominator is below $min_denominator are NULL (insufficient data).
-- Parameters:
--   $start, $end   DATE     first and last date of the window
--   $area_level    VARCHAR  'prefecture' | 'health_center' | 'municipality'
--   $area_code     VARCHAR  code of the area at that level (a city code selects all its wards)
--   $min_denominator INTEGER smallest pooled denominator a rate is shown for (build_info.min_denominator)
-- Columns: behaviour, count, behaviour_respondents, share, share_low, share_high, sufficient
--   (highest share first)
WITH filtered AS (
    SELECT r.*
    FROM responses_daily AS r
    LEFT JOIN municipalities AS m USING (municipality_code)
    WHERE r.date BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
      AND in_area($area_level, $area_code, r.municipality_code, m.area_code, m.city_code)
),
totals AS (
    SELECT CAST(coalesce(sum(behaviour_respondents), 0) AS BIGINT) AS behaviour_respondents,
           CAST(coalesce(sum(handwashing), 0) AS BIGINT) AS handwashing,
           CAST(coalesce(sum(cough_etiquette), 0) AS BIGINT) AS cough_etiquette,
           CAST(coalesce(sum(alcohol_disinfection), 0) AS BIGINT) AS alcohol_disinfection,
           CAST(coalesce(sum(ventilation), 0) AS BIGINT) AS ventilation,
           CAST(coalesce(sum(stay_home_when_sick), 0) AS BIGINT) AS stay_home_when_sick,
           CAST(coalesce(sum(staggered_commute), 0) AS BIGINT) AS staggered_commute,
           CAST(coalesce(sum(telework), 0) AS BIGINT) AS telework
    FROM filtered
),
long AS (
    UNPIVOT totals
    ON handwashing, cough_etiquette, alcohol_disinfection, ventilation,
       stay_home_when_sick, staggered_commute, telework
    INTO NAME behaviour VALUE count
),
judged AS (
    SELECT *, behaviour_respondents >= $min_denominator AS sufficient
    FROM long
)
SELECT behaviour, count, behaviour_respondents,
       CASE WHEN sufficient THEN rate(count, behaviour_respondents) END AS share,
       CASE WHEN sufficient THEN wilson_low(count, behaviour_respondents) END AS share_low,
       CASE WHEN sufficient THEN wilson_high(count, behaviour_respondents) END AS share_high,
       sufficient
FROM judged
ORDER BY rate(count, behaviour_respondents) DESC NULLS LAST, behaviour
