"""Timings of the dashboard's read side on the current build: every query the pages run, and warm page reruns.

    .venv/bin/python benchmarks/bench_queries.py [--builds-dir DIR] [--runs N]

1. Each page is run once with AppTest while the query runner records every (query, parameters) call, so the
   queries are timed with exactly the parameters the pages use. Each call is then re-executed N times without
   the result cache (a fresh cursor each time), and its median and 95th percentile are printed.
   SQL files no page ran while rendering (the open-data downloads run on click) are timed too when they take no
   parameters, and listed otherwise, so no query goes unmeasured unnoticed.
2. Each page is rerun N times in AppTest after a first run (warm: caches filled), as a user changing a widget
   would see it; median and 95th percentile per page.

Not a test: numbers depend on the machine. Run it on a realistic build (`python -m ingest demo`).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["overview", "trends", "prevention", "map", "methods"]


def percentiles(samples: list[float]) -> tuple[float, float]:
    """Median and 95th percentile, in milliseconds."""
    ms = [s * 1000 for s in samples]
    return statistics.median(ms), statistics.quantiles(ms, n=20, method="inclusive")[18]


def timed(fn, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def app_test(page: str, timeout: float):
    from streamlit import logger
    from streamlit.testing.v1 import AppTest

    logger.set_log_level("error")  # AppTest runs pages outside a server, which Streamlit warns about on each call

    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=timeout)
    at.run()
    if page != PAGES[0]:
        at.switch_page(f"views/{page}.py").run()
    if at.exception:
        raise RuntimeError(f"page {page} raised: {at.exception[0].message}")
    return at


def record_page_queries(runner, timeout: float) -> dict[tuple, object]:
    """Run every page once and collect the distinct (query name, params) calls it makes."""
    calls: dict[tuple, object] = {}
    original = runner._cached

    def recording(build, name, params):
        calls.setdefault((name, params), build)
        return original(build, name, params)

    runner._cached = recording
    try:
        for page in PAGES:
            app_test(page, timeout)
    finally:
        runner._cached = original
    return calls


def describe(params: tuple) -> str:
    return ", ".join(f"{k}={v.isoformat() if hasattr(v, 'isoformat') else v}" for k, v in params)


def print_table(title: str, header: tuple[str, ...], rows: list[tuple], align: str) -> None:
    """A plain text table; align has one letter per column, l(eft) or r(ight)."""
    print(f"\n{title}")
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows)]
    for i, row in enumerate([header, *rows]):
        cells = [str(c).ljust(w) if a == "l" else str(c).rjust(w) for c, w, a in zip(row, widths, align)]
        print("  ".join(cells).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--builds-dir", type=Path, help="builds folder (default: $KANAGAWA_BUILDS_DIR or data/builds)")
    parser.add_argument("--runs", type=int, default=20, help="repetitions per query and per page (default 20)")
    parser.add_argument("--timeout", type=float, default=60, help="AppTest timeout per page run, seconds")
    args = parser.parse_args(argv)
    if args.runs < 2:
        parser.error("--runs must be at least 2")
    if args.builds_dir:
        os.environ["KANAGAWA_BUILDS_DIR"] = str(args.builds_dir.resolve())
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)

    from queries import runner

    try:
        build = runner.current_build()
    except runner.NoBuild:
        print("no build published: run `python -m ingest demo` first", file=sys.stderr)
        return 1
    print(f"build {build.build_id} ({Path(build.path).name}), {args.runs} runs each")

    calls = record_page_queries(runner, args.timeout)
    uncached = runner._cached.__wrapped__
    rows = []
    for (name, params), call_build in sorted(calls.items(), key=lambda item: (item[0][0], str(item[0][1]))):
        result = uncached(call_build, name, params)
        median, p95 = percentiles(timed(lambda: uncached(call_build, name, params), args.runs))
        rows.append((name, len(result), f"{median:.1f}", f"{p95:.1f}", describe(params)))
    # Files no page ran while rendering (e.g. behind a download button): timed when they take no parameters.
    unused = sorted({p.stem for p in runner.SQL_DIR.glob("*.sql")} - {name for name, _ in calls})
    for name in [n for n in unused if not runner.sql_parameters(n)]:
        result = uncached(build, name, ())
        median, p95 = percentiles(timed(lambda: uncached(build, name, ()), args.runs))
        rows.append((name, len(result), f"{median:.1f}", f"{p95:.1f}", "(none; not run while rendering)"))
    print_table("Queries (uncached, parameters as the pages call them)",
                ("query", "rows", "median ms", "p95 ms", "parameters"), rows, "lrrrl")
    untimed = [n for n in unused if runner.sql_parameters(n)]
    if untimed:
        print(f"\nSQL files with parameters no page ran (not timed): {', '.join(untimed)}")

    rows = []
    for page in PAGES:
        at = app_test(page, args.timeout)
        median, p95 = percentiles(timed(at.run, args.runs))
        rows.append((page, f"{median:.1f}", f"{p95:.1f}"))
    print_table("Pages (AppTest, warm reruns)", ("page", "median ms", "p95 ms"), rows, "lrr")
    return 0


if __name__ == "__main__":
    sys.exit(main())
