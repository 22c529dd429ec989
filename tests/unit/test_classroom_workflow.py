"""ci/github/classroom.yml: the reporter reads dockgrade's result, and each Classroom notice is printed once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

WORKFLOW = Path(__file__).resolve().parents[2] / "ci" / "github" / "classroom.yml"


def _steps() -> dict[str, dict[str, Any]]:
    jobs = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    return {step.get("name", ""): step for job in jobs.values() for step in job["steps"]}


def test_reporter_reads_the_dockgrade_result() -> None:
    """The reporter's runner is "dockgrade", fed the dockgrade step's "result" output."""
    steps = _steps()
    assert steps["dockgrade"]["id"] == "dockgrade"
    reporter = steps["Autograding Reporter"]
    assert reporter["uses"].startswith("classroom-resources/autograding-grading-reporter@")
    assert reporter["with"]["runners"] == "dockgrade"
    assert reporter["env"]["DOCKGRADE_RESULTS"] == "${{ steps.dockgrade.outputs.result }}"


def test_notices_left_to_the_reporter() -> None:
    """With the reporter in the workflow, the dockgrade step writes the result but prints no notice itself."""
    command = _steps()["dockgrade"]["run"].split()
    assert "--dockgrade-classroom" in command
    assert "--no-dockgrade-classroom-notices" in command


def test_python_problem_matcher_removed_before_grading() -> None:
    """setup-python's matcher (which no stop-commands stops) is removed before dockgrade prints a student's log."""
    steps = _steps()
    assert "actions/setup-python" in " ".join(str(step.get("uses", "")) for step in steps.values())
    first, *_ = steps["dockgrade"]["run"].splitlines()
    assert first == 'echo "::remove-matcher owner=python::"'
