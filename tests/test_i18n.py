"""Locale files: both languages complete, no empty strings, every key the code uses exists."""

import json
import re
import string
from pathlib import Path

import pytest

from dashboard import i18n
from ingest import codes

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = ROOT / "dashboard"
# t("namespace.key") and t('namespace.key') with a literal key (f-strings are checked by the code-list tests).
T_CALL = re.compile(r"""(?<![\w.])t\(\s*(["'])([A-Za-z0-9_.+\-]+)\1""")


def namespaces(lang: str) -> set[str]:
    return {p.stem for p in (i18n.LOCALES_DIR / lang).glob("*.json")}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_same_namespaces_in_both_languages():
    assert namespaces("ja") == namespaces("en")
    assert "common" in namespaces("ja")


def test_locale_files_are_valid_json_objects():
    for lang in i18n.LANGS:
        for path in (i18n.LOCALES_DIR / lang).glob("*.json"):
            assert isinstance(json.loads(path.read_text(encoding="utf-8")), dict), path


def test_every_key_exists_in_both_languages():
    ja, en = i18n.strings("ja"), i18n.strings("en")
    assert sorted(set(ja) - set(en)) == [], "keys missing in en"
    assert sorted(set(en) - set(ja)) == [], "keys missing in ja"


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_no_empty_or_non_string_values(lang):
    bad = [k for k, v in i18n.strings(lang).items() if not isinstance(v, str) or not v.strip()]
    assert bad == []


def test_placeholders_agree_between_languages():
    ja, en = i18n.strings("ja"), i18n.strings("en")
    assert [k for k in ja if placeholders(ja[k]) != placeholders(en.get(k, ""))] == []


def used_keys() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in DASHBOARD.rglob("*.py"):
        for match in T_CALL.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match.group(2), []).append(str(path.relative_to(ROOT)))
    return found


def test_scan_finds_keys():
    """Guards the regex itself: the shell's own calls must be found."""
    assert "common.card.csv" in used_keys()
    assert "common.note.indirect_indicator" in used_keys()


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_key_used_in_the_code_exists(lang):
    missing = {k: files for k, files in used_keys().items() if k not in i18n.strings(lang)}
    assert missing == {}


@pytest.mark.parametrize("prefix, codes_list", [
    ("common.sex", list(codes.SEXES)),
    ("common.occupation", list(codes.OCCUPATIONS)),
    ("common.condition", list(codes.CONDITIONS)),
    ("common.behaviour", list(codes.BEHAVIOURS)),
    ("common.age_band", codes.AGE_BANDS),
    ("common.triage", codes.TRIAGE_OUTCOMES),
    ("common.metric", ["fever", "fever_4d", "symptomatic", "consult"]),
    ("common.nav", ["overview", "trends", "prevention", "map", "methods"]),
    ("common.lang", list(i18n.LANGS)),
    ("common.level", ["prefecture", "health_center", "municipality"]),
])
def test_every_code_has_a_label(prefix, codes_list):
    for lang in i18n.LANGS:
        assert [c for c in codes_list if f"{prefix}.{c}" not in i18n.strings(lang)] == []


def test_t_formats_and_falls_back(monkeypatch):
    monkeypatch.setattr(i18n, "lang", lambda: "en")
    assert i18n.t("common.nav.overview") == "Overview"
    assert i18n.t("common.insufficient_data", n=100) == "Insufficient data (fewer than 100 respondents in 7 days)"
    assert i18n.t("common.no_such_key") == "common.no_such_key"
    monkeypatch.setattr(i18n, "lang", lambda: "ja")
    assert i18n.t("common.nav.overview") == "概況"
    assert i18n.t("common.sex.female") == "女性"


def test_formatting_helpers(monkeypatch):
    import datetime as dt
    monkeypatch.setattr(i18n, "lang", lambda: "ja")
    assert i18n.fmt_date(dt.date(2020, 6, 30)) == "2020年6月30日"
    monkeypatch.setattr(i18n, "lang", lambda: "en")
    assert i18n.fmt_date(dt.date(2020, 6, 30)) == "30 Jun 2020"
    assert i18n.fmt_pct(0.035) == "3.50 %"
    assert i18n.fmt_pct(None) == "—"
    assert i18n.fmt_int(37200) == "37,200"
