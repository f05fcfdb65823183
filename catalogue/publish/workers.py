"""Work split across forked worker processes, which end when the build does."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any, TypeVar

from .children import die_with_parent

Result = TypeVar("Result")

_TASK: Callable[[list[int]], Any] | None = None


def in_workers(task: Callable[[list[int]], Result], indexes: list[int], workers: int) -> list[Result]:
    """task over the indexes, split across `workers` forked processes; one result per process.

    Forked workers inherit everything the caller has built (the catalogue, compiled templates):
    nothing is sent to them but lists of indexes, and nothing comes back but the results.
    """
    global _TASK
    if workers < 2 or len(indexes) < 2:
        return [task(indexes)]
    _TASK = task
    chunks = [indexes[i::workers] for i in range(workers)]
    fork = get_context("fork")
    with ProcessPoolExecutor(workers, fork, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        return list(pool.map(_run, chunks))


def _run(chunk: list[int]) -> Any:
    assert _TASK is not None
    return _TASK(chunk)
