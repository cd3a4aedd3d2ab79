"""How long the user has been away from keyboard and mouse: the idle-source port.

The daemon calls ``choose_idle_source()`` once at start, logs each line of
``tried`` once (``deskbreak doctor`` prints them too), says once in the log
when the result is ``AlwaysPresent``, and then reads ``source.idle_for()``
from its engine thread to make ``IdleSampled`` events: every few seconds,
or, from a source that can watch (``IdleWatch``: x11 with XSync, wayland),
only when it says idleness changed and at the engine's deadlines.

Backends, tried in this order unless ``DESKBREAK_IDLE`` names one:
Linux/BSD on Wayland: wayland, gnome, freedesktop, x11; on X11: x11, gnome,
freedesktop; macOS: macos; Windows: windows; then always-present.
Each backend's module (ctypes, jeepney, socket) is imported only when it is tried.
``FakeIdle`` and ``FakeIdleWatch`` are the ones tests and simulation drivers use.
"""

from deskbreak.idle._always import AlwaysPresent
from deskbreak.idle._choose import BACKEND_NAMES, OVERRIDE_VARIABLE, IdleChoice, choose_idle_source
from deskbreak.idle._fake import FakeIdle, FakeIdleWatch
from deskbreak.idle._port import IdleSource, IdleUnavailable, IdleWatch

__all__ = [
    "BACKEND_NAMES",
    "OVERRIDE_VARIABLE",
    "AlwaysPresent",
    "FakeIdle",
    "FakeIdleWatch",
    "IdleChoice",
    "IdleSource",
    "IdleUnavailable",
    "IdleWatch",
    "choose_idle_source",
]
