"""s4-e08 servidor web em background: -d, --name e a pasta html."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockgrade.fixtures import Interpret
from dockgrade.grading import check, expect, require
from dockgrade.messages import text as say
from dockgrade.script_checks import current, get_published, runs_of
from dockgrade.transcript import ContainerState

EXERCISE = "s4-e08-daemon-web-server"
NAME = "ex-daemon-basic"


@pytest.fixture(scope="module")
def states(interpret: Interpret) -> list[ContainerState]:
    """Every nginx container the script started that still runs (with or without -d)."""
    script = interpret()
    found = [current(script, step.created[0]) for step in runs_of(script.transcript, "nginx") if step.created]
    return [state for state in found if state and state.status == "running"]


@check(points=2)
def test_detached(interpret: Interpret, states: list[ContainerState]) -> None:
    """o container roda em background (-d) e continua rodando"""
    detached = {
        s.created[0] for s in runs_of(interpret().transcript, "nginx") if s.command.has("--detach") and s.created
    }
    expect(any(state.name in detached for state in states), say("s4.not_detached"), hint=say("s4.detach_hint"))


@check(points=1)
def test_named(interpret: Interpret) -> None:
    """o container se chama ex-daemon-basic"""
    expect(current(interpret(), NAME) is not None, say("s4.name_missing", name=NAME))


@check(points=2)
def test_serves_own_index(states: list[ContainerState], exercise_dir: Path) -> None:
    """o nginx serve o seu html/index.html, byte a byte"""
    web = require([s for s in states if "80/tcp" in s.ports], "-p", "run.sh", say("s4.no_publish"), say("s4.bind_hint"))
    response = get_published(web[-1], 80)
    expected = (exercise_dir / "html" / "index.html").read_bytes()
    expect(response.status_code == 200 and response.content == expected, say("s4.page_differs"), say("s4.bind_hint"))
