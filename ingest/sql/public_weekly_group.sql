-- Unsuppressed weekly counts of the public build's responses_weekly_group, from the staff build (attached as
-- `staff`): the prefecture by one demographic dimension at a time, one row for every complete Monday..Sunday
-- week and every group of `public_groups` (dimension, grp: the code registry's groups), zero-filled.
-- ingest/privacy.py then suppresses cells. No parameters.
-- Columns: period_start, period_end, area_level, area_code, dimension, grp, then ingest.schema.PUBLIC_COUNTS.
WITH period AS (
    SELECT CAST(date_trunc('week', first_date + 6) AS DATE) AS first_week,
           CAST(date_trunc('week', last_date - 6) AS DATE) AS last_week
    FROM staff.build_info
),
weeks AS (
    SELECT CAST(w AS DATE) AS period_start, CAST(w AS DATE) + 6 AS period_end
    FROM period, generate_series(first_week, last_week, INTERVAL 7 DAY) AS t(w)
),
answers AS (
    SELECT CAST(date_trunc('week', date) AS DATE) AS period_start, age_band, sex, occupation,
           CAST(high_risk AS VARCHAR) AS high_risk, respondents, fever, fever_4d, symptomatic, consult,
           behaviour_respondents, handwashing, cough_etiquette, alcohol_disinfection, ventilation,
           stay_home_when_sick, staggered_commute, telework
    FROM staff.responses_daily
),
rolled AS (
    SELECT period_start,
           CASE WHEN GROUPING(age_band) = 0 THEN 'age_band'
                WHEN GROUPING(sex) = 0 THEN 'sex'
                WHEN GROUPING(occupation) = 0 THEN 'occupation'
                ELSE 'high_risk' END AS dimension,
           coalesce(age_band, sex, occupation, high_risk) AS grp,
           sum(respondents) AS respondents, sum(fever) AS fever, sum(fever_4d) AS fever_4d,
           sum(symptomatic) AS symptomatic, sum(consult) AS consult,
           sum(behaviour_respondents) AS behaviour_respondents,
           sum(handwashing) AS handwashing, sum(cough_etiquette) AS cough_etiquette,
           sum(alcohol_disinfection) AS alcohol_disinfection, sum(ventilation) AS ventilation,
           sum(stay_home_when_sick) AS stay_home_when_sick, sum(staggered_commute) AS staggered_commute,
           sum(telework) AS telework
    FROM answers
    GROUP BY GROUPING SETS ((period_start, age_band), (period_start, sex), (period_start, occupation),
                            (period_start, high_risk))
)
SELECT w.period_start, w.period_end, 'prefecture' AS area_level, '14' AS area_code, g.dimension, g.grp,
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
CROSS JOIN public_groups AS g
LEFT JOIN rolled AS r ON r.period_start = w.period_start AND r.dimension = g.dimension AND r.grp = g.grp
ORDER BY w.period_start, g.dimension_order, g.grp_order
