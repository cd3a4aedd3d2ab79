"""Whether the user is busy (presenting, in a call, in do-not-disturb): the quiet-signal port.

The daemon opens the signals the [quiet] table switches on with
``open_quiet_watch`` (restarting it when the settings change), asks
``watch.reason()`` at every idle sample, and tells the engine with
``QuietChanged`` when the answer changes: a due break then waits until the
user is free (see ``deskbreak.core``). ``FakeQuiet`` is for tests.
"""

from deskbreak.quiet._choose import open_quiet_watch
from deskbreak.quiet._fake import FakeQuiet
from deskbreak.quiet._port import QuietSignal, QuietUnavailable
from deskbreak.quiet._watch import QuietWatch

__all__ = ["FakeQuiet", "QuietSignal", "QuietUnavailable", "QuietWatch", "open_quiet_watch"]
