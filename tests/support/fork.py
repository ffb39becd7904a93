"""Ask something in a forked copy of the test process, as in a gunicorn worker forked from its master."""

from __future__ import annotations

import os
from collections.abc import Callable


def in_forked_child(question: Callable[[], bool]) -> bool:
    """The answer to ``question`` asked in a forked child, which leaves at once (``os._exit``)."""
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:
        try:
            answer = b"1" if question() else b"0"
        except BaseException:  # reported to the parent, never raised in the child
            answer = b"E"
        os.write(write_end, answer)
        os._exit(0)
    os.close(write_end)
    os.waitpid(child, 0)
    answer = os.read(read_end, 1)
    os.close(read_end)
    if answer != b"0" and answer != b"1":
        raise AssertionError("the question failed in the forked child")
    return answer == b"1"
