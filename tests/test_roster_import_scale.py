"""Roster import at scale: one pass over the rows, the scenario checked and written a block of people at a
time, and never a scenario the loader refuses (too big or too dense to read)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from typer.testing import CliRunner

from planner.cli.commands import app
from planner.errors import ScenarioError, UsageError
from planner.input import loading, roster_scenario, yamlio
from planner.input.loading import load_scenario_text
from planner.input.roster_import import import_roster
from planner.rules.catalogs import shipped_catalog

AS_OF = dt.date(2017, 11, 20)
CRM = shipped_catalog("cloud-crm")


def report(people: int, *, short: bool = False) -> str:
    """A skills report of two rows a person (two dated passes, a dated and an undated one, a pass and a row
    without exam, or two rows without), every fifth person without a name; or (short) people with a short
    id and nothing else."""
    if short:
        return "Email,Exam\n" + "".join(f"p{i},\n" for i in range(people))
    kinds = [("MB2-716,2017-03-1{d}", "MB2-717,2017-0{m}-1{d}"), ("MB2-716,2017-03-1{d}", "MB2-714,"),
             ("MB2-717,2017-0{m}-1{d}", ","), (",", ",")]
    return "Name,Email,Exam,Date passed\n" + "".join(
        f"{'' if i % 5 == 0 else f'Person {i}'},p{i:06d}@contoso.com,{row.format(m=1 + i % 9, d=i % 10)}\n"
        for i in range(people) for row in kinds[i % 4])


def imported(text: str, catalog=CRM):
    return import_roster(text, "skills.csv", catalog, as_of=AS_OF if catalog is CRM else dt.date(2023, 1, 16))


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


def person_ends(text: str) -> list[int]:
    """Where each person's entry of the staff ends in the scenario text."""
    return [m.start() for m in re.finditer(r"^  - id: ", text, re.M)][1:] + [len(text)]


def test_a_scenario_over_the_loaders_size_cap_is_refused_in_one_line_writing_nothing(tmp_path, monkeypatch):
    """A scenario bigger than the loader reads was written (validate refused it): now exit 2, one line."""
    csv_file = tmp_path / "skills.csv"
    csv_file.write_text(report(200), encoding="utf-8")
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 20_000)
    out = tmp_path / "out.yaml"
    result = run("import-roster", str(csv_file), "--as-of", "2017-11-20", "--out", str(out))
    assert (2, True, 1, False) == (
        result.exit_code,
        bool(re.fullmatch(rf"planner: error: {re.escape(str(csv_file))}:\d+: by this row the scenario would "
                          r"be more than 20,000 bytes, the most the planner reads; split the skills report "
                          r"into several files", result.stderr.strip())),
        len(result.stderr.splitlines()), out.exists())


def test_the_size_cap_is_named_at_the_first_person_past_it_and_the_loader_refuses_it(monkeypatch, tmp_path):
    """The row named is the first person whose entry takes the text past the cap; the loader refuses it."""
    text = imported(report(200)).text
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 20_000)
    with pytest.raises(UsageError) as caught:
        imported(report(200))
    person = (int(str(caught.value).split(":")[1]) - 2) // 2  # person i starts on line 2 + 2i
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as refused:
        yamlio.read_bytes(tmp_path / "s.yaml", "s.yaml")
    ends = person_ends(text)
    assert (True, True) == (ends[person - 1] <= 20_000 < ends[person],
                            "at most 20,000 bytes" in str(refused.value))


def test_a_scenario_too_dense_for_the_loaders_memory_budget_is_refused_in_one_line(monkeypatch):
    """People with a short id and nothing else cost the loader more than 64 bytes a character: without the
    budget's 64 MiB of slack, 200 of them are refused by the import as by the loader."""
    text = imported(report(200, short=True)).text
    monkeypatch.setattr(yamlio, "MEMORY_SLACK", 0)
    with pytest.raises(UsageError) as caught:
        imported(report(200, short=True))
    with pytest.raises(ScenarioError) as refused:
        load_scenario_text(text, "s.yaml")
    assert (True, True) == (
        str(caught.value).endswith(
            "by this row the scenario would take more memory to read than the planner allows a file its size "
            "(64 times its size plus 0 bytes): too many people with a short id and nothing else; split the "
            "skills report into several files"),
        "would take more than" in str(refused.value))


@pytest.mark.parametrize("competency", ["cloud-crm", "business-applications"])
def test_the_import_counts_the_scenarios_size_and_data_exactly_as_the_loader_does(monkeypatch, competency):
    """With the budget set to the import's count the loader reads the text, one less and it refuses it."""
    catalog = shipped_catalog(competency)
    rows = ["MB-210,2022-05-01,2024-05-01", "PL-200,,", "PL-600,2022-05-01,", "MB-220,,2024-05-01"]
    csv = report(40) if competency == "cloud-crm" else (
        "Name,Email,Exam,Date,Expires\n" + "".join(f"P {i},p{i}@x.com,{rows[i % 4]}\n" for i in range(40)))
    result = imported(csv, catalog)
    text = result.text
    size, chars, cost = result.scenario.size()
    answers = []
    for slack in (0, -1):
        monkeypatch.setattr(yamlio, "MEMORY_SLACK", cost - yamlio.MEMORY_FACTOR * chars + slack)
        try:
            load_scenario_text(text, "s.yaml", catalog=catalog)
            answers.append("read")
        except ScenarioError as exc:
            answers.append("refused" if "would take more than" in str(exc) else str(exc))
    assert (len(text.encode("utf-8")), len(text), ["read", "refused"]) == (size, chars, answers)


def test_the_loader_checks_the_scenario_a_block_of_people_at_a_time_never_whole(monkeypatch):
    """The check that what is written validates loads blocks of people with the head, not the whole text."""
    monkeypatch.setattr(roster_scenario, "BLOCK", 7)
    seen: list[int] = []
    real = loading.load_scenario_text

    def counting(text, shown, **kwargs):
        seen.append(text.count("\n  - id: "))
        return real(text, shown, **kwargs)

    monkeypatch.setattr(loading, "load_scenario_text", counting)
    result = imported(report(30))
    assert ([7, 7, 7, 7, 2], 30, 5) == (seen, result.people, len(list(result.chunks())) - 1)


def test_past_twenty_names_under_two_ids_a_note_says_how_many_more():
    """25 people sharing a name with another id get 20 notes naming them and one counting the other 5."""
    csv = "Name,Email,Exam\n" + "".join(f"Al,a{i}@x.com,\n" for i in range(26))
    notes = imported(csv).notes
    twins = [n for n in notes if "'Al' has two ids" in n]
    assert (20, ["and 5 more people have a name that someone with another id has: check them too"]) == (
        len(twins), [n for n in notes if n.startswith("and ")])
