-- public_overview_series: the Overview chart and key figures on the public build. One row per published week
-- (dated on its last day, period_end) with the week's fever, persistent-fever and consult rates and their
-- 95 % Wilson intervals, joined to the daily 7-day average of positive cases.
-- The week is the 7-day window: no pooling across weeks. A rate is shown only when the week's respondents are
-- published and reach $min_denominator and its numerator is published; a suppressed count stays NULL (never 0).
-- Parameters:
--   $area             '14' (prefecture) or a health-centre area code
--   $start, $end      DATE, the days returned (inclusive); a week is returned when its period_end is inside
--   $min_denominator  rates are NULL where the week's respondents are fewer than this
-- Columns: date, week_start (NULL on rows that are not the end of a week), respondents_7d, fever_7d, fever_rate,
--          fever_low, fever_high, fever_4d_7d, fever_4d_rate, fever_4d_low, fever_4d_high, consult_7d,
--          consult_rate, consult_low, consult_high, suppressed (the week's respondents are suppressed),
--          cases (that day), cases_7d_avg (NULL unless the 7 days ending that day all have a case row).
WITH weeks AS (
    SELECT period_start, period_end, respondents, fever, fever_4d, consult,
           respondents >= $min_denominator AS enough
    FROM responses_weekly_area
    WHERE area_code = $area AND area_level IN ('prefecture', 'health_center')
),
area_cases AS (
    SELECT date, cases FROM cases_daily WHERE area_code = $area
),
case_days AS (
    SELECT CAST(unnest(generate_series(min(date), max(date), INTERVAL 1 DAY)) AS DATE) AS date
    FROM area_cases
),
case_average AS (
    SELECT d.date, c.cases,
           CASE WHEN count(c.cases) OVER w = 7 THEN avg(c.cases) OVER w END AS cases_7d_avg
    FROM case_days d
    LEFT JOIN area_cases c USING (date)
    WINDOW w AS (ORDER BY d.date ROWS BETWEEN 6 PRECEDING AND CURRENT ROW)
)
SELECT coalesce(w.period_end, c.date) AS date,
       w.period_start AS week_start,
       w.respondents AS respondents_7d,
       CASE WHEN w.enough THEN w.fever END AS fever_7d,
       CASE WHEN w.enough THEN rate(w.fever, w.respondents) END AS fever_rate,
       CASE WHEN w.enough THEN wilson_low(w.fever, w.respondents) END AS fever_low,
       CASE WHEN w.enough THEN wilson_high(w.fever, w.respondents) END AS fever_high,
       CASE WHEN w.enough THEN w.fever_4d END AS fever_4d_7d,
       CASE WHEN w.enough THEN rate(w.fever_4d, w.respondents) END AS fever_4d_rate,
       CASE WHEN w.enough THEN wilson_low(w.fever_4d, w.respondents) END AS fever_4d_low,
       CASE WHEN w.enough THEN wilson_high(w.fever_4d, w.respondents) END AS fever_4d_high,
       CASE WHEN w.enough THEN w.consult END AS consult_7d,
       CASE WHEN w.enough THEN rate(w.consult, w.respondents) END AS consult_rate,
       CASE WHEN w.enough THEN wilson_low(w.consult, w.respondents) END AS consult_low,
       CASE WHEN w.enough THEN wilson_high(w.consult, w.respondents) END AS consult_high,
       w.period_start IS NOT NULL AND w.respondents IS NULL AS suppressed,
       c.cases,
       c.cases_7d_avg
FROM weeks w
FULL OUTER JOIN case_average c ON c.date = w.period_end
WHERE coalesce(w.period_end, c.date) BETWEEN $start AND $end
ORDER BY date
