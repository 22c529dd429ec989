"""Interrupted gradings leave nothing behind: Ctrl-C and SIGTERM clean up, SIGKILL is swept next time."""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import docker
import pytest

from dockgrade.core.waiting import wait_until
from dockgrade.runtime.labels import LABEL_OWNER, LABEL_RUN
from dockgrade.runtime.sandbox import sweep
from tests.grading_run import GRADERS, ROOT

SLOW_GRADER = GRADERS / "secao5" / "build-dev" / "test_s5_e05_build_dev.py"


def start_grading() -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "pytest", str(SLOW_GRADER), "-q", "--rootdir", str(ROOT)]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def owned_by(client: docker.DockerClient, pid: int) -> list[str]:
    owner = {"label": f"{LABEL_OWNER}={socket.gethostname()}:{pid}"}
    names = [c.name for c in client.containers.list(all=True, filters=owner)]
    names += [n.name for n in client.networks.list(filters=owner)]
    return names + [v.name for v in client.volumes.list(filters=owner)]


def wait_for_container(client: docker.DockerClient, child: subprocess.Popen[str]) -> None:
    """Block until the child grading has a container running (so there is something to clean)."""
    wait_until(lambda: owned_by(client, child.pid) or None, timeout=120, pause=0.05, what="a grading container")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_interrupt_removes_everything(docker_client: docker.DockerClient, signum: int) -> None:
    """A grading interrupted while its containers run removes all of them before exiting."""
    child = start_grading()
    wait_for_container(docker_client, child)
    child.send_signal(signum)
    child.communicate(timeout=120)
    assert owned_by(docker_client, child.pid) == []


def test_sigkill_leftovers_are_swept(docker_client: docker.DockerClient) -> None:
    """What a killed grading left behind is removed by the next run's sweep."""
    child = start_grading()
    wait_for_container(docker_client, child)
    child.kill()
    child.communicate(timeout=60)
    # The child had containers and, killed, removed none; any grading starting meanwhile (CI runs them side by
    # side) may sweep them before this test does, which is the behaviour under test too.

    def swept() -> bool:
        # The engine may still be tearing down a build the dead client started; the next sweep gets it.
        sweep(docker_client)
        return owned_by(docker_client, child.pid) == []

    assert wait_until(lambda: swept() or None, timeout=60, pause=1, what="the sweep")


def dead_owner() -> str:
    """The owner label of a grading process that has exited."""
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return f"{socket.gethostname()}:{dead.stdout.strip()}"


def assert_swept_image(client: docker.DockerClient, folder: Path, labels: dict[str, str], tag: str | None) -> None:
    """Build a one-line image with ``labels``, sweep, and require the image gone."""
    (folder / "Dockerfile").write_text("FROM hello-world\n", encoding="utf-8")
    image, _ = client.images.build(path=str(folder), labels=labels, tag=tag, rm=True, forcerm=True)
    try:
        # Any grading starting meanwhile sweeps too (CI runs them side by side): who sweeps it does not matter.
        sweep(client)
        with pytest.raises(docker.errors.ImageNotFound):
            client.images.get(image.id)
    finally:
        with contextlib.suppress(docker.errors.NotFound):
            client.images.remove(image.id, force=True)


def test_image_of_a_killed_run_is_swept(docker_client: docker.DockerClient, tmp_path: Path) -> None:
    """A run killed right after a build (no container yet) leaves only an image; the sweep still removes it."""
    run_id = f"killed-after-build-{uuid.uuid4().hex[:8]}"
    labels = {LABEL_RUN: run_id, LABEL_OWNER: dead_owner()}
    assert_swept_image(docker_client, tmp_path, labels, tag=f"dockgrade-test/{run_id}")


def test_dangling_layer_of_a_dead_owner_is_swept(docker_client: docker.DockerClient, tmp_path: Path) -> None:
    """An untagged layer carrying only a dead grading's owner label (no run id) is removed by the sweep too."""
    labels = {LABEL_OWNER: dead_owner(), "dockgrade.test": uuid.uuid4().hex}
    assert_swept_image(docker_client, tmp_path, labels, tag=None)
