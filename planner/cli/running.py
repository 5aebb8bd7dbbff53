"""One run of a `planner` command: what it knows beyond its arguments (the global options, the files it
reads), and every failure turned into one line on stderr and its exit code, never a traceback.

Exit codes: 0 success (the level is reachable), 1 the level is not reachable (the answer is still
printed), 2 bad input or usage (one line on stderr), 3 internal error (a plan failed its re-check).
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn, ParamSpec, TypeVar

import typer

from planner.errors import PlannerError
from planner.report import writing

P = ParamSpec("P")
R = TypeVar("R")

OUT_OF_MEMORY = ("out of memory: the input is too large for the memory this machine has free; close other "
                 "programs or split the roster into several scenarios")

_READ_ROLES = (("scenario", "the scenario"), ("scenarios", "a scenario being compared"),
               ("catalog", "a --catalog file"), ("csv_file", "the CSV file"))
"""A command's parameters that name files it reads, and what each is called in a message."""


@dataclass
class Run:
    """What the running command knows beyond its arguments."""

    quiet: bool = False
    """--quiet: nothing on standard output, no progress display, no notes."""
    verbose: bool = False
    """--verbose: the solver's statistics on stderr after the report."""
    one_command: bool = False
    """Set by main(): the process runs one command and exits, so what it loads may be frozen for the
    collector."""
    reads: list[tuple[Path, str]] = field(default_factory=list)
    """The files the command reads: its --output may be none of them."""


RUN = Run()


class Discard(io.TextIOBase):
    """Standard output under --quiet: everything written is dropped."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return len(text)


def guarded(func: Callable[P, R]) -> Callable[P, R]:
    """Run a command; PlannerError becomes one line on stderr and its exit code, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            writing.never_unencodable(sys.stdout)  # 'José' on an ASCII terminal is 'Jose', not a crash
            with contextlib.redirect_stdout(writing.GuardedStdout(sys.stdout)):
                return _run_command(func, *args, **kwargs)
        except MemoryError:
            pass  # reported below, outside the handler, once the traceback and what it holds are freed
        fail(OUT_OF_MEMORY, 2)

    return wrapper


def _run_command(func: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Check --output against the inputs, run the command, flush stdout; every failure is one line."""
    try:
        RUN.reads[:] = _reads_of(kwargs)
        output = kwargs.get("output")
        if isinstance(output, (str, Path)):
            writing.output_target(output, RUN.reads)  # refused before any work is done
        try:
            return func(*args, **kwargs)
        finally:
            sys.stdout.flush()  # a full device is reported here, while it can still be one line
    except PlannerError as exc:
        fail(str(exc), exc.exit_code)
    except (typer.Exit, typer.Abort, typer.TyperException, MemoryError):
        raise
    except (writing.StdoutClosed, BrokenPipeError):
        writing.silence(sys.stdout)
        raise typer.Exit(writing.BROKEN_PIPE_EXIT) from None
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except writing.Terminated as exc:
        fail("terminated", exc.exit_code)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        if os.environ.get("PLANNER_DEBUG"):
            raise
        fail(f"internal error: {type(exc).__name__}: {exc}. This is a bug in the planner: please report "
             "it with the scenario file attached (set PLANNER_DEBUG=1 for a traceback).", 3)


def _reads_of(arguments: Mapping[str, object]) -> list[tuple[Path, str]]:
    """The files a command's arguments name for reading (scenario, compared files, --catalog, CSV)."""
    reads: list[tuple[Path, str]] = []
    for name, role in _READ_ROLES:
        value = arguments.get(name)
        paths = value if isinstance(value, (list, tuple)) else [value]
        reads += [(Path(p), role) for p in paths if isinstance(p, (str, Path))]
    return reads


def fail(message: str, code: int) -> NoReturn:
    """End the command: the message as one line on stderr, and the exit code."""
    say(f"planner: error: {message}".replace("\n", " "))
    raise typer.Exit(code)


def say(line: str) -> None:
    """A line on stderr (an error, a note, the statistics), the control characters of the file names and
    text it quotes from the input escaped (an escape code in a file name never reaches the terminal)."""
    from planner.report.words import shown

    print(shown(line), file=sys.stderr)
