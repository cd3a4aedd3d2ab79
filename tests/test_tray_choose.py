"""Which tray backend the daemon gets, and the ``tried`` lines ``deskbreak doctor`` shows."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from desktop import Xvfb, send_to, signal, start_bus, stop_bus, stray_error, wait_until
from desktop_tray import Panel, session_env, xembed_tray_running
from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]
from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]

from deskbreak.tray import STARTING_VIEW, NoTray, Request, TrayChoice, choose_tray
from deskbreak.tray import _sni as sni

NO_WATCHER = "sni: no org.kde.StatusNotifierWatcher on the session bus (the panel does not host SNI items)"
WAITING = "no panel hosted tray icons when the daemon started; the icon appears when one starts"
NO_BUS = "sni: no session bus (DBUS_SESSION_BUS_ADDRESS is not set)"
NO_DISPLAY = "xorg: no X display (DISPLAY is not set)"


def ignore(request: Request) -> None:
    pass


@pytest.fixture(scope="module")
def bus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    directory = tmp_path_factory.mktemp("bus")
    daemon, address = start_bus(directory)
    yield directory, address
    stop_bus(daemon)


@pytest.fixture(scope="module")
def display(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = Xvfb(tmp_path_factory.mktemp("xvfb") / "xvfb.log")
    yield server.display
    server.stop()


def choose(environ: dict[str, str], platform: str = "linux") -> TrayChoice:
    return choose_tray(ignore, environ=environ, platform=platform)


def test_nothing_at_all_means_no_tray_with_a_reason_per_backend() -> None:
    choice = choose({})
    assert isinstance(choice.tray, NoTray)
    assert (choice.tray.name, choice.tray.has_menu) == ("none", False)
    assert choice.tried == (NO_BUS, NO_DISPLAY)


def test_a_panel_that_only_hosts_xembed_icons_gets_the_xembed_icon(
    bus: tuple[Path, str], display: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISPLAY", display)
    trayer = start_trayer(tmp_path, display)
    try:
        choice = choose({"DBUS_SESSION_BUS_ADDRESS": bus[1], "DISPLAY": display})
    finally:
        trayer.stop()
    assert (choice.tray.name, choice.tray.has_menu, choice.note) == ("xorg", False, "")
    assert choice.tried == (NO_WATCHER,)


def start_trayer(root: Path, display: str) -> Panel:
    return Panel.started(["trayer", "--edge", "bottom"], "trayer", session_env(root, display), root / "trayer.log",
                         lambda: xembed_tray_running(display))


def test_before_any_panel_starts_the_tray_waits_for_one(bus: tuple[Path, str], display: str) -> None:
    """At login the daemon may start before the panel; stop() ends the wait."""
    choice = choose({"DBUS_SESSION_BUS_ADDRESS": bus[1], "DISPLAY": display})
    assert (choice.tray.name, choice.tray.has_menu, choice.note) == ("waiting", False, WAITING)
    assert choice.tried == (NO_WATCHER, f"xorg: no XEmbed system tray on the X display {display}")
    thread = threading.Thread(target=choice.tray.run)
    thread.start()
    choice.tray.update(STARTING_VIEW)
    choice.tray.stop()
    thread.join(timeout=5)
    assert not thread.is_alive()


def test_junk_signals_and_a_slow_bus_do_not_end_the_wait_for_a_panel(
    bus: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any client can send the waiting tray anything; it only listens, so nothing it reads can raise out of run()."""
    choice = choose({"DBUS_SESSION_BUS_ADDRESS": bus[1]})
    assert choice.tray.name == "waiting"
    failures: list[BaseException] = []

    def run() -> None:
        try:
            choice.tray.run()
        except BaseException as error:
            failures.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    monkeypatch.setattr(sni, "_CONNECT_TIMEOUT_S", 0.0)  # from here on the bus answers no call in time
    owner_changed = ("/org/freedesktop/DBus", "org.freedesktop.DBus", "NameOwnerChanged")
    junk = [
        signal(*owner_changed, "s", sni.WATCHER),
        signal(*owner_changed, "sss", sni.WATCHER, "", ":1.9999"),  # "a watcher appeared", from a client: false
        stray_error(reply_serial=7),
    ]
    with open_dbus_connection(bus=bus[1]) as peer:
        [names] = peer.send_and_get_reply(message_bus.ListNames(), timeout=5).body
        for name in names:
            if name.startswith(":") and name != peer.unique_name:
                for message in junk:
                    send_to(peer, name, message)
        thread.join(timeout=0.5)  # time to read the junk; the wait must go on
        assert (failures, thread.is_alive()) == ([], True)
        monkeypatch.undo()
        peer.send_and_get_reply(message_bus.RequestName(sni.WATCHER), timeout=5)
        wait_until(lambda: choice.tray.name == "sni", "the waiting tray becomes the SNI item once a watcher appears")
        choice.tray.stop()
        thread.join(timeout=5)
    assert (failures, thread.is_alive()) == ([], False)


def test_a_session_bus_that_goes_away_ends_the_wait_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    daemon, address = start_bus(tmp_path)
    choice = choose({"DBUS_SESSION_BUS_ADDRESS": address})
    thread = threading.Thread(target=choice.tray.run)
    thread.start()
    stop_bus(daemon)
    thread.join(timeout=5)
    assert not thread.is_alive(), "run() did not return when the bus went away"
    assert choice.tray.name == "waiting"
    [warning] = [record.getMessage() for record in caplog.records if record.levelname == "WARNING"]
    assert warning.startswith("lost the session bus while waiting for a panel (")


def test_an_xembed_tray_that_starts_later_gets_the_xembed_icon(
    bus: tuple[Path, str], display: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISPLAY", display)
    choice = choose({"DBUS_SESSION_BUS_ADDRESS": bus[1], "DISPLAY": display})
    thread = threading.Thread(target=choice.tray.run)
    thread.start()
    trayer = start_trayer(tmp_path, display)
    try:
        wait_until(lambda: choice.tray.name == "xorg", "the waiting tray becomes the XEmbed icon")
    finally:
        choice.tray.stop()
        thread.join(timeout=5)
        trayer.stop()
    assert not thread.is_alive()


def test_a_watcher_on_the_bus_gets_the_sni_tray(bus: tuple[Path, str]) -> None:
    with open_dbus_connection(bus=bus[1]) as watcher:
        watcher.send_and_get_reply(message_bus.RequestName("org.kde.StatusNotifierWatcher"), timeout=5)
        choice = choose({"DBUS_SESSION_BUS_ADDRESS": bus[1]})
        assert (choice.tray.name, choice.tray.has_menu, choice.tried) == ("sni", True, ())
        choice.tray.stop()
        choice.tray.run()  # returns at once: stop() came first


def test_the_bus_is_found_in_the_runtime_dir_without_an_address(bus: tuple[Path, str]) -> None:
    choice = choose({"XDG_RUNTIME_DIR": str(bus[0])})
    assert (choice.tray.name, choice.tried) == ("waiting", (NO_WATCHER, NO_DISPLAY))
    choice.tray.stop()
    choice.tray.run()


def test_an_unusable_bus_address_is_a_reason(tmp_path: Path) -> None:
    choice = choose({"DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path}/missing"})
    assert choice.tried[0].startswith(f"sni: cannot connect to the session bus at unix:path={tmp_path}/missing (")
    choice = choose({"DBUS_SESSION_BUS_ADDRESS": "tcp:host=localhost,port=1"})
    assert choice.tried[0].startswith("sni: cannot connect to the session bus at tcp:host=localhost,port=1 (")


def test_an_unreachable_display_is_a_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dead = Xvfb(tmp_path / "xvfb.log")
    dead.stop()
    monkeypatch.setenv("DISPLAY", dead.display)
    choice = choose({"DISPLAY": dead.display})
    assert choice.tray.name == "none"
    assert choice.tried[1].startswith(f"xorg: cannot open the X display {dead.display} (DisplayConnectionError: ")


@pytest.mark.parametrize(
    ("override", "name", "tried"),
    [("none", "none", ()), ("xorg", "none", (NO_DISPLAY,)), ("sni", "none", (NO_BUS,))],
)
def test_deskbreak_tray_tries_only_the_backend_it_names(override: str, name: str, tried: tuple[str, ...]) -> None:
    choice = choose({"DESKBREAK_TRAY": override})
    assert (choice.tray.name, choice.tried) == (name, tried)


def test_deskbreak_tray_none_skips_a_working_panel(bus: tuple[Path, str]) -> None:
    with open_dbus_connection(bus=bus[1]) as watcher:
        watcher.send_and_get_reply(message_bus.RequestName("org.kde.StatusNotifierWatcher"), timeout=5)
        choice = choose({"DBUS_SESSION_BUS_ADDRESS": bus[1], "DESKBREAK_TRAY": "none"})
    assert (choice.tray.name, choice.tried) == ("none", ())


def test_an_unknown_deskbreak_tray_is_an_error_not_a_silent_fallback() -> None:
    with pytest.raises(ValueError, match=r"DESKBREAK_TRAY='gtk' is not a tray backend; use one of: sni, xorg, none"):
        choose({"DESKBREAK_TRAY": "gtk"})


def test_pystray_backend_replaces_the_xembed_fallback() -> None:
    choice = choose({"PYSTRAY_BACKEND": "bogus"})
    assert choice.tried == (NO_BUS, "bogus: PYSTRAY_BACKEND='bogus' is not a pystray backend")
    assert choose({"PYSTRAY_BACKEND": "dummy"}).tried == ()


def test_gtk_backends_are_used_only_when_asked_for_and_fail_with_a_reason() -> None:
    choice = choose({"PYSTRAY_BACKEND": "gtk"})
    assert choice.tray.name == "none"
    assert choice.tried[1].startswith("gtk: ")


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_other_platforms_use_pystrays_own_backend(platform: str) -> None:
    choice = choose({}, platform=platform)
    assert choice.tray.name == "none"
    assert [line.split(":")[0] for line in choice.tried] == [platform]


def test_no_tray_waits_for_stop_and_shows_nothing() -> None:
    tray = NoTray()
    thread = threading.Thread(target=tray.run)
    thread.start()
    tray.update(STARTING_VIEW)
    assert thread.is_alive()
    tray.stop()
    thread.join(timeout=5)
    assert not thread.is_alive()
