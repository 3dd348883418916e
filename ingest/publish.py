"""Versioned publishing: a build is written under a new name, then a small pointer is switched atomically.

Layout of the builds folder:
    staff-<build_id>.duckdb       one complete build, never modified after publishing
    public-<build_id>.duckdb      the public build derived from it (ingest/public.py), published with it
    quarantine-<build_id>.csv     rows the build refused (staff only, never published)
    CURRENT.json                  {"build_id": ..., "staff": "staff-<build_id>.duckdb",
                                   "public": "public-<build_id>.duckdb"}

Readers resolve CURRENT.json once per request and open the named file read-only, so a reader that
holds an older build keeps reading it whole (DuckDB caches databases by path inside a process,
which is why the names are versioned and never reused).
"""

import json
import os
import shutil
from pathlib import Path

POINTER = "CURRENT.json"
KEEP_BUILDS = 3


def default_builds_dir() -> Path:
    return Path(os.environ.get("KANAGAWA_BUILDS_DIR", Path(__file__).resolve().parent.parent / "data" / "builds"))


class PointerError(ValueError):
    """CURRENT.json exists but is not a pointer (damaged or edited by hand); the message is one line."""


def read_pointer(builds_dir: Path | None = None) -> dict | None:
    """The current build's pointer, or None when nothing has been published. Raises PointerError if damaged."""
    builds_dir = Path(builds_dir or default_builds_dir())
    try:
        pointer = json.loads((builds_dir / POINTER).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (ValueError, OSError) as exc:
        raise PointerError(f"{builds_dir / POINTER} is damaged ({exc}); publish a build again") from exc
    if not isinstance(pointer, dict) or not isinstance(pointer.get("build_id"), str) or not all(
            isinstance(pointer[k], str) for k in ("staff", "public") if k in pointer):
        raise PointerError(f"{builds_dir / POINTER} is not a build pointer; publish a build again")
    for key in ("staff", "public"):
        if key in pointer:
            pointer[key + "_path"] = str(builds_dir / pointer[key])
    return pointer


def switch_pointer(builds_dir: Path, pointer: dict) -> None:
    """Atomically replace CURRENT.json: write a temporary file, fsync it, rename it over the old one."""
    tmp = builds_dir / f".{POINTER}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(pointer, f, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, builds_dir / POINTER)
    dir_fd = os.open(builds_dir, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def remove_leftovers(builds_dir: Path) -> None:
    """Delete what builds whose process is gone (killed mid-build) left: staging and partial files, a
    half-written pointer, and a quarantine or public file whose staff file was never written."""
    for path in [*builds_dir.glob(".staging-*"), *builds_dir.glob(".staff-*.partial*"),
                 *builds_dir.glob(".public-*.partial*")]:
        pid = path.name.split(".duckdb")[0].rsplit("-", 1)[-1]
        if pid.isdigit() and not _process_alive(int(pid)):
            remove_path(path)
    for path in builds_dir.glob(f".{POINTER}.*.tmp"):
        pid = path.name.split(".")[-2]
        if pid.isdigit() and not _process_alive(int(pid)):
            remove_path(path)
    for path in [*builds_dir.glob("quarantine-*.csv"), *builds_dir.glob("public-*.duckdb")]:
        build_id = path.name.split("-", 1)[1].rsplit(".", 1)[0]
        pid = build_id.rsplit("-", 1)[-1]
        if (pid.isdigit() and not _process_alive(int(pid))
                and not (builds_dir / f"staff-{build_id}.duckdb").exists()):
            remove_path(path)


def remove_path(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_old_builds(builds_dir: Path, keep: int = KEEP_BUILDS) -> None:
    """Delete all but the newest `keep` builds (and their quarantine files); never the current one."""
    current = (read_pointer(builds_dir) or {}).get("build_id")
    build_ids = sorted({p.name.split("-", 1)[1].rsplit(".", 1)[0] for p in builds_dir.glob("staff-*.duckdb")})
    for build_id in build_ids[:-keep] if keep else build_ids:
        if build_id == current:
            continue
        for p in builds_dir.glob(f"*-{build_id}.*"):
            p.unlink(missing_ok=True)


def truncation(con, path: str | Path) -> str | None:
    """Why the build file behind `con` is not whole, or None. DuckDB opens a truncated file and fails only
    the queries that reach its missing blocks, so readers check the file size against the blocks it lists."""
    blocks, block_size = con.execute("SELECT total_blocks, block_size FROM pragma_database_size()").fetchone()
    size = Path(path).stat().st_size
    if size < blocks * block_size:
        return f"{Path(path).name} is truncated ({size} bytes, its blocks need {blocks * block_size})"
    return None
