"""Script checks that need no engine: how an isolation verdict survives the engine's rule reloads, and how a
log line the engine has not copied yet is waited for."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from dockgrade import script_checks
from dockgrade.limits import Limits
from dockgrade.script_checks import shown_source


def pings(monkeypatch: pytest.MonkeyPatch, codes: list[int]) -> list[list[str]]:
    """Make the container's pings exit with ``codes`` in turn; return the commands they ran."""
    sent: list[list[str]] = []

    def fake_probe(_interpreter: Any, _name: str, words: list[str]) -> tuple[int, str]:
        sent.append(words)
        return codes[len(sent) - 1], ""

    monkeypatch.setattr(script_checks, "probe", fake_probe)
    return sent


def test_isolated_when_the_first_ping_gets_no_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """The usual isolated case costs one ping."""
    sent = pings(monkeypatch, [1])
    assert script_checks.unreachable(None, "container3", "172.17.0.5")  # type: ignore[arg-type]
    assert sent == [[*script_checks.PING, "172.17.0.5"]]


def test_one_answer_slipping_through_a_rule_reload_does_not_count(monkeypatch: pytest.MonkeyPatch) -> None:
    """A ping answered while the engine re-inserted its isolation rules, then silence: isolated."""
    sent = pings(monkeypatch, [0, 1])
    assert script_checks.unreachable(None, "c3", "172.17.0.5")  # type: ignore[arg-type]
    assert len(sent) == 2


def test_reachable_when_every_ping_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """A network that really reaches the address answers all three pings: not isolated."""
    sent = pings(monkeypatch, [0, 0, 0])
    assert not script_checks.unreachable(None, "c3", "172.17.0.5")  # type: ignore[arg-type]
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
    logs = script_checks.logs_of(interpreter, "web", [re.compile(r'"GET / HTTP/1\.1" 200')])  # type: ignore[arg-type]
    assert '"GET / HTTP/1.1" 200' in logs
    assert container.reads == 3


def test_mount_source_is_shown_as_the_student_wrote_it(tmp_path: Path) -> None:
    """A bind source inside the submission is shown relative to it; the stand-in of a missing folder by its name."""
    root = tmp_path / "entrega"
    assert shown_source(str(root / "ex-volume" / "html"), root) == "ex-volume/html/"
    scratch = tmp_path / "dockgrade-abc123-xyz" / "0-not-found"
    assert shown_source(str(scratch), root) == "not-found/ (pasta que não existe na sua entrega)"
    assert shown_source("dados", root) == "dados"
