"""ScriptContainer: pings that tell isolation from a rule reload, logs copied late by the engine."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import cast

import pytest

from dockgrade.core.limits import Limits
from dockgrade.handles import ScriptContainer
from dockgrade.handles.container import NAME_PROBE
from dockgrade.handles.script_container import PING
from dockgrade.script.interpreter import Interpreter


def handle(name: str) -> ScriptContainer:
    """A handle on no real script: the tests replace its exec."""
    return ScriptContainer(cast(Interpreter, None), name)


def pings(monkeypatch: pytest.MonkeyPatch, codes: list[int]) -> list[list[str]]:
    """Make the container's pings exit with ``codes`` in turn; return the commands they ran."""
    sent: list[list[str]] = []

    def fake_exec(_handle: ScriptContainer, words: list[str], environment: dict[str, str] | None) -> tuple[int, str]:
        assert environment == NAME_PROBE  # a ping by name must not wait out the resolver's defaults
        sent.append(words)
        return codes[len(sent) - 1], ""

    monkeypatch.setattr(ScriptContainer, "exec", fake_exec)
    return sent


def test_isolated_when_the_first_ping_gets_no_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """The usual isolated case costs one ping."""
    sent = pings(monkeypatch, [1])
    assert handle("container3").unreachable("172.17.0.5")
    assert sent == [[*PING, "172.17.0.5"]]


def test_one_answer_slipping_through_a_rule_reload_does_not_count(monkeypatch: pytest.MonkeyPatch) -> None:
    """A ping answered while the engine re-inserted its isolation rules, then silence: isolated."""
    sent = pings(monkeypatch, [0, 1])
    assert handle("c3").unreachable("172.17.0.5")
    assert len(sent) == 2


def test_reachable_when_every_ping_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """A network that really reaches the address answers all three pings: not isolated."""
    sent = pings(monkeypatch, [0, 0, 0])
    assert not handle("c3").unreachable("172.17.0.5")
    assert len(sent) == 3


class LateLogContainer:
    """An SDK container whose log gets nginx's access line only on the third read, as the engine copies it late."""

    status = "running"

    def __init__(self) -> None:
        self.reads = 0

    def logs(self, **_streams: bool) -> bytes:
        self.reads += 1
        late = '172.17.0.1 - - "GET / HTTP/1.1" 200 615\n' if self.reads >= 3 else ""
        return ("start worker processes\n" + late).encode()

    def reload(self) -> None:
        pass


def test_a_log_line_copied_late_is_waited_for() -> None:
    """The access line of the request just answered counts even when the first reads of the log miss it."""
    container = LateLogContainer()
    interpreter = SimpleNamespace(
        containers=SimpleNamespace(container=lambda name: container), sandbox=SimpleNamespace(limits=Limits())
    )
    web = ScriptContainer(cast(Interpreter, interpreter), "web")
    logs = web.logs(until=[re.compile(r'"GET / HTTP/1\.1" 200')])
    assert '"GET / HTTP/1.1" 200' in logs
    assert container.reads == 3
