"""s6-e04 uma rede bridge criada por você: isolada da bridge padrão."""

from __future__ import annotations

import pytest

from dockgrade.fixtures import Interpret
from dockgrade.grading import check, expect, require
from dockgrade.images import ImageResolver
from dockgrade.interpreter import Interpreter
from dockgrade.messages import text as say
from dockgrade.sandbox import Sandbox
from dockgrade.script_checks import require_success, running, unreachable
from dockgrade.transcript import ContainerState

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
def member(script: Interpreter, network: str) -> ContainerState:
    members = [state for state in running(script) if network in state.networks]
    return require(members, network, "run.sh", say("s6.nobody_on_network", network=network), say("s6.net_hint"))[0]


@check(points=1)
def test_network_created(network: str) -> None:
    """a rede nova (driver bridge) foi criada"""
    expect(network, say("s6.no_bridge_network"), hint=say("s6.network_hint"))


@check(points=1)
def test_on_user_network(member: ContainerState, network: str) -> None:
    """um container roda na rede nova"""
    expect(member.networks.get(network), say("s6.nobody_on_network", network=network), hint=say("s6.net_hint"))


@check(points=2)
def test_isolated(
    script: Interpreter, member: ContainerState, module_sandbox: Sandbox, image_resolver: ImageResolver
) -> None:
    """da rede nova não se alcança um container da bridge padrão"""
    # The grader's own container on the default bridge: the check never depends on the student's IPs.
    outsider = module_sandbox.run(image_resolver.ensure("alpine"), "outsider", ["sleep", "60"])
    expect(
        unreachable(script, member.name, outsider.address()), say("s6.ping_worked", source=member.name, target="bridge")
    )
