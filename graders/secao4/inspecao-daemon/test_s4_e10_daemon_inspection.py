"""s4-e10 inspecionar o container em background: ls, logs, inspect e exec (o kernel é o do host)."""

from __future__ import annotations

import docker
import pytest

from dockgrade import Interpret, Transcript, check, expect_equal, require_success, say

EXERCISE = "s4-e10-daemon-inspection"


@pytest.fixture(scope="module")
def transcript(interpret: Interpret) -> Transcript:
    return interpret().transcript


@check(points=1)
def test_listed(transcript: Transcript) -> None:
    """os containers são listados (docker container ls)"""
    require_success(transcript.of("ls", "container"), "docker container ls")


@check(points=1)
def test_logs(transcript: Transcript) -> None:
    """os logs do container são mostrados (docker container logs)"""
    require_success(transcript.of("logs", "container"), "docker container logs ex-daemon-basic")


@check(points=1)
def test_inspected(transcript: Transcript) -> None:
    """o container é inspecionado (docker container inspect)"""
    inspections = transcript.of("inspect", "container") + transcript.of("inspect", "object")
    require_success(inspections, "docker container inspect ex-daemon-basic")


@check(points=2)
def test_shared_kernel(transcript: Transcript, docker_client: docker.DockerClient) -> None:
    """uname -or dentro do container mostra o kernel do host"""
    execs = [step for step in transcript.of("exec", "container") if "uname" in step.command.positional]
    step = require_success(execs, "docker container exec ex-daemon-basic uname -or", say("s4.uname_hint"))
    kernel = docker_client.info()["KernelVersion"]
    expect_equal(step.output.strip(), f"{kernel} GNU/Linux", say("s4.kernel"), hint=say("s4.uname_hint"))
