"""Builds killed with SIGKILL at random moments never damage what is published.

After each kill: CURRENT.json names a complete, readable build (the one published before, byte for byte, or the
killed build if it had already switched the pointer), no file that is not a complete build carries a build's
name, and the next build succeeds and removes what the dead one left behind (publish.remove_leftovers).
"""

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from ingest import publish
from ingest.build import build
from tests.reliability.conftest import ROOT, TODAY, report, size, write_raw

KILLS = size(3, 30)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_id_in(path: Path) -> str:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT build_id FROM build_info").fetchone()[0]


def start_build(raw: Path, builds_dir: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "ingest", "build", str(raw), "--out", str(builds_dir), "--json",
         "--today", TODAY.isoformat()],
        cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def assert_clean(builds_dir: Path) -> None:
    """Only complete, published-or-rotating builds and their quarantine files, and the pointer."""
    names = sorted(p.name for p in builds_dir.iterdir())
    assert [n for n in names if n.startswith(".")] == [], names
    staff = [n for n in names if n.startswith("staff-")]
    assert 1 <= len(staff) <= publish.KEEP_BUILDS, names
    for name in staff:
        build_id = name.removeprefix("staff-").removesuffix(".duckdb")
        assert build_id_in(builds_dir / name) == build_id
    staff_ids = {n.removeprefix("staff-").removesuffix(".duckdb") for n in staff}
    quarantine = {n.removeprefix("quarantine-").removesuffix(".csv") for n in names if n.startswith("quarantine-")}
    assert quarantine <= staff_ids, names
    public = {n.removeprefix("public-").removesuffix(".duckdb") for n in names if n.startswith("public-")}
    assert public == staff_ids, names  # the two files of a build are published together
    assert set(names) - set(staff) - {f"quarantine-{q}.csv" for q in quarantine} - {
        f"public-{q}.duckdb" for q in public} == {publish.POINTER}


def test_killed_builds_leave_the_published_build_whole(tmp_path):
    builds_dir = tmp_path / "builds"
    raw = write_raw(tmp_path / "answers.csv", 20_000)
    small = write_raw(tmp_path / "small.csv", 50, prefix="S")
    build([small], builds_dir, today=TODAY)

    started = time.monotonic()  # one undisturbed run tells how long a build takes here
    proc = start_build(raw, builds_dir)
    assert proc.wait(timeout=300) == 0, proc.stderr.read()
    duration = time.monotonic() - started

    rng = random.Random(int(os.environ.get("KILL_SEED", "0")))
    outcomes = {"kept": 0, "published": 0, "leftovers": 0}
    for _ in range(KILLS):
        before = publish.read_pointer(builds_dir)
        before_digest = digest(Path(before["staff_path"]))
        proc = start_build(raw, builds_dir)
        time.sleep(rng.uniform(0, duration))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        proc.stderr.close()

        after = publish.read_pointer(builds_dir)
        assert build_id_in(Path(after["staff_path"])) == after["build_id"]
        if after["build_id"] == before["build_id"]:
            assert digest(Path(after["staff_path"])) == before_digest
            outcomes["kept"] += 1
        else:
            outcomes["published"] += 1  # killed after the pointer switch: its build is complete
        for path in builds_dir.glob("staff-*.duckdb"):  # a file with a build's name is a complete build
            assert build_id_in(path) == path.name.removeprefix("staff-").removesuffix(".duckdb")
        outcomes["leftovers"] += any(p.name.startswith(".") for p in builds_dir.iterdir())

        result = build([small], builds_dir, today=TODAY)  # the next build succeeds and cleans up
        assert publish.read_pointer(builds_dir)["build_id"] == result.build_id
        assert_clean(builds_dir)
    report(f"kill: {KILLS} builds killed with SIGKILL at random moments within {duration:.1f} s: "
           f"{outcomes['kept']} left the published build byte-identical, {outcomes['published']} had already "
           f"published; {outcomes['leftovers']} left partial files, all removed by the next build")


def test_leftovers_of_a_dead_build_are_removed_and_a_live_ones_kept(tmp_path):
    """Every kind of file a build killed at some moment can leave: staging, partial, pointer, quarantine."""
    builds_dir = tmp_path / "builds"
    result = build([write_raw(tmp_path / "small.csv", 20)], builds_dir, today=TODAY)
    done = subprocess.Popen(["true"])
    done.wait()
    dead_id, live_id = f"20200101T000000000000Z-{done.pid}", f"20200101T000000000000Z-{os.getpid()}"
    leftovers = [f".staff-{dead_id}.duckdb.partial",
                 f".staff-{dead_id}.duckdb.partial.wal", f".public-{dead_id}.duckdb.partial",
                 f".public-{dead_id}.duckdb.partial.wal", f".{publish.POINTER}.{done.pid}.tmp",
                 f"quarantine-{dead_id}.csv"]
    alive = [f".{publish.POINTER}.{os.getpid()}.tmp", f"quarantine-{live_id}.csv"]
    for name in leftovers + alive:
        (builds_dir / name).write_text("x")
    for build_id in (dead_id, live_id):  # the staging database's spill folder
        spill = builds_dir / f".staging-{build_id}.duckdb.tmp"
        spill.mkdir()
        (spill / "duckdb_temp_storage-0.tmp").write_text("x")
    alive.append(f".staging-{live_id}.duckdb.tmp")
    publish.remove_leftovers(builds_dir)
    assert sorted(p.name for p in builds_dir.iterdir()) == sorted(
        [publish.POINTER, result.path.name, result.public_path.name, result.quarantine_path.name, *alive])


def test_a_killed_build_leaves_no_worker_process_behind(tmp_path):
    """The auditor shares its programs out to worker processes (auditor._solve_parts); when the build is killed
    meanwhile, they must exit too instead of waiting for work forever."""
    script = (
        "from ingest import auditor\n"
        "auditor.PROCESSES, auditor.PARALLEL_MIN_PARTS = 2, 1\n"
        "part = ([([0, 1], [1.0, 1.0], 20.0)], [], [[0], [1]])\n"
        "print('solving', flush=True)\n"
        "auditor._solve_parts([part] * 200_000, 10.0)\n")
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "solving\n"
    deadline = time.monotonic() + 60
    while len(workers := _children(proc.pid)) < 2:
        assert time.monotonic() < deadline and proc.poll() is None, "no worker process started"
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    deadline = time.monotonic() + 10
    while alive := [pid for pid in workers if Path(f"/proc/{pid}").exists() and not _zombie(pid)]:
        if time.monotonic() > deadline:
            for pid in alive:
                os.kill(pid, signal.SIGKILL)
            raise AssertionError(f"worker processes {alive} outlived the killed build")
        time.sleep(0.2)


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True
