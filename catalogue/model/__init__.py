"""The domain model: typed objects built from checked content, plain data in."""
