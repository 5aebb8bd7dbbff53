"""Where a partner stands (check): every level of every option, slots filled, gates, what is missing."""

from __future__ import annotations

import datetime as dt

from models.catalog import Catalog, Exam, Role
from models.report import Assignment, CheckReport, LevelStanding, SlotStanding
from models.scenario import Person
from planner.loading import LoadedScenario
from planner.matching import match_people_to_slots
from planner.rules import held_on, level_gates, person_counts_on, role_in_words, role_lists


def check(loaded: LoadedScenario) -> CheckReport:
    """Where the partner stands today (on as_of), for every level (of every option): slots filled, gates,
    what is missing."""
    scenario = loaded.scenario
    levels: list[LevelStanding] = []
    for catalog in loaded.catalog.option_catalogs():
        levels += _standings(loaded, catalog)
    return CheckReport(scenario=scenario.name, competency=loaded.catalog.id, as_of=scenario.as_of, levels=levels)


def _standings(loaded: LoadedScenario, catalog: Catalog) -> list[LevelStanding]:
    """check() for one option of the competency."""
    scenario = loaded.scenario
    today = scenario.as_of
    exams = {e.code: e for e in catalog.exams}
    roles = {r.id: r for r in catalog.roles}
    lists = {r.id: role_lists(catalog, r) for r in catalog.roles}
    qualified: list[tuple[int, frozenset[str]]] = []
    for i, person in enumerate(scenario.staff):
        if not person_counts_on(person, today):
            continue
        held = held_on(person, exams, today)
        can = frozenset(rid for rid, lsts in lists.items() if all(held & codes for _, codes in lsts))
        if can:
            qualified.append((i, can))
    levels: list[LevelStanding] = []
    for level in catalog.levels:
        # 'different': one matching over every role; 'same-or-different': one per role
        blocks = [level.slots] if level.people == "different" else [{r: n} for r, n in level.slots.items()]
        pairs = [pair for block in blocks for pair in match_people_to_slots(qualified, block)]
        filled = {rid: sum(1 for _, r in pairs if r == rid) for rid in level.slots}
        gates = level_gates(level, scenario.organization, catalog.id)
        missing: list[str] = []
        for rid, need in level.slots.items():
            if filled[rid] < need:
                gap = need - filled[rid]
                other = ", not already in another slot" if level.people == "different" else ""
                missing.append(f"{gap} {rid} slot{'s' if gap > 1 else ''} open: "
                               f"{'a person' if gap == 1 else f'{gap} more people'} with "
                               f"{role_in_words(catalog, roles[rid])}{other}")
        missing += [g.reason for g in gates if g.reason]
        exam_ok = all(filled[r] >= n for r, n in level.slots.items())
        at_risk: list[str] = []
        if exam_ok and all(g.gate.ok for g in gates):  # only a level that is met can be lost
            critical = sorted({i for block in blocks for i in _single_points_of_failure(
                qualified, [p for p in pairs if p[1] in block], block)})
            at_risk = [scenario.staff[i].id for i in critical]
        order = [r.id for r in catalog.roles]
        levels.append(LevelStanding(
            level=level.id, option=catalog.option_id or None,
            met=exam_ok and all(g.gate.ok for g in gates), exam_rules_met=exam_ok,
            gates=[g.gate for g in gates],
            slots=[SlotStanding(role=r, required=n, filled=filled[r]) for r, n in level.slots.items()],
            assignments=[
                Assignment(person=scenario.staff[i].id, role=r,
                           exams=_qualifying_exams(scenario.staff[i], roles[r], catalog, exams, today))
                for i, r in sorted(pairs, key=lambda p: (order.index(p[1]), p[0]))
            ],
            missing=missing, at_risk=at_risk,
        ))
    return levels


def _single_points_of_failure(qualified: list[tuple[int, frozenset[str]]], pairs: list[tuple[int, str]],
                              slots: dict[str, int]) -> list[int]:
    """Roster positions of the people without whom the slots can no longer all be filled."""
    need = sum(slots.values())
    critical = []
    for index, _ in pairs:  # someone outside the matching can leave without breaking it
        rest = [q for q in qualified if q[0] != index]
        if len(match_people_to_slots(rest, slots)) < need:
            critical.append(index)
    return sorted(critical)


def _qualifying_exams(person: Person, role: Role, catalog: Catalog, exams: dict[str, Exam],
                      day: dt.date) -> list[str]:
    """The held exam that covers each of the role's lists, the catalog's preferred one first."""
    held = held_on(person, exams, day)
    return [next(c for c in catalog.exam_list(lid).exams if c in held) for lid in role.lists]
