"""The command line as a user and a script see it: `python -m ingest build|info` run in a subprocess.

A failure must end with a non-zero exit and one line on stderr that names the file (never a traceback);
`--json` runs print exactly one JSON object and nothing else; nothing is printed as progress when stderr
is not a terminal.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEADER = ("response_id,respondent_id,answered_at,consent,fever,fever_days,fatigue_or_breathless,fatigue_days,"
          "age,sex,occupation,conditions,postal_code,behaviours\n")
ROWS = [
    "r1,p1,2020-04-01T09:30:00,true,true,3,false,,34,female,employee,none,2100001,handwashing;telework\n",
    "r2,p2,2020/04/02 10:00,はい,無し,,有り,5日前から,70,男性,学生,心臓に関する病気,210-0002,\n",
    "r3,p3,2020-04-02 11:00,no,false,,false,,40,male,student,none,2100001,\n",
    "r4,p4,2020-04-02 12:00,yes,false,,false,,130,male,student,none,2100001,\n",  # bad_age
    "r1,p1,2020-04-01T09:30:00,true,true,3,false,,34,female,employee,none,2100001,handwashing;telework\n",
]
COUNTS = {"rows_read": 5, "rows_accepted": 2, "rows_quarantined": 1, "rows_no_consent": 1, "rows_duplicate": 1}


def run(*args: str, builds_dir: Path) -> subprocess.CompletedProcess:
    """python -m ingest ARGS with stdin closed and stdout/stderr captured (not a terminal)."""
    env = {**os.environ, "KANAGAWA_BUILDS_DIR": str(builds_dir)}
    return subprocess.run([sys.executable, "-m", "ingest", *args], cwd=ROOT, env=env, text=True,
                          capture_output=True, stdin=subprocess.DEVNULL, timeout=300)


def one_error_line(result: subprocess.CompletedProcess) -> str:
    """The failed run's only stderr line (checked: non-zero exit, no traceback, nothing on stdout)."""
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def raw_file(tmp_path) -> Path:
    path = tmp_path / "answers.csv"
    path.write_text(HEADER + "".join(ROWS), encoding="utf-8")
    return path


@pytest.fixture
def builds_dir(tmp_path) -> Path:
    return tmp_path / "builds"


def test_build_json_prints_one_object_and_nothing_else(raw_file, builds_dir):
    result = run("build", str(raw_file), "--out", str(builds_dir), "--json", builds_dir=builds_dir)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.count("\n") == 1
    summary = json.loads(result.stdout)
    assert {k: summary[k] for k in COUNTS} == COUNTS
    assert summary["quarantine_reasons"] == {"bad_age": 1}
    assert (summary["first_date"], summary["last_date"]) == ("2020-04-01", "2020-04-02")
    assert summary["is_synthetic"] is False and summary["audience"] == "staff"
    path = Path(summary["path"])
    assert path.is_file() and path.parent == builds_dir and summary["build_id"] in path.name
    assert json.loads((builds_dir / "CURRENT.json").read_text())["build_id"] == summary["build_id"]


def test_build_without_json_reports_and_shows_no_progress_off_a_terminal(raw_file, builds_dir):
    result = run("build", str(raw_file), "--out", str(builds_dir), "--synthetic", builds_dir=builds_dir)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("published ")
    assert "rows_accepted     2" in result.stdout and "bad_age" in result.stdout
    assert "is_synthetic      True" in result.stdout


def test_build_uses_the_out_folder_given_by_the_environment(raw_file, builds_dir):
    result = run("build", str(raw_file), "--json", builds_dir=builds_dir)
    assert result.returncode == 0, result.stderr
    assert Path(json.loads(result.stdout)["path"]).parent == builds_dir


def test_today_option_sets_the_reference_date(raw_file, builds_dir):
    """Answers after --today are future_date: with every answer after it, nothing is published."""
    result = run("build", str(raw_file), "--out", str(builds_dir), "--today", "2020-03-31", "--json",
                 builds_dir=builds_dir)
    line = one_error_line(result)
    assert "future_date" in line
    assert not (builds_dir / "CURRENT.json").exists()


@pytest.mark.parametrize("name, content, words", [
    pytest.param("answers.txt", HEADER + ROWS[0], ["unknown format"], id="unknown-format"),
    pytest.param("absent.csv", None, ["no such file"], id="missing-file"),
    pytest.param("answers.csv", HEADER.replace("age,sex,", "") + ROWS[0], ["required columns missing", "age", "sex"],
                 id="missing-columns-csv"),
    pytest.param("answers.jsonl", json.dumps({"response_id": "r1", "consent": "true"}) + "\n",
                 ["required columns missing", "respondent_id", "postal_code"], id="missing-columns-jsonl"),
    pytest.param("answers.csv", "", ["empty"], id="empty-csv"),
    pytest.param("answers.parquet", "", [], id="empty-parquet"),
    pytest.param("answers.csv", HEADER, [], id="header-only-csv"),
    pytest.param("answers.jsonl", "", [], id="empty-jsonl"),
])
def test_unusable_input_fails_with_one_line_naming_the_file(tmp_path, builds_dir, name, content, words):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = run("build", str(path), "--out", str(builds_dir), "--json", builds_dir=builds_dir)
    line = one_error_line(result)
    assert line.startswith("error: ")
    for word in words:
        assert word in line
    assert str(path) in line, line
    assert not (builds_dir / "CURRENT.json").exists()


def test_info_json_describes_the_current_build(raw_file, builds_dir):
    built = json.loads(run("build", str(raw_file), "--out", str(builds_dir), "--json",
                           builds_dir=builds_dir).stdout)
    result = run("info", "--out", str(builds_dir), "--json", builds_dir=builds_dir)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and result.stdout.count("\n") == 1
    info = json.loads(result.stdout)
    assert info["path"] == built["path"] and info["build_id"] == built["build_id"]
    assert {k: info[k] for k in COUNTS} == COUNTS
    assert info["tables"]["build_info"] == 1
    assert info["tables"]["responses_daily"] >= 1 and info["tables"]["responses_daily_postal"] >= 1
    assert info["tables"]["postal_codes"] > 1000  # the reference tables travel with the build

    text = run("info", builds_dir=builds_dir)  # the folder from KANAGAWA_BUILDS_DIR
    assert text.returncode == 0 and text.stderr == ""
    assert text.stdout.startswith(f"current build: {built['path']}")
    assert "responses_daily" in text.stdout


def test_info_without_a_build_says_so(builds_dir):
    builds_dir.mkdir()
    for args in (["info"], ["info", "--json"], ["info", "--out", str(builds_dir)]):
        line = one_error_line(run(*args, builds_dir=builds_dir))
        assert "no build published" in line and str(builds_dir) in line
        assert "python -m ingest demo" in line
