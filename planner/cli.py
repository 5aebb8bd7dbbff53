"""The `planner` command: parses arguments, calls the library, prints reports, maps errors to exit codes.

Exit codes: 0 success (the level is reachable), 1 the level is not reachable (the answer is still
printed), 2 bad input or usage (one line on stderr), 3 internal error (a plan failed its re-check).
"""

from __future__ import annotations

import functools
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
    "--budget", min=0.0, help="The plan may cost at most this many US dollars (overrides policy.budget_usd).")]
ResilienceOpt = Annotated[int | None, typer.Option(
    "--resilience", min=0, help="The level must survive any K departures (overrides policy.resilience).")]

FORMATS = ("table", "json", "markdown")
OBJECTIVES = ("exams", "cost")


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
          table: Callable[[], RenderableType], inputs: tuple[Path, ...] = ()) -> None:
    """Print (or write to --output) the report in the chosen format."""
    if fmt == "json":
        text = json_text()
    elif fmt == "markdown":
        text = markdown()
    else:
        if output is None:
            Console(soft_wrap=False).print(table())
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
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _load(path: Path) -> Any:
    from planner.loading import load_scenario

    return load_scenario(path)


def _level_of(loaded: Any, level: str) -> str:
    ids = [lv.id for lv in loaded.catalog.levels]
    if level not in ids:
        raise UsageError(f"unknown level '{level}'; {loaded.catalog.id} has {', '.join(ids)}")
    return level


@app.command(epilog="Example: planner plan scenarios/contoso-gold-push.yaml --level gold --format json")
@_guard
def plan(
    scenario: ScenarioArg,
    level: LevelOpt = "gold",
    objective: ObjectiveOpt = "exams",
    fmt: FormatOpt = "table",
    time_limit: TimeLimitOpt = None,
    output: OutputOpt = None,
    budget: BudgetOpt = None,
    resilience: ResilienceOpt = None,
    alternatives: Annotated[int, typer.Option(
        "--alternatives", min=1, help="List up to N distinct plans, best first, each with what differs.")] = 1,
) -> None:
    """The cheapest set of new exams, and who takes them, that reaches a level by the deadline.

    Exits 0 when the level is reachable, 1 when it is not (the answer says why and proposes fixes),
    2 on bad input.
    """
    from planner import render
    from planner.planning import plan as make_plan

    _choice("--format", fmt, FORMATS)
    _choice("--objective", objective, OBJECTIVES)
    loaded = _load(scenario)
    report = make_plan(loaded, _level_of(loaded, level), objective,  # type: ignore[arg-type]
                       time_limit=time_limit, budget_usd=budget, resilience=resilience,
                       alternatives=alternatives)
    _emit(fmt, output, json_text=lambda: render.to_json(report), markdown=lambda: render.plan_markdown(report),
          table=lambda: render.plan_table(report), inputs=(scenario,))
    raise typer.Exit(0 if report.reachable else 1)


@app.command(epilog="Example: planner best scenarios/contoso-gold-push.yaml --budget 3000")
@_guard
def best(
    scenario: ScenarioArg,
    budget: BudgetOpt = None,
    objective: ObjectiveOpt = "exams",
    fmt: FormatOpt = "table",
    time_limit: TimeLimitOpt = None,
    output: OutputOpt = None,
) -> None:
    """The highest level reachable within a budget, its plan, and how far short the next level falls.

    Exits 0 when some level is reachable, 1 when none is.
    """
    from planner import render
    from planner.planning import best as make_best

    _choice("--format", fmt, FORMATS)
    _choice("--objective", objective, OBJECTIVES)
    report = make_best(_load(scenario), budget, objective, time_limit=time_limit)  # type: ignore[arg-type]
    _emit(fmt, output, json_text=lambda: render.to_json(report), markdown=lambda: render.best_markdown(report),
          table=lambda: render.best_table(report), inputs=(scenario,))
    raise typer.Exit(0 if report.best_level else 1)


@app.command(epilog="Example: planner check scenarios/fabrikam-one-exam-from-silver.yaml")
@_guard
def check(scenario: ScenarioArg, fmt: FormatOpt = "table", output: OutputOpt = None) -> None:
    """Where the partner stands today (on as_of) for every level, and what is missing."""
    from planner import render
    from planner.planning import check as make_check

    _choice("--format", fmt, FORMATS)
    report = make_check(_load(scenario))
    _emit(fmt, output, json_text=lambda: render.to_json(report), markdown=lambda: render.check_markdown(report),
          table=lambda: render.check_table(report), inputs=(scenario,))


@app.command(epilog="Example: planner compare scenarios/contoso-gold-push.yaml scenarios/contoso-consultant-leaves.yaml")
@_guard
def compare(
    scenarios: Annotated[list[Path], typer.Argument(help="Two or more scenario files.", show_default=False)],
    level: LevelOpt = "gold",
    objective: ObjectiveOpt = "exams",
    fmt: FormatOpt = "table",
    time_limit: TimeLimitOpt = None,
    output: OutputOpt = None,
) -> None:
    """Plan several scenarios for the same level and show them side by side.

    A file that cannot be read is listed with its error; the others are still compared (exit 2).
    """
    from models.report import CompareReport, CompareRow
    from planner import render
    from planner.planning import compare_row

    _choice("--format", fmt, FORMATS)
    _choice("--objective", objective, OBJECTIVES)
    rows: list[CompareRow] = []
    bad = 0
    for path in scenarios:
        try:
            loaded = _load(path)
            row, _ = compare_row(str(path), loaded, _level_of(loaded, level), objective,  # type: ignore[arg-type]
                                 time_limit=time_limit)
        except UsageError:
            raise
        except PlannerError as exc:
            if exc.exit_code != 2:
                raise
            bad += 1
            print(f"planner: error: {exc}", file=sys.stderr)
            row = CompareRow(file=str(path), error=str(exc))
        rows.append(row)
    report = CompareReport(level=level, objective=objective, scenarios=rows)  # type: ignore[arg-type]
    _emit(fmt, output, json_text=lambda: render.to_json(report),
          markdown=lambda: render.compare_markdown(report), table=lambda: render.compare_table(report),
          inputs=tuple(scenarios))
    raise typer.Exit(2 if bad else 0)


@app.command(epilog="Example: planner rules --format markdown")
@_guard
def rules(
    competency: Annotated[str | None, typer.Option(help="Only this competency (default: all shipped).")] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """The competency rules as a person reads them: levels, exam lists, dates and sources."""
    from planner import render
    from planner.catalogs import shipped_catalog, shipped_catalog_ids

    _choice("--format", fmt, FORMATS)
    ids = shipped_catalog_ids()
    if competency is not None:
        _choice("--competency", competency, ids)
        ids = [competency]
    catalogs = [shipped_catalog(i) for i in ids]
    _emit(fmt, output, json_text=lambda: render.to_json(render.rules_data(catalogs)),
          markdown=lambda: render.rules_markdown(catalogs), table=lambda: render.rules_table(catalogs))


@app.command(epilog="Example: planner validate scenarios/contoso-gold-push.yaml")
@_guard
def validate(scenario: ScenarioArg) -> None:
    """Load and check a scenario file only; print a one-line summary (exit 2 on the first problem)."""
    loaded = _load(scenario)
    s = loaded.scenario
    leaving = sum(1 for p in s.staff if p.leaves_on is not None and p.leaves_on <= s.deadline)
    print(f"{scenario}: ok - {s.name}: {loaded.catalog.id}, {len(s.staff)} people"
          + (f" ({leaving} leaving by the deadline)" if leaving else "")
          + f", {s.organization.market} market, as_of {s.as_of}, deadline {s.deadline}")


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


def main() -> None:
    """Console-script entry point: usage errors are one line too, never a box or a traceback."""
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
