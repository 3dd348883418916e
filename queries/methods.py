"""Queries of the Data & methods page: the open-data downloads, the data sources and the table schema.
A public build offers its own published tables only (PUBLIC_DOWNLOADS, ingest.schema.PUBLIC_TABLES)."""

import json
from pathlib import Path

import pandas as pd

from ingest.schema import PUBLIC_TABLES, TABLES
from queries.common import is_public
from queries.runner import Build, run

CREDITS_FILE = Path(__file__).resolve().parent.parent / "data" / "reference" / "credits.json"
CREDIT_FIELDS = ["source_ja", "source_en", "credit_ja", "credit_en", "licence", "url"]

# Download id -> query; the page shows one CSV download per entry, in this order.
DOWNLOADS = {
    "responses_prefecture": "methods_responses_prefecture",
    "responses_area": "methods_responses_area",
    "cases": "methods_cases",
    "responses_postal": "methods_postal",
}
# The same for a public build: its three count tables as published (suppressed counts empty).
PUBLIC_DOWNLOADS = {
    "responses_weekly_area": "public_download_weekly_area",
    "responses_weekly_group": "public_download_weekly_group",
    "cases": "methods_cases",
}


def downloads(build: Build) -> dict[str, str]:
    """Download id -> query of the downloads the build offers."""
    return PUBLIC_DOWNLOADS if is_public(build) else DOWNLOADS


def download(build: Build, download_id: str) -> pd.DataFrame:
    """The aggregate table behind one download (see downloads(build))."""
    return run(downloads(build)[download_id], build)


def credits(path: Path = CREDITS_FILE) -> pd.DataFrame:
    """Sources of the reference data and the credits their licences require (empty when the file is absent)."""
    if not path.exists():
        return pd.DataFrame(columns=CREDIT_FIELDS)
    return pd.DataFrame(json.loads(path.read_text(encoding="utf-8")), columns=CREDIT_FIELDS)


def schema(audience: str = "staff") -> dict[str, pd.DataFrame]:
    """The published data contract (ingest/schema.py) of the audience's build: table -> columns with type and
    description."""
    tables = PUBLIC_TABLES if audience == "public" else TABLES
    return {table: pd.DataFrame(columns, columns=["column", "type", "description"])
            for table, columns in tables.items()}
