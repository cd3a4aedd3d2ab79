"""Changes one setting in the user's config file in place, keeping every comment.

Used when the person picks a routine in the tray: the choice lands in the
file, which stays the one source of truth, and the daemon's usual reload
picks it up.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

__all__ = ["set_text_value"]

_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-]+)\s*\]")


def set_text_value(path: Path, table: str, key: str, value: str) -> None:
    """Set ``key = "value"`` under ``[table]``, adding the line or the table if missing."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True) if path.exists() else []
    assignment = f"{key} = {json.dumps(value)}\n"
    current, table_end = "", None
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for number, line in enumerate(lines):
        header = _HEADER.match(line)
        if header:
            if current == table:
                break
            current = header.group(1)
            continue
        if current == table:
            table_end = number + 1
            if pattern.match(line):
                lines[number] = assignment
                _replace(path, "".join(lines))
                return
    if table_end is None:
        lines += ["\n" if lines and not lines[-1].endswith("\n") else "", f"\n[{table}]\n", assignment]
    else:
        lines.insert(table_end, assignment)
    _replace(path, "".join(lines))


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename: never a half-written config."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".deskbreak-", suffix=".toml")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temporary, path)
