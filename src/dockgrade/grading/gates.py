"""The first check of most exercises, the gate the others stand behind: the image builds, compose comes up.

A grader takes one with ``test_builds = builds_gate()``; its docstring is the student's text, as for any check.
"""

from __future__ import annotations

from collections.abc import Callable

from dockgrade.compose.project import ComposeProject
from dockgrade.core.errors import CheckFailed
from dockgrade.core.messages import text as say
from dockgrade.grading.check import check, expect
from dockgrade.runtime.sandbox import BuiltImage

GATE_POINTS = 2


def builds_gate(points: float = GATE_POINTS) -> Callable[[BuiltImage], None]:
    """The check that the exercise's Dockerfile builds (the ``image`` fixture)."""

    def test_builds(image: BuiltImage) -> None:
        """a imagem é construída a partir do seu Dockerfile"""
        expect(image.id, say("s5.no_image"))

    gate: Callable[[BuiltImage], None] = check(points=points, gate=True)(test_builds)
    return gate


def compose_up_gate(points: float = GATE_POINTS) -> Callable[[ComposeProject], None]:
    """The check that ``docker compose up`` brought the exercise's project up (the ``project`` fixture)."""

    def test_up(project: ComposeProject) -> None:
        """docker compose up sobe todos os serviços"""
        require_up(project)

    gate: Callable[[ComposeProject], None] = check(points=points, gate=True)(test_up)
    return gate


def require_up(project: ComposeProject) -> None:
    """Fail the check with compose's own last lines when ``up`` failed."""
    __tracebackhide__ = True
    started = project.started
    # Only compose's own verdict: a service crashing a moment later would make this a race; the checks
    # that need that service say it is not running, with its own last words.
    if started is None or started.exit_code != 0:
        tail = started.tail if started else "-"
        hint = say("compose.pull_hint") if "Pulling" in tail or "pull access denied" in tail else None
        raise CheckFailed(say("compose.up_failed", tail=tail), hint)
