"""Concurrent viewers: N real headless-Chromium sessions against one Streamlit server process.

    .venv/bin/python benchmarks/bench_concurrency.py [--builds-dir DIR] [--sessions 10,25,50]
        [--reruns staggered|together] [--clients browsers|websockets] [--json]

For each N a fresh server (`streamlit run dashboard/app.py`, started as tests/servers.py does) serves the builds
folder; without --builds-dir a demo build is made first in a temporary folder (`python -m ingest demo`). One
warm-up session loads the page and changes the filter once, as the first viewer of the day would. Then N browser
sessions (one Debian Chromium; one context each, like N separate browsers, or with --browsers tabs N tabs of one
context) start together; each
  1. loads the page (default: trends) and waits until the app has rendered: the script is not running, no
     running indicator ([data-testid="stStatusWidget"]), a chart drawn, the chart card's title present;
  2. changes a filter (trends: the metric radio, fever -> fever_4d; map: the metric selectbox) and waits for
     the rerun to finish the same way, on the title the new metric gives the card. By default each session
     does so as soon as its page has rendered, while others may still be loading theirs; with --reruns
     together all sessions wait until every page has rendered and the machine is quiet (browser and server
     below QUIET_CORES of CPU), then change the filter at the same moment.
A session fails on a timeout, an exception element ([data-testid="stException"]) or any browser error.

Reported per N, over the sessions that did not fail: p50/p95 of the initial render and of the rerun, and the same
up to the server's last "script finished" message on the tab's websocket (before the browser draws the last of
it); failed sessions; the server's memory, as the RSS of its process tree read from /proc every 0.5 s (start =
after the warm-up, peak during the sessions, end = a few seconds after every session closed); and the CPU time
that the server's processes and the browser's used during the sessions, which tells which kept the cores busy.

The browser runs on the same machine as the server, so the times include waiting for the CPU the browser uses.
With --clients websockets the server alone is measured, as if the browsers were on the viewers' own machines: the
warm-up session (real Chromium) records the two messages its tab sent to the server (load the page, change the
filter), and N websocket clients replay them, each waiting for its run's "script finished" message; nothing is
drawn, so initial and rerun are the script-done times.
Not a test: numbers depend on the machine and on what else runs on it (the load average is printed).
"""

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from dashboard.i18n import strings
from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.browser import script_finished
from tests.servers import dashboard_server

LANG = "ja"
# A run of the whole script, or of one fragment (the trends page's chart controls rerun only their fragment).
FINISHED = {ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
            ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
STREAM = "/_stcore/stream"  # the app's websocket
SAMPLE_SECONDS = 0.5
SETTLE_SECONDS = 3  # after the last session closed, before the "end" memory sample
QUIET_CORES = 0.2  # --reruns together: the filter changes once the browser and server use less than this
VIEWPORT = {"width": 1400, "height": 1000}

# True once the app has rendered: script finished, no running indicator, a chart drawn and the expected
# card title shown; "error" as soon as an exception element is shown.
RENDERED = """(title) => {
  if (document.querySelector('[data-testid="stException"]')) return "error";
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  if (!document.querySelector('[data-testid="stVegaLiteChart"] .marks, [data-testid="stDeckGlJsonChart"] canvas'))
    return false;
  return [...document.querySelectorAll('h1, h2, h3')].some((h) => h.textContent.includes(title));
}"""


def _t(key: str, **values) -> str:
    return strings(LANG)[key].format(**values)


class Scenario:
    """A page, the card title that shows it has rendered, and the filter change with the title it leads to."""

    def __init__(self, path: str, title: str, new_title: str, change):
        self.path, self.title, self.new_title, self.change = path, title, new_title, change


async def _click_metric_radio(page) -> None:
    group = page.get_by_role("radiogroup", name=_t("common.filter.metric"))
    await group.get_by_text(_t("common.metric.fever_4d"), exact=True).click()


async def _choose_metric_option(page) -> None:
    await page.get_by_role("combobox", name=_t("common.filter.metric"), exact=True).click()
    await page.get_by_role("option", name=_t("common.metric.fever_4d"), exact=True).click()


SCENARIOS = {
    "trends": Scenario("/trends", _t("trends.card.rate_title", metric=_t("common.metric.fever")),
                       _t("trends.card.rate_title", metric=_t("common.metric.fever_4d")), _click_metric_radio),
    "map": Scenario("/map", _t("common.metric.fever"), _t("common.metric.fever_4d"), _choose_metric_option),
}


# --- memory and CPU of the server's and the browser's process trees, from /proc --------------------------------

def _processes() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, CPU ticks used: user + system) of every process."""
    found = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            found[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    return found


def descendants(pid: int, processes: dict[int, tuple[int, int]]) -> set[int]:
    """pid and every process below it."""
    children: dict[int, list[int]] = {}
    for p, (ppid, _) in processes.items():
        children.setdefault(ppid, []).append(p)
    tree, todo = set(), [pid]
    while todo:
        p = todo.pop()
        tree.add(p)
        todo += children.get(p, [])
    return tree


def rss(pids: set[int]) -> int:
    """Resident memory in bytes of these processes (0 for those gone meanwhile)."""
    total, page = 0, os.sysconf("SC_PAGE_SIZE")
    for p in pids:
        try:
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * page
        except OSError:
            continue
    return total


def server_pid() -> int:
    """The streamlit process tests.servers.dashboard_server started: this process's child running streamlit."""
    for pid, (ppid, _) in _processes().items():
        try:
            if ppid == os.getpid() and b"streamlit" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return pid
        except OSError:
            continue
    raise RuntimeError("streamlit server process not found among this process's children")


class Sampler:
    """Every SAMPLE_SECONDS on a thread: the server tree's RSS (samples: seconds since start, bytes), and the CPU
    time of the server tree and of the browser (every other process below this one: Playwright's driver and
    Chromium). CPU is the ticks each process used since the first sample, at its last sample, so a process that
    ends between two samples loses at most its last interval."""

    def __init__(self, pid: int):
        self.pid, self.samples, self._stop = pid, [], threading.Event()
        self._start = time.monotonic()
        self._base = {p: ticks for p, (_, ticks) in _processes().items()}
        self._used: dict[str, dict[int, int]] = {"server": {}, "browser": {}}
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            processes = _processes()
            server = descendants(self.pid, processes)
            browser = descendants(os.getpid(), processes) - server - {os.getpid()}
            self.samples.append((time.monotonic() - self._start, rss(server)))
            for name, pids in (("server", server), ("browser", browser)):
                for p in pids:
                    if p in processes:
                        self._used[name][p] = processes[p][1] - self._base.get(p, 0)
            self._stop.wait(SAMPLE_SECONDS)

    def cpu_seconds(self, name: str) -> float:
        return sum(self._used[name].values()) / os.sysconf("SC_CLK_TCK")

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


# --- the browser sessions ------------------------------------------------------------------------------------

async def _rendered(page, title: str, timeout_ms: float) -> None:
    handle = await page.wait_for_function(RENDERED, arg=title, timeout=timeout_ms, polling=100)
    if await handle.json_value() == "error":
        raise RuntimeError("exception element on the page")


class ScriptRuns:
    """When the server's "script finished" messages of one tab arrive on its websocket (/_stcore/stream).

    The time from a request to the last successful finish (of the script or of a fragment) before the page had
    rendered ("script done") leaves out the browser's drawing after the last message; the rest is the same.
    """

    def __init__(self, page):
        self.finished: list[float] = []
        page.on("websocket", self._watch)

    def _watch(self, ws) -> None:
        if ws.url.endswith(STREAM):
            ws.on("framereceived", self._frame)

    def _frame(self, payload) -> None:
        if script_finished(payload) in FINISHED:
            self.finished.append(time.perf_counter())

    def since(self, began: float) -> float | None:
        return self.finished[-1] - began if self.finished and self.finished[-1] > began else None


class Gate:
    """Opens once every one of n sessions has arrived (its page rendered, or it failed) and the machine has gone
    quiet: a rendered page may still be drawing what lies below its first chart."""

    def __init__(self, n: int):
        self.left, self.opened = n, asyncio.Event()

    async def arrive(self) -> None:
        self.left -= 1
        if self.left == 0:
            await quiet()
            self.opened.set()
        await self.opened.wait()


async def quiet(cores: float = QUIET_CORES, most_seconds: float = 120) -> None:
    """Wait until this process and everything below it (browser, server) use less than `cores` over a second."""
    def ticks() -> int:
        processes = _processes()
        return sum(processes[p][1] for p in descendants(os.getpid(), processes) if p in processes)

    deadline = time.monotonic() + most_seconds
    before = ticks()
    while time.monotonic() < deadline:
        await asyncio.sleep(1)
        now = ticks()
        if (now - before) / os.sysconf("SC_CLK_TCK") < cores:
            return
        before = now


def _failure(exc: Exception) -> str:
    return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


async def one_session(context, url: str, scenario: Scenario, start: asyncio.Event, timeout_ms: float,
                      rendered_all: Gate | None) -> dict:
    """Load, wait for the render, (with rendered_all: wait until every session has rendered), change the filter,
    wait for the rerun: times in seconds, or the failure."""
    page = await context.new_page()
    runs = ScriptRuns(page)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    result: dict = {}
    await start.wait()
    try:
        began = time.perf_counter()
        await page.goto(url, timeout=timeout_ms)
        await _rendered(page, scenario.title, timeout_ms)
        result["initial"], result["initial_script"] = time.perf_counter() - began, runs.since(began)
    except Exception as exc:  # noqa: BLE001 - every failure is counted and reported, not raised
        result["failure"] = _failure(exc)
    if rendered_all is not None:
        await rendered_all.arrive()
    if "failure" in result:
        return result
    try:
        began = time.perf_counter()
        await scenario.change(page)
        await _rendered(page, scenario.new_title, timeout_ms)
        result["rerun"], result["rerun_script"] = time.perf_counter() - began, runs.since(began)
        if errors:
            raise RuntimeError(f"browser error: {errors[0]}")
    except Exception as exc:  # noqa: BLE001
        result["failure"] = _failure(exc)
    return result


async def run_sessions(base: str, scenario: Scenario, n: int, timeout_ms: float, tabs: bool,
                       together: bool = False) -> list[dict]:
    """n sessions in one browser: n tabs of one context (tabs=True) or one context each; together: every
    session changes its filter at the same moment, once all have rendered."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            start = asyncio.Event()
            contexts = [await browser.new_context(viewport=VIEWPORT) for _ in range(1 if tabs else n)]
            for c in contexts:
                c.set_default_timeout(timeout_ms)
            rendered_all = Gate(n) if together else None
            tasks = [asyncio.create_task(one_session(contexts[i % len(contexts)], base + scenario.path, scenario,
                                                     start, timeout_ms, rendered_all)) for i in range(n)]
            await asyncio.sleep(0.5)  # every session waits at the start line
            start.set()
            results = await asyncio.gather(*tasks)
            for c in contexts:
                await c.close()
        finally:
            await browser.close()
    return results


# --- websocket clients: the server without the browsers' drawing -----------------------------------------------

async def recorded_session(base: str, scenario: Scenario, timeout_ms: float) -> tuple[dict, bytes, bytes]:
    """One Chromium session (the warm-up): its times, and the messages its tab sent to load the page and to change
    the filter, without the hashes of the messages it had cached (a replaying client has none)."""
    from playwright.async_api import async_playwright

    sent: list[bytes] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = await (await browser.new_context(viewport=VIEWPORT)).new_page()
            page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame))
                    if ws.url.endswith(STREAM) else None)
            began = time.perf_counter()
            await page.goto(base + scenario.path, timeout=timeout_ms)
            await _rendered(page, scenario.title, timeout_ms)
            times, loaded, began = {"initial": time.perf_counter() - began}, len(sent), time.perf_counter()
            await scenario.change(page)
            await _rendered(page, scenario.new_title, timeout_ms)
            times["rerun"] = time.perf_counter() - began
        finally:
            await browser.close()

    def reruns(frames: list[bytes]) -> list[bytes]:
        found = []
        for frame in frames:
            msg = BackMsg()
            msg.ParseFromString(frame)
            if msg.WhichOneof("type") == "rerun_script":
                msg.rerun_script.ClearField("cached_message_hashes")
                found.append(msg.SerializeToString())
        return found

    return times, reruns(sent[:loaded])[0], reruns(sent[loaded:])[-1]


async def _run_done(ws, title: str, timeout_s: float) -> None:
    """Read the server's messages until a run has finished and sent the card title; an exception element or a
    failed run raises."""
    title_sent = False
    async with asyncio.timeout(timeout_s):
        async for payload in ws:
            msg = ForwardMsg()
            msg.ParseFromString(payload)
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element" \
                    and msg.delta.new_element.WhichOneof("type") == "exception":
                raise RuntimeError("exception element on the page")
            title_sent = title_sent or (kind == "delta" and title.encode() in payload)
            if kind == "script_finished" and msg.script_finished in FINISHED:
                if not title_sent:
                    raise RuntimeError(f"the run finished without the title {title!r}")
                return
            if kind == "script_finished" and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                raise RuntimeError(f"script finished with status {msg.script_finished}")
    raise RuntimeError("the server closed the websocket")


async def websocket_session(url: str, scenario: Scenario, load: bytes, change: bytes, start: asyncio.Event,
                            timeout_ms: float, rendered_all: Gate | None) -> dict:
    """one_session's steps as a websocket client: send the recorded messages, wait for each run to finish."""
    import websockets

    result: dict = {}
    ws = None
    await start.wait()
    try:
        began = time.perf_counter()
        ws = await websockets.connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=timeout_ms / 1000)
        await ws.send(load)
        await _run_done(ws, scenario.title, timeout_ms / 1000)
        result["initial"] = result["initial_script"] = time.perf_counter() - began
    except Exception as exc:  # noqa: BLE001 - every failure is counted and reported, not raised
        result["failure"] = _failure(exc)
    if rendered_all is not None:
        await rendered_all.arrive()
    try:
        if "failure" not in result:
            began = time.perf_counter()
            await ws.send(change)
            await _run_done(ws, scenario.new_title, timeout_ms / 1000)
            result["rerun"] = result["rerun_script"] = time.perf_counter() - began
    except Exception as exc:  # noqa: BLE001
        result["failure"] = _failure(exc)
    finally:
        if ws is not None:
            await ws.close()
    return result


async def run_websocket_clients(base: str, scenario: Scenario, load: bytes, change: bytes, n: int,
                                timeout_ms: float, together: bool) -> list[dict]:
    start, rendered_all = asyncio.Event(), Gate(n) if together else None
    url = base.replace("http://", "ws://", 1) + STREAM
    tasks = [asyncio.create_task(websocket_session(url, scenario, load, change, start, timeout_ms, rendered_all))
             for _ in range(n)]
    await asyncio.sleep(0.5)  # every client waits at the start line
    start.set()
    return await asyncio.gather(*tasks)


# --- the run -------------------------------------------------------------------------------------------------

def percentiles(samples: list[float]) -> tuple[float | None, float | None]:
    """Median and 95th percentile (inclusive method), None without samples."""
    if not samples:
        return None, None
    if len(samples) == 1:
        return samples[0], samples[0]
    return statistics.median(samples), statistics.quantiles(samples, n=20, method="inclusive")[18]


@contextmanager
def builds_folder(builds_dir: Path | None, responses: int | None, seed: int):
    """The given builds folder, or a temporary one holding a fresh demo build."""
    if builds_dir is not None:
        yield builds_dir.resolve()
        return
    with tempfile.TemporaryDirectory(prefix="bench_concurrency-") as tmp:
        out = Path(tmp, "builds")
        cmd = [sys.executable, "-m", "ingest", "demo", "--raw", str(Path(tmp, "raw")), "--out", str(out),
               "--seed", str(seed), "--json"]
        if responses is not None:
            cmd += ["--responses", str(responses)]
        print("making a demo build:", " ".join(cmd[1:]), file=sys.stderr)
        subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        yield out


def measure(builds_dir: Path, scenario: Scenario, n: int, timeout_ms: float, tabs: bool, together: bool,
            log_dir: Path, websockets: bool = False) -> dict:
    load_before = os.getloadavg()[0]
    with dashboard_server(builds_dir, log_dir / f"server-{n}.log") as base:
        pid = server_pid()
        rss_idle = rss(descendants(pid, _processes()))
        if websockets:
            warm, load, change = asyncio.run(recorded_session(base, scenario, timeout_ms))
        else:
            warm = asyncio.run(run_sessions(base, scenario, 1, timeout_ms, tabs))[0]
        if "failure" in warm:
            log = (log_dir / f"server-{n}.log").read_text(errors="replace").splitlines()[-20:]
            raise SystemExit(f"warm-up session failed: {warm['failure']}; server log:\n" + "\n".join(log))
        with Sampler(pid) as sampler:
            started, own_cpu = time.perf_counter(), time.process_time()
            sessions = (run_websocket_clients(base, scenario, load, change, n, timeout_ms, together) if websockets
                        else run_sessions(base, scenario, n, timeout_ms, tabs, together))
            results = asyncio.run(sessions)
            wall, own_cpu = time.perf_counter() - started, time.process_time() - own_cpu
            time.sleep(SETTLE_SECONDS)
    ok = [r for r in results if "failure" not in r]
    initial, rerun = percentiles([r["initial"] for r in ok]), percentiles([r["rerun"] for r in ok])
    initial_script = percentiles([r["initial_script"] for r in ok if r["initial_script"] is not None])
    rerun_script = percentiles([r["rerun_script"] for r in ok if r["rerun_script"] is not None])
    mib = [b / 2**20 for _, b in sampler.samples]
    return {
        "sessions": n, "ok": len(ok), "failed": n - len(ok),
        "failures": sorted({r["failure"] for r in results if "failure" in r}),
        "initial_p50_s": initial[0], "initial_p95_s": initial[1], "rerun_p50_s": rerun[0], "rerun_p95_s": rerun[1],
        "initial_script_p50_s": initial_script[0], "initial_script_p95_s": initial_script[1],
        "rerun_script_p50_s": rerun_script[0], "rerun_script_p95_s": rerun_script[1],
        "warmup_initial_s": warm["initial"], "warmup_rerun_s": warm["rerun"], "wall_s": wall,
        # websocket clients run in this process (with the sampler's thread), browsers in processes below it
        "cpu_s": {"server": sampler.cpu_seconds("server"),
                  "clients": own_cpu if websockets else sampler.cpu_seconds("browser")},
        "rss_mib": {"idle": rss_idle / 2**20, "start": mib[0], "peak": max(mib), "end": mib[-1]},
        "rss_samples_mib": [(round(t, 1), round(m, 1)) for (t, _), m in zip(sampler.samples, mib)],
        "load_before": load_before,
    }


def machine() -> dict:
    mem_kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:"))
    return {"cpus": os.cpu_count(), "memory_gib": round(mem_kib / 2**20, 1)}


def print_table(report: dict) -> None:
    def s(x):
        return "-" if x is None else f"{x:.2f}"

    m = report["machine"]
    clients = ("websocket clients replaying a browser's messages (nothing drawn)" if report["clients"] == "websockets"
               else f"browser sessions as {report['browsers']}, on the server's machine")
    print(f"page {report['page']}, {clients}, reruns {report['reruns']}, build {report['build']}; "
          f"{m['cpus']} CPUs, {m['memory_gib']} GiB")
    header = ("N", "ok", "failed", "initial p50/p95 s", "rerun p50/p95 s", "initial: script done", "rerun: script done",
              "RSS start/peak/end MiB", "wall s", "CPU s server/clients", "load before")
    rows = [(r["sessions"], r["ok"], r["failed"], f"{s(r['initial_p50_s'])} / {s(r['initial_p95_s'])}",
             f"{s(r['rerun_p50_s'])} / {s(r['rerun_p95_s'])}",
             f"{s(r['initial_script_p50_s'])} / {s(r['initial_script_p95_s'])}",
             f"{s(r['rerun_script_p50_s'])} / {s(r['rerun_script_p95_s'])}",
             "{start:.0f} / {peak:.0f} / {end:.0f}".format(**r["rss_mib"]), f"{r['wall_s']:.1f}",
             f"{r['cpu_s']['server']:.1f} / {r['cpu_s']['clients']:.1f}", f"{r['load_before']:.2f}")
            for r in report["runs"]]
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows)]
    for i, row in enumerate([header, *rows]):
        print("  ".join(str(c).rjust(w) for c, w in zip(row, widths)))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    for r in report["runs"]:
        for failure in r["failures"]:
            print(f"N={r['sessions']} failure: {failure}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--builds-dir", type=Path, help="published builds folder (default: a fresh demo build)")
    parser.add_argument("--responses", type=int, help="answers of the demo build (default: the demo size)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the demo build")
    parser.add_argument("--sessions", default="10,25,50", help="comma-separated session counts (default 10,25,50)")
    parser.add_argument("--page", choices=sorted(SCENARIOS), default="trends")
    parser.add_argument("--browsers", choices=["contexts", "tabs"], default="contexts",
                        help="contexts: one browser context per session, as N separate browsers (default); tabs: N "
                             "tabs of one context, which fetch and compile the app's scripts once (less browser CPU)")
    parser.add_argument("--reruns", choices=["staggered", "together"], default="staggered",
                        help="staggered: each session changes its filter as soon as its page has rendered, while "
                             "others still load (default); together: all at the same moment, once every page has "
                             "rendered (N simultaneous reruns)")
    parser.add_argument("--clients", choices=["browsers", "websockets"], default="browsers",
                        help="browsers: real headless-Chromium sessions (default); websockets: clients replaying the "
                             "messages of one real session, to measure the server alone")
    parser.add_argument("--timeout", type=float, default=120, help="seconds a session may wait for each render")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.sessions.split(",")]
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: install Debian's chromium", file=sys.stderr)
        return 1
    os.chdir(ROOT)
    from queries.runner import current_build

    with builds_folder(args.builds_dir, args.responses, args.seed) as builds_dir, \
            tempfile.TemporaryDirectory(prefix="bench_concurrency-logs-") as logs:
        report = {"page": args.page, "clients": args.clients, "browsers": args.browsers, "reruns": args.reruns,
                  "build": current_build(str(builds_dir)).build_id,
                  "machine": machine(), "runs": []}
        for n in counts:
            print(f"N={n} ...", file=sys.stderr)
            report["runs"].append(measure(builds_dir, SCENARIOS[args.page], n, args.timeout * 1000,
                                          args.browsers == "tabs", args.reruns == "together", Path(logs),
                                          args.clients == "websockets"))
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_table(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
