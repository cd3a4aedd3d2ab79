"""Each package's private modules are its own: the rest of deskbreak goes through its ``__init__``.

A module named ``_x`` may change shape at any time; only the package it
lives in may import it, so its ``__all__`` is the whole contract. Tests may
import private modules (they test them); the product may not.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "deskbreak"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> Iterator[tuple[int, str]]:
    """Every module ``path`` imports (at any depth, lazily too), with the line it does so on."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0]
                base = f"{anchor}.{base}" if base else anchor
            yield node.lineno, base
            yield from ((node.lineno, f"{base}.{alias.name}") for alias in node.names
                        if alias.name.startswith("_") and is_module(f"{base}.{alias.name}"))


def is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def private_owner(imported: str) -> str | None:
    """The package whose private module ``imported`` is (or is inside), or None for a public module."""
    parts = imported.split(".")
    for index, part in enumerate(parts):
        if part.startswith("_") and not part.startswith("__"):
            return ".".join(parts[:index])
    return None


def reaches_into_private(importer: str, imported: str) -> bool:
    owner = private_owner(imported)
    if owner is None or not imported.startswith("deskbreak."):
        return False
    return importer != owner and not importer.startswith(f"{owner}.")


def test_no_module_imports_another_package_s_private_module() -> None:
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {imported}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line, imported in imported_modules(path)
        if reaches_into_private(module_name(path), imported)
    ]
    assert found == []


def test_the_check_sees_a_reach_into_a_sibling_and_allows_a_package_its_own() -> None:
    assert reaches_into_private("deskbreak.daemon._app", "deskbreak.idle._port")
    assert reaches_into_private("deskbreak.cli", "deskbreak.daemon._setup")
    assert not reaches_into_private("deskbreak.idle", "deskbreak.idle._port")
    assert not reaches_into_private("deskbreak.idle._choose", "deskbreak.idle._port")
    assert not reaches_into_private("deskbreak.daemon._app", "deskbreak.idle")
