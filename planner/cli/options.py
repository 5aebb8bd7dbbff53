"""The options the `planner` commands share, and their choices: each value typed is turned by `choice` into
the value the library takes (a Literal type), whatever its case.

Only typer is imported here (the library's types for a type checker only), so that `planner --help` stays
instant.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, TypeVar

import typer

from planner.cli.help import SHIPPED, completer, either, one_of, within
from planner.cli.values import count, money, seconds
from planner.errors import UsageError

if TYPE_CHECKING:
    from planner import Objective
    from planner.core.request import Differ
    from planner.input.roster_import import DateOrder

S = TypeVar("S", bound=str)

Format = Literal["table", "json", "markdown"]
ReportFormat = Literal["table", "json", "markdown", "html"]

FORMATS: tuple[Format, ...] = ("table", "json", "markdown")
REPORT_FORMATS: tuple[ReportFormat, ...] = ("table", "json", "markdown", "html")
OBJECTIVES: tuple[Objective, ...] = ("exams", "cost")
PLAN_OBJECTIVES: tuple[Objective, ...] = ("exams", "cost", "time", "risk")
DIFFERS: tuple[Differ, ...] = ("people", "exams")
DATE_ORDERS: tuple[DateOrder, ...] = ("dmy", "mdy")
MARKETS = ("developed", "developing")
LEVELS = ("silver", "gold")  # the shipped catalogs' levels; a --catalog may have others (checked on use)


def choice(option: str, value: str, allowed: Sequence[S]) -> S:
    """The allowed value `value` names, whatever its case (--level Gold is --level gold), in the type of the
    allowed values; a UsageError listing them when it names none."""
    found = one_of(value, allowed)
    if found is None:
        raise UsageError(f"{option} must be one of {', '.join(allowed)} (got '{value}')")
    return found


EXTENSIONS = {".json": "json", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
              ".yaml": "yaml", ".yml": "yaml", ".csv": "csv"}
"""The format a file's extension names (any case); any other extension, or none, is a table (.txt)."""


def output_format(fmt: str | None, output: str | Path | None, allowed: Sequence[S]) -> S:
    """--format when it is given (any case; it wins over --output's name, as with curl and pandoc), else the
    format --output's extension names (report.json, report.md, report.html), else table; a UsageError when
    that extension names a format the command does not write (check -o report.html)."""
    if fmt is not None:
        return choice("--format", fmt, allowed)
    suffix = Path(str(output)).suffix.lower() if output else ""
    named = EXTENSIONS.get(suffix, "table")
    found = one_of(named, allowed)
    if found is None:
        raise UsageError(f"--output {output}: its extension {suffix} names {named}, which this command "
                         f"does not write (it writes {either(allowed)}); give --format to write one of those "
                         "to it")
    return found


def yaml_output(output: str | Path | None) -> None:
    """A UsageError when --output's extension names another format than the YAML a scenario is written in
    (generate -o big.json); .yaml, .yml and any other name are written."""
    suffix = Path(str(output)).suffix.lower() if output else ""
    named = EXTENSIONS.get(suffix, "yaml")
    if named != "yaml":
        raise UsageError(f"--output {output}: its extension {suffix} names {named}, but a scenario is "
                         "written in YAML; name the file .yaml")


def competency(value: str, known: Sequence[str]) -> str:
    """The known competency id --competency names, whatever its case; a UsageError naming every known id
    (and the nearest one) when it names none."""
    found = one_of(value, known)
    if found is None:
        import difflib

        near = difflib.get_close_matches(value.strip().casefold(), known, n=1, cutoff=0.5)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        raise UsageError(f"--competency: unknown competency '{value}'{hint}; known: {', '.join(known)}")
    return found


def competency_ids() -> list[str]:
    """The shipped competencies' ids (for shell completion)."""
    from planner.rules.catalogs import shipped_catalog_ids

    return list(shipped_catalog_ids())


def goal_ids() -> list[str]:
    """Every 'competency:level' of the shipped competencies (for shell completion)."""
    from planner.rules.catalogs import shipped_catalog, shipped_catalog_ids

    return [f"{cid}:{level}" for cid in shipped_catalog_ids() for level in shipped_catalog(cid).level_ids]


ScenarioArg = Annotated[Path, typer.Argument(help="Scenario file (YAML, schema_version 1).",
                                             show_default=False)]
FormatOpt = Annotated[str | None, typer.Option(
    "--format", "-f", metavar="FORMAT", autocompletion=completer(FORMATS), show_default=False,
    help="table, json or markdown: how to show the answer (default: as --output's extension says, .json or "
    ".md, else table; --format wins over the extension).")]
# path_type=str keeps the name as typed (Path('') would read as '.'); the value is a str at run time.
OutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", path_type=str, metavar="FILE",
    help="Write the report to this file (atomically) instead of standard output, in the format its "
    "extension names (.json, .md, .html; any other: table) unless --format says otherwise.")]
ObjectiveOpt = Annotated[str, typer.Option(
    "--objective", metavar="OBJECTIVE", autocompletion=completer(OBJECTIVES),
    help="exams (fewest new exams, then lowest cost) or cost (lowest cost, then fewest exams).")]
TimeLimitOpt = Annotated[float | None, typer.Option(
    "--time-limit", metavar="SECONDS", parser=seconds, callback=within(0.0),
    help="Stop the solver after this many seconds (or 90s, 2m, 1m30s) and show the best plan found.")]

BudgetOpt = Annotated[float | None, typer.Option(
    "--budget", metavar="USD", parser=money,
    callback=within(0.0, 10_000_000_000.0),  # the scenario file's limit: no inf
    help="The plan may cost at most this many US dollars, e.g. 3000, 3,000 or $3,000 (overrides "
    "policy.budget_usd).")]
ResilienceOpt = Annotated[int | None, typer.Option(
    "--resilience", metavar="K", parser=count, callback=within(0),
    help="The level must survive any K departures (overrides policy.resilience).")]

TargetOpt = Annotated[list[str] | None, typer.Option(
    "--target", "-t", metavar="GOAL", autocompletion=completer(goal_ids),
    help="Plan this goal, written competency:level (e.g. cloud-crm:gold); repeat it to plan several goals "
    "at once with the same staff (overrides the scenario's targets).", show_default=False)]

ReportFormatOpt = Annotated[str | None, typer.Option(
    "--format", "-f", metavar="FORMAT", autocompletion=completer(REPORT_FORMATS), show_default=False,
    help="table, json, markdown or html (one self-contained page with charts): how to show the answer "
    "(default: as --output's extension says, .json, .md or .html, else table; --format wins over the "
    "extension).")]
VariantOpt = Annotated[str | None, typer.Option(
    "--variant", metavar="NAME",
    help="Plan this variant of the scenario (a name from its variants: list) instead of its base.")]
PlanObjectiveOpt = Annotated[str, typer.Option(
    "--objective", metavar="OBJECTIVE", autocompletion=completer(PLAN_OBJECTIVES),
    help="exams, cost, time or risk. exams: fewest new exams, then cost; cost: lowest cost, then exams; "
    "time: the earliest "
    "month the level is met (implies --schedule); risk: the best chance that every new exam is passed "
    "first time (within --budget).")]

CompetencyOpt = Annotated[str | None, typer.Option(
    "--competency", metavar="ID", autocompletion=completer(competency_ids),
    help=f"Only this competency: {SHIPPED}, or one a --catalog file adds (default: every known one; for "
    "--diff: cloud-crm).")]
RevisionOpt = Annotated[str | None, typer.Option(
    "--revision", metavar="DATE", help="Show this revision (YYYY-MM-DD) instead of the latest: of "
    "--competency, else of every competency that has one of that date.")]
DiffOpt = Annotated[tuple[str, str] | None, typer.Option(
    "--diff", metavar="A B", help="What changed from revision A to revision B (two dates) of --competency.")]
CatalogOpt = Annotated[list[Path] | None, typer.Option(
    "--catalog", metavar="FILE", help="Also read this catalog file (repeatable); its competency id replaces "
    "every shipped revision of that id.")]

ScenarioOutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", "--out", path_type=str, metavar="FILE",  # path_type: see OutputOpt
    help="Write the scenario to this file (atomically) instead of standard output.")]
