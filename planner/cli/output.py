"""What a `planner` command shows: a report in the chosen format on standard output or in --output, the
progress display and the --verbose statistics on stderr."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from rich.console import Console, RenderableType

from planner.cli.options import ReportFormat
from planner.cli.progress import Activity, no_color, stderr_is_terminal
from planner.cli.running import RUN, say
from planner.report import writing

MIN_WIDTH = 40
"""The narrowest a report is laid out for: a narrower COLUMNS (0, 1, 10) or terminal is taken as this
width (the terminal wraps what is wider), so that no cell is left blank or cut; see report_width."""


def console() -> Console:
    """A console for standard output: no colours or styles with NO_COLOR or when it is not a terminal."""
    return Console(soft_wrap=False, color_system=None if no_color() else "auto", width=report_width())


def report_width() -> int:
    """The width reports are laid out for: COLUMNS when it is a whole number above 0 (as rich reads it),
    else the terminal's width (80 off a terminal), and never less than MIN_WIDTH."""
    columns = os.environ.get("COLUMNS", "").strip()
    width = int(columns) if columns.isdigit() and int(columns) > 0 else _terminal_width()
    return max(width, MIN_WIDTH)


def sane_columns() -> None:
    """COLUMNS that report_width would not take as it is (0, 1, 'abc') is set to the width it gives, for
    what lays itself out from COLUMNS (typer's --help)."""
    columns = os.environ.get("COLUMNS")
    if columns is not None and str(report_width()) != columns.strip():
        os.environ["COLUMNS"] = str(report_width())


def _terminal_width() -> int:
    """The width of the terminal on stdin, stdout or stderr (the order rich asks them in), else 80."""
    if os.environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return 80
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (OSError, ValueError):
            continue
        if width > 0:
            return width
    return 80


def activity(description: str, total: int | None = None) -> Activity:
    """A progress display on stderr after a second of work, on a terminal only, never with --quiet."""
    return Activity(description, total, enabled=stderr_is_terminal() and not RUN.quiet)


def say_stats(label: str, stats: Mapping[str, object]) -> None:
    """--verbose: one line of solver statistics on stderr."""
    if RUN.verbose and stats:
        say(f"planner: stats: {label}: " + ", ".join(f"{k}={v}" for k, v in stats.items()))


def emit(fmt: ReportFormat, output: Path | None, *, json_text: Callable[[], str], markdown: Callable[[], str],
         table: Callable[[], RenderableType], inputs: tuple[Path, ...] = (),
         html: Callable[[], str] | None = None) -> None:
    """Print (or write to --output) the report in the chosen format."""
    form = "text"
    if fmt == "json":
        text, form = json_text(), "json"
    elif fmt == "markdown":
        text = markdown()
    elif fmt == "html" and html is not None:
        text, form = html(), "html"
    else:
        if output is None:
            console().print(table())
            return
        buffer = io.StringIO()
        Console(file=buffer, width=120, color_system=None, force_terminal=False).print(table())
        text = buffer.getvalue()
    write(output, text, inputs, form)


def write(output: str | Path | None, text: str | Iterable[str], inputs: tuple[Path, ...] = (),
          form: str = "text") -> None:
    """Print the text (whole or in chunks), or write it where --output says (never over one of the run's
    inputs); what the encoding cannot write is written as `form` (text, json, html or yaml) allows
    (writing.UNENCODABLE)."""
    if output is None:
        for chunk in [text] if isinstance(text, str) else text:
            if form == "yaml":
                writing.print_scenario(chunk)
            else:
                sys.stdout.write(writing.encodable(chunk, getattr(sys.stdout, "encoding", None), form))
    else:
        write_atomically(output, text, inputs, form)


def write_atomically(target: str | Path, text: str | Iterable[str], inputs: tuple[Path, ...] = (),
                     form: str = "text") -> None:
    """Write a report or scenario to --output (planner.report.writing): never over a file the run reads."""
    writing.write_output(target, text, [*RUN.reads, *((p, "a file") for p in inputs)], form)
