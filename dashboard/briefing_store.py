"""Saved briefings: one JSON file per briefing under $KANAGAWA_BRIEFINGS_DIR (default data/briefings/, git-ignored).

A saved file holds the briefing's whole content (figures, chart data, events, credits, build id, parameters), so it
reopens exactly as presented whatever builds come later. Published builds stay read-only: nothing is written there.
"""

import datetime as dt
import json
import os
import uuid
from pathlib import Path

ENV = "KANAGAWA_BRIEFINGS_DIR"
DEFAULT_DIR = Path(__file__).resolve().parent.parent / "data" / "briefings"


def store_dir() -> Path:
    return Path(os.environ.get(ENV) or DEFAULT_DIR)


def save(content: dict, now: dt.datetime | None = None) -> str:
    """Write the briefing; returns its id (the save time, sortable, plus a short random suffix)."""
    now = now or dt.datetime.now(dt.UTC)
    briefing_id = f"{now:%Y%m%dT%H%M%S%fZ}-{uuid.uuid4().hex[:6]}"
    folder = store_dir()
    folder.mkdir(parents=True, exist_ok=True)
    record = {"id": briefing_id, "saved_at": now.isoformat(timespec="seconds"), "content": content}
    tmp = folder / f".{briefing_id}.tmp"
    tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    tmp.replace(folder / f"{briefing_id}.json")  # never a half-written briefing in the list
    return briefing_id


def saved() -> list[dict]:
    """Every saved briefing, oldest first: {"id", "saved_at", "content"}."""
    folder = store_dir()
    if not folder.is_dir():
        return []
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def load(briefing_id: str) -> dict | None:
    """The saved briefing with this id, or None."""
    path = store_dir() / f"{briefing_id}.json"
    if path.parent != store_dir() or not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def previous(briefing_id: str) -> dict | None:
    """The briefing saved just before this one, or None for the first."""
    ids = [record["id"] for record in saved()]
    if briefing_id not in ids or ids.index(briefing_id) == 0:
        return None
    return load(ids[ids.index(briefing_id) - 1])
