"""Readers of raw answer files into rows of strings: CSV and JSON lines as Arrow batches (`read_batches`),
Parquet straight into the staging table by DuckDB's own reader (`insert_parquet`, several times faster).

Every physical row becomes one output row with the canonical column names of `codes.RAW_COLUMNS`, the number
of its source file (the build keeps the paths once, in raw_files), its line number and (for CSV and JSON lines)
its original text, so that nothing is lost:
rows whose shape or bytes are broken are still passed on, flagged, to be quarantined by the build.
A file that cannot be used at all raises InputError with a one-line message naming it.
"""

import codecs
import csv
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa

from ingest.codes import RAW_COLUMNS, REQUIRED_COLUMNS

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
BATCH_ROWS = 100_000
# Rows the reader itself flags: the field count differs from the header, or the bytes are not text.
FLAG_BAD_ROW = "bad_row"
FLAG_BAD_ENCODING = "bad_encoding"
OUTPUT_COLUMNS = [*RAW_COLUMNS, "_file", "_line", "_raw", "_flag"]
_HEADER_TO_COLUMN = {**{c: c for c in RAW_COLUMNS}, **{ja: c for c, ja in RAW_COLUMNS.items()}}

csv.field_size_limit(64 * 1024 * 1024)


class InputError(Exception):
    """A raw file cannot be used at all; the message is one line naming the file."""


def input_files(paths: list[str | Path]) -> list[Path]:
    """The raw files to read: files as given, folders expanded to their CSV/JSONL/Parquet files (sorted)."""
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS)
            if not found:
                raise InputError(f"{path}: folder holds no .csv, .jsonl or .parquet files")
            files.extend(found)
        elif not path.exists():
            raise InputError(f"{path}: no such file")
        elif path.suffix.lower() not in FORMATS:
            raise InputError(f"{path}: unknown format '{path.suffix}' (expected .csv, .jsonl or .parquet)")
        else:
            files.append(path)
    return files


def read_batches(path: Path, file_number: int, batch_rows: int = BATCH_ROWS) -> Iterator[pa.RecordBatch]:
    """Batches of OUTPUT_COLUMNS (all strings but _file and _line) for one CSV or JSON lines file."""
    kind = FORMATS[path.suffix.lower()]
    try:
        rows = _csv_rows(path) if kind == "csv" else _jsonl_rows(path)
        yield from _batched(rows, file_number, batch_rows)
    except InputError:
        raise
    except (OSError, csv.Error, pa.ArrowException, ValueError) as exc:
        raise InputError(f"{path}: cannot be read ({type(exc).__name__}: {exc})") from exc


def insert_parquet(con: duckdb.DuckDBPyConnection, path: Path, file_number: int, table: str,
                   first_row_id: int) -> int:
    """Insert the rows of one Parquet file into `table` (row_id, then OUTPUT_COLUMNS) as strings, numbered
    from first_row_id; returns the number of rows. The original text of a row is rebuilt only if it is
    quarantined (quarantine.sql)."""
    try:
        rows = con.read_parquet(str(path), file_row_number=True)
        columns = canonical_header([c for c in rows.columns if c != "file_row_number"], path)
        source = dict(zip(columns, zip(rows.columns, rows.types)))
        number = duckdb.ColumnExpression("file_row_number")
        text = [_as_text(*source[c]) if c in source else duckdb.ConstantExpression(None).cast("VARCHAR")
                for c in RAW_COLUMNS]
        rows.project(number + duckdb.ConstantExpression(first_row_id), *text,
                     duckdb.ConstantExpression(file_number).cast("INTEGER"), number + duckdb.ConstantExpression(1),
                     duckdb.ConstantExpression(None).cast("VARCHAR"),
                     duckdb.ConstantExpression(None).cast("VARCHAR")).insert_into(table)
        return len(rows)
    except duckdb.Error as exc:
        raise InputError(f"{path}: cannot be read ({type(exc).__name__}: {str(exc).splitlines()[0]})") from exc


def _as_text(name: str, kind) -> duckdb.Expression:
    """A Parquet column as the text a CSV export would hold: true/false, 35 (not 35.0), list items joined
    with ';', an instant with a time zone in UTC ('Z'); anything else as DuckDB writes it."""
    column = duckdb.ColumnExpression(name)
    if kind.id == "list":
        return duckdb.FunctionExpression("array_to_string", column, duckdb.ConstantExpression(";"))
    if kind.id in ("float", "double"):
        whole = (column == duckdb.FunctionExpression("trunc", column)) & (
            duckdb.FunctionExpression("abs", column) < duckdb.ConstantExpression(1e15))
        return duckdb.CaseExpression(whole, column.cast("BIGINT").cast("VARCHAR")).otherwise(column.cast("VARCHAR"))
    if kind.id == "timestamp with time zone":
        return duckdb.FunctionExpression("strftime", column.cast("TIMESTAMP"),
                                         duckdb.ConstantExpression("%Y-%m-%dT%H:%M:%SZ"))
    return column.cast("VARCHAR")


def canonical_header(names: list[str], path: Path) -> list[str | None]:
    """Map a file's header names (English codes or Japanese labels) to canonical columns; None = ignored."""
    mapped = [_HEADER_TO_COLUMN.get(_clean_header(n)) for n in names]
    present = [m for m in mapped if m]
    doubled = sorted({m for m in present if present.count(m) > 1})
    if doubled:
        raise InputError(f"{path}: columns given twice: {', '.join(doubled)}")
    missing = [c for c in REQUIRED_COLUMNS if c not in present]
    if missing:
        raise InputError(f"{path}: required columns missing: {', '.join(missing)}")
    return mapped


def _clean_header(name: str) -> str:
    name = name.strip().lstrip("\ufeff").strip().strip('"')
    return name.lower() if name.isascii() else name


ENCODINGS = ("utf-8-sig", "cp932")


def detect_encoding(path: Path) -> str:
    """The first of ENCODINGS that decodes the whole file; when none does, the one with fewest bad bytes.

    In the second case the undecodable rows are quarantined (bad_encoding) and the rest are read.
    """
    errors = {}
    for encoding in ENCODINGS:
        errors[encoding] = _decode_errors(path, encoding)
        if errors[encoding] == 0:
            return encoding
    return min(ENCODINGS, key=lambda encoding: errors[encoding])


def _decode_errors(path: Path, encoding: str) -> int:
    """Replacement characters produced by decoding the file (0 when it is valid in that encoding)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    count = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            text = decoder.decode(chunk)
            count += text.count("\ufffd")
    return count + decoder.decode(b"", final=True).count("\ufffd")


def _csv_rows(path: Path) -> Iterator[tuple[dict, int, str, str | None]]:
    """(row, line number, original text, flag) per CSV record; blank lines are not records."""
    encoding = detect_encoding(path)
    consumed: list[str] = []

    def lines(f):
        for line in f:
            consumed.append(line)
            yield line.replace("\x00", "\ufffd")

    with open(path, encoding=encoding, errors="replace", newline="") as f:
        reader = csv.reader(lines(f))
        try:
            header = next(reader)
        except StopIteration:
            raise InputError(f"{path}: empty file (no header row)") from None
        columns = canonical_header(header, path)
        line_no = len(consumed)
        consumed.clear()
        while True:
            try:
                fields = next(reader)
                error = None
            except StopIteration:
                break
            except csv.Error:
                fields, error = [], FLAG_BAD_ROW
            raw = "".join(consumed)
            start = line_no + 1
            line_no += len(consumed)
            consumed.clear()
            if not fields and error is None:
                continue
            flag = error
            if flag is None and len(fields) != len(columns):
                flag = FLAG_BAD_ROW
            if flag is None and ("\ufffd" in raw or "\x00" in raw):
                flag = FLAG_BAD_ENCODING
            row = {c: v for c, v in zip(columns, fields) if c}
            yield row, start, raw.rstrip("\r\n"), flag


def _jsonl_rows(path: Path) -> Iterator[tuple[dict, int, str, str | None]]:
    seen: set[str] = set()
    rows = 0
    with open(path, encoding=detect_encoding(path), errors="replace", newline="") as f:
        for line_no, line in enumerate(f, start=1):
            text = line.rstrip("\r\n")
            if not text.strip():
                continue
            rows += 1
            try:
                obj = json.loads(text)
            except ValueError:
                obj = None
            if not isinstance(obj, dict):
                yield {}, line_no, text, FLAG_BAD_ROW
                continue
            row = {}
            for key, value in obj.items():
                column = _HEADER_TO_COLUMN.get(_clean_header(str(key)))
                if column:
                    row[column] = _json_value(value)
            seen.update(row)
            flag = FLAG_BAD_ENCODING if ("\ufffd" in text or "\x00" in text) else None
            yield row, line_no, text, flag
    missing = [c for c in REQUIRED_COLUMNS if c not in seen]
    if rows and missing:
        raise InputError(f"{path}: required columns missing: {', '.join(missing)}")


def _json_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(_json_value(v) for v in value)
    return str(value)


def _batched(rows: Iterator[tuple[dict, int, str, str | None]], file_number: int, batch_rows: int):
    columns: dict[str, list] = {c: [] for c in OUTPUT_COLUMNS}
    for row, line_no, raw, flag in rows:
        for c in RAW_COLUMNS:
            columns[c].append(row.get(c))
        columns["_file"].append(file_number)
        columns["_line"].append(line_no)
        columns["_raw"].append(raw)
        columns["_flag"].append(flag)
        if len(columns["_line"]) >= batch_rows:
            yield _to_batch(columns)
            columns = {c: [] for c in OUTPUT_COLUMNS}
    if columns["_line"]:
        yield _to_batch(columns)


_TYPES = {"_file": pa.int32(), "_line": pa.int64()}
_SCHEMA = pa.schema([(c, _TYPES.get(c, pa.string())) for c in OUTPUT_COLUMNS])


def _to_batch(columns: dict[str, list]) -> pa.RecordBatch:
    return pa.RecordBatch.from_pydict(columns, schema=_SCHEMA)
