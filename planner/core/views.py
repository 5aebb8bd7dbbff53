"""Each target's view of a plan: the option it meets, its gates, its slot holders and the new exams they use
(planner/core/pipeline.py reports a plan through them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from models.report import Assignment, NewExam, PlanReport
from planner.core.pieces import PlanBody
from planner.core.problem import Goal, Problem
from planner.explain.gates import options_left_out, target_prefix
from planner.input.loading import LoadedScenario, ResolvedTarget
from planner.rules.domain import GateCheck, level_gates
from planner.rules.naming import catalog_names

if TYPE_CHECKING:
    from planner.core.solving import Solution


@dataclass
class GoalView:
    """One target as the plan meets it: the option chosen, its gates, its slot holders and exams."""

    target: ResolvedTarget
    goal: Goal
    gates: list[GateCheck]
    prefix: str
    left_out: list[str]
    assignments: list[Assignment]
    new_exams: list[NewExam]
    alone: PlanReport | None

    @property
    def gates_ok(self) -> bool:
        return all(g.gate.ok for g in self.gates)


def goal_views(problem: Problem, solution: Solution, body: PlanBody,
                alone: list[PlanReport]) -> list[GoalView]:
    """Each target's view of the plan, in the order of the targets."""
    return [goal_view(problem, solution, body, t_index, alone[t_index] if alone else None)
            for t_index in range(len(problem.targets))]


def goal_view(problem: Problem, solution: Solution, body: PlanBody, t_index: int,
               alone: PlanReport | None) -> GoalView:
    """One target's view: the goal the plan meets (its first option without a plan), that option's gates,
    the options left out because their gates fail, and the slot holders, spares and new exams it uses."""
    organization = problem.scenario.organization
    target = problem.targets[t_index]
    goals = problem.goals_of(t_index)
    chosen = [g for g in goals if g.index in solution.chosen] if solution.has_plan else []
    goal = chosen[0] if chosen else goals[0]
    gates = level_gates(goal.level, organization, goal.catalog.id)
    name = catalog_names([target.catalog]).get(target.label, target.label)
    prefix = target_prefix(name, len(problem.targets) > 1)
    left_out = options_left_out(target.catalog, target.level, {g.catalog.option_id for g in goals},
                                organization, prefix)
    mine = [a for a in body.assignments if a.target in (None, target.label)]
    spares = [a for a in body.spares if a.target in (None, target.label)]
    used = _used(body.new_exams, mine + spares, body.gives)
    return GoalView(target, goal, gates, prefix, left_out, mine, used, alone)


def _used(new_exams: list[NewExam], holders: list[Assignment],
          gives: dict[tuple[str, str], frozenset[str]]) -> list[NewExam]:
    """The new exams these slot holders use: an exam they are named with, or one giving a certification
    they are named with (its own, one it completes, or one it is or renews a prerequisite of: a renewed
    Azure Administrator Associate keeps an Azure Solutions Architect Expert)."""
    uses = {(a.person, e) for a in holders for e in a.exams}

    def serves(e: NewExam) -> bool:
        named = (e.exam, *(e.certifications or ()), *gives.get((e.person, e.exam), ()))
        return any((e.person, item) in uses for item in named)

    return [e for e in new_exams if serves(e)]


def lost_by_the_deadline(loaded: LoadedScenario, views: list[GoalView],
                         known: dict[str, list[str]] | None = None) -> list[str]:
    """Why a goal met today still needs a plan: the passes that stop counting and the leavers that cost
    it a slot before the deadline (planner.explain.standing); `known`: each target's (by label), worked
    out before (`losses_by_target`)."""
    known = known or {}
    return [view.prefix + sentence for view in views
            for sentence in (known[view.target.label] if view.target.label in known
                             else losses_of(loaded, view.target))]


def losses_by_target(loaded: LoadedScenario, targets: Sequence[ResolvedTarget],
                     alone: Sequence[PlanReport] = ()) -> dict[str, list[str]]:
    """lost_by_the_deadline's sentences of each target, by label: they depend on the roster and the target
    only, not on the plan (so several targets' are worked out beside it: planner/core/beside.py). `alone`:
    each target's plan on its own, when made; a target it meets with no change is met on the deadline as
    the roster stands, so it loses nothing by then, and no roster is read for it (six designations on
    100,000 generated people: five of the six, 0.24 s less)."""
    unchanged = {t.label for t, plan in zip(targets, alone, strict=False)
                 if plan.reachable and plan.status == "optimal" and not plan.new_exams and not plan.hires}
    return {t.label: [] if t.label in unchanged else losses_of(loaded, t) for t in targets}


def losses_of(loaded: LoadedScenario, target: ResolvedTarget) -> list[str]:
    from planner.explain.standing import deadline_losses

    return deadline_losses(loaded, target.catalog, target.level)
