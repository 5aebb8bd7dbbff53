"""What a `planner` command shows: a report in the chosen format on standard output or in --output, the
progress display and the --verbose statistics on stderr."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from rich.console import Console, RenderableType

from planner.cli.options import ReportFormat
from planner.cli.progress import Activity, no_color, stderr_is_terminal
from planner.cli.running import RUN
from planner.report import writing


def console() -> Console:
    """A console for standard output: no colours or styles with NO_COLOR or when it is not a terminal."""
    return Console(soft_wrap=False, color_system=None if no_color() else "auto")


def activity(description: str, total: int | None = None) -> Activity:
    """A progress display on stderr after a second of work, on a terminal only, never with --quiet."""
    return Activity(description, total, enabled=stderr_is_terminal() and not RUN.quiet)


def say_stats(label: str, stats: Mapping[str, object]) -> None:
    """--verbose: one line of solver statistics on stderr."""
    if RUN.verbose and stats:
        print(f"planner: stats: {label}: " + ", ".join(f"{k}={v}" for k, v in stats.items()), file=sys.stderr)


def emit(fmt: ReportFormat, output: Path | None, *, json_text: Callable[[], str], markdown: Callable[[], str],
         table: Callable[[], RenderableType], inputs: tuple[Path, ...] = (),
         html: Callable[[], str] | None = None) -> None:
    """Print (or write to --output) the report in the chosen format."""
    if fmt == "json":
        text = json_text()
    elif fmt == "markdown":
        text = markdown()
    elif fmt == "html" and html is not None:
        text = html()
    else:
        if output is None:
            console().print(table())
            return
        buffer = io.StringIO()
        Console(file=buffer, width=120, color_system=None, force_terminal=False).print(table())
        text = buffer.getvalue()
    write(output, text, inputs)


def write(output: str | Path | None, text: str | Iterable[str], inputs: tuple[Path, ...] = ()) -> None:
    """Print the text (whole or in chunks), or write it where --output says (never over one of the run's
    inputs)."""
    if output is None:
        for chunk in [text] if isinstance(text, str) else text:
            sys.stdout.write(chunk)
    else:
        write_atomically(output, text, inputs)


def write_atomically(target: str | Path, text: str | Iterable[str], inputs: tuple[Path, ...] = ()) -> None:
    """Write a report or scenario to --output (planner.report.writing): never over a file the run reads."""
    writing.write_output(target, text, [*RUN.reads, *((p, "a file") for p in inputs)])
