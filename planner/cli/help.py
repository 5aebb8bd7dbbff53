"""How the `planner` command reads on a terminal: help pages in words (no `<bool>`, `<str>` or ranges),
choices matched whatever their case and completed by the shell, and -q/-v accepted after the command too.

Only typer is imported here, so that `planner --help` stays instant.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

if TYPE_CHECKING:  # the click typer is built on (vendored since typer 0.29): what its methods take
    from typer._click import Context, Parameter

S = TypeVar("S", bound=str)
N = TypeVar("N", int, float)

GLOBAL_FLAGS = ("-q", "--quiet", "-v", "--verbose")
"""Options of `planner` itself that may also be written after the command."""


def hoist_global_flags(args: list[str]) -> list[str]:
    """-q/-v written after the command moved before it (nothing after a `--` is touched)."""
    end = args.index("--") if "--" in args else len(args)
    flags = [a for a in args[:end] if a in GLOBAL_FLAGS]
    return flags + [a for a in args[:end] if a not in GLOBAL_FLAGS] + args[end:]


def shipped_ids() -> tuple[str, ...]:
    """The shipped competencies' ids, read from their catalog files' names (`cloud-crm-2017-11-16.yaml`)
    without loading them, so that --help can name them and stay instant."""
    data = Path(__file__).resolve().parent.parent / "rules" / "data"
    return tuple(sorted({re.sub(r"-\d{4}-\d{2}-\d{2}$", "", p.stem) for p in data.glob("*.yaml")}))


def either(words: Sequence[str]) -> str:
    """'a, b or c'."""
    return " or ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else list(words))


SHIPPED = either(shipped_ids())
"""The shipped competencies' ids as --help names them: 'business-applications, ... or cloud-crm'; a command's
docstring writes `{competencies}` where they go (see PlannerCommand)."""


def prose(text: str) -> str:
    """A docstring as help paragraphs: the lines of each paragraph joined, so that the terminal wraps
    sentences at its own width instead of the source's."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


class _UntypedArgument(TyperArgument):
    """An argument whose help leaves the type column empty (its help says what it is)."""

    def display_type_rich(self, ctx: Context) -> str | None:
        return None


def _plain_params(params: list[Parameter]) -> list[Parameter]:
    """Flags show no `<bool>`; arguments are named in capitals with no `<path>` beside them."""
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
        if isinstance(param, TyperArgument):
            param.metavar = param.metavar or (param.name or "").upper()
            param.__class__ = _UntypedArgument
    return params


class PlannerCommand(TyperCommand):
    """A command whose help reads as words: paragraphs rewrapped, no type names, SCENARIO not {scenario},
    `{competencies}` the shipped competencies' ids."""

    @property
    def help(self) -> str | None:
        """The command's help, its docstring's paragraphs each on one line (see `prose`)."""
        return self._prose

    @help.setter
    def help(self, text: str | None) -> None:
        self._prose = prose(text.replace("{competencies}", SHIPPED)) if text else text

    def get_params(self, ctx: Context) -> list[Parameter]:
        return _plain_params(super().get_params(ctx))

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        return [piece.replace("{", "").replace("}", "") for piece in super().collect_usage_pieces(ctx)]


class PlannerGroup(TyperGroup):
    """The `planner` group: its own flags without `<bool>`, and -q/-v accepted after the command too."""

    def get_params(self, ctx: Context) -> list[Parameter]:
        return _plain_params(super().get_params(ctx))

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_flags(args))


def one_of(value: str, allowed: Sequence[S]) -> S | None:
    """The allowed value that `value` names whatever its case (None: none does)."""
    wanted = value.strip().casefold()
    return next((a for a in allowed if a.casefold() == wanted), None)


def completer(choices: Sequence[str] | Callable[[], Sequence[str]]) -> Callable[[str], list[str]]:
    """A shell completion callback offering the choices that start with what is typed (any case)."""

    def complete(incomplete: str) -> list[str]:
        known = choices() if callable(choices) else choices
        return [c for c in known if c.casefold().startswith(incomplete.casefold())]

    return complete


def within(low: float, high: float | None = None) -> Callable[[N | None], N | None]:
    """An option callback refusing a number below `low` or above `high` (or not a number at all)."""

    def check(value: N | None) -> N | None:
        if value is None:
            return value
        if not low <= value <= (high if high is not None else value):  # NaN fails both comparisons
            limits = f"{_number(low)} or more" if high is None else f"from {_number(low)} to {_number(high)}"
            raise typer.BadParameter(f"must be {limits} (got {value})")
        return value

    return check


def _number(x: float) -> str:
    """10,000,000,000 rather than 1e+10."""
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"
