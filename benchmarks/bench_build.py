"""Cost of the ingest build against a bare DuckDB scan of the same input.

    .venv/bin/python benchmarks/bench_build.py [--responses N] [--seed S] [--keep-builds DIR]

Generates N synthetic answers once with `ingest.demo.generate` (Parquet, in a temporary folder), then times
(a) the full build (`ingest.build.build`: read, judge, aggregate, derive and audit the public build, publish),
split into its staff part and its public part (whose linear programs grow with the number of suppressed cells,
not with the number of answers), (b) a bare DuckDB scan and group-by of the same Parquet files (answer day x
postal code: answers and fevers), (b') every column of the same files read as text and the distinct answer ids
counted, with no rule applied: the least any build that checks every answer pays, (b'') the rules-free floor: the
bare scan's group-by plus the two group-bys that DESIGN.md's rules need whatever else a build does (repeated answer
ids; the last answer of each respondent and day), on hashes of the raw ids, and (c) the alternative a small team
would write: the build's responses_daily with pandas alone (benchmarks/bench_pandas.py; tests/test_bench_pandas.py
keeps it equal to the build's). Each step runs in its own subprocess, so its peak
memory (ru_maxrss from os.wait4) is its own; the wall time is the step alone, without interpreter start-up and
imports. The last lines are build / bare, every column / bare, floor / bare, pandas / bare, staff build alone / bare
and build / floor.

Not a test: numbers depend on the machine and on what else runs on it.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BARE_SQL = """
SELECT answered_at[:10] AS day, postal_code, count(*) AS answers, count_if(fever = 'true') AS fever
FROM read_parquet($files)
GROUP BY ALL
"""
# The least a build that checks every answer must do, with no rule applied: read every column as text and
# tell repeated answer ids apart (DESIGN.md's duplicate rule needs that much).
EVERY_COLUMN_SQL = """
SELECT count(DISTINCT response_id) AS ids, max(length(COLUMNS(*)::VARCHAR))
FROM read_parquet($files)
"""
# The bare scan's group-by plus the group-bys DESIGN.md's rules require of any build, with no rule applied: find
# the repeated answer ids (they are judged apart), keep each respondent's last answer of a day, then count. Done as
# cheaply as found: the ids are 64-bit hashes (a collision would merge two answers, so this is a lower bound on the
# work, not a build), and the last answer's columns are carried by arg_max instead of joined back (at 24 M answers
# 3.0-3.3x the bare scan, against 3.6-3.8x for the same with the ids as text and a semi join).
FLOOR_SQL = """
WITH answers AS (
    SELECT hash(response_id) AS answer, hash(respondent_id) AS respondent, answered_at, answered_at[:10] AS day,
           postal_code, fever
    FROM read_parquet($files)
),
repeated AS (SELECT answer FROM answers GROUP BY answer HAVING count(*) > 1),
latest AS (
    SELECT day, arg_max(postal_code, (answered_at, answer)) AS postal_code,
           arg_max(fever, (answered_at, answer)) AS fever
    FROM answers ANTI JOIN repeated USING (answer)
    GROUP BY respondent, day
)
SELECT count(*) AS groups, sum(answers)::BIGINT AS answers FROM (
    SELECT day, postal_code, count(*) AS answers, count_if(fever = 'true') AS fever
    FROM latest
    GROUP BY ALL)
"""


def step_generate(raw: Path, responses: int, seed: int) -> dict:
    from ingest import demo

    start = time.perf_counter()
    paths = demo.generate(raw, responses=responses, seed=seed)
    return {"seconds": time.perf_counter() - start, "rows": responses, "detail": f"{len(paths)} Parquet file(s)"}


def step_build(raw: Path, out: Path) -> dict:
    from ingest.build import build

    steps = {}  # the first moment of each phase the build reports: reading, judging, aggregating, public build
    start = time.perf_counter()
    result = build([raw], out, synthetic=True,
                   progress=lambda step, done, total: steps.setdefault(step.split()[0], time.perf_counter()))
    seconds = time.perf_counter() - start
    staff = steps["public"] - start  # read, judge, aggregate: everything before the public step
    phases = [*steps.values(), start + seconds]
    times = ", ".join(f"{name} {end - begin:.1f} s" for name, begin, end in zip(steps, phases, phases[1:]))
    info = result.info
    return {"seconds": seconds, "rows": info["rows_read"], "staff_seconds": staff,
            "detail": f"{info['rows_accepted']} accepted, {info['rows_quarantined']} quarantined; "
                      f"staff build {staff:.2f} s + public build (suppression, audit) {seconds - staff:.2f} s "
                      f"({times})"}


def _timed_sql(raw: Path, query: str) -> tuple[float, list[tuple]]:
    """Seconds and rows of one query over the Parquet files in raw ($files), on a fresh in-memory DuckDB."""
    import duckdb

    files = sorted(str(p) for p in raw.glob("*.parquet"))
    con = duckdb.connect()
    start = time.perf_counter()
    rows = con.execute(query, {"files": files}).fetchall()
    seconds = time.perf_counter() - start
    con.close()
    return seconds, rows


def step_bare(raw: Path) -> dict:
    seconds, groups = _timed_sql(raw, BARE_SQL)
    return {"seconds": seconds, "rows": sum(g[2] for g in groups), "detail": f"{len(groups)} groups"}


def step_every_column(raw: Path) -> dict:
    seconds, ((ids, *_),) = _timed_sql(raw, EVERY_COLUMN_SQL)
    rows = sum(pq.ParquetFile(f).metadata.num_rows for f in raw.glob("*.parquet"))
    return {"seconds": seconds, "rows": rows, "detail": f"every column read as text, {ids} distinct answer ids"}


def step_floor(raw: Path) -> dict:
    seconds, ((groups, answers),) = _timed_sql(raw, FLOOR_SQL)
    return {"seconds": seconds, "rows": answers,
            "detail": f"{groups} groups of last answers, no rule applied (repeated ids, respondent-days)"}


def step_pandas(raw: Path) -> dict:
    from benchmarks.bench_pandas import responses_daily
    from ingest.reference import kanagawa_postal_codes

    files, postal_codes = sorted(raw.glob("*.parquet")), kanagawa_postal_codes()
    start = time.perf_counter()
    table = responses_daily(files, postal_codes)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": sum(pq.ParquetFile(f).metadata.num_rows for f in files),
            "detail": f"responses_daily: {len(table)} rows, {table['respondents'].sum()} respondent-days"}


def run_step(args: list[str]) -> dict:
    """Run this script as `--step ...` in a child process; its result plus the child's own peak memory."""
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"step {args[1]} failed with exit code {proc.returncode}")
    result = json.loads(output.strip().splitlines()[-1])
    result["peak_mib"] = usage.ru_maxrss / 1024  # KiB on Linux
    return result


def print_table(rows: list[tuple]) -> None:
    header = ("step", "rows", "wall s", "rows/s", "peak MiB", "")
    cells = [header, *rows]
    widths = [max(len(str(r[i])) for r in cells) for i in range(len(header))]
    for row in cells:
        print("  ".join(str(c).ljust(w) if i in (0, 5) else str(c).rjust(w)
                        for i, (c, w) in enumerate(zip(row, widths))).rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=None, help="answers to generate (default: the demo size)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep-builds", type=Path, metavar="DIR",
                        help="publish the build in DIR and keep it (e.g. for bench_queries.py --builds-dir DIR)")
    parser.add_argument("--step", choices=["generate", "build", "bare", "every_column", "floor", "pandas"],
                        help=argparse.SUPPRESS)
    parser.add_argument("--raw", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.step:  # child process: one step, one JSON line
        steps = {"generate": lambda: step_generate(args.raw, args.responses, args.seed),
                 "build": lambda: step_build(args.raw, args.out),
                 "bare": lambda: step_bare(args.raw),
                 "every_column": lambda: step_every_column(args.raw),
                 "floor": lambda: step_floor(args.raw),
                 "pandas": lambda: step_pandas(args.raw)}
        print(json.dumps(steps[args.step]()))
        return

    if args.responses is None:
        from ingest.demo import DEFAULT_RESPONSES

        args.responses = DEFAULT_RESPONSES
    with tempfile.TemporaryDirectory(prefix="bench_build-") as tmp:
        raw, out = Path(tmp, "raw"), args.keep_builds or Path(tmp, "builds")
        results = {
            "generate": run_step(["--step", "generate", "--raw", str(raw), "--responses", str(args.responses),
                                  "--seed", str(args.seed)]),
            "build": run_step(["--step", "build", "--raw", str(raw), "--out", str(out)]),
            "bare": run_step(["--step", "bare", "--raw", str(raw)]),
            "every column": run_step(["--step", "every_column", "--raw", str(raw)]),
            "floor": run_step(["--step", "floor", "--raw", str(raw)]),
            "pandas": run_step(["--step", "pandas", "--raw", str(raw)]),
        }
    print(f"{args.responses} demo answers, seed {args.seed}; {os.cpu_count()} CPUs; "
          f"parent peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    print_table([(name, r["rows"], f"{r['seconds']:.2f}", f"{r['rows'] / r['seconds']:,.0f}",
                  f"{r['peak_mib']:.0f}", r["detail"]) for name, r in results.items()])
    bare = results["bare"]["seconds"]
    for step in ("build", "every column", "floor", "pandas"):
        print(f"{step} / bare: {results[step]['seconds'] / bare:.1f}x wall time, "
              f"{results[step]['peak_mib'] / results['bare']['peak_mib']:.1f}x peak memory")
    print(f"staff build alone / bare: {results['build']['staff_seconds'] / bare:.1f}x wall time")
    print(f"build / floor: {results['build']['seconds'] / results['floor']['seconds']:.1f}x wall time")


if __name__ == "__main__":
    main()
