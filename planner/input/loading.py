"""Loading a scenario file: YAML in, a validated Scenario and its competency catalog out.

Every problem is a ScenarioError with one line naming the file and the place in it. A scenario that
loads is ready for planning as it is: exam codes exist, dates are possible, ids are unique.
"""

from __future__ import annotations

import datetime as dt
import difflib
import gc
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from models.catalog import Catalog, Exam, Level
from models.scenario import Organization, Pass, Scenario
from planner.errors import PlannerError, ScenarioError
from planner.input.errors import Loc, describe, format_path, prepare_document, raise_at, validate_document
from planner.input.yamlio import parse_yaml, position_of, read_text
from planner.rules.catalogs import DEFAULT_COMPETENCY, Catalogs, shipped_catalogs

TOP_LEVEL_KEYS = ", ".join(Scenario.model_fields)
SCENARIO_SHAPE = ("a scenario is a mapping that starts with 'schema_version: 1' and has the keys "
                  + TOP_LEVEL_KEYS)

DATES = (dt.date(1990, 1, 1), dt.date(2099, 12, 31))
"""Every date in a scenario lies in these years: a typo such as 2108 is caught, date sums never overflow."""

# Upper bounds that keep costs meaningful and the solver's integer arithmetic far from overflow.
_LIMITS: list[tuple[str, float]] = [
    ("hourly_rate_usd", 1_000_000),  # US$ per hour
    ("hours", 10_000),  # study hours per exam
    ("_usd", 10_000_000_000),  # fees, costs, revenue, budgets
]
_COUNT_LIMIT = 10_000  # exams per person, hires, departures...

MISSING_HINTS = {
    "schema_version": "write 'schema_version: 1' as the first line",
    "name": "what to call this scenario, e.g. 'name: Contoso Consulting'",
    "as_of": "the day the roster is true, e.g. 'as_of: 2017-11-20'",
    "organization": "with market, revenue_usd and dpor",
    "market": "developed or developing",
    "revenue_usd": "trailing-12-month net new CRM cloud revenue in US dollars, e.g. 'revenue_usd: 250000'",
    "dpor": "true or false: Digital Partner of Record for those customers",
    "staff": "the list of people; write 'staff: []' when there is nobody yet",
    "id": "a unique name for the person, e.g. 'id: alice'",
    "exam": "the exam code",
}


def number_limit(name: str, value: float) -> str | None:
    """Why a number given for the field `name` is implausible, or None."""
    for suffix, limit in _LIMITS:
        if name.endswith(suffix):
            return f"must be at most {limit:,.0f}" if value > limit else None
    return f"must be at most {_COUNT_LIMIT:,}" if value > _COUNT_LIMIT else None


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario, the catalog it is planned against, and the file it came from.

    `catalog` is the revision of the scenario's competency in force on as_of (or the one it names);
    `catalogs` every competency known while loading it (shipped, and any --catalog files), for targets;
    `notes` what the planner should say about the revision chosen.
    """

    scenario: Scenario
    catalog: Catalog
    file: str
    catalogs: Catalogs = field(default_factory=shipped_catalogs)
    notes: tuple[str, ...] = ()


def load_scenario(path: str | Path, *, catalog: Catalog | None = None,
                  catalogs: Catalogs | None = None) -> LoadedScenario:
    """Read, parse and validate a scenario file (bad input raises ScenarioError)."""
    shown = str(path)
    text = read_text(Path(path), shown)
    return load_scenario_text(text, shown, catalog=catalog, catalogs=catalogs)


def load_scenario_text(text: str, shown: str, *, catalog: Catalog | None = None,
                       catalogs: Catalogs | None = None) -> LoadedScenario:
    """Parse and validate scenario text; `shown` names it in error messages."""
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise ScenarioError(shown, f"the file is empty (or holds only comments); {SCENARIO_SHAPE}")
    collecting = gc.isenabled()
    gc.disable()  # loading makes no reference cycles: the collector would only rescan the growing roster
    try:
        # no reference kept here: the parsed data is freed as soon as its checked copy is made
        return load_scenario_data(parse_yaml(text, shown, keep_source=True), shown, text, catalog=catalog,
                                  catalogs=catalogs)
    finally:
        if collecting:
            gc.enable()


def load_scenario_data(data: Any, shown: str, text: str | None = None, *,
                       catalog: Catalog | None = None, catalogs: Catalogs | None = None) -> LoadedScenario:
    """Validate already-parsed scenario data (the text, when given, locates errors).

    With `catalog` the scenario is planned against it, whatever its date; otherwise against the revision
    of its competency in force on as_of, or the one named by `rules_revision`."""
    if data is None:
        raise ScenarioError(shown, f"the file is empty (or holds only comments); {SCENARIO_SHAPE}")
    if not isinstance(data, dict):
        csv = str(shown).lower().endswith(".csv")  # a skills report given where a scenario is expected
        said = (f"a CSV file is not a scenario: turn a skills report into one with `planner import-roster "
                f"{shown} --output scenario.yaml`" if csv else
                f"the top level is {describe(data)}, not a mapping; {SCENARIO_SHAPE}")
        raise ScenarioError(shown, said,
                            line=1 if text is not None else None, column=1 if text is not None else None)
    data = prepare_document(Scenario, data, shown, text, check_number=number_limit, dates=DATES)
    catalogs = catalogs or shipped_catalogs()
    if catalog is not None:
        catalogs = catalogs.with_catalogs([catalog])
    _known_competency(data, catalogs, shown, text)
    scenario = validate_document(Scenario, data, shown, text, hints=MISSING_HINTS)
    if catalog is not None and scenario.competency != catalog.id:
        raise_at(shown, text, ("competency",),
                 f"the scenario asks for '{scenario.competency}' but is planned against '{catalog.id}'")
    _check_revisions_and_figures(scenario, catalogs, shown, text)
    notes: tuple[str, ...] = ()
    if catalog is None:
        catalog, notes = revision_for(scenario, scenario.competency, catalogs)
    check_against_catalog(scenario, catalog, shown, text, exams=catalogs.exams(catalog))
    _check_targets(scenario, catalog, catalogs, shown, text)
    return LoadedScenario(scenario=scenario, catalog=catalog, file=shown, catalogs=catalogs, notes=notes)


def _check_targets(scenario: Scenario, catalog: Catalog, catalogs: Catalogs, shown: str,
                   text: str | None) -> None:
    """The targets name known levels; the scenario gives what its scored goals read (its targets, else
    the scored levels of its competency)."""
    resolved: list[ResolvedTarget] = []
    for i, target in enumerate(scenario.targets or ()):
        try:
            resolved.append(resolve_target(target, scenario, catalogs))
        except ValueError as exc:
            raise_at(shown, text, ("targets", i), str(exc))
    goals = scored_goals(resolved) if resolved else scored_levels(catalog)
    problem = scored_input_problem(scenario, goals, catalogs)
    if problem is not None:
        raise_problem(shown, text, problem)


def unknown_competency_message(competency: str, catalogs: Catalogs) -> str:
    known = catalogs.ids()
    hint = difflib.get_close_matches(competency, known, n=1, cutoff=0.5)
    return (f"unknown competency {describe(competency)}"
            + (f" (did you mean '{hint[0]}'?)" if hint else f"; known: {', '.join(known)}"))


def _known_competency(data: dict[str, Any], catalogs: Catalogs, shown: str, text: str | None) -> None:
    competency = data.get("competency", DEFAULT_COMPETENCY)
    if competency is None:
        competency = DEFAULT_COMPETENCY
    if not isinstance(competency, str):
        raise_at(shown, text, ("competency",),
                 f"must be a competency id such as '{DEFAULT_COMPETENCY}' (got {describe(competency)})")
    if "competency" in data and competency not in catalogs.by_id:
        raise_at(shown, text, ("competency",), unknown_competency_message(competency, catalogs))


def _check_revisions_and_figures(scenario: Scenario, catalogs: Catalogs, shown: str,
                                 text: str | None) -> None:
    """`competency` (when it comes from the first target), `rules_revision` and `gate_revenue_usd` name
    competencies, revisions and gates that exist."""
    if scenario.competency not in catalogs.by_id:
        raise_at(shown, text, ("targets", 0), unknown_competency_message(scenario.competency, catalogs))
    _check_rules_revision(scenario, catalogs, shown, text)
    for cid, figures in scenario.organization.gate_revenue_usd.items():
        _check_gate_figures(cid, figures, catalogs, shown, text)


def _check_rules_revision(scenario: Scenario, catalogs: Catalogs, shown: str, text: str | None) -> None:
    """`rules_revision` (a date, or dates by competency) names revisions that exist."""
    named = scenario.rules_revision
    if isinstance(named, dict):
        for cid, day in named.items():
            if cid not in catalogs.by_id:
                raise_at(shown, text, ("rules_revision", cid), unknown_competency_message(cid, catalogs),
                         key=True)
            if day not in [c.revision for c in catalogs.revisions(cid)]:
                raise_at(shown, text, ("rules_revision", cid), _no_such_revision(cid, day, catalogs))
    elif named is not None and named not in [c.revision for c in catalogs.revisions(scenario.competency)]:
        raise_at(shown, text, ("rules_revision",), _no_such_revision(scenario.competency, named, catalogs))


def _check_gate_figures(cid: str, figures: dict[str, float], catalogs: Catalogs, shown: str,
                        text: str | None) -> None:
    """Revenue figures given for a competency's gates name a competency and gates it has."""
    if cid not in catalogs.by_id:
        raise_at(shown, text, ("organization", "gate_revenue_usd", cid),
                 unknown_competency_message(cid, catalogs), key=True)
    gates = sorted({g.id for c in catalogs.revisions(cid) for opt in c.option_catalogs()
                    for lv in opt.levels for g in lv.revenue_gates})
    for gate in figures:
        if gate not in gates:
            raise_at(shown, text, ("organization", "gate_revenue_usd", cid, gate),
                     f"{cid} has no revenue gate {describe(gate)}; its gates: {', '.join(gates) or 'none'}",
                     key=True)


def _no_such_revision(competency: str, day: dt.date, catalogs: Catalogs) -> str:
    known = ", ".join(str(c.revision) for c in catalogs.revisions(competency))
    return f"{competency} has no revision of {day}; its revisions: {known}"


def revision_for(scenario: Scenario, competency: str, catalogs: Catalogs) -> tuple[Catalog, tuple[str, ...]]:
    """The revision a scenario plans `competency` against, and what to tell the user about the choice.

    The one `rules_revision` names (a date, or a mapping by competency), else the one in force on as_of.
    """
    named = scenario.rules_revision
    day = named.get(competency) if isinstance(named, dict) else named
    if day is not None:
        try:
            return catalogs.revision(competency, day), ()
        except KeyError:
            raise ValueError(_no_such_revision(competency, day, catalogs)) from None
    catalog = catalogs.in_force(competency, scenario.as_of)
    notes: list[str] = []
    revisions = catalogs.revisions(competency)
    if scenario.as_of < revisions[0].revision:
        notes.append(f"no known revision of {catalog.name} was in force on as_of {scenario.as_of}; planned "
                     f"against the earliest, of {catalog.revision}")
    later = [c for c in revisions if scenario.as_of < c.revision <= (scenario.deadline or scenario.as_of)
             and c.revision > catalog.revision]
    if later:
        notes.append(f"the {catalog.name} revision of {later[-1].revision} comes into force before the "
                     f"deadline; this plan follows the one in force on as_of ({catalog.revision}); to plan "
                     f"against the newer rules write 'rules_revision: {later[-1].revision}'")
    return catalog, tuple(notes)


@dataclass(frozen=True)
class ResolvedTarget:
    """A goal of a plan: a level of a competency, in the revision planned against."""

    label: str  # 'competency:level'
    competency: str
    level: str
    catalog: Catalog
    notes: tuple[str, ...] = ()


def resolve_target(spec: str, scenario: Scenario, catalogs: Catalogs) -> ResolvedTarget:
    """'cloud-crm:gold' as a goal; ValueError with a readable message when it names nothing known."""
    competency, _, level = spec.partition(":")
    if not level:
        raise ValueError(f"write a target as 'competency:level', e.g. cloud-crm:gold (got {spec!r})")
    if competency not in catalogs.by_id:
        raise ValueError(unknown_competency_message(competency, catalogs))
    catalog, notes = revision_for(scenario, competency, catalogs)
    if level not in catalog.level_ids:
        raise ValueError(f"unknown level {level!r} of {competency}; it has {', '.join(catalog.level_ids)}")
    return ResolvedTarget(f"{competency}:{level}", competency, level, catalog, notes)


def check_against_catalog(scenario: Scenario, catalog: Catalog, shown: str, text: str | None, *,
                          exams: dict[str, Exam] | None = None) -> None:
    """Cross-check the scenario with its catalog: exam codes, pass dates, unique person ids.

    `exams`, when given, are every exam code known (a roster may record exams of other competencies)."""
    exams = exams if exams is not None else {e.code: e for e in catalog.exams}

    def known_exam(code: str, loc: Loc) -> None:
        if code not in exams:
            raise_at(shown, text, loc, unknown_exam_message(code, catalog, list(exams)))

    def check_holder(holder: Any, loc: Loc) -> None:
        """A person's (or a hire profile's) passes and can_take list."""
        for j, recorded in enumerate(holder.passed):
            known_exam(recorded.exam, (*loc, "passed", j))
            problem = _pass_date_problem(recorded.exam, recorded.date, exams[recorded.exam], scenario.as_of)
            if problem:
                raise_at(shown, text, (*loc, "passed", j), problem)
            if _expires_too_soon(recorded):
                raise_at(shown, text, (*loc, "passed", j, "expires"), _expiry_message(recorded))
        for j, code in enumerate(holder.can_take or ()):
            known_exam(code, (*loc, "can_take", j))

    for code in scenario.costs.exams:
        known_exam(code, ("costs", "exams", code))
    seen: dict[str, int] = {}
    for i, person in enumerate(scenario.staff):
        if not person.id.strip():
            raise_at(shown, text, ("staff", i, "id"),
                     f"a person's id must not be blank (got {describe(person.id)})")
        if person.id in seen:
            raise_at(shown, text, ("staff", i, "id"),
                     f"duplicate person id {describe(person.id)} (first used by staff[{seen[person.id]}]); "
                     "every person needs their own id")
        seen[person.id] = i
        check_holder(person, ("staff", i))
    for i, hire in enumerate(getattr(scenario, "hiring", None) or ()):
        check_holder(hire, ("hiring", i))


def _pass_date_problem(code: str, day: dt.date | None, exam: Exam, as_of: dt.date) -> str | None:
    """Why a pass recorded on `day` (or undated: some day by as_of) cannot have happened, or None."""
    if day is None:
        if exam.first_take and as_of < exam.first_take:
            return (f"{code} could only be taken from {exam.first_take}, after as_of {as_of}: it cannot have "
                    "been passed by as_of; record only passes that happened by then")
        return None
    if day > as_of:
        return f"{code} passed on {day}, after as_of {as_of}: record only passes that happened by as_of"
    if exam.first_take and day < exam.first_take:
        return f"{code} passed on {day}, but it could only be taken from {exam.first_take}"
    if exam.last_take and day > exam.last_take:
        return f"{code} passed on {day}, but it could only be taken until {exam.last_take}"
    return None


def _expires_too_soon(recorded: Pass) -> bool:
    """A pass that expires on or before the day it was passed (both given)."""
    return recorded.expires is not None and recorded.date is not None and recorded.expires <= recorded.date


def _expiry_message(recorded: Pass) -> str:
    return (f"{recorded.exam} expires on {recorded.expires}, not after the day it was passed "
            f"({recorded.date}); a certification expires after it is earned (check the years)")


def unknown_exam_message(code: str, catalog: Catalog, codes: list[str] | None = None) -> str:
    """'unknown exam code X (nearest: A, B)' for the catalog's codes (or every code known)."""
    codes = codes if codes is not None else [e.code for e in catalog.exams]
    exact = [c for c in codes if c.upper() == code.strip().upper()]
    if exact:
        return f"unknown exam code {describe(code)} (did you mean '{exact[0]}'? codes are written exactly so)"
    near = difflib.get_close_matches(code.strip().upper(), codes, n=3, cutoff=0.6)
    hint = f" (nearest: {', '.join(near)})" if near else f"; the known exams are {', '.join(sorted(codes))}"
    return f"unknown exam code {describe(code)}{hint}"


# ---- scored levels: the track they are judged on and the figures they read -------------------------------

@dataclass(frozen=True)
class InputProblem:
    """Bad input found after loading: where (`key`: at the key itself; `missing`: the key is not written,
    so the place shown is its parent's key) and what."""

    loc: Loc
    message: str
    key: bool = False
    missing: bool = False


def raise_problem(shown: str, text: str | None, problem: InputProblem) -> NoReturn:
    """Raise the problem as a one-line ScenarioError at its place in the file."""
    if not problem.missing:
        raise_at(shown, text, problem.loc, problem.message, key=problem.key)
    pos = position_of(text, problem.loc[:-1], key=True) if text is not None and problem.loc[:-1] else None
    raise ScenarioError(shown, problem.message, path=format_path(problem.loc),
                        line=pos[0] if pos else None, column=pos[1] if pos else None)


Goal = tuple[str, Level]
"""A scored level as a goal: its label 'competency:level', and the level."""


def scored_levels(catalog: Catalog, level_ids: Iterable[str] | None = None) -> list[Goal]:
    """The scored levels of a catalog (of the named levels only, when given), in every option."""
    wanted = None if level_ids is None else set(level_ids)
    return [(f"{catalog.id}:{lv.id}", lv) for opt in catalog.option_catalogs() for lv in opt.levels
            if lv.score is not None and (wanted is None or lv.id in wanted)]


def scored_goals(targets: Iterable[ResolvedTarget]) -> list[Goal]:
    """The targets that are scored levels."""
    return [g for t in targets for g in scored_levels(t.catalog, [t.level])]


def scored_input_problem(scenario: Scenario, goals: list[Goal], catalogs: Catalogs) -> InputProblem | None:
    """What the scenario lacks or gets wrong for its scored goals: a figure no metric reads, the track,
    a figure a metric reads; None when nothing."""
    org = scenario.organization
    return (_unknown_metric_key(org, catalogs) or _track_problem(org, goals, catalogs)
            or _missing_figures(org, goals))


def _input_keys(catalogs: Catalogs) -> list[str]:
    """Every key of organization.metrics some metric of a known catalog reads."""
    return sorted({m.input for cid in catalogs.by_id for c in catalogs.revisions(cid)
                   for opt in c.option_catalogs() for lv in opt.levels if lv.score is not None
                   for m in lv.score.input_metrics if m.input is not None})


def _known_tracks(catalogs: Catalogs) -> list[str]:
    """Every track a known catalog's scored level names."""
    return sorted({t for cid in catalogs.by_id for c in catalogs.revisions(cid) for _, lv in scored_levels(c)
                   for t in (lv.score.tracks if lv.score else ())})


def _unknown_metric_key(org: Organization, catalogs: Catalogs) -> InputProblem | None:
    """A figure in organization.metrics that no metric of any known catalog reads (a typo, most often)."""
    if not org.metrics:
        return None
    known = _input_keys(catalogs)
    for name in org.metrics:
        if name not in known:
            hint = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            near = f" (did you mean '{hint[0]}'?)" if hint else ""
            return InputProblem(("organization", "metrics", name),
                                f"unknown metric {describe(name)}{near}; known: {', '.join(known) or 'none'}",
                                key=True)
    return None


def _track_problem(org: Organization, goals: list[Goal], catalogs: Catalogs) -> InputProblem | None:
    """A goal scored by track needs organization.track, one of its tracks; a track no catalog names is a
    typo even when no goal reads it."""
    loc = ("organization", "track")
    for label, level in goals:
        tracks = level.score.tracks if level.score is not None else []
        if not tracks or org.track in tracks:
            continue
        write = " or ".join(f"track: {t}" for t in tracks)
        if org.track is None:
            return InputProblem(loc, f"{label} scores by track; write {write}", missing=True)
        return InputProblem(loc, f"unknown track {describe(org.track)}: {label} scores by track; "
                                 f"write {write}")
    known = _known_tracks(catalogs)
    if org.track is not None and known and org.track not in known:
        return InputProblem(loc, f"unknown track {describe(org.track)}; the tracks known: {', '.join(known)}")
    return None


def _missing_figures(org: Organization, goals: list[Goal]) -> InputProblem | None:
    """Every non-exam metric of a scored goal reads its figure from organization.metrics."""
    for label, level in goals:
        metrics = level.score.input_metrics if level.score is not None else []
        missing = [m for m in metrics if m.input not in org.metrics]
        if not missing:
            continue
        what = ", ".join(f"{m.input} ({m.name}" + (f", in {m.unit})" if m.unit else ")") for m in missing)
        example = ", ".join(f"{m.input}: N" for m in missing)
        given = "metrics" in org.model_fields_set
        return InputProblem(("organization", "metrics"),
                            f"{label} needs figures for its metrics that are not certifications; missing "
                            f"{what}; write them as metrics: {{{example}}}", key=given, missing=not given)
    return None


def scenario_input_problem(scenario: Scenario, catalog: Catalog, catalogs: Catalogs) -> InputProblem | None:
    """The scored input problem of a scenario made otherwise than read from its file (a variant): for its
    targets' scored levels, else its competency's (a target naming nothing is reported elsewhere)."""
    resolved: list[ResolvedTarget] = []
    for target in scenario.targets or ():
        try:
            resolved.append(resolve_target(target, scenario, catalogs))
        except ValueError:
            continue
    goals = scored_goals(resolved) if scenario.targets else scored_levels(catalog)
    return scored_input_problem(scenario, goals, catalogs)


def check_goal_input(loaded: LoadedScenario, targets: Iterable[ResolvedTarget] | None = None, *,
                     catalog: Catalog | None = None) -> None:
    """The scored input check for goals chosen after loading (--target, --competency): `targets`, else
    every scored level of `catalog` (default: the scenario's). The file is read again only to place an
    error."""
    goals = scored_goals(targets) if targets is not None else scored_levels(catalog or loaded.catalog)
    problem = scored_input_problem(loaded.scenario, goals, loaded.catalogs)
    if problem is not None:
        raise_problem(loaded.file, _text_of(loaded.file), problem)


def _text_of(shown: str) -> str | None:
    """The scenario file's text, to place an error in it (None when it cannot be read again)."""
    try:
        return read_text(Path(shown), shown)
    except (PlannerError, OSError):
        return None
