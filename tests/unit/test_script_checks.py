"""Script checks that need no engine: how an isolation verdict survives the engine's rule reloads."""

from __future__ import annotations

from typing import Any

import pytest

from dockgrade import script_checks


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
