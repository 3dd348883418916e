"""Events on the time axis: the states of emergency and priority measures that applied to Kanagawa
(data/reference/kanagawa_emergency_measures.csv, one source URL per row)."""

import datetime as dt
from pathlib import Path

import pandas as pd

MEASURES_FILE = Path(__file__).resolve().parent.parent / "data" / "reference" / "kanagawa_emergency_measures.csv"
KINDS = ("emergency", "priority")


def measures(path: Path = MEASURES_FILE) -> pd.DataFrame:
    """kind ('emergency' | 'priority'), start, end (datetime64, end inclusive), name_ja, name_en, source_url."""
    frame = pd.read_csv(path, dtype=str, encoding="utf-8")
    return frame.assign(start=pd.to_datetime(frame["start"]), end=pd.to_datetime(frame["end"]))


def overlapping(events: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The events that overlap [start, end], clipped to it (so they never widen a chart's time axis)."""
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    inside = events[(events["end"] >= lo) & (events["start"] <= hi)]
    return inside.assign(start=inside["start"].clip(lower=lo), end=inside["end"].clip(upper=hi)).reset_index(drop=True)


def named(events: pd.DataFrame, language: str) -> pd.DataFrame:
    """The events with a `name` column in the reader's language (name_en for "en", else name_ja)."""
    return events.assign(name=events["name_en" if language == "en" else "name_ja"])
