"""`planner rules`: the index of competencies and revisions, one revision in full, the diff of two revisions,
user catalogs, and one-line errors; and `diff_catalogs` on tiny hand-built catalogs."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from models.catalog import Catalog
from planner.rules.diff import diff_catalogs
from tests.helpers import one_error_line, run

CRM_REVISIONS = ["2017-06-27", "2017-07-07", "2017-11-16"]
CBA_OPTIONS = {"enterprise-customer-engagement": "Enterprise Customer Engagement",
               "enterprise-operations": "Enterprise Operations"}


def index_part(stdout: str) -> str:
    """The index at the top of the output: everything before the rules shown in full."""
    head, sep, _ = stdout.partition("In full below:")
    assert sep, stdout
    return head


def json_out(*args: str):
    result = run(*args, "--format", "json")
    assert 0 == result.exit_code, result.stderr
    return json.loads(result.stdout)


# ---- the index and the latest revisions ------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_index_lists_both_competencies_every_revision_and_the_options(fmt):
    """With no options the index names both competencies, the three Cloud CRM revisions and both CBA
    options."""
    result = run("rules", "--format", fmt)
    index = index_part(result.stdout)
    facts = ["cloud-crm", "Cloud Customer Relationship Management", "cloud-business-applications",
             "Cloud Business Applications", *CRM_REVISIONS, *CBA_OPTIONS, *CBA_OPTIONS.values()]
    assert (0, []) == (result.exit_code, [f for f in facts if f not in index])


def test_index_lists_revisions_oldest_first_and_marks_the_latest():
    """Cloud CRM's revisions come oldest first, each with the days it was in force and the day the
    competency ended (3 Oct 2022); only the last is latest."""
    index = index_part(run("rules").stdout)
    crm = index[index.index("cloud-crm:"):]
    lines = [line.strip().partition(";") for line in crm.splitlines() if line.strip()[:10] in CRM_REVISIONS]
    expected = [("2017-06-27  in force 2017-06-27 to 2017-07-06", " ended 2022-10-03"),
                ("2017-07-07  in force 2017-07-07 to 2017-11-15", " ended 2022-10-03"),
                ("2017-11-16  latest, in force since 2017-11-16", " ended 2022-10-03")]
    assert expected == [(start, end.partition(",")[0]) for start, _, end in lines]


def test_default_shows_the_latest_revision_of_each_competency_in_full():
    """The full rules below the index are the latest revision of each competency, with people rules in
    words."""
    result = run("rules")
    shown = result.stdout.partition("In full below:")[2]
    facts = ["MB2-717", "MB6-894", "4 different people", "the same or different people",
             "Enterprise Operations", "cloud-net-new-revenue", "US$37,000"]
    assert (0, []) == (result.exit_code, [f for f in facts if f not in shown])


def test_json_lists_the_latest_revision_of_each_competency():
    """--format json is a list of catalogs: the latest revision of each known competency."""
    catalogs = json_out("rules")
    designations = ["business-applications", "data-ai", "digital-app-innovation", "infrastructure",
                    "modern-work", "security"]
    assert {*((d, "2026-05-08") for d in designations), ("cloud-business-applications", "2017-11-16"),
            ("cloud-crm", "2017-11-16")} == {(c["id"], c["revision"]) for c in catalogs}


def test_competency_option_limits_index_and_rules_to_one_competency():
    """--competency cloud-crm leaves Cloud Business Applications out of the index and the rules."""
    result = run("rules", "--competency", "cloud-crm")
    assert (0, False, True) == (result.exit_code, "cloud-business-applications" in result.stdout,
                                "MB2-717" in result.stdout)


# ---- --revision ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [["--revision", "2017-06-27"],
                                  ["--revision", "2017-06-27", "--competency", "cloud-crm"]],
                         ids=["every-competency", "one-competency"])
def test_revision_of_27_june_has_the_crm_exams_only_and_no_developing_market(args):
    """The 27 Jun 2017 revision lists MB2-714 but not MB2-717, and says developing markets are not offered."""
    result = run("rules", *args)
    shown = result.stdout.partition("In full below:")[2]
    assert (0, True, False, True) == (result.exit_code, "MB2-714" in shown, "MB2-717" in shown,
                                      "not offered" in shown)


def test_revision_json_gives_that_revision_without_a_developing_threshold():
    """--revision 2017-06-27 --format json is that one revision, whose gates name developed markets only."""
    (catalog,) = json_out("rules", "--revision", "2017-06-27")
    markets = {m for lv in catalog["levels"] for g in lv["revenue_gates"] for m in g["required_usd"]}
    assert ("cloud-crm", "2017-06-27", {"developed"}) == (catalog["id"], catalog["revision"], markets)


def test_revision_without_competency_shows_every_competency_with_that_date():
    """--revision 2017-11-16 shows both competencies, each having a revision of that day."""
    catalogs = json_out("rules", "--revision", "2017-11-16")
    assert {"cloud-business-applications", "cloud-crm"} == {c["id"] for c in catalogs}


# ---- --diff ----------------------------------------------------------------------------------------------

def test_diff_june_to_july_adds_the_developing_thresholds_and_no_exam():
    """27 Jun -> 7 Jul 2017 adds developing-market thresholds (Silver 50,000, Gold 150,000), nothing about
    exams."""
    changes = json_out("rules", "--diff", "2017-06-27", "2017-07-07")
    developing = {c["what"].split(":")[0]: (c["before"], c["after"]) for c in changes
                  if c["what"].endswith("developing")}
    exam_changes = [c for c in changes if c["kind"].startswith(("exam", "list"))]
    assert ({"Silver": (None, 50000), "Gold": (None, 150000)}, []) == (developing, exam_changes)


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_diff_june_to_july_says_the_thresholds_in_words(fmt):
    """The printed diff names the developing markets and both new thresholds."""
    result = run("rules", "--diff", "2017-06-27", "2017-07-07", "--format", fmt)
    facts = ["developing markets", "US$50,000", "US$150,000", "not offered"]
    assert (0, []) == (result.exit_code, [f for f in facts if f not in result.stdout])


def test_diff_july_to_november_adds_the_dynamics_365_exams_to_the_right_lists():
    """7 Jul -> 16 Nov 2017 adds MB2-717/718/877 to list A, MB2-715 to B and MB2-716 to C, and removes
    none."""
    changes = json_out("rules", "--diff", "2017-07-07", "2017-11-16")
    listed = [c for c in changes if c["kind"] == "list exams"]
    added_to = {c["what"]: set(c["after"]) - set(c["before"]) for c in listed}
    removed_from = {c["what"]: set(c["before"]) - set(c["after"]) for c in listed}
    new_exams = {c["what"] for c in changes if c["kind"] == "exam added"}
    assert ({"list A": {"MB2-717", "MB2-718", "MB2-877"}, "list B": {"MB2-715"}, "list C": {"MB2-716"}},
            {"list A": set(), "list B": set(), "list C": set()},
            {"MB2-717", "MB2-718", "MB2-877", "MB2-715", "MB2-716"}) == (added_to, removed_from, new_exams)


def test_diff_change_objects_have_the_documented_fields():
    """Each change in --format json has kind, what, before, after and text, in that order."""
    changes = json_out("rules", "--diff", "2017-07-07", "2017-11-16")
    assert {("kind", "what", "before", "after", "text")} == {tuple(c) for c in changes}


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_diff_of_a_revision_with_itself_says_no_changes(fmt):
    """Comparing a revision with itself prints 'no changes'."""
    result = run("rules", "--diff", "2017-07-07", "2017-07-07", "--format", fmt)
    assert (0, True) == (result.exit_code, "no changes" in result.stdout)


def test_diff_of_a_revision_with_itself_is_an_empty_json_list():
    """In JSON the diff of a revision with itself is []."""
    assert [] == json_out("rules", "--diff", "2017-11-16", "2017-11-16")


# ---- --catalog -------------------------------------------------------------------------------------------

SMALL_CATALOG = """\
catalog_version: 1
id: {id}
name: Contoso Test Competency
revision: {revision}
exams:
  - {{code: ZZ1-001, title: Test Basics}}
lists:
  - {{id: A, name: basics, exams: [ZZ1-001]}}
roles:
  - {{id: basic, lists: [A]}}
levels:
  - {{id: silver, name: Silver, slots: {{basic: 3}}}}
"""


def test_catalog_file_adds_its_competency_to_the_index_and_the_rules(tmp_path):
    """--catalog FILE with a new id lists it, marked as coming from --catalog, beside the shipped ones."""
    path = tmp_path / "contoso.yaml"
    path.write_text(SMALL_CATALOG.format(id="contoso-test", revision="2019-05-01"), encoding="utf-8")
    result = run("rules", "--catalog", str(path))
    index = index_part(result.stdout)
    facts = ["contoso-test: Contoso Test Competency (from --catalog)", "cloud-crm", "2019-05-01"]
    assert (0, [], True) == (result.exit_code, [f for f in facts if f not in index],
                             "ZZ1-001" in result.stdout)


def test_catalog_files_with_a_shipped_id_replace_its_revisions_and_can_be_diffed(tmp_path):
    """Two --catalog revisions of cloud-crm replace the shipped ones; --diff compares them."""
    paths = []
    for revision, slots in (("2019-01-01", 3), ("2019-06-01", 4)):
        path = tmp_path / f"crm-{revision}.yaml"
        text = SMALL_CATALOG.format(id="cloud-crm", revision=revision)
        path.write_text(text.replace("basic: 3", f"basic: {slots}"), encoding="utf-8")
        paths += ["--catalog", str(path)]
    index = index_part(run("rules", *paths, "--competency", "cloud-crm").stdout)
    changes = json_out("rules", *paths, "--diff", "2019-01-01", "2019-06-01")
    assert ([], [("slots", 3, 4)]) == ([r for r in CRM_REVISIONS if r in index],
                                      [(c["kind"], c["before"], c["after"]) for c in changes])


# ---- errors ----------------------------------------------------------------------------------------------

BAD_CATALOG = ("catalog_version: 1\nid: x\nname: X\nrevision: 2017-01-01\n"
               "exams:\n  - {code: E1, title: T, first_take: soon}\n")  # line 6: not a date


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        pytest.param(["--competency", "cloud-erp"], ["cloud-erp", "cloud-business-applications, cloud-crm"],
                     id="unknown-competency"),
        pytest.param(["--revision", "2016-01-01"],
                     ["2016-01-01", "cloud-crm 2017-06-27, 2017-07-07, 2017-11-16"],
                     id="no-competency-has-the-revision"),
        pytest.param(["--revision", "2017-06-27", "--competency", "cloud-business-applications"],
                     ["cloud-business-applications has no revision of 2017-06-27", "2017-11-16"],
                     id="competency-lacks-the-revision"),
        pytest.param(["--revision", "27/06/2017"], ["--revision", "27/06/2017"], id="bad-revision-date"),
        pytest.param(["--diff", "2017-06-27", "2017-02-30"], ["--diff", "2017-02-30"], id="bad-diff-date"),
        pytest.param(["--diff", "2017-06-27", "2018-01-01"],
                     ["2018-01-01", "2017-06-27, 2017-07-07, 2017-11-16"], id="unknown-diff-revision"),
        pytest.param(["--diff", "2017-06-27", "2017-07-07", "--competency", "nope"], ["nope", "cloud-crm"],
                     id="diff-unknown-competency"),
        pytest.param(["--diff", "2017-06-27", "2017-07-07", "--revision", "2017-06-27"],
                     ["--revision", "--diff"], id="revision-and-diff"),
        pytest.param(["--catalog", "{missing}"], ["{missing}"], id="missing-catalog-file"),
        pytest.param(["--catalog", "{bad}"], ["{bad}:6:", "first_take"], id="bad-catalog-file"),
    ],
)
def test_bad_rules_options_exit_2_with_one_line(tmp_path, args, fragments):
    """Each bad option value is one stderr line naming what is wrong (and what is known), exit 2, no
    stdout."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_CATALOG, encoding="utf-8")
    names = {"{missing}": str(tmp_path / "missing.yaml"), "{bad}": str(bad)}
    args = [names.get(a, a) for a in args]
    fragments = [f.replace("{bad}", str(bad)).replace("{missing}", names["{missing}"]) for f in fragments]
    result = run("rules", *args)
    line = one_error_line(result)
    assert (2, "", []) == (result.exit_code, result.stdout, [f for f in fragments if f not in line])


# ---- diff_catalogs on hand-built catalogs ------------------------------------------------------------------

def catalog(**changes) -> Catalog:
    """A two-role, two-level catalog; keyword arguments replace its fields (roles, levels, options...)."""
    data = {
        "catalog_version": 1, "id": "tiny", "name": "Tiny", "revision": dt.date(2020, 1, 1),
        "exams": [{"code": "E1", "title": "One"}, {"code": "E2", "title": "Two"}],
        "lists": [{"id": "A", "name": "a", "exams": ["E1"]}, {"id": "B", "name": "b", "exams": ["E2"]}],
        "roles": [{"id": "ra", "lists": ["A"]}, {"id": "rb", "lists": ["B"]}],
        "levels": [level("silver", {"ra": 1, "rb": 1}), level("gold", {"ra": 2, "rb": 2})],
    }
    data.update(changes)
    return Catalog.model_validate(data)


def level(lid: str, slots: dict[str, int], people: str = "different", developing: int | None = 50_000,
          dpor: bool = True) -> dict:
    required = {"developed": 100_000} | ({} if developing is None else {"developing": developing})
    return {"id": lid, "name": lid.capitalize(), "slots": slots, "people": people, "dpor": dpor,
            "revenue_gates": [{"id": "revenue", "required_usd": required}]}


def option(oid: str, name: str) -> dict:
    return {"id": oid, "name": name, "roles": [{"id": "ra", "lists": ["A"]}],
            "levels": [level("silver", {"ra": 1}), level("gold", {"ra": 2})]}


def kinds(changes) -> list[tuple[str, str, object, object]]:
    return [(c.kind, c.what, c.before, c.after) for c in changes]


def test_diff_of_identical_catalogs_is_empty():
    """Two catalogs with the same rules (other dates) differ in nothing."""
    assert [] == diff_catalogs(catalog(), catalog(revision=dt.date(2021, 1, 1)))


def test_diff_reports_a_slot_count_change():
    """Gold needing 3 rb slots instead of 2 is one 'slots' change from 2 to 3."""
    after = catalog(levels=[level("silver", {"ra": 1, "rb": 1}), level("gold", {"ra": 2, "rb": 3})])
    changes = diff_catalogs(catalog(), after)
    assert [("slots", "Gold: rb", 2, 3)] == kinds(changes)


def test_diff_reports_a_people_rule_change_in_words():
    """Silver turning from different people to the same or different people is a 'people' change, said in
    words."""
    after = catalog(levels=[level("silver", {"ra": 1, "rb": 1}, people="same-or-different"),
                            level("gold", {"ra": 2, "rb": 2})])
    (change,) = diff_catalogs(catalog(), after)
    assert (("people", "Silver", "different", "same-or-different"), True) == (
        kinds([change])[0],
        "the same or different people" in change.text and "(was different people)" in change.text)


def test_diff_reports_an_option_added():
    """A second option is an 'option added' change naming it; the first option's rules are unchanged."""
    one = catalog(roles=[], levels=[], options=[option("o1", "First")])
    two = catalog(roles=[], levels=[], options=[option("o1", "First"), option("o2", "Second")])
    (change,) = diff_catalogs(one, two)
    assert (("option added", "o2 (Second)", None, "Second"), True) == (kinds([change])[0],
                                                                        "o2" in change.text)


def test_diff_reports_changes_inside_a_shared_option_under_its_name():
    """A slot change inside option o1 is reported with the option's name in front."""
    before = catalog(roles=[], levels=[], options=[option("o1", "First"), option("o2", "Second")])
    changed = option("o1", "First")
    changed["levels"][1]["slots"] = {"ra": 5}
    after = catalog(roles=[], levels=[], options=[changed, option("o2", "Second")])
    assert [("slots", "option o1 (First): Gold: ra", 2, 5)] == kinds(diff_catalogs(before, after))


GOLD = level("gold", {"ra": 2, "rb": 2})
EXAMS = [{"code": "E1", "title": "One"}, {"code": "E2", "title": "Two"}]


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        pytest.param({"levels": [level("silver", {"ra": 1, "rb": 1}, developing=None), GOLD]},
                     [("threshold removed", "Silver: gate revenue: developing", 50_000, None)],
                     id="market-removed"),
        pytest.param({"levels": [level("silver", {"ra": 1, "rb": 1}, developing=60_000), GOLD]},
                     [("threshold changed", "Silver: gate revenue: developing", 50_000, 60_000)],
                     id="threshold"),
        pytest.param({"levels": [level("silver", {"ra": 1, "rb": 1}),
                                 level("gold", {"ra": 2, "rb": 2}, dpor=False)]},
                     [("dpor", "Gold", True, False)], id="dpor"),
        pytest.param({"roles": [{"id": "ra", "lists": ["A", "B"]}, {"id": "rb", "lists": ["B"]}]},
                     [("role changed", "role ra", ["A"], ["A", "B"])], id="role-lists"),
        pytest.param({"exams": [{**EXAMS[0], "last_take": "2020-06-30"}, EXAMS[1]]},
                     [("exam dates", "E1", {"last_take": None}, {"last_take": "2020-06-30"})],
                     id="exam-date"),
        pytest.param({"exams": [*EXAMS, {"code": "E3", "title": "Three"}],
                      "lists": [{"id": "A", "name": "a", "exams": ["E1", "E3"]},
                                {"id": "B", "name": "b", "exams": ["E2"]}]},
                     [("exam added", "E3", None, {"code": "E3", "title": "Three"}),
                      ("list exams", "list A", ["E1"], ["E1", "E3"])], id="exam-added-to-a-list"),
    ],
)
def test_diff_reports_each_kind_of_rule_change(after, expected):
    """Each changed rule is one change with its before and after values."""
    assert expected == kinds(diff_catalogs(catalog(), catalog(**after)))


def test_diff_reports_a_market_added_as_now_offered():
    """A developing threshold where there was none says 'now offered' and 'not offered' before."""
    before = catalog(levels=[level("silver", {"ra": 1, "rb": 1}, developing=None), GOLD])
    (change,) = diff_catalogs(before, catalog())
    assert ("threshold added", True) == (change.kind,
                                         "developing markets now offered at US$50,000" in change.text)

