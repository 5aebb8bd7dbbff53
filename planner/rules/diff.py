"""What changed between two revisions of a competency's rules, in plain words (no solver, no output format).

`diff_catalogs(a, b)` compares the rules a planner reads: the programme's end, exams (added, removed,
dates), the exams and certifications of each list, roles, options, and per level the slots, who may fill
them, the revenue gates per market and DPOR; for a scored level, its total, its tracks and how they are
scored, and its metrics (added, removed, max points, thresholds per track -- a single threshold reads as
the same on every track --, what each counts, its gate steps and its parts).
Descriptions, notes and sources are prose about the rules, not rules, and are left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from models.catalog import (
    Catalog,
    Exam,
    ExamList,
    GateStep,
    Level,
    Market,
    Metric,
    MetricPart,
    RevenueGate,
    Role,
    Score,
)

PEOPLE_IN_WORDS = {
    "different": "different people",
    "same-or-different": "the same or different people",
}
"""How each `Level.people` rule reads in a sentence."""

MARKETS: tuple[Market, ...] = ("developed", "developing")

_DATES = (("first_take", "first day it can be taken"), ("last_take", "last day it can be taken"),
          ("counts_until", "last day a pass counts"))

T = TypeVar("T")


class Change(BaseModel):
    """One difference between two revisions: its kind, the thing it concerns, the values, and a sentence."""

    model_config = ConfigDict(frozen=True)

    kind: str
    what: str
    before: Any = None
    after: Any = None
    text: str


def people_in_words(level: Level) -> str:
    """'different people' or 'the same or different people'."""
    return PEOPLE_IN_WORDS.get(level.people, level.people)


def money(usd: int | float | None) -> str:
    """US$50,000; 'not offered' for a market a gate gives no threshold for."""
    if usd is None:
        return "not offered"
    return f"US${usd:,.0f}" if usd == int(usd) else f"US${usd:,.2f}"


def and_list(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def diff_catalogs(a: Catalog, b: Catalog, titles: Mapping[str, str] | None = None) -> list[Change]:
    """What changed from revision `a` to revision `b`, in the order a reader checks: competency, exams,
    lists, options, roles, levels. An empty list means the two have the same rules. `titles` names
    certifications by id in the sentences (their ids otherwise)."""
    changes: list[Change] = []
    if a.name != b.name:
        changes.append(Change(kind="name", what=b.id, before=a.name, after=b.name,
                              text=f"competency renamed from '{a.name}' to '{b.name}'"))
    changes += _ended_changes(a, b)
    changes += _exam_changes(a, b)
    changes += _list_changes(a, b, titles or {})
    changes += _option_changes(a, b)
    return changes


def _ended_changes(a: Catalog, b: Catalog) -> list[Change]:
    """The programme's end (and what replaced it) set, moved or lifted."""
    if (a.ended, a.replaced_by) == (b.ended, b.replaced_by):
        return []
    after = {"ended": _day(b.ended), "replaced_by": list(b.replaced_by)}
    before = {"ended": _day(a.ended), "replaced_by": list(a.replaced_by)}
    if b.ended is None:
        text = f"the programme no longer ends (it ended {a.ended})"
    else:
        by = f", replaced by {and_list(list(b.replaced_by))}" if b.replaced_by else ""
        was = f" (was {a.ended})" if a.ended is not None and a.ended != b.ended else ""
        text = f"the programme ends on {b.ended}{was}{by}"
    return [Change(kind="ended", what=b.id, before=before, after=after, text=text)]


# ---- what one revision has and the other has not -------------------------------------------------------

def _added_and_removed(before: dict[str, T], after: dict[str, T], noun: str, *, what: Callable[[T], str],
                       name: Callable[[T], str], value: Callable[[T], Any],
                       details: Callable[[T], str] = lambda _: "") -> list[Change]:
    """A '<noun> added' change for each thing only `after` has, then a '<noun> removed' one for each thing
    only `before` has: `what` is the thing the change concerns, `name` how a sentence names it, `value`
    what the change carries as its after (added) or before (removed), `details` what the sentence says
    after 'added'."""
    added = [Change(kind=f"{noun} added", what=what(thing), after=value(thing),
                    text=f"{name(thing)} added{details(thing)}")
             for key, thing in after.items() if key not in before]
    removed = [Change(kind=f"{noun} removed", what=what(thing), before=value(thing),
                      text=f"{name(thing)} removed")
               for key, thing in before.items() if key not in after]
    return added + removed


def _kept(before: dict[str, T], after: dict[str, T]) -> Iterator[tuple[T, T]]:
    """(old, new) for each thing both revisions have, in the order of the older one."""
    for key, old in before.items():
        if key in after:
            yield old, after[key]


# ---- exams and lists -----------------------------------------------------------------------------------

def _exam_changes(a: Catalog, b: Catalog) -> list[Change]:
    before = {e.code: e for e in a.exams}
    after = {e.code: e for e in b.exams}
    changes = _added_and_removed(before, after, "exam", what=lambda exam: exam.code,
                                 name=lambda exam: f"exam {exam.code} ({exam.title})", value=_exam_data,
                                 details=_dates_suffix)
    for old, new in _kept(before, after):
        code = new.code
        if old.title != new.title:
            changes.append(Change(kind="exam renamed", what=code, before=old.title, after=new.title,
                                  text=f"exam {code} renamed from '{old.title}' to '{new.title}'"))
        moved = [(field, words) for field, words in _DATES if getattr(old, field) != getattr(new, field)]
        if moved:
            changes.append(Change(
                kind="exam dates", what=code,
                before={field: _day(getattr(old, field)) for field, _ in moved},
                after={field: _day(getattr(new, field)) for field, _ in moved},
                text=f"exam {code}: " + "; ".join(
                    f"{words} changed from {_day_words(getattr(old, field))} to "
                    f"{_day_words(getattr(new, field))}"
                    for field, words in moved)))
    return changes


def _exam_data(exam: Exam) -> dict[str, Any]:
    return exam.model_dump(mode="json", include={"code", "title", "first_take", "last_take", "counts_until"},
                           exclude_none=True)


def _dates_suffix(exam: Exam) -> str:
    parts = [f"{words} {getattr(exam, field)}" for field, words in _DATES if getattr(exam, field)]
    return f" ({'; '.join(parts)})" if parts else ""


def _day(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _day_words(day: dt.date | None) -> str:
    return "none" if day is None else day.isoformat()


def _list_changes(a: Catalog, b: Catalog, titles: Mapping[str, str]) -> list[Change]:
    before = {lst.id: lst for lst in a.lists}
    after = {lst.id: lst for lst in b.lists}
    changes = _added_and_removed(before, after, "list", what=lambda lst: f"list {lst.id}",
                                 name=lambda lst: f"list {lst.id} ({lst.name})",
                                 value=lambda lst: list(lst.exams) + [f"@{c}" for c in lst.certifications],
                                 details=lambda lst: f": {', '.join(_list_items(lst, titles))}")
    for old, new in _kept(before, after):
        lid = new.id
        if old.name != new.name:
            changes.append(Change(kind="list renamed", what=f"list {lid}", before=old.name, after=new.name,
                                  text=f"list {lid} renamed from '{old.name}' to '{new.name}'"))
        changes += _list_members(lid, new.name, "list exams", list(old.exams), list(new.exams), {})
        changes += _list_members(lid, new.name, "list certifications", list(old.certifications),
                                 list(new.certifications), titles)
    return changes


def _list_items(lst: ExamList, titles: Mapping[str, str]) -> list[str]:
    """A list's exams, then its certifications by title."""
    return list(lst.exams) + [titles.get(c, c) for c in lst.certifications]


def _list_members(lid: str, name: str, kind: str, old: list[str], new: list[str],
                  titles: Mapping[str, str]) -> list[Change]:
    """One change naming the exams (or certifications, by title) a kept list gained and lost."""
    added = [titles.get(c, c) for c in new if c not in old]
    removed = [titles.get(c, c) for c in old if c not in new]
    if not added and not removed:
        return []
    parts = ([f"{and_list(added)} added"] if added else []) + (
        [f"{and_list(removed)} removed"] if removed else [])
    return [Change(kind=kind, what=f"list {lid}", before=old, after=new, text=f"list {lid} ({name}): "
                   f"{'; '.join(parts)}")]


# ---- options, roles and levels ------------------------------------------------------------------------

def _options(catalog: Catalog) -> dict[str, Catalog]:
    return {c.option_id: c for c in catalog.option_catalogs()}


def _option_changes(a: Catalog, b: Catalog) -> list[Change]:
    before, after = _options(a), _options(b)
    if len(before) == 1 and len(after) == 1:  # one way to attain it on both sides: compare those
        (old,), (new,) = before.values(), after.values()
        changes = []
        if (old.option_id, old.option) != (new.option_id, new.option) and (old.option or new.option):
            changes.append(Change(kind="option renamed", what=new.option_id or new.id,
                                  before=old.option or None, after=new.option or None,
                                  text=f"option renamed from '{old.option or '(none)'}' to "
                                       f"'{new.option or '(none)'}'"))
        return changes + _roles_and_levels(old, new, "")
    changes = _added_and_removed(before, after, "option", what=_option_label,
                                 name=lambda opt: f"option {_option_label(opt)}",
                                 value=lambda opt: opt.option,
                                 details=lambda opt: f" ({_option_summary(opt)})")
    for old, new in _kept(before, after):
        where = f"option {_option_label(new)}: "
        if old.option != new.option:
            changes.append(Change(kind="option renamed", what=_option_label(new), before=old.option,
                                  after=new.option, text=f"{where}renamed from '{old.option}'"))
        changes += _roles_and_levels(old, new, where)
    return changes


def _option_label(option: Catalog) -> str:
    """'enterprise-operations (Enterprise Operations)'; the option's name alone when it has no id."""
    if option.option_id and option.option:
        return f"{option.option_id} ({option.option})"
    return option.option_id or option.option or "(the only one)"


def _option_summary(option: Catalog) -> str:
    return "; ".join(f"{lv.name}: " + (_score_summary(lv.score) if lv.score is not None else
                                       ", ".join(f"{n} x {rid}" for rid, n in lv.slots.items()))
                     for lv in option.levels)


def _roles_and_levels(a: Catalog, b: Catalog, where: str) -> list[Change]:
    return _role_changes(a.roles, b.roles, where) + _level_changes(a.levels, b.levels, where)


def _role_changes(a: list[Role], b: list[Role], where: str) -> list[Change]:
    before = {r.id: r for r in a}
    after = {r.id: r for r in b}
    changes = _added_and_removed(before, after, "role", what=lambda role: f"{where}role {role.id}",
                                 name=lambda role: f"{where}role {role.id}",
                                 value=lambda role: list(role.lists),
                                 details=lambda role: f": one exam from each of lists {and_list(role.lists)}")
    for old, new in _kept(before, after):
        if old.lists != new.lists:
            changes.append(Change(kind="role changed", what=f"{where}role {new.id}", before=list(old.lists),
                                  after=list(new.lists),
                                  text=f"{where}role {new.id} now needs an exam from each of lists "
                                       f"{and_list(new.lists)} (was {and_list(old.lists)})"))
    return changes


def _level_changes(a: list[Level], b: list[Level], where: str) -> list[Change]:
    before = {lv.id: lv for lv in a}
    after = {lv.id: lv for lv in b}
    changes = _added_and_removed(before, after, "level", what=lambda level: f"{where}level {level.id}",
                                 name=lambda level: f"{where}level {level.name}", value=_level_data,
                                 details=lambda level: f" (scored: {_score_summary(level.score)})"
                                 if level.score is not None else "")
    for old, new in _kept(before, after):
        changes += _one_level(old, new, f"{where}{new.name}")
    return changes


def _level_data(level: Level) -> dict[str, Any]:
    """What a level added or removed carries: its slots, or its score when it is scored."""
    return dict(level.slots) if level.score is None else _score_data(level.score)


def _one_level(old: Level, new: Level, label: str) -> list[Change]:
    changes = []
    for rid in [*old.slots, *(r for r in new.slots if r not in old.slots)]:
        n_old, n_new = old.slots.get(rid), new.slots.get(rid)
        if n_old != n_new:
            changes.append(Change(kind="slots", what=f"{label}: {rid}", before=n_old, after=n_new,
                                  text=f"{label}: {rid} slots changed from {n_old or 0} to {n_new or 0}"))
    if old.people != new.people:
        changes.append(Change(kind="people", what=label, before=old.people, after=new.people,
                              text=f"{label}: slots are now filled by {people_in_words(new)} (was "
                                   f"{people_in_words(old)})"))
    changes += _gate_changes(old.revenue_gates, new.revenue_gates, label)
    changes += _score_changes(old.score, new.score, label)
    if old.dpor != new.dpor:
        changes.append(Change(kind="dpor", what=label, before=old.dpor, after=new.dpor,
                              text=f"{label}: DPOR {'now required' if new.dpor else 'no longer required'}"))
    return changes


def _gate_changes(a: list[RevenueGate], b: list[RevenueGate], label: str) -> list[Change]:
    before = {g.id: g for g in a}
    after = {g.id: g for g in b}
    changes = _added_and_removed(before, after, "gate", what=lambda gate: f"{label}: gate {gate.id}",
                                 name=lambda gate: f"{label}: {_gate_name(gate.id)}",
                                 value=lambda gate: dict(gate.required_usd),
                                 details=lambda gate: f" ({_thresholds(gate)})")
    for old, new in _kept(before, after):
        gid = new.id
        for market in MARKETS:
            x, y = old.required_usd.get(market), new.required_usd.get(market)
            if x == y:
                continue
            if x is None:
                kind, how = "threshold added", f"now offered at {money(y)} (before: not offered)"
            elif y is None:
                kind, how = "threshold removed", f"no longer offered (was {money(x)})"
            else:
                kind, how = "threshold changed", f"changed from {money(x)} to {money(y)}"
            changes.append(Change(kind=kind, what=f"{label}: gate {gid}: {market}", before=x, after=y,
                                  text=f"{label}, {_gate_name(gid)}: {market} markets {how}"))
        if old.metric != new.metric:
            changes.append(Change(kind="gate metric", what=f"{label}: gate {gid}", before=old.metric,
                                  after=new.metric,
                                  text=f"{label}, {_gate_name(gid)}: now measures '{new.metric}'"))
    return changes


def _gate_name(gid: str) -> str:
    """'revenue gate' for a level's one gate named 'revenue', 'revenue gate total-revenue' otherwise."""
    return "revenue gate" if gid == "revenue" else f"revenue gate {gid}"


def _thresholds(gate: RevenueGate) -> str:
    return "; ".join(f"{m} {money(gate.required_usd.get(m))}" for m in MARKETS)


# ---- scored levels -------------------------------------------------------------------------------------

def _points(value: float) -> str:
    return f"{value:g}"


def _score_summary(score: Score) -> str:
    return (f"{_points(score.total)} of {_points(sum(m.max_points for m in score.metrics))} points over "
            + ", ".join(m.id for m in score.metrics))


def _score_changes(a: Score | None, b: Score | None, label: str) -> list[Change]:
    """A level turning scored or slotted, its total or its every-metric rule changed, and its metrics."""
    if a is None or b is None:
        return _score_added_or_removed(a, b, label)
    changes = []
    if a.total != b.total:
        changes.append(Change(kind="score total", what=label, before=a.total, after=b.total,
                              text=f"{label}: total needed changed from {_points(a.total)} to "
                                   f"{_points(b.total)} points"))
    if a.every_metric_above_zero != b.every_metric_above_zero:
        now = "now needs" if b.every_metric_above_zero else "no longer needs"
        changes.append(Change(kind="score rule", what=label, before=a.every_metric_above_zero,
                              after=b.every_metric_above_zero,
                              text=f"{label}: {now} more than 0 in every metric"))
    changes += _track_changes(a, b, label)
    return changes + _metric_changes(a.metrics, b.metrics, label)


TRACK_RULE_WORDS = {
    "assigned": "the organization's own track (organization.track) is scored",
    "higher-total": "every track is scored and the higher total counts",
}
"""How each `Score.track_rule` reads in a sentence."""


def score_tracks(score: Score) -> list[str]:
    """The tracks a score names anywhere (thresholds, gate steps, parts), in the order first named."""
    named: dict[str, None] = {}
    for m in score.metrics:
        for value in [m.threshold, *(v for g in m.gate for v in (g.people, g.points)),
                      *(p.threshold for p in m.parts.values())]:
            if isinstance(value, dict):
                named.update(dict.fromkeys(value))
    return list(named)


def _track_changes(a: Score, b: Score, label: str) -> list[Change]:
    """Tracks added or removed, and how the tracks are scored."""
    changes = []
    old, new = score_tracks(a), score_tracks(b)
    if old != new:
        was = f" (was {and_list(old)})" if old else " (was one set of figures)"
        now = f"now scored on tracks {and_list(new)}" if new else "now one set of figures, no tracks"
        changes.append(Change(kind="score tracks", what=label, before=old, after=new,
                              text=f"{label}: {now}{was}"))
    if a.track_rule != b.track_rule:
        changes.append(Change(kind="score track rule", what=label, before=a.track_rule, after=b.track_rule,
                              text=f"{label}: {TRACK_RULE_WORDS[b.track_rule]} (before: "
                                   f"{TRACK_RULE_WORDS[a.track_rule]})"))
    return changes


_PROSE: Any = {"note", "source"}
"""Fields of a score or metric that are prose about the rules, left out of a change's values."""


def _score_data(score: Score) -> dict[str, Any]:
    return score.model_dump(mode="json", exclude_defaults=True,
                            exclude={"note": True, "source": True, "metrics": {"__all__": _PROSE}})


def _metric_data(metric: Metric) -> dict[str, Any]:
    return metric.model_dump(mode="json", exclude_defaults=True, exclude=_PROSE)


def _score_added_or_removed(a: Score | None, b: Score | None, label: str) -> list[Change]:
    """A level that turned scored (`b` only) or slotted (`a` only); nothing when neither is scored."""
    if b is not None:
        return [Change(kind="score added", what=label, after=_score_data(b),
                       text=f"{label}: now scored, {_score_summary(b)}")]
    if a is not None:
        return [Change(kind="score removed", what=label,
                       before=_score_data(a),
                       text=f"{label}: no longer scored (was {_score_summary(a)})")]
    return []


def _metric_changes(a: list[Metric], b: list[Metric], label: str) -> list[Change]:
    before = {m.id: m for m in a}
    after = {m.id: m for m in b}
    changes = _added_and_removed(before, after, "metric", what=lambda m: f"{label}: metric {m.id}",
                                 name=lambda m: f"{label}: metric {m.id}",
                                 value=_metric_data,
                                 details=lambda m: f" ({_metric_summary(m)})")
    for old, new in _kept(before, after):
        changes += _one_metric(old, new, f"{label}: metric {new.id}")
    return changes


def _metric_summary(m: Metric) -> str:
    """'20 points at enterprise 20, smb 5; counts list intermediate'."""
    return f"{_points(m.max_points)} points at {_thresholds_words(m.threshold)}; counts {_counted(m)}"


def _thresholds_words(threshold: int | dict[str, int] | None) -> str:
    if threshold is None:
        return "a threshold per part"
    if isinstance(threshold, int):
        return str(threshold)
    return ", ".join(f"{track} {n}" for track, n in threshold.items())


def _counted(m: Metric) -> str:
    return f"list {and_list(m.lists)}" if m.lists else f"organization.metrics.{m.input}"


def _one_metric(old: Metric, new: Metric, what: str) -> list[Change]:
    """Max points, minimum, thresholds per track and what the metric counts, each a change when it moved."""
    changes = []
    for field, kind, words in (("max_points", "metric points", "max points"),
                               ("min_points", "metric minimum", "minimum points")):
        x, y = getattr(old, field), getattr(new, field)
        if x != y:
            changes.append(Change(kind=kind, what=what, before=x, after=y,
                                  text=f"{what}: {words} changed from {_points(x)} to {_points(y)}"))
    changes += _threshold_changes(old.threshold, new.threshold, what, "metric threshold", "threshold")
    if (old.lists, old.input) != (new.lists, new.input):
        changes.append(Change(kind="metric counts", what=what, before=_counted(old), after=_counted(new),
                              text=f"{what}: now counts {_counted(new)} (was {_counted(old)})"))
    changes += _gate_step_changes(old.gate, new.gate, what)
    changes += _part_changes(old, new, what)
    return changes


def _on_tracks(x: Any, y: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two figures given once or per track, as mappings by track: a figure given once reads as the same on
    every track the other names ('' when neither names tracks)."""
    tracks = [*(x if isinstance(x, dict) else {}), *(y if isinstance(y, dict) else {})]
    tracks = list(dict.fromkeys(tracks)) or [""]

    def spread(v: Any) -> dict[str, Any]:
        if isinstance(v, dict):
            return dict(v)
        return {} if v is None else dict.fromkeys(tracks, v)

    return spread(x), spread(y)


def _threshold_changes(x: Any, y: Any, what: str, kind: str, words: str) -> list[Change]:
    """A change per track whose figure moved, was added or was removed ('' for a figure given once); a
    figure given once is the same figure on every track, so giving it per track alone is no change."""
    x_map, y_map = _on_tracks(x, y)
    changes = []
    for track in [*x_map, *(t for t in y_map if t not in x_map)]:
        before, after = x_map.get(track), y_map.get(track)
        if before == after:
            continue
        on = f" ({track} track)" if track else ""
        if before is None:
            suffix, how = "added", f"now {_figure(after)}"
        elif after is None:
            suffix, how = "removed", f"no longer given (was {_figure(before)})"
        else:
            suffix, how = "changed", f"changed from {_figure(before)} to {_figure(after)}"
        changes.append(Change(kind=f"{kind} {suffix}", what=f"{what}: {track}" if track else what,
                              before=before, after=after, text=f"{what}: {words}{on} {how}"))
    return changes


def _figure(value: Any) -> str:
    return _points(value) if isinstance(value, float) else str(value)


def _gate_step_changes(a: list[GateStep], b: list[GateStep], what: str) -> list[Change]:
    """Gate steps added or removed, and per kept step its lists, people and points. A step is kept when the
    other revision has a step over the same lists (wherever it stands), else the step at its place; steps
    are numbered as the newer revision has them (a removed one as the older had it)."""
    pairs = _paired_steps(a, b)
    changes = []
    for j, new in enumerate(b):
        step = f"{what}: gate step {j + 1} ({and_list(new.lists)})"
        k = pairs.get(j)
        if k is None:
            changes.append(Change(kind="gate step added", what=step, after=_step_data(new),
                                  text=f"{step} added ({_step_summary(new)})"))
        else:
            changes += _one_gate_step(a[k], new, step)
    for k in sorted(set(range(len(a))) - set(pairs.values())):
        step = f"{what}: gate step {k + 1} ({and_list(a[k].lists)})"
        changes.append(Change(kind="gate step removed", what=step, before=_step_data(a[k]),
                              text=f"{step} removed (was {_step_summary(a[k])})"))
    return changes


def _paired_steps(a: list[GateStep], b: list[GateStep]) -> dict[int, int]:
    """For each step of `b`, the step of `a` it continues: the first unpaired one over the same lists;
    the steps left over are paired in their order."""
    pairs: dict[int, int] = {}
    for j, new in enumerate(b):
        same = next((k for k, old in enumerate(a)
                     if old.lists == new.lists and k not in pairs.values()), None)
        if same is not None:
            pairs[j] = same
    left_old = [k for k in range(len(a)) if k not in pairs.values()]
    left_new = [j for j in range(len(b)) if j not in pairs]
    pairs.update(zip(left_new, left_old, strict=False))
    return pairs


def _one_gate_step(old: GateStep, new: GateStep, step: str) -> list[Change]:
    changes = []
    if old.lists != new.lists:
        changes.append(Change(kind="gate step lists", what=step, before=list(old.lists),
                              after=list(new.lists),
                              text=f"{step}: now counts people holding one of each of lists "
                                   f"{and_list(new.lists)} (was {and_list(old.lists)})"))
    changes += _threshold_changes(old.people, new.people, step, "gate step people", "people needed")
    changes += _threshold_changes(old.points, new.points, step, "gate step points", "points earned")
    return changes


def _step_data(step: GateStep) -> dict[str, Any]:
    return step.model_dump(mode="json", exclude_defaults=True, exclude=_PROSE)


def _step_summary(step: GateStep) -> str:
    points = "" if step.points == 0 else f", earning {_on_tracks_words(step.points)} points"
    return f"{_on_tracks_words(step.people)} people from lists {and_list(step.lists)}{points}"


def _on_tracks_words(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{track} {_figure(v)}" for track, v in value.items())
    return _figure(value)


def _part_changes(old: Metric, new: Metric, what: str) -> list[Change]:
    """Parts (a figure per association type) added or removed, their thresholds, and how they combine."""
    changes = [Change(kind="metric part added", what=f"{what}: part {pid}", after=_part_data(part),
                      text=f"{what}: part {pid} added (threshold {_on_tracks_words(part.threshold)})")
               for pid, part in new.parts.items() if pid not in old.parts]
    changes += [Change(kind="metric part removed", what=f"{what}: part {pid}", before=_part_data(part),
                       text=f"{what}: part {pid} removed")
                for pid, part in old.parts.items() if pid not in new.parts]
    for pid, part in old.parts.items():
        if pid in new.parts:
            changes += _threshold_changes(part.threshold, new.parts[pid].threshold, f"{what}: part {pid}",
                                          "metric part threshold", "threshold")
    if old.combine != new.combine and old.parts and new.parts:
        changes.append(Change(kind="metric combine", what=what, before=old.combine, after=new.combine,
                              text=f"{what}: now takes the {_combine_words(new.combine)} of its parts' "
                                   f"points (was the {_combine_words(old.combine)})"))
    return changes


def _combine_words(combine: str | None) -> str:
    return "sum" if combine == "sum" else "higher"


def _part_data(part: MetricPart) -> dict[str, Any]:
    return part.model_dump(mode="json", exclude_defaults=True, exclude={"note"})
