"""The words people read (issue 14 items 1, 2, 4, 5, 8, 11; issue 13 item 6): every format says only what
is proven, in one word pair, with people by name, costs explained, tables readable at 80 columns and
nothing from the input able to reach the terminal as a control sequence."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console
from typer.testing import CliRunner

from models.report import PlanReport
from planner.cli.commands import app
from planner.core.compare import compare_entries, entries_for
from planner.core.planning import best, check, plan
from planner.input.loading import load_scenario, load_scenario_data
from planner.input.variants import load_with_variants
from planner.report import html as html_report
from planner.report.best import best_lines, best_table
from planner.report.blocks import md
from planner.report.check import check_markdown, check_table
from planner.report.compare import compare_diff_lines, compare_table
from planner.report.plan import fix_lines, odds_lines, path_lines, plan_markdown, plan_table
from planner.report.render import to_json
from planner.report.words import headline, names_of, shown
from planner.rules.catalogs import default_level
from tests.conftest import LIGHT, SCENARIOS
from tests.helpers import scenario_dict
from tests.test_html_report import chromium, needs_chromium

GOLD_PUSH = SCENARIOS / "contoso-gold-push.yaml"
WHAT_IF = SCENARIOS / "contoso-what-if.yaml"
LITWARE = SCENARIOS / "litware-developing-market.yaml"
TWO_GOALS = SCENARIOS / "contoso-crm-gold-and-cba-silver.yaml"
IMPOSSIBLE = SCENARIOS / "adatum-gold-impossible.yaml"
SCENARIO_FILES = sorted(SCENARIOS.glob("*.yaml"))


def at80(renderable: Any, width: int = 80) -> str:
    """What a terminal 80 columns wide (or `width`) shows, without colours."""
    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None).print(renderable)
    return buffer.getvalue()


def cli(*args: str, columns: int = 80, **env: str) -> Any:
    """The CLI run in-process at this terminal width (NO_COLOR set: the escaping must not rely on colours)."""
    return CliRunner().invoke(app, list(args), env={"COLUMNS": str(columns), "NO_COLOR": "1",
                                                   "PLANNER_DEBUG": None, **env})


def three_formats(report: PlanReport) -> dict[str, str]:
    """The plan as a wide terminal table (phrases unbroken), Markdown and HTML."""
    return {"table": at80(plan_table(report), 200), "markdown": plan_markdown(report),
            "html": html_report.plan_page(report)}


def cut_or_long(text: str) -> list[str]:
    """Lines that show a cut cell ('…') or run past 80 columns."""
    return [line for line in text.splitlines() if "…" in line or len(line.rstrip()) > 80]


# ---- 1. say only what is proven ------------------------------------------------------------------------


@pytest.mark.parametrize(("objective", "said", "not_said"), [
    pytest.param("exams", "(fewest new exams, proven)", "proven cheapest", id="exams"),
    pytest.param("cost", "(proven cheapest)", "fewest new exams", id="cost"),
])
def test_every_format_names_what_the_objective_proves(objective, said, not_said):
    """A fewest-exams plan is never called proven cheapest, in the table, Markdown or HTML, and back."""
    pages = three_formats(plan(load_scenario(GOLD_PUSH), "gold", objective))
    assert {k: (True, False) for k in pages} == {k: (said in v, not_said in v) for k, v in pages.items()}


def test_html_footer_claims_no_proof_of_cheapest():
    """The footer no longer says every plan is proven cheapest."""
    page = html_report.plan_page(plan(load_scenario(GOLD_PUSH), "gold"))
    assert (False, True) == ("proven cheapest" in page, "re-checked by an independent validator" in page)


def test_schedule_headline_gives_the_month_the_level_is_met_in_terminal_and_html():
    """With --schedule both the terminal and the HTML headline say when Gold is met, not the deadline."""
    report = plan(load_scenario(GOLD_PUSH), "gold", schedule=True)
    met = next(m.by for m in report.levels_met if m.level == "gold")
    table = cli("plan", str(GOLD_PUSH), "--schedule", columns=200).stdout
    page = cli("plan", str(GOLD_PUSH), "--schedule", "--format", "html").stdout
    headline = (f"Gold is reachable by {met} with 2 new exams costing US$3,210 (fewest new exams, proven); "
                "a plan with 3 exams costs US$3,055 (--objective cost).")
    assert (True, True, True) == (str(met) != str(report.deadline), headline in table, headline in page)


def test_html_shows_the_path_and_the_odds():
    """The HTML page has the path's steps and the odds line the terminal shows."""
    report = plan(load_scenario(SCENARIOS / "contoso-booking-calendar.yaml"), "gold", schedule=True)
    page = html_report.plan_page(report)
    facts = [*(html_report._e(x) for x in odds_lines(report)), "<h2>Path</h2>", "<h2>Odds</h2>",
             *(f"{s.step}. " for s in report.path)]
    assert (True, []) == (bool(odds_lines(report)), [f for f in facts if f not in page])


@needs_chromium
def test_chromium_shows_the_headline_path_and_odds(tmp_path):
    """Chromium's DOM of a scheduled plan's page holds the terminal's headline, path steps and odds."""
    report = plan(load_scenario(SCENARIOS / "contoso-booking-calendar.yaml"), "gold", schedule=True)
    page = tmp_path / "plan.html"
    page.write_text(html_report.plan_page(report), encoding="utf-8")
    dom = chromium(tmp_path, "--dump-dom", page.as_uri())
    steps = [x.strip() for x in path_lines(report)]
    facts = [headline(report), *odds_lines(report), *steps]
    text = html_unescape(dom.stdout)
    assert (0, []) == (dom.returncode, [f for f in facts if f not in text])


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


# ---- 2. levels and gates --------------------------------------------------------------------------------


def what_if_report() -> Any:
    loaded, variants = load_with_variants(WHAT_IF)
    report, _ = compare_entries(entries_for(str(WHAT_IF), loaded, variants), "gold", "exams")
    return report


def test_compare_row_that_loses_gold_says_so_next_to_the_gold_plan():
    """'revenue falls to US$250,000' reaches Silver only: its cell says 'not Gold', the columns say whose
    exams and cost they are, and its diff line says it loses Gold and why."""
    report = what_if_report()
    text = at80(compare_table(report))
    diff = [x for x in compare_diff_lines(report) if x.startswith("revenue falls")]
    assert (True, True, False, True, []) == (
        "Silver (not" in text, "Gold plan" in text, "level reached" in text,
        diff[0].endswith("loses Gold: revenue US$50,000 short (reaches Silver only)"), cut_or_long(text))


def test_path_says_gold_exam_rules_met_while_a_revenue_gate_fails():
    """Litware meets Gold's exam rules but not its revenue gate: the path never says 'Gold met'."""
    report = plan(load_scenario(LITWARE), "gold")
    lines = path_lines(report)
    assert (False, True, False) == (
        report.reachable, lines[-1].endswith("-> Gold's exam rules met (revenue still not met)"),
        any(line.endswith("-> Gold met") for line in lines))


def test_check_and_plan_use_one_word_pair():
    """The met? column of check's and plan's tables says only 'met' or 'not met' (no yes/NO/ok)."""
    loaded = load_scenario(LITWARE)
    text = at80(check_table(check(loaded))) + at80(plan_table(plan(loaded, "gold")))
    cells = set(re.findall(r"│ (?:revenue|dpor|[a-z+]+ slots)\s+│ ([a-zA-Z ]+?)\s+│", text))
    assert ({"met", "not met"}, False) == (cells, bool(re.search(r"│ (yes|NO|ok|no) ", text)))


def test_money_reads_needs_not_a_fraction():
    """A revenue gate reads 'US$320,000 (needs US$300,000)', never 'US$320,000 of US$300,000'."""
    loaded = load_scenario(GOLD_PUSH)
    texts = [*three_formats(plan(loaded, "gold")).values(), check_markdown(check(loaded))]
    assert [(True, False)] * 4 == [("US$320,000 (needs US$300,000)" in t, " of US$300,000" in t)
                                   for t in texts]


# ---- 4. people by name ------------------------------------------------------------------------------------

NAMED: list[dict[str, Any]] = [
    {"id": "a1", "name": "Ann Lee", "passed": ["MB2-717", "MB2-715"]},
    {"id": "a2", "name": "Ann Lee", "passed": ["MB2-716"]},
    {"id": "bo"},
    {"id": "cy", "name": "Cy Young"},
]


def test_names_shown_with_the_id_where_two_people_share_one():
    """Both Ann Lees show with their ids, Cy by name, bo (no name) by id; JSON keeps `person` as the id."""
    report = plan(load_scenario_data(scenario_dict(NAMED), "t.yaml"), "gold")
    who = names_of([*report.new_exams, *report.assignments])
    pages = three_formats(report)
    shown_names = ["Ann Lee (a1)", "Ann Lee (a2)", "Cy Young"]
    persons = {e["person"] for e in json.loads(to_json(report))["new_exams"]}
    expected = {"a1": "Ann Lee (a1)", "a2": "Ann Lee (a2)", "cy": "Cy Young"}
    assert (expected, {k: [] for k in pages}, {"bo", "cy"}) == ({k: v for k, v in who.items() if k != "bo"},
                  {k: [n for n in shown_names if n not in v] for k, v in pages.items()}, persons)


def test_a_person_without_a_name_is_shown_by_id():
    """bo has no name: the New exams table calls bo 'bo'."""
    report = plan(load_scenario_data(scenario_dict(NAMED), "t.yaml"), "gold")
    rows = [line for line in at80(plan_table(report)).splitlines() if "│ bo " in line]
    assert (True, True) == (bool(rows), "bo" in {e.person for e in report.new_exams})


# ---- 5. costs explained ------------------------------------------------------------------------------------


def test_each_new_exam_shows_fee_plus_preparation_hours_times_rate():
    """Dan's MB2-717: 'fee + hours h x rate' in every format, and the parts add up to the cost."""
    report = plan(load_scenario(GOLD_PUSH), "gold")
    e = next(x for x in report.new_exams if x.exam == "MB2-717")
    assert e.fee_usd is not None and e.prep_hours is not None and e.hourly_rate_usd is not None
    words = f"US${e.fee_usd:,.0f} + {e.prep_hours:g} h x US${e.hourly_rate_usd:,.0f}"
    pages = three_formats(report)
    assert (e.cost_usd, {k: True for k in pages}) == (
        e.fee_usd + e.prep_hours * e.hourly_rate_usd, {k: words in v for k, v in pages.items()})


# ---- 8. tables at 80 columns ------------------------------------------------------------------------------


# The CI profile reads the screens of one scenario of each kind (slots, options and goals, a calendar, hires,
# resilience, fixes, a retirement, scored, gated, paths); the default and thorough profiles read all.
AT_80_IN_CI = {"contoso-gold-push", "contoso-crm-gold-and-cba-silver", "contoso-booking-calendar",
               "wingtip-hiring", "woodgrove-resilience", "proseware-impossible-with-fixes",
               "northwind-mb2-709-retirement",
               "fourth-coffee-solutions-partner-resilience", "adventure-works-data-ai-gates",
               "tailwind-modern-work-paths"}
AT_80 = [p for p in SCENARIO_FILES if not LIGHT or p.stem in AT_80_IN_CI]


@pytest.mark.parametrize("path", AT_80, ids=[p.stem for p in AT_80])
def test_plan_check_and_best_read_at_80_columns(path):
    """No cell of plan (with and without a calendar), check or best is cut with '…' or runs past 80."""
    loaded = load_scenario(path)
    level = default_level(loaded.catalog)  # gold, or a scored designation's one level
    texts = {
        "plan": at80(plan_table(plan(loaded, level))),
        "schedule": at80(plan_table(plan(loaded, level, schedule=True))),
        "check": at80(check_table(check(loaded))),
        "best": at80(best_table(best(loaded, 3000.0))),
    }
    assert {k: [] for k in texts} == {k: cut_or_long(v) for k, v in texts.items()}


def test_two_goals_gates_table_tells_the_gates_apart_at_80_columns():
    """With two goals each gate row names its goal in a column of its own (wrapped, never cut) and the gate
    once, so the four gates can be told apart at 80 columns."""
    out = cli("plan", str(TWO_GOALS)).stdout
    gates = out.split("\nGates", 1)[1].split("Path:", 1)[0]
    lines = [[c.strip() for c in line.strip().strip("│").split("│")] for line in gates.splitlines()
             if line.startswith("│")]
    rows: list[list[str]] = []
    for cells in lines:  # a line with a met? cell starts a row; the next ones continue its goal's name
        if cells[2] in ("met", "not met"):
            rows.append(cells[:2])
        else:
            rows[-1][0] += " " + cells[0]
    crm, cba = "Cloud Customer Relationship Management Gold", "Cloud Business Applications Silver"
    expected = [[crm, "revenue"], [crm, "dpor"], [cba, "revenue"], [cba, "dpor"]]
    assert (expected, []) == ([[" ".join(r[0].split()), r[1]] for r in rows], cut_or_long(out))


def test_compare_reads_at_80_columns_through_the_cli():
    """compare's table of the what-if file: no cut cell, every variant, every cost, and the last column
    (people used: 4 in each row) kept, not squeezed away."""
    out = cli("compare", str(WHAT_IF)).stdout
    facts = ["alice leaves", "US$3,210", "US$5,925", "US$805", "US$50,000", "loses Gold", "people"]
    last = [line for line in out.splitlines() if re.search(r"US\$[\d,]+ │\s+4\s*$", line)]
    assert ([], [], 4) == (cut_or_long(out), [f for f in facts if f not in " ".join(out.split())], len(last))


# ---- 11. polish -------------------------------------------------------------------------------------


def test_impossible_plan_page_has_no_status_or_zero_cost_card():
    """Adatum's impossible Gold: no 'status infeasible' and no 'cost US$0' card; it says no plan exists."""
    page = html_report.plan_page(plan(load_scenario(IMPOSSIBLE), "gold"))
    cards = dict(re.findall(r'<div class="k">([^<]*)</div><div class="v">([^<]*)</div>', page))
    assert {"reachable": "no", "plan": "none exists"} == cards


def test_expected_cost_is_in_whole_dollars():
    """The expected cost with retakes is an estimate: whole dollars, no cents."""
    report = plan(load_scenario(SCENARIOS / "contoso-booking-calendar.yaml"), "gold")
    line = odds_lines(report)[0]
    assert (True, None) == (
        f"expected cost with retakes: US${round(report.expected_cost_usd or 0):,}" in line,
        re.search(r"US\$[\d,]+\.\d\d", line))


@pytest.mark.parametrize("path", [GOLD_PUSH, TWO_GOALS], ids=["one-goal", "two-goals"])
def test_header_lines_never_end_with_a_comma(path):
    """The heading is two lines (title; as of, deadline, objective), so no line wraps after a comma."""
    out = cli("plan", str(path)).stdout
    assert [] == [line for line in out.splitlines() if line.rstrip().endswith(",")]


def test_plurals_and_one_leaver_at_risk_read_as_english():
    """'survives any 1 departure', 'is lost if Amelia Stone leaves', no '(s)' and no 'any one of'."""
    woodgrove = plan(load_scenario(SCENARIOS / "woodgrove-resilience.yaml"), "gold")
    checked = at80(check_table(check(load_scenario(IMPOSSIBLE))))
    text = at80(plan_table(woodgrove)) + checked
    k = woodgrove.resilience.k if woodgrove.resilience else 0
    assert (True, False, False, True) == (
        f"survives any {k} departure{'s' if k != 1 else ''}" in text, "(s)" in text, "any one of" in text,
        "Silver is lost if Amelia Stone leaves" in checked)


def test_import_roster_counts_in_english(tmp_path):
    """One row of one person's one pass: '1 person, 1 pass from 1 row'."""
    source = SCENARIOS / "contoso-skills-report.csv"
    lines = source.read_text(encoding="utf-8").splitlines()
    one = tmp_path / "one.csv"
    one.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    result = cli("import-roster", str(one), "--output", str(tmp_path / "one.yaml"), "--market", "developed",
                 "--revenue", "1", "--dpor")
    assert (0, True) == (result.exit_code, "1 person, 1 pass from 1 row" in result.stderr)


def test_compare_diff_and_fixes_read_as_sentences():
    """No 'changes alice leaves on', a revenue change reads 'set to', a keep-on-staff fix reads plainly."""
    diff = compare_diff_lines(what_if_report())
    fixes = fix_lines(plan(load_scenario(IMPOSSIBLE), "gold"))
    assert (False, True, True) == (
        any("changes " in x for x in diff),
        any("organization.revenue_usd set to US$250,000" in x for x in diff),
        any("keep Elsa Berg on staff past the deadline 2018-09-30 (Elsa Berg is due to leave on "
            "2018-09-30)" in x for x in fixes))


def test_plan_of_a_csv_points_to_import_roster():
    """`planner plan roster.csv` exits 2 and names import-roster."""
    result = cli("plan", str(SCENARIOS / "contoso-skills-report.csv"))
    assert (2, True) == (result.exit_code, "planner import-roster" in result.stderr)


def test_compare_of_a_file_without_variants_says_so():
    """A single scenario compared: the output says the file has no variants."""
    out = cli("compare", str(GOLD_PUSH)).stdout
    assert True is ("the file has no variants" in " ".join(out.split()))


# ---- issue 13 item 6: control characters -------------------------------------------------------------------

EVIL = "Eve\x1b]0;pwned\x07\x1b[2J|<b>x</b>\nline"


def evil_file(tmp_path: Path) -> Path:
    """A scenario whose name, a person's name and id, and a variant's name carry escape sequences."""
    data = scenario_dict([{"id": "a1", "name": EVIL, "passed": ["MB2-717", "MB2-715"]},
                          {"id": "b\x1b[31m", "passed": ["MB2-716"]}, {"id": "cy", "name": "Cy"}],
                         name=f"Evil{EVIL}",
                         variants=[{"name": f"v{EVIL}", "remove": ["cy"]}])
    path = tmp_path / "evil.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("args", [
    pytest.param(["plan", "--level", "silver"], id="plan-table"),
    pytest.param(["plan", "--level", "silver", "--format", "markdown"], id="plan-markdown"),
    pytest.param(["plan", "--level", "silver", "--format", "html"], id="plan-html"),
    pytest.param(["check"], id="check-table"),
    pytest.param(["check", "--format", "markdown"], id="check-markdown"),
    pytest.param(["compare", "--level", "silver"], id="compare-table"),
    pytest.param(["compare", "--level", "silver", "--format", "markdown"], id="compare-markdown"),
    pytest.param(["compare", "--level", "silver", "--format", "html"], id="compare-html"),
])
def test_control_characters_from_the_input_are_shown_escaped(tmp_path, args):
    """With NO_COLOR, no ESC or BEL from a name reaches the output; the escaped form does (in Markdown with
    its backslashes and bracket escaped in turn)."""
    path = evil_file(tmp_path)
    command, *rest = args
    result = cli(command, str(path), *rest, columns=200)
    escaped = shown("\x1b]0;pwned\x07")
    expected = md(escaped) if "markdown" in args else escaped
    assert (True, [], True) == (
        result.exit_code in (0, 1), [c for c in ("\x1b", "\x07") if c in result.stdout],
        expected in result.stdout)


def test_markdown_escapes_pipes_html_and_line_breaks_in_names(tmp_path):
    """A name with '|', '<b>' and a line break keeps each Markdown table row on one line of its columns."""
    result = cli("plan", str(evil_file(tmp_path)), "--level", "silver", "--format", "markdown")
    rows = [line for line in result.stdout.splitlines() if "Eve" in line and line.startswith("|")]
    assert (True, [], [], True) == (
        bool(rows), [r for r in rows if "<b>" in r], [r for r in rows if r.count("|") - r.count("\\|") != 4],
        all("\\x0aline" in r for r in rows))


def test_compare_does_not_cut_inside_an_escape_sequence(tmp_path):
    """The variant's escaped name appears whole in compare's table, on one line."""
    result = cli("compare", str(evil_file(tmp_path)), "--level", "silver", columns=200)
    assert (True, False) == ("v" + shown(EVIL).split("|")[0] in result.stdout, "\x1b" in result.stdout)


def test_best_page_says_what_the_terminal_says():
    """best's HTML headline and next-level facts are the terminal's sentences."""
    report = best(load_scenario(SCENARIOS / "tailspin-budget.yaml"), 3000.0)
    lines = best_lines(report)
    page = html_report.best_page(report)
    assert (True, True) == (f">{lines[0]}</div>" in page, lines[1].split(": ", 1)[1] in page)


def test_an_error_line_shows_control_characters_escaped(tmp_path):
    """A bad input's one error line carries no ESC or BEL from the file, even where a name is quoted."""
    data = scenario_dict([{"id": "a\x1b]0;pwn\x07", "passed": ["MB2-716"]}, {"id": "a\x1b]0;pwn\x07"}])
    path = tmp_path / "evil.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=False), encoding="utf-8")
    result = cli("check", str(path))
    assert (2, [], True) == (result.exit_code, [c for c in ("\x1b", "\x07") if c in result.stderr],
                             "\\x1b]0;pwn\\x07" in result.stderr)


def test_a_hire_is_shown_by_id_and_profile():
    """Wingtip's hire fills a slot as 'hire-1 (PROFILE)', not under the profile alone as if it were a name."""
    report = plan(load_scenario(SCENARIOS / "wingtip-hiring.yaml"), "gold")
    hire = report.hires[0]
    text = at80(plan_table(report), 200)
    assert True is (f"│ {hire.id} ({hire.profile}) │" in text)


def test_rich_markup_in_names_is_shown_as_written(tmp_path):
    """'[bold]Ann[/]' and a scenario named '[/bold] co' are text, not markup: no error, shown literally."""
    data = scenario_dict([{"id": "a", "name": "[bold]Ann[/]", "passed": ["MB2-717", "MB2-715"]},
                          {"id": "b", "passed": ["MB2-716"]}], name="[/bold] co")
    path = tmp_path / "markup.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    planned = cli("plan", str(path), "--level", "silver", columns=200)
    compared = cli("compare", str(path), "--level", "silver", columns=200)
    assert (0, True, True, 0, True) == (
        planned.exit_code, "[bold]Ann[/]" in planned.stdout, "[/bold] co" in planned.stdout,
        compared.exit_code, "[/bold] co" in compared.stdout)


def test_compare_of_a_two_goal_scenario_does_not_call_its_plan_a_gold_plan():
    """The two-goal scenario's row is planned for both goals: the headers say 'plan', not 'Gold plan'."""
    out = cli("compare", str(TWO_GOALS), str(GOLD_PUSH)).stdout
    flat = " ".join(out.split())
    title = "each scenario's goals, or its highest level where it names none"
    assert (True, False, True, []) == (flat.lower().startswith(title), "Gold plan" in out,
                                      "Management Gold," in flat, cut_or_long(out))
