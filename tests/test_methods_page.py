"""AppTest of the Data & methods page in Japanese and English."""

import pytest

from ingest.schema import TABLES
from queries import methods


def build_facts(at) -> dict:
    """The current-build table (the page's first dataframe outside the schema expanders), item -> value."""
    frame = at.main.dataframe[0].value
    return dict(zip(frame.iloc[:, 0], frame.iloc[:, 1]))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_page_runs(app_test, lang):
    at = app_test("methods", lang)
    assert not at.exception
    assert at.title[0].value == ("データと方法" if lang == "ja" else "Data & methods")
    assert [e.label for e in at.expander] == list(TABLES)
    assert len(at.get("download_button")) == len(methods.DOWNLOADS)
    assert at.info[0].value  # the indirect-indicator note


def test_build_facts_ja(app_test):
    at = app_test("methods", "ja")
    facts = build_facts(at)
    assert facts["ビルドID"] == "fixture"
    assert facts["回答の期間"] == "2020年3月1日 〜 2020年6月30日"
    assert facts["データの種類"] == "合成データ（デモ）"
    assert facts["読み込んだ行数"] == "37,430"
    assert facts["採用した行数"] == "37,200"
    assert facts["検疫した行数（不正な値など）"] == "120"
    assert facts["同意のない行数（集計から除外）"] == "80"
    assert facts["重複した行数（同じ回答IDと内容）"] == "30"
    assert facts["作成日時（UTC）"] == "2020-07-01 00:30:00"
    assert facts["割合を示す最小の分母"] == "100"
    assert any("7日間の回答者が 100 人に満たない" in m.value for m in at.markdown)


def test_real_build_is_labelled_real(real_fixture_build):
    from tests.conftest import run_app
    at = run_app("methods", "en")
    facts = build_facts(at)
    assert facts["Kind of data"] == "Real"
    assert facts["Build id"] == "fixture-real"


def test_sources_in_the_reader_language(app_test):
    if methods.credits().empty:
        pytest.skip("data/reference/credits.json not written yet")
    at = app_test("methods", "en")
    text = "\n".join(m.value for m in at.markdown)
    for credit in methods.credits().to_dict("records"):
        assert credit["credit_en"] in text and credit["url"] in text and credit["licence"] in text
        assert credit["credit_ja"] not in text


def test_schema_tables_rendered(app_test):
    at = app_test("methods", "en")
    cases = [e for e in at.expander if e.label == "cases_daily"][0].dataframe[0].value
    assert cases.columns.tolist() == ["Column", "Type", "Description"]
    assert cases["Column"].tolist() == [c for c, _, _ in TABLES["cases_daily"]]
