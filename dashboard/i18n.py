"""Language of the running page and its strings.

Strings live in dashboard/locales/<lang>/<namespace>.json; key "trends.title" is key "title" of trends.json
(nested objects are joined with dots, so "common.sex.female" may be {"sex": {"female": ...}} in common.json).
The language comes from ?lang= in the URL (ja by default); app.py keeps it there and in the session.
"""

import datetime as dt
import functools
import json
from pathlib import Path

import streamlit as st

LANGS = ("ja", "en")
DEFAULT_LANG = "ja"
LOCALES_DIR = Path(__file__).resolve().parent / "locales"
SESSION_KEY = "lang_choice"


def _flatten(prefix: str, node: dict, out: dict[str, str]) -> None:
    for key, value in node.items():
        full = f"{prefix}.{key}"
        if isinstance(value, dict):
            _flatten(full, value, out)
        else:
            out[full] = value


@functools.cache
def strings(language: str) -> dict[str, str]:
    """Every string of one language, keyed "<namespace>.<key>"."""
    out: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / language).glob("*.json")):
        _flatten(path.stem, json.loads(path.read_text(encoding="utf-8")), out)
    return out


def lang() -> str:
    """ "ja" or "en": the URL's ?lang= when valid, else the session's last choice, else Japanese."""
    value = st.query_params.get("lang")
    if value in LANGS:
        return value
    return st.session_state.get(SESSION_KEY, DEFAULT_LANG)


def t(key: str, **fmt) -> str:
    """The string for key in the current language, formatted with fmt; the key itself when missing."""
    text = strings(lang()).get(key)
    if text is None:
        text = strings(DEFAULT_LANG).get(key, key)
    return text.format(**fmt) if fmt else text


def fmt_date(day: dt.date | None) -> str:
    """A date as Japanese or English readers write it (2020年6月30日 / 30 Jun 2020)."""
    if day is None:
        return "—"
    if lang() == "ja":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day:%b} {day.year}"


def fmt_int(value) -> str:
    return "—" if value is None else f"{int(round(value)):,}"


def fmt_pct(rate, digits: int = 2) -> str:
    """A proportion (0.035) as a percentage ("3.50 %")."""
    return "—" if rate is None else f"{rate * 100:.{digits}f} %"


def area_name(row) -> str:
    """The name of an area row (name_ja / name_en) in the current language."""
    return row["name_en"] if lang() == "en" and row["name_en"] else row["name_ja"]
