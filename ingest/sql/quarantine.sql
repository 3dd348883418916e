-- Refused rows, for staff only: source file, line, reason code and the original row text (a CSV or JSON line
-- as written; for Parquet, the row's values as JSON). Input: judged, raw_rows, raw_files. No parameters.
SELECT f.path AS source_file, r._line AS line, j.reason,
       coalesce(r._raw, to_json(struct_pack(
           response_id := r.response_id, respondent_id := r.respondent_id, answered_at := r.answered_at,
           consent := r.consent, fever := r.fever, fever_days := r.fever_days,
           fatigue_or_breathless := r.fatigue_or_breathless, fatigue_days := r.fatigue_days, age := r.age,
           sex := r.sex, occupation := r.occupation, conditions := r.conditions, postal_code := r.postal_code,
           behaviours := r.behaviours))::VARCHAR) AS raw
FROM judged j
JOIN raw_rows r USING (row_id)
JOIN raw_files f USING (_file)
WHERE j.outcome = 'quarantined'
ORDER BY j.row_id
