"""Search: the Pagefind index of the offer pages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .generations import BuildError


def index_search(folder: Path) -> None:
    """Run the Pagefind CLI over a built site; it writes folder/pagefind/."""
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", "pagefind"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BuildError(f"search indexing could not run: {error}") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        if not detail:  # killed, or failed without a word: say how it ended
            code = result.returncode
            detail = [f"it was stopped by signal {-code}" if code < 0 else f"it exited with status {code}"]
        raise BuildError("search indexing failed (Pagefind): " + " / ".join(detail))
