-- Judges every raw row once, in the order of DESIGN.md, and types the accepted ones.
-- Input: raw_rows (strings, one row per physical record, row_id in reading order), labels (kind, spelling, code),
--        postal_codes (reference). Parameter: $today, the build's reference date in Japan time.
-- Output: judged(row_id, outcome, reason, typed answer columns); a row's file, line and text stay in raw_rows.
--   outcome: 'accepted' | 'quarantined' | 'no_consent' | 'duplicate'; reason: a code of codes.REASON_CODES.

SET VARIABLE bool_map = (SELECT map(list(spelling(spelling)), list(code)) FROM labels WHERE kind = 'bool');
SET VARIABLE sex_map = (SELECT map(list(spelling(spelling)), list(code)) FROM labels WHERE kind = 'sex');
SET VARIABLE occupation_map = (SELECT map(list(spelling(spelling)), list(code)) FROM labels WHERE kind = 'occupation');
SET VARIABLE condition_map = (SELECT map(list(spelling(spelling)), list(code)) FROM labels WHERE kind = 'condition');
SET VARIABLE behaviour_map = (SELECT map(list(spelling(spelling)), list(code)) FROM labels WHERE kind = 'behaviour');

CREATE OR REPLACE TABLE judged AS
WITH cleaned AS (
    SELECT
        row_id, _flag,
        clean(response_id) AS response_id,
        clean(respondent_id) AS respondent_id,
        clean(answered_at) AS answered_at,
        lower(clean(consent)) AS consent,
        lower(clean(fever)) AS fever,
        clean(fever_days) AS fever_days,
        lower(clean(fatigue_or_breathless)) AS fatigue,
        clean(fatigue_days) AS fatigue_days,
        clean(age) AS age,
        lower(clean(sex)) AS sex,
        lower(clean(occupation)) AS occupation,
        clean(conditions) AS conditions,
        clean(postal_code) AS postal_code,
        clean(behaviours) AS behaviours
    FROM raw_rows
),
split AS (
    SELECT *, timestamp_parts(answered_at) AS ts_parts
    FROM cleaned
),
-- A list answer is parsed and checked once per distinct spelling (a few hundred in a whole survey, against
-- millions of rows), then joined back; a missing answer matches nothing and stays NULL.
condition_lists AS (
    SELECT conditions, list_sort(list_distinct(codes)) AS conditions_v,
           len(codes) = 0 OR len(list_filter(codes, lambda x: x IS NULL)) > 0
               OR (list_contains(codes, 'none') AND len(list_distinct(codes)) > 1) AS bad_conditions
    FROM (SELECT conditions, list_transform(split_list(conditions), lambda x: getvariable('condition_map')[x]) AS codes
          FROM (SELECT DISTINCT conditions FROM cleaned))
),
behaviour_lists AS (
    SELECT behaviours, list_sort(list_distinct(codes)) AS behaviours_v,
           len(list_filter(codes, lambda x: x IS NULL)) > 0 OR len(codes) = 0 AS bad_behaviours
    FROM (SELECT behaviours, list_transform(split_list(behaviours), lambda x: getvariable('behaviour_map')[x]) AS codes
          FROM (SELECT DISTINCT behaviours FROM cleaned WHERE behaviours IS NOT NULL))
),
parsed AS (
    SELECT
        row_id, _flag, response_id, respondent_id,
        getvariable('bool_map')[consent] AS consent_v,
        answered_at IS NULL OR fever IS NULL OR fatigue IS NULL OR age IS NULL OR sex IS NULL
            OR occupation IS NULL OR conditions IS NULL OR postal_code IS NULL OR respondent_id IS NULL AS has_missing,
        parts_to_utc(ts_parts) AS answered_utc,
        CASE WHEN regexp_full_match(age, '[0-9]{1,3}歳?')
             THEN TRY_CAST(regexp_extract(age, '^[0-9]+') AS INTEGER) END AS age_v,
        getvariable('sex_map')[sex] AS sex_v,
        getvariable('occupation_map')[occupation] AS occupation_v,
        conditions_v, bad_conditions, behaviours_v, bad_behaviours,
        clean_postal(postal_code) AS postal_v,
        getvariable('bool_map')[fever] AS fever_v,
        getvariable('bool_map')[fatigue] AS fatigue_v,
        fever_days AS fever_days_s,
        fatigue_days AS fatigue_days_s,
        parse_days(fever_days) AS fever_days_v,
        parse_days(fatigue_days) AS fatigue_days_v
    FROM split
    LEFT JOIN condition_lists USING (conditions)
    LEFT JOIN behaviour_lists USING (behaviours)
),
-- Step 2 (ids) looks only at rows that passed the reader and consent. Only repeated ids need their
-- contents compared and their rows ranked, so that work is confined to them.
candidates AS (
    SELECT row_id, response_id FROM parsed
    WHERE _flag IS NULL AND consent_v = 'yes' AND response_id IS NOT NULL
),
repeated_rows AS (
    SELECT c.row_id, c.response_id,
           -- contents as written (trimmed; an absent value is the same as an empty one), chr(31) between values
           concat_ws(chr(31), coalesce(trim(r.response_id), ''), coalesce(trim(r.respondent_id), ''),
                     coalesce(trim(r.answered_at), ''), coalesce(trim(r.consent), ''),
                     coalesce(trim(r.fever), ''), coalesce(trim(r.fever_days), ''),
                     coalesce(trim(r.fatigue_or_breathless), ''), coalesce(trim(r.fatigue_days), ''),
                     coalesce(trim(r.age), ''), coalesce(trim(r.sex), ''),
                     coalesce(trim(r.occupation), ''), coalesce(trim(r.conditions), ''),
                     coalesce(trim(r.postal_code), ''), coalesce(trim(r.behaviours), '')) AS content_key
    FROM candidates c
    JOIN raw_rows r USING (row_id)
    WHERE c.response_id IN (SELECT response_id FROM candidates GROUP BY response_id HAVING count(*) > 1)
),
id_checks AS (
    SELECT row_id,
           count(DISTINCT content_key) OVER (PARTITION BY response_id) AS contents,
           row_number() OVER (PARTITION BY response_id ORDER BY row_id) AS id_rank
    FROM repeated_rows
),
ranked AS (
    SELECT p.*, i.contents, i.id_rank, (p.answered_utc + INTERVAL 9 HOUR)::DATE AS date_v
    FROM parsed p
    LEFT JOIN id_checks i USING (row_id)
),
judged AS (
    SELECT r.*,
        CASE
            WHEN _flag IS NOT NULL THEN _flag
            WHEN consent_v = 'no' THEN NULL
            WHEN consent_v IS NULL THEN 'bad_consent'
            WHEN response_id IS NULL THEN 'missing_value'
            WHEN contents > 1 THEN 'conflicting_duplicate'
            WHEN id_rank > 1 THEN NULL
            WHEN has_missing THEN 'missing_value'
            WHEN answered_utc IS NULL THEN 'bad_timestamp'
            WHEN date_v > $today THEN 'future_date'
            WHEN age_v IS NULL OR age_v > 120 THEN 'bad_age'
            WHEN sex_v IS NULL THEN 'bad_sex'
            WHEN occupation_v IS NULL THEN 'bad_occupation'
            WHEN bad_conditions THEN 'bad_condition'
            WHEN bad_behaviours THEN 'bad_behaviour'
            WHEN NOT regexp_full_match(postal_v, '[0-9]{7}') THEN 'bad_postal_code'
            WHEN postal_v NOT IN (SELECT postal_code FROM postal_codes) THEN 'postal_not_in_kanagawa'
            WHEN fever_v IS NULL OR fatigue_v IS NULL THEN 'bad_symptom'
            WHEN (fever_days_s IS NOT NULL AND (fever_days_v IS NULL OR fever_days_v > 365))
                 OR (fatigue_days_s IS NOT NULL AND (fatigue_days_v IS NULL OR fatigue_days_v > 365))
                 OR (fever_v = 'yes' AND fever_days_s IS NULL)
                 OR (fatigue_v = 'yes' AND fatigue_days_s IS NULL) THEN 'bad_days'
            WHEN (fever_v = 'no' AND fever_days_s IS NOT NULL)
                 OR (fatigue_v = 'no' AND fatigue_days_s IS NOT NULL) THEN 'days_without_symptom'
        END AS reason
    FROM ranked r
)
SELECT
    row_id, reason,
    CASE WHEN reason IS NOT NULL THEN 'quarantined'
         WHEN consent_v = 'no' THEN 'no_consent'
         WHEN id_rank > 1 THEN 'duplicate'
         ELSE 'accepted' END AS outcome,
    response_id, respondent_id, answered_utc, date_v AS date,
    fever_v = 'yes' AS fever, fever_days_v AS fever_days,
    fatigue_v = 'yes' AS fatigue_or_breathless, fatigue_days_v AS fatigue_days,
    age_v AS age, sex_v AS sex, occupation_v AS occupation,
    conditions_v AS conditions,
    behaviours_v AS behaviours,
    postal_v AS postal_code
FROM judged;
