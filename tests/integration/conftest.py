"""Integration tests run against a real engine.

Fixtures come from ``dockgrade.plugin`` (registered in the root conftest):
``docker_client`` (session; skips locally without an engine, fails when CI=true),
``bases`` (the stand-in builder), ``image_resolver`` and ``course_images`` (every official
name of the course made usable, stand-ins where needed), ``sandbox`` (per test) and
``module_sandbox`` (per module). See ``src/dockgrade/sandbox.py`` for the Sandbox API:
``build``, ``run`` (detached, limited, labelled; ``ports`` published on free 127.0.0.1
ports, read back with ``container.host_port(80)`` / ``container.url(80, "/")``),
``run_to_completion``, ``network``, ``volume``, ``container.exec/logs/wait/read_file``,
and ``dockgrade.waiting.wait_until`` for polling.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docker
import pytest

from dockgrade.runtime.sandbox import Sandbox


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder needs an engine."""
    for item in items:
        if "integration" in item.path.parts:
            item.add_marker(pytest.mark.docker)


@pytest.fixture
def scratch_sandbox(docker_client: docker.DockerClient, tmp_path: Path) -> Iterator[Sandbox]:
    """A sandbox whose submission is the test's ``tmp_path``, for builds of contexts written by the test.

    The plugin's ``sandbox`` treats the reference solutions as the submission, so a context in
    ``tmp_path`` lies outside it and is refused like a student's link out of their repository.
    """
    with Sandbox(docker_client, allowed_root=tmp_path) as box:
        yield box
