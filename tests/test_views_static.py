"""Static checks of the page scripts that AppTest would not notice."""

import ast
from pathlib import Path

import pytest

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard"
SCRIPTS = sorted((DASHBOARD / "views").glob("*.py")) + [DASHBOARD / "app.py"]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_no_bare_literals_in_page_scripts(script):
    """Streamlit "magic" writes a bare expression statement to the page: a stray string would show as text."""
    tree = ast.parse(script.read_text(encoding="utf-8"))
    body = tree.body[1:] if ast.get_docstring(tree) is not None else tree.body
    bare = [node.lineno for node in body
            if isinstance(node, ast.Expr) and isinstance(node.value, (ast.Constant, ast.Name, ast.Attribute))]
    assert not bare, f"{script.name}: bare expressions at lines {bare} would be rendered on the page"
