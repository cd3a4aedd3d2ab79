"""Durations as people write them in the config file: "90s", "10m", "1h30m"."""

from __future__ import annotations

import re
from datetime import timedelta

__all__ = ["DURATION_HINT", "format_duration", "parse_duration"]

DURATION_HINT = 'a duration such as "90s", "10m" or "1h30m"'
_PATTERN = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")


def parse_duration(text: str) -> timedelta:
    """Parse ``text`` or raise ValueError saying what a duration looks like."""
    match = _PATTERN.fullmatch(text.strip())
    if not text.strip() or match is None:
        raise ValueError(f"expected {DURATION_HINT}")
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


def format_duration(length: timedelta) -> str:
    """The shortest config-file spelling of ``length`` (whole seconds)."""
    total = round(length.total_seconds())
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    text = "".join(f"{n}{unit}" for n, unit in ((hours, "h"), (minutes, "m"), (seconds, "s")) if n)
    return text or "0s"
