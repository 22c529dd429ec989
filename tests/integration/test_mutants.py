"""Every mutant (one mistake each) fails exactly its declared checks, with the declared message."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.grading_run import MUTANT_SPECS, case_id, grade, grader_for, left_behind, materialise

MUTANT_FILES = MUTANT_SPECS


@pytest.mark.parametrize("spec_path", MUTANT_FILES, ids=[case_id(path) for path in MUTANT_FILES])
def test_mutant_fails_declared_checks(spec_path: Path, tmp_path: Path) -> None:
    """The failing set, the not-run set and the message fragment are exactly as the mutant declares."""
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    submission = materialise(spec_path.parent, spec, tmp_path)
    run = grade([grader_for(spec["exercise"])], submission, tmp_path)
    outcomes = run.outcomes()
    assert outcomes, run.output
    failed = {check for check, outcome in outcomes.items() if outcome == "failed"}
    not_run = {check for check, outcome in outcomes.items() if outcome == "not_run"}
    assert failed == set(spec["fails"]), run.output
    assert not_run == set(spec.get("not_run", [])), run.output
    # Only an environment limit (an image no registry or stand-in provides here) may error, never the grader.
    errored = [check for check in run.report["checks"] if check["outcome"] == "errored"]
    assert all(check["cause"] == "NotRunnableOffline" for check in errored), run.output
    failures = [check for check in run.report["checks"] if check["outcome"] == "failed"]
    messages = [f"{check['message']} {check['hint'] or ''}" for check in failures]
    assert any(spec["message"] in message for message in messages), messages
    assert left_behind(run) == [], "a failing submission must leave nothing behind either"


def test_enough_mutants_per_exercise() -> None:
    """Each graded exercise ships at least three mutants (four in section 5)."""
    per_exercise: dict[str, int] = {}
    for path in MUTANT_FILES:
        exercise = yaml.safe_load(path.read_text(encoding="utf-8"))["exercise"]
        per_exercise[exercise] = per_exercise.get(exercise, 0) + 1
    assert per_exercise, "no mutants found"
    assert all(count >= (4 if exercise.startswith("s5-") else 3) for exercise, count in per_exercise.items()), (
        per_exercise
    )
