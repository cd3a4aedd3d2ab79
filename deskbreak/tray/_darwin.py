"""pystray's darwin icon, with every AppKit call made on the main thread and the daemon's signals left alone.

Fixes over pystray 0.19.5:

- its hooks call ``setImage_``, ``setToolTip_`` and ``setMenu_`` on the thread
  that changed the icon (the daemon's engine thread); AppKit allows them on
  the main thread only, and ``-[NSStatusItem setMenu:]`` off it is reported
  to crash with SIGTRAP. Here a hook only notes its change and queues one
  call on the main run loop (``AppHelper.callAfter``), which carries the
  changes out there; ``stop()`` reaches ``NSApp`` the same way;
- its loop takes SIGINT over through ``PyObjCTools.MachSignals`` and answers
  it with ``NSApp.terminate_``, which ends the process without the daemon's
  clean-up; here the loop leaves signals to the daemon (``daemon/_signals``).

The icon must be created on the main thread, which later runs it. Importing
this module loads PyObjC's AppKit, so the chooser imports it only on macOS
(or under a test's fake AppKit).
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from deskbreak.tray._loop_hooks import LoopHooks, WakingChanges
from deskbreak.tray._pystray import pystray_module

__all__ = ["DarwinIcon"]

_log = logging.getLogger(__name__)
_DarwinIcon: Any = pystray_module("darwin").Icon
_app_helper: Any = importlib.import_module("PyObjCTools.AppHelper")


class DarwinIcon(LoopHooks, _DarwinIcon):  # type: ignore[misc]
    """A pystray darwin ``Icon`` whose changes all happen on the main thread; see the module docstring."""

    PLATFORM_ICON = _DarwinIcon

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._changes = WakingChanges(self._wake)
        self._want_shown = False
        super().__init__(*args, **kwargs)

    def _wake(self) -> None:
        """Queue the changes for the main thread; calls queued before ``NSApp.run()`` wait for it."""
        _app_helper.callAfter(self._carry_out)

    def _run(self) -> None:
        """Run the application until ``stop()``: pystray's loop, without its SIGINT handler."""
        self._mark_ready()
        try:
            self._app.run()
        except Exception:  # an exception out of the AppKit loop: log it, and let run() return
            _log.exception("the macOS tray loop failed; the icon is gone")
        finally:
            self._status_bar.removeStatusItem_(self._status_item)
            self._changes.close()
