"""Two objective stages solved as one (planner/core/both_at_once.BothAtOnce): the first stage's expression
times a weight, plus the second's, with the first capped. Against a brute force of random small models,
it is their lexicographic optimum; through the pipeline, the plans are those solved stage by stage."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.core import both_at_once, solving
from planner.core.cpsat import cp_model
from planner.core.pipeline import PlanRequest, run
from tests.conftest import LIGHT
from tests.test_solving_stages import _plan_of, _six_designations_on_12_people

EXAMPLES = 30 if LIGHT else max(1, settings.default.max_examples)


@st.composite
def _models(draw: Any) -> tuple[list[int], list[int], list[tuple[list[int], int]]]:
    """A few booleans (what each counts as a change, and what it costs: some free) and covering
    constraints (at least so many of these)."""
    n = draw(st.integers(2, 7))
    units = draw(st.lists(st.integers(1, 3), min_size=n, max_size=n))
    costs = draw(st.lists(st.sampled_from([0, 1, 7, 60, 725, 1045, 100_000]), min_size=n, max_size=n))
    covers = draw(st.lists(st.tuples(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True),
                                     st.integers(1, 3)), min_size=1, max_size=4))
    return units, costs, covers


def _brute_force(units: list[int], costs: list[int], covers: list[tuple[list[int], int]]
                 ) -> tuple[int, int] | None:
    """The least (changes, cost) of every assignment meeting the covers, lexicographically (None: none)."""
    best = None
    for values in itertools.product((0, 1), repeat=len(units)):
        if all(sum(values[i] for i in which) >= k for which, k in covers):
            figure = (sum(u * v for u, v in zip(units, values, strict=True)),
                      sum(c * v for c, v in zip(costs, values, strict=True)))
            best = figure if best is None else min(best, figure)
    return best


def _solved_at_once(units: list[int], costs: list[int], covers: list[tuple[list[int], int]]
                    ) -> tuple[str, tuple[int, int] | None]:
    model = cp_model.CpModel()
    xs = [model.new_bool_var(f"x{i}") for i in range(len(units))]
    for which, k in covers:
        model.add(sum(xs[i] for i in which) >= k)
    first = sum(u * x for u, x in zip(units, xs, strict=True))
    second = sum(c * x for c, x in zip(costs, xs, strict=True))
    both = both_at_once.BothAtOnce.of(model, first, "cost", second)
    assert both is not None
    model.minimize(both.expr)
    model.proto.objective.domain.extend([0, both.most])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    code = solver.solve(model)
    if code != cp_model.OPTIMAL:
        return solver.status_name(code), None
    return "OPTIMAL", (int(solver.value(first)), int(solver.value(second)))


@settings(max_examples=EXAMPLES, deadline=None)
@given(_models())
def test_both_stages_at_once_are_the_lexicographic_optimum_of_a_brute_force(model: Any) -> None:
    """Random covering models: the fewest changes, then the least cost, as a brute force of every assignment
    finds them; infeasible exactly when no assignment meets the covers."""
    units, costs, covers = model
    expected = _brute_force(units, costs, covers)
    status, found = _solved_at_once(units, costs, covers)
    assert found == expected
    assert status == ("OPTIMAL" if expected is not None else "INFEASIBLE")


@settings(max_examples=EXAMPLES, deadline=None)
@given(_models())
def test_no_plan_within_the_cap_is_infeasible(model: Any) -> None:
    """With the cap below the fewest changes, no plan is within it: the solve is infeasible (and the stages
    are then solved one by one); at the fewest changes it finds the optimum."""
    units, costs, covers = model
    expected = _brute_force(units, costs, covers)
    if expected is None or expected[0] < 2:  # (a cap below 1 is no cap: the stages one by one)
        return
    cap = both_at_once.cap_of
    try:
        both_at_once.cap_of = lambda *args: expected[0] - 1  # type: ignore[assignment]
        below = _solved_at_once(units, costs, covers)
        both_at_once.cap_of = lambda *args: expected[0]  # type: ignore[assignment]
        at = _solved_at_once(units, costs, covers)
    finally:
        both_at_once.cap_of = cap  # type: ignore[assignment]
    assert below == ("INFEASIBLE", None)
    assert at == ("OPTIMAL", expected)


def _terms_model() -> tuple[cp_model.CpModel, list[cp_model.IntVar]]:
    model = cp_model.CpModel()
    return model, [model.new_bool_var("a"), model.new_bool_var("b"), model.new_int_var(0, 50, "n")]


def _most_per_unit(model: cp_model.CpModel, first: Any, second: Any) -> int | None:
    terms = both_at_once.terms_of(model, first), both_at_once.terms_of(model, second)
    if terms[0] is None or terms[1] is None:
        return None
    return both_at_once.most_per_unit(terms[0].coeffs, terms[1].coeffs)


def test_the_most_a_change_costs_is_read_term_by_term() -> None:
    """M, the least with C <= M X wherever the variables are not negative: the largest cost per unit of X,
    rounded up."""
    model, (a, b, n) = _terms_model()
    assert _most_per_unit(model, a + b + n, 725 * a + 60 * b + 1045 * n) == 1045
    assert _most_per_unit(model, 2 * a + b, 725 * a) == 363  # 725 / 2, rounded up
    assert _most_per_unit(model, a + b + n, 5 * a) == 5  # terms of X outside C cost nothing
    # the cost first: a change costs at least a cent
    assert _most_per_unit(model, 725 * a + 60 * b, a + b) == 1


@pytest.mark.parametrize("case", ["constant", "negative cost", "not a change", "free change", "negated",
                                  "negative variable"])
def test_expressions_it_cannot_bound_are_solved_stage_by_stage(case: str) -> None:
    """No M can be read (None): the stages are solved one by one."""
    model, (a, b, n) = _terms_model()
    m = model.new_int_var(-3, 3, "m")
    first, second = {
        "constant": (a + b + 1, 725 * a),
        "negative cost": (a + b, 725 * a - 60 * b),
        "not a change": (a, 725 * a + 60 * b),
        "free change": (725 * a + 0 * b, a + b),  # the cost first, b free: changes are not bounded by it
        "negated": (a + b.Not(), 725 * a),
        "negative variable": (a + m, 725 * a),
    }[case]
    assert _most_per_unit(model, first, second) is None
    assert both_at_once.BothAtOnce.of(model, first, "cost", second) is None


def _objective_stages_solved(monkeypatch: Any) -> list[str]:
    solved: list[str] = []
    solve_stage = solving._Stages._solve

    def recording(self: solving._Stages, number: int, name: str, expr: object, sense: str) -> object:
        if name in solving.OBJECTIVE_STAGES:
            solved.append(name)
        return solve_stage(self, number, name, expr, sense)  # type: ignore[arg-type]

    monkeypatch.setattr(solving._Stages, "_solve", recording)
    return solved


@pytest.mark.parametrize("objective", ["exams", "cost"])
def test_a_large_models_objective_stages_are_solved_at_once_to_the_same_plan(objective: str,
                                                                              monkeypatch) -> None:
    """Six designations on 12 generated people, every model taken as large (LARGE_MODEL 0): the objective's
    two stages are solved once, and the plan is the one solved stage by stage, tie-break included."""
    loaded, goals = _six_designations_on_12_people()
    request = PlanRequest(goals=goals, objective=objective, alone=False, fixes=False, details=False)
    monkeypatch.setattr(solving, "LARGE_MODEL", 10 ** 9)
    solved = _objective_stages_solved(monkeypatch)
    before = run(loaded, request)
    stage_by_stage = list(solved)
    solved.clear()
    monkeypatch.setattr(solving, "LARGE_MODEL", 0)
    after = run(loaded, request)
    assert before.status == "optimal" and _plan_of(after) == _plan_of(before)
    assert {"exams", "cost"} <= set(stage_by_stage)
    assert len(solved) < len(stage_by_stage)
    first = "cost" if objective == "cost" else "exams"
    assert solved[0] == first and ("cost" if first == "exams" else "exams") not in solved[:1]


def test_the_stages_are_solved_one_by_one_when_no_plan_is_within_the_cap(monkeypatch) -> None:
    """A cap of one change where the plan needs more: the solve of both is infeasible, and the stages are
    solved one by one to the same plan (not an infeasible answer)."""
    loaded, goals = _six_designations_on_12_people()
    request = PlanRequest(goals=goals, alone=False, fixes=False, details=False)
    monkeypatch.setattr(solving, "LARGE_MODEL", 10 ** 9)
    before = run(loaded, request)
    assert before.total_new_exams > 1
    solved = _objective_stages_solved(monkeypatch)
    light: list[object] = []
    first = solving._Stages._light_first

    def recording(self: solving._Stages, name: str) -> tuple[object, bool]:
        answer = first(self, name)
        light.append(answer[0])
        return answer

    monkeypatch.setattr(solving._Stages, "_light_first", recording)
    monkeypatch.setattr(solving, "LARGE_MODEL", 0)
    monkeypatch.setattr(both_at_once, "cap_of", lambda *args: 1)
    after = run(loaded, request)
    assert _plan_of(after) == _plan_of(before)
    assert light[0] == cp_model.INFEASIBLE  # both at once: no plan of one change
    assert solved[:2] == ["exams", "cost"]  # then one by one


@settings(max_examples=EXAMPLES, deadline=None)
@given(_models(), st.integers(0, 10 ** 6))
def test_a_bound_of_both_at_once_bounds_the_first_stage(model: Any, short: int) -> None:
    """A stopped solve's bound of both at once, read in the first stage's unit, is a bound of the fewest
    changes: the optimum's value gives exactly the fewest, any lower value no more than them."""
    units, costs, covers = model
    expected = _brute_force(units, costs, covers)
    if expected is None:
        return
    scratch = cp_model.CpModel()
    xs = [scratch.new_bool_var(f"x{i}") for i in range(len(units))]
    both = both_at_once.BothAtOnce.of(scratch, sum(u * x for u, x in zip(units, xs, strict=True)), "cost",
                                  sum(c * x for c, x in zip(costs, xs, strict=True)))
    assert both is not None
    value = both.weight * expected[0] + expected[1]
    assert both.first_bound(value) == expected[0]
    assert both.first_bound(max(0, value - short)) <= expected[0]


def test_a_plan_stopped_while_both_stages_are_solved_has_a_bound_in_changes(monkeypatch) -> None:
    """The time limit ends while both stages are solved at once, with a plan: the plan is feasible, and its
    proven bound is a number of changes (that of the best plan, here, the solve having reached it)."""
    loaded, goals = _six_designations_on_12_people()
    request = PlanRequest(goals=goals, alone=False, fixes=False, details=False)
    monkeypatch.setattr(solving, "LARGE_MODEL", 10 ** 9)
    before = run(loaded, request)
    first = solving._Stages._light_first

    def stopped(self: solving._Stages, name: str) -> tuple[object, bool]:
        code, unproven = first(self, name)
        if len(self.model.proto.objective.domain) and code == cp_model.OPTIMAL:  # both at once: cut short
            self.time_limit = 1e-9
            return cp_model.FEASIBLE, True
        return code, unproven

    monkeypatch.setattr(solving, "LARGE_MODEL", 0)
    monkeypatch.setattr(solving._Stages, "_light_first", stopped)
    after = run(loaded, request.inside(time_limit=60))
    assert after.status == "feasible"
    assert after.objective_bound == before.total_new_exams + (before.total_renewals or 0)


@pytest.mark.parametrize("cost_first", [False, True])
def test_counts_of_a_large_tail_keep_the_objective_one_cp_sat_accepts(cost_first: bool) -> None:
    """Counts up to 90,000 (a plan's tail on 100,000 people) weighted by costs up to US$2,885: the cap keeps
    the objective's largest value over the domains below what CP-SAT refuses as a possible overflow, and a
    plan is found, the cost first or the changes first."""
    model = cp_model.CpModel()
    counts = [model.new_int_var(0, 90_000, f"n{i}") for i in range(60)]
    costs = [6_400 + 3_750 * i for i in range(60)]
    model.add(sum(counts) >= 3)
    changes, cost = sum(counts), sum(c * n for c, n in zip(costs, counts, strict=True))
    first, second = (cost, changes) if cost_first else (changes, cost)
    both = both_at_once.BothAtOnce.of(model, first, "second", second)
    assert both is not None
    model.minimize(both.expr)
    model.proto.objective.domain.extend([0, both.most])
    assert model.validate() == ""
    assert both_at_once.highest(model, both.expr) < both_at_once.VALID_OBJECTIVE
    solver = cp_model.CpSolver()
    assert solver.solve(model) == cp_model.OPTIMAL
    assert (solver.value(changes), solver.value(cost)) == (3, 3 * 6_400)
