"""Imports pystray's parts without running the backend probe in its ``__init__``.

``import pystray`` picks a backend at import time: on Linux it imports GTK
through PyGObject when that is installed (about 30 MB, even if the tray ends
up on D-Bus), and without a ``DISPLAY`` its xorg backend raises Xlib's
``DisplayNameError``, which is not an ImportError, so the import itself
fails and even the D-Bus tray could not use ``pystray.Menu``. Here the
``pystray`` package is registered in ``sys.modules`` without running its
``__init__``, and only the modules asked for are imported: ``_base`` always,
a backend when the chooser tries it. Code elsewhere in deskbreak imports
pystray only through this module.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import sys
from types import ModuleType
from typing import Any

__all__ = ["Menu", "MenuItem", "PystrayIcon", "pystray_module", "run_default_item", "run_item"]

_log = logging.getLogger(__name__)


def _package() -> ModuleType:
    """``pystray`` as registered in sys.modules, adding it unrun if nobody imported it yet."""
    existing = sys.modules.get("pystray")
    if existing is not None:
        return existing
    spec = importlib.util.find_spec("pystray")
    if spec is None or spec.submodule_search_locations is None:
        raise ImportError("the Python package 'pystray' is not installed", name="pystray")
    package = importlib.util.module_from_spec(spec)
    sys.modules["pystray"] = package
    return package


def pystray_module(name: str) -> ModuleType:
    """The pystray module ``_name`` ("base", or a backend: "xorg", "win32"), imported now.

    Import errors propagate as they are, e.g. Xlib's error for a missing X
    display; the chooser turns them into ``tried`` lines.
    """
    _package()
    return importlib.import_module(f"pystray._{name}")


_base = pystray_module("base")
_pystray = _package()
vars(_pystray).update(Menu=_base.Menu, MenuItem=_base.MenuItem)  # as pystray's own __init__ would

Menu: Any = _base.Menu
MenuItem: Any = _base.MenuItem
PystrayIcon: Any = _base.Icon


def run_item(icon: Any, item: Any) -> None:
    """Run a menu item's action the way pystray's backends do, then refresh the menu.

    A failing action is logged, not raised: it must not end the tray's loop.
    """
    try:
        item(icon)
    except Exception:
        _log.exception("the tray menu action %r failed", item.text)
    finally:
        icon.update_menu()


def run_default_item(icon: Any) -> None:
    """A click on the icon: run the default menu item, unless it is disabled or hidden now.

    pystray's own ``Icon.__call__`` ignores ``enabled``, so a click during a
    break would ask to start one; this asks the item first.
    """
    entries = icon.menu.items if icon.menu else ()
    default = next((entry for entry in entries if entry.default), None)
    if default is not None and default.enabled and default.visible:
        run_item(icon, default)
