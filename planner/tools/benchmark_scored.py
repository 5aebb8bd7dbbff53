"""Benchmark of a scored designation (issue 15): plan, resilience and best next to `validate` on one file.

    .venv/bin/python -m planner.tools.benchmark_scored                # 200, 1,000, 10,000 and 100,000 people
    .venv/bin/python -m planner.tools.benchmark_scored --sizes 200 --repeat 5
    .venv/bin/python -m planner.tools.benchmark_scored --seed 5       # another roster (seed 5: the SMB track)
    .venv/bin/python -m planner.tools.benchmark_scored --seed 1,2,3   # a roster per seed, each judged

For each size it generates a scored roster (`planner generate --competency business-applications`; seed 1
draws the enterprise track) and times, each in a fresh process, `validate`, `plan`, `plan --resilience 1`
and `best --budget B`, B being half what the plain plan costs (so the designation is out of reach and
`best` looks for the highest score within it). It prints wall-clock seconds (CPU seconds in brackets), the
ratio to `validate` measured in the same run, and from each answer's JSON its status, the points on the
deadline, the new exams and renewals, the people in the model, and the plan's CP-SAT work ("work": the
deterministic seconds of its stages, `stats.deterministic_seconds`, which do not move with the machine's
load: compare two versions of the code by it, and by the clock only over alternated runs; the plans
alone and the cheaper plan beside it are not counted). Commands run `--repeat` times (default:
3 up to 1,000 people, once above) and the fastest counts; --time-limit S is passed to plan and best.
Targets (printed as met or missed, never an error: timings vary with the machine and its load): the
200-person plan under 2 s, every mode within 2x `validate` at the largest size.

    .venv/bin/python -m planner.tools.benchmark_scored --designations all --sizes 200 --time-limit 60

With --designations (all, or ids separated by commas) the roster is one for those designations planned
together (`planner generate --competency all`: certification passes, figures per designation) and the rows
are `validate`, `plan` of every designation together and `check --competency all`; the target for the
200-person plan is then 3 s (issue 21, point 6).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from planner.tools.benchmark import Run, machine_line, run_planner

COMPETENCY = "business-applications"
SMALL_TARGET_SIZE = 200
SMALL_TARGET_SECONDS = 2.0
MODE_TARGET = 2.0
SMALL = 1000  # sizes up to this run --repeat 3 by default
SEVERAL_TARGET_SECONDS = 3.0  # all six designations planned together on 200 people


@dataclass(frozen=True)
class Row:
    """One timed command of one size (of the roster of `seed`, when several seeds are timed)."""

    size: int
    mode: str
    run: Run
    ratio: float
    facts: dict[str, str]
    seed: int | None = None

    @property
    def label(self) -> str:
        """The mode, with the roster's seed when several are timed: 'plan (together) s3'."""
        return self.mode if self.seed is None else f"{self.mode} s{self.seed}"


def _number(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _score_points(scores: list[dict[str, Any]] | None) -> str:
    return _number(scores[0].get("points")) if scores else "-"


def plan_facts(data: dict[str, Any]) -> dict[str, str]:
    """Status, points on the deadline, new exams, renewals, people in the model and CP-SAT's work
    (deterministic seconds) from a plan's JSON."""
    stats = data.get("stats", {})
    return {"status": str(data.get("status", "?")), "points": _score_points(data.get("scores")),
            "new": _number(data.get("total_new_exams")), "renewals": _number(data.get("total_renewals", 0)),
            "people": _number(stats.get("people_in_model")),
            "work": _number(stats.get("deterministic_seconds"))}


def best_facts(data: dict[str, Any]) -> dict[str, str]:
    """The same from `best`'s JSON: its plan's when a level is reachable, else the score within budget."""
    if data.get("plan"):
        return {**plan_facts(data["plan"]), "status": f"best {data.get('best_level')}"}
    short = data.get("next_level") or {}
    within = short.get("new_exams_within_budget") or []
    renewals = sum(1 for e in within if e.get("renewal"))
    score = short.get("score_within_budget")
    return {"status": "out of reach", "points": _score_points([score] if score else None),
            "new": str(len(within) - renewals), "renewals": str(renewals),
            "people": _number(data.get("stats", {}).get("people_in_model")),
            "work": _number(data.get("stats", {}).get("deterministic_seconds"))}


def _facts(run: Run, of: Any) -> dict[str, str]:
    try:
        data = json.loads(run.stdout)
    except ValueError:
        return {"status": f"exit {run.code}: {run.stderr.strip()[-60:]}"}
    return of(data)


def _half_cost(plan: Run) -> int:
    """Half what the plan costs, in whole hundreds of US$ (at least 100)."""
    try:
        cost = float(json.loads(plan.stdout).get("total_cost_usd") or 0)
    except ValueError:
        cost = 0.0
    return max(100, int(cost / 2 // 100 * 100))


def several_rows(size: int, seed: int, repeat: int, folder: Path, limit: list[str],
                 designations: list[str]) -> Iterator[Row]:
    """Generate a roster for several designations and time validate, plan (every designation together)
    and check --competency all."""
    path = folder / f"designations{size}-s{seed}.yaml"
    named = [arg for d in designations for arg in ("--competency", d)]
    generated = run_planner(["generate", "--staff", str(size), "--seed", str(seed), *named,
                             "--out", str(path)])
    if generated.code != 0:
        raise SystemExit(f"generate failed: {generated.stderr}")
    validate = run_planner(["validate", str(path)], repeat)
    yield Row(size, "validate", validate, 1.0, {"status": "valid" if validate.code == 0 else
                                                f"exit {validate.code}"})
    plan = run_planner(["plan", str(path), *limit, "--format", "json"], repeat)
    yield Row(size, "plan (together)", plan, plan.seconds / validate.seconds, _facts(plan, plan_facts))
    check = run_planner(["check", str(path), *named, "--format", "json"], repeat)
    yield Row(size, "check (every one)", check, check.seconds / validate.seconds,
              {"status": "ok" if check.code == 0 else f"exit {check.code}"})


def size_rows(size: int, seed: int, repeat: int, folder: Path, limit: list[str]) -> Iterator[Row]:
    """Generate a scored roster of `size` people and time validate, plan, plan --resilience 1 and best
    (each row as soon as it is measured; `limit` is added to the planning commands)."""
    path = folder / f"scored{size}-s{seed}.yaml"
    generated = run_planner(["generate", "--staff", str(size), "--seed", str(seed), "--competency",
                             COMPETENCY, "--out", str(path)])
    if generated.code != 0:
        raise SystemExit(f"generate failed: {generated.stderr}")
    validate = run_planner(["validate", str(path)], repeat)
    yield Row(size, "validate", validate, 1.0, {"status": "valid" if validate.code == 0 else
                                                f"exit {validate.code}"})
    plan = run_planner(["plan", str(path), *limit, "--format", "json"], repeat)
    yield Row(size, "plan", plan, plan.seconds / validate.seconds, _facts(plan, plan_facts))
    resilient = run_planner(["plan", str(path), "--resilience", "1", *limit, "--format", "json"], repeat)
    yield Row(size, "--resilience 1", resilient, resilient.seconds / validate.seconds,
              _facts(resilient, plan_facts))
    budget = _half_cost(plan)
    best = run_planner(["best", str(path), "--budget", str(budget), *limit, "--format", "json"], repeat)
    yield Row(size, f"best --budget {budget}", best, best.seconds / validate.seconds,
              _facts(best, best_facts))


HEADER = (f"{'people':>7} {'mode':<19} {'seconds (cpu)':>14} {'x validate':>10} {'points':>7} {'new':>4} "
          f"{'renew':>5} {'in model':>8} {'work':>7}  status")


def row_line(row: Row) -> str:
    """One line of the table."""
    f = row.facts
    seconds = f"{row.run.seconds:.2f} ({row.run.cpu_seconds:.2f})"
    return (f"{row.size:>7,} {row.label:<19} {seconds:>14} {row.ratio:>10.2f} {f.get('points', '-'):>7} "
            f"{f.get('new', '-'):>4} {f.get('renewals', '-'):>5} {f.get('people', '-'):>8} "
            f"{f.get('work', '-'):>7}  {f['status']}")


def target_lines(rows: list[Row]) -> list[str]:
    """Met or missed: the 200-person plan under 2 s (3 s for several designations together, proven
    optimal), every mode within 2x validate at the largest size (a plan of several designations proven
    optimal there too)."""
    out = []
    small = [r for r in rows if r.size == SMALL_TARGET_SIZE and r.mode.startswith("plan")]
    for r in small:
        target = SMALL_TARGET_SECONDS if r.mode == "plan" else SEVERAL_TARGET_SECONDS
        verdict = "met" if r.run.seconds < target and _proven(r) else "MISSED"
        out.append(f"  {r.size}-person {r.label}: {r.run.seconds:.2f} s wall, {r.run.cpu_seconds:.2f} s CPU "
                   f"(target {target:g} s{_optimal(r)}): {verdict}{_status(r)}")
    largest = max((r.size for r in rows), default=0)
    for r in rows:
        if r.size == largest and r.mode != "validate":
            verdict = "met" if r.ratio <= MODE_TARGET and _proven(r) else "MISSED"
            out.append(f"  {largest:,} people, {r.label}: {r.ratio:.2f}x validate (target {MODE_TARGET:g}x"
                       f"{_optimal(r)}): {verdict}{_status(r)}")
    return out


def _proven(row: Row) -> bool:
    """A plan of several designations together counts only proven optimal (issue 21, point 6)."""
    return row.mode != "plan (together)" or row.facts.get("status") == "optimal"


def _optimal(row: Row) -> str:
    return ", proven optimal" if row.mode == "plan (together)" else ""


def _status(row: Row) -> str:
    return "" if _proven(row) else f" (status {row.facts.get('status')})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m planner.tools.benchmark_scored",
                                     description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--sizes", default="200,1000,10000,100000",
                        help="Roster sizes (default: 200,1000,10000,100000).")
    parser.add_argument("--seed", default="1", metavar="SEEDS",
                        help="Generator seed, or seeds separated by commas: a roster per seed, each timed "
                        "and judged against the targets (default 1: the enterprise track).")
    parser.add_argument("--time-limit", type=float, default=None, metavar="SECONDS",
                        help="Pass --time-limit to plan and best (default: none; a plan cut short is "
                        "'feasible').")
    parser.add_argument("--designations", default=None, metavar="IDS",
                        help="all, or designation ids separated by commas: a roster for them planned "
                        "together (default: one designation, business-applications).")
    parser.add_argument("--repeat", type=int, default=None,
                        help="Runs per command; the fastest counts (default: 3 up to 1,000 people, else 1).")
    args = parser.parse_args(argv)
    try:
        seeds = [int(seed) for seed in args.seed.split(",")]
    except ValueError:
        parser.error(f"--seed: whole numbers separated by commas (got {args.seed!r})")
    print(machine_line())
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        print(HEADER)
        for row in _timed_rows(args, seeds, Path(folder)):
            print(row_line(row), flush=True)
            rows.append(row)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("targets:")
    for line in target_lines(rows):
        print(line)
    return 0


def _timed_rows(args: argparse.Namespace, seeds: list[int], folder: Path) -> Iterator[Row]:
    """Each size's rows, a roster per seed (each row labelled with its seed when there are several)."""
    for size in [int(s) for s in args.sizes.split(",")]:
        repeat = args.repeat if args.repeat is not None else (3 if size <= SMALL else 1)
        limit = [] if args.time_limit is None else ["--time-limit", f"{args.time_limit:g}"]
        for seed in seeds:
            rows_of = (size_rows(size, seed, repeat, folder, limit) if args.designations is None
                       else several_rows(size, seed, repeat, folder, limit, args.designations.split(",")))
            for row in rows_of:
                yield replace(row, seed=seed) if len(seeds) > 1 else row


if __name__ == "__main__":
    sys.exit(main())
