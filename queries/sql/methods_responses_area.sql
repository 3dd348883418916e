-- methods_responses_area: responses_daily summed per health-centre area and date (open data).
-- Parameters: none.
-- Columns: date, area_code, area_name_ja, area_name_en, then the count columns of responses_daily
--          (as in methods_responses_prefecture.sql). Municipalities missing from the reference table
--          would appear with a NULL area.
SELECT r.date,
       m.area_code,
       h.name_ja AS area_name_ja,
       h.name_en AS area_name_en,
       sum(r.respondents) AS respondents,
       sum(r.fever) AS fever,
       sum(r.fever_4d) AS fever_4d,
       sum(r.fatigue_or_breathless) AS fatigue_or_breathless,
       sum(r.symptomatic) AS symptomatic,
       sum(r.consult) AS consult,
       sum(r.symptomatic_high_risk) AS symptomatic_high_risk,
       sum(r.behaviour_respondents) AS behaviour_respondents,
       sum(r.handwashing) AS handwashing,
       sum(r.cough_etiquette) AS cough_etiquette,
       sum(r.alcohol_disinfection) AS alcohol_disinfection,
       sum(r.ventilation) AS ventilation,
       sum(r.stay_home_when_sick) AS stay_home_when_sick,
       sum(r.staggered_commute) AS staggered_commute,
       sum(r.telework) AS telework
FROM responses_daily r
LEFT JOIN municipalities m USING (municipality_code)
LEFT JOIN health_center_areas h ON h.area_code = m.area_code
GROUP BY r.date, m.area_code, h.name_ja, h.name_en
ORDER BY r.date, m.area_code
