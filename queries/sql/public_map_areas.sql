-- public_map_areas: the rate of one metric in one published week for every municipality / ward (the public map's
--   choropleth and its table), with its 95 % Wilson interval. A rate is shown only when the week's
--   respondents are published and reach build_info.min_denominator and the numerator is published; otherwise
--   it is NULL (insufficient or suppressed), never zero.
-- Parameters:
--   $end     DATE     last day (period_end, a Sunday) of the week
--   $metric  VARCHAR  'fever' | 'fever_4d' | 'symptomatic' | 'consult'
-- Columns: municipality_code, name_ja, name_en, area_code (health-centre area), area_name_ja, area_name_en,
--   respondents (the week's; NULL where suppressed), rate, rate_low, rate_high (NULL when not shown),
--   sufficient, suppressed (the respondents, or the numerator over enough respondents, are suppressed)
WITH week AS (
    SELECT area_code AS municipality_code, respondents,
           CASE $metric WHEN 'fever' THEN fever WHEN 'fever_4d' THEN fever_4d
                        WHEN 'symptomatic' THEN symptomatic WHEN 'consult' THEN consult END AS numerator
    FROM responses_weekly_area
    WHERE area_level = 'municipality' AND period_end = CAST($end AS DATE)
),
judged AS (
    SELECT m.municipality_code, m.name_ja, m.name_en, m.area_code,
           h.name_ja AS area_name_ja, h.name_en AS area_name_en, w.respondents, w.numerator,
           coalesce(w.numerator IS NOT NULL AND w.respondents >= (SELECT min_denominator FROM build_info), FALSE)
               AS sufficient,
           w.respondents IS NULL
               OR (w.numerator IS NULL AND w.respondents >= (SELECT min_denominator FROM build_info)) AS suppressed
    FROM municipalities AS m
    LEFT JOIN health_center_areas AS h ON h.area_code = m.area_code
    LEFT JOIN week AS w USING (municipality_code)
)
SELECT municipality_code, name_ja, name_en, area_code, area_name_ja, area_name_en, respondents,
       CASE WHEN sufficient THEN rate(numerator, respondents) END AS rate,
       CASE WHEN sufficient THEN wilson_low(numerator, respondents) END AS rate_low,
       CASE WHEN sufficient THEN wilson_high(numerator, respondents) END AS rate_high,
       sufficient, suppressed
FROM judged
ORDER BY municipality_code
