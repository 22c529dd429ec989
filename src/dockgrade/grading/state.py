"""Per-run state shared by the plugin's hooks and fixtures: the submission, the report, located exercises."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dockgrade.core import messages
from dockgrade.core.results import Report
from dockgrade.course.assignments import BUILT_IN, COMPLETE, Assignment
from dockgrade.course.exercise import Exercise
from dockgrade.course.submission import Location, Submission
from dockgrade.offline.images import ImageResolver
from dockgrade.script.commands import SkippedLine

_KEY = pytest.StashKey["RunState"]()


@dataclass
class RunState:
    """What one pytest run knows about the grading."""

    submission: Submission
    assignment: Assignment = field(default_factory=lambda: BUILT_IN[COMPLETE])
    report: Report = field(default_factory=Report)
    resolvers: list[ImageResolver] = field(default_factory=list)
    # Per exercise: the lines of its run.sh that were never executed (pipes, curl…), for "missing" messages.
    unexecuted: dict[str, list[SkippedLine]] = field(default_factory=dict)
    _locations: dict[str, Location | None] = field(default_factory=dict)

    def locate(self, exercise: Exercise) -> Location | None:
        """The exercise's folder in the submission, looked up once."""
        if exercise.id not in self._locations:
            self._locations[exercise.id] = self.submission.locate(exercise)
        return self._locations[exercise.id]

    def unexecuted_note(self, exercise_id: str, shown: int = 3) -> str:
        """The first ``shown`` lines of the exercise's script that were not executed, as one sentence ("" if none)."""
        lines = [
            messages.text("script.unexecuted_line", line=item.line, text=item.text[:80], reason=item.reason)
            for item in self.unexecuted.get(exercise_id, [])[:shown]
        ]
        return messages.text("script.unexecuted", lines="; ".join(lines)) if lines else ""

    def missing_message(self, exercise: Exercise) -> str:
        """The student-facing text for an exercise that is nowhere to be found."""
        return messages.text("exercise.missing", exercise=exercise.id, folders=", ".join(exercise.folder_names))


def install(config: pytest.Config, submission_root: Path, assignment: Assignment | None = None) -> RunState:
    """Create the run's state on ``config``."""
    state = RunState(Submission(submission_root), assignment or BUILT_IN[COMPLETE])
    config.stash[_KEY] = state
    return state


def run_state(config: pytest.Config) -> RunState:
    """The run's state (created by the plugin at configure time)."""
    return config.stash[_KEY]
