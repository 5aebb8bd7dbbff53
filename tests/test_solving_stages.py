"""A stage's optimum fixed before the next stage (planner/core/solving._fix_stage_optimum): a lexicographic
stage's booleans one by one (planner/core/cpsat.binary_digits), any other stage by its sum, the same plans
left either way."""

from __future__ import annotations

import itertools
from typing import Any

from planner.core import solving
from planner.core.cpsat import binary_digits, cp_model
from planner.core.model import lexicographic_preference
from planner.core.pipeline import PlanRequest, run
from planner.explain.designations import scored_in_force
from planner.input.loading import load_scenario_text, resolve_target
from planner.rules.catalogs import shipped_catalogs
from planner.rules.certifications import shipped_certifications
from planner.tools.generate_designations import DESIGNATIONS_AS_OF, generate_designations_scenario


def _booleans(model: cp_model.CpModel, n: int) -> list[cp_model.IntVar]:
    return [model.new_bool_var(f"b{i}") for i in range(n)]


def test_a_lexicographic_stage_is_read_as_binary_digits() -> None:
    model = cp_model.CpModel()
    bs = _booleans(model, 5)
    stages = lexicographic_preference("earliest", bs)
    assert len(stages) == 1
    digits = binary_digits(model, stages[0][1])
    assert digits is not None and [v.index for v in digits] == [v.index for v in bs]


def test_other_sums_are_not_binary_digits() -> None:
    model = cp_model.CpModel()
    a, b, c = _booleans(model, 3)
    wide = model.new_int_var(0, 3, "wide")
    assert binary_digits(model, 4 * a + 2 * b + c + 7) is not None  # a constant changes nothing
    assert binary_digits(model, 2 * a + 2 * b + c) is None  # one weight twice (preferred_exams' stages)
    assert binary_digits(model, 3 * a + c) is None  # not a power of two
    assert binary_digits(model, -2 * a + c) is None  # a negative weight
    assert binary_digits(model, 2 * wide + c) is None  # not a boolean
    assert binary_digits(model, 2 * a + 1 * a.Not() + c) is None  # a negated literal
    assert binary_digits(model, 3) is None


def _plans(model: cp_model.CpModel, variables: list[cp_model.IntVar]) -> set[tuple[int, ...]]:
    """Every feasible assignment of `variables` (CP-SAT's enumeration, no objective)."""
    found: set[tuple[int, ...]] = set()

    class Collect(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            found.add(tuple(self.value(v) for v in variables))

    solver = cp_model.CpSolver()
    solver.parameters.enumerate_all_solutions = True
    solver.parameters.num_workers = 1
    model.clear_objective()
    solver.solve(model, Collect())
    return found


def _small_model() -> tuple[cp_model.CpModel, list[cp_model.IntVar]]:
    """Six booleans, at most three of them true, b0 and b1 not both, b4 only with b5."""
    model = cp_model.CpModel()
    bs = _booleans(model, 6)
    model.add(sum(bs) <= 3)
    model.add_bool_or([bs[0].Not(), bs[1].Not()])
    model.add_implication(bs[4], bs[5])
    return model, bs


def test_fixing_a_lexicographic_stage_by_its_booleans_leaves_the_same_plans_as_its_sum() -> None:
    for chunk in (slice(0, 4), slice(2, 6), slice(0, 6)):
        by_digits, bs = _small_model()
        by_sum, bs2 = _small_model()
        name, expr, sense = lexicographic_preference("earliest", bs[chunk])[0]
        by_digits.maximize(expr)
        solver = cp_model.CpSolver()
        assert solver.solve(by_digits) == cp_model.OPTIMAL
        before = len(by_digits.proto.constraints)
        value = solving._fix_stage_optimum(by_digits, solver, expr)
        assert len(by_digits.proto.constraints) - before == len(bs[chunk])  # one per boolean, no sum
        by_sum.add(lexicographic_preference("earliest", bs2[chunk])[0][1] == value)
        assert _plans(by_digits, bs) == _plans(by_sum, bs2)
        # and these are the plans at the stage's optimum: the lexicographically greatest booleans of the chunk
        best = max(tuple(p[chunk]) for p in itertools.product((0, 1), repeat=6)
                   if sum(p) <= 3 and not (p[0] and p[1]) and (not p[4] or p[5]))
        assert {p[chunk] for p in _plans(by_digits, bs)} == {best}


def test_any_other_stage_is_fixed_by_its_sum() -> None:
    model, bs = _small_model()
    expr = sum(bs)
    model.maximize(expr)
    solver = cp_model.CpSolver()
    assert solver.solve(model) == cp_model.OPTIMAL
    before = len(model.proto.constraints)
    assert solving._fix_stage_optimum(model, solver, expr) == 3
    assert len(model.proto.constraints) - before == 1
    assert all(sum(p) == 3 for p in _plans(model, bs))


def _six_designations_on_12_people() -> tuple[Any, tuple[Any, ...]]:
    """A generated 12-person roster (seed 1) with the six designations as its targets, and those goals."""
    catalogs = shipped_catalogs()
    chosen = [catalogs.in_force(c, DESIGNATIONS_AS_OF) for c in scored_in_force(catalogs, DESIGNATIONS_AS_OF)]
    text = generate_designations_scenario(12, 1, chosen, shipped_certifications())
    loaded = load_scenario_text(text, "g.yaml")
    return loaded, tuple(resolve_target(t, loaded.scenario, loaded.catalogs) for t in loaded.scenario.targets)


def test_each_stage_after_the_first_is_hinted_with_the_last_solution_read_and_only_when_it_changed(
        monkeypatch) -> None:
    """A bounded plan's stages start from the last stage's solution (solving._Stages._hint_the_solution): the
    hint is always that solution, and it is not written again when the stage before proved its hint best (six
    designations on 200 generated people: 9 hints for 15 solutions read)."""

    events: list[tuple[str, dict[int, int]]] = []
    read, hint = solving._Stages._read_plan, solving._hint

    def reading(self: solving._Stages) -> None:
        read(self)
        events.append(("read", dict(self.solved)))

    def hinting(model: cp_model.CpModel, variables: list[cp_model.IntVar], values: dict[int, int]) -> None:
        events.append(("hint", dict(values)))
        hint(model, variables, values)

    monkeypatch.setattr(solving._Stages, "_read_plan", reading)
    monkeypatch.setattr(solving, "_hint", hinting)
    loaded, goals = _six_designations_on_12_people()
    report = run(loaded, PlanRequest(goals=goals, alone=False, fixes=False, details=False))
    assert ("optimal", "bounded") == (report.status, report.stats["pruning"])
    hints = [i for i, (kind, _) in enumerate(events) if kind == "hint"]
    reads = [i for i, (kind, _) in enumerate(events) if kind == "read"]
    assert hints and len(reads) > len(hints)  # some stage's solution was its hint: not written again
    for i in hints:
        last_read = max(j for j in reads if j < i)
        assert events[i][1] == events[last_read][1]  # the hint is the solution read last
    for before, after in itertools.pairwise(hints):
        assert events[before][1] != events[after][1]  # never the same hint twice in a row


def test_the_cost_of_the_fewest_changes_is_solved_without_chvatal_gomory_cuts(monkeypatch) -> None:
    """Only the stage that minimizes the cost once the number of changes is fixed turns CP-SAT's
    Chvátal-Gomory cuts off (solving._cost_once_the_changes_are_fixed); every other stage keeps them."""

    seen: list[tuple[str, bool, bool]] = []
    solve_stage = solving._Stages._solve

    def recording(self: solving._Stages, number: int, name: str, expr: object, sense: str) -> object:
        fixed = "exams" in self.optimum
        answer = solve_stage(self, number, name, expr, sense)  # type: ignore[arg-type]
        seen.append((name, fixed, self.solver.parameters.add_cg_cuts))
        return answer

    monkeypatch.setattr(solving._Stages, "_solve", recording)
    loaded, goals = _six_designations_on_12_people()
    for objective in ("exams", "cost"):
        seen.clear()
        run(loaded, PlanRequest(goals=goals, objective=objective, alone=False, fixes=False, details=False))
        names = [name for name, _, _ in seen]
        assert "cost" in names and len(names) > 2
        assert all(cuts == (not (name == "cost" and fixed)) for name, fixed, cuts in seen)
        # the fewest changes first: its cost stage has them fixed; the cost first: it has not
        assert any(name == "cost" and not cuts for name, _, cuts in seen) == (objective == "exams")


def _plan_of(report: Any) -> tuple[object, ...]:
    return (report.status, report.total_new_exams, report.total_cost_usd,
            sorted((e.person, e.exam) for e in report.new_exams),
            sorted((a.person, a.target or "", a.role) for a in report.assignments))


def test_an_objective_stage_of_a_large_model_is_first_solved_with_a_light_presolve(monkeypatch) -> None:
    """From LARGE_MODEL variables an objective stage (the fewest changes, the cost) is first solved with
    LIGHT_SETTINGS, the solver's own settings put back after it; the tie-break stages are not, and the plan
    is the one solved without it."""
    loaded, goals = _six_designations_on_12_people()
    request = PlanRequest(goals=goals, alone=False, fixes=False, details=False)
    monkeypatch.setattr(solving, "LARGE_MODEL", 10 ** 9)
    before = run(loaded, request)
    seen: list[tuple[str, dict[str, object], dict[str, object]]] = []
    solve = cp_model.CpSolver.solve
    light = solving._Stages._light_first

    def recording(self: cp_model.CpSolver, model: cp_model.CpModel, *args: Any) -> Any:
        params = self.parameters
        seen[-1][1].update({key: getattr(params, key) for key in solving.LIGHT_SETTINGS})
        return solve(self, model, *args)

    def first(self: solving._Stages, name: str) -> tuple[object, bool]:
        seen.append((name, {}, {}))
        answer = light(self, name)
        seen[-1][2].update({key: getattr(self.solver.parameters, key) for key in solving.LIGHT_SETTINGS})
        return answer

    monkeypatch.setattr(solving, "LARGE_MODEL", 0)
    monkeypatch.setattr(cp_model.CpSolver, "solve", recording)
    monkeypatch.setattr(solving._Stages, "_light_first", first)
    after = run(loaded, request)
    assert _plan_of(after) == _plan_of(before)
    objective = [(during, restored) for name, during, restored in seen if name in solving.OBJECTIVE_STAGES]
    assert objective and all(during == solving.LIGHT_SETTINGS for during, _ in objective)
    assert all(restored != solving.LIGHT_SETTINGS for _, restored in objective)
    assert any(during != solving.LIGHT_SETTINGS for name, during, _ in seen
               if name not in solving.OBJECTIVE_STAGES)


def test_a_stage_the_light_presolve_does_not_prove_within_its_work_is_solved_as_before(monkeypatch) -> None:
    """A light solve that stops at LIGHT_WORK unproven is followed by the stage's solve with the full
    presolve: the same plan, proven optimal."""
    loaded, goals = _six_designations_on_12_people()
    request = PlanRequest(goals=goals, alone=False, fixes=False, details=False)
    monkeypatch.setattr(solving, "LARGE_MODEL", 10 ** 9)
    before = run(loaded, request)
    stopped: list[bool] = []
    light = solving._Stages._light_first

    def first(self: solving._Stages, name: str) -> tuple[object, bool]:
        answer = light(self, name)
        stopped.append(answer[1])
        return answer

    monkeypatch.setattr(solving, "LARGE_MODEL", 0)
    monkeypatch.setattr(solving, "LIGHT_WORK", 1e-9)
    monkeypatch.setattr(solving._Stages, "_light_first", first)
    after = run(loaded, request)
    assert any(stopped) and after.status == "optimal"
    assert _plan_of(after) == _plan_of(before)
