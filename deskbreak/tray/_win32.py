"""pystray's win32 icon, with every change made on its own message loop and a click that checks the entry.

Fixes over pystray 0.19.5:

- its hooks call ``Shell_NotifyIcon``, ``DestroyMenu`` and ``CreatePopupMenu``
  on the thread that changed the icon (the daemon's engine thread), and a
  menu rebuilt that way is destroyed while ``TrackPopupMenuEx`` may be
  showing it; here a hook only notes its change and posts a message to the
  icon's window, and the window procedure carries the changes out on the
  loop's thread, holding them back while the menu is open;
- a left click runs the default entry (Start break now) even when it is
  disabled (``Icon.__call__`` ignores ``enabled``); here it asks the entry first.

``PostMessage`` is the one call made from other threads: Windows allows it
from any thread, and it is how ``stop()`` reaches the loop even while a menu is open.
Importing this module loads pystray's ctypes bindings of user32, so the
chooser imports it only on Windows (or under a test's fake bindings).
"""

from __future__ import annotations

import importlib
import threading
from typing import Any

from deskbreak.tray._loop_hooks import LoopHooks, WakingChanges
from deskbreak.tray._pystray import pystray_module, run_default_item

__all__ = ["WM_DESKBREAK_CHANGES", "Win32Icon"]

_Win32Icon: Any = pystray_module("win32").Icon
_win32: Any = importlib.import_module("pystray._util.win32")
WM_DESKBREAK_CHANGES = _win32.WM_USER + 20
"""Posted to the icon's window when changes wait: pystray uses WM_USER + 10 and + 11."""


class Win32Icon(LoopHooks, _Win32Icon):  # type: ignore[misc]
    """A pystray win32 ``Icon`` whose changes all happen on its message loop; see the module docstring."""

    PLATFORM_ICON = _Win32Icon

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._changes = WakingChanges(self._wake)
        self._want_shown = False
        self._loop_thread: threading.Thread | None = None
        self._menu_open = False
        super().__init__(*args, **kwargs)
        self._message_handlers[WM_DESKBREAK_CHANGES] = self._on_changes

    def _run(self) -> None:
        self._loop_thread = threading.current_thread()
        try:
            super()._run()
        finally:
            self._changes.close()

    def _stop(self) -> None:
        """Post pystray's stop message at once: PostMessage is safe from any thread, menu open or not."""
        _Win32Icon._stop(self)

    def _wake(self) -> None:
        """Carry the changes out now on the loop's thread outside a menu, else post a message to the window.

        Before the loop has made its window there is nowhere to post to; the
        loop's start notes the menu, which posts the first message.
        """
        if threading.current_thread() is self._loop_thread and not self._menu_open:
            self._carry_out()
        elif self._hwnd:
            _win32.PostMessage(self._hwnd, WM_DESKBREAK_CHANGES, 0, 0)

    def _on_changes(self, wparam: int, lparam: int) -> None:
        if not self._menu_open:  # the menu's own handler carries them out once it closes
            self._carry_out()

    def _on_notify(self, wparam: int, lparam: int) -> None:
        """A click on the icon: left runs the default entry if it is enabled; right shows the menu."""
        if lparam == _win32.WM_LBUTTONUP:
            run_default_item(self)
            return
        if lparam != _win32.WM_RBUTTONUP:
            return
        self._menu_open = True
        try:
            _Win32Icon._on_notify(self, wparam, lparam)
        finally:
            self._menu_open = False
        self._carry_out()

    def _on_display_change(self, wparam: int, lparam: int) -> None:
        """Show the icon again at the new resolution (pystray's hide and show, run here and now)."""
        if self.visible:
            _Win32Icon._hide(self)
            _Win32Icon._show(self)

    def _on_taskbarcreated(self, wparam: int, lparam: int) -> None:
        """Explorer restarted: add the icon to the new taskbar."""
        if self.visible:
            _Win32Icon._show(self)
