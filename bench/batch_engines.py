"""Batch throughput with one Docker engine and with two: students graded per minute, same class, same machine.

Usage (root, Linux): python bench/batch_engines.py [--students 8] [--output PATH]

The class: ``--students`` copies of section 5's reference solutions (each a full section-5 grading). Runs, one
after another, each with ``--force`` (nothing cached) and ``--section 5``:
  1 engine,  2 workers    the machine's own engine
  2 engines, 2 workers    plus an engine in its own network namespace (ci/engines/dockerd-netns.sh, K=8)
  2 engines, 4 workers    two gradings per engine
The second engine gets the stand-ins once before the timings (``copy_standins``), as a real batch does at its
start; that copy is timed on its own. Writes ``bench/results-engines.json``. On one 2-core machine two engines
share the same CPUs: the point is what spreading costs or gains, not a cluster's scaling.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dockgrade.runtime.engines import Engine, copy_standins

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUTPUT = BENCH / "results-engines.json"
ENGINE_SCRIPT = ROOT / "ci" / "engines" / "dockerd-netns.sh"
ENGINE_NUMBER = "8"


def make_class(root: Path, size: int) -> Path:
    """A roster of ``size`` students, each submitting section 5's reference solutions."""
    lines = ["student,repo"]
    for index in range(size):
        repo = shutil.copytree(ROOT / "exercises" / "secao5", root / f"aluno{index}")
        lines.append(f"aluno{index},{repo}")
    roster = root / "roster.csv"
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return roster


def timed_batch(roster: Path, out: Path, engines: list[str], workers: int) -> dict[str, Any]:
    """One ``dockgrade batch`` of the whole class: seconds, students per minute, and every total it gave."""
    command = [sys.executable, "-m", "dockgrade.cli", "batch", str(roster), "--out", str(out), "--section", "5"]
    command += ["--assignment", "secao5"]  # the whole section, as measured before assignments existed
    command += ["--force", "--workers", str(workers)] + [arg for engine in engines for arg in ("--engine", engine)]
    started = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=3600, check=False)
    seconds = time.monotonic() - started
    if done.returncode != 0:
        raise RuntimeError(f"batch failed ({done.returncode}):\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    with (out / "summary.csv").open(encoding="utf-8") as handle:
        totals = sorted({row["total"] for row in csv.DictReader(handle)})
    used = sorted({path.read_text(encoding="utf-8") for path in (out / "students").glob("*/engine.txt")})
    students = len(roster.read_text(encoding="utf-8").splitlines()) - 1
    return {
        "engines": len(engines),
        "workers": workers,
        "seconds": round(seconds, 1),
        "students_per_minute": round(60 * students / seconds, 2),
        "totals": totals,
        "engines_used": len(used),
    }


def start_second_engine() -> str:
    """``DOCKER_HOST,probe=IP`` of a fresh engine in its own network namespace."""
    started = subprocess.run([str(ENGINE_SCRIPT), "start", ENGINE_NUMBER], capture_output=True, text=True, check=True)
    host, probe = (field.split("=", 1)[1] for field in started.stdout.split())
    return f"{host},probe={probe}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=8)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    second = start_second_engine()
    try:
        copy_started = time.monotonic()
        copy_standins(Engine(), Engine.parse(second))
        copy_seconds = round(time.monotonic() - copy_started, 1)
        with tempfile.TemporaryDirectory(prefix="dockgrade-bench-engines-") as temporary:
            roster = make_class(Path(temporary) / "repos", args.students)
            runs: list[dict[str, Any]] = []
            for label, engines, workers in (
                ("one_engine", [""], 2),
                ("two_engines", ["", second], 2),
                ("two_engines_4_workers", ["", second], 4),
            ):
                result = timed_batch(roster, Path(temporary) / label, engines, workers)
                print(f"{label}: {result}", flush=True)
                runs.append({"run": label, **result})
    finally:
        subprocess.run([str(ENGINE_SCRIPT), "stop", ENGINE_NUMBER], capture_output=True, check=False)
    one = runs[0]["students_per_minute"]
    summary = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "students": args.students,
        "copy_standins_seconds": copy_seconds,
        "runs": runs,
        "speedup_two_engines": round(float(runs[1]["students_per_minute"]) / float(one), 2),
        "speedup_two_engines_4_workers": round(float(runs[2]["students_per_minute"]) / float(one), 2),
        "same_totals": len({tuple(run["totals"]) for run in runs}) == 1,
    }
    args.output.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
