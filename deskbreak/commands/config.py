"""``deskbreak config path|check|edit``."""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from deskbreak.config.settings_file import ConfigError, load_settings
from deskbreak.config.user_file import ensure_user_config, user_config_path
from deskbreak.library import builtin_routines

__all__ = ["check", "edit", "editor_command", "path"]


def path(args: argparse.Namespace) -> int:
    """Print where the config file lives."""
    print(user_config_path())
    return 0


def check(args: argparse.Namespace) -> int:
    """Check a config file; exit 1 listing every problem."""
    return _check(args.file or user_config_path())


def edit(args: argparse.Namespace) -> int:
    """Open the config file in the user's editor, creating it from the commented default first.

    A terminal editor is waited for, then the file is checked, so a mistake
    shows at once; a desktop app opened by xdg-open or open returns at once.
    The daemon re-reads the file by itself either way.
    """
    target = user_config_path()
    try:
        if ensure_user_config(target):
            print(f"created {target} from the commented default")
    except OSError as error:
        print(f"deskbreak config edit: cannot create {target}: {error.strerror or error}", file=sys.stderr)
        return 1
    editor = editor_command(os.environ, sys.platform)
    try:
        if editor is None:
            _open_with_system(target)
            print(f"opened {target}; after saving, check it with: deskbreak config check")
            return 0
        finished = subprocess.run([*editor, str(target)], check=False)
    except (OSError, subprocess.CalledProcessError) as error:
        print(f"deskbreak config edit: cannot open {target}: {_why(error)}; "
              "set VISUAL or EDITOR to your editor's command", file=sys.stderr)
        return 1
    if finished.returncode != 0:
        print(f"deskbreak config edit: {shlex.join(editor)} exited with status {finished.returncode}", file=sys.stderr)
        return 1
    return _check(target)


def editor_command(environ: Mapping[str, str], platform: str) -> list[str] | None:
    """$VISUAL, else $EDITOR, split into words ("code --wait" works); None: use the system's opener."""
    for variable in ("VISUAL", "EDITOR"):
        value = environ.get(variable, "").strip()
        if value and platform == "win32":
            return [word.strip('"') for word in shlex.split(value, posix=False)]
        if value:
            return shlex.split(value)
    return None


def _open_with_system(target: Path) -> None:
    """Hand ``target`` to the desktop's default app for it (Notepad if Windows has none)."""
    if sys.platform == "win32":
        try:
            os.startfile(target, "edit")
        except OSError:
            subprocess.Popen(["notepad.exe", str(target)])
        return
    opener = ["open", "-t"] if sys.platform == "darwin" else ["xdg-open"]
    subprocess.run([*opener, str(target)], check=True, capture_output=True, text=True)


def _why(error: OSError | subprocess.CalledProcessError) -> str:
    if isinstance(error, subprocess.CalledProcessError):
        said = (error.stderr or "").strip().splitlines()
        return f"{error.cmd[0]} exited with status {error.returncode}" + (f" ({said[-1]})" if said else "")
    if isinstance(error, FileNotFoundError):
        return f"{error.filename} is not installed"
    return error.strerror or str(error)


def _check(target: Path) -> int:
    try:
        load_settings(target, [routine.name for routine in builtin_routines()])
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{target}: ok")
    return 0
