"""The core stays pure: no clocks, sleeps, I/O, GUI, D-Bus or scheduler imports."""

from __future__ import annotations

import ast
from pathlib import Path

import deskbreak.core

CORE = Path(deskbreak.core.__file__).parent
ALLOWED_IMPORTS = {"__future__", "collections", "dataclasses", "datetime", "enum", "math", "typing"}
FORBIDDEN_CALLS = {"now", "utcnow", "today", "time", "monotonic", "perf_counter", "sleep", "open"}


def core_trees() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text())) for path in sorted(CORE.glob("*.py"))]


def test_the_core_imports_only_pure_standard_modules() -> None:
    for path, tree in core_trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in ALLOWED_IMPORTS or name.startswith("deskbreak.core"), f"{path.name}: {name}"


def test_the_core_never_reads_a_clock_or_sleeps() -> None:
    for path, tree in core_trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                assert name not in FORBIDDEN_CALLS, f"{path.name}:{node.lineno} calls {name}()"
