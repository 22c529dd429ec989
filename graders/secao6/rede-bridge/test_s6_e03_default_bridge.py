"""s6-e03 a bridge padrão: containers se alcançam pelo IP, mas não pelo nome."""

from __future__ import annotations

import pytest

from dockgrade import Interpret, ScriptContainer, check, expect, say

EXERCISE = "s6-e03-default-bridge"


@pytest.fixture(scope="module")
def pair(interpret: Interpret) -> list[ScriptContainer]:
    on_bridge = [
        container for container in ScriptContainer.running(interpret()) if container.state.networks.get("bridge")
    ]
    message = say("s6.on_bridge", names=", ".join(container.name for container in on_bridge) or "-")
    expect(len(on_bridge) >= 2, message, hint=say("s6.sleep_hint"))
    return on_bridge[:2]


@check(points=1)
def test_both_on_bridge(pair: list[ScriptContainer]) -> None:
    """os dois containers estão na rede bridge padrão"""
    expect(len(pair) == 2, say("s6.on_bridge", names=", ".join(container.name for container in pair)))


@check(points=2)
def test_ping_by_ip(pair: list[ScriptContainer]) -> None:
    """um container alcança o outro pelo IP"""
    source, target = pair
    code, output = source.ping(target.state.networks["bridge"])
    expect(code == 0, say("s6.ping_failed", source=source.name, target=target.name, output=output.strip()[-80:]))


@check(points=1)
def test_no_dns_on_bridge(pair: list[ScriptContainer]) -> None:
    """na bridge padrão, um container não acha o outro pelo nome"""
    source, target = pair
    code, _ = source.ping(target.name)
    expect(code != 0, say("s6.ping_worked", source=source.name, target=target.name))
