"""Lecture steps graded on a project's final folder (sections 8 and 9).

The lectures of sections 8 and 9 change one folder step by step, so a course repository keeps only the final
state. Each step's checks that still hold at the end run against that folder; a check of something a later
lecture deliberately changes is *superseded* (declared on the check with ``superseded_by=``: neither earned
nor lost). The steps graded on one final project share one ``compose up``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from _pytest.outcomes import Skipped

from dockgrade.compose.command import ComposeCommand
from dockgrade.compose.project import ComposeProject, ComposeResult
from dockgrade.core import messages
from dockgrade.core.errors import CheckFailed
from dockgrade.course import catalogue
from dockgrade.course.exercise import Exercise
from dockgrade.course.submission import FINAL_PROJECT, Location
from dockgrade.offline.images import ImageResolver
from dockgrade.runtime.sandbox import Sandbox

Locate = Callable[[Exercise], Location | None]


class Superseded(Skipped):
    """A check a later lecture made obsolete on the final project: pytest counts it as skipped."""


@dataclass(frozen=True)
class FinalProject:
    """The final project an exercise is graded on, and how the course's last lecture brings it up."""

    final: Exercise
    path: Path

    @property
    def up_args(self) -> tuple[str, ...]:
        """The ``compose up`` arguments of the project's last lecture (its ``exercise.yml``'s ``up_args``): the
        configuration every step shares."""
        return self.final.up_args


def steps_of(final: Exercise) -> list[Exercise]:
    """The lecture steps whose work ends in ``final``'s folder."""
    return [candidate for candidate in catalogue.EXERCISES if candidate.final_project == final.id]


def graded_on(locate: Locate, exercise: Exercise) -> FinalProject | None:
    """The final project ``exercise`` is graded on: a step with no folder of its own (or that the manifest puts in
    the final folder), or the final step itself when such a step shares its folder; None for step folders (graded
    as they always were)."""
    final = catalogue.exercise(exercise.final_project) if exercise.final_project else exercise
    final_location = locate(final)
    if final_location is None:
        return None
    steps = [exercise] if exercise.id != final.id else steps_of(final)
    if any(_in_final_folder(locate(step), final_location.path) for step in steps):
        return FinalProject(final, final_location.path)
    return None


def _in_final_folder(location: Location | None, final_folder: Path) -> bool:
    """A step located in the final folder because it has none of its own, or by the student's manifest."""
    return location is not None and location.evidence in (FINAL_PROJECT, "manifest") and location.path == final_folder


def superseded(exercise: Exercise, check: str, superseded_by: str) -> Superseded:
    """The outcome of a check that ``superseded_by``'s lecture made obsolete, naming that step and why."""
    why = f"final.why.{exercise.id}.{check}"
    if why in messages.CATALOGUE:
        return Superseded(messages.text("final.superseded_why", step=superseded_by, why=messages.text(why)))
    return Superseded(messages.text("final.superseded", step=superseded_by))


@dataclass
class _Shared:
    section: int
    sandbox: Sandbox
    project: ComposeProject
    error: CheckFailed | None = None
    # Each distinct ``up`` asked for (the last lecture's first) and its result, all on the one project.
    started: dict[tuple[str, ...], ComposeResult] = field(default_factory=dict)


@dataclass
class SharedProjects:
    """The final projects brought up once for every step graded on them; released when their section is done."""

    sandbox_factory: Callable[[], Sandbox]
    command: ComposeCommand
    resolver: ImageResolver
    _projects: dict[Path, _Shared] = field(default_factory=dict)

    def get(self, final: FinalProject, up_args: tuple[str, ...] = ()) -> ComposeProject:
        """The final project up as its last lecture brings it up; ``project.started`` is the ``up`` asked for.

        The last lecture's ``up`` (``--scale worker=3``) serves every step; another ``up`` runs on the same
        project only for other arguments, or for a plain ``up`` when the last lecture's failed (a worker with a
        ``container_name`` cannot scale: only the steps that scale lose their points). A refusal is re-raised.
        """
        shared = self._projects.get(final.path) or self._start(final)
        if shared.error is not None:
            raise shared.error
        last = shared.started[final.up_args]
        if up_args not in shared.started and not (up_args == () and last.exit_code == 0):
            shared.started[up_args] = shared.project.up(*up_args)
        view = copy.copy(shared.project)
        view.started = shared.started.get(up_args, last)
        return view

    def _start(self, final: FinalProject) -> _Shared:
        sandbox = self.sandbox_factory()
        project = ComposeProject(sandbox, self.command, final.path, self.resolver)
        project.shared = True
        shared = self._projects[final.path] = _Shared(final.final.section, sandbox, project)
        try:
            project.prepare()
            shared.started[final.up_args] = project.up(*final.up_args)
        except CheckFailed as error:  # the student's (a refused or invalid project): every step says so
            shared.error = error
        except BaseException:  # the grader's or the engine's: the next step tries again
            del self._projects[final.path]
            sandbox.close()
            raise
        return shared

    def release(self, keep_section: int | None = None) -> None:
        """Take down every shared project but those of ``keep_section`` (the section graded next)."""
        for path, shared in list(self._projects.items()):
            if shared.section != keep_section:
                del self._projects[path]
                shared.sandbox.close()


_SHARED = pytest.StashKey["SharedProjects"]()


def install_shared(config: pytest.Config, shared: SharedProjects) -> None:
    """Make the run's shared projects reachable from the plugin's hooks (to release them between sections)."""
    config.stash[_SHARED] = shared


def release_shared(config: pytest.Config, next_section: int | None) -> None:
    """Take down the shared projects no test of ``next_section`` (the next test's section) needs."""
    shared = config.stash.get(_SHARED, None)
    if shared is not None:
        shared.release(keep_section=next_section)
