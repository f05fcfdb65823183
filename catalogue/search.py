"""Search: the Pagefind index of the offer pages."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from functools import partial
from pathlib import Path

from .children import die_with_parent
from .generations import BuildError

# Only offer pages carry data-pagefind-body; Pagefind need not read and parse the listings,
# which at 10,000 offers are most of the site's bytes (34.8 s for every page, 15.3 s for these).
# The search page is there so that a catalogue with no offer yet still gets an (empty) index.
INDEXED = ("offers/*/*/index.html", "search/index.html")


class Indexing:
    """Pagefind indexing a folder in the background; the offer pages must all be in place.

    The build starts it as soon as the offer pages are written and renders the listings
    and exports meanwhile: Pagefind reads only the offer pages (INDEXED) and writes only
    folder/pagefind/.
    """

    def __init__(self, folder: Path) -> None:
        command = [
            *(sys.executable, "-m", "pagefind", "--site", str(folder)),
            *("--glob", "{" + ",".join(INDEXED) + "}", "--output-subdir", "pagefind"),
        ]
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (kept open while Pagefind runs)
        try:
            self._process = subprocess.Popen(
                command,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                preexec_fn=partial(die_with_parent, os.getpid()),
            )
        except OSError as error:
            self._log.close()
            raise BuildError(f"search indexing could not run: {error}") from None

    def wait(self) -> None:
        """Wait for the index; a BuildError saying why when there is none."""
        try:
            code = self._process.wait(timeout=900)
        except subprocess.TimeoutExpired:
            self.stop()
            raise BuildError("search indexing could not run: Pagefind took more than 15 minutes") from None
        self._log.seek(0)
        output = self._log.read().decode("utf-8", "replace")
        self._log.close()
        if code != 0:
            detail = output.strip().splitlines()[-5:]
            if not detail:  # killed, or failed without a word: say how it ended
                ended = f"it was stopped by signal {-code}" if code < 0 else f"it exited with status {code}"
                detail = [ended]
            raise BuildError("search indexing failed (Pagefind): " + " / ".join(detail))

    def stop(self) -> None:
        """After a failure elsewhere: no Pagefind is left running."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._log.close()


def index_search(folder: Path) -> None:
    """Run the Pagefind CLI over a built site's offer pages; it writes folder/pagefind/."""
    Indexing(folder).wait()
