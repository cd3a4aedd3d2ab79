"""The "did you mean" hint every error about a misspelt name carries (config keys, stretches, areas).

difflib is imported only when a name is wrong, so the running daemon does
not hold it in memory for an error it may never report.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["did_you_mean"]


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """'; did you mean "x"?' naming the closest of ``known``, or "" when none is close."""
    import difflib

    close = difflib.get_close_matches(word, list(known), n=1)
    return f'; did you mean "{close[0]}"?' if close else ""
