"""Grade the reference solutions N times and check every run gives the same verdicts (flakiness, not speed).

Usage: python bench/repeat.py [--runs 20] [--serial] [--only graders/secao9 …] [--output PATH]

Each run is ``pytest graders -n 2 --dockgrade-json …`` in a child process (``--serial`` drops ``-n 2``). The
verdict of a run is its total and every check's outcome; the runs must all agree. Writes
``bench/results-repeat.json`` (scores, per-run seconds, the checks whose outcome varied) and exits 1 when any
run differs from the first.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUTPUT = BENCH / "results-repeat.json"


def grade_once(targets: list[str], parallel: bool, folder: Path) -> tuple[dict[str, Any], float]:
    """One grading of the reference solutions: its JSON report and wall-clock seconds."""
    report = folder / "report.json"
    command = [
        sys.executable,
        "-m",
        "pytest",
        *targets,
        "-p",
        "no:cacheprovider",
        "-q",
        "--dockgrade-json",
        str(report),
    ]
    command += ["-n", "2"] if parallel else []
    started = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=1800, check=False)
    seconds = time.monotonic() - started
    if not report.is_file():
        raise RuntimeError(f"no report (exit {done.returncode}):\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return json.loads(report.read_text(encoding="utf-8")), round(seconds, 1)


def verdict(report: dict[str, Any]) -> dict[str, str]:
    """Every check's outcome, keyed by ``exercise::check``."""
    return {check["id"]: check["outcome"] for check in report["checks"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--serial", action="store_true", help="one process (default: -n 2)")
    parser.add_argument("--only", nargs="+", default=["graders"], help="grader folders or files")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    scores, seconds, verdicts = [], [], []
    with tempfile.TemporaryDirectory(prefix="dockgrade-repeat-") as temporary:
        for index in range(args.runs):
            folder = Path(temporary) / str(index)
            folder.mkdir()
            report, took = grade_once(args.only, not args.serial, folder)
            scores.append(report["score"])
            seconds.append(took)
            verdicts.append(verdict(report))
            print(
                f"run {index + 1}/{args.runs}: {report['score']:g}/{report['max_score']:g} in {took:.1f}s", flush=True
            )
    varied = {
        check: dict(Counter(run.get(check, "missing") for run in verdicts))
        for check in sorted(set().union(*verdicts))
        if len({run.get(check, "missing") for run in verdicts}) > 1
    }
    identical = not varied and len(set(scores)) == 1
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "runs": args.runs,
        "parallel": not args.serial,
        "targets": args.only,
        "identical": identical,
        "scores": scores,
        "checks": len(verdicts[0]) if verdicts else 0,
        "varied_checks": varied,
        "seconds": seconds,
        "seconds_mean": round(sum(seconds) / len(seconds), 1) if seconds else 0,
    }
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{args.runs} runs, scores {sorted(set(scores))}, identical: {identical}; varied checks: {varied or 'none'}")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
