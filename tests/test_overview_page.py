"""AppTest of the Overview page in Japanese and English: no exception, key figures equal the queries."""

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from ingest.publish import switch_pointer
from queries import overview
from tests.conftest import run_app

LAST = dt.date(2020, 6, 30)


def metrics(at) -> dict[str, tuple[str, str | None]]:
    return {m.label: (m.value, m.delta or None) for m in at.metric}


def test_key_figures_ja(app_test, fixture_build):
    at = app_test("overview", "ja")
    assert not at.exception
    kf = overview.key_figures(fixture_build, "14", LAST, 100)
    assert f"{kf.current.fever_rate * 100:.2f} %" == "3.50 %"
    assert metrics(at) == {
        "発熱者の割合": ("3.50 %", "+1.17 ポイント"),
        "発熱4日以上の割合": ("1.32 %", "+0.32 ポイント"),
        "相談の案内の割合": ("1.27 %", "-0.06 ポイント"),
        "陽性患者数/日": ("20.0 人", "前週比 2.00 倍"),  # the unit in the label: the value fits a card
        "回答者数": ("2,200 人", None),
    }
    assert at.subheader[0].value == "2020年6月30日時点の直近7日間（2020年6月24日〜2020年6月30日）"
    summary = [m.value for m in at.markdown if m.value.startswith("2020年6月30日までの")]
    assert summary == ["2020年6月30日までの直近7日間、神奈川県の発熱者の割合は 3.50 %（95 %信頼区間 2.81 %〜4.35 %、"
                       "回答者 2,200 人）で、前の7日間より 1.17 ポイント上昇しました。"
                       " 陽性患者数の7日間平均は 20.0 人で、前の7日間の 2.00 倍です。"]
    assert at.info[0].value.startswith("発熱者の割合は")  # the indirect-indicator note


def test_key_figures_en(app_test):
    at = app_test("overview", "en")
    assert not at.exception
    assert metrics(at) == {
        "Fever rate": ("3.50 %", "+1.17 points"),
        "Persistent fever": ("1.32 %", "+0.32 points"),
        "Advised to consult": ("1.27 %", "-0.06 points"),
        "Cases per day": ("20.0", "×2.00 week on week"),
        "Respondents": ("2,200", None),
    }
    assert [m.value for m in at.markdown if m.value.startswith("In the 7 days")] == [
        "In the 7 days to 30 Jun 2020, the fever rate in Kanagawa Prefecture was 3.50 % (95 % interval 2.81 % to "
        "4.35 %; 2,200 respondents), up 1.17 points on the previous 7 days. "
        "Positive cases averaged 20.0 a day, 2.00 times the previous 7 days."]
    assert at.subheader[1].value == "Fever rate vs positive cases"


def test_chart_card_default_period_is_last_90_days(app_test, fixture_build):
    at = app_test("overview", "ja")
    assert at.query_params["period"] == "2020-04-02..2020-06-30"
    assert at.query_params["area"] == "14"
    table = at.expander[0].dataframe[0].value
    assert len(table) == 90
    expected = overview.series(fixture_build, "14", dt.date(2020, 4, 2), LAST, 100)
    assert table["発熱者の割合（%）"].tolist()[-1] == pytest.approx(expected.fever_rate.iloc[-1] * 100)
    assert table["陽性患者数（7日間平均）"].tolist()[-1] == 20
    assert at.subheader[1].value == "発熱者の割合と陽性患者数の比較"
    assert [b.key for b in at.get("download_button")] == ["csv_fever_vs_cases", "png_fever_vs_cases"]


def test_filters_from_the_url(app_test):
    at = app_test("overview", "en", {"area": "hc09", "period": "2020-06-01..2020-06-30"})
    assert not at.exception
    assert at.selectbox(key="url_area").value == "hc09"
    assert len(at.expander[0].dataframe[0].value) == 30
    assert metrics(at)["Fever rate"] == ("2.67 %", "±0.00 points")  # 28 / 1050, flat
    assert metrics(at)["Cases per day"] == ("3.0", "×1.00 week on week")
    summary = [m.value for m in at.markdown if m.value.startswith("In the 7 days")][0]
    assert "in Kamakura Pref. HWO area was 2.67 %" in summary and "about the same as in the previous 7 days" in summary


def test_changing_the_area_updates_figures_and_url(app_test):
    at = app_test("overview", "ja")
    at.selectbox(key="url_area").set_value("hc05").run()
    assert not at.exception
    assert at.query_params["area"] == "hc05"
    assert metrics(at)["発熱者の割合"][0] == f"{49 / 1150 * 100:.2f} %"


def test_insufficient_data(fixture_build):
    path = Path(fixture_build.path)
    strict = path.with_name("staff-strict.duckdb")
    shutil.copy(path, strict)
    con = duckdb.connect(str(strict))
    con.execute("UPDATE build_info SET min_denominator = 5000, build_id = 'strict'")
    con.close()
    switch_pointer(path.parent, {"build_id": "strict", "staff": strict.name})
    at = run_app("overview", "ja")
    assert not at.exception
    assert metrics(at)["発熱者の割合"] == ("—", "データ不足")
    assert any("回答者は 5000 人に満たないため" in m.value for m in at.markdown)
