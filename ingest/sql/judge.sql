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
-- Every answer but the ids and the time has few distinct spellings in a whole survey (a few thousand at most,
-- against millions of rows). Each spelling is cleaned and checked once, in the tables below keyed by its raw
-- text, and joined back; a missing answer (NULL) matches nothing. `*_given`: the answer is not empty once cleaned.
WITH consents AS (
    SELECT consent, getvariable('bool_map')[lower(clean(consent))] AS consent_v
    FROM (SELECT DISTINCT consent FROM raw_rows WHERE consent IS NOT NULL)
),
fevers AS (
    SELECT fever, clean(fever) IS NOT NULL AS fever_given, getvariable('bool_map')[lower(clean(fever))] AS fever_v
    FROM (SELECT DISTINCT fever FROM raw_rows WHERE fever IS NOT NULL)
),
fatigues AS (
    SELECT fatigue_or_breathless, clean(fatigue_or_breathless) IS NOT NULL AS fatigue_given,
           getvariable('bool_map')[lower(clean(fatigue_or_breathless))] AS fatigue_v
    FROM (SELECT DISTINCT fatigue_or_breathless FROM raw_rows WHERE fatigue_or_breathless IS NOT NULL)
),
fever_day_counts AS (
    SELECT fever_days, clean(fever_days) IS NOT NULL AS fever_days_given, parse_days(clean(fever_days)) AS fever_days_v
    FROM (SELECT DISTINCT fever_days FROM raw_rows WHERE fever_days IS NOT NULL)
),
fatigue_day_counts AS (
    SELECT fatigue_days, clean(fatigue_days) IS NOT NULL AS fatigue_days_given,
           parse_days(clean(fatigue_days)) AS fatigue_days_v
    FROM (SELECT DISTINCT fatigue_days FROM raw_rows WHERE fatigue_days IS NOT NULL)
),
ages AS (
    SELECT age, clean(age) IS NOT NULL AS age_given,
           CASE WHEN regexp_full_match(clean(age), '[0-9]{1,3}歳?')
                THEN TRY_CAST(regexp_extract(clean(age), '^[0-9]+') AS INTEGER) END AS age_v
    FROM (SELECT DISTINCT age FROM raw_rows WHERE age IS NOT NULL)
),
sexes AS (
    SELECT sex, clean(sex) IS NOT NULL AS sex_given, getvariable('sex_map')[lower(clean(sex))] AS sex_v
    FROM (SELECT DISTINCT sex FROM raw_rows WHERE sex IS NOT NULL)
),
occupations AS (
    SELECT occupation, clean(occupation) IS NOT NULL AS occupation_given,
           getvariable('occupation_map')[lower(clean(occupation))] AS occupation_v
    FROM (SELECT DISTINCT occupation FROM raw_rows WHERE occupation IS NOT NULL)
),
condition_lists AS (
    SELECT conditions, codes IS NOT NULL AS conditions_given, list_sort(list_distinct(codes)) AS conditions_v,
           len(codes) = 0 OR len(list_filter(codes, lambda x: x IS NULL)) > 0
               OR (list_contains(codes, 'none') AND len(list_distinct(codes)) > 1) AS bad_conditions
    FROM (SELECT conditions,
                 list_transform(split_list(clean(conditions)), lambda x: getvariable('condition_map')[x]) AS codes
          FROM (SELECT DISTINCT conditions FROM raw_rows WHERE conditions IS NOT NULL))
),
behaviour_lists AS (
    SELECT behaviours, list_sort(list_distinct(codes)) AS behaviours_v,
           len(list_filter(codes, lambda x: x IS NULL)) > 0 OR len(codes) = 0 AS bad_behaviours
    FROM (SELECT behaviours,
                 list_transform(split_list(clean(behaviours)), lambda x: getvariable('behaviour_map')[x]) AS codes
          FROM (SELECT DISTINCT behaviours FROM raw_rows WHERE behaviours IS NOT NULL))
),
postal_spellings AS (
    SELECT postal_code, postal_v IS NOT NULL AS postal_given, postal_v,
           regexp_full_match(postal_v, '[0-9]{7}') AS postal_well_formed,
           postal_v IN (SELECT postal_code FROM postal_codes) AS postal_in_kanagawa
    FROM (SELECT postal_code, clean_postal(clean(postal_code)) AS postal_v
          FROM (SELECT DISTINCT postal_code FROM raw_rows WHERE postal_code IS NOT NULL))
),
-- The ids and the time are cleaned per row; the time's parts are extracted once (parts_to_utc reads them often).
per_row AS (
    SELECT row_id, _flag, clean(response_id) AS response_id, clean(respondent_id) AS respondent_id,
           clean(answered_at) AS answered_at, timestamp_parts(clean(answered_at)) AS ts_parts,
           consent, fever, fatigue_or_breathless, fever_days, fatigue_days, age, sex, occupation, conditions,
           postal_code, behaviours
    FROM raw_rows
),
parsed AS (
    SELECT
        row_id, _flag, response_id, respondent_id, consent_v,
        -- a missing answer matched no spelling: its *_given is NULL, which makes the conjunction NULL, not true
        answered_at IS NULL OR respondent_id IS NULL
            OR NOT coalesce(fever_given AND fatigue_given AND age_given AND sex_given AND occupation_given
                            AND conditions_given AND postal_given, false) AS has_missing,
        parts_to_utc(ts_parts) AS answered_utc,
        age_v, sex_v, occupation_v, conditions_v, bad_conditions, behaviours_v, bad_behaviours,
        postal_v, postal_well_formed, postal_in_kanagawa, fever_v, fatigue_v,
        coalesce(fever_days_given, false) AS fever_days_given, fever_days_v,
        coalesce(fatigue_days_given, false) AS fatigue_days_given, fatigue_days_v
    FROM per_row
    LEFT JOIN consents USING (consent)
    LEFT JOIN fevers USING (fever)
    LEFT JOIN fatigues USING (fatigue_or_breathless)
    LEFT JOIN fever_day_counts USING (fever_days)
    LEFT JOIN fatigue_day_counts USING (fatigue_days)
    LEFT JOIN ages USING (age)
    LEFT JOIN sexes USING (sex)
    LEFT JOIN occupations USING (occupation)
    LEFT JOIN condition_lists USING (conditions)
    LEFT JOIN behaviour_lists USING (behaviours)
    LEFT JOIN postal_spellings USING (postal_code)
),
-- Step 2 (ids) looks only at rows that passed the reader and consent. Only repeated ids need their
-- contents compared and their rows ranked, so that work is confined to them. They are found by the ids' hashes
-- first (a number groups much faster than a text; a collision only adds a row that then proves unique).
-- It reads raw_rows again rather than parsed: a second reader would make DuckDB materialize parsed (every row).
candidates AS (
    SELECT row_id, clean(response_id) AS response_id
    FROM raw_rows JOIN consents USING (consent)
    WHERE _flag IS NULL AND consent_v = 'yes' AND clean(response_id) IS NOT NULL
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
    WHERE hash(c.response_id) IN (SELECT hash(response_id) FROM candidates GROUP BY ALL HAVING count(*) > 1)
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
            WHEN NOT postal_well_formed THEN 'bad_postal_code'
            WHEN NOT postal_in_kanagawa THEN 'postal_not_in_kanagawa'
            WHEN fever_v IS NULL OR fatigue_v IS NULL THEN 'bad_symptom'
            WHEN (fever_days_given AND (fever_days_v IS NULL OR fever_days_v > 365))
                 OR (fatigue_days_given AND (fatigue_days_v IS NULL OR fatigue_days_v > 365))
                 OR (fever_v = 'yes' AND NOT fever_days_given)
                 OR (fatigue_v = 'yes' AND NOT fatigue_days_given) THEN 'bad_days'
            WHEN (fever_v = 'no' AND fever_days_given)
                 OR (fatigue_v = 'no' AND fatigue_days_given) THEN 'days_without_symptom'
        END AS reason
    FROM ranked r
)
SELECT
    row_id, reason,
    CASE WHEN reason IS NOT NULL THEN 'quarantined'
         WHEN consent_v = 'no' THEN 'no_consent'
         WHEN id_rank > 1 THEN 'duplicate'
         ELSE 'accepted' END AS outcome,
    respondent_id, answered_utc, date_v AS date,
    fever_v = 'yes' AS fever, fever_days_v AS fever_days,
    fatigue_v = 'yes' AS fatigue_or_breathless, fatigue_days_v AS fatigue_days,
    age_v AS age, sex_v AS sex, occupation_v AS occupation,
    conditions_v AS conditions,
    behaviours_v AS behaviours,
    postal_v AS postal_code
FROM judged;
