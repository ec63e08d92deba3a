"""Work in worker processes with results in a fixed order: what ``--jobs`` means everywhere.

:func:`ordered_map` applies a function to tasks in ``jobs`` processes of the standard library's
``concurrent.futures.ProcessPoolExecutor`` and yields the results in the order of the tasks, whatever
the order they finish in, so the output of a command is the same with any number of jobs. At most
``window`` tasks are in flight, so memory stays flat however many tasks there are. With one job
nothing is started: the tasks run in this process, one after the other. A worker moves what it
inherited out of the garbage collector's sight (``gc.freeze``), so its collections walk only its own
objects.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def cpu_count() -> int:
    """The CPUs this process may run on (its affinity where the platform has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def resolve_jobs(jobs: int) -> int:
    """``jobs`` itself, or every CPU for 0; a negative number is an error."""
    if jobs < 0:
        raise ValueError(f"jobs must be 0 (every CPU) or more, not {jobs}")
    return jobs or cpu_count()


def _context(preload: Sequence[str]) -> Any:
    """How workers start: forked on Linux, so they begin with every module this process imported
    (the thread pools of the libraries loaded here, numpy's and Arrow's, register fork handlers);
    elsewhere from a server process that imported ``preload`` once (``forkserver``), or spawned."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(preload))
        return context
    return multiprocessing.get_context("spawn")


def ordered_map(
    function: Callable[[T], R],
    tasks: Iterable[T],
    jobs: int = 1,
    *,
    window: int | None = None,
    preload: Sequence[str] = (),
) -> Iterator[R]:
    """``function(task)`` for every task, in task order, computed by ``jobs`` processes.

    ``function`` and the tasks must be picklable (a module-level function, plain data) and so must
    the results; an exception raised by ``function`` is raised here, at its task's turn. ``window``
    (default: twice ``jobs``) bounds the tasks submitted and not yet taken; ``preload`` names modules
    the workers import before their first task.
    """
    if jobs <= 1:
        for task in tasks:
            yield function(task)
        return
    limit = window or 2 * jobs
    pool = ProcessPoolExecutor(jobs, mp_context=_context(preload), initializer=gc.freeze)
    pending: deque[Future[R]] = deque()
    try:
        for task in tasks:
            pending.append(pool.submit(function, task))
            if len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
