"""The planner's own exceptions; the CLI turns each into a message and an exit code."""

from __future__ import annotations


class PlannerError(Exception):
    """Base class of the errors the planner reports to its user."""

    exit_code = 2


class ScenarioError(PlannerError):
    """Bad input: the message is one line naming the file, the place in it and what is wrong."""

    exit_code = 2

    def __init__(self, file: str, message: str, *, path: str = "", line: int | None = None,
                 column: int | None = None) -> None:
        self.file = file
        self.path = path
        self.line = line
        self.column = column
        self.detail = message
        where = file
        if line is not None:
            where += f":{line}" + (f":{column}" if column is not None else "")
        text = f"{where}: {path}: {message}" if path else f"{where}: {message}"
        # One line, whatever the file name or the quoted input holds: control characters are escaped.
        super().__init__("".join(c if c.isprintable() else repr(c)[1:-1] for c in text))


class UsageError(PlannerError):
    """A command-line option with a value the planner cannot use."""

    exit_code = 2


class InternalError(PlannerError):
    """The planner contradicted itself (a plan failed re-checking): a bug to report."""

    exit_code = 3
