"""The README's desktops table names tests that exist, so no cell is backed by hope."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def table() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("### Desktops tried")
    return text[start:text.index("\n\n- ", start)]


def functions_in(module: Path) -> set[str]:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


def test_every_test_the_desktops_table_names_exists() -> None:
    cells = table()
    named = re.findall(r"`(test_\w+)(?:\.py(?:::(test_\w+))?)?`", cells)
    assert len(named) > 15
    module = None
    for first, second in named:
        if (ROOT / "tests" / f"{first}.py").exists():
            module = ROOT / "tests" / f"{first}.py"
            assert not second or second in functions_in(module), f"{first}.py has no {second}"
        else:  # a test function named after the module named before it in the same cell
            assert module is not None, f"{first} comes before any test module"
            assert first in functions_in(module), f"no test {first} in {module.name}"
