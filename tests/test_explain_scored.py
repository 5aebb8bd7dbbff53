"""Why a scored level cannot be reached, and its cheapest fixes (issue 15, point 5).

Each scenario is written here and planned through the CLI with the mini-scored catalog; the expected
points are worked out in the test from the catalog's own figures (points = max x min(n, T) / T)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import run

CATALOG = Path(__file__).parent / "data" / "scored" / "mini-scored.yaml"
DEADLINE = "2027-06-30"


def _catalog() -> dict[str, Any]:
    return yaml.safe_load(CATALOG.read_text())


def _metric(metric_id: str) -> dict[str, Any]:
    return next(m for m in _catalog()["levels"][0]["score"]["metrics"] if m["id"] == metric_id)


def _threshold(metric: dict[str, Any], track: str = "enterprise") -> int:
    t = metric["threshold"]
    return int(t[track] if isinstance(t, dict) else t)


def _points(metric_id: str, n: float) -> Fraction:
    m = _metric(metric_id)
    t = _threshold(m)
    return Fraction(str(m["max_points"])) * Fraction(str(min(n, t))) / t


def _words(points: Fraction) -> str:
    return f"{float(points):.2f}".rstrip("0").rstrip(".")


def _scenario(staff: list[dict[str, Any]], metrics: Mapping[str, float] | None = None) -> dict[str, Any]:
    return {
        "schema_version": 1, "name": "Scored partner", "competency": "mini-scored",
        "as_of": "2026-12-01", "deadline": DEADLINE,
        "organization": {"market": "developed", "revenue_usd": 0, "dpor": False, "track": "enterprise",
                         "metrics": metrics or {"adds": 3, "usage": 6, "deployments": 2}},
        "costs": {"exam_fee_usd": 165},
        "staff": staff,
    }


def _plan(tmp_path: Path, scenario: dict[str, Any], name: str = "s.yaml") -> tuple[int, dict[str, Any]]:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(scenario, sort_keys=False))
    result = run("plan", str(path), "--catalog", str(CATALOG), "-f", "json")
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result.exit_code, json.loads(result.stdout)


def _inputs(metrics: Mapping[str, float]) -> Fraction:
    return sum((_points(k, v) for k, v in metrics.items()), Fraction(0))


def _with(reasons: list[str], text: str) -> list[str]:
    return [r for r in reasons if text in r]


THREE: list[dict[str, Any]] = [{"id": "ann", "passed": ["IN-1"]}, {"id": "bob", "passed": ["AD-1"]},
                               {"id": "cy"}]


def test_total_short_names_the_best_reachable_score(tmp_path: Path) -> None:
    """Three people (four intermediate slots) cannot reach the total: the reason names the most points
    the roster can score by the deadline and how far short of the total that is."""
    code, report = _plan(tmp_path, _scenario(THREE))
    best = _inputs({"adds": 3, "usage": 6, "deployments": 2}) + _points("intermediate", 3) + _points(
        "advanced", 3)
    total = Fraction(str(_catalog()["levels"][0]["score"]["total"]))
    assert best < total  # the scenario is short by construction
    expected = (f"the most Mini designation can score by {DEADLINE} is {_words(best)} of the "
                f"{_words(total)} points needed ({_words(total - best)} short)")
    assert (1, 1) == (code, len(_with(report["reasons"], expected)))
    assert [] == report["fixes"]  # no changeable fact helps: no leaver, no limit, no hiring


def test_total_short_says_which_metric_lacks_people(tmp_path: Path) -> None:
    """The intermediate metric counts 4 people but only 3 can qualify: a reason names it, its threshold
    and the people who can."""
    _, report = _plan(tmp_path, _scenario(THREE))
    t = _threshold(_metric("intermediate"))
    expected = (f"Intermediate certifications: at most 3 of the {t} people it counts (with an intermediate "
                f"exam) can be certified by {DEADLINE}: ann, bob, cy")
    assert [expected] == _with(report["reasons"], "Intermediate certifications:")


def test_exam_metric_nobody_can_qualify_for(tmp_path: Path) -> None:
    """Nobody may take an advanced exam and nobody holds one: the reason names the advanced metric, that
    at most 0 of its people can count, that it needs 1 for more than 0 points, and why (can_take)."""
    staff: list[dict[str, Any]] = [{"id": n, "passed": [e], "can_take": ["IN-1", "IN-2"]}
             for n, e in [("ann", "IN-1"), ("bob", "IN-2"), ("cy", "IN-1"), ("dee", "IN-2")]]
    full = {"adds": 5, "usage": 10, "deployments": 4}
    code, report = _plan(tmp_path, _scenario(staff, full))
    total = Fraction(str(_catalog()["levels"][0]["score"]["total"]))
    assert _inputs(full) + _points("intermediate", 4) >= total  # only the advanced metric's minimum fails
    t = _threshold(_metric("advanced"))
    reasons = _with(report["reasons"], "Advanced certifications:")
    assert (1, 1) == (code, len(reasons))
    assert reasons[0].startswith(f"Advanced certifications: at most 0 of the {t} people it counts (with an "
                                 f"advanced exam) can be certified by {DEADLINE}; it needs 1 for more than "
                                 "0 points; ann may take no advanced exam (can_take)")
    assert [] == _with(report["reasons"], "the most Mini designation can score")


def test_non_exam_metric_at_zero_is_named_with_its_figure(tmp_path: Path) -> None:
    """Deployments at 0 gives 0 points: the reason names organization.metrics and that no exam plan can
    fix it, and no fix is proposed."""
    staff: list[dict[str, Any]] = [{"id": "ann", "passed": ["IN-1"]}, {"id": "bob", "passed": ["AD-1"]},
             {"id": "cy"},
             {"id": "dee"}, {"id": "eve", "passed": ["IN-2", "AD-2"]}]
    code, report = _plan(tmp_path, _scenario(staff, {"adds": 5, "usage": 10, "deployments": 0}))
    t = _threshold(_metric("deployments"))
    expected = (f"Deployments has 0 points (organization.metrics deployments: 0 of {t}); every metric "
                "needs more than 0: no exam plan can fix it")
    assert (1, [expected], []) == (code, _with(report["reasons"], "Deployments has"), report["fixes"])


def test_leaver_whose_keeping_fixes_it(tmp_path: Path) -> None:
    """dee leaves before the deadline, leaving three people for four intermediate slots: the reason names
    the best score and the leaver, the fix keeps dee, and re-planning without the departure reaches
    the level with the exams and cost the fix promised."""
    staff: list[dict[str, Any]] = [*THREE, {"id": "dee", "leaves_on": "2027-03-01"}]
    code, report = _plan(tmp_path, _scenario(staff))
    best = _inputs({"adds": 3, "usage": 6, "deployments": 2}) + _points("intermediate", 3) + _points(
        "advanced", 3)
    reasons = _with(report["reasons"], f"the most Mini designation can score by {DEADLINE} is {_words(best)}")
    assert (1, 1) == (code, len(reasons))
    assert reasons[0].endswith("; dee leaves on 2027-03-01")
    fixes = [(f["kind"], f["person"]) for f in report["fixes"]]
    assert [("keep_person", "dee")] == fixes
    kept = _scenario([*THREE, {"id": "dee"}])
    code_kept, again = _plan(tmp_path, kept, "kept.yaml")
    fix = report["fixes"][0]
    assert (0, fix["total_new_exams"], fix["total_cost_usd"]) == (
        code_kept, again["total_new_exams"], again["total_cost_usd"])


def test_best_score_is_solved_not_just_bounded(tmp_path: Path) -> None:
    """cy may take one new exam: cy counts toward intermediate or advanced, not both, so the most the
    roster can score is below the per-metric bound (each metric's qualifiers up to its threshold)."""
    staff: list[dict[str, Any]] = [{"id": "ann", "passed": ["IN-1"]}, {"id": "bob", "passed": ["AD-1"]},
                                   {"id": "cy", "max_new_exams": 1}]
    _, report = _plan(tmp_path, _scenario(staff))
    inputs = _inputs({"adds": 3, "usage": 6, "deployments": 2})
    bound = inputs + _points("intermediate", 3) + _points("advanced", 3)
    best = inputs + max(_points("intermediate", 3) + _points("advanced", 2),
                        _points("intermediate", 2) + _points("advanced", 3))
    assert best < bound
    expected = f"the most Mini designation can score by {DEADLINE} is {_words(best)} of the "
    assert 1 == len(_with(report["reasons"], expected)), report["reasons"]


# The mini scenario's roster: bob's AD-1 expires before the deadline and renews at no cost (no renewal
# fee, no hourly rate), so today's people count 2 intermediate and 2 advanced on the deadline.
MINI: list[dict[str, Any]] = [
    {"id": "ann", "passed": ["IN-1"]},
    {"id": "bob", "passed": [{"exam": "AD-1", "date": "2026-01-10", "expires": "2027-01-10"}]},
    {"id": "cy"}, {"id": "dee"}, {"id": "eve", "passed": ["IN-2", "AD-2"]}]


def test_budget_short_names_the_most_points_within_it(tmp_path: Path) -> None:
    """With a budget for one US$165 exam, the reason gives the cheapest plan's cost and the most points
    one exam adds; the budget fix counts new exams without the renewal, as the re-planned report does."""
    scenario = _scenario(MINI)
    scenario["policy"] = {"budget_usd": 300}
    code, report = _plan(tmp_path, scenario)
    inputs = _inputs({"adds": 3, "usage": 6, "deployments": 2})
    one_more = max(_points("intermediate", 3) + _points("advanced", 2),
                   _points("intermediate", 2) + _points("advanced", 3))
    expected = (f"Mini designation needs a plan costing at least US$495, US$195 over the budget of US$300; "
                f"within it, the most Mini designation can score by {DEADLINE} is "
                f"{_words(inputs + one_more)} of the 70 points needed")
    assert (1, [expected]) == (code, _with(report["reasons"], "needs a plan costing"))
    scenario["policy"] = {"budget_usd": 495}
    code_raised, again = _plan(tmp_path, scenario, "raised.yaml")
    fix = report["fixes"][0]
    assert ("budget", 0, again["total_new_exams"], again["total_cost_usd"]) == (
        fix["kind"], code_raised, fix["total_new_exams"], fix["total_cost_usd"])
    assert 1 == again["total_renewals"]


def test_resilience_short_speaks_of_points(tmp_path: Path) -> None:
    """Four people can reach the score only all together: no plan keeps it after any one leaves, and the
    reason says there are not enough people to keep its points."""
    staff: list[dict[str, Any]] = [*THREE, {"id": "dee"}]
    scenario = _scenario(staff)
    scenario["policy"] = {"resilience": 1}
    code, report = _plan(tmp_path, scenario)
    expected = ("Mini designation can be reached, but no plan keeps it after any 1 of the people who count "
                "leave: there are not enough people who can qualify to keep its points")
    assert (1, [expected]) == (code, _with(report["reasons"], "no plan keeps it"))


def test_hiring_limit_fix_is_listed_and_replans(tmp_path: Path) -> None:
    """No consultant may be hired and three people are short of the total: the fix allows hiring, and
    the scenario with the limit raised re-plans with the exams and cost the fix promised."""
    scenario = _scenario(THREE)
    scenario["hiring"] = [{"profile": "consultant", "passed": ["IN-1"], "cost_usd": 5000, "max": 0}]
    code, report = _plan(tmp_path, scenario)
    assert (1, ["hire"]) == (code, [f["kind"] for f in report["fixes"]])
    scenario["hiring"][0]["max"] = 1
    code_hired, again = _plan(tmp_path, scenario, "hired.yaml")
    fix = report["fixes"][0]
    assert (0, again["total_new_exams"], again["total_cost_usd"]) == (
        code_hired, fix["total_new_exams"], fix["total_cost_usd"])


def test_without_the_most_points_solve_the_bound_says_at_most(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """When the most-points solve finds nothing in time, the sentence falls back on each metric's
    qualifiers up to its threshold, an upper bound, and says 'at most'."""
    import planner.explain.out_of_reach

    monkeypatch.setattr(planner.explain.out_of_reach, "best_counts", lambda most, time_limit=None: None)
    staff: list[dict[str, Any]] = [{"id": "ann", "passed": ["IN-1"]}, {"id": "bob", "passed": ["AD-1"]},
                                   {"id": "cy", "max_new_exams": 1}]
    _, report = _plan(tmp_path, _scenario(staff))
    bound = _inputs({"adds": 3, "usage": 6, "deployments": 2}) + _points("intermediate", 3) + _points(
        "advanced", 3)
    expected = f"the most Mini designation can score by {DEADLINE} is at most {_words(bound)} of the 70"
    assert 1 == len(_with(report["reasons"], expected)), report["reasons"]


def test_figures_too_low_for_the_total_even_with_every_exam_metric_full(tmp_path: Path) -> None:
    """With low organization.metrics figures the total is out of reach even with every exam metric full:
    the reason says so, leaves the leaver out of it, and no fix is proposed (no staff change helps)."""
    low = {"adds": 1, "usage": 1, "deployments": 1}
    staff: list[dict[str, Any]] = [*MINI, {"id": "fay", "passed": ["IN-1"], "leaves_on": "2027-03-01"}]
    code, report = _plan(tmp_path, _scenario(staff, low))
    best = _inputs(low) + _points("intermediate", 4) + _points("advanced", 3)
    expected = (f"the most Mini designation can score by {DEADLINE} is {_words(best)} of the 70 points "
                f"needed ({_words(70 - best)} short)")
    reasons = _with(report["reasons"], expected)
    assert (1, 1, []) == (code, len(reasons), report["fixes"])
    assert reasons[0].endswith("; every exam metric is full: only higher organization.metrics figures can "
                               "add points")
