"""Issue 13, hardening of the data read: each bad scenario or catalog is exit 2 and one exact line.

The catalogue maps file contents to the command run, the exit code and the whole error line (file:line:column
where the problem comes from a place in a file). Huge numbers are bounded and never echoed whole; catalogs
refuse ids the planner cannot tell apart; an undated pass of an exam not yet open is refused; memory is
bounded by a budget counted while parsing; variants share the base roster.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from planner.input import yamlio
from planner.input.loading import load_scenario
from planner.input.variants import load_with_variants
from tests.helpers import run

SCENARIO = """\
schema_version: 1
name: T
as_of: 2017-11-20
deadline: 2018-06-30
organization:
  market: developed
  revenue_usd: 250000
  dpor: true
costs:
  exam_fee_usd: 165
  prep_hours: 10
staff:
  - id: alice
    passed: [MB2-717]
    max_new_exams: 2
"""

CATALOG = """\
catalog_version: 1
id: tiny
name: Tiny
revision: 2017-01-01
exams:
  - {code: A-1, title: A}
  - {code: B-1, title: B}
lists:
  - {id: la, name: LA, exams: [A-1]}
  - {id: lb, name: LB, exams: [B-1]}
roles:
  - {id: r1, lists: [la]}
  - {id: r2, lists: [lb]}
levels:
  - id: silver
    name: Silver
    slots: {r1: 1}
    revenue_gates:
      - {id: rev, required_usd: {developed: 100000, developing: 50000}}
  - id: gold
    name: Gold
    slots: {r1: 1, r2: 1}
    revenue_gates:
      - {id: rev, required_usd: {developed: 300000, developing: 150000}}
"""

TINY_SCENARIO = """\
schema_version: 1
name: T
competency: tiny
as_of: 2017-11-20
organization: {market: developed, revenue_usd: 250000, dpor: true}
staff:
  - {id: a, passed: [A-1]}
"""

D400 = "9" * 400
D5000 = "9" * 5000
D50 = "9" * 50


def edited(text: str, old: str, new: str) -> str:
    assert 1 == text.count(old), f"edit target {old!r} must occur once"
    return text.replace(old, new)


@dataclass(frozen=True)
class Bad:
    """A bad input file, the command run on it, and the exact error line (FILE stands for its path)."""

    content: str
    line: str
    command: str = "validate"  # validate, plan or rules
    catalog: bool = False  # the content is a catalog (read with --catalog beside TINY_SCENARIO)
    exit_code: int = 2


CASES = {
    # item 2: numbers too big for the arithmetic
    "revenue-400-digits": Bad(
        edited(SCENARIO, "revenue_usd: 250000", f"revenue_usd: {D400}"),
        "FILE:7:16: organization.revenue_usd: must be at most 10,000,000,000 (got a 400-digit number)"),
    "revenue-400-digits-plan": Bad(
        edited(SCENARIO, "revenue_usd: 250000", f"revenue_usd: {D400}"),
        "FILE:7:16: organization.revenue_usd: must be at most 10,000,000,000 (got a 400-digit number)",
        command="plan"),
    "fee-400-digits": Bad(
        edited(SCENARIO, "exam_fee_usd: 165", f"exam_fee_usd: {D400}"),
        "FILE:10:17: costs.exam_fee_usd: must be at most 10,000,000,000 (got a 400-digit number)"),
    "prep-hours-400-digits": Bad(
        edited(SCENARIO, "prep_hours: 10", f"prep_hours: {D400}"),
        "FILE:11:15: costs.prep_hours: must be at most 10,000 (got a 400-digit number)"),
    "max-new-exams-400-digits": Bad(
        edited(SCENARIO, "max_new_exams: 2", f"max_new_exams: {D400}"),
        "FILE:15:20: staff[0].max_new_exams: must be at most 10,000 (got a 400-digit number)"),
    "catalog-slot-count-50-digits": Bad(
        edited(CATALOG, "slots: {r1: 1, r2: 1}", f"slots: {{r1: {D50}, r2: 1}}"),
        "FILE:22:17: levels[1].slots.r1: must be 1,000,000 or less (got a 50-digit number)",
        command="plan", catalog=True),
    "catalog-required-usd-400-digits-rules": Bad(
        edited(CATALOG, "developed: 300000", f"developed: {D400}"),
        "FILE:24:45: levels[1].revenue_gates[0].required_usd.developed: must be 10,000,000,000 or less "
        "(got a 400-digit number)", command="rules", catalog=True),
    # item 4: catalogs
    "catalog-gate-id-dpor": Bad(
        edited(CATALOG, "{id: rev, required_usd: {developed: 100000",
               "{id: dpor, required_usd: {developed: 100000"),
        "FILE:19:14: levels[0].revenue_gates[0].id: a revenue gate must not be called 'dpor': the planner "
        "reports a level's DPOR requirement under that name; pick another id", command="rules", catalog=True),
    "catalog-two-gates-one-id": Bad(
        edited(CATALOG, "      - {id: rev, required_usd: {developed: 300000, developing: 150000}}\n",
               "      - {id: rev, required_usd: {developed: 300000, developing: 150000}}\n"
               "      - {id: rev, required_usd: {developed: 1, developing: 1}}\n"),
        "FILE:25:14: levels[1].revenue_gates[1].id: revenue gate id 'rev' of level gold is listed twice "
        "(first as revenue_gates[0]); give each its own name", command="rules", catalog=True),
    "catalog-negative-required-usd": Bad(
        edited(CATALOG, "developed: 300000", "developed: -5"),
        "FILE:24:45: levels[1].revenue_gates[0].required_usd.developed: must be 0 or more (got -5)",
        command="rules", catalog=True),
    "catalog-colon-in-level-id": Bad(
        edited(CATALOG, "id: gold", "id: 'go:ld'"),
        "FILE:20:9: levels[1].id: an id must not contain ':' (targets are written 'competency:level'); "
        "got 'go:ld'", command="rules", catalog=True),
    "catalog-colon-in-competency-id": Bad(
        edited(CATALOG, "id: tiny", "id: 'ti:ny'"),
        "FILE:2:5: id: an id must not contain ':' (targets are written 'competency:level'); got 'ti:ny'",
        command="rules", catalog=True),
    "catalog-empty-level-id": Bad(
        edited(CATALOG, "id: gold", "id: ''"),
        "FILE:20:9: levels[1].id: must not be empty (got '')", command="rules", catalog=True),
    "catalog-duplicate-exam-code": Bad(
        edited(CATALOG, "  - {code: B-1, title: B}\n",
               "  - {code: B-1, title: B}\n  - {code: A-1, title: A2}\n"),
        "FILE:8:12: exams[2].code: exam code 'A-1' is listed twice (first as exams[0]); "
        "give each its own name",
        command="rules", catalog=True),
    # item 5: scenarios
    "undated-pass-of-877-before-it-opened": Bad(
        edited(SCENARIO, "passed: [MB2-717]", "passed: [MB2-877]"),
        "FILE:14:14: staff[0].passed[0]: MB2-877 could only be taken from 2018-01-01, after as_of "
        "2017-11-20: it cannot have been passed by as_of; record only passes that happened by then"),
    "duplicate-top-level-key-after-a-block": Bad(
        SCENARIO + "staff: []\n",
        "FILE:16:1: staff: duplicate key 'staff' (first given on line 12); a later value would silently "
        "replace the earlier one: keep one"),
    "revenue-5000-digits": Bad(
        edited(SCENARIO, "revenue_usd: 250000", f"revenue_usd: {D5000}"),
        "FILE:7:16: organization.revenue_usd: must be at most 10,000,000,000 (got a 5,000-digit number)"),
    "fee-5000-digit-decimal": Bad(
        edited(SCENARIO, "exam_fee_usd: 165", f"exam_fee_usd: {D5000}.5"),
        "FILE:10:17: costs.exam_fee_usd: must be at most 10,000,000,000 (got a 5,001-digit number)"),
    "catalog-slot-count-5000-digits": Bad(
        edited(CATALOG, "slots: {r1: 1}", f"slots: {{r1: {D5000}}}"),
        "FILE:17:17: levels[0].slots.r1: a 5,000-digit number is too long to be a number here; "
        "check the value",
        command="rules", catalog=True),
    # item 7: aliases that repeat large parts of a file are refused before anything is built
    "billion-laughs": Bad(
        "a: &a [1,1,1,1,1,1,1,1,1]\n"
        + "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
                  for p, n in zip("abcdef", "bcdefg", strict=True))
        + "h: [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n",
        "FILE:6:8: by here the data would take more than 64 MiB of memory once read, the most a file this "
        "size may take (64 times its size plus 64 MiB): it holds too many tiny entries, or aliases (*name) "
        "that repeat large parts of it; write fewer, fuller entries or split the file"),
}


def write_case(tmp_path: Path, case: Bad) -> tuple[Path, list[str]]:
    """The file of the case and the command line that reads it."""
    name = "catalog.yaml" if case.catalog else "scenario.yaml"
    path = tmp_path / name
    path.write_text(case.content, encoding="utf-8")
    if not case.catalog:
        return path, [case.command, str(path)]
    if case.command == "rules":
        return path, ["rules", "--catalog", str(path)]
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(TINY_SCENARIO, encoding="utf-8")
    return path, [case.command, str(scenario), "--catalog", str(path)]


@pytest.mark.parametrize("case", [pytest.param(c, id=name) for name, c in CASES.items()])
def test_bad_data_is_exit_2_and_one_exact_line(tmp_path, case):
    """Each bad file gives its exit code and exactly the one line of the catalogue, with no traceback."""
    path, args = write_case(tmp_path, case)
    result = run(*args)
    expected = "planner: error: " + case.line.replace("FILE", str(path))
    assert (case.exit_code, [expected]) == (result.exit_code, result.stderr.splitlines())


def test_no_message_echoes_a_long_number(tmp_path):
    """No error line of the catalogue shows a run of more than 40 digits."""
    longest = 0
    for case in CASES.values():
        path, args = write_case(tmp_path, case)
        line = run(*args).stderr
        runs = [len(r) for r in "".join(c if c.isdigit() else " " for c in line).split()]
        longest = max([longest, *runs])
    assert (True, longest) == (longest <= 40, longest)


def test_utf32_file_is_called_utf32(tmp_path):
    """A UTF-32 file (whose first bytes are those of UTF-16) is named UTF-32 in the one line."""
    path = tmp_path / "scenario.yaml"
    path.write_bytes(SCENARIO.encode("utf-32"))
    result = run("validate", str(path))
    expected = [f"planner: error: {path}: the file is UTF-32 text; save it as UTF-8"]
    assert (2, expected) == (result.exit_code, result.stderr.splitlines())


def test_a_file_of_tiny_entries_is_refused_within_the_memory_budget(tmp_path, monkeypatch):
    """Thousands of `- id: N` lines cost more memory than 64 times their bytes: refused at the place."""
    monkeypatch.setattr(yamlio, "MEMORY_SLACK", 0)
    path = tmp_path / "scenario.yaml"
    path.write_text(SCENARIO + "".join(f"  - id: {n}\n" for n in range(5000)), encoding="utf-8")
    result = run("validate", str(path))
    line = result.stderr.splitlines()[0] if result.stderr else ""
    head = line.split(": by here the data would take more than ")[0]
    place = re.fullmatch(rf"planner: error: {re.escape(str(path))}:(\d+):5", head)
    row = int(place.group(1)) if place else 0
    assert (2, True, 1) == (result.exit_code, 13 < row <= 13 + 5000, len(result.stderr.splitlines()))


def test_aliases_repeating_a_list_are_refused_within_the_memory_budget(tmp_path, monkeypatch):
    """People sharing one anchored list of passes by alias are counted as if each list were written out."""
    monkeypatch.setattr(yamlio, "MEMORY_SLACK", 0)
    text = edited(SCENARIO, "passed: [MB2-717]", "passed: &p [MB2-717, MB2-716, MB2-715, MB2-718, MB2-710]")
    path = tmp_path / "scenario.yaml"
    path.write_text(text + "".join(f"  - {{id: p{n}, passed: *p}}\n" for n in range(3000)), encoding="utf-8")
    result = run("validate", str(path))
    expected = "by here the data would take more than"
    assert (2, True, 1) == (result.exit_code, expected in result.stderr, len(result.stderr.splitlines()))


def test_the_same_people_written_out_fit_the_budget(tmp_path, monkeypatch):
    """The roster of the alias test, written out in full, is within the budget and loads."""
    monkeypatch.setattr(yamlio, "MEMORY_SLACK", 0)
    passes = "[MB2-717, MB2-716, MB2-715, MB2-718, MB2-710]"
    path = tmp_path / "scenario.yaml"
    path.write_text(SCENARIO + "".join(f"  - {{id: p{n}, passed: {passes}}}\n" for n in range(300)),
                    encoding="utf-8")
    assert 301 == len(load_scenario(path).scenario.staff)


def test_variants_share_the_base_roster(tmp_path):
    """A person a variant does not touch is the base's own object; a changed one is new and the base keeps
    its value."""
    staff = "".join(f"  - {{id: p{n}, passed: [MB2-716]}}\n" for n in range(50))
    variants = ("variants:\n  - name: v1\n    change: {p3: {max_new_exams: 0}}\n"
                "  - name: v2\n    remove: [p4]\n    organization: {revenue_usd: 1}\n")
    path = tmp_path / "scenario.yaml"
    path.write_text(SCENARIO + staff + variants, encoding="utf-8")
    loaded, (v1, v2) = load_with_variants(path)
    base = loaded.scenario.staff
    shared1 = sum(a is b for a, b in zip(base, v1.loaded.scenario.staff, strict=True))
    shared2 = sum(any(a is b for b in v2.loaded.scenario.staff) for a in base)
    p3 = v1.loaded.scenario.staff[4]
    assert (50, 50, ("p3", 0, None), 1.0) == (
        shared1, shared2, (p3.id, p3.max_new_exams, base[4].max_new_exams),
        v2.loaded.scenario.organization.revenue_usd)
