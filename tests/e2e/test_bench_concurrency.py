"""benchmarks/bench_concurrency.py --clients websockets end to end: a real Chromium session is recorded, then
websocket clients replay it against a fresh server (the checks of a finished run: tests/test_bench_concurrency.py)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_websocket_clients_replay_a_real_session(chromium_path, demo_builds_dir):
    """Three clients load the trends page and change the metric together; none fails."""
    done = subprocess.run(
        [sys.executable, "benchmarks/bench_concurrency.py", "--builds-dir", str(demo_builds_dir), "--sessions", "3",
         "--reruns", "together", "--clients", "websockets", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    (run,) = json.loads(done.stdout)["runs"]
    assert (run["ok"], run["failed"], run["failures"]) == (3, 0, [])
    assert 0 < run["rerun_p50_s"] <= run["rerun_p95_s"] == run["rerun_script_p95_s"]
    assert run["cpu_s"]["server"] > 0
