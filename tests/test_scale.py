"""Scale: the model does not grow with the roster, pruning never changes the plan, light commands stay light.

Timings are measured by `python -m planner.tools.benchmark`, never here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import yaml

from planner.core.planning import plan
from planner.input.loading import load_scenario_data, load_scenario_text
from planner.tools.generate import generate_scenario
from tests.conftest import LIGHT

MODEL_SIZE = ("people_in_model", "variables", "constraints")


def _generated(staff: int, seed: int):
    return load_scenario_text(generate_scenario(staff, seed), f"generated-{staff}.yaml")


def _model_size(report) -> tuple[int, ...]:
    return tuple(report.stats[key] for key in MODEL_SIZE)


def _repeated(data: dict, copies: int):
    """The roster `copies` times over, each copy with its own ids, after the original order."""
    staff = [{**person, "id": f"{person['id']}-{copy}"} for copy in range(copies) for person in data["staff"]]
    return load_scenario_data({**data, "staff": staff}, f"x{copies}.yaml")


def test_model_stops_growing_once_every_class_has_k_people():
    """1,000 people repeated 6 times (k = 4 Gold slots + 2 Silver slots) and 20 times (20,000 people) give
    the same model and plan."""
    data = yaml.safe_load(generate_scenario(1000, 1))
    four, twenty = plan(_repeated(data, 6), "gold", "exams"), plan(_repeated(data, 20), "gold", "exams")
    assert (20000, _model_size(four)) == (twenty.stats["roster"], _model_size(twenty))
    assert four.model_dump(exclude={"stats"}) == twenty.model_dump(exclude={"stats"})


@pytest.mark.parametrize("staff", [1000, 20000])
def test_model_size_stays_under_the_bound_that_does_not_depend_on_the_roster(staff):
    """At Gold at most k x roles x (lists + 2) people enter the model (k = 4 Gold + 2 Silver slots), 48 of
    N."""
    loaded = _generated(staff, 1)
    level, below = loaded.catalog.level("gold"), loaded.catalog.level("silver")
    roles = [r for r in loaded.catalog.roles if level.slots.get(r.id, 0) > 0]
    bound = (level.total_slots + below.total_slots) * len(roles) * (max(len(r.lists) for r in roles) + 2)
    report = plan(loaded, "gold", "exams")
    assert (48, "optimal", True) == (bound, report.status, report.stats["people_in_model"] <= bound)


@pytest.mark.parametrize("objective", ["exams", "cost"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pruned_plan_equals_the_plan_over_the_whole_roster(seed, objective):
    """On 60 generated people, planning only the k first of each class gives the very same report."""
    loaded = _generated(60, seed)
    pruned, whole = plan(loaded, "gold", objective), plan(loaded, "gold", objective, prune=False)
    assert whole.stats["people_in_model"] > pruned.stats["people_in_model"]
    assert whole.model_dump(exclude={"stats"}) == pruned.model_dump(exclude={"stats"})


TARGET_SETS = {
    "crm-gold+cba-silver": ["cloud-crm:gold", "cloud-business-applications:silver"],
    "cba-silver-alone": ["cloud-business-applications:silver"],
    "crm-gold+cba-gold-one-gold-each": ["cloud-crm:gold", "cloud-business-applications:gold"],
}


def _seeds(goals: str) -> tuple[int, ...]:
    """The generated rosters (~10 s each) a target set is planned on: three, one Gold each only on the
    third; the CI profile plans one of them."""
    if goals.endswith("one-gold-each"):
        return (3,)
    return (1,) if LIGHT else (1, 2, 3)


@pytest.mark.parametrize("objective", ["exams", "cost"])
@pytest.mark.parametrize(("goals", "seed"), [(g, s) for g in TARGET_SETS for s in _seeds(g)])
def test_pruned_plan_for_several_targets_equals_the_plan_over_the_whole_roster(goals, seed, objective):
    """On 60 generated people, several targets (or one with options and same-or-different slot holders):
    keeping only the k first of each (set of roles, changes) class gives the very same report."""
    from planner.input.loading import resolve_target

    if os.environ.get("CI") and goals.endswith("one-gold-each") and objective == "exams":
        pytest.skip("20 s of whole-roster solving: run outside CI (the cost objective runs in CI)")

    data = yaml.safe_load(generate_scenario(60, seed))
    data["policy"] = {**data.get("policy", {}), "one_gold_per_person": goals.endswith("one-gold-each")}
    loaded = load_scenario_data(data, "generated-60.yaml")
    targets = [resolve_target(t, loaded.scenario, loaded.catalogs) for t in TARGET_SETS[goals]]
    pruned = plan(loaded, "gold", objective, targets=targets)
    whole = plan(loaded, "gold", objective, targets=targets, prune=False)
    assert whole.stats["people_in_model"] > pruned.stats["people_in_model"]
    assert whole.model_dump(exclude={"stats"}) == pruned.model_dump(exclude={"stats"})


@pytest.mark.parametrize("objective", ["exams", "cost"])
@pytest.mark.parametrize(("staff", "seed"), [(5, 1), (40, 2), (300, 3), (300, 4)])
def test_plan_optimum_equals_the_min_cost_assignment_baseline(staff, seed, objective, tmp_path):
    """The benchmark's independent baseline (min-cost flow over people and roles) finds the same optimum."""
    from planner.tools.benchmark import min_cost_flow_optimum

    path = tmp_path / "roster.yaml"
    path.write_text(generate_scenario(staff, seed), encoding="utf-8")
    report = plan(load_scenario_text(path.read_text(encoding="utf-8"), str(path)), "gold", objective)
    base = min_cost_flow_optimum(path, "gold", objective)
    expected = ("optimal", base.exams, base.cost_cents) if base.feasible else ("infeasible", 0, 0)
    assert expected == (report.status, report.total_new_exams, round(report.total_cost_usd * 100))


LIGHT_COMMANDS = {
    "help": ["--help"],
    "validate": ["validate", "{file}"],
    "schema": ["schema"],
    "generate": ["generate", "--staff", "50", "--seed", "1"],
    "rules": ["rules"],
    "check": ["check", "{file}"],
}


@pytest.mark.parametrize("command", list(LIGHT_COMMANDS))
def test_commands_that_do_not_solve_never_import_ortools(command, tmp_path):
    """--help, validate, schema, generate, rules and check run without loading ortools (it costs ~0.5 s)."""
    scenario = tmp_path / "roster.yaml"
    scenario.write_text(generate_scenario(50, 1), encoding="utf-8")
    args = [a.replace("{file}", str(scenario)) for a in LIGHT_COMMANDS[command]]
    code = (
        "import json, sys\n"
        "from typer.testing import CliRunner\n"
        "from planner.cli.commands import app\n"
        f"result = CliRunner().invoke(app, {args!r})\n"
        "heavy = sorted(m for m in ('ortools', 'numpy', 'pandas') if m in sys.modules)\n"
        "print(json.dumps([result.exit_code, heavy]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert [0, []] == json.loads(out.strip().splitlines()[-1])


def test_plan_command_does_import_ortools(tmp_path):
    """The check above can fail: planning in the same way does load ortools."""
    scenario = tmp_path / "roster.yaml"
    scenario.write_text(generate_scenario(50, 1), encoding="utf-8")
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from planner.cli.commands import app\n"
        f"CliRunner().invoke(app, ['plan', {str(scenario)!r}, '--format', 'json'])\n"
        "print('ortools' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "True" == out.strip().splitlines()[-1]


# ---- the fast YAML reader --------------------------------------------------------------------------------

YAML_CASES = {
    "scalars": "a: 1\nb: 2.5\nc: .inf\nd: yes\ne: ~\nf:\ng: 2017-11-20\nh: '007'\ni: text with spaces",
    "yaml-1.1-surprises": "id: 007\nrate: 1.50\nhex: 0x1F\nword: no\nstamp: 2017-11-20 10:00:00\nsixty: 1:30",
    "nested-flow": "staff: [{id: a, passed: [MB2-717, {exam: MB2-715, date: 2017-01-02}]}, {id: b}]",
    "block-styles": "a: |\n  two\n  lines\nb: >-\n  folded\n  text\nc:\n  - x\n  - y",
    "keys-of-other-types": "1: a\n1.5: b\n2017-01-01: c\nnull: d",
    "document-markers": "%YAML 1.1\n---\na: 1\n...\n",
    "root-scalar": "just text",
    "duplicate-key": "a: 1\na: 2",
    "bool-equals-int-key": "1: a\ntrue: b",
    "anchor-and-alias": "a: &x [1, 2]\nb: *x",
    "merge-key": "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2",
    "explicit-tag": "a: !!str 1",
    "unknown-tag": "a: !thing 1",
    "impossible-date": "a: 2017-02-30",
    "two-documents": "a: 1\n---\nb: 2",
    "syntax-error": "a: [1, 2",
    "unhashable-key": "? [a, b]\n: 1",
    "deep-nesting": "[" * 100 + "]" * 100,
    "empty": "",
}


def _plain(value):
    """Data with AsWritten spelled out, comparable with ==."""
    from planner.input.yamlio import AsWritten

    if isinstance(value, AsWritten):
        return ("as-written", _plain(value.value), value.source)
    if isinstance(value, dict):
        return [(_plain(k), _plain(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return (type(value).__name__, value)


def _outcome(read, text):
    try:
        return "data", _plain(read(text))
    except Exception as exc:  # noqa: BLE001 - the error is the outcome compared
        return "error", str(exc)


@pytest.mark.parametrize("keep_source", [False, True], ids=["plain", "keep-source"])
@pytest.mark.parametrize("case", list(YAML_CASES))
def test_fast_yaml_reader_gives_the_full_loaders_data_or_its_error(case, keep_source):
    """parse_yaml (libyaml events, no node graph) returns what the full loader returns, errors included."""
    from planner.input import yamlio

    loader = yamlio._SourceKeepingLoader if keep_source else yamlio._StrictLoader

    fast = _outcome(lambda t: yamlio.parse_yaml(t, "x.yaml", keep_source=keep_source), YAML_CASES[case])
    expected = _outcome(lambda t: yaml.load(t, Loader=loader), YAML_CASES[case])  # noqa: S506 - a SafeLoader
    assert expected[0] == fast[0]
    if expected[0] == "data":
        assert expected == fast


@pytest.mark.parametrize("source", ["generated", "scenarios"])
def test_scenario_files_take_the_fast_path(source):
    """Generated rosters and the shipped examples are read without the full loader's node graph."""
    from pathlib import Path

    from planner.input import yamlio

    if source == "generated":
        texts = [generate_scenario(300, 1)]
    else:
        folder = Path(__file__).parent.parent / "scenarios"
        texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.yaml"))]
    read = [yamlio._parse_plain(text, yamlio._SourceKeepingLoader) for text in texts]
    assert (True, True) == (len(read) > 0, all(isinstance(data, dict) for data in read))
