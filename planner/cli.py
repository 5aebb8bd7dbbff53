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
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console, RenderableType

from planner.errors import PlannerError, UsageError

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
)

ScenarioArg = Annotated[Path, typer.Argument(help="Scenario file (YAML, schema_version 1).", show_default=False)]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="Output: table, json or markdown.")]
OutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Write the report to this file (atomically) instead of standard output.")]
LevelOpt = Annotated[str, typer.Option("--level", "-l", help="Level to plan: silver or gold.")]
ObjectiveOpt = Annotated[str, typer.Option(
    "--objective", help="exams: fewest new exams, then lowest cost; cost: lowest cost, then fewest exams.")]
TimeLimitOpt = Annotated[float | None, typer.Option(
    "--time-limit", min=0.0, help="Stop the solver after this many seconds and show the best plan found.")]

BudgetOpt = Annotated[float | None, typer.Option(
    "--budget", min=0.0, max=10_000_000_000.0,  # the limit the scenario file has (loading.py): no inf
    help="The plan may cost at most this many US dollars (overrides policy.budget_usd).")]
ResilienceOpt = Annotated[int | None, typer.Option(
    "--resilience", min=0, help="The level must survive any K departures (overrides policy.resilience).")]

CatalogOpt = Annotated[list[Path] | None, typer.Option(
    "--catalog", help="Also load this catalog file (your own competency, in the format of planner/data; "
    "an id we ship is replaced by yours). Repeat for several files.", show_default=False)]
TargetOpt = Annotated[list[str] | None, typer.Option(
    "--target", "-t", help="Plan this goal, written competency:level (e.g. cloud-crm:gold); repeat it to "
    "plan several goals at once with the same staff (overrides the scenario's targets).", show_default=False)]

FORMATS = ("table", "json", "markdown")
REPORT_FORMATS = ("table", "json", "markdown", "html")
ReportFormatOpt = Annotated[str, typer.Option(
    "--format", "-f", help="Output: table, json, markdown or html (one self-contained page with charts).")]
VariantOpt = Annotated[str | None, typer.Option(
    "--variant", help="Plan this variant of the scenario (a name from its variants: list) instead of its base.")]
OBJECTIVES = ("exams", "cost")
PLAN_OBJECTIVES = ("exams", "cost", "time", "risk")
PlanObjectiveOpt = Annotated[str, typer.Option(
    "--objective", help="exams: fewest new exams, then cost; cost: lowest cost, then exams; time: the earliest "
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
    from planner.progress import no_color

    return Console(soft_wrap=False, color_system=None if no_color() else "auto", **kwargs)


def _activity(description: str, total: int | None = None) -> Any:
    """A progress display on stderr after a second of work, on a terminal only, never with --quiet."""
    from planner.progress import Activity, stderr_is_terminal

    return Activity(description, total, enabled=stderr_is_terminal() and not _OPTIONS["quiet"])


def _say_stats(label: str, stats: dict[str, Any]) -> None:
    """--verbose: one line of solver statistics on stderr."""
    if _OPTIONS["verbose"] and stats:
        print(f"planner: stats: {label}: " + ", ".join(f"{k}={v}" for k, v in stats.items()), file=sys.stderr)


def _guard(func: F) -> F:
    """Run a command; PlannerError becomes one line on stderr and its exit code, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PlannerError as exc:
            _fail(str(exc), exc.exit_code)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
            if os.environ.get("PLANNER_DEBUG"):
                raise
            _fail(f"internal error: {type(exc).__name__}: {exc}. This is a bug in the planner: please report "
                  "it with the scenario file attached (set PLANNER_DEBUG=1 for a traceback).", 3)

    return wrapper  # type: ignore[return-value]


def _fail(message: str, code: int) -> None:
    print(f"planner: error: {message}".replace("\n", " "), file=sys.stderr)
    raise typer.Exit(code)


def _choice(name: str, value: str, allowed: tuple[str, ...] | list[str]) -> str:
    if value not in allowed:
        raise UsageError(f"{name} must be one of {', '.join(allowed)} (got '{value}')")
    return value


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
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomically(output, text, inputs)


def write_atomically(target: Path, text: str, inputs: tuple[Path, ...]) -> None:
    """Write via a temporary file and a rename; never overwrite one of the files being read."""
    for source in inputs:
        try:
            if target.exists() and target.resolve() == source.resolve():
                raise UsageError(f"--output {target} is the scenario being read; choose another file")
        except OSError:
            pass
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"--output {target}: folder {parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
    try:
        umask = os.umask(0o022)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a report is for sharing, like any new file
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _catalogs(files: list[Path] | None) -> Any:
    """The shipped catalogs, with the user's --catalog files added."""
    from planner.catalogs import load_catalogs, shipped_catalogs

    return load_catalogs(files) if files else shipped_catalogs()


def _load(path: Path, variant: str | None = None, catalogs: Any = None) -> Any:
    """The scenario (every variant in it validated too), or the variant named `variant`."""
    loaded, variants = _load_all(path, catalogs)
    if variant is None:
        return loaded
    from planner.variants import find_variant

    return find_variant(variants, variant).loaded


_ONE_COMMAND_PROCESS = False
"""Set by main(): the process runs one command and exits, so what it loads may be frozen for the collector."""


def _load_all(path: Path, catalogs: Any = None) -> Any:
    from planner.variants import load_with_variants

    gc.disable()  # one command, one roster: the cycle collector need not scan 100,000 loaded people...
    try:
        loaded = load_with_variants(path, catalogs)
        if _ONE_COMMAND_PROCESS:
            gc.freeze()  # ... neither while they are read nor later, while planning
    finally:
        gc.enable()
    return loaded


def _level_of(loaded: Any, level: str) -> str:
    ids = loaded.catalog.level_ids
    if level not in ids:
        raise UsageError(f"unknown level '{level}'; {loaded.catalog.id} has {', '.join(ids)}")
    return level


@app.command(epilog="Examples: planner plan scenarios/contoso-gold-push.yaml --level gold --format json; "
             "planner plan scenarios/contoso-gold-push.yaml --objective time --schedule")
@_guard
def plan(
    scenario: ScenarioArg,
    level: Annotated[str | None, typer.Option(
        "--level", "-l", help="Level of the scenario's competency to plan: silver or gold (default: the "
        "scenario's targets, else gold).", show_default=False)] = None,
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
        "--alternatives", min=1, max=20,
        help="List up to N distinct plans (at most 20), best first, each with what differs.")] = 1,
    schedule: Annotated[bool, typer.Option(
        "--schedule", help="Book every new exam in a month (policy.exams_per_month, `unavailable` months).")] = False,
    buffer: Annotated[bool, typer.Option(
        "--buffer", help="Add a spare person per slot kind where a failed exam could sink the level.")] = False,
) -> None:
    """The cheapest set of new exams, and who takes them, that reaches a level by the deadline.

    Exits 0 when the level is reachable, 1 when it is not (the answer says why and proposes fixes),
    2 on bad input.
    """
    from planner import html_report, render
    from planner.planning import plan as make_plan

    _choice("--format", fmt, REPORT_FORMATS)
    _choice("--objective", objective, PLAN_OBJECTIVES)
    if level is not None and target:
        raise UsageError("give either --level (one level of the scenario's competency) or --target, not both")
    loaded = _load(scenario, variant, _catalogs(catalog))
    goals = _targets(loaded, target) if level is None else None
    what = level or (", ".join(t.label for t in goals) if goals else "gold")
    with _activity(f"planning {what}"):
        report = make_plan(loaded, _level_of(loaded, level or "gold") if not goals else goals[0].level,
                           objective,  # type: ignore[arg-type]
                           time_limit=time_limit, budget_usd=budget, resilience=resilience,
                           alternatives=alternatives, schedule=schedule, buffer=buffer, targets=goals)
    _emit(fmt, output, json_text=lambda: render.to_json(report), markdown=lambda: render.plan_markdown(report),
          table=lambda: render.plan_table(report), inputs=(scenario,),
          html=lambda: html_report.plan_page(report))
    _say_stats(report.scenario, report.stats)
    raise typer.Exit(0 if report.reachable else 1)


def _targets(loaded: Any, specs: list[str] | None) -> Any:
    """The goals to plan: --target, else the scenario's `targets` (None: neither, plan one level)."""
    from planner.loading import resolve_target

    if not specs:
        if not loaded.scenario.targets:
            return None
        return [resolve_target(t, loaded.scenario, loaded.catalogs) for t in loaded.scenario.targets]
    out = []
    for spec in specs:
        try:
            out.append(resolve_target(spec.strip(), loaded.scenario, loaded.catalogs))
        except ValueError as exc:
            raise UsageError(f"--target {spec}: {exc}") from None
    labels = [t.label for t in out]
    if len(set(labels)) != len(labels):
        raise UsageError(f"--target lists the same goal twice ({', '.join(labels)})")
    return out


@app.command(epilog="Example: planner best scenarios/contoso-gold-push.yaml --budget 3000")
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
    from planner import html_report, render
    from planner.planning import best as make_best

    _choice("--format", fmt, REPORT_FORMATS)
    _choice("--objective", objective, OBJECTIVES)
    loaded = _load(scenario, variant, _catalogs(catalog))
    if len(loaded.catalog.option_catalogs()) > 1:
        raise UsageError(f"best plans one competency without options; {loaded.catalog.id} has options: use "
                         f"planner plan --target {loaded.catalog.id}:LEVEL --budget USD")
    with _activity("finding the best level"):
        report = make_best(loaded, budget, objective, time_limit=time_limit)  # type: ignore[arg-type]
    _emit(fmt, output, json_text=lambda: render.to_json(report), markdown=lambda: render.best_markdown(report),
          table=lambda: render.best_table(report), inputs=(scenario,),
          html=lambda: html_report.best_page(report))
    _say_stats(report.scenario, {**report.stats, **({} if report.plan is None else report.plan.stats)})
    raise typer.Exit(0 if report.best_level else 1)


@app.command(epilog="Example: planner check scenarios/fabrikam-one-exam-from-silver.yaml")
@_guard
def check(scenario: ScenarioArg, fmt: FormatOpt = "table", output: OutputOpt = None,
          catalog: CatalogOpt = None,
          competency: Annotated[str | None, typer.Option(
              "--competency", help="Check this competency (default: the scenario's `competency`, or its "
              "first target's), in the revision in force on as_of or named by rules_revision.",
              show_default=False)] = None) -> None:
    """Where the partner stands today (on as_of) for every level, and what is missing."""
    from planner import render
    from planner.planning import check as make_check

    _choice("--format", fmt, FORMATS)
    loaded = _load(scenario, catalogs=_catalogs(catalog))
    if competency is not None:
        from dataclasses import replace

        from planner.loading import revision_for, unknown_competency_message

        if competency not in loaded.catalogs.by_id:
            raise UsageError(f"--competency: {unknown_competency_message(competency, loaded.catalogs)}")
        revision, notes = revision_for(loaded.scenario, competency, loaded.catalogs)
        loaded = replace(loaded, catalog=revision, notes=notes)
    report = make_check(loaded)
    _emit(fmt, output, json_text=lambda: render.to_json(report), markdown=lambda: render.check_markdown(report),
          table=lambda: render.check_table(report), inputs=(scenario,))


@app.command(epilog="Examples: planner compare scenarios/contoso-what-if.yaml (a scenario and its variants); "
             "planner compare scenarios/contoso-gold-push.yaml scenarios/contoso-consultant-leaves.yaml")
@_guard
def compare(
    scenarios: Annotated[list[Path], typer.Argument(
        help="Scenario files: one with variants, or two or more.", show_default=False)],
    level: Annotated[str | None, typer.Option(
        "--level", "-l", help="Level to compare: silver or gold (default: each scenario's targets, else gold).",
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
    from planner import html_report, render
    from planner.variants import CompareEntry, compare_entries, entries_for

    _choice("--format", fmt, REPORT_FORMATS)
    _choice("--objective", objective, OBJECTIVES)
    entries: list[CompareEntry] = []
    catalogs = _catalogs(catalog)
    for path in scenarios:
        try:
            loaded, variants = _load_all(path, catalogs)
            if level is not None:
                _level_of(loaded, level)
        except UsageError:
            raise
        except PlannerError as exc:
            if exc.exit_code != 2:
                raise
            print(f"planner: error: {exc}", file=sys.stderr)
            entries.append(CompareEntry(str(path), error=str(exc)))
            continue
        entries += entries_for(str(path), loaded, variants)
    with _activity(f"planning {level or 'the targets'}", total=len(entries)) as progress:
        report, plans = compare_entries(entries, level, objective, time_limit=time_limit,  # type: ignore[arg-type]
                                        on_step=progress.step)
    for entry, row in zip(entries, report.scenarios, strict=True):
        if row.error and entry.error is None:  # a problem found while planning
            print(f"planner: error: {row.error}", file=sys.stderr)
    _emit(fmt, output, json_text=lambda: render.to_json(report),
          markdown=lambda: render.compare_markdown(report), table=lambda: render.compare_table(report),
          inputs=tuple(scenarios), html=lambda: html_report.compare_page(report, plans))
    for row, plan_report in zip(report.scenarios, plans, strict=True):
        if plan_report is not None:
            _say_stats(row.variant or row.scenario or row.file, plan_report.stats)
    raise typer.Exit(2 if any(row.error for row in report.scenarios) else 0)


CompetencyOpt = Annotated[str | None, typer.Option(
    "--competency", help="Only this competency (default: every known one; for --diff: cloud-crm).")]
RevisionOpt = Annotated[str | None, typer.Option(
    "--revision", metavar="DATE", help="Show this revision (YYYY-MM-DD) instead of the latest: of --competency, "
    "else of every competency that has one of that date.")]
DiffOpt = Annotated[tuple[str, str] | None, typer.Option(
    "--diff", metavar="A B", help="What changed from revision A to revision B (two dates) of --competency.")]
CatalogOpt = Annotated[list[Path] | None, typer.Option(
    "--catalog", metavar="FILE", help="Also read this catalog file (repeatable); its competency id replaces "
    "every shipped revision of that id.")]


@app.command(epilog="Examples: planner rules; planner rules --competency cloud-crm --revision 2017-06-27; "
             "planner rules --diff 2017-07-07 2017-11-16 --format json")
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
    Then a revision in full (the latest, or --revision DATE): levels, slots and who may fill them,
    exam lists with dates, revenue gates per market, DPOR, notes and sources.
    --diff A B lists what changed from revision A to revision B instead.
    """
    import datetime as dt

    from models.catalog import Catalog
    from planner import render
    from planner.catalogs import DEFAULT_COMPETENCY, Catalogs, load_catalogs, shipped_catalogs
    from planner.rules_diff import diff_catalogs

    def day(option: str, value: str) -> dt.date:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise UsageError(f"{option} must be a date such as 2017-11-16 (got '{value}')") from None

    def dated(cid: str, when: dt.date, option: str) -> Catalog:
        try:
            return known.revision(cid, when)
        except KeyError:
            dates = ", ".join(str(c.revision) for c in known.revisions(cid))
            raise UsageError(f"{option}: {cid} has no revision of {when}; its revisions are {dates}") from None

    _choice("--format", fmt, FORMATS)
    if diff is not None and revision is not None:
        raise UsageError("give --revision or --diff, not both")
    known = load_catalogs(catalog) if catalog else shipped_catalogs()
    if competency is not None:
        _choice("--competency", competency, known.ids())
    if diff is not None:
        cid = competency or DEFAULT_COMPETENCY
        _choice("--competency", cid, known.ids())
        a, b = (dated(cid, day("--diff", value), "--diff") for value in diff)
        changes = diff_catalogs(a, b)
        _emit(fmt, output, json_text=lambda: render.to_json(render.rules_diff_data(changes)),
              markdown=lambda: render.rules_diff_markdown(changes, a, b),
              table=lambda: render.rules_diff_table(changes, a, b), inputs=tuple(catalog or ()))
        return
    ids = [competency] if competency is not None else known.ids()
    if revision is None:
        shown = [known.latest(i) for i in ids]
    else:
        when = day("--revision", revision)
        if competency is not None:
            shown = [dated(competency, when, "--revision")]
        else:
            shown = [c for i in ids for c in known.revisions(i) if c.revision == when]
            if not shown:
                listed = "; ".join(f"{i} {', '.join(str(c.revision) for c in known.revisions(i))}" for i in ids)
                raise UsageError(f"--revision: no competency has a revision of {when}; known revisions: {listed}")
    index = Catalogs({i: known.revisions(i) for i in ids}, known.custom)
    _emit(fmt, output, json_text=lambda: render.to_json(render.rules_data(shown)),
          markdown=lambda: render.rules_markdown(shown, index), table=lambda: render.rules_table(shown, index),
          inputs=tuple(catalog or ()))


@app.command(epilog="Example: planner validate scenarios/contoso-gold-push.yaml")
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


@app.command(epilog="Example: planner schema > scenario.schema.json")
@_guard
def schema() -> None:
    """Print the JSON Schema of the scenario file format (schema_version 1)."""
    from models.scenario import Scenario

    sys.stdout.write(json.dumps(Scenario.model_json_schema(), indent=2) + "\n")


@app.command(epilog="Example: planner generate --staff 100000 --seed 1 --out big.yaml")
@_guard
def generate(
    staff: Annotated[int, typer.Option("--staff", min=0, help="How many people on the roster.",
                                       show_default=False)],
    seed: Annotated[int, typer.Option("--seed", help="Random seed: the same seed gives the same file.",
                                      show_default=False)],
    out: Annotated[Path | None, typer.Option(
        "--out", help="Write the scenario to this file (atomically) instead of standard output.")] = None,
    as_of: Annotated[str, typer.Option(
        "--as-of", help="The roster's day (YYYY-MM-DD); the deadline is 222 days later.")] = "2017-11-20",
) -> None:
    """Write a realistic synthetic scenario (YAML): a large roster for trying the planner at scale.

    Most hold no exam of the competency; of the few who hold every list, all but one leave.
    """
    import datetime as dt

    from planner.generate import generate_scenario

    try:
        day = dt.date.fromisoformat(as_of)
    except ValueError:
        raise UsageError(f"--as-of must be a date such as 2017-11-20 (got '{as_of}')") from None
    text = generate_scenario(staff, seed, as_of=day)
    if out is None:
        sys.stdout.write(text)
    else:
        write_atomically(out, text, ())


@app.command("import-roster", epilog="Example: planner import-roster scenarios/contoso-skills-report.csv "
             "--out contoso.yaml --market developed --revenue 320000 --dpor")
@_guard
def import_roster(
    csv_file: Annotated[Path, typer.Argument(
        help="Skills report (CSV): one row per person and exam, with a header line.", show_default=False)],
    out: Annotated[Path | None, typer.Option(
        "--out", help="Write the scenario to this file (atomically) instead of standard output.")] = None,
    columns: Annotated[str | None, typer.Option(
        "--columns", help="Which column holds what, e.g. name=Full Name,id=Email,exam=Exam,date=Passed "
        "(default: found by name).")] = None,
    name: Annotated[str | None, typer.Option(
        "--name", help="The scenario's name (default: from the file name).")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="The day the roster is true, YYYY-MM-DD (default: the latest pass in the file).",
    )] = None,
    deadline: Annotated[str | None, typer.Option(
        "--deadline", help="The day the level must hold, YYYY-MM-DD (default: as_of + 365 days).")] = None,
    market: Annotated[str | None, typer.Option(
        "--market", help="developed or developing (default: a placeholder to edit).")] = None,
    revenue: Annotated[float | None, typer.Option(
        "--revenue", min=0.0, max=10_000_000_000.0,
        help="Trailing-12-month net new CRM cloud revenue, US$ (default: a placeholder, 0).")] = None,
    dpor: Annotated[bool | None, typer.Option(
        "--dpor/--no-dpor",
        help="Digital Partner of Record for those customers (default: a placeholder, no).",
        show_default=False)] = None,
    date_order: Annotated[str | None, typer.Option(
        "--date-order", help="How to read dates such as 04/05/2017: dmy (day first) or mdy (month first); "
        "default: as the file shows, else an error.")] = None,
    skip_other_exams: Annotated[bool, typer.Option(
        "--skip-other-exams", help="Leave out rows whose exam is not in the competency (listed on stderr) "
        "instead of stopping.")] = False,
    encoding: Annotated[str, typer.Option("--encoding", help="The file's text encoding.")] = "utf-8-sig",
    competency: Annotated[str, typer.Option(
        "--competency", help="The competency the roster is planned for.")] = "cloud-crm",
) -> None:
    """Build a scenario's staff from a skills report (CSV exported from Excel or Partner Center).

    Every row problem (unknown exam code, duplicate, missing id, malformed or ambiguous date) is listed as
    FILE:LINE: what; with any problem nothing is written (exit 2). The scenario written validates as it is;
    check the organization lines marked '# EDIT' before planning.
    """
    import datetime as dt

    from planner.catalogs import shipped_catalog, shipped_catalog_ids
    from planner.roster_import import Organization, RosterError, parse_columns_option, read_csv_text
    from planner.roster_import import import_roster as run_import

    def day(option: str, value: str | None) -> dt.date | None:
        try:
            return None if value is None else dt.date.fromisoformat(value)
        except ValueError:
            raise UsageError(f"{option} must be a date such as 2017-11-20 (got '{value}')") from None

    if date_order is not None:
        _choice("--date-order", date_order, ("dmy", "mdy"))
    if market is not None:
        market = "developing" if market.strip().lower() == "emerging" else market.strip().lower()
        _choice("--market", market, ("developed", "developing"))
    _choice("--competency", competency, shipped_catalog_ids())
    shown = str(csv_file)
    text = read_csv_text(csv_file, shown, encoding)
    with _activity("importing the roster"):
        try:
            result = run_import(
                text, shown, shipped_catalog(competency), columns=parse_columns_option(columns), name=name,
                as_of=day("--as-of", as_of), deadline=day("--deadline", deadline),
                organization=Organization(market=market, revenue_usd=revenue, dpor=dpor),
                date_order=date_order, skip_other_exams=skip_other_exams,  # type: ignore[arg-type]
                out_name=str(out) if out else "the imported scenario")
        except RosterError as exc:
            for line in exc.problems:
                print(f"planner: error: {line}", file=sys.stderr)
            _fail(str(exc), exc.exit_code)
    for note in result.notes:
        if not _OPTIONS["quiet"]:
            print(f"planner: note: {note}", file=sys.stderr)
    _write(output, result.text)
    if output is not None and not _OPTIONS["quiet"]:
        from planner.render_words import plural

        print(f"planner: wrote {output}: {plural(result.people, 'person', 'people')}, "
              f"{plural(result.passes, 'pass', 'passes')} from {plural(result.rows, 'row')}",
              file=sys.stderr)


def main() -> None:
    """Console-script entry point: usage errors are one line too, never a box or a traceback."""
    global _ONE_COMMAND_PROCESS
    _ONE_COMMAND_PROCESS = True
    try:
        code = app(standalone_mode=False)
    except typer.TyperException as exc:
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError":
            sys.exit(0)  # typer has printed the help already
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        path = getattr(ctx, "command_path", "planner") if ctx is not None else "planner"
        print(f"planner: error: {message} (see '{path} --help')", file=sys.stderr)
        sys.exit(getattr(exc, "exit_code", 2))
    except typer.Abort:
        print("planner: interrupted", file=sys.stderr)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
