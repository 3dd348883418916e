-- public_download_weekly_area: responses_weekly_area as published in the public build (open data). Empty
--   (NULL) counts are suppressed; see the Data & methods page for the rules.
-- Parameters: none.
-- Columns: period_start, period_end, area_level, area_code, area_name_ja, area_name_en, then the counts of
--          ingest.schema.PUBLIC_COUNTS (respondents, fever, fever_4d, symptomatic, consult,
--          behaviour_respondents, one column per behaviour code).
WITH names AS (
    SELECT '14' AS area_code, '神奈川県' AS name_ja, 'Kanagawa Prefecture' AS name_en
    UNION ALL SELECT area_code, name_ja, name_en FROM health_center_areas
    UNION ALL SELECT municipality_code, name_ja, name_en FROM municipalities
)
SELECT r.period_start, r.period_end, r.area_level, r.area_code, n.name_ja AS area_name_ja, n.name_en AS area_name_en,
       r.respondents, r.fever, r.fever_4d, r.symptomatic, r.consult, r.behaviour_respondents,
       r.handwashing, r.cough_etiquette, r.alcohol_disinfection, r.ventilation, r.stay_home_when_sick,
       r.staggered_commute, r.telework
FROM responses_weekly_area AS r
LEFT JOIN names AS n USING (area_code)
ORDER BY r.period_start,
         CASE r.area_level WHEN 'prefecture' THEN 0 WHEN 'health_center' THEN 1 ELSE 2 END, r.area_code
