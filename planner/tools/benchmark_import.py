"""Benchmark: the memory and time `planner import-roster` takes next to the size of the CSV it reads.

Run it from the repository (the 50 MB file takes a minute or so):

    .venv/bin/python -m planner.tools.benchmark_import                  # CSVs of 1, 10 and 50 MB
    .venv/bin/python -m planner.tools.benchmark_import --sizes 1,5 --repeat 3

For each size it writes a skills report (CSV, one row per person and exam, the header
`Name,Email,Exam,Date passed`: the densest shape a report has, so the ratio is the highest) of that many
megabytes, then runs `planner import-roster CSV --output FILE` in a fresh `python -m planner` process and
prints its wall-clock and CPU seconds, its peak resident memory (the child's maximum resident set, from
wait4/getrusage), that peak over the CSV's size, the peak less the start-up's (the peak of importing a
one-row CSV) over the CSV's size, the exit code and the size of the scenario written. A report whose
scenario would exceed what the loader reads (64 MiB) is refused with exit 2: its row says so.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

from planner.tools.benchmark import Run, machine_line, run_planner

HEADER = "Name,Email,Exam,Date passed\n"
EXAMS = ("MB2-712", "MB2-715", "MB2-716", "MB2-717", "MB2-718")
FIRST = ("Ana", "Ben", "Chen", "Dana", "Emil", "Fatima", "Goran", "Hana", "Ivan", "Julia")
LAST = ("Abe", "Berg", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito", "Jensen")
MB = 1_000_000


def write_skills_report(path: Path, size_bytes: int, seed: int = 1) -> int:
    """A CSV of about `size_bytes`: people with one to three passes of Cloud CRM exams, one in ten with
    none (a row without an exam); returns the number of rows under the header."""
    rng = random.Random(seed)
    rows = written = 0
    person = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        written += len(HEADER)
        while written < size_bytes:
            person += 1
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            who = f"{name},p{person:07d}@contoso.com"
            count = 0 if rng.random() < 0.1 else 1 + int(rng.random() * 3)
            lines = [f"{who},,\n"] if count == 0 else [
                f"{who},{code},2017-{1 + int(rng.random() * 9):02d}-{1 + int(rng.random() * 28):02d}\n"
                for code in rng.sample(EXAMS, count)]
            for line in lines:
                out.write(line)
                written += len(line)
                rows += 1
    return rows


def measure(size_mb: float, folder: Path, repeat: int) -> tuple[float, int, Run, int]:
    """Import a generated CSV of `size_mb` megabytes: its size, rows, the run and the output's size."""
    csv_path = folder / f"skills-{size_mb:g}mb.csv"
    out = folder / f"imported-{size_mb:g}mb.yaml"
    rows = write_skills_report(csv_path, max(1, int(size_mb * MB)))
    out.unlink(missing_ok=True)
    run = run_planner(["import-roster", str(csv_path), "--output", str(out), "--as-of", "2017-11-20",
                       "--market", "developed", "--revenue", "0", "--no-dpor"], repeat)
    size = csv_path.stat().st_size
    written = out.stat().st_size if out.exists() else 0
    csv_path.unlink()
    out.unlink(missing_ok=True)
    return size / 2**20, rows, run, written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,50", help="CSV sizes in MB, comma-separated")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the fastest counts")
    args = parser.parse_args(argv)
    sizes = [float(s) for s in args.sizes.split(",") if s.strip()]
    print(machine_line())
    with tempfile.TemporaryDirectory(prefix="planner-import-bench-") as folder:
        start_up = measure(0, Path(folder), args.repeat)[2].peak_mib
        print(f"start-up (a one-row CSV): {start_up:.0f} MiB")
        print("| CSV | rows | exit | wall s (cpu) | peak MiB | peak / CSV | (peak - start-up) / CSV "
              "| scenario written |")
        print("|---:|---:|---:|---:|---:|---:|---:|---|")
        for size_mb in sizes:
            mib, rows, run, written = measure(size_mb, Path(folder), args.repeat)
            wrote = f"{written / 2**20:.1f} MiB" if written else (
                "none: over the loader's 64 MiB" if "more than 64 MiB" in run.stderr else "none")
            print(f"| {size_mb:g} MB ({mib:.1f} MiB) | {rows:,} | {run.code} | {run.seconds:.2f} "
                  f"({run.cpu_seconds:.2f}) | {run.peak_mib:.0f} | {run.peak_mib / mib:.0f}x | "
                  f"{(run.peak_mib - start_up) / mib:.1f}x | {wrote} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
