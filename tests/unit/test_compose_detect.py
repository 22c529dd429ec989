"""Compose detection prefers v2 and falls back to v1, never trusting a command that fails."""

from __future__ import annotations

import subprocess

import pytest

from dockgrade.compose.command import ComposeUnavailable, detect


def fake_runner(outputs: dict[tuple[str, ...], tuple[int, str]]):  # type: ignore[no-untyped-def]
    def run(argv: list[str]) -> subprocess.CompletedProcess[str]:
        code, out = outputs.get(tuple(argv[:-2]), (1, ""))
        return subprocess.CompletedProcess(argv, code, out, "")

    return run


def which_all(name: str) -> str | None:
    return f"/usr/bin/{name}"


def test_prefers_v2_plugin() -> None:
    """With both installed, `docker compose` (v2) is chosen."""
    runner = fake_runner({("docker", "compose"): (0, "2.40.3\n"), ("docker-compose",): (0, "1.29.2\n")})
    command = detect(runner, which_all)
    assert (command.argv, command.version, command.major) == (("docker", "compose"), "2.40.3", 2)


def test_falls_back_to_v1_when_plugin_missing() -> None:
    """`docker compose` failing (no plugin) means Debian's docker-compose v1 is used."""
    runner = fake_runner({("docker-compose",): (0, "docker-compose version 1.29.2, build unknown\n")})
    command = detect(runner, which_all)
    assert (command.argv, command.major) == (("docker-compose",), 1)


def test_nothing_installed() -> None:
    """No compose at all is a grader environment error with advice."""
    with pytest.raises(ComposeUnavailable, match=r"ci/engine\.sh"):
        detect(fake_runner({}), lambda _name: None)
