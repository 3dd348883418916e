-- public_prevention_shares: share of respondents keeping each prevention behaviour over the chosen weeks of the
--   public build, with its 95 % Wilson interval.
--   Pooling rule: for each behaviour the counts are pooled (sum of counts / sum of behaviour_respondents) over
--   the weeks in which BOTH the behaviour count and behaviour_respondents are published; suppressed weeks are
--   left out of numerator and denominator alike, and weeks_used says how many of the chosen weeks went in.
--   A share is shown only when that pooled denominator reaches $min_denominator.
-- Parameters:
--   $start, $end   DATE     the weeks whose period_end lies in [$start, $end]
--   $area_level    VARCHAR  'prefecture' | 'health_center' | 'municipality'
--   $area_code     VARCHAR  code of the area at that level ('14' for the prefecture)
--   $min_denominator INTEGER smallest pooled denominator a share is shown for (build_info.min_denominator)
-- Columns: behaviour, count, behaviour_respondents (pooled over the weeks used; NULL when no week is), share, share_low, share_high,
--   sufficient, weeks_used, weeks (the chosen weeks)  (highest share first)
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
pooled AS (
    SELECT behaviour,
           CAST(sum(count) FILTER (WHERE behaviour_respondents IS NOT NULL) AS BIGINT) AS count,
           CAST(sum(behaviour_respondents) FILTER (WHERE count IS NOT NULL) AS BIGINT) AS behaviour_respondents,
           CAST(count(*) FILTER (WHERE count IS NOT NULL AND behaviour_respondents IS NOT NULL) AS INTEGER)
               AS weeks_used,
           CAST((SELECT count(*) FROM chosen) AS INTEGER) AS weeks
    FROM long
    GROUP BY behaviour
),
judged AS (
    SELECT *, coalesce(behaviour_respondents >= $min_denominator, FALSE) AS sufficient
    FROM pooled
)
SELECT behaviour, count, behaviour_respondents,
       CASE WHEN sufficient THEN rate(count, behaviour_respondents) END AS share,
       CASE WHEN sufficient THEN wilson_low(count, behaviour_respondents) END AS share_low,
       CASE WHEN sufficient THEN wilson_high(count, behaviour_respondents) END AS share_high,
       sufficient, weeks_used, weeks
FROM judged
ORDER BY rate(count, behaviour_respondents) DESC NULLS LAST, behaviour
