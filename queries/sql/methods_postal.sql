-- methods_postal: responses_daily_postal as published in the build (open data).
-- Parameters: none.
-- Columns: date, postal_code, respondents, fever, fever_4d, symptomatic, consult.
SELECT date, postal_code, respondents, fever, fever_4d, symptomatic, consult
FROM responses_daily_postal
ORDER BY date, postal_code
