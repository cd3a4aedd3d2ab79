"""Choosing a backend the way pystray does, shared by the idle, notification, tray and quiet ports.

An environment variable may name one backend; otherwise they are tried in
the platform's order. Every probe that fails leaves one human line, kept
for the log and ``deskbreak doctor``, never a traceback. It stays at the
top level because every port uses it and it belongs to none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["Choice", "first_that_opens", "overridden", "tried_line"]

Opened = TypeVar("Opened")
Chosen = TypeVar("Chosen")


@dataclass(frozen=True, slots=True)
class Choice(Generic[Chosen]):
    """The backend a port chose, and one ``"name: reason"`` line per backend that failed first.

    The daemon logs each ``tried`` line once and ``deskbreak doctor`` prints
    them. Each port's subclass names ``chosen`` in its own words (an idle
    ``source``, a ``notifier``, a ``tray``).
    """

    chosen: Chosen
    tried: tuple[str, ...]


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
            tried.append(tried_line(name, exc, unavailable))
    return None, tuple(tried)


def tried_line(name: str, exc: Exception, unavailable: type[Exception]) -> str:
    """The one ``"name: reason"`` line a failed probe of backend ``name`` leaves."""
    return f"{name}: {' '.join(_reason(exc, unavailable).split())}"


def _reason(exc: Exception, unavailable: type[Exception]) -> str:
    """Why a probe failed: the port's own one-line reason, a missing module, or the error itself."""
    if isinstance(exc, unavailable):
        return str(exc)
    if isinstance(exc, ModuleNotFoundError) and exc.name:
        return f"the Python module {exc.name!r} is not installed"
    return f"{type(exc).__name__}: {exc}"
