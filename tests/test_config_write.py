"""Picking a routine in the tray rewrites one line of the config and keeps the comments."""

from __future__ import annotations

from pathlib import Path

from deskbreak.config_write import set_text_value
from deskbreak.settings_file import load_settings
from deskbreak.user_config import default_config_text


def test_the_default_file_keeps_every_comment(tmp_path: Path) -> None:
    path = tmp_path / "deskbreak.toml"
    path.write_text(default_config_text())
    set_text_value(path, "break", "routine", "morning")
    before, after = default_config_text().splitlines(), path.read_text().splitlines()
    assert [line for line in after if line not in before] == ['routine = "morning"']
    assert len(after) == len(before)
    assert load_settings(path).routine == "morning"


def test_a_missing_line_or_table_is_added(tmp_path: Path) -> None:
    path = tmp_path / "deskbreak.toml"
    path.write_text('[schedule]\ninterval = "45m"\n')
    set_text_value(path, "break", "routine", "evening")
    assert load_settings(path).routine == "evening"
    path.write_text('[break]\n# my note\n[schedule]\ninterval = "45m"\n')
    set_text_value(path, "break", "routine", "morning")
    assert path.read_text() == '[break]\n# my note\nroutine = "morning"\n[schedule]\ninterval = "45m"\n'
