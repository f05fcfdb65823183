"""The one way the generator asks git anything: content dates, pull requests' changes."""

from __future__ import annotations

import subprocess
from pathlib import Path


class GitError(Exception):
    """git failed, or is missing; the message says why in a reader's words."""


def run_git(folder: Path, *args: str, input_bytes: bytes | None = None, timeout: float = 300) -> bytes:
    """What `git -C folder args…` prints; GitError when it fails."""
    command = ["git", "-c", "core.quotepath=false", "-C", str(folder), *args]
    try:
        result = subprocess.run(command, input=input_bytes, capture_output=True, check=False, timeout=timeout)
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git took too long to answer: git {' '.join(args)}") from None
    except OSError as error:
        raise GitError(f"git could not be run: {error.strerror or error}") from None
    if result.returncode != 0:
        raise GitError(_failure(folder, result.stderr))
    return result.stdout


def git_text(folder: Path, *args: str) -> str | None:
    """What a git command prints, or None outside a repository or when git fails."""
    try:
        return run_git(folder, *args, timeout=60).decode("utf-8", "surrogateescape")
    except GitError:
        return None


def _failure(folder: Path, stderr: bytes) -> str:
    reason = stderr.decode("utf-8", "replace").strip().splitlines()
    first = reason[0].removeprefix("fatal: ") if reason else "git failed"
    if not folder.is_dir():
        return f"{folder} does not exist"
    if "not a git repository" in first:
        return f"{folder} is not inside a git repository"
    return f"git could not read {folder}: {first}"
