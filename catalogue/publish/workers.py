"""Work split across forked worker processes, which end when the build does.

The processes are forked once per build, when there is first enough work for them, and
inherit everything the build has made by then (the catalogue, compiled templates): nothing
is sent to them but small jobs, and nothing comes back but the results. Forking again for
each batch would cost far more than the work: each fork copies the build's memory as the
child touches it (a 450 MB build forked a dozen times spent 20 s of system time doing so).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from types import TracebackType
from typing import Any

from .children import die_with_parent

_JOB: Callable[[Any], Any] | None = None  # what the forked processes run, set before they are forked


class Workers:
    """Runs `job` on many arguments, in `count` forked processes when a batch is large enough."""

    def __init__(self, count: int, job: Callable[[Any], Any], parallel_from: int) -> None:
        self.count = count
        self.job = job
        self.parallel_from = parallel_from  # items in a batch; below, forking costs more than it saves
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def run(self, make: Callable[[list[int]], Any], items: Sequence[int]) -> list[Any]:
        """make(chunk) for chunks of items, one per process (one chunk here for a small batch)."""
        if self.count < 2 or len(items) < self.parallel_from:
            return [self.job(make(list(items)))]
        chunks = [list(items[i :: self.count]) for i in range(self.count)]
        return list(self._processes().map(_run, [make(chunk) for chunk in chunks]))

    def _processes(self) -> ProcessPoolExecutor:
        global _JOB
        if self._pool is None:
            _JOB = self.job
            fork = get_context("fork")
            self._pool = ProcessPoolExecutor(
                self.count, fork, initializer=die_with_parent, initargs=(os.getpid(),)
            )
            self._pool.submit(_warm).result()  # fork now, with _JOB set
        return self._pool


def _warm() -> None:
    """Nothing: submitting it makes the pool start its processes."""


def _run(argument: Any) -> Any:
    assert _JOB is not None
    return _JOB(argument)
