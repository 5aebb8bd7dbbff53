"""Several targets and "the same or different people" agree with an exhaustive search on tiny instances.

tests/bruteforce_targets.py restates the rules for plans toward several targets (shared new exams counted
once, options, `people: different | same-or-different`, one Gold target per person) without the planner's
rules, problem builder, model or validator. Here it is checked on cases worked out by hand and against a
slower enumeration of every assignment, then compared with CP-SAT on random synthetic catalogs built in
the test: two competencies over overlapping exam codes, one with options and `same-or-different`. The
planner runs with `fixes=False`: proposing fixes is a separate search this comparison does not need.
Examples per property: half the profile's (150 by default; 1,500 with HYPOTHESIS_PROFILE=thorough).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.catalog import Catalog, CatalogOption, Exam, ExamList, Level, Role
from models.report import Assignment, NewExam, PlanReport, TargetPlan
from planner.core.planning import plan
from planner.input.loading import LoadedScenario, load_scenario_data, resolve_target
from planner.rules.catalogs import Catalogs
from tests.bruteforce_targets import Target, brute_force, naive_optimum, report_problems

EXAMPLES = max(1, settings.default.max_examples // 2)
AS_OF = dt.date(2018, 1, 1)
REVISION = dt.date(2017, 1, 1)
OBJECTIVES = pytest.mark.parametrize("objective", ["exams", "cost"], ids=["fewest-exams", "cheapest"])

# ---- building tiny catalogs and scenarios ----------------------------------------------------------------

Roles = dict[str, list[str]]  # role id -> list ids
Slots = dict[str, dict[str, int]]  # level id -> role id -> slots


def catalog(cid: str, exams: list[Exam], lists: dict[str, list[str]], *, roles: Roles | None = None,
            slots: Slots | None = None, people: str = "different",
            options: list[tuple[str, Roles, Slots]] | None = None) -> Catalog:
    """A synthetic catalog: roles and levels at the top, or one (id, roles, slots) per option."""

    def levels(per_level: Slots) -> list[Level]:
        return [Level(id=lid, name=lid.title(), slots=s, people=people) for lid, s in per_level.items()]

    def role_models(named: Roles) -> list[Role]:
        return [Role(id=rid, lists=lids) for rid, lids in named.items()]

    body: dict[str, Any] = {
        "catalog_version": 1, "id": cid, "name": cid.title(), "revision": REVISION,
        "exams": exams, "lists": [ExamList(id=lid, name=lid, exams=codes) for lid, codes in lists.items()],
    }
    if options is None:
        assert roles is not None and slots is not None
        body.update(roles=role_models(roles), levels=levels(slots))
    else:
        body["options"] = [CatalogOption(id=oid, name=oid.title(), roles=role_models(r), levels=levels(s))
                           for oid, r, s in options]
    return Catalog(**body)


def plain(*codes: str) -> list[Exam]:
    return [Exam(code=c, title=c) for c in codes]


def scenario_data(competency: str, staff: list[dict[str, Any]], *, one_gold: bool = False,
                  deadline: str = "2018-12-31", costs: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "schema_version": 1, "name": "Fabrikam", "competency": competency, "as_of": AS_OF.isoformat(),
        "deadline": deadline, "organization": {"market": "developed", "revenue_usd": 0, "dpor": False},
        "costs": costs or {}, "policy": {"one_gold_per_person": one_gold}, "staff": staff,
    }


def load(data: dict[str, Any], catalogs: list[Catalog]) -> LoadedScenario:
    return load_scenario_data(data, "hypothesis.yaml", catalogs=Catalogs({}).with_catalogs(catalogs))


def goals(loaded: LoadedScenario, labels: list[str]) -> list[Target]:
    """The brute force's targets, from the catalogs the scenario was loaded with."""
    out = []
    for label in labels:
        cid, _, level = label.partition(":")
        out.append(Target.of(label, loaded.catalogs.latest(cid), level))
    return out


def planned(loaded: LoadedScenario, labels: list[str], objective: str) -> PlanReport:
    resolved = [resolve_target(label, loaded.scenario, loaded.catalogs) for label in labels]
    return plan(loaded, resolved[0].level, objective, targets=resolved, fixes=False)  # type: ignore[arg-type]


def optimum(loaded: LoadedScenario, labels: list[str], objective: str) -> tuple[int, int] | None:
    found = brute_force(loaded.scenario, goals(loaded, labels), objective)  # type: ignore[arg-type]
    return None if found is None else (found.count, found.cost)


def outcome(report: PlanReport) -> tuple[int, int] | None:
    """The planner's answer as the brute force gives it: None, or (new exams, cost in cents)."""
    if report.status == "infeasible":
        return None
    assert "optimal" == report.status
    return report.total_new_exams, round(report.total_cost_usd * 100)


# Two small competencies over the exams A1, A2 (an application exam either way), D (deployment) and C
# (customization): "pair" has people: different (an A+D role and a C role); "twin" has two options,
# the first with a D+C role and an A role for the same or different people.
EXAMS = plain("A1", "A2", "D", "C")
PAIR = catalog("pair", EXAMS, {"app": ["A1", "A2"], "dep": ["D"], "cus": ["C"]},
               roles={"app+dep": ["app", "dep"], "cus": ["cus"]},
               slots={"silver": {"app+dep": 1, "cus": 1}, "gold": {"app+dep": 1, "cus": 2}})
TWIN = catalog("twin", EXAMS, {"dep": ["D"], "cus": ["C"], "app": ["A1", "A2"]}, people="same-or-different",
               options=[("engagement", {"dep+cus": ["dep", "cus"], "app": ["app"]},
                         {"silver": {"dep+cus": 1, "app": 1}, "gold": {"dep+cus": 2, "app": 1}}),
                        ("operations", {"app-only": ["app"]},
                         {"silver": {"app-only": 3}, "gold": {"app-only": 4}})])
SOLO = catalog("solo", EXAMS, {"dep": ["D"], "cus": ["C"], "app": ["A1", "A2"]}, people="same-or-different",
               roles={"dep+cus": ["dep", "cus"], "app": ["app"]},
               slots={"silver": {"dep+cus": 1, "app": 1}, "gold": {"dep+cus": 2, "app": 1}})
SOLO_APART = SOLO.model_copy(update={"levels": [lv.model_copy(update={"people": "different"})
                                                for lv in SOLO.levels]})
EVERYTHING = ["A1", "D", "C"]
FEE = 16500  # the default fee, in cents


def person(pid: str, passed: list[str] | None = None, **fields: Any) -> dict[str, Any]:
    return {"id": pid, "passed": [{"exam": c} for c in passed or []], **fields}


# ---- the brute force on cases worked out by hand ---------------------------------------------------------

HAND_BUILT = [
    pytest.param(
        [SOLO], ["solo:silver"], [person("ann", EVERYTHING)], False,
        (0, 0), id="same-or-different-one-person-fills-a-slot-of-each-role"),
    pytest.param(
        [SOLO], ["solo:gold"], [person("ann", EVERYTHING)], False,
        None, id="same-or-different-one-person-cannot-fill-two-slots-of-one-role"),
    pytest.param(
        [SOLO], ["solo:gold"], [person("ann", EVERYTHING), person("bob")], False,
        (2, 2 * FEE), id="same-or-different-second-holder-of-the-doubled-role-takes-its-two-lists"),
    pytest.param(
        [SOLO_APART], ["solo:silver"], [person("ann", EVERYTHING), person("bob")], False,
        (1, FEE), id="different-people-the-all-rounder-needs-a-second-person"),
    pytest.param(
        [SOLO_APART], ["solo:silver"], [person("ann", EVERYTHING)], False,
        None, id="different-people-one-all-rounder-is-not-enough"),
    pytest.param(
        [PAIR, TWIN], ["pair:silver", "twin:silver"],
        # ann takes D: she then fills pair's A+D slot, and both of twin's roles (D+C and A)
        [person("ann", ["A1", "C"]), person("bob", ["C"])], False,
        (1, FEE), id="one-new-exam-serves-both-targets-and-counts-once"),
    pytest.param(
        [PAIR, TWIN], ["pair:gold", "twin:gold"],
        [person("ann", EVERYTHING), person("bob", EVERYTHING), person("cat", EVERYTHING)], False,
        (0, 0), id="without-the-policy-the-same-people-serve-two-gold-targets"),
    pytest.param(
        [PAIR, TWIN], ["pair:gold", "twin:gold"],
        [person("ann", EVERYTHING), person("bob", EVERYTHING), person("cat", EVERYTHING), person("dan"),
         person("eve"), person("fay")], True,
        # five different people: twin:gold's engagement option takes two (ann: D+C and A, bob: D+C), and
        # pair:gold three (cat: A+D, and dan and eve take C each); a person without exams needs at least one
        (2, 2 * FEE), id="one-gold-per-person-needs-other-people-for-the-second-gold"),
    pytest.param(
        [PAIR, TWIN], ["pair:silver", "twin:gold"],
        [person("ann", EVERYTHING), person("bob", EVERYTHING)], True,
        (0, 0), id="one-gold-per-person-leaves-silver-targets-alone"),
    pytest.param(
        [TWIN], ["twin:silver"],
        [person("ann", ["A1"]), person("bob", ["A2"]), person("cat", ["A1"])], False,
        (0, 0), id="any-one-option-attains-the-competency"),
    pytest.param(
        [TWIN], ["twin:silver"],
        # operations: cat takes an A exam (1); engagement: someone takes D and C (2)
        [person("ann", ["A1"]), person("bob", ["A2"]), person("cat")], False,
        (1, FEE), id="the-cheaper-option-is-chosen"),
]


@pytest.mark.parametrize(("catalogs", "labels", "staff", "one_gold", "expected"), HAND_BUILT)
def test_brute_force_gives_the_hand_worked_optimum(catalogs, labels, staff, one_gold, expected):
    """On a hand-built roster the brute force gives the optimum worked out by hand (None: no plan)."""
    loaded = load(scenario_data(labels[0].split(":")[0], staff, one_gold=one_gold), catalogs)
    assert expected == optimum(loaded, labels, "exams")


DATED = [Exam(code="A1", title="A1", first_take=dt.date(2019, 2, 1)),  # opens after the deadline
         Exam(code="A2", title="A2", last_take=dt.date(2017, 6, 30), counts_until=dt.date(2018, 6, 30)),
         Exam(code="D", title="D", first_take=dt.date(2018, 12, 31)),  # opens on the deadline
         Exam(code="C", title="C", last_take=dt.date(2018, 1, 1), counts_until=dt.date(2018, 12, 31)),
         # retired before as_of but still counting: a pass of it can be held, never planned (a pass of an
         # exam that opens after as_of cannot have happened, and the loader refuses one)
         Exam(code="A3", title="A3", last_take=dt.date(2017, 12, 31))]
DATED_SOLO = SOLO.model_copy(update={"exams": DATED, "lists": [
    lst.model_copy(update={"exams": [*lst.exams, "A3"]}) if lst.id == "app" else lst for lst in SOLO.lists]})


@pytest.mark.parametrize(("staff", "expected"), [
    pytest.param([person("ann", ["C", "A2"])], None, id="a2-stopped-counting-a1-not-open"),
    pytest.param([person("ann", ["A2"])], None, id="a2-cannot-be-taken-either"),
    pytest.param([person("ann", ["A2"]), person("bob", ["A2"])], None, id="nobody-holds-an-application-exam"),
    pytest.param([person("ann", ["A3"])], (2, 2 * FEE), id="d-on-the-deadline-and-c-on-its-last-day"),
    pytest.param([person("ann", ["A3"], leaves_on="2018-12-31")], None, id="leaving-on-the-deadline"),
    pytest.param([person("ann", ["A3"], leaves_on="2019-01-01")], (2, 2 * FEE), id="leaving-after-it"),
    pytest.param([person("ann", ["A3"], max_new_exams=1)], None, id="max-new-exams"),
    pytest.param([person("ann", ["A3"], can_take=["D"])], None, id="can-take"),
])
def test_brute_force_follows_the_exam_dates_and_personal_limits(staff, expected):
    """Exams open on the deadline or until as_of can be planned; passes that stop counting do not count."""
    loaded = load(scenario_data("solo", staff), [DATED_SOLO])
    assert expected == optimum(loaded, ["solo:silver"], "exams")


@pytest.mark.parametrize(("ann_holds", "expected"), [
    # ann lacks D: one dear exam (165 + 10 h x 100) or bob's D and C (2 x 165) beside ann's A slot
    pytest.param(["A1", "C"], {"exams": (1, FEE + 100000), "cost": (2, 2 * FEE)}, id="count-or-cost-first"),
    # three exams either way (D+C and A, by one person or two): all of them bob's, at his rate of 0
    pytest.param([], {"exams": (3, 3 * FEE), "cost": (3, 3 * FEE)}, id="equal-counts-cheapest-wins"),
])
@OBJECTIVES
def test_brute_force_weighs_count_and_cost_in_the_objective_order(objective, ann_holds, expected):
    """Fewest exams breaks ties by cost; cheapest breaks them by count (SOLO silver, prep 10 h an exam),
    whichever way round the roster lists the two."""
    staff = [person("ann", ann_holds, hourly_rate_usd=100), person("bob", [], hourly_rate_usd=0)]
    found = [optimum(load(scenario_data("solo", order, costs={"prep_hours": 10}), [SOLO]), ["solo:silver"],
                     objective) for order in (staff, staff[::-1])]
    assert [expected[objective]] * 2 == found


# ---- random tiny synthetic competencies --------------------------------------------------------------

CODES = ["E1", "E2", "E3", "E4", "E5"]
DATE_KINDS: list[dict[str, dt.date]] = [
    *[{}] * 10,
    {"first_take": dt.date(2018, 6, 1)},  # opens before the deadline
    {"first_take": dt.date(2019, 3, 1)},  # opens after every deadline drawn
    {"last_take": dt.date(2017, 6, 30), "counts_until": dt.date(2018, 9, 30)},  # retired; counts for a while
    {"last_take": dt.date(2017, 6, 30), "counts_until": dt.date(2019, 6, 30)},  # retired; still counts
    {"last_take": dt.date(2018, 3, 31), "counts_until": dt.date(2019, 12, 31)},  # retires soon
]
LEVELS = ("silver", "gold")


@st.composite
def roles_and_slots(draw: st.DrawFn, list_ids: list[str], prefix: str) -> tuple[Roles, Slots]:
    """One or two roles, each of one or two of the lists, and 0-2 slots per role per level (at least one)."""
    roles: Roles = {}
    for r in range(draw(st.integers(1, 2))):
        roles[f"{prefix}{r}"] = draw(st.lists(st.sampled_from(list_ids), min_size=1, max_size=2, unique=True))
    slots: Slots = {}
    for lid in LEVELS:
        counts = {rid: draw(st.sampled_from([0, 1, 1, 2])) for rid in roles}
        if not any(counts.values()):
            counts[next(iter(roles))] = 1
        slots[lid] = counts
    return roles, slots


@st.composite
def exam_lists(draw: st.DrawFn, codes: list[str], prefix: str) -> dict[str, list[str]]:
    """Two or three lists of one or two exams each; they may share exams."""
    return {f"{prefix}{i}": draw(st.lists(st.sampled_from(codes), min_size=1, max_size=2, unique=True))
            for i in range(draw(st.integers(2, 3)))}


@st.composite
def instances(draw: st.DrawFn,
              one_gold: bool | None = None) -> tuple[list[Catalog], list[str], dict[str, Any]]:
    """Two competencies over shared exam codes ('alpha': people different, no options; 'beta': one or two
    options, same-or-different), a target of each, and a roster of one to four people; with the policy of
    one Gold target per person (drawn when `one_gold` is None), mostly both targets Gold."""
    if one_gold is None:
        one_gold = draw(st.booleans())
    codes = CODES[:draw(st.integers(3, len(CODES)))]
    exams = [Exam(code=c, title=c, **draw(st.sampled_from(DATE_KINDS))) for c in codes]
    alpha_lists = draw(exam_lists(codes, "a"))
    roles, slots = draw(roles_and_slots(list(alpha_lists), "x"))
    alpha = catalog("alpha", exams, alpha_lists, roles=roles, slots=slots)
    beta_lists = draw(exam_lists(codes, "b"))
    options = [(f"opt{o}", *draw(roles_and_slots(list(beta_lists), "y")))
               for o in range(draw(st.integers(1, 2)))]
    beta = catalog("beta", exams, beta_lists, people="same-or-different", options=options)
    if one_gold and draw(st.integers(0, 3)):
        labels = ["alpha:gold", "beta:gold"]
    else:
        labels = [f"alpha:{draw(st.sampled_from(LEVELS))}", f"beta:{draw(st.sampled_from(LEVELS))}"]
    staff = []
    # a pass of an exam that opens after as_of cannot have happened (the loader refuses it)
    passable = [e.code for e in exams if e.first_take is None or e.first_take <= AS_OF]
    for i in range(draw(st.sampled_from([1, 2, 3, 3, 4, 4, 4]))):
        held = draw(st.lists(st.sampled_from(passable), unique=True, max_size=3)) if passable else []
        p: dict[str, Any] = person(f"p{i}", held)
        if draw(st.integers(0, 3)) == 0:
            p["can_take"] = draw(st.lists(st.sampled_from(codes), unique=True, max_size=3))
        if draw(st.integers(0, 2)) == 0:
            p["max_new_exams"] = draw(st.sampled_from([0, 1, 1, 2, 2]))
        if draw(st.integers(0, 2)) == 0:
            p["hourly_rate_usd"] = draw(st.sampled_from([0, 20, 150]))
        if draw(st.integers(0, 5)) == 0:
            p["leaves_on"] = draw(st.sampled_from(["2018-12-31", "2019-01-01"]))
        staff.append(p)
    costs: dict[str, Any] = {"exam_fee_usd": draw(st.sampled_from([0, 100, 165, 165])),
                             "prep_hours": draw(st.sampled_from([0, 4, 10])),
                             "hourly_rate_usd": draw(st.sampled_from([0, 50]))}
    if draw(st.booleans()):
        costs["exams"] = {c: {"fee_usd": draw(st.sampled_from([0, 80, 300]))}
                          for c in draw(st.lists(st.sampled_from(codes), unique=True, max_size=2))}
    deadline = draw(st.sampled_from(["2018-12-31", "2019-01-31"]))
    data = scenario_data("alpha", staff, one_gold=one_gold, deadline=deadline, costs=costs)
    return [alpha, beta], labels, data


@settings(max_examples=EXAMPLES)
@given(case=instances(), objective=st.sampled_from(["exams", "cost"]))
def test_brute_force_equals_the_enumeration_of_every_assignment(case, objective):
    """Keeping each person's best exams per capability set finds the optimum of trying every assignment."""
    catalogs, labels, data = case
    data = {**data, "staff": data["staff"][:3]}  # every assignment of four people is too many to try
    loaded = load(data, catalogs)
    targets = goals(loaded, labels)
    found = brute_force(loaded.scenario, targets, objective)
    expected = naive_optimum(loaded.scenario, targets, objective)
    assert expected == (None if found is None else (found.count, found.cost))


# ---- the planner against the brute force -----------------------------------------------------------------

@pytest.mark.parametrize("one_gold", [False, True], ids=["any-gold", "one-gold-per-person"])
@OBJECTIVES
@settings(max_examples=EXAMPLES)
@given(data=st.data())
def test_planner_meets_two_targets_at_the_brute_force_optimum(objective, one_gold, data):
    """Two targets over shared exams (one with options and same-or-different people), with and without one
    Gold target per person: the plan passes the rules' check and is optimal at the brute force's (exams,
    cost), or infeasible exactly when it finds nothing."""
    catalogs, labels, scenario = data.draw(instances(one_gold), label="instance")
    loaded = load(scenario, catalogs)
    report = planned(loaded, labels, objective)
    assert [] == report_problems(loaded.scenario, goals(loaded, labels), report)
    assert optimum(loaded, labels, objective) == outcome(report)


@st.composite
def solo_instances(draw: st.DrawFn) -> tuple[Catalog, str, dict[str, Any]]:
    """One same-or-different competency without options, and a roster of one to four people."""
    codes = CODES[:draw(st.integers(2, 4))]
    lists = draw(exam_lists(codes, "s"))
    roles, slots = draw(roles_and_slots(list(lists), "z"))
    cat = catalog("solo", plain(*codes), lists, roles=roles, slots=slots, people="same-or-different")
    staff = [person(f"p{i}", draw(st.lists(st.sampled_from(codes), unique=True, max_size=3)),
                    **({"max_new_exams": draw(st.integers(0, 2))} if draw(st.booleans()) else {}))
             for i in range(draw(st.integers(1, 4)))]
    return cat, f"solo:{draw(st.sampled_from(LEVELS))}", scenario_data("solo", staff)


@OBJECTIVES
@settings(max_examples=EXAMPLES)
@given(case=solo_instances())
def test_planner_fills_same_or_different_slots_at_the_brute_force_optimum(objective, case):
    """One same-or-different target: the planner's optimum is the brute force's."""
    cat, label, data = case
    loaded = load(data, [cat])
    report = planned(loaded, [label], objective)
    assert [] == report_problems(loaded.scenario, goals(loaded, [label]), report)
    assert optimum(loaded, [label], objective) == outcome(report)


@pytest.mark.parametrize(("catalogs", "labels", "staff", "one_gold", "expected"), HAND_BUILT)
def test_planner_gives_the_hand_worked_optimum(catalogs, labels, staff, one_gold, expected):
    """The planner gives the optimum worked out by hand for each hand-built roster (None: no plan)."""
    loaded = load(scenario_data(labels[0].split(":")[0], staff, one_gold=one_gold), catalogs)
    report = planned(loaded, labels, "exams")
    assert [] == report_problems(loaded.scenario, goals(loaded, labels), report)
    assert expected == outcome(report)


def test_different_people_need_more_exams_than_same_or_different():
    """Silver (one D+C slot, one A slot) with ann holding everything and bob nothing: bob takes an A exam
    when the slot holders must be different people, and nobody takes one when ann may fill both; both
    solvers agree."""
    staff = [person("ann", EVERYTHING), person("bob")]
    answers = []
    for cat in (SOLO_APART, SOLO):
        loaded = load(scenario_data("solo", staff), [cat])
        answers.append((optimum(loaded, ["solo:silver"], "exams"),
                        outcome(planned(loaded, ["solo:silver"], "exams"))))
    assert [((1, FEE), (1, FEE)), ((0, 0), (0, 0))] == answers


# ---- the plan checker ------------------------------------------------------------------------------------

CHECKED = ["pair:silver", "twin:silver"]
CHECKED_STAFF = [person("ann", ["A1", "C"]), person("bob", ["C"])]


def checked_report(new: list[tuple[str, str]], pair: list[tuple[str, str, list[str]]],
                   twin: list[tuple[str, str, list[str]]],
                   twin_option: str | None = "engagement") -> PlanReport:
    """A plan report for pair:silver and twin:silver at the default fee, as the planner would write it."""

    def target(label: str, option: str | None, rows: list[tuple[str, str, list[str]]]) -> TargetPlan:
        cid, _, level = label.partition(":")
        return TargetPlan(target=label, competency=cid, level=level, option=option, rules_revision=REVISION,
                          reachable=True, gates=[], new_exams=[],
                          assignments=[Assignment(person=p, role=r, exams=e, target=label)
                                       for p, r, e in rows])

    plans = [target(CHECKED[0], None, pair), target(CHECKED[1], twin_option, twin)]
    return PlanReport(
        scenario="Fabrikam", competency="pair", level="silver", as_of=AS_OF, deadline=dt.date(2018, 12, 31),
        objective="exams", status="optimal", reachable=True, gates=[],
        new_exams=[NewExam(person=p, exam=e, cost_usd=FEE / 100) for p, e in new], total_new_exams=len(new),
        total_cost_usd=len(new) * FEE / 100, reasons=[], targets=plans,
        assignments=[a for tp in plans for a in tp.assignments])


GOOD = ([("ann", "D")], [("ann", "app+dep", ["A1", "D"]), ("bob", "cus", ["C"])],
        [("ann", "dep+cus", ["D", "C"]), ("ann", "app", ["A1"])])


@pytest.mark.parametrize(("report", "problem"), [
    pytest.param(checked_report(*GOOD), None, id="one-new-exam-serving-both-targets"),
    pytest.param(checked_report([("ann", "D"), ("ann", "D")], *GOOD[1:]), "listed twice",
                 id="exam-listed-twice"),
    pytest.param(checked_report([], *GOOD[1:]), "not one held exam", id="new-exam-missing"),
    pytest.param(checked_report(*GOOD).model_copy(update={"total_cost_usd": 1.0}), "total_cost_usd",
                 id="total-cost-does-not-add-up"),
    pytest.param(checked_report([("ann", "D"), ("bob", "C")], *GOOD[1:]), "bob cannot be planned C",
                 id="new-exam-already-held"),
    pytest.param(checked_report(GOOD[0], [("ann", "app+dep", ["A1", "D"]), ("ann", "cus", ["C"])], GOOD[2]),
                 "people must be different", id="different-level-one-person-twice"),
    pytest.param(checked_report([("ann", "D"), ("bob", "D")], GOOD[1],
                                [("ann", "dep+cus", ["D", "C"]), ("ann", "dep+cus", ["D", "C"]),
                                 ("bob", "app", ["A1"])]),
                 "two slots of role dep+cus", id="same-or-different-one-person-twice-in-a-role"),
    pytest.param(checked_report(*GOOD, twin_option="operations"), "holders of", id="slots-of-another-option"),
    pytest.param(checked_report(*GOOD, twin_option=None), "is not one of", id="option-left-out"),
    pytest.param(checked_report(GOOD[0], GOOD[1], [("ann", "dep+cus", ["D", "C"])]), "0 holders of app",
                 id="slot-left-open"),
])
def test_report_check_accepts_a_valid_plan_and_names_what_breaks_the_rules(report, problem):
    """The plan checker accepts a plan that meets both targets and names the rule each broken one breaks."""
    loaded = load(scenario_data("pair", CHECKED_STAFF), [PAIR, TWIN])
    found = report_problems(loaded.scenario, goals(loaded, CHECKED), report)
    assert (problem is None, True) == (not found, problem is None or any(problem in f for f in found)), found


def test_report_check_holds_a_person_to_one_gold_target_under_the_policy():
    """Two Gold targets served by the same person: fine without the policy, refused with it."""
    staff = [person(p, EVERYTHING) for p in ("ann", "bob", "cat")]
    labels = ["pair:gold", "twin:gold"]
    plans = [("pair:gold", None, [("ann", "app+dep", ["A1", "D"]), ("bob", "cus", ["C"]),
                                  ("cat", "cus", ["C"])]),
             ("twin:gold", "engagement", [("ann", "dep+cus", ["D", "C"]), ("bob", "dep+cus", ["D", "C"]),
                                          ("ann", "app", ["A1"])])]
    found = []
    for one_gold in (False, True):
        loaded = load(scenario_data("pair", staff, one_gold=one_gold), [PAIR, TWIN])
        report = checked_report([], [], [])
        report = report.model_copy(update={"targets": [
            tp.model_copy(update={"target": label, "level": "gold", "option": option,
                                  "assignments": [Assignment(person=p, role=r, exams=e) for p, r, e in rows]})
            for tp, (label, option, rows) in zip(report.targets, plans, strict=True)]})
        found.append(report_problems(loaded.scenario, goals(loaded, labels), report))
    assert ([], ["ann serves 2 Gold targets: ['pair:gold', 'twin:gold']",
                 "bob serves 2 Gold targets: ['pair:gold', 'twin:gold']"]) == tuple(found)
