"""s6-e03 a bridge padrão: containers se alcançam pelo IP, mas não pelo nome."""

from __future__ import annotations

import pytest

from dockgrade.fixtures import Interpret
from dockgrade.grading import check, expect
from dockgrade.interpreter import Interpreter
from dockgrade.messages import text as say
from dockgrade.script_checks import PING, probe, running
from dockgrade.transcript import ContainerState

EXERCISE = "s6-e03-default-bridge"


@pytest.fixture(scope="module")
def script(interpret: Interpret) -> Interpreter:
    return interpret()


@pytest.fixture(scope="module")
def pair(script: Interpreter) -> list[ContainerState]:
    on_bridge = [state for state in running(script) if state.networks.get("bridge")]
    message = say("s6.on_bridge", names=", ".join(state.name for state in on_bridge) or "-")
    expect(len(on_bridge) >= 2, message, hint=say("s6.sleep_hint"))
    return on_bridge[:2]


@check(points=1)
def test_both_on_bridge(pair: list[ContainerState]) -> None:
    """os dois containers estão na rede bridge padrão"""
    expect(len(pair) == 2, say("s6.on_bridge", names=", ".join(state.name for state in pair)))


@check(points=2)
def test_ping_by_ip(script: Interpreter, pair: list[ContainerState]) -> None:
    """um container alcança o outro pelo IP"""
    source, target = pair
    code, output = probe(script, source.name, [*PING, target.networks["bridge"]])
    expect(code == 0, say("s6.ping_failed", source=source.name, target=target.name, output=output.strip()[-80:]))


@check(points=1)
def test_no_dns_on_bridge(script: Interpreter, pair: list[ContainerState]) -> None:
    """na bridge padrão, um container não acha o outro pelo nome"""
    source, target = pair
    code, _ = probe(script, source.name, [*PING, target.name])
    expect(code != 0, say("s6.ping_worked", source=source.name, target=target.name))
