"""The course described where its graders are: ``graders/secaoN/<folder>/exercise.yml`` for each exercise,
``graders/secaoN/section.yml`` for the messages a section's graders share.

An exercise folder is named as the course names the project (``primeiro-build``); its ``exercise.yml`` says how a
student's repository shows it, the English titles of its checks (the Portuguese title is each check's docstring)
and its messages in both languages. The catalogue and the message catalogue are read from these files, so a new
exercise is one folder here and one in ``exercises/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dockgrade.course.exercise import COMPOSE_FILES, DOCKERFILES, SCRIPTS, WEB_FILES, Exercise, Fingerprint

GRADERS = Path(__file__).resolve().parents[3] / "graders"
EXERCISE_FILE = "exercise.yml"
SECTION_FILE = "section.yml"

# What a folder of each kind of exercise holds (its marker files), and the files its fingerprint reads.
DELIVERABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "dockerfile": (DOCKERFILES, DOCKERFILES),
    "script": (SCRIPTS, SCRIPTS),
    "served": (WEB_FILES, SCRIPTS),  # a run.sh, or the html the lecture's own command serves
    "compose": (COMPOSE_FILES, COMPOSE_FILES),
}
KEYS = {
    "id",
    "delivers",
    "aliases",
    "fingerprint",
    "canonical",
    "shared_folders",
    "final_project",
    "up_args",
    "images",
    "course_repository",
    "titles",
    "messages",
}
SECTION_FOLDER = re.compile(r"secao(\d+)")


class ExerciseFileError(ValueError):
    """An ``exercise.yml`` or ``section.yml`` that does not say what the catalogue needs."""


@dataclass(frozen=True)
class ExerciseFile:
    """One exercise as its ``exercise.yml`` describes it."""

    exercise: Exercise
    english_titles: dict[str, str] = field(default_factory=dict)
    messages: dict[str, dict[str, str]] = field(default_factory=dict)


def exercise_paths(graders: Path = GRADERS) -> list[Path]:
    """Every ``exercise.yml`` under ``graders`` (``secaoN/<folder>/exercise.yml``), in a stable order."""
    found = graders.glob(f"secao*/*/{EXERCISE_FILE}")
    return sorted(path for path in found if SECTION_FOLDER.fullmatch(_section(path)))


def section_paths(graders: Path = GRADERS) -> list[Path]:
    """Every ``section.yml`` under ``graders``."""
    return sorted(graders.glob(f"secao*/{SECTION_FILE}"))


def read_exercise(path: Path) -> ExerciseFile:
    """The exercise described by ``path`` (``.../secaoN/<folder>/exercise.yml``)."""
    spec = _mapping(path)
    unknown = sorted(set(spec) - KEYS)
    if unknown:
        raise ExerciseFileError(f"{path}: unknown keys {unknown} (known: {sorted(KEYS)})")
    exercise = _exercise(path, spec)
    titles = spec.get("titles") or {}
    if not all(isinstance(value, str) and value for value in titles.values()):
        raise ExerciseFileError(f"{path}: every title is one English sentence")
    return ExerciseFile(exercise, dict(titles), _messages(path, spec))


def read_section_messages(path: Path) -> dict[str, dict[str, str]]:
    """The messages a section's graders share (``section.yml``)."""
    spec = _mapping(path)
    if set(spec) - {"messages"}:
        raise ExerciseFileError(f"{path}: a section file holds only messages")
    return _messages(path, spec)


def _exercise(path: Path, spec: dict[str, Any]) -> Exercise:
    section = SECTION_FOLDER.fullmatch(_section(path))
    identifier = str(spec.get("id", ""))
    if section is None or not identifier.startswith(f"s{section.group(1)}-"):
        raise ExerciseFileError(f"{path}: the id {identifier!r} must start with s<section>- of its folder")
    markers, fingerprinted = _deliverable(path, spec.get("delivers"))
    return Exercise(
        identifier,
        path.parent.name,
        markers,
        _strings(path, spec, "aliases"),
        _fingerprint(path, spec.get("fingerprint"), fingerprinted),
        str(spec.get("canonical", "")),
        _strings(path, spec, "shared_folders"),
        str(spec.get("final_project", "")),
        _strings(path, spec, "up_args"),
        _strings(path, spec, "images"),
        _flag(path, spec, "course_repository"),
    )


def _deliverable(path: Path, delivers: object) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(marker files, fingerprinted files) of a kind name, or of an explicit list of files."""
    if isinstance(delivers, list) and delivers and all(isinstance(name, str) for name in delivers):
        return tuple(delivers), tuple(delivers)
    if isinstance(delivers, str) and delivers in DELIVERABLES:
        return DELIVERABLES[delivers]
    raise ExerciseFileError(f"{path}: delivers is one of {sorted(DELIVERABLES)} or a list of files")


def _fingerprint(path: Path, spec: object, files: tuple[str, ...]) -> Fingerprint | None:
    if spec is None:
        return None
    if not isinstance(spec, dict) or set(spec) - {"all_of", "none_of"} or not spec.get("all_of"):
        raise ExerciseFileError(f"{path}: a fingerprint has all_of (and maybe none_of) lists of words")
    return Fingerprint(files, _strings(path, spec, "all_of"), _strings(path, spec, "none_of"))


def _messages(path: Path, spec: dict[str, Any]) -> dict[str, dict[str, str]]:
    found = spec.get("messages") or {}
    if not isinstance(found, dict):
        raise ExerciseFileError(f"{path}: messages map keys to their pt and en texts")
    return {str(key): dict(value) for key, value in found.items()}


def _strings(path: Path, spec: dict[str, Any], key: str) -> tuple[str, ...]:
    value = spec.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ExerciseFileError(f"{path}: {key} is a list of strings")
    return tuple(value)


def _flag(path: Path, spec: dict[str, Any], key: str) -> bool:
    value = spec.get(key, False)
    if not isinstance(value, bool):
        raise ExerciseFileError(f"{path}: {key} is true or false")
    return value


def _mapping(path: Path) -> dict[str, Any]:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(spec, dict):
        raise ExerciseFileError(f"{path}: expected a YAML mapping")
    return spec


def _section(path: Path) -> str:
    return path.parent.parent.name
