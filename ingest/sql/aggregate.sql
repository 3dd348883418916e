-- Aggregates the accepted answers into the published tables of the staff build (attached as `out`).
-- Input: judged (see judge.sql), postal_codes (reference). No parameters.
-- Output: out.responses_daily, out.responses_daily_postal (columns as in ingest/schema.py).

-- When one respondent answers several times on one day, the last answer of that day stands for them.
CREATE OR REPLACE TABLE classified AS
WITH latest AS (
    SELECT arg_max(row_id, (answered_utc, row_id)) AS row_id
    FROM judged
    WHERE outcome = 'accepted'
    GROUP BY respondent_id, date
),
daily_answers AS (
    SELECT j.date, j.fever, j.fever_days, j.fatigue_or_breathless, j.fatigue_days, j.age, j.sex, j.occupation,
           j.behaviours, j.postal_code, pc.municipality_code,
           is_high_risk(j.age, j.conditions) AS high_risk
    FROM judged j
    SEMI JOIN latest USING (row_id)
    JOIN postal_codes pc USING (postal_code)
)
SELECT date, municipality_code, postal_code, age_band(age) AS age_band, sex, occupation, high_risk,
       fever, is_fever_4d(fever, fever_days) AS fever_4d, fatigue_or_breathless,
       fever OR fatigue_or_breathless AS symptomatic,
       triage_outcome(fever, fever_days, fatigue_or_breathless, fatigue_days, high_risk) AS outcome,
       behaviours IS NOT NULL AS behaviour_given,
       coalesce(list_contains(behaviours, 'handwashing'), false) AS handwashing,
       coalesce(list_contains(behaviours, 'cough_etiquette'), false) AS cough_etiquette,
       coalesce(list_contains(behaviours, 'alcohol_disinfection'), false) AS alcohol_disinfection,
       coalesce(list_contains(behaviours, 'ventilation'), false) AS ventilation,
       coalesce(list_contains(behaviours, 'stay_home_when_sick'), false) AS stay_home_when_sick,
       coalesce(list_contains(behaviours, 'staggered_commute'), false) AS staggered_commute,
       coalesce(list_contains(behaviours, 'telework'), false) AS telework
FROM daily_answers;

CREATE TABLE out.responses_daily AS
SELECT date, municipality_code, age_band, sex, occupation, high_risk,
       count(*)::BIGINT AS respondents,
       count_if(fever)::BIGINT AS fever,
       count_if(fever_4d)::BIGINT AS fever_4d,
       count_if(fatigue_or_breathless)::BIGINT AS fatigue_or_breathless,
       count_if(symptomatic)::BIGINT AS symptomatic,
       count_if(outcome = 'consult')::BIGINT AS consult,
       count_if(outcome = 'symptomatic_high_risk')::BIGINT AS symptomatic_high_risk,
       count_if(behaviour_given)::BIGINT AS behaviour_respondents,
       count_if(handwashing)::BIGINT AS handwashing,
       count_if(cough_etiquette)::BIGINT AS cough_etiquette,
       count_if(alcohol_disinfection)::BIGINT AS alcohol_disinfection,
       count_if(ventilation)::BIGINT AS ventilation,
       count_if(stay_home_when_sick)::BIGINT AS stay_home_when_sick,
       count_if(staggered_commute)::BIGINT AS staggered_commute,
       count_if(telework)::BIGINT AS telework
FROM classified
GROUP BY ALL
ORDER BY ALL;

CREATE TABLE out.responses_daily_postal AS
SELECT date, postal_code,
       count(*)::BIGINT AS respondents,
       count_if(fever)::BIGINT AS fever,
       count_if(fever_4d)::BIGINT AS fever_4d,
       count_if(symptomatic)::BIGINT AS symptomatic,
       count_if(outcome = 'consult')::BIGINT AS consult
FROM classified
GROUP BY ALL
ORDER BY ALL;
