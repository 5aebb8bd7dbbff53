"""Why a goal is out of reach, in plain words: every "cannot be met" sentence a user reads is built here.

Two kinds of reason, one home:
- the level's own rules: exams are personal and nobody fills two slots, so the exam rules can be met exactly
  when people can be matched to slots (Hall's theorem): for every set of roles, at least as many people must
  be able to qualify for one of them as those roles have slots. Where a level lets the same person fill a
  slot of each role (`people: same-or-different`), each role is its own matching: it needs as many people
  able to qualify for it as it has slots. The reasons name each such set that falls short, the people who
  could qualify, and why the others cannot; for a scored level, the points short and where they could come
  from.
- the request around it: a goal that fails even alone, a budget or a resilience that blocks it, goals that
  cannot share the staff, an option that fails, and the facts that block it
  together (with what the search for them could not finish). The pipeline (planner.core.pipeline) finds
  those facts (which limit binds, what the cheapest plan costs, the most points within a budget); the
  sentences about them are built here.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from fractions import Fraction

from models.catalog import Level
from models.report import PlanReport
from models.scenario import Person
from planner.core.problem import Candidate, Goal, Problem, RoleSpec, cheapest_cover
from planner.rules.domain import (
    called,
    due,
    fewest_to_count,
    input_figure,
    months_exam_can_be_taken,
    new_exam_is_open,
    points_words,
    role_in_words,
    score_met,
    score_points,
    track_of,
    usd,
)
from planner.rules.scoring import metric_roles, needed_words, points_short_words, short_by_words, shortfall

MAX_NAMED = 5


def infeasibility_reasons(everyone: Problem) -> list[str]:
    """Plain-language reasons why `everyone` (a problem built without pruning) has no plan."""
    too_few = _too_few_people(everyone)
    if too_few:
        return [too_few]
    reasons = _short_role_groups(everyone)
    if not reasons:
        reasons.append(f"no set of new exams meets {everyone.level.name}'s exam rules by "
                       f"{everyone.scenario.deadline}")
    return reasons


def _too_few_people(everyone: Problem) -> str | None:
    """The reason when fewer people count on the deadline than the level needs, else None."""
    level, deadline = everyone.level, everyone.scenario.deadline
    different = level.people == "different"
    # with the same or different people, each role needs its own slots' worth; else all slots together
    needed = everyone.total_slots if different else max(spec.slots for spec in everyone.roles)
    if everyone.counted >= needed:
        return None
    leaving = leavers_sentence(everyone.leavers, everyone.words)
    return (f"{level.name} needs {needed} {'different ' if different else ''}people; only {everyone.counted} "
            f"count on {deadline}" + (f" because {leaving}" if everyone.leavers else ""))


def _short_role_groups(everyone: Problem) -> list[str]:
    """A reason for each set of roles (Hall's condition; single roles when people may fill several) that
    too few people can qualify for, leaving out sets a smaller one already explains."""
    different = everyone.level.people == "different"
    known: dict[tuple[int, int, int | None, str], bool] = {}  # people of one profile share held and options
    able = {spec.id: [p for p in everyone.people if _covers(p, spec, everyone, known)]
            for spec in everyone.roles}
    reasons: list[str] = []
    for size in range(1, (len(everyone.roles) if different else 1) + 1):  # Hall: sets of roles, if different
        for group in itertools.combinations(everyone.roles, size):
            if size > 1 and any(_short(able, (g,)) for g in group):
                continue  # a smaller set already explains it
            if _short(able, group):
                reasons.append(_role_group_reason(everyone, group, able))
    return reasons


def _short(able: dict[str, list[Candidate]], group: tuple[RoleSpec, ...]) -> bool:
    people = {p.index for spec in group for p in able[spec.id]}
    return len(people) < sum(spec.slots for spec in group)


def _role_group_reason(problem: Problem, group: tuple[RoleSpec, ...],
                       able: dict[str, list[Candidate]]) -> str:
    level, deadline = problem.level, problem.scenario.deadline
    need = sum(spec.slots for spec in group)
    can = sorted({p.index: p for spec in group for p in able[spec.id]}.values(), key=lambda p: p.index)
    words = problem.words
    who = ", ".join(called(p.person, words) for p in can[:MAX_NAMED]) + _more(len(can))
    text = f"{level.name} needs {_needed_words(problem, group, need)} by {deadline}; " + (
        f"only {len(can)} can: {who}" if can else "nobody can")
    text += _why_the_others_cannot(problem, group, can)
    if problem.leavers:
        text += "; " + leavers_sentence(problem.leavers, problem.words)
    return text


def _needed_words(problem: Problem, group: tuple[RoleSpec, ...], need: int) -> str:
    """'2 people with <role>' for one role, '3 different people for its a or b slots' for several."""
    if len(group) == 1:
        role = role_in_words(problem.catalog, group[0].role)
        return f"{need} {'person' if need == 1 else 'people'} with {role}"
    names = " or ".join(spec.id for spec in group)
    return f"{need} different people for its {names} slots"


def _why_the_others_cannot(problem: Problem, group: tuple[RoleSpec, ...], can: list[Candidate]) -> str:
    """'; dave <why not>; ...; 3 others cannot either' for the people who cannot qualify, or ''."""
    able = {c.index for c in can}
    blocked = [p for p in problem.people if p.index not in able]
    words = problem.words
    why = [f"{called(p.person, words)} {_why_not(p, group[0], problem)}" for p in blocked[:MAX_NAMED]]
    if not why:
        return ""
    others = len(blocked) - len(why)
    return "; " + "; ".join(why) + (f"; {others} other{'s' if others > 1 else ''} cannot either"
                                    if others > 0 else "")


def _covers(person: Candidate, spec: RoleSpec, problem: Problem,
            known: dict[tuple[int, int, int | None, str], bool]) -> bool:
    """Whether the person can qualify for the role (worked out once per profile: `known`, by the identity
    of the profile's held exams and options, which its people share)."""
    key = (id(person.held), id(person.options), person.max_new, spec.key)
    if key not in known:
        known[key] = cheapest_cover(person.held, person.options, person.max_new, spec.lists,
                                    problem.objective, problem.certifications) is not None
    return known[key]


def _why_not(person: Candidate, spec: RoleSpec, problem: Problem) -> str:
    """Why this person cannot qualify for the role (the first reason that applies)."""
    offered = {o.exam for o in person.options}
    missing = [(name, codes) for name, codes in spec.lists if not (person.held & codes)]
    for name, codes in missing:
        if not (offered & codes):
            return _no_exam_of(name, codes, person, problem)
    cap = person.max_new
    n = len(missing)
    return f"would need {n} new exam{'s' if n != 1 else ''} but max_new_exams is {cap}"


def _no_exam_of(name: str, codes: frozenset[str], person: Candidate, problem: Problem) -> str:
    """Why the person can take no exam of a list they hold none of: dates, can_take, or no exam open."""
    allowed = sorted((c for c in person.person.can_take or () if c in codes),
                     key=lambda c: (problem.exam_order.get(c, len(problem.exam_order)), c))
    if allowed:  # can_take names exams of this list, but the dates close every one of them
        closed = "; ".join(_closed_because(c, problem, person.person) for c in allowed)
        return (f"may take only {name} exams that cannot be taken and still count by "
                f"{problem.scenario.deadline} ({closed})")
    if person.person.can_take is not None and any(
        c in problem.exam_order for c in codes
    ) and _open_anywhere(codes, problem):
        return f"may take no {name} exam (can_take)"
    return f"has no {name} exam and none can be taken and still count by {problem.scenario.deadline}"


def _closed_because(code: str, problem: Problem, person: Person | None = None) -> str:
    """Which of the exam's dates keeps it out of the plan: 'MB2-877 can be taken from 2018-01-01' (with a
    calendar, also the person's `unavailable` months)."""
    exam, s = problem.catalog.exam(code), problem.scenario
    deadline = due(s)
    if exam.first_take and exam.first_take > deadline:
        return f"{code} can be taken from {exam.first_take}"
    if exam.last_take and exam.last_take < s.as_of:
        return f"{code} could be taken until {exam.last_take}"
    if exam.counts_until and exam.counts_until < deadline:
        return f"{code} counts only until {exam.counts_until}"
    if person is not None and problem.settings.schedule:
        months = months_exam_can_be_taken(exam, s.as_of, deadline, list(problem.months),
                                          s.policy.days_to_book)
        if months and all(m in person.unavailable for m in months):
            who = called(person, problem.words)
            return f"{code} can be taken only in {', '.join(months)}, when {who} is unavailable"
    return f"{code} cannot be taken from {s.as_of} to {s.deadline}"


def _open_anywhere(codes: frozenset[str], problem: Problem) -> bool:
    exams = {e.code: e for e in problem.catalog.exams}
    s = problem.scenario
    return any(new_exam_is_open(exams[c], s.as_of, due(s)) for c in codes if c in exams)


def _more(n: int) -> str:
    return f" and {n - MAX_NAMED} more" if n > MAX_NAMED else ""


def leavers_sentence(leavers: tuple[Person, ...], words: dict[str, str] | None = None) -> str:
    """'dave leaves on 2018-03-01, erin leaves on ...' for up to MAX_NAMED people (by name: words)."""
    words = words or {}
    return ", ".join(f"{called(p, words)} leaves on {p.leaves_on}" for p in leavers[:MAX_NAMED]) + _more(
        len(leavers))


# ---- scored levels -------------------------------------------------------------------------------------

def scored_reasons(everyone: Problem, best: dict[str, int] | None = None,
                   titles: Mapping[str, str] | None = None) -> list[str]:
    """Why a scored goal (of a problem built without pruning) has no plan: each non-exam metric short of
    its minimum (no exam plan can fix it), each exam metric too few people can count toward by the
    deadline, and the most the roster can score against the total needed. `best` is how many people count
    toward each exam metric in a plan of the most points (solved without a budget); without it, the bound
    is each metric's people who could qualify, capped by its threshold. `titles` names the certifications
    ('@id' -> title, of the scenario's certification catalog)."""
    goal = everyone.goals[0]
    known: dict[tuple[int, int, int | None, str], bool] = {}
    able = {spec.id: [p for p in everyone.people if _covers(p, spec, everyone, known)] for spec in goal.roles}
    counts = best if best is not None else {
        spec.id: min(len(able[spec.id]), spec.slots) for spec in goal.roles}
    if _read_by_the_rules(everyone, goal.level):
        return _shortfall(everyone, goal, counts, exact=best is not None, titles=titles)
    reasons = _inputs_short(everyone, goal.level)
    total = _total_short(everyone, goal.level, counts, able, exact=best is not None)
    reasons += [total] if total else []
    for spec in goal.roles:  # the metrics too few people can count toward: below their minimum, or the
        n, fewest = len(able[spec.id]), _fewest(everyone, goal.level, spec)  # total is short and they are
        if n < fewest or (total and n < spec.slots and counts.get(spec.id, 0) < spec.slots):  # not full
            reasons.append(_too_few_for_metric(everyone, spec, able[spec.id], fewest, not total))
    if not reasons:
        reasons.append(f"no set of new exams reaches {goal.level.name}'s points with every metric's minimum "
                       f"by {everyone.scenario.deadline}")
    return reasons


def _read_by_the_rules(problem: Problem, level: Level) -> bool:
    """A scored level the sentences below do not read: lists of certifications, gate steps, figures by
    part or every track scored side by side (planner.rules.scoring.shortfall words those)."""
    score = level.score
    return score is not None and (bool(problem.certifications) or score.track_rule == "higher-total"
                                  or any(m.gate or m.parts for m in score.metrics))


def _shortfall(everyone: Problem, goal: Goal, counts: dict[str, int], *, exact: bool,
               titles: Mapping[str, str] | None = None) -> list[str]:
    """Why a level of issue 21's format is out of reach, with the most people who can count toward each
    exam metric and gate step (`exact`: a plan of the most points; else a bound): each metric short of
    its minimum and the total short of the level's (planner.rules.scoring.shortfall)."""
    lead = "" if exact else "at most, "
    found = shortfall(goal.catalog, goal.level, everyone.scenario.organization, counts, goal.catalog.id,
                      titles)
    deadline = everyone.scenario.deadline
    return [f"by {deadline}, {lead}{found[0][0].lower()}{found[0][1:]}", *found[1:]] if found else [
        f"no set of new exams reaches {goal.level.name}'s points with every metric's minimum by {deadline}"]


def best_counts(most: PlanReport, goal: Goal) -> dict[str, int] | None:
    """People counting toward each exam metric of the scored `goal` in `most`, the plan of the most points
    (planned by the pipeline with `fill_most`), or None when no such plan was found in time."""
    if most.status not in ("optimal", "feasible"):
        return None
    counts = {spec.id: 0 for spec in goal.roles}
    if most.option != goal.option:
        return counts  # the plan meets another option of the target: none of it counts toward this one
    for slot in most.assignments:
        if slot.role in counts:
            counts[slot.role] += 1
    return counts


def score_within_budget(problem: Problem, most: PlanReport) -> str:
    """'; within it, the most Mini designation can score by 2027-06-30 is 57 of the 70 points needed' for
    one scored target planned within a budget, `most` being its plan of the most points within it ('' when
    none was found in time)."""
    counts = best_counts(most, problem.goals[0])
    if counts is None:
        return ""
    return most_points_within(problem.goals[0].level.name, problem.scenario.deadline,
                              best_score_words(problem, counts))


def beyond_exams(problem: Problem) -> bool:
    """Whether some target can be met by no exam plan at all: each of its goals is a scored level whose
    non-exam metrics fall below a minimum, or fall short of the total even with every exam metric full.
    No change to the staff (the facts the fixes lift) can help then."""
    by_target: dict[int, list[bool]] = {}
    for goal in problem.goals:
        by_target.setdefault(goal.target_index, []).append(_goal_beyond_exams(problem, goal.level))
    return any(all(hopeless) for hopeless in by_target.values())


def _competency(problem: Problem, level: Level) -> str:
    """The id of the competency a goal's level belongs to (organization.track may name a track per
    designation)."""
    return next((g.catalog.id for g in problem.goals if g.level is level), problem.catalog.id)


def _goal_beyond_exams(problem: Problem, level: Level) -> bool:
    if level.score is None:
        return False
    if _read_by_the_rules(problem, level):  # every exam metric and gate step full: still not met?
        org, competency = problem.scenario.organization, _competency(problem, level)
        full = {role.id: need for role, need in metric_roles(level, org, competency)}
        return not score_met(level, score_points(level, full, org, competency))
    if _inputs_short(problem, level):
        return True
    track = track_of(level, problem.scenario.organization, _competency(problem, level))
    full = {m.id: m.threshold_for(track) for m in level.score.exam_metrics}
    points = score_points(level, full, problem.scenario.organization, _competency(problem, level))
    return sum(points.values(), Fraction(0)) < Fraction(str(level.score.total))


def best_score_words(problem: Problem, counts: dict[str, int]) -> str:
    """'61.4 of the 70 points needed': the points of the scored goal with these people per exam metric."""
    level = problem.goals[0].level
    assert level.score is not None
    points = score_points(level, counts, problem.scenario.organization, _competency(problem, level))
    total = sum(points.values(), Fraction(0))
    return (f"{points_short_words(total, level.score.total)} of the {needed_words(level.score.total)} "
            "points needed")


def _fewest(problem: Problem, level: Level, spec: RoleSpec) -> int:
    score = level.score
    assert score is not None
    metric = next(m for m in score.metrics if m.id == spec.id)
    track = track_of(level, problem.scenario.organization, _competency(problem, level))
    return fewest_to_count(metric, track, score.every_metric_above_zero)


def _inputs_short(problem: Problem, level: Level) -> list[str]:
    """'Deployments has 0 points (organization.metrics deployments: 0 of 4); every metric needs more than 0:
    no exam plan can fix it' for each non-exam metric below its minimum."""
    score, org = level.score, problem.scenario.organization
    assert score is not None
    competency = _competency(problem, level)
    track = track_of(level, org, competency)
    out = []
    for m in score.input_metrics:
        points = m.points(input_figure(m, org, competency), track)
        above_zero = score.every_metric_above_zero and points <= 0
        if not above_zero and points >= Fraction(str(m.min_points)):
            continue
        need = "every metric needs more than 0" if above_zero else f"its minimum is {m.min_points:g}"
        unit = f" {m.unit}" if m.unit else ""
        out.append(f"{m.name} has {points_words(points)} points (organization.metrics {m.input}: "
                   f"{input_figure(m, org, competency):g} of {m.threshold_for(track)}{unit}); {need}: "
                   "no exam plan can fix it")
    return out


def _too_few_for_metric(problem: Problem, spec: RoleSpec, can: list[Candidate], fewest: int,
                        leavers: bool) -> str:
    """'Advanced certifications: at most 1 of the 3 people it counts (with an advanced exam) can be
    certified by 2027-06-30: ann; it needs 2 for more than 0 points; bob <why not>...' for an exam metric
    fewer people can count toward than its threshold ('it needs' only when fewer than its minimum asks)."""
    words = problem.words
    name, deadline = spec.role.description or spec.id, problem.scenario.deadline
    who = ", ".join(called(p.person, words) for p in can[:MAX_NAMED]) + _more(len(can))
    text = (f"{name}: at most {len(can)} of the {spec.slots} people it counts (with "
            f"{role_in_words(problem.catalog, spec.role)}) can be certified by {deadline}"
            + (f": {who}" if can else "")
            + (f"; it needs {fewest} for {'more than 0 points' if fewest == 1 else 'its minimum points'}"
               if len(can) < fewest else ""))
    text += _why_the_others_cannot(problem, (spec,), can)
    if leavers and problem.leavers:
        text += "; " + leavers_sentence(problem.leavers, words)
    return text


def _total_short(problem: Problem, level: Level, counts: dict[str, int],
                 able: dict[str, list[Candidate]], *, exact: bool = True) -> str | None:
    """'the most Mini designation can score by 2027-06-30 is 61.4 of the 70 points needed (8.6 short):
    Intermediate certifications 15 of 20 (3 of 4 people; only 3 can qualify), ...', or None when the
    best reaches the total. Not `exact`: the counts are only a bound (each metric's qualifiers), so 'at
    most'."""
    score, org = level.score, problem.scenario.organization
    assert score is not None
    points = score_points(level, counts, org, _competency(problem, level))
    total, needed = sum(points.values(), Fraction(0)), Fraction(str(score.total))
    if total >= needed:
        return None
    track = track_of(level, org, _competency(problem, level))
    parts = []
    for m in score.metrics:
        t = m.threshold_for(track)
        if m.lists:
            n = len(able.get(m.id, ()))
            why = f"; only {n} can qualify" if n < t else ""
            detail = f"{counts.get(m.id, 0)} of {t} people{why}"
        else:
            figure = input_figure(m, org, _competency(problem, level))
            detail = f"organization.metrics {m.input}: {figure:g} of {t}"
        parts.append(f"{m.name} {points_words(points[m.id])} of {m.max_points:g} ({detail})")
    text = (f"the most {level.name} can score by {problem.scenario.deadline} is {'' if exact else 'at most '}"
            f"{points_short_words(total, needed)} of the {needed_words(needed)} points needed "
            f"({short_by_words(needed - total)} short): {', '.join(parts)}")
    if all(counts.get(m.id, 0) >= m.threshold_for(track) for m in score.exam_metrics):
        return text + "; every exam metric is full: only higher organization.metrics figures can add points"
    if problem.leavers:
        text += "; " + leavers_sentence(problem.leavers, problem.words)
    return text


# ---- the request around the level: budget, resilience, several goals, options, fixes ----------------------

MAX_FACTS = 6  # facts named in one sentence; the fixes list the cheapest ones to change


def goals_name(labels: list[str], level_name: str) -> str:
    """'Cloud Customer Relationship Management Gold and Cloud Business Applications Silver' for several
    goals (their names as given), else the level's name."""
    if len(labels) > 1:
        return " and ".join(labels)
    return level_name


def blocked_alone(label: str, reasons: list[str]) -> str:
    """A goal that cannot be met even when planned on its own, with the first reason it has."""
    return f"{label} cannot be met even on its own: {reasons[0] if reasons else 'no plan exists'}"


def over_budget(name: str, cost_cents: int, budget_cents: int, within: str = "") -> str:
    """The budget blocks the goals: what their cheapest plan costs, how far over the budget that is, and
    (`within`, from `most_points_within`) what the budget buys of a scored level."""
    return (f"{name} needs a plan costing at least {usd(cost_cents / 100)}, "
            f"{usd((cost_cents - budget_cents) / 100)} over the budget of "
            f"{usd(budget_cents / 100)}" + within)


def most_points_within(level_name: str, deadline: dt.date | None, points: str) -> str:
    """'; within it, the most Mini designation can score by 2027-06-30 is 57 of the 70 points needed'
    (`points` from best_score_words)."""
    return f"; within it, the most {level_name} can score by {deadline} is {points}"


def not_resilient(name: str, k: int, scored_alone: bool) -> str:
    """Resilience blocks the goals: they can be reached, but not kept after any `k` departures (a single
    scored goal keeps its points, any other keeps its slots)."""
    what = "qualify to keep its points" if scored_alone else "qualify for its slots"
    return (f"{name} can be reached, but no plan keeps it after any {k} of the people "
            f"who count leave: there are not enough people who can {what}")


def _departures(k: int) -> str:
    return f"any {k} departure{'s' if k != 1 else ''}"


def _changes(new_exams: int, renewals: int, hires: int, cost_usd: float) -> str:
    """'no new exams', '2 new exams for US$330', '1 new exam, 1 renewal and 1 hire for US$12,250'."""
    counts = [(new_exams, "new exam"), (renewals, "renewal"), (hires, "hire")]
    parts = [f"{n} {word}{'s' if n != 1 else ''}" for n, word in counts if n]
    if not parts:
        return "no new exams"
    words = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{words} for {usd(cost_usd)}"


def without_resilience(name: str, k: int, within_budget: bool, changes: tuple[int, int, int, float]) -> str:
    """The resilience policy keeps a level out of reach: what reaches it without the policy (within the
    budget, when there is one); `changes` are its new exams, renewals, hires and cost."""
    budget = "within the budget " if within_budget else ""
    return (f"without the resilience policy (the level kept after {_departures(k)}) {name} is reachable "
            f"{budget}with {_changes(*changes)}")


def only_without_resilience_and_budget(name: str, k: int, cost_usd: float, budget_usd: float) -> str:
    """The budget and the resilience policy together keep a level out of reach: no plan keeps it after k
    departures, and the cheapest plan without the policy costs more than the budget."""
    return (f"{name} is reachable only without the resilience policy (the level kept after {_departures(k)}) "
            f"and with a larger budget: its cheapest plan without the policy costs {usd(cost_usd)}, "
            f"{usd(cost_usd - budget_usd)} over the budget")


def cannot_share(golds_clash: bool, budget_cents: int | None, capped: bool) -> str:
    """Each goal can be met alone but not all together: the limits that make them compete for the staff
    (one Gold per person, the budget, people's max_new_exams)."""
    limits = []
    if golds_clash:
        limits.append("a person counts toward at most one Gold competency (policy.one_gold_per_person)")
    if budget_cents is not None:
        limits.append(f"the budget is {usd(budget_cents / 100)}")
    if capped:
        limits.append("some people may take only a few new exams (max_new_exams)")
    return ("each target can be met on its own, but not all of them together with the same staff"
            + (": " + "; ".join(limits) if limits else ""))


def option_fails(option: str, option_id: str | None, reasons: list[str]) -> str:
    """Why one option of a competency cannot be met: the first two reasons of its own plan."""
    why = "; ".join(reasons[:2]) if reasons else "no plan exists"
    return f"option {option} ({option_id}) cannot be met: {why}"


def facts_together(name: str, facts: list[str]) -> str:
    """The facts that together keep the goals out of reach (the first MAX_FACTS of them, and how many
    more)."""
    shown = "; ".join(facts[:MAX_FACTS]) + (
        f"; and {len(facts) - MAX_FACTS} more facts of these kinds" if len(facts) > MAX_FACTS else "")
    return f"even with every other limit lifted, these facts together keep {name} out of reach: {shown}"


def search_stopped(by_time: bool) -> str:
    """The search for fixes ran out of time (the run's time limit) or of work (its deterministic bound):
    what it lists is the best found so far."""
    limit = "the run's time limit" if by_time else "its limit of work"
    return f"the search for fixes stopped at {limit}; the fixes listed (if any) are the best found so far"


def programme_ended(ended: str, day: dt.date, which: str, replaced: bool,
                    so: str = "nothing is planned for it") -> str:
    """Why nothing is planned (or met) for a programme that has ended by `day` ('the deadline', 'today'):
    `ended` is the rules' words for its end and replacements ('Cloud CRM ended on 3 Oct 2022; replaced by
    ...')."""
    then = ("plan one of the designations that replaced it (--competency ID)" if replaced
            else "nothing replaced it")
    return f"{ended}: it is no longer awarded on {day} ({which}), so {so}; {then}"
