"""Building the model lists no subsets of metrics or roles: the polynomial formulations keep the optimum
(checked against exhaustive searches on small random rosters), large catalogs and large K are answered,
and a catalog of input metrics only survives departures without recursing."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.core.covers import _covers, cheapest_cover_by_count
from planner.core.matching import slots_can_be_filled
from planner.core.planning import plan
from planner.core.profiles import NewExamOption
from planner.input.loading import load_scenario_data
from tests.bruteforce import _in_team, _role_lists, counting_passes, exam_cents, person_choices
from tests.helpers import run as cli
from tests.strategies import scenarios
from tests.strategies_scored import instances
from tests.test_bruteforce_scored import agrees

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _staff(people: list[list[str]], metrics: str = ", metrics: {rev: 8}") -> str:
    rows = "".join(f"  - {{id: p{i}, passed: [{', '.join(held)}]}}\n" for i, held in enumerate(people))
    return ("schema_version: 1\nname: Many\nas_of: 2020-06-01\n"
            f"organization: {{market: developed, revenue_usd: 0, dpor: false{metrics}}}\nstaff:\n" + rows)


def _scored(metrics: int, total: int = 10, above_zero: bool = True) -> str:
    exams = "".join(f"\n  - {{code: X{m}, title: X{m}}}" for m in range(metrics)) or " []"
    lists = "".join(f"\n  - {{id: l{m}, name: L{m}, exams: [X{m}]}}" for m in range(metrics)) or " []"
    rows = "".join(f"        - {{id: m{m}, name: M{m}, max_points: 10, threshold: 2, lists: [l{m}]}}\n"
                   for m in range(metrics))
    return (f"catalog_version: 1\nid: many\nname: Many\nrevision: 2020-01-01\nexams:{exams}\nlists:{lists}\n"
            f"levels:\n  - id: scored\n    name: Scored\n    score:\n      total: {total}\n"
            f"      every_metric_above_zero: {str(above_zero).lower()}\n      metrics:\n{rows}"
            "        - {id: rev, name: Revenue, max_points: 20, threshold: 10, input: rev}\n")


def _plan(tmp_path: Path, catalog: str, staff: str, target: str, *options: str) -> tuple[int, dict[str, Any]]:
    scenario, catalog_file = _write(tmp_path, "staff.yaml", staff), _write(tmp_path, "cat.yaml", catalog)
    result = cli("plan", scenario, "--catalog", catalog_file, "--target", target, "--format", "json",
                 *options)
    assert "" == result.stderr
    return result.exit_code, json.loads(result.stdout)


# ---- what failed before ---------------------------------------------------------------------------------

def test_a_catalog_of_input_metrics_only_survives_departures_without_recursing(tmp_path):
    """No exam metric: no departure changes the score, so resilience 1 plans nothing (it recursed)."""
    code, report = _plan(tmp_path, _scored(0), _staff([[]]), "many:scored",
                         "--resilience", "1")
    assert (0, "optimal", []) == (code, report["status"], report["new_exams"])


def test_resilience_beyond_everyone_who_could_count_is_answered_in_closed_form(tmp_path):
    """K = 1000 on 7 people: all may leave, the exam metrics then score 0, no plan can; a small model."""
    code, report = _plan(tmp_path, _scored(2), _staff([["X0"]] * 7), "many:scored", "--resilience", "1000")
    assert (1, "infeasible", True) == (code, report["status"], report["stats"]["constraints"] < 500)


def test_thirty_metrics_on_twenty_people_are_planned(tmp_path):
    """30 exam metrics (2^30 sets of them), each needing a person: the 10 nobody counts in take 10 exams."""
    code, report = _plan(tmp_path, _scored(30), _staff([[f"X{i}"] for i in range(20)]), "many:scored")
    assert (0, "optimal", 10) == (code, report["status"], report["total_new_exams"])


def test_thirty_metrics_survive_one_departure(tmp_path):
    """24 exam points (5 a person and metric) after either of 2 people leaves: each counts in 5 metrics,
    so 4 exams each; kept by sets of leavers, not by 2^30 types of people."""
    catalog = _scored(30, total=40, above_zero=False)
    code, report = _plan(tmp_path, catalog, _staff([["X0"], ["X1"]]), "many:scored", "--resilience", "1")
    assert (0, "optimal", 8) == (code, report["status"], report["total_new_exams"])


def test_a_same_or_different_level_of_24_roles_is_planned(tmp_path):
    """24 roles whose slots may share a holder (2^24 sets of roles) plan in one pass."""
    exams = "".join(f"  - {{code: Y{r}, title: Y{r}}}\n" for r in range(24))
    lists = "".join(f"  - {{id: l{r}, name: L{r}, exams: [Y{r}]}}\n" for r in range(24))
    roles = "".join(f"  - {{id: r{r}, lists: [l{r}]}}\n" for r in range(24))
    slots = ", ".join(f"r{r}: 1" for r in range(24))
    level = f"  - {{id: gold, name: Gold, people: same-or-different, slots: {{{slots}}}}}\n"
    catalog = (f"catalog_version: 1\nid: wide\nname: Wide\nrevision: 2020-01-01\nexams:\n{exams}"
               f"lists:\n{lists}roles:\n{roles}levels:\n{level}")
    code, report = _plan(tmp_path, catalog, _staff([[f"Y{r}" for r in range(12)], []], ""), "wide:gold")
    assert (0, "optimal", 12) == (code, report["status"], report["total_new_exams"])


def test_a_run_stopped_while_building_says_so(tmp_path):
    """A time limit that runs out before the problem is built answers so, with no plan and nobody modelled."""
    loaded = load_scenario_data({"schema_version": 1, "name": "T", "as_of": "2017-11-20",
                                 "organization": {"market": "developed", "revenue_usd": 0, "dpor": False},
                                 "staff": [{"id": f"p{i}"} for i in range(50)]}, "t.yaml")
    report = plan(loaded, "gold", time_limit=1e-9, fixes=False)
    assert ("unknown", "time limit while building", True) == (
        report.status, report.stats.get("stopped"), "while the model was being built" in report.reasons[0])


# ---- the formulations keep the optimum --------------------------------------------------------------------

@FAST
@given(instance=instances(), objective=st.sampled_from(["exams", "cost"]), resilience=st.sampled_from([1, 2]))
def test_departures_by_sets_of_leavers_equal_the_brute_force_optimum(instance, objective, resilience):
    """Forced to list sets of leavers (not types), a resilient scored plan is the brute force's optimum."""
    with mock.patch("planner.core.score_rules.by_types_is_smaller", return_value=False):
        agrees(instance, objective, resilience=resilience)


def _ways_to_roles(loaded: Any, person: Any, slots: dict[str, int], objective: str) -> list[tuple[Any, Any]]:
    """A person's cheapest (count, cost) of new exams for each set of roles they can end up qualifying for
    (up to one exam per list of every role: a spare may qualify for several)."""
    scenario, catalog = loaded.scenario, loaded.catalog
    if not _in_team(person, scenario.deadline):
        return [(frozenset(), (0, 0))]  # a leaver (not someone who may take no exam: they keep their roles)
    choices = person_choices(loaded, person)
    held = counting_passes(catalog, person, scenario.deadline)
    open_codes = sorted({code for choice in choices for code in choice.exams})
    lists = {r: lsts for r, lsts in _role_lists(catalog).items() if r in slots}
    best: dict[frozenset[str], tuple[int, int]] = {}
    for size in range(sum(len(lsts) for lsts in lists.values()) + 1):
        if person.max_new_exams is not None and size > person.max_new_exams:
            break
        for combo in itertools.combinations(open_codes, size):
            has = held | set(combo)
            roles = frozenset(r for r, lsts in lists.items() if all(has & lst for lst in lsts))
            total = (size, sum(exam_cents(scenario, person, code) for code in combo))
            rank = total if objective == "exams" else (total[1], total[0])
            known = best.get(roles)
            if known is None or rank < (known if objective == "exams" else (known[1], known[0])):
                best[roles] = total
    return list(best.items())


def _slotted_optimum(loaded: Any, level_id: str, k: int, objective: str) -> tuple[int, int] | None:
    """Exhaustively: each person's cheapest way to each set of roles; the cheapest combination whose every
    set T of roles has slots(T) + k people qualifying for one of them (Hall, listed in full)."""
    level = loaded.catalog.level(level_id)
    slots = {r: n for r, n in level.slots.items() if n > 0}
    people = [_ways_to_roles(loaded, person, slots, objective) for person in loaded.scenario.staff]
    groups = [frozenset(g) for n in range(1, len(slots) + 1) for g in itertools.combinations(slots, n)]
    found: tuple[int, int] | None = None
    for combo in itertools.product(*people):
        if all(sum(1 for roles, _ in combo if roles & g) >= sum(slots[r] for r in g) + k for g in groups):
            total = (sum(c for _, (c, _) in combo), sum(m for _, (_, m) in combo))
            key = total if objective == "exams" else (total[1], total[0])
            if found is None or key < (found if objective == "exams" else (found[1], found[0])):
                found = total
    return found


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=scenarios(max_people=4), level=st.sampled_from(["silver", "gold"]), k=st.sampled_from([1, 2]),
       objective=st.sampled_from(["exams", "cost"]))
def test_departures_of_different_slot_holders_equal_the_exhaustive_optimum(data, level, k, objective):
    """Cloud CRM (slot holders all different) after any k departures: one assignment per role, not every
    set of roles, gives the exhaustive search's optimum (or both find none)."""
    loaded = load_scenario_data(data, "h.yaml")
    report = plan(loaded, level, objective, resilience=k, fixes=False, explain=False)
    planned = (report.total_new_exams, round(report.total_cost_usd * 100)) \
        if report.status == "optimal" else None
    assert _slotted_optimum(loaded, level, k, objective) == planned



def _cloud_crm(as_of: str, staff: list[dict[str, Any]]) -> Any:
    """A Cloud CRM scenario planned against the revision in force on as_of, as the property above loads it."""
    return load_scenario_data({"schema_version": 1, "name": "T", "as_of": as_of,
                               "organization": {"market": "developed", "revenue_usd": 0, "dpor": False},
                               "staff": staff}, "h.yaml")


def _planned(loaded: Any, level: str, k: int) -> tuple[int, int] | None:
    report = plan(loaded, level, "exams", resilience=k, fixes=False, explain=False)
    if report.status != "optimal":
        return None
    return report.total_new_exams, round(report.total_cost_usd * 100)


def test_someone_who_may_take_no_exam_still_fills_a_slot_in_the_exhaustive_search():
    """p0 holds both roles and may take nothing: with p1 on MB2-717 and MB2-715 and p2 on MB2-716, any
    one leaver leaves two different people for Silver's two roles: 3 exams (the search took p0 as gone: 6)."""
    loaded = _cloud_crm("2017-11-20", [{"id": "p0", "passed": ["MB2-717", "MB2-715", "MB2-716"],
                                        "max_new_exams": 0}] + [{"id": f"p{i}"} for i in (1, 2, 3)])
    assert ((3, 49500), (3, 49500)) == (_slotted_optimum(loaded, "silver", 1, "exams"),
                                        _planned(loaded, "silver", 1))


def test_a_pass_of_an_exam_a_later_revision_adds_counts_for_nothing_in_the_exhaustive_search():
    """MB2-717 is not in the revision of 27 Jun 2017 (as_of 1 Jun 2017): its pass helps no role, one
    person cannot fill Silver's two slots after a departure, and neither side plans (the search raised)."""
    loaded = _cloud_crm("2017-06-01", [{"id": "p0", "passed": [{"exam": "MB2-717", "date": "2015-01-01"}]}])
    assert (None, None) == (_slotted_optimum(loaded, "silver", 1, "exams"), _planned(loaded, "silver", 1))


OPTION = st.builds(NewExamOption, exam=st.sampled_from("ABCDEF"), cost_cents=st.integers(0, 50),
                   renewal=st.booleans())
LISTS = st.lists(st.frozensets(st.sampled_from("ABCDEF"), min_size=1, max_size=3), min_size=1, max_size=4)


@FAST
@given(options=st.lists(OPTION, max_size=6, unique_by=lambda o: o.key),
       held=st.frozensets(st.sampled_from("ABCDEF")), lists=LISTS, max_new=st.none() | st.integers(0, 3))
def test_cheapest_cover_by_count_equals_listing_every_combination(options, held, lists, max_new):
    """Covers combined over groups of lists joined by shared exams equal those of every combination."""
    named = tuple((str(i), codes) for i, codes in enumerate(lists))
    listed: dict[int, int] = {}
    for _, count, cost in _covers(held, tuple(options), max_new, named):
        listed[count] = min(cost, listed.get(count, cost))
    assert listed == cheapest_cover_by_count(held, tuple(options), max_new, named)


@FAST
@given(counts=st.dictionaries(st.frozensets(st.sampled_from("abcd"), min_size=1), st.integers(0, 3),
                              max_size=6),
       slots=st.dictionaries(st.sampled_from("abcd"), st.integers(0, 3), min_size=1))
def test_slots_filled_by_a_flow_exactly_when_hall_holds_for_every_set_of_roles(counts, slots):
    """The flow fills every slot exactly when each set of roles has as many qualified people as slots."""
    wanted = [r for r, n in slots.items() if n]
    hall: Callable[[tuple[str, ...]], bool] = lambda g: sum(  # noqa: E731
        n for q, n in counts.items() if q & set(g)) >= sum(slots[r] for r in g)
    expected = all(hall(g) for n in range(1, len(wanted) + 1) for g in itertools.combinations(wanted, n))
    assert expected == slots_can_be_filled(counts, slots)
