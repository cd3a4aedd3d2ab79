"""A tray for a daemon that starts before the panel: it waits for one, then becomes the right backend.

At login the session may start deskbreak before its panel. With no
StatusNotifierWatcher on the session bus and no XEmbed tray on the display
yet, nobody can tell which kind of panel is coming: KDE, XFCE, Cinnamon or
GNOME's AppIndicator extension bring a watcher; i3bar, polybar, tint2 or
trayer an XEmbed tray. ``LateTray`` waits for whichever appears first,
without polling: on the watcher's NameOwnerChanged signal and on the MANAGER
message a new XEmbed tray sends to the root window. Then it chooses again
and runs what that gives, showing the latest view.
"""

from __future__ import annotations

import logging
import selectors
import threading
from collections.abc import Callable, Collection, Mapping
from typing import Any

from deskbreak.tray._changes import PendingChanges
from deskbreak.tray._port import Tray, TrayUnavailable
from deskbreak.tray._system_tray import open_display, xembed_tray_present
from deskbreak.tray._view import STARTING_VIEW, TrayView

__all__ = ["LateTray", "PanelWatch"]

_log = logging.getLogger(__name__)


class _BusLost(Exception):
    """The session bus connection ended while waiting on it."""


class PanelWatch:
    """The session bus and the X display, watched for a panel; ``kinds`` says which ("sni", "xorg").

    On the bus it asks once whether a StatusNotifierWatcher is there, right
    after subscribing to the name's owner changes, and from then on only
    listens: no call waits for an answer while waiting, so a bus that is
    slow to answer, or a client sending junk, cannot end the wait with an error.
    """

    def __init__(self, environ: Mapping[str, str], kinds: Collection[str]) -> None:
        self._bus: Any
        self._bus, self._watcher_seen = _watch_bus(environ) if "sni" in kinds else (None, False)
        self._display = _watch_display(environ) if "xorg" in kinds else None
        if self._bus is None and self._display is None:
            raise TrayUnavailable("neither a session bus nor an X display to wait for a panel on")

    def wait(self, wake: PendingChanges) -> bool:
        """Block until a panel is there (True), or ``wake`` is noted or nothing is left to watch (False).

        A session bus that goes away is logged and no longer watched; the
        display, if there is one, still is.
        """
        with selectors.DefaultSelector() as selector:
            selector.register(wake, selectors.EVENT_READ)
            if self._bus is not None:
                selector.register(self._bus.sock, selectors.EVENT_READ)
            if self._display is not None:
                selector.register(self._display.fileno(), selectors.EVENT_READ)
            while True:
                try:
                    if self._panel_seen():
                        return True
                except _BusLost as lost:
                    _log.warning("lost the session bus while waiting for a panel (%s)", lost)
                    selector.unregister(self._bus.sock)
                    self._bus.close()
                    self._bus = None
                    if self._display is None:
                        return False
                    continue
                if any(key.fileobj is wake for key, _ in selector.select()):
                    return False

    def close(self) -> None:
        """Close both connections."""
        if self._bus is not None:
            self._bus.close()
        if self._display is not None:
            self._display.close()

    def _panel_seen(self) -> bool:
        """Read every message and event already waiting, including any read ahead; whether a panel is there."""
        return self._watcher_appeared() or self._xembed_tray_appeared()

    def _watcher_appeared(self) -> bool:
        """Whether the bus has said, now or before, that a StatusNotifierWatcher owns its name."""
        if self._bus is None:
            return False
        from deskbreak.bus import name_owner_change
        from deskbreak.tray._sni import WATCHER

        while True:
            try:
                message = self._bus.receive(timeout=0)
            except TimeoutError:
                return self._watcher_seen
            except OSError as error:
                raise _BusLost(str(error) or type(error).__name__) from None
            change = name_owner_change(message)
            if change is not None and change.name == WATCHER and change.new_owner:
                self._watcher_seen = True

    def _xembed_tray_appeared(self) -> bool:
        """Whether an XEmbed tray runs on the display; its events are only a reason to look."""
        if self._display is None:
            return False
        while self._display.pending_events():
            self._display.next_event()
        return xembed_tray_present(self._display)


class LateTray:
    """Waits in ``run()`` for a panel, then runs the tray ``choose()`` gives; see ``Tray``."""

    def __init__(self, watch: PanelWatch, choose: Callable[[], Tray]) -> None:
        self._watch = watch
        self._choose = choose
        self._lock = threading.Lock()
        self._view = STARTING_VIEW
        self._real: Tray | None = None
        self._stopped = False
        self._wake = PendingChanges()

    @property
    def name(self) -> str:
        """The chosen backend's name, or "waiting" until a panel appears."""
        real = self._real
        return "waiting" if real is None else real.name

    @property
    def has_menu(self) -> bool:
        """Whether the chosen backend has a menu; False while waiting."""
        real = self._real
        return real is not None and real.has_menu

    def run(self) -> None:
        """Wait for a panel, then serve the chosen tray until ``stop()``."""
        try:
            appeared = self._watch.wait(self._wake)
        finally:
            self._watch.close()
            self._wake.close()
        with self._lock:
            if not appeared or self._stopped:
                return
            real = self._real = self._choose()
            real.update(self._view)
        _log.info("a panel appeared: tray backend %s", real.name)
        real.run()

    def update(self, view: TrayView) -> None:
        """Keep ``view`` for the tray to come, or show it on the chosen one."""
        with self._lock:
            self._view = view
            real = self._real
        if real is not None:
            real.update(view)

    def stop(self) -> None:
        """Stop waiting, or stop the chosen tray."""
        with self._lock:
            self._stopped = True
            real = self._real
        self._wake.note("stop")
        if real is not None:
            real.stop()


def _watch_bus(environ: Mapping[str, str]) -> tuple[Any, bool]:
    """A session bus connection that hears the watcher's NameOwnerChanged, and whether one is there already.

    (None, False) without a bus, or with one that fails to answer these two calls.
    """
    from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]

    from deskbreak.bus import owner_changes_rule
    from deskbreak.tray._sni import WATCHER, connect_session_bus, watcher_present

    try:
        connection = connect_session_bus(environ)
    except TrayUnavailable:
        return None, False
    try:
        connection.send_and_get_reply(message_bus.AddMatch(owner_changes_rule(WATCHER)), timeout=1.0)
        return connection, watcher_present(connection)
    except OSError as error:  # TimeoutError among them
        _log.warning("cannot watch the session bus for a panel (%s)", error)
        connection.close()
        return None, False


def _watch_display(environ: Mapping[str, str]) -> Any:
    """An X connection that receives messages sent to the root window, or None without a display."""
    from Xlib import X  # type: ignore[import-untyped]

    try:
        connection = open_display(environ)
    except TrayUnavailable:
        return None
    connection.screen().root.change_attributes(event_mask=X.StructureNotifyMask)
    connection.flush()
    return connection
