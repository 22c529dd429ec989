"""The grader's own commands in a student's container end on time and keep a bounded output, whatever the image's
``sh`` does (the same bounded exec as the interpreter's)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import docker
import pytest

from dockgrade.core.errors import StepTimedOut, TooMuchOutput
from dockgrade.core.limits import Limits
from dockgrade.offline.images import ImageResolver
from dockgrade.runtime.sandbox import Sandbox, SandboxContainer

LIMITS = Limits(exec_seconds=3, exec_output="64k")


@pytest.fixture(scope="module")
def idle(docker_client: docker.DockerClient, course_images: ImageResolver) -> Iterator[SandboxContainer]:
    """A busybox container doing nothing, in a sandbox with short exec limits."""
    with Sandbox(docker_client, limits=LIMITS) as box:
        yield box.run(course_images.ensure("busybox"), "ocioso", command=["sleep", "600"])


def test_an_endless_exec_ends_at_the_deadline(idle: SandboxContainer) -> None:
    """``sh -c 'sleep 600'`` (an image whose sh hangs) fails the check after exec_seconds, saying so."""
    started = time.monotonic()
    with pytest.raises(StepTimedOut) as failure:
        idle.exec(["sh", "-c", "sleep 600"])
    assert "o comando sh -c sleep 600 no container não terminou em 3 s" in failure.value.message
    assert time.monotonic() - started < 8


def test_a_flooding_exec_stops_past_the_output_limit(idle: SandboxContainer) -> None:
    """``yes`` (an image whose cat floods) fails at once past exec_output, without draining the flood."""
    started = time.monotonic()
    with pytest.raises(TooMuchOutput) as failure:
        idle.exec(["yes"])
    assert "a saída do comando yes no container passou de 64 KiB" in failure.value.message
    assert time.monotonic() - started < 3


def test_an_ordinary_exec_answers(idle: SandboxContainer) -> None:
    """A command that ends returns its exit code and output as before."""
    result = idle.exec(["sh", "-c", "echo olá; exit 3"])
    assert (result.exit_code, result.output) == (3, "olá\n")
