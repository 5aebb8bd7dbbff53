"""The HTML report: one self-contained page, rendered by headless Chromium and checked for what it shows."""

from __future__ import annotations

import datetime as dt
import inspect
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from models.report import PlanReport
from planner.cli.commands import app
from planner.core.compare import compare_entries, entries_for
from planner.core.planning import plan
from planner.input.loading import load_scenario, load_scenario_data
from planner.input.variants import load_with_variants
from planner.report.html import AMBER, GREEN, Bar, bar_chart, compare_page, exam_calendar, plan_page
from planner.report.words import who_for
from tests.conftest import SCENARIOS
from tests.helpers import scenario_dict

WHAT_IF = SCENARIOS / "contoso-what-if.yaml"
IMPOSSIBLE = SCENARIOS / "adatum-gold-impossible.yaml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed: run .ci/install-test-deps (CI's set-up does)",
)
EXTERNAL = re.compile(r"<script|<link|<img|<iframe|\bsrc=|\bhref=|url\(|@import", re.IGNORECASE)


def what_if_page() -> str:
    """The comparison page of the shipped what-if scenario (base and three variants)."""
    loaded, variants = load_with_variants(WHAT_IF)
    report, plans = compare_entries(entries_for(str(WHAT_IF), loaded, variants), "gold", "exams")
    return compare_page(report, plans)


def bars_in(page: str, chart_id: str) -> list[str]:
    """The labels of the bars in the chart with this id."""
    figure = page.split(f'id="{chart_id}"', 1)[1].split("</figure>", 1)[0]
    return re.findall(r'<g class="bar"><title>([^<:]*):', figure)


# ---- the page ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(what_if_page, id="compare"),
        pytest.param(lambda: plan_page(plan(load_scenario(IMPOSSIBLE), "gold")), id="plan-infeasible"),
        pytest.param(
            lambda: (
                CliRunner().invoke(app, ["best", str(WHAT_IF), "--budget", "1000", "--format", "html"]).stdout
            ),
            id="best",
        ),
    ],
)
def test_page_is_self_contained(make):
    """No script, stylesheet link, image, frame, src, href, url() or @import: nothing is fetched."""
    page = make()
    assert (True, []) == (page.startswith("<!DOCTYPE html>"), EXTERNAL.findall(page))


def test_text_from_the_input_is_escaped():
    """A scenario name with markup shows as text, never as markup."""
    name = "<script>alert(1)</script> & Sons"
    loaded = load_scenario_data(
        scenario_dict([{"id": "a", "passed": ["MB2-717", "MB2-715"]}], name=name), "t.yaml"
    )
    page = plan_page(plan(loaded, "silver"))
    assert (False, True) == (
        "<script>alert" in page,
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons" in page,
    )


def test_compare_page_has_one_bar_per_scenario_in_each_chart():
    """The cost chart and the exams chart each have a bar for the base and each variant, in order."""
    page = what_if_page()
    expected = ["Contoso Consulting", "alice leaves", "mia passes MB2-715", "revenue falls to US$250,000"]
    assert (expected, expected) == (bars_in(page, "chart-cost"), bars_in(page, "chart-exams"))


def test_compare_page_shows_the_diff_reasons_and_each_plan():
    """The page lists costs, exams added and dropped (people by name), the variant's changes and the failing
    gate's reason."""
    page = what_if_page()
    facts = [
        "US$5,925",
        "+US$2,715",
        "Mia Hansen MB2-715",
        "Dan Park MB2-717",
        "alice leaves on 2018-04-30",
        "US$50,000 short",
        "Why",
        "Gold is reachable by 2018-06-30 with 3 new exams costing US$5,925",
    ]
    assert [] == [f for f in facts if f not in page]


def test_plan_page_of_an_impossible_goal_shows_why_and_the_fixes():
    """Adatum's impossible Gold: the page has the reasons and the proposed fixes, each as an option."""
    report = plan(load_scenario(IMPOSSIBLE), "gold")
    page = plan_page(report)
    assert (True, True, True) == (
        "What would make it reachable" in page,
        "Option 1:" in page,
        report.reasons[0].split(";")[0][:40] in page,
    )


def test_bar_lengths_are_proportional_to_the_values():
    """The longest value fills the plot; half the value gives half the length; zero gives no bar."""
    svg = bar_chart(
        "t",
        [Bar("a", 10, GREEN, "10"), Bar("b", 5, GREEN, "5"), Bar("c", 0, GREEN, "0")],
        chart_id="t",
        width=480,
    )
    widths = [float(w) for w in re.findall(r'<rect x="200" y="[\d.]+" width="([\d.]+)"', svg)]
    assert [170.0, 85.0, 0.0] == widths


def test_empty_chart_says_there_is_nothing_to_show():
    """A chart without bars says so rather than drawing an empty frame."""
    assert "nothing to show" in bar_chart("t", [], chart_id="t")


def test_exam_calendar_is_left_out_without_a_schedule():
    """A plan made without --schedule has no calendar section."""
    report = plan(load_scenario(WHAT_IF), "gold")
    assert ("", False) == (exam_calendar(report), "exam-calendar" in plan_page(report))


@pytest.mark.skipif(
    "schedule" not in inspect.signature(plan).parameters, reason="no exam calendar (issue 6) yet"
)
def test_exam_calendar_draws_one_booking_per_scheduled_exam_in_its_month():
    """With --schedule the Gantt chart has a box per new exam (titled with the person's name) in its month,
    and a column per month."""
    report = plan(load_scenario(WHAT_IF), "gold", schedule=True)  # type: ignore[call-arg]
    svg = exam_calendar(report)
    bookings = re.findall(r'<g class="booking"><title>([^<]*)</title>', svg)
    who = who_for(report)
    expected = [f"{who(b.person)}: {b.exam} in {b.month}" for b in report.schedule]  # type: ignore[attr-defined]
    months = re.findall(r'fill="#59636e">(\d{4}-\d{2})</text>', svg)
    assert (expected, "2017-11", "2018-06", 8) == (bookings, months[0], months[-1], len(months))


# ---- the command line ----------------------------------------------------------------------------------


def test_plan_html_goes_to_stdout_and_keeps_the_exit_code():
    """`plan --format html` prints the page and still exits 1 for an unreachable level."""
    result = CliRunner().invoke(app, ["plan", str(IMPOSSIBLE), "--format", "html"])
    assert (1, True, True) == (
        result.exit_code,
        result.stdout.startswith("<!DOCTYPE html>"),
        result.stdout.rstrip().endswith("</html>"),
    )


def test_compare_html_output_writes_one_file(tmp_path):
    """`compare FILE --format html --output report.html` writes the page and prints nothing."""
    target = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["compare", str(WHAT_IF), "--format", "html", "--output", str(target)])
    assert (0, "", True) == (
        result.exit_code,
        result.stdout,
        "alice leaves" in target.read_text(encoding="utf-8"),
    )


def test_html_is_refused_where_there_is_no_page():
    """rules has no HTML report: --format html is a usage error (check has one since issue 22)."""
    result = CliRunner().invoke(app, ["rules", "--format", "html"])
    assert (2, True) == (result.exit_code, "--format must be one of" in result.stderr)


# ---- rendered by headless Chromium ---------------------------------------------------------------------


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run Debian's chromium headless, offline-minded and with a throw-away profile."""
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=tmp_path,
    )


def decode_png(path: Path):
    """The pixels of an 8-bit RGB(A) PNG as a numpy array (height, width, 3), its row filters undone."""
    import numpy as np  # installed with ortools

    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
    assert header is not None
    width, height, depth, color = header[:4]
    assert (8, True) == (depth, color in (2, 6))
    bpp = 3 if color == 2 else 4
    stride = width * bpp
    raw = np.frombuffer(zlib.decompress(idat), dtype=np.uint8).reshape(height, stride + 1)
    out = np.zeros((height, stride), dtype=np.uint8)
    previous = np.zeros(stride, dtype=np.int64)
    for y in range(height):
        kind, line = raw[y, 0], raw[y, 1:].astype(np.int64)
        if kind == 1:  # Sub: a running sum along the row, per channel
            line = np.cumsum(line.reshape(width, bpp), axis=0).reshape(stride) & 255
        elif kind == 2:  # Up
            line = (line + previous) & 255
        elif kind in (3, 4):  # Average, Paeth: each byte depends on the one to its left
            values = line.tolist()
            up = previous.tolist()
            for x in range(stride):
                left = values[x - bpp] if x >= bpp else 0
                if kind == 3:
                    values[x] = (values[x] + (left + up[x]) // 2) & 255
                else:
                    corner = up[x - bpp] if x >= bpp else 0
                    guess = left + up[x] - corner
                    pa, pb, pc = abs(guess - left), abs(guess - up[x]), abs(guess - corner)
                    values[x] = (
                        values[x] + (left if pa <= pb and pa <= pc else up[x] if pb <= pc else corner)
                    ) & 255
            line = np.array(values, dtype=np.int64)
        out[y] = line
        previous = line
    return out.reshape(height, width, bpp)[:, :, :3]


def _has_colour(pixels, color: str) -> bool:
    """Whether some pixel has exactly this #rrggbb colour."""
    import numpy as np

    return bool(
        np.all(pixels == np.frombuffer(bytes.fromhex(color.lstrip("#")), dtype=np.uint8), axis=2).any()
    )


@needs_chromium
def test_chromium_renders_the_comparison_with_its_names_costs_and_charts(tmp_path):
    """The DOM Chromium builds from the page holds every scenario, its cost and two SVG charts of 4 bars."""
    page = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["compare", str(WHAT_IF), "--format", "html", "--output", str(page)])
    assert 0 == result.exit_code
    dom = chromium(tmp_path, "--dump-dom", page.as_uri())
    facts = [
        "Contoso Consulting",
        "alice leaves",
        "mia passes MB2-715",
        "revenue falls to US$250,000",
        "US$3,210",
        "US$5,925",
        "US$805",
        "Side by side",
    ]
    assert (0, [], 2, 8) == (
        dom.returncode,
        [f for f in facts if f not in dom.stdout],
        dom.stdout.count("<svg"),
        dom.stdout.count('class="bar"'),
    )


@needs_chromium
def test_chromium_screenshot_shows_the_charts_in_their_colours(tmp_path):
    """The screenshot is 1200x1600, not blank, and has the green (reachable) and amber (gate fails) bars."""
    page = tmp_path / "report.html"
    page.write_text(what_if_page(), encoding="utf-8")
    shot = tmp_path / "report.png"
    result = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri())
    assert (0, True) == (result.returncode, shot.exists())
    pixels = decode_png(shot)
    painted = (pixels != pixels[0, 0]).any(axis=2).mean()
    assert ((1600, 1200), True, True, True) == (
        pixels.shape[:2],
        painted > 0.05,
        _has_colour(pixels, GREEN),
        _has_colour(pixels, AMBER),
    )


@needs_chromium
@pytest.mark.skipif(
    "schedule" not in inspect.signature(plan).parameters, reason="no exam calendar (issue 6) yet"
)
def test_chromium_renders_the_exam_calendar_of_a_scheduled_plan(tmp_path):
    """A plan made with --schedule renders its Gantt chart: one booking per new exam."""
    report: PlanReport = plan(load_scenario(WHAT_IF), "gold", schedule=True)  # type: ignore[call-arg]
    page = tmp_path / "plan.html"
    page.write_text(plan_page(report), encoding="utf-8")
    dom = chromium(tmp_path, "--dump-dom", page.as_uri())
    assert (0, True, len(report.new_exams)) == (
        dom.returncode,
        'id="exam-calendar"' in dom.stdout,
        dom.stdout.count('class="booking"'),
    )


def test_readme_screenshot_exists_and_is_a_png():
    """The README shows the comparison's screenshot, kept beside the scenario it was made from."""
    readme = (SCENARIOS.parent / "README.md").read_text(encoding="utf-8")
    (target,) = re.findall(r"!\[[^\]]*\]\((scenarios/[^)]+\.png)\)", readme)
    assert b"\x89PNG" == (SCENARIOS.parent / target).read_bytes()[:4]


def test_months_of_the_calendar_follow_the_plan_window():
    """The calendar's columns run from the as_of month to the deadline month, across a new year."""
    from planner.report.html import _months

    assert ["2017-11", "2017-12", "2018-01", "2018-02"] == _months(dt.date(2017, 11, 20), dt.date(2018, 2, 1))


def test_plan_page_for_two_targets_has_a_section_per_target_and_the_saving():
    """The two-goal Contoso page: one slot table per target, named with its option, and the saving."""
    loaded = load_scenario(SCENARIOS / "contoso-crm-gold-and-cba-silver.yaml")
    from planner.input.loading import resolve_target

    targets = [resolve_target(t, loaded.scenario, loaded.catalogs) for t in loaded.scenario.targets or ()]
    page = plan_page(plan(loaded, "gold", targets=targets))
    headings = re.findall(r"<h2>([^<]*)</h2>", page)
    assert (["Cloud Customer Relationship Management Gold (rules of 2017-11-16)",
             "Cloud Business Applications Silver, option enterprise-customer-engagement "
             "(rules of 2017-11-16)",
             "Together against one at a time"], True) == (
        [h for h in headings if "(rules" in h or h.startswith("Together")],
        "Saving: US$1,365 and 1 exam" in page)
