"""Shared helpers for tests on a real desktop: Xvfb, a private D-Bus, waiting.

Every desktop test starts its own servers through these, so no test depends
on the machine's own display or session bus, and none is ever skipped: a
missing program fails with the Debian package to install. jeepney is
imported only where a bus is used, so ``wait_until`` works on every system.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

WAIT_LIMIT_S = 30.0  # generous: a loaded CI machine is slow, and only a failure waits this long


def need(tool: str, package: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is not installed (Debian package {package})")
    return path


class Xvfb:
    """A private X server on a display number it picks itself (-displayfd).

    ``-noreset``: by default Xvfb resets when its last client leaves, and a client that connects
    during the reset is dropped, so a test opening the display just after the previous test closed
    it failed now and then (5 % of back-to-back opens under load), and the reset also loses any
    RandR monitors a module set up.
    """

    def __init__(self, log: Path, size: str = "640x480") -> None:
        command = [need("Xvfb", "xvfb"), "-displayfd", "1", "-nolisten", "tcp", "-noreset",
                   "-screen", "0", f"{size}x24"]
        with log.open("w") as stderr:
            self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, text=True)
        assert self.process.stdout is not None
        number = self.process.stdout.readline().strip()
        if not number:
            pytest.fail(f"Xvfb did not start: {log.read_text()}")
        self.display = f":{number}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=5)


def end_process(process: subprocess.Popen[Any]) -> None:
    """Terminate ``process`` and wait for it; kill it if it has not ended 5 s later."""
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def wait_until(condition: Callable[[], bool], what: str, limit: float = WAIT_LIMIT_S,
               every: float = 0.02) -> None:
    """Poll something real (a server, a daemon) every ``every`` s for at most ``limit`` s."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up after {limit} s waiting until {what}")
        time.sleep(every)


class Repeating:
    """Runs ``action`` every ``every`` seconds on a thread for as long as its ``with`` block lasts.

    For input a person would give meanwhile (a pointer moved, a key typed),
    so desk time counts up while a test waits on real state.
    """

    def __init__(self, action: Callable[[], object], every: float) -> None:
        self._action = action
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._repeat)

    def __enter__(self) -> Repeating:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _repeat(self) -> None:
        while not self._stop.wait(self._every):
            self._action()


BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def start_bus(directory: Path, name: str = "bus", services: Path | None = None,
              environ: Mapping[str, str] | None = None) -> tuple[subprocess.Popen[str], str]:
    """A dbus-daemon listening on ``directory/name`` that auto-starts only what ``services`` holds.

    Without ``services`` nothing is ever auto-started. A service it starts
    inherits ``environ`` (this process's environment without it), so a
    private HOME given there keeps, say, dconf's writes out of the real one.
    """
    need("dbus-daemon", "dbus-daemon")
    config = directory / f"{name}.conf"
    service_dir = f"<servicedir>{services}</servicedir>\n  " if services else ""
    config.write_text(BUS_CONFIG.format(socket=directory / name).replace("<auth>", f"{service_dir}<auth>"))
    daemon = subprocess.Popen(
        ["dbus-daemon", f"--config-file={config}", "--print-address=1", "--nofork"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environ,
    )
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    if not address:
        pytest.fail(f"dbus-daemon did not start: {daemon.communicate()[1]}")
    return daemon, address


def stop_bus(daemon: subprocess.Popen[str]) -> None:
    daemon.terminate()
    daemon.communicate(timeout=5)


def signal(path: str, interface: str, member: str, signature: str = "", *body: Any) -> Any:
    """A signal message as any client of a bus may send one, true or not."""
    from jeepney import DBusAddress, new_signal  # type: ignore[import-untyped]

    return new_signal(DBusAddress(path, interface=interface), member, signature or None, body)


def stray_error(reply_serial: int) -> Any:
    """An error "reply" to a call the receiver may never have made, built from jeepney's low-level header."""
    from jeepney import HeaderFields, Message, MessageType
    from jeepney.wrappers import new_header  # type: ignore[import-untyped]

    header = new_header(MessageType.error)
    header.fields.update({HeaderFields.reply_serial: reply_serial, HeaderFields.signature: "s"})
    header.fields[HeaderFields.error_name] = "org.example.Junk"
    return Message(header, ("junk",))


def send_to(connection: Any, destination: str, message: Any) -> None:
    """Send ``message`` to one connection (unicast), which any client may do: no match rule filters it."""
    from jeepney import HeaderFields

    message.header.fields[HeaderFields.destination] = destination
    connection.send(message)


class FakeBusService:
    """Owns ``bus_name`` on a private bus and answers method calls from a thread.

    Subclasses say how in ``_answer(call) -> reply``, after setting their own
    state and before calling ``super().__init__`` (the thread starts there).
    With ``answering`` False calls get no reply, like a hung service; with
    ``answers_twice``, every reply is followed by an UnknownMethod error to
    the same call, as mako 1.7 answers GetCapabilities.
    ``callers`` holds the unique name of every connection that called it,
    which is what a test needs to send that connection a signal of its own.
    """

    def __init__(self, address: str, bus_name: str) -> None:
        from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]
        from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]

        self.answering = True
        self.answers_twice = False
        self.callers: list[str] = []
        self._connection = open_dbus_connection(bus=address)
        self._sending = threading.Lock()
        reply = self._connection.send_and_get_reply(message_bus.RequestName(bus_name), timeout=5)
        assert reply.body == (1,), f"could not own {bus_name}: {reply.body}"
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _answer(self, call: Any) -> Any:
        raise NotImplementedError

    def _serve(self) -> None:
        from jeepney import HeaderFields, MessageType, new_error

        while not self._stopping.is_set():
            try:
                call = self._connection.receive(timeout=0.05)
            except TimeoutError:
                continue
            except OSError:
                return  # the bus went away: a test stopped it on purpose
            if call.header.message_type == MessageType.method_call and self.answering:
                self.callers.append(call.header.fields[HeaderFields.sender])
                self.send(self._answer(call))
                if self.answers_twice:
                    self.send(new_error(call, "org.freedesktop.DBus.Error.UnknownMethod", "s", ("answered already",)))

    def send(self, message: Any) -> None:
        """Send a reply or a signal; safe from the test's thread and the service's."""
        with self._sending:
            self._connection.send(message)

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
        self._connection.close()
