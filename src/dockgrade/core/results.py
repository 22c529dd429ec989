"""Check outcomes, per-exercise scores and the report of one grading run."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from dockgrade.core import messages
from dockgrade.core.advice import Advice

SCHEMA_VERSION = 1


class Outcome(StrEnum):
    """What happened to one check."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_RUN = "not_run"
    ERRORED = "errored"
    # The exercise is expected by the assignment but nothing in the submission was found for it ("não entregue"):
    # its points count in the maximum, unearned, and reports say so apart from a failure.
    ABSENT = "absent"
    # A later lecture deliberately changes what this check observed (graded on a final project): neither
    # earned nor lost, its points leave the maximum, and reports say which step superseded it ("superado").
    SUPERSEDED = "superseded"


@dataclass
class CheckResult:
    """One check of one exercise: its points, outcome and the text the student reads."""

    exercise: str
    check: str
    title: str
    points: float
    outcome: Outcome
    message: str = ""
    hint: str | None = None
    details: str = ""
    hidden: bool = False
    gate: bool = False
    cause: str = ""

    @property
    def id(self) -> str:
        """``<exercise>::<check>``, stable across runs."""
        return f"{self.exercise}::{self.check}"

    @property
    def earned(self) -> float:
        """Points earned: all of them when passed, none otherwise."""
        return self.points if self.outcome is Outcome.PASSED else 0.0

    @property
    def possible(self) -> float:
        """Points this check puts in the maximum: none once a later step superseded it."""
        return 0.0 if self.outcome is Outcome.SUPERSEDED else self.points


@dataclass
class ExerciseScore:
    """Points earned and possible for one exercise."""

    exercise: str
    earned: float
    possible: float
    results: list[CheckResult] = field(default_factory=list)

    @property
    def absent(self) -> bool:
        """True when the exercise was expected but not handed in (every check ``ABSENT``)."""
        return bool(self.results) and all(result.outcome is Outcome.ABSENT for result in self.results)


@dataclass
class Report:
    """Every check result of a run, the stand-in substitutions it relied on and the (unscored) Dockerfile advice."""

    results: list[CheckResult] = field(default_factory=list)
    substitutions: list[dict[str, Any]] = field(default_factory=list)
    advice: list[Advice] = field(default_factory=list)

    def add(self, result: CheckResult) -> None:
        """Record a result; a check reported twice keeps its first outcome (pytest's setup/call phases)."""
        if all(existing.id != result.id for existing in self.results):
            self.results.append(result)

    def get(self, check_id: str) -> CheckResult | None:
        """The result of ``<exercise>::<check>``, if recorded."""
        return next((result for result in self.results if result.id == check_id), None)

    def exercises(self) -> list[ExerciseScore]:
        """Scores per exercise, in the order the exercises were graded."""
        scores: dict[str, ExerciseScore] = {}
        for result in self.results:
            score = scores.setdefault(result.exercise, ExerciseScore(result.exercise, 0.0, 0.0))
            score.earned += result.earned
            score.possible += result.possible
            score.results.append(result)
        return list(scores.values())

    def advice_for(self, exercise: str) -> list[Advice]:
        """The Dockerfile advice on one exercise, in file and line order."""
        return [item for item in self.advice if item.exercise == exercise]

    def total(self) -> tuple[float, float]:
        """(earned, possible) over the whole run."""
        scores = self.exercises()
        return sum(s.earned for s in scores), sum(s.possible for s in scores)

    def count(self, outcome: Outcome) -> int:
        """How many checks ended with ``outcome``."""
        return sum(1 for result in self.results if result.outcome is outcome)

    def substituted(self, kind: str = "image") -> list[dict[str, Any]]:
        """The substitutions of one kind (``image``, ``dependency``), once per requested name, sorted by it."""
        chosen = {str(item["requested"]): item for item in self.substitutions if item.get("kind", "image") == kind}
        return [chosen[name] for name in sorted(chosen)]

    def substitution_notes(self) -> list[str]:
        """The sentences that tell the student what the offline stand-ins replaced (images, then dependencies)."""
        notes = []
        if images := self.substituted("image"):
            notes.append(messages.text("standin.substituted", requested=", ".join(i["requested"] for i in images)))
        if swaps := self.substituted("dependency"):
            pairs = ", ".join(f"{item['requested']} → {item['standin']}" for item in swaps)
            notes.append(messages.text("standin.dependencies", swaps=pairs))
        return notes

    def to_dict(self, results: Iterable[CheckResult] | None = None) -> dict[str, Any]:
        """A JSON-ready view (schema ``SCHEMA_VERSION``)."""
        earned, possible = self.total()
        return {
            "schema": SCHEMA_VERSION,
            "score": earned,
            "max_score": possible,
            "exercises": [
                {"id": s.exercise, "score": s.earned, "max_score": s.possible, "absent": s.absent}
                for s in self.exercises()
            ],
            "checks": [
                {**asdict(result), "id": result.id, "outcome": result.outcome.value}
                for result in (results if results is not None else self.results)
            ],
            "substitutions": self.substitutions,
            "advice": [asdict(item) for item in self.advice],
        }
