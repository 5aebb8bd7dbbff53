"""Benchmark: how long planning takes next to just reading the roster, from 1,000 to 100,000 people.

Run it from the repository (it takes a minute or two; 100,000 people need about 300 MB of memory):

    .venv/bin/python -m planner.tools.benchmark                      # N = 1,000, 10,000 and 100,000, seed 1
    .venv/bin/python -m planner.tools.benchmark --sizes 1000,20000 --seed 7 --repeat 3
    .venv/bin/python -m planner.tools.benchmark --shipped-only --repeat 5   # the small-scenario row only

For each N it generates a roster (`planner generate`, to a temporary file) and runs, each in a fresh
`python -m planner` process: `validate`, then `plan --level gold --format json` with both objectives.
It prints a table of wall-clock times (CPU times in brackets: steadier on a busy machine), peak memory
(the child's maximum resident set, from wait4/getrusage), their ratios (plan / validate), the CP-SAT
model size from the plan's JSON stats, and the optimum next to an independent baseline: a min-cost
assignment of people to slots with OR-Tools SimpleMinCostFlow, each arc costing that person's cheapest
way to fill that role (new exams and cost, combined lexicographically with a big M). It also times
`planner --help`.

Exit status: 0 when every plan is proven optimal and equals the baseline; 1, with a message saying
which, when a plan differs from the baseline, is not proven optimal, or a command fails. The targets of
issue 4 (plan within 1.5x of validate in time and memory at the largest N, model size constant in N,
`--help` under 0.3 s) and of issue 14 (a shipped scenario's `plan` under 2x its `validate`, wall-clock:
start-up dominates a small plan) are printed as met or missed; timings vary with the machine, so missing one
is reported, not an error. With --repeat R every timed command runs R times and the fastest run counts.

Every timed command runs with Python's bytecode cache in a temporary folder (PYTHONPYCACHEPREFIX, whatever
PYTHONDONTWRITEBYTECODE says), filled by a few untimed commands first: an installed planner runs from
compiled modules, and compiling them on every run would time the compiler (`child_env`, `warm_up`).
"""

from __future__ import annotations

import argparse
import atexit
import itertools
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the models are imported only where they are used: --help and the table need none
    from models.catalog import Catalog
    from models.scenario import Person, Scenario

OBJECTIVES = ("exams", "cost")
TIME_RATIO_TARGET = 1.5
MEMORY_RATIO_TARGET = 1.5
HELP_TARGET_SECONDS = 0.3
SHIPPED_RATIO_TARGET = 2.0
SHIPPED_SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "contoso-gold-push.yaml"
"""A shipped 14-person scenario: a small plan's time is mostly start-up (imports), measured against
validate."""
IMPOSSIBLE_SCENARIO = SHIPPED_SCENARIO.with_name("adatum-gold-impossible.yaml")
"""A shipped scenario whose Gold cannot be reached (its plan explains why and searches for fixes)."""


@dataclass
class Run:
    """One child process: wall-clock and CPU seconds, peak resident memory (MiB), exit code and output."""

    seconds: float
    cpu_seconds: float
    peak_mib: float
    code: int
    stdout: str
    stderr: str


def run_planner(args: list[str], repeat: int = 1) -> Run:
    """Run `python -m planner ARGS` in fresh processes; the fastest of `repeat` runs, with its peak memory."""
    best: Run | None = None
    for _ in range(max(1, repeat)):
        run = _run_once([sys.executable, "-m", "planner", *args])
        if best is None or run.seconds < best.seconds:
            best = run
    assert best is not None
    return best


_BYTECODE: list[str] = []  # the temporary folder of the timed commands' compiled modules, once made


def child_env() -> dict[str, str]:
    """The environment of every timed command: Python's bytecode cache on, in a temporary folder
    (PYTHONPYCACHEPREFIX), whatever PYTHONDONTWRITEBYTECODE says (warm_up fills it before the timings).

    An installed planner runs from compiled modules (pip compiles them, and Python caches what it compiles).
    With PYTHONDONTWRITEBYTECODE=1 every command would compile the sources it imports afresh, and time the
    compiler: about 0.07 s of CPU for validate and 0.2 s for plan, which imports more (measured on a
    14-person scenario). Nothing is written beside the sources."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if not _BYTECODE:
        _BYTECODE.append(tempfile.mkdtemp(prefix="planner-bytecode-"))
        atexit.register(shutil.rmtree, _BYTECODE[0], True)
    env["PYTHONPYCACHEPREFIX"] = _BYTECODE[0]
    return env


def warm_up() -> None:
    """Run, untimed, the commands that import what the timed ones do (a plan that meets its level, and one
    that cannot, with its why-not reasons and fixes), so that their modules are compiled before the first
    timing, as in an installed planner."""
    for args in (["validate", str(SHIPPED_SCENARIO)], ["plan", str(SHIPPED_SCENARIO), "--format", "json"],
                 ["plan", str(IMPOSSIBLE_SCENARIO), "--format", "json"]):
        subprocess.run([sys.executable, "-m", "planner", *args], env=child_env(), capture_output=True,
                       check=False)


def _run_once(command: list[str]) -> Run:
    env = child_env()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
        return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / scale, child.returncode,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


# ---- the baseline: a min-cost assignment ---------------------------------------------------------------

@dataclass
class Baseline:
    """The optimum found by min-cost flow: number of new exams and their cost (cents), or infeasible."""

    feasible: bool
    exams: int
    cost_cents: int
    seconds: float


def min_cost_flow_optimum(path: Path, level_id: str, objective: str) -> Baseline:
    """The optimum of the level's exam rules by min-cost flow: source -> person -> role -> sink.

    A person who fills a slot takes exactly their cheapest exam set for its role (any extra exam would
    only add to the objective), and people are otherwise independent, so the plan's optimum is a min-cost
    assignment of people to slots. The cheapest set per person and role is enumerated here from the
    rules in planner/rules/domain.py, without planner/core/profiles.py or pruning.py.
    """
    from planner.input.loading import load_scenario
    from planner.rules.domain import role_lists

    loaded = load_scenario(path)
    started = time.perf_counter()
    catalog = loaded.catalog
    level = catalog.level(level_id)
    roles = [(r.id, role_lists(catalog, r)) for r in catalog.roles if level.slots.get(r.id, 0) > 0]
    arcs = _person_role_arcs(loaded.scenario, catalog, roles, objective)
    found = _min_cost_assignment(arcs, [level.slots[rid] for rid, _ in roles], objective)
    if found is None:
        return Baseline(False, 0, 0, time.perf_counter() - started)
    return Baseline(True, *found, time.perf_counter() - started)


Lists = list[tuple[str, frozenset[str]]]


def _person_role_arcs(scenario: Scenario, catalog: Catalog, roles: list[tuple[str, Lists]],
                      objective: str) -> list[tuple[int, int, int, int]]:
    """(person number, role number, new exams, cents) of each person's cheapest way to fill each role,
    for the people who count on the deadline (people alike in what the way depends on share the search)."""
    from planner.rules.domain import due, exam_cost_cents, held_on, new_exam_is_open, person_counts_on

    deadline = due(scenario)
    exams = {e.code: e for e in catalog.exams}
    open_codes = {c for c, e in exams.items() if new_exam_is_open(e, scenario.as_of, deadline)}
    covers: dict[tuple[object, ...], list[tuple[int, int] | None]] = {}
    arcs: list[tuple[int, int, int, int]] = []
    for number, person in enumerate(scenario.staff):
        if not person_counts_on(person, deadline):
            continue
        held = held_on(person, exams, deadline)
        signature = (held, None if person.can_take is None else frozenset(person.can_take),
                     person.max_new_exams, person.hourly_rate_usd)
        best = covers.get(signature)
        if best is None:
            best = covers[signature] = [
                _cheapest(held, lists, person, open_codes, objective,
                          partial(exam_cost_cents, scenario, person))
                for _, lists in roles]
        arcs.extend((number, r, *cover) for r, cover in enumerate(best) if cover is not None)
    return arcs


def _min_cost_assignment(arcs: list[tuple[int, int, int, int]], role_slots: list[int],
                         objective: str) -> tuple[int, int] | None:
    """(new exams, cents) of the cheapest assignment of people to every slot over `arcs`, the objective's
    measure first (combined lexicographically with a big M); None when no assignment fills them all."""
    # a pybind11 module that ships no type information
    from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]

    slots = sum(role_slots)
    top_cost = max((cents for *_, cents in arcs), default=0)
    top_exams = max((n for _, _, n, _ in arcs), default=0)
    big = slots * top_cost + 1 if objective == "exams" else slots * top_exams + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = 0, 1
    first_person = 2 + len(role_slots)  # roles are nodes 2, 3, ...
    person_node: dict[int, int] = {}
    for number, r, n, cents in arcs:
        node = person_node.setdefault(number, first_person + len(person_node))
        weight = n * big + cents if objective == "exams" else cents * big + n
        flow.add_arc_with_capacity_and_unit_cost(node, 2 + r, 1, weight)
    for node in person_node.values():
        flow.add_arc_with_capacity_and_unit_cost(source, node, 1, 0)
    for r, n in enumerate(role_slots):
        flow.add_arc_with_capacity_and_unit_cost(2 + r, sink, n, 0)
    flow.set_node_supply(source, slots)
    flow.set_node_supply(sink, -slots)
    if flow.solve() != flow.OPTIMAL:
        return None
    first, second = divmod(flow.optimal_cost(), big)
    return (first, second) if objective == "exams" else (second, first)


def _cheapest(held: frozenset[str], lists: Lists, person: Person, open_codes: set[str], objective: str,
              cost_of: Callable[[str], int]) -> tuple[int, int] | None:
    """(new exams, cents) of the person's cheapest way to hold one exam of each list, or None."""
    choices = _exams_to_choose(held, lists, person, open_codes)
    best: tuple[int, int] | None = None  # (exams, cents) for "exams", (cents, exams) for "cost"
    for combo in itertools.product(*choices):
        chosen = set(combo)
        if person.max_new_exams is not None and len(chosen) > person.max_new_exams:
            continue
        cents = sum(cost_of(c) for c in chosen)
        key = (len(chosen), cents) if objective == "exams" else (cents, len(chosen))
        if best is None or key < best:
            best = key
    if best is None:
        return None
    return best if objective == "exams" else (best[1], best[0])


def _exams_to_choose(held: frozenset[str], lists: Lists, person: Person, open_codes: set[str]
                     ) -> list[list[str]]:
    """For each list the person holds no exam of, the open exams of it the person may take."""
    from planner.rules.domain import person_may_take

    missing = [codes for _, codes in lists if not (held & codes)]
    return [[c for c in sorted(codes) if c in open_codes and person_may_take(person, c)] for codes in missing]


# ---- the table ----------------------------------------------------------------------------------------

@dataclass
class Row:
    """One line of the table: a roster size and an objective."""

    n: int
    objective: str
    validate: Run
    plan: Run
    report: dict
    baseline: Baseline

    @property
    def optimum(self) -> tuple[int, int]:
        return self.report["total_new_exams"], round(self.report["total_cost_usd"] * 100)


def _seconds(run: Run) -> str:
    return f"{run.seconds:.2f} ({run.cpu_seconds:.2f})"


def _money(cents: int) -> str:
    return f"${cents / 100:,.2f}"


def print_table(rows: list[Row]) -> None:
    """The results as a Markdown table (it pastes into the README as it is)."""
    head = ["N", "objective", "validate s (cpu)", "plan s (cpu)", "time ratio (cpu)", "validate MiB",
            "plan MiB", "memory ratio", "variables", "constraints", "optimum (exams, cost)", "min-cost flow",
            "flow s"]
    lines = [head, ["---:", "---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---",
                    "---", "---:"]]
    for row in rows:
        stats = row.report.get("stats", {})
        exams, cents = row.optimum
        base = (f"{row.baseline.exams}, {_money(row.baseline.cost_cents)}" if row.baseline.feasible
                else "infeasible")
        lines.append([
            f"{row.n:,}", row.objective, _seconds(row.validate), _seconds(row.plan),
            f"{row.plan.seconds / row.validate.seconds:.2f} "
            f"({row.plan.cpu_seconds / row.validate.cpu_seconds:.2f})",
            f"{row.validate.peak_mib:.0f}",
            f"{row.plan.peak_mib:.0f}", f"{row.plan.peak_mib / row.validate.peak_mib:.2f}",
            str(stats.get("variables", "?")), str(stats.get("constraints", "?")),
            f"{exams}, {_money(cents)}" if row.report.get("status") != "infeasible" else "infeasible",
            base, f"{row.baseline.seconds:.3f}",
        ])
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    for line in lines:
        if line[0].startswith("---"):
            cells = [("-" * (w - 1) + ":") if c.endswith(":") else "-" * w
                     for c, w in zip(line, widths, strict=True)]
        else:
            cells = [c.rjust(w) if i not in (1, 10, 11) else c.ljust(w)
                     for i, (c, w) in enumerate(zip(line, widths, strict=True))]
        print("| " + " | ".join(cells) + " |")


def machine_line() -> str:
    """The machine the numbers come from."""
    try:
        from importlib.metadata import version

        ortools = version("ortools")
    except Exception:  # noqa: BLE001 - only a label
        ortools = "?"
    return (f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"ortools {ortools}, {platform.system()} {platform.release()}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; the exit status says whether every optimum matched (see the module doc)."""
    parser = argparse.ArgumentParser(prog="python -m planner.tools.benchmark",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="Roster sizes, comma-separated (default: 1000,10000,100000).")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the generated rosters (default: 1).")
    parser.add_argument("--repeat", type=int, default=1,
                        help="Run each timed command this many times and keep the fastest (default: 1).")
    parser.add_argument("--shipped-only", action="store_true",
                        help="Only time the shipped scenario's plan against its validate.")
    args = parser.parse_args(argv)
    warm_up()
    if args.shipped_only:
        return 0 if _shipped_row(max(3, args.repeat)) else 1
    sizes = _sizes(parser, args.sizes)
    failures: list[str] = []
    rows: list[Row] = []
    print(f"machine: {machine_line()}")
    print(f"seed {args.seed}, level gold, fastest of {args.repeat} run(s) per command\n", flush=True)
    with tempfile.TemporaryDirectory(prefix="planner-benchmark-") as folder:
        for n in sizes:
            measured, failed = _measure(n, args.seed, Path(folder), args.repeat)
            rows += measured
            failures += failed
            print(f"  N={n:,} done", file=sys.stderr, flush=True)
    print_table(rows)
    shipped = _shipped_row(max(3, args.repeat))
    help_run = _help_time(max(3, args.repeat))
    print(f"\n`planner --help`: {help_run:.3f} s (fastest of {max(3, args.repeat)})")
    _print_targets(rows, help_run)
    failures += [] if shipped else ["the shipped scenario's plan or validate failed"]
    if failures:
        print("\nBENCHMARK FAILED:", file=sys.stderr)
        for failure in failures:
            print(f"  - {failure}", file=sys.stderr)
        return 1
    print("\nEvery plan is proven optimal and equals the min-cost flow optimum.")
    return 0


def _sizes(parser: argparse.ArgumentParser, text: str) -> list[int]:
    """The roster sizes of --sizes; a usage error (exit 2) when they are not whole numbers of 1 or more."""
    try:
        sizes = [int(s.replace("_", "")) for s in text.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes must be whole numbers separated by commas (got {text!r})")
    if not sizes or any(n < 1 for n in sizes):
        parser.error("--sizes must name at least one roster size of 1 or more")
    return sizes


def _measure(n: int, seed: int, folder: Path, repeat: int) -> tuple[list[Row], list[str]]:
    """A generated roster of n people: validate, then plan for each objective against the baseline; the
    rows and what failed."""
    from planner.tools.generate import generate_scenario

    path = folder / f"roster-{n}.yaml"
    path.write_text(generate_scenario(n, seed), encoding="utf-8")
    validate = run_planner(["validate", str(path)], repeat)
    if validate.code != 0:
        return [], [f"N={n}: validate exited {validate.code}: {validate.stderr.strip()}"]
    rows: list[Row] = []
    failures: list[str] = []
    for objective in OBJECTIVES:
        plan = run_planner(["plan", str(path), "--level", "gold", "--objective", objective,
                            "--format", "json"], repeat)
        if plan.code not in (0, 1):
            failures.append(f"N={n} {objective}: plan exited {plan.code}: {plan.stderr.strip()}")
            continue
        report = json.loads(plan.stdout)
        baseline = min_cost_flow_optimum(path, "gold", objective)
        row = Row(n, objective, validate, plan, report, baseline)
        rows.append(row)
        failures += _disagreements(row)
    return rows, failures


def _disagreements(row: Row) -> list[str]:
    label = f"N={row.n:,} objective={row.objective}"
    status = row.report.get("status")
    if not row.baseline.feasible:
        if status == "infeasible":
            return []
        return [f"{label}: the baseline finds no assignment, the plan is {status}"]
    if status != "optimal":
        return [f"{label}: the plan is {status}, not proven optimal"]
    base = (row.baseline.exams, row.baseline.cost_cents)
    if row.optimum != base:
        return [f"{label}: OPTIMUM DIFFERS: plan {row.optimum[0]} exams {_money(row.optimum[1])}, "
                f"min-cost flow {base[0]} exams {_money(base[1])}"]
    return []


def _shipped_row(repeat: int) -> bool:
    """Time a shipped scenario's `plan` (a table, as people run it) against its `validate` and print the
    row and the target; False when a command failed."""
    if not SHIPPED_SCENARIO.is_file():
        print(f"\n(no shipped scenario at {SHIPPED_SCENARIO}: run from the repository to time it)")
        return True
    validate = run_planner(["validate", str(SHIPPED_SCENARIO)], repeat)
    plan = run_planner(["plan", str(SHIPPED_SCENARIO)], repeat)
    if validate.code != 0 or plan.code not in (0, 1):
        print(f"\nshipped scenario: validate exited {validate.code}, plan exited {plan.code}",
              file=sys.stderr)
        return False
    ratio = plan.seconds / validate.seconds
    print(f"\nshipped scenario {SHIPPED_SCENARIO.name} (fastest of {repeat}): validate "
          f"{_seconds(validate)} s, plan {_seconds(plan)} s, ratio {ratio:.2f} "
          f"({plan.cpu_seconds / validate.cpu_seconds:.2f} CPU)")
    _target(f"a shipped scenario's plan within {SHIPPED_RATIO_TARGET}x of its validate",
            ratio < SHIPPED_RATIO_TARGET, f"{ratio:.2f}x wall-clock")
    return True


def _help_time(repeat: int) -> float:
    return min(_run_once([sys.executable, "-m", "planner", "--help"]).seconds for _ in range(repeat))


def _print_targets(rows: list[Row], help_seconds: float) -> None:
    print("\ntargets:")
    if rows:
        largest = max(r.n for r in rows)
        top = [r for r in rows if r.n == largest]
        time_ratio = max(r.plan.seconds / r.validate.seconds for r in top)
        cpu_ratio = max(r.plan.cpu_seconds / r.validate.cpu_seconds for r in top)
        memory_ratio = max(r.plan.peak_mib / r.validate.peak_mib for r in top)
        _target(f"plan within {TIME_RATIO_TARGET}x of validate's time at N={largest:,}",
                time_ratio <= TIME_RATIO_TARGET, f"{time_ratio:.2f}x wall-clock ({cpu_ratio:.2f}x CPU time)")
        _target(f"plan within {MEMORY_RATIO_TARGET}x of validate's peak memory at N={largest:,}",
                memory_ratio <= MEMORY_RATIO_TARGET, f"{memory_ratio:.2f}x")
        shown = "; ".join(f"N={r.n:,} {r.objective}: {_size(r)}" for r in rows)
        people = max(r.report.get("stats", {}).get("people_in_model", 0) for r in rows)
        bound = _people_bound("gold")
        _target(f"CP-SAT model size bounded whatever N (at most {bound} people in the model)",
                people <= bound, f"largest {people} people; {shown}")
        exact = len({_size(r) for r in rows if r.n == largest}) == 1 and len({_size(r) for r in rows}) == 1
        print(f"  [{'yes' if exact else 'no'}] exactly the same size for every N (which people fill "
              "each class changes how many exams are open to them)")
    _target(f"`planner --help` under {HELP_TARGET_SECONDS} s", help_seconds < HELP_TARGET_SECONDS,
            f"{help_seconds:.3f} s")


def _size(row: Row) -> str:
    stats = row.report.get("stats", {})
    return (f"{stats.get('people_in_model')} people, {stats.get('variables')} variables, "
            f"{stats.get('constraints')} constraints")


def _people_bound(level_id: str) -> int:
    """k x roles x (lists + 2): the most people pruning keeps (planner/core/pruning.py), whatever the roster;
    k = the level's slots plus the slots of the level below it."""
    from planner.rules.catalogs import DEFAULT_COMPETENCY, shipped_catalog

    catalog = shipped_catalog(DEFAULT_COMPETENCY)
    level = catalog.level(level_id)
    position = [lv.id for lv in catalog.levels].index(level_id)
    below = catalog.levels[position - 1].total_slots if position else 0
    roles = [r for r in catalog.roles if level.slots.get(r.id, 0) > 0]
    return (level.total_slots + below) * len(roles) * (max(len(r.lists) for r in roles) + 2)


def _target(what: str, met: bool, value: str) -> None:
    print(f"  [{'met' if met else 'MISSED'}] {what}: {value}")


if __name__ == "__main__":
    sys.exit(main())
