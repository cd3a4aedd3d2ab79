"""The fake session watch keeps the port's contract, so a driver can stand in for logind."""

import threading

from deskbreak.session import FakeSessionWatch, SessionChange, SessionWatch


def test_changes_reach_the_listener_in_order_and_close_ends_listening() -> None:
    heard: list[SessionChange] = []
    watch = FakeSessionWatch(heard.append, locked=True)
    port: SessionWatch = watch  # mypy checks the fake against the port
    listening = threading.Thread(target=port.listen)
    listening.start()
    watch.announce("unlocked")
    watch.announce("suspending")
    watch.close()
    watch.close()
    listening.join(timeout=10)
    assert not listening.is_alive()
    assert (watch.locked, heard) == (True, ["unlocked", "suspending"])


def test_a_watch_closed_before_listening_returns_at_once() -> None:
    watch = FakeSessionWatch(lambda change: None)
    watch.close()
    watch.listen()
    assert not watch.locked
