"""Refresh under load: builds are published while reader threads, reader processes and a browser on a running
dashboard query continuously.

Each publish is a new file under a new versioned name followed by `switch_pointer`, as the build does: mostly a
copy of a prepared build given its own build_id and its own marker in the data (respondents of the first day
raised by the publish number, so each build's total is known), interleaved with real builds. Checks: no reader
ever fails; every answer comes from the build it was asked of (build_info's id equals the pointer's id the reader
resolved, and the total equals that build's known total: a mix of two files would not); within one reader the
builds seen never go back; and a query made after a publish returns the new build.
"""

import datetime as dt
import json
import multiprocessing
import os
import re
import shutil
import threading
import time
import traceback
from pathlib import Path

import duckdb
import pytest

from ingest import publish
from ingest.build import build, new_build_id
from queries.runner import current_build, run
from tests.reliability.conftest import TODAY, report, size, write_raw
from tests.servers import dashboard_server

PUBLISHES = size(6, 100)
REAL_EVERY = size(6, 10)  # every n-th publish is a real build
THREADS, PROCESSES = size(4, 12), size(2, 8)  # 20 readers at full size
PAUSE = 0.02  # between a reader's steps: continuous querying that leaves the writer some of the CPU and the GIL
BUILD_ID = re.compile(r"\d{8}T\d{12}Z-\d+")


def observe(builds_dir: str, i: int) -> dict:
    """One reader step through queries.runner: resolve the build, then ask it three things."""
    b = current_build(builds_dir)
    info = run("build_info", b).iloc[0]
    daily = run("methods_responses_prefecture", b)
    prefecture = run("areas", b).query("level == 'prefecture'").area_code.iloc[0]
    # A start date new to the cache on every step, so that each step really queries the file.
    series = run("overview_series", b, area=prefecture, start=info.first_date - dt.timedelta(days=i % 5000),
                 end=info.last_date, min_denominator=1)
    return {"pointer": b.build_id, "build_info": info.build_id, "total": int(daily.respondents.sum()),
            "series_total": int(series.respondents.sum()) if "respondents" in series else None}


def snapshot(con_cache: dict, builds_dir: str) -> dict:
    """One statement over two tables of the file the pointer names: one snapshot of one file."""
    pointer = publish.read_pointer(builds_dir)
    con = con_cache.get(pointer["staff_path"])
    if con is None:
        for old in con_cache.values():
            old.close()
        con_cache.clear()
        con = con_cache[pointer["staff_path"]] = duckdb.connect(pointer["staff_path"], read_only=True)
    build_id, total = con.execute(
        "SELECT (SELECT build_id FROM build_info), (SELECT sum(respondents) FROM responses_daily)").fetchone()
    return {"pointer": pointer["build_id"], "build_info": build_id, "total": int(total)}


def reader_process(builds_dir: str, out_path: str, stop) -> None:
    """A separate process alternating runner queries and direct one-statement snapshots; records each answer."""
    cons: dict = {}
    with open(out_path, "w", encoding="utf-8") as out:
        i = 0
        while not stop.is_set():
            i += 1
            try:
                record = observe(builds_dir, i) if i % 2 else snapshot(cons, builds_dir)
            except Exception:  # noqa: BLE001 - every reader failure is recorded and fails the test
                record = {"error": traceback.format_exc()}
            out.write(json.dumps(record) + "\n")
            out.flush()
            time.sleep(PAUSE)


class Publisher:
    """Publishes builds into builds_dir and knows each one's total respondents."""

    def __init__(self, builds_dir: Path, template: Path, tmp: Path):
        self.builds_dir, self.template, self.tmp = builds_dir, template, tmp
        self.order: list[str] = []
        self.totals: dict[str, int] = {}
        self.visible_late: list[str] = []
        with duckdb.connect(str(template), read_only=True) as con:
            self.base, self.first_day_rows = con.execute(
                "SELECT sum(respondents), count(*) FILTER (WHERE date = (SELECT min(date) FROM responses_daily)) "
                "FROM responses_daily").fetchone()

    def copy(self, n: int) -> str:
        build_id = new_build_id(dt.datetime.now(dt.timezone.utc))
        partial = self.builds_dir / f".staff-{build_id}.duckdb.partial"
        shutil.copyfile(self.template, partial)
        with duckdb.connect(str(partial)) as con:
            con.execute("UPDATE build_info SET build_id = ?", [build_id])
            con.execute("UPDATE responses_daily SET respondents = respondents + ? "
                        "WHERE date = (SELECT min(date) FROM responses_daily)", [n])
            con.execute("CHECKPOINT")
        final = self.builds_dir / f"staff-{build_id}.duckdb"
        os.replace(partial, final)
        publish.switch_pointer(self.builds_dir, {"build_id": build_id, "staff": final.name})
        publish.remove_old_builds(self.builds_dir)
        self.totals[build_id] = self.base + n * self.first_day_rows
        return build_id

    def real(self, n: int) -> str:
        result = build([write_raw(self.tmp / f"real-{n}.csv", 200 + n, prefix=f"B{n}-")], self.builds_dir,
                       today=TODAY)
        with duckdb.connect(str(result.path), read_only=True) as con:
            self.totals[result.build_id] = con.execute("SELECT sum(respondents) FROM responses_daily").fetchone()[0]
        return result.build_id

    def publish(self, n: int) -> None:
        build_id = self.real(n) if n % REAL_EVERY == 0 else self.copy(n)
        self.order.append(build_id)
        seen = run("build_info", current_build(str(self.builds_dir))).build_id.iloc[0]
        if seen != build_id:  # a new query right after the publish must see the new build
            self.visible_late.append(build_id)


def check_records(records: list[dict], publisher: Publisher, who: str) -> int:
    """No errors, answers from the build asked of, builds never going back; returns the records checked."""
    errors = [r["error"] for r in records if "error" in r]
    assert errors == [], f"{who}: {len(errors)} errors, first:\n{errors[0]}"
    index = {b: i for i, b in enumerate(publisher.order)}
    last = -1
    for r in records:
        assert r["build_info"] == r["pointer"], f"{who}: asked {r['pointer']}, answered by {r['build_info']}"
        assert r["total"] == publisher.totals[r["pointer"]], f"{who}: {r} (expected {publisher.totals[r['pointer']]})"
        position = index.get(r["pointer"], -1)  # -1: the build published before the test started
        assert position >= last, f"{who}: went back from build #{last} to #{position}"
        last = position
    return len(records)


@pytest.mark.e2e
def test_publishing_under_load(prepared_build, tmp_path, browser):
    from tests.e2e.browser import error_texts, open_page

    builds_dir = tmp_path / "builds"
    builds_dir.mkdir()
    publisher = Publisher(builds_dir, prepared_build.path, tmp_path)
    first = publisher.copy(0)
    publisher.totals[first] = publisher.base

    stop = threading.Event()
    thread_records: list[list[dict]] = [[] for _ in range(THREADS)]

    def read_thread(records: list[dict]) -> None:
        i = 0
        while not stop.is_set():
            i += 1
            try:
                records.append(observe(str(builds_dir), i))
            except Exception:  # noqa: BLE001 - every reader failure is recorded and fails the test
                records.append({"error": traceback.format_exc()})
            time.sleep(PAUSE)

    spawn = multiprocessing.get_context("spawn")
    process_stop = spawn.Event()
    outputs = [tmp_path / f"reader-{i}.jsonl" for i in range(PROCESSES)]
    processes = [spawn.Process(target=reader_process, args=(str(builds_dir), str(out), process_stop))
                 for out in outputs]
    threads = [threading.Thread(target=read_thread, args=(records,)) for records in thread_records]
    page_ids: list[str] = []
    page_errors: list[str] = []
    started = time.monotonic()
    with dashboard_server(builds_dir, tmp_path / "server.log") as base:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            for p in processes:
                p.start()
            for t in threads:
                t.start()
            deadline = time.monotonic() + 120
            while not all(out.exists() and out.stat().st_size for out in outputs):  # every reader is running
                assert time.monotonic() < deadline and all(p.is_alive() for p in processes), "readers did not start"
                time.sleep(0.2)

            def publish_all() -> None:
                for n in range(1, PUBLISHES + 1):
                    publisher.publish(n)
                    time.sleep(0.05)

            publishing = threading.Thread(target=publish_all)
            publishing.start()
            while publishing.is_alive():  # the dashboard, reloaded while builds are published
                open_page(page, base + "/?lang=en")
                page_errors += error_texts(page)
                page_ids += BUILD_ID.findall(page.locator('[data-testid="stSidebar"]').inner_text())
            publishing.join()
            open_page(page, base + "/?lang=en")  # one refresh after the last publish shows the last build
            page_errors += error_texts(page)
            last_on_page = BUILD_ID.findall(page.locator('[data-testid="stSidebar"]').inner_text())
        finally:
            stop.set()
            process_stop.set()
            for t in threads:
                t.join(timeout=60)
            for p in processes:
                p.join(timeout=60)
            page.close()
    elapsed = time.monotonic() - started

    assert all(p.exitcode == 0 for p in processes)
    assert publisher.visible_late == []
    assert last_on_page == [publisher.order[-1]]
    assert page_errors == []
    known = [first, *publisher.order]
    assert all(b in known for b in page_ids)
    assert [known.index(b) for b in page_ids] == sorted(known.index(b) for b in page_ids)
    checked = sum(check_records(r, publisher, f"thread {i}") for i, r in enumerate(thread_records))
    for out in outputs:
        checked += check_records([json.loads(line) for line in out.read_text().splitlines() if line.strip()],
                                 publisher, out.name)
    assert min(len(r) for r in thread_records) > 0
    seen = {r["pointer"] for records in thread_records for r in records}
    report(f"refresh: {PUBLISHES} publishes ({PUBLISHES // REAL_EVERY} of them real builds) in {elapsed:.0f} s "
           f"under {THREADS} reader threads + {PROCESSES} reader processes + the dashboard in Chromium "
           f"({len(page_ids)} page loads): {checked} reader answers, 0 errors, every answer from the build asked "
           f"of, {len(seen)} builds seen by threads, each publish visible to the next query")
