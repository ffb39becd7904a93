"""prometheus_client's multiprocess values, told the worker's pid without a system call per update.

In multiprocess mode every counter increment, gauge set and histogram observation first asks the
process identifier whether the process has forked since its value file was opened
(prometheus_client's ``MultiProcessValue``). The default identifier is ``os.getpid``, which glibc
does not cache: a system call per update. A pid only changes across a fork, so prometheus_client's
own ``MultiProcessValue`` is built here with the pid the worker reads once and again in each forked
child (``monoql.per_process.current_pid``): the values still move to the child's own files after a
fork, as before.
"""

from __future__ import annotations

from prometheus_client import values

from monoql.per_process import current_pid


def use_fork_aware_pid() -> None:
    """In multiprocess mode, make the metric values created from now on read :func:`current_pid`.

    Called before any metric family is defined (``monoql.metrics``); prometheus_client chose its
    mode from ``PROMETHEUS_MULTIPROC_DIR`` when it was imported, and single-process values never
    look at the pid, so they are left as they are.
    """
    if values.ValueClass is not values.MutexValue and not getattr(values.ValueClass, "fork_aware", False):
        value_class = values.MultiProcessValue(current_pid)  # type: ignore[no-untyped-call]
        value_class.fork_aware = True
        values.ValueClass = value_class
