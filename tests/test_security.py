"""Security checks: Streamlit's settings, no raw HTML in the app, and a public app that reads only the public build,
read-only.

Sign-in and the audience setting are tested in tests/test_auth.py and tests/e2e/test_staff_signin.py.
"""

import ast
import hashlib
import tomllib
from pathlib import Path

import duckdb
import pytest

import queries.runner
from dashboard import auth
from queries.runner import current_build
from tests.conftest import run_app

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".streamlit" / "config.toml"
APP_CODE = [ROOT / "dashboard", ROOT / "queries"]
PAGES = ["overview", "trends", "prevention", "map", "methods", "briefing"]


# --- Streamlit settings ---

def test_xsrf_protection_on_and_error_details_hidden():
    settings = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert settings["server"]["enableXsrfProtection"] is True
    assert settings["server"].get("enableCORS", True) is True  # Streamlit's default; never turned off
    assert settings["client"]["showErrorDetails"] in (False, "none")  # no tracebacks or exception messages


def test_secrets_file_is_not_in_git_and_the_example_is_complete():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".streamlit/secrets.toml" in ignored
    example = tomllib.loads((ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8"))
    assert auth.parse_audience(example["DASHBOARD_AUDIENCE"]) == "staff"
    assert auth.auth_usable(example["auth"])


# --- no raw HTML ---

def raw_html_calls(source: str, filename: str = "<source>") -> list[str]:
    """Calls that could put raw HTML on the page: st.html / components.html, and any call passing
    unsafe_allow_html other than a literal False."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Attribute) and node.func.attr == "html":
            found.append(f"{filename}:{node.lineno} {ast.unparse(node.func)}()")
        for keyword in node.keywords:
            if keyword.arg == "unsafe_allow_html" and not (
                    isinstance(keyword.value, ast.Constant) and keyword.value.value is False):
                found.append(f"{filename}:{node.lineno} unsafe_allow_html={ast.unparse(keyword.value)}")
    return found


def test_the_scan_finds_raw_html():
    source = ("st.markdown(f'<b>{name}</b>', unsafe_allow_html=True)\n"
              "st.markdown('x', unsafe_allow_html=flag)\n"
              "st.html(text)\n"
              "components.html(text)\n"
              "st.markdown('x', unsafe_allow_html=False)\n")
    assert [f.split(" ", 1)[1] for f in raw_html_calls(source)] == [
        "unsafe_allow_html=True", "unsafe_allow_html=flag", "st.html()", "components.html()"]


def test_no_raw_html_in_the_app():
    """Nothing in the app renders raw HTML, so no data-derived text can reach the page as HTML."""
    found = [hit for folder in APP_CODE for path in sorted(folder.rglob("*.py"))
             for hit in raw_html_calls(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))]
    assert found == []


# --- the public app reads the public build only, read-only ---



@pytest.mark.parametrize("lang", ["ja", "en"])
def test_public_app_never_opens_the_staff_file(public_fixture_build, both_builds_dir, connects, lang):
    staff = current_build(str(both_builds_dir), audience="staff")
    assert Path(staff.path).exists() and staff.path != public_fixture_build.path
    for page in PAGES:
        at = run_app(page, lang)
        assert not at.exception, page
    assert connects, "the public app opened no build at all"
    assert set(connects) == {public_fixture_build.path}
    assert staff.path not in queries.runner._connections


def test_public_build_connection_is_read_only(public_fixture_build):
    before = hashlib.sha256(Path(public_fixture_build.path).read_bytes()).hexdigest()
    writes = ["CREATE TABLE leak AS SELECT 1 AS x",
              "DELETE FROM build_info",
              "UPDATE build_info SET min_cell = 1",
              "INSERT INTO build_info SELECT * FROM build_info",
              "DROP TABLE build_info"]
    for sql in writes:
        with queries.runner._cursor(public_fixture_build) as cursor, pytest.raises(duckdb.Error, match="read-only"):
            cursor.execute(sql)
    with queries.runner._cursor(public_fixture_build) as cursor:
        assert cursor.execute("SELECT audience FROM build_info").fetchone() == ("public",)
    assert hashlib.sha256(Path(public_fixture_build.path).read_bytes()).hexdigest() == before
