-- areas: every area a page can filter on: the prefecture, its health-centre areas and its municipalities.
-- Parameters: none.
-- Columns: area_code, level ('prefecture' | 'health_center' | 'municipality'), name_ja, name_en,
--          parent_code (NULL for the prefecture, '14' for a health-centre area, the area for a municipality).
WITH prefecture AS (
    SELECT '14' AS area_code, 'prefecture' AS level, '神奈川県' AS name_ja, 'Kanagawa Prefecture' AS name_en,
           CAST(NULL AS VARCHAR) AS parent_code, 0 AS level_order
),
health_centers AS (
    SELECT area_code, 'health_center' AS level, name_ja, name_en, '14' AS parent_code, 1 AS level_order
    FROM health_center_areas
),
municipalities AS (
    SELECT municipality_code AS area_code, 'municipality' AS level, name_ja, name_en,
           area_code AS parent_code, 2 AS level_order
    FROM municipalities
)
SELECT area_code, level, name_ja, name_en, parent_code
FROM (SELECT * FROM prefecture UNION ALL SELECT * FROM health_centers UNION ALL SELECT * FROM municipalities)
ORDER BY level_order, area_code
