-- public_download_weekly_group: responses_weekly_group as published in the public build (open data): the
--   prefecture by one demographic dimension at a time. Empty (NULL) counts are suppressed.
-- Parameters: none.
-- Columns: period_start, period_end, area_level, area_code, dimension, grp, then the counts of
--          ingest.schema.PUBLIC_COUNTS.
SELECT period_start, period_end, area_level, area_code, dimension, grp,
       respondents, fever, fever_4d, symptomatic, consult, behaviour_respondents,
       handwashing, cough_etiquette, alcohol_disinfection, ventilation, stay_home_when_sick,
       staggered_commute, telework
FROM responses_weekly_group
ORDER BY period_start, dimension, grp
