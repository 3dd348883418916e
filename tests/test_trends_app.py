"""AppTest of the Trends page on the fixture build, in Japanese and English: it runs, its figures and tables
equal the query results, and a permalink's parameters restore the filters."""

import datetime as dt

import pandas as pd
import pytest

from dashboard import i18n, leadlag
from queries import trends as q

D = dt.date
PREFECTURE = dict(area_level="prefecture", area_code="14")
DEFAULT_PERIOD = dict(start=D(2020, 4, 2), end=D(2020, 6, 30))  # the last 90 days of the build
MARGIN = dt.timedelta(days=14)


def s(lang: str, key: str, **fmt) -> str:
    return i18n.strings(lang)[key].format(**fmt)


def pct(rate: float) -> str:
    return f"{rate * 100:.2f} %"


def expected_sentence(lang: str, fever: pd.DataFrame, cases: pd.DataFrame) -> str:
    rate, cases_7d = fever.set_index("date")["rate"], cases.set_index("date")["cases_7d"]
    result = leadlag.best_lag(rate, cases_7d)
    relation = leadlag.relation(result)
    if relation == "lags":
        return s(lang, "trends.leadlag.lags", n=-result.lag, low=-result.high, high=-result.low)
    if relation == "none":
        return s(lang, "trends.leadlag.none")
    return s(lang, f"trends.leadlag.{relation}", n=result.lag, low=result.low, high=result.high)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_default_view(app_test, fixture_build, lang):
    at = app_test("trends", lang)
    assert not at.exception
    assert at.title[0].value == s(lang, "trends.title")
    assert at.info[0].value == s(lang, "common.note.indirect_indicator")

    series = q.series(fixture_build, **DEFAULT_PERIOD, **PREFECTURE)
    last = series.iloc[-1]
    assert (last["numerator_7d"], last["denominator_7d"]) == (77, 2200)
    figures = {m.label: m.value for m in at.metric}
    end = "2020年6月30日" if lang == "ja" else "30 Jun 2020"
    assert figures[s(lang, "trends.figure.latest", metric=s(lang, "common.metric.fever"), end=end)] == pct(last["rate"])
    assert figures[s(lang, "trends.figure.respondents")] == "2,200"

    table = at.dataframe[0].value
    assert len(table) == len(series) == 90
    assert table[s(lang, "trends.column.denominator_7d")].tolist() == series["denominator_7d"].tolist()
    assert table[s(lang, "trends.column.rate_pct")].tolist() == pytest.approx((series["rate"] * 100).tolist())
    assert table[s(lang, "trends.column.low_pct")].tolist() == pytest.approx((series["rate_low"] * 100).tolist())

    # The lead-lag sentence: on the fixture the fever wave comes a week before the case wave.
    cases = q.cases(fixture_build, start=DEFAULT_PERIOD["start"] - MARGIN, end=DEFAULT_PERIOD["end"] + MARGIN,
                    **PREFECTURE)
    sentence = expected_sentence(lang, series, cases)
    assert sentence == at.info[1].value
    assert leadlag.best_lag(series.set_index("date")["rate"], cases.set_index("date")["cases_7d"]).lag == 7
    correlations = at.dataframe[2].value
    assert correlations[s(lang, "trends.column.lag")].tolist() == list(leadlag.LAGS)


def test_permalink_restores_the_filters(app_test, fixture_build):
    params = {"area": "hc05", "period": "2020-04-01..2020-04-30", "age": "20-29", "sex": "male",
              "occupation": "student", "risk": "false", "metric": "fever_4d", "by": "sex", "layout": "panels"}
    at = app_test("trends", "en", params)
    assert not at.exception
    assert at.selectbox(key="url_area").value == "hc05"
    assert at.date_input(key="url_period").value == (D(2020, 4, 1), D(2020, 4, 30))
    assert at.selectbox(key="url_age").value == "20-29"
    assert at.selectbox(key="url_sex").value == "male"
    assert at.selectbox(key="url_occupation").value == "student"
    assert at.selectbox(key="url_risk").value == "false"
    assert at.radio(key="url_metric").value == "fever_4d"
    assert at.selectbox(key="url_by").value == "sex"
    assert at.radio(key="url_layout").value == "panels"
    for name, value in params.items():
        assert at.query_params[name] == value

    filters = dict(start=D(2020, 4, 1), end=D(2020, 4, 30), area_level="health_center", area_code="hc05",
                   age_band="20-29", sex="male", occupation="student", high_risk=False, metric="fever_4d")
    by_sex = q.series(fixture_build, **filters, breakdown="sex")
    table = at.dataframe[0].value
    assert set(table[s("en", "trends.column.group")]) == {s("en", "common.sex.male")}
    assert table[s("en", "trends.column.numerator_7d")].tolist() == by_sex["numerator_7d"].tolist()
    last = q.series(fixture_build, **filters).iloc[-1]
    assert (last["numerator_7d"], last["denominator_7d"]) == (7, 1050)  # 藤沢市: 1 a day of 150
    assert pct(last["rate"]) in [m.value for m in at.metric]


def test_municipality_uses_its_health_centre_areas_cases(app_test):
    at = app_test("trends", "ja", {"area": "14208"})
    assert not at.exception
    name = "鎌倉保健福祉事務所管内"
    assert s("ja", "trends.leadlag.municipality_cases", area=name) in [c.value for c in at.caption]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_area_without_answers_says_insufficient_never_zero(app_test, lang):
    at = app_test("trends", lang, {"area": "14301"})
    assert not at.exception
    values = [m.value for m in at.metric]
    assert s(lang, "trends.figure.insufficient") in values
    assert "0.00 %" not in values
    assert s(lang, "common.insufficient_data", n=100) in [c.value for c in at.caption]


def test_breakdown_labels_exist():
    for lang in i18n.LANGS:
        for breakdown in q.BREAKDOWNS:
            assert f"trends.breakdown.{breakdown}" in i18n.strings(lang)


def test_changing_a_filter_updates_the_url_and_the_figures(app_test, fixture_build):
    at = app_test("trends", "en")
    at.selectbox(key="url_area").set_value("hc09").run()
    at.radio(key="url_metric").set_value("consult").run()
    assert not at.exception
    assert at.query_params["area"] == "hc09" and at.query_params["metric"] == "consult"
    last = q.series(fixture_build, **DEFAULT_PERIOD, area_level="health_center", area_code="hc09",
                    metric="consult").iloc[-1]
    assert (last["numerator_7d"], last["denominator_7d"]) == (21, 1050)  # (1 + 2) a day of 150
    assert pct(last["rate"]) in [m.value for m in at.metric]


def test_insufficient_days_are_counted_in_the_note_not_drawn_as_zero(app_test, fixture_build):
    # 逗子市 has 50 respondents a day: the window of 2020-03-01 pools only 50, those of later days 100 or more.
    at = app_test("trends", "ja", {"area": "14208", "period": "2020-03-01..2020-03-31"})
    assert not at.exception
    note = s("ja", "trends.card.rate_note") + " " + s("ja", "trends.card.hidden", hidden=1, n=100)
    assert note in [c.value for c in at.caption]
    table = at.dataframe[0].value
    first = table.iloc[0]
    assert first[s("ja", "trends.column.insufficient")]
    assert pd.isna(first[s("ja", "trends.column.rate_pct")])
    assert table[s("ja", "trends.column.rate_pct")].iloc[1] == pytest.approx(4.0)
