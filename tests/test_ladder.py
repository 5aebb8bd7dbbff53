"""The ladder (`planner ladder`, issue 22 point 3): every level side by side, its standing today and on the
deadline, its fewest-exams and cheapest plans with their cost split, out of reach with the first reason,
and a scored level's score levers, exact against the rules' points; in every format."""

from __future__ import annotations

import json
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest

import planner
from models.report import LadderReport
from planner.cli import inputs
from planner.explain.ladder import counts_of, every_level, ladder, levers_sentence, score_levers
from planner.rules.domain import score_points
from planner.rules.points import gate_step_id
from tests.conftest import LIGHT, ROOT, SCENARIOS
from tests.helpers import one_error_line, run
from tests.test_html_narrow import WIDTH, _measured, needs_chromium

GOLD_PUSH = SCENARIOS / "contoso-gold-push.yaml"
WINGTIP = SCENARIOS / "wingtip-hiring.yaml"
FABRIKAM = SCENARIOS / "fabrikam-one-exam-from-silver.yaml"
TAILSPIN = SCENARIOS / "tailspin-budget.yaml"
TWO_GOALS = SCENARIOS / "contoso-crm-gold-and-cba-silver.yaml"
NORTHWIND = SCENARIOS / "northwind-solutions-partner-smb.yaml"
FOURTH_COFFEE = SCENARIOS / "fourth-coffee-solutions-partner-resilience.yaml"
TAILWIND = SCENARIOS / "tailwind-modern-work-paths.yaml"
SHARED_ADMIN = ROOT / "tests" / "data" / "designations" / "shared-administrator.yaml"
ALL_SIX = ROOT / "tests" / "data" / "ladder" / "six-designations.yaml"


def _ladder(path: Path, *competencies: str) -> LadderReport:
    """The ladder of a scenario: its default rows, or every level of the competencies named."""
    loaded = planner.load_scenario(str(path))
    if not competencies:
        return ladder(loaded)
    return ladder(loaded, [r for c in competencies for r in every_level(inputs.with_competency(loaded, c))])


def _row(report: LadderReport, level: str, option: str | None = None):
    return next(r for r in report.rows if (r.level, r.option) == (level, option))


# ---- rows ----------------------------------------------------------------------------------------------

def test_rows_are_every_level_of_the_competency_without_targets():
    """Contoso (no targets): one row for Silver and one for Gold of Cloud CRM, lowest first."""
    report = _ladder(GOLD_PUSH)
    assert [("cloud-crm", "silver"), ("cloud-crm", "gold")] == [(r.competency, r.level) for r in report.rows]


def test_rows_are_the_scenarios_targets_of_every_option():
    """Cloud CRM Gold and Cloud Business Applications Silver (targets): the latter once per option."""
    report = _ladder(TWO_GOALS)
    cba = "cloud-business-applications"
    assert [("cloud-crm", "gold", None), (cba, "silver", "enterprise-customer-engagement"),
            (cba, "silver", "enterprise-operations")] == [
        (r.competency, r.level, r.option) for r in report.rows]


def test_rows_of_the_designations_competency_names():
    """--competency data-ai --competency infrastructure: one row per designation, in that order."""
    report = _ladder(SHARED_ADMIN, "data-ai", "infrastructure")
    assert [("data-ai", "Solutions Partner for Data & AI (Azure)"),
            ("infrastructure", "Solutions Partner for Infrastructure (Azure)")] == [
        (r.competency, r.name) for r in report.rows]


# ---- standing today and on the deadline ----------------------------------------------------------------

def test_a_level_of_slots_stands_at_slots_filled_of_those_needed():
    """Contoso: Silver 2 of 2 slots and met, Gold 2 of 4 and not met, today and on the deadline alike."""
    report = _ladder(GOLD_PUSH)
    standing = [(s.slots_filled, s.slots, s.met) for r in report.rows for s in (r.today, r.on_deadline)]
    assert [(2, 2, True), (2, 2, True), (2, 4, False), (2, 4, False)] == standing


def test_a_scored_level_stands_at_points_of_those_needed_today_and_on_the_deadline():
    """Northwind: 61.5 of 70 today, 46 of 70 on the deadline (expiries and a leaver), not met either day."""
    row = _ladder(NORTHWIND).rows[0]
    assert [(61.5, 70.0, False), (46.0, 70.0, False)] == [
        (s.points, s.needed, s.met) for s in (row.today, row.on_deadline)]


def test_a_level_met_today_and_lost_by_the_deadline_needs_a_plan():
    """Tailspin's Silver: met today, 1 of 2 slots on the deadline: its plan is one exam, not 'met already'."""
    row = _row(_ladder(TAILSPIN), "silver")
    assert (True, False, False, 1) == (row.today.met, row.on_deadline.met, row.fewest_exams.met_already,
                                       row.fewest_exams.total_new_exams)


# ---- the plans -------------------------------------------------------------------------------------------

def test_a_level_met_with_nothing_to_do_is_met_already_in_both_plans():
    """Contoso's Silver: no exam, renewal or hire, US$0, in the fewest-exams and the cheapest plan."""
    row = _row(_ladder(GOLD_PUSH), "silver")
    assert [(True, 0, 0.0), (True, 0, 0.0)] == [(p.met_already, p.total_new_exams, p.total_cost_usd)
                                                for p in (row.fewest_exams, row.cheapest)]


def test_the_plans_are_the_pipelines_fewest_exams_and_cheapest():
    """Contoso's Gold: the fewest-exams plan is `plan`'s (2 exams, US$3,210), the cheapest is `plan
    --objective cost`'s (3 exams, US$3,055), exam for exam."""
    loaded = planner.load_scenario(str(GOLD_PUSH))
    row = _row(ladder(loaded), "gold")
    fewest, cheapest = planner.plan(loaded, "gold"), planner.plan(loaded, "gold", "cost")
    assert [(2, 3210.0, fewest.new_exams), (3, 3055.0, cheapest.new_exams)] == [
        (p.total_new_exams, p.total_cost_usd, p.new_exams) for p in (row.fewest_exams, row.cheapest)]


def test_the_cost_is_split_into_exam_fees_staff_hours_and_hires():
    """Wingtip's Gold: 1 exam and 1 hire, US$7,845 = US$165 fee + US$1,680 staff hours + US$6,000 hire."""
    p = _row(_ladder(WINGTIP), "gold").fewest_exams
    assert (1, 1, 165.0, 1680.0, 6000.0, 7845.0) == (p.total_new_exams, p.hires, p.fees_usd, p.hours_usd,
                                                     p.hires_usd, p.total_cost_usd)


def test_renewals_are_counted_apart_and_their_hours_are_staff_hours():
    """Northwind: 3 exams and 2 renewals, US$3,395 = US$495 fees + US$2,900 staff hours."""
    p = _ladder(NORTHWIND).rows[0].fewest_exams
    assert (3, 2, 495.0, 2900.0, 0.0, 3395.0) == (p.total_new_exams, p.total_renewals, p.fees_usd,
                                                  p.hours_usd, p.hires_usd, p.total_cost_usd)


def test_a_level_whose_gate_fails_is_out_of_reach_with_its_first_reason():
    """Fabrikam's Gold: its exams are planned (3, US$3,495) but the revenue gate fails: not reachable, and
    the reason is the gate's."""
    p = _row(_ladder(FABRIKAM), "gold").fewest_exams
    assert (False, 3, "Gold needs US$300,000 of revenue in developed markets; the partner has US$140,000, "
            "US$160,000 short") == (p.reachable, p.total_new_exams, p.reason)


def test_a_level_no_plan_reaches_is_out_of_reach_with_the_first_reason():
    """Cloud Business Applications Gold (Enterprise Operations) on the two-goal roster: 15 people needed, 10
    count: no plan, no cost, the first reason says so."""
    report = _ladder(TWO_GOALS, "cloud-business-applications")
    p = _row(report, "gold", "enterprise-operations").cheapest
    assert ("infeasible", False, None, "Gold needs 15 people; only 10 count on 2018-06-30") == (
        p.status, p.reachable, p.total_cost_usd, p.reason)


def test_a_programme_that_has_ended_is_out_of_reach_and_says_what_replaced_it():
    """Cloud CRM on Northwind's 2026 roster: ended on 3 Oct 2022; both levels out of reach, no levers."""
    report = _ladder(NORTHWIND, "cloud-crm")
    ended = "ended on 3 Oct 2022; replaced by"
    assert [(False, True, None)] * 2 == [
        (r.fewest_exams.reachable, ended in (r.fewest_exams.reason or ""), r.levers) for r in report.rows]


def test_each_plan_says_whether_it_fits_the_scenarios_budget():
    """Tailspin (budget US$3,000): Silver's US$1,125 fits, Gold's US$4,895 does not (planned all the same)."""
    report = _ladder(TAILSPIN)
    assert (3000.0, [(1125.0, True), (4895.0, False)]) == (report.budget_usd, [
        (r.fewest_exams.total_cost_usd, r.fewest_exams.within_budget) for r in report.rows])


# ---- score levers ----------------------------------------------------------------------------------------

def _rescored(loaded, row, lever) -> Fraction:
    """The level's points on the deadline with the lever's one more unit, by score_points, less without."""
    catalog = loaded.catalogs.in_force(row.competency, loaded.scenario.as_of)
    level = catalog.level(row.level)
    standing = planner.check(inputs.with_competency(loaded, row.competency), every_target=False)
    counts = counts_of(standing.levels_on_deadline[0].score)
    org = loaded.scenario.organization
    before = sum(score_points(level, counts, org, row.competency).values())
    if lever.kind == "people":
        counts = {**counts, lever.metric: counts[lever.metric] + 1}
    elif lever.kind == "gate-step":
        key = gate_step_id(lever.metric, lever.step)
        counts = {**counts, key: counts[key] + 1}
    else:
        figures = dict(org.figures_for(row.competency))
        key = next(m.input for m in level.score.metrics if m.id == lever.metric)
        figures[key] = ({**figures[key], lever.part: figures[key].get(lever.part, 0) + 1} if lever.part
                        else figures[key] + 1)
        org = org.model_copy(update={"metrics": figures})
    return sum(score_points(level, counts, org, row.competency).values()) - before


def test_levers_are_what_one_more_unit_of_each_metric_adds_exactly():
    """Fourth Coffee, 0.86 short on the deadline: one more deployment +4, advanced person +2.14, intermediate
    person +1, usage growth +1 (each meets the level); net customer adds are full: no lever. Each equals
    score_points with that count or figure + 1."""
    loaded = planner.load_scenario(str(FOURTH_COFFEE))
    row = ladder(loaded).rows[0]
    exact = [round(float(_rescored(loaded, row, x)), 4) for x in row.levers or []]
    levers = row.levers or []
    assert ([("deployments", 4.0, True), ("advanced-certifications", 2.1429, True),
             ("intermediate-certifications", 1.0, True), ("usage-growth", 1.0, True)],
            [x.points for x in levers]) == ([(x.metric, x.points, x.meets) for x in levers], exact)


def test_a_gate_step_lever_counts_the_step_it_unlocks():
    """Shared admin, Data & AI at 64 of 70 (smb): one more person with Azure Administrator Associate meets
    step 1 (+4) and lets Dee's points step earn (+4): +8 and the level is met, as score_points says."""
    loaded = planner.load_scenario(str(SHARED_ADMIN))
    row = ladder(loaded, every_level(inputs.with_competency(loaded, "data-ai"))).rows[0]
    lever = (row.levers or [])[0]
    assert (("gate-step", 1, 8.0, True), "one more person with Azure Administrator Associate for step 1 of "
            "Intermediate certifications", Fraction(8)) == (
        (lever.kind, lever.step, lever.points, lever.meets), lever.words, _rescored(loaded, row, lever))


def test_levers_of_a_level_scored_on_both_paths_name_the_metric_that_blocks_it():
    """Tailwind (Modern Work, both paths): on the deadline 78 points but no intermediate person; one more
    gives +5 and meets it; one more net customer add +2 (SMB path) does not."""
    row = _ladder(TAILWIND).rows[0]
    assert ([("intermediate-certifications", 5.0, True), ("net-customer-adds", 2.0, False)],
            "Intermediate certifications blocks the level: one more person in Intermediate certifications "
            "(+5, meets the level) or Net customer adds from 4 to 5 (+2)") == (
        [(x.metric, x.points, x.meets) for x in row.levers or []], row.levers_words)


def test_a_lever_on_a_part_of_a_figure_is_exact():
    """Tailwind with deployments CPOR 1 and CSP 8 (SMB path: 5 and 2.5 points each, the higher part counting,
    CSP's 20): one more CSP deployment adds 2.5, as score_points says; one more CPOR (10) adds nothing."""
    loaded = planner.load_scenario(str(TAILWIND))
    org = loaded.scenario.organization
    figures = {**org.metrics, "deployments": {"cpor": 1, "csp": 8}}
    changed = replace(loaded, scenario=loaded.scenario.model_copy(
        update={"organization": org.model_copy(update={"metrics": figures})}))
    row = ladder(changed).rows[0]
    levers = [x for x in row.levers or [] if x.metric == "deployments"]
    assert ([("csp", 8.0, 2.5)], Fraction(5, 2)) == ([(x.part, x.count, x.points) for x in levers],
                                                     _rescored(changed, row, levers[0]))


def test_no_levers_for_a_level_far_short_met_or_of_slots():
    """Northwind is 24 points short on the deadline (beyond 10 and its largest lever): no levers; Contoso's
    levels of slots have none either."""
    assert [None, None, None] == [r.levers for p in (NORTHWIND, GOLD_PUSH) for r in _ladder(p).rows]


def test_levers_sentence_says_when_no_single_unit_adds_points():
    """Short with no lever: the sentence says no single change adds points on its own."""
    assert ("6 points short: no single change (one more certified person, or one more of a reported figure) "
            "adds points on its own") == \
        levers_sentence(Fraction(6), [], [])


def test_score_levers_leave_out_a_metric_already_full():
    """Fourth Coffee's net customer adds are 5 of 5: one more adds nothing and is no lever."""
    loaded = planner.load_scenario(str(FOURTH_COFFEE))
    catalog = loaded.catalog
    level = catalog.level("solutions-partner")
    score = planner.check(loaded).levels_on_deadline[0].score
    found = score_levers(level, score, loaded.scenario.organization, catalog.id, catalog)
    assert "net-customer-adds" not in [x.metric for x in found]


# ---- formats and the command -----------------------------------------------------------------------------

def test_table_shows_each_rung_side_by_side():
    """The terminal table's rows: Silver met already, Gold's two plans with their cost split; exit 0."""
    from planner.report.ladder import rows_of

    result = run("ladder", str(GOLD_PUSH))
    crm = "Cloud Customer Relationship Management"
    assert (0, [[f"{crm} Silver", "2 / 2 slots, met", "2 / 2 slots, met", "met already", "met already"],
                [f"{crm} Gold", "2 / 4 slots, not met", "2 / 4 slots, not met",
                 "2 exams, US$3,210 = US$330 fees + US$2,880 staff hours",
                 "3 exams, US$3,055 = US$495 fees + US$2,560 staff hours"]], True) == (
        result.exit_code, rows_of(_ladder(GOLD_PUSH)), "Who takes what" in result.stdout)


def test_the_cheapest_plan_out_of_reach_for_the_same_reason_says_it_once():
    """Cloud CRM on a 2026 roster (ended): the fewest-exams cell says why, the cheapest refers to it."""
    from planner.report.ladder import rows_of

    cells = rows_of(_ladder(NORTHWIND, "cloud-crm"))[0]
    assert (True, "out of reach, as the fewest-exams plan", "0 / 2 slots, not met: ended 2022-10-03") == (
        cells[3].startswith("out of reach: Cloud Customer Relationship Management ended on 3 Oct 2022"),
        cells[4], cells[1])


def test_markdown_has_the_table_and_the_levers():
    """Markdown: the table's header, the row, and the levers' section."""
    result = run("ladder", str(FOURTH_COFFEE), "--format", "markdown")
    lines = result.stdout.splitlines()
    assert (0, True, True, True) == (
        result.exit_code, "| goal | today | on the deadline | fewest exams | cheapest |" in lines,
        "## Score levers on the deadline" in lines,
        any(x.startswith("- Solutions Partner for Business Applications: 0.86 points short: Deployments from "
                         "4 to 5 (+4, meets the level)") for x in lines))


def test_json_is_the_ladder_report():
    """JSON reads back as a LadderReport with one row per level and the plans' figures."""
    result = run("ladder", str(GOLD_PUSH), "--format", "json")
    report = LadderReport.model_validate(json.loads(result.stdout))
    assert (0, ["silver", "gold"], 3055.0) == (result.exit_code, [r.level for r in report.rows],
                                               report.rows[1].cheapest.total_cost_usd)


def test_html_draws_each_plans_cost_stacked_as_fees_hours_and_hires():
    """The page: the table, and per plan a bar of fees, staff hours and hires saying its figures."""
    result = run("ladder", str(WINGTIP), "--format", "html")
    page = result.stdout
    assert (0, True, True, True) == (
        result.exit_code, '<figure id="chart-ladder-cost"' in page,
        'class="hires"' in page and 'class="fees"' in page and 'class="hours"' in page,
        "US$7,845 = US$165 fees + US$1,680 staff hours + US$6,000 hires" in page)


@pytest.mark.parametrize(("name", "starts"), [
    pytest.param("ladder.html", "<!DOCTYPE html>", id="html"),
    pytest.param("ladder.json", "{", id="json"),
    pytest.param("ladder.md", "# Contoso Consulting - the ladder", id="markdown"),
])
def test_output_format_follows_the_extension(tmp_path, name, starts):
    """-o ladder.html / .json / .md writes that format."""
    target = tmp_path / name
    result = run("ladder", str(GOLD_PUSH), "-o", str(target))
    assert (0, True) == (result.exit_code, target.read_text(encoding="utf-8").startswith(starts))


def test_out_of_reach_still_exits_0():
    """A ladder with a level out of reach (Fabrikam's Gold) is an answer: exit 0."""
    assert 0 == run("ladder", str(FABRIKAM)).exit_code


def test_unknown_competency_is_one_line_and_exit_2():
    """--competency nope: one line naming the known ids, exit 2, nothing on standard output."""
    result = run("ladder", str(GOLD_PUSH), "--competency", "nope")
    line = one_error_line(result)
    assert (2, "", True) == (result.exit_code, result.stdout,
                             line.startswith("planner: error: --competency: unknown competency 'nope'"))


def test_competency_all_is_every_designation_in_force():
    """--competency all on a roster of the six designations: one row each (in CI, the ids only: planning
    all six is the slow part)."""
    loaded = planner.load_scenario(str(ALL_SIX))
    six = ["business-applications", "data-ai", "digital-app-innovation", "infrastructure", "modern-work",
           "security"]
    if LIGHT:
        assert six == inputs.competencies_named(loaded, ["ALL"])
        return
    result = run("ladder", str(ALL_SIX), "--competency", "all", "--format", "json")
    assert (0, six) == (result.exit_code, [r["competency"] for r in json.loads(result.stdout)["rows"]])


@needs_chromium
def test_ladder_page_is_readable_at_420_px_without_scrolling_sideways(tmp_path):
    """The ladder's page (a scored level with levers; a plan with a hire) in headless Chromium at 420 px:
    its scroll width is its width."""
    pages = {name: run("ladder", str(path), "--format", "html").stdout
             for name, path in (("scored", FOURTH_COFFEE), ("hires", WINGTIP))}
    assert {"scored": (WIDTH, WIDTH), "hires": (WIDTH, WIDTH)} == _measured(tmp_path, pages)


def test_help_has_examples_and_no_type_names():
    """`planner ladder --help`: an example, no `<str>` or ranges."""
    from tests.test_cli_help import CODE_LIKE, _help

    page = _help("ladder")
    assert ([], True) == (CODE_LIKE.findall(page), "planner ladder scenarios/contoso-gold-push.yaml" in page)


@pytest.mark.parametrize("path", [GOLD_PUSH, FOURTH_COFFEE, WINGTIP], ids=lambda p: p.stem)
def test_ladder_table_reads_at_80_columns(path):
    """No cell of the ladder's table is cut with '…' and no line runs past 80 columns."""
    from planner.report.ladder import ladder_table
    from tests.test_words import at80

    text = at80(ladder_table(_ladder(path)))
    assert [] == [line for line in text.splitlines() if "…" in line or len(line.rstrip()) > 80]
