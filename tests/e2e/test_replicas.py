"""Two Streamlit replicas behind Debian's nginx, configured by deploy/nginx/kanagawa.conf (only its ports changed).

Browser sessions go through nginx until each replica holds some of them; a new build is published mid-run; every
session then reruns and shows the new build without an error, and each replica, asked directly, serves it too.
nginx's access log (the affinity key and the replica of every request) shows that each browser stayed on one
replica, the websocket included, and that both replicas had sessions.
"""

import datetime as dt
import os
import shutil
import signal
import subprocess
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import expect

from ingest import publish
from ingest.build import new_build_id
from tests.e2e.browser import PAGES, error_texts, new_context, open_page, page_title, text
from tests.servers import dashboard_server, free_port

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
SITE_CONF = ROOT / "deploy" / "nginx" / "kanagawa.conf"
NGINX = Path("/usr/sbin/nginx")
COOKIE = "kanagawa_route"
SESSIONS_PER_REPLICA = 2
MAX_SESSIONS = 16  # new browsers until each replica has SESSIONS_PER_REPLICA (each lands on one at random)

MAIN_CONF = """
worker_processes 1;
error_log {tmp}/error.log info;
{user}
events {{ worker_connections 256; }}
http {{
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/kanagawa.conf;
    log_format replicas '$kanagawa_route|$upstream_addr|$status|$request_uri';
    access_log {tmp}/access.log replicas;
}}
"""


@pytest.fixture(scope="module")
def nginx_path() -> Path:
    """Debian's nginx; skips without it, except under CI=true, where a missing nginx fails the run."""
    if NGINX.exists():
        return NGINX
    reason = f"{NGINX} is missing: install Debian's nginx-light (.ci/run does)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


def site_conf(listen: int, replicas: list[str]) -> str:
    """deploy/nginx/kanagawa.conf with the test's ports: nginx on `listen`, the upstream servers on `replicas`."""
    conf = SITE_CONF.read_text(encoding="utf-8")
    edits = [("listen 80;", f"listen 127.0.0.1:{listen};"),
             ("server 127.0.0.1:8501 ", f"server {replicas[0]} "), ("server 127.0.0.1:8502 ", f"server {replicas[1]} ")]
    for old, new in edits:
        assert conf.count(old) == 1, f"{SITE_CONF} no longer has exactly one {old!r}"
        conf = conf.replace(old, new)
    return conf


def start_nginx(nginx: Path, tmp: Path, listen: int, replicas: list[str], stack: ExitStack) -> str:
    (tmp / "kanagawa.conf").write_text(site_conf(listen, replicas), encoding="utf-8")
    # As root nginx's workers would run as nobody, who cannot enter pytest's private temporary folders.
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(MAIN_CONF.format(tmp=tmp, user=user), encoding="utf-8")
    cmd = [str(nginx), "-c", str(tmp / "nginx.conf"), "-e", str(tmp / "error.log"),
           "-g", f"daemon off; pid {tmp / 'nginx.pid'};"]
    checked = subprocess.run([*cmd, "-t"], capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False)
    assert checked.returncode == 0, f"nginx -t failed:\n{checked.stderr}"
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)

    def stop() -> None:
        proc.send_signal(signal.SIGQUIT)  # graceful: the access log is complete
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    stack.callback(stop)
    base = f"http://127.0.0.1:{listen}"
    deadline = time.monotonic() + 30
    while True:
        assert proc.poll() is None, f"nginx exited:\n{(tmp / 'error.log').read_text()}"
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):
                return base
        except OSError:
            assert time.monotonic() < deadline, f"nginx not answering:\n{(tmp / 'error.log').read_text()}"
            time.sleep(0.2)


def access_log(tmp: Path) -> list[tuple[str, str, str, str]]:
    """(affinity key, replica, status, uri) of every request nginx has logged."""
    return [tuple(line.split("|", 3)) for line in (tmp / "access.log").read_text().splitlines()]


def publish_copy(builds_dir: Path) -> str:
    """Publish a copy of the current staff build under a new build id, as a build does: new file, then pointer."""
    current = publish.read_pointer(builds_dir)
    build_id = new_build_id(dt.datetime.now(dt.UTC))
    partial = builds_dir / f".staff-{build_id}.duckdb.partial"
    shutil.copyfile(current["staff_path"], partial)
    with duckdb.connect(str(partial)) as con:
        con.execute("UPDATE build_info SET build_id = ?", [build_id])
        con.execute("CHECKPOINT")
    final = builds_dir / f"staff-{build_id}.duckdb"
    os.replace(partial, final)
    publish.switch_pointer(builds_dir, {"build_id": build_id, "staff": final.name})
    return build_id


def sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def test_replicas_behind_nginx_follow_a_new_build(nginx_path, fixture_build, browser, tmp_path):
    builds_dir = Path(fixture_build.path).parent
    old_id = fixture_build.build_id
    nginx_tmp = tmp_path / "nginx"
    nginx_tmp.mkdir()
    with ExitStack() as stack:
        replicas = [stack.enter_context(dashboard_server(builds_dir, tmp_path / f"replica-{i}.log")) for i in (1, 2)]
        upstreams = [r.removeprefix("http://") for r in replicas]
        base = start_nginx(nginx_path, nginx_tmp, free_port(), upstreams, stack)

        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=5) as response:
            assert (response.status, response.read()) == (200, b"ok")

        # Browsers (each its own cookies, so its own affinity key) until both replicas hold enough sessions.
        sessions: dict[str, list] = {u: [] for u in upstreams}
        opened = 0
        while min(len(s) for s in sessions.values()) < SESSIONS_PER_REPLICA:
            assert opened < MAX_SESSIONS, f"{opened} browsers did not reach both replicas: {sessions}"
            opened += 1
            context = new_context(browser, base)
            stack.callback(context.close)
            page = context.new_page()
            open_page(page, PAGES["overview"])
            expect(sidebar(page)).to_contain_text(old_id)
            assert error_texts(page) == []
            key = next(c["value"] for c in context.cookies() if c["name"] == COOKIE)
            served = {replica for k, replica, _, uri in access_log(nginx_tmp) if k == key and uri == "/"}
            assert len(served) == 1, f"the page of one browser came from {served}"
            sessions[served.pop()].append((key, page))

        new_id = publish_copy(builds_dir)

        # Every session reruns (the language switch) and shows the new build, without an error.
        for replica, pages in sessions.items():
            for key, page in pages:
                toggle = sidebar(page).get_by_role("radiogroup", name=text("ja", "common.lang.label"))
                toggle.get_by_text(text("ja", "common.lang.en"), exact=True).click()
                expect(page.locator("h1")).to_have_text(page_title("overview", "en"))
                expect(sidebar(page)).to_contain_text(new_id)
                assert error_texts(page) == [], f"session {key} on {replica}"

        # Each replica, asked directly, serves the new build.
        for replica in replicas:
            context = new_context(browser)
            stack.callback(context.close)
            page = context.new_page()
            open_page(page, replica + PAGES["overview"])
            expect(sidebar(page)).to_contain_text(new_id)
            assert error_texts(page) == []

        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=5) as response:
            assert response.status == 200
        stack.close()  # browsers closed, nginx stopped gracefully: the websockets are in the access log

    keys = {key for pages in sessions.values() for key, _ in pages}
    requests = [(k, replica, uri) for k, replica, _, uri in access_log(nginx_tmp) if k in keys]
    for key in keys:
        replicas_seen = {replica for k, replica, _ in requests if k == key}
        assert len(replicas_seen) == 1, f"browser {key} was sent to {replicas_seen}"
    streams = {replica for _, replica, uri in requests if uri == "/_stcore/stream"}
    assert streams == set(upstreams), f"websockets reached {streams}, not both replicas"
