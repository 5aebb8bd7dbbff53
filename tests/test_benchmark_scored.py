"""`python -m planner.tools.benchmark_scored` runs on a tiny roster and prints its table (no timing)."""

from __future__ import annotations

from planner.tools.benchmark_scored import HEADER, best_facts, main, plan_facts


def test_benchmark_runs_on_a_tiny_roster_and_prints_every_row_and_the_targets(capsys):
    """On 12 people it prints the header, validate and the three modes, then the targets."""
    assert 0 == main(["--sizes", "12", "--repeat", "1"])
    lines = capsys.readouterr().out.splitlines()
    table = lines[:lines.index("targets:")] if "targets:" in lines else lines
    rows = [line for line in table if line.split()[:1] == ["12"]]
    modes = [line.split()[1] for line in rows]
    assert (True, ["validate", "plan", "--resilience", "best"], True) == (
        HEADER in lines, modes, "targets:" in lines)
    work = HEADER.index(" work") + len(" work")  # the work column: the plan's deterministic seconds
    assert float(rows[1][:work].split()[-1]) > 0 and rows[0][:work].split()[-1] == "-"


def test_plan_facts_read_status_points_exams_renewals_people_and_work():
    """A plan's JSON gives its status, points on the deadline, new exams, renewals, people in the model and
    CP-SAT's work in deterministic seconds."""
    data = {"status": "optimal", "scores": [{"points": 70.5}], "total_new_exams": 3, "total_renewals": 2,
            "stats": {"people_in_model": 17, "deterministic_seconds": 1.014}}
    assert {"status": "optimal", "points": "70.5", "new": "3", "renewals": "2", "people": "17",
            "work": "1.014"} == plan_facts(data)


def test_best_facts_count_renewals_apart_when_the_level_is_out_of_reach():
    """Out of reach, `best`'s exams within budget are split into new exams and renewals."""
    data = {"plan": None, "next_level": {"score_within_budget": {"points": 61.0}, "new_exams_within_budget": [
        {"exam": "A"}, {"exam": "B", "renewal": True}, {"exam": "C"}]}, "stats": {}}
    assert {"status": "out of reach", "points": "61", "new": "2", "renewals": "1", "people": "-",
            "work": "-"} == best_facts(data)


def test_several_designations_meet_their_targets_only_proven_optimal():
    """A plan of several designations on 200 people under 3 s counts as met only when proven optimal; the
    largest size's rows are judged against 2x validate."""
    from planner.tools.benchmark import Run
    from planner.tools.benchmark_scored import Row, target_lines

    def row(size: int, mode: str, seconds: float, ratio: float, status: str) -> Row:
        return Row(size, mode, Run(seconds=seconds, cpu_seconds=seconds, peak_mib=1.0, code=0, stdout="",
                                   stderr=""), ratio, {"status": status})

    rows = [row(200, "plan (together)", 2.5, 5.0, "feasible"), row(100000, "validate", 3.0, 1.0, "valid"),
            row(100000, "plan (together)", 5.0, 1.7, "optimal"),
            row(100000, "check (every one)", 7.0, 2.3, "ok")]
    verdicts = [line.rsplit(": ", 1)[1] for line in target_lines(rows)]
    assert ["MISSED (status feasible)", "met", "MISSED"] == verdicts


def test_several_seeds_time_a_roster_each_and_judge_each(capsys):
    """--seed 1,2 on 12 people with two designations: each seed's roster gets its own validate, plan and
    check rows (labelled with its seed), and each largest-size row its own verdict."""
    assert 0 == main(["--sizes", "12", "--repeat", "1", "--seed", "1,2", "--designations",
                      "data-ai,infrastructure"])
    lines = capsys.readouterr().out.splitlines()
    table = [line for line in lines[:lines.index("targets:")] if line.split()[:1] == ["12"]]
    modes = ["validate", "plan (together)", "check (every one)"]
    expected = [f"{mode} s{seed}" for seed in (1, 2) for mode in modes]
    assert expected == [label for line in table for label in expected if f" {label} " in line]
    verdicts = [line.split(":")[0].strip() for line in lines[lines.index("targets:") + 1:]]
    assert [f"12 people, {mode} s{seed}" for seed in (1, 2) for mode in modes[1:]] == verdicts


def test_a_seed_that_is_not_a_number_is_a_usage_error(capsys):
    import pytest

    with pytest.raises(SystemExit) as stopped:
        main(["--seed", "1,x"])
    assert (2, "--seed: whole numbers separated by commas (got '1,x')") == (
        stopped.value.code, capsys.readouterr().err.strip().splitlines()[-1].split("error: ")[1])
