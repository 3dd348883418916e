"""Gold tests of the Data & methods queries (downloads, credits, schema) on the fixture build."""

import datetime as dt
import json

import pytest

from dashboard.components import csv_bytes
from ingest.schema import TABLES
from queries import methods

COUNT_COLUMNS = [c for c, _, _ in TABLES["responses_daily"]
                 if c not in ("date", "municipality_code", "age_band", "sex", "occupation", "high_risk")]


def day(frame, date):
    return frame[frame.date.dt.date == date]


def test_prefecture_download_sums_every_count_column(fixture_build):
    frame = methods.download(fixture_build, "responses_prefecture")
    assert frame.columns.tolist() == ["date", *COUNT_COLUMNS]
    assert len(frame) == 122 and frame.date.is_monotonic_increasing
    r = day(frame, dt.date(2020, 6, 30)).iloc[0]
    assert (r.respondents, r.fever, r.fever_4d, r.consult) == (400, 17, 5, 4)
    assert r.behaviour_respondents == 0  # a Tuesday: the behaviour question was not asked
    friday = day(frame, dt.date(2020, 3, 27)).iloc[0]
    assert (friday.behaviour_respondents, friday.handwashing, friday.telework) == (300, 274, 25)
    assert frame.respondents.sum() == 121 * 300 + 400


def test_area_download(fixture_build):
    frame = methods.download(fixture_build, "responses_area")
    assert frame.columns.tolist()[:4] == ["date", "area_code", "area_name_ja", "area_name_en"]
    assert frame.columns.tolist()[4:] == COUNT_COLUMNS
    last = day(frame, dt.date(2020, 6, 30)).set_index("area_code")
    assert last.loc["hc09", "respondents"] == 150 and last.loc["hc09", "fever"] == 4
    assert last.loc["hc05", "respondents"] == 250 and last.loc["hc05", "fever"] == 13
    assert last.loc["hc09", "area_name_ja"] == "鎌倉保健福祉事務所管内"
    assert len(frame) == 122 * 2


def test_cases_and_postal_downloads(fixture_build):
    cases = methods.download(fixture_build, "cases")
    assert cases.columns.tolist() == ["date", "area_code", "cases"]
    assert len(cases) == 122 * 3
    assert cases.cases[cases.area_code == "14"].sum() == 10 * 122 + 20 * 10 + 4 * 6 + 46
    postal = methods.download(fixture_build, "responses_postal")
    assert postal.columns.tolist() == ["date", "postal_code", "respondents", "fever", "fever_4d", "symptomatic",
                                       "consult"]
    first = day(postal, dt.date(2020, 3, 1)).set_index("postal_code")
    assert first.respondents.to_dict() == {"2480005": 60, "2480006": 40, "2490001": 50, "2510052": 150}


def test_download_csv_is_excel_friendly(fixture_build):
    raw = csv_bytes(methods.download(fixture_build, "responses_area"))
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "鎌倉保健福祉事務所管内" in raw.decode("utf-8-sig")


def test_credits_from_the_reference_file(tmp_path):
    path = tmp_path / "credits.json"
    path.write_text(json.dumps([{"source_ja": "出典", "source_en": "Source", "credit_ja": "クレジット",
                                 "credit_en": "Credit", "licence": "CC BY 4.0", "url": "https://example.org"}]),
                    encoding="utf-8")
    frame = methods.credits(path)
    assert frame.columns.tolist() == methods.CREDIT_FIELDS
    assert frame.iloc[0].to_dict()["credit_ja"] == "クレジット"
    assert methods.credits(tmp_path / "absent.json").empty


def test_shipped_credits_have_every_field():
    if not methods.CREDITS_FILE.exists():
        pytest.skip("data/reference/credits.json not written yet")
    frame = methods.credits()
    assert len(frame) > 0
    assert not frame[methods.CREDIT_FIELDS].isna().any().any()


def test_schema_is_the_contract():
    schema = methods.schema()
    assert list(schema) == list(TABLES)
    assert schema["cases_daily"].values.tolist() == [list(c) for c in TABLES["cases_daily"]]
