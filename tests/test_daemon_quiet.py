"""The daemon holds a due break back while a quiet signal says the user is busy (in-process, fake clock)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from shell_driver import FAST, Driven

from deskbreak.core import Settings
from deskbreak.notify import ReminderNotice
from deskbreak.quiet import FakeQuiet, QuietWatch

MINUTE = timedelta(minutes=1)


@pytest.fixture
def driven(tmp_path: Path) -> Driven:
    return Driven(tmp_path, FAST + '\n[quiet]\nmax_wait = "45m"\n')


def test_a_break_due_during_a_presentation_waits_and_shows_when_it_ends(driven: Driven) -> None:
    driven.quiet.is_busy = True
    driven.work(40 * MINUTE)
    assert driven.reminders() == []
    assert driven.tray.view.title == "Break due — waiting (fullscreen)"
    status = driven.ask("status")
    assert status["message"].startswith("Break due — waiting (fullscreen): the desk routine")
    assert (status["status"]["quiet"], status["status"]["waiting"]) == ("fullscreen", "fullscreen")
    driven.quiet.is_busy = False
    driven.work(MINUTE)
    shown = driven.notifier.showing
    assert isinstance(shown, ReminderNotice)
    assert (shown.title, shown.quietly) == ("Break due — 40 min at the desk", False)
    assert driven.stored() == ["waited", "reminder"]
    assert driven.history.records()[0].reason == "fullscreen"
    assert driven.tray.view.title.startswith("Break due — click")


def test_a_wait_that_reaches_max_wait_shows_quietly(driven: Driven) -> None:
    driven.quiet.is_busy = True
    driven.work(30 * MINUTE + 46 * MINUTE)
    shown = driven.notifier.showing
    assert isinstance(shown, ReminderNotice)
    assert (shown.title, shown.quietly) == ("Break due — 1 h 15 min at the desk", True)


def test_a_broken_signal_counts_as_free_so_no_reminder_is_lost(
    driven: Driven, caplog: pytest.LogCaptureFixture
) -> None:
    driven.quiet.is_busy = True
    driven.quiet.failing = "the notification server did not answer within 1 s"
    driven.work(31 * MINUTE)
    assert len(driven.reminders()) == 1
    assert any("quiet: fake stopped working (the notification server did not answer" in message
               for message in caplog.messages)


def test_changing_the_quiet_table_reopens_the_signals(driven: Driven) -> None:
    opened: list[Settings] = []

    def reopen(settings: Settings) -> QuietWatch:
        opened.append(settings)
        return QuietWatch([FakeQuiet("app")], ())

    driven.setup.open_quiet = reopen
    driven.config_path.write_text(FAST + '\n[quiet]\napps = ["OBS"]\n')
    driven.work(MINUTE)
    assert [settings.quiet_apps for settings in opened] == [("obs",)]
    assert driven.quiet.closed
    assert driven.ask("doctor")["doctor"]["quiet"] == ["app: fake"]


def test_the_tray_pauses_during_this_meeting_until_the_call_ends(driven: Driven) -> None:
    driven.quiet.reason = "in a call"
    driven.quiet.is_busy = True
    driven.work(10 * MINUTE)
    assert driven.tray.view.can_pause_while_busy
    driven.tray.click("Pause", "During this meeting")
    driven.pump()
    assert driven.tray.view.title == "Paused during this meeting"
    driven.quiet.is_busy = False
    driven.work(MINUTE)
    assert driven.stored()[-2:] == ["paused", "resumed"]
    assert driven.tray.view.title.startswith("Next break in")
