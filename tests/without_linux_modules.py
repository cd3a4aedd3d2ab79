"""A pytest plugin (``-p without_linux_modules``) that hides what a Windows checkout does not have.

jeepney and python-xlib are installed only on Linux; ``fcntl`` and ``pwd``
do not exist on Windows. Loaded before anything else, this plugin puts None
in ``sys.modules`` for each (Python's own way to block an import), so
importing them raises ModuleNotFoundError as it would there, and a run on
Linux shows whether the suite still collects and which tests still pass.
It cannot show more than that: ``sys.platform`` still says linux, so code
that branches on the platform takes its Linux branch.
"""

from __future__ import annotations

import sys

HIDDEN = ("jeepney", "Xlib", "fcntl", "pwd")

for _name in [name for name in sys.modules if name.split(".")[0] in HIDDEN]:
    del sys.modules[_name]
for _name in HIDDEN:
    sys.modules[_name] = None  # type: ignore[assignment]
