"""Container.logs(until=…): waits for lines as long as the wait limit allows, no longer once the container exited."""

from __future__ import annotations

import re
from typing import cast

import pytest

from dockgrade.handles import Container
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
