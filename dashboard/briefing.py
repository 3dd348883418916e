"""The briefing: its content (numbers frozen as plain JSON) and the slide's text in one language.

`content()` reads the build once and returns everything the slide shows, as JSON-ready values, so a saved
briefing (dashboard/briefing_store.py) reopens exactly as presented even after newer builds. `slide_text()` turns
a content into the words of the slide; the slide, its PNG/PDF and the PPTX are all made from those two.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from dashboard.i18n import strings
from dashboard.trend import daily_rates, log_linear_trend
from queries import events, methods, overview, prevention
from queries.runner import Build

CHART_DAYS = 90
PREVENTION_BEHAVIOUR = "telework"  # the organisational behaviour the prefecture asked for most
SERIES_COLUMNS = ["respondents_7d", "fever_7d", "fever_rate", "fever_low", "fever_high", "cases", "cases_7d_avg"]
# Credits of the case series the chart draws: MHLW for the prefecture, Kanagawa's data for health-centre areas.
CASE_SOURCE_URLS = {
    "prefecture": "https://covid19.mhlw.go.jp/public/opendata/newly_confirmed_cases_daily.csv",
    "health_center": "https://www.pref.kanagawa.jp/docs/t3u/dst/s0060925.html",
}
FLAT_POINTS = 0.005  # a change that rounds to 0.00 points is "about the same" (as on the overview page)


def _num(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _trend(values) -> dict | None:
    trend = log_linear_trend(values)
    return None if trend is None else {"direction": trend.direction, "slope": trend.slope, "low": trend.low,
                                       "high": trend.high}


def content(build: Build, info: dict, area: str, as_of: dt.date, show_events: bool) -> dict:
    """Everything the slide shows for `area` on `as_of`, as JSON-ready values (dates as ISO strings)."""
    min_n = info["min_denominator"]
    area_row = overview.area_choices(build).set_index("area_code").loc[area]
    level = "prefecture" if area_row["level"] == "prefecture" else "health_center"
    kf = overview.key_figures(build, area, as_of, min_n)
    start = max(info["first_date"], as_of - dt.timedelta(days=CHART_DAYS - 1))
    series = overview.series(build, area, start, as_of, min_n)
    shares = prevention.shares(build, start=as_of - dt.timedelta(days=6), end=as_of, area_level=level,
                               area_code=area)
    share = shares[shares.behaviour == PREVENTION_BEHAVIOUR].iloc[0] if len(shares) else None
    last = series.tail(14)
    credits = methods.credits()
    shown = events.overlapping(events.measures(), start, as_of) if show_events else events.measures().iloc[0:0]
    return {
        "params": {"area": area, "as_of": as_of.isoformat(), "events": show_events},
        "build_id": info["build_id"],
        "is_synthetic": bool(info["is_synthetic"]),
        "min_denominator": int(min_n),
        "area_name": {"ja": area_row["name_ja"], "en": area_row["name_en"] or area_row["name_ja"]},
        "figures": {
            "fever_rate": kf.current.fever_rate,
            "fever_low": kf.current.fever_low,
            "fever_high": kf.current.fever_high,
            "fever_change_points": kf.fever_change_points,
            "respondents_7d": kf.current.respondents,
            "cases_7d_avg": kf.current.cases_7d_avg,
            "cases_ratio": kf.cases_ratio,
            "prevention_behaviour": PREVENTION_BEHAVIOUR,
            "prevention_share": None if share is None else _num(share["share"]),
            "prevention_low": None if share is None else _num(share["share_low"]),
            "prevention_high": None if share is None else _num(share["share_high"]),
        },
        "trends": {
            "fever": _trend(daily_rates([_num(v) for v in last["fever"]], [_num(v) for v in last["respondents"]])),
            "cases": _trend([_num(v) for v in last["cases"]]),
        },
        "series": [{"date": d.date().isoformat(), **{c: _num(row[c]) for c in SERIES_COLUMNS}}
                   for d, (_, row) in zip(series["date"], series.iterrows(), strict=True)],
        "events": [{"kind": e["kind"], "start": e["start"].date().isoformat(), "end": e["end"].date().isoformat(),
                    "name_ja": e["name_ja"], "name_en": e["name_en"], "source_url": e["source_url"]}
                   for e in shown.to_dict("records")],
        "credits": [{"ja": c["credit_ja"], "en": c["credit_en"]} for c in credits.to_dict("records")
                    if c["url"] == CASE_SOURCE_URLS[level]],
    }


def series_frame(data: dict) -> pd.DataFrame:
    """The frozen chart data as the frame overview.series returns (date as datetime64, NaN for missing)."""
    frame = pd.DataFrame(data["series"], columns=["date", *SERIES_COLUMNS])
    return frame.assign(date=pd.to_datetime(frame["date"])).astype({c: "float64" for c in SERIES_COLUMNS})


def events_frame(data: dict, language: str) -> pd.DataFrame:
    """The frozen events as the chart builder wants them (start, end, kind, name in `language`)."""
    frame = pd.DataFrame(data["events"], columns=["kind", "start", "end", "name_ja", "name_en", "source_url"])
    frame = frame.assign(start=pd.to_datetime(frame["start"]), end=pd.to_datetime(frame["end"]))
    return events.named(frame, language)


# --- the words of the slide -------------------------------------------------------------------------------------

def tr(language: str, key: str, **fmt) -> str:
    """The string `key` in an explicit language (exports are made outside a page run, for either language)."""
    text = strings(language).get(key) or strings("ja")[key]
    return text.format(**fmt) if fmt else text


def fmt_date(day: dt.date, language: str) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if language == "ja" else f"{day.day} {day:%b} {day.year}"


def pct(rate: float | None, digits: int = 2) -> str:
    return "—" if rate is None else f"{rate * 100:.{digits}f} %"


def _units(token: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in token)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` units (a wide CJK character counts 2): breaks at spaces, and between any two wide
    characters, so Japanese wraps anywhere and English only between words."""
    tokens: list[tuple[str, bool]] = []  # (token, preceded by a space)
    for i, word in enumerate(text.split(" ")):
        pieces = re.findall(r"[^\x00-\u2fff]|[\x00-\u2fff]+", word)
        tokens += [(piece, i > 0 and j == 0) for j, piece in enumerate(pieces)]
    lines, line = [], ""
    for token, spaced in tokens:
        joined = f"{line} {token}" if spaced and line else line + token
        if line and _units(joined) > width:
            lines.append(line)
            joined = token
        line = joined
    return [*lines, line] if line else lines


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    detail: str
    badge: str | None  # e.g. "▲ rising (14 days)"; None when no trend can be given
    direction: str | None


@dataclass(frozen=True)
class SlideText:
    title: str
    subtitle: str
    figures: list[Figure]
    headline: str
    footer: list[str]
    synthetic: str | None
    chart_titles: dict[str, str]


def _badge(language: str, trend: dict | None) -> tuple[str | None, str | None]:
    if trend is None:
        return None, None
    return tr(language, f"briefing.badge.{trend['direction']}"), trend["direction"]


def headline(data: dict, language: str) -> str:
    """One sentence from templates: the fever rate and its change, the cases and their ratio, the fever trend."""
    f = data["figures"]
    area = data["area_name"][language]
    if f["fever_rate"] is None:
        text = tr(language, "briefing.headline.insufficient", area=area)
    else:
        change = f["fever_change_points"]
        if change is None:
            change_text = tr(language, "briefing.headline.no_previous")
        elif abs(change) < FLAT_POINTS:
            change_text = tr(language, "briefing.headline.same")
        else:
            change_text = tr(language, f"briefing.headline.{'up' if change > 0 else 'down'}",
                             change=f"{abs(change):.2f}")
        text = tr(language, "briefing.headline.fever", area=area, rate=pct(f["fever_rate"]), change_text=change_text)
    if f["cases_7d_avg"] is not None:
        text += tr(language, "briefing.headline.cases", avg=f"{f['cases_7d_avg']:.1f}") if f["cases_ratio"] is None \
            else tr(language, "briefing.headline.cases_ratio", avg=f"{f['cases_7d_avg']:.1f}",
                    ratio=f"{f['cases_ratio']:.2f}")
    trend = data["trends"]["fever"]
    if trend is not None:
        text += tr(language, f"briefing.headline.trend_{trend['direction']}")
    return text.strip()


def slide_text(data: dict, language: str) -> SlideText:
    f = data["figures"]
    as_of = dt.date.fromisoformat(data["params"]["as_of"])
    n = data["min_denominator"]
    fever_badge, fever_dir = _badge(language, data["trends"]["fever"])
    cases_badge, cases_dir = _badge(language, data["trends"]["cases"])
    if f["fever_rate"] is None:
        fever = Figure(tr(language, "briefing.fig.fever"), tr(language, "briefing.fig.insufficient"),
                       tr(language, "briefing.fig.insufficient_detail", n=n), None, None)
    else:
        change = f["fever_change_points"]
        fever = Figure(tr(language, "briefing.fig.fever"), pct(f["fever_rate"]),
                       tr(language, "briefing.fig.fever_detail", low=pct(f["fever_low"]), high=pct(f["fever_high"]),
                          change="—" if change is None else f"{change:+.2f}"),
                       fever_badge, fever_dir)
    avg, ratio = f["cases_7d_avg"], f["cases_ratio"]
    cases = Figure(tr(language, "briefing.fig.cases"),
                   "—" if avg is None else tr(language, "briefing.fig.cases_value", avg=f"{avg:.1f}"),
                   tr(language, "briefing.fig.cases_detail", ratio="—" if ratio is None else f"{ratio:.2f}"),
                   cases_badge, cases_dir)
    behaviour = tr(language, f"common.behaviour.{f['prevention_behaviour']}")
    if f["prevention_share"] is None:
        prevention_figure = Figure(tr(language, "briefing.fig.prevention", behaviour=behaviour),
                                   tr(language, "briefing.fig.insufficient"),
                                   tr(language, "briefing.fig.insufficient_detail", n=n), None, None)
    else:
        prevention_figure = Figure(tr(language, "briefing.fig.prevention", behaviour=behaviour),
                                   pct(f["prevention_share"], 1),
                                   tr(language, "briefing.fig.prevention_detail", low=pct(f["prevention_low"], 1),
                                      high=pct(f["prevention_high"], 1)), None, None)
    credits = " / ".join(c[language] for c in data["credits"])
    footer = [
        tr(language, "briefing.footer.sources", sources=credits or "—"),
        tr(language, "briefing.footer.as_of", date=fmt_date(as_of, language), build_id=data["build_id"]),
        tr(language, "briefing.footer.caveat"),
    ]
    return SlideText(
        title=tr(language, "briefing.slide.title"),
        subtitle=tr(language, "briefing.slide.subtitle", area=data["area_name"][language],
                    date=fmt_date(as_of, language)),
        figures=[fever, cases, prevention_figure],
        headline=headline(data, language),
        footer=footer,
        synthetic=tr(language, "briefing.footer.synthetic") if data["is_synthetic"] else None,
        chart_titles={"fever_title": tr(language, "overview.chart.fever_axis"),
                      "cases_title": tr(language, "overview.chart.cases_axis"),
                      "date_title": tr(language, "overview.chart.date_axis"),
                      "interval_title": tr(language, "overview.chart.interval"),
                      "respondents_title": tr(language, "overview.chart.respondents")},
    )


def changes(data: dict, previous: dict) -> list[tuple[str, float | None, float | None]]:
    """(figure, before, after) for every figure that differs from the previous saved briefing."""
    return [(key, previous["figures"].get(key), value) for key, value in data["figures"].items()
            if previous["figures"].get(key) != value]
