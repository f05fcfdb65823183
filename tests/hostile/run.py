"""Running build.py as a child process, as CI and contributors do, with limits and measurements."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .conftest import REPO

BUILD = REPO / "build.py"
MEMORY_LIMIT = 1024**3  # address space of the child: running out shows as a MemoryError or a kill


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float  # wall clock: what the timeout bounds
    cpu_seconds: float  # user + system, its worker processes included: steadier on a busy machine
    peak_mb: float  # the child's peak resident memory
    timed_out: bool

    @property
    def killed_by(self) -> int | None:
        return -self.code if self.code < 0 else None

    @property
    def transcript(self) -> str:
        return (
            f"exit {self.code} after {self.seconds:.1f} s ({self.cpu_seconds:.1f} s CPU), "
            f"peak {self.peak_mb:.0f} MB\n{self.out[-3000:]}\n{self.err[-3000:]}"
        )


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_build_py(
    args: list[str],
    cwd: Path,
    timeout: float = 60,
    preexec: Callable[[], None] | None = limit_memory,
    env: dict[str, str] | None = None,
) -> Run:
    """Run `python build.py ARGS` in cwd; kill it after timeout seconds; measure it with wait4."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, str(BUILD), *args], cwd=cwd, stdout=out, stderr=err, preexec_fn=preexec, env=env
        )
        fired = threading.Event()

        def kill() -> None:
            fired.set()
            process.send_signal(signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return Run(
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            seconds,
            usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss / 1024,
            fired.is_set(),
        )


def python_env() -> dict[str, str]:
    """The environment for child processes, without anything that would change their output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COV_"))}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env
