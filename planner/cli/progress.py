"""A progress display on stderr for runs that take more than a second, and only on a terminal.

`Activity` shows nothing at first; if the run is still going after `delay` seconds it shows a spinner (or a
bar with a count when the number of steps is known), the current step and the time elapsed, and removes
them when the run ends. When stderr is not a terminal (a pipe, a file, CI), with --quiet, or with NO_COLOR
set (a display that moves the cursor needs escape codes, and NO_COLOR means none at all), it shows nothing
at all. What it names (a variant's name) is shown as it is written, control characters escaped.
"""

from __future__ import annotations

import os
import sys
import threading
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, ProgressColumn, TaskID

DELAY_SECONDS = 1.0


def stderr_is_terminal() -> bool:
    """Whether stderr is an interactive terminal (not a pipe, a file or a dumb terminal)."""
    try:
        return sys.stderr.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


def no_color() -> bool:
    """NO_COLOR set to anything but an empty string turns colours (and all text styles) off."""
    return bool(os.environ.get("NO_COLOR"))


def _shown(text: str) -> str:
    """The text with its control characters escaped (planner.report.words.shown, imported when shown)."""
    from planner.report.words import shown

    return shown(text)


class Activity:
    """A context manager: a delayed progress display for one run (see the module docstring)."""

    def __init__(
        self,
        description: str,
        total: int | None = None,
        *,
        enabled: bool | None = None,
        delay: float = DELAY_SECONDS,
        console: Console | None = None,
    ) -> None:
        self.description = description
        self.total = total
        self.enabled = (stderr_is_terminal() if enabled is None else enabled) and not no_color()
        self.delay = delay
        self.console = console
        self.shown = False
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._done = 0

    def __enter__(self) -> Activity:
        if not self.enabled:
            return self
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        console = self.console or Console(stderr=True)
        columns: list[ProgressColumn] = [SpinnerColumn(), TextColumn("{task.description}", markup=False)]
        if self.total is not None:
            columns += [BarColumn(), MofNCompleteColumn()]
        columns.append(TimeElapsedColumn())
        self._progress = Progress(
            *columns, console=console, transient=True, redirect_stdout=False, redirect_stderr=False
        )
        self._task = self._progress.add_task(_shown(self.description), total=self.total)
        if self.delay <= 0:
            self._show()
        else:
            self._timer = threading.Timer(self.delay, self._show)
            self._timer.daemon = True
            self._timer.start()
        return self

    def _show(self) -> None:
        with self._lock:
            if self._progress is not None and not self.shown:
                self._progress.start()
                self.shown = True

    def step(self, what: str) -> None:
        """Start the next step (`what` is shown beside the description); steps before it are done."""
        if self._progress is None or self._task is None:
            return
        description = _shown(f"{self.description}: {what}")
        self._progress.update(self._task, completed=self._done, description=description)
        self._done += 1

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            if self._progress is not None and self.shown:
                self._progress.stop()
            self._progress = None
