"""s6-e05 conectar e desconectar um container de uma segunda rede."""

from __future__ import annotations

import pytest

from dockgrade import Interpret, Interpreter, ScriptContainer, check, expect, require_success, say

EXERCISE = "s6-e05-connect-disconnect"


@pytest.fixture(scope="module")
def script(interpret: Interpret) -> Interpreter:
    return interpret()


@check(points=2)
def test_connected(script: Interpreter) -> None:
    """docker network connect põe o container nas duas redes"""
    step = require_success(script.transcript.of("connect", "network"), "docker network connect", say("s6.connect_hint"))
    network, name = step.command.positional[:2]
    networks = sorted(step.states[name].networks)
    message = say("s6.networks_after", command="connect", networks=", ".join(networks))
    expect(len(networks) >= 2 and network in networks, message, hint=say("s6.connect_hint"))
    after = script.transcript.steps[script.transcript.steps.index(step) :]
    looks = [s for s in after if s.command.action == "exec" and "ifconfig" in " ".join(s.command.positional[1:])]
    shown = [s for s in looks if s.command.positional[0] == name and "eth1" in s.output]
    expect(shown, say("s6.interface_missing", interface="eth1", output=name), hint=say("s6.ifconfig_after_hint"))


@check(points=2)
def test_disconnected(script: Interpreter) -> None:
    """docker network disconnect tira o container da bridge"""
    step = require_success(
        script.transcript.of("disconnect", "network"), "docker network disconnect", say("s6.disconnect_hint")
    )
    network, name = step.command.positional[:2]
    container = ScriptContainer.named(script, name)
    state = container.state if container else None
    networks = sorted(state.networks) if state else []
    message = say("s6.networks_after", command="disconnect", networks=", ".join(networks) or "-")
    # At the end only the network the container was created on remains: the bridge it was connected to is gone.
    only_own = bool(networks) and "bridge" not in networks and network not in networks
    expect(state is not None and only_own, message, hint=say("s6.disconnect_hint"))
