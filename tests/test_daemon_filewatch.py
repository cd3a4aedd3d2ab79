"""The config file watch (inotify): a save queues a sample however the editor writes the file."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from deskbreak.daemon._filewatch import FileWatch

WAIT_S = 30.0  # only a failure waits this long


class Saves:
    """Counts the watch's calls; ``wait`` blocks until the next one (no polling, no sleep)."""

    def __init__(self) -> None:
        self.calls = 0
        self._seen = threading.Condition()

    def changed(self) -> None:
        with self._seen:
            self.calls += 1
            self._seen.notify_all()

    def wait(self, calls: int) -> None:
        with self._seen:
            assert self._seen.wait_for(lambda: self.calls >= calls, WAIT_S), f"no change seen after {WAIT_S} s"


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "deskbreak" / "deskbreak.toml"
    path.parent.mkdir()
    path.write_text("[schedule]\n")
    return path


@pytest.fixture
def saves(config: Path) -> Iterator[Saves]:
    saves = Saves()
    watch = FileWatch.open(config, saves.changed)
    assert watch is not None
    yield saves
    watch.close()


def test_an_editor_that_saves_by_renaming_a_new_file_over_the_old_is_seen(config: Path, saves: Saves) -> None:
    for round_ in (1, 2):  # the second time proves the watch outlived the first file's inode
        fresh = config.with_name(f".deskbreak.toml.swp{round_}")
        fresh.write_text(f'[schedule]\ninterval = "{round_}h"\n')
        os.replace(fresh, config)
        saves.wait(round_)


def test_a_write_in_place_is_seen(config: Path, saves: Saves) -> None:
    with config.open("a") as opened:
        opened.write('interval = "2h"\n')
    saves.wait(1)


def test_a_config_kept_elsewhere_behind_a_symlink_is_seen_when_its_target_changes(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / "deskbreak.toml"
    target.write_text("[schedule]\n")
    link = tmp_path / "deskbreak.toml"
    link.symlink_to(target)
    saves = Saves()
    watch = FileWatch.open(link, saves.changed)
    assert watch is not None
    try:
        target.write_text('[schedule]\ninterval = "2h"\n')
        saves.wait(1)
    finally:
        watch.close()


def test_a_folder_that_cannot_be_watched_leaves_the_daemon_sampling(tmp_path: Path) -> None:
    assert FileWatch.open(tmp_path / "missing" / "deskbreak.toml", lambda: None) is None
