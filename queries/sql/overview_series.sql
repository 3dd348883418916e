-- overview_series: per day, the 7-day pooled fever, persistent-fever and consult rates (sum of counts over the
-- 7 days ending that day, divided by the sum of respondents) with 95 % Wilson intervals, and the 7-day average
-- of positive cases, for the whole prefecture or one health-centre area.
-- Parameters:
--   $area             '14' (prefecture) or a health-centre area code (responses via municipalities.area_code)
--   $start, $end      DATE, the days returned (inclusive); windows reach 6 days before $start
--   $min_denominator  rates are NULL where the pooled respondents are fewer than this
-- Columns: date, respondents_7d, fever_7d, fever_rate, fever_low, fever_high,
--          fever_4d_7d, fever_4d_rate, fever_4d_low, fever_4d_high,
--          consult_7d, consult_rate, consult_low, consult_high,
--          cases (that day), cases_7d_avg,
--          respondents, fever (that day's counts, 0 on days without answers inside the period; for the
--          briefing's trend fit, dashboard/trend.py).
-- A window counts only when it lies wholly inside the build's period (rates) or the area's case series (cases);
-- days without answers inside the period count as zero respondents.
-- Only the answers of $start - 6 days .. $end are read (responses_daily is stored in date order, so DuckDB skips
-- the other row groups); a window reaching before the period's first day still counts fewer than 7 days.
WITH days_read AS (
    SELECT greatest(first_date, CAST($start AS DATE) - 6) AS first_date,
           least(last_date, CAST($end AS DATE)) AS last_date
    FROM build_info
),
area_responses AS (
    SELECT date, sum(respondents) AS respondents, sum(fever) AS fever, sum(fever_4d) AS fever_4d,
           sum(consult) AS consult
    FROM responses_daily
    WHERE date BETWEEN CAST($start AS DATE) - 6 AND $end
      AND ($area = '14'
           OR municipality_code IN (SELECT municipality_code FROM municipalities WHERE area_code = $area))
    GROUP BY date
),
response_days AS (
    SELECT CAST(unnest(generate_series(first_date, last_date, INTERVAL 1 DAY)) AS DATE) AS date
    FROM days_read
),
pooled AS (
    SELECT d.date,
           coalesce(r.respondents, 0) AS respondents_day,
           coalesce(r.fever, 0) AS fever_day,
           count(*) OVER w AS days,
           sum(coalesce(r.respondents, 0)) OVER w AS respondents_7d,
           sum(coalesce(r.fever, 0)) OVER w AS fever_7d,
           sum(coalesce(r.fever_4d, 0)) OVER w AS fever_4d_7d,
           sum(coalesce(r.consult, 0)) OVER w AS consult_7d
    FROM response_days d
    LEFT JOIN area_responses r USING (date)
    WINDOW w AS (ORDER BY d.date ROWS BETWEEN 6 PRECEDING AND CURRENT ROW)
),
shown AS (
    SELECT *, days = 7 AND respondents_7d >= $min_denominator AS enough
    FROM pooled
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
SELECT coalesce(s.date, c.date) AS date,
       CASE WHEN s.days = 7 THEN s.respondents_7d END AS respondents_7d,
       CASE WHEN s.enough THEN s.fever_7d END AS fever_7d,
       CASE WHEN s.enough THEN rate(s.fever_7d, s.respondents_7d) END AS fever_rate,
       CASE WHEN s.enough THEN wilson_low(s.fever_7d, s.respondents_7d) END AS fever_low,
       CASE WHEN s.enough THEN wilson_high(s.fever_7d, s.respondents_7d) END AS fever_high,
       CASE WHEN s.enough THEN s.fever_4d_7d END AS fever_4d_7d,
       CASE WHEN s.enough THEN rate(s.fever_4d_7d, s.respondents_7d) END AS fever_4d_rate,
       CASE WHEN s.enough THEN wilson_low(s.fever_4d_7d, s.respondents_7d) END AS fever_4d_low,
       CASE WHEN s.enough THEN wilson_high(s.fever_4d_7d, s.respondents_7d) END AS fever_4d_high,
       CASE WHEN s.enough THEN s.consult_7d END AS consult_7d,
       CASE WHEN s.enough THEN rate(s.consult_7d, s.respondents_7d) END AS consult_rate,
       CASE WHEN s.enough THEN wilson_low(s.consult_7d, s.respondents_7d) END AS consult_low,
       CASE WHEN s.enough THEN wilson_high(s.consult_7d, s.respondents_7d) END AS consult_high,
       c.cases,
       c.cases_7d_avg,
       s.respondents_day AS respondents,
       s.fever_day AS fever
FROM shown s
FULL OUTER JOIN case_average c USING (date)
WHERE coalesce(s.date, c.date) BETWEEN $start AND $end
ORDER BY date
