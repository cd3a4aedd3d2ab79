"""ctypes helpers shared by the backends that call C libraries (x11, macos, windows)."""

from __future__ import annotations

import ctypes
from typing import Any

from deskbreak.idle._port import IdleUnavailable

__all__ = ["declare", "load_library"]


def load_library(path: str, missing: str) -> ctypes.CDLL:
    """Load a shared library, or raise IdleUnavailable(``missing``) saying what to install."""
    try:
        return ctypes.CDLL(path)
    except OSError:
        raise IdleUnavailable(missing) from None


def declare(library: Any, name: str, restype: Any, *argtypes: Any) -> Any:
    """One C function with its signature, so ctypes passes pointers at full width.

    Attribute lookup on a CDLL caches the function on that CDLL object, so each
    source loads its own CDLL and these signatures never leak into other code.
    """
    function = getattr(library, name)
    function.restype = restype
    function.argtypes = argtypes
    return function
