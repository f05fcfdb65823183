"""The catalogue generator: a menu of community mental health and wellbeing services."""

# The generator's version, written here only (pyproject.toml reads it). CHANGELOG.md says what
# each version changed and what a scheme must change in its content to take it.
__version__ = "0.2.0"
