"""A private PulseAudio server for the call tests, with a null microphone, and real recording clients.

The server listens on a socket in the test's own folder (``PULSE_SERVER``
points clients at it), loads nothing but the native protocol, a null sink
(whose ``.monitor`` a screen recorder would record) and a null source (the
"microphone"), and never exits when idle. Run as root (as in CI) PulseAudio
warns that it is meant for a user session and works all the same: no
``--system`` needed, since nothing here is shared with other users.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from desktop import end_process, need, wait_until

__all__ = ["MICROPHONE", "MONITOR", "PulseServer"]

MICROPHONE = "mic"
MONITOR = "speakers.monitor"
CORKED_RECORDER = Path(__file__).with_name("corked_recorder.py")


class PulseServer:
    """``pulseaudio -n`` on a private socket; ``address`` is its ``PULSE_SERVER``."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(mode=0o700, exist_ok=True)
        socket = directory / "native"
        self.address = f"unix:{socket}"
        self.environ = {**os.environ, "HOME": str(directory), "XDG_RUNTIME_DIR": str(directory),
                        "PULSE_RUNTIME_PATH": str(directory), "PULSE_STATE_PATH": str(directory / "state"),
                        "PULSE_SERVER": self.address}
        command = [need("pulseaudio", "pulseaudio"), "-n", "--daemonize=no", "--exit-idle-time=-1",
                   "--use-pid-file=no", "--log-target=stderr",
                   "-L", f"module-native-protocol-unix socket={socket} auth-anonymous=1",
                   "-L", "module-null-sink sink_name=speakers",
                   "-L", f"module-null-source source_name={MICROPHONE}"]
        self.log = directory / "pulseaudio.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                            env=self.environ)
        wait_until(self._answers, "PulseAudio answers on its socket", every=0.1)

    def _answers(self) -> bool:
        assert self.process.poll() is None, self.log.read_text()
        return self.pactl("info").returncode == 0

    def pactl(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([need("pactl", "pulseaudio-utils"), *arguments], env=self.environ,
                              capture_output=True, text=True, timeout=10, check=False)

    def record(self, source: str = MICROPHONE) -> subprocess.Popen[bytes]:
        """A real recording client (``parecord``) on ``source``, writing to /dev/null."""
        return subprocess.Popen([need("parecord", "pulseaudio-utils"), "-d", source, "/dev/null"],
                                stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=self.environ)

    def record_corked(self, source: str = MICROPHONE) -> subprocess.Popen[str]:
        """A real client with a corked (paused) recording stream on ``source``, once the server has it."""
        client = subprocess.Popen([sys.executable, str(CORKED_RECORDER), source], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True, env=self.environ)
        assert client.stdout is not None
        assert client.stdout.readline() == "ready\n", "the corked recorder did not start"
        return client

    def recording_streams(self) -> int:
        """How many recording streams the server has now."""
        return len(self.pactl("list", "short", "source-outputs").stdout.splitlines())

    def stop(self) -> None:
        end_process(self.process)
