"""The user's copy of the config: where it lives, first run, and hot reload."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from deskbreak.config.settings_file import ConfigError
from deskbreak.config.user_file import ConfigWatcher, default_config_text, ensure_user_config, user_config_path
from deskbreak.core import Settings


def save(path: Path, text: str, stamp: int) -> None:
    """Write ``text`` and give it a distinct modification time, as a later save would."""
    path.write_text(text)
    os.utime(path, ns=(stamp * 10**9, stamp * 10**9))


def test_the_config_lives_in_the_platform_config_dir() -> None:
    assert user_config_path() == Path(os.environ["XDG_CONFIG_HOME"]) / "deskbreak" / "deskbreak.toml"


def test_deskbreak_config_overrides_the_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DESKBREAK_CONFIG", str(tmp_path / "elsewhere.toml"))
    assert user_config_path() == tmp_path / "elsewhere.toml"


def test_first_run_creates_the_commented_default(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deskbreak.toml"
    assert ensure_user_config(path) is True
    assert path.read_text() == default_config_text()


def test_an_existing_config_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "deskbreak.toml"
    path.write_text('[schedule]\ninterval = "45m"\n')
    assert ensure_user_config(path) is False
    assert path.read_text() == '[schedule]\ninterval = "45m"\n'


def test_watcher_reports_nothing_until_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "deskbreak.toml"
    save(path, default_config_text(), 1000)
    watcher = ConfigWatcher(path)
    assert watcher.load() == Settings()
    assert watcher.check() is None
    assert watcher.check() is None


def test_watcher_picks_up_a_good_edit(tmp_path: Path) -> None:
    path = tmp_path / "deskbreak.toml"
    save(path, default_config_text(), 1000)
    watcher = ConfigWatcher(path)
    watcher.load()
    save(path, default_config_text().replace('interval = "1h"', 'interval = "75m"'), 1001)
    change = watcher.check()
    assert isinstance(change, Settings)
    assert change.interval == timedelta(minutes=75)
    assert watcher.check() is None


def test_watcher_reports_a_bad_edit_once_then_recovers(tmp_path: Path) -> None:
    path = tmp_path / "deskbreak.toml"
    save(path, default_config_text(), 1000)
    watcher = ConfigWatcher(path)
    watcher.load()
    save(path, '[schedule]\ninterval = "9h"\n', 1001)
    change = watcher.check()
    assert isinstance(change, ConfigError)
    assert change.problems == [f'{path}:2: [schedule] interval = "9h": must be from 1m to 8h']
    assert watcher.check() is None  # said once, not on every poll
    save(path, '[schedule]\ninterval = "2h"\n', 1002)
    fixed = watcher.check()
    assert isinstance(fixed, Settings)
    assert fixed.interval == timedelta(hours=2)


def test_watcher_notices_a_deleted_file(tmp_path: Path) -> None:
    path = tmp_path / "deskbreak.toml"
    save(path, default_config_text(), 1000)
    watcher = ConfigWatcher(path)
    watcher.load()
    path.unlink()
    change = watcher.check()
    assert isinstance(change, ConfigError)
    assert change.problems == [f"{path}: no such file"]


def test_watcher_sees_a_same_size_edit_saved_in_the_same_second(tmp_path: Path) -> None:
    path = tmp_path / "deskbreak.toml"
    save(path, '[schedule]\ninterval = "45m"\n', 1000)
    watcher = ConfigWatcher(path)
    watcher.load()
    path.unlink()
    save(path, '[schedule]\ninterval = "50m"\n', 1000)  # a new file, as editors save
    change = watcher.check()
    assert isinstance(change, Settings)
    assert change.interval == timedelta(minutes=50)
