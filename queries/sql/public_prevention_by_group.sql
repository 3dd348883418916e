-- public_prevention_by_group: share of respondents keeping each prevention behaviour by age band or occupation,
--   for the prefecture (the public build has no demographic x area cells), over the chosen weeks, with its
--   95 % Wilson interval. Same pooling rule as public_prevention_shares.sql: per group and behaviour, pooled
--   over the weeks in which both the count and behaviour_respondents are published (weeks_used of weeks);
--   a share is shown only when that pooled denominator reaches $min_denominator.
-- Parameters:
--   $start, $end   DATE     the weeks whose period_end lies in [$start, $end]
--   $group_by      VARCHAR  'age_band' | 'occupation'
--   $min_denominator INTEGER smallest pooled denominator a share is shown for (build_info.min_denominator)
-- Columns: grp, behaviour, count, behaviour_respondents (pooled over the weeks used; NULL when no week is),
--   share, share_low, share_high, sufficient, weeks_used, weeks
WITH chosen AS (
    SELECT *
    FROM responses_weekly_group
    WHERE dimension = $group_by AND area_level = 'prefecture'
      AND period_end BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
),
long AS (
    FROM chosen
    UNPIVOT INCLUDE NULLS (count FOR behaviour IN (handwashing, cough_etiquette, alcohol_disinfection, ventilation,
                                                   stay_home_when_sick, staggered_commute, telework))
),
pooled AS (
    SELECT grp, behaviour,
           CAST(sum(count) FILTER (WHERE behaviour_respondents IS NOT NULL) AS BIGINT) AS count,
           CAST(sum(behaviour_respondents) FILTER (WHERE count IS NOT NULL) AS BIGINT) AS behaviour_respondents,
           CAST(count(*) FILTER (WHERE count IS NOT NULL AND behaviour_respondents IS NOT NULL) AS INTEGER)
               AS weeks_used,
           CAST(count(*) AS INTEGER) AS weeks
    FROM long
    GROUP BY grp, behaviour
),
judged AS (
    SELECT *, coalesce(behaviour_respondents >= $min_denominator, FALSE) AS sufficient
    FROM pooled
)
SELECT grp, behaviour, count, behaviour_respondents,
       CASE WHEN sufficient THEN rate(count, behaviour_respondents) END AS share,
       CASE WHEN sufficient THEN wilson_low(count, behaviour_respondents) END AS share_low,
       CASE WHEN sufficient THEN wilson_high(count, behaviour_respondents) END AS share_high,
       sufficient, weeks_used, weeks
FROM judged
ORDER BY grp, behaviour
