"""s6-e06 rede host: o container enxerga as interfaces do host."""

from __future__ import annotations

import pytest

from dockgrade import Interpret, Interpreter, ScriptContainer, check, expect, require, require_showing, say

EXERCISE = "s6-e06-host-network"


@pytest.fixture(scope="module")
def script(interpret: Interpret) -> Interpreter:
    # The one exercise that teaches the host network; the policy allows it here only.
    return interpret(allow_host_network=True)


@pytest.fixture(scope="module")
def hosted(script: Interpreter) -> ScriptContainer:
    found = [container for container in ScriptContainer.running(script) if container.state.network_mode == "host"]
    return require(found, "--net host", "run.sh", say("s6.no_host_container"), say("s6.host_hint"))[0]


@check(points=1)
def test_host_mode(hosted: ScriptContainer) -> None:
    """o container usa a rede do host (--net host)"""
    expect(hosted.state.network_mode == "host", say("s6.no_host_container"), hint=say("s6.host_hint"))


@check(points=2)
def test_host_interfaces(script: Interpreter, hosted: ScriptContainer) -> None:
    """dentro do container aparecem as interfaces do host"""
    execs = [s for s in script.transcript.of("exec", "container") if s.command.positional[0] == hosted.name]
    step = require_showing(execs, f"docker container exec {hosted.name} ifconfig", "docker0")
    expect("docker0" in step.output, say("s6.interface_missing", interface="docker0", output=step.output.strip()[:80]))
