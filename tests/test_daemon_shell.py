"""The daemon shell's own rules, run in-process on a fake clock (no threads, no sleeps)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from shell_driver import FAST, Driven

from deskbreak.daemon._shell import SessionChange

MINUTE = timedelta(minutes=1)


@pytest.fixture
def driven(tmp_path: Path) -> Driven:
    return Driven(tmp_path)


def test_thirty_minutes_of_work_bring_one_reminder_shown_and_stored(driven: Driven) -> None:
    driven.work(29 * MINUTE)
    assert driven.reminders() == []
    driven.work(2 * MINUTE)
    assert len(driven.reminders()) == 1
    assert driven.stored() == ["reminder"]
    assert driven.tray.view.title.startswith("Break due")


def test_a_locked_screen_counts_as_away_however_the_locker_fidgets(driven: Driven) -> None:
    driven.work(10 * MINUTE)
    driven.process(SessionChange("locked"))
    driven.work(6 * MINUTE)  # the idle source sees "input" (a screensaver moving) all along
    assert "natural_break" in driven.stored()
    driven.process(SessionChange("unlocked"))
    driven.work(25 * MINUTE)
    assert driven.reminders() == []  # desk time started again from zero after the natural break


def test_a_screen_locked_a_while_after_the_last_input_counts_from_that_input(driven: Driven) -> None:
    """Locked after three minutes away, by a timeout or by hand: the locker's fidgets must not pass for
    the user coming back at the lock, which would put the natural break off by those three minutes."""
    driven.work(10 * MINUTE)
    left = driven.now
    driven.away(3 * MINUTE)
    driven.process(SessionChange("locked"))
    driven.work(6 * MINUTE)  # the idle source sees "input" (a screensaver moving) all along
    natural = [record.at for record in driven.history.records() if record.kind == "natural_break" and record.at > left]
    assert natural == [left + 5 * MINUTE]


def test_a_config_edit_is_applied_at_the_next_tick_and_a_bad_one_keeps_the_last_good(driven: Driven) -> None:
    driven.config_path.write_text(FAST.replace('interval = "30m"', 'interval = "10m"'))
    driven.work(11 * MINUTE)
    assert len(driven.reminders()) == 1
    driven.config_path.write_text("[schedule]\ninterval = 12\n")
    driven.work(MINUTE)
    assert driven.notifier.told[-1][0] == "deskbreak kept its last good settings"
    assert driven.setup.settings.interval == timedelta(minutes=10)


def test_a_break_opens_the_window_shows_every_step_and_closes_it_when_done(driven: Driven) -> None:
    assert driven.ask("start", routine="desk")["ok"]
    window = driven.windows[0]
    driven.work(4 * MINUTE)
    assert window.finished
    assert window.completed
    assert [step.index for step in window.steps][:1] == [0]
    assert driven.stored() == ["break_started", "break_completed"]


def test_a_stopped_break_closes_its_window_as_partial(driven: Driven) -> None:
    driven.ask("start")
    driven.work(MINUTE)
    driven.ask("stop")
    assert driven.windows[0].finished
    assert driven.windows[0].completed is False
    assert driven.stored() == ["break_started", "break_stopped"]


def test_start_from_the_cli_without_a_window_opens_none(driven: Driven) -> None:
    driven.ask("start", window=False)
    assert driven.windows == []


def test_a_notification_click_starts_the_break(driven: Driven) -> None:
    driven.work(31 * MINUTE)
    driven.notifier.press("start")
    driven.pump()
    assert "break_started" in driven.stored()
    assert [window.take_focus for window in driven.windows] == [True]  # clicked: the window may take the keys


def test_a_break_started_from_the_tray_never_takes_the_keyboard(driven: Driven) -> None:
    driven.tray.click("Start break now")
    driven.pump()
    assert [window.take_focus for window in driven.windows] == [False]


def test_quit_stops_the_daemon(driven: Driven) -> None:
    assert driven.ask("quit")["ok"]
    assert driven.stopped


def test_the_routine_menu_writes_the_config_and_applies_it(driven: Driven) -> None:
    assert driven.ask("choose-routine", routine="morning")["ok"]
    assert 'routine = "morning"' in driven.config_path.read_text()
    assert driven.setup.settings.routine == "morning"


def test_a_config_that_cannot_be_written_is_left_alone_and_the_answer_says_why(driven: Driven) -> None:
    driven.config_path.unlink()
    driven.config_path.mkdir()  # not a file any more: the write fails
    answer = driven.ask("choose-routine", routine="morning")
    assert str(driven.config_path) in answer["message"]
    assert driven.setup.settings.routine == "desk"


def test_a_reload_after_the_watcher_already_applied_the_edit_records_it_once(driven: Driven) -> None:
    driven.config_path.write_text(FAST.replace('interval = "30m"', 'interval = "10m"'))
    driven.work(timedelta(seconds=5))  # the watcher sees the edit first
    assert driven.ask("reload")["message"].endswith("(no change)")
    assert driven.stored() == ["config_reloaded"]


def test_cues_follow_the_break_and_none_outlives_it(driven: Driven) -> None:
    driven.ask("start")
    assert driven.notifier.cue_showing is not None
    driven.work(4 * MINUTE)
    assert "break_completed" in driven.stored()
    assert driven.notifier.cue_showing is None
    assert driven.notifier.told[-1][0] == "Break done"
