-- methods_responses_prefecture: responses_daily summed over the whole prefecture, one row per date (open data).
-- Parameters: none.
-- Columns: date, then every count column of responses_daily (respondents, fever, fever_4d, fatigue_or_breathless,
--          symptomatic, consult, symptomatic_high_risk, behaviour_respondents, one column per behaviour code).
SELECT date,
       sum(respondents) AS respondents,
       sum(fever) AS fever,
       sum(fever_4d) AS fever_4d,
       sum(fatigue_or_breathless) AS fatigue_or_breathless,
       sum(symptomatic) AS symptomatic,
       sum(consult) AS consult,
       sum(symptomatic_high_risk) AS symptomatic_high_risk,
       sum(behaviour_respondents) AS behaviour_respondents,
       sum(handwashing) AS handwashing,
       sum(cough_etiquette) AS cough_etiquette,
       sum(alcohol_disinfection) AS alcohol_disinfection,
       sum(ventilation) AS ventilation,
       sum(stay_home_when_sick) AS stay_home_when_sick,
       sum(staggered_commute) AS staggered_commute,
       sum(telework) AS telework
FROM responses_daily
GROUP BY date
ORDER BY date
