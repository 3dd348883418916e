"""Shared set-up of the reliability tests: sizes (reduced by default, full with STRESS=1), a prepared build,
raw answer files, CLI runs and a Streamlit server on a builds folder of the test's own.

`make stress` sets STRESS=1 and runs this folder; each test's one-line result is printed in the run's summary.
"""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.build import build

ROOT = Path(__file__).resolve().parents[2]
STRESS = os.environ.get("STRESS") == "1"
TODAY = dt.date(2020, 6, 30)
HEADER = ("response_id,respondent_id,answered_at,consent,fever,fever_days,fatigue_or_breathless,fatigue_days,"
          "age,sex,occupation,conditions,postal_code,behaviours\n")


def size(reduced: int, full: int) -> int:
    """The reduced size in the normal test run, the full one under STRESS=1."""
    return full if STRESS else reduced


_RESULTS: list[str] = []


def report(line: str) -> None:
    """A result line, printed in the run's summary (what `make stress` reports)."""
    _RESULTS.append(line)


def pytest_terminal_summary(terminalreporter):
    if _RESULTS:
        terminalreporter.section(f"reliability results ({'full sizes, STRESS=1' if STRESS else 'reduced sizes'})")
        for line in _RESULTS:
            terminalreporter.write_line(line)


def valid_rows(n: int, prefix: str = "R") -> str:
    """n valid answers in English codes, ten respondents a day over a week of April 2020."""
    return "".join(
        f"{prefix}{i},P{i % 97},2020-04-{1 + i % 7:02d}T09:{i % 60:02d}:00,true,"
        f"{'true,2' if i % 3 == 0 else 'false,'},false,,{20 + i % 60},female,employee,none,2100001,handwashing\n"
        for i in range(n))


def write_raw(path: Path, n: int, prefix: str = "R") -> Path:
    path.write_text(HEADER + valid_rows(n, prefix), encoding="utf-8")
    return path


def run_cli(*args: str, builds_dir: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "KANAGAWA_BUILDS_DIR": str(builds_dir)}
    return subprocess.run([sys.executable, "-m", "ingest", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="session")
def prepared_build(tmp_path_factory):
    """One real build of 2,000 valid answers (a BuildResult), made once for the session in its own folder."""
    tmp = tmp_path_factory.mktemp("prepared")
    return build([write_raw(tmp / "answers.csv", 2000)], tmp / "builds", today=TODAY)


