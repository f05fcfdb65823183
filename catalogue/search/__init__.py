"""Search: the Pagefind index of the offer pages, in parts for a large catalogue."""
