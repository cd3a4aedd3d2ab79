"""First run: ``deskbreak config edit`` creates the config from the default and opens an editor.

The editors and xdg-open here are small shell scripts that write down how
they were called, so each test sees exactly what the user's editor would.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from daemon_process import deskbreak

from deskbreak.commands.config import editor_command
from deskbreak.config.user_file import default_config_text

pytestmark = pytest.mark.posix  # the editors and openers here are shell scripts


def config_file() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"]) / "deskbreak" / "deskbreak.toml"


def program(directory: Path, name: str, body: str) -> Path:
    """A shell script ``name`` that records its arguments in ``name.called``, then runs ``body``."""
    directory.mkdir(parents=True, exist_ok=True)
    script = directory / name
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{directory / name}.called"\n{body}\n')
    script.chmod(0o755)
    return script


def called(script: Path) -> list[str]:
    return script.with_name(f"{script.name}.called").read_text().splitlines()


@pytest.fixture(autouse=True)
def _no_editor_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)


def test_edit_creates_the_commented_default_then_opens_and_checks_it(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    editor = program(tmp_path / "bin", "editor", "exit 0")
    monkeypatch.setenv("EDITOR", str(editor))
    result = deskbreak("config", "edit")
    assert (result.returncode, result.stdout, result.stderr) == (
        0, f"created {config_file()} from the commented default\n{config_file()}: ok\n", "")
    assert config_file().read_text() == default_config_text()
    assert called(editor) == [str(config_file())]

    config_file().write_text('[schedule]\ninterval = "45m"\n')
    again = deskbreak("config", "edit")
    assert again.stdout == f"{config_file()}: ok\n"
    assert config_file().read_text() == '[schedule]\ninterval = "45m"\n'


def test_visual_comes_before_editor_and_may_carry_arguments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    visual = program(tmp_path / "bin", "visual", "exit 0")
    monkeypatch.setenv("VISUAL", f"{visual} --wait")
    monkeypatch.setenv("EDITOR", str(program(tmp_path / "bin", "editor", "exit 0")))
    assert deskbreak("config", "edit").returncode == 0
    assert called(visual) == ["--wait", str(config_file())]
    assert not (tmp_path / "bin" / "editor.called").exists()


def test_a_mistake_made_in_the_editor_is_shown_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    breaking = program(tmp_path / "bin", "editor", 'printf \'[schedule]\\ninterval = "9h"\\n\' > "$1"')
    monkeypatch.setenv("EDITOR", str(breaking))
    result = deskbreak("config", "edit")
    assert result.returncode == 1
    assert result.stderr.startswith(f'{config_file()}:2: [schedule] interval = "9h": ')


def test_without_an_editor_variable_the_desktop_opens_the_file(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    opener = program(tmp_path / "bin", "xdg-open", "exit 0")
    monkeypatch.setenv("PATH", str(opener.parent))
    result = deskbreak("config", "edit")
    assert result.stdout.splitlines()[-1] == (
        f"opened {config_file()}; after saving, check it with: deskbreak config check")
    assert called(opener) == [str(config_file())]


@pytest.mark.parametrize(
    ("editor", "why"),
    [
        ("", "xdg-open is not installed"),
        ("no-such-editor", "no-such-editor is not installed"),
        ("exit-3", "xdg-open exited with status 3 (no application knows .toml)"),
    ],
)
def test_no_way_to_open_it_is_one_clear_line(editor: str, why: str, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    if editor == "exit-3":
        program(tmp_path / "bin", "xdg-open", "echo 'no application knows .toml' >&2; exit 3")
    elif editor:
        monkeypatch.setenv("EDITOR", editor)
    result = deskbreak("config", "edit")
    assert (result.returncode, result.stderr) == (1, f"deskbreak config edit: cannot open {config_file()}: {why}; "
                                                     "set VISUAL or EDITOR to your editor's command\n")


def test_an_editor_that_fails_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", str(program(tmp_path / "bin", "editor", "exit 2")))
    result = deskbreak("config", "edit")
    assert (result.returncode, result.stderr) == (
        1, f"deskbreak config edit: {tmp_path / 'bin' / 'editor'} exited with status 2\n")


def test_editor_variables_split_like_a_shell_and_keep_windows_paths_whole() -> None:
    assert editor_command({"EDITOR": "code --wait"}, "linux") == ["code", "--wait"]
    assert editor_command({"VISUAL": " ", "EDITOR": "vi"}, "linux") == ["vi"]
    assert editor_command({}, "linux") is None
    assert editor_command({"EDITOR": r'"C:\Program Files\Notepad++\notepad++.exe" -multiInst'}, "win32") == [
        r"C:\Program Files\Notepad++\notepad++.exe", "-multiInst"]
