"""Bad input for scored levels and renewals: organization.track, organization.metrics and a pass's expires.

Each case edits a scenario that loads (BASE, planned against tests/data/scored/mini-scored.yaml, or CRM for
the shipped Business Applications catalog) and runs the CLI: exit 2, one line on stderr naming the file, the
line and column where the edited text puts the problem, and the key.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

VENV_BIN = Path(sys.executable).parent
PLANNER = str(VENV_BIN / "planner")
MINI = str(Path(__file__).parent / "data" / "scored" / "mini-scored.yaml")
TARGET = "business-applications:solutions-partner"

BASE = """\
schema_version: 1
name: Mini scored partner
competency: mini-scored
as_of: 2026-12-01
deadline: 2027-06-30
organization:
  market: developed
  revenue_usd: 0
  dpor: false
  track: enterprise
  metrics:
    adds: 3
    usage: 6
    deployments: 2
staff:
  - id: ann
    passed: [IN-1]
  - id: bob
    passed:
      - {exam: AD-1, date: 2026-01-10, expires: 2027-01-10}
  - id: cy
"""

CRM = """\
schema_version: 1
name: CRM partner
as_of: 2023-07-01
organization:
  market: developed
  revenue_usd: 0
  dpor: false
staff:
  - id: ann
    passed:
      - {exam: MB2-717, date: 2022-05-01, expires: 2023-05-01}
"""


def edited(text: str, *edits: tuple[str, str]) -> str:
    """`text` with each (old, new) replaced; old must occur once."""
    for old, new in edits:
        assert 1 == text.count(old), f"edit target {old!r} must occur once"
        text = text.replace(old, new)
    return text


def place(text: str, at: str, after: str = "") -> str:
    """'LINE:COL' of the first occurrence of `at` in `text` (of `at` just after `after`, when given)."""
    offset = text.index(after + at) + len(after)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{column}"


def run(tmp_path: Path, text: str, *args: str, command: str = "validate") -> subprocess.CompletedProcess[str]:
    """Run `planner COMMAND scenario.yaml ARGS` on `text` in tmp_path."""
    (tmp_path / "scenario.yaml").write_text(text, encoding="utf-8")
    return subprocess.run([PLANNER, command, "scenario.yaml", *args], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)


def one_error(result: subprocess.CompletedProcess[str]) -> str:
    """The one stderr line of a bad-input run (exit 2, no traceback), without its 'planner: error: '."""
    assert 2 == result.returncode, result.stderr
    lines = result.stderr.splitlines()
    assert 1 == len(lines), result.stderr
    assert "Traceback" not in result.stderr
    prefix = "planner: error: "
    assert prefix == lines[0][:len(prefix)]
    return lines[0][len(prefix):]


def test_a_right_scored_scenario_loads(tmp_path: Path) -> None:
    """A scenario with its track, every figure and a pass that expires after it was earned validates."""
    result = run(tmp_path, BASE, "--catalog", MINI)
    assert (0, "") == (result.returncode, result.stderr)
    assert "scenario.yaml: ok - Mini scored partner: mini-scored" in result.stdout


def test_missing_track_names_the_tracks(tmp_path: Path) -> None:
    """A goal scored by track with no organization.track is placed at organization and names both tracks."""
    text = edited(BASE, ("  track: enterprise\n", ""))
    message = one_error(run(tmp_path, text, "--catalog", MINI))
    assert (f"scenario.yaml:{place(text, 'organization:')}: organization.track: mini-scored:designation "
            "scores by track; write track: enterprise or track: smb") == message


def test_unknown_track_is_placed_at_the_track(tmp_path: Path) -> None:
    """A track the scored goal does not name is reported at its value, with the tracks it has."""
    text = edited(BASE, ("track: enterprise", "track: enterprize"))
    message = one_error(run(tmp_path, text, "--catalog", MINI))
    assert (f"scenario.yaml:{place(text, 'enterprize')}: organization.track: unknown track 'enterprize': "
            "mini-scored:designation scores by track; write track: enterprise or track: smb") == message


def test_track_unknown_to_every_catalog_is_refused_without_scored_goal(tmp_path: Path) -> None:
    """A track no known catalog names is a typo even when no goal is scored (CRM only)."""
    text = edited(CRM, ("  dpor: false\n", "  dpor: false\n  track: smbb\n"))
    message = one_error(run(tmp_path, text))
    where = place(text, "smbb")
    assert message.startswith(f"scenario.yaml:{where}: organization.track: unknown track 'smbb'")
    assert "enterprise, smb" in message


def test_known_track_without_scored_goal_is_fine(tmp_path: Path) -> None:
    """A known track on a scenario whose goal is not scored loads (it is simply not read)."""
    text = edited(CRM, ("  dpor: false\n", "  dpor: false\n  track: smb\n"))
    result = run(tmp_path, text)
    assert (0, "") == (result.returncode, result.stderr)


def test_plan_with_scored_target_and_no_track(tmp_path: Path) -> None:
    """`plan --target` a shipped scored level on a scenario without a track reports the track in the file."""
    message = one_error(run(tmp_path, CRM, "--target", TARGET, command="plan"))
    assert (f"scenario.yaml:{place(CRM, 'organization:')}: organization.track: {TARGET} scores by track; "
            "write track: enterprise or track: smb") == message


def test_validate_with_scored_target_and_no_track(tmp_path: Path) -> None:
    """`validate` reports the same error when the scenario's own targets name the scored level."""
    text = edited(CRM, ("as_of:", f"targets: [{TARGET}]\nas_of:"))
    message = one_error(run(tmp_path, text))
    assert (f"scenario.yaml:{place(text, 'organization:')}: organization.track: {TARGET} scores by track; "
            "write track: enterprise or track: smb") == message


def test_check_competency_scored_without_track(tmp_path: Path) -> None:
    """`check --competency` a scored competency on a scenario without a track reports it, not a crash."""
    message = one_error(run(tmp_path, CRM, "--competency", "business-applications", command="check"))
    assert message.startswith(f"scenario.yaml:{place(CRM, 'organization:')}: organization.track: ")


def test_shipped_catalog_without_metrics_names_every_figure(tmp_path: Path) -> None:
    """With the track but no organization.metrics, the shipped level's three figures are named at
    organization, with what each counts."""
    text = edited(CRM, ("  dpor: false\n", "  dpor: false\n  track: smb\n"))
    message = one_error(run(tmp_path, text, "--target", TARGET, command="plan"))
    assert (f"scenario.yaml:{place(text, 'organization:')}: organization.metrics: {TARGET} needs figures "
            "for its metrics that are not certifications; missing net-customer-adds (Net customer adds, in "
            "net customer adds), usage-growth (Usage growth, in percent), deployments (Deployments, in net "
            "new deployments); write them as metrics: {net-customer-adds: N, usage-growth: N, "
            "deployments: N}") == message


def test_missing_figure_is_placed_at_metrics(tmp_path: Path) -> None:
    """A figure left out of organization.metrics is named, at the metrics key."""
    text = edited(BASE, ("    deployments: 2\n", ""))
    message = one_error(run(tmp_path, text, "--catalog", MINI))
    assert (f"scenario.yaml:{place(text, 'metrics:')}: organization.metrics: mini-scored:designation needs "
            "figures for its metrics that are not certifications; missing deployments (Deployments); write "
            "them as metrics: {deployments: N}") == message


def test_unknown_metric_key_is_placed_at_the_key(tmp_path: Path) -> None:
    """A key of organization.metrics that no known metric reads is a typo, never silently ignored."""
    text = edited(BASE, ("    usage: 6", "    usage: 6\n    deploymets: 1"))
    message = one_error(run(tmp_path, text, "--catalog", MINI))
    assert (f"scenario.yaml:{place(text, 'deploymets')}: organization.metrics.deploymets: unknown metric "
            "'deploymets' (did you mean 'deployments'?); known: adds, deployments, net-customer-adds, usage, "
            "usage-growth") == message


def test_unknown_metric_key_without_scored_goal(tmp_path: Path) -> None:
    """An unknown figure is refused on a scenario whose goal is not scored too."""
    text = edited(CRM, ("  dpor: false\n", "  dpor: false\n  metrics: {adoption: 3}\n"))
    message = one_error(run(tmp_path, text))
    assert message.startswith(f"scenario.yaml:{place(text, 'adoption')}: organization.metrics.adoption: "
                              "unknown metric 'adoption'")


@pytest.mark.parametrize("expires", ["2025-01-10", "2026-01-10"])
def test_expires_not_after_date(tmp_path: Path, expires: str) -> None:
    """A pass that expires on or before the day it was passed is reported at its expires."""
    text = edited(BASE, ("expires: 2027-01-10", f"expires: {expires}"))
    message = one_error(run(tmp_path, text, "--catalog", MINI))
    where = place(text, expires, after="expires: ")
    assert (f"scenario.yaml:{where}: staff[1].passed[0].expires: AD-1 expires on {expires}, "
            "not after the day it was passed (2026-01-10); a certification expires after it is earned "
            "(check the years)") == message


def test_expires_is_fine_for_any_catalog(tmp_path: Path) -> None:
    """A pass with expires after its date loads for a 2017 competency too."""
    result = run(tmp_path, CRM)
    assert (0, "") == (result.returncode, result.stderr)


def test_variant_with_unknown_track_is_placed_in_the_variant(tmp_path: Path) -> None:
    """A variant that changes the track to one the scored goal lacks is reported where the variant says it."""
    text = BASE + "variants:\n  - name: small\n    organization:\n      track: smbb\n"
    message = one_error(run(tmp_path, text, "--catalog", MINI))
    assert (f"scenario.yaml:{place(text, 'smbb')}: variants[0].organization.track: unknown track 'smbb': "
            "mini-scored:designation scores by track; write track: enterprise or track: smb") == message


def test_variant_with_unknown_metric_is_placed_in_the_variant(tmp_path: Path) -> None:
    """A variant's figure no metric reads is reported at it, not silently merged in."""
    text = BASE + "variants:\n  - name: more\n    organization:\n      metrics: {adz: 4}\n"
    message = one_error(run(tmp_path, text, "--catalog", MINI))
    assert message.startswith(f"scenario.yaml:{place(text, '4}')}: variants[0].organization.metrics.adz: "
                              "unknown metric 'adz'")


def test_variant_with_known_track_loads(tmp_path: Path) -> None:
    """A variant that moves the partner to the other track validates."""
    text = BASE + "variants:\n  - name: small\n    organization:\n      track: smb\n"
    result = run(tmp_path, text, "--catalog", MINI)
    assert (0, "") == (result.returncode, result.stderr)


def test_import_roster_for_a_scored_competency_writes_track_and_metrics(tmp_path: Path) -> None:
    """An imported roster for a scored competency carries track and figure placeholders, so it validates."""
    csv = "Name,Email,Exam,Date\nAnn,ann@x.com,MB-210,2022-05-01\n"
    (tmp_path / "r.csv").write_text(csv, encoding="utf-8")
    made = subprocess.run([PLANNER, "import-roster", "r.csv", "--competency", "business-applications",
                           "--as-of", "2023-07-03", "--output", "out.yaml"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert 0 == made.returncode, made.stderr
    lines = (tmp_path / "out.yaml").read_text(encoding="utf-8").splitlines()
    at = lines.index("  track: enterprise    # EDIT: enterprise or smb")
    assert ["  metrics:", "    net-customer-adds: 0    # EDIT: Net customer adds, in net customer adds"] == \
        lines[at + 1:at + 3]
    result = run(tmp_path, "\n".join(lines) + "\n")
    assert (0, "") == (result.returncode, result.stderr)
