"""A fake ``pystray._util.win32``: user32 and shell32 calls recorded with their thread, and message queues.

pystray's win32 backend reaches Windows only through that module, so with
this one in ``sys.modules`` it runs anywhere. Each thread that calls
``PeekMessage`` or ``GetMessage`` gets a message queue; ``PostMessage`` puts
a message on the queue of the thread that created the window, as Windows
does, and is the one call recorded as allowed from any thread.
``TrackPopupMenuEx`` shows the menu as Windows does: it runs a modal loop
that goes on dispatching the thread's messages until the user picks an
entry or dismisses the menu (``choose``). ``DestroyMenu`` on the menu
being shown is recorded as a fault.
"""

from __future__ import annotations

import ctypes
import itertools
import queue
import threading
import types
from collections.abc import Callable
from typing import Any

from call_log import CallLog

WM_USER = 0x400
_MESSAGES = {"WM_NULL": 0x0000, "WM_CREATE": 0x0001, "WM_QUIT": 0x0012, "WM_DISPLAYCHANGE": 0x007E,
             "WM_NCCREATE": 0x0081, "WM_LBUTTONUP": 0x0202, "WM_RBUTTONUP": 0x0205, "WM_USER": WM_USER,
             "WM_STOP": WM_USER + 10, "WM_NOTIFY": WM_USER + 11, "WM_TASKBARCREATED": 0xC000}
_FLAGS = {"NIM_ADD": 0, "NIM_MODIFY": 1, "NIM_DELETE": 2, "NIF_MESSAGE": 1, "NIF_ICON": 2, "NIF_TIP": 4,
          "NIF_INFO": 0x10, "MFS_CHECKED": 8, "MFS_DEFAULT": 0x1000, "MFS_DISABLED": 3, "MFT_RADIOCHECK": 0x200,
          "MFT_SEPARATOR": 0x800, "MIIM_FTYPE": 0x100, "MIIM_ID": 2, "MIIM_STRING": 0x40, "MIIM_STATE": 1,
          "MIIM_SUBMENU": 4, "TPM_RIGHTALIGN": 8, "TPM_BOTTOMALIGN": 0x20, "TPM_RETURNCMD": 0x100,
          "WS_POPUP": 0x80000000, "PM_NOREMOVE": 0, "COLOR_WINDOW": 5, "IMAGE_ICON": 1, "LR_DEFAULTSIZE": 0x40,
          "LR_LOADFROMFILE": 0x10, "MSGFLT_ALLOW": 1}
_MENU_ANSWER = 0x7FFF
"""Not a Windows message: the user's pick in an open menu, handed to ``TrackPopupMenuEx``'s modal loop."""
_ANY_THREAD = frozenset({"PostMessage"})


class MENUITEMINFO(ctypes.Structure):
    _fields_ = [("cbSize", ctypes.c_uint), ("fMask", ctypes.c_uint), ("fType", ctypes.c_uint),
                ("fState", ctypes.c_uint), ("wID", ctypes.c_uint), ("hSubMenu", ctypes.c_void_p),
                ("dwTypeData", ctypes.c_wchar_p)]


class NOTIFYICONDATAW(ctypes.Structure):
    _fields_ = [("cbSize", ctypes.c_uint), ("hWnd", ctypes.c_void_p), ("hID", ctypes.c_void_p),
                ("uFlags", ctypes.c_uint), ("uCallbackMessage", ctypes.c_uint), ("hIcon", ctypes.c_void_p),
                ("szTip", ctypes.c_wchar * 128), ("szInfo", ctypes.c_wchar * 256),
                ("szInfoTitle", ctypes.c_wchar * 64)]


class WNDCLASSEX(ctypes.Structure):
    _fields_ = [("cbSize", ctypes.c_uint), ("style", ctypes.c_uint), ("lpfnWndProc", ctypes.py_object),
                ("cbClsExtra", ctypes.c_int), ("cbWndExtra", ctypes.c_int), ("hInstance", ctypes.c_void_p),
                ("hIcon", ctypes.c_void_p), ("hCursor", ctypes.c_void_p), ("hbrBackground", ctypes.c_void_p),
                ("lpszMenuName", ctypes.c_wchar_p), ("lpszClassName", ctypes.c_wchar_p), ("hIconSm", ctypes.c_void_p)]


class User32World(CallLog):
    """The fake's state: every call with its thread, the windows' queues, menus and the notification icon.

    ``loop_thread`` is the one that created the windows, whose queue their messages go to.
    """

    def __init__(self) -> None:
        super().__init__()
        self.menus: dict[int, list[tuple[str, int, int]]] = {}
        """Each menu's entries: (label, state flags, the id TrackPopupMenuEx answers for it)."""
        self.destroyed_while_shown: list[int] = []
        self.tips: list[str] = []
        self.icon_shown = False
        self.shown_menu: int | None = None
        self._queues: dict[int, queue.SimpleQueue[tuple[int, int, int, int]]] = {}
        self._owners: dict[int, int] = {}
        self._window_procedure: Callable[..., int] | None = None
        self._handles = itertools.count(100)
        self._flushed: list[int] = []

    # What the tests do.

    def calls_off_the_loop(self, allowed_anywhere: frozenset[str] = _ANY_THREAD) -> list[tuple[str, str]]:
        """Every recorded call made off the loop's thread, but for PostMessage, which Windows allows anywhere."""
        return super().calls_off_the_loop(allowed_anywhere)

    def click(self, button: str) -> None:
        """The user clicks the notification icon: "left" or "right"."""
        message = _MESSAGES["WM_LBUTTONUP"] if button == "left" else _MESSAGES["WM_RBUTTONUP"]
        self._post(self._icon_window(), _MESSAGES["WM_NOTIFY"], 0, message)

    def choose(self, label: str | None) -> None:
        """The user picks ``label`` in the open menu, or dismisses it (None)."""
        assert self.shown_menu is not None, "no menu is open"
        chosen = next((entry_id for text, _, entry_id in self.menus[self.shown_menu] if text == label), 0)
        self._post(self._icon_window(), _MENU_ANSWER, chosen, 0)

    def flush(self) -> None:
        """Wait until the loop has handled every message posted so far."""
        token = next(self._handles)
        self._post(self._icon_window(), _MESSAGES["WM_NULL"], token, 0)
        self.wait_until(lambda: token in self._flushed, "the loop handled the messages posted before")

    def entry_state(self, label: str) -> int:
        """The state flags of entry ``label`` in the menu built last that has it."""
        holding = [(menu, state) for menu, entries in self.menus.items() for text, state, _ in entries if text == label]
        return max(holding)[1]

    def module(self) -> types.ModuleType:
        """The stand-in for ``pystray._util.win32``."""
        module = types.ModuleType("pystray._util.win32")
        vars(module).update(_MESSAGES, **_FLAGS, MENUITEMINFO=MENUITEMINFO, NOTIFYICONDATAW=NOTIFYICONDATAW,
                            WNDCLASSEX=WNDCLASSEX, WNDPROC=lambda function: function)
        for name in ("PeekMessage", "GetMessage", "TranslateMessage", "DispatchMessage", "PostMessage",
                     "PostQuitMessage", "DefWindowProc", "RegisterClassEx", "UnregisterClass", "GetModuleHandle",
                     "CreateWindowEx", "ChangeWindowMessageFilterEx", "DestroyWindow", "CreatePopupMenu",
                     "InsertMenuItem", "DestroyMenu", "TrackPopupMenuEx", "SetForegroundWindow", "GetCursorPos",
                     "Shell_NotifyIcon", "LoadImage", "DestroyIcon"):
            setattr(module, name, self._recorded(name, getattr(self, f"_{name}", None)))
        return module

    # The calls.

    def _recorded(self, name: str, behaviour: Callable[..., Any] | None) -> Callable[..., Any]:
        def call(*args: Any) -> Any:
            self.record(name)
            return behaviour(*args) if behaviour else 0

        return call

    def _queue(self) -> queue.SimpleQueue[tuple[int, int, int, int]]:
        return self._queues.setdefault(threading.get_ident(), queue.SimpleQueue())

    def _post(self, window: int, message: int, wparam: int, lparam: int) -> None:
        self._queues[self._owners[window]].put((window, message, wparam, lparam))

    def _icon_window(self) -> int:
        return min(self._owners)  # pystray makes the icon's window first, then the menu's

    def _PeekMessage(self, *args: Any) -> int:  # noqa: N802 (Windows' names, as pystray calls them)
        self._queue()
        return 0

    def _RegisterClassEx(self, window_class: WNDCLASSEX) -> int:  # noqa: N802
        self._window_procedure = window_class.lpfnWndProc
        return 1

    def _GetModuleHandle(self, name: Any) -> int:  # noqa: N802
        return 1

    def _CreateWindowEx(self, *args: Any) -> int:  # noqa: N802
        self.loop_thread = threading.current_thread()
        window = next(self._handles)
        self._owners[window] = threading.get_ident()
        return window

    def _GetMessage(self, pointer: Any, *args: Any) -> int:  # noqa: N802
        window, message, wparam, lparam = self._queue().get()
        pointer._obj.hWnd, pointer._obj.message = window, message
        pointer._obj.wParam, pointer._obj.lParam = wparam, lparam
        return 0 if message == _MESSAGES["WM_QUIT"] else 1

    def _DispatchMessage(self, pointer: Any) -> int:  # noqa: N802
        sent = pointer._obj
        return self._dispatch(sent.hWnd, sent.message, sent.wParam, sent.lParam)

    def _dispatch(self, window: int, message: int, wparam: int, lparam: int) -> int:
        assert self._window_procedure is not None
        answer = self._window_procedure(window, message, wparam, lparam)
        if message == _MESSAGES["WM_NULL"]:
            with self.changing():
                self._flushed.append(wparam)
        return int(answer)

    def _PostMessage(self, window: int, message: int, wparam: int, lparam: int) -> int:  # noqa: N802
        self._post(window, message, wparam, lparam)
        return 1

    def _PostQuitMessage(self, code: int) -> None:  # noqa: N802
        self._queue().put((0, _MESSAGES["WM_QUIT"], code, 0))

    def _CreatePopupMenu(self) -> int:  # noqa: N802
        menu = next(self._handles)
        self.menus[menu] = []
        return menu

    def _InsertMenuItem(self, menu: int, position: int, by_position: bool, pointer: Any) -> int:  # noqa: N802
        entry = pointer._obj
        self.menus[menu].insert(position, (entry.dwTypeData or "----", entry.fState, entry.wID))
        return 1

    def _DestroyMenu(self, menu: int) -> int:  # noqa: N802
        if menu == self.shown_menu:
            self.destroyed_while_shown.append(menu)
        return 1

    def _TrackPopupMenuEx(self, menu: int, *args: Any) -> int:  # noqa: N802
        """Show ``menu``: dispatch this thread's messages until the user answers, as Windows' modal loop does."""
        with self.changing():
            self.shown_menu = menu
        try:
            while True:
                window, message, wparam, lparam = self._queue().get()
                if message == _MENU_ANSWER:
                    return wparam
                if message == _MESSAGES["WM_QUIT"]:
                    self._queue().put((window, message, wparam, lparam))
                    return 0
                self._dispatch(window, message, wparam, lparam)
        finally:
            with self.changing():
                self.shown_menu = None

    def _Shell_NotifyIcon(self, code: int, data: NOTIFYICONDATAW) -> int:  # noqa: N802
        with self.changing():
            if code == _FLAGS["NIM_ADD"]:
                self.icon_shown = True
            elif code == _FLAGS["NIM_DELETE"]:
                self.icon_shown = False
            if data.uFlags & _FLAGS["NIF_TIP"]:
                self.tips.append(data.szTip)
        return 1

    def _LoadImage(self, *args: Any) -> int:  # noqa: N802
        return next(self._handles)
