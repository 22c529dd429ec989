"""The limits hold for real: pids, memory, log size on disk, file size, exec output, compose services alike."""

from __future__ import annotations

import os
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import docker
import pytest

from dockgrade.compose.command import ComposeCommand
from dockgrade.compose.project import ComposeProject
from dockgrade.core.limits import Limits, exit_reason
from dockgrade.core.waiting import wait_until
from dockgrade.offline.images import ImageResolver
from dockgrade.runtime.sandbox import Sandbox, SandboxContainer
from dockgrade.script.commands import parse_script
from dockgrade.script.interpreter import Interpreter

SMALL = Limits(memory="64m", pids=32, log_size="256k", file_size="8m")


@pytest.fixture
def small_sandbox(docker_client: docker.DockerClient, tmp_path: Path) -> Iterator[Sandbox]:
    with Sandbox(docker_client, limits=SMALL, allowed_root=tmp_path) as box:
        yield box


def debian(resolver: ImageResolver) -> str:
    return resolver.ensure("debian")


def log_size(attrs: dict[str, object]) -> int:
    """The size of the container's json log file (it is rotated in place: a moment may find it missing)."""
    path = str(attrs.get("LogPath") or "")
    if not path or not os.access(os.path.dirname(path), os.R_OK):
        pytest.skip("the engine's log files are not readable here")
    return int(wait_until(lambda: os.stat(path).st_size if os.path.exists(path) else None, timeout=5, pause=0.05))


def test_fork_bomb_stays_at_the_pids_limit(
    small_sandbox: Sandbox, image_resolver: ImageResolver, docker_client: docker.DockerClient
) -> None:
    """A fork bomb never has more processes than the limit, and the engine keeps answering quickly."""
    bomb = small_sandbox.run(debian(image_resolver), "bomb", ["bash", "-c", "b() { b | b & }; b; sleep 60"])
    processes = lambda: len(docker_client.containers.get(bomb.id).top()["Processes"])  # noqa: E731
    wait_until(lambda: processes() >= SMALL.pids // 2 or None, timeout=20)
    time.sleep(2)
    assert processes() <= SMALL.pids
    started = time.monotonic()
    docker_client.containers.run(image_resolver.ensure("hello-world"), remove=True)
    assert time.monotonic() - started < 10


def test_memory_hog_is_killed_and_explained(small_sandbox: Sandbox, image_resolver: ImageResolver) -> None:
    """Allocating past the memory limit ends in an OOM kill that the student reads as such."""
    hog = small_sandbox.run(debian(image_resolver), "hog", ["sh", "-c", "head -c 1G /dev/zero | tail"])
    assert hog.wait(timeout=60) == 137
    assert "falta de memória (limite de 64 MiB)" in exit_reason(hog.inspect())


def test_big_file_stops_at_the_file_size_limit(small_sandbox: Sandbox, image_resolver: ImageResolver) -> None:
    """One file cannot outgrow the file-size limit (the process is killed, exit 153, explained)."""
    filler = small_sandbox.run(debian(image_resolver), "filler", ["sh", "-c", "cat /dev/zero > /big; exit $?"])
    assert filler.wait(timeout=60) == 153
    assert "8 MiB" in exit_reason(filler.inspect())


def test_log_flood_is_bounded_on_disk(small_sandbox: Sandbox, image_resolver: ImageResolver) -> None:
    """A container printing forever keeps at most about one log size on disk."""
    flood = small_sandbox.run(debian(image_resolver), "flood", ["yes", "inunda o log"])
    time.sleep(3)
    assert flood.status() == "running"
    assert log_size(flood.inspect()) <= 2 * 256 * 1024


def test_exec_flood_is_bounded_in_the_grader(
    small_sandbox: Sandbox, image_resolver: ImageResolver, tmp_path: Path
) -> None:
    """``docker exec web yes`` in a script keeps at most 1 MiB in the grader, and the script goes on."""
    script = "docker run -d --name web busybox sleep 60\ndocker exec web yes\ndocker exec web echo fim\n"
    interpreter = Interpreter(small_sandbox, image_resolver, tmp_path)
    tracemalloc.start()
    transcript = interpreter.run(parse_script(script, tmp_path, tmp_path))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    flood, after = transcript.steps[1:]
    assert (flood.exit_code, after.exit_code, after.output.strip()) == (124, 0, "fim")
    assert peak < 64 * 1024**2


def test_compose_services_get_the_limits(
    small_sandbox: Sandbox, compose_command: ComposeCommand, image_resolver: ImageResolver, tmp_path: Path
) -> None:
    """A compose service gets memory, pids, file size and a bounded json-file log whatever the student wrote."""
    folder = tmp_path / "projeto"
    folder.mkdir()
    (folder / "docker-compose.yml").write_text(
        "services:\n  flood:\n    image: busybox\n    command: [yes, inunda]\n"
        "    logging: {driver: none}\n    mem_limit: 8g\n    pids_limit: 100000\n"
        "  other:\n    image: busybox\n    command: [sleep, '60']\n    deploy: {resources: {limits: {memory: 8g}}}\n"
    )
    project = ComposeProject(small_sandbox, compose_command, folder, image_resolver)
    project.prepare()
    assert project.up().exit_code == 0
    container = SandboxContainer(project.containers("flood")[0], SMALL)
    host = container.inspect()["HostConfig"]
    assert host["LogConfig"] == {"Type": "json-file", "Config": {"max-file": "1", "max-size": "256k"}}
    assert (host["Memory"], host["MemorySwap"], host["PidsLimit"]) == (64 * 1024**2, 64 * 1024**2, 32)
    assert {"Name": "fsize", "Soft": 8 * 1024**2, "Hard": 8 * 1024**2} in host["Ulimits"]
    other = SandboxContainer(project.containers("other")[0], SMALL).inspect()["HostConfig"]
    assert other["Memory"] == 64 * 1024**2
    time.sleep(3)
    assert log_size(container.inspect()) <= 2 * 256 * 1024
