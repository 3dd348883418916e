-- Text normalisation shared by the judging step. Created in the staging database only.

-- Full-width ASCII (０-９, Ａ-Ｚ, （）, －, the ideographic space, ...) to half-width.
-- Plain ASCII (byte length = character length) skips the translation, which is the costly part.
CREATE OR REPLACE TEMP MACRO halfwidth(s) AS CASE WHEN strlen(s) = length(s) THEN s ELSE translate(s, '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ ') END;

-- A raw value, trimmed and made half-width; NULL when empty.
CREATE OR REPLACE TEMP MACRO clean(s) AS nullif(trim(halfwidth(s)), '');

-- ASCII spellings compare in lower case; Japanese ones as written (after halfwidth).
CREATE OR REPLACE TEMP MACRO spelling(s) AS lower(clean(s));

-- The macros below take values already cleaned by clean() (the judging step cleans each field once).

-- A list answer split on ';' or '、' (also ','), items trimmed and lower-cased, empty items dropped.
CREATE OR REPLACE TEMP MACRO split_list(s) AS
    list_filter(list_transform(string_split_regex(s, '[;、,]'), lambda x: lower(trim(x))), lambda x: x <> '');

-- Day counts: 今日から = 0, "N日前から" = N, or a bare number.
CREATE OR REPLACE TEMP MACRO parse_days(s) AS
    CASE WHEN s IN ('今日から', '今日') THEN 0
         WHEN regexp_full_match(s, '[0-9]{1,4}(日前から|日前|日)?')
              THEN TRY_CAST(regexp_extract(s, '^[0-9]+') AS INTEGER) END;

-- Postal codes: digits only once hyphens, dashes, spaces and 〒 are removed.
CREATE OR REPLACE TEMP MACRO clean_postal(s) AS
    regexp_replace(s, '[-‐‑–—―−ー〒 ]', '', 'g');

-- answered_at: ISO 8601 or "2020/04/01 09:30"; Japan time when no offset is given.
CREATE OR REPLACE TEMP MACRO timestamp_parts(s) AS regexp_extract(
    replace(s, '/', '-'),
    '^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})[T ]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]+)?)?\s*(Z|z|[+-][0-9]{2}:?[0-9]{2})?$',
    ['y', 'mo', 'd', 'h', 'mi', 's', 'tz']);

-- Offset east of UTC in minutes; 540 (Japan) when none is given.
CREATE OR REPLACE TEMP MACRO offset_minutes(tz) AS
    CASE WHEN tz = '' THEN 540
         WHEN upper(tz) = 'Z' THEN 0
         ELSE (CASE WHEN left(tz, 1) = '-' THEN -1 ELSE 1 END)
              * (TRY_CAST(substr(replace(tz, ':', ''), 2, 2) AS INTEGER) * 60
                 + TRY_CAST(substr(replace(tz, ':', ''), 4, 2) AS INTEGER)) END;

-- The instant in UTC (TIMESTAMP), or NULL when the parts are not a real date and time.
CREATE OR REPLACE TEMP MACRO parts_to_utc(p) AS
    try(make_timestamp(TRY_CAST(p.y AS BIGINT), TRY_CAST(p.mo AS BIGINT), TRY_CAST(p.d AS BIGINT),
                       TRY_CAST(p.h AS BIGINT), TRY_CAST(p.mi AS BIGINT), coalesce(TRY_CAST(nullif(p.s, '') AS DOUBLE), 0)))
    - to_minutes(offset_minutes(p.tz));
