"""Which test modules belong to the desktop and slow tiers, read from what they import, without importing them.

A module is in the desktop tier when, at its top level, it imports a Linux
desktop library (jeepney, python-xlib), a helper that drives desktop
programs (any ``desktop_*`` module: ``desktop_tray``, ``desktop_notify``,
``desktop_sway``...), or one of ``desktop``'s names that start them
(``Xvfb``, ``start_bus``, ``need``, ``FakeBusService``); through the tests'
own helper modules too. conftest marks its tests ``desktop``, so
``pytest -m "not desktop"`` is the tier a Windows or macOS checkout can run,
and where jeepney or python-xlib is missing (off Linux) it leaves the
modules that import them at their top level uncollected, instead of
failing on their imports.

A module is in the slow tier when it starts a real ``deskbreak run``
(imports ``daemon_process.Daemon``: seconds to start, a real minute of desk
time before a reminder) or is named in ``LONG_BY_DESIGN``, whose length no
import shows. ``pytest -m "not desktop and not slow"`` is the quick tier.
"""

from __future__ import annotations

import ast
import importlib.util
from functools import cache
from pathlib import Path

__all__ = ["LINUX_ONLY", "LONG_BY_DESIGN", "missing_linux_libraries", "runs_long", "starts_desktop_programs"]

LINUX_ONLY = ("jeepney", "Xlib")
LONG_BY_DESIGN = {
    "test_daemon_soak": "ninety days through the real shell",
    "test_history_processes": "kills a writing process again and again",
    "test_portable_tier": "runs pytest over the suite again",
}
_DESKTOP_STARTERS = frozenset({"Xvfb", "start_bus", "need", "FakeBusService"})
_TESTS = Path(__file__).parent


def starts_desktop_programs(module: Path) -> bool:
    """Whether ``module`` (a file in tests/) needs a desktop: see the module docstring."""
    return any(_is_desktop_import(name, imported) for name, imported in _imports(module.resolve()))


def runs_long(module: Path) -> bool:
    """Whether ``module`` (a file in tests/) is slow: see the module docstring."""
    return module.stem in LONG_BY_DESIGN or ("daemon_process", "Daemon") in _imports(module.resolve())


def missing_linux_libraries(module: Path) -> tuple[str, ...]:
    """The Linux-only libraries ``module`` imports at its top level that this Python cannot import."""
    return tuple(library for library in _libraries(module.resolve()) if importlib.util.find_spec(library) is None)


def _is_desktop_import(name: str, imported: str | None) -> bool:
    top = name.split(".", 1)[0]
    if top in LINUX_ONLY or top.startswith("desktop_") or (top == "desktop" and imported in _DESKTOP_STARTERS):
        return True
    helper = _TESTS / f"{top}.py"
    return helper.is_file() and top != "desktop" and starts_desktop_programs(helper)


@cache
def _libraries(module: Path) -> frozenset[str]:
    found: set[str] = set()
    for name, _ in _imports(module):
        top = name.split(".")[0]
        if top in LINUX_ONLY:
            found.add(top)
        elif (_TESTS / f"{top}.py").is_file():
            found |= _libraries((_TESTS / f"{top}.py").resolve())
    return frozenset(found)


@cache
def _imports(module: Path) -> tuple[tuple[str, str | None], ...]:
    """(module, name) for each top-level import; name is None for a plain ``import module``."""
    found: list[tuple[str, str | None]] = []
    for statement in ast.parse(module.read_text(encoding="utf-8")).body:
        if isinstance(statement, ast.Import):
            found += [(alias.name, None) for alias in statement.names]
        elif isinstance(statement, ast.ImportFrom) and statement.module and not statement.level:
            found += [(statement.module, alias.name) for alias in statement.names]
    return tuple(found)
