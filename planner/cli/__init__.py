"""The `planner` command: a thin typer layer over the library (`planner.cli.commands`), its help in words and
the progress display."""

from planner.cli.commands import app, console, main

__all__ = ["app", "console", "main"]
