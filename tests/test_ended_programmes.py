"""A programme that has ended (the catalog's `ended`: the 2017 competencies on 3 Oct 2022) is not planned
as current: a plan whose deadline is on or after that day plans nothing and says what replaced it, check
meets no level of it from that day, best reaches none, and the validator refuses a plan that claims one."""

from __future__ import annotations

import datetime as dt

import planner
from tests.conftest import SCENARIOS
from tests.helpers import one_goal_problems, run

CONTOSO = SCENARIOS / "contoso-gold-push.yaml"


def _contoso(tmp_path, as_of: str, deadline: str):
    """Contoso's Gold push with its days moved (a file, for the CLI)."""
    text = CONTOSO.read_text(encoding="utf-8")
    lines = [f"as_of: {as_of}" if line.startswith("as_of:") else
             f"deadline: {deadline}" if line.startswith("deadline:") else line for line in text.splitlines()]
    path = tmp_path / "contoso-late.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_plan_with_a_deadline_after_the_end_plans_nothing_and_names_the_replacements(tmp_path):
    """Gold with a deadline of 1 Mar 2023: not reachable, no exams, the end day in the JSON, and the one
    reason names Business Applications by name and id."""
    report = planner.plan(planner.load_scenario(_contoso(tmp_path, "2022-12-01", "2023-03-01")), "gold")
    assert ("infeasible", False, [], dt.date(2022, 10, 3), 1, True) == (
        report.status, report.reachable, report.new_exams, report.programme_ended, len(report.reasons),
        "Solutions Partner for Business Applications (business-applications)" in report.reasons[0])


def test_a_plan_whose_deadline_is_the_day_before_the_end_is_planned_as_before(tmp_path):
    """On 2 Oct 2022 Cloud CRM still runs: Contoso's Gold push is planned with its 2 exams."""
    report = planner.plan(planner.load_scenario(_contoso(tmp_path, "2022-06-01", "2022-10-02")), "gold")
    assert (True, 2, None) == (report.reachable, report.total_new_exams, report.programme_ended)


def test_the_plan_command_says_the_programme_ended_and_exits_1(tmp_path):
    """The headline says the programme ended on its day, and the exit code is 1 (not reachable)."""
    result = run("plan", str(_contoso(tmp_path, "2022-12-01", "2023-03-01")))
    headline = "Gold cannot be reached by 2023-03-01: the programme ended on 2022-10-03."
    assert (1, True) == (result.exit_code, headline in result.stdout)


def test_check_meets_nothing_from_the_end_on_and_says_why_first(tmp_path):
    """As of 1 Sep 2022 Silver is met; on a deadline after 3 Oct 2022 neither level is, the end first
    among what is missing."""
    report = planner.check(planner.load_scenario(_contoso(tmp_path, "2022-09-01", "2023-03-01")))
    assert ([("silver", True), ("gold", False)], [("silver", False, True), ("gold", False, True)]) == (
        [(lv.level, lv.met) for lv in report.levels],
        [(lv.level, lv.met, "ended on 3 Oct 2022" in lv.missing[0]) for lv in report.levels_on_deadline])


def test_best_reaches_no_level_of_an_ended_programme(tmp_path):
    """Within any budget no level is reached, and the next level's reasons say the programme ended."""
    report = planner.best(planner.load_scenario(_contoso(tmp_path, "2022-12-01", "2023-03-01")), 100_000)
    reasons = report.next_level.reasons if report.next_level else []
    assert (None, True) == (report.best_level, any("ended on 3 Oct 2022" in r for r in reasons))


def test_the_validator_refuses_a_plan_that_reaches_an_ended_programme(tmp_path):
    """A report for the ended programme that claims Gold reachable is one problem for the validator."""
    loaded = planner.load_scenario(_contoso(tmp_path, "2022-12-01", "2023-03-01"))
    report = planner.plan(loaded, "gold")
    claimed = report.model_copy(update={"reachable": True, "status": "optimal"})
    problems = one_goal_problems(loaded.scenario, loaded.catalog, claimed)
    assert any("ended on 2022-10-03, before the deadline 2023-03-01, yet the plan reaches it" in p
               for p in problems), problems


def test_an_ended_target_beside_a_current_one_makes_the_goals_unreachable_together():
    """Northwind's Business Applications designation with Cloud Business Applications Silver (ended in
    2022) as a second target: nothing planned, both targets listed as not reachable, the reason names the
    ended one, and the validator accepts the answer."""
    loaded = planner.load_scenario(SCENARIOS / "northwind-solutions-partner-smb.yaml")
    from planner.input.loading import resolve_target

    targets = [resolve_target(t, loaded.scenario, loaded.catalogs)
               for t in ("business-applications:solutions-partner", "cloud-business-applications:silver")]
    report = planner.plan(loaded, "solutions-partner", targets=targets)
    assert ("infeasible", [("business-applications:solutions-partner", False),
                           ("cloud-business-applications:silver", False)], True) == (
        report.status, [(t.target, t.reachable) for t in report.targets],
        report.reasons[0].startswith("Cloud Business Applications ended on 3 Oct 2022"))
