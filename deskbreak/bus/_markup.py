"""Escaping text for the XML-like markup of D-Bus introspection and notification bodies.

The standard library's ``html`` (its entity table) and ``xml.sax.saxutils``
(urllib, email) would cost the daemon about half a megabyte each for three
replacements.
"""

from __future__ import annotations

__all__ = ["escaped", "quoted"]


def escaped(text: str) -> str:
    """``text`` with &, < and > escaped, safe between tags."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoted(text: str) -> str:
    """``text`` as a double-quoted XML attribute value, quotes included."""
    return '"' + escaped(text).replace('"', "&quot;") + '"'
