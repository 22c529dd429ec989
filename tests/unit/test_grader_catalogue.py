"""The catalogue, the graders and the reference solutions name the same exercises: a new one cannot be graded
without a reference, nor catalogued without a grader (and so silently never tested)."""

from __future__ import annotations

import re
from pathlib import Path

from dockgrade import cli
from dockgrade.course import assignments, catalogue

ROOT = Path(__file__).resolve().parents[2]
DECLARED = re.compile(r'^EXERCISE = "([^"]+)"$', re.MULTILINE)


def graded() -> dict[str, Path]:
    """Every grader module's exercise id → its file."""
    found: dict[str, Path] = {}
    for path in sorted((ROOT / "graders").glob("secao*/*/test_*.py")):
        match = DECLARED.search(path.read_text(encoding="utf-8"))
        assert match, f'{path.name}: no EXERCISE = "…"'
        assert match.group(1) not in found, f"{match.group(1)} graded twice"
        found[match.group(1)] = path
    return found


def test_every_catalogued_exercise_has_one_grader_in_its_section() -> None:
    graders = graded()
    assert sorted(graders) == sorted(exercise.id for exercise in catalogue.EXERCISES)
    for exercise in catalogue.EXERCISES:
        assert graders[exercise.id].parent.parent.name == f"secao{exercise.section}", exercise.id
        assert graders[exercise.id].parent.name == exercise.folder, exercise.id


def test_every_catalogued_exercise_has_a_reference_solution() -> None:
    missing = [
        exercise.id
        for exercise in catalogue.EXERCISES
        if not (ROOT / "exercises" / f"secao{exercise.section}" / exercise.folder).is_dir()
    ]
    assert missing == []


def test_sections_come_from_the_catalogue() -> None:
    """--section accepts exactly the catalogue's sections, each has a built-in assignment and a graders folder."""
    sections = catalogue.sections()
    assert sections == sorted(int(path.name.removeprefix("secao")) for path in (ROOT / "graders").glob("secao*"))
    assert cli._sections(",".join(map(str, sections))) == sections
    assert all(f"secao{section}" in assignments.BUILT_IN for section in sections)
