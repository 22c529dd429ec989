"""Assignments: which exercises a grading expects, and what each is worth.

An assignment is a named set of exercise ids with weights. It defines the maximum: an expected exercise
that is absent from the submission scores 0 of its points ("não entregue"), an exercise outside the
assignment is not graded at all. A weight multiplies the points of every check of its exercise (1 keeps the
grader's own points).

Built in: ``curso`` (what a course repository holds: the files of ``ex-volume`` for s4-e07/e08, the four
builds of section 5, sections 8 and 9 as their final projects), ``completo`` (every exercise: template
repositories that ask for a ``run.sh`` per exercise) and ``secao4`` … ``secao9``. An instructor's own is a
small YAML file::

    title: Entrega 1 — imagens            # optional
    exercises:                            # exercise id: weight (a plain list means weight 1)
      s5-e02-first-build: 1
      s5-e03-build-arg: 2
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from dockgrade.core.errors import AssignmentError
from dockgrade.course import catalogue

COMPLETE = "completo"
COURSE = "curso"
_MAX_FILE_BYTES = 64 * 1024


@dataclass(frozen=True)
class Assignment:
    """A named set of expected exercises, each with the weight of its points."""

    name: str
    weights: Mapping[str, float] = field(default_factory=dict)
    title: str = ""
    # "Every exercise": also one whose grader describes itself from outside the course's graders/ folder.
    every_exercise: bool = False

    def expects(self, exercise_id: str) -> bool:
        """True when the exercise is part of this assignment (graded and counted)."""
        return self.every_exercise or exercise_id in self.weights

    def weight(self, exercise_id: str) -> float:
        """The multiplier of the exercise's points (1 when not given)."""
        return float(self.weights.get(exercise_id, 1.0))

    @property
    def sections(self) -> list[int]:
        """The course sections this assignment touches, in order (the grader folders to collect)."""
        return sorted({int(exercise_id[1 : exercise_id.index("-")]) for exercise_id in self.weights})

    @property
    def digest(self) -> str:
        """A short hash of the definition: batch caches regrade when an assignment file changes."""
        text = json.dumps({"name": self.name, "weights": dict(sorted(self.weights.items()))}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:12]


def _ids(*prefixes: str) -> list[str]:
    return [exercise.id for exercise in catalogue.EXERCISES if exercise.id.startswith(prefixes)]


# The exercises a course repository keeps (``course_repository: true`` in their exercise.yml).
_COURSE_IDS = [exercise.id for exercise in catalogue.EXERCISES if exercise.course_repository]


def _built_in(name: str, ids: list[str], title: str) -> Assignment:
    return Assignment(name, dict.fromkeys(ids, 1.0), title)


BUILT_IN: dict[str, Assignment] = {
    COURSE: _built_in(COURSE, _COURSE_IDS, "o repositório do curso (ex-volume, seção 5, projetos das seções 8 e 9)"),
    COMPLETE: Assignment(
        COMPLETE,
        dict.fromkeys(_ids("s"), 1.0),
        "todos os exercícios (um run.sh por exercício de linha de comando)",
        every_exercise=True,
    ),
    **{f"secao{n}": _built_in(f"secao{n}", _ids(f"s{n}-"), f"seção {n}") for n in catalogue.sections()},
}


def load(spec: str) -> Assignment:
    """The built-in assignment named ``spec``, else the YAML file at that path."""
    if spec in BUILT_IN:
        return BUILT_IN[spec]
    path = Path(spec).expanduser()
    if not path.is_file():
        known = ", ".join(BUILT_IN)
        raise AssignmentError(f"assignment {spec!r}: neither a built-in one ({known}) nor a file")
    if path.stat().st_size > _MAX_FILE_BYTES:
        raise AssignmentError(f"assignment {spec}: file over {_MAX_FILE_BYTES // 1024} KiB")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise AssignmentError(f"assignment {spec}: not valid YAML ({error})") from error
    return parse(data, path.stem)


def parse(data: object, name: str) -> Assignment:
    """An assignment from its YAML document (``exercises`` as a mapping id → weight or a list of ids)."""
    if not isinstance(data, dict) or "exercises" not in data:
        raise AssignmentError(f"assignment {name}: expected a mapping with an 'exercises' key")
    entries = data["exercises"]
    if isinstance(entries, list):
        entries = dict.fromkeys(entries, 1)
    if not isinstance(entries, dict) or not entries:
        raise AssignmentError(f"assignment {name}: 'exercises' must list at least one exercise id")
    weights = {str(key): _weight(name, str(key), value) for key, value in entries.items()}
    unknown = sorted(set(weights) - {exercise.id for exercise in catalogue.EXERCISES})
    if unknown:
        raise AssignmentError(f"assignment {name}: unknown exercise ids {', '.join(unknown)}")
    return Assignment(name, weights, str(data.get("title") or ""))


def _weight(name: str, exercise_id: str, value: object) -> float:
    if isinstance(value, dict):
        value = value.get("weight", 1)
    if value is None:
        return 1.0
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise AssignmentError(f"assignment {name}: the weight of {exercise_id} must be a positive number")
    return float(value)
