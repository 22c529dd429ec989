"""The course's exercises, read from the ``exercise.yml`` beside each grader (``graders/secaoN/<folder>/``).

Sections, ``--section``'s choices, the built-in assignments and the reference tests all come from here, so an
exercise is added by adding its folders (see CONTRIBUTING.md), never by editing a list.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dockgrade.core import messages
from dockgrade.course import exercise_files
from dockgrade.course.exercise import Exercise


@dataclass(frozen=True)
class Catalogue:
    """Every exercise found under one graders folder."""

    exercises: tuple[Exercise, ...]

    def sections(self) -> list[int]:
        """The sections that have exercises, in order."""
        return sorted({candidate.section for candidate in self.exercises})

    def of_section(self, section: int) -> tuple[Exercise, ...]:
        """The section's exercises in course order."""
        return tuple(candidate for candidate in self.exercises if candidate.section == section)


def load(graders: Path = exercise_files.GRADERS, texts: bool = False) -> Catalogue:
    """The exercises described under ``graders`` (with ``texts``, their messages and titles join the message
    catalogue); an id described twice is a mistake in the graders."""
    described = [exercise_files.read_exercise(path) for path in exercise_files.exercise_paths(graders)]
    if texts:
        for path in exercise_files.section_paths(graders):
            messages.register(exercise_files.read_section_messages(path))
        for item in described:
            _add_texts(item)
    found = [item.exercise for item in described]
    ids = [candidate.id for candidate in found]
    twice = sorted({identifier for identifier in ids if ids.count(identifier) > 1})
    if twice:
        raise exercise_files.ExerciseFileError(f"exercises described twice under {graders}: {twice}")
    return Catalogue(tuple(sorted(found, key=lambda candidate: (candidate.section, candidate.id))))


def sections() -> list[int]:
    """The course's sections that have exercises, in order (what ``--section`` accepts)."""
    return sorted({candidate.section for candidate in EXERCISES})


def exercise(exercise_id: str) -> Exercise:
    """The exercise with this id; a grader naming an unknown id is a grader bug."""
    for candidate in EXERCISES:
        if candidate.id == exercise_id:
            return candidate
    raise KeyError(exercise_id)


def add_folder(folder: Path) -> Exercise | None:
    """Learn the exercise described in ``folder/exercise.yml`` when it is not one of the course's (a grader kept
    outside this repository's ``graders/``), with its messages and titles; ``None`` when there is no such file."""
    path = folder / exercise_files.EXERCISE_FILE
    if not path.is_file():
        return None
    described = exercise_files.read_exercise(path)
    known = next((candidate for candidate in EXERCISES if candidate.id == described.exercise.id), None)
    if known is not None:
        return known
    _learn(described)
    section_file = folder.parent / exercise_files.SECTION_FILE
    if section_file.is_file():
        messages.register(exercise_files.read_section_messages(section_file))
    return described.exercise


def _add_texts(described: exercise_files.ExerciseFile) -> None:
    messages.register(described.messages)
    messages.add_titles(described.exercise.id, described.english_titles)


def _learn(described: exercise_files.ExerciseFile) -> None:
    global EXERCISES
    _add_texts(described)
    EXERCISES = (*EXERCISES, described.exercise)


COURSE = load(texts=True)
EXERCISES: tuple[Exercise, ...] = COURSE.exercises
