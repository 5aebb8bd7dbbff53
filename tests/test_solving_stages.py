"""A stage's optimum fixed before the next stage (planner/core/solving._fix_stage_optimum): a lexicographic
stage's booleans one by one (planner/core/cpsat.binary_digits), any other stage by its sum, the same plans
left either way."""

from __future__ import annotations

import itertools

from planner.core import solving
from planner.core.cpsat import binary_digits, cp_model
from planner.core.model import lexicographic_preference


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
