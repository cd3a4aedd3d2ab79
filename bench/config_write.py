"""What picking a routine in the tray costs the daemon: loading tomlkit once, then each write.

``config_write`` imports tomlkit only when it writes, so a daemon in which
nobody picks a routine never pays for it. This measures, each in a fresh
Python so nothing is cached: the import's time, and in other processes the memory it
keeps (tracemalloc, which slows imports, and the growth of peak RSS), then the median time of one
``set_text_value`` on the commented default config.

    .venv/bin/python bench/config_write.py
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

RUNS = 9

IMPORT_TIME = """
import json, time
started = time.perf_counter()
import tomlkit
print(json.dumps({"ms": (time.perf_counter() - started) * 1000}))
"""

IMPORT_MEMORY = """
import json, resource, tracemalloc
rss = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
before_rss = rss()
import tomlkit
print(json.dumps({"kept_kb": tracemalloc.get_traced_memory()[0] / 1024, "rss_kb": rss() - before_rss}))
"""

WRITE = """
import json, tempfile, time
from pathlib import Path
from deskbreak.config.writer import set_text_value
from deskbreak.config.user_file import default_config_text
path = Path(tempfile.mkdtemp()) / "deskbreak.toml"
path.write_text(default_config_text())
set_text_value(path, "break", "routine", "desk")  # the first write pays the import
times = []
for name in ("morning", "desk") * 10:
    started = time.perf_counter()
    set_text_value(path, "break", "routine", name)
    times.append(time.perf_counter() - started)
print(json.dumps({"ms": sorted(times)[len(times) // 2] * 1000}))
"""


def measured(code: str) -> dict[str, float]:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    figures: dict[str, float] = json.loads(result.stdout)
    return figures


def median_of_fresh_runs(code: str) -> dict[str, float]:
    runs = [measured(code) for _ in range(RUNS)]
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def main() -> None:
    timed, memory = median_of_fresh_runs(IMPORT_TIME), median_of_fresh_runs(IMPORT_MEMORY)
    print(f"import tomlkit: {timed['ms']:.1f} ms, keeps {memory['kept_kb']:.0f} KiB of Python objects, "
          f"peak RSS +{memory['rss_kb'] / 1024:.1f} MiB (medians of {RUNS} fresh processes each)")
    print(f"set_text_value on the default config, tomlkit loaded: {measured(WRITE)['ms']:.1f} ms "
          "(median of 20 writes, each fsynced)")


if __name__ == "__main__":
    main()
