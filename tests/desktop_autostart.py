"""Helpers shared by the autostart tests: a fake installation of deskbreak on disk."""

from __future__ import annotations

from pathlib import Path

from deskbreak.autostart import Launcher


def installed(directory: Path, program: str = "deskbreak", *arguments: str) -> Launcher:
    """An executable ``directory/program`` (a stand-in for an installed script) and the launcher running it."""
    directory.mkdir(parents=True, exist_ok=True)
    script = directory / program
    script.write_text("#!/bin/sh\nexit 0\n")
    script.chmod(0o755)
    return Launcher((str(script), *arguments))
