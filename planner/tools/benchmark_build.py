"""Benchmark of building the model (issue 20): many metrics of a scored level, many roles of a slotted one.

    .venv/bin/python -m planner.tools.benchmark_build          # every row below, 120 s and 4 GiB each
    .venv/bin/python -m planner.tools.benchmark_build --metrics 10,20 --roles 12 --time-limit 30

Each row writes a custom catalog and a 20-person roster (seeded, to a temporary folder) and runs, in a
fresh `python -m planner` process, `plan --format json --time-limit S` on it: a scored level of N exam
metrics (each its own list of two exams, prime thresholds 2, 3, 5, ...), with and without
`--resilience 1`, and a slotted level of N roles (one slot each, N + 6 people, at least 20) whose
slots may share a holder (`people: same-or-different`) or must not (`people: different`, with
`--resilience 1`). It prints the wall-clock seconds, the seconds spent building (the problem and the
CP-SAT model, from the plan's JSON stats) and the model's size, the child's peak memory (MiB, from
wait4) and the plan's status, or the error the run ended with. Each child's address space is capped
(`--memory-gib`, 4 by default) so a run that lists every subset ends with "out of memory" instead of
taking the machine. Timings vary with the machine: the table is printed, never judged.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PEOPLE = 20
PRIMES = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97)
HEADER = (f"{'what':<52} {'wall s':>8} {'build s':>8} {'peak MiB':>9} {'variables':>10} "
          f"{'constraints':>11}  status")


@dataclass(frozen=True)
class Measured:
    """One child process: wall-clock seconds, peak memory (MiB), exit code, and its JSON (if any)."""

    seconds: float
    peak_mib: float
    code: int
    data: dict[str, object]
    error: str


def scored_catalog(metrics: int) -> str:
    """A scored level of `metrics` exam metrics, each counting one list of two exams."""
    exams = "".join(f"  - {{code: X{m}-A, title: A{m}}}\n  - {{code: X{m}-B, title: B{m}}}\n"
                    for m in range(metrics))
    lists = "".join(f"  - {{id: l{m}, name: L{m}, exams: [X{m}-A, X{m}-B]}}\n" for m in range(metrics))
    rows = "".join(f"        - {{id: m{m}, name: M{m}, max_points: 10, threshold: "
                   f"{PRIMES[m % len(PRIMES)] if m < 12 else 3}, lists: [l{m}]}}\n" for m in range(metrics))
    return (f"catalog_version: 1\nid: many-metrics\nname: Many metrics\nrevision: 2020-01-01\nexams:\n{exams}"
            f"lists:\n{lists}levels:\n  - id: scored\n    name: Scored\n    score:\n"
            f"      total: {metrics * 4}\n      metrics:\n{rows}")


def slotted_catalog(roles: int, people: str) -> str:
    """A slotted level of `roles` roles (one list of two exams each, one slot each) and a level below."""
    exams = "".join(f"  - {{code: Y{r}-A, title: A{r}}}\n  - {{code: Y{r}-B, title: B{r}}}\n"
                    for r in range(roles))
    lists = "".join(f"  - {{id: l{r}, name: L{r}, exams: [Y{r}-A, Y{r}-B]}}\n" for r in range(roles))
    role_rows = "".join(f"  - {{id: r{r}, lists: [l{r}]}}\n" for r in range(roles))
    low = ", ".join(f"r{r}: 1" for r in range(roles // 2))
    high = ", ".join(f"r{r}: 1" for r in range(roles))
    return (f"catalog_version: 1\nid: many-roles\nname: Many roles\nrevision: 2020-01-01\nexams:\n{exams}"
            f"lists:\n{lists}roles:\n{role_rows}levels:\n"
            f"  - {{id: silver, name: Silver, people: {people}, slots: {{{low}}}}}\n"
            f"  - {{id: gold, name: Gold, people: {people}, slots: {{{high}}}}}\n")


def roster(prefix: str, kinds: int, people: int = PEOPLE, seed: int = 20) -> str:
    """`people` people, each holding a few exams of the catalog (seeded)."""
    rng = random.Random(seed)
    lines = []
    for p in range(people):
        draws = range(rng.randint(0, 4))
        held = sorted({f"{prefix}{rng.randrange(kinds)}-{rng.choice('AB')}" for _ in draws})
        lines.append(f"  - {{id: p{p:02d}, passed: [{', '.join(held)}]}}\n")
    return ("schema_version: 1\nname: Build benchmark\nas_of: 2020-06-01\ndeadline: 2021-06-01\n"
            "organization: {market: developed, revenue_usd: 0, dpor: false}\nstaff:\n" + "".join(lines))


def _cap_memory(gib: float) -> None:
    limit = int(gib * 1024 ** 3)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def measure(args: list[str], time_limit: float, memory_gib: float) -> Measured:
    """`python -m planner plan ARGS --format json -v --time-limit S` in a fresh, memory-capped process."""
    command = [sys.executable, "-m", "planner", "plan", *args, "--format", "json", "--time-limit",
               f"{time_limit:g}"]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                 preexec_fn=lambda: _cap_memory(memory_gib))
        try:
            _, status, usage = os.wait4(child.pid, 0)
        except KeyboardInterrupt:
            child.kill()
            raise
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        text, problem = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    try:
        data = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError:
        data = {}
    last = problem.strip().splitlines()[-1] if problem.strip() else ""
    return Measured(seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), data, last[:80])


def row(what: str, m: Measured) -> str:
    stats = m.data.get("stats", {}) if isinstance(m.data.get("stats"), dict) else {}
    assert isinstance(stats, dict)
    status = str(m.data.get("status", "")) or f"exit {m.code}: {m.error}"
    parts = [float(x) for x in (stats.get("build_seconds"), stats.get("model_seconds")) if x is not None]
    build = f"{sum(parts):.2f}" if parts else None
    return (f"{what:<52} {m.seconds:>8.2f} {build if build is not None else '-':>8} {m.peak_mib:>9.0f} "
            f"{stats.get('variables', '-'):>10} {stats.get('constraints', '-'):>11}  {status}")


def cases(metrics: list[int], roles: list[int], folder: Path) -> list[tuple[str, list[str]]]:
    """Every row's name and plan arguments, its files written to `folder`."""
    out: list[tuple[str, list[str]]] = []
    for n in metrics:
        catalog, scenario = folder / f"metrics{n}.yaml", folder / f"metrics{n}-staff.yaml"
        catalog.write_text(scored_catalog(n), encoding="utf-8")
        scenario.write_text(roster("X", n), encoding="utf-8")
        base = [str(scenario), "--catalog", str(catalog), "--target", "many-metrics:scored"]
        out.append((f"scored, {n} metrics, {PEOPLE} people", base))
        out.append((f"scored, {n} metrics, {PEOPLE} people, resilience 1", [*base, "--resilience", "1"]))
    for n in roles:
        scenario = folder / f"roles{n}-staff.yaml"
        scenario.write_text(roster("Y", n, people=max(PEOPLE, n + 6)), encoding="utf-8")
        for people in ("same-or-different", "different"):
            catalog = folder / f"roles{n}-{people}.yaml"
            catalog.write_text(slotted_catalog(n, people), encoding="utf-8")
            base = [str(scenario), "--catalog", str(catalog), "--target", "many-roles:gold"]
            extra = ["--resilience", "1"] if people == "different" else []
            label = f"slotted {people}, {n} roles, {max(PEOPLE, n + 6)} people"
            label += ", resilience 1" if extra else ""
            out.append((label, [*base, *extra]))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m planner.tools.benchmark_build",
                                     description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--metrics", default="10,20,30,40", help="numbers of exam metrics, comma-separated")
    parser.add_argument("--roles", default="12,24,36", help="numbers of roles, comma-separated")
    parser.add_argument("--time-limit", type=float, default=120.0, help="each plan's --time-limit")
    parser.add_argument("--memory-gib", type=float, default=4.0, help="each child's address-space cap")
    args = parser.parse_args(argv)
    metrics = [int(n) for n in args.metrics.split(",") if n]
    roles = [int(n) for n in args.roles.split(",") if n]
    print(HEADER)
    with tempfile.TemporaryDirectory() as tmp:
        for what, plan_args in cases(metrics, roles, Path(tmp)):
            print(row(what, measure(plan_args, args.time_limit, args.memory_gib)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
