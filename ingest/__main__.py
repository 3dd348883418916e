"""Command line: python -m ingest build|demo|info (see README)."""

import argparse
import datetime as dt
import json
import sys
from contextlib import contextmanager
from pathlib import Path

import duckdb

from ingest import publish
from ingest.build import DEFAULT_MIN_CELL, DEFAULT_MIN_DENOMINATOR, BuildError, build
from ingest.read import InputError
from ingest.schema import SCHEMA_VERSION, TABLES

DEMO_RAW_DIR = Path(__file__).resolve().parent.parent / "data" / "raw" / "demo"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.command(args)
    except (InputError, BuildError, publish.PointerError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted; nothing was published", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ingest", description=__doc__)
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="validate, aggregate and publish raw answer files")
    p.add_argument("paths", nargs="+", metavar="PATH", help="CSV, JSONL or Parquet files, or folders of them")
    p.add_argument("--out", type=Path, help="builds folder (default: $KANAGAWA_BUILDS_DIR or data/builds)")
    p.add_argument("--json", action="store_true", help="print one JSON object and no progress")
    p.add_argument("--synthetic", action="store_true", help="mark the build as synthetic (demo) data")
    p.add_argument("--today", type=dt.date.fromisoformat, help="reference date for future_date (default: today, JST)")
    _threshold_arguments(p)
    p.set_defaults(command=_build)

    p = sub.add_parser("demo", help="generate synthetic answers calibrated to published figures, and build them")
    p.add_argument("--responses", type=int, default=None, help="number of answers (default: the demo size)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--raw", type=Path, default=DEMO_RAW_DIR, help="folder for the generated raw files")
    p.add_argument("--out", type=Path, help="builds folder (default: $KANAGAWA_BUILDS_DIR or data/builds)")
    p.add_argument("--json", action="store_true", help="print one JSON object and no progress")
    _threshold_arguments(p)
    p.set_defaults(command=_demo)

    p = sub.add_parser("info", help="describe the current published build")
    p.add_argument("--out", type=Path, help="builds folder (default: $KANAGAWA_BUILDS_DIR or data/builds)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(command=_info)
    return parser


def _threshold_arguments(p: argparse.ArgumentParser) -> None:
    """The privacy thresholds of the public build; both are recorded in build_info."""
    p.add_argument("--min-cell", type=_positive, default=DEFAULT_MIN_CELL,
                   help=f"smallest respondent count a public cell may show (default {DEFAULT_MIN_CELL})")
    p.add_argument("--min-denominator", type=_positive, default=DEFAULT_MIN_DENOMINATOR,
                   help=f"smallest pooled denominator a rate is shown for (default {DEFAULT_MIN_DENOMINATOR})")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


@contextmanager
def _progress(quiet: bool):
    """A rich progress line on a terminal; silence with --json or when stderr is not a terminal."""
    if quiet or not sys.stderr.isatty():
        yield lambda step, done, total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  transient=True) as bar:
        task = bar.add_task("starting", total=None)

        def update(step: str, done: int, total: int | None) -> None:
            bar.update(task, description=step, completed=done, total=total)

        yield update


def _report(result, as_json: bool) -> None:
    summary = {"path": str(result.path), "build_id": result.build_id,
               **{k: _jsonable(v) for k, v in result.info.items() if k != "build_id"},
               "quarantine_path": str(result.quarantine_path), "quarantine_reasons": result.reasons,
               "public_path": str(result.public_path),
               "public_suppression": result.suppression.to_dict(orient="records")}
    if as_json:
        print(json.dumps(summary, ensure_ascii=False))
        return
    print(f"published {result.path}")
    print(f"      and {result.public_path} (audited: no suppressed cell can be narrowed below "
          f"{result.info['min_cell']})")
    for key in ("first_date", "last_date", "rows_read", "rows_accepted", "rows_quarantined", "rows_no_consent",
                "rows_duplicate", "is_synthetic"):
        print(f"  {key:17} {summary[key]}")
    if result.reasons:
        print(f"  quarantined rows: {result.quarantine_path}")
        for reason, n in result.reasons.items():
            print(f"    {reason:24} {n}")
    print("  public build, suppressed:      cells                respondents")
    for row in result.suppression.itertuples():
        print(f"    {row.grain:34} {row.cells_suppressed:>7,}/{row.cells:<7,} {row.cells_suppressed_share:6.1%}"
              f"   {row.respondents_suppressed:>9,}/{row.respondents:<9,} {row.respondents_suppressed_share:6.1%}")


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def _jsonable(value):
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def _build(args) -> int:
    with _progress(args.json) as progress:
        result = build(args.paths, args.out, synthetic=args.synthetic, today=args.today, progress=progress,
                       min_cell=args.min_cell, min_denominator=args.min_denominator)
    _report(result, args.json)
    return 0


def _demo(args) -> int:
    from ingest import demo

    responses = args.responses if args.responses is not None else demo.DEFAULT_RESPONSES
    if responses <= 0:
        raise BuildError("--responses must be a positive number")
    raw_dir = args.raw / f"n{responses}-seed{args.seed}"
    with _progress(args.json) as progress:
        if not (raw_dir / "COMPLETE").exists():
            for old in raw_dir.glob("*.parquet"):
                old.unlink()
            raw_dir.mkdir(parents=True, exist_ok=True)
            demo.generate(raw_dir, responses=responses, seed=args.seed,
                          progress=lambda done, total: progress("generating demo answers", done, total))
            (raw_dir / "COMPLETE").write_text("generated\n")
        result = build([raw_dir], args.out, synthetic=True, progress=progress, min_cell=args.min_cell,
                       min_denominator=args.min_denominator)
    _report(result, args.json)
    return 0


def _info(args) -> int:
    pointer = publish.read_pointer(args.out)
    if not pointer:
        builds = args.out or publish.default_builds_dir()
        print(f"error: no build published in {builds}; make one with: python -m ingest demo", file=sys.stderr)
        return 1
    try:
        con = duckdb.connect(pointer["staff_path"], read_only=True)
    except (duckdb.Error, OSError) as exc:
        print(f"error: {pointer['staff_path']} cannot be opened ({_one_line(exc)}); publish a build again",
              file=sys.stderr)
        return 1
    try:
        problem = publish.truncation(con, pointer["staff_path"])
        cursor = con.execute("SELECT * FROM build_info")
        names = [d[0] for d in cursor.description]
        info = dict(zip(names, cursor.fetchone()))
        tables = {t: con.execute("SELECT count(*) FROM query_table($table)", {"table": t}).fetchone()[0]
                  for (t,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()}
    except (duckdb.Error, TypeError) as exc:  # TypeError: build_info holds no row
        print(f"error: {pointer['staff_path']} is not a readable build ({_one_line(exc)}); publish a build again",
              file=sys.stderr)
        return 1
    finally:
        con.close()
    missing = [t for t in TABLES if t not in tables]
    if problem or missing:
        print(f"error: {problem or pointer['staff_path'] + ' lacks tables ' + ', '.join(missing)}; "
              "publish a build again", file=sys.stderr)
        return 1
    if info.get("schema_version") != SCHEMA_VERSION:
        print(f"error: {pointer['staff_path']} has schema version {info.get('schema_version')}, this version "
              f"reads {SCHEMA_VERSION}; rebuild it with this version (python -m ingest build PATH)", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"path": pointer["staff_path"], **{k: _jsonable(v) for k, v in info.items()},
                          "tables": tables}, ensure_ascii=False))
        return 0
    print(f"current build: {pointer['staff_path']}")
    for key, value in info.items():
        print(f"  {key:17} {_jsonable(value)}")
    print("  tables:")
    for table, n in tables.items():
        print(f"    {table:24} {n} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
