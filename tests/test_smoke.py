"""End-to-end smoke test: a tiny roster planned for Gold."""

from planner.core.planning import plan
from tests.helpers import loaded


def test_gold_plan_for_a_tiny_roster_is_optimal_and_reachable():
    """a and b need a deployment exam, c a customization exam, d is ready: three new exams."""
    scenario = loaded([
        {"id": "a", "passed": ["MB2-717"]},
        {"id": "b", "passed": ["MB2-718"]},
        {"id": "c"},
        {"id": "d", "passed": ["MB2-716"]},
    ])
    report = plan(scenario, "gold")
    assert ("optimal", True) == (report.status, report.reachable)
    assert 3 == report.total_new_exams
    assert {"a", "b", "c", "d"} == {a.person for a in report.assignments}
