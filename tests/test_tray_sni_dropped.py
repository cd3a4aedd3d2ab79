"""A panel that drops the tray icon gets it back: the item registers again, a few times at most.

GNOME's AppIndicator extension drops items now and then at login (upstream
issue #386), saying so with StatusNotifierItemUnregistered or only by not
listing them. Real gtk-sni-tray shows the normal case (listed once, nothing
logged); a scripted watcher on a private bus plays the dropping panel.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from desktop import FakeBusService, signal, wait_until
from desktop_sni import running_tray, sni_desktop
from jeepney import HeaderFields, new_method_return  # type: ignore[import-untyped]
from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]
from tray_states import WORKING

from deskbreak.tray import Tray, choose_tray, tray_view
from deskbreak.tray import _sni as sni

ITEM_PATH = "/StatusNotifierItem"
DROPPED = "the panel dropped the tray icon"


class DroppingWatcher(FakeBusService):
    """A StatusNotifierWatcher that takes every registration; it lists what it took only if ``keeps`` it.

    It names an item by its sender and path joined with ``between``: nothing
    for KDE's watcher and most others, ``@`` for GNOME's AppIndicator extension.
    """

    def __init__(self, address: str, keeps: bool = True, between: str = "") -> None:
        self.registered: list[str] = []
        self._keeps = keeps
        self._between = between
        super().__init__(address, sni.WATCHER)

    def _answer(self, call: Any) -> Any:
        if call.header.fields[HeaderFields.member] == "Get":
            listed = sorted(set(self.registered)) if self._keeps else [":1.9999" + ITEM_PATH]
            return new_method_return(call, "v", (("as", listed),))
        self.registered.append(call.header.fields[HeaderFields.sender] + self._between + call.body[0])
        return new_method_return(call)

    def unregistered(self, item: str) -> None:
        """Tell every listener that ``item`` went, as a watcher does when it drops one."""
        self.send(unregistered(item))


def unregistered(item: str) -> Any:
    return signal("/StatusNotifierWatcher", sni.WATCHER, "StatusNotifierItemUnregistered", "s", item)


@pytest.fixture
def tray(bus: str) -> Iterator[Tray]:
    """Our SNI tray on the module's private bus, running in a thread, as the daemon runs it."""
    made = choose_tray(lambda request: None, environ={"DBUS_SESSION_BUS_ADDRESS": bus}).tray
    made.update(tray_view(WORKING, 1, 3, (("desk", "Desk break"),)))
    thread = threading.Thread(target=made.run, daemon=True)
    thread.start()
    yield made
    made.stop()
    thread.join(timeout=10)


@pytest.fixture
def watcher(bus: str, request: pytest.FixtureRequest) -> Iterator[DroppingWatcher]:
    keeps, between = getattr(request, "param", (True, ""))
    started = DroppingWatcher(bus, keeps, between)
    yield started
    started.stop()


def dropped_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if DROPPED in record.getMessage()]


def test_a_real_panel_lists_the_icon_once_and_nothing_is_logged(
    tmp_path_factory: pytest.TempPathFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="deskbreak.tray")
    with sni_desktop(tmp_path_factory.mktemp("sni-listed")) as desktop, running_tray(desktop):
        listed = desktop.items()
    assert [item[0] for item in listed] == [":"], listed  # one item; gtk-sni-tray names items by their connection
    assert dropped_warnings(caplog) == []


@pytest.mark.parametrize("watcher", [(True, ""), (True, "@")], indirect=True, ids=["kde-names", "gnome-names"])
def test_an_icon_the_panel_drops_is_registered_again(
    watcher: DroppingWatcher, tray: Tray, caplog: pytest.LogCaptureFixture
) -> None:
    """Also where the watcher spells the item as GNOME's does: listed that way, it is not taken as dropped."""
    caplog.set_level(logging.WARNING, logger="deskbreak.tray")
    wait_until(lambda: len(watcher.registered) == 1, "the item registers")
    ours = watcher.registered[0]
    watcher.unregistered(ours)
    wait_until(lambda: len(watcher.registered) == 2, "the dropped item registers again")
    assert watcher.registered == [ours, ours]
    assert dropped_warnings(caplog) == [f"{DROPPED} (StatusNotifierItemUnregistered); registering it again"]


@pytest.mark.parametrize("watcher", [(False, "")], indirect=True)
def test_a_panel_that_never_lists_the_icon_gets_three_tries_then_one_warning_until_it_restarts(
    bus: str, watcher: DroppingWatcher, tray: Tray, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="deskbreak.tray")
    not_listed = "it does not list the item it has just registered"
    wait_until(lambda: len(dropped_warnings(caplog)) == 3, "the item gives up on this watcher")
    assert len(watcher.registered) == 3
    assert dropped_warnings(caplog) == [f"{DROPPED} ({not_listed}); registering it again"] * 2 + [
        f"{DROPPED} again ({not_listed}); it stays off the panel until the panel restarts"]
    watcher.unregistered(watcher.registered[0])
    watcher.stop()
    restarted = DroppingWatcher(bus, keeps=False)
    try:
        wait_until(lambda: len(restarted.registered) == 3, "a restarted panel gets three tries again")
    finally:
        restarted.stop()
    assert len(watcher.registered) == 3, "no try after the warning until the panel restarted"


def test_only_the_watcher_that_took_the_icon_can_say_it_dropped_it(
    bus: str, watcher: DroppingWatcher, tray: Tray, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="deskbreak.tray")
    wait_until(lambda: len(watcher.registered) == 1, "the item registers")
    ours = watcher.registered[0]
    with open_dbus_connection(bus=bus) as other_client:
        other_client.send(unregistered(ours))
    watcher.unregistered(":1.9999" + ITEM_PATH)  # another application's item: not ours to replace
    watcher.unregistered(ours)  # the real drop, last: once it is answered, the two above were read
    wait_until(lambda: len(watcher.registered) == 2, "the real drop is answered")
    ignored = [record.getMessage() for record in caplog.records if record.getMessage().startswith("ignored")]
    assert len(ignored) == 1
    assert ignored[0].endswith("it does not come from the watcher that registered the item")
    assert dropped_warnings(caplog) == [f"{DROPPED} (StatusNotifierItemUnregistered); registering it again"]
