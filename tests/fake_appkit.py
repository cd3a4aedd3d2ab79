"""A fake PyObjC for pystray's darwin backend: AppKit calls recorded with their thread, and a main run loop.

``AppKitWorld.modules()`` are stand-ins for ``AppKit``, ``Foundation``,
``objc`` and ``PyObjCTools`` (``MachSignals``, ``AppHelper``). Every AppKit or
Foundation call is recorded with the thread that made it, so a test can
check that AppKit was only touched on the loop's thread. The fake
``NSApp.run()`` is the main run loop: it runs what ``AppHelper.callAfter``
queued, in order, and returns after ``stop_`` once an event is posted, as
AppKit does. While it waits it blocks SIGTERM and SIGINT on its thread, as
a thread inside AppKit's C loop runs no Python signal handler either.
"""

from __future__ import annotations

import queue
import signal
import threading
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from call_log import CallLog

_POSTED_EVENT = object()
_THICKNESS = 22.0
_CONSTANTS = {"NSVariableStatusItemLength": -1.0, "NSApplicationDefined": 15, "NSOnState": 1, "NSOffState": 0,
              "NSFontAttributeName": "NSFont"}
_CHAINED = ("alloc", "init", "systemStatusBar", "statusItemWithLength_", "button", "separatorItem",
            "menuFontOfSize_", "boldSystemFontOfSize_")
"""Calls that hand back an object to call further; any other call answers None (a setter, say)."""


class Native:
    """Any AppKit or Foundation object or class: calls are recorded, ``set…_`` values and menu items kept."""

    def __init__(self, world: AppKitWorld, kind: str) -> None:
        self._world = world
        self.kind = kind
        self.values: dict[str, Any] = {}
        self.items: list[Native] = []

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self._call(name, args)

    def __call__(self, *args: Any) -> Native:
        self._world.record(f"{self.kind}()")
        return Native(self._world, self.kind)

    def _call(self, name: str, args: tuple[Any, ...]) -> Any:
        self._world.record(f"{self.kind}.{name}")
        if name.startswith("initWith"):
            self.values["title"] = args[0]
            return self
        if name.startswith("set") and args:
            self.values[name] = args[0]
        if name == "addItem_":
            self.items.append(args[0])
        answers = {"thickness": _THICKNESS, "size": (int(_THICKNESS), int(_THICKNESS)), "pointSize": 13.0}
        if name in answers:
            return answers[name]
        return Native(self._world, self.kind) if name in _CHAINED or name.startswith("otherEvent") else None


class FakeApplication:
    """``NSApplication.sharedApplication()``: ``run`` is the main run loop of the world."""

    def __init__(self, world: AppKitWorld) -> None:
        self._world = world
        self._stopping = False

    def run(self) -> None:
        world = self._world
        world.record("NSApplication.run")
        world.loop_thread = threading.current_thread()
        with _stop_signals_blocked():
            world.running.set()
            while not (world.main_queue.get() is _POSTED_EVENT and self._stopping):
                pass
        world.running.clear()

    def stop_(self, sender: Any) -> None:
        self._world.record("NSApplication.stop_")
        self._stopping = True

    def postEvent_atStart_(self, event: Any, at_start: bool) -> None:  # noqa: N802 (AppKit's name)
        self._world.record("NSApplication.postEvent_atStart_")
        self._world.main_queue.put(_POSTED_EVENT)

    def terminate_(self, sender: Any) -> None:
        self._world.record("NSApplication.terminate_")


class _MainQueue:
    """What ``performSelectorOnMainThread`` feeds: callables run by the loop, in order, and posted events."""

    def __init__(self, world: AppKitWorld) -> None:
        self._world = world
        self._waiting: queue.SimpleQueue[Any] = queue.SimpleQueue()

    def put(self, item: Any) -> None:
        self._waiting.put(item)

    def get(self) -> Any:
        item = self._waiting.get()
        if callable(item):
            try:
                item()
            except Exception as error:  # AppKit logs an exception out of a performed selector and goes on
                self._world.record(f"exception in a queued call: {error!r}")
        return item


class AppKitWorld(CallLog):
    """The fake's state: every call with its thread, the run loop, and whether SIGINT was taken over.

    ``loop_thread`` is the one that ran ``NSApp.run()``: AppKit's main thread.
    """

    def __init__(self) -> None:
        super().__init__()
        self.running = threading.Event()
        self.main_queue = _MainQueue(self)
        self.app = FakeApplication(self)
        self.mach_signals: dict[int, Any] = {}
        self.status_items: list[_StatusItem] = []

    def tooltip(self) -> str | None:
        """The tooltip last set on the status item's button."""
        tooltip: str | None = self._last_value("setToolTip_")
        return tooltip

    def menu(self) -> Native | None:
        """The menu last set on the status item."""
        menu: Native | None = self._last_value("setMenu_")
        return menu

    def modules(self) -> dict[str, types.ModuleType]:
        """The fake modules, by the names pystray's darwin backend and deskbreak import."""
        appkit = _NativeModule(self, "AppKit")
        vars(appkit).update(NSApplication=types.SimpleNamespace(sharedApplication=self._shared_application),
                            NSStatusBar=types.SimpleNamespace(systemStatusBar=self._system_status_bar))
        foundation = _NativeModule(self, "Foundation")
        vars(foundation).update(NSObject=_NSObject)
        objc = types.ModuleType("objc")
        objc.namedSelector = lambda selector: lambda method: method  # type: ignore[attr-defined]
        tools = types.ModuleType("PyObjCTools")
        mach = types.ModuleType("PyObjCTools.MachSignals")
        mach.signal = self._mach_signal  # type: ignore[attr-defined]
        mach.getsignal = self.mach_signals.get  # type: ignore[attr-defined]
        helper = types.ModuleType("PyObjCTools.AppHelper")
        helper.callAfter = self._call_after  # type: ignore[attr-defined]
        tools.MachSignals, tools.AppHelper = mach, helper  # type: ignore[attr-defined]
        return {"AppKit": appkit, "Foundation": foundation, "objc": objc, "PyObjCTools": tools,
                "PyObjCTools.MachSignals": mach, "PyObjCTools.AppHelper": helper}

    def _mach_signal(self, signum: int, handler: Any) -> Any:
        self.record(f"MachSignals.signal({signal.Signals(signum).name})")
        previous, self.mach_signals[signum] = self.mach_signals.get(signum), handler
        return previous

    def _call_after(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """``AppHelper.callAfter``: safe from any thread, so it is not an AppKit call to record."""
        self.main_queue.put(lambda: function(*args, **kwargs))

    def _last_value(self, setter: str) -> Any:
        for item in reversed(self.status_items):
            for holder in (item.button_object, item):
                if setter in holder.values:
                    return holder.values[setter]
        return None

    def _shared_application(self) -> FakeApplication:
        self.record("NSApplication.sharedApplication")
        return self.app

    def _system_status_bar(self) -> Native:
        self.record("NSStatusBar.systemStatusBar")
        return _StatusBar(self)


class _StatusBar(Native):
    """``NSStatusBar.systemStatusBar()``: its status items keep their button, so their values can be read."""

    def __init__(self, world: AppKitWorld) -> None:
        super().__init__(world, "NSStatusBar")

    def _call(self, name: str, args: tuple[Any, ...]) -> Any:
        answer = super()._call(name, args)
        if name != "statusItemWithLength_":
            return answer
        item = _StatusItem(self._world)
        self._world.status_items.append(item)
        return item


class _StatusItem(Native):
    """An ``NSStatusItem`` whose ``button()`` is always the same object, as in AppKit."""

    def __init__(self, world: AppKitWorld) -> None:
        super().__init__(world, "NSStatusItem")
        self.button_object = Native(world, "NSStatusBarButton")

    def _call(self, name: str, args: tuple[Any, ...]) -> Any:
        answer = super()._call(name, args)
        return self.button_object if name == "button" else answer


class _NativeModule(types.ModuleType):
    """A module whose every ``NS…`` name is a recording ``Native`` class, plus AppKit's constants."""

    def __init__(self, world: AppKitWorld, name: str) -> None:
        super().__init__(name)
        self._world = world

    def __getattr__(self, name: str) -> Any:
        if name in _CONSTANTS:
            return _CONSTANTS[name]
        if name.startswith("NS"):
            return Native(self._world, name)
        raise AttributeError(name)


class _NSObject:
    """``Foundation.NSObject``, enough to subclass: ``alloc().init()`` makes one."""

    @classmethod
    def alloc(cls) -> _NSObject:
        return cls()

    def init(self) -> _NSObject:
        return self


@contextmanager
def _stop_signals_blocked() -> Iterator[None]:
    """Keep SIGTERM and SIGINT from this thread, as AppKit's C loop keeps Python's handlers from running."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
