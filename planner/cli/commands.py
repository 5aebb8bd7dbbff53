"""The `planner` commands: each parses its arguments, calls the library's typed API (`planner`), and shows
the report it returns; planner/cli/running.py turns failures into one line and an exit code.

Exit codes: 0 success (the level is reachable), 1 the level is not reachable (the answer is still
printed), 2 bad input or usage (one line on stderr), 3 internal error (a plan failed its re-check).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

import planner
from planner.cli import inputs
from planner.cli.help import PlannerCommand, PlannerGroup, completer, within
from planner.cli.options import (
    DATE_ORDERS,
    DIFFERS,
    FORMATS,
    LEVELS,
    MARKETS,
    OBJECTIVES,
    PLAN_OBJECTIVES,
    REPORT_FORMATS,
    SHIPPED,
    BudgetOpt,
    CatalogOpt,
    CompetencyOpt,
    DiffOpt,
    FormatOpt,
    ObjectiveOpt,
    OutputOpt,
    PlanObjectiveOpt,
    ReportFormatOpt,
    ResilienceOpt,
    RevisionOpt,
    ScenarioArg,
    ScenarioOutputOpt,
    TargetOpt,
    TimeLimitOpt,
    VariantOpt,
    choice,
    competency_ids,
    goal_ids,
    output_format,
    yaml_output,
)
from planner.cli.options import competency as known_competency
from planner.cli.output import activity, emit, sane_columns, say_stats, write
from planner.cli.running import OUT_OF_MEMORY, RUN, Discard, fail, guarded, say
from planner.cli.values import count, money
from planner.errors import UsageError
from planner.report import writing

if TYPE_CHECKING:
    from models.catalog import Catalog
    from planner import Catalogs

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
    RUN.quiet, RUN.verbose = quiet, verbose
    if quiet:
        ctx.with_resource(contextlib.redirect_stdout(Discard()))


@app.command(cls=PlannerCommand, epilog="Examples:\n"
             "  planner plan scenarios/contoso-gold-push.yaml --level gold --format json\n"
             "  planner plan scenarios/contoso-gold-push.yaml --objective time --schedule")
@guarded
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
    fmt: ReportFormatOpt = None,
    time_limit: TimeLimitOpt = None,
    output: OutputOpt = None,
    budget: BudgetOpt = None,
    resilience: ResilienceOpt = None,
    variant: VariantOpt = None,
    alternatives: Annotated[int, typer.Option(
        "--alternatives", metavar="N", parser=count, callback=within(1, 20),
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
    from planner.report import html as html_report
    from planner.report import render
    from planner.rules.catalogs import default_level

    form = output_format(fmt, output, REPORT_FORMATS)
    goal = choice("--objective", objective, PLAN_OBJECTIVES)
    differ = choice("--alternatives-differ", alternatives_differ, DIFFERS)
    if level is not None and target:
        raise UsageError("give either --level (one level of the scenario's competency) or --target, not both")
    loaded = inputs.load(scenario, variant, inputs.catalogs_of(catalog))
    goals = inputs.targets(loaded, target) if level is None else None
    what = level or (", ".join(t.label for t in goals) if goals else default_level(loaded.catalog))
    with activity(f"planning {what}"):
        report = planner.plan(loaded, inputs.level_of(loaded, level or default_level(loaded.catalog))
                              if not goals else goals[0].level,
                              goal, time_limit=time_limit, budget_usd=budget, resilience=resilience,
                              alternatives=alternatives, schedule=schedule, buffer=buffer, targets=goals,
                              alternatives_differ=differ, compare_objectives=True, goals_that_fit=True)
    emit(form, output, json_text=lambda: render.to_json(report),
         markdown=lambda: render.plan_markdown(report),
         table=lambda: render.plan_table(report), inputs=(scenario,),
         html=lambda: html_report.plan_page(report))
    say_stats(report.scenario, report.stats)
    raise typer.Exit(0 if report.reachable else 1)



@app.command(cls=PlannerCommand,
             epilog="Example:\n  planner best scenarios/contoso-gold-push.yaml --budget 3000")
@guarded
def best(
    scenario: ScenarioArg,
    budget: BudgetOpt = None,
    objective: ObjectiveOpt = "exams",
    fmt: ReportFormatOpt = None,
    time_limit: TimeLimitOpt = None,
    output: OutputOpt = None,
    variant: VariantOpt = None,
    catalog: CatalogOpt = None,
    target: Annotated[list[str] | None, typer.Option(
        "--target", "-t", metavar="GOAL", autocompletion=completer(goal_ids),
        help="Goals (competency:level) to reach together: repeat it to find the largest set of them the "
        "budget reaches with the same staff, and what each one left out would cost (default: the "
        "scenario's `targets`).",
        show_default=False)] = None,
) -> None:
    """The highest level reachable within a budget, its plan, and how far short the next level falls.

    With --target, or a scenario listing several `targets`: the largest set of them the budget reaches
    together, its plan, and what each target left out would cost. Exits 0 when some level (target) is
    reachable, 1 when none is.
    """
    from planner.report import html as html_report
    from planner.report import render

    form = output_format(fmt, output, REPORT_FORMATS)
    goal = choice("--objective", objective, OBJECTIVES)
    loaded = inputs.load(scenario, variant, inputs.catalogs_of(catalog))
    goals = inputs.targets(loaded, target)  # as plan reads them: --target, else the scenario's `targets`
    if target or (goals is not None and len(goals) > 1):
        from planner.core.best_set import best_set

        with activity("finding the most targets within the budget"):
            found = best_set(loaded, goals or [], budget, goal, time_limit=time_limit)
        emit(form, output, json_text=lambda: render.to_json(found),
             markdown=lambda: render.best_set_markdown(found),
             table=lambda: render.best_set_table(found), inputs=(scenario,),
             html=lambda: html_report.best_set_page(found))
        raise typer.Exit(0 if found.best_set else 1)
    with activity("finding the best level"):
        report = planner.best(loaded, budget, goal, time_limit=time_limit)
    emit(form, output, json_text=lambda: render.to_json(report),
         markdown=lambda: render.best_markdown(report),
         table=lambda: render.best_table(report), inputs=(scenario,),
         html=lambda: html_report.best_page(report))
    say_stats(report.scenario, {**report.stats, **({} if report.plan is None else report.plan.stats)})
    raise typer.Exit(0 if report.best_level else 1)


@app.command(cls=PlannerCommand,
             epilog="Example:\n  planner check scenarios/northwind-mb2-709-retirement.yaml")
@guarded
def check(scenario: ScenarioArg, fmt: ReportFormatOpt = None, output: OutputOpt = None,
          catalog: CatalogOpt = None,
          competency: Annotated[list[str] | None, typer.Option(
              "--competency", metavar="ID", autocompletion=completer(competency_ids),
              help=f"Check this competency: {SHIPPED}, or one a --catalog file adds (default: the "
              "scenario's `competency`, or its first target's), in the revision in force on as_of or named "
              "by rules_revision; repeat it, or write 'all' (every Solutions Partner designation), for one "
              "table of every designation named.", show_default=False)] = None) -> None:
    """Where the partner stands today (on as_of) and on the deadline for every level, and what is missing.

    A scored level (a Solutions Partner designation) shows its points per metric. Names each pass that
    stops counting (or certification that expires) and each person who leaves before the deadline when
    it costs a level a slot or points. With several --competency (or 'all'): first one row per
    designation (points today and on the deadline, the track that counts, what is missing), then each.
    """
    from planner.report import html_check, render

    form = output_format(fmt, output, REPORT_FORMATS)
    loaded = inputs.load(scenario, catalogs=inputs.catalogs_of(catalog))
    named = inputs.competencies_named(loaded, competency or [])
    if len(named) > 1 or "all" in [c.lower() for c in competency or []]:
        from planner.explain.designations import check_several

        several = check_several([inputs.with_competency(loaded, c) for c in named])
        emit(form, output, json_text=lambda: render.to_json(several),
             markdown=lambda: render.check_several_markdown(several),
             table=lambda: render.check_several_table(several), inputs=(scenario,),
             html=lambda: html_check.check_several_page(several))
        return
    if named:
        loaded = inputs.with_competency(loaded, named[0])
    report = planner.check(loaded, every_target=not named)
    emit(form, output, json_text=lambda: render.to_json(report),
         markdown=lambda: render.check_markdown(report),
         table=lambda: render.check_table(report), inputs=(scenario,),
         html=lambda: html_check.check_page(report))


@app.command(cls=PlannerCommand, epilog="Examples:\n"
             "  planner ladder scenarios/contoso-gold-push.yaml\n"
             "  planner ladder roster.yaml --competency all -o ladder.html")
@guarded
def ladder(scenario: ScenarioArg, fmt: ReportFormatOpt = None, output: OutputOpt = None,
           catalog: CatalogOpt = None, time_limit: TimeLimitOpt = None, variant: VariantOpt = None,
           competency: Annotated[list[str] | None, typer.Option(
               "--competency", metavar="ID", autocompletion=completer(competency_ids),
               help=f"A row for every level of this competency: {SHIPPED}, or one a --catalog file adds, in "
               "the revision in force on as_of or named by rules_revision; repeat it, or write 'all' (every "
               "Solutions Partner designation in force on as_of). Default: the scenario's targets, else "
               "every level of its competency.", show_default=False)] = None) -> None:
    """Where do we stand, and what would each level or designation cost: one row per level, side by side.

    Each row: the standing today and on the deadline without a plan (points or slots against those
    needed), then the fewest-exams plan and the cheapest plan, each with its cost split into exam fees,
    staff hours and hires ("met already", or "out of reach" and why); for a scored level a few points short
    on the deadline, what one more person or one more of a figure would add. Every plan is planned at any
    budget and re-checked as every plan is. Exits 0.
    """
    from planner.explain.ladder import every_level
    from planner.report import render
    from planner.report.ladder import ladder_page

    form = output_format(fmt, output, REPORT_FORMATS)
    loaded = inputs.load(scenario, variant, inputs.catalogs_of(catalog))
    named = inputs.competencies_named(loaded, competency or [])
    rungs = [r for cid in named for r in every_level(inputs.with_competency(loaded, cid))] if named else None
    with activity("planning every level"):
        report = planner.ladder(loaded, rungs, time_limit=time_limit)
    emit(form, output, json_text=lambda: render.to_json(report),
         markdown=lambda: render.ladder_markdown(report),
         table=lambda: render.ladder_table(report), inputs=(scenario,),
         html=lambda: ladder_page(report))
    say_stats(report.scenario, report.stats)


@app.command(cls=PlannerCommand, epilog="Examples (a scenario and its variants; two scenarios):\n"
             "  planner compare scenarios/contoso-what-if.yaml\n"
             "  planner compare scenarios/contoso-gold-push.yaml \\\n"
             "      scenarios/contoso-consultant-leaves.yaml")
@guarded
def compare(
    scenarios: Annotated[list[Path], typer.Argument(
        help="Scenario files: one with variants, or two or more.", show_default=False)],
    level: Annotated[str | None, typer.Option(
        "--level", "-l", metavar="LEVEL", autocompletion=completer(LEVELS),
        help="silver or gold: the level to compare (default: each scenario's targets, else gold).",
        show_default=False)] = None,
    objective: ObjectiveOpt = "exams",
    fmt: ReportFormatOpt = None,
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

    form = output_format(fmt, output, REPORT_FORMATS)
    goal = choice("--objective", objective, OBJECTIVES)
    entries, level = compare_inputs(scenarios, level, inputs.catalogs_of(catalog), load=inputs.load_all)
    _say_errors(entry.error for entry in entries)  # files that cannot be read: the others are compared
    with activity(f"planning {level or 'the targets'}", total=len(entries)) as progress:
        report, plans = compare_entries(entries, level, goal, time_limit=time_limit, on_step=progress.step)
    _say_errors(row.error if entry.error is None else None  # problems found while planning
                for entry, row in zip(entries, report.scenarios, strict=True))
    emit(form, output, json_text=lambda: render.to_json(report),
         markdown=lambda: render.compare_markdown(report, plans),
         table=lambda: render.compare_table(report, plans),
         inputs=tuple(scenarios), html=lambda: html_report.compare_page(report, plans))
    for row, plan_report in zip(report.scenarios, plans, strict=True):
        if plan_report is not None:
            say_stats(row.variant or row.scenario or row.file, plan_report.stats)
    raise typer.Exit(2 if any(row.error for row in report.scenarios) else 0)


def _say_errors(messages: Iterable[str | None]) -> None:
    """Each message (None: none) as an error line on stderr."""
    for message in messages:
        if message:
            say(f"planner: error: {message}")


def _day(option: str, value: str) -> dt.date:
    """A YYYY-MM-DD option value as a date (a usage error otherwise)."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} must be a date such as 2017-11-16 (got '{value}')") from None


def _dated(known: Catalogs, cid: str, when: dt.date, option: str) -> Catalog:
    """The revision of competency `cid` dated `when` (a usage error listing its revisions otherwise)."""
    try:
        return known.revision(cid, when)
    except KeyError:
        dates = ", ".join(str(c.revision) for c in known.revisions(cid))
        raise UsageError(f"{option}: {cid} has no revision of {when}; its revisions are {dates}") from None


def _shown_revisions(known: Catalogs, ids: list[str], competency: str | None, revision: str | None
                     ) -> list[Catalog]:
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
@guarded
def rules(
    competency: CompetencyOpt = None,
    revision: RevisionOpt = None,
    diff: DiffOpt = None,
    catalog: CatalogOpt = None,
    fmt: FormatOpt = None,
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
    from planner.rules.catalogs import DEFAULT_COMPETENCY, Catalogs
    from planner.rules.diff import diff_catalogs

    form = output_format(fmt, output, FORMATS)
    if diff is not None and revision is not None:
        raise UsageError("give --revision or --diff, not both")
    known = inputs.catalogs_of(catalog)
    if competency is not None:
        competency = known_competency(competency, known.ids())
    if diff is not None:
        cid = competency or DEFAULT_COMPETENCY
        known_competency(cid, known.ids())
        a, b = (_dated(known, cid, _day("--diff", value), "--diff") for value in diff)
        changes = diff_catalogs(a, b, titles={c.id: c.title for c in known.certifications.certifications})
        emit(form, output, json_text=lambda: render.to_json(render.rules_diff_data(changes)),
             markdown=lambda: render.rules_diff_markdown(changes, a, b),
             table=lambda: render.rules_diff_table(changes, a, b), inputs=tuple(catalog or ()))
        return
    ids = [competency] if competency is not None else known.ids()
    shown = _shown_revisions(known, ids, competency, revision)
    index = Catalogs({i: known.revisions(i) for i in ids}, known.custom, known.certifications)
    emit(form, output, json_text=lambda: render.to_json(render.rules_data(shown)),
         markdown=lambda: render.rules_markdown(shown, index),
         table=lambda: render.rules_table(shown, index), inputs=tuple(catalog or ()))


@app.command(cls=PlannerCommand, epilog="Example:\n  planner validate scenarios/contoso-gold-push.yaml")
@guarded
def validate(scenario: ScenarioArg, catalog: CatalogOpt = None) -> None:
    """Load and check a scenario file only; print a one-line summary (exit 2 on the first problem)."""
    from planner.report.words import shown  # a file name or scenario name with an escape code in it
    from planner.rules.domain import due

    loaded = inputs.load(scenario, catalogs=inputs.catalogs_of(catalog))
    s = loaded.scenario
    leaving = sum(1 for p in s.staff if p.leaves_on is not None and p.leaves_on <= due(s))
    goals = ", ".join(s.targets) if s.targets else loaded.catalog.id
    line = (f"{scenario}: ok - {s.name}: {goals} (rules of {loaded.catalog.revision}), {len(s.staff)} people"
            + (f" ({leaving} leaving by the deadline)" if leaving else "")
            + (f", {s.organization.market} market" if s.organization.market else "")
            + f", as_of {s.as_of}, deadline {s.deadline}"
            + (f", {len(s.variants)} variant{'s' if len(s.variants) != 1 else ''}" if s.variants else ""))
    print(shown(line))


@app.command(cls=PlannerCommand, epilog="Example:\n  planner schema -o scenario.schema.json")
@guarded
def schema(output: OutputOpt = None) -> None:
    """Print the JSON Schema of the scenario file format (schema_version 1), or write it to --output."""
    from models.scenario import Scenario

    write(output, json.dumps(Scenario.model_json_schema(), indent=2) + "\n", form="json")


def _day_or_none(option: str, value: str | None) -> dt.date | None:
    """An optional YYYY-MM-DD option value as a date (a usage error otherwise)."""
    try:
        return None if value is None else dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} must be a date such as 2017-11-20 (got '{value}')") from None


@app.command(cls=PlannerCommand,
             epilog="Example:\n  planner generate --staff 100000 --seed 1 --output big.yaml")
@guarded
def generate(
    staff: Annotated[int, typer.Option("--staff", metavar="N", parser=count, callback=within(0),
                                       show_default=False, help="How many people on the roster, at most "
                                       "500,000.")],
    seed: Annotated[int, typer.Option("--seed", metavar="N", parser=count, show_default=False,
                                      help="Random seed: the same seed gives the same file.")],
    output: ScenarioOutputOpt = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="DATE", help="The roster's day (YYYY-MM-DD), from 1996-01-01 to 2097-12-31; the "
        "deadline is 222 days later (default: 2017-11-20; 2026-12-01 for a scored competency, which is never "
        "written before its earliest known revision).",
        show_default=False,
    )] = None,
    competency: Annotated[list[str] | None, typer.Option(
        "--competency", metavar="ID", autocompletion=completer(competency_ids),
        help=f"The competency the roster is for: {SHIPPED} (a scored one gives a scored scenario, with "
        "renewals); repeat it, or write 'all', for a roster of several Solutions Partner designations "
        "planned together (certification passes, figures per designation; as_of 2026-06-01 by default).",
        show_default="cloud-crm")] = None,
) -> None:
    """Write a realistic synthetic scenario (YAML): a large roster for trying the planner at scale.

    Most hold no exam of the competency; of the few who hold every list, all but one leave. The scenario is
    written as it is made, and is always one `planner validate` reads.
    """
    from planner.rules.catalogs import shipped_catalog, shipped_catalog_ids
    from planner.tools.generate import arguments_problem, oversize_problem, scenario_chunks

    yaml_output(output)
    day = _day_or_none("--as-of", as_of)
    named = competency or ["cloud-crm"]
    if len(named) > 1 or "all" in [c.strip().lower() for c in named]:
        _generate_designations(staff, seed, output, day, named)
        return
    competency_id = known_competency(named[0], shipped_catalog_ids())
    catalog = shipped_catalog(competency_id)
    problem = (arguments_problem(staff, day, catalog)
               or oversize_problem(staff, seed, as_of=day, catalog=catalog))
    if problem is not None:
        raise UsageError(problem)
    write(output, scenario_chunks(staff, seed, as_of=day, catalog=catalog), form="yaml")


def _generate_designations(staff: int, seed: int, output: Path | None, day: dt.date | None,
                           named: list[str]) -> None:
    """generate for several scored designations (`--competency all`, or several --competency)."""
    from planner.explain.designations import scored_in_force
    from planner.rules.catalogs import shipped_catalogs
    from planner.rules.certifications import shipped_certifications
    from planner.tools.generate import arguments_problem
    from planner.tools.generate_designations import DESIGNATIONS_AS_OF, designations_chunks

    problem = arguments_problem(staff, day)
    if problem is not None:
        raise UsageError(problem)
    catalogs, as_of = shipped_catalogs(), day or DESIGNATIONS_AS_OF
    scored = scored_in_force(catalogs, as_of)
    ids: list[str] = []
    for name in named:
        wanted = scored if name.strip().lower() == "all" else [choice("--competency", name, scored)]
        ids += [cid for cid in wanted if cid not in ids]
    chosen = [catalogs.in_force(cid, as_of) for cid in ids]
    chunks = designations_chunks(staff, seed, chosen, shipped_certifications(), as_of=as_of)
    write(output, chunks, form="yaml")


@app.command("import-roster", cls=PlannerCommand, epilog="Example:\n"
             "  planner import-roster scenarios/contoso-skills-report.csv \\\n"
             "      --output contoso.yaml --market developed --revenue 320000 --dpor \\\n"
             "      --rate 60 --prep-hours 20\n"
             "  planner import-roster Export_trainings_Lifetime_123456_Contoso.csv \\\n"
             "      --as-of 2026-12-01 --competency data-ai --output roster.yaml")
@guarded
def import_roster(
    csv_file: Annotated[Path, typer.Argument(
        help="Skills report (CSV): one row per person and exam, with a header line; or Partner Center's "
        "Trainings export (CSV or TSV) as downloaded.", show_default=False)],
    output: ScenarioOutputOpt = None,
    columns: Annotated[str | None, typer.Option(
        "--columns", metavar="FIELD=COLUMN,...", help="Which column holds what, as field=column pairs "
        "(fields: name, id, exam, date, expires), e.g. \"id=Email,exam=Exam\" (default: found by "
        "name).")] = None,
    name: Annotated[str | None, typer.Option(
        "--name", metavar="TEXT", help="The scenario's name (default: from the file name).")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="DATE",
        help="The day the roster is true, YYYY-MM-DD (default: the latest pass in the file).")] = None,
    deadline: Annotated[str | None, typer.Option(
        "--deadline", metavar="DATE",
        help="The day the level must hold, YYYY-MM-DD (default: as_of + 365 days).")] = None,
    market: Annotated[str | None, typer.Option(
        "--market", metavar="MARKET", autocompletion=completer(MARKETS),
        help="developed or developing: the partner's market (default: a placeholder to edit).")] = None,
    revenue: Annotated[float | None, typer.Option(
        "--revenue", metavar="USD", parser=money, callback=within(0.0, 10_000_000_000.0),
        help="Trailing-12-month net new CRM cloud revenue, US$ (default: a placeholder, 0).")] = None,
    dpor: Annotated[bool | None, typer.Option(
        "--dpor/--no-dpor",
        help="Digital Partner of Record for those customers (default: a placeholder, no).",
        show_default=False)] = None,
    rate: Annotated[float | None, typer.Option(
        "--rate", metavar="USD", parser=money, callback=within(0.0, 10_000_000_000.0),
        help="What an hour of a person's time costs, US$, written as the scenario's hourly rate (default: "
        "0, a new exam costs its fee alone).")] = None,
    prep_hours: Annotated[float | None, typer.Option(
        "--prep-hours", metavar="H", callback=within(0.0, 10_000.0),
        help="Study hours per new exam, written as the scenario's preparation hours (default: 0).")] = None,
    date_order: Annotated[str | None, typer.Option(
        "--date-order", metavar="ORDER", autocompletion=completer(DATE_ORDERS),
        help="How to read dates such as 04/05/2017: dmy (day first) or mdy (month first); "
        "default: as the file shows, else an error.")] = None,
    skip_other_exams: Annotated[bool, typer.Option(
        "--skip-other-exams", help="Leave out rows whose exam is not in the competency (listed on stderr) "
        "instead of stopping.")] = False,
    encoding: Annotated[str, typer.Option("--encoding", metavar="NAME", help="The file's text encoding.")
                        ] = "utf-8-sig",
    competency: Annotated[str | None, typer.Option(
        "--competency", metavar="ID", autocompletion=completer(competency_ids),
        help="The competency the roster is planned for (its id: see above; default: for a Trainings export "
        "the designation whose lists count most of its people, else cloud-crm).")] = None,
) -> None:
    """Build a scenario's staff from a skills report (CSV exported from Excel) or Partner Center's Trainings
    export (Insights > Downloads > Trainings, CSV or TSV, recognised by its header).

    Every row problem (unknown exam code, duplicate, missing id, malformed or ambiguous date) is listed as
    FILE:LINE: what; with any problem nothing is written (exit 2). The scenario written validates as it is;
    check the organization lines marked '# EDIT' before planning.

    --competency: {competencies}.
    """
    from planner.input.roster_import import (
        ImportCosts,
        Organization,
        RosterError,
        parse_columns_option,
        read_csv_text,
    )
    from planner.input.roster_import import import_roster as run_import
    from planner.rules.catalogs import shipped_catalog, shipped_catalog_ids

    yaml_output(output)
    order = None if date_order is None else choice("--date-order", date_order, DATE_ORDERS)
    if market is not None:
        market = "developing" if market.strip().lower() == "emerging" else market.strip().lower()
        market = choice("--market", market, MARKETS)
    competency = None if competency is None else known_competency(competency, shipped_catalog_ids())
    shown = str(csv_file)
    text = read_csv_text(csv_file, shown, encoding)
    with activity("importing the roster"):
        try:
            result = run_import(
                text, shown, shipped_catalog(competency) if competency else None,
                columns=parse_columns_option(columns), name=name,
                as_of=_day_or_none("--as-of", as_of), deadline=_day_or_none("--deadline", deadline),
                organization=Organization(market=market, revenue_usd=revenue, dpor=dpor),
                date_order=order, skip_other_exams=skip_other_exams,
                out_name=str(output) if output else "the imported scenario",
                costs=ImportCosts(hourly_rate_usd=rate, prep_hours=prep_hours))
        except RosterError as exc:
            for line in exc.problems:
                say(f"planner: error: {line}")
            fail(str(exc), exc.exit_code)
    for note in result.notes:
        if not RUN.quiet:
            say(f"planner: note: {note}")
    write(output, result.chunks(), form="yaml")
    if output is not None and not RUN.quiet:
        from planner.report.words import plural

        say(f"planner: wrote {output}: {plural(result.people, 'person', 'people')}, "
            f"{plural(result.passes, 'pass', 'passes')} from {plural(result.rows, 'row')}")


def main() -> None:
    """The command line, ended by SystemExit with its code (console() is the console script): usage errors
    are one line too, never a box or a traceback."""
    RUN.one_command = True
    sane_columns()  # COLUMNS=0 printed no --help at all
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


def console() -> NoReturn:
    """The console script (`planner`, `python -m planner`): main(), then out without Python's teardown."""
    try:
        main()
    except SystemExit as done:
        code = done.code
    if isinstance(code, str):  # as Python itself would: the message on stderr, exit 1
        print(code, file=sys.stderr)
    leave(code if isinstance(code, int) else 0 if code is None else 1)


def leave(code: int) -> NoReturn:
    """End the process once the command is done and its output flushed, without Python's teardown: freeing
    what the command loaded, object by object, is work nobody waits for. Six designations planned on
    100,000 generated people: 0.27 s from the command's end to the process gone, 0.04 s this way (on 200
    people 0.045 s and 0.015 s). The planner registers nothing to run at exit; its files are closed when
    written."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe was reported by the command
            stream.flush()
    os._exit(code)


def _run_app() -> int:
    """Run the app; what escapes the commands (usage, help on a full device, Ctrl-C) is one line too."""
    try:
        code = app(standalone_mode=False)
        writing.flush_stdout()
    except writing.StdoutClosed:
        return writing.BROKEN_PIPE_EXIT
    except writing.OutputError as exc:
        say(f"planner: error: {exc}")
        return exc.exit_code
    except typer.TyperException as exc:
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError":
            return 0  # typer has printed the help already
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        path = getattr(ctx, "command_path", "planner") if ctx is not None else "planner"
        say(f"planner: error: {message} (see '{path} --help')")
        return int(getattr(exc, "exit_code", 2))
    except typer.Abort:
        print("planner: interrupted", file=sys.stderr)
        return 130
    return code if isinstance(code, int) else 0
