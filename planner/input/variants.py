"""What-ifs: a scenario's `variants:` applied to its base, each validated as a full scenario.

A variant is a named overlay on the base scenario (people removed or leaving, passes added, people added or
changed, another deadline, market, revenue, costs, policy or hiring list). Each variant is applied to a copy
of the base and validated as a full scenario; a problem is one line naming the variant's place in the file
(`variants[1].remove[0]: no person 'alise' (did you mean 'alice'?)`).

Comparing the scenarios a file's variants make is planner/core/compare.py's job.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NoReturn

from pydantic import ValidationError

from models.catalog import Catalog, Exam
from models.scenario import Pass, Person, Scenario, Variant
from planner.errors import ScenarioError, UsageError
from planner.input.errors import Loc, M, describe, format_path, raise_at
from planner.input.loading import (
    LoadedScenario,
    _pass_date_problem,  # the loader's own rule for the date of a recorded pass
    check_against_catalog,
    load_scenario_text,
    scenario_input_problem,
    unknown_exam_message,
)
from planner.input.yamlio import read_text
from planner.rules.catalogs import Catalogs
from planner.rules.domain import certification_holds_on


@dataclass(frozen=True)
class VariantScenario:
    """One variant applied: the variant as written, the scenario it makes, and its changes in words."""

    variant: Variant
    loaded: LoadedScenario
    changes: list[str]


def load_with_variants(path: str | Path, catalogs: Catalogs | None = None
                       ) -> tuple[LoadedScenario, list[VariantScenario]]:
    """Read a scenario file, validate it and every one of its variants (bad input raises ScenarioError)."""
    shown = str(path)
    text = read_text(Path(path), shown)
    loaded = load_scenario_text(text, shown, catalogs=catalogs)
    return loaded, expand_variants(loaded, text)


def expand_variants(loaded: LoadedScenario, text: str | None = None) -> list[VariantScenario]:
    """Every variant of the scenario applied to its base, each validated as a full scenario.

    `text` (the file's text) lets an error name the line and column of the variant's faulty entry.
    """
    base = loaded.scenario
    out = []
    for i, variant in enumerate(base.variants):
        place = _Place(loaded.file, text, ("variants", i))
        _check_overlay(base, loaded.catalog, variant, place, loaded.catalogs.exams(loaded.catalog))
        scenario = variant_scenario(base, variant, place)
        try:
            check_against_catalog(scenario, loaded.catalog, loaded.file, None,
                                  exams=loaded.catalogs.exams(loaded.catalog))
        except ScenarioError as exc:
            place.fail((), f"the scenario this variant makes is not valid: {exc.path}: {exc.detail}")
        problem = scenario_input_problem(scenario, loaded.catalog, loaded.catalogs)  # track, metrics
        if problem is not None:
            place.fail(problem.loc, problem.message)
        out.append(
            VariantScenario(
                variant,
                replace(loaded, scenario=scenario),
                variant_changes(variant),
            )
        )
    return out


def find_variant(variants: list[VariantScenario], name: str) -> VariantScenario:
    """The variant called `name` (a UsageError names the nearest ones when there is none)."""
    for v in variants:
        if v.variant.name == name:
            return v
    names = [v.variant.name for v in variants]
    if not names:
        raise UsageError(f"--variant '{name}': the scenario has no variants")
    near = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    raise UsageError(
        f"--variant: no variant '{name}'"
        + (f" (did you mean '{near[0]}'?)" if near else f"; the variants are: {', '.join(names)}")
    )


def variant_scenario(base: Scenario, variant: Variant, place: _Place | None = None) -> Scenario:
    """The base scenario with the variant applied, validated; a problem is reported at the variant's place.

    The people the variant leaves alone are the base's own objects, not copies: twenty variants of a
    100,000-person roster hold one roster (and a list of references each), not twenty-one.
    """
    place = place or _Place("scenario", None, ())
    shell = _validated(apply_variant(base, variant, with_staff=False), place)  # every field but the staff
    touched = set(variant.change) | set(variant.leave) | set(variant.add_passes)
    removed = set(variant.remove)
    staff: list[Person] = []
    for person in base.staff:
        if person.id in removed:
            continue
        staff.append(_changed_person(person, variant, len(staff), place) if person.id in touched else person)
    staff += variant.add_staff
    return shell.model_copy(update={"staff": staff})


def _changed_person(person: Person, variant: Variant, index: int, place: _Place) -> Person:
    """A person of the base with the variant's change, departure and passes, validated as a Person."""
    data = person.model_dump(mode="python")
    change: Any = variant.change.get(person.id)
    if change is not None:
        data.update(change.model_dump(exclude_unset=True))
    if person.id in variant.leave:
        data["leaves_on"] = variant.leave[person.id]
    if person.id in variant.add_passes:
        data["passed"] = list(data["passed"]) + [p.model_dump() for p in variant.add_passes[person.id]]
    return _validated_as(Person, data, place, ("staff", index))


def apply_variant(base: Scenario, variant: Variant, *, with_staff: bool = True) -> dict[str, Any]:
    """The base scenario with the variant applied, as data for Scenario.model_validate (not yet checked)."""
    data = base.model_dump(mode="python", exclude={"variants"} if with_staff else {"variants", "staff"})
    data["name"] = f"{base.name}: {variant.name}"
    if not with_staff:
        data["staff"] = []
        return _with_settings(data, variant)
    removed = set(variant.remove)
    staff = [p for p in data["staff"] if p["id"] not in removed]
    by_id = {p["id"]: p for p in staff}
    for pid, change in variant.change.items():
        by_id[pid].update(change.model_dump(exclude_unset=True))
    for pid, day in variant.leave.items():
        by_id[pid]["leaves_on"] = day
    for pid, passes in variant.add_passes.items():
        by_id[pid]["passed"] = list(by_id[pid]["passed"]) + [p.model_dump() for p in passes]
    staff += [p.model_dump() for p in variant.add_staff]
    data["staff"] = staff
    return _with_settings(data, variant)


def _with_settings(data: dict[str, Any], variant: Variant) -> dict[str, Any]:
    """Scenario data with the variant's deadline, organization, costs, policy and hiring laid over it."""
    if variant.deadline is not None:
        data["deadline"] = variant.deadline
    for key in ("organization", "costs", "policy"):
        change = getattr(variant, key)
        if change is not None:
            data[key] = _merged(data[key], change.model_dump(exclude_unset=True))
    if variant.hiring is not None:
        data["hiring"] = [h.model_dump() for h in variant.hiring]
    return data


def _merged(base: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    """`base` with `change` laid over it; nested mappings (costs.exams) are merged key by key."""
    out = dict(base)
    for key, value in change.items():
        out[key] = (
            _merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
        )
    return out


def variant_changes(variant: Variant) -> list[str]:
    """What a variant changes, in plain words, one item per change."""
    return _staff_changes(variant) + _settings_changes(variant)


def _staff_changes(variant: Variant) -> list[str]:
    """People removed, leaving, with new passes, added or changed."""
    out = [f"{pid} is no longer on the staff" for pid in variant.remove]
    out += [f"{pid} leaves on {day}" for pid, day in variant.leave.items()]
    out += [
        f"{pid} has passed {', '.join(p.exam for p in passes)}" for pid, passes in variant.add_passes.items()
    ]
    for person in variant.add_staff:
        held = f" (holds {', '.join(p.exam for p in person.passed)})" if person.passed else ""
        out.append(f"{person.id} joins the staff{held}")
    for pid, change in variant.change.items():
        out += [
            f"{pid}'s {_setting_words(key, value)}"
            for key, value in change.model_dump(exclude_unset=True).items()
        ]
    return out


def _settings_changes(variant: Variant) -> list[str]:
    """The deadline, organization, costs, policy and hiring list changed."""
    out = [] if variant.deadline is None else [f"deadline moved to {variant.deadline}"]
    for key in ("organization", "costs", "policy"):
        change = getattr(variant, key)
        if change is not None:
            out += [
                f"{key}.{_setting_words(name, value)}"
                for name, value in _flat(change.model_dump(exclude_unset=True))
            ]
    if variant.hiring is not None:
        out.append(
            "hiring: "
            + (
                "; ".join(f"{h.profile} (US${h.cost_usd:,.0f}, at most {h.max})" for h in variant.hiring)
                or "nobody"
            )
        )
    return out


def _flat(data: dict[str, Any], prefix: str = "") -> Iterable[tuple[str, Any]]:
    """Each value the overlay sets, by its dotted key; a mapping is merged key by key (_merged), so an
    empty one sets nothing."""
    for key, value in data.items():
        if isinstance(value, dict):
            yield from _flat(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def _value_words(value: Any) -> str:
    if value is None:
        return "removed"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return (
            "[" + ", ".join(_value_words(v.get("exam", v) if isinstance(v, dict) else v) for v in value) + "]"
        )
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}"
    return str(value)


def _setting_words(key: str, value: Any) -> str:
    """'revenue_usd', 250000.0 -> 'revenue_usd set to US$250,000'."""
    if key.endswith("_usd") and isinstance(value, (int, float)) and not isinstance(value, bool):
        amount = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
        return f"{key} set to US${amount}"
    return f"{key} removed" if value is None else f"{key} set to {_value_words(value)}"


# ---- checking an overlay where it is written ------------------------------------------------------------


@dataclass(frozen=True)
class _Place:
    """Where a variant is written: errors raised through it name the file, line and the variant's path."""

    file: str
    text: str | None
    loc: Loc

    def fail(self, loc: Loc, message: str) -> NoReturn:
        raise_at(self.file, self.text, (*self.loc, *loc), message)


def _check_overlay(base: Scenario, catalog: Catalog, variant: Variant, place: _Place,
                   known: dict[str, Exam] | None = None) -> None:
    """The variant's person ids, exam codes and dates, each checked where it is written."""
    exams = known if known is not None else {e.code: e for e in catalog.exams}
    check = _OverlayCheck(base, catalog, place, exams)
    check.removed_once(variant.remove)
    for pid in variant.leave:
        check.on_staff(pid, ("leave", pid))
    for pid, change in variant.change.items():
        check.on_staff(pid, ("change", pid))
        check.holder(change, ("change", pid))
    deadline = _deadline_of(base, variant)
    for pid, passes in variant.add_passes.items():
        check.added_passes(pid, passes, deadline)
    for j, person in enumerate(variant.add_staff):
        check.new_person(j, person)
    for j, hire in enumerate(variant.hiring or ()):
        check.holder(hire, ("hiring", j))
    if variant.costs is not None:
        for code in variant.costs.exams or {}:
            check.known_exam(code, ("costs", "exams", code))
    if variant.deadline is not None and variant.deadline < base.as_of:
        place.fail(("deadline",), f"deadline {variant.deadline} is before as_of {base.as_of}")


def _deadline_of(base: Scenario, variant: Variant) -> dt.date:
    """The deadline of the scenario the variant makes (the base's, unless the variant moves it)."""
    return variant.deadline or base.deadline or base.as_of


class _OverlayCheck:
    """The checks of one variant against its base, each failing at the place in the variant it checks."""

    def __init__(self, base: Scenario, catalog: Catalog, place: _Place, exams: dict[str, Exam]) -> None:
        self.base, self.catalog, self.place, self.exams = base, catalog, place, exams
        self.ids = [p.id for p in base.staff]
        self.people = {p.id: p for p in base.staff}
        self.removed: dict[str, int] = {}  # person id -> its place in `remove`

    def removed_once(self, remove: list[str]) -> None:
        """Each removed person is on the base's staff and listed once."""
        for j, pid in enumerate(remove):
            _known_person(pid, self.ids, self.place, ("remove", j))
            if pid in self.removed:
                self.place.fail(("remove", j),
                                f"{describe(pid)} is already listed as remove[{self.removed[pid]}]")
            self.removed[pid] = j

    def on_staff(self, pid: str, loc: Loc) -> None:
        """A person the variant changes is on the base's staff and not removed by it."""
        _known_person(pid, self.ids, self.place, loc)
        if pid in self.removed:
            self.place.fail(loc, f"{describe(pid)} is removed by this variant (remove[{self.removed[pid]}])")

    def known_exam(self, code: str, loc: Loc) -> None:
        """An exam code the catalogs know."""
        if code not in self.exams:
            self.place.fail(loc, unknown_exam_message(code, self.catalog, list(self.exams)))

    def passes(self, passes: list[Pass], loc: Loc) -> None:
        """Recorded passes of known exams, dated as the loader demands."""
        for k, recorded in enumerate(passes):
            self.known_exam(recorded.exam, (*loc, k))
            problem = _pass_date_problem(recorded.exam, recorded.date, self.exams[recorded.exam],
                                         self.base.as_of)
            if problem:
                self.place.fail((*loc, k), problem)

    def holder(self, holder: Any, loc: Loc) -> None:
        """The passes and exams to take of a person changed or added, or of a hiring profile."""
        self.passes(holder.passed or [], (*loc, "passed"))
        for k, code in enumerate(holder.can_take or ()):
            self.known_exam(code, (*loc, "can_take", k))

    def added_passes(self, pid: str, passes: list[Pass], deadline: dt.date) -> None:
        """Passes added to a person on the staff: good passes of exams the person does not hold on the
        deadline yet. A certification whose pass has expired, or expires by the deadline, may be earned
        again: the new pass is added beside it, and its own dates count."""
        self.on_staff(pid, ("add_passes", pid))
        self.passes(passes, ("add_passes", pid))
        held = {p.exam: "in the base scenario" for p in self.people[pid].passed
                if certification_holds_on(p, deadline)}
        for k, recorded in enumerate(passes):
            if recorded.exam in held:
                self.place.fail(("add_passes", pid, k),
                                f"{pid} has already passed {recorded.exam} {held[recorded.exam]}")
            if certification_holds_on(recorded, deadline):
                held[recorded.exam] = "in this variant"

    def new_person(self, j: int, person: Person) -> None:
        """A person added to the staff: a new id, good passes and exams to take."""
        if person.id in self.people:
            self.place.fail(
                ("add_staff", j, "id"),
                f"{describe(person.id)} is already on the staff; use change: "
                "to change a person, or give the new person another id",
            )
        self.holder(person, ("add_staff", j))


def _known_person(pid: str, ids: list[str], place: _Place, loc: Loc) -> None:
    if pid not in ids:
        near = difflib.get_close_matches(pid, ids, n=1, cutoff=0.6)
        place.fail(
            loc,
            f"no person {describe(pid)}"
            + (f" (did you mean '{near[0]}'?)" if near else " on the base scenario's staff"),
        )


def _validated(data: dict[str, Any], place: _Place) -> Scenario:
    """The applied variant as a Scenario; the first problem is reported at the variant's place."""
    return _validated_as(Scenario, data, place, ())


def _validated_as(model: type[M], data: dict[str, Any], place: _Place, loc: Loc) -> M:
    """`data` as `model` (the part at `loc` of the scenario a variant makes), or the first problem at the
    variant's place."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = format_path((*loc, *(p for p in first["loc"] if isinstance(p, (str, int)))))
        message = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
        place.fail((), f"the scenario this variant makes is not valid: {where}: {message}")

