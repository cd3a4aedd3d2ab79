"""``deskbreak config path|check``."""

from __future__ import annotations

import argparse
import sys

from deskbreak.settings_file import ConfigError, load_settings
from deskbreak.user_config import user_config_path

__all__ = ["check", "path"]


def path(args: argparse.Namespace) -> int:
    """Print where the config file lives."""
    print(user_config_path())
    return 0


def check(args: argparse.Namespace) -> int:
    """Check a config file; exit 1 listing every problem."""
    target = args.file or user_config_path()
    try:
        load_settings(target)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{target}: ok")
    return 0
