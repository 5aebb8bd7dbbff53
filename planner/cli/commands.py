"""The `planner` command: parses arguments, calls the library, prints reports, maps errors to exit codes.

Exit codes: 0 success (the level is reachable), 1 the level is not reachable (the answer is still
printed), 2 bad input or usage (one line on stderr), 3 internal error (a plan failed its re-check).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import io
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console, RenderableType

from planner.cli.help import PlannerCommand, PlannerGroup, completer, one_of, within
from planner.errors import PlannerError, UsageError
from planner.report import writing

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="planner",
    help="Plan the cheapest exams, taken by whom, that reach a Microsoft partner competency level "
    "(Cloud CRM Silver or Gold), proven optimal with OR-Tools CP-SAT.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=PlannerGroup,
)

FORMATS = ("table", "json", "markdown")
REPORT_FORMATS = ("table", "json", "markdown", "html")
OBJECTIVES = ("exams", "cost")
PLAN_OBJECTIVES = ("exams", "cost", "time", "risk")
LEVELS = ("silver", "gold")  # the shipped catalogs' levels; a --catalog may have others (checked on use)

ScenarioArg = Annotated[Path, typer.Argument(help="Scenario file (YAML, schema_version 1).",
                                             show_default=False)]
FormatOpt = Annotated[str, typer.Option(
    "--format", "-f", metavar="FORMAT", autocompletion=completer(FORMATS),
    help="table, json or markdown: how to show the answer.")]
# path_type=str keeps the name as typed (Path('') would read as '.'); the value is a str at run time.
OutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", path_type=str, metavar="FILE",
    help="Write the report to this file (atomically) instead of standard output.")]
ObjectiveOpt = Annotated[str, typer.Option(
    "--objective", metavar="OBJECTIVE", autocompletion=completer(OBJECTIVES),
    help="exams (fewest new exams, then lowest cost) or cost (lowest cost, then fewest exams).")]
TimeLimitOpt = Annotated[float | None, typer.Option(
    "--time-limit", metavar="SECONDS", callback=within(0.0),
    help="Stop the solver after this many seconds and show the best plan found.")]

BudgetOpt = Annotated[float | None, typer.Option(
    "--budget", metavar="USD", callback=within(0.0, 10_000_000_000.0),  # the scenario file's limit: no inf
    help="The plan may cost at most this many US dollars (overrides policy.budget_usd).")]
ResilienceOpt = Annotated[int | None, typer.Option(
    "--resilience", metavar="K", callback=within(0),
    help="The level must survive any K departures (overrides policy.resilience).")]

TargetOpt = Annotated[list[str] | None, typer.Option(
    "--target", "-t", metavar="GOAL", autocompletion=completer(lambda: _goal_ids()),  # defined below
    help="Plan this goal, written competency:level (e.g. cloud-crm:gold); repeat it to plan several goals "
    "at once with the same staff (overrides the scenario's targets).", show_default=False)]

ReportFormatOpt = Annotated[str, typer.Option(
    "--format", "-f", metavar="FORMAT", autocompletion=completer(REPORT_FORMATS),
    help="table, json, markdown or html (one self-contained page with charts): how to show the answer.")]
VariantOpt = Annotated[str | None, typer.Option(
    "--variant", metavar="NAME",
    help="Plan this variant of the scenario (a name from its variants: list) instead of its base.")]
PlanObjectiveOpt = Annotated[str, typer.Option(
    "--objective", metavar="OBJECTIVE", autocompletion=completer(PLAN_OBJECTIVES),
    help="exams, cost, time or risk. exams: fewest new exams, then cost; cost: lowest cost, then exams; "
    "time: the earliest "
    "month the level is met (implies --schedule); risk: the best chance that every new exam is passed "
    "first time (within --budget).")]

_OPTIONS = {"quiet": False, "verbose": False}


class _Discard(io.TextIOBase):
    """Standard output under --quiet: everything written is dropped."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return len(text)


@app.callback()
def _global_options(
    ctx: typer.Context,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Print nothing on standard output (--output files are still written); errors "
        "still go to stderr and the exit code tells the rest.")] = False,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="After the report, print the solver's statistics on stderr: model size and "
        "timings.")] = False,
) -> None:
    _OPTIONS.update(quiet=quiet, verbose=verbose)
    if quiet:
        ctx.with_resource(contextlib.redirect_stdout(_Discard()))


def _console(**kwargs: Any) -> Console:
    """A console for standard output: no colours or styles with NO_COLOR or when it is not a terminal."""
    from planner.cli.progress import no_color

    return Console(soft_wrap=False, color_system=None if no_color() else "auto", **kwargs)


def _activity(description: str, total: int | None = None) -> Any:
    """A progress display on stderr after a second of work, on a terminal only, never with --quiet."""
    from planner.cli.progress import Activity, stderr_is_terminal

    return Activity(description, total, enabled=stderr_is_terminal() and not _OPTIONS["quiet"])


def _say_stats(label: str, stats: dict[str, Any]) -> None:
    """--verbose: one line of solver statistics on stderr."""
    if _OPTIONS["verbose"] and stats:
        print(f"planner: stats: {label}: " + ", ".join(f"{k}={v}" for k, v in stats.items()), file=sys.stderr)


OUT_OF_MEMORY = ("out of memory: the input is too large for the memory this machine has free; close other "
                 "programs or split the roster into several scenarios")

_READ_ROLES = (("scenario", "the scenario"), ("scenarios", "a scenario being compared"),
               ("catalog", "a --catalog file"), ("csv_file", "the CSV file"))
"""A command's parameters that name files it reads, and what each is called in a message."""

_RUN_READS: list[tuple[Path, str]] = []
"""The files the running command reads: its --output may be none of them."""


def _guard(func: F) -> F:
    """Run a command; PlannerError becomes one line on stderr and its exit code, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with contextlib.redirect_stdout(writing.GuardedStdout(sys.stdout)):
                return _run_command(func, args, kwargs)
        except MemoryError:
            pass  # reported below, outside the handler, once the traceback and what it holds are freed
        _fail(OUT_OF_MEMORY, 2)

    return wrapper  # type: ignore[return-value]


def _run_command(func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Check --output against the inputs, run the command, flush stdout; every failure is one line."""
    try:
        _RUN_READS[:] = _reads_of(kwargs)
        if kwargs.get("output") is not None:
            writing.output_target(kwargs["output"], _RUN_READS)  # refused before any work is done
        try:
            return func(*args, **kwargs)
        finally:
            sys.stdout.flush()  # a full device is reported here, while it can still be one line
    except PlannerError as exc:
        _fail(str(exc), exc.exit_code)
    except (typer.Exit, typer.Abort, typer.TyperException, MemoryError):
        raise
    except (writing.StdoutClosed, BrokenPipeError):
        writing.silence(sys.stdout)
        raise typer.Exit(writing.BROKEN_PIPE_EXIT) from None
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except writing.Terminated as exc:
        _fail("terminated", exc.exit_code)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        if os.environ.get("PLANNER_DEBUG"):
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc}. This is a bug in the planner: please report "
              "it with the scenario file attached (set PLANNER_DEBUG=1 for a traceback).", 3)


def _reads_of(kwargs: dict[str, Any]) -> list[tuple[Path, str]]:
    """The files a command's arguments name for reading (scenario, compared files, --catalog, CSV)."""
    reads: list[tuple[Path, str]] = []
    for name, role in _READ_ROLES:
        value = kwargs.get(name)
        paths = value if isinstance(value, (list, tuple)) else [] if value is None else [value]
        reads += [(Path(p), role) for p in paths]
    return reads


def _fail(message: str, code: int) -> None:
    from planner.report.words import shown  # control characters from the input are shown escaped

    print(shown(f"planner: error: {message}".replace("\n", " ")), file=sys.stderr)
    raise typer.Exit(code)


def _competency_ids() -> list[str]:
    """The shipped competencies' ids (for shell completion)."""
    from planner.rules.catalogs import shipped_catalog_ids

    return list(shipped_catalog_ids())


def _goal_ids() -> list[str]:
    """Every 'competency:level' of the shipped competencies (for shell completion)."""
    from planner.rules.catalogs import shipped_catalog, shipped_catalog_ids

    return [f"{cid}:{level}" for cid in shipped_catalog_ids() for level in shipped_catalog(cid).level_ids]


def _choice(name: str, value: str, allowed: tuple[str, ...] | list[str]) -> str:
    """The allowed value `value` names, whatever its case (--level Gold is --level gold)."""
    found = one_of(value, allowed)
    if found is None:
        raise UsageError(f"{name} must be one of {', '.join(allowed)} (got '{value}')")
    return found


def _emit(fmt: str, output: Path | None, *, json_text: Callable[[], str], markdown: Callable[[], str],
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
            _console().print(table())
            return
        buffer = io.StringIO()
        Console(file=buffer, width=120, color_system=None, force_terminal=False).print(table())
        text = buffer.getvalue()
    _write(output, text, inputs)


def _write(output: str | Path | None, text: str, inputs: tuple[Path, ...] = ()) -> None:
    """Print the text, or write it where --output says (never over one of the run's inputs)."""
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomically(output, text, inputs)


def write_atomically(target: str | Path, text: str, inputs: tuple[Path, ...] = ()) -> None:
    """Write a report or scenario to --output (planner.report.writing): never over a file the run reads."""
    writing.write_output(target, text, [*_RUN_READS, *((p, "a file") for p in inputs)])


def _catalogs(files: list[Path] | None) -> Any:
    """The shipped catalogs, with the user's --catalog files added."""
    from planner.rules.catalogs import load_catalogs, shipped_catalogs

    return load_catalogs(files) if files else shipped_catalogs()


def _load(path: Path, variant: str | None = None, catalogs: Any = None) -> Any:
    """The scenario (every variant in it validated too), or the variant named `variant`."""
    loaded, variants = _load_all(path, catalogs)
    if variant is None:
        return loaded
    from planner.input.variants import find_variant

    return find_variant(variants, variant).loaded


_ONE_COMMAND_PROCESS = False
"""Set by main(): the process runs one command and exits, so what it loads may be frozen for the collector."""


def _load_all(path: Path, catalogs: Any = None) -> Any:
    from planner.input.variants import load_with_variants

    gc.disable()  # one command, one roster: the cycle collector need not scan 100,000 loaded people...
    try:
        loaded = load_with_variants(path, catalogs)
        if _ONE_COMMAND_PROCESS:
            gc.freeze()  # ... neither while they are read nor later, while planning
    finally:
        gc.enable()
    return loaded


def _level_of(loaded: Any, level: str) -> str:
    """The catalog's level id that `level` names, whatever its case."""
    ids = loaded.catalog.level_ids
    found = one_of(level, ids)
    if found is None:
        raise UsageError(f"unknown level '{level}'; {loaded.catalog.id} has {', '.join(ids)}")
    return found


@app.command(cls=PlannerCommand, epilog="Examples:\n"
             "  planner plan scenarios/contoso-gold-push.yaml --level gold --format json\n"
             "  planner plan scenarios/contoso-gold-push.yaml --objective time --schedule")
@_guard
def plan(
    scenario: ScenarioArg,
    level: Annotated[str | None, typer.Option(
        "--level", "-l", metavar="LEVEL", autocompletion=completer(LEVELS),
        help="silver or gold: the level of the scenario's competency to plan (default: the scenario's "
        "targets, else gold).",
        show_default=False)] = None,
    target: TargetOpt = None,
    catalog: CatalogOpt = None,
    objective: PlanObjectiveOpt = "exams",
    fmt: ReportFormatOpt = "table",
    time_limit: TimeLimitOpt = None,
    output: OutputOpt = None,
    budget: BudgetOpt = None,
    resilience: ResilienceOpt = None,
    variant: VariantOpt = None,
    alternatives: Annotated[int, typer.Option(
        "--alternatives", metavar="N", callback=within(1, 20),
        help="List up to N distinct plans (1 to 20), best first, each with what differs.")] = 1,
    alternatives_differ: Annotated[str, typer.Option(
        "--alternatives-differ", metavar="people|exams",
        help="How each alternative differs from the plans listed before it: people (who takes exams or "
        "is hired) or exams (the exams and hires themselves).")] = "people",
    schedule: Annotated[bool, typer.Option(
        "--schedule", help="Book every new exam in a month, within each person's exams per month and "
        "unavailable months.")] = False,
    buffer: Annotated[bool, typer.Option(
        "--buffer",
        help="Add a spare person per slot kind where a failed exam could sink the level (for a scored "
        "level: keep its points after any one departure).")] = False,
) -> None:
    """The cheapest set of new exams, and who takes them, that reaches a level by the deadline.

    For a scored designation (Solutions Partner) the fewest new certifications and renewals that reach
    its points; without --level, the competency's Gold, or its one scored level.

    Exits 0 when the level is reachable, 1 when it is not (the answer says why and proposes fixes),
    2 on bad input.
    """
    from planner.core.planning import plan as make_plan
    from planner.report import html as html_report
    from planner.report import render
    from planner.rules.catalogs import default_level

    fmt = _choice("--format", fmt, REPORT_FORMATS)
    objective = _choice("--objective", objective, PLAN_OBJECTIVES)
    _choice("--alternatives-differ", alternatives_differ, ("people", "exams"))
    if level is not None and target:
        raise UsageError("give either --level (one level of the scenario's competency) or --target, not both")
    loaded = _load(scenario, variant, _catalogs(catalog))
    goals = _targets(loaded, target) if level is None else None
    what = level or (", ".join(t.label for t in goals) if goals else default_level(loaded.catalog))
    with _activity(f"planning {what}"):
        report = make_plan(loaded, _level_of(loaded, level or default_level(loaded.catalog))
                           if not goals else goals[0].level,
                           objective,  # type: ignore[arg-type]
                           time_limit=time_limit, budget_usd=budget, resilience=resilience,
                           alternatives=alternatives, schedule=schedule, buffer=buffer, targets=goals,
                           alternatives_differ=alternatives_differ)  # type: ignore[arg-type]
    _emit(fmt, output, json_text=lambda: render.to_json(report),
          markdown=lambda: render.plan_markdown(report),
          table=lambda: render.plan_table(report), inputs=(scenario,),
          html=lambda: html_report.plan_page(report))
    _say_stats(report.scenario, report.stats)
    raise typer.Exit(0 if report.reachable else 1)


def _targets(loaded: Any, specs: list[str] | None) -> Any:
    """The goals to plan: --target, else the scenario's `targets` (None: neither, plan one level)."""
    from planner.input.loading import check_goal_input, resolve_target

    if not specs:
        if not loaded.scenario.targets:
            return None
        goals = [resolve_target(t, loaded.scenario, loaded.catalogs) for t in loaded.scenario.targets]
        check_goal_input(loaded, goals)  # a variant's organization may differ from the file's
        return goals
    out = []
    for spec in specs:
        try:
            out.append(resolve_target(spec.strip(), loaded.scenario, loaded.catalogs))
        except ValueError as exc:
            raise UsageError(f"--target {spec}: {exc}") from None
    labels = [t.label for t in out]
    if len(set(labels)) != len(labels):
        raise UsageError(f"--target lists the same goal twice ({', '.join(labels)})")
    check_goal_input(loaded, out)  # a scored goal reads organization.track and organization.metrics
    return out


@app.command(cls=PlannerCommand,
             epilog="Example:\n  planner best scenarios/contoso-gold-push.yaml --budget 3000")
@_guard
def best(
    scenario: ScenarioArg,
    budget: BudgetOpt = None,
    objective: ObjectiveOpt = "exams",
    fmt: ReportFormatOpt = "table",
    time_limit: TimeLimitOpt = None,
    output: OutputOpt = None,
    variant: VariantOpt = None,
    catalog: CatalogOpt = None,
) -> None:
    """The highest level reachable within a budget, its plan, and how far short the next level falls.

    Exits 0 when some level is reachable, 1 when none is.
    """
    from planner.core.planning import best as make_best
    from planner.report import html as html_report
    from planner.report import render

    fmt = _choice("--format", fmt, REPORT_FORMATS)
    objective = _choice("--objective", objective, OBJECTIVES)
    loaded = _load(scenario, variant, _catalogs(catalog))
    with _activity("finding the best level"):
        report = make_best(loaded, budget, objective, time_limit=time_limit)  # type: ignore[arg-type]
    _emit(fmt, output, json_text=lambda: render.to_json(report),
          markdown=lambda: render.best_markdown(report),
          table=lambda: render.best_table(report), inputs=(scenario,),
          html=lambda: html_report.best_page(report))
    _say_stats(report.scenario, {**report.stats, **({} if report.plan is None else report.plan.stats)})
    raise typer.Exit(0 if report.best_level else 1)


@app.command(cls=PlannerCommand,
             epilog="Example:\n  planner check scenarios/northwind-mb2-709-retirement.yaml")
@_guard
def check(scenario: ScenarioArg, fmt: FormatOpt = "table", output: OutputOpt = None,
          catalog: CatalogOpt = None,
          competency: Annotated[str | None, typer.Option(
              "--competency", metavar="ID", autocompletion=completer(_competency_ids),
              help="Check this competency (default: the scenario's `competency`, or its "
              "first target's), in the revision in force on as_of or named by rules_revision.",
              show_default=False)] = None) -> None:
    """Where the partner stands today (on as_of) and on the deadline for every level, and what is missing.

    A scored level (a Solutions Partner designation) shows its points per metric. Names each pass that
    stops counting (or certification that expires) and each person who leaves before the deadline when
    it costs a level a slot or points.
    """
    from planner.core.planning import check as make_check
    from planner.report import render

    fmt = _choice("--format", fmt, FORMATS)
    loaded = _load(scenario, catalogs=_catalogs(catalog))
    if competency is not None:
        from dataclasses import replace

        from planner.input.loading import check_goal_input, revision_for, unknown_competency_message

        competency = one_of(competency, list(loaded.catalogs.by_id)) or competency
        if competency not in loaded.catalogs.by_id:
            raise UsageError(f"--competency: {unknown_competency_message(competency, loaded.catalogs)}")
        revision, notes = revision_for(loaded.scenario, competency, loaded.catalogs)
        check_goal_input(loaded, catalog=revision)
        loaded = replace(loaded, catalog=revision, notes=notes)
    report = make_check(loaded)
    _emit(fmt, output, json_text=lambda: render.to_json(report),
          markdown=lambda: render.check_markdown(report),
          table=lambda: render.check_table(report), inputs=(scenario,))


@app.command(cls=PlannerCommand, epilog="Examples (a scenario and its variants; two scenarios):\n"
             "  planner compare scenarios/contoso-what-if.yaml\n"
             "  planner compare scenarios/contoso-gold-push.yaml \\\n"
             "      scenarios/contoso-consultant-leaves.yaml")
@_guard
def compare(
    scenarios: Annotated[list[Path], typer.Argument(
        help="Scenario files: one with variants, or two or more.", show_default=False)],
    level: Annotated[str | None, typer.Option(
        "--level", "-l", metavar="LEVEL", autocompletion=completer(LEVELS),
        help="silver or gold: the level to compare (default: each scenario's targets, else gold).",
        show_default=False)] = None,
    objective: ObjectiveOpt = "exams",
    fmt: ReportFormatOpt = "table",
    time_limit: TimeLimitOpt = None,
    output: OutputOpt = None,
    catalog: CatalogOpt = None,
) -> None:
    """Plan scenarios for the same level side by side, with what differs from the first one.

    Each file gives its scenario and then each of its variants. Every row shows who gains or loses which
    exam, the change in exams and cost, and the highest level reached, against the first row that could
    be read. A file that cannot be read is listed with its error; the others are still compared (exit 2).
    """
    from planner.core.compare import compare_entries, compare_inputs
    from planner.report import html as html_report
    from planner.report import render

    fmt = _choice("--format", fmt, REPORT_FORMATS)
    objective = _choice("--objective", objective, OBJECTIVES)
    entries, level = compare_inputs(scenarios, level, _catalogs(catalog), load=_load_all)
    for entry in entries:
        if entry.error is not None:
            print(f"planner: error: {entry.error}", file=sys.stderr)
    with _activity(f"planning {level or 'the targets'}", total=len(entries)) as progress:
        report, plans = compare_entries(entries, level, objective, time_limit=time_limit,  # type: ignore[arg-type]
                                        on_step=progress.step)
    for entry, row in zip(entries, report.scenarios, strict=True):
        if row.error and entry.error is None:  # a problem found while planning
            print(f"planner: error: {row.error}", file=sys.stderr)
    _emit(fmt, output, json_text=lambda: render.to_json(report),
          markdown=lambda: render.compare_markdown(report, plans),
          table=lambda: render.compare_table(report, plans),
          inputs=tuple(scenarios), html=lambda: html_report.compare_page(report, plans))
    for row, plan_report in zip(report.scenarios, plans, strict=True):
        if plan_report is not None:
            _say_stats(row.variant or row.scenario or row.file, plan_report.stats)
    raise typer.Exit(2 if any(row.error for row in report.scenarios) else 0)


CompetencyOpt = Annotated[str | None, typer.Option(
    "--competency", metavar="ID", autocompletion=completer(_competency_ids),
    help="Only this competency (default: every known one; for --diff: cloud-crm).")]
RevisionOpt = Annotated[str | None, typer.Option(
    "--revision", metavar="DATE", help="Show this revision (YYYY-MM-DD) instead of the latest: of "
    "--competency, else of every competency that has one of that date.")]
DiffOpt = Annotated[tuple[str, str] | None, typer.Option(
    "--diff", metavar="A B", help="What changed from revision A to revision B (two dates) of --competency.")]
CatalogOpt = Annotated[list[Path] | None, typer.Option(
    "--catalog", metavar="FILE", help="Also read this catalog file (repeatable); its competency id replaces "
    "every shipped revision of that id.")]


def _day(option: str, value: str) -> Any:
    """A YYYY-MM-DD option value as a date (a usage error otherwise)."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} must be a date such as 2017-11-16 (got '{value}')") from None


def _dated(known: Any, cid: str, when: Any, option: str) -> Any:
    """The revision of competency `cid` dated `when` (a usage error listing its revisions otherwise)."""
    try:
        return known.revision(cid, when)
    except KeyError:
        dates = ", ".join(str(c.revision) for c in known.revisions(cid))
        raise UsageError(f"{option}: {cid} has no revision of {when}; its revisions are {dates}") from None


def _shown_revisions(known: Any, ids: list[str], competency: str | None, revision: str | None) -> list[Any]:
    """The revisions `planner rules` shows in full: the latest of each, or those dated --revision."""
    if revision is None:
        return [known.latest(i) for i in ids]
    when = _day("--revision", revision)
    if competency is not None:
        return [_dated(known, competency, when, "--revision")]
    shown = [c for i in ids for c in known.revisions(i) if c.revision == when]
    if not shown:
        listed = "; ".join(f"{i} {', '.join(str(c.revision) for c in known.revisions(i))}" for i in ids)
        raise UsageError(f"--revision: no competency has a revision of {when}; known revisions: {listed}")
    return shown


@app.command(cls=PlannerCommand, epilog="Examples:\n"
             "  planner rules\n"
             "  planner rules --competency cloud-crm --revision 2017-06-27\n"
             "  planner rules --diff 2017-07-07 2017-11-16 --format json")
@_guard
def rules(
    competency: CompetencyOpt = None,
    revision: RevisionOpt = None,
    diff: DiffOpt = None,
    catalog: CatalogOpt = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """The competency rules as a person reads them: every competency and revision, then the rules in full.

    First an index of every known competency: its revisions (oldest first) and its options.
    Then a revision in full (the latest, or --revision DATE): levels, slots and who may fill them (or,
    for a scored designation, its metrics, points and thresholds per track, '(unconfirmed)' where the
    sources do not confirm a figure), exam lists with dates, revenue gates per market, DPOR, notes and
    sources.
    --diff A B lists what changed from revision A to revision B instead.
    """
    from planner.report import render
    from planner.rules.catalogs import DEFAULT_COMPETENCY, Catalogs, load_catalogs, shipped_catalogs
    from planner.rules.diff import diff_catalogs

    fmt = _choice("--format", fmt, FORMATS)
    if diff is not None and revision is not None:
        raise UsageError("give --revision or --diff, not both")
    known = load_catalogs(catalog) if catalog else shipped_catalogs()
    if competency is not None:
        competency = _choice("--competency", competency, known.ids())
    if diff is not None:
        cid = competency or DEFAULT_COMPETENCY
        _choice("--competency", cid, known.ids())
        a, b = (_dated(known, cid, _day("--diff", value), "--diff") for value in diff)
        changes = diff_catalogs(a, b)
        _emit(fmt, output, json_text=lambda: render.to_json(render.rules_diff_data(changes)),
              markdown=lambda: render.rules_diff_markdown(changes, a, b),
              table=lambda: render.rules_diff_table(changes, a, b), inputs=tuple(catalog or ()))
        return
    ids = [competency] if competency is not None else known.ids()
    shown = _shown_revisions(known, ids, competency, revision)
    index = Catalogs({i: known.revisions(i) for i in ids}, known.custom)
    _emit(fmt, output, json_text=lambda: render.to_json(render.rules_data(shown)),
          markdown=lambda: render.rules_markdown(shown, index),
          table=lambda: render.rules_table(shown, index), inputs=tuple(catalog or ()))


@app.command(cls=PlannerCommand, epilog="Example:\n  planner validate scenarios/contoso-gold-push.yaml")
@_guard
def validate(scenario: ScenarioArg, catalog: CatalogOpt = None) -> None:
    """Load and check a scenario file only; print a one-line summary (exit 2 on the first problem)."""
    loaded = _load(scenario, catalogs=_catalogs(catalog))
    s = loaded.scenario
    leaving = sum(1 for p in s.staff if p.leaves_on is not None and p.leaves_on <= s.deadline)
    goals = ", ".join(s.targets) if s.targets else loaded.catalog.id
    print(f"{scenario}: ok - {s.name}: {goals} (rules of {loaded.catalog.revision}), {len(s.staff)} people"
          + (f" ({leaving} leaving by the deadline)" if leaving else "")
          + f", {s.organization.market} market, as_of {s.as_of}, deadline {s.deadline}"
          + (f", {len(s.variants)} variant{'s' if len(s.variants) != 1 else ''}" if s.variants else ""))


@app.command(cls=PlannerCommand, epilog="Example:\n  planner schema > scenario.schema.json")
@_guard
def schema() -> None:
    """Print the JSON Schema of the scenario file format (schema_version 1)."""
    from models.scenario import Scenario

    sys.stdout.write(json.dumps(Scenario.model_json_schema(), indent=2) + "\n")


ScenarioOutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", "--out", path_type=str, metavar="FILE",  # path_type: see OutputOpt
    help="Write the scenario to this file (atomically) instead of standard output.")]


@app.command(cls=PlannerCommand,
             epilog="Example:\n  planner generate --staff 100000 --seed 1 --output big.yaml")
@_guard
def generate(
    staff: Annotated[int, typer.Option("--staff", metavar="N", callback=within(0),
                                       help="How many people on the roster.", show_default=False)],
    seed: Annotated[int, typer.Option("--seed", metavar="N", show_default=False,
                                      help="Random seed: the same seed gives the same file.")],
    output: ScenarioOutputOpt = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="DATE", help="The roster's day (YYYY-MM-DD); the deadline is 222 days later "
        "(default: 2017-11-20; 2023-01-16 for a scored competency).", show_default=False,
    )] = None,
    competency: Annotated[str, typer.Option(
        "--competency", metavar="ID", autocompletion=completer(_competency_ids),
        help="The competency the roster is for (a scored one gives a scored scenario, with renewals).",
    )] = "cloud-crm",
) -> None:
    """Write a realistic synthetic scenario (YAML): a large roster for trying the planner at scale.

    Most hold no exam of the competency; of the few who hold every list, all but one leave.
    """
    import datetime as dt

    from planner.rules.catalogs import shipped_catalog, shipped_catalog_ids
    from planner.tools.generate import generate_scenario

    competency = _choice("--competency", competency, shipped_catalog_ids())
    try:
        day = None if as_of is None else dt.date.fromisoformat(as_of)
    except ValueError:
        raise UsageError(f"--as-of must be a date such as 2017-11-20 (got '{as_of}')") from None
    _write(output, generate_scenario(staff, seed, as_of=day, catalog=shipped_catalog(competency)))


@app.command("import-roster", cls=PlannerCommand, epilog="Example:\n"
             "  planner import-roster scenarios/contoso-skills-report.csv \\\n"
             "      --output contoso.yaml --market developed --revenue 320000 --dpor")
@_guard
def import_roster(
    csv_file: Annotated[Path, typer.Argument(
        help="Skills report (CSV): one row per person and exam, with a header line.", show_default=False)],
    output: ScenarioOutputOpt = None,
    columns: Annotated[str | None, typer.Option(
        "--columns", metavar="FIELD=COLUMN,...", help="Which column holds what, as field=column pairs "
        "(fields: name, id, exam, date), e.g. \"id=Email,exam=Exam\" (default: found by name).")] = None,
    name: Annotated[str | None, typer.Option(
        "--name", metavar="TEXT", help="The scenario's name (default: from the file name).")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="DATE",
        help="The day the roster is true, YYYY-MM-DD (default: the latest pass in the file).")] = None,
    deadline: Annotated[str | None, typer.Option(
        "--deadline", metavar="DATE",
        help="The day the level must hold, YYYY-MM-DD (default: as_of + 365 days).")] = None,
    market: Annotated[str | None, typer.Option(
        "--market", metavar="MARKET", autocompletion=completer(("developed", "developing")),
        help="developed or developing: the partner's market (default: a placeholder to edit).")] = None,
    revenue: Annotated[float | None, typer.Option(
        "--revenue", metavar="USD", callback=within(0.0, 10_000_000_000.0),
        help="Trailing-12-month net new CRM cloud revenue, US$ (default: a placeholder, 0).")] = None,
    dpor: Annotated[bool | None, typer.Option(
        "--dpor/--no-dpor",
        help="Digital Partner of Record for those customers (default: a placeholder, no).",
        show_default=False)] = None,
    date_order: Annotated[str | None, typer.Option(
        "--date-order", metavar="ORDER", autocompletion=completer(("dmy", "mdy")),
        help="How to read dates such as 04/05/2017: dmy (day first) or mdy (month first); "
        "default: as the file shows, else an error.")] = None,
    skip_other_exams: Annotated[bool, typer.Option(
        "--skip-other-exams", help="Leave out rows whose exam is not in the competency (listed on stderr) "
        "instead of stopping.")] = False,
    encoding: Annotated[str, typer.Option("--encoding", metavar="NAME", help="The file's text encoding.")
                        ] = "utf-8-sig",
    competency: Annotated[str, typer.Option(
        "--competency", metavar="ID", autocompletion=completer(_competency_ids),
        help="The competency the roster is planned for.")] = "cloud-crm",
) -> None:
    """Build a scenario's staff from a skills report (CSV exported from Excel or Partner Center).

    Every row problem (unknown exam code, duplicate, missing id, malformed or ambiguous date) is listed as
    FILE:LINE: what; with any problem nothing is written (exit 2). The scenario written validates as it is;
    check the organization lines marked '# EDIT' before planning.
    """
    import datetime as dt

    from planner.input.roster_import import Organization, RosterError, parse_columns_option, read_csv_text
    from planner.input.roster_import import import_roster as run_import
    from planner.rules.catalogs import shipped_catalog, shipped_catalog_ids

    def day(option: str, value: str | None) -> dt.date | None:
        try:
            return None if value is None else dt.date.fromisoformat(value)
        except ValueError:
            raise UsageError(f"{option} must be a date such as 2017-11-20 (got '{value}')") from None

    if date_order is not None:
        date_order = _choice("--date-order", date_order, ("dmy", "mdy"))
    if market is not None:
        market = "developing" if market.strip().lower() == "emerging" else market.strip().lower()
        market = _choice("--market", market, ("developed", "developing"))
    competency = _choice("--competency", competency, shipped_catalog_ids())
    shown = str(csv_file)
    text = read_csv_text(csv_file, shown, encoding)
    with _activity("importing the roster"):
        try:
            result = run_import(
                text, shown, shipped_catalog(competency), columns=parse_columns_option(columns), name=name,
                as_of=day("--as-of", as_of), deadline=day("--deadline", deadline),
                organization=Organization(market=market, revenue_usd=revenue, dpor=dpor),
                date_order=date_order, skip_other_exams=skip_other_exams,  # type: ignore[arg-type]
                out_name=str(output) if output else "the imported scenario")
        except RosterError as exc:
            for line in exc.problems:
                print(f"planner: error: {line}", file=sys.stderr)
            _fail(str(exc), exc.exit_code)
    for note in result.notes:
        if not _OPTIONS["quiet"]:
            print(f"planner: note: {note}", file=sys.stderr)
    _write(output, result.text)
    if output is not None and not _OPTIONS["quiet"]:
        from planner.report.words import plural

        print(f"planner: wrote {output}: {plural(result.people, 'person', 'people')}, "
              f"{plural(result.passes, 'pass', 'passes')} from {plural(result.rows, 'row')}",
              file=sys.stderr)


def main() -> None:
    """Console-script entry point: usage errors are one line too, never a box or a traceback."""
    global _ONE_COMMAND_PROCESS
    _ONE_COMMAND_PROCESS = True
    out_of_memory = False
    try:
        with contextlib.redirect_stdout(writing.GuardedStdout(sys.stdout)):
            code = _run_app()
    except MemoryError:
        out_of_memory = True  # reported below, once the traceback and what it holds are freed
    if out_of_memory:
        print(f"planner: error: {OUT_OF_MEMORY}", file=sys.stderr)
        sys.exit(2)
    sys.exit(code)


def _run_app() -> int:
    """Run the app; what escapes the commands (usage, help on a full device, Ctrl-C) is one line too."""
    try:
        code = app(standalone_mode=False)
        writing.flush_stdout()
    except writing.StdoutClosed:
        return writing.BROKEN_PIPE_EXIT
    except writing.OutputError as exc:
        print(f"planner: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except typer.TyperException as exc:
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError":
            return 0  # typer has printed the help already
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        path = getattr(ctx, "command_path", "planner") if ctx is not None else "planner"
        print(f"planner: error: {message} (see '{path} --help')", file=sys.stderr)
        return int(getattr(exc, "exit_code", 2))
    except typer.Abort:
        print("planner: interrupted", file=sys.stderr)
        return 130
    return code if isinstance(code, int) else 0
