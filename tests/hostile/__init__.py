"""Hostile content, fuzzing, resource limits, faults during a build, and path attacks."""
