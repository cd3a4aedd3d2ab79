"""The fault table: one row per fault, each showing the daemon keeps reminding and tells the person once.

Every row asserts what a user would notice: reminders keep coming at the
right desk times, every acknowledged record ends up in the history, the
daemon answers ``status``, and a failure is told once. These rows run the
real shell in-process on a fake clock (``shell_driver``); the rows that are
about the process itself (signals, its terminal, its socket) are in
``test_faults_process.py``.
"""

from __future__ import annotations

import argparse
import io
import logging
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from shell_driver import Driven

from deskbreak.daemon._app import Daemon
from deskbreak.daemon._shell import ClockStepped, Tick
from deskbreak.tray import FakeTray, TrayChoice

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)


@pytest.fixture
def driven(tmp_path: Path) -> Driven:
    return Driven(tmp_path)


def reminder_times(driven: Driven) -> list[float]:
    """Minutes since start of every reminder record in the history."""
    start = driven.history.records()[0].at if driven.history.records() else driven.now
    return [(record.at - start).total_seconds() / 60 for record in driven.history.records()
            if record.kind == "reminder"]


def told_about(driven: Driven, part: str) -> int:
    return sum(1 for title, _ in driven.notifier.told if title == f"deskbreak: {part} not working")


@pytest.mark.parametrize("problem", ["database or disk is full", "attempt to write a readonly database",
                                     "database is locked"])
def test_a_history_that_cannot_be_written_hides_no_reminder_and_loses_no_record(driven: Driven,
                                                                                 problem: str) -> None:
    driven.history.fail(problem)
    driven.work(31 * MINUTE)
    assert len(driven.reminders()) == 1  # told first: the failed write came after
    assert driven.ask("log")["ok"]
    assert driven.ask("status")["ok"]
    driven.work(31 * MINUTE)
    assert len(driven.reminders()) == 2
    assert told_about(driven, "history") == 1
    assert "3 records held in memory" in driven.ask("doctor")["doctor"]["problems"]["history"]
    driven.history.fail(None)
    driven.work(MINUTE)
    assert driven.stored() == ["reminder", "logged", "reminder"]
    assert driven.ask("doctor")["doctor"]["problems"] == {}


def test_a_database_locked_for_thirty_seconds_delays_the_write_only(driven: Driven) -> None:
    driven.history.fail("database is locked")
    assert driven.ask("log")["ok"]
    driven.work(timedelta(seconds=30))
    driven.history.fail(None)
    driven.work(timedelta(seconds=5))
    assert driven.stored() == ["logged"]


def test_a_break_starts_and_its_window_opens_even_when_the_record_cannot_be_written(driven: Driven) -> None:
    driven.history.fail("disk I/O error")
    driven.work(31 * MINUTE)
    driven.notifier.press("start")
    driven.pump()
    assert len(driven.windows) == 1
    driven.work(4 * MINUTE)
    assert driven.windows[0].completed
    driven.history.fail(None)
    driven.work(MINUTE)
    assert driven.stored() == ["reminder", "break_started", "break_completed"]


def test_a_notification_server_gone_and_back(driven: Driven) -> None:
    driven.notifier.fail("org.freedesktop.Notifications: no such name")
    driven.work(31 * MINUTE)
    problems = driven.ask("doctor")["doctor"]["problems"]
    assert "no such name" in problems["notifications"]
    assert driven.stored() == ["reminder"]  # it was due and recorded; the tray says so
    assert driven.tray.view.title.startswith("Break due")
    driven.notifier.fail(None)
    driven.ask("skip")
    driven.work(31 * MINUTE)
    assert driven.notifier.showing is not None
    assert driven.ask("doctor")["doctor"]["problems"] == {}


def test_a_notification_backend_that_raises_anything_costs_only_that_notification(
    driven: Driven, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(notice: object) -> None:
        raise KeyError(2)  # what jeepney's router once raised on a doubled reply

    monkeypatch.setattr(driven.notifier, "show_reminder", broken)
    driven.work(31 * MINUTE)
    assert driven.stored() == ["reminder"]
    assert driven.ask("status")["ok"]
    assert "KeyError" in driven.ask("doctor")["doctor"]["problems"]["notifications"]


def test_an_idle_source_that_fails_counts_you_present_and_says_so_once(driven: Driven) -> None:
    driven.idle.fail("the X display went away")
    driven.advance(31 * MINUTE)
    assert len(driven.reminders()) == 1
    assert told_about(driven, "idle") == 1


def test_a_tally_that_cannot_be_read_leaves_the_tray_and_the_engine_running(driven: Driven) -> None:
    driven.ask("log")
    driven.history.fail("disk I/O error")
    driven.advance(timedelta(days=1))  # midnight: the tally must be read again, and cannot
    driven.history.fail(None)
    driven.work(31 * MINUTE)
    assert driven.reminders()
    assert driven.ask("status")["ok"]


def test_every_failing_step_is_survived(driven: Driven, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("a bug in a port")

    monkeypatch.setattr(driven.tray, "update", broken)
    monkeypatch.setattr(driven.waker, "wake_at", broken)
    driven.work(31 * MINUTE)
    assert len(driven.reminders()) == 1
    assert driven.ask("status")["ok"]


@pytest.mark.parametrize(("step", "desk_time_kept"), [(-HOUR, True), (8 * HOUR, False)])
def test_a_clock_step_rearms_the_timers_and_brings_no_burst(driven: Driven, step: timedelta,
                                                            desk_time_kept: bool) -> None:
    driven.work(20 * MINUTE)
    driven.clock.step(step)
    stepped = driven.now
    driven.process(ClockStepped())  # what the clock-step watch (timerfd) delivers at once
    assert driven.waker.steps_seen == 1
    driven.work(5 * MINUTE)
    assert driven.reminders() == []  # no burst of whatever the timers thought was overdue
    driven.work(40 * MINUTE)
    first = next(record.at for record in driven.history.records() if record.kind == "reminder")
    # back: the 20 minutes already worked still count; forward: 8 h with no input is a natural break
    assert first - stepped == (10 * MINUTE if desk_time_kept else 30 * MINUTE)


def test_a_clock_step_nobody_announced_is_noticed_at_the_next_tick(driven: Driven) -> None:
    driven.work(20 * MINUTE)
    driven.clock.step(8 * HOUR)
    driven.work(MINUTE)
    assert driven.waker.steps_seen == 1


def test_a_process_stopped_for_ten_minutes_then_continued_reminds_once(driven: Driven) -> None:
    driven.work(25 * MINUTE)
    driven.clock.advance(10 * MINUTE)  # SIGSTOP: no tick at all, then SIGCONT
    driven.process(Tick())
    driven.work(10 * MINUTE)
    assert len(driven.reminders()) <= 1
    driven.work(35 * MINUTE)
    assert len(driven.reminders()) >= 1
    assert driven.ask("status")["ok"]


def test_a_closed_terminal_does_not_drop_a_notification(driven: Driven, monkeypatch: pytest.MonkeyPatch) -> None:
    class DeadTerminal(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(sys, "stdout", DeadTerminal())
    driven.work(31 * MINUTE)
    assert driven.notifier.showing is not None
    driven.ask("skip")
    driven.work(31 * MINUTE)
    assert len(driven.reminders()) == 2


def test_a_tray_that_fails_or_goes_away_is_told_once_and_looked_for_again(driven: Driven) -> None:
    class BrokenTray(FakeTray):
        def run(self) -> None:
            raise TimeoutError("the panel did not answer")

    broken = BrokenTray(driven.inbox.submit)
    driven.setup.tray_choice = TrayChoice(broken, ())
    healed = FakeTray(driven.inbox.submit)
    found = threading.Event()

    def choose_again() -> TrayChoice:
        found.set()
        return TrayChoice(healed, ())

    driven.setup.choose_tray_again = choose_again
    daemon = Daemon(driven.setup, driven.inbox, driven.clock, driven.waker, tray_retry_s=0.001)
    tray_loop = threading.Thread(target=daemon._run_tray)
    tray_loop.start()
    assert found.wait(10)
    daemon.stop()
    tray_loop.join(10)
    assert not tray_loop.is_alive()
    driven.pump()
    assert told_about(driven, "tray") == 1
    driven.work(MINUTE)
    assert healed.views  # the new tray got the current view at once


def test_a_failing_helper_thread_is_told_and_a_vital_one_stops_the_daemon(driven: Driven) -> None:
    daemon = Daemon(driven.setup, driven.inbox, driven.clock, driven.waker)

    def bus_gone() -> None:
        raise ConnectionResetError("the session bus closed")

    daemon._thread(bus_gone, "deskbreak-notify", vital=False).join(10)
    driven.pump()
    assert told_about(driven, "notify") == 1
    assert daemon._exit_status == 0
    daemon._thread(bus_gone, "deskbreak-engine", vital=True).join(10)
    assert daemon._exit_status == 1
    assert daemon._stopped.is_set()


def test_doctor_prints_what_the_daemon_lives_without(driven: Driven, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from deskbreak.commands import doctor

    driven.history.fail("database or disk is full")
    driven.ask("log")
    view = {**driven.ask("doctor")["doctor"], "daemon": "running"}
    monkeypatch.setattr(doctor, "_daemon_view", lambda: view)
    assert doctor.run(argparse.Namespace()) == 1
    problem = next(line for line in capsys.readouterr().out.splitlines() if "problem:" in line)
    assert problem.startswith("  problem:     history: cannot ")
    assert problem.endswith("database or disk is full (1 record held in memory)")


def test_any_threads_uncaught_error_goes_to_the_log_with_its_traceback(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import logging

    from deskbreak.daemon._logging import configure_logging

    monkeypatch.setenv("DESKBREAK_LOG", str(tmp_path / "deskbreak.log"))
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)  # restored after the test
    logger = logging.getLogger("deskbreak")
    monkeypatch.setattr(logger, "handlers", [])
    monkeypatch.setattr(logger, "level", logger.level)
    path = configure_logging(verbose=False)

    def fails() -> None:
        raise LookupError("a library's thread broke")

    thread = threading.Thread(target=fails, name="some-library-thread")
    thread.start()
    thread.join()
    for handler in logger.handlers:
        handler.flush()
    text = path.read_text()
    assert "uncaught error in some-library-thread: LookupError" in text
    assert "Traceback" in text
    assert "a library's thread broke" in text


def test_a_clock_set_to_the_time_it_was_rearms_quietly(driven: Driven, caplog: pytest.LogCaptureFixture) -> None:
    """Time sync may set the clock without moving it: the timers are armed again, and no warning says 0 s."""
    caplog.set_level(logging.INFO, logger="deskbreak")
    driven.work(MINUTE)
    driven.process(ClockStepped())
    assert driven.waker.steps_seen == 1
    assert [(record.levelno, record.getMessage()) for record in caplog.records if "clock" in record.getMessage()
            ] == [(logging.INFO, "the clock was set, by less than 2 s; timers armed again")]
