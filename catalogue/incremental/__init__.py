"""Building again only what changed: fingerprints, the memo, the up-to-date record, the snapshot."""
