"""A Streamlit server of the dashboard on a free loopback port, for the browser tests."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def dashboard_server(builds_dir: Path, log_path: Path, timeout: float = 60, *, env: dict[str, str] | None = None,
                     secrets: Path | None = None):
    """`streamlit run dashboard/app.py` on a free loopback port reading builds_dir; yields the base URL.

    env: more environment variables (e.g. DASHBOARD_AUDIENCE). secrets: the secrets.toml the server reads
    (`--secrets.files`); without it the server reads none, so a developer's .streamlit/secrets.toml cannot
    turn sign-in on under the tests.
    """
    port = free_port()
    server_env = {**os.environ, "KANAGAWA_BUILDS_DIR": str(builds_dir)}
    server_env.pop("DASHBOARD_MAP_STYLE", None)
    server_env.pop("DASHBOARD_AUDIENCE", None)
    server_env.update(env or {})
    secrets_file = secrets or log_path.with_name(f"{log_path.stem}-no-secrets.toml")  # never written
    cmd = [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
           "--browser.gatherUsageStats", "false", "--secrets.files", str(secrets_file)]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=server_env, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            assert proc.poll() is None, f"streamlit exited with {proc.returncode}:\n{log_path.read_text()}"
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"streamlit not healthy:\n{log_path.read_text()}"
            time.sleep(0.25)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
