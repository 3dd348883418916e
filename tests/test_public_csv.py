"""Every CSV a public page offers, collected from the pages' download buttons while AppTest runs them in public
mode, comes from the public build and keeps the privacy rules: no count in 1 .. min_cell - 1, no rate over a
denominator below min_denominator, no id, time-of-day or postal column. Every column must be one this test
knows how to judge, so a new column cannot slip through unchecked."""

import io
import re
from pathlib import Path

import pandas as pd
import pytest
import streamlit

from dashboard.i18n import LANGS, strings
from ingest.schema import DENOMINATORS, PUBLIC_COUNTS
from queries import runner
from tests.conftest import run_app

MIN_CELL, MIN_DENOMINATOR = 10, 100  # build_info of the public fixture
FULL = "2020-05-30..2020-06-30"
VIEWS = [
    ("overview", {}), ("overview", {"area": "hc09"}),
    ("trends", {"period": FULL}), ("trends", {"period": FULL, "area": "14208", "metric": "consult"}),
    ("trends", {"period": FULL, "by": "sex", "metric": "consult"}), ("trends", {"period": FULL, "by": "age_band"}),
    ("trends", {"period": FULL, "area": "14204", "metric": "consult"}),
    ("trends", {"period": FULL, "by": "health_center"}),
    ("prevention", {"period": FULL}), ("prevention", {"period": FULL, "area": "14208"}),
    ("prevention", {"period": "2020-06-08..2020-06-21", "area": "hc09"}),
    ("prevention", {"period": FULL, "group": "occupation"}),
    ("map", {}), ("map", {"week": "2020-06-14"}), ("map", {"week": "2020-06-21", "metric": "consult"}),
    ("methods", {}),
]
FORBIDDEN_HEADER = re.compile(r"respondent_id|response_id|answered_at|postal|郵便|place_ja", re.IGNORECASE)
TIME_OF_DAY = re.compile(r"\d{1,2}:\d{2}")


def headers(*keys: str) -> set[str]:
    return {strings(lang)[key] for key in keys for lang in LANGS}


# Survey counts (the small-cell rule applies), the rates with the denominator they were formed over, and the
# columns that are neither (dates, names, cases, flags...), by their headers in both languages.
COUNTS = headers("overview.col.respondents_week", "overview.col.fever_week", "trends.column.numerator_week",
                 "trends.column.denominator_week", "prevention.column.count", "prevention.column.respondents",
                 "prevention.column.count_week", "prevention.column.respondents_week", "map.col_respondents")
COUNTS |= set(PUBLIC_COUNTS)
# Per page: each rate's column and the column of the denominator it was formed over (locale keys).
RATES = {
    "overview": [(r, "overview.col.respondents_week")
                 for r in ("overview.col.fever_pct", "overview.col.fever_low_pct", "overview.col.fever_high_pct")],
    "trends": [(r, "trends.column.denominator_week")
               for r in ("trends.column.rate_pct", "trends.column.low_pct", "trends.column.high_pct")],
    "prevention": [(r, d) for r in ("prevention.column.share_pct", "prevention.column.low_pct",
                                    "prevention.column.high_pct")
                   for d in ("prevention.column.respondents", "prevention.column.respondents_week")],
    "map": [(r, "map.col_respondents") for r in ("map.col_rate", "map.col_rate_low", "map.col_rate_high")],
    "methods": [],
}
RATE_HEADERS = headers(*(r for pairs in RATES.values() for r, _ in pairs))
OTHER = headers(
    "overview.col.date", "overview.col.week_start", "overview.col.cases", "overview.col.cases_7d_avg",
    "trends.column.week_start", "trends.column.week_end", "trends.column.group", "trends.column.insufficient",
    "prevention.column.behaviour", "prevention.column.kind", "prevention.column.group", "prevention.column.date",
    "prevention.column.insufficient", "public.weeks_used",
    "map.col_name", "map.col_area", "map.col_insufficient",
) | {"period_start", "period_end", "area_level", "area_code", "area_name_ja", "area_name_en", "dimension", "grp",
     "date", "cases"}


def offered_csvs(monkeypatch, page: str, lang: str, params: dict) -> tuple[dict[str, bytes], set[str]]:
    """The CSVs of every download button the page shows (deferred ones made as a click would), and the build
    files the page's queries opened."""
    offered, opened = {}, set()
    original_button, original_open = streamlit.download_button, runner._open

    def download_button(label, data, file_name=None, mime=None, **kwargs):
        if mime == "text/csv":
            offered[file_name] = data() if callable(data) else data
        return original_button(label, data, file_name=file_name, mime=mime, **kwargs)

    def open_build(path):
        opened.add(Path(path).name)
        return original_open(path)

    monkeypatch.setattr(streamlit, "download_button", download_button)
    monkeypatch.setattr(runner, "_open", open_build)
    at = run_app(page, lang, params)
    assert not at.exception
    return offered, opened


def is_count(value: str, suppressed: set[str]) -> bool:
    return value == "" or value in suppressed or (value.isdigit() and (int(value) == 0 or int(value) >= MIN_CELL))


def check(name: str, csv: bytes, page: str) -> None:
    frame = pd.read_csv(io.BytesIO(csv), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    suppressed = {strings(lang)["public.suppressed"] for lang in LANGS}
    unknown = [c for c in frame.columns if c not in COUNTS | RATE_HEADERS | OTHER]
    assert unknown == [], f"{name}: columns this test cannot judge: {unknown}"
    assert not [c for c in frame.columns if FORBIDDEN_HEADER.search(c)], name
    assert not frame.apply(lambda col: col.str.contains(TIME_OF_DAY)).any().any(), f"{name}: a time of day"
    for column in COUNTS & set(frame.columns):
        small = frame[~frame[column].map(lambda v: is_count(v, suppressed))][column].tolist()
        assert small == [], f"{name}: {column} publishes {small}"
    pairs = {(strings(lang)[r], strings(lang)[d]) for lang in LANGS for r, d in RATES[page]}
    pairs |= set(DENOMINATORS.items())  # the public tables: a published numerator over its denominator
    for rate, denominator in pairs:
        if rate not in frame.columns or denominator not in frame.columns:
            continue
        shown = frame[frame[rate] != ""]
        below = shown[~shown[denominator].map(lambda v: v.isdigit() and int(v) >= MIN_DENOMINATOR)]
        assert below.empty, f"{name}: {rate} shown over {below[denominator].tolist()} ({denominator})"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("page", "params"), VIEWS, ids=[f"{p}-{'-'.join(v.values()) or 'default'}"
                                                          for p, v in VIEWS])
def test_every_public_csv_keeps_the_rules(public_fixture_build, monkeypatch, page, params, lang):
    offered, opened = offered_csvs(monkeypatch, page, lang, params)
    assert offered, f"{page} offers no CSV"
    assert opened <= {Path(public_fixture_build.path).name}  # never the staff file
    for name, csv in offered.items():
        check(name, csv, page)


def test_the_check_finds_a_small_count_and_a_thin_rate(public_fixture_build, monkeypatch):
    """The rules above can fail: a CSV with a count of 5, or a rate over 40 respondents, is refused."""
    offered, _ = offered_csvs(monkeypatch, "methods", "ja", {})
    area = pd.read_csv(io.BytesIO(offered["responses_weekly_area_fixture.csv"]), dtype=str, keep_default_na=False,
                       encoding="utf-8-sig")
    small = area.assign(respondents=area["respondents"].where(area.index != 0, "5"))
    with pytest.raises(AssertionError, match="publishes"):
        check("small", small.to_csv(index=False).encode("utf-8-sig"), "methods")
    hayama_w4 = (area["area_code"] == "14301") & (area["period_start"] == "2020-06-22")
    thin = area.assign(fever=area["fever"].where(~hayama_w4, "0"))
    with pytest.raises(AssertionError, match="shown over"):
        check("thin", thin.to_csv(index=False).encode("utf-8-sig"), "methods")
    with pytest.raises(AssertionError, match="cannot judge"):
        check("postal", area.assign(postal_code="2480005").to_csv(index=False).encode("utf-8-sig"), "methods")
