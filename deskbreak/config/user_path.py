"""Where the user's config file lives, in a module of its own.

``deskbreak stats`` needs the path without what ``user_file`` loads for the
daemon (the full settings reader, with the engine and the stretch library).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["user_config_path"]


def user_config_path() -> Path:
    """The user's config file: $DESKBREAK_CONFIG, else the platform's config dir."""
    override = os.environ.get("DESKBREAK_CONFIG")
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_config_path("deskbreak", appauthor=False) / "deskbreak.toml"
