"""The CP-SAT rules of a scored level: its points reach the total, and still do after any K departures.

Points are counted exactly in integers (ScoreScale); the departures are stated either over the *types* of
people (the set of metrics a person counts in) or over the sets of K people who could leave, whichever
is smaller, and in closed form when K people or more are all who could count. The rules are listed in
planner/core/model.py's HARD_RULES with the others.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from planner.core.cpsat import cp_model
from planner.core.deadline import check_build_time
from planner.core.problem import Candidate, Goal, Problem, RoleSpec
from planner.rules.domain import fewest_to_count, input_figure, track_of

if TYPE_CHECKING:
    from planner.core.model import Decisions


@dataclass(frozen=True)
class ScoreScale:
    """A scored goal's points in integers: each person counting toward metric m weighs `weights[m]` (max x
    scale / T), the non-exam metrics give `constant`, and the level needs `needed` (all x `scale`).

    Why the integers are exact and never overflow. Metric m with c people (0 <= c <= T_m, its threshold)
    gives max_m x c / T_m points. The scale L is the lcm over the exam metrics of T_m x den(max_m)
    (Score.points_scale), so each w_m = max_m x L / T_m is an integer (L / T_m is a multiple of
    den(max_m)), sum_m w_m c_m is the exam points times L exactly, and the level's total is met exactly
    when sum_m w_m c_m >= ceil((total - constant) x L) = `needed` (the left side is an integer). The
    catalog refuses a score whose L x out_of exceeds MAX_SCALED_POINTS = 2^53 (models/catalog.py), and
    the model counts each metric's people in one integer variable of 0..T_m (Decisions.count_of), so
    every expression built from the scale is bounded by it: sum_m w_m c_m <= sum_m max_m x L <= out_of x L,
    and |needed| <= out_of x L (total <= out_of; the constant is at most the non-exam metrics' points).
    That is far within CP-SAT's 64-bit integers, whatever the number of people, and exact in the doubles
    of its LP relaxation.
    """

    weights: dict[str, int]
    fewest: dict[str, int]
    constant: Fraction
    needed: int
    inputs_ok: bool  # every non-exam metric has the points its minimum asks for

    @staticmethod
    def of(goal: Goal, problem: Problem) -> ScoreScale:
        score = goal.level.score
        assert score is not None
        org = problem.scenario.organization
        track = track_of(goal.level, org)
        specs = {spec.role.id: spec for spec in goal.roles}
        scale = score.points_scale(track)
        weights = {specs[m.id].key: int(Fraction(str(m.max_points)) * scale / specs[m.id].slots)
                   for m in score.exam_metrics}
        fewest = {specs[m.id].key: fewest_to_count(m, track, score.every_metric_above_zero)
                  for m in score.exam_metrics}
        inputs = {m.id: m.points(input_figure(m, org), track) for m in score.input_metrics}
        constant = sum(inputs.values(), Fraction(0))
        needed = math.ceil((Fraction(str(score.total)) - constant) * scale)
        inputs_ok = all((p > 0 or not score.every_metric_above_zero)
                        and p >= Fraction(str(m.min_points)) for m in score.input_metrics
                        for p in [inputs[m.id]])
        return ScoreScale(weights, fewest, constant, needed, inputs_ok)

    @property
    def met_by_nobody(self) -> bool:
        """Whether the level is met with no one counting in any exam metric (the non-exam figures alone)."""
        return self.inputs_ok and self.needed <= 0 and not any(self.fewest.values())


def reach_the_score(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """A scored goal's points reach its total: each metric's people (at most its threshold count) weigh
    max_points / threshold each, the non-exam metrics add the scenario's figures' points, and every metric
    has its minimum (more than 0: one person for an exam metric). Points are kept integral by scaling."""
    for goal in problem.goals:
        if not goal.scored or problem.settings.fill_most_slots:
            continue  # filling most slots within a budget: the most points are the objective instead
        scale = ScoreScale.of(goal, problem)
        chosen = d.chosen.get(goal.index)
        when = [] if chosen is None else [chosen]
        if not scale.inputs_ok:
            model.add_bool_or([c.Not() for c in when])  # never met: a non-exam metric falls short
            continue
        for spec in goal.roles:
            model.add(d.count_of(spec) >= scale.fewest[spec.key]).only_enforce_if(when)
        points = sum(scale.weights[spec.key] * d.count_of(spec) for spec in goal.roles)
        model.add(points >= scale.needed).only_enforce_if(when)


def keep_the_score_after_departures(model: cp_model.CpModel, d: Decisions, problem: Problem) -> None:
    """After any `resilience` people leave, a scored goal still has its points and every metric's minimum.

    Metric m keeps min(T_m, N_m - x_m) people, N_m qualifying for it and x_m of the leavers among them.
    When K is at least the number of people who could count in any metric, all of them may leave: the
    goal survives exactly when it is met with nobody counting (closed form). Otherwise each possible set
    of leavers is a constraint (the points and minimums still met with them gone), listed the smaller of
    two exact ways: over the types of people (_by_types: the set of metrics one counts in; 2^metrics
    types) or over the sets of K people who could leave (_by_people: polynomial in metrics and people for
    a given K). Both list every set of departures a plan can meet, so the plan survives exactly them all.
    """
    spares = set(problem.settings.spares)
    for goal in problem.goals:
        # a buffer (--buffer) on a metric: the score survives one departure, so one failed exam too
        k = max(problem.settings.resilience, 1 if spares.intersection(s.key for s in goal.roles) else 0)
        if not goal.scored or k == 0 or not goal.roles:
            continue  # without exam metrics no departure changes the score (reach_the_score states it)
        scale = ScoreScale.of(goal, problem)
        chosen = d.chosen.get(goal.index)
        when = [] if chosen is None else [chosen]
        leavers = _who_could_count(problem, goal)
        outside = {t: n for (g, t), n in problem.outside_types.items() if g == goal.index}
        if k >= len(leavers) + sum(outside.values()):
            if not scale.met_by_nobody:
                model.add_bool_or([c.Not() for c in when])  # everyone who could count may leave
            continue
        if by_types_is_smaller(len(goal.roles), len(problem.people), k, len(leavers), list(outside.values())):
            _by_types(model, d, problem, goal, k, scale, when)
        else:
            _by_people(model, d, goal, k, scale, when, leavers, outside)


def by_types_is_smaller(metrics: int, people: int, k: int, leavers: int, groups: list[int]) -> bool:
    """Whether listing the spreads of k departures over the types of people (2^metrics - 1 types, a
    boolean per person and type) makes fewer constraints than listing the sets of k leavers."""
    if metrics >= 20:
        return False
    types = 2 ** metrics - 1
    return (math.comb(types - 1 + k, k) * metrics + people * types
            <= _sets_of_leavers(leavers, groups, k) * metrics)


def _who_could_count(problem: Problem, goal: Goal) -> list[Candidate]:
    """The people in the model who hold, or may take, an exam of every list of one of the goal's metrics."""
    return [p for p in problem.people
            if any(all(p.held & codes or any(o.exam in codes for o in p.options) for _, codes in spec.lists)
                   for spec in goal.roles)]


def _sets_of_leavers(people: int, groups: list[int], k: int) -> int:
    """How many ways k of these people can leave: any of `people` people, and of each group (alike people,
    counted) any number up to its size."""
    ways = [math.comb(people, j) for j in range(k + 1)]  # ways[j]: j leave, of what is counted so far
    for size in groups:
        prefix = list(itertools.accumulate(ways))  # ways[j] becomes the sum of ways[j - size .. j]
        ways = [prefix[j] - (prefix[j - size - 1] if j > size else 0) for j in range(k + 1)]
    return ways[k]


def _by_people(model: cp_model.CpModel, d: Decisions, goal: Goal, k: int, scale: ScoreScale,
               when: list[cp_model.IntVar], leavers: list[Candidate],
               outside: dict[frozenset[str], int]) -> None:
    """The points and minimums survive each set of k leavers: some of the people in the model who could
    count, and some of the people left out of it (constants, by the set of metrics they count in)."""
    qualified = {spec.key: d.count_qualified(spec, outside) for spec in goal.roles}
    groups = sorted(outside.items(), key=lambda item: sorted(item[0]))
    for j in range(min(k, len(leavers)), -1, -1):
        for gone in itertools.combinations(leavers, j):
            for taken in _from_groups([n for _, n in groups], k - j):
                check_build_time()
                counted = []
                for spec in goal.roles:
                    lost = sum(x for (keys, _), x in zip(groups, taken, strict=True) if spec.key in keys)
                    left = qualified[spec.key] - lost - sum(d.qualifies[p.index, spec.key] for p in gone)
                    counted.append(scale.weights[spec.key] * _counted_of(model, spec, left, scale, when))
                model.add(sum(counted) >= scale.needed).only_enforce_if(when)


def _counted_of(model: cp_model.CpModel, spec: RoleSpec, left: cp_model.LinearExprT, scale: ScoreScale,
                when: list[cp_model.IntVar]) -> cp_model.IntVar:
    """The people a metric counts of those `left` (at most its threshold), at least its minimum."""
    c = model.new_int_var(0, spec.slots, "")
    model.add(c <= left)
    model.add(c >= scale.fewest[spec.key]).only_enforce_if(when)
    return c


def _from_groups(sizes: list[int], k: int) -> Iterator[tuple[int, ...]]:
    """Every way to take k people from groups of these sizes (how many of each)."""
    if not sizes:
        if k == 0:
            yield ()
        return
    for x in range(min(sizes[0], k) + 1):
        for rest in _from_groups(sizes[1:], k - x):
            yield (x, *rest)


def _by_types(model: cp_model.CpModel, d: Decisions, problem: Problem, goal: Goal, k: int,
              scale: ScoreScale, when: list[cp_model.IntVar]) -> None:
    """The points and minimums survive each spread of k departures over the types of people.

    What a departure costs depends only on the set S of metrics the leaver qualifies for (their type), so
    the worst K departures are some x_S people of each type, sum x_S = K. For each such vector the people
    left of type S are max(N_S - x_S, 0) (N_S: people of type S, as one boolean per person and type, plus
    the people the pruning left out as constants), each metric counts at most its threshold of those who
    qualify for it, and the points must still reach the total."""
    keys = [spec.key for spec in goal.roles]
    types = [frozenset(c) for n in range(1, len(keys) + 1) for c in itertools.combinations(keys, n)]
    counts = _people_of_each_type(model, d, problem, goal, types)
    left = _people_left_of_each_type(model, problem, goal, types, counts, k)
    slots = {spec.key: spec.slots for spec in goal.roles}
    for vector in _departures(len(types), k):
        check_build_time()
        counted = []
        for key in keys:
            c = model.new_int_var(0, slots[key], "")
            model.add(c <= sum(left[t, x] for t, x in zip(types, vector, strict=True) if key in t))
            model.add(c >= scale.fewest[key]).only_enforce_if(when)
            counted.append(scale.weights[key] * c)
        model.add(sum(counted) >= scale.needed).only_enforce_if(when)


def _people_left_of_each_type(model: cp_model.CpModel, problem: Problem, goal: Goal,
                              types: list[frozenset[str]], counts: dict[frozenset[str], cp_model.LinearExprT],
                              k: int) -> dict[tuple[frozenset[str], int], cp_model.IntVar]:
    """For each type of people and x from 0 to k, how many of them are left after x of them leave."""
    left: dict[tuple[frozenset[str], int], cp_model.IntVar] = {}
    for t in types:
        most = len(problem.people) + problem.outside_types.get((goal.index, t), 0)
        for x in range(k + 1):
            var = left[t, x] = model.new_int_var(0, most, "")
            model.add_max_equality(var, [counts[t] - x, 0])
    return left


def _people_of_each_type(model: cp_model.CpModel, d: Decisions, problem: Problem, goal: Goal,
                         types: list[frozenset[str]]) -> dict[frozenset[str], cp_model.LinearExprT]:
    """How many people qualify for exactly each set of a goal's metrics (one boolean per person and set)."""
    keys = [spec.key for spec in goal.roles]
    members: dict[frozenset[str], list[cp_model.IntVar]] = {t: [] for t in types}
    for person in problem.people:
        check_build_time()
        quals = {key: d.qualifies[person.index, key] for key in keys}
        of_type = []
        for t in types:
            var = model.new_bool_var(f"type[{person.id},{'|'.join(sorted(t))}]")
            for key in keys:
                model.add_implication(var, quals[key] if key in t else quals[key].Not())
            members[t].append(var)
            of_type.append(var)
        none = model.new_bool_var("")
        for key in keys:
            model.add_implication(none, quals[key].Not())
        model.add_exactly_one([*of_type, none])
    return {t: sum(members[t]) + problem.outside_types.get((goal.index, t), 0) for t in types}


def _departures(types: int, k: int) -> list[tuple[int, ...]]:
    """Every way to spread k departures over the types (vectors of counts summing to k)."""
    if types == 1:
        return [(k,)]
    return [(first, *rest) for first in range(k + 1) for rest in _departures(types - 1, k - first)]
