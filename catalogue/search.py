"""Search: the Pagefind index of the offer pages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .generations import BuildError

# Only offer pages carry data-pagefind-body; Pagefind need not read and parse the listings,
# which at 10,000 offers are most of the site's bytes (34.8 s for every page, 15.3 s for these).
# The search page is there so that a catalogue with no offer yet still gets an (empty) index.
INDEXED = ("offers/*/*/index.html", "search/index.html")


def index_search(folder: Path) -> None:
    """Run the Pagefind CLI over a built site's offer pages; it writes folder/pagefind/."""
    command = [
        *(sys.executable, "-m", "pagefind", "--site", str(folder), "--glob", "{" + ",".join(INDEXED) + "}"),
        *("--output-subdir", "pagefind"),
    ]
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
