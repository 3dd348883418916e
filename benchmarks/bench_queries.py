"""Timings of the dashboard's read side on the current build: every query the pages run, and warm page reruns.

    .venv/bin/python benchmarks/bench_queries.py [--builds-dir DIR] [--runs N] [--audience staff|public|both]

Both audiences by default: a staff app on the staff build file and a public app (DASHBOARD_AUDIENCE=public) on
the public one, when the build has one.
1. Each page is run once with AppTest while the query runner records every (query, parameters) call, so the
   queries are timed with exactly the parameters the pages use. Each call is then re-executed N times without
   the result cache (a fresh cursor each time), and its median and 95th percentile are printed.
   SQL files no page ran while rendering (the open-data downloads run on click) are timed too when they take no
   parameters (public_*.sql on the public file, the others on the staff file), and listed otherwise, so no query
   goes unmeasured unnoticed.
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
    from streamlit import config, logger
    from streamlit.testing.v1 import AppTest

    logger.set_log_level("error")  # AppTest runs pages outside a server, which Streamlit warns about on each call
    # Run as `make run` serves the app: on loopback and without secrets, so a staff app without sign-in opens
    # (dashboard/auth.py refuses it on any other address, and [auth] would show the sign-in page instead).
    config.set_option("server.address", "127.0.0.1")
    config.set_option("secrets.files", [])

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
    parser.add_argument("--audience", choices=["staff", "public", "both"], default="both",
                        help="which app to run (default both; public is skipped when the build has no public file)")
    args = parser.parse_args(argv)
    if args.runs < 2:
        parser.error("--runs must be at least 2")
    if args.builds_dir:
        os.environ["KANAGAWA_BUILDS_DIR"] = str(args.builds_dir.resolve())
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)

    from queries import runner

    builds = {}
    for audience in ["staff", "public"] if args.audience == "both" else [args.audience]:
        try:
            builds[audience] = runner.current_build(audience=audience)
        except runner.NoBuild:
            if args.audience != "both" or audience == "staff":
                print(f"no {audience} build published: run `python -m ingest demo` first", file=sys.stderr)
                return 1
    print(f"build {builds['staff' if 'staff' in builds else 'public'].build_id} "
          f"({', '.join(Path(b.path).name for b in builds.values())}), {args.runs} runs each")

    calls: dict[tuple, object] = {}
    for audience in builds:
        os.environ["DASHBOARD_AUDIENCE"] = audience  # read by dashboard/auth.py on every run
        calls |= {(name, params, audience): build
                  for (name, params), build in record_page_queries(runner, args.timeout).items()}
    uncached = runner._cached.__wrapped__
    rows = []
    for (name, params, audience), call_build in sorted(calls.items(), key=lambda item: str(item[0])):
        result = uncached(call_build, name, params)
        median, p95 = percentiles(timed(lambda: uncached(call_build, name, params), args.runs))
        rows.append((name, audience, len(result), f"{median:.1f}", f"{p95:.1f}", describe(params)))
    # Files no page ran while rendering (e.g. behind a download button): timed when they take no parameters,
    # on the file of their audience.
    unused = sorted({p.stem for p in runner.SQL_DIR.glob("*.sql")} - {name for name, _, _ in calls})
    for name in [n for n in unused if not runner.sql_parameters(n)]:
        build = builds.get("public" if name.startswith("public_") else "staff")
        if build is None:
            continue
        result = uncached(build, name, ())
        median, p95 = percentiles(timed(lambda: uncached(build, name, ()), args.runs))
        rows.append((name, build.audience, len(result), f"{median:.1f}", f"{p95:.1f}",
                     "(none; not run while rendering)"))
    print_table("Queries (uncached, parameters as the pages call them)",
                ("query", "file", "rows", "median ms", "p95 ms", "parameters"), rows, "llrrrl")
    untimed = [n for n in unused if runner.sql_parameters(n)]
    if untimed:
        print(f"\nSQL files with parameters no page ran (not timed): {', '.join(untimed)}")

    rows = []
    for audience in builds:
        os.environ["DASHBOARD_AUDIENCE"] = audience
        for page in PAGES:
            at = app_test(page, args.timeout)
            median, p95 = percentiles(timed(at.run, args.runs))
            rows.append((audience, page, f"{median:.1f}", f"{p95:.1f}"))
    print_table("Pages (AppTest, warm reruns)", ("app", "page", "median ms", "p95 ms"), rows, "llrr")
    return 0


if __name__ == "__main__":
    sys.exit(main())
