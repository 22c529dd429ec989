"""s4-e08 servidor web em background: -d, --name e a pasta html."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockgrade import Interpret, ScriptContainer, check, expect, require, runs_of, say

EXERCISE = "s4-e08-daemon-web-server"
NAME = "ex-daemon-basic"


@pytest.fixture(scope="module")
def states(interpret: Interpret) -> list[ScriptContainer]:
    """Every nginx container the script started that still runs (with or without -d)."""
    script = interpret()
    steps = runs_of(script.transcript, "nginx")
    found = [ScriptContainer.named(script, step.created[0]) for step in steps if step.created]
    return [web for web in found if web and web.state.status == "running"]


@check(points=2)
def test_detached(interpret: Interpret, states: list[ScriptContainer]) -> None:
    """o container roda em background (-d) e continua rodando"""
    detached = {
        s.created[0] for s in runs_of(interpret().transcript, "nginx") if s.command.has("--detach") and s.created
    }
    expect(any(state.name in detached for state in states), say("s4.not_detached"), hint=say("s4.detach_hint"))


@check(points=1)
def test_named(interpret: Interpret) -> None:
    """o container se chama ex-daemon-basic"""
    expect(ScriptContainer.named(interpret(), NAME) is not None, say("s4.name_missing", name=NAME))


@check(points=2)
def test_serves_own_index(states: list[ScriptContainer], exercise_dir: Path) -> None:
    """o nginx serve o seu html/index.html, byte a byte"""
    web = require(
        [s for s in states if "80/tcp" in s.state.ports], "-p", "run.sh", say("s4.no_publish"), say("s4.bind_hint")
    )
    response = web[-1].get("/", port=80)
    expected = (exercise_dir / "html" / "index.html").read_bytes()
    expect(response.status_code == 200 and response.content == expected, say("s4.page_differs"), say("s4.bind_hint"))
