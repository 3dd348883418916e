-- Unsuppressed weekly counts of the public build's responses_weekly_area, from the staff build (attached as
-- `staff`): one row for every complete Monday..Sunday week inside the build's period and every area
-- (the prefecture '14', each health-centre area, each municipality or ward), zero-filled.
-- ingest/privacy.py then suppresses cells. No parameters.
-- Columns: period_start, period_end, area_level, area_code, then ingest.schema.PUBLIC_COUNTS.
WITH period AS (
    SELECT CAST(date_trunc('week', first_date + 6) AS DATE) AS first_week,
           CAST(date_trunc('week', last_date - 6) AS DATE) AS last_week
    FROM staff.build_info
),
weeks AS (
    SELECT CAST(w AS DATE) AS period_start, CAST(w AS DATE) + 6 AS period_end
    FROM period, generate_series(first_week, last_week, INTERVAL 7 DAY) AS t(w)
),
areas AS (
    SELECT 'prefecture' AS area_level, '14' AS area_code, 0 AS level_order
    UNION ALL SELECT 'health_center', area_code, 1 FROM staff.health_center_areas
    UNION ALL SELECT 'municipality', municipality_code, 2 FROM staff.municipalities
),
answers AS (
    SELECT CAST(date_trunc('week', r.date) AS DATE) AS period_start, m.area_code AS health_center, r.*
    FROM staff.responses_daily AS r
    JOIN staff.municipalities AS m USING (municipality_code)
),
rolled AS (
    SELECT period_start,
           CASE WHEN GROUPING(municipality_code) = 0 THEN municipality_code
                WHEN GROUPING(health_center) = 0 THEN health_center
                ELSE '14' END AS area_code,
           sum(respondents) AS respondents, sum(fever) AS fever, sum(fever_4d) AS fever_4d,
           sum(symptomatic) AS symptomatic, sum(consult) AS consult,
           sum(behaviour_respondents) AS behaviour_respondents,
           sum(handwashing) AS handwashing, sum(cough_etiquette) AS cough_etiquette,
           sum(alcohol_disinfection) AS alcohol_disinfection, sum(ventilation) AS ventilation,
           sum(stay_home_when_sick) AS stay_home_when_sick, sum(staggered_commute) AS staggered_commute,
           sum(telework) AS telework
    FROM answers
    GROUP BY GROUPING SETS ((period_start), (period_start, health_center), (period_start, municipality_code))
)
SELECT w.period_start, w.period_end, a.area_level, a.area_code,
       CAST(coalesce(r.respondents, 0) AS BIGINT) AS respondents,
       CAST(coalesce(r.fever, 0) AS BIGINT) AS fever,
       CAST(coalesce(r.fever_4d, 0) AS BIGINT) AS fever_4d,
       CAST(coalesce(r.symptomatic, 0) AS BIGINT) AS symptomatic,
       CAST(coalesce(r.consult, 0) AS BIGINT) AS consult,
       CAST(coalesce(r.behaviour_respondents, 0) AS BIGINT) AS behaviour_respondents,
       CAST(coalesce(r.handwashing, 0) AS BIGINT) AS handwashing,
       CAST(coalesce(r.cough_etiquette, 0) AS BIGINT) AS cough_etiquette,
       CAST(coalesce(r.alcohol_disinfection, 0) AS BIGINT) AS alcohol_disinfection,
       CAST(coalesce(r.ventilation, 0) AS BIGINT) AS ventilation,
       CAST(coalesce(r.stay_home_when_sick, 0) AS BIGINT) AS stay_home_when_sick,
       CAST(coalesce(r.staggered_commute, 0) AS BIGINT) AS staggered_commute,
       CAST(coalesce(r.telework, 0) AS BIGINT) AS telework
FROM weeks AS w
CROSS JOIN areas AS a
LEFT JOIN rolled AS r ON r.period_start = w.period_start AND r.area_code = a.area_code
ORDER BY w.period_start, a.level_order, a.area_code
