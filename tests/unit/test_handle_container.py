"""Container.logs(until=…): waits for lines as long as the wait limit allows, no longer once the container exited;
Container.get: a server listening on the wrong port fails in seconds, in the container's words."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import cast

import pytest

from dockgrade.core.errors import CheckFailed
from dockgrade.core.sockets import Listener
from dockgrade.handles import Container
from dockgrade.handles.port_watch import PortWatch
from dockgrade.runtime.sandbox import SandboxContainer

READY = re.compile("escutando a porta 8000")


class FakeContainer:
    """Logs that grow by one line per read, and a status."""

    def __init__(self, lines: list[str], status: str = "running") -> None:
        self.lines, self.reads, self.state = lines, 0, status

    def logs(self) -> str:
        self.reads += 1
        return "\n".join(self.lines[: self.reads])

    def status(self) -> str:
        return self.state


def wait_for(container: FakeContainer, timeout: float | None = None) -> str:
    return Container(cast(SandboxContainer, container)).logs(until=[READY], timeout=timeout)


def test_waits_for_lines_written_late() -> None:
    container = FakeContainer(["inicializando...", "carregando", "escutando a porta 8000"])
    assert wait_for(container, timeout=10).endswith("escutando a porta 8000")


def test_exited_container_ends_the_wait() -> None:
    container = FakeContainer(["inicializando...", "escutando a porta 8000"], status="exited")
    assert wait_for(container, timeout=30) == "inicializando..."
    assert container.reads == 1  # no polling once it has exited


def test_default_wait_is_the_wait_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKGRADE_LIMIT_WAIT_SECONDS", "0.3")
    container = FakeContainer(["inicializando..."])
    assert wait_for(container) == "inicializando..."
    assert container.reads > 2  # it polled, then gave up at the limit instead of waiting forever


class ListeningOn8080(FakeContainer):
    """A running server bound to 0.0.0.0:8080, as its /proc/net/tcp says."""

    def __init__(self) -> None:
        super().__init__([])

    def exec(self, words: list[str], *_args: object) -> SimpleNamespace:
        assert words == ["cat", "/proc/net/tcp", "/proc/net/tcp6"]
        return SimpleNamespace(exit_code=0, output="sl local_address\n 0: 00000000:1F90 00000000:0000 0A 0 0\n")


def test_a_server_on_another_port_is_named_in_the_containers_words() -> None:
    """run.py on 8080 where the exercise asks 8000: said after the grace, with the port to listen on."""
    server = Container(cast(SandboxContainer, ListeningOn8080()))
    assert server.listeners() == {Listener(8080, loopback=False)}
    now = [0.0]
    watch = PortWatch(server.listeners, 8000, "/", clock=lambda: now[0])
    failure = None
    for second in range(30):
        now[0] = float(second)
        try:
            watch.judge(silent=False)
        except CheckFailed as raised:
            failure = raised
            break
    assert failure is not None
    assert now[0] < 15
    assert "8080" in failure.message
    assert "8000" in failure.message
    assert "8000" in (failure.hint or "")
