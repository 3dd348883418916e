"""Queries of the Data & methods page: the open-data downloads, the data sources and the table schema."""

import json
from pathlib import Path

import pandas as pd

from ingest.schema import TABLES
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


def download(build: Build, download_id: str) -> pd.DataFrame:
    """The aggregate table behind one download (see DOWNLOADS)."""
    return run(DOWNLOADS[download_id], build)


def credits(path: Path = CREDITS_FILE) -> pd.DataFrame:
    """Sources of the reference data and the credits their licences require (empty when the file is absent)."""
    if not path.exists():
        return pd.DataFrame(columns=CREDIT_FIELDS)
    return pd.DataFrame(json.loads(path.read_text(encoding="utf-8")), columns=CREDIT_FIELDS)


def schema() -> dict[str, pd.DataFrame]:
    """The published data contract (ingest/schema.py): table -> columns with type and description."""
    return {table: pd.DataFrame(columns, columns=["column", "type", "description"])
            for table, columns in TABLES.items()}
