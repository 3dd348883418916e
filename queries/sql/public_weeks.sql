-- public_weeks: the complete Monday..Sunday weeks the public build publishes (its time grain), oldest first.
-- Parameters: none.
-- Columns: period_start (a Monday), period_end (the Sunday).
SELECT DISTINCT period_start, period_end
FROM responses_weekly_area
ORDER BY period_start
