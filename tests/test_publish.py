"""Versioned publishing as readers see it: open builds stay whole, the pointer always names a complete build,
failed builds change nothing, old builds are rotated out, and nothing identifying is published.
"""

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest

import ingest.build as build_module
from ingest import publish
from ingest.build import BuildError, build
from ingest.read import InputError

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2020, 6, 30)
HEADER = ("response_id,respondent_id,answered_at,consent,fever,fever_days,fatigue_or_breathless,fatigue_days,"
          "age,sex,occupation,conditions,postal_code,behaviours\n")


def raw_file(directory: Path, name: str, respondents: int, consent: str = "true") -> Path:
    """`respondents` valid answers (one per person, all on 2020-04-01) with ids that are easy to look for."""
    rows = [f"SECRET-RESPONSE-{name}-{i},SECRET-PERSON-{i},2020-04-01T09:{i % 60:02d}:17,{consent},"
            f"{'true,2' if i % 3 == 0 else 'false,'},false,,{20 + i % 60},female,employee,none,2100001,handwashing\n"
            for i in range(respondents)]
    path = directory / f"{name}.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def published(builds_dir: Path, tmp_path: Path, respondents: int, name: str | None = None):
    name = name or f"answers-{respondents}"
    return build([raw_file(tmp_path, name, respondents)], builds_dir, today=TODAY)


def snapshot(directory: Path) -> dict[str, str]:
    """Every file of the folder (hidden ones too) with a hash of its bytes."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())}


def table_digests(con: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    """Row count and an order-independent hash of every table: reads every page of the database."""
    tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
    return {t: con.execute(f'SELECT count(*), bit_xor(hash(t)) FROM "{t}" t').fetchone() for t in tables}


def respondents(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT sum(respondents) FROM responses_daily").fetchone()[0]


def test_open_reader_keeps_its_build_and_new_readers_see_the_new_one(tmp_path):
    builds_dir = tmp_path / "builds"
    first = published(builds_dir, tmp_path, 3)
    copy = tmp_path / "first-copy.duckdb"  # the same bytes under another name, to compare with afterwards
    copy.write_bytes(first.path.read_bytes())
    reader = duckdb.connect(str(first.path), read_only=True)
    try:
        # Build 2 by another process (as the CLI would while a dashboard reads), then two more in this one,
        # which rotate build 1 out of the folder while the reader still holds it.
        env = {**os.environ, "KANAGAWA_BUILDS_DIR": str(builds_dir)}
        second = subprocess.run(
            [sys.executable, "-m", "ingest", "build", str(raw_file(tmp_path, "second", 5)), "--json",
             "--today", TODAY.isoformat()], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert second.returncode == 0, second.stderr
        second_id = json.loads(second.stdout)["build_id"]
        assert publish.read_pointer(builds_dir)["build_id"] == second_id
        latest = [published(builds_dir, tmp_path, n) for n in (7, 11)][-1]
        assert not first.path.exists()

        assert reader.execute("SELECT build_id, rows_read FROM build_info").fetchall() == [(first.build_id, 3)]
        assert respondents(reader) == 3
        with duckdb.connect(str(copy), read_only=True) as original:
            assert table_digests(reader) == table_digests(original)
    finally:
        reader.close()

    pointer = publish.read_pointer(builds_dir)
    assert pointer["build_id"] == latest.build_id
    with duckdb.connect(pointer["staff_path"], read_only=True) as fresh:
        assert fresh.execute("SELECT build_id FROM build_info").fetchone()[0] == latest.build_id
        assert respondents(fresh) == 11


def test_only_the_newest_three_builds_are_kept(tmp_path):
    builds_dir = tmp_path / "builds"
    ids = []
    for n in range(1, 6):
        ids.append(published(builds_dir, tmp_path, n).build_id)
        kept = ids[-publish.KEEP_BUILDS:]
        assert sorted(p.name for p in builds_dir.glob("staff-*.duckdb")) == [f"staff-{i}.duckdb" for i in kept]
        assert sorted(p.name for p in builds_dir.glob("quarantine-*.csv")) == [f"quarantine-{i}.csv" for i in kept]
        assert publish.read_pointer(builds_dir)["build_id"] == ids[-1]
    assert sorted(p.name for p in builds_dir.iterdir()) == sorted(
        ["CURRENT.json", *(f"staff-{i}.duckdb" for i in kept), *(f"public-{i}.duckdb" for i in kept),
         *(f"quarantine-{i}.csv" for i in kept)])


def test_pointer_always_names_a_complete_build(tmp_path):
    """A reader polling CURRENT.json while builds are published only ever finds complete builds."""
    builds_dir = tmp_path / "builds"
    published(builds_dir, tmp_path, 2)
    seen: dict[str, int] = {}
    problems: list[str] = []
    stop = threading.Event()

    def check(pointer):
        if pointer is None:
            problems.append("CURRENT.json missing")
        elif pointer["build_id"] not in seen:
            try:
                with duckdb.connect(pointer["staff_path"], read_only=True) as con:
                    build_id, rows_read = con.execute("SELECT build_id, rows_read FROM build_info").fetchone()
                    if build_id != pointer["build_id"] or respondents(con) != rows_read:
                        problems.append(f"{pointer}: holds build {build_id}, {rows_read} rows")
                seen[pointer["build_id"]] = rows_read
            except (duckdb.Error, OSError) as exc:
                problems.append(f"{pointer}: {exc}")

    def poll():
        while True:
            last = stop.is_set()  # one more look after the last build, so that it is seen too
            try:
                check(publish.read_pointer(builds_dir))
            except ValueError as exc:  # CURRENT.json caught half-written
                problems.append(f"CURRENT.json unreadable: {exc}")
            if last:
                return

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        results = [published(builds_dir, tmp_path, n) for n in (3, 4, 5)]
    finally:
        stop.set()
        poller.join()
    assert problems == []
    assert seen[results[-1].build_id] == 5  # the poller saw at least the last build
    assert not [p.name for p in builds_dir.iterdir() if p.name.startswith(".")]


def _no_accepted_rows(tmp_path: Path) -> Path:
    return raw_file(tmp_path, "no-consent", 4, consent="false")


def _missing_columns(tmp_path: Path) -> Path:
    path = tmp_path / "missing.csv"
    path.write_text("response_id,age\nr1,30\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("make_input, error", [
    pytest.param(_no_accepted_rows, BuildError, id="no-accepted-rows"),
    pytest.param(_missing_columns, InputError, id="missing-columns"),
])
def test_failed_build_changes_nothing(tmp_path, make_input, error):
    builds_dir = tmp_path / "builds"
    current = published(builds_dir, tmp_path, 3)
    before = snapshot(builds_dir)
    with pytest.raises(error):
        build([make_input(tmp_path)], builds_dir, today=TODAY)
    assert snapshot(builds_dir) == before
    assert publish.read_pointer(builds_dir)["build_id"] == current.build_id


def _fail(*args, **kwargs):
    raise RuntimeError("injected failure")


def _interrupt_while_reading(step, done, total):
    if step.startswith("reading"):
        raise KeyboardInterrupt


@pytest.mark.parametrize("patch, error", [
    pytest.param(("_build_info", _fail), RuntimeError, id="fails-while-writing-the-build"),
    pytest.param(("_finish", _fail), RuntimeError, id="fails-while-checkpointing"),
    pytest.param(("progress", _interrupt_while_reading), KeyboardInterrupt, id="interrupted-while-reading"),
    pytest.param(("switch_pointer", _fail), RuntimeError, id="fails-switching-the-pointer"),
])
def test_build_failing_midway_leaves_no_partial_files(tmp_path, monkeypatch, patch, error):
    builds_dir = tmp_path / "builds"
    current = published(builds_dir, tmp_path, 3)
    before = snapshot(builds_dir)
    name, replacement = patch
    kwargs = {}
    if name == "progress":
        kwargs["progress"] = replacement
    elif name == "switch_pointer":
        monkeypatch.setattr(build_module.publish, "switch_pointer", replacement)
    else:
        monkeypatch.setattr(build_module, name, replacement)
    with pytest.raises(error):
        build([raw_file(tmp_path, "next", 5)], builds_dir, today=TODAY, **kwargs)
    assert snapshot(builds_dir) == before
    assert publish.read_pointer(builds_dir)["build_id"] == current.build_id


def test_published_file_holds_no_answer_level_data(tmp_path):
    result = published(tmp_path / "builds", tmp_path, 25, name="secret")
    forbidden = {"respondent_id", "response_id", "answered_at", "answered_utc"}
    with duckdb.connect(str(result.path), read_only=True) as con:
        columns = con.execute(
            "SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE NOT internal").fetchall()
        assert columns
        assert [c for c in columns if c[1].lower() in forbidden] == []
        # No time finer than a day, except when the build itself was made.
        assert [c[:2] for c in columns if c[2].startswith("TIMESTAMP")] == [("build_info", "built_at")]
        assert con.execute("SELECT count(*) FROM duckdb_views() WHERE NOT internal").fetchone()[0] == 0
        for table, column, data_type in columns:
            if data_type == "VARCHAR":
                hits = con.execute(f'SELECT count(*) FROM "{table}" WHERE "{column}" LIKE \'%SECRET-%\' '
                                   f'OR "{column}" LIKE \'%09:__:17%\'').fetchone()[0]
                assert hits == 0, f"{table}.{column}"
        assert respondents(con) == 25
    assert b"SECRET-" not in result.path.read_bytes()
