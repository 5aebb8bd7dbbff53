"""Variants: named what-ifs on a base scenario, validated where they are written, compared side by side."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from planner.cli.commands import app
from planner.core.compare import CompareEntry, compare_entries, entries_for
from planner.core.planning import plan
from planner.errors import ScenarioError
from planner.input.loading import load_scenario, load_scenario_data, load_scenario_text
from planner.input.variants import expand_variants, load_with_variants, variant_changes
from tests.conftest import SCENARIOS
from tests.helpers import scenario_dict

WHAT_IF = SCENARIOS / "contoso-what-if.yaml"
GOLD_PUSH = SCENARIOS / "contoso-gold-push.yaml"
ALICE_LEAVES = SCENARIOS / "contoso-consultant-leaves.yaml"
DATA = Path(__file__).parent / "data"
REACHABLE = DATA / "cli-fabrikam-reachable.yaml"  # Fabrikam: Gold with 2 exams, US$1,330
LEAVER = DATA / "cli-northwind-leaver.yaml"  # Northwind: Gold infeasible, Silver reachable

STAFF = [
    {"id": "alice", "passed": ["MB2-717", "MB2-715"]},
    {"id": "bob", "passed": ["MB2-716"]},
    {"id": "carol", "passed": ["MB2-718"]},
    {"id": "dave"},
]


def variants_of(*variants: dict, staff: list[dict] | None = None, **overrides) -> list:
    """The tiny roster above (or `staff`) with these variants, each applied and validated."""
    data = scenario_dict(STAFF if staff is None else staff, variants=list(variants), **overrides)
    base = load_scenario_data(data, "test.yaml")
    return expand_variants(base)


def only(*variants: dict, **overrides):
    """The scenario the single given variant makes."""
    (applied,) = variants_of(*variants, **overrides)
    return applied.loaded.scenario


def error_of(*variants: dict, **overrides) -> str:
    """The one-line message of the ScenarioError the variants raise."""
    with pytest.raises(ScenarioError) as caught:
        variants_of(*variants, **overrides)
    return str(caught.value)


# ---- applying an overlay ------------------------------------------------------------------------------


def test_remove_takes_the_person_off_the_staff():
    """remove: [bob] leaves everyone else, in roster order."""
    assert ["alice", "carol", "dave"] == [p.id for p in only({"name": "v", "remove": ["bob"]}).staff]


def test_leave_sets_the_day_the_person_stops_counting():
    """leave: {alice: DAY} sets alice's leaves_on and no one else's."""
    staff = only({"name": "v", "leave": {"alice": "2018-03-01"}}).staff
    assert [dt.date(2018, 3, 1), None, None, None] == [p.leaves_on for p in staff]


def test_add_passes_appends_to_what_the_person_holds():
    """add_passes adds carol's new pass after the one she holds, with its date."""
    carol = only({"name": "v", "add_passes": {"carol": [{"exam": "MB2-715", "date": "2017-10-01"}]}}).staff[2]
    assert [("MB2-718", None), ("MB2-715", dt.date(2017, 10, 1))] == [(p.exam, p.date) for p in carol.passed]


def test_add_staff_appends_new_people():
    """add_staff puts erin at the end of the roster with her passes."""
    staff = only({"name": "v", "add_staff": [{"id": "erin", "passed": ["MB2-716"]}]}).staff
    assert ("erin", ["MB2-716"]) == (staff[-1].id, [p.exam for p in staff[-1].passed])


def test_change_replaces_only_the_fields_given():
    """change: {dave: {max_new_exams: 1}} keeps dave's other fields as they were."""
    dave = only(
        {"name": "v", "change": {"dave": {"max_new_exams": 1}}},
        staff=STAFF[:3] + [{"id": "dave", "hourly_rate_usd": 50}],
    ).staff[3]
    assert (1, 50.0) == (dave.max_new_exams, dave.hourly_rate_usd)


@pytest.mark.parametrize(
    ("overlay", "read", "expected"),
    [
        pytest.param({"deadline": "2018-12-31"}, lambda s: s.deadline, dt.date(2018, 12, 31), id="deadline"),
        pytest.param(
            {"organization": {"market": "emerging"}},
            lambda s: (s.organization.market, s.organization.revenue_usd),
            ("developing", 500000.0),
            id="market-keeps-revenue",
        ),
        pytest.param({"organization": {"dpor": False}}, lambda s: s.organization.dpor, False, id="dpor"),
        pytest.param(
            {"costs": {"exam_fee_usd": 200}},
            lambda s: (s.costs.exam_fee_usd, s.costs.prep_hours),
            (200.0, 4.0),
            id="fee-keeps-prep-hours",
        ),
        pytest.param(
            {"costs": {"exams": {"MB2-715": {"prep_hours": 30}}}},
            lambda s: {c: (e.fee_usd, e.prep_hours) for c, e in s.costs.exams.items()},
            {"MB2-715": (99.0, 30.0), "MB2-716": (50.0, None)},
            id="per-exam-costs-merge",
        ),
        pytest.param(
            {"policy": {"budget_usd": 3000}},
            lambda s: (s.policy.budget_usd, s.policy.resilience),
            (3000.0, 1),
            id="budget-keeps-resilience",
        ),
        pytest.param(
            {"policy": {"budget_usd": None}}, lambda s: s.policy.budget_usd, None, id="budget-lifted"
        ),
        pytest.param(
            {"hiring": [{"profile": "customizer", "passed": ["MB2-716"], "cost_usd": 9000}]},
            lambda s: [h.profile for h in s.hiring],
            ["customizer"],
            id="hiring-replaced",
        ),
    ],
)
def test_settings_overlay_changes_only_what_it_names(overlay, read, expected):
    """Organization, costs, policy, deadline and hiring overlays change the fields given, keep the rest."""
    base = {
        "costs": {"prep_hours": 4, "exams": {"MB2-715": {"fee_usd": 99}, "MB2-716": {"fee_usd": 50}}},
        "policy": {"budget_usd": 10000, "resilience": 1},
        "hiring": [{"profile": "consultant", "passed": ["MB2-717"], "cost_usd": 5000}],
    }
    assert expected == read(only({"name": "v", **overlay}, **base))


def test_variant_is_named_after_the_base_and_the_base_is_untouched():
    """The variant's scenario is called 'BASE: VARIANT'; the base keeps its staff and name."""
    base = load_scenario_data(
        scenario_dict(STAFF, variants=[{"name": "bob goes", "remove": ["bob"]}]), "t.yaml"
    )
    (applied,) = expand_variants(base)
    assert ("Test Partner: bob goes", "Test Partner", 4) == (
        applied.loaded.scenario.name,
        base.scenario.name,
        len(base.scenario.staff),
    )


def test_variant_with_only_a_name_plans_exactly_like_its_base():
    """An overlay that changes nothing gives the base's plan (outside the scenario's name)."""
    loaded, (same,) = load_with_variants_text(
        WHAT_IF.read_text(encoding="utf-8").split("\nvariants:")[0]
        + "\nvariants:\n  - name: nothing changes\n"
    )
    base, other = plan(loaded, "gold"), plan(same.loaded, "gold")
    assert base.model_dump(exclude={"scenario", "stats"}) == other.model_dump(exclude={"scenario", "stats"})


def load_with_variants_text(text: str):
    """load_with_variants for text rather than a file."""
    loaded = load_scenario_text(text, "what-if.yaml")
    return loaded, expand_variants(loaded, text)


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        pytest.param({"remove": ["bob"]}, ["bob is no longer on the staff"], id="remove"),
        pytest.param({"leave": {"alice": "2018-03-01"}}, ["alice leaves on 2018-03-01"], id="leave"),
        pytest.param(
            {"add_passes": {"carol": ["MB2-715", "MB2-716"]}},
            ["carol has passed MB2-715, MB2-716"],
            id="add-passes",
        ),
        pytest.param(
            {"add_staff": [{"id": "erin", "passed": ["MB2-716"]}]},
            ["erin joins the staff (holds MB2-716)"],
            id="add-staff",
        ),
        pytest.param(
            {"organization": {"revenue_usd": 250000}}, ["organization.revenue_usd set to US$250,000"],
            id="revenue",
        ),
        pytest.param(
            {"deadline": "2018-12-31", "policy": {"resilience": 1}},
            ["deadline moved to 2018-12-31", "policy.resilience set to 1"],
            id="deadline-and-policy",
        ),
    ],
)
def test_changes_are_listed_in_plain_words(variant, expected):
    """Each change of a variant becomes one item in words, in the order of the variant's keys."""
    (applied,) = variants_of({"name": "v", **variant})
    assert (expected, expected) == (applied.changes, variant_changes(applied.variant))


# ---- an overlay's problems, where they are written -----------------------------------------------------


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        pytest.param(
            {"remove": ["alise"]},
            "variants[0].remove[0]: no person 'alise' (did you mean 'alice'?)",
            id="remove-typo",
        ),
        pytest.param(
            {"remove": ["bob", "bob"]},
            "variants[0].remove[1]: 'bob' is already listed as remove[0]",
            id="remove-twice",
        ),
        pytest.param(
            {"leave": {"zed": "2018-03-01"}},
            "variants[0].leave.zed: no person 'zed' on the base scenario's staff",
            id="leave-unknown",
        ),
        pytest.param(
            {"remove": ["bob"], "leave": {"bob": "2018-03-01"}},
            "variants[0].leave.bob: 'bob' is removed by this variant (remove[0])",
            id="leave-removed",
        ),
        pytest.param(
            {"add_passes": {"carol": ["MB2-171"]}},
            "variants[0].add_passes.carol[0]: unknown exam code "
            "'MB2-171' (nearest: MB2-718, MB2-717, MB2-716)",
            id="unknown-exam",
        ),
        pytest.param(
            {"add_passes": {"bob": ["MB2-716"]}},
            "variants[0].add_passes.bob[0]: bob has already passed MB2-716 in the base scenario",
            id="pass-already-held",
        ),
        pytest.param(
            {"add_passes": {"bob": [{"exam": "MB2-715", "date": "2018-01-05"}]}},
            "variants[0].add_passes.bob[0]: MB2-715 passed on 2018-01-05, after as_of 2017-11-20",
            id="pass-after-as-of",
        ),
        pytest.param(
            {"add_staff": [{"id": "dave"}]},
            "variants[0].add_staff[0].id: 'dave' is already on the staff",
            id="add-staff-duplicate",
        ),
        pytest.param(
            {"change": {"dave": {"can_take": ["MB2-999"]}}},
            "variants[0].change.dave.can_take[0]: unknown exam code 'MB2-999'",
            id="change-can-take",
        ),
        pytest.param(
            {"costs": {"exams": {"MB2-71": {"fee_usd": 1}}}},
            "variants[0].costs.exams.MB2-71: unknown exam code 'MB2-71'",
            id="costs-exam",
        ),
        pytest.param(
            {"deadline": "2017-01-01"},
            "variants[0].deadline: deadline 2017-01-01 is before as_of 2017-11-20",
            id="deadline-before-as-of",
        ),
        pytest.param(
            {"organization": {"market": None}},
            "variants[0]: the scenario this variant makes is not valid: organization.market",
            id="required-field-emptied",
        ),
    ],
)
def test_overlay_problem_names_the_variant_and_the_place(variant, expected):
    """A bad overlay is one ScenarioError naming variants[i] and the faulty entry, with advice."""
    assert expected in error_of({"name": "v", **variant})


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        pytest.param(
            "  - name: x\n    remove: [alise]\n", "variants[3].remove[0]: no person 'alise'", id="person"
        ),
        pytest.param(
            "  - name: x\n    remvoe: [alice]\n",
            "variants[3].remvoe: unknown key 'remvoe' (did you mean 'remove'?)",
            id="typo-key",
        ),
        pytest.param(
            "  - name: x\n    leave: {bob: 2018-02-30}\n", "variants[3].leave.bob", id="impossible-date"
        ),
        pytest.param("  - name: alice leaves\n", "variant 'alice leaves' is listed twice", id="name-twice"),
    ],
)
def test_bad_variant_in_a_file_fails_validate_with_file_line_and_path(tmp_path, variant, expected):
    """`planner validate` on a file with a bad variant exits 2 with one line: file:line:col: path: what."""
    path = tmp_path / "what-if.yaml"
    path.write_text(WHAT_IF.read_text(encoding="utf-8") + variant, encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)])
    lines = result.stderr.splitlines()
    assert (2, 1, True, True) == (
        result.exit_code,
        len(lines),
        lines[0].startswith(f"planner: error: {path}:"),
        expected in lines[0],
    )


def test_every_command_that_loads_a_file_rejects_its_bad_variants(tmp_path):
    """plan refuses a file whose variant names an unknown person, even though it plans the base."""
    path = tmp_path / "what-if.yaml"
    path.write_text(
        WHAT_IF.read_text(encoding="utf-8") + "  - name: x\n    remove: [zed]\n", encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["plan", str(path), "--format", "json"])
    assert (2, "") == (result.exit_code, result.stdout)


# ---- the shipped what-if scenario ----------------------------------------------------------------------


def test_alice_leaves_variant_plans_like_the_scenario_written_out_by_hand():
    """The 'alice leaves' variant plans like contoso-consultant-leaves.yaml, the same change by hand."""
    _, variants = load_with_variants(WHAT_IF)
    by_hand = plan(load_scenario(ALICE_LEAVES), "gold")
    variant = plan(next(v for v in variants if v.variant.name == "alice leaves").loaded, "gold")
    assert by_hand.model_dump(exclude={"scenario", "stats"}) == variant.model_dump(
        exclude={"scenario", "stats"}
    )


def test_what_if_base_plans_like_the_gold_push_it_copies():
    """The what-if file's base is contoso-gold-push.yaml: the same Gold plan."""
    loaded, _ = load_with_variants(WHAT_IF)
    expected = plan(load_scenario(GOLD_PUSH), "gold").model_dump(exclude={"stats"})
    assert expected == plan(loaded, "gold").model_dump(exclude={"stats"})


def what_if_rows() -> list[dict]:
    """`planner compare scenarios/contoso-what-if.yaml --format json`, its rows."""
    result = CliRunner().invoke(app, ["compare", str(WHAT_IF), "--format", "json"])
    assert 0 == result.exit_code, result.stderr
    return json.loads(result.stdout)["scenarios"]


def test_compare_one_file_plans_the_base_and_its_three_variants():
    """One command compares the base and each variant, as the scenario's header states (checked by hand)."""
    summary = [
        (r["variant"], r["reachable"], r["level_reached"], r["total_new_exams"], r["total_cost_usd"])
        for r in what_if_rows()
    ]
    assert [
        (None, True, "gold", 2, 3210.0),
        ("alice leaves", True, "gold", 3, 5925.0),
        ("mia passes MB2-715", True, "gold", 1, 805.0),
        ("revenue falls to US$250,000", False, "silver", 2, 3210.0),
    ] == summary


def test_compare_shows_who_gains_or_loses_which_exam_against_the_base():
    """Each row's diff against the base: exams and cost deltas, gains and losses (checked by hand)."""
    diff = [(r["exams_delta"], r["cost_delta_usd"], r["gains"], r["losses"]) for r in what_if_rows()]
    assert [
        (0, 0.0, [], []),
        (1, 2715.0, ["mia MB2-715"], []),
        (-1, -2405.0, [], ["dan MB2-717"]),
        (0, 0.0, [], []),
    ] == diff


def test_compare_of_two_plain_files_keeps_its_rows_and_adds_the_diff():
    """compare A B: one row per file as before, the second with its diff against the first."""
    result = CliRunner().invoke(app, ["compare", str(REACHABLE), str(LEAVER), "--format", "json"])
    data = json.loads(result.stdout)
    second = data["scenarios"][1]
    assert (0, "Fabrikam Residences", [None, None], "silver", None, ["bea MB2-715", "dora MB2-716"]) == (
        result.exit_code,
        data["reference"],
        [r["variant"] for r in data["scenarios"]],
        second["level_reached"],
        second["exams_delta"],
        second["losses"],
    )


def test_compare_of_a_file_with_variants_and_a_plain_file_lists_all_of_them():
    """compare WHAT_IF B: the base, its variants, then B."""
    result = CliRunner().invoke(app, ["compare", str(WHAT_IF), str(REACHABLE), "--format", "json"])
    rows = json.loads(result.stdout)["scenarios"]
    assert [str(WHAT_IF)] * 4 + [str(REACHABLE)] == [r["file"] for r in rows]


def test_compare_diff_is_against_the_first_row_that_could_be_read(tmp_path):
    """When the first file is bad, the differences are taken against the next one."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nname: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["compare", str(bad), str(REACHABLE), str(LEAVER), "--format", "json"])
    data = json.loads(result.stdout)
    assert (2, "Fabrikam Residences", [None, 0, None]) == (
        result.exit_code,
        data["reference"],
        [r["exams_delta"] for r in data["scenarios"]],
    )


def test_level_reached_stops_at_the_level_compared():
    """Compared for Silver, a scenario that also reaches Gold reaches 'silver'."""
    loaded, variants = load_with_variants(WHAT_IF)
    report, _ = compare_entries(entries_for(str(WHAT_IF), loaded, variants), "silver", "exams")
    assert ["silver"] * 4 == [r.level_reached for r in report.scenarios]


def test_level_reached_is_none_when_no_level_is_reachable():
    """Without DPOR no level is reachable: level_reached is None."""
    loaded = load_scenario_data(
        scenario_dict(STAFF, organization={"market": "developed", "revenue_usd": 500000, "dpor": False}),
        "t.yaml",
    )
    report, _ = compare_entries([CompareEntry("t.yaml", loaded)], "gold", "exams")
    assert [None] == [r.level_reached for r in report.scenarios]


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_compare_human_output_names_the_variants_and_their_diff(fmt):
    """The table and Markdown show each variant, the level reached, the lost level and the exams added or
    dropped (people by name)."""
    result = CliRunner().invoke(app, ["compare", str(WHAT_IF), "--format", fmt], env={"COLUMNS": "200"})
    facts = [
        "alice leaves",
        "mia passes MB2-715",
        "revenue falls to US$250,000",
        "Silver",
        "adds Mia Hansen MB2-715",
        "drops Dan Park MB2-717",
        "US$2,715 more",
        "loses Gold",
        "Against Contoso Consulting",
    ]
    assert (0, []) == (result.exit_code, [f for f in facts if f not in result.stdout])


# ---- plan --variant -----------------------------------------------------------------------------------


def test_plan_variant_plans_that_variant():
    """`planner plan FILE --variant NAME` plans the variant: alice leaves costs US$5,925."""
    result = CliRunner().invoke(app, ["plan", str(WHAT_IF), "--variant", "alice leaves", "--format", "json"])
    data = json.loads(result.stdout)
    assert (0, "Contoso Consulting: alice leaves", 5925.0) == (
        result.exit_code,
        data["scenario"],
        data["total_cost_usd"],
    )


def test_plan_unknown_variant_is_a_usage_error_with_the_nearest_name():
    """A misspelt --variant exits 2 and suggests the nearest variant."""
    result = CliRunner().invoke(app, ["plan", str(WHAT_IF), "--variant", "alice leavs"])
    assert (2, True) == (result.exit_code, "did you mean 'alice leaves'?" in result.stderr)


# ---- a metamorphic check ------------------------------------------------------------------------------


def _unused_people() -> list[str]:
    report = plan(load_scenario(GOLD_PUSH), "gold")
    used = {e.person for e in report.new_exams} | {a.person for a in report.assignments}
    return [p.id for p in load_scenario(GOLD_PUSH).scenario.staff if p.id not in used]


@pytest.mark.parametrize("person", _unused_people())
def test_removing_someone_the_plan_does_not_use_keeps_its_exams_and_cost(person):
    """Taking away a person outside the optimal plan cannot make the plan cheaper or dearer."""
    text = (
        GOLD_PUSH.read_text(encoding="utf-8")
        + f"\nvariants:\n  - name: without {person}\n    remove: [{person}]\n"
    )
    loaded, (variant,) = load_with_variants_text(text)
    base, other = plan(loaded, "gold"), plan(variant.loaded, "gold")
    assert (base.total_new_exams, base.total_cost_usd) == (other.total_new_exams, other.total_cost_usd)


def test_variants_key_is_in_the_json_schema():
    """`planner schema` documents variants and their overlay keys."""
    schema = json.loads(CliRunner().invoke(app, ["schema"]).stdout)
    variant = schema["$defs"]["Variant"]["properties"]
    assert (
        True,
        {
            "name",
            "remove",
            "leave",
            "add_passes",
            "add_staff",
            "change",
            "deadline",
            "organization",
            "costs",
            "policy",
            "hiring",
        },
    ) == ("variants" in schema["properties"], set(variant))


def test_shipped_what_if_scenario_is_plain_yaml_with_three_variants():
    """The shipped what-if file has exactly three variants, each with a name."""
    data = yaml.safe_load(WHAT_IF.read_text(encoding="utf-8"))
    assert 3 == len([v for v in data["variants"] if v.get("name")])
