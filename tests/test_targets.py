"""Issue 7 by example: rule revisions, competencies with options, same-or-different people, several targets
planned together, and custom catalogs.

Every expected number is worked out by hand in the test's docstring. Unless a scenario says otherwise, an
exam costs the default US$165 (fee, no preparation), the partner is in a developed market with US$500,000
of revenue and DPOR, as_of is 2017-11-20 and the deadline 2018-06-30 (tests/helpers.py).

The competencies, as shipped:
- Cloud CRM (people: different). Silver: 1 application+deployment (list A and list B) and 1 customization
  (list C); Gold: 2 and 2. From 16 Nov 2017 A = MB2-717/718/877/714/713/709, B = MB2-715/710/706,
  C = MB2-716/712/707; before that (27 Jun, 7 Jul) only the Dynamics CRM exams: A = MB2-714/713/709,
  B = MB2-710/706, C = MB2-712/707. Revenue: Silver US$100,000, Gold US$300,000 (developed); developing
  markets from 7 Jul only.
- Cloud Business Applications (people: same-or-different), two options. Enterprise Customer Engagement
  (ECE): deployment+customization = MB2-715 and MB2-716; application = one of MB2-717/718/877; Silver 5 + 5,
  Gold 15 + 15; revenue gate `revenue` US$100,000 (Silver), DPOR. Enterprise Operations (EO):
  development+architecture = MB6-894 and 70-535; application = one of MB6-895/896/897; Silver 5 + 5;
  gates `total-revenue` US$100,000 and `cloud-net-new-revenue` US$25,000 (Silver, developed), no DPOR.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from models.report import PlanReport
from planner.core.planning import plan
from planner.input.loading import LoadedScenario, resolve_target
from tests.conftest import SCENARIOS
from tests.helpers import loaded, one_error_line, run, scenario_dict

CRM = "cloud-crm"
CBA = "cloud-business-applications"
ECE = "enterprise-customer-engagement"
EO = "enterprise-operations"
JUN, JUL, NOV = dt.date(2017, 6, 27), dt.date(2017, 7, 7), dt.date(2017, 11, 16)


def people(*specs: tuple[str, list[str]], **extra: Any) -> list[dict[str, Any]]:
    """Staff entries from (id, passed) pairs; `extra` fields are given to everyone."""
    return [{"id": pid, "passed": list(passed), **extra} for pid, passed in specs]


def plan_targets_of(lo: LoadedScenario, *labels: str, objective: str = "exams") -> PlanReport:
    """Plan these goals together through the library, as `planner plan --target ...` does."""
    goals = [resolve_target(label, lo.scenario, lo.catalogs) for label in labels]
    return plan(lo, goals[0].level, objective, targets=goals)  # type: ignore[arg-type]


def new_exams(report: PlanReport) -> set[tuple[str, str]]:
    return {(e.person, e.exam) for e in report.new_exams}


def write_scenario(folder: Path, name: str, data: dict[str, Any]) -> str:
    """A scenario mapping written as YAML (dates stay YAML dates); returns the path."""
    path = folder / name
    path.write_text(yaml.safe_dump(_dates(data), sort_keys=False), encoding="utf-8")
    return str(path)


def _dates(value: Any) -> Any:
    """scenario_dict writes dates as text; YAML files written by people have dates."""
    if isinstance(value, dict):
        return {k: _dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates(v) for v in value]
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


# ---- 1. rule revisions --------------------------------------------------------------------------------

# ann holds only Dynamics 365 exams (MB2-717: list A from 16 Nov; MB2-715: list B from 16 Nov); cy holds
# MB2-712, list C in every revision.
D365_ONLY = people(("ann", ["MB2-717", "MB2-715"]), ("cy", ["MB2-712"]))
# The same partner with Dynamics CRM exams only: application+deployment and customization in every revision.
CRM_ONLY = people(("ann", ["MB2-713", "MB2-710"]), ("cy", ["MB2-712"]))


def test_as_of_in_october_plans_against_the_july_revision_where_dynamics_365_exams_do_not_count():
    """as_of 2017-10-01: the 7 Jul revision is in force, MB2-717/MB2-715 count for nothing, so ann takes
    one A and one B exam for the application+deployment slot (cy has C): 2 exams, the first of each list
    (MB2-714, MB2-710); cy filling A+B and ann C would need 3."""
    report = plan(loaded(D365_ONLY, as_of="2017-10-01"), "silver")
    assert (JUL, 2, 330.0) == (report.rules_revision, report.total_new_exams, report.total_cost_usd)
    assert {("ann", "MB2-714"), ("ann", "MB2-710")} == new_exams(report)


def test_naming_the_november_revision_counts_the_dynamics_365_exams():
    """The same roster with rules_revision 2017-11-16: ann's MB2-717 + MB2-715 fill application+deployment
    and cy's MB2-712 customization: Silver with 0 new exams."""
    report = plan(loaded(D365_ONLY, as_of="2017-10-01", rules_revision="2017-11-16"), "silver")
    assert (NOV, 0, True) == (report.rules_revision, report.total_new_exams, report.reachable)
    assert [("application+deployment", "ann"), ("customization", "cy")] == [
        (a.role, a.person) for a in report.assignments]


def test_a_revision_coming_into_force_before_the_deadline_is_named_with_the_hint():
    """as_of 2017-10-01, deadline 2018-06-30: the 16 Nov 2017 revision comes into force in between, and the
    reasons say so with the line to write to plan against it."""
    report = plan(loaded(D365_ONLY, as_of="2017-10-01"), "silver")
    notes = [r for r in report.reasons if "2017-11-16" in r]
    assert 1 == len(notes), report.reasons
    assert "comes into force before the deadline" in notes[0]
    assert "rules_revision: 2017-11-16" in notes[0]


def test_plan_json_carries_the_revision_and_the_hint(tmp_path):
    """From the command line: the October roster plans against 2017-07-07 (2 exams, US$330) and says how
    to plan against 2017-11-16."""
    path = write_scenario(tmp_path, "october.yaml", scenario_dict(D365_ONLY, as_of="2017-10-01"))
    result = run("plan", path, "--level", "silver", "-f", "json")
    data = json.loads(result.stdout)
    assert 0 == result.exit_code
    assert ("2017-07-07", 2, 330.0) == (
        data["rules_revision"], data["total_new_exams"], data["total_cost_usd"])
    assert any("rules_revision: 2017-11-16" in r for r in data["reasons"])


def test_each_target_is_planned_against_its_own_revision_with_its_notes():
    """as_of 2017-10-01 with Cloud CRM Silver and ECE Silver: Cloud CRM follows 7 Jul (ol's MB2-713 + MB2-710
    and oc's MB2-712 fill it, 0 exams) with the note on 16 Nov; Cloud Business Applications has no revision
    before 16 Nov, so its earliest is used with a note. ECE needs h's MB2-715 as in the two-goal roster
    below: 1 exam in all."""
    staff = TWO_GOALS + people(("ol", ["MB2-713", "MB2-710"]), ("oc", ["MB2-712"]))
    report = plan_targets_of(loaded(staff, as_of="2017-10-01"), f"{CRM}:silver", f"{CBA}:silver")
    assert [JUL, NOV] == [t.rules_revision for t in report.targets]
    assert (True, {("h", "MB2-715")}) == (report.reachable, new_exams(report))
    assert any("rules_revision: 2017-11-16" in r for r in report.reasons), report.reasons
    assert any("Cloud Business Applications" in r and "earliest" in r for r in report.reasons), report.reasons


def test_no_note_when_the_revision_in_force_stays_until_the_deadline():
    """as_of 2017-11-20 is after the last revision: nothing newer comes before the deadline, no note."""
    report = plan(loaded(D365_ONLY), "silver")
    assert NOV == report.rules_revision
    assert [] == [r for r in report.reasons if "revision" in r]


def test_as_of_before_every_revision_plans_against_the_earliest_with_a_note():
    """as_of 2017-06-01 comes before 27 Jun 2017: the earliest revision is used and a note says so (and,
    the deadline being 2018-06-30, that the 16 Nov revision comes before it). ann (MB2-713 + MB2-710) and
    cy (MB2-712) meet Silver under it with 0 exams."""
    report = plan(loaded(CRM_ONLY, as_of="2017-06-01"), "silver")
    assert (JUN, 0) == (report.rules_revision, report.total_new_exams)
    earliest = [r for r in report.reasons if "earliest" in r]
    assert 1 == len(earliest), report.reasons
    assert "2017-06-01" in earliest[0] and "2017-06-27" in earliest[0]
    assert any("rules_revision: 2017-11-16" in r for r in report.reasons)


def test_developing_market_under_the_june_revision_cannot_pass_the_revenue_gate():
    """27 Jun 2017 has no developing-market threshold: the revenue gate fails whatever the revenue
    (US$500,000 here), with no threshold and the words "not offered", so the level is out of reach although
    its exam rules are met with 0 exams; no amount of revenue is proposed as a fix."""
    org = {"market": "developing", "revenue_usd": 500000, "dpor": True}
    report = plan(loaded(CRM_ONLY, organization=org, rules_revision="2017-06-27"), "silver")
    revenue = next(g for g in report.gates if g.name == "revenue")
    assert ("optimal", 0, False) == (report.status, report.total_new_exams, report.reachable)
    assert (False, None) == (revenue.ok, revenue.required_usd)
    assert any("not offered" in r and "no revenue threshold for developing markets" in r
               for r in report.reasons), report.reasons
    assert [] == [f for f in report.fixes if f.kind == "revenue"]


def test_developing_market_under_the_july_revision_has_a_threshold():
    """The same partner under 7 Jul 2017: Silver needs US$50,000 in developing markets, US$500,000 passes."""
    org = {"market": "developing", "revenue_usd": 500000, "dpor": True}
    report = plan(loaded(CRM_ONLY, organization=org, rules_revision="2017-07-07"), "silver")
    revenue = next(g for g in report.gates if g.name == "revenue")
    assert (True, 50000.0, True) == (revenue.ok, revenue.required_usd, report.reachable)


def test_rules_revision_by_competency_applies_to_that_competency_only():
    """rules_revision {cloud-crm: 2017-07-07} on as_of 2017-11-20: Cloud CRM is planned against 7 Jul (ann
    needs MB2-714 and MB2-710 again: 2 exams), Cloud Business Applications against the one in force
    (16 Nov 2017, its only revision)."""
    lo = loaded(D365_ONLY, rules_revision={CRM: "2017-07-07"})
    report = plan(lo, "silver")
    assert (JUL, 2) == (report.rules_revision, report.total_new_exams)
    assert JUL == resolve_target(f"{CRM}:gold", lo.scenario, lo.catalogs).catalog.revision
    assert NOV == resolve_target(f"{CBA}:silver", lo.scenario, lo.catalogs).catalog.revision


# Line numbers matter: the cases below name places in this text (appended lines start on line 11).
ERROR_BASE = """\
schema_version: 1
name: Errors
as_of: 2017-11-20
deadline: 2018-06-30
staff:
  - {id: ann, passed: [MB2-717, MB2-715]}
organization:
  market: developed
  revenue_usd: 500000
  dpor: true
"""


@pytest.mark.parametrize(
    ("appended", "place", "phrases"),
    [
        pytest.param("rules_revision: 2017-08-01\n", "11:17",
                     ["2017-08-01", "2017-06-27, 2017-07-07, 2017-11-16"], id="unknown-revision-date"),
        pytest.param("rules_revision:\n  cloud-cmr: 2017-07-07\n", "12:3",
                     ["unknown competency 'cloud-cmr'", "cloud-crm"],
                     id="revision-mapping-unknown-competency"),
        pytest.param("rules_revision:\n  cloud-crm: 2017-08-01\n", "12:14",
                     ["2017-08-01", "2017-06-27, 2017-07-07, 2017-11-16"],
                     id="revision-mapping-unknown-date"),
        pytest.param("  gate_revenue_usd:\n    cloud-bus:\n      revenue: 1\n", "12:5",
                     ["unknown competency 'cloud-bus'"], id="gate-figure-unknown-competency"),
        pytest.param("  gate_revenue_usd:\n    cloud-business-applications:\n      revnue: 1\n", "13:7",
                     ["revnue", "cloud-net-new-revenue, revenue, total-revenue"],
                     id="gate-figure-unknown-gate"),
        pytest.param("targets:\n  - cloud-crm gold\n", "12:5", ["competency:level"],
                     id="target-without-colon"),
        pytest.param("targets:\n  - nope:gold\n", "12:5", ["unknown competency 'nope'"],
                     id="first-target-unknown-competency"),
        pytest.param("targets:\n  - cloud-crm:gold\n  - cloud-bizapps:silver\n", "13:5",
                     ["unknown competency 'cloud-bizapps'"], id="second-target-unknown-competency"),
        pytest.param("targets:\n  - cloud-crm:platinum\n", "12:5",
                     ["unknown level 'platinum'", "silver, gold"],
                     id="target-unknown-level"),
    ],
)
def test_bad_revision_figure_or_target_in_the_file_is_one_line_with_its_place(tmp_path, appended, place,
                                                                              phrases):
    """Exit 2 and one line naming file:line:column of the offending key or value and what is known."""
    path = tmp_path / "bad.yaml"
    path.write_text(ERROR_BASE + appended, encoding="utf-8")
    result = run("plan", str(path), "-f", "json")
    line = one_error_line(result)
    assert 2 == result.exit_code
    assert line.startswith(f"planner: error: {path}:{place}: "), line
    for phrase in phrases:
        assert phrase in line


@pytest.mark.parametrize(
    ("target", "phrases"),
    [
        pytest.param("cloud-crm gold", ["competency:level"], id="without-colon"),
        pytest.param("nope:gold", ["unknown competency 'nope'"], id="unknown-competency"),
        pytest.param("cloud-crm:platinum", ["unknown level 'platinum'", "silver, gold"], id="unknown-level"),
    ],
)
def test_bad_target_option_is_one_line_naming_the_option(tmp_path, target, phrases):
    """--target that names nothing known: exit 2, one line quoting the option."""
    path = tmp_path / "ok.yaml"
    path.write_text(ERROR_BASE, encoding="utf-8")
    result = run("plan", str(path), "--target", target)
    line = one_error_line(result)
    assert 2 == result.exit_code
    assert f"--target {target}" in line
    for phrase in phrases:
        assert phrase in line


# ---- 2. options ---------------------------------------------------------------------------------------

# c1..c5 hold ECE's deployment+customization (MB2-715 + MB2-716), e1..e5 EO's development+architecture
# (MB6-894 + 70-535); nobody holds an application exam of either option, so each option needs exactly
# 5 application exams, one each for 5 people.
BOTH_HALVES = people(*[(f"c{i}", ["MB2-715", "MB2-716"]) for i in range(1, 6)],
                     *[(f"e{i}", ["MB6-894", "70-535"]) for i in range(1, 6)])
ECE_APPLICATION = ["MB2-717", "MB2-718", "MB2-877"]
EO_APPLICATION = ["MB6-895", "MB6-896", "MB6-897"]


def dearer(codes: list[str], fee: int = 300) -> dict[str, Any]:
    """costs: these exams at `fee`, the rest at US$165."""
    return {"exams": {c: {"fee_usd": fee} for c in codes}}


def cba(staff: list[dict[str, Any]], **overrides: Any) -> LoadedScenario:
    return loaded(staff, competency=CBA, **overrides)


@pytest.mark.parametrize(
    ("dear", "option", "cheap"),
    [
        pytest.param(ECE_APPLICATION, EO, EO_APPLICATION, id="operations-cheaper"),
        pytest.param(EO_APPLICATION, ECE, ECE_APPLICATION, id="customer-engagement-cheaper"),
    ],
)
def test_the_cheaper_option_is_planned(dear, option, cheap):
    """Both options need 5 application exams; the dear option's cost US$300 each (US$1,500), the other's
    US$165 (5 x 165 = US$825): the plan meets the cheaper option."""
    report = plan(cba(BOTH_HALVES, costs=dearer(dear)), "silver")
    assert (option, option) == (report.option, report.targets[0].option)
    assert (True, 5, 825.0) == (report.reachable, report.total_new_exams, report.total_cost_usd)
    assert {e.exam for e in report.new_exams} <= set(cheap)


def test_the_option_whose_gates_pass_is_planned_even_if_dearer():
    """EO is cheaper (US$825 against US$1,500) but its total revenue is US$50,000, short of US$100,000; ECE's
    revenue gate reads revenue_usd (US$500,000) and passes: the plan meets ECE for 5 x US$300 = US$1,500."""
    org = {"market": "developed", "revenue_usd": 500000, "dpor": True,
           "gate_revenue_usd": {CBA: {"total-revenue": 50000}}}
    report = plan(cba(BOTH_HALVES, costs=dearer(ECE_APPLICATION), organization=org), "silver")
    assert (ECE, True, 5, 1500.0) == (report.option, report.reachable, report.total_new_exams,
                                      report.total_cost_usd)


def test_operations_gate_names_the_cloud_net_new_revenue_gap():
    """No option passes its gates (ECE revenue US$40,000 < US$100,000; EO cloud net new US$20,000 <
    US$25,000), so the cheaper EO is planned and shown: total-revenue met (US$150,000 >= US$100,000),
    cloud-net-new-revenue short by US$25,000 - US$20,000 = US$5,000; not reachable."""
    org = {"market": "developed", "revenue_usd": 500000, "dpor": True,
           "gate_revenue_usd": {CBA: {"revenue": 40000, "total-revenue": 150000,
                                      "cloud-net-new-revenue": 20000}}}
    report = plan(cba(BOTH_HALVES, costs=dearer(ECE_APPLICATION), organization=org), "silver")
    gates = {g.name: g for g in report.targets[0].gates}
    assert (EO, False) == (report.option, report.reachable)
    assert (True, 100000.0, 150000.0) == (gates["total-revenue"].ok, gates["total-revenue"].required_usd,
                                          gates["total-revenue"].actual_usd)
    net = gates["cloud-net-new-revenue"]
    assert (False, 25000.0, 20000.0, 5000.0) == (net.ok, net.required_usd, net.actual_usd, net.gap_usd)
    assert any("cloud-net-new-revenue" in r and "US$5,000 short" in r for r in report.reasons), report.reasons


# ---- 3. same or different people -----------------------------------------------------------------------

# pat holds every ECE exam needed for both roles; dc1..dc4 deployment+customization; ap1..ap4 application.
PAT = ("pat", ["MB2-715", "MB2-716", "MB2-717"])
DC = [(f"dc{i}", ["MB2-715", "MB2-716"]) for i in range(1, 5)]


def test_one_person_fills_a_slot_of_each_role_of_a_same_or_different_level():
    """ECE Silver, 5 + 5 slots, from 9 people: pat fills one deployment+customization and one application
    slot, dc1..dc4 and ap1..ap4 the rest: 0 new exams (all different people would need a 10th)."""
    staff = people(PAT, *DC, *[(f"ap{i}", ["MB2-718"]) for i in range(1, 5)])
    report = plan(cba(staff), "silver")
    roles_of_pat = sorted(a.role for a in report.targets[0].assignments if a.person == "pat")
    assert (ECE, 0, 10) == (report.option, report.total_new_exams, len(report.targets[0].assignments))
    assert ["application", "deployment+customization"] == roles_of_pat


def test_a_person_fills_at_most_one_slot_of_one_role():
    """With ap4 replaced by jo (no exam) the application slots have 4 holders (pat, ap1..ap3): pat cannot take
    a second one, so someone takes an application exam: 1 new exam, every (person, role) once."""
    staff = people(PAT, *DC, *[(f"ap{i}", ["MB2-718"]) for i in range(1, 4)], ("jo", []))
    report = plan(cba(staff), "silver")
    pairs = [(a.person, a.role) for a in report.targets[0].assignments]
    assert (True, 1, 10) == (report.reachable, report.total_new_exams, len(pairs))
    assert len(set(pairs)) == len(pairs)
    assert report.new_exams[0].exam in ECE_APPLICATION


def test_a_crm_level_never_has_the_same_person_twice():
    """Cloud CRM Silver (people: different) with pat (A, B and C) and jo (nothing): pat fills one slot only,
    so jo takes the first C exam (MB2-716, US$165) rather than A and B (2 exams)."""
    report = plan(loaded(people(PAT, ("jo", []))), "silver")
    assert {("jo", "MB2-716")} == new_exams(report)
    assert [("application+deployment", "pat"), ("customization", "jo")] == [
        (a.role, a.person) for a in report.assignments]


# ---- 4. several targets --------------------------------------------------------------------------------

# Cloud CRM Gold and ECE Silver from one roster.
#   a1 holds MB2-717, MB2-715, MB2-716 (CRM A+B or C; ECE both roles); d2..d4 MB2-715 + MB2-716 (CRM C, ECE
#   deployment+customization); h MB2-716 + MB2-717 (CRM A or C, ECE application); p2..p4 MB2-718 (CRM A,
#   ECE application).
#   CRM Gold alone: only a1 holds A and B; a second A+B holder needs 1 exam (h, p or d): 1 exam, US$165.
#   ECE Silver alone: deployment+customization a1, d2..d4 and a fifth: only h holds one of the two
#   (MB2-716): h takes MB2-715; application a1, h, p2..p4: 1 exam, US$165. EO would need 10 or more.
#   Together: h's MB2-715 makes h CRM A+B too (a1, h; C d2, d3): 1 exam, US$165, serving both targets.
#   Saving: (165 + 165) - 165 = US$165 and 2 - 1 = 1 exam.
TWO_GOALS = people(("a1", ["MB2-717", "MB2-715", "MB2-716"]),
                   *[(f"d{i}", ["MB2-715", "MB2-716"]) for i in range(2, 5)],
                   ("h", ["MB2-716", "MB2-717"]),
                   *[(f"p{i}", ["MB2-718"]) for i in range(2, 5)])
TWO_LABELS = (f"{CRM}:gold", f"{CBA}:silver")


@pytest.fixture(scope="module")
def two_goals() -> PlanReport:
    return plan_targets_of(loaded(TWO_GOALS), *TWO_LABELS)


def test_an_exam_serving_two_targets_is_listed_and_paid_once(two_goals):
    """h's MB2-715 serves Cloud CRM Gold and ECE Silver: one entry in new_exams, US$165 in the total."""
    assert [("h", "MB2-715", 165.0)] == [(e.person, e.exam, e.cost_usd) for e in two_goals.new_exams]
    assert (True, 1, 165.0) == (two_goals.reachable, two_goals.total_new_exams, two_goals.total_cost_usd)
    assert [{("h", "MB2-715")}, {("h", "MB2-715")}] == [
        {(e.person, e.exam) for e in t.new_exams} for t in two_goals.targets]
    assert ["h MB2-715"] == two_goals.saving.shared_exams


def test_each_target_lists_its_own_slot_holders(two_goals):
    """Cloud CRM Gold has 4 slot holders, all different, h among its application+deployment; ECE Silver
    has 10 slots (a1 and h in both of its roles); the top-level assignments are the two lists together."""
    crm, cba_plan = two_goals.targets
    assert [f"{CRM}:gold", f"{CBA}:silver"] == [t.target for t in two_goals.targets]
    assert (ECE, NOV, NOV) == (cba_plan.option, crm.rules_revision, cba_plan.rules_revision)
    assert 4 == len({a.person for a in crm.assignments}) == len(crm.assignments)
    assert ("h", "application+deployment") in {(a.person, a.role) for a in crm.assignments}
    assert 10 == len(cba_plan.assignments)
    assert len(crm.assignments) + len(cba_plan.assignments) == len(two_goals.assignments)
    assert {a.target for a in two_goals.assignments} == set(TWO_LABELS)


def test_saving_is_the_alone_costs_added_up_minus_the_joint_cost(two_goals):
    """Alone: 1 exam, US$165 each; together 1 exam, US$165: saving US$165 and 1 exam, and the report's
    figures equal the ones recomputed from each target's `alone`."""
    alone = [t.alone for t in two_goals.targets]
    assert [(1, 165.0), (1, 165.0)] == [(a.total_new_exams, a.total_cost_usd) for a in alone]
    s = two_goals.saving
    assert (sum(a.total_new_exams for a in alone), sum(a.total_cost_usd for a in alone)) == (
        s.planned_alone_new_exams, s.planned_alone_cost_usd)
    assert sum(a.total_cost_usd for a in alone) - two_goals.total_cost_usd == s.saving_usd == 165.0
    assert sum(a.total_new_exams for a in alone) - two_goals.total_new_exams == s.new_exams_saved == 1


# f1..f15 hold MB2-715, MB2-716 and MB2-717: each fills both ECE roles and any Cloud CRM slot. ECE Gold needs
# 15 + 15 slots: all of f1..f15, and nobody else can hold MB2-715 + MB2-716 with fewer than 2 exams.
FULL = [(f"f{i:02d}", ["MB2-715", "MB2-716", "MB2-717"]) for i in range(1, 16)]
# c1, c2 hold MB2-712 (CRM C); x1, x2 MB2-714 (CRM A, not an ECE application exam).
OUTSIDERS = [("c1", ["MB2-712"]), ("c2", ["MB2-712"]), ("x1", ["MB2-714"]), ("x2", ["MB2-714"])]
GOLDS = (f"{CRM}:gold", f"{CBA}:gold")


def one_gold(staff: list[dict[str, Any]], flag: bool) -> LoadedScenario:
    return loaded(staff, policy={"one_gold_per_person": flag})


def test_gold_targets_share_people_without_the_policy():
    """Without one_gold_per_person f01..f04 also fill Cloud CRM Gold: 0 new exams."""
    report = plan_targets_of(one_gold(people(*FULL, *OUTSIDERS), False), *GOLDS)
    assert (True, 0) == (report.reachable, report.total_new_exams)


def test_one_gold_per_person_forces_extra_exams():
    """With the policy f01..f15 all count toward ECE Gold, so Cloud CRM Gold needs 4 others: c1, c2 fill
    customization, x1 and x2 (list A) each take the first B exam, MB2-715: 2 exams, US$330; nobody is a
    slot holder of both targets."""
    report = plan_targets_of(one_gold(people(*FULL, *OUTSIDERS), True), *GOLDS)
    crm, cba_plan = report.targets
    assert (True, 2, 330.0) == (report.reachable, report.total_new_exams, report.total_cost_usd)
    assert {("x1", "MB2-715"), ("x2", "MB2-715")} == new_exams(report)
    assert set() == {a.person for a in crm.assignments} & {a.person for a in cba_plan.assignments}


def test_a_plan_dearer_together_than_alone_says_why_instead_of_a_negative_saving():
    """Alone each Gold needs 0 exams; with the policy together needs 2 (US$330): the saving is -US$330, and
    the words say the plans made one at a time cannot all be carried out, naming the policy."""
    from planner.report.targets import saving_lines

    report = plan_targets_of(one_gold(people(*FULL, *OUTSIDERS), True), *GOLDS)
    assert report.saving is not None
    assert (-330.0, -2) == (report.saving.saving_usd, report.saving.new_exams_saved)
    words = " ".join(saving_lines(report))
    assert ("cannot all be carried out" in words, "one_gold_per_person" in words, "Saving:" in words) == (
        True, True, False)


def test_one_gold_per_person_can_make_two_targets_infeasible_and_says_why():
    """With f01..f15 only, each Gold is met alone (0 exams), but not both under the policy: the reason
    names the policy."""
    report = plan_targets_of(one_gold(people(*FULL), True), *GOLDS)
    assert ("infeasible", False) == (report.status, report.reachable)
    assert [(0, 0.0), (0, 0.0)] == [(t.alone.total_new_exams, t.alone.total_cost_usd) for t in report.targets]
    assert "each target can be met on its own" in report.reasons[0]
    assert "one_gold_per_person" in report.reasons[0]


def test_a_target_that_cannot_be_met_alone_is_named():
    """Under the 7 Jul rules (by competency) nobody of p1..p5 (MB2-715, MB2-716, MB2-717, no new exam allowed)
    holds a Cloud CRM exam: Cloud CRM Gold cannot be met even alone (the reason names it by its name); ECE
    Silver alone needs 0 exams."""
    staff = people(*[(f"p{i}", ["MB2-715", "MB2-716", "MB2-717"]) for i in range(1, 6)], max_new_exams=0)
    lo = loaded(staff, rules_revision={CRM: "2017-07-07"})
    report = plan_targets_of(lo, f"{CRM}:gold", f"{CBA}:silver")
    assert ("infeasible", False) == (report.status, report.reachable)
    gold = "Cloud Customer Relationship Management Gold cannot be met even on its own"
    assert report.reasons[0].startswith(gold), report.reasons
    silver = "Cloud Business Applications Silver cannot be met"
    assert not any(r.startswith(silver) for r in report.reasons)
    assert ("infeasible", "optimal", 0) == (report.targets[0].alone.status, report.targets[1].alone.status,
                                            report.targets[1].alone.total_new_exams)


# ---- 5. the command line -------------------------------------------------------------------------------

@pytest.fixture
def two_goal_file(tmp_path) -> str:
    return write_scenario(tmp_path, "two-goals.yaml", scenario_dict(TWO_GOALS))


TARGET_ARGS = ["--target", f"{CRM}:gold", "--target", f"{CBA}:silver"]


def test_plan_with_two_targets_exits_0_when_both_are_reachable(two_goal_file):
    """The two-goal roster: both reachable with h's MB2-715 (US$165): exit 0, JSON lists both targets."""
    result = run("plan", two_goal_file, *TARGET_ARGS, "-f", "json")
    data = json.loads(result.stdout)
    assert 0 == result.exit_code
    assert ([*TARGET_ARGS[1::2]], 165.0) == ([t["target"] for t in data["targets"]], data["total_cost_usd"])


def test_plan_with_two_targets_exits_1_when_one_is_not_reachable(tmp_path):
    """US$200,000 of revenue: ECE Silver's US$100,000 is met, Cloud CRM Gold's US$300,000 is not: exit 1."""
    org = {"market": "developed", "revenue_usd": 200000, "dpor": True}
    path = write_scenario(tmp_path, "short.yaml", scenario_dict(TWO_GOALS, organization=org))
    result = run("plan", path, *TARGET_ARGS, "-f", "json")
    data = json.loads(result.stdout)
    assert 1 == result.exit_code
    assert [False, True] == [t["reachable"] for t in data["targets"]]


def test_the_scenarios_targets_are_planned_and_target_overrides_them(tmp_path):
    """targets: [cloud-crm:gold, cloud-business-applications:silver] in the file plans both (1 exam,
    US$165); --target cloud-crm:gold plans Cloud CRM Gold alone (1 exam, US$165, see the roster's notes)."""
    path = write_scenario(tmp_path, "goals.yaml", scenario_dict(TWO_GOALS, targets=list(TWO_LABELS)))
    both = json.loads(run("plan", path, "-f", "json").stdout)
    assert (list(TWO_LABELS), 1, 165.0) == ([t["target"] for t in both["targets"]], both["total_new_exams"],
                                            both["total_cost_usd"])
    alone = run("plan", path, "--target", f"{CRM}:gold", "-f", "json")
    data = json.loads(alone.stdout)
    assert 0 == alone.exit_code
    assert (CRM, "gold", 1, 165.0) == (data["competency"], data["level"], data["total_new_exams"],
                                       data["total_cost_usd"])
    assert [] == [g for g in data["gates"] if g["name"].startswith(CBA)]


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        pytest.param(["--level", "gold", "--target", f"{CRM}:gold"], "--level", id="level-and-target"),
        pytest.param(["--target", f"{CRM}:gold", "--target", f"{CRM}:gold"], "twice", id="same-target-twice"),
    ],
)
def test_plan_refuses_conflicting_target_options_with_one_line(two_goal_file, args, phrase):
    """Exit 2 and one line saying what cannot be combined."""
    result = run("plan", two_goal_file, *args)
    line = one_error_line(result)
    assert 2 == result.exit_code
    assert phrase in line


def test_best_plans_a_competency_with_options(tmp_path):
    """best on Cloud Business Applications (two options) finds the best level through the one pipeline:
    the plan names the option it uses and re-plans to the same answer as `plan --level`."""
    path = write_scenario(tmp_path, "cba.yaml", scenario_dict(BOTH_HALVES, competency=CBA))
    result = run("best", path, "--format", "json")
    assert "Traceback" not in result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert data["best_level"] is not None
    direct = json.loads(run("plan", path, "--level", data["best_level"], "--format", "json").stdout)
    assert direct["option"] == data["plan"]["option"]
    assert direct["total_cost_usd"] == data["plan"]["total_cost_usd"]


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_two_target_output_names_each_target_and_the_saving(two_goal_file, fmt):
    """Table and markdown name both targets (with the ECE option) and say: together 1 exam, US$165; alone
    2 exams, US$330; saving US$165 and 1 exam; h's MB2-715 serves both."""
    result = run("plan", two_goal_file, *TARGET_ARGS, "-f", fmt)
    words = " ".join(result.stdout.split())  # a rich table wraps its title to the table's width
    assert 0 == result.exit_code
    assert "Cloud Customer Relationship Management Gold (rules of 2017-11-16)" in words
    assert f"Cloud Business Applications Silver, option {ECE} (rules of 2017-11-16)" in words
    assert ("Planned together: 1 new exam, US$165. Planned one target at a time and added up: 2 new exams, "
            "US$330. Saving: US$165 and 1 exam.") in words
    assert "New exams that serve more than one target: h MB2-715." in words


def test_check_lists_both_options_of_cloud_business_applications(tmp_path):
    """pat, dc1..dc4 and ap1..ap4 meet ECE Silver today (pat in both roles), not ECE Gold (15 + 15); nobody
    holds an EO exam: both EO levels are not met, 0 of 5 slots filled at Silver."""
    staff = people(PAT, *DC, *[(f"ap{i}", ["MB2-718"]) for i in range(1, 5)])
    path = write_scenario(tmp_path, "cba.yaml", scenario_dict(staff, competency=CBA))
    result = run("check", path, "-f", "json")
    standing = {(lv["option"], lv["level"]): lv for lv in json.loads(result.stdout)["levels"]}
    assert 0 == result.exit_code
    assert {(ECE, "silver"), (ECE, "gold"), (EO, "silver"), (EO, "gold")} == set(standing)
    assert [True, False, False, False] == [standing[k]["met"] for k in
                                           [(ECE, "silver"), (ECE, "gold"), (EO, "silver"), (EO, "gold")]]
    assert [0, 0] == [s["filled"] for s in standing[EO, "silver"]["slots"]]
    table = run("check", path).stdout
    assert f"Silver (option {ECE}): met today" in table
    assert f"Silver (option {EO}): NOT MET today" in table


def test_validate_accepts_the_shipped_two_goal_scenario():
    """scenarios/contoso-crm-gold-and-cba-silver.yaml loads: exit 0, naming both targets."""
    result = run("validate", str(SCENARIOS / "contoso-crm-gold-and-cba-silver.yaml"))
    assert 0 == result.exit_code, result.stderr
    assert f"{CRM}:gold, {CBA}:silver" in result.stdout


# ---- 6. custom catalogs --------------------------------------------------------------------------------

ACME = """\
catalog_version: 1
id: acme-cloud
name: Acme Cloud
revision: 2017-01-01
exams:
  - {code: AC-100, title: Acme Build}
  - {code: AC-200, title: Acme Deploy}
  - {code: AC-300, title: Acme Sell}
lists:
  - {id: build, name: build, exams: [AC-100]}
  - {id: deploy, name: deploy, exams: [AC-200]}
  - {id: sell, name: sell, exams: [AC-300]}
roles:
  - {id: builder, lists: [build, deploy]}
  - {id: seller, lists: [sell]}
levels:
  - {id: silver, name: Silver, slots: {builder: 1, seller: 1}, people: same-or-different}
  - {id: gold, name: Gold, slots: {builder: 2, seller: 2}, people: same-or-different}
"""
# u1 holds all three exams (builder and seller), u2 AC-100, u3 AC-300, u4 nothing.
ACME_STAFF = people(("u1", ["AC-100", "AC-200", "AC-300"]), ("u2", ["AC-100"]), ("u3", ["AC-300"]),
                    ("u4", []))


@pytest.fixture
def acme(tmp_path) -> tuple[str, str]:
    """(catalog file, roster file); the roster names no competency (so cloud-crm by default)."""
    catalog = tmp_path / "acme.yaml"
    catalog.write_text(ACME, encoding="utf-8")
    return str(catalog), write_scenario(tmp_path, "roster.yaml", scenario_dict(ACME_STAFF))


def test_custom_catalog_competency_is_planned_with_target(acme):
    """acme-cloud Gold: builder u1 and u2 (u2 takes AC-200; u3 or u4 would need 2 exams), seller u1 (same
    or different) and u3: 1 new exam, US$165; no gates, so reachable."""
    catalog, roster = acme
    result = run("plan", roster, "--catalog", catalog, "--target", "acme-cloud:gold", "-f", "json")
    data = json.loads(result.stdout)
    assert 0 == result.exit_code, result.stderr
    assert ("acme-cloud", "gold", "2017-01-01") == (data["competency"], data["level"], data["rules_revision"])
    assert [("u2", "AC-200", 165.0)] == [(e["person"], e["exam"], e["cost_usd"]) for e in data["new_exams"]]
    assert [("builder", "u1"), ("builder", "u2"), ("seller", "u1"), ("seller", "u3")] == sorted(
        (a["role"], a["person"]) for a in data["assignments"])


def test_custom_catalog_is_unknown_without_the_option(acme):
    """Without --catalog the roster's AC exams and the acme-cloud target mean nothing: exit 2."""
    _, roster = acme
    result = run("plan", roster, "--target", "acme-cloud:gold")
    assert 2 == result.exit_code
    assert "AC-100" in one_error_line(result)


OWN_CRM = """\
catalog_version: 1
id: cloud-crm
name: Our own CRM
revision: 2017-01-01
exams: [{code: X-1, title: X one}]
lists: [{id: x, name: x, exams: [X-1]}]
roles: [{id: solo, lists: [x]}]
levels:
  - {id: silver, name: Silver, slots: {solo: 1}}
  - {id: gold, name: Gold, slots: {solo: 2}}
"""


def test_custom_catalog_with_a_shipped_id_replaces_it(tmp_path):
    """A cloud-crm of our own (Gold: 2 people with X-1, no gates): v1 holds X-1, v2 takes it: 1 exam,
    US$165, planned against its revision 2017-01-01; the shipped revisions are gone, so naming
    2017-11-16 is an error."""
    catalog = tmp_path / "own.yaml"
    catalog.write_text(OWN_CRM, encoding="utf-8")
    staff = people(("v1", ["X-1"]), ("v2", []))
    roster = write_scenario(tmp_path, "roster.yaml", scenario_dict(staff))
    result = run("plan", roster, "--catalog", str(catalog), "--level", "gold", "-f", "json")
    data = json.loads(result.stdout)
    assert 0 == result.exit_code, result.stderr
    assert ("2017-01-01", [], [("v2", "X-1")]) == (
        data["rules_revision"], data["gates"], [(e["person"], e["exam"]) for e in data["new_exams"]])
    named = write_scenario(tmp_path, "named.yaml", scenario_dict(staff, rules_revision="2017-11-16"))
    result = run("plan", named, "--catalog", str(catalog))
    assert 2 == result.exit_code
    assert "its revisions: 2017-01-01" in one_error_line(result)


@pytest.mark.parametrize(
    ("old", "new", "place", "phrase"),
    [
        pytest.param("lists: [build, deploy]}", "lists: [build, nowhere]}", ":14:34:",
                     "roles[0].lists[1]: role builder names unknown list 'nowhere'", id="unknown-list"),
        pytest.param("slots: {builder: 2, seller: 2}", "slots: {builder: 2, sellers: 2}", ":18:",
                     "level gold names unknown role 'sellers'", id="unknown-role-in-slots"),
        pytest.param("  - {id: sell, name: sell, exams: [AC-300]}",
                     "  - {id: sell, name: sell, exams: [AC-300}",
                     ":12:", "YAML syntax error", id="yaml-syntax-error"),
        pytest.param("name: Acme Cloud\n", "", None, "missing required key 'name'", id="missing-name"),
    ],
)
def test_bad_catalog_file_is_one_line_naming_it(tmp_path, acme, old, new, place, phrase):
    """A broken --catalog file: exit 2, one line that starts with the catalog's name (and its line where the
    loader knows it), never a traceback."""
    catalog, roster = acme
    text = Path(catalog).read_text(encoding="utf-8")
    assert 1 == text.count(old)
    Path(catalog).write_text(text.replace(old, new), encoding="utf-8")
    result = run("plan", roster, "--catalog", catalog, "--target", "acme-cloud:gold")
    line = one_error_line(result)
    assert 2 == result.exit_code
    assert line.startswith(f"planner: error: {catalog}"), line
    if place:
        assert line.startswith(f"planner: error: {catalog}{place}"), line
    assert phrase in line


def test_validate_and_check_accept_catalog(tmp_path):
    """A roster planned for acme-cloud: validate names it with its revision; check shows Silver met by u1
    alone (one slot of each role) and Gold with builder 1 of 2 (u2 lacks AC-200), seller 2 of 2."""
    catalog = tmp_path / "acme.yaml"
    catalog.write_text(ACME, encoding="utf-8")
    roster = write_scenario(tmp_path, "roster.yaml", scenario_dict(ACME_STAFF, competency="acme-cloud"))
    valid = run("validate", roster, "--catalog", str(catalog))
    assert 0 == valid.exit_code, valid.stderr
    assert "acme-cloud (rules of 2017-01-01)" in valid.stdout
    assert 2 == run("validate", roster).exit_code
    result = run("check", roster, "--catalog", str(catalog), "-f", "json")
    levels = {lv["level"]: lv for lv in json.loads(result.stdout)["levels"]}
    assert 0 == result.exit_code
    assert (True, False) == (levels["silver"]["met"], levels["gold"]["met"])
    assert [("builder", 1, 2), ("seller", 2, 2)] == [
        (s["role"], s["filled"], s["required"]) for s in levels["gold"]["slots"]]


def test_compare_plans_a_scenario_with_targets_for_all_of_them():
    """`planner compare` without --level plans the two-goal Contoso scenario for both goals (5 exams,
    US$7,805, the golden answer) and contoso-gold-push for Gold (2 exams, US$3,210); --level gold plans
    Cloud CRM Gold only for both (1 exam, US$1,365 for the two-goal roster)."""
    both = json.loads(run("compare", str(SCENARIOS / "contoso-crm-gold-and-cba-silver.yaml"),
                          str(SCENARIOS / "contoso-gold-push.yaml"), "-f", "json").stdout)
    rows = [(r["total_new_exams"], r["total_cost_usd"], r["level_reached"]) for r in both["scenarios"]]
    assert [(5, 7805.0, "cloud-crm:gold, cloud-business-applications:silver"), (2, 3210.0, "gold")] == rows
    gold = json.loads(run("compare", str(SCENARIOS / "contoso-crm-gold-and-cba-silver.yaml"),
                          "--level", "gold", "-f", "json").stdout)
    assert [(1, 1365.0, "gold")] == [(r["total_new_exams"], r["total_cost_usd"], r["level_reached"])
                                     for r in gold["scenarios"]]


def test_an_option_left_out_for_its_gates_is_named_and_same_or_different_counts_people_once():
    """The two-goal Contoso roster (10 people) for Cloud Business Applications Gold alone: ECE's revenue
    gate fails (US$180,000 of US$300,000), so only Enterprise Operations is planned, and it needs 15
    people (15 slots per role, the same or different people), not 30: 10 count."""
    result = run("plan", str(SCENARIOS / "contoso-crm-gold-and-cba-silver.yaml"),
                 "--target", "cloud-business-applications:gold", "-f", "json")
    reasons = json.loads(result.stdout)["reasons"]
    assert 1 == result.exit_code
    assert ["option Enterprise Operations (enterprise-operations) cannot be met: Gold needs 15 people; "
            "only 10 count on 2018-06-30",
            "option Enterprise Customer Engagement is not planned, as its gates fail: Gold needs US$300,000 "
            "of revenue in developed markets; the partner has US$180,000, US$120,000 short"] == reasons


def test_check_another_competency_of_the_scenario():
    """`check --competency cloud-business-applications` on the two-goal roster: ECE Silver has 2 of 5
    deployment+customization slots (alice and frank hold MB2-715 and MB2-716) and 4 of 5 application slots
    (alice, carol, grace, hank), and reads its own revenue figure (US$180,000); an unknown id exits 2."""
    result = run("check", str(SCENARIOS / "contoso-crm-gold-and-cba-silver.yaml"),
                 "--competency", "cloud-business-applications", "-f", "json")
    silver = next(lv for lv in json.loads(result.stdout)["levels"]
                  if (lv["level"], lv.get("option")) == ("silver", "enterprise-customer-engagement"))
    assert ([("deployment+customization", 5, 2), ("application", 5, 4)], 180000.0) == (
        [(s["role"], s["required"], s["filled"]) for s in silver["slots"]], silver["gates"][0]["actual_usd"])
    bad = run("check", str(SCENARIOS / "contoso-crm-gold-and-cba-silver.yaml"), "--competency", "nope")
    assert (2, True) == (bad.exit_code, "unknown competency 'nope'" in one_error_line(bad))
