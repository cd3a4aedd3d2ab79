"""The freedesktop notifier against a real dunst on Xvfb and a private session bus."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from desktop import Xvfb, wait_until
from desktop_notify import Dunst, MenuEntry
from PIL import Image, ImageDraw

from deskbreak.notify import Action, Notifier, ReminderNotice, choose_notifier

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "notify"
BODY = "Seated twist · forward fold · wall dog — 3 min"
ANSWER_WAIT_S = 10


@pytest.fixture
def dunst(tmp_path: Path, xvfb: Xvfb, bus: str) -> Iterator[Dunst]:
    server = Dunst(tmp_path, xvfb.display, bus)
    yield server
    server.stop()


@pytest.fixture
def answers() -> queue.Queue[Action]:
    return queue.Queue()


@pytest.fixture
def notifier(dunst: Dunst, answers: queue.Queue[Action]) -> Iterator[Notifier]:
    """The chosen notifier with its listener running on a thread, as the daemon runs it."""
    choice = choose_notifier(answers.put, environ=dunst.env, platform="linux")
    assert (choice.notifier.name, choice.tried) == ("freedesktop", ())
    listener = threading.Thread(target=choice.notifier.listen, daemon=True)
    listener.start()
    yield choice.notifier
    choice.notifier.close()
    listener.join(timeout=5)
    assert not listener.is_alive(), "listen() did not return after close()"


@pytest.fixture
def icon(tmp_path: Path) -> Path:
    path = tmp_path / "deskbreak.png"
    image = Image.new("RGBA", (48, 48), (40, 160, 90, 255))
    ImageDraw.Draw(image).ellipse((8, 8, 40, 40), fill=(250, 250, 250, 255))
    image.save(path)
    return path


def reminder(*, title: str = "Time to stretch", offer_snooze: bool = True, icon: Path | None = None) -> ReminderNotice:
    return ReminderNotice(title=title, body=BODY, icon=icon, offer_snooze=offer_snooze, snooze_minutes=10)


def buttons(entries: list[MenuEntry]) -> set[tuple[str, str]]:
    return {(entry.key, entry.label) for entry in entries}


def next_answer(answers: queue.Queue[Action]) -> Action:
    try:
        return answers.get(timeout=ANSWER_WAIT_S)
    except queue.Empty:
        pytest.fail(f"no action callback within {ANSWER_WAIT_S} s")


def test_reminder_reaches_dunst_with_title_body_icon_and_buttons(dunst: Dunst, notifier: Notifier, icon: Path) -> None:
    assert notifier.has_actions
    notifier.show_reminder(reminder(icon=icon))
    [shown] = dunst.wait_shown(1)
    assert (shown.summary, shown.body, shown.icon) == ("Time to stretch", BODY, icon.as_uri())
    assert buttons(dunst.context_menu(choose="nothing")) == {
        ("default", "Start"),
        ("start", "Start"),
        ("snooze", "Snooze 10 min"),
        ("skip", "Skip"),
    }
    assert dunst.displayed() == 1


def test_clicking_the_body_starts_the_break_and_takes_the_reminder_down(
    dunst: Dunst, notifier: Notifier, answers: queue.Queue[Action]
) -> None:
    notifier.show_reminder(reminder())
    dunst.wait_shown(1)
    dunst.ctl("action", "0")
    assert next_answer(answers) == "start"
    wait_until(lambda: dunst.displayed() == 0, "the answered reminder is gone")
    assert answers.empty()


@pytest.mark.parametrize("action", ["snooze", "skip", "start"])
def test_buttons_in_dunst_context_menu_deliver_their_action(
    dunst: Dunst, notifier: Notifier, answers: queue.Queue[Action], action: Action
) -> None:
    notifier.show_reminder(reminder())
    [shown] = dunst.wait_shown(1)
    dunst.context_menu(choose=f"[{shown.id},{action}]")
    assert next_answer(answers) == action
    wait_until(lambda: dunst.displayed() == 0, "the answered reminder is gone")


def test_a_new_reminder_replaces_the_unanswered_one(dunst: Dunst, notifier: Notifier) -> None:
    notifier.show_reminder(reminder(title="Time to stretch"))
    dunst.wait_shown(1)
    notifier.show_reminder(reminder(title="Still time to stretch"))
    first, second = dunst.wait_shown(2)
    assert second.summary == "Still time to stretch"
    assert second.id == first.id
    assert dunst.displayed() == 1


def test_withdraw_takes_the_reminder_down_and_then_does_nothing(dunst: Dunst, notifier: Notifier) -> None:
    notifier.show_reminder(reminder())
    dunst.wait_shown(1)
    notifier.withdraw_reminder()
    wait_until(lambda: dunst.displayed() == 0, "the withdrawn reminder is gone")
    notifier.withdraw_reminder()
    notifier.show_reminder(reminder(title="Next break"))
    assert dunst.wait_shown(2)[-1].summary == "Next break"
    wait_until(lambda: dunst.displayed() == 1, "the next reminder shows")


def test_no_snooze_button_once_snoozes_are_used_up(dunst: Dunst, notifier: Notifier) -> None:
    notifier.show_reminder(reminder(offer_snooze=False))
    dunst.wait_shown(1)
    assert {entry.key for entry in dunst.context_menu(choose="nothing")} == {"default", "start", "skip"}


def test_tell_shows_a_plain_notification_beside_the_reminder(dunst: Dunst, notifier: Notifier) -> None:
    notifier.show_reminder(reminder())
    notifier.tell("Config not reloaded", "deskbreak.toml line 3: interval must be a duration")
    reminder_shown, told = dunst.wait_shown(2)
    assert (told.summary, told.body) == ("Config not reloaded", "deskbreak.toml line 3: interval must be a duration")
    assert told.id != reminder_shown.id
    wait_until(lambda: dunst.displayed() == 2, "both notifications show")
    assert {entry.id for entry in dunst.context_menu(choose="nothing")} == {reminder_shown.id}


def test_markup_characters_are_escaped_for_a_markup_server(dunst: Dunst, notifier: Notifier) -> None:
    notifier.tell("Database moved aside", "history.db <corrupt> & kept as history.db.bad")
    [told] = dunst.wait_shown(1)
    assert told.body == "history.db &lt;corrupt&gt; &amp; kept as history.db.bad"  # escaped, as markup servers need


def test_close_takes_the_unanswered_reminder_down(dunst: Dunst, answers: queue.Queue[Action]) -> None:
    choice = choose_notifier(answers.put, environ=dunst.env, platform="linux")
    choice.notifier.show_reminder(reminder())
    dunst.wait_shown(1)
    choice.notifier.close()
    wait_until(lambda: dunst.displayed() == 0, "the reminder left with the daemon")


def test_screenshot_shows_the_reminder_on_screen(dunst: Dunst, notifier: Notifier, icon: Path) -> None:
    notifier.show_reminder(reminder(icon=icon))
    dunst.wait_shown(1)
    wait_until(lambda: dunst.window_box() is not None, "dunst maps its window")
    box = dunst.window_box()
    assert box is not None
    path = ARTIFACTS / "reminder.png"
    dunst.screenshot(path)
    with Image.open(path) as screen:
        window = screen.convert("RGB").crop(box)
        colours = window.getcolors(maxcolors=window.width * window.height)
    assert colours is not None
    assert len(colours) > 10, f"the notification area of {path} looks blank"
