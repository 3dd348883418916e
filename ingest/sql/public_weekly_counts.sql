-- Unsuppressed weekly counts of the public build, from the staff build (attached as `staff`): one row for every
-- complete Monday..Sunday week inside the build's period and every public cell, zero-filled. The cells are the
-- areas (the prefecture '14', each health-centre area, each municipality or ward; dimension and grp 'all'),
-- then the prefecture by one demographic dimension at a time (every group of `public_groups`: dimension, grp,
-- the code registry's groups). ingest/public.py splits them into responses_weekly_area and
-- responses_weekly_group; ingest/suppression.py then suppresses cells. No parameters.
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
cells AS (
    SELECT 'prefecture' AS area_level, '14' AS area_code, 'all' AS dimension, 'all' AS grp, 0 AS cell_order
    UNION ALL SELECT 'health_center', area_code, 'all', 'all', 1 FROM staff.health_center_areas
    UNION ALL SELECT 'municipality', municipality_code, 'all', 'all', 2 FROM staff.municipalities
    UNION ALL SELECT 'prefecture', '14', dimension, grp, 3 + dimension_order * 100 + grp_order FROM public_groups
),
answers AS (
    SELECT CAST(date_trunc('week', r.date) AS DATE) AS period_start, m.area_code AS health_center,
           CAST(r.high_risk AS VARCHAR) AS risk_group, r.*
    FROM staff.responses_daily AS r
    JOIN staff.municipalities AS m USING (municipality_code)
),
rolled AS (
    SELECT period_start,
           CASE WHEN GROUPING(municipality_code) = 0 THEN municipality_code
                WHEN GROUPING(health_center) = 0 THEN health_center
                ELSE '14' END AS area_code,
           CASE WHEN GROUPING(age_band) = 0 THEN 'age_band'
                WHEN GROUPING(sex) = 0 THEN 'sex'
                WHEN GROUPING(occupation) = 0 THEN 'occupation'
                WHEN GROUPING(risk_group) = 0 THEN 'high_risk'
                ELSE 'all' END AS dimension,
           coalesce(age_band, sex, occupation, risk_group, 'all') AS grp,
           sum(respondents) AS respondents, sum(fever) AS fever, sum(fever_4d) AS fever_4d,
           sum(symptomatic) AS symptomatic, sum(consult) AS consult,
           sum(behaviour_respondents) AS behaviour_respondents,
           sum(handwashing) AS handwashing, sum(cough_etiquette) AS cough_etiquette,
           sum(alcohol_disinfection) AS alcohol_disinfection, sum(ventilation) AS ventilation,
           sum(stay_home_when_sick) AS stay_home_when_sick, sum(staggered_commute) AS staggered_commute,
           sum(telework) AS telework
    FROM answers
    GROUP BY GROUPING SETS ((period_start), (period_start, health_center), (period_start, municipality_code),
                            (period_start, age_band), (period_start, sex), (period_start, occupation),
                            (period_start, risk_group))
)
SELECT w.period_start, w.period_end, c.area_level, c.area_code, c.dimension, c.grp,
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
CROSS JOIN cells AS c
LEFT JOIN rolled AS r
       ON r.period_start = w.period_start AND r.area_code = c.area_code AND r.dimension = c.dimension
      AND r.grp = c.grp
ORDER BY w.period_start, c.cell_order, c.area_code
