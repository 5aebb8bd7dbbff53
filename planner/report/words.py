"""The words every format shares: the headline, met / not met, gates, money, people's names and the
escaping of control characters. The table, Markdown and HTML renderers all take their sentences from here,
so the same report says the same thing in the same words wherever it is read.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any, TypeVar

from pydantic import BaseModel

from models.catalog import ITEM_PREFIX
from models.report import (
    BestReport,
    CheckReport,
    Gate,
    MetricScore,
    NewExam,
    PlanReport,
    ScoreStanding,
    TargetCost,
)
from planner.rules.naming import role_key
from planner.rules.scoring import needed_words, points_short_words, short_by_words

M = TypeVar("M")

MET, NOT_MET = "met", "not met"
"""The one word pair for a level, a requirement or a gate, in `check` and `plan` alike."""

_BIDI = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def _escaped_char(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def shown(text: str) -> str:
    """The text with control characters (escape sequences, line breaks, bidi overrides) written as `\\x1b`,
    so that nothing from the input can move the cursor, clear the screen or break a table row."""
    if text.isprintable():
        return text
    return "".join(_escaped_char(ch) if _is_control(ch) else ch for ch in text)


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ord(ch) in _BIDI


def printable(value: M) -> M:
    """A copy of a report (any pydantic model, list or dict of them) with every string passed through
    `shown`: the renderers of text formats start from this, JSON never does."""
    return _printable(value)


def _printable(value: Any) -> Any:
    if isinstance(value, str):
        return shown(value)
    if isinstance(value, BaseModel):
        changed = {k: _printable(getattr(value, k)) for k in type(value).model_fields}
        return value.model_copy(update=changed)
    if isinstance(value, list):
        return [_printable(v) for v in value]
    if isinstance(value, dict):
        return {_printable(k): _printable(v) for k, v in value.items()}
    return value


def money(usd: float | None) -> str:
    """'US$1,234' (cents only when there are some), '-US$5' below zero, '-' for none."""
    if usd is None:
        return "-"
    sign = "-" if usd < 0 else ""
    usd = abs(usd)
    return f"{sign}US${usd:,.2f}" if round(usd, 2) % 1 else f"{sign}US${usd:,.0f}"


def whole_money(usd: float | None) -> str:
    """'US$3,413' rounded to the dollar, for estimates such as an expected cost."""
    return "-" if usd is None else money(float(round(usd)))


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 person', '2 people', '0 exams'."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def met_word(ok: bool) -> str:
    return MET if ok else NOT_MET


# ---- gates ---------------------------------------------------------------------------------------------


def split_gate(name: str) -> tuple[str, str]:
    """'cloud-crm:gold/revenue' -> ('cloud-crm:gold', 'revenue'); 'revenue' -> ('', 'revenue')."""
    goal, sep, gate = name.rpartition("/")
    return (goal, gate) if sep else ("", name)


def gate_detail(g: Gate) -> str:
    """'US$320,000 (needs US$300,000)', 'US$250,000 (needs US$300,000; US$50,000 short)', or met/not met."""
    if g.required_usd is None:
        return met_word(g.ok)
    short = f"; {money(g.gap_usd)} short" if not g.ok and g.gap_usd else ""
    return f"{money(g.actual_usd)} (needs {money(g.required_usd)}{short})"


def gate_cell(g: Gate) -> str:
    """A gate's detail cell: the figures of a revenue gate; '-' where the met? column says it all."""
    return gate_detail(g) if g.required_usd is not None else "-"


def gate_sentence(g: Gate) -> str:
    """'revenue: US$250,000 (needs US$300,000; US$50,000 short)' or 'dpor: not met'."""
    return f"{split_gate(g.name)[1]}: {gate_detail(g)}"


def failing_gates(r: PlanReport) -> list[str]:
    return [gate_sentence(g) for g in r.gates if not g.ok]


# ---- the headline ----------------------------------------------------------------------------------------

_BEST = {"exams": "fewest new exams", "cost": "cheapest", "time": "fastest", "risk": "safest"}


def proof_words(r: PlanReport) -> str:
    """What is proven about the plan, for the objective it was made for: '(fewest new exams, proven)',
    '(proven cheapest)', or '(cheapest found in the time limit, not proven)'."""
    best = _BEST[r.objective]
    if r.status != "optimal":
        return f"{best} found in the time limit, not proven"
    return f"{best}, proven" if r.objective == "exams" else f"proven {best}"


def goal_words(r: PlanReport) -> str:
    """'Gold' for one goal; 'Cloud Customer Relationship Management Gold and Cloud Business Applications
    Silver' for several (the catalogs' names)."""
    if len(r.targets) <= 1:
        return level_title(r.level, r.names)
    names = [level_name(t.target, r.names) for t in r.targets]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _met_by(r: PlanReport) -> str:
    met = next((m.by for m in r.levels_met if m.level == r.level and m.by is not None), None)
    return f"by {met}" if met is not None else f"by {r.deadline}"


def _what(r: PlanReport) -> str:
    counts = ((r.total_new_exams, "new exam"), (r.total_renewals or 0, "renewal"), (len(r.hires), "hire"))
    parts = [plural(n, word) for n, word in counts if n]
    if not parts:
        return "no new exams"
    words = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{words} costing {money(r.total_cost_usd)}"


def other_plan_words(r: PlanReport) -> str:
    """'; a plan with 3 exams costs US$3,055 (--objective cost)' when the other objective's best plan beats
    this one there (PlanReport.cheaper or fewer_exams); '' otherwise."""
    other = r.cheaper or r.fewer_exams
    if other is None:
        return ""
    counts = ((other.total_new_exams, "exam"), (other.total_renewals or 0, "renewal"),
              (other.total_hires or 0, "hire"))
    parts = [plural(n, word) for n, word in counts if n] or ["no new exams"]
    words = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    best = "the cheapest" if other.objective == "cost" else "fewest"
    how = f"--objective {other.objective}" + ("" if other.proven else f", not proven {best}")
    return f"; a plan with {words} costs {money(other.total_cost_usd)} ({how})"


def within_budget_words(r: PlanReport) -> str:
    """' Within the budget, Cloud CRM Gold alone fits: 1 new exam costing US$1,365; with Cloud Business
    Applications Silver the cheapest plan costs US$7,560, US$6,060 over the budget.' after the headline of
    several goals the budget cannot cover together (PlanReport.within_budget); '' otherwise."""
    w = r.within_budget
    if w is None:
        return ""
    fit = " and ".join(level_name(t, r.names) for t in w.targets)
    fits = f"{fit} alone fits" if len(w.targets) == 1 else f"{fit} fit"
    added = "; ".join(_adding_words(r, t) for t in w.goals if not t.in_best_set)
    return f" Within the budget, {fits}: {_what(w.plan)}; {added}."


def _adding_words(r: PlanReport, t: TargetCost) -> str:
    """What a goal left out of the set that fits would add: 'with Cloud Business Applications Silver the
    cheapest plan costs US$7,560, US$6,060 over the budget'."""
    name = level_name(t.target, r.names)
    if t.cost_alone_usd is None:
        return f"{name} cannot be reached even on its own"
    if t.cost_with_set_usd is None:
        return f"{name} cannot be reached together with them"
    over = f", {money(t.extra_usd_needed)} over the budget" if t.extra_usd_needed else ""
    return f"with {name} the cheapest plan costs {money(t.cost_with_set_usd)}{over}"


def within_budget_title(r: PlanReport) -> str:
    """'Within the budget: Cloud CRM Gold', the heading of the plan of the goals that fit."""
    assert r.within_budget is not None
    return "Within the budget: " + " and ".join(level_name(t, r.names) for t in r.within_budget.targets)


def plan_score_words(r: PlanReport) -> str:
    """'72 of the 70 points needed' for a scored goal (each scored target named when there are several);
    '' for a plan with no score."""
    if not r.scores:
        return ""
    if len(r.scores) == 1 and not r.targets:
        return score_words(r.scores[0])
    return "; ".join(f"{level_name(s.target, r.names)} {score_words(s)}" for s in r.scores)


def _score_suffix(r: PlanReport) -> str:
    """': 72 of the 70 points needed' after the headline of a scored goal."""
    words = plan_score_words(r)
    return f": {words}" if words else ""


def headline(r: PlanReport) -> str:
    """The plan's one-sentence answer, the same in every format."""
    level = goal_words(r)
    if r.programme_ended is not None:
        return f"{level} cannot be reached by {r.deadline}: the programme ended on {r.programme_ended}."
    if r.status == "infeasible":
        limits = "".join([  # name the limits the plan had to keep: the exam rules alone may be met
            f" within the budget of {money(r.budget_usd)}" if r.budget_usd is not None else "",
            f" that survives any {plural(r.resilience.k, 'departure')}"
            if r.resilience and r.resilience.k else ""])
        if r.scores:  # a scored goal: its points as things stand on the deadline
            standing = "; ".join(f"{score_words(sc, 'of')} points as things stand"
                                 + (f" ({level_name(sc.target, r.names)})" if len(r.scores) > 1 else "")
                                 for sc in r.scores)
            return (f"{level} cannot be reached by {r.deadline}: no set of new exams and renewals{limits} "
                    f"reaches its score ({standing}).{within_budget_words(r)}")
        return (f"{level} cannot be reached by {r.deadline}: no set of new exams{limits} meets its exam "
                f"rules.{within_budget_words(r)}")
    if r.status == "unknown":
        return f"No {level} plan was found within the time limit."
    if r.reachable:
        are = "are" if len(r.targets) > 1 else "is"
        return (f"{level} {are} reachable {_met_by(r)} with {_what(r)} ({proof_words(r)}){_score_suffix(r)}"
                f"{other_plan_words(r)}.")
    failing = "; ".join(failing_gates(r)) or "a gate fails"
    return (f"{level}'s exam rules can be met {_met_by(r)} with {_what(r)} ({proof_words(r)})"
            f"{_score_suffix(r)}{other_plan_words(r)}, but {level} is not reached: {failing}.")


def level_title(level_id: str, names: dict[str, str] | None = None) -> str:
    """A level by the catalog's name in `names` ('Gold', 'Solutions Partner for Business Applications'); the
    id as a sentence starts it when no name is known ('Solutions partner' for solutions-partner)."""
    return (names or {}).get(level_id) or level_id.replace("-", " ").capitalize()


def level_name(level: str, names: dict[str, str] | None = None) -> str:
    """'Gold' for a level id; for a target id ('cloud-crm:gold') its name in `names` ('Cloud Customer
    Relationship Management Gold'), else 'cloud-crm gold'."""
    if ":" in level:
        return (names or {}).get(level) or level.replace(":", " ")
    return level_title(level, names)


def competency_name(r: PlanReport | CheckReport | BestReport) -> str:
    """The report's competency by its catalog's name ('Solutions Partner for Business Applications')."""
    return r.names.get(r.competency) or r.competency


def _gates_of(r: PlanReport, level: str) -> list[Gate] | None:
    """The gates of this level in the plan (None: the plan does not say, as for a level below the goal)."""
    if ":" in level:
        return [g for g in r.gates if split_gate(g.name)[0] == level] if r.targets else None
    return list(r.gates) if level == r.level else None


def level_met_words(r: PlanReport, level: str) -> str:
    """'Gold met' when the plan reaches it; "Gold's exam rules met (revenue still not met)" while one of its
    gates fails; "Silver's exam rules met" for a level whose gates the plan does not check (a level below
    the goal), unless every gate of the goal is met."""
    name = level_name(level, r.names)
    gates = _gates_of(r, level)
    if gates is None:
        return f"{name} {MET}" if r.reachable else f"{name}'s exam rules met"
    failing = [split_gate(g.name)[1] for g in gates if not g.ok]
    if not failing:
        return f"{name} {MET}"
    return f"{name}'s exam rules met ({', '.join(failing)} still {NOT_MET})"


# ---- people ----------------------------------------------------------------------------------------------


def _named(r: PlanReport) -> list[Any]:
    items: list[Any] = [*r.new_exams, *r.assignments, *r.spares]
    for t in r.targets:
        items += [*t.new_exams, *t.assignments]
    for a in r.alternatives:
        items += [*a.new_exams, *a.assignments]
    return items


def names_of(items: list[Any]) -> dict[str, str]:
    """Person id -> what to call them: the name, with the id where two people share it; the id if unnamed."""
    names: dict[str, str] = {}
    for item in items:
        name = getattr(item, "name", None)
        if name and item.person not in names:
            names[item.person] = name
    clashes = {n for n in names.values() if list(names.values()).count(n) > 1}
    return {pid: f"{n} ({pid})" if n in clashes and n != pid else n for pid, n in names.items()}


def people_names(r: PlanReport) -> dict[str, str]:
    """Everyone the plan names; a hire is 'hire-1 (PROFILE)', so a profile never reads like a person."""
    names = names_of(_named(r))
    hires = [*r.hires, *(h for a in r.alternatives for h in a.hires)]
    names.update({h.id: f"{h.id} ({h.profile})" for h in hires})
    return names


class Who:
    """Calls people by name: `who(pid)`; the id when the report holds no name for them. `titles` (a
    report's `names`) gives the certifications' titles for `pair`."""

    def __init__(self, names: dict[str, str], titles: Mapping[str, str] | None = None) -> None:
        self.names = names
        self.titles = titles or {}

    def __call__(self, pid: str) -> str:
        return self.names.get(pid, pid)

    def item(self, code: str) -> str:
        """An exam code as it is, a certification by its title (item_title)."""
        return item_title(code, self.titles)

    def pair(self, pair: str) -> str:
        """'carol MB2-715' -> 'Carol Diaz MB2-715', 'ada azure-solutions-architect-expert' -> 'Ada Lovelace
        Azure Solutions Architect Expert' ('hire PROFILE' stays as it is)."""
        pid, sep, rest = pair.partition(" ")
        return f"{self(pid)}{sep}{self.item(rest)}" if pid in self.names else pair


def who_for(r: PlanReport) -> Who:
    return Who(people_names(r), r.names)


def who_in(plans: Sequence[PlanReport | None]) -> Who:
    """Names of everyone in these plans (a comparison's rows), and the certifications' titles they give."""
    titles: dict[str, str] = {}
    for p in plans:
        titles.update(p.names if p is not None else {})
    return Who(names_of([item for p in plans if p is not None for item in _named(p)]), titles)


# ---- costs ------------------------------------------------------------------------------------------------


def cost_breakdown(e: NewExam) -> str:
    """'US$165 + 20 h x US$112': fee plus preparation hours times the hourly rate ('' when not known)."""
    if e.fee_usd is None and e.prep_hours is None:
        return ""
    fee = money(e.fee_usd or 0)
    if not e.prep_hours:
        return f"{fee} fee, no preparation"
    hours = f"{e.prep_hours:g}"
    return f"{fee} + {hours} h x {money(e.hourly_rate_usd)}"


def any_breakdown(new_exams: list[NewExam]) -> bool:
    return any(cost_breakdown(e) for e in new_exams)


# ---- renewals ---------------------------------------------------------------------------------------------

RENEWAL = "renewal"


def renewals_of(r: PlanReport) -> set[tuple[str, str]]:
    """The (person, exam) pairs the plan renews rather than takes anew."""
    return {(e.person, e.exam) for e in r.new_exams if e.renewal}


def item_title(item: str, names: Mapping[str, str] | None = None) -> str:
    """An exam code as it is ('AZ-104'); a certification, as '@<id>' or as its id alone (as the JSON names
    it), by its title in a report's `names` ('Azure Administrator Associate'; its id when none is known)."""
    key = item if item.startswith(ITEM_PREFIX) else ITEM_PREFIX + item
    return (names or {}).get(key) or item.removeprefix(ITEM_PREFIX)


def and_words(items: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def exam_label(exam: str, renewal: bool | None, names: Mapping[str, str] | None = None) -> str:
    """'AD-1', or 'AD-1 (renewal)' for a renewal; a certification by its title ('Azure Solutions Architect
    Expert (renewal)') when `names` gives it."""
    label = item_title(exam, names)
    return f"{label} ({RENEWAL})" if renewal else label


def new_exam_label(e: NewExam, names: Mapping[str, str] | None = None, marked: bool = True) -> str:
    """A new exam as every table says it: exam_label (a renewal marked so unless not `marked`), then the
    certifications it gives in the plan, by title ('AZ-104 -> Azure Administrator Associate and Azure
    Solutions Architect Expert', 'MB-230 (renewal) -> Dynamics 365 Customer Service Functional Consultant
    Associate')."""
    earned = [item_title(c, names) for c in e.certifications or [] if c != e.certification]
    return exam_label(e.exam, e.renewal and marked, names) + (f" -> {and_words(earned)}" if earned else "")


def takes_word(renewal: bool) -> str:
    """What a step of the path does: 'takes' an exam or 'renews' a certification."""
    return "renews" if renewal else "takes"


def exams_and_renewals(r: PlanReport) -> str:
    """'3 new exams and 1 renewal' (just '3 new exams' without renewals)."""
    parts = [plural(r.total_new_exams, "new exam")]
    if r.total_renewals:
        parts.append(plural(r.total_renewals, RENEWAL))
    return " and ".join(parts)


HIRED = "hired"
"""The exam cell of a hire's row in the New exams table: the hire's cost is part of the total below."""


def total_label(r: PlanReport) -> str:
    """'total', or 'total with hires' when the hires' rows above it are part of it."""
    return "total" + (" with hires" if r.hires else "")


def total_exams_cell(r: PlanReport) -> str:
    """The exam count of a total row: '3', or '3 new exams and 1 renewal' when the plan renews."""
    return exams_and_renewals(r) if r.total_renewals else str(r.total_new_exams)


# ---- scores -----------------------------------------------------------------------------------------------


def points(value: float) -> str:
    """Points as a sentence writes them: 15, 12.86."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def score_words(s: ScoreStanding, of: str = "of the") -> str:
    """'72 of the 70 points needed' ('72 of 70' with `of` 'of'); points short of the total never read as
    reaching it ('69.996 of the 70 points needed')."""
    needed = f"{needed_words(s.needed)} points needed" if of == "of the" else needed_words(s.needed)
    return f"{total_points(s)} {of} {needed}"


def total_points(s: ScoreStanding) -> str:
    """A score's total points, with the decimals it takes to read short when it is short ('69.996')."""
    return points_short_words(s.points, s.needed)


def score_standing_words(s: ScoreStanding) -> str:
    """'met, 72 of 70 points' or 'NOT met, 57 of 70 points (13 short)' (a metric below its minimum named)."""
    short = Fraction(str(s.needed)) - Fraction(str(s.points))
    detail = f" ({short_by_words(short)} short)" if short > 0 else ""
    below = [m.name for m in s.metrics if not m.met]
    if below:
        detail += f"; below the minimum: {', '.join(below)}"
    word = MET if s.met else NOT_MET.replace("not", "NOT")
    return f"{word}, {score_words(s, 'of')} points{detail}" + track_totals_words(s)


def track_totals_words(s: ScoreStanding) -> str:
    """'; on each track: enterprise 25 (not met), smb 72.5 (met, counts)' for a level scored on every
    track; '' otherwise."""
    if not s.tracks:
        return ""
    each = [f"{t.track} {points(t.points)} ({MET if t.met else NOT_MET}{', counts' if t.counts else ''})"
            for t in s.tracks]
    return "; on each track: " + ", ".join(each)


def _count_words(m: MetricScore) -> str:
    """'4 people' for certified people, '3 (input)' for the scenario's figure (organization.metrics); a
    gated metric's first unmet step ('3 people, step 2: 0 of 2'), a metric with parts' best part ('csp 1500
    (input)')."""
    if m.kind == "people":
        unmet = [st for st in m.steps or [] if not st.met]
        step = f", step {unmet[0].step}: {unmet[0].people} of {unmet[0].needed}" if unmet else ""
        return plural(round(m.count), "person", "people") + step
    best = max(m.parts or [], key=lambda p: p.points, default=None)
    return f"{best.part + ' ' if best else ''}{points(m.count)} (input)"


def _metric_words(m: MetricScore) -> str:
    return m.name + (" (unconfirmed)" if m.unconfirmed else "")


SCORE_COLUMNS = ("metric", "count", "threshold", "points", "max points")
STANDING_SCORE_COLUMNS = ("metric", "count", "threshold", "points / max", "standing")

FULL, PARTIAL = "full", "partial"
"""A metric's standing in `check`: all its points ('full'), some ('partial'); a metric is never 'met'
short of its points. '0' for none ('0, blocks the level' when the level needs more than 0 there)."""


def metric_standing_word(m: MetricScore) -> str:
    """'full' (every point of the metric), 'partial' (some), '0' (none), and ', blocks the level' after a
    metric below the minimum the level asks of it (more than 0 points, for a Solutions Partner)."""
    word = FULL if m.points >= m.max_points else PARTIAL if m.points > 0 else points(m.points)
    return word if m.met else f"{word}, blocks the level"


def blocking_words(s: ScoreStanding) -> str:
    """', but Advanced certifications has 0 points: the level needs more than 0 in each metric' for the
    metrics below their minimum ('' when none is): a total near the level's never reads as nearly there."""
    below = [m for m in s.metrics if not m.met]
    if not below:
        return ""
    names = ", ".join(m.name for m in below[:-1]) + (" and " if len(below) > 1 else "") + below[-1].name
    has = "has" if len(below) == 1 else "have"
    if all(m.points == 0 and m.min_points == 0 for m in below):
        return f", but {names} {has} 0 points: the level needs more than 0 in each metric"
    return f", but {names} {has} fewer points than the level's minimum there"


def score_rows(s: ScoreStanding) -> list[list[str]]:
    """A plan's score table: a row per metric, then the total against the points needed."""
    rows = [[_metric_words(m), _count_words(m), points(m.threshold), points(m.points), points(m.max_points)]
            for m in s.metrics]
    rows.append(["total", "", f"{needed_words(s.needed)} needed", total_points(s), points(s.out_of)])
    return rows


def standing_score_rows(s: ScoreStanding) -> list[list[str]]:
    """A check's score table: a row per metric with whether it has its minimum, then the total."""
    rows = [[_metric_words(m), _count_words(m), points(m.threshold),
             f"{points(m.points)} / {points(m.max_points)}", metric_standing_word(m)] for m in s.metrics]
    rows.append(["total", "", f"{needed_words(s.needed)} needed", f"{total_points(s)} / {points(s.out_of)}",
                 met_word(s.met)])
    return rows


def score_title(r: PlanReport, s: ScoreStanding) -> str:
    """'Score on the deadline (2027-06-30): 72 of the 70 points needed' (the target named with several)."""
    of = f" of {level_name(s.target, r.names)}" if r.targets else ""
    stands = " as things stand (no plan)" if r.status == "infeasible" else ""
    return f"Score{of} on the deadline ({r.deadline}){stands}: {score_words(s)}"


def scored_targets(r: PlanReport) -> set[str]:
    """The targets ('competency:level') of the plan that are scored levels."""
    return {s.target for s in r.scores or []}


SLOTS_TITLE, SCORED_SLOTS_TITLE = "Who fills which slot", "Who counts toward which metric"
"""The slot table's title for a level of slots, and for a scored level (where a 'role' is a metric)."""


def slot_words(scored: bool) -> tuple[str, str]:
    """The slot table's title and first column: ('Who fills which slot', 'role') or, for a scored goal,
    ('Who counts toward which metric', 'metric')."""
    return (SCORED_SLOTS_TITLE, "metric") if scored else (SLOTS_TITLE, "role")


def role_name(r: PlanReport, role: str, target: str | None = None) -> str:
    """A slot's role as the catalog names it: a scored goal's gate step by its metric, number and lists
    ('Intermediate certifications, gate step 1 (Azure Administrator Associate)', of `target`, else of the
    plan's goal), its metric by its name ('Intermediate certifications'), a role of slots by its id
    ('application+deployment')."""
    step = r.names.get(role_key(target or f"{r.competency}:{r.level}", role))
    if step:
        return step
    names = {m.metric: m.name for s in r.scores or [] for m in s.metrics}
    return names.get(role, role)


def _given(r: PlanReport, renewal: bool) -> set[tuple[str, str]]:
    """The (person, exam or certification id) pairs of the plan's new exams (or renewals) and of the
    certifications they give."""
    return {(e.person, x) for e in r.new_exams if bool(e.renewal) == renewal
            for x in [e.exam, *(e.certifications or [])]}


def renewed_items(r: PlanReport) -> set[tuple[str, str]]:
    """The (person, exam or certification id) pairs the plan renews: its renewals and the certifications
    a renewed exam pass keeps."""
    return _given(r, True)


def new_items(r: PlanReport) -> set[tuple[str, str]]:
    """The (person, exam or certification id) pairs the plan gives anew: its new exams and the
    certifications they earn (renewals left out)."""
    return _given(r, False) - _given(r, True)


def exam_cells(r: PlanReport, person: str, exams: list[str]) -> str:
    """'IN-1, AD-1*': a slot holder's exams (a certification by its title), the plan's new ones (and the
    certifications they earn) marked *, a renewal (and what it keeps) 'AD-1 (renewal)'."""
    renewed, new = renewed_items(r), new_items(r)
    items = [c.removeprefix(ITEM_PREFIX) for c in exams]
    return ", ".join(exam_label(c, (person, c) in renewed, r.names) + ("*" if (person, c) in new else "")
                     for c in items)
