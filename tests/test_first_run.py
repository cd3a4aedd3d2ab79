"""The notice the daemon shows once on its first run: where the settings are, the floor question, two habits."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from deskbreak.config.settings_file import parse_settings
from deskbreak.daemon._first_run import first_run_notice
from deskbreak.library import load_library


def test_the_first_run_notice_asks_about_the_floor_and_gives_the_habits() -> None:
    config = Path("/home/me/.config/deskbreak/deskbreak.toml")
    title, body = first_run_notice(timedelta(hours=1), config)
    assert title == "deskbreak will remind you after every 1h of desk time"
    lines = body.splitlines()
    assert lines[0] == f"Your settings are in {config}"
    assert lines[3].startswith("No room or clothes for stretches on the floor? Set floor = false under [break]")
    safety = load_library().safety
    assert lines[4:] == [safety.habit_advice, safety.daily_advice]


def test_the_setting_the_notice_names_is_the_one_the_config_file_takes() -> None:
    assert parse_settings("[break]\nfloor = false\n", "my.toml").floor is False
