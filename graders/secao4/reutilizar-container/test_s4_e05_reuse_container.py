"""s4-e05 reutilizar containers: start -ai volta ao mesmo container; --rm não deixa lixo."""

from __future__ import annotations

import pytest

from dockgrade import Interpret, Interpreter, ScriptContainer, check, expect, require_steps, require_success, say

EXERCISE = "s4-e05-reuse-container"
FILE = "/curso-docker.txt"


@pytest.fixture(scope="module")
def script(interpret: Interpret) -> Interpreter:
    return interpret()


@pytest.fixture(scope="module")
def reused(script: Interpreter) -> str:
    starts = require_steps(script.transcript.of("start", "container"), "docker container start -ai mydeb")
    return require_success(starts, "docker container start -ai mydeb", say("s4.start_hint")).command.positional[0]


@check(points=2)
def test_same_container(script: Interpreter, reused: str) -> None:
    """docker container start reutiliza o mesmo container"""
    ids = {step.states[reused].id for step in script.transcript.steps if reused in step.states}
    created = [name for name in script.transcript.created() if name == reused]
    detail = f"{len(created)} criado(s), {len(ids)} ID(s)"
    expect(len(ids) == 1 and len(created) == 1, say("s4.not_reused", name=reused, detail=detail), say("s4.start_hint"))


@check(points=2)
def test_file_persists(script: Interpreter, reused: str) -> None:
    """o arquivo criado continua no container reutilizado"""
    added = ScriptContainer(script, reused).added_files()
    expect(FILE in added, say("s4.file_missing", name=reused, diff=", ".join(added) or "-"), hint=say("s4.touch_hint"))


@check(points=1)
def test_rm_leaves_nothing(script: Interpreter) -> None:
    """o run com --rm não deixa container para trás"""
    runs = [step for step in script.transcript.of("run", "container") if step.command.has("--rm")]
    step = require_success(runs, "docker container run --rm debian bash --version", say("s4.rm_hint"))
    left = [name for name in step.created if ScriptContainer.named(script, name)]
    expect(not left, say("s4.rm_left", name=", ".join(left)), hint=say("s4.rm_hint"))
