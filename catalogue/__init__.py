"""The catalogue generator: a menu of community mental health and wellbeing services."""

__version__ = "0.1.0"
