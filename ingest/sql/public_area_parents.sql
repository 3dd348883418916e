-- The area hierarchy of the staff build (attached as `staff`) for suppression and audit: each municipality or
-- ward with its health-centre area, each health-centre area with the prefecture '14'. No parameters.
-- Columns: area_code (child), parent_code.
SELECT municipality_code AS area_code, area_code AS parent_code FROM staff.municipalities
UNION ALL
SELECT area_code, '14' FROM staff.health_center_areas
