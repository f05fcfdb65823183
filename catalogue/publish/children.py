"""Processes a build starts (render workers, Pagefind) end when the build does.

A build killed outright (SIGKILL, an out-of-memory kill, a closed terminal) gets no chance
to stop them, and they would go on writing into its staging folder after the next build
has already cleared it away, leaving a stray folder behind or, worse, files in the next
build's spare copy. On Linux the kernel kills them with their parent instead.
"""

from __future__ import annotations

import ctypes
import os
import signal
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _prctl() -> Callable[..., int] | None:
    try:
        prctl: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None  # not Linux: children may outlive a killed build
    return prctl


_PRCTL = _prctl()  # looked up here, not in the child between fork and exec


def die_with_parent(parent: int) -> None:
    """In a child process: be killed as soon as the process `parent` ends."""
    if _PRCTL is None:
        return
    _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(1)
