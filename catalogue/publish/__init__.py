"""Publishing: atomic writes, the output folder's two copies, and the processes a build starts."""
