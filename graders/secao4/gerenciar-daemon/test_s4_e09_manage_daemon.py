"""s4-e09 gerenciar o container em background: restart, stop e start sem repetir -p e -v."""

from __future__ import annotations

import pytest

from dockgrade import (
    ContainerState,
    Interpret,
    Interpreter,
    ScriptContainer,
    check,
    expect,
    expect_equal,
    require_success,
    say,
)

EXERCISE = "s4-e09-manage-daemon"


@pytest.fixture(scope="module")
def script(interpret: Interpret) -> Interpreter:
    return interpret()


def _created_state(script: Interpreter, name: str) -> ContainerState:
    return next(step.states[name] for step in script.transcript.steps if name in step.created and name in step.states)


@check(points=1)
def test_restarted(script: Interpreter) -> None:
    """docker container restart reinicia o container"""
    step = require_success(script.transcript.of("restart", "container"), "docker container restart ex-daemon-basic")
    name = step.command.positional[0]
    before, after = _created_state(script, name), step.states[name]
    expect(after.started_at > before.started_at, say("s4.not_restarted"))


@check(points=1)
def test_stopped(script: Interpreter) -> None:
    """docker container stop para o container"""
    step = require_success(script.transcript.of("stop", "container"), "docker container stop ex-daemon-basic")
    state = step.states[step.command.positional[0]]
    expect_equal(state.status, "exited", "status", hint=say("s4.not_stopped", status=state.status))


@check(points=2)
def test_started_same_mappings(script: Interpreter) -> None:
    """docker container start volta com as mesmas portas e volumes"""
    step = require_success(script.transcript.of("start", "container"), "docker container start ex-daemon-basic")
    name = step.command.positional[0]
    before, web = _created_state(script, name), ScriptContainer.named(script, name)
    status = web.state.status if web else "removido"
    expect(web is not None and web.state.status == "running", say("s4.not_running_end", status=status))
    assert web is not None
    now = web.state
    same = (before.declared_ports, before.mounts) == (now.declared_ports, now.mounts)
    expect(same, say("s4.mapping_changed", before=before.declared_ports, after=now.declared_ports))
    expect_equal(web.get("/", port=80).status_code, 200, say("s5.http_status", path="/"))
