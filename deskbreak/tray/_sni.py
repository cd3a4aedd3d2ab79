"""A pystray backend speaking StatusNotifierItem and com.canonical.dbusmenu over jeepney.

pystray's own Linux backends either have no menu (xorg) or need PyGObject
and GTK (gtk, appindicator). KDE, GNOME's AppIndicator extension, XFCE,
waybar and other panels host StatusNotifierItems instead: the item exports
its icon, tooltip and a dbusmenu tree on the session bus, and the panel
draws them and calls back on clicks. Spec: freedesktop's
status-notifier-item; menu protocol: libdbusmenu's ``dbus-menu.xml``.

The item owns ``org.kde.StatusNotifierItem-PID-N``, serves
``/StatusNotifierItem`` and ``/MenuBar``, registers with
``org.kde.StatusNotifierWatcher`` when shown, and registers again whenever a
new watcher appears (a panel restart) or the watcher drops it (see ``_dropped``).

Threading: ``run()`` serves the bus on the calling (main) thread. pystray
calls the ``_update_*``/``_show``/``_hide``/``_stop`` hooks from any thread
(the setup thread, the daemon's engine thread); each hook only notes what
changed (``PendingChanges``, which wakes the serving loop through a pipe),
and the loop re-reads the icon, title and menu and sends the signals. So the connection, the menu
callables and menu clicks all run on one thread, several updates in a row
cost one refresh, and no call ever waits for the loop.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from jeepney import DBusAddress, HeaderFields, MatchRule, Properties, new_method_call  # type: ignore[import-untyped]
from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]

from deskbreak.bus import connect_bus, name_owner_change, owner_changes_rule, sender_of, session_bus_address
from deskbreak.tray._bus import Interface, Method, ObjectServer
from deskbreak.tray._changes import NotingHooks, PendingChanges
from deskbreak.tray._dbusmenu import Variant
from deskbreak.tray._icon import IconPixels
from deskbreak.tray._port import TrayUnavailable
from deskbreak.tray._pystray import PystrayIcon, run_default_item, run_item
from deskbreak.tray._sni_menu import MENU_PATH, DBusMenuObject

__all__ = ["WATCHER", "SniIcon", "connect_session_bus", "watcher_present"]

WATCHER = "org.kde.StatusNotifierWatcher"
_WATCHER_PATH = "/StatusNotifierWatcher"
_ITEM_PATH = "/StatusNotifierItem"
_ITEM = "org.kde.StatusNotifierItem"
_DO_NOT_QUEUE = 4
_CONNECT_TIMEOUT_S = 1.0
_REGISTRATIONS_AFTER_DROPS = 3
"""How often the item registers again with a watcher that keeps dropping it, before it waits for a new one."""
_WATCHER_OBJECT = DBusAddress(_WATCHER_PATH, bus_name=WATCHER, interface=WATCHER)
_instances = itertools.count(1)
_log = logging.getLogger(__name__)


def connect_session_bus(environ: Mapping[str, str]) -> Any:
    """A jeepney connection to the session bus ``environ`` names, or TrayUnavailable saying why."""
    return connect_bus(session_bus_address(environ), TrayUnavailable, timeout_s=_CONNECT_TIMEOUT_S,
                       unusable_address=None)


def watcher_present(connection: Any) -> bool:
    """Whether a StatusNotifierWatcher (a panel that hosts SNI items) is on the bus."""
    reply = connection.send_and_get_reply(message_bus.NameHasOwner(WATCHER), timeout=_CONNECT_TIMEOUT_S)
    return bool(reply.body and reply.body[0] is True)


class SniIcon(NotingHooks, PystrayIcon):  # type: ignore[misc]
    """A pystray ``Icon`` shown as a StatusNotifierItem; the same ``pystray.Menu`` drives it."""

    HAS_DEFAULT_ACTION = True
    HAS_MENU = True
    HAS_MENU_RADIO = True
    HAS_NOTIFICATION = False
    HAS_ICON_SET = True
    """``set_icon_images`` takes one image per size, so panels get a crisp one for theirs."""
    TAKES_PIXELS = True
    """Its icons are ``IconPixels``, not Pillow images: the SNI path never loads Pillow."""

    def __init__(self, name: str, icon: Any = None, title: str | None = None, menu: Any = None, **kwargs: Any):
        connection = kwargs.pop("sni_connection", None)
        super().__init__(name, icon, title, menu, **kwargs)
        self._server = ObjectServer(connection or connect_session_bus(os.environ), self._on_signal)
        self._bus_name = f"{_ITEM}-{os.getpid()}-{next(_instances)}"
        self._changes = PendingChanges()
        self._want_shown = False
        self._shown = False
        self._registered: bool | None = False  # None while the watcher has not answered yet
        self._watcher = ""  # the unique name of the watcher that took our registration
        self._registrations_left = _REGISTRATIONS_AFTER_DROPS
        self._icon_images: tuple[IconPixels, ...] = ()
        self._pixmaps: list[tuple[int, int, bytes]] = []
        self._server.export(_ITEM_PATH, [self._item_interface()])
        self._dbus_menu = DBusMenuObject(self._server, lambda item: run_item(self, item))

    @property
    def bus_name(self) -> str:
        """The well-known name the item owns while shown."""
        return self._bus_name

    def set_icon_images(self, images: Sequence[IconPixels]) -> None:
        """Show these renderings of one icon, smallest first; thread-safe like ``icon =``."""
        self._icon_images = tuple(images)
        self.icon = self._icon_images[-1]

    # pystray's platform hooks (the rest are NotingHooks'): any thread; only noted for the loop.

    def _update_menu(self) -> None:
        self._changes.note("menu")

    def _run(self) -> None:
        new_watcher = owner_changes_rule(WATCHER)
        new_host = MatchRule(type="signal", interface=WATCHER, member="StatusNotifierHostRegistered")
        dropped = MatchRule(type="signal", interface=WATCHER, member="StatusNotifierItemUnregistered")
        for rule in (new_watcher, new_host, dropped):
            self._server.call(message_bus.AddMatch(rule), "watching for a new panel")
        self._mark_ready()
        try:
            self._server.serve(self._changes, self._apply_changes)
        finally:
            self._server.close()
            self._changes.close()

    def _run_detached(self) -> None:
        threading.Thread(target=self._run, name="sni-tray", daemon=True).start()

    # The serving loop's side.

    def _apply_changes(self, changes: frozenset[str]) -> bool:
        """Bring the bus up to date with what the hooks noted; False once stopped."""
        if "stop" in changes:
            self._publish(False)
            return False
        if "visibility" in changes:
            self._publish(self._want_shown)
        if "icon" in changes:
            self._pixmaps = _pixmaps(self._icon_images, self._icon)
            self._server.emit(_ITEM_PATH, _ITEM, "NewIcon")
        if "title" in changes:
            self._server.emit(_ITEM_PATH, _ITEM, "NewTitle")
            self._server.emit(_ITEM_PATH, _ITEM, "NewToolTip")
        if "menu" in changes:
            self._dbus_menu.refresh(self.menu)
        return True

    def _publish(self, shown: bool) -> None:
        """Own the item's name and register it with the watcher, or give the name up."""
        if shown == self._shown:
            return
        self._shown = shown
        if shown:
            self._server.call(message_bus.RequestName(self._bus_name, _DO_NOT_QUEUE), f"claiming {self._bus_name}")
            self._register()
        else:
            self._server.call(message_bus.ReleaseName(self._bus_name), f"releasing {self._bus_name}")

    def _register(self) -> None:
        """Register by object path: the watcher takes our connection from the call's sender.

        GNOME's AppIndicator extension (v46) drops items registered by bus
        name now and then at login (upstream issue #386: "Argument two may
        not be null"); by path it lists them first time, and so do KDE's,
        XFCE's, waybar's and gtk-sni-tray's watchers.
        """
        call = new_method_call(_WATCHER_OBJECT, "RegisterStatusNotifierItem", "s", (_ITEM_PATH,))
        self._registered = None
        self._server.call(call, "registering with the StatusNotifierWatcher", self._registration_answered)

    def _registration_answered(self, reply: Any) -> None:
        """Registered: ask the watcher whether it lists the item, since a watcher may accept it and drop it."""
        self._registered = reply is not None
        if reply is not None:
            self._watcher = sender_of(reply)
            listed = Properties(_WATCHER_OBJECT).get("RegisteredStatusNotifierItems")
            self._server.call(listed, "asking the StatusNotifierWatcher which items it lists", self._listing_answered)

    def _listing_answered(self, reply: Any) -> None:
        match reply.body if reply is not None else None:
            case ((_, list(items)),) if not any(self._names_us(item) for item in items if isinstance(item, str)):
                self._dropped("it does not list the item it has just registered")

    def _names_us(self, item: str) -> bool:
        """Whether a watcher's name for an item is ours: our unique or well-known name, maybe with our path.

        Watchers spell a name with a path two ways: KDE's, waybar's and
        gtk-sni-tray's run them together (``:1.5/StatusNotifierItem``), GNOME's
        AppIndicator extension puts an ``@`` between (``:1.5@/StatusNotifierItem``).
        """
        return any(item in (name, f"{name}{_ITEM_PATH}", f"{name}@{_ITEM_PATH}")
                   for name in (self._server.connection.unique_name, self._bus_name))

    def _dropped(self, how: str) -> None:
        """The watcher dropped the item while it is shown: register again, a few times at most.

        GNOME's AppIndicator extension drops items now and then at login
        (upstream issue #386), and says so with StatusNotifierItemUnregistered
        or only by not listing them; an autostarted deskbreak would otherwise
        spend a whole session with no icon. A watcher that drops every
        registration gets a few, then one warning, and a new try when a new
        watcher appears (the panel restarts).
        """
        if not self._shown or self._registrations_left == 0:
            return
        self._registrations_left -= 1
        if self._registrations_left == 0:
            _log.warning("the panel dropped the tray icon again (%s); it stays off the panel until the panel "
                         "restarts", how)
            return
        _log.warning("the panel dropped the tray icon (%s); registering it again", how)
        self._register()

    def _on_signal(self, message: Any) -> None:
        """A panel (re)started: register with its watcher again.

        A new owner of the watcher's name may not have exported its object
        yet (gtk-sni-tray claims the name first), so registering fails then;
        the host it registers next announces StatusNotifierHostRegistered,
        which is the second chance, taken only if the first failed: a host
        that is still starting can show an item registered twice twice.
        Any client can send us any signal, so a NameOwnerChanged counts
        only if it is well formed and comes from the bus itself.
        """
        member = message.header.fields.get(HeaderFields.member)
        change = name_owner_change(message)
        if member == "NameOwnerChanged" and change is None:
            self._server.ignore(message, "not a well-formed NameOwnerChanged from the bus")
        if member == "StatusNotifierItemUnregistered":
            self._on_unregistered(message)
        watcher_owned = change is not None and change.name == WATCHER and bool(change.new_owner)
        if watcher_owned:
            self._registrations_left = _REGISTRATIONS_AFTER_DROPS
        failed_before = member == "StatusNotifierHostRegistered" and self._registered is False
        if (watcher_owned or failed_before) and self._shown:
            self._register()

    def _on_unregistered(self, message: Any) -> None:
        """A watcher says an item went; it counts only from the watcher that took ours, and only if it is ours."""
        match message.body:
            case (str(item),) if self._names_us(item):
                if sender_of(message) == self._watcher:
                    self._dropped("StatusNotifierItemUnregistered")
                else:
                    self._server.ignore(message, "it does not come from the watcher that registered the item")

    def _activate(self, x: int, y: int) -> tuple[()]:
        """A left click on the icon."""
        run_default_item(self)
        return ()

    def _item_interface(self) -> Interface:
        def constant(signature: str, value: Any) -> Callable[[], Variant]:
            return lambda: (signature, value)

        return Interface(
            _ITEM,
            methods={
                "Activate": Method("ii", "", self._activate),
                "SecondaryActivate": Method("ii", "", lambda x, y: ()),
                "ContextMenu": Method("ii", "", lambda x, y: ()),
                "Scroll": Method("is", "", lambda delta, orientation: ()),
            },
            properties={
                "Category": constant("s", "ApplicationStatus"),
                "Id": lambda: ("s", self.name),
                "Title": lambda: ("s", self.title),
                "Status": constant("s", "Active"),
                "WindowId": constant("i", 0),
                "IconName": constant("s", ""),
                "IconThemePath": constant("s", ""),
                "IconPixmap": lambda: ("a(iiay)", self._pixmaps),
                "OverlayIconName": constant("s", ""),
                "OverlayIconPixmap": constant("a(iiay)", []),
                "AttentionIconName": constant("s", ""),
                "AttentionIconPixmap": constant("a(iiay)", []),
                "AttentionMovieName": constant("s", ""),
                "ToolTip": lambda: ("(sa(iiay)ss)", ("", [], self.title, "")),
                "IconAccessibleDesc": lambda: ("s", self.title),
                "AttentionAccessibleDesc": lambda: ("s", self.title),
                "ItemIsMenu": constant("b", False),
                "Menu": constant("o", MENU_PATH),
            },
            signals={name: "" for name in ("NewTitle", "NewIcon", "NewAttentionIcon", "NewOverlayIcon", "NewToolTip")}
            | {"NewStatus": "s"},
        )


def _pixmaps(images: Sequence[IconPixels], current: Any) -> list[tuple[int, int, bytes]]:
    """IconPixmap's ``a(iiay)``: ARGB32 in network byte order, one entry per size.

    The image set is used only while its largest image is still the icon;
    a plain ``icon =`` (one image) replaces it.
    """
    chosen = images if images and images[-1] is current else ((current,) if current else ())
    return [(image.size, image.size, image.argb()) for image in chosen]
