"""Multiprocess metric values read the pid once per process, and still move to a forked child's own files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from prometheus_client.mmap_dict import MmapedDict

ROOT = Path(__file__).resolve().parents[1]

# Imports the metric families in multiprocess mode, counts in the parent, in a forked child, and in the
# parent again, and prints both pids and the value class the families were made with.
SCRIPT = """
import json, os
import monoql.metrics as metrics
hits = metrics.ANSWER_MEMO.labels("hit")
hits.inc()
child = os.fork()
if child == 0:
    metrics.ANSWER_MEMO.labels("hit").inc(5)
    metrics.ANSWER_MEMO.labels("miss").inc(7)
    os._exit(0)
os.waitpid(child, 0)
hits.inc()
print(json.dumps({"parent": os.getpid(), "child": child,
                  "fork_aware": bool(getattr(type(hits._value), "fork_aware", False))}))
"""


def counted(path: Path) -> dict[str, float]:
    """Each `monoql_answer_memo_total` sample in one worker's value file, by its `result` label."""
    found = {}
    for key, value, _timestamp, _pos in MmapedDict.read_all_values_from_file(str(path)):
        _family, name, labels, _help = json.loads(key)
        if name == "monoql_answer_memo_total":
            found[labels["result"]] = value
    return found


def test_a_forked_child_counts_in_its_own_file_and_the_parent_in_its_own(tmp_path: Path) -> None:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("PROMETHEUS_MULTIPROC_DIR_UNUSABLE", None)
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True)
    pids = json.loads(out.stdout)
    assert pids["fork_aware"] is True
    assert counted(tmp_path / f"counter_{pids['parent']}.db") == {"hit": 2.0}
    assert counted(tmp_path / f"counter_{pids['child']}.db") == {"hit": 5.0, "miss": 7.0}
