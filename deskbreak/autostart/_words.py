"""Desktop entries and systemd units: their keys, and quoting for writing or splitting the command lines.

Both formats split on blanks and take double-quoted words with backslash
escapes; they differ in which characters force quoting and in their own
escapes (``%%`` in both, ``$$`` in systemd, string escapes around the whole
desktop-entry value). Reading is lenient, since it also reads entries people
wrote by hand, and is only used to find which program an entry starts.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["QuoteError", "ini_keys", "join_words", "split_words"]

_BLANKS = " \t\n\r"


class QuoteError(ValueError):
    """A command line with an unterminated quote or a dangling backslash."""


def join_words(words: Sequence[str], must_quote: str, escape_in_quotes: str) -> str:
    """``words`` as one line; a word holding any of ``must_quote`` is double-quoted, escaping ``escape_in_quotes``."""
    line = []
    for word in words:
        if word and not any(character in must_quote for character in word):
            line.append(word)
            continue
        escaped = "".join(f"\\{character}" if character in escape_in_quotes else character for character in word)
        line.append(f'"{escaped}"')
    return " ".join(line)


def split_words(line: str) -> list[str]:
    """The words of ``line``: blanks separate, "double" and 'single' quotes group, backslash escapes."""
    words: list[str] = []
    current: list[str] = []
    in_word = False
    quote = ""
    characters = iter(line)
    for character in characters:
        if quote and character == quote:
            quote = ""
        elif character == "\\" and quote != "'":
            escaped = next(characters, "")
            if not escaped:
                raise QuoteError(f"dangling backslash at the end of {line!r}")
            current.append(escaped)
        elif not quote and character in "\"'":
            quote = character
        elif not quote and character in _BLANKS:
            if in_word:
                words.append("".join(current))
            current, in_word = [], False
            continue
        else:
            current.append(character)
        in_word = True
    if quote:
        raise QuoteError(f"unterminated {quote} in {line!r}")
    return [*words, "".join(current)] if in_word else words


def ini_keys(text: str) -> dict[str, str]:
    """``Group.Key`` to value in a desktop entry or systemd unit; comments skipped, the last value wins.

    Lines end at a line feed only and blanks are ASCII only, as both specs say:
    ``str.splitlines`` and ``str.strip`` would also cut at characters such as
    U+0085 that can be part of a path.
    """
    keys: dict[str, str] = {}
    group = ""
    for line in text.split("\n"):
        stripped = line.strip(_BLANKS)
        if stripped.startswith("[") and stripped.endswith("]"):
            group = stripped[1:-1]
        elif "=" in stripped and not stripped.startswith(("#", ";")):
            key, value = stripped.split("=", 1)
            keys[f"{group}.{key.strip(_BLANKS)}"] = value.strip(_BLANKS)
    return keys
