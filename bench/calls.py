"""What the "in a call" signals cost per idle sample, and what the rejected way would have cost.

Needs a PulseAudio or PipeWire server (the desktop's own, or PULSE_SERVER).
Over SAMPLES readings (200 by default) it reports, as CPU milliseconds per
sample (ours and our children's):

- ``pactl list source-outputs`` run at every sample (the way not taken);
- the microphone signal deskbreak uses: one ``pactl subscribe``, the answer
  kept between changes, and the RSS of that helper process;
- the camera scan of /proc/*/fd, with how many processes and open files it read.

    .venv/bin/python bench/calls.py [SAMPLES]
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from deskbreak.core import Settings
from deskbreak.quiet._camera import SCAN_EVERY_S, CameraInUse
from deskbreak.quiet._mic import PulseRecording, server_address
from deskbreak.quiet._mic import open_signal as open_microphone


def cpu_ms_per_call(read: Callable[[], object], samples: int) -> float:
    """Our CPU plus our finished children's, per call, in milliseconds."""
    def spent() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    before = spent()
    for _ in range(samples):
        read()
    return (spent() - before) / samples * 1000


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def open_files() -> tuple[int, int]:
    """How many processes and open files the camera scan can read."""
    processes = files = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                files += len(os.listdir(entry / "fd"))
                processes += 1
            except OSError:
                continue
    return processes, files


def main() -> None:
    samples = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    address = server_address(os.environ)
    if address is None:
        sys.exit("no PulseAudio/PipeWire server: start one, or set PULSE_SERVER")
    env = {**os.environ, "PULSE_SERVER": address, "LC_ALL": "C"}
    per_sample = cpu_ms_per_call(
        lambda: subprocess.run(["pactl", "list", "source-outputs"], env=env, capture_output=True, check=True),
        samples)
    print(f"pactl list source-outputs at every sample: {per_sample:.2f} ms CPU per sample")
    microphone = open_microphone(os.environ, Settings(), lambda: None)
    assert isinstance(microphone, PulseRecording)
    time.sleep(1)  # let its start-up lists finish before counting
    print(f"microphone signal (pactl subscribe): {cpu_ms_per_call(microphone.busy, samples):.4f} ms CPU per sample")
    helper = microphone._subscription
    assert helper is not None
    print(f"  pactl subscribe helper: {rss_mb(helper.pid):.1f} MB RSS")
    microphone.close()
    processes, files = open_files()
    camera = CameraInUse(devices=f"/proc/{os.getpid()}/exe", scan_every=0)  # exists, never held: full scans
    print(f"camera, full scan of /proc/*/fd: {cpu_ms_per_call(camera.busy, samples):.2f} ms CPU per scan "
          f"({processes} processes, {files} open files readable)")
    rate_limited = CameraInUse(devices=f"/proc/{os.getpid()}/exe")
    print(f"  one scan per {SCAN_EVERY_S:g} s, at most: {cpu_ms_per_call(rate_limited.busy, samples):.4f} ms CPU "
          "per sample (one scan in this run)")
    nothing = CameraInUse(devices="/nonexistent/video*")
    print(f"  with no camera device: {cpu_ms_per_call(nothing.busy, samples):.4f} ms CPU per sample")


if __name__ == "__main__":
    main()
