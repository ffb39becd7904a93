"""The benchmark counts the CPU of every server process, a worker recycled during a run included."""

from __future__ import annotations

import os
import subprocess
import sys

from bench.stack import cpu_seconds, reaped_cpu_seconds

BURN = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end:\n    pass\n"


def test_a_child_that_exited_and_was_reaped_still_counts() -> None:
    before = reaped_cpu_seconds(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", BURN])
    child.wait()  # reaped: its time moves to this process's children's time
    assert reaped_cpu_seconds(os.getpid()) - before >= 0.29
    assert cpu_seconds([child.pid]) == 0.0  # gone from /proc
