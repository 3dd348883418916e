-- Purpose: the shipped municipality / ward boundaries the map draws (so it stays readable without map tiles).
-- Parameters: none
-- Columns: municipality_code, geometry_geojson (MultiPolygon in WGS84 as GeoJSON text)
SELECT municipality_code, geometry_geojson
FROM boundaries
ORDER BY municipality_code
