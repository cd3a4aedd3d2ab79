"""Wayland idle time from the compositor's idle protocol: ext-idle-notify-v1, else org_kde_kwin_idle.

Only the compositor sees all input (Xwayland sees what goes to X11 apps), and
it does not answer "how long since the last input?": it says when the seat
has had no input for a timeout the client chose (``idled``) and when input
comes back (``resumed``), restarting the timeout then. So this source asks
for a short ``TIMEOUT`` at the start, and nothing after, and keeps two times:
when the user was last seen and when their idleness began (``idled`` minus
the timeout). ``idle_for`` is exact once they have been away ``TIMEOUT`` and
zero before, so an idle stretch may start up to ``TIMEOUT`` late, a tenth of
the shortest ``away_after``.

ext-idle-notify-v1 is the standard (sway 1.8+, KWin, Hyprland, river, labwc,
niri); sway 1.7, in Debian 12, has only KDE's older protocol, with the same
two events. Under either, an idle inhibitor (a video full screen) holds
``idled`` back, so watching counts as being at the desk, as on X11.

Asked to ``watch`` (as an ``IdleWatch``), it also asks the compositor
for one notification per threshold, and the listening thread calls
``changed`` at each of their ``idled`` events and at the smallest one's
``resumed``: the daemon is then woken only when idleness changes.

One thread, from the constructor to ``close``, sleeps in ``recv`` on the
compositor's socket and wakes only when the user goes idle or comes back;
``idle_for`` reads the two times under a lock, with no I/O. Reading the
socket in ``idle_for`` instead would learn of ``idled`` up to
``sample_every`` late and misplace each idle stretch by that much. The
thread costs about 30 kB of RSS, a reading about 1 µs (``bench/wayland_idle.py``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

from deskbreak.idle._port import IdleUnavailable
from deskbreak.idle._wayland_wire import Arguments, Message, WireConnection, encode, socket_path

__all__ = ["EXT_IDLE_NOTIFY", "KDE_IDLE", "SETUP_TIMEOUT_S", "TIMEOUT", "WaylandIdle", "open_source"]

TIMEOUT = timedelta(seconds=1)
"""How long without input before the compositor says ``idled``: the error bound of ``idle_for``."""

SETUP_TIMEOUT_S = 2.0
"""The longest the probe waits for the compositor; a live one answers in about a millisecond."""

_JOIN_S = 1.0

# Object ids this client gives out, in the order it makes them (1 is wl_display).
_DISPLAY, _REGISTRY, _GLOBALS_LISTED, _SEAT, _MANAGER, _NOTIFICATION, _SET_UP = range(1, 8)
# Opcodes, from wayland.xml, ext-idle-notify-v1.xml and KDE's idle.xml.
_SYNC, _GET_REGISTRY = 0, 1  # wl_display requests
_ERROR = 0  # wl_display event
_BIND = 0  # wl_registry request
_GLOBAL = 0  # wl_registry event
_IDLED, _RESUMED = 0, 1  # events of ext_idle_notification_v1 and org_kde_kwin_idle_timeout alike
_DESTROY = 0  # their destructor request (destroy, release)


@dataclass(frozen=True, slots=True)
class IdleProtocol:
    """A compositor idle protocol: its global, and the request that asks it for a notification."""

    interface: str
    request: int
    seat_before_timeout: bool

    def ask(self, timeout_ms: int, new_id: int = _NOTIFICATION) -> bytes:
        """The request for a notification object ``new_id`` after ``timeout_ms`` of no input on our seat."""
        arguments = (_SEAT, timeout_ms) if self.seat_before_timeout else (timeout_ms, _SEAT)
        return encode(_MANAGER, self.request, new_id, *arguments)


EXT_IDLE_NOTIFY = IdleProtocol("ext_idle_notifier_v1", request=1, seat_before_timeout=False)
"""``get_idle_notification(id, timeout, seat)``: opcode 1, after ``destroy``."""
KDE_IDLE = IdleProtocol("org_kde_kwin_idle", request=0, seat_before_timeout=True)
"""``get_idle_timeout(id, seat, timeout)``: opcode 0."""
_PROTOCOLS = (EXT_IDLE_NOTIFY, KDE_IDLE)  # the first the compositor offers is used


class WaylandIdle:
    """Idle time of one Wayland seat, kept from the compositor's idled/resumed events."""

    name = "wayland"

    def __init__(self, wire: WireConnection, clock: Callable[[], float]) -> None:
        """Ask for idle notifications on ``wire`` and start listening; IdleUnavailable if the compositor can't."""
        self._wire = wire
        self._clock = clock
        self._timeout_s = TIMEOUT.total_seconds()
        self._protocol = EXT_IDLE_NOTIFY
        self._watches: dict[int, bool] = {}  # the watch's notification ids -> whether it is the smallest
        self._next_id = _SET_UP + 1
        self._changed: Callable[[], None] = lambda: None
        self._ask_for_notifications()
        self._lock = threading.Lock()
        self._seen_at = clock()  # the compositor starts the timeout when it reads the request just sent
        self._back_at = self._seen_at  # when input last came back after the watch's smallest threshold
        self._idle_since: float | None = None
        self._lost: str | None = None
        self._closed = False
        for message in self._until_done(_SET_UP):  # a compositor that refuses says so before this ends
            self._handle(message)
        wire.wait_forever()
        self._thread = threading.Thread(target=self._listen, name="deskbreak-wayland-idle", daemon=True)
        self._thread.start()

    def _ask_for_notifications(self) -> None:
        """Bind the seat and the best idle protocol offered, and ask for idled/resumed after the timeout."""
        globals_ = self._list_globals()
        protocol = next((each for each in _PROTOCOLS if each.interface in globals_), None)
        if protocol is None:
            raise IdleUnavailable("the compositor offers neither ext-idle-notify-v1 nor org_kde_kwin_idle")
        if "wl_seat" not in globals_:
            raise IdleUnavailable("the compositor offers no wl_seat")
        self._protocol = protocol
        self._wire.send(
            _bind(globals_["wl_seat"], "wl_seat", _SEAT),
            _bind(globals_[protocol.interface], protocol.interface, _MANAGER),
            protocol.ask(round(self._timeout_s * 1000)),
            encode(_DISPLAY, _SYNC, _SET_UP),
        )

    def _list_globals(self) -> dict[str, int]:
        """The compositor's globals, interface to global name (the first of each interface)."""
        self._wire.send(encode(_DISPLAY, _GET_REGISTRY, _REGISTRY), encode(_DISPLAY, _SYNC, _GLOBALS_LISTED))
        found: dict[str, int] = {}
        for message in self._until_done(_GLOBALS_LISTED):
            if (message.sender, message.opcode) == (_REGISTRY, _GLOBAL):
                arguments = Arguments(message.payload)
                name = arguments.uint()
                found.setdefault(arguments.string(), name)
        return found

    def _until_done(self, callback: int) -> Iterator[Message]:
        """The events before ``callback``'s ``done`` (its only event); IdleUnavailable for a refusal or silence."""
        try:
            while (message := self._wire.receive()).sender != callback:
                yield _checked(message)
        except TimeoutError:
            raise IdleUnavailable(f"the Wayland compositor did not answer within {SETUP_TIMEOUT_S:g} s") from None
        except (OSError, ValueError) as exc:
            raise IdleUnavailable(_lost_because(exc)) from None

    def _handle(self, message: Message) -> None:
        """Keep the time of an ``idled`` or a ``resumed``, and pass the watch's on; ignore every other event."""
        if message.sender != _NOTIFICATION:
            self._handle_watched(message)
            return
        now = self._clock()
        with self._lock:
            if message.opcode == _IDLED:
                self._idle_since = max(self._seen_at, now - self._timeout_s)
            elif message.opcode == _RESUMED:
                self._idle_since, self._seen_at = None, now

    def _handle_watched(self, message: Message) -> None:
        """A threshold's ``idled``, or the smallest one's ``resumed``, says idleness changed."""
        with self._lock:
            smallest = self._watches.get(message.sender)
            changed = self._changed
        if smallest is None or (message.opcode == _RESUMED and not smallest):
            return
        if message.opcode == _RESUMED:
            self._back_at = self._clock()
        changed()

    def watch(self, thresholds: Sequence[timedelta], changed: Callable[[], None]) -> None:
        """Ask for a notification at each threshold in place of the last ones; ``changed`` runs on the listener."""
        timeouts = sorted({max(1, round(each.total_seconds() * 1000)) for each in thresholds})
        if not timeouts:
            raise ValueError("an idle watch needs at least one threshold")
        requests = [encode(old, _DESTROY) for old in self._watches]
        watches = {}
        for timeout_ms in timeouts:
            watches[self._next_id] = timeout_ms == timeouts[0]
            requests.append(self._protocol.ask(timeout_ms, self._next_id))
            self._next_id += 1
        with self._lock:
            self._watches, self._changed = watches, changed
        try:
            self._wire.send(*requests)
        except OSError as exc:
            with self._lock:
                self._lost = self._lost or _lost_because(exc)

    def active_for(self) -> timedelta:
        """From the last time input came back after the smallest threshold, to the last input."""
        with self._lock:
            last_input = self._clock() if self._idle_since is None else self._idle_since
        return timedelta(seconds=max(0.0, last_input - self._back_at))

    def _listen(self) -> None:
        """The listening thread: apply events as they arrive until the connection ends."""
        try:
            while True:
                self._handle(_checked(self._wire.receive()))
        except IdleUnavailable as exc:
            reason = str(exc)
        except (OSError, ValueError) as exc:
            reason = _lost_because(exc)
        except Exception as exc:  # a bug here must surface as a failing source, not a frozen reading
            reason = f"the Wayland idle listener stopped: {type(exc).__name__}: {exc}"
        with self._lock:
            self._lost = self._lost or reason

    def idle_for(self) -> timedelta:
        """Time since idleness began, or zero while the user is active; no I/O."""
        with self._lock:
            if self._closed:
                raise IdleUnavailable("the wayland idle source is closed")
            if self._lost is not None:
                raise IdleUnavailable(self._lost)
            idle_since = self._idle_since
        if idle_since is None:
            return timedelta(0)
        return timedelta(seconds=max(0.0, self._clock() - idle_since))

    def close(self) -> None:
        """Stop the listening thread and close the connection (the compositor drops our objects)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._wire.wake()
        self._thread.join(_JOIN_S)
        self._wire.close()


def _bind(global_name: int, interface: str, new_id: int) -> bytes:
    """``wl_registry.bind`` at version 1: its new_id carries the interface and version before the id."""
    return encode(_REGISTRY, _BIND, global_name, interface, 1, new_id)


def _checked(message: Message) -> Message:
    """``message``, unless it is ``wl_display.error``: then IdleUnavailable with the compositor's words."""
    if (message.sender, message.opcode) == (_DISPLAY, _ERROR):
        arguments = Arguments(message.payload)
        arguments.uint()  # the object the error is about
        code = arguments.uint()
        raise IdleUnavailable(f"the Wayland compositor refused a request (error {code}: {arguments.string()})")
    return message


def _lost_because(exc: OSError | ValueError) -> str:
    """One line for a connection that broke or carried nonsense."""
    if isinstance(exc, ValueError):
        return f"the Wayland compositor sent a malformed event ({exc})"
    if isinstance(exc, ConnectionError) or exc.strerror is None:
        return "lost the connection to the Wayland compositor"
    return f"lost the connection to the Wayland compositor ({exc.strerror})"


def open_source(environ: Mapping[str, str], clock: Callable[[], float] = time.monotonic) -> WaylandIdle:
    """Connect to the compositor WAYLAND_DISPLAY names and ask it for idle notifications."""
    wire = WireConnection.connect(socket_path(environ), SETUP_TIMEOUT_S)
    try:
        return WaylandIdle(wire, clock)
    except BaseException:
        wire.close()
        raise
