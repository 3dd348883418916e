-- Purpose: pooled 7-day rate of one metric for every municipality / ward (the map's choropleth and its table),
--   with its 95 % Wilson interval. Every municipality is listed, also those without answers in the window.
--   Counts are pooled over the window (sum of numerators / sum of denominators); rates whose pooled
--   denominator is below build_info.min_denominator are NULL (insufficient data), never zero.
-- Parameters:
--   $end     DATE     last day of the 7-day window ($end - 6 .. $end)
--   $metric  VARCHAR  'fever' | 'fever_4d' | 'symptomatic' | 'consult'
-- Columns: municipality_code, name_ja, name_en, area_code (health-centre area), area_name_ja, area_name_en,
--   respondents (pooled over the window), rate, rate_low, rate_high (NULL when insufficient), sufficient
WITH pooled AS (
    SELECT municipality_code,
           sum(CASE $metric
                   WHEN 'fever' THEN fever
                   WHEN 'fever_4d' THEN fever_4d
                   WHEN 'symptomatic' THEN symptomatic
                   WHEN 'consult' THEN consult END) AS numerator,
           sum(respondents) AS respondents
    FROM responses_daily
    WHERE date BETWEEN CAST($end AS DATE) - 6 AND CAST($end AS DATE)
    GROUP BY municipality_code
),
areas AS (
    SELECT m.municipality_code, m.name_ja, m.name_en, m.area_code,
           h.name_ja AS area_name_ja, h.name_en AS area_name_en,
           CAST(coalesce(p.numerator, 0) AS BIGINT) AS numerator,
           CAST(coalesce(p.respondents, 0) AS BIGINT) AS respondents
    FROM municipalities AS m
    LEFT JOIN health_center_areas AS h ON h.area_code = m.area_code
    LEFT JOIN pooled AS p ON p.municipality_code = m.municipality_code
),
judged AS (
    SELECT *, respondents >= (SELECT min_denominator FROM build_info) AS sufficient
    FROM areas
)
SELECT municipality_code, name_ja, name_en, area_code, area_name_ja, area_name_en, respondents,
       CASE WHEN sufficient THEN rate(numerator, respondents) END AS rate,
       CASE WHEN sufficient THEN wilson_low(numerator, respondents) END AS rate_low,
       CASE WHEN sufficient THEN wilson_high(numerator, respondents) END AS rate_high,
       sufficient
FROM judged
ORDER BY municipality_code
