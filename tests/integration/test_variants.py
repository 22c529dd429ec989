"""Correct-but-different submissions (the variations real students write) score full marks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.grading_run import GRADERS, VARIANT_SPECS, grade, grader_for, materialise

VARIANT_FILES = VARIANT_SPECS
NOT_PASSED = ("failed", "not_run", "errored")

# Variants the catalogue says must pass but a grader still fails: slug -> the grader bug (see the report).
GRADER_BUGS: dict[str, str] = {}


def _load(path: Path) -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return spec


def _param(path: Path) -> Any:
    slug = path.parent.name
    marks = [pytest.mark.xfail(strict=True, reason=GRADER_BUGS[slug])] if slug in GRADER_BUGS else []
    return pytest.param(path, id=slug, marks=marks)


@pytest.mark.parametrize("spec_path", [_param(path) for path in VARIANT_FILES])
def test_variant_scores_full_marks(spec_path: Path, tmp_path: Path) -> None:
    """Every check of the variant's exercise passes, so the variant gets the full score."""
    spec = _load(spec_path)
    run = grade([grader_for(spec["exercise"])], materialise(spec_path.parent, spec, tmp_path), tmp_path)
    outcomes = run.outcomes()
    assert outcomes, run.output
    assert {check["exercise"] for check in run.report["checks"]} == {spec["exercise"]}, run.output
    not_passed = {check: outcome for check, outcome in outcomes.items() if outcome in NOT_PASSED}
    assert not not_passed, f"{not_passed}\n{run.output}"
    assert run.report["score"] == run.report["max_score"] > 0, run.output
    # Advice never costs points; what a variant gets is exactly what it declares (none unless said).
    assert sorted(item["rule"] for item in run.report["advice"]) == sorted(spec.get("advice", [])), run.output
    # Pins the python stand-in cannot install are swapped, and said so; with the official image nothing is.
    assert _dependency_swaps(run.report) == (sorted(spec.get("substitutes", [])) if _on_standin(run.report) else [])


def _dependency_swaps(report: dict[str, Any]) -> list[str]:
    return sorted(item["requested"] for item in report["substitutions"] if item.get("kind") == "dependency")


def _on_standin(report: dict[str, Any]) -> bool:
    """True when the run's python images were offline stand-ins."""
    images = [item["requested"] for item in report["substitutions"] if item.get("kind", "image") == "image"]
    return any(image.startswith("python:") for image in images)


def test_variants_are_well_formed() -> None:
    """Each variant names a graded exercise, says what it varies, and lives in its own slug folder."""
    assert VARIANT_FILES, "no variants found"
    for path in VARIANT_FILES:
        spec = _load(path)
        allowed = {"exercise", "variation", "base", "delete", "edits", "advice", "substitutes"}
        assert {"exercise", "variation"} <= set(spec) <= allowed, path
        assert spec["variation"].strip(), path
        grader_for(spec["exercise"])
    slugs = [path.parent.name for path in VARIANT_FILES]
    assert len(slugs) == len(set(slugs)), slugs
    assert set(GRADER_BUGS) <= set(slugs)


def test_every_section5_exercise_has_variants() -> None:
    """Each graded section 5 exercise is exercised by at least two variants."""
    per_exercise: dict[str, int] = {}
    for path in VARIANT_FILES:
        exercise = _load(path)["exercise"]
        per_exercise[exercise] = per_exercise.get(exercise, 0) + 1
    graded = [_declared_exercise(path) for path in sorted((GRADERS / "secao5").rglob("test_*.py"))]
    assert graded, "no section 5 graders found"
    assert {exercise: per_exercise.get(exercise, 0) for exercise in graded if per_exercise.get(exercise, 0) < 2} == {}


def _declared_exercise(grader: Path) -> str:
    match = re.search(r'^EXERCISE = "([^"]+)"', grader.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, grader
    return match.group(1)
