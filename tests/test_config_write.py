"""Picking a routine in the tray rewrites one value of the config and leaves the rest as the user wrote it."""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path

import pytest

from deskbreak.config import writer as config_write
from deskbreak.config.settings_file import load_settings
from deskbreak.config.user_file import default_config_text
from deskbreak.config.writer import ConfigWriteError, set_text_value


def leftovers(directory: Path) -> list[str]:
    return sorted(name.name for name in directory.iterdir() if name.name.startswith(".deskbreak-"))


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


def test_a_missing_file_is_created(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deskbreak.toml"
    set_text_value(path, "break", "routine", "morning")
    assert tomllib.loads(path.read_text()) == {"break": {"routine": "morning"}}


def test_a_trailing_comment_stays(tmp_path: Path) -> None:
    path = tmp_path / "deskbreak.toml"
    path.write_text('[break]\nroutine = "desk"   # the one my physio suggested\n')
    set_text_value(path, "break", "routine", "morning")
    assert path.read_text() == '[break]\nroutine = "morning"   # the one my physio suggested\n'


def test_quoted_table_headers_are_tables_too(tmp_path: Path) -> None:
    path = tmp_path / "deskbreak.toml"
    mine = '[routines."my neck"]\nname = "My neck"\nsteps = ["neck roll"]\n'
    path.write_text(f'[ "break" ]\nlength = "5m"\n\n{mine}')
    set_text_value(path, "break", "routine", "my neck")
    text = path.read_text()
    assert text == f'[ "break" ]\nlength = "5m"\nroutine = "my neck"\n\n{mine}'
    assert tomllib.loads(text)["routines"] == {"my neck": {"name": "My neck", "steps": ["neck roll"]}}


def test_names_outside_the_basic_plane_are_written_as_valid_toml(tmp_path: Path) -> None:
    path = tmp_path / "deskbreak.toml"
    path.write_text("[break]\n")
    set_text_value(path, "break", "routine", "🧘 neck")
    text = path.read_text(encoding="utf-8")
    assert "\\ud83e" not in text
    assert tomllib.loads(text) == {"break": {"routine": "🧘 neck"}}


def test_a_symlinked_config_stays_a_link_and_its_target_is_replaced(tmp_path: Path) -> None:
    dotfiles, config = tmp_path / "dotfiles", tmp_path / "config"
    dotfiles.mkdir()
    config.mkdir()
    target = dotfiles / "deskbreak.toml"
    target.write_text('[break]\nroutine = "desk"\n')
    target.chmod(0o640)
    link = config / "deskbreak.toml"
    link.symlink_to(os.path.relpath(target, config))
    set_text_value(link, "break", "routine", "morning")
    assert link.is_symlink()
    assert link.resolve() == target
    assert target.read_text() == '[break]\nroutine = "morning"\n'
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert leftovers(dotfiles) == leftovers(config) == []


def editor_saves_while_deskbreak_writes(monkeypatch: pytest.MonkeyPatch, path: Path, saved: str) -> None:
    """The user's editor saves ``saved`` after deskbreak read the file and before it renames its copy over it."""
    write_beside = config_write._written_beside

    def written_then_saved(target: Path, text: str) -> Path:
        temporary = write_beside(target, text)
        path.write_text(saved)
        return temporary

    monkeypatch.setattr(config_write, "_written_beside", written_then_saved)


def test_a_file_changed_since_it_was_read_is_not_clobbered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "deskbreak.toml"
    path.write_text('[break]\nroutine = "desk"\n')
    editor_saves_while_deskbreak_writes(monkeypatch, path, '[break]\nroutine = "desk"\n[schedule]\ninterval = "50m"\n')
    with pytest.raises(ConfigWriteError) as raised:
        set_text_value(path, "break", "routine", "morning")
    assert str(raised.value) == (
        f"{path} changed while deskbreak was writing to it (saved in an editor?); "
        "nothing was written: pick the routine again"
    )
    assert path.read_text() == '[break]\nroutine = "desk"\n[schedule]\ninterval = "50m"\n'
    assert leftovers(tmp_path) == []


def test_a_file_created_since_it_was_found_missing_is_not_clobbered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "deskbreak.toml"
    editor_saves_while_deskbreak_writes(monkeypatch, path, '[schedule]\ninterval = "50m"\n')
    with pytest.raises(ConfigWriteError, match="changed while deskbreak was writing to it"):
        set_text_value(path, "break", "routine", "morning")
    assert path.read_text() == '[schedule]\ninterval = "50m"\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[break\nroutine = "desk"\n', r"^{path} is not valid TOML \(.*line 1.*\); fix it first, nothing was changed$"),
        ('break = "desk"\n', r"^{path}: break is a String, not a table; nothing was changed$"),
    ],
)
def test_a_file_that_cannot_take_the_value_is_left_alone_with_one_line_saying_why(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "deskbreak.toml"
    path.write_text(text)
    with pytest.raises(ConfigWriteError, match=message.format(path=re.escape(str(path)))):
        set_text_value(path, "break", "routine", "morning")
    assert path.read_text() == text
    assert leftovers(tmp_path) == []
