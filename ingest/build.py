"""The build: raw answer files -> judged rows -> aggregates -> a published, versioned staff build and the
public build derived from it (ingest/public.py), published together or not at all.

Individual answers live only in the build's in-memory staging database (which spills beyond MEMORY_LIMIT to a
temporary folder inside the build folder, deleted when the build ends); the published file holds aggregates and
reference tables only.
"""

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from ingest import codes, public, publish
from ingest.errors import BuildError
from ingest.read import input_files, insert_parquet, read_batches
from ingest.reference import load_reference
from ingest.schema import SCHEMA_VERSION

SQL_DIR = Path(__file__).resolve().parent / "sql"
JST = dt.timezone(dt.timedelta(hours=9))
DEFAULT_MIN_CELL = 10
DEFAULT_MIN_DENOMINATOR = 100
# DuckDB spills to disk beyond this, which keeps a national-size build (24 M answers) within a 24 GB machine.
MEMORY_LIMIT = os.environ.get("KANAGAWA_BUILD_MEMORY", "12GB")
COUNT_COLUMNS = ["rows_read", "rows_accepted", "rows_quarantined", "rows_no_consent", "rows_duplicate"]

Progress = Callable[[str, int, int | None], None]


@dataclass
class BuildResult:
    path: Path
    build_id: str
    info: dict
    quarantine_path: Path
    reasons: dict[str, int]
    public_path: Path
    suppression: pd.DataFrame  # per public grain: cells and respondents suppressed (public.suppression_summary)


def sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def new_build_id(now: dt.datetime) -> str:
    """Sortable and unique: UTC time to the microsecond, plus the process id."""
    return now.strftime("%Y%m%dT%H%M%S%fZ") + f"-{os.getpid()}"


def build(
    paths: list[str | Path],
    out_dir: str | Path | None = None,
    *,
    synthetic: bool = False,
    today: dt.date | None = None,
    min_cell: int = DEFAULT_MIN_CELL,
    min_denominator: int = DEFAULT_MIN_DENOMINATOR,
    progress: Progress | None = None,
) -> BuildResult:
    """Read, judge and aggregate the raw files, derive and audit the public build, then publish both in
    out_dir. Raises BuildError (public.PublicBuildRefused when the audit fails) and publishes nothing then."""
    progress = progress or (lambda step, done, total: None)
    files = input_files(paths)
    out_dir = Path(out_dir or publish.default_builds_dir())
    out_dir.mkdir(parents=True, exist_ok=True)
    publish.remove_leftovers(out_dir)
    now = dt.datetime.now(dt.timezone.utc)
    today = today or now.astimezone(JST).date()
    build_id = new_build_id(now)
    spill_dir = out_dir / f".staging-{build_id}.duckdb.tmp"
    partial_path = out_dir / f".staff-{build_id}.duckdb.partial"
    final_path = out_dir / f"staff-{build_id}.duckdb"
    public_partial = out_dir / f".public-{build_id}.duckdb.partial"
    public_final = out_dir / f"public-{build_id}.duckdb"
    quarantine_path = out_dir / f"quarantine-{build_id}.csv"
    try:
        con = duckdb.connect(config={"memory_limit": MEMORY_LIMIT, "temp_directory": str(spill_dir)})
        try:
            _stage(con, files, progress)
            progress("judging rows", 0, None)
            con.execute(sql("judge"), {"today": today})
            counts, reasons = _counts(con)
            if counts["rows_accepted"] == 0:
                names = ", ".join(str(p) for p in files)
                if counts["rows_read"] == 0:
                    raise BuildError(f"{names}: no answer rows (header only or empty): nothing to publish")
                raise BuildError(f"{names}: no rows accepted out of {counts['rows_read']} read: nothing to publish "
                                 f"({_reason_summary(reasons)})")
            _write_quarantine(con, quarantine_path)
            con.execute("DROP TABLE raw_rows")  # the raw text is no longer needed: free its memory (or spill)
            progress("aggregating", 0, None)
            con.execute("ATTACH ? AS out", [str(partial_path)])
            con.execute(sql("aggregate"))
            con.execute(sql("publish_tables"))
            info = _build_info(con, build_id, now, synthetic, counts, files, min_cell, min_denominator)
            con.execute("DETACH out")
        finally:
            con.close()
        _finish(partial_path)
        progress("public build: suppressing and auditing", 0, None)
        suppression = public.write_public(partial_path, public_partial)
        _finish(public_partial)
        public.check_public(public_partial)
        os.replace(public_partial, public_final)  # public first: a staff file always has its public file
        os.replace(partial_path, final_path)
        publish.switch_pointer(out_dir, {"build_id": build_id, "staff": final_path.name,
                                         "public": public_final.name})
        publish.remove_old_builds(out_dir)
    except BaseException:
        if _published_id(out_dir) != build_id:
            for path in (partial_path, final_path, public_partial, public_final, quarantine_path):
                path.unlink(missing_ok=True)
        raise
    finally:
        publish.remove_path(spill_dir)
    return BuildResult(final_path, build_id, info, quarantine_path, reasons, public_final, suppression)


def _published_id(out_dir: Path) -> str | None:
    """The build id CURRENT.json names; None when there is none or it is damaged (a failed build cleans up)."""
    try:
        return (publish.read_pointer(out_dir) or {}).get("build_id")
    except publish.PointerError:
        return None


def _stage(con: duckdb.DuckDBPyConnection, files: list[Path], progress: Progress) -> None:
    """Load the reference tables, the code labels and every raw row (as strings) into staging."""
    _stage_reference(con)
    _stage_rows(con, files, progress)


def _stage_reference(con: duckdb.DuckDBPyConnection) -> None:
    """Rule and normalisation macros, reference tables and code labels: what judging needs besides the rows."""
    con.execute(sql("rules"))
    con.execute(sql("normalize"))
    load_reference(con)
    con.register("labels_arrow", _labels())
    con.execute("CREATE TABLE labels AS SELECT * FROM labels_arrow")
    con.unregister("labels_arrow")


def _stage_rows(con: duckdb.DuckDBPyConnection, files: list[Path], progress: Progress) -> None:
    """Every raw row of the files, as strings, into a new raw_rows table (the fuzz tests call this directly)."""
    con.execute(sql("raw_rows"))
    next_id = 0
    for i, path in enumerate(files, start=1):
        step = f"reading {path.name} ({i}/{len(files)})"
        progress(step, next_id, None)
        con.execute("INSERT INTO raw_files VALUES (?, ?)", [i, str(path)])
        if path.suffix.lower() == ".parquet":
            next_id += insert_parquet(con, path, i, "raw_rows", next_id)
            continue
        for batch in read_batches(path, i):
            ids = pa.array(range(next_id, next_id + batch.num_rows), pa.int64())
            table = pa.Table.from_batches([batch]).add_column(0, "row_id", ids)
            con.register("batch_arrow", table)
            con.execute("INSERT INTO raw_rows SELECT * FROM batch_arrow")
            con.unregister("batch_arrow")
            next_id += batch.num_rows
            progress(step, next_id, None)


def _labels() -> pa.Table:
    """Every accepted spelling of every code: the code itself and its Japanese label."""
    rows = [("bool", s, "yes") for s in codes.YES] + [("bool", s, "no") for s in codes.NO]
    for kind, table in (("sex", codes.SEXES), ("occupation", codes.OCCUPATIONS),
                        ("condition", codes.CONDITIONS), ("behaviour", codes.BEHAVIOURS)):
        for code, label in table.items():
            rows += [(kind, code, code), (kind, label, code)]
    kind, spelling, code = zip(*rows)
    return pa.table({"kind": kind, "spelling": spelling, "code": code})


def _counts(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, int], dict[str, int]]:
    """Row counts per outcome, checked to add up to the rows read, and quarantine counts per reason."""
    by_outcome = dict(con.execute("SELECT outcome, count(*) FROM judged GROUP BY outcome").fetchall())
    rows_read = con.execute("SELECT count(*) FROM raw_rows").fetchone()[0]
    counts = {
        "rows_read": rows_read,
        "rows_accepted": by_outcome.get("accepted", 0),
        "rows_quarantined": by_outcome.get("quarantined", 0),
        "rows_no_consent": by_outcome.get("no_consent", 0),
        "rows_duplicate": by_outcome.get("duplicate", 0),
    }
    if sum(counts[c] for c in COUNT_COLUMNS[1:]) != rows_read or set(by_outcome) - {
            "accepted", "quarantined", "no_consent", "duplicate"}:
        raise BuildError(f"row conservation failed: {counts} (outcomes {by_outcome})")
    reasons = dict(con.execute(
        "SELECT reason, count(*) FROM judged WHERE outcome = 'quarantined' GROUP BY reason ORDER BY reason"
    ).fetchall())
    unknown = set(reasons) - set(codes.REASON_CODES)
    if unknown:
        raise BuildError(f"quarantined rows without a known reason code: {sorted(unknown)}")
    return counts, reasons


def _reason_summary(reasons: dict[str, int]) -> str:
    return ", ".join(f"{r}: {n}" for r, n in sorted(reasons.items(), key=lambda kv: -kv[1])) or "no rows"


def _write_quarantine(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refused rows (quarantine.sql) to a CSV beside the build, streamed batch by batch."""
    cursor = con.cursor()  # its own result, so the connection is free again afterwards
    try:
        reader = cursor.sql(sql("quarantine")).to_arrow_reader()
        with pa_csv.CSVWriter(path, reader.schema) as writer:
            for batch in reader:
                writer.write_batch(batch)
    finally:
        cursor.close()


def _build_info(con, build_id, now, synthetic, counts, files, min_cell, min_denominator) -> dict:
    first_date, last_date = con.execute("SELECT min(date), max(date) FROM out.responses_daily").fetchone()
    info = {
        "build_id": build_id,
        "built_at": now.replace(tzinfo=None),
        "audience": "staff",
        "is_synthetic": synthetic,
        "schema_version": SCHEMA_VERSION,
        "first_date": first_date,
        "last_date": last_date,
        **counts,
        "min_cell": min_cell,
        "min_denominator": min_denominator,
        "duckdb_version": duckdb.__version__,
        "source_files": ";".join(p.name for p in files),
    }
    con.execute(sql("build_info_insert"), info)
    return info


def _finish(path: Path) -> None:
    """Store the rule macros in the build (readers use the same definitions), checkpoint and close it."""
    con = duckdb.connect(str(path))
    try:
        con.execute(sql("rules"))
        con.execute("CHECKPOINT")
    finally:
        con.close()
    Path(f"{path}.wal").unlink(missing_ok=True)
