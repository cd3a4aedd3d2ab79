"""Choosing a backend the way pystray does, shared by the idle, notification and tray ports.

An environment variable may name one backend; otherwise they are tried in
the platform's order. Every probe that fails leaves one human line, kept
for the log and ``deskbreak doctor``, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

__all__ = ["first_that_opens", "overridden"]

Opened = TypeVar("Opened")


def overridden(environ: Mapping[str, str], variable: str, names: Sequence[str], what: str) -> tuple[str] | None:
    """The one backend ``variable`` names, or None; ValueError for a name that is not one of ``names``.

    A typo must not quietly mean "none of them", so it is an error, not a fallback.
    """
    value = environ.get(variable, "").strip()
    if not value:
        return None
    if value not in names:
        raise ValueError(f"{variable}={value!r} is not {what}; use one of: {', '.join(names)}")
    return (value,)


def first_that_opens(
    order: Iterable[str], open_backend: Callable[[str], Opened], unavailable: type[Exception]
) -> tuple[Opened | None, tuple[str, ...]]:
    """The first backend in ``order`` that opens (None if none does), and a line per failure."""
    tried: list[str] = []
    for name in order:
        try:
            return open_backend(name), tuple(tried)
        except Exception as exc:  # any probe failure is a tried line, never a traceback
            tried.append(f"{name}: {' '.join(_reason(exc, unavailable).split())}")
    return None, tuple(tried)


def _reason(exc: Exception, unavailable: type[Exception]) -> str:
    """Why a probe failed: the port's own one-line reason, a missing module, or the error itself."""
    if isinstance(exc, unavailable):
        return str(exc)
    if isinstance(exc, ModuleNotFoundError) and exc.name:
        return f"the Python module {exc.name!r} is not installed"
    return f"{type(exc).__name__}: {exc}"
