"""A real Pulse client whose recording stream stays corked (paused), as a call app on hold keeps it.

No command-line tool makes one (``parecord`` records at once), so this
script speaks libpulse through ctypes: it opens a record stream on the
source named in argv[1] with ``PA_STREAM_START_CORKED``, prints ``ready``
once the server has the stream, and keeps it until its stdin closes.

    python corked_recorder.py SOURCE
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Callable

CONTEXT_READY, CONTEXT_FAILED, CONTEXT_TERMINATED = 4, 5, 6
STREAM_READY, STREAM_FAILED, STREAM_TERMINATED = 2, 3, 4
START_CORKED = 0x0001
SAMPLE_S16LE = 3


class SampleSpec(ctypes.Structure):
    _fields_ = [("format", ctypes.c_int), ("rate", ctypes.c_uint32), ("channels", ctypes.c_uint8)]


def load_libpulse() -> ctypes.CDLL:
    name = ctypes.util.find_library("pulse")
    if name is None:
        sys.exit("libpulse not found (Debian: libpulse0)")
    pulse = ctypes.CDLL(name)
    for function in ("pa_mainloop_new", "pa_mainloop_get_api", "pa_context_new", "pa_stream_new"):
        getattr(pulse, function).restype = ctypes.c_void_p
    pulse.pa_mainloop_get_api.argtypes = [ctypes.c_void_p]
    pulse.pa_context_new.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    pulse.pa_context_connect.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_void_p]
    pulse.pa_context_get_state.argtypes = [ctypes.c_void_p]
    pulse.pa_mainloop_iterate.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p]
    pulse.pa_stream_new.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(SampleSpec), ctypes.c_void_p]
    pulse.pa_stream_connect_record.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int]
    pulse.pa_stream_get_state.argtypes = [ctypes.c_void_p]
    return pulse


def iterate_until(pulse: ctypes.CDLL, loop: int, state: Callable[[], int], ready: int,
                  failed: tuple[int, int]) -> None:
    """Run the main loop until ``state()`` is ``ready``; exit on a failed state."""
    while (now := state()) != ready:
        if now in failed:
            sys.exit(f"libpulse state {now}: the server refused the client or the stream")
        pulse.pa_mainloop_iterate(loop, 1, None)


def main() -> None:
    pulse = load_libpulse()
    loop = pulse.pa_mainloop_new()
    context = pulse.pa_context_new(pulse.pa_mainloop_get_api(loop), b"corked-recorder")
    if pulse.pa_context_connect(context, None, 0, None) < 0:  # the server from PULSE_SERVER
        sys.exit("pa_context_connect failed")
    iterate_until(pulse, loop, lambda: pulse.pa_context_get_state(context), CONTEXT_READY,
                  (CONTEXT_FAILED, CONTEXT_TERMINATED))
    spec = SampleSpec(SAMPLE_S16LE, 44100, 2)
    stream = pulse.pa_stream_new(context, b"on hold", ctypes.byref(spec), None)
    if pulse.pa_stream_connect_record(stream, sys.argv[1].encode(), None, START_CORKED) < 0:
        sys.exit("pa_stream_connect_record failed")
    iterate_until(pulse, loop, lambda: pulse.pa_stream_get_state(stream), STREAM_READY,
                  (STREAM_FAILED, STREAM_TERMINATED))
    print("ready", flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
