-- Purpose: share of respondents keeping each prevention behaviour by age band or occupation, pooled over
--   the chosen window, with its 95 % Wilson interval. Shares below $min_denominator are NULL.
-- Parameters:
--   $start, $end   DATE     first and last date of the window
--   $area_level    VARCHAR  'prefecture' | 'health_center' | 'municipality'
--   $area_code     VARCHAR  code of the area at that level (a city code selects all its wards)
--   $group_by      VARCHAR  'age_band' | 'occupation'
--   $min_denominator INTEGER smallest pooled denominator a rate is shown for (build_info.min_denominator)
-- Columns: grp, behaviour, count, behaviour_respondents, share, share_low, share_high, sufficient
WITH filtered AS (
    SELECT CASE $group_by WHEN 'age_band' THEN r.age_band WHEN 'occupation' THEN r.occupation END AS grp,
           r.*
    FROM responses_daily AS r
    LEFT JOIN municipalities AS m USING (municipality_code)
    WHERE r.date BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
      AND in_area($area_level, $area_code, r.municipality_code, m.area_code, m.city_code)
),
totals AS (
    SELECT grp,
           CAST(sum(behaviour_respondents) AS BIGINT) AS behaviour_respondents,
           CAST(sum(handwashing) AS BIGINT) AS handwashing,
           CAST(sum(cough_etiquette) AS BIGINT) AS cough_etiquette,
           CAST(sum(alcohol_disinfection) AS BIGINT) AS alcohol_disinfection,
           CAST(sum(ventilation) AS BIGINT) AS ventilation,
           CAST(sum(stay_home_when_sick) AS BIGINT) AS stay_home_when_sick,
           CAST(sum(staggered_commute) AS BIGINT) AS staggered_commute,
           CAST(sum(telework) AS BIGINT) AS telework
    FROM filtered
    GROUP BY grp
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
SELECT grp, behaviour, count, behaviour_respondents,
       CASE WHEN sufficient THEN rate(count, behaviour_respondents) END AS share,
       CASE WHEN sufficient THEN wilson_low(count, behaviour_respondents) END AS share_low,
       CASE WHEN sufficient THEN wilson_high(count, behaviour_respondents) END AS share_high,
       sufficient
FROM judged
ORDER BY grp, behaviour
