"""Benchmark of every planning mode on the pruned model, next to `validate` on the same file (issue 12).

    .venv/bin/python -m planner.tools.benchmark_modes                 # 1,000, 10,000 and 100,000 people
    .venv/bin/python -m planner.tools.benchmark_modes --sizes 1000 --repeat 3
    .venv/bin/python -m planner.tools.benchmark_modes --targets-only  # 20 goals on 200 people

For each size it generates a roster (`planner generate --seed 5`) and times, each in a fresh process,
`validate` and `plan` (Gold) in every mode: plain, --resilience 1 and 2, --alternatives 5, --schedule,
--objective time, --objective risk, --buffer, and two goals (Cloud CRM Gold with Cloud Business
Applications Silver). It prints wall-clock seconds (CPU seconds in brackets), the ratio to `validate`
measured in the same run, the people in the model, the pruning used and the status (every plan must be
proven optimal). The last table plans N copies of a two-role custom catalog as N goals on 200 people.
Targets (printed as met or missed, never an error: timings vary with the machine): every mode within
2x `validate` at the largest size, the plain Gold plan within 1.5x, 20 goals under 5 s.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

from planner.tools.benchmark import Run, machine_line, run_planner

MODES: list[tuple[str, list[str]]] = [
    ("plan", []),
    ("--resilience 1", ["--resilience", "1"]),
    ("--resilience 2", ["--resilience", "2"]),
    ("--alternatives 5", ["--alternatives", "5"]),
    ("--schedule", ["--schedule"]),
    ("--objective time", ["--objective", "time"]),
    ("--objective risk", ["--objective", "risk"]),
    ("--buffer", ["--buffer"]),
    ("two goals", ["--target", "cloud-crm:gold", "--target", "cloud-business-applications:silver"]),
]
MODE_TARGET = 2.0
PLAIN_TARGET = 1.5
TARGETS_SECONDS = 5.0


def _seconds(run: Run) -> str:
    return f"{run.seconds:.2f} ({run.cpu_seconds:.2f})"


def _facts(run: Run) -> tuple[str, str, str]:
    """(status, people in the model, pruning) from a plan's JSON."""
    try:
        data = json.loads(run.stdout)
    except ValueError:
        return f"exit {run.code}", "-", "-"
    stats = data.get("stats", {})
    return data.get("status", "?"), str(stats.get("people_in_model", "-")), str(stats.get("pruning", "-"))


def size_table(size: int, repeat: int, folder: Path) -> list[tuple[str, float, str]]:
    """Time validate and every mode on a generated roster; print the rows; (mode, ratio, status) each."""
    path = folder / f"g{size}.yaml"
    generated = run_planner(["generate", "--staff", str(size), "--seed", "5", "--out", str(path)])
    if generated.code != 0:
        raise SystemExit(f"generate failed: {generated.stderr}")
    validate = run_planner(["validate", str(path)], repeat)
    print(f"\n{size:,} people: validate {_seconds(validate)} s")
    print(f"{'mode':<18} {'seconds (cpu)':>15} {'x validate':>10} {'people':>7} {'pruning':>9}  status")
    out = []
    for name, args in MODES:
        run = run_planner(["plan", str(path), *args, "--format", "json"], repeat)
        status, people, pruning = _facts(run)
        ratio = run.seconds / validate.seconds
        print(f"{name:<18} {_seconds(run):>15} {ratio:>10.2f} {people:>7} {pruning:>9}  {status}")
        out.append((name, ratio, status))
    return out


def many_targets(goals: int, staff: int, folder: Path, repeat: int) -> Run:
    """N copies of a two-role catalog planned as N goals on `staff` people."""
    rng = random.Random(5)
    catalogs = []
    for i in range(goals):
        path = folder / f"copy{i}.yaml"
        path.write_text(
            f"catalog_version: 1\nid: copy{i}\nname: Copy {i}\nrevision: 2017-01-01\n"
            "exams:\n" + "".join(f"  - {{code: ZZ{n}-00{i % 10}, title: Exam {n}}}\n" for n in range(1, 5))
            + f"lists:\n  - {{id: a, name: a, exams: [ZZ1-00{i % 10}, ZZ2-00{i % 10}]}}\n"
            f"  - {{id: b, name: b, exams: [ZZ3-00{i % 10}, ZZ4-00{i % 10}]}}\n"
            "roles:\n  - {id: ra, lists: [a]}\n  - {id: rb, lists: [b]}\n"
            "levels:\n  - {id: silver, name: Silver, slots: {ra: 1, rb: 1}}\n"
            "  - {id: gold, name: Gold, slots: {ra: 2, rb: 2}}\n", encoding="utf-8")
        catalogs += ["--catalog", str(path)]
    people = []
    for p in range(staff):
        held = sorted({f"ZZ{rng.randint(1, 4)}-00{rng.randrange(10)}" for _ in range(rng.randint(0, 3))})
        people.append(f"  - {{id: p{p:03d}, passed: [{', '.join(held)}]}}\n")
    scenario = folder / "targets.yaml"
    scenario.write_text(
        "schema_version: 1\nname: Many goals\ncompetency: copy0\nas_of: 2017-11-20\ndeadline: 2018-06-30\n"
        "organization: {market: developed, revenue_usd: 0, dpor: false}\nstaff:\n" + "".join(people),
        encoding="utf-8")
    targets = [a for i in range(goals) for a in ("--target", f"copy{i}:gold")]
    return run_planner(["plan", str(scenario), *catalogs, *targets, "--format", "json"], repeat)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m planner.tools.benchmark_modes",
                                     description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="Roster sizes (default: 1000,10000,100000).")
    parser.add_argument("--repeat", type=int, default=1, help="Runs per command; the fastest counts.")
    parser.add_argument("--targets-only", action="store_true", help="Only the many-goals table.")
    args = parser.parse_args(argv)
    print(machine_line())
    with tempfile.TemporaryDirectory() as folder:
        rows: list[tuple[str, float, str]] = []
        if not args.targets_only:
            for size in [int(s) for s in args.sizes.split(",")]:
                rows = size_table(size, args.repeat, Path(folder))
        print(f"\n{'goals':>5} {'seconds (cpu)':>15}  status")
        for goals in (10, 15, 20):
            run = many_targets(goals, 200, Path(folder), args.repeat)
            print(f"{goals:>5} {_seconds(run):>15}  {_facts(run)[0]}")
        print("\ntargets:")
        for name, ratio, status in rows:
            limit = PLAIN_TARGET if name == "plan" else MODE_TARGET
            verdict = "met" if ratio <= limit else "MISSED"
            print(f"  {name}: {ratio:.2f}x validate (target {limit}x): {verdict}"
                  f"{'' if status == 'optimal' else f' (status {status})'}")
        print(f"  20 goals on 200 people: {run.seconds:.2f} s (target {TARGETS_SECONDS} s): "
              f"{'met' if run.seconds <= TARGETS_SECONDS else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
