-- Purpose: pooled 7-day rate of one metric per postal code with answers in the window, at the postal
--   centroid (the map's point layer), with its 95 % Wilson interval. Counts are pooled over the window;
--   rates whose pooled denominator is below build_info.min_denominator are NULL (insufficient data), never
--   zero. Coordinates are rounded to 4 decimals (about 10 m) to keep the map payload small.
-- Parameters:
--   $end     DATE     last day of the 7-day window ($end - 6 .. $end)
--   $metric  VARCHAR  'fever' | 'fever_4d' | 'symptomatic' | 'consult'
-- Columns: postal_code, place_ja, lat, lon, respondents (pooled over the window),
--   rate, rate_low, rate_high (NULL when insufficient), sufficient
WITH pooled AS (
    SELECT postal_code,
           CAST(sum(CASE $metric
                        WHEN 'fever' THEN fever
                        WHEN 'fever_4d' THEN fever_4d
                        WHEN 'symptomatic' THEN symptomatic
                        WHEN 'consult' THEN consult END) AS BIGINT) AS numerator,
           CAST(sum(respondents) AS BIGINT) AS respondents
    FROM responses_daily_postal
    WHERE date BETWEEN CAST($end AS DATE) - 6 AND CAST($end AS DATE)
    GROUP BY postal_code
    HAVING sum(respondents) > 0
),
judged AS (
    SELECT p.*, c.place_ja, round(c.lat, 4) AS lat, round(c.lon, 4) AS lon,
           p.respondents >= (SELECT min_denominator FROM build_info) AS sufficient
    FROM pooled AS p
    JOIN postal_codes AS c ON c.postal_code = p.postal_code
)
SELECT postal_code, place_ja, lat, lon, respondents,
       CASE WHEN sufficient THEN rate(numerator, respondents) END AS rate,
       CASE WHEN sufficient THEN wilson_low(numerator, respondents) END AS rate_low,
       CASE WHEN sufficient THEN wilson_high(numerator, respondents) END AS rate_high,
       sufficient
FROM judged
ORDER BY postal_code
