"""Comparing scenarios side by side: plain files, or a base and its variants, planned for one level with a
plan-level diff.

`compare` reads the sources (`compare_inputs`: a file that cannot be read is a row with its error) and plans
them (`compare_entries`), adding to each row what differs from the first row that could be read: who gains
or loses which exam, the change in exams and cost, and the highest level reached.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from models.catalog import Catalog
from models.report import CompareReport, CompareRow, PlanReport
from planner.core.planning import compare_row, level_named, plan
from planner.core.problem import Objective
from planner.errors import PlannerError, ScenarioError, UsageError
from planner.input.loading import LoadedScenario, resolve_target
from planner.input.variants import VariantScenario, expand_variants, load_with_variants
from planner.rules.catalogs import Catalogs, default_level
from planner.rules.naming import catalog_names

Source = str | Path | LoadedScenario
"""What can be compared: a scenario file, or a scenario already loaded (each with its variants)."""

Loader = Callable[[Path, Catalogs | None], tuple[LoadedScenario, list[VariantScenario]]]
"""How a compared file is read: its scenario and its variants (planner.input.variants.load_with_variants)."""


@dataclass(frozen=True)
class Comparison:
    """A comparison's report and, for each of its rows, the plan behind it (None for a row with an error)."""

    report: CompareReport
    plans: list[PlanReport | None]


def compare(sources: Sequence[Source], level_id: str | None = None, objective: Objective = "exams", *,
            time_limit: float | None = None, catalogs: Catalogs | None = None,
            on_step: Callable[[str], None] | None = None) -> Comparison:
    """Plan scenarios (each file's base, then each of its variants) side by side, with what differs from the
    first row that could be read.

    `level_id` (any case) is the level compared; None plans each scenario for its targets, else Gold.
    `catalogs` are the competencies files are read with (default: the shipped ones); `on_step` is called
    with each row's label before it is planned. A source with bad input is a row with its error.
    """
    entries, level = compare_inputs(sources, level_id, catalogs)
    report, plans = compare_entries(entries, level, objective, time_limit=time_limit, on_step=on_step)
    return Comparison(report, plans)


def compare_inputs(sources: Sequence[Source], level_id: str | None = None, catalogs: Catalogs | None = None,
                   *, load: Loader = load_with_variants) -> tuple[list[CompareEntry], str | None]:
    """Every source's rows and the level as the catalogs spell it; a source with bad input is one row with its
    error, not the end of the comparison, unless no source has the level asked for (a UsageError)."""
    entries: list[CompareEntry] = []
    unknown_level: list[str] = []
    for source in sources:
        rows, level_id = _entries_of(source, catalogs, level_id, unknown_level, load)
        entries += rows
    if unknown_level and len(unknown_level) == len(sources):
        raise UsageError(unknown_level[0])  # no source has that level: a mistyped level, not a comparison
    return entries, level_id


def _entries_of(source: Source, catalogs: Catalogs | None, level_id: str | None, unknown_level: list[str],
                load: Loader) -> tuple[list[CompareEntry], str | None]:
    """A source's rows (its scenario, then its variants) or one row with its bad-input error, and the level as
    its catalog spells it; a source without that level adds its message to `unknown_level`."""
    file = source.file if isinstance(source, LoadedScenario) else str(source)
    try:
        loaded, variants = ((source, expand_variants(source)) if isinstance(source, LoadedScenario)
                            else load(Path(source), catalogs))
    except PlannerError as exc:  # bad input in one file: listed, not fatal
        if exc.exit_code != 2:
            raise
        return [CompareEntry(file, error=str(exc))], level_id
    if level_id is not None:
        try:
            level_id = level_named(loaded, level_id)
        except UsageError as exc:
            unknown_level.append(str(exc))
            return [CompareEntry(file, error=f"{file}: {exc}")], level_id
    return entries_for(file, loaded, variants), level_id


@dataclass
class CompareEntry:
    """One column of a comparison: a file's scenario, one of its variants, or a file that cannot be read."""

    file: str
    loaded: LoadedScenario | None = None
    variant: str | None = None
    changes: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def label(self) -> str:
        if self.variant is not None:
            return self.variant
        return self.loaded.scenario.name if self.loaded is not None else self.file


def entries_for(file: str, loaded: LoadedScenario, variants: list[VariantScenario]) -> list[CompareEntry]:
    """The base scenario's column followed by one column per variant."""
    return [CompareEntry(file, loaded)] + [
        CompareEntry(file, v.loaded, variant=v.variant.name, changes=v.changes) for v in variants
    ]


def compare_entries(
    entries: list[CompareEntry],
    level_id: str | None,
    objective: Objective,
    *,
    time_limit: float | None = None,
    on_step: Callable[[str], None] | None = None,
) -> tuple[CompareReport, list[PlanReport | None]]:
    """Plan every entry for the level; each row also says what differs from the first row that could be read.

    With `level_id` None, a scenario with `targets` is planned for all of them at once (its row's
    level_reached then lists them when all are reachable), any other for Gold.
    Returns the report and, for each row, the plan behind it (None for a row with an error).
    """
    rows: list[CompareRow] = []
    plans: list[PlanReport | None] = []
    for entry in entries:
        if on_step is not None:
            on_step(entry.label)
        row, plan = _compare_entry(entry, level_id, objective, time_limit)
        rows.append(row)
        plans.append(plan)
    reference = next((i for i, row in enumerate(rows) if row.error is None), None)
    if reference is not None:
        first = plans[reference]
        assert first is not None
        rows = [
            row if row.error else _with_differences(row, plan, rows[reference], first)
            for row, plan in zip(rows, plans, strict=True)
        ]
    label = None if reference is None else entries[reference].label
    first_plan = plans[reference] if reference is not None else None
    return CompareReport(
        level=level_id or (first_plan.level if first_plan is not None else "gold"),
        objective=objective,
        scenarios=rows,
        reference=label,
        level_names=_level_names(entries),
    ), plans


def _level_names(entries: list[CompareEntry]) -> dict[str, str]:
    """Each level id of the compared scenarios' competencies (every option) and its name, the first
    catalog's name where two differ."""
    names: dict[str, str] = {}
    for entry in entries:
        if entry.loaded is not None:
            catalogs = _catalogs_of(entry.loaded)
            for name, value in catalog_names(catalogs).items():
                if name not in {c.id for c in catalogs}:  # levels and goals only
                    names.setdefault(name, value)
    return names


def _catalogs_of(loaded: LoadedScenario) -> list[Catalog]:
    """The scenario's competency and those of its targets, in the revisions it is planned against."""
    catalogs = [loaded.catalog]
    for spec in loaded.scenario.targets or []:
        with contextlib.suppress(ValueError):  # a target the loader let through is known; be safe anyway
            catalogs.append(resolve_target(spec, loaded.scenario, loaded.catalogs).catalog)
    return catalogs


def level_reached(
    loaded: LoadedScenario,
    level_id: str,
    objective: Objective,
    report: PlanReport,
    *,
    time_limit: float | None = None,
) -> str | None:
    """The highest level, up to `level_id`, whose plan is reachable (planning lower levels only if needed)."""
    if report.reachable:
        return level_id
    levels = loaded.catalog.level_ids  # lowest first
    for lower in reversed(levels[: levels.index(level_id)]):
        if plan(loaded, lower, objective, time_limit=time_limit, fixes=False).reachable:
            return lower
    return None


def plan_pairs(report: PlanReport) -> list[str]:
    """The plan's changes as 'person exam' pairs, and 'hire PROFILE' for each hire."""
    return [f"{e.person} {e.exam}" for e in report.new_exams] + [f"hire {h.profile}" for h in report.hires]


def _compare_entry(entry: CompareEntry, level_id: str | None, objective: Objective,
                   time_limit: float | None) -> tuple[CompareRow, PlanReport | None]:
    """One entry's row and the plan behind it; for an entry that could not be read or has bad input, a row
    with the error and no plan."""
    if entry.loaded is None:
        return CompareRow(file=entry.file, variant=entry.variant, error=entry.error), None
    try:
        return _planned_row(entry, entry.loaded, level_id, objective, time_limit)
    except PlannerError as exc:  # bad input in one row (a UsageError too): listed, the others compared
        if exc.exit_code != 2:
            raise
        error = f"{entry.file}: {exc}" if isinstance(exc, UsageError) else str(exc)
        return CompareRow(file=entry.file, variant=entry.variant, error=error), None


def _planned_row(entry: CompareEntry, loaded: LoadedScenario, level_id: str | None, objective: Objective,
                 time_limit: float | None) -> tuple[CompareRow, PlanReport]:
    """The entry planned for the level (with `level_id` None, for its targets, or Gold), with the highest
    level reached."""
    scenario = loaded.scenario
    targets = None
    if level_id is None and scenario.targets:
        try:
            targets = [resolve_target(t, scenario, loaded.catalogs) for t in scenario.targets]
        except ValueError as exc:
            raise ScenarioError(entry.file, str(exc), path="targets") from None
    level = level_id or (targets[0].level if targets else default_level(loaded.catalog))
    row, report = compare_row(entry.file, loaded, level, objective, time_limit=time_limit, targets=targets)
    if targets:
        labels = [t.target for t in report.targets] or [t.label for t in targets]
        reached = ", ".join(labels) if report.reachable else None
    else:
        reached = level_reached(loaded, level, objective, report, time_limit=time_limit)
    update = {"variant": entry.variant, "changes": list(entry.changes), "level_reached": reached}
    return row.model_copy(update=update), report


def _with_differences(
    row: CompareRow, plan: PlanReport | None, first_row: CompareRow, first: PlanReport
) -> CompareRow:
    assert plan is not None
    mine, theirs = plan_pairs(plan), plan_pairs(first)
    both = row.total_new_exams is not None and first_row.total_new_exams is not None
    return row.model_copy(
        update={
            "gains": [p for p in mine if p not in theirs],
            "losses": [p for p in theirs if p not in mine],
            "exams_delta": (row.total_new_exams or 0) - (first_row.total_new_exams or 0) if both else None,
            "cost_delta_usd": round((row.total_cost_usd or 0.0) - (first_row.total_cost_usd or 0.0), 2)
            if both
            else None,
        }
    )


def row_label(row: CompareRow) -> str:
    """What a comparison calls a row: the variant's name, else the scenario's, else the file."""
    return row.variant or row.scenario or row.file
