"""Command-line entry point: python build.py check | build | serve | new | ..."""

from catalogue.cli import main

raise SystemExit(main())
