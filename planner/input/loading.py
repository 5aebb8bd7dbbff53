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

from models.catalog import Catalog, Exam
from models.certification import Certification, CertificationCatalog, title_key
from models.scenario import Pass, Scenario
from planner.errors import PlannerError, ScenarioError
from planner.input.errors import Loc, describe, format_path, prepare_document, raise_at, validate_document
from planner.input.goal_input import (
    Goal,
    InputProblem,
    goal_levels,
    organization_fields_problem,
    scored_input_problem,
)
from planner.input.yamlio import parse_yaml, position_of, read_text
from planner.rules.catalogs import DEFAULT_COMPETENCY, Catalogs, shipped_catalogs
from planner.rules.certifications import shipped_certifications

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
    ("metrics", 10_000_000_000),  # organization.metrics: counts, percents or US$ (Security's Azure usage
    # growth is US$ of consumption, full at 25,000 on the enterprise track)
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
        try:
            catalog, notes = revision_for(scenario, scenario.competency, catalogs)
        except ValueError as exc:
            raise_at(shown, text, ("as_of",), str(exc))
    goals = _goals(scenario, catalog, catalogs, shown, text)
    problem = organization_fields_problem(scenario.organization, goals)
    if problem is not None:
        raise_problem(shown, text, problem)
    check_against_catalog(scenario, catalog, shown, text, exams=catalogs.exams(catalog),
                          certifications=catalogs.certifications)
    problem = scored_input_problem(scenario, goals, catalogs)
    if problem is not None:
        raise_problem(shown, text, problem)
    return LoadedScenario(scenario=scenario, catalog=catalog, file=shown, catalogs=catalogs, notes=notes)


def _goals(scenario: Scenario, catalog: Catalog, catalogs: Catalogs, shown: str, text: str | None
           ) -> list[Goal]:
    """The levels the scenario plans: its targets' (each naming a known level), else every level of its
    competency."""
    resolved: list[ResolvedTarget] = []
    for i, target in enumerate(scenario.targets or ()):
        try:
            resolved.append(resolve_target(target, scenario, catalogs))
        except ValueError as exc:
            raise_at(shown, text, ("targets", i), str(exc))
    return target_levels(resolved) if resolved else goal_levels(catalog)


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
    if scenario.as_of < revisions[0].revision and _scored(revisions[0]):
        raise ValueError(before_every_revision(competency, scenario.as_of, revisions[0]))
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


def _scored(catalog: Catalog) -> bool:
    """A revision of a scored designation: its figures changed from revision to revision."""
    return any(lv.score is not None for opt in catalog.option_catalogs() for lv in opt.levels)


def before_every_revision(competency: str, day: dt.date, earliest: Catalog) -> str:
    """Why a scored designation is not planned on a day before its earliest known revision: its rules of
    that day are not known, and a later revision's figures are not borrowed silently."""
    return (f"{earliest.name} has no revision known for as_of {day}: its earliest known revision is of "
            f"{earliest.revision} and the rules before it are not known; to plan against that revision "
            f"anyway write 'rules_revision: {earliest.revision}' (or rules_revision: {{{competency}: "
            f"{earliest.revision}}})")


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
                          exams: dict[str, Exam] | None = None,
                          certifications: CertificationCatalog | None = None) -> None:
    """Cross-check the scenario with its catalog: exam codes, certifications (a title becomes the id), pass
    dates, unique person ids.

    `exams`, when given, are every exam code known (a roster may record exams of other competencies);
    `certifications` the certification catalog passes name (default: the shipped one)."""
    exams = exams if exams is not None else {e.code: e for e in catalog.exams}
    certifications = certifications or shipped_certifications()

    def known_exam(code: str, loc: Loc) -> None:
        if code not in exams:
            raise_at(shown, text, loc, unknown_exam_message(code, catalog, list(exams)))

    def check_holder(holder: Any, loc: Loc) -> None:
        """A person's (or a hire profile's) passes and can_take list."""
        for j, recorded in enumerate(holder.passed):
            if recorded.certification is not None:
                try:
                    holder.passed[j] = recorded = resolve_pass(recorded, certifications)
                except ValueError as exc:
                    raise_at(shown, text, (*loc, "passed", j, "certification"), str(exc))
            else:
                known_exam(str(recorded.exam), (*loc, "passed", j))
            problem = pass_problem(recorded, exams, certifications, scenario.as_of)
            if problem:
                raise_at(shown, text, (*loc, "passed", j, *problem[0]), problem[1])
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


def resolve_pass(recorded: Pass, certifications: CertificationCatalog) -> Pass:
    """A pass naming a certification by title (or id), with the certification's id; ValueError saying
    which titles are near when it names none."""
    named = str(recorded.certification)
    found = certifications.by_title(named)
    if found is None:
        raise ValueError(unknown_certification_message(named, certifications))
    return recorded if found.id == named else recorded.model_copy(update={"certification": found.id})


def unknown_certification_message(named: str, certifications: CertificationCatalog) -> str:
    """'unknown certification X (did you mean 'Azure Administrator Associate'?)'."""
    titles = {title_key(c.title): c.title for c in certifications.certifications}
    near = difflib.get_close_matches(title_key(named), list(titles), n=1, cutoff=0.6)
    hint = f" (did you mean '{titles[near[0]]}'?)" if near else ""
    return (f"unknown certification {describe(named)}{hint}; write its title as Partner Center shows it "
            "(e.g. 'Azure Administrator Associate') or its id")


def pass_problem(recorded: Pass, exams: dict[str, Exam], certifications: CertificationCatalog,
                 as_of: dt.date) -> tuple[tuple[str, ...], str] | None:
    """Why a recorded pass (of a known exam, or of a certification already resolved to its id) cannot be,
    with the key it is about (() for the pass itself), or None."""
    if recorded.certification is not None:
        problem = _certification_date_problem(certifications.certification(recorded.certification),
                                              recorded.date, as_of)
    else:
        code = str(recorded.exam)
        problem = _pass_date_problem(code, recorded.date, exams[code], as_of)
    if problem:
        return (), problem
    if _expires_too_soon(recorded):
        return ("expires",), _expiry_message(recorded)
    return None


def _certification_date_problem(cert: Certification, day: dt.date | None, as_of: dt.date) -> str | None:
    """Why a certification recorded as earned on `day` cannot have been, or None."""
    if day is None:
        return None
    if day > as_of:
        return f"{cert.title} earned on {day}, after as_of {as_of}: record only what was earned by as_of"
    if cert.retired and day > cert.retired:
        return f"{cert.title} earned on {day}, but it could only be earned until {cert.retired} (retired)"
    return None


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
    return (f"{recorded.exam or recorded.certification} expires on {recorded.expires}, not after the day it "
            "was passed "
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


# ---- what the goals read from the organization (planner.input.goal_input) -------------------------------

def raise_problem(shown: str, text: str | None, problem: InputProblem) -> NoReturn:
    """Raise the problem as a one-line ScenarioError at its place in the file."""
    if not problem.missing:
        raise_at(shown, text, problem.loc, problem.message, key=problem.key)
    pos = position_of(text, problem.loc[:-1], key=True) if text is not None and problem.loc[:-1] else None
    raise ScenarioError(shown, problem.message, path=format_path(problem.loc),
                        line=pos[0] if pos else None, column=pos[1] if pos else None)


def target_levels(targets: Iterable[ResolvedTarget]) -> list[Goal]:
    """The targets' levels as goals."""
    return [g for t in targets for g in goal_levels(t.catalog, [t.level])]


def scored_goals(targets: Iterable[ResolvedTarget]) -> list[Goal]:
    """The targets that are scored levels."""
    return [g for g in target_levels(targets) if g[1].score is not None]


def input_problem(scenario: Scenario, goals: list[Goal], catalogs: Catalogs) -> InputProblem | None:
    """What the scenario lacks for these goals: market, revenue_usd and dpor for a gate, the track and the
    figures of a scored level (None: nothing)."""
    return (organization_fields_problem(scenario.organization, goals)
            or scored_input_problem(scenario, goals, catalogs))


def scenario_input_problem(scenario: Scenario, catalog: Catalog, catalogs: Catalogs) -> InputProblem | None:
    """The input problem of a scenario made otherwise than read from its file (a variant): for its targets'
    levels, else its competency's (a target naming nothing is reported elsewhere)."""
    resolved: list[ResolvedTarget] = []
    for target in scenario.targets or ():
        try:
            resolved.append(resolve_target(target, scenario, catalogs))
        except ValueError:
            continue
    goals = target_levels(resolved) if scenario.targets else goal_levels(catalog)
    return input_problem(scenario, goals, catalogs)


def check_goal_input(loaded: LoadedScenario, targets: Iterable[ResolvedTarget] | None = None, *,
                     catalog: Catalog | None = None) -> None:
    """The input check for goals chosen after loading (--target, --competency): `targets`, else every level
    of `catalog` (default: the scenario's). The file is read again only to place an error."""
    goals = target_levels(targets) if targets is not None else goal_levels(catalog or loaded.catalog)
    problem = input_problem(loaded.scenario, goals, loaded.catalogs)
    if problem is not None:
        raise_problem(loaded.file, _text_of(loaded.file), problem)


def _text_of(shown: str) -> str | None:
    """The scenario file's text, to place an error in it (None when it cannot be read again)."""
    try:
        return read_text(Path(shown), shown)
    except (PlannerError, OSError):
        return None
