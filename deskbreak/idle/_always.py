"""The last-resort source: no idle detection, so the user always looks present."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

__all__ = ["AlwaysPresent", "open_source"]


class AlwaysPresent:
    """Reports zero idle time, so breaks still come on the interval.

    Natural breaks (the user walking away) go unnoticed with this source,
    which is why the daemon says once in its log that it is in use.
    """

    name = "always-present"

    def idle_for(self) -> timedelta:
        """Always zero: without a way to read input, assume the user is there."""
        return timedelta(0)

    def close(self) -> None:
        """Nothing to release."""


def open_source(environ: Mapping[str, str]) -> AlwaysPresent:
    """Backend entry point; this one always works."""
    return AlwaysPresent()
