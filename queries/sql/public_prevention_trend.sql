-- public_prevention_trend: share of each prevention behaviour per published week (dated on its last day,
--   period_end) with its 95 % Wilson interval, from the public build. Each week is its own window; a share is
--   shown only when the week's behaviour count and behaviour_respondents are published and the latter reaches
--   $min_denominator. Suppressed counts stay NULL.
-- Parameters:
--   $start, $end   DATE     the weeks whose period_end lies in [$start, $end]
--   $area_level    VARCHAR  'prefecture' | 'health_center' | 'municipality'
--   $area_code     VARCHAR  code of the area at that level ('14' for the prefecture)
--   $min_denominator INTEGER smallest denominator a share is shown for (build_info.min_denominator)
-- Columns: date (period_end), behaviour, count_7d, behaviour_respondents_7d (the week's counts, NULL where
--   suppressed), share, share_low, share_high, sufficient
WITH chosen AS (
    SELECT *
    FROM responses_weekly_area
    WHERE area_level = $area_level AND area_code = $area_code
      AND period_end BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
),
long AS (
    FROM chosen
    UNPIVOT INCLUDE NULLS (count FOR behaviour IN (handwashing, cough_etiquette, alcohol_disinfection, ventilation,
                                                   stay_home_when_sick, staggered_commute, telework))
),
judged AS (
    SELECT period_end AS date, behaviour, count AS count_7d, behaviour_respondents AS behaviour_respondents_7d,
           coalesce(count IS NOT NULL AND behaviour_respondents >= $min_denominator, FALSE) AS sufficient
    FROM long
)
SELECT date, behaviour, count_7d, behaviour_respondents_7d,
       CASE WHEN sufficient THEN rate(count_7d, behaviour_respondents_7d) END AS share,
       CASE WHEN sufficient THEN wilson_low(count_7d, behaviour_respondents_7d) END AS share_low,
       CASE WHEN sufficient THEN wilson_high(count_7d, behaviour_respondents_7d) END AS share_high,
       sufficient
FROM judged
ORDER BY behaviour, date
