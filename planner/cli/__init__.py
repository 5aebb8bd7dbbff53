"""The `planner` command: a thin typer layer over the library (`planner.cli.commands`), its help in words and
the progress display."""

from planner.cli.commands import app, main

__all__ = ["app", "main"]
