r"""Changes one setting in the user's config file in place, keeping everything else as the user wrote it.

Used when the person picks a routine in the tray: the choice lands in the
file, which stays the one source of truth, and the daemon's usual reload
picks it up. The file is the user's, so the edit must be as careful as an editor:

- tomlkit parses the file and writes back every byte it did not change:
  comments (trailing ones too), quoted table headers (``[routines."my neck"]``),
  dotted keys and inline tables, and it writes any character as valid TOML
  (never the ``\ud83e`` surrogate escapes ``json.dumps`` gives outside the BMP);
- a symlinked config (a dotfiles repository) stays a link: its target is
  replaced, by a temporary file in the target's directory, fsynced, renamed
  over it, and the directory fsynced, so a crash leaves the old file or the new;
- a file that changed on disk after it was read (the user's editor saved it)
  is not overwritten: ``ConfigWriteError`` says so and nothing is written. The
  check is made just before the rename, which leaves a window of microseconds,
  not of the whole edit.

tomlkit is imported here only, when a value is written, so a daemon in which
nobody picks a routine never loads it (``bench/config_write.py`` measures it).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["ConfigWriteError", "set_text_value"]


class ConfigWriteError(Exception):
    """The config file was left as it was; the message says why and names it, in one line."""


def set_text_value(path: Path, table: str, key: str, value: str) -> None:
    """Set ``key = "value"`` under ``[table]`` in the file at ``path``, adding the key or the table if missing.

    ``path`` may be a symlink, which stays one; a missing file is created.
    Raises ConfigWriteError if the file cannot be read, is not valid TOML,
    changed while being edited, or cannot be written.
    """
    target = Path(os.path.realpath(path))
    before = _read(target)
    _replace(target, _edited(target, before, table, key, value), before)


def _read(target: Path) -> bytes | None:
    """The file's bytes, or None if there is no file yet."""
    try:
        return target.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ConfigWriteError(f"cannot read {target}: {error.strerror or error}") from None


def _edited(target: Path, before: bytes | None, table: str, key: str, value: str) -> str:
    """The file's text with ``[table] key`` set to ``value`` and nothing else changed."""
    import tomlkit
    from tomlkit.exceptions import ParseError

    try:
        document = tomlkit.parse(before.decode("utf-8") if before is not None else "")
    except UnicodeDecodeError as error:
        raise ConfigWriteError(f"{target} is not UTF-8 text (byte {error.start}); nothing was changed") from None
    except ParseError as error:
        raise ConfigWriteError(f"{target} is not valid TOML ({error}); fix it first, nothing was changed") from None
    if table not in document:
        document.add(table, tomlkit.table())
    section: Any = document[table]
    if not isinstance(section, dict):
        raise ConfigWriteError(f"{target}: {table} is a {type(section).__name__}, not a table; nothing was changed")
    section[key] = value
    return tomlkit.dumps(document)


def _replace(target: Path, text: str, before: bytes | None) -> None:
    """Rename ``text``, written beside ``target``, over it, unless ``target`` changed since it read as ``before``."""
    try:
        temporary = _written_beside(target, text)
        try:
            if _read(target) != before:
                raise ConfigWriteError(
                    f"{target} changed while deskbreak was writing to it (saved in an editor?); "
                    "nothing was written: pick the routine again"
                )
            if before is not None:
                os.chmod(temporary, target.stat().st_mode & 0o7777)  # mkstemp made it 0600: keep the user's mode
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        _sync_directory(target.parent)
    except OSError as error:
        raise ConfigWriteError(f"cannot write {target}: {error.strerror or error}") from None


def _written_beside(target: Path, text: str) -> Path:
    """A new temporary file in ``target``'s directory holding ``text``, flushed to disk."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=".deskbreak-", suffix=".toml")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable; POSIX only (Windows cannot open a directory, and needs no such step)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    descriptor = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
