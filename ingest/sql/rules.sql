-- The definitions of DESIGN.md, each written once. The build creates these macros in the staff and
-- public files, so the aggregation SQL and the read-side queries use the very same definitions.
-- Tested directly in tests/test_rules.py.

-- Age band: 0-9, 10-19, ..., 80-89, 90+.
CREATE OR REPLACE MACRO age_band(age) AS
    CASE WHEN age >= 90 THEN '90+'
         ELSE CAST((age // 10) * 10 AS VARCHAR) || '-' || CAST((age // 10) * 10 + 9 AS VARCHAR) END;

-- High risk: age 65 or over, or any condition other than none (pregnancy included).
CREATE OR REPLACE MACRO is_high_risk(age, conditions) AS
    age >= 65 OR len(list_filter(conditions, lambda c: c <> 'none')) > 0;

-- Symptom days: the larger of fever_days and fatigue_days (days since it began; today = 0).
CREATE OR REPLACE MACRO symptom_days(fever_days, fatigue_days) AS
    greatest(coalesce(fever_days, -1), coalesce(fatigue_days, -1));

-- Triage outcome, from the bot's own advice. "Lasting N days or more" = began N or more days ago.
CREATE OR REPLACE MACRO triage_outcome(fever, fever_days, fatigue, fatigue_days, high_risk) AS
    CASE WHEN NOT (fever OR fatigue) THEN 'no_symptoms'
         WHEN symptom_days(CASE WHEN fever THEN fever_days END, CASE WHEN fatigue THEN fatigue_days END)
              >= CASE WHEN high_risk THEN 2 ELSE 4 END THEN 'consult'
         WHEN high_risk THEN 'symptomatic_high_risk'
         ELSE 'symptomatic' END;

-- Persistent fever (MHLW x LINE survey): fever that began 4 or more days ago.
CREATE OR REPLACE MACRO is_fever_4d(fever, fever_days) AS fever AND coalesce(fever_days, 0) >= 4;

-- Rate from pooled counts; NULL without respondents.
CREATE OR REPLACE MACRO rate(x, n) AS CASE WHEN n > 0 THEN x / n END;

-- 95 % Wilson score interval of x successes out of n (z = 1.959964), clamped to [0, 1] against rounding.
CREATE OR REPLACE MACRO wilson_low(x, n) AS
    CASE WHEN n > 0 THEN greatest(0.0,
        ((x / n) + 1.959964 ^ 2 / (2 * n)
         - 1.959964 * sqrt((x / n) * (1 - x / n) / n + 1.959964 ^ 2 / (4 * n ^ 2)))
        / (1 + 1.959964 ^ 2 / n)) END;
CREATE OR REPLACE MACRO wilson_high(x, n) AS
    CASE WHEN n > 0 THEN least(1.0,
        ((x / n) + 1.959964 ^ 2 / (2 * n)
         + 1.959964 * sqrt((x / n) * (1 - x / n) / n + 1.959964 ^ 2 / (4 * n ^ 2)))
        / (1 + 1.959964 ^ 2 / n)) END;

-- Area membership of a municipality or ward (with its health-centre area and city codes) in the area chosen
-- at a level: 'prefecture' (all), 'health_center' (its area code), 'municipality' (its code; a city code
-- selects all its wards).
CREATE OR REPLACE MACRO in_area(area_level, area_code, municipality_code, hc_area_code, city_code) AS
    CASE area_level
        WHEN 'prefecture' THEN TRUE
        WHEN 'health_center' THEN hc_area_code = area_code
        WHEN 'municipality' THEN municipality_code = area_code OR city_code = area_code
        ELSE FALSE END;
