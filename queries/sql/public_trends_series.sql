-- public_trends_series: the weekly rate of one metric per published week (and per breakdown group) with its 95 %
--   Wilson interval, from the public build. Each week is its own 7-day window (dated on its last day,
--   period_end); nothing is pooled across weeks. A rate is shown only when the week's respondents are
--   published and reach $min_denominator and the numerator is published; suppressed counts stay NULL.
-- Parameters:
--   $start, $end   DATE     weeks whose period_end lies in [$start, $end]
--   $area_level    VARCHAR  'prefecture' | 'health_center' | 'municipality'
--   $area_code     VARCHAR  code of the area at that level ('14' for the prefecture)
--   $metric        VARCHAR  'fever' | 'fever_4d' | 'symptomatic' | 'consult'
--   $breakdown     VARCHAR  'none' | 'health_center' (each health-centre area of the chosen area) |
--                           'age_band' | 'sex' | 'occupation' | 'high_risk' (the prefecture only: the public
--                           build has no demographic x area cells, so another area returns no rows)
--   $min_denominator INTEGER smallest denominator a rate is shown for (build_info.min_denominator)
-- Columns: date (period_end), week_start, grp ('all' without breakdown; 'true'/'false' for high_risk),
--   numerator, denominator, numerator_7d, denominator_7d (the same week's counts; NULL where suppressed),
--   rate, rate_low, rate_high (NULL when not shown), sufficient, suppressed (a count behind the rate is
--   suppressed)
WITH chosen_area AS (
    SELECT period_start, period_end, 'all' AS grp, *
    FROM responses_weekly_area
    WHERE $breakdown = 'none' AND area_level = $area_level AND area_code = $area_code
),
by_health_center AS (
    SELECT r.period_start, r.period_end,
           CASE WHEN r.area_level = 'municipality' THEN m.area_code ELSE r.area_code END AS grp, r.*
    FROM responses_weekly_area AS r
    LEFT JOIN municipalities AS m ON m.municipality_code = r.area_code AND r.area_level = 'municipality'
    WHERE $breakdown = 'health_center'
      AND (($area_level = 'prefecture' AND r.area_level = 'health_center')
           OR (r.area_level = $area_level AND r.area_level <> 'prefecture' AND r.area_code = $area_code))
),
by_group AS (
    SELECT period_start, period_end, grp, *
    FROM responses_weekly_group
    WHERE dimension = $breakdown AND $area_level = 'prefecture' AND area_code = $area_code
),
picked AS (
    SELECT period_start, period_end, grp, respondents,
           CASE $metric WHEN 'fever' THEN fever WHEN 'fever_4d' THEN fever_4d
                        WHEN 'symptomatic' THEN symptomatic WHEN 'consult' THEN consult END AS numerator
    FROM (SELECT period_start, period_end, grp, respondents, fever, fever_4d, symptomatic, consult FROM chosen_area
          UNION ALL
          SELECT period_start, period_end, grp, respondents, fever, fever_4d, symptomatic, consult FROM by_health_center
          UNION ALL
          SELECT period_start, period_end, grp, respondents, fever, fever_4d, symptomatic, consult FROM by_group)
    WHERE period_end BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
),
judged AS (
    SELECT *, respondents >= $min_denominator AND numerator IS NOT NULL AS shown
    FROM picked
)
SELECT period_end AS date, period_start AS week_start, grp,
       numerator, respondents AS denominator,
       numerator AS numerator_7d, respondents AS denominator_7d,
       CASE WHEN shown THEN rate(numerator, respondents) END AS rate,
       CASE WHEN shown THEN wilson_low(numerator, respondents) END AS rate_low,
       CASE WHEN shown THEN wilson_high(numerator, respondents) END AS rate_high,
       coalesce(shown, FALSE) AS sufficient,
       respondents IS NULL OR (numerator IS NULL AND respondents >= $min_denominator) AS suppressed
FROM judged
ORDER BY grp, date
