"""The plan of no change: goals already met on the deadline as the roster stands.

A plan whose figures only are read (each goal planned alone beside the plan of several:
planner/core/pipeline.py, `_plan_alone`) needs no solve when its scored goals are met on the deadline
without any new exam, renewal or hire: the plan with no change is then the cheapest there is under either
objective (none is cheaper than no change), so it is proven optimal without a model. Six designations on
100,000 generated people: five of them are met as the roster stands, and their plans alone took about
3 s of building and solving models for that answer (planner/tools/benchmark_scored.py).

Only where the answer is exact: a plan of the fewest changes or the least cost (no calendar, most points
within a budget, resilience, spares or plans to differ from), of scored goals with one way each to meet them
(a slotted level's report lists its slot holders, which this plan has none of). Whether each goal is met is
the report's own scoring (planner.rules.scoring, with planner.explain.path's counts of the people counting
on the deadline); the plan's report is then re-checked by the validator like any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.certification import CertificationCatalog
from planner.core.problem import Goal, Objective, PlanSettings, Problem, problem_without_people
from planner.explain.path import metric_counts
from planner.input.loading import LoadedScenario, ResolvedTarget
from planner.rules.scoring import score_standing

if TYPE_CHECKING:
    from planner.core.solving import Solution

AS_IT_STANDS = "met as the roster stands"  # stats["solved"] of such a plan


def met_as_it_stands(loaded: LoadedScenario, objective: Objective, settings: PlanSettings,
                     targets: list[ResolvedTarget], prune: bool) -> tuple[Problem, Solution] | None:
    """The problem without people (its roster not read into profiles, nobody pruned) and its plan of no
    change, when that plan answers it (`plan_of_no_change`); else None: build the problem and solve it."""
    problem = problem_without_people(loaded, objective, settings, targets, prune)
    nothing = plan_of_no_change(problem, loaded.catalogs.certifications)
    return None if nothing is None else (problem, nothing)


def plan_of_no_change(problem: Problem, certifications: CertificationCatalog) -> Solution | None:
    """The plan with no change when it is the answer (see the module doc), else None: solve the problem."""
    if not _exact_for(problem):
        return None
    if not all(_met_as_it_stands(problem, goal, certifications) for goal in problem.goals):
        return None
    from planner.core.solving import Solution

    return Solution("optimal", chosen=frozenset(g.index for g in problem.goals),
                    stats={"stages": 0, "solved": AS_IT_STANDS})


def _exact_for(problem: Problem) -> bool:
    """Whether the plan with no change, when it meets the goals, is this problem's answer: any plan at the
    optimum of the fewest changes or the least cost, nothing more asked of it."""
    s = problem.settings
    plain = (not s.tie_break and s.resilience == 0 and not s.spares and not s.schedule
             and not s.fill_most_slots and not s.exclude and s.extra_plans == 0)
    one_way_each = len({g.target_index for g in problem.goals}) == len(problem.goals)
    return (plain and problem.objective in ("exams", "cost") and bool(problem.goals) and one_way_each
            and problem.lower_level is None and all(g.scored for g in problem.goals))


def _met_as_it_stands(problem: Problem, goal: Goal, certifications: CertificationCatalog) -> bool:
    """Whether the goal is met on the deadline with no new exam, renewal or hire."""
    scenario = problem.scenario
    counts = metric_counts(scenario, goal.catalog, goal.level, [], {}, certifications)
    return score_standing(goal.target, goal.level, scenario.organization, counts, goal.catalog.id).met
