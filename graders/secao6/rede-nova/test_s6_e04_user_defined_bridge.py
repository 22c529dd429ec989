"""s6-e04 uma rede bridge criada por você: isolada da bridge padrão."""

from __future__ import annotations

import pytest

from dockgrade import (
    Container,
    ImageResolver,
    Interpret,
    Interpreter,
    Sandbox,
    ScriptContainer,
    check,
    expect,
    require,
    require_success,
    say,
)

EXERCISE = "s6-e04-user-defined-bridge"


@pytest.fixture(scope="module")
def script(interpret: Interpret) -> Interpreter:
    return interpret()


@pytest.fixture(scope="module")
def network(script: Interpreter) -> str:
    creates = script.transcript.of("create", "network")
    bridges = [s for s in creates if (s.command.option("--driver") or "bridge") == "bridge"]
    return require_success(
        bridges, "docker network create --driver bridge rede_nova", say("s6.network_hint")
    ).command.positional[0]


@pytest.fixture(scope="module")
def member(script: Interpreter, network: str) -> ScriptContainer:
    members = [container for container in ScriptContainer.running(script) if network in container.state.networks]
    return require(members, network, "run.sh", say("s6.nobody_on_network", network=network), say("s6.net_hint"))[0]


@check(points=1)
def test_network_created(network: str) -> None:
    """a rede nova (driver bridge) foi criada"""
    expect(network, say("s6.no_bridge_network"), hint=say("s6.network_hint"))


@check(points=1)
def test_on_user_network(member: ScriptContainer, network: str) -> None:
    """um container roda na rede nova"""
    expect(member.state.networks.get(network), say("s6.nobody_on_network", network=network), hint=say("s6.net_hint"))


@check(points=2)
def test_isolated(member: ScriptContainer, module_sandbox: Sandbox, image_resolver: ImageResolver) -> None:
    """da rede nova não se alcança um container da bridge padrão"""
    # The grader's own container on the default bridge: the check never depends on the student's IPs.
    outsider = Container.run(module_sandbox, image_resolver.ensure("alpine"), "outsider", ["sleep", "60"])
    expect(member.unreachable(outsider.address()), say("s6.ping_worked", source=member.name, target="bridge"))
