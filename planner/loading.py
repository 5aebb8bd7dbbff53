"""Loading a scenario file: YAML in, a validated Scenario and its competency catalog out.

Every problem is a ScenarioError with one line naming the file and the place in it. A scenario that
loads is ready for planning as it is: exam codes exist, dates are possible, ids are unique.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.catalog import Catalog
from models.scenario import Scenario
from planner.catalogs import DEFAULT_COMPETENCY, shipped_catalog, shipped_catalog_ids
from planner.errors import ScenarioError
from planner.input_errors import Loc, raise_at, validate_document
from planner.yamlio import parse_yaml, read_text

TOP_LEVEL_KEYS = ", ".join(Scenario.model_fields)


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario, the catalog it is planned against, and the file it came from."""

    scenario: Scenario
    catalog: Catalog
    file: str


def load_scenario(path: str | Path, *, catalog: Catalog | None = None) -> LoadedScenario:
    """Read, parse and validate a scenario file (bad input raises ScenarioError)."""
    shown = str(path)
    text = read_text(Path(path), shown)
    return load_scenario_text(text, shown, catalog=catalog)


def load_scenario_text(text: str, shown: str, *, catalog: Catalog | None = None) -> LoadedScenario:
    """Parse and validate scenario text; `shown` names it in error messages."""
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise ScenarioError(shown, f"the file is empty; a scenario is a mapping with {TOP_LEVEL_KEYS}")
    data = parse_yaml(text, shown)
    return load_scenario_data(data, shown, text, catalog=catalog)


def load_scenario_data(data: Any, shown: str, text: str | None = None, *,
                       catalog: Catalog | None = None) -> LoadedScenario:
    """Validate already-parsed scenario data (the text, when given, locates errors)."""
    if data is None:
        raise ScenarioError(shown, f"the file is empty; a scenario is a mapping with {TOP_LEVEL_KEYS}")
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a single {type(data).__name__} value"
        raise ScenarioError(shown, f"the top level is {kind}; a scenario is a mapping with {TOP_LEVEL_KEYS}",
                            line=1, column=1)
    if catalog is None:
        catalog = _catalog_for(data, shown, text)
    scenario = validate_document(Scenario, data, shown, text)
    if scenario.competency != catalog.id:
        raise_at(shown, text, ("competency",),
                 f"the scenario asks for '{scenario.competency}' but is planned against '{catalog.id}'")
    check_against_catalog(scenario, catalog, shown, text)
    return LoadedScenario(scenario=scenario, catalog=catalog, file=shown)


def _catalog_for(data: dict[str, Any], shown: str, text: str | None) -> Catalog:
    competency = data.get("competency", DEFAULT_COMPETENCY)
    if competency is None:
        competency = DEFAULT_COMPETENCY
    if not isinstance(competency, str):
        raise_at(shown, text, ("competency",), f"must be a competency id such as '{DEFAULT_COMPETENCY}'")
    try:
        return shipped_catalog(competency)
    except KeyError:
        known = shipped_catalog_ids()
        hint = difflib.get_close_matches(competency, known, n=1, cutoff=0.5)
        raise_at(shown, text, ("competency",),
                 f"unknown competency '{competency}'"
                 + (f" (did you mean '{hint[0]}'?)" if hint else f"; known: {', '.join(known)}"))


def check_against_catalog(scenario: Scenario, catalog: Catalog, shown: str, text: str | None) -> None:
    """Cross-check the scenario with its catalog: exam codes, pass dates, unique person ids."""
    exams = {e.code: e for e in catalog.exams}

    def known_exam(code: str, loc: Loc) -> None:
        if code not in exams:
            raise_at(shown, text, loc, unknown_exam_message(code, catalog))

    for code in scenario.costs.exams:
        known_exam(code, ("costs", "exams", code))
    seen: dict[str, int] = {}
    as_of = scenario.as_of
    for i, person in enumerate(scenario.staff):
        if person.id in seen:
            raise_at(shown, text, ("staff", i, "id"),
                     f"duplicate person id '{person.id}' (first used by staff[{seen[person.id]}])")
        seen[person.id] = i
        for j, recorded in enumerate(person.passed):
            known_exam(recorded.exam, ("staff", i, "passed", j))
            day = recorded.date
            if day is None:
                continue
            exam = exams[recorded.exam]
            if day > as_of:
                raise_at(shown, text, ("staff", i, "passed", j),
                         f"{recorded.exam} passed on {day}, after as_of {as_of}: "
                         "record only passes that happened by as_of")
            if exam.first_take and day < exam.first_take:
                raise_at(shown, text, ("staff", i, "passed", j),
                         f"{recorded.exam} passed on {day}, but it could only be taken from {exam.first_take}")
            if exam.last_take and day > exam.last_take:
                raise_at(shown, text, ("staff", i, "passed", j),
                         f"{recorded.exam} passed on {day}, but it could only be taken until {exam.last_take}")
        for j, code in enumerate(person.can_take or ()):
            known_exam(code, ("staff", i, "can_take", j))


def unknown_exam_message(code: str, catalog: Catalog) -> str:
    """'unknown exam code X (nearest: A, B)' for the catalog's codes."""
    codes = [e.code for e in catalog.exams]
    near = difflib.get_close_matches(code.upper(), codes, n=3, cutoff=0.6)
    hint = f" (nearest: {', '.join(near)})" if near else f"; {catalog.id} knows {', '.join(sorted(codes))}"
    return f"unknown exam code '{code}'{hint}"
