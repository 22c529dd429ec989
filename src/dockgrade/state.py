"""Per-run state shared by the plugin's hooks and fixtures: the submission, the report, located exercises."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dockgrade import messages
from dockgrade.catalogue import Exercise
from dockgrade.images import ImageResolver
from dockgrade.results import Report
from dockgrade.submission import Location, Submission

_KEY = pytest.StashKey["RunState"]()


@dataclass
class RunState:
    """What one pytest run knows about the grading."""

    submission: Submission
    report: Report = field(default_factory=Report)
    resolvers: list[ImageResolver] = field(default_factory=list)
    _locations: dict[str, Location | None] = field(default_factory=dict)

    def locate(self, exercise: Exercise) -> Location | None:
        """The exercise's folder in the submission, looked up once."""
        if exercise.id not in self._locations:
            self._locations[exercise.id] = self.submission.locate(exercise)
        return self._locations[exercise.id]

    def missing_message(self, exercise: Exercise) -> str:
        """The student-facing text for an exercise that is nowhere to be found."""
        return messages.text("exercise.missing", exercise=exercise.id, folders=", ".join(exercise.folder_names))


def install(config: pytest.Config, submission_root: Path) -> RunState:
    """Create the run's state on ``config``."""
    state = RunState(Submission(submission_root))
    config.stash[_KEY] = state
    return state


def run_state(config: pytest.Config) -> RunState:
    """The run's state (created by the plugin at configure time)."""
    return config.stash[_KEY]
